"""Other sources' figures, read in code: a second account the model did not read is compared only when it counts
the same things as the model's answer."""
from app.answer.corroborate import corroborate
from app.answer.others import other_sources
from app.answer.point import Pick
from app.answer.question import parse_question
from app.answer.spans import check_picks
from app.types import Passage, Sentence


def sentence(sid, text, doc):
    p = Passage(doc_id=doc, title=doc, paragraph=1, start=0, end=len(text), chunk_id=f"{doc}-{sid}", text=text)
    return Sentence(sid=sid, passage=p, start=0, end=len(text), text=text)


Q = "How many men did the earl bring out from the town to relieve the column?"
READ = sentence("1.1", "The earl marched out of the town with about a thousand men to relieve the column.", "chronicle")
SAME_THINGS = sentence("r1", "The relief as finally made up comprised about twelve hundred men, with two guns.", "history")
OTHER_THINGS = sentence("r2", "Captain Lowry was attacked by about 1500 rebels and three officers fell.", "letters")


def answered(q):
    return check_picks(q, [READ], (Pick(sid="1.1", span="about a thousand men"),), 2, 5)


def test_a_figure_the_model_did_not_read_is_compared_when_it_counts_the_same_things():
    q = parse_question(Q, 500)
    found = answered(q)
    extra = other_sources(q, [READ], found, 5, reserve=[SAME_THINGS, OTHER_THINGS])
    assert [(f.sentence.sid, f.span) for f in extra] == [("r1", "twelve hundred men")]
    c = corroborate(q, found + extra, figure_ratio=10)
    assert c.differ is not None and {f.sentence.sid for f in c.differ} == {"1.1", "r1"}


def test_a_figure_of_other_things_outside_the_window_is_never_compared():
    q = parse_question(Q, 500)
    found = answered(q)
    assert other_sources(q, [READ], found, 5, reserve=[OTHER_THINGS]) == []
    # nor for a question that asks no figure
    who = parse_question("Who led the men out of the town to relieve the column?", 500)
    assert other_sources(who, [READ], found, 5, reserve=[SAME_THINGS]) == []


def test_a_second_source_s_figure_of_other_things_in_the_window_is_neither_agreement_nor_disagreement():
    q = parse_question("How many regulars were killed at the bridge?", 500)
    read = sentence("1.1", "The regulars fired on us at the bridge, which killed two men dead on the spot.", "depositions")
    other = sentence("2.1", "At the bridge the regulars lost two soldiers killed, who were buried close by.", "history")
    found = check_picks(q, [read, other], (Pick(sid="1.1", span="two men dead"),), 2, 5)
    assert [f.span for f in found] == ["two men dead"]
    assert other_sources(q, [read, other], found, 5) == []  # "two soldiers killed" counts other things
    assert corroborate(q, found, figure_ratio=10).agree < 2
