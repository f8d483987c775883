"""Bad questions get a clear message or a sane, truncated question; never a traceback."""
import pytest

from app.answer.question import prepare_history, prepare_question, question_kind
from app.types import Turn
from core.errors import InputError


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


def test_history_keeps_the_last_turns_with_short_answers_and_no_markers():
    long_answer = "Charles Kraus wrote it [1]. " + "He is a historian of the Cold War. " * 20
    history = ["   ", "Who was Kovalev?", Turn(question="Who wrote this article?", answer=long_answer),
               Turn(question="When?\x07", answer="In 2018 [2, 3].")]
    kept = prepare_history(history, max_chars=2000, keep=3, answer_chars=100)
    assert [t.question for t in kept] == ["Who was Kovalev?", "Who wrote this article?", "When?"]
    assert kept[0].answer == ""
    assert kept[1].answer.startswith("Charles Kraus wrote it.") and len(kept[1].answer) <= 102
    assert kept[2].answer == "In 2018."



def test_the_question_is_parsed_once_into_its_kind_terms_and_names():
    from app.answer.question import parse_question

    q = parse_question("How many Korean troops did Lin Biao report?", 2000)
    assert q.kind == "count" and "troops" in q.terms and "Lin Biao" in q.names
    assert parse_question("Was Dawes captured?", 2000).names == ["Dawes"]
    assert parse_question("On what date did the battle begin?", 2000).kind == "date"
    assert parse_question("What did the captain say to his men?", 2000).kind == "what_said"
    assert parse_question("Did the regulars fire first?", 2000).kind == "yes_no"


def test_a_question_in_another_language_is_told_before_the_answer():
    from app.answer.question import parse_question

    q = parse_question("Qui a tiré le premier à Lexington ?", 2000)
    assert any("English" in n for n in q.notes)
    assert not parse_question("Who fired first at Lexington?", 2000).notes


def _pasted_passage(chars: int) -> str:
    """An invented archival passage of about ``chars`` characters, in lines, with a rhetorical question inside."""
    lines = ["The convoy left the river port at dawn, carrying salt, rope and forty barrels of lamp oil.",
             "Was the harbour master bribed? The ledger does not say, and the clerk kept no diary that year.",
             "By noon the wind had turned, and the pilot ordered the boats to shelter behind the long island."]
    text, i = "", 0
    while len(text) < chars:
        text += lines[i % len(lines)] + ("\n" if i % 4 == 3 else " ")
        i += 1
    return text


def test_a_question_after_a_long_pasted_passage_is_what_is_searched():
    from app.answer.question import parse_question

    passage = _pasted_passage(5000)
    asked = "What did the pilot say when the wind turned?"
    q = parse_question(passage + "\n\n" + asked, 2000)
    assert q.text == asked
    assert q.kind == "what_said" and "pilot" in q.terms
    assert len(q.notes) == 1
    note = q.notes[0]
    assert "only the question at its end was searched" in note
    assert f"the first {len(passage.strip()):,} characters of the passage were not searched" in note
    assert "2,000" in note and "\n" not in note


def test_a_long_input_without_a_question_mark_keeps_its_end_from_a_sentence_start():
    from app.answer.question import parse_question

    text = _pasted_passage(5000).replace("?", ".") + "Tell me what the pilot ordered"
    q = parse_question(text, 2000)
    assert q.text.endswith("Tell me what the pilot ordered")
    assert len(q.text) <= 2000 and q.text[0].isupper(), q.text[:40]  # a whole sentence, not half a word
    assert "no question mark" in q.notes[0] and f"last {len(q.text):,} characters were searched" in q.notes[0]


def test_a_short_question_is_kept_whole_with_its_line_breaks_as_spaces():
    q, notes = prepare_question("Who wrote\nthe cable\n\n  to Moscow?", 2000)
    assert q == "Who wrote the cable to Moscow?" and notes == []


@pytest.mark.parametrize("text, kind", [
    ("Exactly how many ships sailed?", "count"),
    ("And when did they land?", "date"),
    ("Who was Aldous Brede?", "other"),  # who a named person was: an office, a role
    ("Who was the keeper of the harbour rolls?", "who"),
    ("Who fired first?", "who"),
])
def test_the_kind_of_answer_asked_for(text, kind):
    assert question_kind(text) == kind
