"""Text matching for ``must_include`` groups and evidence strings.

Rules (documented in the README):
- case-insensitive; curly/straight quotes, dashes and runs of whitespace are normalised;
- an alternative must start at a word boundary ("Korea" matches "Koreans", not "Nkorea");
- an alternative of <= 3 characters must be a whole word ("no" never matches inside "chronology");
- an alternative ending in a digit must not run on into more digits ("16" does not match "16,000" or "160").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)
_WS = re.compile(r"\s+")
SHORT_WORD = 3  # alternatives this long or shorter must be whole words


def normalise(text: str) -> str:
    """Casefold, unify quotes and dashes, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub(" ", text).strip().casefold()


@lru_cache(maxsize=4096)
def _pattern(alternative: str) -> re.Pattern[str]:
    alt = normalise(alternative)
    body = re.escape(alt)
    head = r"(?<!\w)" if alt[:1].isalnum() else ""
    tail = ""
    if len(alt) <= SHORT_WORD and alt[-1:].isalnum():
        tail = r"(?!\w)"
    if alt[-1:].isdigit():
        tail = r"(?![\d]|[.,]\d)" + tail
    return re.compile(head + body + tail)


def contains(text: str, alternative: str) -> bool:
    """True when ``alternative`` occurs in ``text`` under the rules above."""
    if not normalise(alternative):
        return False
    return _pattern(alternative).search(normalise(text)) is not None


def match_group(text: str, group: list[str]) -> str | None:
    """The first alternative of ``group`` found in ``text``, or None."""
    for alternative in group:
        if contains(text, alternative):
            return alternative
    return None


def missing_groups(text: str, groups: list[list[str]]) -> list[list[str]]:
    """The ``must_include`` groups with no alternative in ``text``."""
    return [group for group in groups if match_group(text, group) is None]


def find_in_passages(evidence: str, passages: list[str], ranks: list[int] | None = None) -> int | None:
    """Best rank of a passage containing ``evidence`` (normalised), or None.

    ``ranks`` gives each passage's retrieval rank (neighbours share their hit's rank);
    without it, the 1-based list position is the rank.
    """
    needle = normalise(evidence)
    ranks = ranks or list(range(1, len(passages) + 1))
    found = [rank for rank, text in zip(ranks, passages) if needle and needle in normalise(text)]
    return min(found) if found else None
