"""Disagreement driven by the question, across sources: one entry point, ``assess``.

    finding = assess(question, sentences, draft.values)
    finding.pairs      differing, grounded values from different sources, best first
    finding.signals    numbers for the fitted conflict decision (app/checks/fitted/conflict.json)

The values come from the same LLM call as the answer (one short value per source, under a
grammar) and, for count and date questions, from the sentences themselves (``values_from_text``);
comparing them is code (``compare``), and the author's adjudication is found by structure
(``adjudicate``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.disagreement.adjudicate import find_adjudication
from app.disagreement.compare import Pair, differing_pairs, source_key
from app.disagreement.values import Value, classify, closeness, values_from_text
from app.types import Question, Sentence

__all__ = ["assess", "Finding", "Pair", "Value", "find_adjudication", "CONFLICT_FEATURES"]

CONFLICT_FEATURES = ("any_pair", "diff_number", "diff_date", "diff_yesno", "diff_text", "kind_match", "pair_score",
                     "n_sources", "refusal_p", "pair_closeness", "n_values")
# The kind of value each kind of question asks for (why/how and what-said questions ask for no single value).
_KIND_TYPE = {"count": "number", "date": "date", "yes_no": "yesno", "who": "text", "other": "text"}


@dataclass
class Finding:
    values: list[Value] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)


def assess(question: Question, sentences: list[Sentence], values: list[tuple[str, str]], refusal_p: float,
           max_ratio: float | None = None) -> Finding:
    """``max_ratio``: figures further apart than this factor count different things (``answer.figure_ratio``)."""
    by_id = {s.sid: s for s in sentences}
    typed = [classify(sid, text, by_id.get(sid), question.kind) for sid, text in values]
    given = {source_key(v) for v in typed if v.grounded and v.type != "text"}
    for sid, text in values_from_text(question.kind, question.terms, sentences):  # figures, dates, yes/no in code
        v = classify(sid, text, by_id[sid], question.kind)
        if source_key(v) not in given:
            typed = [t for t in typed if source_key(t) != source_key(v)] + [v]
    pairs = differing_pairs(typed, max_ratio)
    best = pairs[0] if pairs else None
    sources = {source_key(v) for v in typed if v.grounded}
    signals = {
        "any_pair": 1.0 if best else 0.0,
        "diff_number": 1.0 if best and best.type == "number" else 0.0,
        "diff_date": 1.0 if best and best.type == "date" else 0.0,
        "diff_yesno": 1.0 if best and best.type == "yesno" else 0.0,
        "diff_text": 1.0 if best and best.type == "text" else 0.0,
        "kind_match": 1.0 if best and _KIND_TYPE.get(question.kind) == best.type else 0.0,
        "pair_score": min(best.a.sentence.score, best.b.sentence.score) if best else 0.0,
        "n_sources": float(len(sources)),
        "refusal_p": float(refusal_p),
        # the question's words beside the weaker of the two values (a figure far from them may count something else)
        "pair_closeness": min(closeness(question.kind, question.terms, v.sentence.text) for v in (best.a, best.b))
        if best else 0.0,
        "n_values": float(len({v.text.lower() for v in typed if v.grounded})),
    }
    return Finding(values=typed, pairs=pairs, signals=signals)
