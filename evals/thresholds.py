"""CI thresholds: ``--min-correct 0.6`` and friends make the exit code fail below the bar."""
from __future__ import annotations

from evals.report import flatten

# (command-line flag, summary key, "min" | "max", help)
THRESHOLDS = [
    ("--min-correct", "correct", "min", "share of questions answered correctly"),
    ("--max-false-refusal", "false_refusal_rate", "max", "share of answerable questions refused"),
    ("--min-refusal-recall", "refusal_recall", "min", "share of unanswerable questions refused"),
    ("--min-conflict-recall", "conflict_recall", "min", "share of conflict questions flagged"),
    ("--max-false-conflict", "false_conflict_rate", "max", "share of answer and refuse questions flagged as conflicts"),
    ("--min-citation-precision", "citation_precision", "min", "share of quotes verbatim in the corpus"),
    ("--min-citation-support", "citation_support", "min", "share of answers whose quotes support them"),
    ("--min-evidence-recall", "evidence_recall.all", "min", "share of evidence strings retrieved"),
    ("--min-mrr", "mrr", "min", "mean reciprocal rank of the first evidence passage"),
    ("--max-p95-total", "latency.total.p95", "max", "95th percentile total seconds per question"),
    ("--max-errors", "errors", "max", "questions that raised an error"),
    ("--max-structure-quotes", "structure_quotes", "max", "quotes that are a heading, signature or catalogue line"),
]


def dest(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


def check(summary: dict, limits: dict[str, float | None]) -> list[str]:
    """One line per breached threshold. ``limits`` maps dest(flag) -> value (None = not set).

    A metric with nothing to measure (e.g. no conflict questions selected) does not fail its threshold.
    """
    flat = flatten(summary)
    failures = []
    for flag, key, kind, _ in THRESHOLDS:
        limit = limits.get(dest(flag))
        value = flat.get(key)
        if limit is None or value is None:
            continue
        if (kind == "min" and value < limit) or (kind == "max" and value > limit):
            failures.append(f"{key} = {value:.3g} is {'below' if kind == 'min' else 'above'} {flag} {limit:g}")
    return failures
