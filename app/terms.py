"""Word-level helpers shared by the answer checks: English stems (Snowball)."""
from __future__ import annotations

import Stemmer

_STEMMER = Stemmer.Stemmer("english")


def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())
