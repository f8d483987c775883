"""Example question buttons are short: at most about ten words, whatever the catalogue's titles."""
from __future__ import annotations

from app.ui import app as chat_app
from app.ui import catalog
from core.settings import load_settings

TITLES = [
    "The Depositions of the Minute Men Concerning the Skirmish at Lexington Green, April 19, 1775, as Printed",
    "Papers of the River Company: Ledgers, Letters and Accounts of the Salt Trade, 1820-1841",
    "A Harbour Diary",
    "Report (1950) of the Commission on the Rates of Rail Freight",
]


def _examples(monkeypatch, tmp_path, titles):
    monkeypatch.setattr(catalog, "list_documents",
                        lambda settings: [catalog.DocRow(doc_id=f"d{i}", title=t) for i, t in enumerate(titles)])
    return chat_app.example_questions(load_settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data"))


def test_catalogue_examples_are_at_most_ten_words_short_titles_first(monkeypatch, tmp_path):
    asks = _examples(monkeypatch, tmp_path, TITLES)
    assert len(asks) == 3
    assert all(len(a.split()) <= 10 for a in asks), asks
    # titles that fit whole come first; a long one gives its main title (before the colon), not its first words
    assert asks == ["Who wrote “Papers of the River Company”?", "What is “A Harbour Diary” about?",
                    "What is “The Depositions of the Minute Men Concerning…” about?"]


def test_a_title_with_no_short_form_is_cut_at_a_word_with_an_ellipsis(monkeypatch, tmp_path):
    asks = _examples(monkeypatch, tmp_path, TITLES[3:])
    assert asks == ["Who wrote “Report (1950) of the Commission…”?"]  # no dangling "on the"


def test_examples_set_in_the_settings_are_kept_as_written(tmp_path):
    mine = ["What did the clerk record about the salt barrels in the spring of 1821?"]
    settings = load_settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", chat={"examples": mine})
    assert chat_app.example_questions(settings) == mine
