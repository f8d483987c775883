"""`corroborate serve [--port N]`: keep one answer engine warm for `corroborate ask` and `corroborate chat`.

While it runs, `ask` sends its questions here (same store, same settings) instead of loading the
embedder and starting the LLM each time, and `corroborate chat` streams its answers from here
(``POST /stream``: one JSON event a line; hanging up stops the generation). Loopback only; stop it
with Ctrl+C. An ingest by another process (the CLI, the chat's Re-ingest) is picked up before the
next question.
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


class FreshEngine:
    """One Engine, renewed when another process changed the store: an embedded Chroma client keeps the
    vectors it loaded, so a new ingest is only seen through a new client (the LLM and embedder stay)."""

    def __init__(self, settings):
        from ingest.docstore import DocStore

        self.settings, self._docstore = settings, DocStore(settings)
        self._version = self._docstore.version()
        self._engine = self._new()

    def _new(self):
        from app.engine import Engine

        return Engine(self.settings)

    def current(self):
        version = self._docstore.version()
        if version != self._version:
            if not self.settings.chroma.url:
                from chromadb.api.shared_system_client import SharedSystemClient

                SharedSystemClient.clear_system_cache()
            self._version, self._engine = version, self._new()
        return self._engine

    def close(self) -> None:
        self._engine.close()


def _kind(exc) -> str:
    from core.errors import InputError, StoreError

    return "input" if isinstance(exc, InputError) else "store" if isinstance(exc, StoreError) else ""


def _handler(engines: FreshEngine, token: str, lock: threading.Lock):
    from app.types import FinalEvent, Turn
    from core.errors import CorroborateError

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

        def _stream(self, question: str, history: list) -> None:
            """The answer's events as they come, one JSON object a line; a reader who hangs up stops it."""
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            with lock:
                events = None
                try:
                    events = engines.current().stream(question, history=history)
                    for event in events:
                        self.wfile.write(event.model_dump_json().encode() + b"\n")
                        self.wfile.flush()
                        if isinstance(event, FinalEvent):
                            print(f"answered in {event.answer.timings.total:.1f} s: {question[:80]}", flush=True)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # Stop, a reload, a closed tab: closing the stream below stops the generation
                except Exception as exc:  # noqa: BLE001 - one line to the reader, the traceback to the log
                    if not isinstance(exc, CorroborateError):
                        log.exception("answering failed")
                    msg = str(exc) if isinstance(exc, CorroborateError) else "the engine server failed; see its log"
                    try:
                        self.wfile.write(json.dumps({"type": "error", "error": msg, "kind": _kind(exc)}).encode() + b"\n")
                    except OSError:
                        pass
                finally:
                    if events is not None:
                        events.close()

        def do_POST(self):
            if self.path not in ("/ask", "/stream") or self.headers.get("X-Corroborate-Token") != token:
                return self._send(403, json.dumps({"error": "forbidden"}))
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                question = str(body.get("question", ""))
                history = [Turn(**h) if isinstance(h, dict) else str(h) for h in body.get("history") or []]
            except (ValueError, TypeError):
                return self._send(400, json.dumps({"error": "bad request", "kind": "input"}))
            if self.path == "/stream":
                return self._stream(question, history)
            try:
                with lock:
                    answer = engines.current().ask(question, history=history)
            except CorroborateError as exc:
                return self._send(400, json.dumps({"error": str(exc), "kind": _kind(exc)}))
            except Exception:
                log.exception("answering failed")
                return self._send(500, json.dumps({"error": "the engine server failed; see its log", "kind": ""}))
            print(f"answered in {answer.timings.total:.1f} s: {question[:80]}", flush=True)
            self._send(200, answer.model_dump_json())

    return Handler


def run(args: argparse.Namespace) -> int:
    from core.errors import InputError
    from core.settings import get_settings
    from corroborate.warm import fingerprint, server_info, state_path

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if server_info(settings):
        raise InputError(f"an engine server for this store is already running (see {state_path(settings)})")
    token, lock = secrets.token_hex(16), threading.Lock()
    engines = FreshEngine(settings)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), _handler(engines, token, lock))
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
    print("  `corroborate ask` and `corroborate chat` use it while it runs. Press Ctrl+C to stop.", flush=True)
    if not args.no_warm_up:
        def warm():
            try:
                with lock:
                    engines.current().ask(WARM_UP)
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
        engines.close()
    print("engine server stopped", file=sys.stderr)
    return 0
