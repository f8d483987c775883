"""evals.features.load_rows: one row per question of a --json report, for fitting the decision on the tune split."""
import json

import pytest

from core.errors import InputError
from evals.features import load_rows


def result(id, split, expect="answer", got="answer", corpus="c", diagnostics=None):
    return {"id": id, "corpus": corpus, "split": split, "expect": expect, "got": got,
            "diagnostics": diagnostics if diagnostics is not None else {"score": 0.5}}


def write(tmp_path, results, **extra):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"summary": {}, "results": results, **extra}))
    return path


def test_tune_rows_by_default_and_every_split_on_request(tmp_path):
    path = write(tmp_path, [result("a", "tune"), result("b", "report", expect="refuse", got="refused")], corpora=[])
    assert load_rows(path) == [{"corpus": "c", "id": "a", "expect": "answer", "got": "answer", "split": "tune",
                                "score": 0.5}]
    assert [r["id"] for r in load_rows(path, split=None)] == ["a", "b"]
    assert load_rows(path, split="report")[0]["got"] == "refused"
    with pytest.raises(ValueError):
        load_rows(path, split="dev")


def test_errors_left_out_and_labels_never_overwritten(tmp_path):
    path = write(tmp_path, [
        result("a", "tune", got="error", diagnostics={}),
        result("b", "tune", diagnostics={"expect": "x", "nested": {"k": [1, 2]}}),
    ])
    rows = load_rows(path)
    assert [r["id"] for r in rows] == ["b"]
    assert rows[0]["expect"] == "answer" and rows[0]["diag.expect"] == "x" and rows[0]["nested.k"] == [1, 2]
    assert [r["id"] for r in load_rows(path, include_errors=True)] == ["a", "b"]


def test_a_single_file_report_names_its_source_as_corpus(tmp_path):
    r = result("a", "tune")
    del r["corpus"]
    path = write(tmp_path, [r], source="evals/qa.jsonl")
    assert load_rows(path)[0]["corpus"] == "evals/qa.jsonl"


def test_bad_paths_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="eval report not found"):
        load_rows(tmp_path / "none.json")
    (tmp_path / "x.json").write_text("[1]")
    with pytest.raises(InputError, match="not an eval report"):
        load_rows(tmp_path / "x.json")
