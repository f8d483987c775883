"""Fitted decisions: a logistic model over named signals, read from a data file.

    model = FittedDecision.load("refusal")        # app/checks/fitted/refusal.json
    p = model.probability(signals)                # P(the question is not answered by the sources)
    model.decide(signals, override=None)          # p >= threshold (or the settings override)

The file records the features, the standardisation, the coefficients, the threshold and how
they were made (which corpora, which split, which command). They are fitted by
``python -m evals.fit`` with scikit-learn on the tune splits; nothing here is hand-tuned to a
document. Running the model needs only arithmetic, not scikit-learn.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FITTED_DIR = Path(__file__).with_name("fitted")


@dataclass(frozen=True)
class FittedDecision:
    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    provenance: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def load(cls, name: str, directory: Path | None = None) -> "FittedDecision":
        return _load(name, str(directory or FITTED_DIR))

    def probability(self, signals: dict[str, float]) -> float:
        z = self.intercept
        for f, m, s, c in zip(self.features, self.mean, self.scale, self.coef):
            z += c * ((float(signals.get(f, 0.0)) - m) / (s or 1.0))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def decide(self, signals: dict[str, float], override: float | None = None) -> tuple[bool, float]:
        p = self.probability(signals)
        return p >= (self.threshold if override is None else override), p

    def to_json(self) -> dict:
        return {"name": self.name, "features": list(self.features), "mean": list(self.mean),
                "scale": list(self.scale), "coef": list(self.coef), "intercept": self.intercept,
                "threshold": self.threshold, "provenance": self.provenance}


@lru_cache(maxsize=16)
def _load(name: str, directory: str) -> FittedDecision:
    path = Path(directory) / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return FittedDecision(name=data["name"], features=tuple(data["features"]), mean=tuple(data["mean"]),
                          scale=tuple(data["scale"]), coef=tuple(data["coef"]), intercept=float(data["intercept"]),
                          threshold=float(data["threshold"]), provenance=data.get("provenance", {}))
