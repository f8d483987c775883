"""The author's verdict between accounts: a judging sentence in the author's voice that is about the accounts."""
from types import SimpleNamespace

from app.disagreement.adjudicate import find_adjudication
from ingest.roles import sentence_table


def _docs(text: str):
    spans, pos = [], 0
    for para in text.split("\n\n"):
        spans.append((pos, pos + len(para)))
        pos += len(para) + 2
    record = SimpleNamespace(text=text, paragraphs=spans)
    table = sentence_table(text)
    return SimpleNamespace(record=lambda doc_id: record, sentences=lambda doc_id: table,
                           speaker_for=lambda *_: None)


def _found(text: str, about=None):
    hit = find_adjudication(_docs(text), ["a.txt"], {"a.txt": {1}}, about)
    return text[hit[1]:hit[2]] if hit else None


def test_a_judgement_about_the_accounts_is_the_verdict():
    text = ("The town record gives eight dead; the diary gives fourteen.\n\n"
            "This day doubtless will be remembered for ever. The diarist's report is probably the more accurate.")
    assert _found(text) == "The diarist's report is probably the more accurate."


def test_a_judgement_word_in_a_sentence_about_something_else_is_no_verdict():
    text = ("The town record gives eight dead; the diary gives fourteen.\n\n"
            "That day doubtless will be handed down to ages yet unborn. The roads were probably muddy.")
    assert _found(text) is None
    named = text.replace("The roads were probably muddy.", "Hale's figure is probably too high.")
    assert _found(named) is None and _found(named, about=["Hale"]) == "Hale's figure is probably too high."
