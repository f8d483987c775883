"""The chat's API endpoint, driven with gradio_client against the running app (real engine)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.llm


class RecordingEngine:
    """The real engine, with a record of what the UI asked it (question, history) for each turn."""

    def __init__(self, engine):
        self.engine, self.calls = engine, []

    def stream(self, question, history):
        self.calls.append((question, list(history)))
        yield from self.engine.stream(question, history)


@pytest.fixture
def recorded_chat(engine, seed_settings, chat_launcher):
    recorder = RecordingEngine(engine)
    return chat_launcher(seed_settings, recorder), recorder


def test_chat_endpoint_answers_with_verified_quotes_and_keeps_sessions_apart(recorded_chat, seed_settings):
    from gradio_client import Client

    from ingest.docstore import DocStore

    chat_url, recorder = recorded_chat
    alice, bob = Client(chat_url, verbose=False), Client(chat_url, verbose=False)
    messages, evidence, answer, _ = alice.predict("Who wrote this article?", api_name="/chat")

    assert "error" not in answer, answer
    assert answer["question"] == "Who wrote this article?"
    assert not answer["refused"] and "Kraus" in answer["answer"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    store = DocStore(seed_settings)
    for c in answer["citations"]:  # what the page shows as a quote is verbatim in the source (¶0 = its metadata)
        record = store.get(c["doc_id"])
        source = record.metadata_text if c["paragraph"] == 0 else record.text
        assert source[c["start"]:c["end"]] == c["quote"]
        assert f'id="ev-1-{c["n"]}"' in evidence

    # An empty question is answered with a plain message and never reaches the engine.
    _, evidence, answer, note = bob.predict("   ", api_name="/chat")
    assert answer == {"error": "empty question"} and "Type a question first" in note  # by the input box
    assert "Type a question first" not in evidence
    assert len(recorder.calls) == 1

    # Bob's session does not see Alice's conversation (per-session state).
    messages, _, _, _ = bob.predict("", api_name="/chat")
    assert messages == []

    # Alice's follow-up reaches the engine with her earlier question as history.
    follow_up = "What is his job?"
    messages, evidence, answer, _ = alice.predict(follow_up, api_name="/chat")
    assert "error" not in answer, answer
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2
    assert answer["question"] == follow_up
    assert [(q, [t.question for t in h]) for q, h in recorder.calls] == [
        ("Who wrote this article?", []), (follow_up, ["Who wrote this article?"])]
    assert "Kraus" in recorder.calls[1][1][0].answer  # the earlier answer travels with its question
    assert "Kraus" in answer["standalone_question"], answer["standalone_question"]  # "his" = the author
    assert not answer["refused"], answer["answer"]
    assert 'id="ev-2-' in evidence  # turn 2's cards, not turn 1's
