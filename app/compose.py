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


def answer_grammar(ids: list[str], max_evidence: int, max_chars: int = 600) -> str:
    """GBNF for the same object as ``answer_schema``: compact, and no quote marks in the answer."""
    id_rule = " | ".join(f'"\\"{i}\\""' for i in ids)
    more = f'("," id){{0,{max(0, max_evidence - 1)}}}'
    return "\n".join([
        f'root ::= "{{\\"evidence\\":[" ids "],\\"answer\\":\\"" text "\\"}}"',
        f"ids ::= (id {more})?",
        f"id ::= {id_rule}",
        f'text ::= [^"\\\\\\n\\r]{{1,{max_chars}}}',
    ])


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
    decision point after '"evidence":[' is a calibrated signal, unlike its argmax.
    Tokens may merge punctuation ('["'), so each alternative is judged by the text it
    would produce, not by its first character.
    """
    prefix = ""
    for i, tok in enumerate(token_logprobs):
        before = prefix
        prefix += tok.get("token", "")
        m = re.search(r'"evidence"\s*:\s*\[', prefix)
        if not m:
            continue
        cut = m.end()
        j, base = i, before
        while j < len(token_logprobs):
            decided = _classify(token_logprobs[j], base, cut)
            if decided is not None:
                return decided
            base += token_logprobs[j].get("token", "")
            j += 1
        return None
    return None


def _classify(tok: dict, before: str, cut: int) -> float | None:
    """P(close) / (P(close) + P(open)) among the alternatives at one position, or None if undecided."""
    own = (before + tok.get("token", ""))[cut:].lstrip()
    if not own:
        return None  # this token stops at '[' or is whitespace: the decision comes later
    close = open_ = 0.0
    alts = tok.get("top_logprobs") or [{"token": tok.get("token", ""), "logprob": tok.get("logprob", 0.0)}]
    for alt in alts:
        text = before + (alt.get("token") or "")
        if len(text) <= cut:
            continue
        rest = text[cut:].lstrip()
        p = math.exp(alt.get("logprob", -100.0))
        if rest.startswith("]"):
            close += p
        elif rest.startswith('"'):
            open_ += p
    return close / (close + open_) if close + open_ > 0 else None


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
        grammar=answer_grammar(ids, settings.answer.max_evidence),
    )
    data = result.data or {}
    answer = str(data.get("answer", "")).strip()
    evidence = [i for i in data.get("evidence", []) if i in ids]
    cited = [i for i in cited_ids(answer) if i in ids]
    return Draft(answer=answer, evidence=evidence, p_none=p_no_evidence(result.token_logprobs or []),
                 raw=result.raw, cited=cited)
