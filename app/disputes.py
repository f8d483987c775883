"""In-document disputes: one document names two sources (an enumeration) and sets their accounts against
each other (a contrast paragraph, dispute language, or the author's adjudication).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app import dispute_cues as dc
from app.conflict_docs import DocText


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
    if d.adjudication_index is not None:  # the author's verdict: "the latter account seems more plausible"
        adj = da.adjudications[d.adjudication_index]
        for sent in da.sentences_in(adj.paragraph):
            if sent.start <= adj.start < sent.end:
                vocab |= dc.scarce_terms(doc.text, doc.paragraphs, dc.terms(doc.text[sent.start:sent.end]))
    # The author's framing question just before the first side ("Given Mao's offer of military assistance,
    # might he have been entertaining war in Korea at this time?"): only its words found nowhere else in the
    # document ("offer", "assistance", "entertaining") tie a question to the dispute; "war" or "time" would not.
    first_side = min(p for ps in d.sides.values() for p in ps)
    for p in range(max(1, first_side - 1), first_side + 1):
        for sent in da.sentences_in(p):
            text = doc.text[sent.start:sent.end]
            if text.rstrip(" ”\"'’").endswith("?"):
                vocab |= dc.scarce_terms(doc.text, doc.paragraphs, dc.terms(text))
    if dc.question_terms(question, doc.text, doc.paragraphs) & vocab:
        return True
    q_terms = dc.terms(question)
    side_names = {t for m in d.members for t in m.split()}
    media = {dc.stem(e.medium) for e in da.enumerations if e.members == d.members}
    return bool((side_names & dc.name_tokens(question) or q_terms & media) and q_terms & dc.REPORT_WORDS)


def _para(doc: DocText, n: int) -> str:
    s, e = doc.paragraph_span(n)
    return doc.text[s:e]
