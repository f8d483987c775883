"""A warm engine: ``corroborate serve`` holds one Engine; ``ask`` and the chat use it.

The server listens on 127.0.0.1 only and writes ``<data_dir>/serve.json`` (port, pid, a token,
and a fingerprint of the settings that shape answers). ``ask`` reads that file: when a server
for the same store and settings is running, the question goes there (no model loading, so the
answer starts at once); otherwise ``ask`` answers in-process as before. The chat's engine
(``WarmEngine``) decides per question in the same way, and streams the server's events.
"""
from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from pydantic import TypeAdapter

from app.types import Answer, AnswerEvent, FinalEvent, Turn
from core.errors import CorroborateError, InputError, StoreError

STATE_FILE = "serve.json"
ERRORS = {"input": InputError, "store": StoreError}
EVENT = TypeAdapter(AnswerEvent)


def state_path(settings) -> Path:
    return Path(settings.data_dir) / STATE_FILE


def fingerprint(settings) -> str:
    """The settings that change an answer: a server started with others must not answer for us."""
    parts = {k: getattr(settings, k).model_dump(mode="json") for k in ("llm", "retrieval", "answer", "embed", "chroma")}
    parts["data_dir"] = str(Path(settings.data_dir).resolve())
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def history_json(history) -> list[dict]:
    return [(h if isinstance(h, Turn) else Turn(question=str(h))).model_dump() for h in history or []]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def server_info(settings) -> dict | None:
    """The running server for this store and these settings, or None."""
    try:
        info = json.loads(state_path(settings).read_text())
        if not _alive(int(info["pid"])) or info.get("fingerprint") != fingerprint(settings):
            return None
        return info
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ask_remote(settings, question: str, history=None, timeout: float = 900) -> Answer | None:
    """The server's Answer, or None when no usable server runs (the caller then answers in-process)."""
    info = server_info(settings)
    if info is None:
        return None
    try:
        with _post(info, "/ask", question, history, timeout) as resp:
            return Answer.model_validate_json(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            err = json.loads(exc.read())
        except ValueError:
            return None
        cls = ERRORS.get(err.get("kind"), CorroborateError)
        raise cls(err.get("error") or "the engine server could not answer") from None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _post(info: dict, path: str, question: str, history, timeout: float):
    body = json.dumps({"question": question, "history": history_json(history)}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{int(info['port'])}{path}", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "X-Corroborate-Token": info["token"]})
    return urllib.request.urlopen(req, timeout=timeout)


def _events(resp) -> Iterator:
    """The server's events, one JSON line each; closing this generator hangs up (the server stops)."""
    final = False
    try:
        for line in resp:
            data = json.loads(line)
            if data.get("type") == "error":
                raise ERRORS.get(data.get("kind"), CorroborateError)(data.get("error") or "the engine server failed")
            event = EVENT.validate_python(data)
            final = final or isinstance(event, FinalEvent)
            yield event
    except (OSError, ValueError) as exc:
        raise CorroborateError("the `corroborate serve` engine stopped while answering; ask again") from exc
    finally:
        resp.close()
    if not final:
        raise CorroborateError("the `corroborate serve` engine stopped while answering; ask again")


class WarmEngine:
    """The chat's engine: a running `corroborate serve` for this store and settings answers when there
    is one (checked per question); otherwise this process's own Engine, started on first use."""

    def __init__(self, settings, timeout: float = 900):
        self.settings, self.timeout, self._local = settings, timeout, None

    @property
    def local(self):
        if self._local is None:
            from app.engine import Engine

            self._local = Engine(self.settings)
        return self._local

    def stream(self, question: str, history=None) -> Iterator:
        info = server_info(self.settings)
        resp = None
        if info is not None:
            try:
                resp = _post(info, "/stream", question, history, self.timeout)
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                resp = None  # it stopped since it wrote its state file: answer here
        if resp is not None:
            yield from _events(resp)
        else:
            yield from self.local.stream(question, history)

    def close(self) -> None:
        if self._local is not None:
            self._local.close()
