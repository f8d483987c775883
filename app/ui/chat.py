"""The chat turn: drive ``Engine.stream`` and turn its events into UI updates.

Per-session state (a ``gr.State`` value) holds this session's questions, messages and earlier
answers, so two users' chats never mix; the engine itself is shared by the whole app process.
The evidence panel shows the latest turn first and, folded below it, the evidence of earlier
turns, so a citation in an older answer still has a card to jump to.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from app.types import EvidenceEvent, FinalEvent, TokenEvent, Turn
from app.ui import render
from core.errors import CorroborateError

log = logging.getLogger("corroborate.chat")

DRAFT_REFRESH_SECONDS = 0.25  # how often streamed draft tokens are pushed to the page


def new_state() -> dict:
    # history: [Turn] for follow-ups; answers: [(turn, Answer)], newest first, for the evidence panel
    return {"history": [], "messages": [], "turn": 0, "answers": []}


def _earlier(state: dict) -> list:
    return list(state.get("answers") or [])


def error_message(exc: BaseException) -> str:
    """One human line for any failure; the traceback goes to the server log only."""
    if isinstance(exc, CorroborateError):
        return str(exc)
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"Something went wrong while answering: {text[:300]}"


def respond(engine, question: str, state: dict | None, keep_turns: int = 10) -> Iterator[tuple]:
    """Yield (messages, evidence_html, answer_json, state, textbox) updates for one question.

    ``keep_turns``: how many earlier turns keep their evidence cards in the panel.
    """
    state = dict(state or new_state())
    messages = list(state["messages"])
    earlier = _earlier(state)[:keep_turns]

    def panel(current: str) -> str:
        return render.evidence_panel(current, earlier)

    question = (question or "").strip()
    if not question:
        yield messages, panel(render.error_html("Type a question first.")), {"error": "empty question"}, state, ""
        return
    turn = state["turn"] + 1
    history = list(state["history"])
    messages.append({"role": "user", "content": question})
    messages.append({"role": "assistant", "content": render.working_html("Searching the sources…")})
    yield messages, panel(render.working_html("Searching the sources…")), None, state, ""

    passages: list = []
    draft = ""
    last_push = 0.0
    answer = None
    try:
        for event in engine.stream(question, history):
            if isinstance(event, EvidenceEvent):
                passages = event.passages
                status = f"Found {len(passages)} passages. Writing the answer — this takes a few seconds…"
                messages[-1] = {"role": "assistant", "content": render.working_html(status)}
                yield messages, panel(render.passages_html(passages, turn, status)), None, state, ""
            elif isinstance(event, TokenEvent):
                draft += event.text
                now = time.monotonic()
                if now - last_push >= DRAFT_REFRESH_SECONDS:
                    last_push = now
                    messages[-1] = {"role": "assistant", "content": render.draft_html(draft, len(passages))}
                    yield messages, panel(render.passages_html(passages, turn, "Writing the answer…")), None, state, ""
            elif isinstance(event, FinalEvent):
                answer = event.answer
        if answer is None:
            raise CorroborateError("The engine finished without an answer.")
    except Exception as exc:  # shown as one line; details in the server log
        log.exception("chat turn failed")
        msg = error_message(exc)
        messages[-1] = {"role": "assistant", "content": render.error_html(msg)}
        state = {**state, "messages": messages}
        yield messages, panel(render.error_html(msg)), {"error": msg}, state, ""
        return

    messages[-1] = {"role": "assistant", "content": render.answer_html(answer, turn)}
    answers = ([(turn, answer)] + earlier)[:keep_turns + 1]  # newest first
    said = Turn(question=question, answer="" if answer.refused else answer.answer)
    state = {"history": history + [said], "messages": messages, "turn": turn, "answers": answers}
    yield messages, render.evidence_panel(render.evidence_html(answer, turn), answers[1:]), \
        answer.model_dump(mode="json"), state, ""
