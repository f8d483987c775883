"""`corroborate ask "QUESTION" [--history "EARLIER QUESTION" ...] [--json]`."""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="the question to answer from the sources")
    parser.add_argument("--history", action="append", default=[], metavar="EARLIER_QUESTION",
                        help="an earlier question in the conversation (repeatable, oldest first)")
    parser.add_argument("--json", action="store_true", help="print the Answer as one JSON object")


def run(args: argparse.Namespace) -> int:
    from app.engine import Engine
    from core.settings import get_settings
    from corroborate.render_text import render_answer

    with Engine(get_settings()) as engine:
        answer = engine.ask(args.question, history=args.history)
    if args.json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_answer(answer) + "\n")
    return 0
