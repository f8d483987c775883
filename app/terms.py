"""Word-level helpers shared by the answer checks and the disagreement cues.

One English stemmer (Snowball; a possessive "’s"/"'s" is dropped first) and one list of function words
that end a noun phrase ("how many Chinese soldiers *were* killed").
"""
from __future__ import annotations

from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")

FUNCTION_WORDS = frozenset("""did do does were was are is had have has in of to that who which and or for from at on
by with he she they it we you i the a an during before after""".split())


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("’", "'").split("'")[0])
