"""Run eval items through the answer engine (``Engine.ask`` only) and score them."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Protocol

from app.types import Answer
from core.errors import CorroborateError
from evals.dataset import EvalItem
from evals.metrics import QuestionResult, TextOf, error_result, metadata_key, score, summarise


class Asker(Protocol):
    def ask(self, question: str, history: list[str] | None = None) -> Answer: ...




class CorpusText:
    """Cleaned text by doc_id (``text_of(doc_id)``) and the stored sentence roles (``.roles(doc_id)``), read from
    the ingest docstore (never from app internals), cached."""

    def __init__(self, settings):
        from ingest.docstore import DocStore

        self.store = DocStore(settings)
        self.cache: dict[str, str | None] = {}

    def __call__(self, doc_id: str) -> str | None:
        if doc_id not in self.cache:
            try:
                if doc_id.endswith(metadata_key("")):
                    record = self.store.get(doc_id.removesuffix(metadata_key("")))
                    self.cache[doc_id] = record.metadata_text if record else None
                else:
                    self.cache[doc_id] = self.store.clean_text(doc_id)
            except (KeyError, FileNotFoundError, CorroborateError):
                self.cache[doc_id] = None
        return self.cache[doc_id]

    def roles(self, doc_id: str) -> list[tuple[int, int, str]]:
        """(start, end, role) of the document's sentences: "prose", or a structure role (heading, signature…)."""
        try:
            record = self.store.get(doc_id)
        except (KeyError, FileNotFoundError, CorroborateError):
            return []
        return [tuple(x) for x in record.sentences] if record is not None else []


def docstore_text_of(settings) -> CorpusText:
    return CorpusText(settings)


def run_eval(
    items: list[EvalItem],
    engine: Asker,
    text_of: TextOf,
    *,
    on_result: Callable[[QuestionResult], None] | None = None,
    source: str = "",
) -> dict:
    """Ask every item, score it, and return the full report (JSON-serialisable dict).

    An error in one question is recorded against it and the run goes on; an environment
    error (model or store unusable) stops the run.
    """
    started = _dt.datetime.now(_dt.timezone.utc)
    results: list[QuestionResult] = []
    for item in items:
        try:
            answer = engine.ask(item.question, list(item.history))
        except CorroborateError:
            raise
        except Exception as exc:  # one bad question must not sink the run
            result = error_result(item, f"{type(exc).__name__}: {exc}")
        else:
            result = score(item, answer, text_of)
        results.append(result)
        if on_result:
            on_result(result)
    models = sorted({r.model for r in results if r.model})
    return {
        "source": source,
        "started": started.isoformat(timespec="seconds"),
        "model": ", ".join(models),
        "summary": summarise(results),
        "results": [r.model_dump() for r in results],
    }
