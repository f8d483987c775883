"""`corroborate ask "QUESTION" [--turn Q A ...] [--history-json FILE] [--json]`.

Earlier turns travel with their answers, so a follow-up ("What is his job?") is resolved against
what was said. When `corroborate serve` runs for the same store, the question goes there, and a line on
stderr says so.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="the question to answer from the sources")
    parser.add_argument("--turn", nargs=2, action="append", default=[], metavar=("QUESTION", "ANSWER"),
                        help="an earlier turn: its question and the answer given (repeatable, oldest first)")
    parser.add_argument("--history-json", type=Path, metavar="FILE",
                        help='earlier turns from a JSON file: [{"question": ..., "answer": ...}, ...] '
                             "(oldest first; `ask --json` output objects work too)")
    parser.add_argument("--history", action="append", default=[], metavar="EARLIER_QUESTION",
                        help="an earlier question without its answer (repeatable, oldest first)")
    parser.add_argument("--no-server", action="store_true", help="answer in this process even if `serve` runs")
    parser.add_argument("--json", action="store_true", help="print the Answer as one JSON object")


def read_history(path: Path) -> list:
    from app.types import Turn
    from core.errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read --history-json {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"--history-json {path} is not valid JSON ({exc})") from None
    if isinstance(data, dict):
        data = data.get("turns") or data.get("history") or [data]
    turns = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, str):
            turns.append(Turn(question=item))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            turns.append(Turn(question=str(item[0]), answer=str(item[1] or "")))
        elif isinstance(item, dict) and "question" in item:
            refused = bool(item.get("refused"))
            turns.append(Turn(question=str(item["question"]), answer="" if refused else str(item.get("answer") or "")))
        else:
            raise InputError(f'--history-json {path}: each turn must be {{"question": ..., "answer": ...}}')
    if not turns:
        raise InputError(f"--history-json {path} holds no turns")
    return turns


def run(args: argparse.Namespace) -> int:
    from app.types import Turn
    from core.settings import get_settings
    from corroborate.render_text import render_answer
    from corroborate.warm import ask_remote, server_info

    history: list = [Turn(question=q) for q in args.history]
    if args.history_json:
        history += read_history(args.history_json)
    history += [Turn(question=q, answer=a) for q, a in args.turn]
    settings = get_settings()
    answer = None if args.no_server else ask_remote(settings, args.question, history)
    if answer is not None:  # one line on stderr, so --json output stays one object
        info = server_info(settings) or {}
        where = f" (pid {info['pid']}, 127.0.0.1:{info['port']})" if info else ""
        print(f"answered by the running `corroborate serve`{where}; --no-server answers in this process",
              file=sys.stderr)
    else:
        from app.engine import Engine

        with Engine(settings) as engine:
            answer = engine.ask(args.question, history=history)
    if args.json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_answer(answer) + "\n")
    return 0
