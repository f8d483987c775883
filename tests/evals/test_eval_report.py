"""Report rendering, --compare, thresholds and the command's input errors."""
import json

from rich.console import Console

from corroborate.cli import main
from evals.dataset import EvalItem
from evals.metrics import QuestionResult, summarise
from evals.report import compare, load_report, render, write_json
from evals.thresholds import check


def result(id, correct, expect="answer", got=None, total=1.0, refused=False, why="", bad=()):
    return QuestionResult(
        id=id, question=f"What about {id}?", expect=expect, split="report", got=got or ("refused" if refused else "answer"),
        correct=correct, why=why, answer="The answer text.", refused=refused, citations=1,
        citations_verbatim=1 - len(bad), bad_quotes=list(bad), timings={"total": total, "retrieve": 0.2},
    )


def report_of(results):
    return {"source": "x.jsonl", "model": "m", "summary": summarise(results), "results": [r.model_dump() for r in results]}


OLD = report_of([result("a", True), result("b", False, why="missing Lin Biao"), result("c", True, total=3.0)])
NEW = report_of([
    result("a", False, refused=True, why="refused an answerable question"),
    result("b", True),
    result("c", True, total=1.0),
    result("d", True, bad=["[1] d1: paraphrase"], why="1 quote(s) not verbatim in the corpus"),
])


def test_report_split_failures_are_counted_not_shown_by_default():
    console = Console(record=True, width=200)
    render(NEW, console)
    out = console.export_text()
    assert "What about a?" not in out and "paraphrase" not in out  # report split: no texts
    assert "Failures by kind" in out
    row = next(line for line in out.splitlines() if line.strip().startswith("│ all") or line.strip().startswith("all"))
    assert "4" in row  # questions counted


def test_failures_table_first_then_summary():
    console = Console(record=True, width=160)
    render(NEW, console, show_report=True)
    out = console.export_text()
    assert out.index("Failures (2 of 4)") < out.index("Summary: 4 questions")
    assert "What about a?" in out and "refused an answerable question" in out
    assert "not verbatim: [1] d1: paraphrase" in out  # a bad quote is listed even when the text was right
    assert "What about b?" not in out.split("Summary")[0]
    assert "false refusal rate" in out and "latency total p50 / p95" in out


def test_compare_deltas_and_changed_questions(tmp_path):
    path = tmp_path / "old.json"
    write_json(OLD, path)
    diff = compare(load_report(path), NEW)
    assert diff["fixed"] == ["b"] and diff["broken"] == ["a"] and diff["only_now"] == ["d"]
    m = diff["metrics"]
    assert m["correct"]["before"] == 2 / 3 and m["correct"]["after"] == 3 / 4 and m["correct"]["better"] is True
    assert m["false_refusal_rate"]["delta"] == 0.25 and m["false_refusal_rate"]["better"] is False
    assert m["latency.total.p95"]["delta"] < 0 and m["latency.total.p95"]["better"] is True
    console = Console(record=True, width=160)
    render(NEW, console, diff, str(path), show_report=True)
    out = console.export_text()
    assert "Change against" in out and "+8 pts" in out and "fixed: b" in out and "broken: a" in out


def test_load_report_rejects_non_reports(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}))
    for path, reason in ((bad, "not an eval report"), (tmp_path / "none.json", "not found")):
        try:
            load_report(path)
        except Exception as exc:
            assert reason in str(exc)
        else:
            raise AssertionError("expected an error")


def test_thresholds():
    s = NEW["summary"]  # correct 0.75, false refusal 1/3, precision 3/4
    assert check(s, {"min_correct": 0.7, "max_false_refusal": 0.5}) == []
    failed = check(s, {"min_correct": 0.8, "max_false_refusal": 0.2, "min_citation_precision": 1.0,
                       "min_conflict_recall": 1.0})  # no conflict questions: not measured, not failed
    assert len(failed) == 3
    assert any("correct = 0.75 is below --min-correct 0.8" in f for f in failed)
    assert any("false_refusal_rate" in f and "above --max-false-refusal" in f for f in failed)


def test_cli_reports_bad_eval_file_lines(tmp_path, capsys):
    good = EvalItem(id="a", question="Q?", expect="refuse").model_dump_json()
    path = tmp_path / "qa.jsonl"
    path.write_text(good + "\n" + '{"id": "b", "question": "Q?", "expect": "answer"}\n')
    assert main(["eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: 1 bad line" in err and "line 2: " in err and "needs at least one must_include group" in err
    assert "Traceback" not in err


def test_cli_rejects_bad_selection_and_compare(tmp_path, capsys):
    path = tmp_path / "qa.jsonl"
    path.write_text(EvalItem(id="a", question="Q?", expect="refuse").model_dump_json() + "\n")
    assert main(["eval", str(path), "--ids", "zz"]) == 2
    assert "unknown id(s): zz" in capsys.readouterr().err
    assert main(["eval", str(path), "--compare", str(tmp_path / "missing.json")]) == 2
    assert "not found" in capsys.readouterr().err
