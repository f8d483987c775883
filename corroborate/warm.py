"""A warm engine for the command line: ``corroborate serve`` holds one Engine; ``ask`` uses it.

The server listens on 127.0.0.1 only and writes ``<data_dir>/serve.json`` (port, pid, a token,
and a fingerprint of the settings that shape answers). ``ask`` reads that file: when a server
for the same store and settings is running, the question goes there (no model loading, so the
answer starts at once); otherwise ``ask`` answers in-process as before.
"""
from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from app.types import Answer, Turn
from core.errors import CorroborateError, InputError, StoreError

STATE_FILE = "serve.json"
ERRORS = {"input": InputError, "store": StoreError}


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
    body = json.dumps({"question": question, "history": history_json(history)}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{int(info['port'])}/ask", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "X-Corroborate-Token": info["token"]})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
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
