"""The fitted refusal decision: parameters come from a data file that says how they were made and how to rebuild it."""
import json

from app.checks.decision import FITTED_DIR, FittedDecision
from app.checks.signals import FEATURES, compute
from app.types import Passage, Question, Sentence


def test_the_fitted_file_names_known_signals_and_a_command_that_rebuilds_it():
    data = json.loads((FITTED_DIR / "refusal.json").read_text())
    assert set(data["features"]) <= set(FEATURES)
    assert len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == len(data["features"])
    made_by = data["provenance"].get("rebuild") or data["provenance"]["made_by"]
    assert "evals.fit" in made_by and "/tmp" not in made_by


def test_probability_follows_the_coefficients(tmp_path):
    (tmp_path / "toy.json").write_text(json.dumps({
        "name": "toy", "features": ["p_none"], "mean": [0.5], "scale": [0.1], "coef": [2.0], "intercept": 0.0,
        "threshold": 0.5, "provenance": {"made_by": "test"}}))
    model = FittedDecision.load("toy", tmp_path)
    assert model.decide({"p_none": 0.9})[0] and not model.decide({"p_none": 0.1})[0]
    assert model.decide({"p_none": 0.1}, override=0.0)[0]  # the settings override the fitted threshold


def _sentence(text, dense=0.2):
    p = Passage(chunk_id="c", doc_id="d", title="Orders", paragraph=1, start=0, end=len(text), text=text,
                dense_score=dense)
    return p, Sentence(sid="1.1", passage=p, start=0, end=len(text), text=text, score=0.2)


def test_signals_see_a_question_the_evidence_does_not_touch():
    p, s = _sentence("The regiment marched at dawn.")
    q = Question(text="What was the population of Pyongyang?", terms=["population", "pyongyang"], names=["Pyongyang"])
    sig = compute(q, [p], [s], [], 0.8, n_picks=2)
    assert sig["coverage"] == 0.0 and sig["names_found"] == 0.0
    assert sig["n_found"] == 0.0 and sig["dropped"] == 1.0 and sig["p_none"] == 0.8


def test_signals_see_the_picks_that_passed():
    p, s = _sentence("The regiment of Colonel Smith marched at dawn with 600 men.")
    q = Question(text="How many men did Colonel Smith march with?", kind="count", terms=["men", "colonel", "smith",
                                                                                      "march"])
    sig = compute(q, [p], [s], [s], None, n_picks=1)
    assert sig["n_found"] == 1.0 and sig["dropped"] == 0.0 and sig["found_coverage"] > 0.5
    assert sig["p_none"] == 0.5  # no logprobs from the backend: unknown
