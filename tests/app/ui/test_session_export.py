"""A conversation kept in browser storage comes back whole; its Markdown export quotes verbatim."""
from __future__ import annotations

from app.types import Conflict, Position, Turn
from app.render import cards as render
from app.ui import session
from app.render.markdown import conversation_markdown
from app.render.conflict import conflict_card
from tests.app.render.test_cards import QUOTE, _answer, _citation, _second


def test_the_state_survives_its_trip_through_browser_storage():
    import json

    state = {"history": [Turn(question="Who?", answer="Kraus [1].")], "messages": [{"role": "user", "content": "Who?"}],
             "turn": 1, "log": [(1, _answer())], "pending": "And then?"}
    back = session.load(json.loads(json.dumps(session.dump(state))))
    assert back == state
    assert session.load({"v": 0}) == session.new_state() and session.load("junk") == session.new_state()


def test_export_has_each_quote_verbatim_with_provenance_paragraph_and_disagreement():
    meta = "Title: China, North Korea\nAuthor: Charles Kraus"
    cat = _citation(3, paragraph=0, speaker=None, quote=meta, context=meta, context_start=0, context_end=len(meta))
    conflict = Conflict(question="Did Mao encourage an attack?", adjudication="the latter account seems more plausible",
                        positions=[Position(claim="yes", speaker="Shtykov", doc_id="000.txt", citations=[1]),
                                   Position(claim="no", speaker="Kovalev", doc_id="000.txt", citations=[2])])
    a = _answer(answer="Shtykov [1]; Kovalev [2]; by Kraus [3].", citations=[_citation(1), _second(2), cat],
                conflicts=[conflict], notes=["A note."])
    md = conversation_markdown([a, _answer(question="Second?")])
    assert "## 1. Did Mao encourage war?" in md and "## 2. Second?" in md
    assert f"> [1] “{QUOTE}”" in md
    assert ("> — Terentii Shtykov (Soviet ambassador), cable, as reported by Charles Kraus, "
            "*China, North Korea, and the Origins of the Korean War* (Wilson Center), ¶12") in md
    assert "> [3] (catalogue record) “Title: China, North Korea\n> Author: Charles Kraus”" in md
    assert "### Sources differ" in md and "**Shtykov**" in md and "the latter account seems more plausible" in md
    assert md.index("*Note: A note.*") < md.index("Shtykov [1]")


def test_the_disagreement_card_merges_same_positions_and_names_each_source_once():
    one, two, three = _citation(1), _second(2), _citation(3, quote="We do not advise", speaker="Ivan Kovalev",
                                                         context="We do not advise", context_start=0, context_end=16)
    conflict = Conflict(question="Did Mao encourage an attack?", positions=[
        Position(claim="Korea could see military action at any moment", value="yes", speaker="Shtykov",
                 doc_id="000.txt", citations=[1]),
        Position(claim="Mao approved", value="yes", speaker="Stalin", doc_id="000.txt", citations=[2]),
        Position(claim="Mao advised against an attack", value="no", speaker="Kovalev", doc_id="000.txt",
                 citations=[3])])
    card = conflict_card(conflict, {c.n: c for c in (one, two, three)}, 1, dates={"000.txt": "2019-06-25"})
    assert card.count('class="position"') == 2  # Stalin's "yes" joins Shtykov's
    assert "Shtykov · Stalin" in card
    assert "Korea could see military action at any moment</div>" not in card  # the claim only repeated its quote
    assert "Mao advised against an attack" in card  # a claim that says more than its quote stays
    assert card.count("China, North Korea, and the Origins of the Korean War") == 1  # provenance once
    assert "2019-06-25" in card and "¶12" in card
    panel = render.evidence_html(_answer(citations=[one, two, three], conflicts=[conflict]), 1,
                                 dates={"000.txt": "2019-06-25"})
    assert "2019-06-25" in panel
