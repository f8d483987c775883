"""The kind of answer a question asks for, checked against sentences of the seed's own wording."""
from __future__ import annotations

import pytest

from app.answer_type import counted_phrase, is_yes_no, missing_answer_type, names

LIN_BIAO = "In late 1949, Lin Biao wrote that 16,000 Korean troops were ready to be transferred to the Korean People’s Army."
AMMO = ("When Kim Il asked about receiving extra ammunition for the troops, Mao reportedly said he would "
        "“give to the Koreans as much as they need.”")
MEETING = "Mao and Kim settled on May 13 as the date for a closed-door meeting between Mao and Kim."
YALU = "Chinese troops cross the Yalu River, 1950, to fight in the Korean War."
PASSAGES = " ".join([LIN_BIAO, AMMO, MEETING, YALU, "Given what took place on June 25, 1950, Mao must have signed off."])


@pytest.mark.parametrize("question, phrase", [
    ("How many Korean troops did Lin Biao report were ready?", ["Korean", "troops"]),
    ("Exactly how many Chinese soldiers were killed in the Korean War?", ["Chinese", "soldiers"]),
    ("How many tons of ammunition did China send?", ["tons"]),
    ("How much rice did North Korea export?", ["rice"]),
    ("What did Mao promise?", []),
])
def test_counted_phrase(question, phrase):
    assert counted_phrase(question) == phrase


def test_a_count_needs_a_number_of_the_thing_counted():
    assert missing_answer_type("How many Korean troops were ready to be transferred?", [LIN_BIAO], PASSAGES) == ""
    assert "do not count Chinese soldiers" in missing_answer_type(
        "Exactly how many Chinese soldiers were killed in the Korean War?", [LIN_BIAO], PASSAGES)
    assert "do not count Chinese troops" in missing_answer_type(  # the count is of Korean troops
        "How many Chinese troops fought in the Korean War?", [LIN_BIAO, "Chinese troops cross the Yalu River."], PASSAGES)
    long = "Lin Biao, a Chinese commander, wrote in late 1949 that 16,000 Korean troops were ready to be transferred."
    assert "do not count Chinese troops" in missing_answer_type("How many Chinese troops fought in the war?",
                                                                [long], PASSAGES)
    assert "no cited sentence gives a number" in missing_answer_type(
        "How many soldiers did the Korean People's Army have?", [AMMO], PASSAGES)


def test_a_day_needs_a_day_and_month():
    assert missing_answer_type("What date did the two sides settle on for the meeting?", [MEETING], PASSAGES) == ""
    assert "asks for a day" in missing_answer_type("On what exact day did Chinese troops cross the Yalu River?",
                                                   [YALU], PASSAGES)
    assert missing_answer_type("When did Chinese troops cross the Yalu River?", [YALU], PASSAGES) == ""  # a year will do


def test_who_needs_a_name_the_question_does_not_give():
    assert missing_answer_type("Who reportedly said he would give the Koreans as much ammunition as they need?",
                               [AMMO], PASSAGES) == ""
    assert "asks who" in missing_answer_type("Who interpreted for Mao and Kim at their May 1950 meeting?",
                                             ["Given what took place on June 25, 1950, Mao must have signed off."],
                                             PASSAGES)
    # "Who was <Name>?" asks for a description, not a name
    assert missing_answer_type("Who was Lin Biao?", ["He was a commander of the Fourth Field Army."], PASSAGES) == ""


def test_names_drop_function_words_and_possessives():
    assert names("According to Kim Il Sung’s letter, Stalin agreed in May.") == {"Kim Il Sung", "Stalin"}


def test_yes_no_questions():
    assert is_yes_no("Did Mao encourage North Korea to attack the South in 1949?")
    assert is_yes_no("  was Mao ready to support a war?")
    assert not is_yes_no("Why did Mao think an attack was not advisable in 1949?")
    assert not is_yes_no("Disputes aside, what did Mao say?")
