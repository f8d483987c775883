"""Per-source values are typed, normalised and checked against their own sentence; code compares them
(app/answer/corroborate.py: one span per source, agreement or a difference)."""
from app.answer.corroborate import corroborate
from app.answer.spans import Found
from app.disagreement.compare import differ
from app.text.values import classify, date_of, numbers_in
from app.types import Passage, Question, Sentence


def sent(sid, text, doc="a.txt", speaker=None, score=0.6):
    p = Passage(chunk_id=sid, doc_id=doc, title=doc, paragraph=1, start=0, end=len(text), text=text)
    return Sentence(sid=sid, passage=p, start=0, end=len(text), text=text, score=score, speaker=speaker)


def found(s, span, stance=None):
    at = s.text.index(span) if span in s.text else 0
    return Found(sentence=s, span=span, span_start=at, span_end=at + len(span), stance=stance)


def test_numbers_in_words_and_digits():
    assert numbers_in("two hundred war-ships, and three hundred other vessels") == {200, 300}
    assert numbers_in("killed about fourteen") == {14}
    assert numbers_in("about 1,500 rebels") == {1500}
    assert numbers_in("sixteen thousand men") == {16000}


def test_dates_keep_only_the_fields_given():
    assert date_of("June 25, 1950") == (1950, 6, 25)
    assert date_of("on the 29th") == (None, None, 29)
    assert date_of("28 September") == (None, 9, 28)


def test_a_value_its_sentence_does_not_state_is_not_grounded():
    s = sent("1.1", "The fleet numbered three hundred ships.")
    assert classify("1.1", "300 ships", s, "count").grounded
    assert not classify("1.1", "500 ships", s, "count").grounded


def test_different_numbers_from_two_documents_differ_and_equal_ones_agree():
    q = Question(text="How many ships came?", kind="count", terms=["ships"])
    a = sent("1.1", "He came with three hundred ships.", doc="chronicle.txt")
    b = sent("2.1", "He brought two hundred war-ships, and more.", doc="history.txt")
    c = sent("3.1", "There were 300 ships in all.", doc="school-reader.txt")
    got = corroborate(q, [found(a, "three hundred ships"), found(b, "two hundred war-ships"), found(c, "300 ships")], 10)
    assert got.agree == 2 and {f.sentence.sid for f in got.groups[0]} == {"1.1", "3.1"}
    assert got.differ and {got.differ[0].sentence.sid, got.differ[1].sentence.sid} == {"1.1", "2.1"}


def test_two_speakers_in_one_document_are_two_sources_but_one_speaker_is_not():
    q = Question(text="When did they land?", kind="date")
    a = sent("1.1", "They landed on the 28th.", speaker="the chronicler")
    b = sent("1.2", "Others say they landed on the 29th.", speaker="a later writer")
    c = sent("1.3", "Some claim the 30th.", speaker="the chronicler")
    assert corroborate(q, [found(a, "the 28th"), found(b, "the 29th")], 10).differ
    assert corroborate(q, [found(a, "the 28th"), found(c, "the 30th")], 10).differ is None  # one source


def test_yes_and_no_differ_and_shared_words_do_not():
    s = sent("1.1", "x")
    yes = classify("1.1", "yes", s, "yes_no")
    no = classify("1.1", "no", s, "yes_no")
    assert differ(yes, no)
    one = classify("1.1", "the regulars", sent("1.1", "the regulars fired first"), "who")
    two = classify("2.1", "the British regulars", sent("2.1", "the British regulars fired"), "who")
    assert not differ(one, two)


def test_figures_are_read_from_each_sources_best_sentence_near_a_question_word():
    from app.text.values import values_from_text

    a = sent("1.1", "The regulars rushed on, and killed about fourteen of them.", doc="narrative.txt", score=0.7)
    b = sent("2.1", "They fired upon and killed eight of our party in 1775.", doc="depositions.txt", score=0.6)
    c = sent("2.2", "Eight miles off, 1775 was a hard year.", doc="depositions.txt", score=0.1)
    got = dict(values_from_text("count", ["lexington", "men", "killed"], [a, b, c]))
    assert got == {"1.1": "fourteen", "2.1": "eight"}


def test_a_question_in_the_text_gives_no_value():
    from app.text.values import asks

    assert asks("Given the offer, might he have been eager to see a war?")
    assert asks("“Was it the regulars who fired first?”")
    assert not asks("The regulars fired first, said Parker.")


def test_the_figure_beside_most_of_the_questions_words_is_the_sources_value():
    from app.text.values import gives_value, values_from_text

    a = sent("1.1", "One of the two officers said the regulars killed about fourteen men on the green.",
             doc="narrative.txt", score=0.9)
    b = sent("1.2", "Three days later they killed a dog.", doc="narrative.txt", score=0.95)
    got = dict(values_from_text("count", ["men", "killed", "green"], [a, b]))
    assert got == {"1.1": "fourteen"}
    gives = gives_value("count", ["men", "killed", "green"])
    assert gives(a.text) and not gives("One of them was killed on the green.")
    assert gives_value("why", ["men"]) is None


def test_figures_ten_times_apart_count_different_things():
    """'eight' men killed against 'eight hundred' troops sent: not one dispute. Within the factor they differ."""
    q = Question(text="How many men were killed on the green?", kind="count", terms=["men", "killed", "green"])
    a = sent("1.1", "They killed eight men on the green.", doc="depositions.txt")
    b = sent("2.1", "Eight hundred regulars marched to the green, where men were killed.", doc="history.txt")
    c = sent("3.1", "About fourteen men were killed on the green.", doc="narrative.txt")
    got = corroborate(q, [found(a, "eight men"), found(b, "Eight hundred regulars")], 10)
    assert got.differ is None and got.agree == 1  # neither agreement nor a dispute
    got = corroborate(q, [found(a, "eight men"), found(c, "fourteen men")], 10)
    assert got.differ is not None
    eight, eight_hundred = classify("1.1", "eight", a, "count"), classify("2.1", "eight hundred", b, "count")
    assert differ(eight, eight_hundred) and not differ(eight, eight_hundred, max_ratio=10)


def test_a_negation_denies_its_whole_clause_and_two_speakers_then_disagree():
    from app.text.values import values_from_text

    terms = ["council", "order", "march", "capital"]
    yes = sent("1.1", "The envoy wrote that the council ordered the march on the capital.", speaker="the envoy")
    no = sent("1.2", "“We did not, after a long debate among ourselves, give the order to march on the capital,” "
                     "the council said.", speaker="the council")
    far = sent("2.1", "The council did not meet that week; later it ordered the march on the capital.", doc="b.txt")
    got = dict(values_from_text("yes_no", terms, [yes, no, far]))
    assert got == {"1.1": "yes", "1.2": "no", "2.1": "yes"}
    q = Question(text="Did the council order the march on the capital?", kind="yes_no", terms=terms)
    got = corroborate(q, [found(yes, "ordered the march", "yes"), found(no, "give the order", "no")], 10)
    assert got.differ is not None


def test_questions_that_ask_no_single_value_are_not_compared():
    q = Question(text="Why did the council march?", kind="why_how", terms=["council", "march"])
    a = sent("1.1", "They marched for bread.", doc="a.txt")
    b = sent("2.1", "They marched for the king.", doc="b.txt")
    got = corroborate(q, [found(a, "for bread"), found(b, "for the king")], 10)
    assert got.differ is None and got.agree == 0
