"""Multi-corpus tables: rates with their counts, failure counts by kind, failure texts for the tune split only."""
from rich.console import Console

from evals.metrics import QuestionResult, failure_kinds, summarise
from evals.suite_report import render_suite


def res(corpus, id, expect, split, got, correct, missing=False, bad=()):
    refused, conflict = got == "refused", got == "conflict"
    return QuestionResult(
        id=id, corpus=corpus, question=f"Question {id}?", expect=expect, split=split, got=got, correct=correct,
        why="" if correct else "wrong", answer="" if refused else f"answer to {id}", refused=refused,
        conflict_flagged=conflict, citations=1, citations_verbatim=1 - len(bad), bad_quotes=list(bad),
        timings={"total": 2.0 if corpus == "alpha" else 4.0},
        failures=failure_kinds(expect, refused, conflict, missing, bool(bad)),
    )


ALPHA = [
    res("alpha", "a1", "answer", "report", "answer", True),
    res("alpha", "a2", "answer", "report", "refused", False),  # wrong refusal, report split
    res("alpha", "a3", "conflict", "report", "answer", True),  # missed conflict
    res("alpha", "a4", "refuse", "report", "refused", True),
    res("alpha", "a5", "answer", "tune", "answer", False, missing=True),  # missing content, tune split
]
BETA = [
    res("beta", "b1", "refuse", "report", "conflict", False),  # missed refusal + false conflict
    res("beta", "b2", "conflict", "report", "conflict", True),
    res("beta", "b3", "answer", "tune", "answer", True, bad=["[1] d: not in corpus"]),  # bad quote
]


def report(results, splits=("tune", "report")):
    def by_split(rs):
        return {s: summarise(x) for s in splits if (x := [r for r in rs if r.split == s])}

    corpora = []
    for name in ("alpha", "beta"):
        mine = [r for r in results if r.corpus == name]
        corpora.append({"name": name, "summary": summarise(mine), "by_split": by_split(mine)})
    return {"splits": list(splits), "model": "m", "summary": summarise(results), "by_split": by_split(results),
            "corpora": corpora, "results": [r.model_dump() for r in results]}


def rendered(rep, show_report=False):
    console = Console(record=True, width=240)
    render_suite(rep, console, show_report)
    return console.export_text()


def row(text, *starts):
    for line in text.splitlines():
        cells = [c.strip() for c in line.replace("┃", "│").strip().split("│")[1:-1]]
        if cells[:len(starts)] == list(starts):
            return cells
    raise AssertionError(f"no row {starts} in\n{text}")


def test_per_corpus_rows_show_rates_with_counts():
    out = rendered(report(ALPHA + BETA))
    cells = row(out, "alpha", "report")
    # n, then (after the four historian columns) correct, false refusals, unanswerable refused, conflict recall,
    # false conflicts, quotes verbatim; then corroborated and p50
    assert cells[2] == "4"
    assert cells[7:13] == ["75% (3/4)", "33% (1/3)", "100% (1/1)", "0% (0/1)", "0% (0/3)", "100% (4/4)"]
    assert cells[14] == "2.0s"
    cells = row(out, "beta", "report")
    assert [cells[2], *cells[7:12]] == ["2", "50% (1/2)", "0% (0/1)", "0% (0/1)", "100% (1/1)", "100% (1/1)"]
    assert row(out, "beta", "tune")[12] == "0% (0/1)"  # the bad quote


def test_all_corpora_table_has_a_row_per_split_and_both():
    out = rendered(report(ALPHA + BETA))
    assert "All corpora (2)" in out
    pick = lambda cells: [cells[2], cells[7]]  # noqa: E731 (n, correct)
    assert pick(row(out, "all corpora", "report")) == ["6", "67% (4/6)"]
    assert pick(row(out, "all corpora", "tune")) == ["2", "50% (1/2)"]
    assert pick(row(out, "all corpora", "both")) == ["8", "62% (5/8)"]


def test_failure_counts_by_kind():
    out = rendered(report(ALPHA + BETA))
    header = row(out, "", "questions")
    kinds = header[3:]
    assert kinds == ["wrong refusal", "missed refusal", "missed conflict", "false conflict", "missing content",
                     "bad quote", "error"]
    counts = dict(zip(kinds, row(out, "alpha report")[3:]))
    assert row(out, "alpha report")[1:3] == ["4", "2"]
    assert counts == {"wrong refusal": "1", "missed refusal": "·", "missed conflict": "1", "false conflict": "·",
                      "missing content": "·", "bad quote": "·", "error": "·"}
    counts = dict(zip(kinds, row(out, "all report")[3:]))
    assert counts["missed refusal"] == "1" and counts["false conflict"] == "1" and counts["wrong refusal"] == "1"


def test_failure_texts_only_for_the_tune_split_unless_asked():
    out = rendered(report(ALPHA + BETA))
    assert "Question a5?" in out and "[missing content] wrong" in out  # tune failure: shown, with its kind
    assert "Question b3?" in out and "not in corpus" in out  # a bad quote on the tune split: shown
    for hidden in ("Question a2?", "Question a3?", "Question b1?"):  # report failures: counted only
        assert hidden not in out
    assert "3 report-split failure(s) counted below, texts not shown" in out
    shown = rendered(report(ALPHA + BETA), show_report=True)
    assert "Question a2?" in shown and "Question b1?" in shown and "texts not shown" not in shown


def test_single_split_run_has_no_both_row():
    rep = report([r for r in ALPHA + BETA if r.split == "report"], splits=("report",))
    out = rendered(rep)
    assert "both" not in out and row(out, "all corpora", "report")[2] == "6"
    assert "Failures," not in out  # no tune questions, so no failure texts at all
