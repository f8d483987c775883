"""Quote verification: nothing is shown as a quote unless it is verbatim in the stored clean text.

Three outcomes for a candidate quote:
- exact: it occurs verbatim in the source; keep it.
- repaired: it matches after normalising curly/straight quotes, dashes, case and whitespace,
  or is a near match (a word or two differ), AND exactly one place in the source fits;
  it is replaced by that exact source span.
- rejected: anything else; it is never shown as a quote.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TRANSLATE = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
    "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ",
})
_WORD = re.compile(r"\w+(?:['’]\w+)*")
NEAR_MATCH_RATIO = 0.9  # share of matching words for a near match to be repaired


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    text: str  # exactly source[start:end]
    how: str  # "exact" | "repaired"


def normalise(text: str) -> tuple[str, list[int]]:
    """Casefolded, quote/dash-normalised, whitespace-collapsed text and a map back to source indices."""
    out: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if prev_space:
                continue
            ch = " "
            prev_space = True
        else:
            prev_space = False
        out.append(ch.lower())
        index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def _strip_outer(quote: str) -> str:
    return quote.strip().strip("\"“”'‘’").strip()


def locate(quote: str, source: str) -> Located | None:
    """Find ``quote`` in ``source``: exactly, or repaired to the one unambiguous source span."""
    quote = _strip_outer(quote)
    if len(quote) < 3:
        return None
    pos = source.find(quote)
    if pos >= 0:
        return Located(pos, pos + len(quote), quote, "exact")
    nq, _ = normalise(quote)
    ns, idx = normalise(source)
    hits = [m.start() for m in re.finditer(re.escape(nq), ns)]
    if len(hits) == 1:
        start, end = idx[hits[0]], idx[hits[0] + len(nq) - 1] + 1
        return Located(start, end, source[start:end], "repaired")
    if len(hits) > 1:
        return None  # ambiguous
    return _near_match(quote, source)


def _near_match(quote: str, source: str) -> Located | None:
    q_words = [w.lower() for w in _WORD.findall(quote.translate(_TRANSLATE))]
    if len(q_words) < 4:
        return None
    s_matches = list(_WORD.finditer(source.translate(_TRANSLATE)))
    s_words = [m.group(0).lower() for m in s_matches]
    n = len(q_words)
    scored: list[tuple[float, int, int]] = []
    for size in {n - 1, n, n + 1}:
        if size <= 0:
            continue
        for i in range(0, max(0, len(s_words) - size) + 1):
            window = s_words[i:i + size]
            if not window or window[0] not in q_words[:3] and window[-1] not in q_words[-3:]:
                continue
            ratio = difflib.SequenceMatcher(None, q_words, window, autojunk=False).ratio()
            if ratio >= NEAR_MATCH_RATIO:
                scored.append((ratio, i, size))
    if not scored:
        return None
    scored.sort(reverse=True)
    best = scored[0]
    rivals = [s for s in scored[1:] if s[0] == best[0] and abs(s[1] - best[1]) > 2]
    if rivals:
        return None  # two different places fit equally well: ambiguous
    _, i, size = best
    start, end = s_matches[i].start(), s_matches[i + size - 1].end()
    return Located(start, end, source[start:end], "repaired")


def is_verbatim(quote: str, source: str, start: int, end: int) -> bool:
    """The check every displayed citation passes: its text is exactly source[start:end]."""
    return 0 <= start < end <= len(source) and source[start:end] == quote


# “double”, "straight" or 'single' quotation marks (single ones only where they cannot be apostrophes)
_INLINE_QUOTE = re.compile(r"[“\"]([^“”\"]{3,400})[”\"]|(?<![\w’'])[‘']([^‘’'\n]{3,400}?)[’'](?![\w’'])")


def check_inline_quotes(answer: str, sources: list[str]) -> tuple[str, list[str], list[str]]:
    """Verify quotations the model wrote into its own answer text.

    Returns (answer, kept, dropped). A verified quotation is kept with the exact
    source wording in curly quotes; an unverified one loses its quote marks, so it
    is never presented as a quote.
    """
    kept: list[str] = []
    dropped: list[str] = []

    def repl(m: re.Match) -> str:
        inner = m.group(1) or m.group(2)
        for source in sources:
            found = locate(inner, source)
            if found:
                kept.append(found.text)
                return f"“{found.text}”"
        dropped.append(inner)
        return inner

    return _INLINE_QUOTE.sub(repl, answer), kept, dropped
