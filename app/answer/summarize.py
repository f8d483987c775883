"""The "write" style: a stronger backend adds a short summary of the quoted sentences, labelled as its own.

    answer = Summarizer(settings, call).run(answer)   # a new Answer; unchanged unless answer.style == "write"

The default ("verbatim") never calls this: with the embedded 1.5B model every word shown as the sources'
content is theirs. In the "write" style the model reads only the sentences the answer already quotes (each
with its [n]) and writes one to three sentences citing them. The summary comes after the short-answer line,
under a label saying it is the model's, and the quotes follow it as before. A summary citing a number the
answer does not have is not shown.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from app.answer import prompts
from app.types import Answer
from core.settings import Settings

SUMMARY_LABEL = "Model's summary (not the sources' words; check it against the quotes below):"
SUMMARY_SCHEMA = {"type": "object", "required": ["summary"],
                  "properties": {"summary": {"type": "string", "maxLength": 600}}}
_MARK = re.compile(r"\[(\d+)\]")


class Summarizer:
    """Built with its settings and the LLM call it uses (a scripted one in tests)."""

    def __init__(self, settings: Settings, call: Callable | None = None):
        self.settings = settings
        if call is None:
            from app.llm.client import structured_call as call
        self.call = call

    def run(self, answer: Answer, on_chunk: Callable[[str], None] | None = None) -> Answer:
        if self.settings.answer.style != "write" or answer.refused or not answer.citations:
            return answer
        quoted = "\n".join(f"[{c.n}] {(c.speaker + ': ') if c.speaker else ''}{c.quote}" for c in answer.citations)
        messages = [{"role": "system", "content": prompts.SUMMARY_SYSTEM},
                    {"role": "user", "content": prompts.SUMMARY_USER.format(quoted=quoted,
                                                                            question=answer.standalone_question
                                                                            or answer.question)}]
        result = self.call(self.settings, messages, SUMMARY_SCHEMA, name="summary", max_tokens=200,
                           stream_callback=on_chunk)
        summary = " ".join(str((result.data or {}).get("summary", "")).split())
        marks = {int(m) for m in _MARK.findall(summary)}
        if not summary or not marks or not marks <= {c.n for c in answer.citations}:
            return answer  # no citation, or one the answer does not have: not shown
        short, _, rest = answer.answer.partition("\n\n")
        text = f"{short}\n\n{SUMMARY_LABEL} {summary}" + (f"\n\n{rest}" if rest else "")
        return answer.model_copy(update={"answer": text, "summary": summary})
