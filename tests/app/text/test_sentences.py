"""Sentence spans: exact offsets, and no break after a title or a name's initial."""
from app.text.sentences import split_sentences


def _split(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_ranks_and_initials_do_not_end_a_sentence():
    text = ("Capt. F. W. Benteen was sent to the left. Then Lieut.\nCol. Smith came up with the\n"
            "grenadiers. Marcus A. Reno signed the report.")
    assert _split(text) == ["Capt. F. W. Benteen was sent to the left.", "Then Lieut.\nCol. Smith came up with the\ngrenadiers.",
                            "Marcus A. Reno signed the report."]


def test_offsets_are_exact_and_shifted():
    text = "It rained. “We marched,” he said. Then they halted!"
    spans = split_sentences(text, offset=100)
    assert [text[a - 100:b - 100] for a, b in spans] == ["It rained.", "“We marched,” he said.", "Then they halted!"]


def test_an_excerpt_is_the_verbatim_clauses_around_the_phrase():
    from app.text.sentences import excerpt

    long = ("We, the undersigned, all of lawful age, do testify and say, that on Wednesday morning last, near ten "
            "of the clock, we saw near one hundred regulars at the bridge, when about three hundred of our militia "
            "were advancing toward said bridge, in order to pass it, when they fired on us.")
    cut = excerpt(long, "three hundred", 20)
    assert cut in long and "three hundred" in cut and len(cut.split()) <= 20
    assert excerpt("A short sentence of 300 men.", "300", 20) == "A short sentence of 300 men."
    assert excerpt(long, "not there", 10) in long
