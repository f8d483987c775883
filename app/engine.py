"""The answer engine's public entry points: ``Engine.ask`` and ``Engine.stream``.

The CLI, the web chat and the eval suite use only these (plus ``app.types``).

    engine = Engine(settings)            # lazy: nothing heavy happens here
    for event in engine.stream(question, history=["earlier question"]):
        event.type == "evidence"  -> event.passages (retrieval done, before the LLM)
        event.type == "token"     -> event.text (draft answer text as it streams)
        event.type == "answer"    -> event.answer (final, verified Answer)
    answer = engine.ask(question, history=[...])   # the same, returns the final Answer
    # history: earlier questions (str) or Turn(question, answer); answers help resolve "he"/"it"
    engine.close()                       # stops the embedded LLM server if we started it

Stages: prepare question -> condense history -> retrieve (+ both sides of a dispute)
-> rerank sentences -> compose (LLM cites sentence ids) -> cite + verify -> refuse or
answer -> detect disagreement.
"""
from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator

from app import compose as composer
from app.cite import cite_sentences, prune_and_renumber
from app.condense import condense
from app.consistency import drop_misattributed
from app.disagree import Disagreement
from app.docs import DocLibrary
from app.answer_type import is_yes_no
from app.question import prepare_history, prepare_question
from app.refusal import decide
from app.rerank import select_sentences
from app.types import REFUSAL_PREFIX, Answer, AnswerEvent, EvidenceEvent, FinalEvent, Timings, TokenEvent, Turn
from app.verify import check_inline_quotes
from core.errors import StoreError
from core.settings import Settings


class Engine:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._init_lock = threading.Lock()
        self._retriever = None
        self._docs: DocLibrary | None = None
        self._disagreement: Disagreement | None = None

    # -- lazily built parts -------------------------------------------------
    def _parts(self):
        with self._init_lock:
            if self._retriever is None:
                from app.retrieve import Retriever

                self._docs = DocLibrary(self.settings)
                self._retriever = Retriever(self.settings)
                self._disagreement = Disagreement(self._docs)
        self._docs.refresh()
        if not self._docs.doc_ids():
            raise StoreError(f"the store in {self.settings.data_dir} is empty: no documents are ingested; "
                             f"run `corroborate ingest` (corpus: {self.settings.corpus_dir})")
        return self._retriever, self._docs, self._disagreement

    def _embed(self, texts: list[str]):
        from ingest.embed import get_embedder

        return get_embedder(self.settings).embed(texts)

    def model_label(self) -> str:
        from app.llm import llm_label

        return llm_label(self.settings)

    # -- public API -----------------------------------------------------------
    def stream(self, question: str, history: list[str | Turn] | None = None) -> Iterator[AnswerEvent]:
        s = self.settings
        t0 = time.perf_counter()
        timings = Timings()
        q, notes = prepare_question(question, s.retrieval.max_question_chars)
        hist = prepare_history(history, s.retrieval.max_question_chars)
        retriever, docs, disagreement = self._parts()

        t = time.perf_counter()
        standalone = condense(s, hist, q)
        timings.condense = time.perf_counter() - t

        t = time.perf_counter()
        passages = retriever.expand(retriever.search(standalone))
        both_sides = disagreement.expand(standalone, passages, retriever)
        passages = passages + both_sides
        timings.retrieve = time.perf_counter() - t
        yield EvidenceEvent(passages=passages, standalone_question=standalone)

        sentences = select_sentences(
            standalone, passages, self._embed,
            max_sentences=s.answer.max_sentences, max_words=s.answer.max_sentence_words,
            must_include={(p.doc_id, p.paragraph) for p in both_sides},
        )
        draft = None
        if sentences:
            t = time.perf_counter()
            draft = None
            for item in self._compose_streaming(standalone, sentences, t0, timings):
                if isinstance(item, TokenEvent):
                    yield item
                else:
                    draft = item
            timings.generate = time.perf_counter() - t

        t = time.perf_counter()
        # Cite what the answer text cites; fall back to the evidence list only when it cites nothing.
        ids = (draft.cited or draft.evidence[:2]) if draft else []
        citations, mapping = cite_sentences(ids, sentences, docs, disagreement.speaker_for)
        by_id = {x.sid: x for x in sentences}
        verdict = decide(
            standalone, draft.answer if draft else "", [by_id[i] for i in mapping], sentences,
            draft.p_none if draft else None,
            threshold=s.answer.refusal_threshold, min_sentence_score=s.answer.min_sentence_score,
            retrieved=passages,
        )
        conflicts, citations = disagreement.detect(standalone, passages, citations)
        if verdict.refused and verdict.hard:
            conflicts = []  # the disagreement is not about what was asked
        if verdict.refused and not conflicts:
            text, citations = self._refusal_text(standalone, passages, verdict.reason), []
        else:
            text = verdict.answer if not verdict.refused else ""
            if text and not composer.cited_ids(text):
                text += " " + "".join(f"[{sid}]" for sid in mapping)
            text = composer.renumber(text, mapping)
            text, _, dropped = check_inline_quotes(text, [docs.text(d) for d in docs.doc_ids()])
            if dropped:
                notes.append("Some wording the model put in quotation marks was not verbatim in the sources; "
                             "it is shown without quotation marks.")
            text = _tidy(text, citations)
            text, removed = drop_misattributed(text, citations)
            if removed:
                notes.append("A sentence that credited a quote to the wrong source was removed.")
            if not text.strip() and not conflicts:
                verdict.refused, verdict.reason = True, "the only answer offered misattributed its quotes"
                text, citations = self._refusal_text(standalone, passages, verdict.reason), []
            if conflicts and (is_yes_no(standalone) or not text.strip()):
                # On a yes/no question the model's own one-line verdict tends to take a side;
                # the answer is the quoted, attributed statement of the disagreement instead.
                text = disagreement.summary(conflicts, citations)
            elif conflicts:
                # "Why did Mao think ...?": keep the verified answer, and say where the sources disagree.
                text = f"{text.rstrip()} {disagreement.summary(conflicts, citations)}"
        text, citations, conflicts = prune_and_renumber(text, citations, conflicts)
        timings.verify = time.perf_counter() - t
        timings.total = time.perf_counter() - t0
        answer = Answer(
            question=q, standalone_question=standalone, answer=text,
            refused=verdict.refused and not conflicts, citations=citations, conflicts=conflicts,
            passages=passages, timings=timings, model=self.model_label(),
            searched=self._searched(standalone, passages), notes=notes,
            refusal_reason=verdict.reason if verdict.refused and not conflicts else "",
            diagnostics=verdict.signals,
        )
        yield FinalEvent(answer=answer)

    def ask(self, question: str, history: list[str | Turn] | None = None) -> Answer:
        final = None
        for event in self.stream(question, history):
            if isinstance(event, FinalEvent):
                final = event.answer
        assert final is not None
        return final

    def close(self) -> None:
        try:
            from app.llm_server import stop_all

            stop_all()
        except ImportError:
            pass

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers -------------------------------------------------------------
    def _compose_streaming(self, question, sentences, t0, timings):
        """Run the LLM call in a worker thread, yielding draft tokens as they arrive, then the Draft."""
        tokens: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                result["draft"] = composer.compose(self.settings, question, sentences, on_token=tokens.put)
            except BaseException as exc:  # re-raised in the caller's thread
                result["error"] = exc
            finally:
                tokens.put(None)

        threading.Thread(target=work, daemon=True, name="corroborate-compose").start()
        while (tok := tokens.get()) is not None:
            if timings.first_token is None:
                timings.first_token = time.perf_counter() - t0
            yield TokenEvent(text=tok)
        if "error" in result:
            raise result["error"]
        yield result["draft"]

    @staticmethod
    def _searched(standalone: str, passages) -> str:
        titles = sorted({p.title or p.doc_id for p in passages})
        return f"“{standalone}” in {len(passages)} passages from: " + "; ".join(titles) if passages else f"“{standalone}”: no passages found"

    @staticmethod
    def _refusal_text(standalone: str, passages, reason: str) -> str:
        n_docs = len({p.doc_id for p in passages})
        return (f"{REFUSAL_PREFIX} — I searched {len(passages)} passages from {n_docs} document(s) for "
                f"“{standalone}”, and none of them answers it ({reason}).")


def _tidy(text: str, citations) -> str:
    """Remove empty quote marks (lost link text in the sources); give a bare "[1]" answer its quote."""
    text = re.sub(r"\s*(?:“\s*”|\"\s*\")", "", text).strip()
    words = re.sub(r"\[\d+\]", "", text).split()
    if len(words) < 2 and citations:
        first = citations[0]
        text = f"The sources say: “{first.quote}” [{first.n}]"
    return text
