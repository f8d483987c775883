"""Score one ``Answer`` against its ``EvalItem``, and summarise many.

Citation precision is measured independently of the engine: every displayed quote is looked up,
verbatim, in the corpus's cleaned text through ``text_of(doc_id)`` (the docstore in a real run).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, Field

from app.types import Answer
from evals import historian
from evals.dataset import EvalItem
from evals.match import contains, find_in_passages, missing_groups, normalise

TextOf = Callable[[str], "str | None"]
STAGES = ("condense", "retrieve", "generate", "verify", "total", "first_token")
RECALL_KS = (1, 3, 5)
# Failure kinds, in table order. A question may fail in more than one way (a refused conflict question is
# both a wrong refusal and a missed conflict).
FAILURE_KINDS = ("wrong refusal", "missed refusal", "missed conflict", "false conflict", "missing content",
                 "bad quote", "error")


class QuestionResult(BaseModel):
    id: str
    corpus: str = ""  # the suite's corpus name ("" for a single-file run against the chat's store)
    question: str
    history: list[str] = Field(default_factory=list)
    expect: str
    split: str
    got: str  # "answer" | "refused" | "conflict" | "error"
    correct: bool
    why: str = ""  # why it failed; empty when correct
    answer: str = ""
    refused: bool = False
    conflict_flagged: bool = False
    missing: list[list[str]] = Field(default_factory=list)  # must_include groups not matched
    citations: int = 0
    citations_verbatim: int = 0
    citations_at_offsets: int = 0  # quote == clean_text[start:end]
    bad_quotes: list[str] = Field(default_factory=list)
    citation_supported: bool | None = None  # None when not applicable (refused, or refuse item)
    evidence_ranks: list[int | None] = Field(default_factory=list)  # per evidence string
    first_evidence_rank: int | None = None
    passages: int = 0
    timings: dict[str, float | None] = Field(default_factory=dict)
    model: str = ""
    error: str | None = None
    failures: list[str] = Field(default_factory=list)  # FAILURE_KINDS that apply; empty when all is well
    diagnostics: dict = Field(default_factory=dict)  # Answer.diagnostics: the engine's decision signals
    # what a historian needs (evals/historian.py); None where it does not apply
    verbatim_share: float | None = None
    span_correct: bool | None = None
    short_correct: bool | None = None
    conflict_correct: bool | None = None
    corroboration: int = 0
    structure_quotes: int = 0  # quotes that are a heading, headnote, signature, catalogue line or margin note


def failure_kinds(expect: str, refused: bool, conflict: bool, missing: bool, bad_quotes: bool,
                  error: bool = False) -> list[str]:
    """Which FAILURE_KINDS a question shows."""
    if error:
        return ["error"]
    kinds = []
    if expect != "refuse" and refused:
        kinds.append("wrong refusal")
    if expect == "refuse" and not refused:
        kinds.append("missed refusal")
    if expect == "conflict" and not conflict:
        kinds.append("missed conflict")
    if expect != "conflict" and conflict:
        kinds.append("false conflict")
    if expect != "refuse" and not refused and missing:
        kinds.append("missing content")
    if bad_quotes:
        kinds.append("bad quote")
    return kinds


def metadata_key(doc_id: str) -> str:
    """The ``text_of`` key for a document's metadata text (title, author, publisher, bio)."""
    return doc_id + "\0metadata"


def _got(answer: Answer) -> str:
    if answer.refused:
        return "refused"
    return "conflict" if answer.conflicts else "answer"


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while needle and i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _supported(item: EvalItem, answer: Answer, text_of: TextOf) -> bool:
    """A cited quote contains a must_include alternative, or overlaps an evidence string."""
    for cit in answer.citations:
        if any(contains(cit.quote, alt) for group in item.must_include for alt in group):
            return True
        quote = normalise(cit.quote)
        for ev in item.evidence:
            ev_n = normalise(ev)
            if quote and (quote in ev_n or ev_n in quote):
                return True
            doc = text_of(cit.doc_id)
            if doc and any(s < cit.end and cit.start < e for s, e in _spans(doc, ev)):
                return True
    return False


def passage_ranks(answer: Answer) -> list[int]:
    """Retrieval rank of each passage: ``Passage.rank`` where the engine set it (a small-to-big neighbour
    shares its hit's rank), else after every ranked passage in list order."""
    ranked = [p.rank for p in answer.passages if p.rank > 0]
    top = max(ranked, default=0)
    out, extra = [], 0
    for p in answer.passages:
        if p.rank > 0:
            out.append(p.rank)
        else:
            extra += 1
            out.append(top + extra)
    return out


def score(item: EvalItem, answer: Answer, text_of: TextOf) -> QuestionResult:
    got = _got(answer)
    missing = missing_groups(answer.answer, item.must_include) if item.expect != "refuse" else []
    if item.expect == "refuse":
        correct = answer.refused
        why = "" if correct else f"answered instead of refusing ({'conflict flagged' if answer.conflicts else 'no refusal'})"
    elif answer.refused:
        correct, why = False, "refused an answerable question"
    else:
        correct = not missing
        why = "" if correct else "missing " + "; ".join(" | ".join(g) for g in missing)

    verbatim = at_offsets = 0
    bad: list[str] = []
    for cit in answer.citations:
        # A quote of the document's own details (paragraph 0) is checked against its stored metadata text.
        doc = text_of(metadata_key(cit.doc_id) if cit.paragraph == 0 else cit.doc_id)
        if doc is not None and cit.quote and cit.quote in doc:
            verbatim += 1
            at_offsets += doc[cit.start:cit.end] == cit.quote
        else:
            bad.append(f"[{cit.n}] {cit.doc_id}: {cit.quote[:80]}")
    if bad:  # shown in the failures table; "correct" itself is about the answer text (see README)
        why = "; ".join(filter(None, [why, f"{len(bad)} quote(s) not verbatim in the corpus"]))
    supported = None
    if item.expect != "refuse" and not answer.refused:
        supported = _supported(item, answer, text_of)

    texts = [p.text for p in answer.passages]
    ranks = [find_in_passages(ev, texts, passage_ranks(answer)) for ev in item.evidence]
    found = [r for r in ranks if r is not None]
    t = answer.timings
    return QuestionResult(
        id=item.id, question=item.question, history=item.history, expect=item.expect, split=item.split,
        got=got, correct=correct, why=why, answer=answer.answer, refused=answer.refused,
        conflict_flagged=bool(answer.conflicts), missing=missing, citations=len(answer.citations),
        citations_verbatim=verbatim, citations_at_offsets=at_offsets, bad_quotes=bad,
        citation_supported=supported, evidence_ranks=ranks, first_evidence_rank=min(found) if found else None,
        passages=len(texts), timings={s: getattr(t, s) for s in STAGES}, model=answer.model,
        failures=failure_kinds(item.expect, answer.refused, bool(answer.conflicts), bool(missing), bool(bad)),
        diagnostics=_plain(answer.diagnostics),
        verbatim_share=historian.verbatim_share(answer), span_correct=historian.span_correct(item, answer),
        short_correct=historian.short_correct(item, answer), conflict_correct=historian.conflict_correct(item, answer),
        structure_quotes=historian.structure_quotes(answer, getattr(text_of, "roles", None)),
        corroboration=answer.corroboration,
    )


def _plain(value):
    """Diagnostics as JSON-safe values (numpy scalars and tuples from the engine become floats and lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def error_result(item: EvalItem, message: str) -> QuestionResult:
    return QuestionResult(
        id=item.id, question=item.question, history=item.history, expect=item.expect, split=item.split,
        got="error", correct=False, why=f"error: {message}", error=message, failures=["error"],
    )


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def _pct(values: list[float], q: float) -> float | None:
    return None if not values else float(np.percentile(values, q))


def summarise(results: list[QuestionResult]) -> dict:
    """Every summary metric; a rate is None when nothing was eligible for it."""
    ok = [r for r in results if r.error is None]
    answerable = [r for r in ok if r.expect in ("answer", "conflict")]
    refuse = [r for r in ok if r.expect == "refuse"]
    conflict = [r for r in ok if r.expect == "conflict"]
    plain = [r for r in ok if r.expect in ("answer", "refuse")]  # a conflict here is a false one
    supported = [r for r in ok if r.citation_supported is not None]
    with_ev = [r for r in ok if r.evidence_ranks]
    cites = sum(r.citations for r in ok)
    by_expect = {
        kind: {"n": len(rs), "correct": _rate(sum(r.correct for r in rs), len(rs))}
        for kind in ("answer", "conflict", "refuse")
        if (rs := [r for r in ok if r.expect == kind])
    }
    recall = {}
    for k in (*RECALL_KS, None):
        hits = [
            sum(1 for rank in r.evidence_ranks if rank is not None and (k is None or rank <= k)) / len(r.evidence_ranks)
            for r in with_ev
        ]
        recall["all" if k is None else str(k)] = float(np.mean(hits)) if hits else None
    pairs = {  # numerator and denominator of each rate, shown beside the percentage
        "correct": (sum(r.correct for r in results), len(results)),
        "false_refusal_rate": (sum(r.refused for r in answerable), len(answerable)),
        "refusal_recall": (sum(r.refused for r in refuse), len(refuse)),
        "conflict_recall": (sum(r.conflict_flagged for r in conflict), len(conflict)),
        "false_conflict_rate": (sum(r.conflict_flagged for r in plain), len(plain)),
        "citation_precision": (sum(r.citations_verbatim for r in ok), cites),
        "span_correct": (sum(bool(r.span_correct) for r in answerable), len(answerable)),
        "short_correct": (sum(bool(r.short_correct) for r in answerable), len(answerable)),
        "conflict_correct": (sum(bool(r.conflict_correct) for r in conflict), len(conflict)),
        "false_conflict_flags": (sum(r.conflict_correct is False for r in ok), sum(r.conflict_flagged for r in ok)),
        "verbatim_answers": (sum(r.verbatim_share == 1.0 for r in ok if r.verbatim_share is not None),
                             sum(r.verbatim_share is not None for r in ok)),
    }
    latency = {}
    for stage in STAGES:
        vals = [r.timings[stage] for r in ok if r.timings.get(stage) is not None]
        latency[stage] = {"p50": _pct(vals, 50), "p95": _pct(vals, 95), "n": len(vals)}
    return {
        "n": len(results),
        "errors": len(results) - len(ok),
        **{key: _rate(*pairs[key]) for key in ("correct", "false_refusal_rate", "refusal_recall",
                                               "conflict_recall", "false_conflict_rate")},
        "by_expect": by_expect,
        **{key: _rate(*pairs[key]) for key in ("span_correct", "short_correct", "conflict_correct",
                                               "false_conflict_flags", "verbatim_answers")},
        "verbatim_share": float(np.mean(shares)) if (shares := [r.verbatim_share for r in ok
                                                                if r.verbatim_share is not None]) else None,
        "corroborated": sum(r.corroboration >= 2 for r in ok),
        "structure_quotes": sum(r.structure_quotes for r in ok),
        "citations": cites,
        "citation_precision": _rate(*pairs["citation_precision"]),
        "citation_offset_accuracy": _rate(sum(r.citations_at_offsets for r in ok), cites),
        "citation_support": _rate(sum(bool(r.citation_supported) for r in supported), len(supported)),
        "evidence_recall": recall,
        "mrr": float(np.mean([1 / r.first_evidence_rank if r.first_evidence_rank else 0.0 for r in with_ev]))
        if with_ev
        else None,
        "latency": latency,
        "counts": {key: {"num": num, "den": den} for key, (num, den) in pairs.items()},
        "failures": {kind: sum(kind in r.failures for r in results) for kind in FAILURE_KINDS},
    }
