"""The refusal decision on hand-built evidence (the model's answer and logprobs given, not generated)."""
from __future__ import annotations

from app.refusal import decide, focus_terms
from app.rerank import Sentence
from app.terms import stem
from app.types import Passage
from tests.app.test_answer_type import AMMO, LIN_BIAO

PARA = LIN_BIAO + " " + AMMO


def _sentences() -> list[Sentence]:
    p = Passage(chunk_id="c1", doc_id="000.txt", title="T", paragraph=7, start=0, end=len(PARA), text=PARA)
    out = []
    for i, text in enumerate((LIN_BIAO, AMMO), 1):
        start = PARA.index(text)
        out.append(Sentence(sid=f"1.{i}", passage=p, start=start, end=start + len(text), text=text, score=0.6))
    return out


def _decide(question, answer, cited_ids=("1.1",), p_none=0.05):
    sents = _sentences()
    cited = [s for s in sents if s.sid in cited_ids]
    return decide(question, answer, cited, sents, p_none, threshold=0.5, min_sentence_score=0.15)


def test_extended_focus_terms_add_modified_nouns_participles_and_who_verbs():
    assert {stem("rank"), stem("military")} <= focus_terms("What was Kim Il's military rank?", extended=True)
    assert stem("killed") in focus_terms("Exactly how many Chinese soldiers were killed?", extended=True)
    assert stem("interpreted") in focus_terms("Who interpreted for Mao and Kim at their May 1950 meeting?",
                                              extended=True)
    assert stem("hold") not in focus_terms("What position does the author of the post hold?", extended=True)
    assert stem("korean") not in focus_terms("When did the North Korean request arrive?", extended=True)
    assert stem("north") not in focus_terms("How did Mao describe the North Koreans to Stalin?")
    # the cited-sentence check uses the plain terms: "the Chinese leadership" may be "the Chinese comrades"
    assert stem("leadership") not in focus_terms("What should happen if the Chinese leadership disagreed?")


def test_an_answer_on_point_is_kept():
    v = _decide("How many Korean troops were ready to be transferred?",
                "16,000 Korean troops were ready to be transferred [1.1].")
    assert not v.refused and "16,000" in v.answer


def test_a_count_of_something_else_is_a_hard_refusal():
    v = _decide("How much ammunition did Mao give the Koreans?",
                "16,000 Korean troops were ready to be transferred [1.1].")
    assert v.refused and v.hard and v.reason == "the cited numbers do not count ammunition"


def test_a_focus_no_passage_mentions_is_a_hard_refusal():
    v = _decide("What was Kim Il's military rank?", "Kim Il asked about extra ammunition [1.2].", cited_ids=("1.2",))
    assert v.refused and v.hard and "rank" in v.reason


def test_model_doubt_is_a_soft_refusal():
    v = _decide("What did Mao say about ammunition for the troops?", "Mao would give as much as they need [1.2].",
                cited_ids=("1.2",), p_none=0.9)
    assert v.refused and not v.hard


def test_a_focus_only_in_passages_not_shown_to_the_model_is_a_soft_refusal():
    other = Passage(chunk_id="c2", doc_id="000.txt", title="T", paragraph=10, start=0, end=40,
                    text="They are the subject of two Soviet cables.")
    sents = _sentences()
    question = "What did Kovalev's cable say about ammunition?"
    v = decide(question, "Mao would give as much as they need [1.2].", [sents[1]], sents, 0.05,
               threshold=0.5, min_sentence_score=0.15, retrieved=[sents[0].passage, other])
    assert v.refused and not v.hard  # a disagreement about the cables may still stand in
    v = decide(question, "Mao would give as much as they need [1.2].", [sents[1]], sents, 0.05,
               threshold=0.5, min_sentence_score=0.15, retrieved=[sents[0].passage])
    assert v.refused and v.hard
