"""Answer composition, quote-first: the LLM cites numbered sentence ids; code inserts the quotes.

The model never copies quotes token by token (slow, and it paraphrases inside
quote marks). Its output is schema-constrained JSON, so it always parses.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app import prompts
from app.rerank import Sentence, format_sentences

_ID_GROUP = re.compile(r"\[\s*(\d+\.\d+(?:\s*[,;]\s*\d+\.\d+)*)\s*\]")


@dataclass
class Draft:
    answer: str  # model text, still with [p.s] ids
    evidence: list[str]  # sentence ids the model says state the answer
    p_none: float | None  # probability mass the model put on "no evidence" (from logprobs), if available
    raw: str = ""
    cited: list[str] = field(default_factory=list)  # ids used in the answer text, in order


def answer_schema(ids: list[str], max_evidence: int) -> dict:
    return {
        "type": "object",
        "properties": {
            "evidence": {"type": "array", "items": {"type": "string", "enum": ids}, "maxItems": max_evidence},
            "answer": {"type": "string", "maxLength": 600},
        },
        "required": ["evidence", "answer"],
    }


def build_messages(question: str, sentences: list[Sentence]) -> list[dict]:
    return [
        {"role": "system", "content": prompts.ANSWER_SYSTEM},
        {"role": "user", "content": prompts.ANSWER_USER.format(sentences=format_sentences(sentences), question=question)},
    ]


def cited_ids(text: str) -> list[str]:
    out: list[str] = []
    for m in _ID_GROUP.finditer(text):
        for sid in re.split(r"\s*[,;]\s*", m.group(1)):
            if sid not in out:
                out.append(sid)
    return out


def renumber(text: str, mapping: dict[str, int]) -> str:
    """Replace [p.s] ids with [n] citation numbers; drop ids that have no verified citation."""

    def repl(m: re.Match) -> str:
        nums = []
        for sid in re.split(r"\s*[,;]\s*", m.group(1)):
            n = mapping.get(sid)
            if n is not None and n not in nums:
                nums.append(n)
        return "".join(f"[{n}]" for n in nums)

    text = _ID_GROUP.sub(repl, text)
    return re.sub(r"\s+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def p_no_evidence(token_logprobs: list[dict]) -> float | None:
    """Probability the model gave to an empty evidence list, read where the list opens.

    The grammar forces valid JSON, but the logprobs are the model's own distribution,
    so the share of mass on ']' (close the list now) against '"' (start an id) at the
    first position after '"evidence": [' is a calibrated signal, unlike its argmax.
    """
    text = ""
    for i, tok in enumerate(token_logprobs):
        text += tok.get("token", "")
        if re.search(r'"evidence"\s*:\s*\[\s*$', text):
            # the next non-whitespace decision is at position i+1 (or later if whitespace)
            for nxt in token_logprobs[i + 1:i + 3]:
                if nxt.get("token", "").strip() == "":
                    continue
                close = open_ = 0.0
                for alt in nxt.get("top_logprobs") or [{"token": nxt.get("token"), "logprob": nxt.get("logprob", 0.0)}]:
                    t = (alt.get("token") or "").strip()
                    p = math.exp(alt.get("logprob", -100.0))
                    if t.startswith("]"):
                        close += p
                    elif t.startswith('"'):
                        open_ += p
                if close + open_ > 0:
                    return close / (close + open_)
                return None
    return None


class AnswerStreamParser:
    """Pull the text of the "answer" field out of streamed JSON, for the draft display."""

    def __init__(self, emit: Callable[[str], None]):
        self.emit = emit
        self.buf = ""
        self.pos: int | None = None
        self.done = False

    def feed(self, chunk: str) -> None:
        if self.done:
            return
        self.buf += chunk
        if self.pos is None:
            m = re.search(r'"answer"\s*:\s*"', self.buf)
            if not m:
                return
            self.pos = m.end()
        out = []
        i = self.pos
        while i < len(self.buf):
            ch = self.buf[i]
            if ch == "\\":
                if i + 1 >= len(self.buf):
                    break
                nxt = self.buf[i + 1]
                out.append({"n": "\n", "t": " ", '"': '"', "\\": "\\", "/": "/"}.get(nxt, ""))
                i += 2
                continue
            if ch == '"':
                self.done = True
                break
            out.append(ch)
            i += 1
        self.pos = i
        if out:
            self.emit("".join(out))


def compose(settings, question: str, sentences: list[Sentence], on_token: Callable[[str], None] | None = None) -> Draft:
    from app.llm import structured_call

    ids = [s.sid for s in sentences]
    parser = AnswerStreamParser(on_token) if on_token else None
    result = structured_call(
        settings,
        build_messages(question, sentences),
        answer_schema(ids, settings.answer.max_evidence),
        logprobs_top=10,
        stream_callback=parser.feed if parser else None,
    )
    data = result.data or {}
    answer = str(data.get("answer", "")).strip()
    evidence = [i for i in data.get("evidence", []) if i in ids]
    cited = [i for i in cited_ids(answer) if i in ids]
    return Draft(answer=answer, evidence=evidence, p_none=p_no_evidence(result.token_logprobs or []),
                 raw=result.raw, cited=cited)
