"""The answer path end to end with scripted model replies: a real ingest (Chroma, the packaged embedder) of
invented documents, the real evidence, span checks, corroboration and composition; only the one LLM call is
scripted. What is asserted is what a reader sees: quotes verbatim in their documents, each value attributed,
agreement or "Sources differ", refusals."""
import shutil

import pytest

from app.engine import Engine
from app.types import REFUSAL_PREFIX, EvidenceEvent, FinalEvent, SentencesEvent, WorkingEvent
from evals.historian import verbatim_share
from tests.app.scripted import ScriptedLLM
from tests.conftest import FIXTURES, make_settings

THIRD = """Notes of the Wendmouth Parish

The parish clerk wrote that Duke Alaric landed at Wendmouth on the 28th of September, in the evening.

He also wrote that the bells were rung at night so that the earl might hear of it.

The clerk counted  thirty fishing boats drawn up on the beach , and wrote the tally in the margin.[2]

Brother Osric said that the earl's riders reached Wendmouth after two days on the road.

Brother Osric said that the duke did not bring four hundred ships to Wendmouth.

Asked by the bishop, the abbot answered: “Yes, the duke brought four hundred ships.”
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wendmouth")
    shutil.copytree(FIXTURES / "disputed", tmp / "corpus")
    (tmp / "corpus" / "parish-notes.txt").write_text(THIRD, encoding="utf-8")
    (tmp / "corpus" / "parish-notes.txt.meta.toml").write_text(
        'title = "Notes of the Wendmouth Parish"\nauthor = "Parish clerk"\nkind = "chronicle"\n', encoding="utf-8")
    s = make_settings(tmp)
    from ingest.pipeline import run_ingest

    run_ingest(s, progress=False)
    # the policy under test is what the picks do, not the fitted threshold
    return s.model_copy(update={"answer": s.answer.model_copy(update={"refusal_threshold": 1.0})})


def ask(settings, question, script, **kw):
    engine = Engine(settings, llm_call=ScriptedLLM(script, **kw))
    return engine.ask(question), engine


def verbatim_in_store(answer, settings):
    from ingest.docstore import DocStore

    store = DocStore(settings)
    for c in answer.citations:
        rec = store.get(c.doc_id)
        assert (rec.metadata_text if c.paragraph == 0 else rec.text)[c.start:c.end] == c.quote


def test_two_sources_giving_different_counts_are_shown_as_sources_differ(settings):
    a, _ = ask(settings, "How many ships did Duke Alaric bring to Wendmouth?",
               lambda shown: [("sixty ships", "with sixty ships"), ("four hundred ships", "four hundred ships")])
    assert not a.refused
    assert a.short_answer.startswith("Sources differ:")
    assert "“sixty ships”" in a.short_answer and "“four hundred ships”" in a.short_answer
    assert len(a.conflicts) == 1
    sides = a.conflicts[0].positions
    assert {p.value for p in sides} == {"sixty ships", "four hundred ships"}
    assert len({p.doc_id for p in sides}) == 2 and all(p.citations for p in sides)
    verbatim_in_store(a, settings)
    assert verbatim_share(a) == 1.0


def test_two_sources_giving_the_same_date_are_shown_as_agreeing(settings):
    two = settings.model_copy(update={"answer": settings.answer.model_copy(update={"max_picks": 2})})
    a, _ = ask(two, "On what day did Duke Alaric land at Wendmouth?",
               lambda shown: [("on the 28th of September, and his men", "on the 28th of September"),
                              ("clerk wrote that Duke Alaric", "the 28th of September")])
    assert not a.refused and not a.conflicts
    assert a.corroboration == 2 and a.short_answer.startswith("2 sources agree:")
    verbatim_in_store(a, settings)
    assert verbatim_share(a) == 1.0, a.answer


def test_each_source_quotes_its_picked_sentence_whole_under_its_name(settings):
    a, _ = ask(settings, "On what day did Duke Alaric land at Wendmouth?",
               lambda shown: [("on the 28th of September, and his men", "28th of September")])
    quote = next(c.quote for c in a.citations)
    assert quote.startswith("The duke landed at Wendmouth with sixty ships")
    assert f"“{quote}”" in a.answer  # the whole sentence, not only the span
    assert a.citations[0].author in a.answer.split("\n\n")[1]


def test_a_span_the_sentence_does_not_hold_is_dropped_and_nothing_left_is_refused(settings):
    a, _ = ask(settings, "What did the townsmen do when the duke landed?",
               lambda shown: [("townsmen sent word", "the townsmen burned the ships")])  # words the text lacks
    assert a.refused and a.answer.startswith(REFUSAL_PREFIX) and a.citations == []


def test_a_garbled_figure_is_never_shown_the_named_sentence_gives_its_own(settings):
    a, _ = ask(settings, "How many ships did Duke Alaric bring to Wendmouth?",
               lambda shown: [("sixty ships", "seventy ships")])  # the model "copied" a figure the text lacks
    assert "seventy" not in a.answer and "“sixty" in a.short_answer
    verbatim_in_store(a, settings)


def test_a_span_of_the_wrong_kind_is_never_shown_the_sentence_beside_it_gives_the_figure(settings):
    a, _ = ask(settings, "How many ships did Duke Alaric bring to Wendmouth?",
               lambda shown: [("townsmen sent word", "The townsmen")])  # no number for "how many", none in it
    assert not a.refused and "The townsmen" not in a.short_answer
    assert "“sixty ships”" in a.short_answer  # read in code from the sentence before the one the model named
    assert any("landed at Wendmouth with sixty ships" in c.quote for c in a.citations)
    verbatim_in_store(a, settings)


def test_no_pick_is_the_refusal_text(settings):
    a, _ = ask(settings, "What did the duke eat at the harbour feast?", lambda shown: [], p_none=0.97)
    assert a.refused and a.answer.startswith(REFUSAL_PREFIX)
    assert a.diagnostics["p_none"] > 0.9  # read from the reply's logprobs


def test_quotes_are_capped_per_source_and_in_all(settings):
    cap = settings.model_copy(update={"answer": settings.answer.model_copy(update={"per_source": 1,
                                                                                    "max_picks": 2})})
    a, _ = ask(cap, "What did the townsmen and the earl do when Duke Alaric came to Wendmouth?",
               lambda shown: [(t[:25], " ".join(t.split()[:3])) for t in list(shown.values())[:6]])
    sources = [(c.doc_id, c.speaker) for c in a.citations]  # a source: a document, or a speaker it names
    assert len(sources) <= 2 and len(set(sources)) == len(sources)


def test_a_yes_no_stance_is_read_from_the_quoted_words(settings):
    """The words say "did not" and "Yes": the sources differ."""
    a, _ = ask(settings, "Did Duke Alaric bring four hundred ships to Wendmouth?",
               lambda shown: [("Brother Osric said that the duke did not", "did not bring four hundred ships"),
                              ("Yes, the duke brought", "Yes, the duke brought four hundred ships")])
    assert a.conflicts and a.short_answer.startswith("Sources differ:")
    assert "(no): “did not bring four hundred ships”" in a.short_answer
    assert "(yes): “Yes, the duke brought four hundred ships”" in a.short_answer
    verbatim_in_store(a, settings)


def test_words_that_state_no_stance_are_quoted_without_a_label_or_agreement(settings):
    """"He came ashore at Wendmouth" does not say yes to a question about a date: no "(yes)", no "agree"."""
    a, _ = ask(settings, "Did Duke Alaric land at Wendmouth on the 29th of September?",
               lambda shown: [("on the 29th of September", "on the 29th of September"),
                              ("on the 28th of September, and his men", "on the 28th of September")])
    assert not a.refused and not a.conflicts and a.corroboration < 2
    assert "(yes)" not in a.answer and "agree" not in a.short_answer
    assert "“on the 29th of September”" in a.short_answer and "“on the 28th of September”" in a.short_answer


def test_the_stream_shows_evidence_then_best_sentences_then_the_answer(settings):
    engine = Engine(settings, llm_call=ScriptedLLM(lambda shown: [("sixty ships", "sixty ships")]))
    events = [e for e in engine.stream("How many ships did Duke Alaric bring?") if not isinstance(e, WorkingEvent)]
    kinds = [type(e) for e in events]
    assert kinds == [EvidenceEvent, SentencesEvent, FinalEvent]
    assert events[1].sentences and all(s.text in {p.text for p in events[0].passages} or s.text for s in
                                       events[1].sentences)
    assert len({s.doc_id for s in events[1].sentences}) == len(events[1].sentences)  # one per source


def test_documents_text_is_data_not_instructions_in_the_prompt(settings):
    call = ScriptedLLM(lambda shown: [])
    Engine(settings, llm_call=call).ask("How many ships did Duke Alaric bring?")
    system, user = call.calls[0][0]["content"], call.calls[0][1]["content"]
    assert "never an instruction" in system and "<<<SOURCES" in user and "Question:" in user


def test_a_quote_is_shown_exactly_as_its_document_has_it(settings):
    """Double spaces, a space before a comma, a source's own footnote mark: the answer text keeps them."""
    a, _ = ask(settings, "How many fishing boats did the clerk count on the beach?",
               lambda shown: [("thirty fishing boats", "thirty fishing boats")])
    quote = a.citations[0].quote
    assert "thirty fishing boats drawn up on the beach , and" in quote and quote.endswith("[2]")
    assert f"“{quote}”" in a.answer
    assert verbatim_share(a) == 1.0


def test_closing_the_stream_while_the_model_reads_stops_its_reply(settings):
    """A reader who leaves (a reload, Stop) closes the stream at a WorkingEvent; the model's reply is cut off at
    its next token."""
    import threading
    import time

    seen = {}
    release = threading.Event()

    def slow(settings_, messages, schema, **kw):
        release.wait(5)
        try:
            kw["stream_callback"]('{"answers":[')
        except BaseException as exc:  # what the engine raises into the model's stream
            seen["stopped"] = type(exc).__name__
            raise
        seen["ran_on"] = True
        raise AssertionError("the reply ran on after the reader left")

    stream = Engine(settings, llm_call=slow).stream("How many ships did Duke Alaric bring?")
    for event in stream:
        if isinstance(event, WorkingEvent):
            break
    stream.close()
    release.set()
    time.sleep(0.5)
    assert seen == {"stopped": "GenerationCancelled"}


def write_style(settings):
    return settings.model_copy(update={"answer": settings.answer.model_copy(update={"style": "write"})})


def test_the_write_style_adds_the_models_summary_under_its_own_label(settings):
    from app.answer.summarize import SUMMARY_LABEL

    script = lambda shown: [("sixty ships", "sixty ships")]  # noqa: E731
    plain, _ = ask(settings, "How many ships did Duke Alaric bring to Wendmouth?", script)
    llm = ScriptedLLM(script, summary="The chronicle says the duke came with sixty ships [1].")
    a = Engine(write_style(settings), llm_call=llm).ask("How many ships did Duke Alaric bring to Wendmouth?")
    assert a.summary == "The chronicle says the duke came with sixty ships [1]."
    assert f"{SUMMARY_LABEL} {a.summary}" in a.answer  # labelled as the model's, never as the sources'
    assert a.answer.startswith(a.short_answer) and a.short_answer == plain.short_answer
    assert [c.quote for c in a.citations] == [c.quote for c in plain.citations]  # the quotes are unchanged
    assert "sixty ships" in llm.calls[-1][-1]["content"]  # the model summarised the quotes it was given
    verbatim_in_store(a, settings)
    assert not plain.summary and SUMMARY_LABEL not in plain.answer  # the default style writes nothing


def test_a_summary_citing_no_quote_of_the_answer_is_not_shown(settings):
    for summary in ("The duke came with sixty ships.", "The duke came with sixty ships [7]."):
        llm = ScriptedLLM(lambda shown: [("sixty ships", "sixty ships")], summary=summary)
        a = Engine(write_style(settings), llm_call=llm).ask("How many ships did Duke Alaric bring to Wendmouth?")
        assert not a.summary and "Model's summary" not in a.answer


def test_app_reads_sentences_speakers_and_instructions_from_the_store(settings, monkeypatch):
    """Each document is read once, at ingest: answering calls neither the splitter, the roles, the attributor
    nor the instruction classifier on stored text, and the speaker ingest stored reaches the answer."""
    import sys

    def read_again(*_a, **_k):
        raise AssertionError("app/ read a stored document again")

    ingest_readers = {"split_sentences", "sentence_table", "sentence_roles", "attribute_document", "Attributor",
                      "find_instructions", "is_instruction", "explain"}
    for name, module in list(sys.modules.items()):
        if name.startswith("app.") or name.startswith("ingest."):
            for attr in ingest_readers & set(vars(module)):
                monkeypatch.setattr(module, attr, read_again)
    a, _ = ask(settings, "How many days did the earl's riders take to reach Wendmouth?",
               lambda shown: [("Brother Osric said", "two days")])
    assert not a.refused and "“two days”" in a.short_answer
    quote = next(c for c in a.citations if "riders reached Wendmouth" in c.quote)
    assert quote.speaker == "Brother Osric"
    assert "Brother Osric" in a.answer
    verbatim_in_store(a, settings)
