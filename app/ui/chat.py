"""The chat turn: drive ``Engine.stream`` and turn its events into UI updates.

Per-session state (see ``app.ui.session``) holds this session's questions, messages and earlier
answers, so two users' chats never mix; the engine itself is shared by the whole app process.
The evidence panel shows the latest turn first and, folded below it, the evidence of earlier
turns, so a citation in an older answer still has a card to jump to.

When the page stops listening (Stop, a reload, a closed tab) Gradio closes this generator; the
``finally`` below closes the engine's stream in turn, so the engine can stop generating.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from app.types import EvidenceEvent, FinalEvent, SentencesEvent, Turn, WorkingEvent
from app.render import cards as render
from app.ui import session
from app.answer.question import parse_question
from core.errors import CorroborateError

log = logging.getLogger("corroborate.chat")

EMPTY = "Type a question first."
new_state = session.new_state


def error_message(exc: BaseException) -> str:
    """One human line for any failure; the traceback goes to the server log only."""
    if isinstance(exc, CorroborateError):
        return str(exc)
    return "Something went wrong while answering; the details are in the server log. Please try again."


def input_note(text: str) -> str:
    return f'<div class="input-error" role="alert">⚠ {render.esc(text)}</div>' if text else ""


def question_notes(question: str, max_chars: int) -> list[str]:
    """The notes the engine will give with the answer (truncation, language), said before it starts: the question
    is parsed by the engine's own parser, so the two never differ. Unusable input gets its error from the engine."""
    try:
        return list(parse_question(question, max_chars).notes)
    except CorroborateError:
        return []


def pending_messages(state: dict, question: str, notes: list[str]) -> list[dict]:
    """The chat as shown the moment a question is sent: the question, and a working answer."""
    messages = list((state or {}).get("messages") or [])
    messages.append({"role": "user", "content": render.question_html(question)})
    messages.append({"role": "assistant",
                     "content": render.notes_html(notes) + render.working_html("Searching the sources…")})
    return messages


def respond(engine, question: str, state: dict | None, keep_turns: int = 10, max_chars: int = 2000,
            dates: dict | None = None) -> Iterator[tuple]:
    """Yield (messages, evidence_html, answer_json, state, input_note) updates for one question."""
    state = dict(state or new_state())
    messages = list(state["messages"])
    earlier = session.earlier(state, keep_turns)

    def panel(current: str) -> str:
        return render.evidence_panel(current, earlier, dates)

    question = (question or "").strip()
    if not question:
        yield messages, panel(""), {"error": "empty question"}, state, input_note(EMPTY)
        return
    turn = state["turn"] + 1
    history = list(state["history"])
    notes = question_notes(question, max_chars)
    messages = pending_messages(state, question, notes)
    working = render.working_html("Searching the sources…")
    yield messages, panel(working), None, {**state, "pending": question}, ""

    passages: list = []
    shown = 0.0
    answer = None
    stream = engine.stream(question, history)
    try:
        for event in stream:
            if isinstance(event, EvidenceEvent):
                passages = event.passages
                status = f"Found {len(passages)} passages. Writing the answer — this takes a few seconds…"
                messages[-1] = {"role": "assistant",
                                "content": render.notes_html(notes) + render.working_html(status)}
                yield messages, panel(render.passages_html(passages, turn, status)), None, state, ""
            elif isinstance(event, SentencesEvent):
                messages[-1] = {"role": "assistant",
                                "content": render.reading_html(event.sentences, len(passages), notes)}
                yield messages, panel(render.passages_html(passages, turn, "Finding the answer…")), None, state, ""
            elif isinstance(event, WorkingEvent) and event.elapsed - shown >= 1.0:  # a second: say how long
                shown = event.elapsed
                status = f"Finding the answer… {event.elapsed:.0f} s"
                yield messages, panel(render.passages_html(passages, turn, status)), None, state, ""
            elif isinstance(event, FinalEvent):
                answer = event.answer
        if answer is None:
            raise CorroborateError("The engine finished without an answer.")
    except Exception as exc:  # shown as one line; details in the server log
        log.exception("chat turn failed")
        msg = error_message(exc)
        messages[-1] = {"role": "assistant", "content": render.error_html(msg)}
        state = {**state, "messages": messages, "pending": ""}
        yield messages, panel(render.error_html(msg)), {"error": msg}, state, ""
        return
    finally:
        close = getattr(stream, "close", None)
        if close:
            close()  # a no-op when the stream ended; stops the engine's work when the page left

    messages[-1] = {"role": "assistant", "content": render.answer_html(answer, turn)}
    said = Turn(question=question, answer="" if answer.refused else answer.answer)
    state = session.slim({"history": history + [said], "messages": messages, "turn": turn,
                          "log": list(state.get("log") or []) + [(turn, answer)], "pending": ""}, keep_turns)
    yield messages, render.evidence_panel(render.evidence_html(answer, turn, dates), earlier, dates), \
        answer.model_dump(mode="json"), state, ""


def stopped(state: dict | None, question: str | None) -> tuple[list[dict], str]:
    """What the chat shows after Stop: the conversation so far and the question, marked as stopped."""
    state = state or new_state()
    messages = list(state.get("messages") or [])
    if question:
        messages.append({"role": "user", "content": render.question_html(question)})
        messages.append({"role": "assistant", "content": '<div class="answer stopped"><p class="note">'
                         "Stopped before the answer was finished. Ask again to get it.</p></div>"})
    return messages
