"""Disagreement detection on real cleaned text: the seed alone, and the seed with the fixture memo."""
from __future__ import annotations

import re

import pytest

from app.conflict import DocText, conflict_statement, detect_conflicts, dispute_paragraphs
from app.types import Citation, Passage

MAO_1949 = "Did Mao encourage North Korea to attack the South in 1949?"


@pytest.fixture(scope="module")
def docs(seed, memo):
    return {seed.meta.doc_id: seed, memo.meta.doc_id: memo}


def para_of(doc, phrase: str) -> int:
    return next(i for i, (s, e) in enumerate(doc.paragraphs, 1) if phrase in doc.text[s:e])


def passage(doc, phrase: str) -> Passage:
    n = para_of(doc, phrase)
    s, e = doc.paragraphs[n - 1]
    return Passage(chunk_id=f"{doc.meta.doc_id}#p{n}", doc_id=doc.meta.doc_id, title=doc.meta.title,
                   author=doc.meta.author, paragraph=n, start=s, end=e, text=doc.text[s:e])


def assert_verbatim(report, docs):
    for c in report.citations:
        assert docs[c.doc_id].text[c.start:c.end] == c.quote
    ns = [c.n for c in report.citations]
    assert ns == list(range(1, len(ns) + 1))


def cited(report, n: int) -> Citation:
    return next(c for c in report.citations if c.n == n)


def test_kovalev_side_alone_pulls_in_shtykovs_paragraph(seed, docs):
    got = dispute_paragraphs(docs, [passage(seed, "restrained light")], MAO_1949)
    assert (seed.meta.doc_id, para_of(seed, "Terentii Shtykov’s account")) in got
    assert (seed.meta.doc_id, para_of(seed, "the latter account seems more plausible")) in got


def test_in_document_conflict_from_the_seed_alone(seed):
    only_seed = {seed.meta.doc_id: seed}
    passages = [passage(seed, "restrained light"), passage(seed, "Terentii Shtykov’s account"),
                passage(seed, "the latter account")]
    report = detect_conflicts(MAO_1949, passages, [], only_seed)
    assert_verbatim(report, only_seed)
    [conflict] = report.conflicts
    shtykov, kovalev = conflict.positions
    assert "Shtykov" in shtykov.speaker and "Kovalev" in kovalev.speaker
    assert "Korea could see military action at any moment" in cited(report, shtykov.citations[0]).quote
    assert "We do not advise the Korean comrades to mount an attack on South Korea in this situation" in \
        cited(report, kovalev.citations[0]).quote
    assert cited(report, kovalev.citations[0]).speaker == "Mao Zedong, per Ivan Kovalev’s cable"
    assert conflict.adjudication == "the latter account seems more plausible"
    assert cited(report, conflict.adjudication_citation).quote == "the latter account seems more plausible"
    assert {"contrast_other_account", "adjudication", "opposing_stance"} <= set(conflict.signals)
    assert "disagree" in report.statement
    assert "“Korea could see military action at any moment”" in report.statement
    assert "the latter account seems more plausible" in report.statement


def test_conflict_reuses_the_engines_citations_and_numbers_new_ones_after_them(seed):
    only_seed = {seed.meta.doc_id: seed}
    a = seed.text.index("“We do not advise")
    b = seed.text.index("Mao explained.") + len("Mao explained.")
    engine_cite = Citation(n=1, doc_id=seed.meta.doc_id, title=seed.meta.title, paragraph=para_of(seed, "restrained"),
                           start=a, end=b, quote=seed.text[a:b])
    passages = [passage(seed, "restrained light"), passage(seed, "Terentii Shtykov’s account")]
    report = detect_conflicts(MAO_1949, passages, [engine_cite], only_seed)
    assert report.citations[0] == engine_cite
    [conflict] = report.conflicts
    assert conflict.positions[1].citations == [1]
    assert_verbatim(report, only_seed)
    assert re.search(r"\[1\]", report.statement) and re.search(r"\[2\]", report.statement)
    assert conflict_statement(report.conflicts, report.citations) == report.statement


def test_number_conflict_across_documents(seed, memo, docs):
    q = "How many Korean troops did Lin Biao report were ready to be transferred?"
    # retrieving one side pulls in the other document's paragraph
    assert dispute_paragraphs(docs, [passage(seed, "16,000")], q) == [(memo.meta.doc_id, para_of(memo, "14,000"))]
    report = detect_conflicts(q, [passage(seed, "16,000"), passage(memo, "14,000")], [], docs)
    assert_verbatim(report, docs)
    [conflict] = report.conflicts
    assert "number_mismatch" in conflict.signals
    quotes = {p.doc_id: cited(report, p.citations[0]).quote for p in conflict.positions}
    assert "16,000 Korean troops" in quotes[seed.meta.doc_id]
    assert "14,000 Korean troops" in quotes[memo.meta.doc_id]


def test_mao_stance_conflict_across_documents(seed, memo, docs):
    passages = [passage(seed, "restrained light"), passage(seed, "Terentii Shtykov’s account"),
                passage(memo, "Wen Guoliang’s memoir")]
    report = detect_conflicts(MAO_1949, passages, [], docs)
    assert_verbatim(report, docs)
    [conflict] = report.conflicts
    assert {"opposing_stance", "cross_document"} <= set(conflict.signals)
    memo_side = [p for p in conflict.positions if p.doc_id == memo.meta.doc_id]
    assert memo_side and "Wen Guoliang" in memo_side[0].speaker
    assert "should attack the South" in cited(report, memo_side[0].citations[0]).quote


def test_stance_conflict_without_an_in_document_dispute(seed, memo, docs):
    # Mao's own letter to Stalin (seed) against the memoir's Mao (memo): no enumeration involved.
    passages = [passage(seed, "he confided in Stalin"), passage(memo, "Wen Guoliang’s memoir")]
    report = detect_conflicts(MAO_1949, passages, [], docs)
    [conflict] = report.conflicts
    assert conflict.signals == ["opposing_stance", "cross_document"]
    quotes = " | ".join(cited(report, p.citations[0]).quote for p in conflict.positions)
    assert "ought not wage an offensive" in quotes and "should attack the South" in quotes


def test_agreement_on_stalins_letter_is_not_flagged(seed, memo, docs):
    q = "When did Stalin write directly to Mao about the Korean proposal?"
    passages = [passage(seed, "Very early on the morning of May 14"), passage(memo, "Very early on May 14, 1950")]
    assert detect_conflicts(q, passages, [], docs).conflicts == []
    assert dispute_paragraphs(docs, passages, q) == []


def test_a_different_date_for_the_same_letter_is_flagged(seed, memo):
    # The same memo, but dating Stalin's letter a day later: the date detector must fire.
    text = memo.text.replace("Very early on May 14, 1950", "Very early on May 15, 1950")
    variant = DocText("variant.txt", text, memo.paragraphs, memo.meta.title, "Someone Else")
    docs = {seed.meta.doc_id: seed, "variant.txt": variant}
    n = para_of(memo, "Very early on May 14, 1950")
    s, e = memo.paragraphs[n - 1]
    other = Passage(chunk_id="v", doc_id="variant.txt", title="v", paragraph=n, start=s, end=e, text=text[s:e])
    q = "When did Stalin write directly to Mao about the Korean proposal?"
    report = detect_conflicts(q, [passage(seed, "Very early on the morning of May 14"), other], [], docs)
    [conflict] = report.conflicts
    assert conflict.signals == ["date_mismatch", "cross_document"]
    assert_verbatim(report, docs)


def test_a_question_in_the_authors_framing_words_is_about_the_dispute(seed):
    only_seed = {seed.meta.doc_id: seed}
    passages = [passage(seed, "entertaining war"), passage(seed, "Terentii Shtykov’s account")]
    report = detect_conflicts("Was Mao entertaining war in Korea in 1949?", passages, [], only_seed)
    [conflict] = report.conflicts
    assert {"Shtykov", "Kovalev"} <= {w for p in conflict.positions for w in (p.speaker or "").split()}


def test_a_question_about_the_authors_verdict_is_about_the_dispute(seed):
    only_seed = {seed.meta.doc_id: seed}
    passages = [passage(seed, "the latter account seems more plausible"), passage(seed, "restrained light"),
                passage(seed, "Terentii Shtykov’s account")]
    question = "Which account of Mao's 1949 stance does the author find more plausible?"
    [conflict] = detect_conflicts(question, passages, [], only_seed).conflicts
    assert conflict.adjudication == "the latter account seems more plausible"


@pytest.mark.parametrize("question, phrases", [
    ("What did Mao promise about ammunition?", ["ammunition", "Terentii Shtykov’s account"]),
    ("How many Korean troops did Lin Biao report were ready to be transferred?", ["16,000"]),
    ("Who was Gao Gang?", ["Gao Gang", "restrained light"]),
    ("What was Mao's joke about black hair?", ["Terentii Shtykov’s account", "restrained light"]),
    ("Was Mao eager to help the North Koreans?", ["ammunition", "Terentii Shtykov’s account", "restrained light"]),
    # "war" is also in the author's framing question, but it is everywhere in the post
    ("What does the author say the war would ultimately lead to for China?",
     ["entertaining war", "Terentii Shtykov’s account", "restrained light"]),
])
def test_questions_whose_sources_agree_carry_no_conflict(seed, docs, question, phrases):
    passages = [passage(seed, p) for p in phrases]
    assert detect_conflicts(question, passages, [], docs).conflicts == []


@pytest.mark.llm
def test_ask_flags_the_shtykov_kovalev_dispute(engine, seed_settings):
    """The issue's done-when: the real engine, default model, seed corpus."""
    from app.types import Answer
    from ingest.docstore import DocStore

    answer = Answer.model_validate_json(engine.ask(MAO_1949).model_dump_json())  # what `ask --json` prints
    store = DocStore(seed_settings)
    assert not answer.refused
    assert "disagree" in answer.answer
    by_n = {c.n: c for c in answer.citations}
    conflict = next(c for c in answer.conflicts if len(c.positions) >= 2)
    speakers = " | ".join(p.speaker or "" for p in conflict.positions)
    assert "Shtykov" in speakers and "Kovalev" in speakers
    quotes = []
    for p in conflict.positions:
        for n in p.citations:
            c = by_n[n]
            assert store.clean_text(c.doc_id)[c.start:c.end] == c.quote
            quotes.append(c.quote)
    assert any("Korea could see military action at any moment" in q for q in quotes)
    assert any("We do not advise the Korean comrades to mount an attack on South Korea" in q for q in quotes)
    assert conflict.adjudication == "the latter account seems more plausible"
    assert conflict.adjudication in by_n[conflict.adjudication_citation].quote


@pytest.mark.llm
def test_ask_flags_nothing_where_the_sources_agree(engine):
    answer = engine.ask("When did Stalin write directly to Mao about the Korean proposal?")
    assert answer.conflicts == []
