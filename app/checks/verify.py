"""Quote verification: nothing is shown as a quote unless it is verbatim in the stored clean text.

``normalise`` gives the form in which a model's copied span is looked up (quote marks, dashes, case and
whitespace unified, with a map back to the source's own characters); ``is_verbatim`` is the check every
displayed citation passes.
"""
from __future__ import annotations


_TRANSLATE = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
    "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-",
    "\u00a0": " ",
})


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


def is_verbatim(quote: str, source: str, start: int, end: int) -> bool:
    """The check every displayed citation passes: its text is exactly source[start:end]."""
    return 0 <= start < end <= len(source) and source[start:end] == quote
