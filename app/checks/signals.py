"""The signals the fitted decisions read: how well the evidence and the draft answer fit the question.

Each signal is a number in a known range, computed the same way for every corpus:

    p_none         the LLM's own probability that no sentence states the answer (from its logprobs)
    best_sentence  relevance of the best evidence sentence (cosine + word overlap)
    best_dense     cosine similarity of the best retrieved passage
    coverage       share of the question's content words found anywhere in the evidence (stemmed)
    cited_coverage share of the question's content words found in the sentences the answer cites
    names_found    share of the names the question gives that the evidence mentions (1 when it gives none)
    novelty        share of the answer's content words that are in neither the question nor a title
    declines       1 when the draft says the sentences do not answer (the model's own words)
    n_cited        sentences the answer cites (0..4)
    support        the model's P(yes) that the cited sentences state what was asked (answer/support; 0.5 unknown)
    kind_missing   1 when the question asks for a figure, a date or a name and no cited sentence holds one
                   next to the question's words (a number or date near them; a name the question does not give)
"""
from __future__ import annotations

import re

from app.disagreement.values import values_from_text
from app.text.lexicon import NAME, is_function_word, stem, stems
from app.types import Passage, Question, Sentence

FEATURES = ("p_none", "best_sentence", "best_dense", "coverage", "cited_coverage", "names_found", "novelty",
            "declines", "n_cited", "kind_missing", "support")

# The model's own ways of saying "the sentences do not say" (general English, not any document's wording).
_DECLINES = re.compile(r"\b(?:do(?:es)?\s+not|don't|doesn't|did\s+not|no)\s+(?:\w+\s+){0,3}(?:say|state|mention|"
                       r"answer|provide|give|contain|specify|indicate|information|evidence|details?)\b|"
                       r"\bnot\s+(?:stated|mentioned|given|specified|provided)\b|\bno\s+(?:information|mention)\b",
                       re.I)


def answer_declines(answer: str) -> bool:
    """The draft says the sentences do not answer (in the model's own words)."""
    return bool(_DECLINES.search(answer or ""))


def _share(wanted: set[str], have: set[str]) -> float:
    return len(wanted & have) / len(wanted) if wanted else 1.0


def answer_novelty(question: Question, answer: str, titles: list[str]) -> float:
    """Share of the answer's content words found in neither the question nor a source's title or author."""
    text = re.sub(r"\[[\d.,;\s]+\]", " ", answer)
    own = stems(text)
    if not own:
        return 0.0
    known = stems(question.search_text) | set().union(*(stems(t) for t in titles)) if titles else stems(question.search_text)
    return len(own - known) / len(own)


def compute(question: Question, passages: list[Passage], sentences: list[Sentence], cited: list[Sentence],
            answer: str, p_none: float | None, p_support: float | None = None) -> dict[str, float]:
    q = {stem(t) for t in question.terms}
    evidence = set().union(*(stems(s.text) for s in sentences)) if sentences else set()
    in_cited = set().union(*(stems(s.text) for s in cited)) if cited else set()
    names = [n for n in question.names]
    text_all = " ".join(s.text for s in sentences).lower()
    found = [n for n in names if all(part.lower() in text_all for part in n.split())]
    titles = sorted({t for p in passages for t in (p.title, p.author) if t})
    return {
        "p_none": 0.5 if p_none is None else float(p_none),
        "best_sentence": max((s.score for s in sentences), default=0.0),
        "best_dense": max((p.dense_score or 0.0 for p in passages), default=0.0),
        "coverage": _share(q, evidence),
        "cited_coverage": _share(q, in_cited),
        "names_found": len(found) / len(names) if names else 1.0,
        "novelty": answer_novelty(question, answer, titles) if answer else 0.0,
        "declines": 1.0 if answer_declines(answer) else 0.0,
        "n_cited": float(len(cited)),
        "kind_missing": 1.0 if kind_missing(question, cited) else 0.0,
        "support": 0.5 if p_support is None else float(p_support),
    }


def kind_missing(question: Question, cited: list[Sentence]) -> bool:
    """The question asks for a figure, a date or a name, and none of the cited sentences gives one."""
    if question.kind in ("count", "date"):
        return not values_from_text(question.kind, question.terms, cited)
    if question.kind == "who":
        given = {w.lower() for n in question.names for w in n.split()} | set(question.terms)
        for s in cited:
            for m in NAME.finditer(s.text):
                words = [w for w in m.group(0).split() if not is_function_word(w) and w.lower() not in given]
                if words and (m.start() > 0 or len(words) > 1):
                    return False
        return True
    return False
