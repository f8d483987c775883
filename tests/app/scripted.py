"""Scripted model replies for orchestration tests: the real pipeline (ingest, Chroma, embedder, evidence,
finalize) with the one LLM call answered by a script that reads the numbered sentences it was shown.

    call = ScriptedLLM(lambda shown: [("sixty ships", "sixty ships")])   # (words of the sentence to pick, span)
    engine = Engine(settings, llm_call=call)

The script gets ``shown``: {sentence id: sentence text} as the prompt numbered them, and returns picks as
(a fragment that finds the sentence, the span to copy). A fragment no shown sentence holds fails
the test: the script is then pointing at a sentence the evidence did not give the model.
"""
from __future__ import annotations

import json
import re

from app.llm.client import StructuredResult

_LINE = re.compile(r"^\[(\d+\.\d+)\](?: \([^)]*\))? (.*?)(?=^\[\d+\.\d+\]|^\(source |^<<<|\Z)", re.M | re.S)


def shown_sentences(messages: list[dict]) -> dict[str, str]:
    return {m.group(1): " ".join(m.group(2).split()) for m in _LINE.finditer(messages[-1]["content"])}


class ScriptedLLM:
    def __init__(self, script, p_none: float = 0.02, summary: str = ""):
        self.script = script
        self.p_none = p_none
        self.summary = summary  # the reply to a "write"-style summary call
        self.calls: list[list[dict]] = []

    def __call__(self, settings, messages, schema, **kwargs) -> StructuredResult:
        self.calls.append(messages)
        if "summary" in schema.get("properties", {}):
            return StructuredResult(data={"summary": self.summary}, raw=json.dumps({"summary": self.summary}))
        shown = shown_sentences(messages)
        answers = []
        for pick in self.script(shown):
            fragment, span = pick
            sid = next((i for i, text in shown.items() if fragment in text), None)
            assert sid is not None, f"no shown sentence holds {fragment!r}: {shown}"
            item = {"id": sid, "span": span}
            answers.append(item)
        raw = json.dumps({"answers": answers}, separators=(",", ":"))
        if kwargs.get("stream_callback"):
            kwargs["stream_callback"](raw)
        return StructuredResult(data={"answers": answers}, raw=raw, token_logprobs=_logprobs(self.p_none))


def _logprobs(p_none: float) -> list[dict]:
    """The tokens of '{"answers":[' then the alternatives the model weighed: close the list, or open an item."""
    import math

    head = [{"token": '{"', "logprob": 0.0}, {"token": "answers", "logprob": 0.0}, {"token": '":[', "logprob": 0.0}]
    decide = {"token": "{", "logprob": math.log(1 - p_none),
              "top_logprobs": [{"token": "{", "logprob": math.log(1 - p_none)},
                               {"token": "]", "logprob": math.log(p_none)}]}
    return head + [decide]
