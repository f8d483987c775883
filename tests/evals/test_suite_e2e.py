"""End to end, real everything: `corroborate eval --suite` on 2 questions of one dev corpus, ingested into a temp
data dir, through the real engine and default LLM. Skipped when ../shared/dev-corpora is absent."""
import json
from pathlib import Path

import pytest
from rich.console import Console

from corroborate.cli import build_parser
from corroborate.commands.eval import execute

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "dev-corpora" / "little-bighorn"


@pytest.mark.llm
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/dev-corpora is not here")
def test_suite_on_two_questions_of_one_dev_corpus(tmp_path):
    suite = tmp_path / "suite.toml"
    suite.write_text(f'[[corpus]]\nname = "little-bighorn"\ncorpus_dir = "{CORPUS}"\n'
                     f'qa = ["{CORPUS / "qa.jsonl"}", "{ROOT / "evals/dev/little-bighorn.jsonl"}"]\n'
                     f'data_dir = "{tmp_path / "store"}"\n')
    out = tmp_path / "report.json"
    args = build_parser().parse_args(["eval", "--suite", str(suite), "--ids", "lb01,lbx08", "--json", str(out)])
    console = Console(record=True, width=200)
    assert execute(args, console=console) == 0
    text = console.export_text()
    assert "Per corpus" in text and "All corpora (1)" in text and "Failures by kind" in text
    report = json.loads(out.read_text())
    rows = {r["id"]: r for r in report["results"]}
    assert set(rows) == {"lb01", "lbx08"}
    assert rows["lbx08"]["expect"] == "refuse" and rows["lb01"]["split"] == "tune"
    assert all(r["corpus"] == "little-bighorn" and isinstance(r["diagnostics"], dict) for r in rows.values())
    assert report["corpora"][0]["ingest"]["documents"] == 6
    assert report["summary"]["citation_precision"] in (None, 1.0)
    assert report["summary"]["structure_quotes"] == 0  # no heading or signature quoted as the source's words
