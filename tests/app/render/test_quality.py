"""What the page tells a reader about a quote and a question, on the real seed text."""
from __future__ import annotations

import pytest

from app.render.quality import damage, looks_non_english, question_notes, summarise


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
    assert damage(para_with("But casts Mao"))  # a sentence opening on a lost name
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
    "He said that “” was the plan.", "The delegates agreed to .", "Then signs the treaty in Moscow.",
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
    notes = question_notes("Why " * 1000, 2000)
    assert any("4,000 characters" in n and "2,000" in n for n in notes)
    assert question_notes("Who wrote this article?", 2000) == []
    assert summarise("word " * 2000, 100).endswith("(9,999 characters)")
