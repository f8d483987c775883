"""Text signals for disagreement: dispute language, stance toward an action, number and date slots.

Generic English word lists and patterns (no model); ``app.conflict`` decides what they add up to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app import attribution_cues as cues
from app.terms import stem  # the one stemmer, shared with the answer checks (callers use dc.stem)

DISPUTE_RE = re.compile(
    r"\b(?:contradict\w*|disput\w*|differs?|differing|disagree\w*|conflicting|inconsistent|at odds|"
    r"casts?\s+\w+\s+in\s+a\s+(?:\w+\s+){0,3}light|(?:more|less)\s+restrained|by contrast|in contrast|"
    r"the\s+(?:latter|former|other)\s+(?:account|version|report|cable|record))\b", re.I)

# Stance toward an action such as an attack, judged from the words of a quotation or an attributed clause.
ACTION_RE = re.compile(r"\b(?:attack\w*|invade\w*|invasion|war|offensive|strike|military action|hostilities|"
                       r"unif(?:y|ication) (?:\w+ ){0,3}by force|march south)\b", re.I)
RESTRAINT_RE = re.compile(r"\b(?:not|never|no|against|n[’']t|postpone\w*|delay\w*|defensive|refrain\w*|premature|"
                          r"restrain\w*|discourag\w*|oppos\w*|caution\w*|wait)\b", re.I)
STANCE_QUESTION_RE = re.compile(r"\b(?:encourag\w*|urg\w*|support\w*|advis\w*|oppos\w*|approv\w*|push\w*|"
                                r"back(?:ed|ing)?|restrain\w*|discourag\w*|favou?r\w*|want\w*|endors\w*|"
                                r"green light|stance|position|attitude|view|against|for)\b", re.I)
YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)")
MONTHS = ("January February March April May June July August September October November December").split()
DATE_RE = re.compile(rf"\b(?P<month>{'|'.join(MONTHS)})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?")

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being do does did done has have
had not no it its this that these those he she they them his her their we our you your i me my what who whom which
when where why how did does there here then than so such very can could would should will shall may might must
about into over after before during between through up down out off again further once all any both each few more
most other some own same too just also only ever even still yet per via upon
""".split())
_HEAD_STOP = STOPWORDS | frozenset("ready able set said reported were was".split())

def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z’'-]*|\d[\d,]*", text)


def terms(text: str) -> set[str]:
    """Content-word stems (stopwords dropped)."""
    return {stem(w) for w in words(text) if w.lower() not in STOPWORDS and len(w) > 1}


def name_tokens(text: str) -> set[str]:
    """Tokens of capitalised names in ``text`` (sentence-initial function words dropped)."""
    out: set[str] = set()
    for m in re.finditer(cues.NAME, text):
        name, _ = cues.strip_name(m.group(0))
        out.update(t for t in name.split() if t not in cues.STOP_TOKENS)
    return out


def stance(text: str) -> str | None:
    """'pro' if the words speak for the action, 'con' if they hold it back, None if no action is named."""
    m = ACTION_RE.search(text)
    if not m:
        return None
    clause_start = max(text.rfind(c, 0, m.start()) for c in ",;:")
    window = text[max(clause_start + 1, m.start() - 80):m.end() + 25]
    return "con" if RESTRAINT_RE.search(window) else "pro"


def is_stance_question(question: str) -> bool:
    return bool(STANCE_QUESTION_RE.search(question) and ACTION_RE.search(question))


def years(text: str) -> set[str]:
    return set(YEAR_RE.findall(text))


@dataclass(frozen=True)
class NumberMention:
    value: int
    head: tuple[str, ...]  # stems of the counted noun phrase, e.g. ("korean", "troop")
    head_text: str  # as written, e.g. "Korean troops"
    start: int  # offsets of the number in the document
    end: int


def number_mentions(text: str, offset: int = 0) -> list[NumberMention]:
    """Counts in a sentence: '16,000 Korean troops' -> value 16000, head ('korean', 'troop'). Years are skipped."""
    out = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if "," not in raw and 1000 <= value <= 2100:
            continue  # a year
        after = re.match(r"\s+((?:[A-Za-z][\w’'-]*\s*){1,3})", text[m.end():])
        if not after:
            continue
        head_words = []
        for w in after.group(1).split():
            if w.lower() in _HEAD_STOP:
                break
            head_words.append(w)
        if not head_words:
            continue
        out.append(NumberMention(value, tuple(stem(w) for w in head_words), " ".join(head_words),
                                 offset + m.start(1), offset + m.end(1)))
    return out


@dataclass(frozen=True)
class DateMention:
    month: str
    day: int
    year: str | None
    start: int
    end: int


def date_mentions(text: str, offset: int = 0) -> list[DateMention]:
    return [DateMention(m.group("month"), int(m.group("day")), m.group("year"), offset + m.start(), offset + m.end())
            for m in DATE_RE.finditer(text)]


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` (between , ; : or sentence ends) holding [start, end), whitespace trimmed."""
    left = max(text.rfind(c, 0, start) for c in (",", ";", ":", "(", ")"))
    rights = [i for i in (text.find(c, end) for c in (",", ";", ":", "(")) if i != -1]
    right = min(rights) if rights else len(text)
    a, b = left + 1, right
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1] in " .!?\n\t”\"":
        b -= 1
    return a, b


@lru_cache(maxsize=256)
def _doc_frequencies(text: str, paragraphs: tuple[tuple[int, int], ...]) -> tuple[dict[str, float], dict[str, float]]:
    term_df: dict[str, int] = {}
    name_df: dict[str, int] = {}
    for s, e in paragraphs:
        for t in terms(text[s:e]):
            term_df[t] = term_df.get(t, 0) + 1
        for t in name_tokens(text[s:e]):
            name_df[t] = name_df.get(t, 0) + 1
    n = max(len(paragraphs), 1)
    return {t: c / n for t, c in term_df.items()}, {t: c / n for t, c in name_df.items()}


def frequent_terms(text: str, paragraphs, share: float = 0.3) -> set[str]:
    """Term stems found in more than ``share`` of a document's paragraphs (too common to tie a question to a spot)."""
    tdf, _ = _doc_frequencies(text, tuple(tuple(p) for p in paragraphs))
    return {t for t, f in tdf.items() if f > share}


def scarce_terms(text: str, paragraphs, candidates: set[str], max_paragraphs: int = 1) -> set[str]:
    """Those of ``candidates`` found in at most ``max_paragraphs`` of the document's paragraphs."""
    tdf, _ = _doc_frequencies(text, tuple(tuple(p) for p in paragraphs))
    n = max(1, len(paragraphs))
    return {t for t in candidates if tdf.get(t, 0.0) * n <= max_paragraphs + 0.5}


def rare_names(text: str, paragraphs, names: set[str], share: float = 0.3) -> set[str]:
    """Those of ``names`` that occur in at most ``share`` of the document's paragraphs."""
    _, ndf = _doc_frequencies(text, tuple(tuple(p) for p in paragraphs))
    return {t for t in names if ndf.get(t, 0.0) <= share}


def question_terms(question: str, text: str, paragraphs) -> set[str]:
    """The question's content stems, minus names and the document's ubiquitous words."""
    names = {stem(t) for t in name_tokens(question)}
    return terms(question) - names - frequent_terms(text, paragraphs)


REPORT_WORDS = frozenset(stem(w) for w in "report say said account cable wrote write claim tell told according record "
                                          "version memoir telegram letter".split())
