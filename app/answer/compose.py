"""Answer composition, quote-first: the LLM cites numbered sentence ids; code inserts the quotes.

The model never copies quotes token by token (slow, and it paraphrases inside
quote marks). Its output is schema-constrained JSON, so it always parses.
"""
from __future__ import annotations

import math
import queue
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from app.answer import prompts
from app.answer.cite import cited_ids
from app.answer.evidence import format_sentences
from app.checks import guard
from app.types import Sentence
from core.errors import ModelError



@dataclass
class Draft:
    answer: str  # model text, still with [p.s] ids
    evidence: list[str]  # sentence ids the model says state the answer
    p_none: float | None  # probability mass the model put on "no evidence" (from logprobs), if available
    raw: str = ""
    cited: list[str] = field(default_factory=list)  # ids used in the answer text, in order
    values: list[tuple[str, str]] = field(default_factory=list)  # (sentence id, short value) per source
    p_support: float | None = None  # the model's P(the cited sentences state the answer), from answer.support


def draft_cited(draft: Draft, sentences: list[Sentence], limit: int = 3) -> list[Sentence]:
    """The sentences the draft's answer cites (else the first two it gave as evidence), in its order."""
    by_id = {s.sid: s for s in sentences}
    return [by_id[i] for i in (draft.cited or draft.evidence[:2]) if i in by_id][:limit]


def answer_schema(ids: list[str], max_evidence: int, max_values: int = 0) -> dict:
    props = {
        "evidence": {"type": "array", "items": {"type": "string", "enum": ids}, "maxItems": max_evidence},
        "answer": {"type": "string", "maxLength": 400},
    }
    if max_values:
        props["values"] = {"type": "array", "minItems": 2, "maxItems": max(2, max_values), "items": {
            "type": "object", "properties": {"id": {"type": "string", "enum": ids},
                                             "value": {"type": "string", "maxLength": 60}},
            "required": ["id", "value"]}}
    return {"type": "object", "properties": props, "required": list(props)}


def answer_grammar(ids: list[str], max_evidence: int, max_values: int = 0, max_chars: int = 400) -> str:
    """GBNF for the same object as ``answer_schema``: compact, and no quote marks in the strings."""
    id_rule = " | ".join(f'"\\"{i}\\""' for i in ids)
    more = f'("," id){{0,{max(0, max_evidence - 1)}}}'
    tail = ""
    rules = []
    if max_values:
        tail = ' ",\\"values\\":[" vals "]"'
        # at least two values: one source alone can't disagree, and a small model left free gives none
        rules = [f'vals ::= val ("," val){{1,{max(1, max_values - 1)}}}',
                 'val ::= "{\\"id\\":" id ",\\"value\\":\\"" short "\\"}"',
                 'short ::= [^"\\\\\\n\\r]{1,60}']
    return "\n".join([
        f'root ::= "{{\\"evidence\\":[" ids "],\\"answer\\":\\"" text "\\""{tail} "}}"',
        f"ids ::= (id {more})?",
        f"id ::= {id_rule}",
        f'text ::= [^"\\\\\\n\\r]{{1,{max_chars}}}',
        *rules,
    ])


def build_messages(question: str, sentences: list[Sentence], heading_words: int = 12) -> list[dict]:
    """System rules, then the fenced numbered sentences (a fresh boundary per request), then the question."""
    fenced, _boundary = guard.fence(format_sentences(sentences, heading_words))
    user = prompts.ANSWER_USER.format(fenced=fenced, question=question)  # the fence rule is in the system prompt
    return [{"role": "system", "content": prompts.ANSWER_SYSTEM}, {"role": "user", "content": user}]


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


# A small model can fall into citing every id in turn ("[1.6] [1.7] [1.8] ..."): four ids in a row end the reply.
_RUNAWAY = re.compile(r"(?:\[\d+\.\d+\]\s*){4}$")


class RunawayReply(ModelError):
    """The model started listing ids instead of answering; the reply so far is kept."""

    def __init__(self, raw: str):
        super().__init__("the model's reply ran on into a list of ids")
        self.raw = raw


def compose(settings, question: str, sentences: list[Sentence], on_token: Callable[[str], None] | None = None,
            with_values: bool = False) -> Draft:
    from app.llm.client import ModelOutputError, structured_call

    ids = [s.sid for s in sentences]
    parser = AnswerStreamParser(on_token) if on_token else None
    n_values = settings.answer.max_values if with_values else 0
    raw: list[str] = []

    def feed(chunk: str) -> None:
        raw.append(chunk)
        if parser:
            parser.feed(chunk)
        if _RUNAWAY.search("".join(raw)[-60:]):
            raise RunawayReply("".join(raw))

    try:
        result = structured_call(
            settings,
            build_messages(question, sentences, settings.answer.heading_words),
            answer_schema(ids, settings.answer.max_evidence, n_values),
            logprobs_top=10,
            stream_callback=feed,
            grammar=answer_grammar(ids, settings.answer.max_evidence, n_values),
        )
    except RunawayReply as exc:
        return _cut_off(exc.raw, ids)
    except ModelOutputError as exc:
        if exc.finish_reason != "length":
            raise
        return _cut_off(exc.raw, ids)  # the model ran on past llm.max_tokens: keep what it had said
    data = result.data or {}
    answer = str(data.get("answer", "")).strip()
    evidence = [i for i in data.get("evidence", []) if i in ids]
    cited = [i for i in cited_ids(answer) if i in ids]
    values = [(str(v.get("id")), str(v.get("value", "")).strip()) for v in data.get("values", []) or []
              if isinstance(v, dict) and v.get("id") in ids and str(v.get("value", "")).strip()]
    return Draft(answer=answer, evidence=evidence, p_none=p_no_evidence(result.token_logprobs or []),
                 raw=result.raw, cited=cited, values=values)


def _cut_off(raw: str, ids: list[str]) -> Draft:
    """A Draft from a reply cut off at llm.max_tokens: its evidence ids and the answer text so far."""
    head = raw.split('"answer"', 1)[0]
    evidence = [i for i in re.findall(r'"([\d.]+)"', head) if i in ids]
    got: list[str] = []
    AnswerStreamParser(got.append).feed(raw)
    text = "".join(got)
    run = re.search(r"(?:\s*\[[\d.]*\]?)+\s*$", text)  # a trailing run of ids: keep its first two
    tail = list(dict.fromkeys(re.findall(r"\[(\d+\.\d+)\]", run.group(0))))[:2] if run else []
    text = text[:run.start()].strip() if run else text.strip()
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", text)]
    text = text[:ends[-1]] if ends else ""  # only whole sentences
    if text and tail:
        text += " " + " ".join(f"[{i}]" for i in tail)
    return Draft(answer=text, evidence=evidence, p_none=None, raw=raw,
                 cited=[i for i in cited_ids(text) if i in ids])


class GenerationCancelled(Exception):
    """Raised inside the LLM stream when nobody is reading the answer any more."""


def stream_compose(settings, question: str, sentences: list[Sentence], with_values: bool = False):
    """Run ``compose`` in a worker thread: yield draft text pieces as they arrive, then the Draft.

    If the consumer closes this generator (an answer stopped or abandoned), the next streamed
    token raises inside the worker and the HTTP stream to the model is dropped, so generation stops.
    """
    tokens: queue.Queue = queue.Queue()
    result: dict = {}
    cancelled = threading.Event()

    def on_token(text: str) -> None:
        if cancelled.is_set():
            raise GenerationCancelled()
        tokens.put(text)

    def work():
        try:
            result["draft"] = compose(settings, question, sentences, on_token=on_token, with_values=with_values)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc
        finally:
            tokens.put(None)

    threading.Thread(target=work, daemon=True, name="corroborate-compose").start()
    try:
        while (tok := tokens.get()) is not None:
            yield tok
    finally:
        cancelled.set()
    if "error" in result:
        raise result["error"]
    yield result["draft"]
