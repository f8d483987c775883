"""The ``corroborate`` console command: a thin dispatcher.

Each subcommand lives in ``corroborate/commands/<name>.py`` with two functions:
``add_arguments(parser)`` and ``run(args) -> int``.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from core import offline  # noqa: F401  (sets offline env before heavy imports)

COMMANDS = {
    "ingest": "Clean, chunk, embed and store the corpus (incremental).",
    "ask": "Answer one question from the sources, with verified quotes.",
    "chat": "Start the web chat.",
    "serve": "Keep one answer engine warm for `corroborate ask` (loopback only).",
    "eval": "Run the eval suite of known Q&A pairs.",
    "doctor": "Check the environment, models and store.",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corroborate",
        description="Answers over historical sources: verbatim quotes, attribution, flagged disagreement.",
    )
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"corroborate.commands.{name}")
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    debug = args.debug or os.environ.get("CORROBORATE_DEBUG") == "1"
    from core.errors import CorroborateError
    from core.settings import SettingsError

    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (CorroborateError, SettingsError) as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except Exception as exc:  # last resort: one line, never a bare traceback
        if debug:
            raise
        print(f"error: {type(exc).__name__}: {exc} (rerun with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
