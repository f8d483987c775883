"""Who is speaking, on the real cleaned seed text, the fixture memo, and a small unrelated text."""
from __future__ import annotations

import pytest

from ingest.attribution.speakers import attribute_document
from ingest.docstore import record_for


def span(doc, phrase: str) -> tuple[int, int]:
    start = doc.text.index(phrase)
    return start, start + len(phrase)


def speakers_of(text: str):
    """phrase -> who speaks there, in ``text`` attributed on its own."""
    da = attribute_document(text)
    return lambda phrase: da.speaker_for_span(text.index(phrase), text.index(phrase) + len(phrase))


def speaker(doc, phrase: str) -> str | None:
    return attribute_document(doc.text, doc.paragraphs).speaker_for_span(*span(doc, phrase))


def test_enumerated_sources_get_roles_and_medium_from_the_text(seed):
    da = attribute_document(seed.text, seed.paragraphs)
    assert [e.members for e in da.enumerations] == [["Terentii Shtykov", "Ivan Kovalev"]]
    assert da.label("Terentii Shtykov") == "Terentii Shtykov (Soviet ambassador), cable"
    assert da.label("Ivan Kovalev") == "Ivan Kovalev (Stalin’s personal representative in China), cable"


def test_shtykov_paragraph_is_attributed_to_his_cable(seed):
    assert speaker(seed, "According to Terentii Shtykov’s account: yes, absolutely.") == \
        "Terentii Shtykov (Soviet ambassador), cable"
    # Mao's words, as Shtykov's cable reports them
    assert speaker(seed, "Korea could see military action at any moment") == "Mao Zedong, per Terentii Shtykov’s cable"
    assert speaker(seed, "They are all black-[haired]") == "Mao Zedong, per Terentii Shtykov’s cable"


def test_a_sentence_whose_source_was_lost_is_not_guessed(seed):
    # The scrape lost the link naming this paragraph's source: nobody is credited with it.
    assert speaker(seed, "But casts Mao in a much more restrained light.") is None


def test_the_latter_account_is_kovalevs(seed):
    da = attribute_document(seed.text, seed.paragraphs)
    [adj] = da.adjudications
    assert adj.text == "the latter account seems more plausible"
    assert seed.text[adj.start:adj.end] == adj.text
    assert adj.favours == "Ivan Kovalev"
    # the author's own judgement is not put in anyone else's mouth
    assert speaker(seed, "Judging from subsequent remarks made by Mao, the latter account seems more plausible.") is None


def test_both_records_and_plain_speech_verbs(seed):
    assert speaker(seed, "give to the Koreans as much as they need") == \
        "Mao Zedong, per both Soviet records (Terentii Shtykov and Ivan Kovalev)"
    assert "Lin Biao" in speaker(seed, "we should send these trained cadres back to Korea")
    assert speaker(seed, "they ought to take a defensive position") == "Mao Zedong"  # "he confided in Stalin"
    assert speaker(seed, "the decision on the question [of war] should be postponed") == "Joseph Stalin"
    assert speaker(seed, "Mao also signaled his interest in expanding commercial ties with the DPRK.") is None


def test_fixture_memo_is_attributed_the_same_way(memo):
    assert speaker(memo, "According to Wen Guoliang’s memoir, Mao urged Kim Il to strike soon.") == \
        "Wen Guoliang (interpreter at the meeting), memoir"
    assert speaker(memo, "The Korean comrades should attack the South before the Americans return") == \
        "Mao Zedong, per Wen Guoliang’s memoir"


def test_generic_enumeration_on_an_unrelated_text():
    text = ("The border incident is described in two British reports: one written by Consul Harris, the other "
            "sent by the military attaché in Seoul, Colonel John Reed.\n\n"
            "According to Harris’s report, the shooting began at dawn. “The northern troops crossed first,” Harris wrote.\n\n"
            "According to Reed’s report, it was calmer. “Both patrols fired by mistake,” the colonel said.\n\n"
            "The former account seems more credible.")
    da = attribute_document(text)
    assert da.label("Harris") == "Harris (British consul), report"
    assert da.label("John Reed") == "John Reed (military attaché in Seoul), report"
    at = lambda phrase: da.speaker_for_span(text.index(phrase), text.index(phrase) + len(phrase))
    assert at("The northern troops crossed first") == "Harris (British consul), report"
    assert at("Both patrols fired by mistake") == "John Reed (military attaché in Seoul), report"
    assert [(a.text, a.favours) for a in da.adjudications] == [("The former account seems more credible", "Harris")]


def test_the_stored_record_gives_the_speakers_ingest_found(seed):
    """app/ reads speakers from the document record: the same answers as the attribution itself, with no rerun."""
    rec = record_for(seed, [])
    da = attribute_document(seed.text, seed.paragraphs)
    a, b = span(seed, "Korea could see military action at any moment")
    assert rec.speaker_for(a, b) == "Mao Zedong, per Terentii Shtykov’s cable"
    for s in da.sentences:
        assert rec.speaker_for(s.start, s.end) == da.speaker_for_span(s.start, s.end)
    verdicts = [a for a in da.adjudications if a.favours]
    assert verdicts
    for a in verdicts:
        assert rec.favoured(a.start, a.end) == da.sources[a.favours].name
    assert rec.favoured(0, 10) is None


def test_a_rule_or_an_opening_adverb_is_not_a_speaker():
    """'according to his directions' follows orders, not a teller; 'Presently' opens a sentence, it names nobody."""
    text = ("The detachment marched at dawn, according to his directions, and reached the bridge by nine.\n\n"
            "Presently said the guide, “We are too late.” He was presently proved right.\n\n"
            "According to one witness, the bridge was already burning.")
    at = speakers_of(text)
    assert at("reached the bridge by nine") is None
    assert at("We are too late") is None
    assert at("the bridge was already burning") == "one witness"


def test_a_letter_sent_is_not_words_reported():
    """'The governor wrote directly to the king.' tells of a letter; nothing of it is the governor's words."""
    text = ("Very early on the morning of May 14, Governor Harlan Vey wrote directly to the king.\n\n"
            "Governor Harlan Vey wrote that the harbour could hold forty ships.\n\n"
            "Governor Harlan Vey told the abbot he would sail at once.")
    at = speakers_of(text)
    assert at("wrote directly to the king") is None
    assert at("the harbour could hold forty ships") in ("Harlan Vey", "Governor Harlan Vey")
    assert at("he would sail at once") in ("Harlan Vey", "Governor Harlan Vey")


def test_a_heading_gives_he_no_subject():
    """'He also wrote' after a title-case heading is nobody's words: the heading's first word is not a person."""
    text = ("Notes of the Wendmouth Parish\n\n"
            "The parish clerk kept the book that year.\n\n"
            "He also wrote that the bells were rung at night.")
    da = attribute_document(text)
    at = text.index("He also wrote")
    assert da.speaker_for_span(at, at + 20) is None
