"""Run the multi-corpus suite: for each corpus, its own settings and store, the real incremental ingest,
then the selected questions through a fresh ``Engine`` (``Engine.ask`` only), closed before the next corpus.

The embedded LLM server does not depend on the corpus (same model, context and threads), so it is kept
running between corpora and stopped after the last one: ``get_server`` reuses it while it is alive.
"""
from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Callable
from contextlib import contextmanager

from core.errors import InputError
from evals.dataset import EvalItem
from evals.metrics import QuestionResult, summarise
from evals.runner import docstore_text_of, run_eval
from evals.suite import CorpusSpec, Suite

SPLITS = ("tune", "report")
_SERVER_MODULES = ("app.llm.server", "app.llm_server")  # where stop_all lives (new layout, then the old one)


def corpus_settings(spec: CorpusSpec, **overrides):
    """The user's settings with this corpus's documents and data dir (so its store is its own)."""
    from core.settings import load_settings

    settings = load_settings(corpus_dir=spec.corpus_dir, data_dir=spec.data_dir, **overrides)
    if settings.chroma.url:  # a shared Chroma server: a collection per corpus keeps the stores apart
        chroma = settings.chroma.model_copy(update={"collection": f"{settings.chroma.collection}-eval-{spec.name}"})
        settings = settings.model_copy(update={"chroma": chroma})
    return settings


def pick(items: list[EvalItem], split: str | None = None, ids: list[str] | None = None, ci: bool = False,
         limit: int | None = None) -> list[EvalItem]:
    """Like ``dataset.select`` for one corpus of many: ids this corpus lacks are not an error, nor is none left."""
    if ids:
        wanted = set(ids)
        items = [i for i in items if i.id in wanted]
    if split:
        items = [i for i in items if i.split == split]
    if ci:
        items = [i for i in items if i.ci]
    return items[:limit] if limit is not None else items


@contextmanager
def llm_server_kept():
    """While active, ``Engine.close()`` leaves the shared embedded LLM server running."""
    patched = []
    for name in _SERVER_MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a layout without this module
            continue
        if callable(getattr(module, "stop_all", None)):
            patched.append((module, module.stop_all))
            module.stop_all = lambda: None
    try:
        yield
    finally:
        for module, original in patched:
            module.stop_all = original


def _split_summaries(results: list[QuestionResult]) -> dict:
    return {s: summarise(rs) for s in SPLITS if (rs := [r for r in results if r.split == s])}


def run_suite(
    suite: Suite,
    *,
    split: str | None = None,
    ids: list[str] | None = None,
    ci: bool = False,
    limit: int | None = None,
    engine_factory: Callable | None = None,
    ingest: Callable | None = None,
    on_corpus: Callable[[CorpusSpec, str, list[EvalItem]], Callable | None] | None = None,
    settings_overrides: dict | None = None,
) -> dict:
    """Ingest and evaluate every corpus of ``suite``; return the JSON-serialisable suite report.

    ``on_corpus(spec, ingest_headline, items)`` is called before a corpus's questions run and may return an
    ``on_result(QuestionResult)`` callback. ``engine_factory(settings)`` and ``ingest(settings)`` default to
    the real ``Engine`` and ``run_ingest`` (tests pass stand-ins).
    """
    if engine_factory is None:
        from app.engine import Engine as engine_factory
    if ingest is None:
        from ingest.pipeline import run_ingest

        def ingest(settings):
            return run_ingest(settings, progress=False)

    loaded = [(spec, spec.load_items()) for spec in suite.corpora]  # every question file checked up front
    if ids:
        known = {i.id for _, items in loaded for i in items}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise InputError(f"--ids: unknown id(s) in every corpus of {suite.path}: {', '.join(unknown)}")
    chosen = [(spec, pick(items, split, ids, ci, limit)) for spec, items in loaded]
    chosen = [(spec, items) for spec, items in chosen if items]
    if not chosen:
        raise InputError("no questions left in any corpus after --split/--ids/--ci/--limit")

    started = _dt.datetime.now(_dt.timezone.utc)
    corpora, everything = [], []
    for n, (spec, items) in enumerate(chosen, start=1):
        settings = corpus_settings(spec, **(settings_overrides or {}))
        summary = ingest(settings)
        if not summary.documents:
            raise InputError(f"{spec.source}: no documents ingested from {spec.corpus_dir}: "
                             + "; ".join(summary.errors or ["no supported files"]))
        on_result = on_corpus(spec, summary.headline(), items) if on_corpus else None
        engine = engine_factory(settings)
        finished = False
        try:
            report = run_eval(items, engine, docstore_text_of(settings), on_result=on_result,
                              source=", ".join(map(str, spec.qa)))
            finished = True
        finally:
            if finished and n < len(chosen):
                with llm_server_kept():  # the next corpus reuses the running server
                    engine.close()
            else:
                engine.close()  # the last corpus, or a failed run: the server stops too
        results = [QuestionResult.model_validate({**r, "corpus": spec.name}) for r in report["results"]]
        everything += results
        corpora.append({
            "name": spec.name, "corpus_dir": str(spec.corpus_dir), "data_dir": str(spec.data_dir),
            "qa": [str(q) for q in spec.qa], "ingest": summary.public(), "ingest_headline": summary.headline(),
            "summary": summarise(results), "by_split": _split_summaries(results),
        })
    splits = [split] if split else [s for s in SPLITS if any(r.split == s for r in everything)]
    return {
        "suite": str(suite.path),
        "started": started.isoformat(timespec="seconds"),
        "model": ", ".join(sorted({r.model for r in everything if r.model})),
        "splits": splits,
        "summary": summarise(everything),
        "by_split": _split_summaries(everything),
        "corpora": corpora,
        "results": [r.model_dump() for r in everything],
    }

