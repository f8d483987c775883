"""The answer engine's public entry points: ``Engine.stream`` and ``Engine.ask``. Orchestration only.

    engine = Engine(settings)            # lazy: nothing heavy happens here
    for event in engine.stream(question, history=[Turn(question=..., answer=...)]):
        event.type == "evidence"  -> event.passages (retrieval done, before the LLM)
        event.type == "token"     -> event.text (draft answer text as it streams)
        event.type == "answer"    -> event.answer (final, verified Answer)
    engine.ask(question, history)        # the same, returns the final Answer
    engine.close()                       # stops the embedded LLM server if we started it

Stages, top to bottom, once: question (parse, condense) -> retrieval -> evidence -> compose (LLM)
-> finalize (refusal, disagreement, citations, wording). Closing the stream generator early
(a stopped or abandoned answer) stops the generation.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from app.answer import compose as composer
from app.answer.cite import anchor_citations
from app.answer.compose import draft_cited
from app.answer import support
from app.answer.condense import condense
from app.answer.evidence import select_evidence
from app.answer.question import describe, parse_question, prepare_history
from app.attribution import Speakers
from app.checks import guard
from app.disagreement.values import gives_value
from app.finalize import finalize
from app.retrieval.library import DocLibrary
from app.types import Answer, AnswerEvent, EvidenceEvent, FinalEvent, Timings, TokenEvent, Turn
from core.errors import StoreError
from core.settings import Settings


class Engine:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._init_lock = threading.Lock()
        self._retriever = None
        self._docs: DocLibrary | None = None

    def _parts(self):
        with self._init_lock:
            if self._retriever is None:
                from app.retrieval import Retriever

                self._docs = DocLibrary(self.settings)
                self._retriever = Retriever(self.settings)
        if not self._docs.doc_ids():
            raise StoreError(f"the store in {self.settings.data_dir} is empty: no documents are ingested; "
                             f"run `corroborate ingest` (corpus: {self.settings.corpus_dir})")
        return self._retriever, self._docs

    def model_label(self) -> str:
        from app.llm.client import llm_label

        return llm_label(self.settings)

    def stream(self, question: str, history: list[str | Turn] | None = None) -> Iterator[AnswerEvent]:
        s = self.settings
        t0 = time.perf_counter()
        timings = Timings()
        q = parse_question(question, s.retrieval.max_question_chars)
        hist = prepare_history(history, s.retrieval.max_question_chars)
        retriever, docs = self._parts()

        t = time.perf_counter()
        q = describe(q.text, q.notes, standalone=condense(s, hist, q.text))
        timings.condense = time.perf_counter() - t

        t = time.perf_counter()
        passages = retriever.expand(retriever.search(q.search_text, gives=gives_value(q.kind, q.terms),
                                                      named=q.sources))
        timings.retrieve = time.perf_counter() - t
        yield EvidenceEvent(passages=passages, standalone_question=q.search_text)

        speakers = Speakers(docs)
        ids = {p.doc_id for p in passages}
        sentences = select_evidence(q, passages, retriever.embedder.embed, s.answer)
        sentences, _ = guard.drop_instructions(sentences, {d: docs.instruction_spans(d) for d in ids},
                                               {d: docs.metadata_instruction_spans(d) for d in ids})
        sentences = speakers.label(sentences)
        draft = None
        if sentences:
            t = time.perf_counter()
            # counts, dates and yes/no are read from the sentences in code; the model names the other values
            with_values = q.kind == "who" and len({(x.passage.doc_id, x.speaker) for x in sentences}) > 1
            for item in composer.stream_compose(s, q.search_text, sentences, with_values):
                if isinstance(item, str):
                    if timings.first_token is None:
                        timings.first_token = time.perf_counter() - t0
                    yield TokenEvent(text=item)
                else:
                    draft = item
            if draft is not None and s.answer.support_check:
                cited = anchor_citations(q, draft.answer, draft_cited(draft, sentences), sentences)[1][:3]
                draft.p_support = support.p_supported(s, q.search_text, cited)
            timings.generate = time.perf_counter() - t

        t = time.perf_counter()
        answer = finalize(q, passages, sentences, draft, docs, speakers, s, list(q.notes))
        timings.verify = time.perf_counter() - t
        timings.total = time.perf_counter() - t0
        yield FinalEvent(answer=answer.model_copy(update={"timings": timings, "model": self.model_label()}))

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
