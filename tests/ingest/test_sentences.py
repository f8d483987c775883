"""Sentence spans: exact offsets, and no break after a title or a name's initial."""
from ingest.sentences import split_sentences


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
