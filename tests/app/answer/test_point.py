"""The pointing grammar leaves the model only the shown ids and the shown sentences' characters."""
from app.answer.point import pointing_grammar, span_class
from tests.app.answer.test_spans import sentence


def test_a_span_can_hold_only_characters_the_shown_sentences_use():
    shown = [sentence("1.1", "Duke Alaric’s men landed at Wendmouth."), sentence("2.1", 'He said "sixty ships"\\.')]
    cls = span_class(shown)
    assert "\\u2019" in cls and "\\x41" in cls  # ’ and A
    assert "\\x22" not in cls and "\\x5C" not in cls  # no JSON quote mark or backslash
    assert "\\u5A01" not in cls  # 威: no character from outside the evidence
    grammar = pointing_grammar(["1.1", "2.1"], 5, 60, cls)
    assert f"span ::= {cls}{{1,60}}" in grammar
    assert 'id ::= "\\"1.1\\"" | "\\"2.1\\""' in grammar
