"""Compare per-source values in code: two sources that give different values for the same thing.

Numbers differ when their sets differ ("fourteen" against "eight") and their largest figures are
within a factor of ``max_ratio`` of each other: on the tune splits every differing pair that was one
dispute was within a factor of 2, while 15 of the 22 other pairs on disputed questions were ten times
apart or more ("eight" men against "eight hundred" troops, "three hundred" militia against "five"
companies): figures that far apart count different things. Dates differ when a field both
give differs (the 28th against the 29th); yes/no when one says yes and the other no; short
answers in words when they share no content word. Only grounded values from different sources
(different documents, or different speakers the same document names) are compared.
"""
from __future__ import annotations

from app.text.values import Value


def differ(a: Value, b: Value, max_ratio: float | None = None) -> bool:
    if a.type != b.type:
        return False
    if a.type == "number":
        if not (a.numbers and b.numbers and a.numbers != b.numbers):
            return False
        lo, hi = sorted((max(a.numbers), max(b.numbers)))
        return max_ratio is None or hi < max_ratio * max(lo, 1)
    if a.type == "date":
        both = [(x, y) for x, y in zip(a.date, b.date) if x is not None and y is not None]
        return bool(both) and any(x != y for x, y in both)
    if a.type == "yesno":
        return a.yes is not None and b.yes is not None and a.yes != b.yes
    return bool(a.words) and bool(b.words) and not (a.words & b.words)
