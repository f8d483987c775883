"""Finalize: the one place where the post-LLM policy lives. The sources speak; code composes.

    answer = Finalizer(settings, docs).run(question, passages, sentences, pointing)

Input: the model's picks (a sentence id and the words of it that answer, per source). Output: the Answer.

    picks that pass the checks   P(refuse)   corroboration          result
    none                         -           -                      refusal (the refusal text)
    some                         >= t        -                      refusal
    some                         <  t        two values differ      "Sources differ:" each side verbatim, attributed,
                                                                    then the author's adjudication if there is one
    some                         <  t        2+ sources, one value  "N sources agree:" the spans, attributed
    some                         <  t        one source / no value  the spans, attributed

Every answer is: the short-answer line (each source's span, named and cited), then per source its picked
sentences quoted whole (at most ``answer.per_source`` a source, ``answer.max_picks`` in all). Every word
shown as the sources' content is verbatim; the only other words are the fixed wording below and the
sources' names. A sentence a document reports someone as saying is labelled with that speaker: a
party's claim is shown as that party's claim, never in the product's voice.
"""
from __future__ import annotations

from app.answer.evidence import reserve
from app.answer.corroborate import Corroboration, corroborate
from app.answer.point import Pointing
from app.answer.others import other_sources
from app.answer.spans import Found, check_picks
from app.answer.cite import CitationBook
from app.checks import guard
from app.checks import signals as sig
from app.checks.decision import FittedDecision
from app.disagreement import find_adjudication
from app.text.naming import brief
from app.types import REFUSAL_PREFIX, Answer, Conflict, Passage, Position, Question, Sentence

# The fixed wording of an answer (what is not the sources' words, nor their names, nor citation marks).
DIFFER = "Sources differ"
AGREE = "sources agree"
JUDGES = "judges"
FAVOURING = "favouring"
FIXED_WORDING = (DIFFER, AGREE, JUDGES, FAVOURING, "yes", "no", "The author")


class Finalizer:
    """The post-LLM stage: built with its settings and the document library (texts, sentences, speakers)."""

    def __init__(self, settings, docs):
        self.settings = settings
        self.docs = docs

    def run(self, question: Question, passages: list[Passage], sentences: list[Sentence],
            pointing: Pointing | None, notes: list[str] = ()) -> Answer:
        cfg = self.settings.answer
        picks = pointing.picks if pointing else ()
        found = check_picks(question, sentences, picks, cfg.per_source, cfg.max_picks, cfg.span_chars)
        found += other_sources(question, sentences, found, cfg.max_picks, self._reserve(question, passages, sentences))
        signals = sig.compute(question, passages, sentences, [f.sentence for f in found],
                              pointing.p_none if pointing else None, len(picks))
        refused, p_refuse = FittedDecision.load("refusal").decide(signals, cfg.refusal_threshold)
        refused = refused or not found
        corr = Corroboration() if refused else corroborate(question, found, cfg.figure_ratio)
        diagnostics = {**signals, "p_refuse": round(p_refuse, 4), "agree": corr.agree,
                       "picks": [[p.sid, p.span] for p in picks],
                       "found": [[f.sentence.sid, f.span] for f in found]}
        base = dict(question=question.text, standalone_question=question.search_text, passages=passages,
                    searched=searched(question, passages), notes=list(notes), diagnostics=diagnostics)
        if refused:
            reason = "no passage answers" if found else "no sentence states the answer"
            return Answer(answer=refusal_text(question, passages), refused=True, refusal_reason=reason, **base)

        label = self._labeller()
        short = short_line(question, found, corr, label)
        blocks = quote_blocks(found, label)
        book = CitationBook(self.docs)
        for s in [*sentences, *(f.sentence for f in found)]:
            book.add(s.sid, s)
        conflict = None
        if corr.differ:
            conflict, verdict = self._conflict(question, corr.differ, label, book)
            if verdict:
                blocks.append(verdict)
        text, citations, mapping = book.number("\n\n".join([short, *blocks]), ["adj"] if conflict else [])
        short_numbered = text.split("\n\n", 1)[0]
        if conflict:
            conflict = _renumber(conflict, [f.sentence.sid for f in corr.differ], mapping)
        if any("instructions" in c.flags for c in citations):
            base["notes"].append(guard.IGNORED_NOTE)
        return Answer(answer=text, short_answer=short_numbered, citations=citations,
                      conflicts=[conflict] if conflict else [], corroboration=corr.agree if not corr.differ else 0,
                      **base)

    def _reserve(self, question: Question, passages: list[Passage], sentences: list[Sentence]) -> list[Sentence]:
        """The passages' sentences the model did not read, for a count question's other sources; none that
        instructs (``guard``)."""
        if question.kind != "count":
            return []
        rest = reserve(passages, sentences, self.docs)
        ids = {s.doc_id for s in rest}
        return guard.drop_instructions(rest, {d: self.docs.instruction_spans(d) for d in ids})[0]

    def _labeller(self):
        words = max(2, self.settings.answer.heading_words // 2)

        def label(s: Sentence) -> str:
            p = s.passage
            name = brief(p.author or p.title or p.doc_id, words)
            return f"{s.speaker} (in {name})" if s.speaker and s.speaker not in name else name
        return label

    def _conflict(self, question: Question, sides: tuple[Found, Found], label, book: CitationBook):
        positions = [Position(claim=f.span, value=f.span, speaker=label(f.sentence),
                              doc_id=f.sentence.passage.doc_id) for f in sides]
        conflict = Conflict(question=question.search_text, positions=positions, signals=[question.kind])
        paragraphs: dict[str, set[int]] = {}
        for f in sides:
            paragraphs.setdefault(f.sentence.passage.doc_id, set()).add(f.sentence.passage.paragraph)
        about = [w for p in positions for w in (p.speaker or "").replace("(", " ").replace(")", " ").split()
                 if w[:1].isupper() and len(w) > 2]
        found = find_adjudication(self.docs, list(paragraphs), paragraphs, about)
        if not found:
            return conflict, ""
        doc_id, start, end = found
        book.add_span("adj", doc_id, start, end)
        conflict.adjudication = self.docs.text(doc_id)[start:end]
        conflict.favours = self.docs.favoured(doc_id, start, end)
        author = brief(self.docs.meta(doc_id).author, max(2, self.settings.answer.heading_words // 2)) or "The author"
        favours = f" ({FAVOURING} {conflict.favours})" if conflict.favours else ""
        return conflict, f"{author} {JUDGES}{favours}: “{conflict.adjudication}” [adj]"


def short_line(question: Question, found: list[Found], corr: Corroboration, label) -> str:
    """Each source's span, named and cited; grouped by value when the sources were compared."""
    def one(f: Found) -> str:
        stance = f" ({f.stance})" if f.stance else ""
        return f"{label(f.sentence)}{stance}: “{f.span}” [{f.sentence.sid}]"

    if corr.differ:
        a, b = corr.differ
        rest = [g[0] for g in corr.groups if g[0] not in (a, b)]
        return f"{DIFFER}: " + "; ".join(one(f) for f in (a, b, *rest)) + "."
    firsts: list[Found] = []
    for f in found:
        if all(f.source != g.source for g in firsts):
            firsts.append(f)
    if corr.agree >= 2:
        agreeing = corr.groups[0]
        others = [f for f in firsts if f not in agreeing]
        line = f"{corr.agree} {AGREE}: " + "; ".join(one(f) for f in agreeing) + "."
        return line + ("" if not others else " " + "; ".join(one(f) for f in others) + ".")
    return "; ".join(one(f) for f in firsts) + "."


def quote_blocks(found: list[Found], label) -> list[str]:
    """Per source, in the order the model gave them, its sentences quoted whole."""
    order: list[tuple[str, str]] = []
    by_source: dict[tuple[str, str], list[Sentence]] = {}
    for f in found:
        if f.source not in by_source:
            order.append(f.source)
        by_source.setdefault(f.source, []).append(f.sentence)
    blocks = []
    for src in order:
        ss = sorted(by_source[src], key=lambda s: s.start)
        blocks.append(f"{label(ss[0])}: " + " ".join(f"“{s.text}” [{s.sid}]" for s in ss))
    return blocks


def _renumber(conflict: Conflict, sids: list[str], mapping: dict[str, int]) -> Conflict:
    positions = [p.model_copy(update={"citations": [mapping[sid]] if sid in mapping else []})
                 for p, sid in zip(conflict.positions, sids)]
    return conflict.model_copy(update={"positions": positions, "adjudication_citation": mapping.get("adj")})


def summary_of(question: Question, max_words: int = 16) -> str:
    words = question.search_text.split()
    return " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def searched(question: Question, passages: list[Passage]) -> str:
    titles = sorted({p.title or p.doc_id for p in passages})
    if not passages:
        return f"“{summary_of(question)}”: no passages found"
    return f"“{summary_of(question)}” in {_plural(len(passages), 'passage')} from: " + "; ".join(titles)


def refusal_text(question: Question, passages: list[Passage]) -> str:
    n_docs = len({p.doc_id for p in passages})
    return (f"{REFUSAL_PREFIX} — I searched {_plural(len(passages), 'passage')} from {_plural(n_docs, 'document')} "
            f"for “{summary_of(question)}”, and none of them answers it.")
