"""One browser session's conversation: the state the chat keeps, and its JSON form for browser storage.

The state is plain data: ``history`` (Turns for follow-ups), ``messages`` (the chat as shown),
``turn`` (a counter for card ids), ``log`` ([turn, Answer] in order, for the panel and the export)
and ``pending`` (a question sent but not yet answered, so a reload can give it back).
"""
from __future__ import annotations

from app.types import Answer, Turn


def new_state() -> dict:
    return {"history": [], "messages": [], "turn": 0, "log": [], "pending": ""}


def earlier(state: dict, keep: int) -> list[tuple[int, Answer]]:
    """The last ``keep`` answered turns, newest first (their evidence stays in the panel)."""
    log = list(state.get("log") or [])
    return [(t, a) for t, a in reversed(log)][:keep] if keep > 0 else []


def answers(state: dict) -> list[Answer]:
    return [a for _, a in state.get("log") or []]


def slim(state: dict, keep: int) -> dict:
    """Drop the passage lists of turns that left the panel (the export needs only quotes and text)."""
    log = list(state.get("log") or [])
    cut = max(0, len(log) - keep - 1)
    log = [(t, a.model_copy(update={"passages": [], "diagnostics": {}}) if i < cut else a)
           for i, (t, a) in enumerate(log)]
    return {**state, "log": log}


def dump(state: dict | None) -> dict:
    """JSON for gr.BrowserState."""
    state = state or new_state()
    return {
        "v": 1,
        "history": [t.model_dump() if isinstance(t, Turn) else {"question": str(t), "answer": ""}
                    for t in state.get("history") or []],
        "messages": list(state.get("messages") or []),
        "turn": int(state.get("turn") or 0),
        "log": [[t, a.model_dump(mode="json")] for t, a in state.get("log") or []],
        "pending": state.get("pending") or "",
    }


def load(data) -> dict:
    """The state back from browser storage; anything unreadable (an older format) starts afresh."""
    if not isinstance(data, dict) or data.get("v") != 1:
        return new_state()
    try:
        return {
            "history": [Turn(**t) for t in data.get("history") or []],
            "messages": [m for m in data.get("messages") or [] if isinstance(m, dict) and "role" in m],
            "turn": int(data.get("turn") or 0),
            "log": [(int(t), Answer.model_validate(a)) for t, a in data.get("log") or []],
            "pending": str(data.get("pending") or ""),
        }
    except Exception:
        return new_state()
