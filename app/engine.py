"""The answer engine's public entry points: ``Engine.ask`` and ``Engine.stream``.

The CLI, the web chat and the eval suite use only these (plus ``app.types``).

    engine = Engine(settings)            # lazy: nothing heavy happens here
    for event in engine.stream(question, history=["earlier question"]):
        event.type == "evidence"  -> event.passages (retrieval done, before the LLM)
        event.type == "token"     -> event.text (draft answer text as it streams)
        event.type == "answer"    -> event.answer (final, verified Answer)
    answer = engine.ask(question, history=[...])   # the same, returns the final Answer
    engine.close()                       # stops the embedded LLM server if we started it
"""
from __future__ import annotations

from collections.abc import Iterator

from app.types import Answer, AnswerEvent, FinalEvent
from corroborate.settings import Settings


class Engine:
    def __init__(self, settings: Settings):
        self.settings = settings

    def stream(self, question: str, history: list[str] | None = None) -> Iterator[AnswerEvent]:
        raise NotImplementedError

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        final = None
        for event in self.stream(question, history):
            if isinstance(event, FinalEvent):
                final = event.answer
        assert final is not None
        return final

    def close(self) -> None:
        pass

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
