"""Span checks on invented sentences: what is kept is the source's own stretch, fitted to what was asked."""
from app.answer.point import Pick
from app.answer.question import parse_question
from app.answer.spans import check_picks
from app.types import Passage, Sentence


def sentence(sid, text, kind="chunk", doc="chronicle"):
    p = Passage(doc_id=doc, title=doc, paragraph=0 if kind == "metadata" else 1, start=0, end=len(text),
                chunk_id=f"{doc}-{sid}", text=text, kind=kind)
    return Sentence(sid=sid, passage=p, start=0, end=len(text), text=text)


CLERK = "Aldous Brede is the keeper of the harbour rolls of the Wendmouth parish, and wrote them for forty years."


def test_a_span_cut_off_by_the_cap_reaches_the_end_of_its_clause_and_skips_the_question():
    q = parse_question("What was Aldous Brede's office?", 500)
    cut = CLERK[:40]  # "Aldous Brede is the keeper of the harbou"
    [found] = check_picks(q, [sentence("1.1", CLERK)], (Pick(sid="1.1", span=cut),), 2, 5, cap=40)
    assert found.span == "keeper of the harbour rolls of the Wendmouth parish"
    assert CLERK[found.span_start:found.span_end] == found.span


def test_a_span_the_model_names_in_a_catalogue_record_is_quoted_from_the_prose():
    q = parse_question("What was Aldous Brede's office?", 500)
    record = sentence("2.1", "Description: " + CLERK, kind="metadata", doc="record")
    prose = sentence("1.1", CLERK)
    [found] = check_picks(q, [prose, record], (Pick(sid="2.1", span="Aldous Brede is the keeper"),), 2, 5)
    assert found.sentence is prose and found.span == "keeper"


def test_a_catalogue_record_alone_does_not_answer_what_the_prose_does_not_hold():
    q = parse_question("What was Aldous Brede's office?", 500)
    record = sentence("2.1", "Description: " + CLERK, kind="metadata", doc="record")
    other = sentence("1.1", "The bells were rung at night.")
    assert check_picks(q, [other, record], (Pick(sid="2.1", span="keeper of the harbour rolls"),), 2, 5) == []


def test_a_date_the_named_sentence_lacks_is_read_from_the_sentence_beside_it():
    q = parse_question("When did the duke write to the abbot?", 500)
    first = "Early on the morning of May 14, the duke wrote to the abbot."
    second = "He asked for ships and men."
    far = "On June 2 the abbot sent his reply."
    a = sentence("1.1", first)
    b = sentence("1.2", second).model_copy(update={"start": len(first) + 1, "end": len(first) + 1 + len(second)})
    c = sentence("1.3", far).model_copy(update={"start": 500, "end": 500 + len(far)})
    [found] = check_picks(q, [a, b, c], (Pick(sid="1.2", span="He asked for ships"),), 2, 5)
    assert found.sentence is a and found.span == "May 14"
    # a sentence further off is not beside it: nothing is read from there
    assert check_picks(q, [b, c], (Pick(sid="1.2", span="He asked for ships"),), 2, 5) == []
