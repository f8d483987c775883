"""The fitted decisions: parameters come from a data file that says how they were made."""
import json

from app.checks.decision import FITTED_DIR, FittedDecision
from app.checks.signals import FEATURES, answer_declines, compute
from app.types import Passage, Question, Sentence


def test_every_fitted_file_names_known_signals_and_its_provenance():
    from app.disagreement import CONFLICT_FEATURES

    for name, known in (("refusal", FEATURES), ("conflict", CONFLICT_FEATURES)):
        data = json.loads((FITTED_DIR / f"{name}.json").read_text())
        assert set(data["features"]) <= set(known)
        assert len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == len(data["features"])
        assert data["provenance"].get("made_by")


def test_probability_follows_the_coefficients(tmp_path):
    (tmp_path / "toy.json").write_text(json.dumps({
        "name": "toy", "features": ["p_none"], "mean": [0.5], "scale": [0.1], "coef": [2.0], "intercept": 0.0,
        "threshold": 0.5, "provenance": {"made_by": "test"}}))
    model = FittedDecision.load("toy", tmp_path)
    assert model.decide({"p_none": 0.9})[0] and not model.decide({"p_none": 0.1})[0]
    assert model.decide({"p_none": 0.1}, override=0.0)[0]  # the settings override the fitted threshold


def test_signals_see_a_question_the_evidence_does_not_touch():
    text = "The regiment marched at dawn."
    p = Passage(chunk_id="c", doc_id="d", title="Orders", paragraph=1, start=0, end=len(text), text=text,
                dense_score=0.2)
    s = Sentence(sid="1.1", passage=p, start=0, end=len(text), text=text, score=0.2)
    q = Question(text="What was the population of Pyongyang?", terms=["population", "pyongyang"], names=["Pyongyang"])
    sig = compute(q, [p], [s], [], "The sentences do not say.", 0.8)
    assert sig["coverage"] == 0.0 and sig["names_found"] == 0.0 and sig["declines"] == 1.0
    assert answer_declines("The sources do not mention the population.")
    assert not answer_declines("The regiment marched at dawn [1.1].")


def test_a_question_asking_for_a_figure_or_a_name_sees_when_the_cited_sentences_hold_none():
    from app.answer.question import parse_question
    from app.checks.signals import kind_missing

    def cited(text):
        p = Passage(chunk_id="c", doc_id="d", title="Report", paragraph=1, start=0, end=len(text), text=text)
        return [Sentence(sid="1.1", passage=p, start=0, end=len(text), text=text)]

    ships = parse_question("How many ships did the duke bring?", 2000)
    assert not kind_missing(ships, cited("The duke came with sixty ships and many men."))
    assert kind_missing(ships, cited("The duke came with a great fleet."))
    horse = parse_question("What was the name of the horse the captain rode?", 2000)
    assert kind_missing(horse, cited("The captain rode a grey horse to the bridge."))
    assert not kind_missing(horse, cited("The captain rode his horse, Comanche, to the bridge."))
    assert not kind_missing(parse_question("Why did they retreat?", 2000), cited("They ran out of powder."))


def test_a_number_the_question_gives_is_not_the_figure_it_asks_for():
    from app.answer.question import parse_question
    from app.checks.signals import kind_missing

    text = "Captain Parker drew up his company on 19 April 1775."
    p = Passage(chunk_id="c", doc_id="d", title="Report", paragraph=1, start=0, end=len(text), text=text)
    s = [Sentence(sid="1.1", passage=p, start=0, end=len(text), text=text)]
    assert kind_missing(parse_question("How old was Captain Parker on 19 April 1775?", 2000), s)
