"""Bad questions get a clear message or a sane, truncated question; never a traceback."""
import pytest

from app.question import prepare_question
from corroborate.errors import InputError


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01\x02", "?!...;", "—“”"])
def test_empty_or_wordless_questions_are_refused_with_a_clear_message(raw):
    with pytest.raises(InputError) as exc:
        prepare_question(raw, 2000)
    assert "question" in str(exc.value) and "\n" not in str(exc.value)


def test_a_huge_question_is_truncated_with_a_note():
    q, notes = prepare_question("Who was Kovalev? " * 10000, 2000)
    assert len(q) <= 2000
    assert notes and "2,000" in notes[0]


def test_control_characters_are_removed():
    q, _ = prepare_question("Who\x07 was\x1b Kovalev?\x00", 2000)
    assert q == "Who was Kovalev?"


def test_non_english_questions_pass_through():
    q, _ = prepare_question("毛泽东在1949年说了什么？", 2000)
    assert q == "毛泽东在1949年说了什么？"
