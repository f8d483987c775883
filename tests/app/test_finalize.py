"""The post-LLM policy, on real seed evidence. The Draft here is hand-made (this file alone): the
policy is what is under test, not the model; the real model runs in test_engine.py."""
import re

import pytest

from app.answer.compose import Draft
from app.answer.evidence import select_evidence
from app.answer.question import describe
from app.attribution import Speakers
from app.finalize import finalize
from app.retrieval.library import DocLibrary
from app.types import REFUSAL_PREFIX


@pytest.fixture(scope="module")
def ctx(seed_settings):
    from app.retrieval import Retriever

    return Retriever(seed_settings), DocLibrary(seed_settings), seed_settings


def run(ctx, question, make_draft):
    r, docs, settings = ctx
    q = describe(question)
    passages = r.expand(r.search(q.search_text))
    sentences = Speakers(docs).label(select_evidence(q, passages, r.embedder.embed, settings.answer))
    return finalize(q, passages, sentences, make_draft(sentences), docs, Speakers(docs), settings, []), \
        sentences


def test_an_answer_that_only_restates_the_question_falls_back_to_its_quote(ctx):
    def draft(sentences):
        sid = next(s.sid for s in sentences if "16,000" in s.text)
        return Draft(answer=f"Lin Biao reported Korean troops ready to be transferred [{sid}].", evidence=[sid],
                     p_none=0.05, cited=[sid])

    a, _ = run(ctx, "How many Korean troops did Lin Biao report were ready to be transferred?", draft)
    assert not a.refused
    assert "16,000" in a.answer and "“" in a.answer
    assert re.search(r"\[1\]", a.answer) and "16,000" in a.citations[0].quote


def test_a_refusal_is_plain_words_with_correct_plurals(ctx):
    r, docs, settings = ctx
    q = describe("What was the population of Pyongyang in 1950?")
    passages = r.expand(r.search(q.search_text))
    forced = settings.model_copy(update={"answer": settings.answer.model_copy(update={"refusal_threshold": 0.0})})
    a = finalize(q, passages, [], None, docs, Speakers(docs), forced, [])  # nothing usable: refused
    assert a.refused and a.answer.startswith(REFUSAL_PREFIX) and a.citations == []
    assert "document(s)" not in a.answer and "passage(s)" not in a.answer and "1 documents" not in a.answer
    assert not re.search(r"\b(?:p_none|coverage|stem|signal)\b", a.answer)
    assert "population of Pyongyang" in a.answer and a.searched


def test_on_a_yes_no_question_a_flagged_disagreement_is_the_answer(ctx):
    def draft(sentences):
        yes = next(s for s in sentences if s.speaker and "Shtykov" in s.speaker)
        no = next(s for s in sentences if "not advise" in s.text)  # a whole sentence, not a fragment
        return Draft(answer=f"Yes [{yes.sid}].", evidence=[yes.sid], p_none=0.1, cited=[yes.sid], p_support=0.8,
                     values=[(yes.sid, "yes"), (no.sid, "no")])

    r, docs, settings = ctx  # the policy under test is what a flag does, not the fitted threshold: flag any pair
    flagging = settings.model_copy(update={"answer": settings.answer.model_copy(update={"conflict_threshold": 0.0})})
    a, _ = run((r, docs, flagging), "Did Mao encourage North Korea to attack the South in 1949?", draft)
    assert a.conflicts and a.answer.startswith("The sources disagree")
    assert all(p.citations for p in a.conflicts[0].positions)
    for c in a.citations:
        assert f"[{c.n}]" in a.answer


def test_a_flagged_disagreement_quotes_both_sides_in_their_own_words(ctx):
    sides = {}

    def draft(sentences):
        yes = next(s for s in sentences if s.speaker and "Shtykov" in s.speaker)
        no = next(s for s in sentences if "not advise" in s.text)  # a whole sentence, not a fragment
        sides.update(yes=yes, no=no)
        return Draft(answer=f"Yes [{yes.sid}].", evidence=[yes.sid], p_none=0.1, cited=[yes.sid], p_support=0.8,
                     values=[(yes.sid, "yes"), (no.sid, "no")])

    r, docs, settings = ctx
    flagging = settings.model_copy(update={"answer": settings.answer.model_copy(update={"conflict_threshold": 0.0})})
    a, _ = run((r, docs, flagging), "Did Mao encourage North Korea to attack the South in 1949?", draft)
    quoted = re.findall(r"“([^”]{12,})”", a.answer)
    assert a.conflicts and len(a.conflicts[0].positions) >= 2
    by_n = {c.n: c for c in a.citations}
    for p in a.conflicts[0].positions:  # every side is quoted, from its own document, in the answer
        assert p.citations, p
        for n in p.citations:
            assert by_n[n].doc_id == p.doc_id and f"“{by_n[n].quote}”" in a.answer
    assert any(q in sides["no"].text for q in quoted), f"the model's 'no' side is not quoted in {a.answer!r}"
    assert " gives “" in a.answer  # each side's value, before its words


def test_an_answer_is_followed_by_its_cited_sentence_verbatim_but_not_by_a_fragment(ctx):
    def draft(sentences):
        sid = next(s.sid for s in sentences if "16,000" in s.text)
        return Draft(answer=f"Lin Biao said there were 16,000 Korean troops in the PLA [{sid}].", evidence=[sid],
                     p_none=0.05, cited=[sid])

    r, docs, settings = ctx
    quoting = settings.model_copy(update={"answer": settings.answer.model_copy(update={"quote_cited": 1, "quote_best": 0})})
    a, sentences = run((r, docs, quoting), "How many Korean troops did Lin Biao report?", draft)
    quoted = next(s.text for s in sentences if "16,000" in s.text)
    assert f"“{quoted}”" in a.answer and a.answer.index("16,000") < a.answer.index("“")
    short = quoting.model_copy(update={"answer": quoting.answer.model_copy(update={"min_quote_words": 500})})
    a, _ = run((r, docs, short), "How many Korean troops did Lin Biao report?", draft)
    assert "“" not in a.answer  # every cited sentence is "too short" here: the answer stands alone


def test_the_quotes_after_an_answer_stop_at_their_word_budget_and_are_each_verbatim(ctx):
    picked = []

    def draft(sentences):
        picked[:] = [s for s in sentences if s.passage.kind != "metadata" and len(s.text.split()) >= 5][:4]
        return Draft(answer="Lin Biao reported 16,000 troops " + " ".join(f"[{s.sid}]" for s in picked) + ".",
                     evidence=[s.sid for s in picked], p_none=0.05, cited=[s.sid for s in picked])

    def quoted(a):  # the citations quoted after the answer, in reading order
        tail = a.answer.split("words:", 1)[-1]
        return sorted((c.quote for c in a.citations if f"“{c.quote}”" in tail), key=lambda q: tail.index(q))

    r, docs, settings = ctx
    question = "How many Korean troops did Lin Biao report?"
    with_budget = lambda words: settings.model_copy(update={"answer": settings.answer.model_copy(  # noqa: E731
        update={"quote_cited": 4, "quote_best": 0, "quote_words": words})})
    a, _ = run((r, docs, with_budget(10000)), question, draft)
    assert len(quoted(a)) >= 2
    two = sum(len(t.split()) for t in quoted(a)[:2])
    b, _ = run((r, docs, with_budget(two)), question, draft)
    assert quoted(b) == quoted(a)[:2]
    short, _ = run((r, docs, with_budget(two - 1)), question, draft)
    assert quoted(short) == quoted(a)[:1]  # the second no longer fits
    assert all(c.quote in docs.text(c.doc_id) for c in b.citations)  # every quote verbatim in its document
    c, _ = run((r, docs, with_budget(0)), question, draft)
    assert quoted(c) == quoted(a)[:1]  # the first always


def test_a_figure_cited_to_the_wrong_sentence_is_cited_to_the_sentence_that_holds_it(ctx):
    def draft(sentences):
        wrong = next(s.sid for s in sentences if "16,000" not in s.text)  # e.g. the catalogue record
        return Draft(answer=f"Lin Biao reported that 16,000 Korean troops were ready [{wrong}].", evidence=[wrong],
                     p_none=0.05, cited=[wrong])

    a, _ = run(ctx, "How many Korean troops did Lin Biao report were ready to be transferred?", draft)
    assert not a.refused
    assert "16,000" in a.citations[0].quote and "[1]" in a.answer  # the sentence that holds it comes first


def test_a_sentence_the_answer_already_quotes_is_not_quoted_again(ctx):
    def draft(sentences):
        s = next(s for s in sentences if "16,000" in s.text)
        # the model's own quote marks and line breaks, and no full stop
        said = " ".join(s.text.replace("“", "'").replace("”", "'").split()).rstrip(".")
        return Draft(answer=f"{said} [{s.sid}]", evidence=[s.sid], p_none=0.05, cited=[s.sid])

    r, docs, settings = ctx
    quoting = settings.model_copy(update={"answer": settings.answer.model_copy(update={"quote_cited": 1, "quote_best": 0})})
    a, _ = run((r, docs, quoting), "What did Lin Biao report about the Korean troops in the PLA?", draft)
    assert not a.refused and "16,000" in a.answer
    assert "words:" not in a.answer and a.answer.count("16,000") == 1


def test_a_figure_the_answer_states_without_a_citation_is_cited_to_the_sentence_that_holds_it(ctx):
    other = {}

    def draft(sentences):
        first = next(s for s in sentences if "16,000" in s.text)
        figures = lambda s: set(re.findall(r"\b\d+(?:,\d{3})*\b", s.text))  # noqa: E731
        other["s"] = next(s for s in sentences if figures(s) - figures(first))
        # the second sentence of the answer restates another sentence, with its figure, and cites nothing
        return Draft(answer=f"Lin Biao reported 16,000 Korean troops [{first.sid}]. {other['s'].text.rstrip('.')}.",
                     evidence=[first.sid], p_none=0.05, cited=[first.sid])

    a, _ = run(ctx, "How many Korean troops did Lin Biao report were ready to be transferred?", draft)
    assert not a.refused
    second = a.answer[a.answer.index(other["s"].text.split()[0], 10):].split("words:")[0]
    marks = [int(n) for n in re.findall(r"\[(\d+)\]", second)]
    assert marks, a.answer
    assert any(c.quote == other["s"].text for c in a.citations if c.n in marks), a.answer


def test_an_answer_the_sources_do_not_hold_is_refused_and_an_invented_sentence_is_removed(ctx):
    def invented(sentences):
        sid = sentences[0].sid
        return Draft(answer=f"Kim Il Sung died on October 9, 1979 [{sid}].", evidence=[sid], p_none=0.05,
                     cited=[sid], p_support=0.9)

    a, _ = run(ctx, "When did Kim Il Sung die?", invented)
    assert a.refused and a.answer.startswith(REFUSAL_PREFIX) and "1979" not in a.answer

    def half(sentences):
        s = next(s for s in sentences if "16,000" in s.text)
        return Draft(answer=f"Lin Biao reported 16,000 Korean troops [{s.sid}]. He was promoted to marshal in 1955.",
                     evidence=[s.sid], p_none=0.05, cited=[s.sid], p_support=0.9)

    notes = []
    r, docs, settings = ctx
    q = describe("How many Korean troops did Lin Biao report were ready to be transferred?")
    passages = r.expand(r.search(q.search_text))
    sentences = Speakers(docs).label(select_evidence(q, passages, r.embedder.embed, settings.answer))
    a = finalize(q, passages, sentences, half(sentences), docs, Speakers(docs), settings, notes)
    assert not a.refused and "16,000" in a.answer
    assert "1955" not in a.answer and "marshal" not in a.answer
    assert any("do not support" in n for n in a.notes)


def test_who_wrote_a_source_is_answered_from_its_catalogue_record(ctx):
    def draft(sentences):
        record = next((s for s in sentences if s.passage.kind == "metadata"), sentences[0])
        return Draft(answer=f"{record.passage.author} [{record.sid}].", evidence=[record.sid], p_none=0.3,
                     cited=[record.sid], p_support=0.3)

    r, docs, settings = ctx  # however doubtful the fitted decision is about a short question
    doubtful = settings.model_copy(update={"answer": settings.answer.model_copy(update={"refusal_threshold": 0.0})})
    a, _ = run((r, docs, doubtful), "Who wrote this article?", draft)
    assert not a.refused and "Kraus" in a.answer
    assert any(c.paragraph == 0 and "Kraus" in c.quote for c in a.citations)
    a, _ = run((r, docs, doubtful), "What did Mao promise about ammunition?", draft)
    assert a.refused  # a record that answers another question is no answer


def test_stray_punctuation_and_margin_notes_the_model_copies_are_tidied_but_a_quote_is_not(ctx):
    def draft(sentences):
        sid = next(s.sid for s in sentences if "16,000" in s.text)
        return Draft(answer=f"Lin Biao reported 16,000 Korean troops ready to be transferred.,,, [{sid}] "
                            "[Sidenote: Korean troops ready.]",
                     evidence=[sid], p_none=0.05, cited=[sid])

    a, _ = run(ctx, "How many Korean troops did Lin Biao report were ready to be transferred?", draft)
    assert not a.refused and "16,000" in a.answer
    assert not re.search(r"[.!?][,;:]", a.answer) and "Sidenote" not in a.answer, a.answer
    for quote in re.findall(r"“([^”]*)”", a.answer):
        assert any(quote in c.quote or c.quote in quote for c in a.citations), quote


def test_the_evidence_sentence_nearest_the_question_is_quoted_when_the_answer_cites_another(ctx):
    def draft(sentences):
        other = next(s.sid for s in sentences if "16,000" not in s.text and "Lin" not in s.text
                     and len(s.text.split()) >= 8 and s.passage.kind != "metadata")
        return Draft(answer=f"Lin Biao reported on the Korean soldiers in the Chinese army late in 1949 [{other}].",
                     evidence=[other], p_none=0.05, cited=[other])

    a, sentences = run(ctx, "How many Korean troops did Lin Biao report were ready to be transferred?", draft)
    assert not a.refused
    assert "16,000" in a.answer
    quoted = re.findall(r"“([^”]*)”", a.answer)
    assert any("16,000" in q for q in quoted)
    assert all(any(q in c.quote or c.quote in q for c in a.citations) for q in quoted)


def test_a_catalogue_record_the_answer_cites_is_not_quoted_as_the_sources_words(ctx):
    # The model cites the record (title, author, publisher) beside a passage; quoted after the answer it read as
    # "In the source's words: Title: ... Publisher: ...", which no source says. Who-questions still quote it.
    def draft(sentences):
        record = next(s.sid for s in sentences if s.passage.kind == "metadata")
        text = next(s.sid for s in sentences if s.passage.kind != "metadata" and len(s.text.split()) >= 8)
        return Draft(answer=f"China did, and did not, push Kim Il Sung towards war [{record}] [{text}].",
                     evidence=[record, text], p_none=0.05, cited=[record, text], p_support=0.9)

    a, sentences = run(ctx, "How did China push Kim Il Sung towards war?", draft)
    assert any(s.passage.kind == "metadata" for s in sentences)
    assert not a.refused
    quoted = re.findall(r"“([^”]*)”", a.answer)
    assert quoted and not any("Publisher:" in q or q.startswith("Title:") for q in quoted), a.answer
    assert "Publisher:" not in a.answer, a.answer
