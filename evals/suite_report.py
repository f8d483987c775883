"""Render a multi-corpus report: a table per corpus and split, the all-corpora table, failure counts by kind,
and failure texts for the tune split only (report-split failures are read as counts)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from evals.report import failure_counts_table, failures_table

# (summary key, column header); each rate is shown with its count, e.g. "60% (9/15)".
COLUMNS = [
    ("span_correct", "span correct"),
    ("verbatim_answers", "verbatim 100%"),
    ("conflict_correct", "conflict correct"),
    ("false_conflict_flags", "flags not like-for-like"),
    ("correct", "correct (old)"),
    ("false_refusal_rate", "false refusals"),
    ("refusal_recall", "unanswerable refused"),
    ("conflict_recall", "conflict recall"),
    ("false_conflict_rate", "false conflicts"),
    ("citation_precision", "quotes verbatim"),
]


def rate_cell(summary: dict, key: str) -> str:
    """``"60% (9/15)"``; ``"–"`` when nothing was eligible (e.g. no conflict questions)."""
    count = summary.get("counts", {}).get(key)
    value = summary.get(key)
    if value is None or not count or not count["den"]:
        return "–"
    return f"{value:.0%} ({count['num']}/{count['den']})"


def p50_cell(summary: dict) -> str:
    p50 = summary.get("latency", {}).get("total", {}).get("p50")
    return "–" if p50 is None else f"{p50:.1f}s"


def metrics_table(rows: list[tuple[str, str, dict]], title: str) -> Table:
    """One row per (corpus, split, summary)."""
    table = Table(title=title)
    table.add_column("corpus", no_wrap=True)
    table.add_column("split", no_wrap=True)
    table.add_column("n", justify="right")
    for _key, header in COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("corroborated", justify="right")
    table.add_column("p50 total", justify="right")
    table.add_column("errors", justify="right")
    for corpus, split, s in rows:
        table.add_row(corpus, split, str(s["n"]), *(rate_cell(s, key) for key, _ in COLUMNS),
                      str(s.get("corroborated", 0)), p50_cell(s),
                      str(s.get("errors", 0)))
    return table


def _split_label(splits: list[str]) -> str:
    return splits[0] if len(splits) == 1 else "both"


def render_suite(report: dict, console: Console, show_report: bool = False) -> None:

    splits = report["splits"]
    results = report["results"]
    for corpus in report["corpora"]:
        mine = [r for r in results if r["corpus"] == corpus["name"]]
        table = failures_table({"results": mine}, show_report, title=f"Failures, {corpus['name']}")
        if table is not None:
            console.print(table)
    hidden = sum(1 for r in results if r["split"] == "report" and (r.get("failures") or not r["correct"]))
    if hidden and not show_report:
        console.print(f"{hidden} report-split failure(s) counted below, texts not shown "
                      "(--show-report-failures shows them).")

    per_corpus, groups = [], []
    for corpus in report["corpora"]:
        for split in splits:
            if split in corpus["by_split"]:
                per_corpus.append((corpus["name"], split, corpus["by_split"][split]))
                groups.append((f"{corpus['name']} {split}",
                               [r for r in results if r["corpus"] == corpus["name"] and r["split"] == split]))
    console.print(metrics_table(per_corpus, "Per corpus"))
    overall = [("all corpora", split, report["by_split"][split]) for split in splits if split in report["by_split"]]
    if len(overall) > 1:
        overall.append(("all corpora", _split_label(splits), report["summary"]))
    console.print(metrics_table(overall, f"All corpora ({len(report['corpora'])}), model {report.get('model') or '?'}"))
    groups += [(f"all {split}", [r for r in results if r["split"] == split]) for split in splits]
    console.print(failure_counts_table(groups))
