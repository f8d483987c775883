"""What kind of answer a question asks for, and whether the cited evidence holds one.

"How many soldiers ...?" needs a count of soldiers; "On what day ...?" a day of a month; "Who led ...?"
a name the question does not already give. Cited sentences without one cannot answer the question, however
many of its words they share: the engine refuses rather than offer something tangential.

    missing_answer_type(question, cited_sentences, passages_text) -> "" | reason
    is_yes_no(question) -> True for "Did Mao encourage ...?" (a side could be taken in one word)
"""
from __future__ import annotations

import re

from app.terms import FUNCTION_WORDS, stem

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
COUNT_SPAN = 4  # the thing counted stands within this many words of its number: "16,000 Korean troops"
NUMBER_WORDS = set("""one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
hundred hundreds thousand thousands million millions dozen dozens""".split())

_COUNT_Q = re.compile(r"\bhow\s+(?:many|much)\s+(.*)", re.I)
_DAY_Q = re.compile(r"\b(?:what|which)\s+(?:exact\s+|precise\s+)?(?:day|date)\b", re.I)
_DAY = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
# "Who led ...?", "Whom did ...?", "Who was the ambassador ...?" ask for a name; "Who was Ivan Kovalev?" does not.
_WHO_Q = re.compile(r"^\W*(?:[Ww]hom?)\b(?!\s+(?:was|is|were|are)\s+[A-Z])")
_NAME = re.compile(r"[A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*)*")
_DIGITS = re.compile(r"\d")
_NOT_NAMES = set(f"""the a an in on at of to and but or yes no however according both this that these those there
they he she it his her its their after before during while when then also as for from with by who whom what which
where why how did does was were is are {MONTHS.replace('|', ' ')}""".lower().split())


def counted_phrase(question: str) -> list[str]:
    """The words counted in "how many/much <words> ...": ["Chinese", "soldiers"], ["tons"], ["rice"]."""
    m = _COUNT_Q.search(question)
    if not m:
        return []
    out: list[str] = []
    for word in re.findall(r"[A-Za-z][\w’'-]*", m.group(1))[:3]:
        if word.lower() in FUNCTION_WORDS:  # "how many <phrase> did/were ..."
            break
        out.append(word)
        if word.lower().endswith("s") and len(word) > 3:  # a plural noun closes the phrase
            break
    return out


def _has_number(text: str) -> bool:
    return bool(_DIGITS.search(text)) or bool(NUMBER_WORDS & set(re.findall(r"[a-z]+", text.lower())))


def _near_numbers(sentence: str, span: int = COUNT_SPAN) -> list[set[str]]:
    """For each number in the sentence, the stems of the words within ``span`` words of it."""
    words = re.findall(r"[\w’'-]+", sentence.lower())
    out = []
    for i, w in enumerate(words):
        if _DIGITS.search(w) or w in NUMBER_WORDS:
            out.append({stem(x) for x in words[max(0, i - span):i + span + 1]})
    return out


def names(text: str) -> set[str]:
    """Capitalised word sequences, minus function words: "Kim Il Sung", "Stalin", "South Korea"."""
    out = set()
    for m in _NAME.finditer(text):
        words = [w.removesuffix("’s").removesuffix("'s") for w in m.group(0).split()]
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if words:
            out.add(" ".join(words))
    return out


def _proper_words(text: str) -> set[str]:
    """Capitalised words seen mid-sentence (after a lowercase word or a comma): proper nouns, not "Given"."""
    return {w.removesuffix("’s").removesuffix("'s") for w in _MID_SENTENCE.findall(text)}


_MID_SENTENCE = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z][\w’'-]*")


def missing_answer_type(question: str, cited: list[str], passages_text: str) -> str:
    """Why the cited sentences cannot answer a question of this kind ("" when they can, or the kind is open).

    A count must come with the thing counted next to it ("16,000 Korean troops" does not count Chinese
    troops, even in a sentence that mentions China); a day and a name may be anywhere in the cited sentences.
    """
    cited_text = " ".join(cited)
    if _COUNT_Q.search(question):
        if not any(_has_number(s) for s in cited):
            return "the question asks how many, and no cited sentence gives a number"
        counted = {stem(w.lower()) for w in counted_phrase(question) if len(w) >= 3}
        if not any(counted <= near for s in cited for near in _near_numbers(s)):
            return "the cited numbers do not count " + " ".join(counted_phrase(question))
    if _DAY_Q.search(question) and not _DAY.search(cited_text):
        return "the question asks for a day, and no cited sentence gives one"
    if _WHO_Q.search(question):
        proper = _proper_words(passages_text + " " + cited_text)  # not "Given": capitalised only as a first word
        new = {n for n in names(cited_text) - names(question) if " " in n or n in proper}
        if not new:
            return "the question asks who, and no cited sentence names anyone the question does not"
    return ""


_YES_NO = re.compile(r"^\W*(?:did|does|do|was|were|is|are|could|would|had|has|have|can|will|should|might)\b", re.I)


def is_yes_no(question: str) -> bool:
    """"Did Mao encourage ...?", "Was Mao ready ...?": a question a side could be taken on in one word."""
    return bool(_YES_NO.search(question))
