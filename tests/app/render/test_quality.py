"""What the page tells a reader about a quote and a question, on the real seed text."""
from __future__ import annotations

import pytest

from app.answer.question import looks_non_english, parse_question
from app.render.quality import damage, summarise


def _paragraphs(settings):
    from ingest.docstore import DocStore

    (record,) = DocStore(settings).list_docs()
    return {n: record.paragraph_text(n) for n in range(1, len(record.paragraphs) + 1)}


def test_visible_damage_in_the_seed_is_flagged_and_whole_paragraphs_are_not(seed_settings):
    paras = _paragraphs(seed_settings)
    by_text = {t: n for n, t in paras.items()}

    def para_with(words):
        return next(t for t in paras.values() if words in t)

    assert damage(para_with("proposal of the Koreans to ."))  # a sentence cut at "to ."
    assert damage(para_with("spoken about the “”"))  # an empty quotation
    assert damage(para_with("a question from in March"))  # a preposition left without its object
    def sentence_with(words):  # a quote is a span, not the whole paragraph around it
        import re

        return next(s for s in re.split(r"(?<=[.?!”])\s+", para_with(words)) if words in s)

    for words in ("16,000 Korean troops", "Korea could see military action", "Mao had several reservations",
                  "Mao was probably wary of disagreeing", "give to the Koreans as much as they need"):
        assert not damage(sentence_with(words)), (words, damage(sentence_with(words)))
    flagged = [n for n, t in paras.items() if damage(t)]
    assert len(flagged) <= len(paras) // 4, f"too many paragraphs flagged: {flagged}"


@pytest.mark.parametrize("text", [
    "He said that “” was the plan.", "The delegates agreed to .",
    "They travelled from in the north."])
def test_damage_rules_are_general(text):
    assert damage(text)


@pytest.mark.parametrize("text", [
    "But there were reasons to wait.", "And yet the plan went ahead.", "He agreed to go.",
    "Mao was aware of — and whether he encouraged — Kim’s plans."])
def test_ordinary_sentences_are_not_damage(text):
    assert not damage(text)


def test_questions_in_other_languages_or_too_long_are_said_before_answering():
    assert looks_non_english("Pourquoi Mao a-t-il refusé une attaque en 1949 ?")
    assert looks_non_english("毛泽东对金日成说了什么？")
    assert not looks_non_english("Why did Mao refuse an attack in 1949?")
    assert any("English" in n for n in parse_question("Pourquoi Mao a-t-il refusé une attaque ?", 2000).notes)
    assert parse_question("Who wrote this article?", 2000).notes == []
    assert summarise("word " * 2000, 100).endswith("(9,999 characters)")


@pytest.mark.parametrize("text", [
    "North Korean forces, spearheaded by tanks, reportedly closing in on the border town.",
    "Garrison holding. Ammunition low. Relief expected at dawn.",
    "Troops carried on with the march.", "The ford was fired upon by the pickets.",
    "He spoke of the Ledgers,\" \"Letters,\" and \"Diaries\" of the company."])
def test_short_telegraphic_sentences_are_not_damage(text):
    assert not damage(text), damage(text)


@pytest.mark.parametrize("text", ["the enemy could begin war at any t", "the council met on the ninth and vo", "",
                                  "“ ”", "[...]"])
def test_a_quote_cut_inside_a_word_or_an_empty_quotation_is_damage(text):
    assert damage(text)


def test_a_quote_that_stops_before_a_letter_of_the_source_is_cut_inside_a_word():
    assert damage("the garrison was reinforc", after="ed")
    assert damage("the garrison held", after="ing") and not damage("the garrison held", after=" the")


DEV = __import__("pathlib").Path("/work/shared/dev-corpora")


@pytest.mark.parametrize("corpus, cut, whole", [
    ("little-bighorn", "they fell on both flanks at t",  # a stored page excerpt that ends inside a word
     ["They obeyed, and in a few minutes the signal to charge was given, and\nReno retreated pell mell before the "
      "onset of the Sioux."]),
    ("lexington-concord", None,
     ["Families are roused.", "Lights gleam from the windows.", "Doors open and close.", "Minutemen are mustering.",
      "No time to lose!"]),
    ("hastings", None, ["'The King of Norway,' he replied.", "'No more?' returned the brother, with a smile."]),
])
def test_damage_on_real_lines_of_two_dev_corpora(corpus, cut, whole):
    root = DEV / corpus
    if not root.is_dir():
        pytest.skip(f"{root} is not here")
    from ingest.clean import clean
    from ingest.load import load

    texts = [clean(load(p.name, p)).text for p in sorted(root.iterdir()) if p.suffix not in (".toml", ".jsonl")]
    if cut:
        text = next(t for t in texts if cut in t)
        i = text.index(cut) + len(cut)
        start = text.rfind(". ", 0, i) + 2
        assert damage(text[start:i], after=text[i:i + 1]), text[start:i]
    for line in whole:
        assert any(line in t for t in texts), line
        assert not damage(line), (line, damage(line))
