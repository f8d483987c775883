"""The one lexicon: function words, months, number words, name pattern, stemmer, content terms.

Everything here is general English; nothing is keyed to a document. Every stage that needs
"the content words of this text" or "is this a number" asks this module.
"""
from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")

# Function words: never content, never a focus of a question.
STOP_WORDS = frozenset("""a an and are as at be been being but by can could did do does doing for from had has have
having he her hers him his how i if in into is it its itself me my no nor not of on once only or other our ours out
over own same she should so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom whose why will with would you your yours about
above after again against all am any because before below between both down during each few further here just more most
off s t don now also said says say tell told according did does one ones whether""".split())

# Words of a question that ask rather than name (never expected in the answer).
QUESTION_WORDS = frozenset("""what when where which who whom whose why how many much did does do was were is are
according happen happened give gave say said tell told describe account accounts source sources document documents
text author writer write wrote report reported kind sort name named number date day year""".split())

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "score": 20, "dozen": 12}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30}

# Capitalised words that open a run of capitals without being (part of) a name: function words, months,
# sentence adverbs, and the labels of web page furniture.
NON_NAME_WORDS = frozenset({w.capitalize() for w in STOP_WORDS} | {m.capitalize() for m in MONTHS} | set(
    "Although Even Every Given However Judging Many Perhaps Still Two Yes Yet I "
    "Thus Indeed Presently Meanwhile Again Finally Later Soon Afterwards Afterward Accordingly Hence Therefore "
    "Instead Suddenly Next Though".split()))

# The media of record: what a source's words come in ("Harris's report", "the other account").
MEDIA = (r"account|accounts|cable|cables|telegram|telegrams|report|reports|record|records|letter|letters|"
         r"memoir|memoirs|diary|diaries|memo|memorandum|version|versions|testimony|notes|minutes|"
         r"transcript|recollection|recollections|document|documents")

WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?|\d+(?:[,.]\d+)*")
# A capitalised name: one or more capitalised words ("John Reed", "St Michael").
NAME = re.compile(r"\b[A-Z][a-z\u00E0-\u00FF]+(?:[-'’][A-Za-z]+)?(?:\s+(?:de\s+|von\s+|van\s+)?[A-Z][a-z\u00E0-\u00FF]+)*")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("’", "'").split("'")[0])


def words(text: str) -> list[str]:
    return WORD.findall(text)


def content_terms(text: str) -> list[str]:
    """Lower-case content words of ``text``, in order, without repeats."""
    out: list[str] = []
    for w in words(text):
        lw = w.lower().replace("’", "'").split("'")[0]
        if lw in STOP_WORDS or len(lw) < 2 or lw in out:
            continue
        out.append(lw)
    return out


def stems(text: str) -> set[str]:
    return {stem(w) for w in content_terms(text)}


# English irregular verb forms and their base (the stemmer leaves "took" and "take" apart)
IRREGULAR = {f: base for base, forms in {
    "be": "was were been", "begin": "began begun", "bring": "brought", "buy": "bought", "catch": "caught",
    "choose": "chose chosen", "come": "came", "do": "did done", "draw": "drew drawn", "drive": "drove driven",
    "eat": "ate eaten", "fall": "fell fallen", "feel": "felt", "fight": "fought", "find": "found", "flee": "fled",
    "fly": "flew flown", "forbid": "forbade forbidden", "get": "got gotten", "give": "gave given", "go": "went gone",
    "have": "had", "hear": "heard", "hide": "hid hidden", "hold": "held", "keep": "kept", "know": "knew known",
    "lay": "laid", "lead": "led", "leave": "left", "lie": "lay lain", "lose": "lost", "make": "made",
    "meet": "met", "pay": "paid", "ride": "rode ridden", "rise": "rose risen", "run": "ran", "say": "said",
    "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent", "shoot": "shot", "sit": "sat",
    "slay": "slew slain", "speak": "spoke spoken", "spend": "spent", "stand": "stood", "steal": "stole stolen",
    "strike": "struck stricken", "swear": "swore sworn", "take": "took taken", "teach": "taught", "tell": "told",
    "think": "thought", "throw": "threw thrown", "understand": "understood", "wake": "woke woken",
    "wear": "wore worn", "win": "won", "write": "wrote written",
}.items() for f in forms.split()}


def base_stems(text: str) -> set[str]:
    """``stems``, with irregular verb forms taken to their base first ("took" and "takes" meet at "take")."""
    return {stem(IRREGULAR.get(w, w)) for w in content_terms(text)}


def is_function_word(word: str) -> bool:
    return word.lower() in STOP_WORDS


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS.index(w) + 1
    return _MONTH_ABBR.get(w[:4]) if w[:4] == "sept" else (_MONTH_ABBR.get(w) if len(w) == 3 else None)
