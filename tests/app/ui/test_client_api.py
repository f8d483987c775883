"""The chat's API endpoint, driven with gradio_client against the running app (real engine)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.llm


def test_chat_endpoint_answers_with_verified_quotes_and_keeps_sessions_apart(chat_url, seed_settings):
    from gradio_client import Client

    from app.sources import clean_text, list_documents

    alice, bob = Client(chat_url, verbose=False), Client(chat_url, verbose=False)
    messages, evidence, answer, _ = alice.predict("Who wrote this article?", api_name="/chat")

    assert "error" not in answer, answer
    assert answer["question"] == "Who wrote this article?"
    assert not answer["refused"] and "Kraus" in answer["answer"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    texts = {d.doc_id: clean_text(seed_settings, d.doc_id) for d in list_documents(seed_settings)}
    for c in answer["citations"]:  # what the page shows as a quote is verbatim in the cleaned source
        assert texts[c["doc_id"]][c["start"]:c["end"]] == c["quote"]
        assert f'id="ev-1-{c["n"]}"' in evidence

    # An empty question is answered with a plain message and never reaches the engine.
    _, evidence, answer, _ = bob.predict("   ", api_name="/chat")
    assert answer == {"error": "empty question"} and "Type a question first" in evidence

    # Bob's session does not see Alice's conversation (per-session state).
    messages, _, _, _ = bob.predict("", api_name="/chat")
    assert messages == []

    # Alice's follow-up reaches the engine with her earlier question as history.
    follow_up = "What is his job?"
    messages, evidence, answer, _ = alice.predict(follow_up, api_name="/chat")
    assert "error" not in answer, answer
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2
    assert answer["question"] == follow_up and answer["standalone_question"] not in ("", follow_up)
    assert 'id="ev-2-' in evidence or answer["refused"]  # turn 2's cards, not turn 1's
