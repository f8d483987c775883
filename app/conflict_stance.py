"""Conflicts between attributed accounts: an in-document dispute, and opposite stances toward an action."""
from __future__ import annotations

from app import dispute_cues as dc
from app.citation_book import CitationBook, new_position
from app.conflict_docs import DocText, covered
from app.disputes import dispute_is_relevant, find_disputes, side_candidates
from app.types import Conflict, Passage


def _sentence_text(doc: DocText, s) -> str:
    return doc.text[s.start:s.end]


def _framing_question(doc: DocText, first_side: int, question: str) -> str:
    da = doc.attribution
    for p in range(first_side - 1, max(first_side - 4, 0), -1):
        asked = [s for s in da.sentences_in(p) if doc.text[s.end - 1:s.end] == "?"]
        if asked:
            return _sentence_text(doc, asked[-1])
    return question


def dispute_conflicts(question: str, passages: list[Passage], texts: dict[str, DocText], book: CitationBook) -> list[Conflict]:
    out = []
    for doc_id, doc in texts.items():
        da = doc.attribution
        for d in find_disputes(doc):
            if not any(covered(passages, doc_id, doc, n) for n in d.paragraphs):
                continue
            cands = {m: side_candidates(doc, ps) for m, ps in d.sides.items()}
            if not all(cands.values()) or not dispute_is_relevant(question, doc, d):
                continue
            qterms = dc.question_terms(question, doc.text, doc.paragraphs)
            positions, stances = [], []
            for member in d.members:
                a, b = max(cands[member], key=lambda span: (len(dc.terms(doc.text[span[0]:span[1]]) & qterms),
                                                           -span[0]))
                n = book.cite(doc, a, b)
                positions.append(new_position(doc.text[a:b], da.label(member), doc, n))
                stances.append(dc.stance(doc.text[a:b]))
            signals = list(d.signals)
            if "pro" in stances and "con" in stances:
                signals.append("opposing_stance")
            adjudication = adj_n = None
            if d.adjudication_index is not None:
                adj = da.adjudications[d.adjudication_index]
                adjudication, adj_n = adj.text, book.cite(doc, adj.start, adj.end)
            first_side = min(p for ps in d.sides.values() for p in ps)
            out.append(Conflict(question=_framing_question(doc, first_side, question), positions=positions,
                                adjudication=adjudication, adjudication_citation=adj_n, signals=signals))
    return out


def stance_conflict(question: str, passages: list[Passage], texts: dict[str, DocText], book: CitationBook,
                    per_side: int = 3) -> Conflict | None:
    """Quoted words of the question's actor for vs against the action it asks about, from different speakers."""
    if not dc.is_stance_question(question):
        return None
    q_names, q_years = dc.name_tokens(question), dc.years(question)
    if not q_names:
        return None
    units = []  # (is_quote_rank, doc, start, end, label, stance)
    for doc_id, doc in texts.items():
        da = doc.attribution
        spans = [(p.start, p.end) for p in passages if p.doc_id == doc_id and p.kind != "metadata"]
        for s in da.sentences:
            if not any(a < s.end and s.start < b for a, b in spans):
                continue
            text = _sentence_text(doc, s)
            ys = dc.years(text)
            if q_years and ys and not ys & q_years:
                continue
            pieces = [(q.start, q.end, q.person, q.channel) for q in s.quotes if q.person]
            if not s.quotes and s.person and "speech_verb" in s.cues:
                pieces.append((s.start, s.end, s.person, s.channel))
            for a, b, person, channel in pieces:
                if not set(person.split()) & q_names:
                    continue
                pol = dc.stance(doc.text[a:b])
                if pol:
                    label = da.label(channel) if channel else (da.label(person) if person in da.sources else person)
                    units.append((0 if (a, b) != (s.start, s.end) else 1, doc, a, b, label, pol))
    groups: dict[tuple[str, str, str], tuple] = {}
    for u in sorted(units, key=lambda u: u[0]):
        groups.setdefault((u[1].doc_id, u[4], u[5]), u)
    pros = [u for (_, _, pol), u in groups.items() if pol == "pro"][:per_side]
    cons = [u for (_, _, pol), u in groups.items() if pol == "con"][:per_side]
    if not any(p[4] != c[4] or p[1].doc_id != c[1].doc_id for p in pros for c in cons):
        return None
    positions = []
    for _, doc, a, b, label, _ in pros + cons:
        positions.append(new_position(doc.text[a:b], label, doc, book.cite(doc, a, b)))
    signals = ["opposing_stance"]
    if len({p.doc_id for p in positions}) > 1:
        signals.append("cross_document")
    return Conflict(question=question, positions=positions, signals=signals)
