"""Metrics on hand-made Answer objects (fixtures for metric tests only; the real engine is in test_ci_gate)."""
import pytest

from app.types import Answer, Citation, Conflict, Passage, Position, Timings
from evals.dataset import EvalItem
from evals.metrics import error_result, score, summarise

DOC = "d1"
TEXT = (
    "Lin Biao wrote that 16,000 Korean troops were ready to be transferred. "
    "Mao said he would \u201cgive to the Koreans as much as they need.\u201d "
    "Stalin wrote to Mao on May 14."
)
CORPUS = {DOC: TEXT}


def text_of(doc_id):
    return CORPUS.get(doc_id)


def cite(n, quote, doc=DOC, start=None):
    start = TEXT.find(quote) if start is None else start
    return Citation(n=n, doc_id=doc, title="t", paragraph=1, start=start, end=start + len(quote), quote=quote)


def passage(text, rank):
    start = max(TEXT.find(text), 0)
    return Passage(chunk_id=f"c{rank}", doc_id=DOC, title="t", paragraph=1, start=start, end=start + len(text),
                   text=text, rank=rank)


def item(id, expect, must=None, evidence=None):
    return EvalItem(id=id, question=f"question {id}?", expect=expect, must_include=must or [], evidence=evidence or [])


def answer(text, refused=False, citations=(), conflicts=(), passages=(), total=1.0):
    return Answer(question="q", answer=text, refused=refused, citations=list(citations), conflicts=list(conflicts),
                  passages=list(passages), timings=Timings(retrieve=0.1, generate=total - 0.2, total=total), model="m")


CONFLICT = Conflict(question="x", positions=[Position(claim="a", doc_id=DOC), Position(claim="b", doc_id=DOC)])
TROOPS = item("troops", "answer", [["16,000", "16000"], ["Lin Biao"]], ["16,000 Korean troops were ready"])


def test_correct_answer_with_verbatim_supported_quote_and_evidence_rank():
    ans = answer(
        "Lin Biao reported 16,000 troops [1].",
        citations=[cite(1, "16,000 Korean troops were ready to be transferred")],
        passages=[passage("Stalin wrote to Mao on May 14.", 1), passage("16,000 Korean troops were ready to be transferred.", 2)],
    )
    r = score(TROOPS, ans, text_of)
    assert r.correct and r.got == "answer" and r.why == ""
    assert (r.citations, r.citations_verbatim, r.citations_at_offsets) == (1, 1, 1)
    assert r.citation_supported is True
    assert r.evidence_ranks == [2] and r.first_evidence_rank == 2


def test_evidence_rank_uses_retrieval_rank_not_list_position():
    # small-to-big: the engine lists passages in document order; the hit ranked 1st is listed 2nd, its
    # neighbour (same rank) 1st; an unranked extra passage counts after the ranked ones
    hit, neighbour, extra = (passage("16,000 Korean troops were ready to be transferred.", 1),
                             passage("Mao said he would", 1), passage("Stalin wrote to Mao on May 14.", 0))
    ans = answer("Lin Biao: 16,000.", passages=[neighbour, hit, extra])
    assert score(TROOPS, ans, text_of).evidence_ranks == [1]
    may = item("may", "answer", [["May 14"]], ["Stalin wrote to Mao on May 14"])
    assert score(may, ans, text_of).evidence_ranks == [2]


def test_missing_group_fails_with_reason():
    r = score(TROOPS, answer("About 16000 soldiers."), text_of)
    assert not r.correct and r.missing == [["Lin Biao"]] and "Lin Biao" in r.why


def test_refusing_an_answerable_question_is_a_false_refusal():
    r = score(TROOPS, answer("The sources don't say.", refused=True), text_of)
    assert not r.correct and r.got == "refused" and "refused" in r.why
    assert r.citation_supported is None  # not applicable


def test_refuse_item():
    pop = item("pop", "refuse")
    assert score(pop, answer("The sources don't say.", refused=True), text_of).correct
    r = score(pop, answer("Pyongyang had 400,000 people."), text_of)
    assert not r.correct and "answered instead of refusing" in r.why


def test_paraphrased_or_unknown_doc_quote_is_not_verbatim():
    bad = Citation(n=2, doc_id=DOC, title="t", paragraph=1, start=0, end=10, quote="give the Koreans all they need")
    ghost = Citation(n=3, doc_id="nope", title="t", paragraph=1, start=0, end=3, quote="Lin")
    curly = "give to the Koreans as much as they need.\u201d"
    straight = Citation(n=4, doc_id=DOC, title="t", paragraph=1, start=0, end=5, quote=curly.replace("\u201d", '"'))
    shifted = cite(5, "16,000 Korean troops", start=3)  # right text, wrong offsets
    ans = answer("Lin Biao: 16,000.", citations=[bad, ghost, straight, shifted])
    r = score(TROOPS, ans, text_of)
    assert (r.citations, r.citations_verbatim, r.citations_at_offsets) == (4, 1, 0)
    assert len(r.bad_quotes) == 3 and "3 quote(s) not verbatim" in r.why
    assert r.correct  # correctness is about the answer text; bad quotes count against citation precision


def test_citation_support_by_overlap_or_alternative():
    ammo = item("ammo", "answer", [["as much as they need"]], ["give to the Koreans as much as they need"])
    # the quote overlaps the evidence span without containing the must_include phrase
    r = score(ammo, answer("He promised as much as they need [1].", citations=[cite(1, "Mao said he would \u201cgive")]), text_of)
    assert r.correct and r.citation_supported is True
    r = score(ammo, answer("He promised as much as they need [1].", citations=[cite(1, "Stalin wrote to Mao on May 14.")]),
              text_of)
    assert r.citation_supported is False
    assert score(ammo, answer("He promised as much as they need."), text_of).citation_supported is False


def test_summary_rates():
    conflict_item = item("c", "conflict", [["Shtykov"]], ["16,000 Korean troops"])
    results = [
        score(TROOPS, answer("Lin Biao: 16,000 [1].", citations=[cite(1, "16,000 Korean troops")],
                             passages=[passage("16,000 Korean troops were ready", 1)], total=2.0), text_of),
        score(TROOPS, answer("Lin Biao: 16,000.", conflicts=[CONFLICT], total=4.0), text_of),  # false conflict
        score(TROOPS, answer("The sources don't say.", refused=True, total=6.0), text_of),  # false refusal
        score(conflict_item, answer("Shtykov and Kovalev disagree.", conflicts=[CONFLICT],
                                    passages=[passage("Stalin wrote to Mao on May 14.", 1)], total=8.0), text_of),
        score(item("r1", "refuse"), answer("The sources don't say.", refused=True, total=10.0), text_of),
        score(item("r2", "refuse"), answer("It was 400,000.", total=12.0), text_of),
        error_result(item("boom", "answer", [["x"]]), "RuntimeError: boom"),
    ]
    s = summarise(results)
    assert s["n"] == 7 and s["errors"] == 1
    assert s["correct"] == pytest.approx(4 / 7)
    assert s["by_expect"]["answer"] == {"n": 3, "correct": pytest.approx(2 / 3)}
    assert s["false_refusal_rate"] == pytest.approx(1 / 4)
    assert s["refusal_recall"] == pytest.approx(1 / 2)
    assert s["conflict_recall"] == 1.0
    # false conflicts: among answer and refuse items (3 + 2; the errored one is excluded), one flagged
    assert s["false_conflict_rate"] == pytest.approx(1 / 5)
    assert s["counts"]["false_conflict_rate"] == {"num": 1, "den": 5}
    assert s["counts"]["correct"] == {"num": 4, "den": 7}
    assert s["citations"] == 1 and s["citation_precision"] == 1.0
    # failure kinds are counted per question; a question can show several
    assert s["failures"] == {"wrong refusal": 1, "missed refusal": 1, "missed conflict": 0, "false conflict": 1,
                             "missing content": 0, "bad quote": 0, "error": 1}
    assert s["citation_support"] == pytest.approx(1 / 3)  # 3 unrefused answerable (error excluded); one supported
    # evidence: troops item x3 (rank 1, none, none), conflict item (none) -> recall 1/4, MRR 1/4
    assert s["evidence_recall"]["1"] == pytest.approx(1 / 4) and s["evidence_recall"]["all"] == pytest.approx(1 / 4)
    assert s["mrr"] == pytest.approx(1 / 4)
    assert s["latency"]["total"]["p50"] == pytest.approx(7.0) and s["latency"]["total"]["n"] == 6
    assert s["latency"]["total"]["p95"] == pytest.approx(11.5)
    assert s["latency"]["first_token"]["n"] == 0 and s["latency"]["first_token"]["p50"] is None


def test_summary_of_nothing_applicable_is_none_not_zero():
    s = summarise([score(item("r", "refuse"), answer("The sources don't say.", refused=True), text_of)])
    assert s["conflict_recall"] is None and s["citation_precision"] is None and s["mrr"] is None
    assert s["correct"] == 1.0


def test_a_refused_conflict_question_is_a_wrong_refusal_and_a_missed_conflict():
    conflict_item = item("c", "conflict", [["Shtykov"]])
    r = score(conflict_item, answer("The sources don't say.", refused=True), text_of)
    assert r.failures == ["wrong refusal", "missed conflict"]
    r = score(item("r", "refuse"), answer("They disagree.", conflicts=[CONFLICT]), text_of)
    assert r.failures == ["missed refusal", "false conflict"]
    r = score(TROOPS, answer("Lin Biao reported troops."), text_of)
    assert r.failures == ["missing content"]


def test_diagnostics_are_kept_as_plain_json_values():
    import json

    import numpy as np

    ans = answer("Lin Biao: 16,000.")
    ans.diagnostics = {"p_none": np.float32(0.25), "scores": (np.float64(0.5), 1), "nested": {"k": np.int64(3)}}
    r = score(TROOPS, ans, text_of)
    assert r.diagnostics == {"p_none": 0.25, "scores": [0.5, 1], "nested": {"k": 3}}
    json.dumps(r.model_dump())  # serialisable for --json


def test_a_quote_over_a_heading_or_signature_is_counted_as_structure_quoted_as_prose(tmp_path):
    """Through a real ingest's stored sentence table: the eval counts a quote that is structure, not prose."""
    from evals.runner import CorpusText
    from ingest.pipeline import run_ingest
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ("DOCUMENT 12.4\n\nThe harbour master counted thirty fishing boats drawn up on the beach that evening.\n\n"
            "Respectfully, A. B. Carr, Major\n")
    (corpus / "report.txt").write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path)
    run_ingest(settings, progress=False)
    corpus_text = CorpusText(settings)
    doc_id = next(iter(corpus_text.store.doc_ids()))
    clean = corpus_text(doc_id)
    roles = corpus_text.roles(doc_id)
    assert {r for _, _, r in roles} >= {"prose", "heading"}, roles

    def at(quote, n):
        start = clean.index(quote)
        return Citation(n=n, doc_id=doc_id, title="t", paragraph=1, start=start, end=start + len(quote), quote=quote)

    boats = item("boats", "answer", [["thirty"]])
    prose = answer("“thirty fishing boats” [1]", citations=[at("thirty fishing boats", 1)])
    heading = answer("“DOCUMENT 12.4” [1]", citations=[at("DOCUMENT 12.4", 1), at("thirty fishing boats", 2)])
    assert score(boats, prose, corpus_text).structure_quotes == 0
    r = score(boats, heading, corpus_text)
    assert r.structure_quotes == 1
    assert summarise([r])["structure_quotes"] == 1
