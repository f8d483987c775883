"""What a historian needs from an answer, measured on the rendered ``Answer`` (evals only; never shown to users).

    verbatim_share(answer)              share of the answer's words that lie inside verbatim quotes or spans
    span_correct(item, answer)          every must_include group in the short-answer line or the cited quotes
    conflict_correct(item, answer)      a flagged conflict whose two sides each quote an expected evidence string,
                                        from different sources

Words outside quotes that are not content: citation marks, the fixed wording of an answer (app.finalize.FIXED_WORDING)
the count of agreeing sources, and the sources' names (any word of a cited source's speaker, author, title or publisher).
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.finalize import FIXED_WORDING
from app.types import Answer
from evals.dataset import EvalItem
from evals.match import contains, missing_groups, normalise

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FIXED = {w.casefold() for phrase in FIXED_WORDING for w in _WORD.findall(phrase)} | {"in"}


def verbatim_share(answer: Answer) -> float | None:
    """None for a refusal (its wording is fixed)."""
    if answer.refused or not answer.answer.strip():
        return None
    quoted, rest = _split_quoted(answer.answer, [c.quote for c in answer.citations])
    rest = re.sub(r"\[\d+\]", " ", rest)
    inside = len(_WORD.findall(quoted))
    names = {w.casefold() for c in answer.citations for part in (c.speaker, c.author, c.title, c.publisher)
             if part for w in _WORD.findall(part)}
    outside = [w for w in _WORD.findall(rest)
               if w.casefold() not in _FIXED | names and not w.isdigit()]  # "3 sources agree": the count is ours
    total = inside + len(outside)
    return 1.0 if total == 0 else inside / total


def _split_quoted(text: str, quotes: list[str]) -> tuple[str, str]:
    """(the text inside “…” that is verbatim in a cited quote, everything else). A quote may itself hold quote marks
    (“He said “no.”” ), so each opening mark is closed by the furthest closing mark whose inside is verbatim."""
    inside, outside, i = [], [], 0
    while i < len(text):
        if text[i] == "“":
            ends = [j for j in range(len(text) - 1, i, -1) if text[j] == "”"]
            j = next((j for j in ends if any(text[i + 1:j] in q for q in quotes)), None)
            if j is not None:
                inside.append(text[i + 1:j])
                i = j + 1
                continue
        outside.append(text[i])
        i += 1
    return " ".join(inside), "".join(outside)


def span_correct(item: EvalItem, answer: Answer) -> bool | None:
    """None when the question expects a refusal. The answer's text is the short-answer line and the cited quotes
    (capped by the engine at answer.per_source a source and answer.max_picks in all)."""
    if item.expect == "refuse":
        return None
    return not answer.refused and not missing_groups(answer.answer, item.must_include)


def short_correct(item: EvalItem, answer: Answer) -> bool | None:
    """The stricter reading: every must_include group in the short-answer line alone."""
    if item.expect == "refuse":
        return None
    return not answer.refused and bool(answer.short_answer) and not missing_groups(answer.short_answer,
                                                                                   item.must_include)


OVERLAP_CHARS = 40  # an evidence string cut across a sentence end is held by a quote sharing this much of it


def _holds(quote: str, evidence: str) -> bool:
    q, e = normalise(quote), normalise(evidence)
    if not (q and e):
        return False
    if e in q or q in e or contains(quote, evidence):
        return True
    m = SequenceMatcher(None, q, e, autojunk=False).find_longest_match(0, len(q), 0, len(e))
    return m.size >= min(len(e), OVERLAP_CHARS)


def conflict_correct(item: EvalItem, answer: Answer) -> bool | None:
    """None when nothing was flagged. A flag is correct when its two sides come from different documents and each
    side's quote holds a different one of the question's expected evidence strings."""
    if not answer.conflicts:
        return None
    by_n = {c.n: c for c in answer.citations}
    positions = answer.conflicts[0].positions[:2]
    sides = [[by_n[n] for n in p.citations if n in by_n] for p in positions]
    if len(sides) < 2 or not all(sides) or {c.doc_id for c in sides[0]} == {c.doc_id for c in sides[1]}:
        return False
    hits = [{i for i, ev in enumerate(item.evidence) for c in side if _holds(c.quote, ev)} for side in sides]
    return any(a != b for a in hits[0] for b in hits[1])


def structure_quotes(answer: Answer, roles_of) -> int:
    """Quotes shown as a source's words that overlap a heading, headnote, signature, catalogue line or margin
    note of the stored sentence table (``roles_of(doc_id)`` -> [(start, end, role)]). Should be 0."""
    if roles_of is None:
        return 0
    bad = 0
    for c in answer.citations:
        if c.paragraph == 0:  # the catalogue record itself, quoted for "who wrote"
            continue
        if any(role != "prose" and a < c.end and c.start < b for a, b, role in roles_of(c.doc_id)):
            bad += 1
    return bad
