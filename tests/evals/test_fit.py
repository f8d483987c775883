"""`python -m evals.fit`: the fitted file holds the parameters, the threshold and how they were made."""
import json

from evals import fit


def _report(tmp_path, rows):
    path = tmp_path / "tune.json"
    path.write_text(json.dumps({"suite": "x", "results": rows}))
    return str(path)


def _row(i, expect, coverage_, corpus="a"):
    diag = {f: 0.5 for f in fit.REFUSAL_FEATURES} | {"found_coverage": coverage_, "n_found": 1.0}
    return {"corpus": corpus, "id": f"q{i}", "split": "tune", "expect": expect, "got": "answer", "diagnostics": diag}


def test_fit_writes_parameters_that_separate_the_tune_rows(tmp_path):
    rows = [_row(i, "refuse", 0.05 + 0.01 * i) for i in range(6)] + \
           [_row(10 + i, "answer", 0.6 + 0.01 * i, corpus="b") for i in range(12)] + \
           [dict(_row(99, "refuse", 0.0), split="report")]  # a report row is never read
    out = tmp_path / "fitted"
    out.mkdir()
    assert fit.main([_report(tmp_path, rows), "--out", str(out)]) == 0
    data = json.loads((out / "refusal.json").read_text())
    assert data["provenance"]["rows"] == 18 and data["provenance"]["split"] == "tune"
    assert data["provenance"]["corpora"] == ["a", "b"] and "evals.fit" in data["provenance"]["made_by"]
    from app.checks.decision import FittedDecision

    model = FittedDecision.load("refusal", out)
    assert model.decide({f: 0.5 for f in data["features"]} | {"found_coverage": 0.02})[0]
    assert not model.decide({f: 0.5 for f in data["features"]} | {"found_coverage": 0.7})[0]
    assert not (out / "conflict.json").exists()


def test_rows_where_no_pick_passed_are_left_out_of_the_fit(tmp_path):
    rows = [_row(i, "refuse", 0.05 + 0.01 * i) for i in range(6)] + \
           [_row(10 + i, "answer", 0.6 + 0.01 * i, corpus="b") for i in range(12)]
    rows[0]["diagnostics"]["n_found"] = 0.0  # refused by the span checks whatever the decision says
    out = tmp_path / "fitted"
    out.mkdir()
    assert fit.main([_report(tmp_path, rows), "--out", str(out)]) == 0
    assert json.loads((out / "refusal.json").read_text())["provenance"]["rows"] == 17


def test_leave_one_corpus_out_decides_each_corpus_with_a_model_fitted_on_the_others(tmp_path, capsys):
    rows = [_row(i, "refuse", 0.05 + 0.01 * i, corpus=c) for c in "abc" for i in range(4)] + \
           [_row(10 + i, "answer", 0.6 + 0.01 * i, corpus=c) for c in "abc" for i in range(8)]
    out = tmp_path / "fitted"
    out.mkdir()
    assert fit.main([_report(tmp_path, rows), "--out", str(out), "--features", "found_coverage", "--loco"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("held out") == 3 and "'false_positive': 0" in printed
    assert not (out / "refusal.json").exists()  # --loco writes nothing
    assert fit.main([_report(tmp_path, rows), "--out", str(out), "--features", "found_coverage"]) == 0
    data = json.loads((out / "refusal.json").read_text())
    assert data["features"] == ["found_coverage"] and set(data["provenance"]["leave_one_corpus_out"]) == {"a", "b", "c"}
    assert fit.main([_report(tmp_path, rows), "--out", str(out), "--features", "nonsense"]) == 1
