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
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app import dispute_cues as dc
from app.attribution import DocAttribution, attribute_document
from app.conflict_text import conflict_statement
from app.types import Citation, Conflict, Passage, Position

__all__ = ["DocText", "Dispute", "ConflictReport", "dispute_paragraphs", "detect_conflicts", "find_disputes",
           "conflict_statement"]


@dataclass
class DocText:
    doc_id: str
    text: str
    paragraphs: list[tuple[int, int]]
    title: str = ""
    author: str = ""
    publisher: str = ""

    @property
    def attribution(self) -> DocAttribution:
        return attribute_document(self.text, self.paragraphs)

    def paragraph_span(self, n: int) -> tuple[int, int]:
        return self.paragraphs[n - 1]


def get_doc(docs, doc_id: str) -> DocText | None:
    """``doc_id`` of ``docs`` as a DocText (see the module docstring for what ``docs`` may be), or None."""
    if isinstance(docs, Mapping) or hasattr(docs, "get") or hasattr(docs, "record"):
        try:
            d = docs.get(doc_id) if hasattr(docs, "get") else docs.record(doc_id)
        except Exception:  # a library raising for an unknown id
            return None
        if d is None:
            return None
        if isinstance(d, DocText):
            return d
        text, paragraphs, meta = d.text, list(getattr(d, "paragraphs", []) or []), getattr(d, "meta", d)
    else:
        text, meta = docs.text(doc_id), docs.meta(doc_id)
        paragraphs = list(docs.paragraphs(doc_id)) if hasattr(docs, "paragraphs") else []
    if not paragraphs:
        from app.attribution import split_paragraphs
        paragraphs = split_paragraphs(text)
    return DocText(doc_id, text, [tuple(p) for p in paragraphs], getattr(meta, "title", "") or "",
                   getattr(meta, "author", "") or "", getattr(meta, "publisher", "") or "")


def all_doc_ids(docs) -> list[str]:
    if isinstance(docs, Mapping):
        return list(docs)
    return list(docs.doc_ids()) if hasattr(docs, "doc_ids") else []


# -- in-document disputes ---------------------------------------------------------------------------
@dataclass
class Dispute:
    doc_id: str
    members: list[str]  # Source keys
    sides: dict[str, list[int]]  # Source key -> paragraphs reporting it
    adjudication_index: int | None
    contrast_paragraphs: list[int]
    signals: list[str]
    paragraphs: list[int] = field(default_factory=list)  # all paragraphs involved


def find_disputes(doc: DocText) -> list[Dispute]:
    da = doc.attribution
    out = []
    for enum in da.enumerations:
        sides = {m: [] for m in enum.members}
        for p in range(enum.paragraph, len(da.paragraphs) + 1):
            ch = da.paragraph_channel(p)
            if ch in sides:
                sides[ch].append(p)
        if not all(sides.values()):
            continue
        side_paras = sorted(p for ps in sides.values() for p in ps)
        contrasts = [p for p, k in da.contrasts if k in sides]
        adj = next((i for i, a in enumerate(da.adjudications) if a.favours in sides and a.paragraph > enum.paragraph), None)
        signals = ["enumerated_sources"]
        if contrasts:
            signals.append("contrast_other_account")
        if any(dc.DISPUTE_RE.search(_para(doc, p)) for p in side_paras):
            signals.append("dispute_language")
        if adj is not None:
            signals.append("adjudication")
        if len(signals) == 1:
            continue  # two sources named, but nothing in the text sets them against each other
        involved = {enum.paragraph, *side_paras} | ({da.adjudications[adj].paragraph} if adj is not None else set())
        out.append(Dispute(doc.doc_id, list(enum.members), sides, adj, contrasts, signals, sorted(involved)))
    return out


def side_candidates(doc: DocText, paragraphs: list[int]) -> list[tuple[int, int]]:
    """Spans a side's claim can be quoted from: quotations of a person, else sentences with a speaker."""
    da = doc.attribution
    quotes = [(q.start, q.end) for p in paragraphs for s in da.sentences_in(p) for q in s.quotes if q.person]
    if quotes:
        return quotes
    return [(s.start, s.end) for p in paragraphs for s in da.sentences_in(p) if s.speaker][:3]


def dispute_is_relevant(question: str, doc: DocText, d: Dispute) -> bool:
    """Does the question ask about what the dispute is about? (its quotes, its framing, or a side's report)"""
    da = doc.attribution
    vocab: set[str] = set()
    for ps in d.sides.values():  # each side's claim: its first quotation
        for a, b in side_candidates(doc, ps)[:1]:
            vocab |= dc.terms(doc.text[a:b])
    for p in d.contrast_paragraphs:
        first = da.sentences_in(p)[:1]
        vocab |= dc.terms(doc.text[first[0].start:first[0].end]) if first else set()
    if dc.question_terms(question, doc.text, doc.paragraphs) & vocab:
        return True
    q_terms = dc.terms(question)
    side_names = {t for m in d.members for t in m.split()}
    media = {dc.stem(e.medium) for e in da.enumerations if e.members == d.members}
    return bool((side_names & dc.name_tokens(question) or q_terms & media) and q_terms & dc.REPORT_WORDS)


def _para(doc: DocText, n: int) -> str:
    s, e = doc.paragraph_span(n)
    return doc.text[s:e]


def _covered(passages: list[Passage], doc_id: str, doc: DocText, n: int) -> bool:
    s, e = doc.paragraph_span(n)
    return any(p.doc_id == doc_id and p.start < e and p.end > s for p in passages)


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
            if any(_covered(passages, doc_id, doc, n) for n in d.paragraphs):
                out += [(doc_id, n) for n in d.paragraphs if not _covered(passages, doc_id, doc, n)]
    from app.conflict_slots import other_slot_paragraphs

    out += other_slot_paragraphs(docs, passages, question)
    return list(dict.fromkeys(out))


# -- detection ---------------------------------------------------------------------------------------
@dataclass
class ConflictReport:
    conflicts: list[Conflict]
    citations: list[Citation]
    statement: str = ""


class CitationBook:
    """The engine's citations plus new ones, numbered after them; reuses a citation already holding a span."""

    def __init__(self, citations: list[Citation]):
        self.citations = list(citations)

    def cite(self, doc: DocText, start: int, end: int) -> int:
        for c in self.citations:
            if c.doc_id == doc.doc_id and c.start <= start and end <= c.end and c.paragraph > 0:
                return c.n
        da = doc.attribution
        para = da.paragraph_of(start)
        p_start, p_end = doc.paragraph_span(para) if para else (start, end)
        n = max((c.n for c in self.citations), default=0) + 1
        self.citations.append(Citation(
            n=n, doc_id=doc.doc_id, title=doc.title, author=doc.author, publisher=doc.publisher,
            paragraph=para, start=start, end=end, quote=doc.text[start:end],
            speaker=da.speaker_for_span(start, end), context=doc.text[p_start:max(p_end, end)],
            context_start=start - p_start, context_end=end - p_start))
        return n


def detect_conflicts(question: str, passages: list[Passage], citations: list[Citation], docs) -> ConflictReport:
    from app.conflict_slots import slot_conflicts
    from app.conflict_stance import dispute_conflicts, stance_conflict

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


def new_position(claim: str, speaker: str | None, doc: DocText, n: int) -> Position:
    return Position(claim=claim, speaker=speaker or (f"{doc.author} (author)" if doc.author else None),
                    doc_id=doc.doc_id, citations=[n])
