"""CI gate: the fast subset ("ci": true in evals/qa.jsonl) through the real engine and default model.

Thresholds (8 questions: 4 answer, 1 conflict, 3 refuse), chosen to be defensible on a 1.5B model:
- correct >= 0.5: at least 4 of 8, a regression gate one question below the level measured at this commit (5 of 8,
  twice);
- citation precision == 1.0: every displayed quote is verbatim in the cleaned corpus (by construction; measured anyway);
- refusal recall >= 0.33: at least 1 of the 3 unanswerable questions refused (measured: 2 of 3; the fitted refusal
  decision, app/checks/fitted/refusal.json, catches about a third of unanswerable questions held out by corpus);
- false refusal rate <= 0.2: at most 1 of the 5 answerable questions refused;
- conflict recall == 1.0: the Shtykov/Kovalev disagreement is flagged;
- no question errors.
"""
import json
from pathlib import Path

import pytest
from rich.console import Console

from corroborate.cli import build_parser
from corroborate.commands.eval import execute

QA = Path(__file__).resolve().parents[2] / "evals" / "qa.jsonl"
GATE = ["--min-correct", "0.5", "--min-refusal-recall", "0.33", "--min-citation-precision", "1.0",
        "--max-false-refusal", "0.2", "--min-conflict-recall", "1.0", "--max-errors", "0"]


@pytest.mark.llm
def test_ci_subset_meets_thresholds(engine, artifacts_dir):
    out = artifacts_dir / "eval_ci.json"
    args = build_parser().parse_args(["eval", str(QA), "--ci", "--json", str(out), *GATE])
    console = Console(record=True, width=160)
    code = execute(args, engine=engine, console=console)
    text = console.export_text()
    report = json.loads(out.read_text(encoding="utf-8"))
    s = report["summary"]
    assert "Summary: 8 questions" in text
    assert s["n"] == 8 and s["errors"] == 0
    assert s["citations"] > 0, "no quotes shown at all: citation precision would be vacuous"
    assert s["citation_precision"] == 1.0, [r["bad_quotes"] for r in report["results"] if r["bad_quotes"]]
    assert code == 0, f"thresholds failed: {report['thresholds']['failed']}\n{text}"
    assert s["correct"] >= 0.5 and s["false_refusal_rate"] <= 0.2 and s["refusal_recall"] >= 0.33
    assert s["conflict_recall"] == 1.0
