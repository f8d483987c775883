"""Point: the one LLM call. The model chooses; it writes no sentence of its own.

    pointer = Pointer(settings)                      # or Pointer(settings, call=scripted_call) in tests
    pointing = pointer.run(question, sentences)      # Pointing(picks=(Pick("2.1", "June 25, 1950"),), p_none=0.04)

For the numbered evidence sentences (grouped by source) the model returns, under a grammar, a list of
picks: the id of a sentence that itself states the answer (the grammar allows only the ids shown), the few
words of that sentence that answer the question (the span, copied). No yes/no label is asked for: a stance is
read in code from the quoted words (spans.stance_of). An empty list is "no source answers". Code checks every span
(app/answer/spans.py); nothing the model writes is shown unless it is verbatim in its sentence.

``p_none`` is the probability the model put on closing the list at once (from its logprobs, before the
grammar constrains it): a calibrated signal for the refusal decision, unlike its argmax.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.answer import prompts
from app.answer.evidence import format_sentences
from app.checks import guard
from app.types import Question, Sentence
from core.settings import Settings

@dataclass(frozen=True)
class Pick:
    sid: str  # the sentence the model points at
    span: str  # the words of it that answer the question, as the model copied them (checked later)


@dataclass(frozen=True)
class Pointing:
    picks: tuple[Pick, ...]
    p_none: float | None  # the model's probability that no sentence answers (None: the backend gave no logprobs)
    raw: str = ""


def pointing_schema(ids: list[str], max_picks: int, span_chars: int) -> dict:
    item = {"span": {"type": "string", "maxLength": span_chars}, "id": {"type": "string", "enum": ids}}
    return {"type": "object", "required": ["answers"], "properties": {"answers": {
        "type": "array", "maxItems": max_picks,
        "items": {"type": "object", "properties": item, "required": list(item)}}}}


def span_class(sentences: list[Sentence]) -> str:
    """A GBNF character class of the characters the shown sentences use (no quote mark, backslash or line end):
    a span is copied words, so it can hold no other character. The 1.5B model otherwise drifts into another
    script mid-span ("the preparations of威廉")."""
    chars = sorted({ch for s in sentences for ch in s.text if ch.isprintable() and ch not in '"\\'} | {" "})
    return "[" + "".join(f"\\x{ord(c):02X}" if ord(c) < 0x100 else f"\\u{ord(c):04X}" for c in chars) + "]"


def pointing_grammar(ids: list[str], max_picks: int, span_chars: int, chars: str = '[^"\\\\\\n\\r]') -> str:
    """GBNF for ``pointing_schema``, compact: no whitespace to wander in, no quote marks inside a span, and the
    span's characters (``chars``, a class) those of the shown sentences."""
    return "\n".join([
        f'root ::= "{{\\"answers\\":[" (item ("," item){{0,{max(0, max_picks - 1)}}})? "]}}"',
        f'item ::= "{{\\"span\\":\\"" span "\\",\\"id\\":" id "}}"',
        "id ::= " + " | ".join(f'"\\"{i}\\""' for i in ids),
        f'span ::= {chars}{{1,{span_chars}}}',
    ])


def build_messages(question: str, sentences: list[Sentence], heading_words: int) -> list[dict]:
    """The stable rules first (llama.cpp caches them), then the fenced numbered sentences and the question."""
    fenced, _boundary = guard.fence(format_sentences(sentences, heading_words))
    return [{"role": "system", "content": prompts.POINT_SYSTEM},
            {"role": "user", "content": prompts.POINT_USER.format(fenced=fenced, question=question)}]


def parse_picks(data: dict, ids: set[str]) -> tuple[Pick, ...]:
    out: list[Pick] = []
    for item in (data or {}).get("answers") or []:
        if not isinstance(item, dict) or item.get("id") not in ids:
            continue
        out.append(Pick(sid=item["id"], span=str(item.get("span", "")).strip()))
    return tuple(out)


def p_empty(token_logprobs: list[dict], key: str = "answers") -> float | None:
    """P(close the list) / P(close or open an item), read where ``"<key>":[`` ends.

    Tokens may merge punctuation ('[{'), so each alternative is judged by the text it would produce."""
    prefix = ""
    opener = re.compile(rf'"{key}"\s*:\s*\[')
    for i, tok in enumerate(token_logprobs):
        before = prefix
        prefix += tok.get("token", "")
        m = opener.search(prefix)
        if not m:
            continue
        cut, base = m.end(), before
        for later in token_logprobs[i:]:
            decided = _share_closing(later, base, cut)
            if decided is not None:
                return decided
            base += later.get("token", "")
        return None
    return None


def _share_closing(tok: dict, before: str, cut: int) -> float | None:
    if not (before + tok.get("token", ""))[cut:].strip():
        return None  # this token stops at '[' or is spacing: the decision comes later
    close = open_ = 0.0
    for alt in tok.get("top_logprobs") or [{"token": tok.get("token", ""), "logprob": tok.get("logprob", 0.0)}]:
        text = before + (alt.get("token") or "")
        rest = text[cut:].lstrip() if len(text) > cut else ""
        p = math.exp(alt.get("logprob", -100.0))
        if rest.startswith("]"):
            close += p
        elif rest.startswith("{"):
            open_ += p
    return close / (close + open_) if close + open_ > 0 else None


class Pointer:
    """The pointing stage: built with its settings and the LLM call it uses (a scripted one in tests)."""

    def __init__(self, settings: Settings, call: Callable | None = None):
        self.settings = settings
        if call is None:
            from app.llm.client import structured_call as call
        self.call = call

    def run(self, question: Question, sentences: list[Sentence],
            on_chunk: Callable[[str], None] | None = None) -> Pointing:
        if not sentences:
            return Pointing(picks=(), p_none=1.0)
        cfg = self.settings.answer
        ids = [s.sid for s in sentences]
        result = self.call(
            self.settings,
            build_messages(question.search_text, sentences, cfg.heading_words),
            pointing_schema(ids, cfg.max_picks, cfg.span_chars),
            logprobs_top=10,
            stream_callback=on_chunk,
            name="point",
            grammar=pointing_grammar(ids, cfg.max_picks, cfg.span_chars, span_class(sentences)),
        )
        return Pointing(picks=parse_picks(result.data, set(ids)),
                        p_none=p_empty(result.token_logprobs or []), raw=result.raw)
