"""`corroborate eval`: run the eval suite of known Q&A pairs through the answer engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import InputError
from evals.suite import DEFAULT_SUITE
from evals.thresholds import THRESHOLDS, dest

DEFAULT_FILE = "evals/qa.jsonl"


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


SUITE_HELP = """Modes:
  corroborate eval [FILE]                  one question file against the chat's store (default evals/qa.jsonl)
  corroborate eval FILE --corpus DIR       one question file against DIR, ingested into .corroborate/eval/<DIR name>
                                           (a FILE that sits among documents, e.g. dev-corpora/hastings/qa.jsonl,
                                           uses its own folder without --corpus)
  corroborate eval --suite [SUITE]         every corpus of SUITE (default evals/corpora.toml): each is ingested
                                           into its own data dir (incremental), then its questions run through a
                                           fresh engine; tables per corpus and split, then all corpora
Failure texts are printed for the tune split only; report-split failures are shown as counts by kind
(--show-report-failures prints their texts too)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = SUITE_HELP
    parser.add_argument("path", nargs="?", default=None, help=f"eval file, JSONL (default: {DEFAULT_FILE})")
    parser.add_argument("--suite", nargs="?", const=str(DEFAULT_SUITE), metavar="SUITE",
                        help=f"run every corpus of a suite file (default: {DEFAULT_SUITE}); see evals/README.md")
    parser.add_argument("--corpus", metavar="DIR", help="the corpus FILE's questions are about (own data dir)")
    parser.add_argument("--show-report-failures", action="store_true",
                        help="also print the texts of report-split failures (normally counts only)")
    parser.add_argument("--json", metavar="PATH", help="write the full report as JSON (per question: "
                        "corpus, split, expect, got, diagnostics, ...)")
    parser.add_argument("--compare", metavar="PATH", help="show the change against an earlier --json report")
    parser.add_argument("--split", choices=["tune", "report"], help="only questions of this split")
    parser.add_argument("--ci", action="store_true", help='only the fast CI subset (items with "ci": true)')
    parser.add_argument("--ids", type=_ids, metavar="ID,ID", help="only these question ids")
    parser.add_argument("--limit", type=_positive, metavar="N",
                        help="only the first N selected questions (per corpus with --suite)")
    gate = parser.add_argument_group("thresholds (exit code 1 when breached; rates are 0..1; "
                                     "with --suite, on all corpora together)")
    for flag, _key, _kind, help_text in THRESHOLDS:
        kind = _nonnegative if flag in ("--max-p95-total", "--max-errors") else _rate
        gate.add_argument(flag, type=kind, dest=dest(flag), metavar="X", help=help_text)


def _console(console):
    if console is None:
        from rich.console import Console

        console = Console()
        if not console.is_terminal:  # piped to a file or CI log: wide enough for the tables
            console = Console(width=180)
    return console


def _line_printer(console, items, prefix: str = ""):
    """One line per question as it finishes."""
    done = {"n": 0}

    def on_result(result) -> None:
        done["n"] += 1
        mark = "ok" if result.correct else "FAIL " + ", ".join(result.failures)
        secs = result.timings.get("total") or 0.0
        console.print(f"{prefix}[{done['n']}/{len(items)}] {result.id}: {mark} ({result.got}, {secs:.1f}s)",
                      markup=False, highlight=False)

    return on_result


def _suite_for(args, engine):
    """The suite to run, or None for the single-file mode against the chat's store."""
    from core.settings import get_settings
    from evals.suite import check_isolated, documents_beside, load_suite, single_corpus

    if args.suite and (args.path or args.corpus):
        raise InputError("--suite takes its question files from the suite file; drop FILE/--corpus")
    path = Path(args.path or DEFAULT_FILE)
    if args.suite:
        suite = load_suite(args.suite)
    elif args.corpus:
        suite = single_corpus(path, Path(args.corpus))
    elif engine is None and path.is_file() and documents_beside(path):
        suite = single_corpus(path, path.parent)
    else:
        return None
    check_isolated(suite, get_settings().data_dir)
    return suite


def _render_suite(report: dict, diff, console, args) -> None:
    from evals import report as rep
    from evals.suite_report import render_suite

    render_suite(report, console, args.show_report_failures)
    if diff is not None:
        rep.print_compare(diff, str(args.compare), console)


def _finish(report: dict, args, console, render) -> int:
    """Compare, thresholds, render, write JSON; the exit code."""
    from evals import report as rep
    from evals.thresholds import check

    earlier = rep.load_report(args.compare) if args.compare else None
    diff = rep.compare(earlier, report) if earlier else None
    if diff:
        report["compare"] = {"against": str(args.compare), **diff}
    breaches = check(report["summary"], vars(args))
    limits = {dest(flag): getattr(args, dest(flag), None) for flag, *_ in THRESHOLDS}
    report["thresholds"] = {"set": {k: v for k, v in limits.items() if v is not None}, "failed": breaches}
    render(report, diff)
    if args.json:
        rep.write_json(report, args.json)
        console.print(f"report written to {args.json}")
    for line in breaches:
        print(f"threshold failed: {line}", file=sys.stderr)
    return 1 if breaches else 0


def execute(args: argparse.Namespace, engine=None, console=None) -> int:
    """The command's body; ``engine`` may be passed in (tests share one engine) for the single-file mode."""
    from evals import report as rep

    console = _console(console)
    if args.compare:
        rep.load_report(args.compare)  # fail fast on a bad path, before any question runs
    suite = _suite_for(args, engine)
    if suite is not None:
        from evals.suite_run import run_suite

        def on_corpus(spec, headline, items):
            console.print(f"{spec.name}: {headline} {len(items)} question(s) to ask.", markup=False, highlight=False)
            return _line_printer(console, items, prefix=f"{spec.name} ")

        report = run_suite(suite, split=args.split, ids=args.ids, ci=args.ci, limit=args.limit, on_corpus=on_corpus)
        return _finish(report, args, console, lambda r, diff: _render_suite(r, diff, console, args))

    from core.settings import get_settings
    from evals.dataset import load_dataset, select
    from evals.runner import docstore_text_of, run_eval

    path = args.path or DEFAULT_FILE
    items = select(load_dataset(path), split=args.split, ids=args.ids, ci=args.ci, limit=args.limit)
    own_engine = engine is None
    if own_engine:
        from app.engine import Engine

        engine = Engine(get_settings())
    try:
        report = run_eval(items, engine, docstore_text_of(engine.settings), on_result=_line_printer(console, items),
                          source=str(path))
    finally:
        if own_engine:
            engine.close()
    return _finish(report, args, console, lambda r, diff: rep.render(r, console, diff, str(args.compare or ""),
                                                                     show_report=args.show_report_failures))


def run(args: argparse.Namespace) -> int:
    return execute(args)
