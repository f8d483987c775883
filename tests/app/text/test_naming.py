"""The source a question names ("according to X", "X's report") and which document that is."""
import pytest

from app.text.naming import names_source, source_names


@pytest.mark.parametrize("question, names", [
    ("According to Hale, what happened at the ford?", ["Hale"]),
    ("What was the captain doing when the warning came, according to Eastwood?", ["Eastwood"]),
    ("According to Colonel Ward's official report, which company was in the rear?", ["Colonel Ward"]),
    ("What did the sheriff say about the riot, as quoted by Anna Bell?", ["Anna Bell"]),
    ("What does the Parish Register record about the fire?", ["Parish Register"]),
    ("Does the Chronicle say the bridge was burned?", ["Chronicle"]),
    ("Was the colonel to blame for the defeat?", []),
    ("According to whom was the bridge burned?", []),
    ("According to the author, why did the talks fail?", []),
])
def test_names_the_question_attributes_an_account_to(question, names):
    assert source_names(question) == names


def test_a_named_source_is_matched_by_surname_or_by_its_title():
    assert names_source(["Colonel Ward"], "Dispatches of the Northern Column", "James Ward, Colonel, 5th Foot")
    assert not names_source(["Captain John Parker"], "The Crisis", "John Fiske"), "a first name is not a source"
    assert names_source(["Parish Register"], "The Parish Register of St Mary's, 1801-1850", "Anonymous clerks")
    assert names_source(["Chronicle"], "The Chronicle of the Abbey", "Anonymous monks")
    assert not names_source(["Harold"], "England under Harold the Second", "Charles Dickens"), \
        "a title's single name is its subject, not its teller"
    assert not names_source([], "Anything", "Anyone")


def test_a_catalogue_author_field_is_named_as_a_reader_would():
    from app.text.naming import brief

    assert brief("Massachusetts Provincial Congress (narrative); sworn depositions of inhabitants", 6) == \
        "Massachusetts Provincial Congress"
    assert brief("Anonymous chroniclers; translated by James Ingram (1823)", 6) == "Anonymous chroniclers"
    assert brief("One Two Three Four Five Six Seven", 3) == "One Two Three …"
