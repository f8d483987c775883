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
