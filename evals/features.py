"""Rows for fitting the refusal/conflict decision: one per question of a ``--json`` eval report.

    from evals.features import load_rows
    rows = load_rows("runs/tune.json")                  # tune split only (the default)
    rows = load_rows("runs/full.json", split=None)      # every split
    # row: {"corpus", "id", "expect", "got", "split", **Answer.diagnostics}

``expect`` is the label ("answer" | "conflict" | "refuse"); ``got`` is what the engine did ("answer" |
"conflict" | "refused"). Nested diagnostics are flattened with dots ({"a": {"b": 1}} -> "a.b"); lists are
kept as they are. A diagnostic named like one of the five fixed keys is stored as "diag.<name>" so that it
never overwrites a label. Questions that raised an error carry no diagnostics and are left out unless
``include_errors``. Fit on the tune split; the report split is for reporting.
"""
from __future__ import annotations

import json
from pathlib import Path

from core.errors import InputError

FIXED = ("corpus", "id", "expect", "got", "split")


def flatten_diagnostics(diagnostics: dict, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in diagnostics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten_diagnostics(value, name + "."))
        else:
            out[name] = value
    return out


def rows_of(report: dict, split: str | None = "tune", include_errors: bool = False) -> list[dict]:
    """``load_rows`` on a report already read."""
    if split not in (None, "tune", "report"):
        raise ValueError(f"split must be 'tune', 'report' or None; got {split!r}")
    default_corpus = "" if "corpora" in report else report.get("source", "")
    rows = []
    for r in report["results"]:
        if split is not None and r.get("split") != split:
            continue
        if r.get("got") == "error" and not include_errors:
            continue
        row = {"corpus": r.get("corpus") or default_corpus, "id": r["id"], "expect": r["expect"],
               "got": r["got"], "split": r.get("split", "report")}
        for key, value in flatten_diagnostics(r.get("diagnostics") or {}).items():
            row[f"diag.{key}" if key in FIXED else key] = value
        rows.append(row)
    return rows


def load_rows(report_json_path: str | Path, split: str | None = "tune", include_errors: bool = False) -> list[dict]:
    """One row per question of the report written by ``corroborate eval ... --json PATH``."""
    path = Path(report_json_path)
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: eval report not found (write one with `corroborate eval --suite ... --json`)") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable JSON report ({exc})") from None
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise InputError(f"{path}: not an eval report (no 'results' list)")
    return rows_of(report, split=split, include_errors=include_errors)
