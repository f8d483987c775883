"""Condense chat history + a follow-up into one standalone question before retrieving."""
from __future__ import annotations

import re

from app.answer import prompts
from app.types import Turn

_REFERRING = re.compile(
    r"\b(he|she|it|they|him|her|his|hers|its|their|them|this|that|these|those|there|then|the same|the other|"
    r"the latter|the former|what about|and|also)\b",
    re.I,
)


def needs_condensing(question: str, history: list[Turn]) -> bool:
    return bool(history) and (bool(_REFERRING.search(question)) or len(question.split()) <= 4)


def format_history(history: list[Turn]) -> str:
    lines = []
    for t in history:
        lines.append(f"- Question: {t.question}")
        if t.answer:
            lines.append(f"  Answer: {t.answer}")
    return "\n".join(lines)


def condense(settings, history: list[Turn], question: str) -> str:
    """Return a standalone question. Uses the LLM only when the question refers back.

    Earlier answers are shown only so that "he"/"it" can be resolved to a name they gave.
    """
    if not needs_condensing(question, history):
        return question
    from app.llm.client import get_chat_model
    from app.llm.server import SIDE_SLOT

    model = get_chat_model(settings, slot=SIDE_SLOT)
    messages = [
        ("system", prompts.CONDENSE_SYSTEM),
        ("user", prompts.CONDENSE_USER.format(history=format_history(history), question=question)),
    ]
    reply = model.bind(max_tokens=60).invoke(messages)
    text = str(reply.content or "").strip().strip('"“”').splitlines()
    standalone = text[0].strip() if text else ""
    if not standalone or len(standalone) > 3 * len(question) + 200:
        return f"{history[-1].question} {question}"
    return standalone
