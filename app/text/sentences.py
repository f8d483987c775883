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
