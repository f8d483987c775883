"""Citations: verified, numbered quotes with nested provenance, numbered once, in reading order.

    book = CitationBook(docs)
    book.add("2.1", sentence)               # a sentence of the evidence, under its id
    book.add_span("adj", doc_id, start, end)  # any other span of a stored document
    text, citations, mapping = book.number(text, extra_order=["3.1", "adj"])

``number`` replaces the ``[id]`` markers in ``text`` by ``[n]`` in order of first use (then the
ids in ``extra_order``: conflict positions, the adjudication), drops ids that are not verbatim
in the store, and returns only the citations used.
"""
from __future__ import annotations

import re

from app.checks.verify import is_verbatim
from app.retrieval.library import DocLibrary
from app.types import Citation, Sentence

_ID_GROUP = re.compile(r"\[\s*([\w.]+(?:\s*[,;]\s*[\w.]+)*)\s*\]")


def make_citation(n: int, doc_id: str, start: int, end: int, kind: str, docs: DocLibrary,
                  speaker: str | None = None) -> Citation | None:
    """A Citation for source span [start, end), or None if the span is not verbatim in the store."""
    source = docs.metadata_text(doc_id) if kind == "metadata" else docs.text(doc_id)
    quote = source[start:end]
    if not is_verbatim(quote, source, start, end):
        return None
    meta = docs.meta(doc_id)
    last = 0
    if kind == "metadata":
        paragraph, p_start, p_end = 0, 0, len(source)
    else:
        paragraph, p_start, p_end = docs.paragraph_at(doc_id, start)
        last, _, last_end = docs.paragraph_at(doc_id, max(start, end - 1))  # a quote may run on: "¶1–3"
        p_end = max(p_end, last_end, end)
    return Citation(
        n=n, doc_id=doc_id, title=meta.title, author=meta.author, publisher=meta.publisher, date=meta.date,
        paragraph=paragraph, paragraph_end=last if last > paragraph else 0, start=start, end=end, quote=quote,
        speaker=speaker,
        page=docs.page_at(doc_id, start) if kind != "metadata" else None,
        context=source[p_start:p_end], context_start=start - p_start, context_end=end - p_start,
        flags=["instructions"] if docs.has_instructions(doc_id) else [],
    )


class CitationBook:
    def __init__(self, docs: DocLibrary):
        self.docs = docs
        self._spans: dict[str, tuple[str, int, int, str, str | None]] = {}

    def add(self, sid: str, s: Sentence) -> None:
        kind = s.passage.kind if s.passage.kind == "metadata" else "chunk"
        self._spans[sid] = (s.passage.doc_id, s.start, s.end, kind, s.speaker)

    def add_span(self, sid: str, doc_id: str, start: int, end: int) -> None:
        self._spans[sid] = (doc_id, start, end, "chunk", self.docs.speaker_for(doc_id, start, end))

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
        return renumber(text, mapping, set(self._spans)), citations, mapping


def renumber(text: str, mapping: dict[str, int], known: set[str] | None = None) -> str:
    """Replace [id] markers with [n] citation numbers; drop ids that have no verified citation. Only markers whose
    ids are all ``known`` are touched, and nothing else: a source's own "[2]" or double space inside a quote stays."""

    def repl(m: re.Match) -> str:
        ids = re.split(r"\s*[,;]\s*", m.group(1))
        if known is not None and not all(i in known for i in ids):
            return m.group(0)
        nums = []
        for sid in ids:
            n = mapping.get(sid)
            if n is not None and n not in nums:
                nums.append(n)
        return "".join(f"[{n}]" for n in nums)

    return _ID_GROUP.sub(repl, text).strip()
