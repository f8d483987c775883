"""The answer engine end to end, on the seed corpus, with the real default LLM: what the model really picks.
Orchestration with scripted replies is in test_answer_path.py."""
import re

import pytest

from app.types import REFUSAL_PREFIX, EvidenceEvent, FinalEvent, SentencesEvent
from evals.historian import verbatim_share

pytestmark = pytest.mark.llm


def _verbatim(answer, engine):
    """Every displayed quote is exactly the stored clean text at its offsets (checked independently)."""
    from ingest.docstore import DocStore

    store = DocStore(engine.settings)
    for c in answer.citations:
        rec = store.get(c.doc_id)
        source = rec.metadata_text if c.paragraph == 0 else rec.text
        assert source[c.start:c.end] == c.quote, c


def test_a_number_is_answered_with_a_verified_quote(engine):
    a = engine.ask("How many Korean troops did Lin Biao report were ready to be transferred?")
    assert not a.refused, a.answer
    assert re.search(r"16,000|16000|sixteen thousand", a.answer)
    assert any("16,000" in c.quote for c in a.citations)
    assert re.search(r"\[\d+\]", a.short_answer), "the short answer cites its source"
    assert re.search(r"16,000|16000", a.short_answer)
    assert verbatim_share(a) == 1.0, a.answer
    _verbatim(a, engine)


def test_mao_promise_is_quoted_verbatim(engine):
    a = engine.ask("What did Mao promise about ammunition?")
    assert not a.refused, a.answer
    assert any("give to the Koreans as much as they need" in c.quote for c in a.citations)
    _verbatim(a, engine)


def test_a_question_the_sources_do_not_answer_is_refused(engine):
    # the model points at a figure of another count (16,000 troops); it is not beside what is asked, so refused
    a = engine.ask("What was the population of Pyongyang in 1950?")
    assert a.refused
    assert a.answer.startswith(REFUSAL_PREFIX)
    assert a.citations == []
    assert "Pyongyang" in a.searched


def test_a_follow_up_resolves_its_pronoun_from_history(engine):
    a = engine.ask("What did his cable say about Mao?", history=["Who was Ivan Kovalev?"])
    assert "Kovalev" in a.standalone_question
    assert "Kovalev" in a.searched  # the resolved question is what was searched, and the user is told so
    assert any("Kovalev" in p.text for p in a.passages), "the search did not reach the passages naming Kovalev"
    _verbatim(a, engine)
    # Which sentence answers is the 1.5B model's choice and varies between machines (CI saw a refusal, an
    # unrelated sentence and the right clause on three runs): it is measured by the eval (fu-kovalev-report).


def test_stream_yields_evidence_then_best_sentences_then_the_answer(engine):
    events = [e for e in engine.stream("What did Mao promise about ammunition?") if e.type != "working"]
    kinds = [type(e) for e in events]
    assert kinds == [EvidenceEvent, SentencesEvent, FinalEvent]
    final = events[-1].answer
    assert final.timings.retrieve > 0 and final.timings.total >= final.timings.generate
