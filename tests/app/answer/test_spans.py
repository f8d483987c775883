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


def test_a_garbled_copy_of_what_was_said_quotes_the_named_clause_on_the_point():
    q = parse_question("What did the abbot's letter say about the harbour tolls?", 500)
    text = "In the spring the abbot sent a letter to the duke; it said the harbour tolls should be halved."
    garbled = "The abbot sent two letters to the king about tolls"  # not in the sentence, not nearly
    [found] = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span=garbled),), 2, 5)
    assert found.span in text and "tolls" in found.span and text[found.span_start:found.span_end] == found.span
    # a sentence off the question's point gives nothing, and neither does a figure asked for
    off = sentence("1.1", "The bells were rung at night in the tower.")
    assert check_picks(q, [off], (Pick(sid="1.1", span=garbled),), 2, 5) == []
    count = parse_question("How many letters did the abbot send about the harbour tolls?", 500)
    assert check_picks(count, [sentence("1.1", text)], (Pick(sid="1.1", span=garbled),), 2, 5) == []


def test_who_is_answered_by_a_name_the_question_does_not_give():
    q = parse_question("Who rowed Aldous Brede across the harbour?", 500)
    text = "Aldous Brede was rowed across the harbour by Tam Gorrie at dusk."
    s = sentence("1.1", text)
    assert check_picks(q, [s], (Pick(sid="1.1", span="Tam Gorrie"),), 2, 5)[0].span == "Tam Gorrie"
    # the question's own name is no answer, and no other name is read from the sentence in its place
    assert check_picks(q, [s], (Pick(sid="1.1", span="Aldous Brede"),), 2, 5) == []
    # a catalogue title names things but states no answer: nothing is read from it
    record = sentence("2.1", "Title: The Wendmouth Harbour Rolls", kind="metadata", doc="record")
    assert check_picks(q, [record], (Pick(sid="2.1", span="Aldous Brede"),), 2, 5) == []


def test_a_figure_beside_only_the_questions_names_counts_something_else():
    q = parse_question("What was the population of Wendmouth in 1850?", 500)
    s = sentence("1.1", "In 1850 some 300 Wendmouth fishermen sailed for the north.")
    assert check_picks(q, [s], (Pick(sid="1.1", span="300 Wendmouth fishermen"),), 2, 5) == []
    counted = sentence("1.1", "In 1850 Wendmouth had a population of about 4,000 souls.")
    assert check_picks(q, [counted], (Pick(sid="1.1", span="about 4,000 souls"),), 2, 5)[0].span.startswith("4,000")
    # a size is given in other words than the question's
    size = parse_question("How big was the duke's fleet?", 500)
    ships = sentence("1.1", "He gathered sixty ships and four hundred boats at the river mouth.")
    assert check_picks(size, [ships], (Pick(sid="1.1", span="sixty ships"),), 2, 5)[0].span == "sixty ships"


def test_a_bare_year_does_not_answer_on_what_day():
    q = parse_question("On what day did the abbot reach Wendmouth?", 500)
    s = sentence("1.1", "The abbot reached Wendmouth in 1203, after a long voyage.")
    assert check_picks(q, [s], (Pick(sid="1.1", span="1203"),), 2, 5) == []
    when = parse_question("When did the abbot reach Wendmouth?", 500)
    assert check_picks(when, [s], (Pick(sid="1.1", span="1203"),), 2, 5)[0].span == "1203"


def test_a_span_whose_apposition_the_model_turned_round_is_the_sources_stretch():
    q = parse_question("Who was Aldous Brede?", 500)
    text = "The rolls were kept by the keeper of the harbour, Aldous Brede, for forty years."
    [found] = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span="Aldous Brede (keeper of the harbour)"),),
                          2, 5)
    assert text[found.span_start:found.span_end] == found.span and "keeper of the harbour" in found.span


def test_a_garbled_span_under_the_wrong_id_is_read_from_the_sentence_its_words_come_from():
    q = parse_question("What did the abbot's letter say about the tolls?", 500)
    said = sentence("1.1", "The abbot's letter to the duke said that the harbour tolls should be halved.")
    other = sentence("1.2", "The bells were rung at night in the tower.")
    garbled = "The abbot wrote a letter to the duke saying harbour tolls be halved"
    [found] = check_picks(q, [said, other], (Pick(sid="1.2", span=garbled),), 2, 5)
    assert found.sentence is said and "tolls" in found.span


def test_a_garbled_yes_no_span_takes_its_stance_from_the_sentence():
    q = parse_question("Did the abbot urge the duke to raise the harbour tolls?", 500)
    text = "The abbot did not urge the duke to raise the harbour tolls, whatever the clerks said."
    garbled = "The abbot explained that he urged no tolls be raised by the duke at the harbour"
    [found] = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span=garbled),), 2, 5)
    assert found.stance == "no" and text[found.span_start:found.span_end] == found.span


def test_a_span_of_only_the_questions_own_words_answers_nothing():
    q = parse_question("Which clerk copied the charter of Lord Osbert Vane?", 500)
    text = "The charter of Lord Osbert-Vane was copied that winter."
    found = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span="Lord Osbert-Vane"),), 2, 5)
    assert all(f.span != "Lord Osbert-Vane" for f in found)  # at most the clause on the point, never the name asked of
    named = "The charter of Lord Osbert Vane was copied by Brother Aldric."
    [found] = check_picks(q, [sentence("1.1", named)], (Pick(sid="1.1", span="Brother Aldric"),), 2, 5)
    assert found.span == "Brother Aldric"


def test_a_figure_of_another_sides_things_does_not_answer_the_count():
    q = parse_question("How many Danish ships reached the harbour?", 500)
    text = "Forty Saxon ships reached the harbour before the storm."
    assert check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span="Forty Saxon ships"),), 2, 5) == []
    same = "Forty Danish ships reached the harbour before the storm."
    [found] = check_picks(q, [sentence("1.1", same)], (Pick(sid="1.1", span="Forty Danish ships"),), 2, 5)
    assert found.span.startswith("Forty")


def test_a_date_in_a_sentence_about_something_else_does_not_answer_when():
    q = parse_question("On what exact day was the abbey founded?", 500)
    assert q.kind == "date"
    other = "The king died on the 3rd of March, 1120, at Winchester."
    assert check_picks(q, [sentence("1.1", other)], (Pick(sid="1.1", span="the 3rd of March, 1120"),), 2, 5) == []
    founding = "The abbey was founded on the 9th of May, 1101."
    [found] = check_picks(q, [sentence("1.1", founding)], (Pick(sid="1.1", span="the 9th of May, 1101"),), 2, 5)
    assert "9th of May" in found.span


def test_a_stance_is_read_from_the_words_and_a_phrase_that_affirms_is_no_denial():
    from app.answer.spans import stance_of

    q = parse_question("Did the abbot send ships to the duke?", 500)
    assert stance_of(q, "the abbot did not send a single ship") == "no"
    assert stance_of(q, "Yes, the abbot sent them at once") == "yes"
    assert stance_of(q, "There is no doubt that the abbot sent ships") is None
    assert stance_of(q, "not only ships but men as well") is None
    assert stance_of(q, "the abbot sent ships to the duke") is None  # no negation is no "yes"


def test_another_sources_figure_is_compared_only_from_a_sentence_on_the_questions_point():
    """A count read in code from a second source must come from a sentence about what is asked: a figure of the
    same kind of thing in another battle is no disagreement."""
    from app.answer.others import other_sources

    q = parse_question("How many soldiers were killed in the fight at the Mill Ford that Brother Osric described?",
                       500)
    osric = sentence("1.1", "Brother Osric wrote that forty soldiers were killed in the fight at the Mill Ford.",
                     doc="annals")
    [found] = check_picks(q, [osric], (Pick(sid="1.1", span="forty soldiers"),), 2, 5)
    elsewhere = sentence("2.1", "At the siege of the town they had lost nine soldiers killed and many wounded.",
                         doc="history")
    assert other_sources(q, [osric, elsewhere], [found], 5) == []
    on_point = sentence("2.2", "Only twelve soldiers were killed in the fight at the Mill Ford, the rolls show.",
                        doc="history")
    [extra] = other_sources(q, [osric, elsewhere, on_point], [found], 5)
    assert extra.sentence is on_point and "twelve" in extra.span


def test_a_date_the_model_copied_loosely_is_read_whole_from_a_sentence_on_the_point():
    """"fought" in the question meets "fought" in the sentence (an irregular verb is taken to its base on both
    sides), and the date read in code is the fullest one, not its first piece ("the 14th")."""
    q = parse_question("On what date was the Battle of Maldon fought?", 500)
    s = sentence("1.2", "On Saturday, the 11th of August, was fought the great battle.")
    [found] = check_picks(q, [s], (Pick(sid="1.2", span="11th August"),), 2, 5)
    assert found.span == "11th of August"


def test_a_span_that_puts_the_question_s_name_for_the_source_s_pronoun_is_found_as_the_source_s_words():
    q = parse_question("What was Aldous Brede doing when news of the approaching fleet reached the harbour office?", 500)
    text = "He was copying the rolls by candlelight when the warning came."
    copied = "Aldous Brede was copying the rolls by candlelight when the warn"  # "He" became the name; cut off
    [found] = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span=copied),), 2, 5)
    assert "copying the rolls by candlelight" in found.span
    assert text[found.span_start:found.span_end] == found.span
    # a span that is only the question's names finds nothing by this route
    assert check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span="Aldous Brede"),), 2, 5) == []


def test_a_span_that_restates_the_question_never_starts_inside_a_name():
    q = parse_question("What was Kim Il's office?", 500)
    text = "Kim Il Sung sent a high-level emissary to China."
    [found] = check_picks(q, [sentence("1.1", text)], (Pick(sid="1.1", span="Kim Il Sung sent a high-level emissary"),), 2, 5)
    assert not found.span.startswith("Sung")  # "Sung" alone would read as another person
    assert found.span.startswith("Kim Il Sung") and text[found.span_start:found.span_end] == found.span
