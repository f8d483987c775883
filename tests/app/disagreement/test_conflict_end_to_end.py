"""Two documents that give different numbers for the same thing: the real engine flags it and quotes both."""
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.llm
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "disputed"


@pytest.fixture(scope="module")
def disputed_engine(tmp_path_factory):
    from app.engine import Engine
    from ingest.pipeline import run_ingest
    from tests.conftest import make_settings

    tmp = tmp_path_factory.mktemp("disputed")
    shutil.copytree(FIXTURE, tmp / "corpus")
    settings = make_settings(tmp)
    run_ingest(settings, progress=False)
    eng = Engine(settings)
    yield eng
    eng.close()


def test_different_counts_in_two_documents_are_flagged_with_both_quotes(disputed_engine):
    a = disputed_engine.ask("How many ships did Duke Alaric land with at Wendmouth?")
    assert not a.refused, a.answer
    assert a.conflicts, a.answer
    quotes = " ".join(c.quote for c in a.citations)
    assert "sixty ships" in quotes and "four hundred ships" in quotes
    docs = {p.doc_id for p in a.conflicts[0].positions}
    assert docs == {"harbour-chronicle.txt", "later-history.txt"}


def test_a_question_both_documents_agree_on_carries_no_conflict(disputed_engine):
    a = disputed_engine.ask("Where did Duke Alaric land?")
    assert not a.refused, a.answer
    assert "Wendmouth" in a.answer
    assert not a.conflicts, a.answer
