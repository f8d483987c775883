"""A folder of saved model replies, for experiments on the stages after the model (``llm.reply_cache``).

    hit = load(folder, request)        # the saved reply's fields, or None
    save(folder, request, fields)

The key is a hash of the request with each fence's random code replaced, so the same evidence, question and
options find the same reply. Off unless ``llm.reply_cache`` names a folder; the chat never sets it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

_FENCE_CODE = re.compile(r"<<<SOURCES [0-9a-f]+>>>")


def _text(message) -> tuple[str, str]:
    if isinstance(message, dict):
        return str(message.get("role", "")), str(message.get("content", ""))
    if isinstance(message, (tuple, list)):
        return str(message[0]), str(message[1])
    return str(getattr(message, "type", "")), str(getattr(message, "content", ""))


def key(messages, options: dict) -> str:
    request = {"messages": [[r, _FENCE_CODE.sub("<<<SOURCES x>>>", c)] for r, c in map(_text, messages)],
               "options": options}
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def load(folder: str, request_key: str) -> dict | None:
    path = Path(folder) / f"{request_key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(folder: str, request_key: str, fields: dict) -> None:
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=root, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(fields, f)
    os.replace(tmp, root / f"{request_key}.json")
