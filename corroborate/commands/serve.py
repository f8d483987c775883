"""`corroborate serve [--port N]`: keep one answer engine warm for `corroborate ask`.

While it runs, `ask` sends its questions here (same store, same settings) instead of loading the
embedder and starting the LLM each time. Loopback only; stop it with Ctrl+C.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger("corroborate.serve")
WARM_UP = "Who wrote this document?"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--no-warm-up", action="store_true", help="don't answer a first question at start")


def _handler(engine, token: str, lock: threading.Lock):
    from app.types import Turn
    from core.errors import CorroborateError, InputError, StoreError

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):  # quiet: one line per question is printed below instead
            pass

        def _send(self, code: int, payload: str) -> None:
            data = payload.encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health" and self.headers.get("X-Corroborate-Token") == token:
                return self._send(200, json.dumps({"ok": True}))
            self._send(404, json.dumps({"error": "not found"}))

        def do_POST(self):
            if self.path != "/ask" or self.headers.get("X-Corroborate-Token") != token:
                return self._send(403, json.dumps({"error": "forbidden"}))
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                question = str(body.get("question", ""))
                history = [Turn(**h) if isinstance(h, dict) else str(h) for h in body.get("history") or []]
            except (ValueError, TypeError):
                return self._send(400, json.dumps({"error": "bad request", "kind": "input"}))
            try:
                with lock:
                    answer = engine.ask(question, history=history)
            except CorroborateError as exc:
                kind = "input" if isinstance(exc, InputError) else "store" if isinstance(exc, StoreError) else ""
                return self._send(400, json.dumps({"error": str(exc), "kind": kind}))
            except Exception:
                log.exception("answering failed")
                return self._send(500, json.dumps({"error": "the engine server failed; see its log", "kind": ""}))
            print(f"answered in {answer.timings.total:.1f} s: {question[:80]}", flush=True)
            self._send(200, answer.model_dump_json())

    return Handler


def run(args: argparse.Namespace) -> int:
    from app.engine import Engine
    from core.errors import InputError
    from core.settings import get_settings
    from corroborate.warm import fingerprint, server_info, state_path

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if server_info(settings):
        raise InputError(f"an engine server for this store is already running (see {state_path(settings)})")
    token, lock = secrets.token_hex(16), threading.Lock()
    engine = Engine(settings)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), _handler(engine, token, lock))
    except OSError as exc:
        raise InputError(f"port {args.port} on 127.0.0.1 is not available ({exc.strerror}); "
                         "pass another --port, or --port 0 for any free one") from None
    port = server.server_address[1]
    path = state_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"port": port, "pid": os.getpid(), "token": token, "fingerprint": fingerprint(settings)}))
    tmp.chmod(0o600)
    tmp.replace(path)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Corroborate engine serving at http://127.0.0.1:{port} for the store in {settings.data_dir}", flush=True)
    print("  `corroborate ask` uses it while it runs. Press Ctrl+C to stop.", flush=True)
    if not args.no_warm_up:
        def warm():
            try:
                with lock:
                    engine.ask(WARM_UP)
                print("ready: the embedder and the model are loaded", flush=True)
            except Exception as exc:  # noqa: BLE001 - say it, keep serving (the error repeats per question)
                print(f"warning: warm-up failed: {exc}", file=sys.stderr, flush=True)
        threading.Thread(target=warm, daemon=True, name="corroborate-warm-up").start()
    try:
        server.serve_forever()
    finally:
        server.server_close()
        try:
            if server_info(settings) and json.loads(path.read_text()).get("pid") == os.getpid():
                path.unlink()
        except (OSError, ValueError):
            pass
        engine.close()
    print("engine server stopped", file=sys.stderr)
    return 0
