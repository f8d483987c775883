"""Sentences: the one splitter (``ingest.sentences``, which ingest uses to build each document's stored
sentence table) and verbatim excerpts of a sentence."""
from __future__ import annotations

import re

from ingest.sentences import split_sentences  # noqa: F401  (the one splitter, re-exported)


def excerpt(sentence: str, phrase: str, max_words: int) -> str:
    """The clauses of ``sentence`` around ``phrase``, verbatim, in at most about ``max_words`` words (the whole
    sentence when it is short enough): a long deposition's one clause that gives the figure."""
    if len(sentence.split()) <= max_words:
        return sentence
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:—–]\s+", sentence)] + [len(sentence)]
    clauses = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
    at = sentence.casefold().find(phrase.casefold()) if phrase else -1
    i = next((k for k, (s, e) in enumerate(clauses) if s <= max(at, 0) < e), 0)
    lo = hi = i
    words = lambda a, b: len(sentence[clauses[a][0]:clauses[b][1]].split())
    while True:
        grown = [(lo - 1, hi)] if lo > 0 else []
        grown += [(lo, hi + 1)] if hi + 1 < len(clauses) else []
        grown = [g for g in grown if words(*g) <= max_words]
        if not grown:
            break
        lo, hi = min(grown, key=lambda g: words(*g))
    return sentence[clauses[lo][0]:clauses[hi][1]].strip(" ,;:—–")
