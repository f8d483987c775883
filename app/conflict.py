"""Where the sources disagree: pull in both sides of a dispute, and detect conflicts from text structure.

Contract with the engine
------------------------
``docs`` is any of: a mapping ``doc_id -> document``; an object with ``get(doc_id)`` and ``doc_ids()``
(``ingest.docstore.DocStore``); or one with ``text(doc_id)``, ``meta(doc_id)`` and optionally
``paragraphs(doc_id)`` and ``doc_ids()``. A document needs ``text`` (the clean text), ``paragraphs``
([start, end) spans) and ``meta`` (title, author, publisher) — ``CleanDocument``/``DocRecord`` fit.

1. ``dispute_paragraphs(docs, passages, question=None) -> [(doc_id, paragraph)]`` (1-based paragraphs, not
   yet covered by ``passages``): both sides of an in-document dispute touched by the passages, the
   enumeration naming them, the author's adjudication, and paragraphs of other documents giving a different
   count/date for a number/date slot in the passages. Pass ``question`` so that only disputes the question
   is about pull paragraphs in (without it every touched dispute does). Add them as passages before answering.
2. ``detect_conflicts(question, passages, citations, docs) -> ConflictReport`` with
   - ``conflicts``: ``Conflict`` objects whose ``Position.citations`` and ``adjudication_citation`` are
     ``Citation.n`` values in ``report.citations``;
   - ``citations``: the input citations, unchanged and in order, followed by any new ones this module
     needed (numbered ``max(n) + 1`` upwards; a quote already inside an input citation reuses its ``n``).
     Every quote is ``clean_text[start:end]`` of its document. Replace ``Answer.citations`` with it;
   - ``statement``: one plain sentence per conflict for the answer text, built from the quotes ("" if none).
   ``conflict_statement(conflicts, citations)`` rebuilds the statement from the two lists.

Detectors (``Conflict.signals``): ``enumerated_sources`` + ``contrast_other_account`` / ``dispute_language``
/ ``adjudication`` (one document reports two named accounts and sets them against each other);
``opposing_stance`` (quoted words of the question's actor speak for vs against the action asked about, from
different speakers); ``number_mismatch`` / ``date_mismatch`` (different counts or dates for the same slot
in different documents); ``cross_document``. Every conflict rests on at least two verified quotes.

This module runs the steps; the parts live in ``app.conflict_docs`` (``docs`` as ``DocText``),
``app.disputes`` (in-document disputes), ``app.conflict_stance`` and ``app.conflict_slots`` (the detectors),
``app.citation_book`` (the citations they add) and ``app.conflict_text`` (the statement).
"""
from __future__ import annotations

from dataclasses import dataclass

from app.citation_book import CitationBook
from app.conflict_docs import DocText, covered, get_doc
from app.conflict_slots import other_slot_paragraphs, slot_conflicts
from app.conflict_stance import dispute_conflicts, stance_conflict
from app.conflict_text import conflict_statement
from app.disputes import Dispute, dispute_is_relevant, find_disputes
from app.types import Citation, Conflict, Passage

__all__ = ["DocText", "Dispute", "ConflictReport", "dispute_paragraphs", "detect_conflicts", "find_disputes",
           "conflict_statement"]


def dispute_paragraphs(docs, passages: list[Passage], question: str | None = None) -> list[tuple[str, int]]:
    """Paragraphs a dispute in ``passages`` refers to and that are not retrieved yet (both sides of it).

    With ``question``, only disputes (and number/date slots) the question is about count.
    """
    out: list[tuple[str, int]] = []
    for doc_id in dict.fromkeys(p.doc_id for p in passages if p.kind != "metadata"):
        doc = get_doc(docs, doc_id)
        if doc is None:
            continue
        for d in find_disputes(doc):
            if question is not None and not dispute_is_relevant(question, doc, d):
                continue
            if any(covered(passages, doc_id, doc, n) for n in d.paragraphs):
                out += [(doc_id, n) for n in d.paragraphs if not covered(passages, doc_id, doc, n)]
    out += other_slot_paragraphs(docs, passages, question)
    return list(dict.fromkeys(out))


# -- detection ---------------------------------------------------------------------------------------
@dataclass
class ConflictReport:
    conflicts: list[Conflict]
    citations: list[Citation]
    statement: str = ""


def detect_conflicts(question: str, passages: list[Passage], citations: list[Citation], docs) -> ConflictReport:
    book = CitationBook(citations)
    doc_ids = list(dict.fromkeys(p.doc_id for p in passages if p.kind != "metadata"))
    texts = {d: t for d in doc_ids if (t := get_doc(docs, d)) is not None}
    conflicts = dispute_conflicts(question, passages, texts, book)
    stance = stance_conflict(question, passages, texts, book)
    if stance is not None:
        if conflicts:
            _merge(conflicts[0], stance, book)
        else:
            conflicts.append(stance)
    conflicts += slot_conflicts(question, passages, texts, book)
    conflicts = [c for c in conflicts if _verified_quotes(c, book) >= 2]
    used = {n for c in conflicts for p in c.positions for n in p.citations} | {
        c.adjudication_citation for c in conflicts if c.adjudication_citation}
    original = {c.n for c in citations}
    new = [c for c in book.citations if c.n not in original and c.n in used]
    base = max(original, default=0)
    remap = {c.n: base + i for i, c in enumerate(new, 1)}  # new citations numbered without gaps
    for conflict in conflicts:
        for pos in conflict.positions:
            pos.citations = [remap.get(n, n) for n in pos.citations]
        if conflict.adjudication_citation is not None:
            conflict.adjudication_citation = remap.get(conflict.adjudication_citation, conflict.adjudication_citation)
    final = list(citations) + [c.model_copy(update={"n": remap[c.n]}) for c in new]
    return ConflictReport(conflicts, final, conflict_statement(conflicts, final))


def _merge(into: Conflict, other: Conflict, book: CitationBook) -> None:
    have = {n for p in into.positions for n in p.citations}
    spans = {(c.doc_id, c.start, c.end) for c in book.citations if c.n in have}
    for pos in other.positions:
        cs = [c for c in book.citations if c.n in pos.citations]
        if any((c.doc_id, c.start, c.end) in spans or c.n in have for c in cs):
            continue
        into.positions.append(pos)
    for s in other.signals:
        if s not in into.signals:
            into.signals.append(s)
    if len({p.doc_id for p in into.positions}) > 1 and "cross_document" not in into.signals:
        into.signals.append("cross_document")


def _verified_quotes(conflict: Conflict, book: CitationBook) -> int:
    ns = {n for p in conflict.positions for n in p.citations}
    return sum(1 for c in book.citations if c.n in ns and c.quote)
