"""Catch an answer sentence that names the wrong source for its own citation.

The model may write "Reed reported that the governor said X [1]" when quote [1] comes from
Harris's report. Attribution is known from the text's structure (``Citation.speaker``),
so a sentence whose named source contradicts the speakers of the citations it carries
is removed rather than shown.
"""
from __future__ import annotations

import re

from app.text.sentences import split_sentences
from app.types import Citation

_NAME = r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
_SOURCE = re.compile(
    rf"(?i:according to|per)\s+{_NAME}|{_NAME}(?:’s|'s)?\s+(?:reported|reports|recounted|cable|cables|report|"
    rf"account|telegram|memo|memorandum)\b"
)
_MARK = re.compile(r"\[(\d+)\]")


def _surnames(text: str) -> set[str]:
    return {w.strip("’'").removesuffix("’s").removesuffix("'s") for w in re.findall(r"[A-Z][\w’'-]+", text)}


def named_sources(sentence: str) -> set[str]:
    found: set[str] = set()
    for m in _SOURCE.finditer(sentence):
        name = m.group(1) or m.group(2) or ""
        if name:
            found.add(name.split()[-1].removesuffix("’s").removesuffix("'s"))
    return found


def misattributed(sentence: str, citations: dict[int, Citation], known: set[str]) -> bool:
    """True if the sentence names a known source that none of its cited quotes has as speaker."""
    cited = [citations[int(n)] for n in _MARK.findall(sentence) if int(n) in citations]
    speakers = [c.speaker for c in cited if c.speaker]
    if not speakers:
        return False
    allowed = set().union(*(_surnames(s) for s in speakers))
    return any(name in known and name not in allowed for name in named_sources(sentence))


def drop_misattributed(answer: str, citations: list[Citation]) -> tuple[str, list[str]]:
    """Remove sentences that misattribute their quotes; return (answer, removed sentences)."""
    by_n = {c.n: c for c in citations}
    known = set().union(*(_surnames(c.speaker) for c in citations if c.speaker)) if citations else set()
    kept, removed = [], []
    for start, end in split_sentences(answer):
        sentence = answer[start:end]
        (removed if misattributed(sentence, by_n, known) else kept).append(sentence)
    return " ".join(kept), removed
