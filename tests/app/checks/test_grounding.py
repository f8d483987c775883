"""An answer sentence is shown only if what it states stands in the evidence the model read."""
from types import SimpleNamespace

from app.answer.question import describe
from app.checks.grounding import Grounds, keep_grounded

EVIDENCE = ["There they were met by one thousand two hundred fresh troops, under Lord Percy.",
            "Sitting Bull was in the village when the fight began, and he took no part in the charge."]


def grounds(question: str) -> Grounds:
    passages = [SimpleNamespace(title="The Siege of Boston", author="Allen French")]
    return Grounds(describe(question), passages, [SimpleNamespace(text=t) for t in EVIDENCE])


def test_a_figure_in_words_or_digits_and_an_irregular_verb_are_grounded():
    g = grounds("How many men did Lord Percy bring out?")
    assert not g.ungrounded("Lord Percy brought out about 1,200 men [2.1].", 0.5)
    assert not g.ungrounded("Allen French says one thousand two hundred troops came.", 0.5)
    assert not g.ungrounded("Yes, Sitting Bull took part in the fight.", 0.5)


def test_an_invented_figure_or_claim_is_not():
    g = grounds("What verdict did the court of inquiry reach on Major Reno?")
    assert g.ungrounded("Lord Percy brought out 1,500 men.", 0.5)  # a figure the evidence does not hold
    assert g.ungrounded("The court found Reno guilty of misconduct and discharged him.", 0.5)


def test_only_the_ungrounded_sentences_are_removed():
    g = grounds("How many men did Lord Percy bring?")
    kept, removed = keep_grounded("Lord Percy brought 1,200 men [1.1]. He was made a duke in 1790 for it.", g, 0.5)
    assert kept == "Lord Percy brought 1,200 men [1.1]." and removed == ["He was made a duke in 1790 for it."]
