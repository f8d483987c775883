"""The answer engine's public entry points: ``Engine.stream`` and ``Engine.ask``. Orchestration only.

    engine = Engine(settings)            # lazy: nothing heavy happens here
    engine = Engine(settings, llm_call=scripted)   # the same with scripted model replies (tests, replays)
    for event in engine.stream(question, history=[Turn(question=..., answer=...)]):
        event.type == "evidence"  -> event.passages (retrieval done, before the LLM)
        event.type == "sentences" -> event.sentences (each source's best sentences, before the LLM)
        event.type == "working"   -> the model is still reading (about every 0.25 s; closing the stream stops it)
        event.type == "answer"    -> event.answer (the final Answer)
    engine.ask(question, history)        # the same, returns the final Answer
    engine.close()                       # stops the embedded LLM server if we started it

Stages, top to bottom, once: question (parse, condense) -> retrieve -> evidence -> point (the one LLM call:
which sentences answer, and the words of each that do) -> finalize (checks, corroboration, refusal, the
composed verbatim answer).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from app.answer.condense import condense
from app.answer.evidence import select_evidence
from app.answer.point import Pointer
from app.answer.question import describe, parse_question, prepare_history
from app.answer.summarize import Summarizer
from app.checks import guard
from app.text.values import gives_value
from app.finalize import Finalizer
from app.types import Answer, AnswerEvent, EvidenceEvent, FinalEvent, SentencesEvent, Timings, Turn, WorkingEvent
from core.errors import StoreError
from core.settings import Settings


HEARTBEAT = 0.25  # seconds between WorkingEvents while the model reads


class GenerationCancelled(Exception):
    """Raised inside the model's reply stream when nobody reads the answer any more."""


class Engine:
    def __init__(self, settings: Settings, *, llm_call: Callable | None = None, retriever=None, docs=None):
        self.settings = settings
        self._llm_call = llm_call
        self._init_lock = threading.Lock()
        self._retriever = retriever
        self._docs = docs

    def _parts(self):
        with self._init_lock:
            if self._docs is None:
                from app.retrieval.library import DocLibrary

                self._docs = DocLibrary(self.settings)
            if self._retriever is None:
                from app.retrieval import Retriever

                self._retriever = Retriever(self.settings)
        if not self._docs.doc_ids():
            raise StoreError(f"the store in {self.settings.data_dir} is empty: no documents are ingested; "
                             f"run `corroborate ingest` (corpus: {self.settings.corpus_dir})")
        return self._retriever, self._docs

    def model_label(self) -> str:
        from app.llm.client import llm_label

        return "scripted replies" if self._llm_call is not None else llm_label(self.settings)

    def stream(self, question: str, history: list[str | Turn] | None = None) -> Iterator[AnswerEvent]:
        s = self.settings
        t0 = time.perf_counter()
        timings = Timings()
        q = parse_question(question, s.retrieval.max_question_chars)
        hist = prepare_history(history, s.retrieval.max_question_chars)
        retriever, docs = self._parts()

        t = time.perf_counter()
        standalone = condense(s, hist, q.text)
        if standalone and standalone != q.text:  # a follow-up: its words are the standalone question's
            q = describe(q.text, q.notes, standalone=standalone)
        timings.condense = time.perf_counter() - t

        t = time.perf_counter()
        passages = retriever.expand(retriever.search(q.search_text, gives=gives_value(q.kind, q.terms),
                                                      named=q.sources))
        timings.retrieve = time.perf_counter() - t
        yield EvidenceEvent(passages=passages, standalone_question=q.search_text)

        ids = {p.doc_id for p in passages}
        sentences = select_evidence(q, passages, retriever.embedder.embed, s.answer, docs)
        sentences, _ = guard.drop_instructions(sentences, {d: docs.instruction_spans(d) for d in ids},
                                               {d: docs.metadata_instruction_spans(d) for d in ids})
        yield SentencesEvent(sentences=best_per_source(sentences))

        pointing = None
        if sentences:
            t = time.perf_counter()
            pointer = Pointer(s, self._llm_call)
            pointing = yield from self._working(lambda on_chunk: pointer.run(q, sentences, on_chunk), timings, t0)
            timings.generate = time.perf_counter() - t

        t = time.perf_counter()
        answer = Finalizer(s, docs).run(q, passages, sentences, pointing, q.notes)
        timings.verify = time.perf_counter() - t
        if s.answer.style == "write" and not answer.refused:  # a stronger backend's labelled summary
            summarizer = Summarizer(s, self._llm_call)
            answer = yield from self._working(lambda on_chunk, a=answer: summarizer.run(a, on_chunk), timings, t0)
        timings.total = time.perf_counter() - t0
        yield FinalEvent(answer=answer.model_copy(update={"timings": timings, "model": self.model_label()}))

    def _working(self, work_fn: Callable, timings: Timings, t0: float):
        """An LLM call (``work_fn(on_chunk)``) in a worker thread; meanwhile a WorkingEvent about every ``HEARTBEAT``
        seconds. A stream closed at one of them (a reader who left, Stop) cancels the call at the model's next
        token."""
        cancelled, done = threading.Event(), threading.Event()
        result: dict = {}

        def on_chunk(_text: str) -> None:
            if timings.first_token is None:
                timings.first_token = time.perf_counter() - t0
            if cancelled.is_set():
                raise GenerationCancelled()

        def work() -> None:
            try:
                result["value"] = work_fn(on_chunk)
            except BaseException as exc:  # re-raised in the caller's thread
                result["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, daemon=True, name="corroborate-point").start()
        try:
            while not done.wait(HEARTBEAT):
                yield WorkingEvent(elapsed=round(time.perf_counter() - t0, 2))
        finally:
            cancelled.set()
        if "error" in result:
            raise result["error"]
        return result["value"]

    def ask(self, question: str, history: list[str | Turn] | None = None) -> Answer:
        final = None
        for event in self.stream(question, history):
            if isinstance(event, FinalEvent):
                final = event.answer
        if final is None:
            raise RuntimeError("the answer stream ended without an answer")
        return final

    def close(self) -> None:
        from app.llm.server import stop_all

        stop_all()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def best_per_source(sentences, n: int = 1):
    """Each source's ``n`` best evidence sentences, in the evidence's order: shown while the model reads."""
    out, count = [], {}
    for s in sorted(sentences, key=lambda x: -x.score):
        key = s.passage.doc_id
        if count.get(key, 0) < n and s.passage.kind != "metadata":
            count[key] = count.get(key, 0) + 1
            out.append(s)
    return sorted(out, key=lambda x: x.sid)
