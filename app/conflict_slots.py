"""Number and date slots across documents: '16,000 Korean troops' vs '14,000 Korean troops' (Lin Biao).

A slot is the counted noun phrase (or, for dates, the event: the names and words of the sentence) plus at
least one rare name shared by both sentences, so that two unrelated counts of "troops" never collide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app import dispute_cues as dc
from app.attribution import attribute_document
from app.citation_book import CitationBook, new_position
from app.conflict_docs import DocText, all_doc_ids, covered, get_doc
from app.types import Conflict, Passage


@dataclass(frozen=True)
class Mention:
    doc_id: str
    kind: str  # "number" | "date"
    value: tuple  # (16000,) or ("May", 14, "1950"|None)
    head: tuple[str, ...]  # counted noun stems, or () for dates
    head_text: str
    names: tuple[str, ...]  # rare name tokens of the sentence, in order
    words: frozenset[str]  # content stems of the sentence, names excluded
    sentence: tuple[int, int]
    clause: tuple[int, int]
    paragraph: int


@lru_cache(maxsize=256)
def _mentions(doc_id: str, text: str, paragraphs: tuple[tuple[int, int], ...]) -> tuple[Mention, ...]:
    out = []
    for s in attribute_document(text, list(paragraphs)).sentences:
        sent = text[s.start:s.end]
        names = [t for t in dict.fromkeys(re.findall(r"[A-Z][a-zà-ÿ-]+", sent)) if t in dc.name_tokens(sent)]
        rare = tuple(t for t in names if t in dc.rare_names(text, paragraphs, set(names)) and t not in dc.MONTHS)
        words = frozenset(dc.terms(sent) - {dc.stem(t) for t in names})
        for m in dc.number_mentions(sent, s.start):
            a, b = dc.clause_around(sent, m.start - s.start, m.end - s.start)
            out.append(Mention(doc_id, "number", (m.value,), m.head, m.head_text, rare, words, (s.start, s.end),
                               (s.start + a, s.start + b), s.paragraph))
        for m in dc.date_mentions(sent, s.start):
            out.append(Mention(doc_id, "date", (m.month, m.day, m.year), (), f"{m.month} {m.day}",
                               tuple(n for n in names if n not in dc.MONTHS), words, (s.start, s.end),
                               (s.start, s.end), s.paragraph))
    return tuple(out)


def mentions(doc: DocText) -> tuple[Mention, ...]:
    return _mentions(doc.doc_id, doc.text, tuple(tuple(p) for p in doc.paragraphs))


def same_slot(x: Mention, y: Mention) -> bool:
    if x.kind != y.kind or x.doc_id == y.doc_id:
        return False
    if x.kind == "number":
        return x.head == y.head and bool(set(x.names) & set(y.names))
    names_x, names_y = set(x.names), set(y.names)
    shared_words = (x.words & y.words) - {dc.stem(w) for w in dc.MONTHS}
    return len(names_x) >= 2 and names_x == names_y and bool(shared_words)


def differs(x: Mention, y: Mention) -> bool:
    if x.kind == "number":
        return x.value != y.value
    (mx, dx, yx), (my, dy, yy) = x.value, y.value
    return (mx, dx) != (my, dy) or (yx is not None and yy is not None and yx != yy)


def _in_passages(doc: DocText, passages: list[Passage]) -> list[Mention]:
    spans = [(p.start, p.end) for p in passages if p.doc_id == doc.doc_id and p.kind != "metadata"]
    return [m for m in mentions(doc) if any(a < m.sentence[1] and m.sentence[0] < b for a, b in spans)]


_WHEN = re.compile(r"\b(?:when|date|day|month|year)\b", re.I)
_COUNT = re.compile(r"\b(?:how many|how much|number of|count|size of)\b", re.I)


def _about(question: str, m: Mention) -> bool:
    """Is the question asking for this slot: the counted thing (or a count/date of the named people)?"""
    q_terms, q_names = dc.terms(question), dc.name_tokens(question)
    if m.kind == "number":
        return m.head[-1] in q_terms or bool(_COUNT.search(question) and q_names & set(m.names))
    asks_date = _WHEN.search(question) or any(month in question for month in dc.MONTHS)
    return bool(asks_date and len(q_names & set(m.names)) >= min(2, len(m.names)))


def other_slot_paragraphs(docs, passages: list[Passage], question: str | None = None) -> list[tuple[str, int]]:
    """Paragraphs of other documents giving a different value for a number/date slot in the passages."""
    texts = {d: t for d in dict.fromkeys(p.doc_id for p in passages) if (t := get_doc(docs, d)) is not None}
    found = [m for doc in texts.values() for m in _in_passages(doc, passages)
             if question is None or _about(question, m)]
    if not found:
        return []
    out = []
    for other_id in all_doc_ids(docs):
        other = texts.get(other_id) or get_doc(docs, other_id)
        if other is None:
            continue
        for y in mentions(other):
            if any(same_slot(x, y) and differs(x, y) for x in found) and not covered(passages, other_id, other, y.paragraph):
                out.append((other_id, y.paragraph))
    return out


def slot_conflicts(question: str, passages: list[Passage], texts: dict[str, DocText], book: CitationBook) -> list[Conflict]:
    found = [m for doc in texts.values() for m in _in_passages(doc, passages)]
    conflicts: list[Conflict] = []
    done: set[Mention] = set()
    for x in found:
        if x in done:
            continue
        group = [x] + [y for y in found if y is not x and same_slot(x, y)]
        values = {m.value for m in group}
        if len(values) < 2 or not any(differs(x, y) for y in group[1:]):
            continue
        if not _about(question, x):
            continue
        done.update(group)
        positions, seen = [], set()
        for m in group:
            if (m.doc_id, m.value) in seen:
                continue
            seen.add((m.doc_id, m.value))
            doc = texts[m.doc_id]
            a, b = m.clause
            speaker = doc.attribution.speaker_for_span(a, b)
            positions.append(new_position(doc.text[a:b], speaker, doc, book.cite(doc, a, b)))
        shared = [n for n in x.names if all(n in m.names for m in group)]
        who = " ".join(n for n in shared if n in (positions[0].speaker or ""))
        if x.kind == "number":
            topic = f"the number of {x.head_text}" + (f" ({who})" if who else "")
            signal = "number_mismatch"
        else:
            topic = f"the date ({' and '.join(shared)})"
            signal = "date_mismatch"
        conflicts.append(Conflict(question=topic, positions=positions, signals=[signal, "cross_document"]))
    return conflicts
