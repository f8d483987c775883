"""`corroborate chat`: start the web chat (Gradio) on 127.0.0.1 by default."""
from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
import threading

_STOP = threading.Event()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _request_stop(signum, frame):
    _STOP.set()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=None, help="interface to bind (default: settings chat.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default: settings chat.port, 7860)")


def _check_port(host: str, port: int) -> None:
    """A taken port is named as the --port to change, before anything heavy starts."""
    from core.errors import InputError

    if not port:
        return
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(f"port {port} on {host} is not available ({exc.strerror or exc}): "
                             f"start the chat with another one, e.g. `corroborate chat --port {port + 1}`") from None


def run(args: argparse.Namespace) -> int:
    from core import offline  # noqa: F401
    from core.settings import get_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    from app.ui.app import build_app, launch_options

    options = launch_options(settings, args.host, args.port)  # validates auth before anything starts
    _check_port(options["server_name"], options["server_port"])
    from corroborate.warm import WarmEngine, server_info

    # Ctrl+C and SIGTERM both stop the app cleanly, so the engine's LLM server is stopped too.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    # One engine per process, shared by every session; a running `corroborate serve` for this store and
    # settings answers instead (checked per question), so two processes never run two models on one machine.
    engine = WarmEngine(settings)
    demo = None
    try:
        demo = build_app(settings, engine)
        try:
            _, local_url, _ = demo.launch(prevent_thread_lock=True, **options)
        except OSError:
            from core.errors import InputError

            raise InputError(f"port {options['server_port']} on {options['server_name']} is not available: "
                             "start the chat with another one, e.g. `corroborate chat --port 7870`") from None
        # From here a stop signal only sets a flag: it can land at any bytecode (a busy server thread can hold
        # the main thread just after the URL is printed), and an exception there would skip the clean stop.
        signal.signal(signal.SIGINT, _request_stop)
        signal.signal(signal.SIGTERM, _request_stop)
        model = ("Answers come from the running `corroborate serve` (its model is loaded already)."
                 if server_info(settings) else "The first answer starts the local model (it can take a minute).")
        print(f"\nCorroborate chat is running at {local_url}\n  Open it in a browser. {model}\n"
              "  Press Ctrl+C to stop.\n", flush=True)
        while not _STOP.wait(0.5):
            pass
    except KeyboardInterrupt:  # stopped while the app was still starting
        pass
    finally:
        if demo is not None:
            demo.close()
        engine.close()
    print("chat stopped", file=sys.stderr)
    return 0
