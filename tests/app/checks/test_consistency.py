"""An answer sentence that names the wrong source for its quote is not shown."""
from app.checks.consistency import drop_misattributed
from app.types import Citation


def _c(n, speaker):
    return Citation(n=n, doc_id="d", title="t", paragraph=1, start=0, end=1, quote="q", speaker=speaker)


CITES = [_c(1, "Terentii Shtykov (Soviet ambassador), cable"),
         _c(2, "Mao Zedong, per Ivan Kovalev’s cable"), _c(3, None)]


def test_a_sentence_crediting_the_other_cable_is_removed():
    text, removed = drop_misattributed(
        "Ivan Kovalev reported that Mao said war could come at any moment [1]. Kovalev’s cable has Mao advise against an attack [2].",
        CITES)
    assert removed == ["Ivan Kovalev reported that Mao said war could come at any moment [1]."]
    assert text == "Kovalev’s cable has Mao advise against an attack [2]."


def test_correct_and_unattributed_sentences_stay():
    answer = "According to Shtykov, Mao said war could come at any moment [1]. The author finds the latter account more plausible [3]."
    text, removed = drop_misattributed(answer, CITES)
    assert removed == [] and text == answer
