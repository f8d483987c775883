"""What the page says about a text before trusting it: visible damage in a quote, a question
that is long or not in English. Pure functions, general rules (no document-specific lists).

Damage is what a reader can see in the cleaned source: text lost when the page was saved
(usually link text) leaves empty quotation marks, a sentence cut off at "to .", a preposition
with nothing after it, or a sentence that opens on a verb because its subject was lost.
"""
from __future__ import annotations

import re
import unicodedata

_EMPTY_QUOTE = re.compile(r"[“\"‘]\s*[.,;:!?]?\s*[”\"’]")
# a word, then a gap, then punctuation that ends a clause: "of the Koreans to ." / "regulate ."
_DANGLING = re.compile(r"\w\s+[.,;:!?](?=\s|$|[”\"’)\]])")
_PREP = r"(?:from|of|to|by|with|about|at|into|for|in|on|onto|upon)"
# a preposition with no object: followed by a full stop or another preposition ("a question from in
# March"), or opening a sentence on a dash ("In — “in an excited manner” —")
_BARE_PREP = re.compile(rf"\b{_PREP}\s+(?:[.;:](?=\s|$)|(?:in|on|at|of|from|by|with|into)\b)"
                        rf"|(?:^|[.!?][”\"’)]?\s+)(?i:{_PREP})\s+[—–]")
# "But casts Mao in a much more restrained light": a sentence-opening connective, then a verb
# in the third person with an object, and no subject in between.
_LOST_SUBJECT = re.compile(
    r"(?:^|[.!?][”\"’)]?\s+)(?:But|And|Yet|So|Still|Then|Instead|However,)\s+([a-z]+s)\s+(?:[A-Z]\w|the\b|a\b|an\b|his\b|her\b|their\b)")
_NOT_VERBS = {"this", "thus", "has", "was", "is", "as", "its", "his", "hers", "theirs", "ours", "yours", "us",
              "always", "perhaps", "unless", "nevertheless", "less", "across", "various", "numerous", "towards",
              "besides", "sometimes", "afterwards", "whereas", "does", "yes", "news", "days", "years", "plus"}

DAMAGE_LABEL = "source text damaged here"


def damage(text: str) -> list[str]:
    """Reasons the quoted span shows visible damage (empty when it looks whole)."""
    text = text or ""
    found = []
    if _EMPTY_QUOTE.search(text):
        found.append("empty quotation marks")
    if _DANGLING.search(text) or _BARE_PREP.search(text):
        found.append("a sentence breaks off where words are missing")
    for m in _LOST_SUBJECT.finditer(text):
        word = m.group(1)
        if word not in _NOT_VERBS and not word.endswith(("ss", "us", "ous")):
            found.append("a sentence opens without its subject (a lost name)")
            break
    return found


# -- the question --------------------------------------------------------------------------
_EN = {"the", "a", "an", "of", "to", "in", "and", "is", "was", "did", "do", "does", "what", "who", "why", "how",
       "when", "where", "which", "he", "she", "it", "they", "about", "for", "on", "with", "that", "this", "were",
       "are", "his", "her", "their", "by", "from", "at", "say", "said", "many", "much"}
_OTHER = {"le", "la", "les", "des", "du", "est", "une", "et", "que", "qui", "quoi", "pourquoi", "comment",
          "était", "il", "elle", "avec", "pour", "dans", "sur", "pas", "der", "die", "das", "und", "ist", "nicht",
          "wer", "wie", "warum", "hat", "mit", "el", "los", "las", "por", "qué", "quién", "cómo", "una", "con",
          "para", "über", "zu", "den", "dem", "ein", "eine", "di", "che", "chi", "perché", "non", "sono", "ha", "o", "e", "de", "em", "não", "um", "uma"}


def non_latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return 1 - latin / len(letters)


def looks_non_english(text: str) -> bool:
    """A cheap hint, said before answering: another script, or more foreign than English function words."""
    if non_latin_share(text) > 0.3:
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 3:
        return False
    en = sum(w in _EN for w in words)
    other = sum(w in _OTHER and w not in _EN for w in words)
    return other >= 2 and other > en


def question_notes(question: str, max_chars: int) -> list[str]:
    """What to tell the reader before the answer, from the question alone."""
    notes = []
    n = len(question)
    if n > max_chars:
        notes.append(f"Your question is {n:,} characters long; only its first {max_chars:,} characters are used.")
    if looks_non_english(question):
        notes.append("The sources are in English, and so is the search: a question in another language may "
                     "find nothing. Try asking it in English.")
    return notes


def summarise(text: str, limit: int = 240) -> str:
    """A long text cut at a word boundary, with its full length said: never a wall of text."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return f"{cut}… ({len(text):,} characters)"
