"""Render an eval report: failures first, then the summary block, and the change against an earlier report."""
from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core.errors import InputError
from evals.metrics import FAILURE_KINDS

# Summary metrics where a smaller number is better.
LOWER_IS_BETTER = ("errors", "false_refusal_rate", "false_conflict_rate", "latency.", "failures.")
NEUTRAL = ("n", "citations")  # counts: shown, never coloured


def flatten(summary: dict, prefix: str = "") -> dict[str, float | None]:
    """{"latency": {"total": {"p50": 1.2}}} -> {"latency.total.p50": 1.2}; counts named n are dropped."""
    out: dict[str, float | None] = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif key != "n" or not prefix:
            out[name] = value
    return out


def _fmt(name: str, value) -> str:
    if value is None:
        return "–"
    if name.startswith("latency."):
        return f"{value:.2f}s"
    if isinstance(value, float) and not name.endswith(("mrr",)) and value <= 1.0:
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _got(result: dict) -> str:
    got = result["got"]
    if result.get("bad_quotes"):
        got += f" ({len(result['bad_quotes'])} bad quote(s))"
    return got


def is_failure(result: dict) -> bool:
    return not result["correct"] or bool(result.get("bad_quotes")) or bool(result.get("failures"))


def failure_counts_table(groups: list[tuple[str, list[dict]]], title: str = "Failures by kind (counts)") -> Table:
    """One row per (label, result rows): how many questions show each failure kind."""
    table = Table(title=title)
    table.add_column("", no_wrap=True)
    table.add_column("questions", justify="right")
    table.add_column("failed", justify="right")
    for kind in FAILURE_KINDS:
        table.add_column(kind, justify="right")
    for label, results in groups:
        failed = sum(1 for r in results if r.get("failures") or not r["correct"])
        counts = [sum(kind in r.get("failures", ()) for r in results) for kind in FAILURE_KINDS]
        table.add_row(label, str(len(results)), str(failed), *(str(c) if c else "·" for c in counts))
    return table


def failures_table(report: dict, show_report: bool = False, title: str = "Failures") -> Table | None:
    """The texts of failed questions: tune-split ones only, unless ``show_report`` (report-split failures
    are read as counts, so that nobody tunes on them)."""
    shown = [r for r in report["results"] if show_report or r.get("split") != "report"]
    failed = [r for r in shown if is_failure(r)]
    if not failed:
        return None
    table = Table(title=f"{title} ({len(failed)} of {len(shown)})", show_lines=True, expand=True)
    if any(r.get("corpus") for r in failed):
        table.add_column("corpus", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("question", ratio=3)
    table.add_column("expected", no_wrap=True)
    table.add_column("got", no_wrap=True)
    table.add_column("why", ratio=3)
    for r in failed:
        q = r["question"] if not r["history"] else f"{r['question']}  (after: {' / '.join(r['history'])})"
        why = r["why"]
        if r.get("bad_quotes"):
            why += "\nnot verbatim: " + "; ".join(r["bad_quotes"])
        if r["answer"]:
            why += f"\nanswer: {r['answer'][:200]}"
        if r.get("failures"):
            why = f"[{', '.join(r['failures'])}] {why}"
        cells = ([r.get("corpus", "")] if len(table.columns) == 6 else []) + [r["id"], q, r["expect"], _got(r), why]
        table.add_row(*(escape(c) for c in cells))  # texts are shown as they are, never read as rich markup
    return table


SUMMARY_ROWS = [
    ("span_correct", "span correct (short line or cited quotes)"),
    ("short_correct", "  in the short-answer line alone"),
    ("verbatim_share", "verbatim share (mean)"),
    ("verbatim_answers", "answers 100% verbatim"),
    ("conflict_correct", "conflict correct (like for like)"),
    ("false_conflict_flags", "flags not like for like"),
    ("corroborated", "answers with 2+ agreeing sources"),
    ("structure_quotes", "headings/signatures quoted as prose"),
    ("correct", "correct (previous metric)"),
    ("by_expect.answer.correct", "  correct: answer"),
    ("by_expect.conflict.correct", "  correct: conflict"),
    ("by_expect.refuse.correct", "  correct: refuse"),
    ("false_refusal_rate", "false refusal rate"),
    ("refusal_recall", "refused the unanswerable"),
    ("conflict_recall", "conflict recall"),
    ("false_conflict_rate", "false conflict rate"),
    ("citation_precision", "citation precision (verbatim)"),
    ("citation_offset_accuracy", "citation offsets exact"),
    ("citation_support", "citation support"),
    ("evidence_recall.1", "evidence recall@1"),
    ("evidence_recall.3", "evidence recall@3"),
    ("evidence_recall.5", "evidence recall@5"),
    ("evidence_recall.all", "evidence recall@all"),
    ("mrr", "MRR"),
    ("errors", "errors"),
]


def summary_table(report: dict) -> Table:
    s = report["summary"]
    flat = flatten(s)
    table = Table(title=f"Summary: {s['n']} questions, model {report.get('model') or '?'}", show_header=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    counts = s.get("counts", {})
    for key, label in SUMMARY_ROWS:
        if key in flat:
            value = _fmt(key, flat[key])
            if key in counts and counts[key]["den"]:
                value += f" ({counts[key]['num']}/{counts[key]['den']})"
            table.add_row(label, value)
    table.add_row("citations shown", str(s["citations"]))
    for stage, lat in s["latency"].items():
        if lat["n"]:
            table.add_row(f"latency {stage} p50 / p95", f"{lat['p50']:.2f}s / {lat['p95']:.2f}s")
    return table


def load_report(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: report to compare against not found") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable JSON report ({exc})") from None
    if not isinstance(data, dict) or "summary" not in data or "results" not in data:
        raise InputError(f"{path}: not an eval report (needs 'summary' and 'results'; write one with --json)")
    return data


def compare(old: dict, new: dict) -> dict:
    """Metric deltas (new - old) and the questions that changed outcome."""
    a, b = flatten(old["summary"]), flatten(new["summary"])
    metrics = {}
    for key in b:
        before, after = a.get(key), b.get(key)
        delta = None if before is None or after is None else after - before
        better = None
        if delta:
            better = (delta < 0) if key.startswith(LOWER_IS_BETTER) else (delta > 0)
        metrics[key] = {"before": before, "after": after, "delta": delta, "better": better}
    was = {_key(r): r["correct"] for r in old["results"]}
    now = {_key(r): r["correct"] for r in new["results"]}
    common = was.keys() & now.keys()
    return {
        "metrics": metrics,
        "fixed": sorted(i for i in common if now[i] and not was[i]),
        "broken": sorted(i for i in common if was[i] and not now[i]),
        "only_before": sorted(was.keys() - now.keys()),
        "only_now": sorted(now.keys() - was.keys()),
    }


def _key(result: dict) -> str:
    return f"{result['corpus']}/{result['id']}" if result.get("corpus") else result["id"]


def compare_table(diff: dict, label: str) -> Table:
    table = Table(title=f"Change against {label}")
    table.add_column("metric")
    table.add_column("before", justify="right")
    table.add_column("now", justify="right")
    table.add_column("change", justify="right")
    for key, m in diff["metrics"].items():
        if key.endswith(".n") or key.startswith("counts.") or (m["before"] is None and m["after"] is None):
            continue
        d = m["delta"]
        if d is None or d == 0:
            change = "" if d is None else "="
        else:
            if isinstance(d, int):
                text = f"{d:+d}"
            elif key.startswith("latency."):
                text = f"{d:+.2f}s"
            elif key == "mrr":
                text = f"{d:+.3f}"
            else:
                text = f"{d * 100:+.0f} pts"
            change = text if key in NEUTRAL else f"[{'green' if m['better'] else 'red'}]{text}[/]"
        table.add_row(key, _fmt(key, m["before"]), _fmt(key, m["after"]), change)
    return table


def render(report: dict, console: Console, diff: dict | None = None, diff_label: str = "",
           show_report: bool = False) -> None:
    table = failures_table(report, show_report)
    if table is not None:
        console.print(table)
    elif not any(is_failure(r) for r in report["results"]):
        console.print("[green]No failures.[/]")

    console.print(failure_counts_table([("all", report["results"])]))
    console.print(summary_table(report))
    if diff is not None:
        print_compare(diff, diff_label, console)


def print_compare(diff: dict, label: str, console: Console) -> None:
    console.print(compare_table(diff, label))
    for name in ("fixed", "broken", "only_before", "only_now"):
        if diff[name]:
            console.print(f"{name.replace('_', ' ')}: {', '.join(diff[name])}")


def write_json(report: dict, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
