"""CI gate: the fast subset ("ci": true in evals/qa.jsonl) through the real engine and default model.

Thresholds (8 questions: 4 answer, 1 conflict, 3 refuse), a regression gate at the level the pointing design
measured at this commit (2 of 8 correct, 1 of 5 answerable refused, no unanswerable refused, the conflict not
flagged; docs/evaluation.md):
- correct >= 0.25; false refusal rate <= 0.2; no question errors;
- citation precision == 1.0 and every answer 100% verbatim (by construction; measured anyway);
- no heading, headnote, signature, catalogue line or margin note quoted as a source's words.
Refusing the unanswerable and flagging the Shtykov/Kovalev disagreement are not gated: the 1.5B model does
neither on this subset today (README, limitations).
"""
import json
from pathlib import Path

import pytest
from rich.console import Console

from corroborate.cli import build_parser
from corroborate.commands.eval import execute

QA = Path(__file__).resolve().parents[2] / "evals" / "qa.jsonl"
GATE = ["--min-correct", "0.25", "--min-citation-precision", "1.0", "--max-false-refusal", "0.2", "--max-errors", "0",
        "--max-structure-quotes", "0"]


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
    assert s["correct"] >= 0.25 and s["false_refusal_rate"] <= 0.2
    assert s["structure_quotes"] == 0
    assert s["verbatim_answers"] == 1.0, "an answer held words of the product's own beside the sources' quotes"
