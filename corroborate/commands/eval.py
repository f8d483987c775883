"""`corroborate eval`: run the eval suite of known Q&A pairs through the answer engine."""
from __future__ import annotations

import argparse
import sys

from evals.thresholds import THRESHOLDS, dest


def _ids(value: str) -> list[str]:
    ids = [part.strip() for part in value.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("give comma-separated question ids, e.g. q01,q07")
    return ids


def _number(cast, low: float | None = None, high: float | None = None, hint: str = ""):
    """An argparse type: ``cast(value)`` within [low, high], else a one-line reason."""

    def convert(value: str):
        try:
            x = cast(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {'whole ' if cast is int else ''}number: {value!r}") from None
        if (low is not None and x < low) or (high is not None and x > high):
            raise argparse.ArgumentTypeError(hint or f"out of range: {value}")
        return x

    return convert


_positive = _number(int, 1, None, "must be at least 1")
_rate = _number(float, 0.0, 1.0, "a rate between 0 and 1 (e.g. 0.6 for 60%)")
_nonnegative = _number(float, 0.0, None, "must not be negative")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default="evals/qa.jsonl", help="eval file, JSONL (default: evals/qa.jsonl)")
    parser.add_argument("--json", metavar="PATH", help="write the full report as JSON")
    parser.add_argument("--compare", metavar="PATH", help="show the change against an earlier --json report")
    parser.add_argument("--split", choices=["tune", "report"], help="only questions of this split")
    parser.add_argument("--ci", action="store_true", help='only the fast CI subset (items with "ci": true)')
    parser.add_argument("--ids", type=_ids, metavar="ID,ID", help="only these question ids")
    parser.add_argument("--limit", type=_positive, metavar="N", help="only the first N selected questions")
    gate = parser.add_argument_group("thresholds (exit code 1 when breached; rates are 0..1)")
    for flag, _key, _kind, help_text in THRESHOLDS:
        kind = _nonnegative if flag in ("--max-p95-total", "--max-errors") else _rate
        gate.add_argument(flag, type=kind, dest=dest(flag), metavar="X", help=help_text)


def execute(args: argparse.Namespace, engine=None, console=None) -> int:
    """The command's body; ``engine`` may be passed in (tests share one engine)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from core.settings import get_settings
    from evals import report as rep
    from evals.dataset import load_dataset, select
    from evals.runner import docstore_text_of, run_eval
    from evals.thresholds import check

    if console is None:
        console = Console()
        if not console.is_terminal:  # piped to a file or CI log: wide enough for the failures table
            console = Console(width=160)
    items = select(load_dataset(args.path), split=args.split, ids=args.ids, ci=args.ci, limit=args.limit)
    earlier = rep.load_report(args.compare) if args.compare else None  # fail fast on a bad path

    own_engine = engine is None
    if own_engine:
        from app.engine import Engine

        engine = Engine(get_settings())
    try:
        text_of = docstore_text_of(engine.settings)
        with Progress(
            TextColumn("[bold]eval"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=console, transient=True,
        ) as progress:
            task = progress.add_task(items[0].id, total=len(items))
            done = {"n": 0}

            def on_result(result) -> None:
                done["n"] += 1
                mark = "ok" if result.correct else "FAIL"
                nxt = items[done["n"]].id if done["n"] < len(items) else ""
                progress.update(task, advance=1, description=f"{result.id} {mark}  next: {nxt}")
                if not console.is_terminal:  # no live bar in a log: one line per question instead
                    secs = result.timings.get("total") or 0.0
                    console.print(f"[{done['n']}/{len(items)}] {result.id}: {mark} ({result.got}, {secs:.1f}s)")

            report = run_eval(items, engine, text_of, on_result=on_result, source=str(args.path))
    finally:
        if own_engine:
            engine.close()

    diff = rep.compare(earlier, report) if earlier else None
    if diff:
        report["compare"] = {"against": str(args.compare), **diff}
    breaches = check(report["summary"], vars(args))
    limits = {dest(flag): getattr(args, dest(flag), None) for flag, *_ in THRESHOLDS}
    report["thresholds"] = {"set": {k: v for k, v in limits.items() if v is not None}, "failed": breaches}
    rep.render(report, console, diff, str(args.compare or ""))
    if args.json:
        rep.write_json(report, args.json)
        console.print(f"report written to {args.json}")
    for line in breaches:
        print(f"threshold failed: {line}", file=sys.stderr)
    return 1 if breaches else 0


def run(args: argparse.Namespace) -> int:
    return execute(args)
