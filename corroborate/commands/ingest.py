"""`corroborate ingest [--rebuild] [--json]`: clean, chunk, embed and store the corpus (incremental)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="drop the store and the manifest and ingest everything again")
    parser.add_argument("--json", action="store_true",
                        help="print the summary as one JSON object (documents, added, changed, removed, "
                             "unchanged, chunks, chunks_embedded, errors, warnings)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from ingest.pipeline import run_ingest

    settings = get_settings()
    if not Path(settings.corpus_dir).is_dir():  # said before any progress bar is drawn
        from core.errors import InputError

        raise InputError(f"corpus dir {settings.corpus_dir} does not exist or is not a directory "
                         "(setting corpus_dir / CORROBORATE_CORPUS_DIR)")
    show_bar = not args.no_progress and (sys.stderr.isatty() or not args.json)
    summary = run_ingest(settings, rebuild=args.rebuild, progress=show_bar)
    if args.json:
        print(json.dumps(summary.public(), ensure_ascii=False))
    else:
        for line in summary.skipped:
            print(f"skipped: {line}", file=sys.stderr)
        print(summary.headline())
        if summary.rebuilt:
            print("The store was rebuilt from scratch.")
        for line in summary.warnings:
            print(f"warning: {line}")
    for line in summary.errors:
        print(f"error: {line}", file=sys.stderr)
    return 1 if summary.errors else 0
