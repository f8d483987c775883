"""What the page says about a text before trusting it: visible damage in a quote, a question
that is long or not in English. Pure functions, general rules (no document-specific lists).

Damage is what a reader can see in the cleaned source: text lost when the page was saved
(usually link text) leaves empty quotation marks, a sentence cut off at "to .", a preposition
with nothing after it, or a sentence that opens on a verb because its subject was lost; a quote
that breaks off inside a word ("at any t") or quotes nothing is damaged too. A short telegraphic
sentence ("Forces reportedly closing in on the town.") is whole: a particle before a preposition
("closing in on", "carried on with") or a passive ("fired upon by") is no lost object.
"""
from __future__ import annotations

import re
import unicodedata

# (an opening mark never follows a word or a stop: '"Days," "Stories' closes one title and opens the next)
_EMPTY_QUOTE = re.compile(r"(?<![\w.,;:!?])[“\"‘]\s*[.,;:!?]?\s*[”\"’]")
# a word, then a gap, then punctuation that ends a clause: "of the Koreans to ." / "regulate ."
_DANGLING = re.compile(r"\w\s+[.,;:!?](?=\s|$|[”\"’)\]])")
_PREP = r"(?:from|of|to|by|with|about|at|into|for|in|on|onto|upon)"
# a preposition with no object: followed by a full stop or another preposition ("a question from in
# March"), or opening a sentence on a dash ("In — “in an excited manner” —")
# (the first word of two must be a preposition that is never an adverb particle: "from in", not "in on")
_BARE_PREP = re.compile(rf"\b{_PREP}\s+[.;:](?=\s|$)|\b(?:from|of|into)\s+(?:in|at|from|into|of)\b"
                        rf"|(?:^|[.!?][”\"’)]?\s+)(?i:{_PREP})\s+[—–]")
# a quote's last word cut short: one or two lower-case letters that are no word on their own ("at any t")
_CUT_WORD = re.compile(r"(?:^|[\s(“\"‘'—–-])([a-z]{1,2})$")
_SHORT_WORDS = frozenset("a am an as at be by do go he if in is it me my no of oh on or ox so to up us we ye".split())
_ANY_WORD = re.compile(r"[^\W_]")

DAMAGE_LABEL = "source text damaged here"


def damage(text: str, after: str = "") -> list[str]:
    """Reasons the quoted span shows visible damage (empty when it looks whole). ``after``: the source text right
    after the quote, when the caller has it; a quote that stops before a letter stops inside a word."""
    text = text or ""
    if not _ANY_WORD.search(text):
        return ["an empty quotation"]
    found = []
    stripped = text.rstrip()
    cut = _CUT_WORD.search(stripped)
    if (cut and cut.group(1) not in _SHORT_WORDS) or (stripped == text and stripped[-1:].isalpha()
                                                      and after[:1].isalpha()):
        found.append("the quote breaks off inside a word")
    if _EMPTY_QUOTE.search(text):
        found.append("empty quotation marks")
    if _DANGLING.search(text) or _BARE_PREP.search(text):
        found.append("a sentence breaks off where words are missing")
    return found


def summarise(text: str, limit: int = 240) -> str:
    """A long text cut at a word boundary, with its full length said: never a wall of text."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return f"{cut}… ({len(text):,} characters)"
