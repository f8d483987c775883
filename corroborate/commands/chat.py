"""`corroborate chat`: start the web chat (Gradio) on 127.0.0.1 by default."""
from __future__ import annotations

import argparse
import logging
import signal
import sys


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=None, help="interface to bind (default: settings chat.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default: settings chat.port, 7860)")


def run(args: argparse.Namespace) -> int:
    from core import offline  # noqa: F401
    from core.settings import get_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    from app.ui.app import build_app, launch_options

    options = launch_options(settings, args.host, args.port)  # validates auth before anything starts
    from app.engine import Engine

    # Ctrl+C and SIGTERM both stop the app cleanly, so the engine's LLM server is stopped too.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    engine = Engine(settings)  # one engine per process, shared by every session
    try:
        demo = build_app(settings, engine)
        _, local_url, _ = demo.launch(prevent_thread_lock=True, **options)
        print(f"\nCorroborate chat is running at  {local_url}\n"
              "  Open it in a browser. The first answer starts the local model (it can take a minute).\n"
              "  Press Ctrl+C to stop.\n", flush=True)
        try:
            demo.block_thread()
        except KeyboardInterrupt:
            pass
        finally:
            demo.close()
    finally:
        engine.close()
    print("chat stopped", file=sys.stderr)
    return 0
