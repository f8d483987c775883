"""The chat's per-session turn state: earlier answers keep their evidence cards.

The engine here is a scripted stand-in that replays hand-built Answers (this test is about the
chat's state and panel, not about answering; the real engine drives the browser test).
"""
from __future__ import annotations

from app.types import EvidenceEvent, FinalEvent, Turn
from app.ui import chat
from tests.app.render.test_cards import _answer, _citation, _parse, _second


class _Replay:
    def __init__(self, answers):
        self.answers = list(answers)
        self.histories = []

    def stream(self, question, history):
        self.histories.append(list(history))
        answer = self.answers.pop(0)
        yield EvidenceEvent(passages=answer.passages)
        yield FinalEvent(answer=answer.model_copy(update={"question": question}))


def _final(updates):
    *_, last = updates
    return last


def test_citations_of_earlier_turns_still_point_at_cards():
    engine = _Replay([_answer(answer="First [1].", citations=[_citation(1)]),
                      _answer(answer="Second [1] [2].", citations=[_citation(1), _second(2)])])
    messages, panel, _, state, _ = _final(chat.respond(engine, "Who wrote it?", None))
    messages, panel, _, state, _ = _final(chat.respond(engine, "What did Shtykov report?", state))

    assert engine.histories == [[], [Turn(question="Who wrote it?", answer="First [1].")]]
    ids = _parse(panel).ids
    for m in messages:
        if m["role"] == "assistant":
            for href in _parse(m["content"]).hrefs:
                if href.startswith("#ev-"):
                    assert href[1:] in ids, f"citation {href} has no card in the panel"
    assert {"ev-1-1", "ev-2-1", "ev-2-2"} <= ids
    assert panel.index("ev-2-1") < panel.index("ev-1-1")  # the latest turn comes first
    assert "Earlier questions (1)" in panel and "Who wrote it?" in panel


def test_panel_keeps_only_the_configured_number_of_earlier_turns():
    from app.types import Passage

    read = [Passage(chunk_id="c", doc_id="000.txt", title="T", paragraph=3, start=0, end=4, text="Text")]
    engine = _Replay([_answer(passages=read) for _ in range(4)])
    state = None
    for i in range(4):
        *_, (_, panel, _, state, _) = chat.respond(engine, f"question {i}", state, keep_turns=2)
    ids = _parse(panel).ids
    assert {"ev-4-1", "ev-3-1", "ev-2-1"} <= ids and "ev-1-1" not in ids
    assert len(state["log"]) == 4  # the whole conversation is kept for the export ...
    assert [bool(a.passages) for _, a in state["log"]] == [False, True, True, True]  # ... slimmed beyond the panel


def test_while_a_new_answer_is_written_earlier_cards_stay():
    engine = _Replay([_answer(), _answer()])
    *_, (_, _, _, state, _) = chat.respond(engine, "first", None)
    updates = chat.respond(engine, "second", state)
    _, working_panel, *_ = next(updates)
    assert "Searching the sources" in working_panel and "ev-1-1" in _parse(working_panel).ids


def test_a_refused_turn_passes_its_question_but_no_answer_text():
    from app.types import REFUSAL_PREFIX

    engine = _Replay([_answer(answer=f"{REFUSAL_PREFIX} anything about that.", refused=True, citations=[]),
                      _answer()])
    *_, (_, _, _, state, _) = chat.respond(engine, "Who was mayor of Pyongyang?", None)
    list(chat.respond(engine, "And in 1950?", state))
    assert engine.histories[1] == [Turn(question="Who was mayor of Pyongyang?", answer="")]
