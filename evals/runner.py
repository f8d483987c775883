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




def docstore_text_of(settings) -> TextOf:
    """Cleaned text by doc_id, read from the ingest docstore (never from app internals), cached."""
    from ingest.docstore import DocStore

    store = DocStore(settings)
    cache: dict[str, str | None] = {}

    def text_of(doc_id: str) -> str | None:
        if doc_id not in cache:
            try:
                if doc_id.endswith(metadata_key("")):
                    record = store.get(doc_id.removesuffix(metadata_key("")))
                    cache[doc_id] = record.metadata_text if record else None
                else:
                    cache[doc_id] = store.clean_text(doc_id)
            except (KeyError, FileNotFoundError, CorroborateError):
                cache[doc_id] = None
        return cache[doc_id]

    return text_of


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
