"""Turn raw user input into a question the engine can search for, or a clear refusal to try."""
from __future__ import annotations

import re
import unicodedata

from app.types import Turn
from core.errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKERS = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")


def prepare_question(raw: str | None, max_chars: int) -> tuple[str, list[str]]:
    """Return (question, notes). Raises InputError with a one-line reason for unusable input."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", raw or "")
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise InputError("the question is empty: type a question about the sources")
    if not any(ch.isalnum() for ch in text):
        raise InputError("the question has no words, only punctuation or symbols: type a question about the sources")
    if len(text) > max_chars:
        notes.append(f"Your question was {len(text):,} characters long; only the first {max_chars:,} were used.")
        text = text[:max_chars].rsplit(" ", 1)[0] or text[:max_chars]
    return text, notes


def prepare_history(history: list | None, max_chars: int, keep: int = 3,
                    answer_chars: int = 300) -> list[Turn]:
    """Keep the last few usable earlier turns, cleaned the same way as questions.

    An item is a question (str) or a ``Turn``. An answer keeps its first ``answer_chars`` characters,
    without [n] markers: enough to tell who "he" or "it" is, no more.
    """
    kept: list[Turn] = []
    for item in (history or [])[-keep:]:
        turn = item if isinstance(item, Turn) else Turn(question=str(item or ""))
        try:
            q, _ = prepare_question(turn.question, max_chars)
        except InputError:
            continue
        answer = _MARKERS.sub("", _CONTROL.sub(" ", turn.answer or ""))
        answer = re.sub(r"\s+", " ", answer).strip()
        if len(answer) > answer_chars:
            answer = answer[:answer_chars].rsplit(" ", 1)[0] + " …"
        kept.append(Turn(question=q, answer=answer))
    return kept

