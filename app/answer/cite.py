"""Citations: verified, numbered quotes with nested provenance, numbered once, in reading order.

    book = CitationBook(docs, speaker_for)
    book.add("2.1", sentence)               # a sentence of the evidence, under its id
    book.add_span("adj", doc_id, start, end)  # any other span of a stored document
    text, citations, mapping = book.number(text, extra_order=["3.1", "adj"])

    answer, cited = anchor_citations(question, answer, cited, sentences)  # cited where its words stand
    answer = cite_figures(question, answer, sentences)  # a figure no cited sentence holds: cited where it stands

``number`` replaces the ``[id]`` markers in ``text`` by ``[n]`` in order of first use (then the
ids in ``extra_order``: conflict positions, the adjudication), drops ids that are not verbatim
in the store, and returns only the citations used.
"""
from __future__ import annotations

import re

from app.checks.verify import is_verbatim
from app.retrieval.library import DocLibrary
from app.text.lexicon import stems
from app.text.sentences import split_sentences
from app.types import Citation, Question, Sentence

_ID_GROUP = re.compile(r"\[\s*([\w.]+(?:\s*[,;]\s*[\w.]+)*)\s*\]")


def make_citation(n: int, doc_id: str, start: int, end: int, kind: str, docs: DocLibrary,
                  speaker: str | None = None) -> Citation | None:
    """A Citation for source span [start, end), or None if the span is not verbatim in the store."""
    source = docs.metadata_text(doc_id) if kind == "metadata" else docs.text(doc_id)
    quote = source[start:end]
    if not is_verbatim(quote, source, start, end):
        return None
    meta = docs.meta(doc_id)
    if kind == "metadata":
        paragraph, p_start, p_end = 0, 0, len(source)
    else:
        paragraph, p_start, p_end = docs.paragraph_at(doc_id, start)
        p_end = max(p_end, end)
    return Citation(
        n=n, doc_id=doc_id, title=meta.title, author=meta.author, publisher=meta.publisher, date=meta.date,
        paragraph=paragraph, start=start, end=end, quote=quote, speaker=speaker,
        page=docs.page_at(doc_id, start) if kind != "metadata" else None,
        context=source[p_start:p_end], context_start=start - p_start, context_end=end - p_start,
        flags=["instructions"] if docs.has_instructions(doc_id) else [],
    )


class CitationBook:
    def __init__(self, docs: DocLibrary, speaker_for=None):
        self.docs = docs
        self.speaker_for = speaker_for
        self._spans: dict[str, tuple[str, int, int, str, str | None]] = {}

    def add(self, sid: str, s: Sentence) -> None:
        kind = s.passage.kind if s.passage.kind == "metadata" else "chunk"
        self._spans[sid] = (s.passage.doc_id, s.start, s.end, kind, s.speaker)

    def add_span(self, sid: str, doc_id: str, start: int, end: int) -> None:
        speaker = self.speaker_for(doc_id, start, end) if self.speaker_for else None
        self._spans[sid] = (doc_id, start, end, "chunk", speaker)

    def number(self, text: str, extra_order: list[str] = ()) -> tuple[str, list[Citation], dict[str, int]]:
        order: list[str] = []
        for m in _ID_GROUP.finditer(text):
            order += [i for i in re.split(r"\s*[,;]\s*", m.group(1)) if i in self._spans and i not in order]
        order += [i for i in extra_order if i in self._spans and i not in order]
        citations: list[Citation] = []
        mapping: dict[str, int] = {}
        by_span: dict[tuple, int] = {}
        for sid in order:
            doc_id, start, end, kind, speaker = self._spans[sid]
            key = (doc_id, start, end, kind)
            if key in by_span:  # the same quote under two ids: one card
                mapping[sid] = by_span[key]
                continue
            c = make_citation(len(citations) + 1, doc_id, start, end, kind, self.docs, speaker)
            if c is not None:
                citations.append(c)
                mapping[sid] = by_span[key] = c.n
        return renumber(text, mapping), citations, mapping


def renumber(text: str, mapping: dict[str, int]) -> str:
    """Replace [id] markers with [n] citation numbers; drop ids that have no verified citation."""

    def repl(m: re.Match) -> str:
        nums = []
        for sid in re.split(r"\s*[,;]\s*", m.group(1)):
            n = mapping.get(sid)
            if n is not None and n not in nums:
                nums.append(n)
        return "".join(f"[{n}]" for n in nums)

    text = _ID_GROUP.sub(repl, text)
    return re.sub(r"\s+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def cited_ids(text: str) -> list[str]:
    out: list[str] = []
    for m in _ID_GROUP.finditer(text):
        out += [i for i in re.split(r"\s*[,;]\s*", m.group(1)) if i not in out]
    return out


_FIGURE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _figures(text: str) -> set[str]:
    return {m.replace(",", "") for m in _FIGURE.findall(re.sub(r"\[[\w.,;\s]+\]", " ", text))}


def anchor_citations(question: Question, answer: str, cited: list[Sentence], sentences: list[Sentence]):
    """What the answer states must stand in a sentence it cites. The model often cites a neighbour of the sentence
    its answer comes from (or a heading): when its cited sentences hold less than half of the answer's own words
    (beyond the question's; a figure counts twice) and another evidence sentence holds more, the answer is cited
    to that sentence first, then the model's own first choice (it may have picked the right sentence and
    paraphrased the wrong one)."""
    told = _told(answer, question)
    if not told:
        return answer, cited
    have = _cover(told, " ".join(s.text for s in cited))
    if 2 * have >= _cover(told, " ".join(told)):  # the cited sentences hold half of it or more: the model's choice
        return answer, cited
    best = max(sentences, key=lambda s: (_cover(told, s.text), s.score), default=None)
    if best is None or _cover(told, best.text) <= have:
        return answer, cited
    keep = [s for s in cited if s is not best and _cover(told, s.text)] or [s for s in cited[:1] if s is not best]
    return re.sub(r"\s*\[[\w.,;\s]+\]", "", answer), [best] + keep


def cite_figures(question: Question, answer: str, sentences: list[Sentence]) -> str:
    """Every figure the answer states is cited to a sentence that holds it. A small model reports a second
    source's figure ("the notes also mention 1960") without citing it: an answer sentence whose figure stands in
    none of the sentences the answer cites gets the id of the evidence sentence that holds it (of several, the
    one that shares most of that answer sentence's words). A figure no evidence sentence holds is left alone."""
    by_id = {s.sid: s for s in sentences}
    held = set().union(*(_figures(by_id[i].text) for i in cited_ids(answer) if i in by_id)) if sentences else set()
    asked = _figures(question.search_text)
    parts, last = [], 0
    for start, end in split_sentences(answer):
        part = answer[start:end]
        missing = _figures(part) - held - asked
        holders = [s for s in sentences if missing & _figures(s.text)]
        if holders:
            told = _told(part, question)
            best = max(holders, key=lambda s: (len(missing & _figures(s.text)), _cover(told, s.text), s.score))
            part = _add_marker(part, best.sid)
            held |= _figures(best.text)
        parts.append(answer[last:start] + part)
        last = end
    return "".join(parts) + answer[last:]


def _add_marker(sentence: str, sid: str) -> str:
    """``sentence`` with ``[sid]`` before its closing punctuation and markers (after any it already has)."""
    m = re.search(r"((?:\s*\[[\w.,;\s]+\])*)([.!?…”’\"']*)\s*$", sentence)
    return f"{sentence[:m.start(1)]}{m.group(1)} [{sid}]{m.group(2)}{sentence[m.end():]}".replace("  [", " [")


def _told(answer: str, question: Question) -> set[str]:
    """The answer's own content: its figures and the stems of its words that the question does not hold."""
    plain = re.sub(r"\[[\w.,;\s]+\]", " ", answer)
    return (_figures(plain) - _figures(question.search_text)) | (stems(plain) - stems(question.search_text))


def _cover(told: set[str], text: str) -> int:
    found = _figures(text) | stems(text)
    return sum(2 if t[:1].isdigit() else 1 for t in told & found)
