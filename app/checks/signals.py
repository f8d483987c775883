"""The signals the fitted refusal decision reads: how well the evidence and the model's picks fit the question.

Each signal is a number in a known range, computed the same way for every corpus:

    p_none         the model's own probability that no sentence states the answer (from its logprobs; 0.5 unknown)
    best_sentence  relevance of the best evidence sentence (cosine + word overlap)
    best_dense     cosine similarity of the best retrieved passage
    coverage       share of the question's content words found anywhere in the evidence (stemmed)
    found_coverage share of the question's content words found in the sentences whose spans passed the checks
    names_found    share of the names the question gives that the evidence mentions (1 when it gives none)
    n_found        picks that passed the checks (verbatim span of the kind asked for)
    dropped        share of the model's picks that failed the checks (0 when it picked none)
"""
from __future__ import annotations

from core.lexicon import stem, stems
from app.types import Passage, Question, Sentence

FEATURES = ("p_none", "best_sentence", "best_dense", "coverage", "found_coverage", "names_found", "n_found",
            "dropped")


def _share(wanted: set[str], have: set[str]) -> float:
    return len(wanted & have) / len(wanted) if wanted else 1.0


def compute(question: Question, passages: list[Passage], sentences: list[Sentence], found: list[Sentence],
            p_none: float | None, n_picks: int) -> dict[str, float]:
    q = {stem(t) for t in question.terms}
    evidence = set().union(*(stems(s.text) for s in sentences)) if sentences else set()
    in_found = set().union(*(stems(s.text) for s in found)) if found else set()
    text_all = " ".join(s.text for s in sentences).lower()
    names = list(question.names)
    hits = [n for n in names if all(part.lower() in text_all for part in n.split())]
    return {
        "p_none": 0.5 if p_none is None else round(float(p_none), 4),
        "best_sentence": round(max((s.score for s in sentences), default=0.0), 4),
        "best_dense": round(max((p.dense_score or 0.0 for p in passages), default=0.0), 4),
        "coverage": round(_share(q, evidence), 4),
        "found_coverage": round(_share(q, in_found), 4) if found else 0.0,
        "names_found": len(hits) / len(names) if names else 1.0,
        "n_found": float(len(found)),
        "dropped": round(1.0 - len(found) / n_picks, 4) if n_picks else 0.0,
    }
