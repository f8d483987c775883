"""Split clean text into sentences with exact character offsets."""
from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally followed by closing quotes/brackets),
# then whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"""(?<=[.!?])[\"”’)\]]*\s+(?=[“"‘(\[A-Z0-9])""")
# titles and ranks before a name (Capt. Benteen, Lieut. Col. Smith, Rev. Clark), and a name's initials
# (Marcus A. Reno, F. W. Benteen): no sentence ends there
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Messrs|Dr|St|Gen|Col|Lt|Lieut|Capt|Maj|Sgt|Serg|Corp|Adj|Gov|Rev|Hon|Prof|Jr|Sr|"
                     r"Esq|Brig|Adm|No|vs|etc|viz|cf|e\.g|i\.e|U\.S|U\.N)\.|(?:^|[\s(])[A-Z]\.)$")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Return [start, end) spans (shifted by ``offset``) of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        # keep closing quotes with the sentence they close
        closing = re.match(r"[\"”’)\]]*", text[m.start():]).group(0)
        end = m.start() + len(closing)
        if _ABBREV.search(text[start:m.start()]):
            continue
        _append(spans, text, start, end, offset)
        start = m.end()
    _append(spans, text, start, len(text), offset)
    return spans


def _append(spans, text, start, end, offset):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start + offset, end + offset))


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
