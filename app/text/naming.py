"""Which source a question asks about: "according to Brady", "Reno's report", "as quoted by French".

    asked = source_names("According to McReynolds, what did the trooper ask?")   # ["McReynolds"]
    names_source(asked, title, author)                                           # True for McReynolds' book

A historian who names a source wants that source's account, and the passage that holds it may rank
below other documents' passages on the same event. The names are read from general English
framings of attribution; a document is named when one of the name's words (not a rank or title)
(its surname) is a word of its author, or the title holds it as a record ("the Chronicle"). Nothing here is keyed to a document.
"""
from __future__ import annotations

import re

# a run of capitalised words, optionally after "the", with a possessive at its end
_TOK = r"[A-Z][\w’'-]*[\w]"
_NAME = rf"(?:[Tt]he\s+)?({_TOK}(?:\s+(?:of\s+|de\s+|von\s+|van\s+)?{_TOK})*)"
_RECORD = (r"report|reports|account|accounts|deposition|depositions|narrative|testimony|letter|letters|diary|"
           r"journal|memoir|memoirs|cable|cables|telegram|chronicle|history|version|return|record|evidence|"
           r"statement|recollection|recollections|story")
_VERB = (r"say|says|said|write|writes|wrote|report|reports|reported|describe|describes|described|testify|testifies|"
         r"testified|record|records|recorded|tell|tells|told|claim|claims|claimed|state|states|stated|"
         r"recall|recalls|recalled|give|gives|gave|put|puts|call|calls|called|blame|blames|blamed")
_FRAMES = re.compile(
    rf"(?i:according\s+to|as\s+(?:quoted|told|reported|recorded|described|given)\s+by|in\s+the\s+words\s+of)\s+{_NAME}"
    rf"|{_NAME}(?:’s|'s|’|')\s+(?:[a-z]+\s+){{0,2}}?(?i:{_RECORD})\b"
    rf"|\b(?i:does|do|did|would)\s+{_NAME}\s+(?:[a-z]+\s+){{0,2}}?(?i:{_VERB})\b"
)
# words that head a name without naming anyone in particular (ranks, titles, honorifics)
_NOT_NAMING = frozenset("""the a an mr mrs ms dr sir lord lady king queen duke earl prince general gen major maj
captain capt colonel col lieutenant lieut lt sergeant sgt private trooper corporal ensign admiral commander
governor gov president premier minister ambassador consul chairman secretary reverend rev saint st
of de von van according in""".split())
_RECORDS = frozenset(_RECORD.split("|"))


def source_names(text: str) -> list[str]:
    """The names ``text`` attributes an account to, in order (capitalised runs only; "the author" is no name)."""
    found: list[str] = []
    for m in _FRAMES.finditer(text):
        name = next((g for g in m.groups() if g), "")
        name = re.sub(r"(?:’s|'s|’|')$", "", name).strip()
        if name and name[0].isupper() and name not in found and _naming_words(name):
            found.append(name)
    return found


def _naming_words(name: str) -> list[str]:
    words = [w.casefold().removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w’'-]+", name)]
    return [w for w in words if len(w) >= 3 and w not in _NOT_NAMING]


def names_source(names: list[str], title: str, author: str) -> bool:
    """True when the last word of one of ``names`` (a surname: "John Parker" is not John Fiske) is a word of
    the source's author, or the title holds two of its words ("the Anglo-Saxon Chronicle") or the record it
    names ("the Chronicle"). A title's single name is usually its subject ("England under Harold"), not
    its teller."""
    if not names:
        return False
    by, called = _words(author), _words(title)
    for n in names:
        words = _naming_words(n)
        if not words:
            continue
        in_title = set(words) & called
        if words[-1] in by or len(in_title) >= 2 or (in_title and set(words) <= _RECORDS):
            return True
    return False


def _words(text: str) -> set[str]:
    own = {w.casefold() for w in re.findall(r"[\w-]+", text)}
    return own | {p for w in own for p in w.split("-")}


def brief(text: str, words: int) -> str:
    """``text`` up to its first bracket or semicolon, in at most ``words`` words: a catalogue author field
    ("Massachusetts Provincial Congress (narrative); sworn depositions of ...") as a reader names the source."""
    cut = min((i for i in (text.find(" ("), text.find(";")) if i > 0), default=len(text))
    head = text[:cut].split()
    return " ".join(head[:words]) + (" …" if len(head) > words else "")
