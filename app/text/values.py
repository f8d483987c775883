"""Per-source values: what each cited source says the answer is, normalised so code can compare them.

The LLM names, for each source, the sentence and a short value ("300 ships", "the 29th",
"yes", "the regulars"). Here each value is typed and normalised (numbers written in words or
digits, days and months, yes/no, otherwise its content words) and checked against its own
sentence: a value whose numbers or words its sentence does not contain is not grounded and
never makes a conflict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.lexicon import NUMBER_WORDS, ORDINALS, SCALE_WORDS, month_number, stem, stems
from app.types import Sentence

_NUM_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[A-Za-z]+")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")


@dataclass
class Value:
    sid: str
    text: str  # as the LLM gave it
    type: str  # "number" | "date" | "yesno" | "text"
    numbers: frozenset = frozenset()
    date: tuple = (None, None, None)  # (year, month, day)
    yes: bool | None = None
    words: frozenset = frozenset()
    grounded: bool = False
    sentence: Sentence | None = field(default=None, repr=False)


def numbers_in(text: str) -> set[int]:
    """Every number the text states, in digits ("1,500") or words ("two hundred", "fourteen")."""
    out: set[int] = set()
    current: int | None = None
    total = 0
    for tok in _NUM_TOKEN.findall(text.replace("-", " ")):
        low = tok.lower()
        if tok[0].isdigit():
            try:
                out.add(int(float(tok.replace(",", ""))))
            except ValueError:
                pass
            continue
        if low in NUMBER_WORDS and low not in ("a", "an"):
            current = (current or 0) + NUMBER_WORDS[low]
        elif low in SCALE_WORDS and (current is not None or low in ("hundred", "thousand")):
            current = (current or 1) * SCALE_WORDS[low]
            if SCALE_WORDS[low] >= 1000:
                total += current
                current = None
        elif low in ("a", "an", "and") and current is None and total == 0:
            continue
        elif low == "and" and (current is not None or total):
            continue
        else:
            if current is not None or total:
                out.add(total + (current or 0))
            current, total = None, 0
            if low in ORDINALS:
                out.add(ORDINALS[low])
    if current is not None or total:
        out.add(total + (current or 0))
    return out


def date_of(text: str) -> tuple:
    month = next((month_number(w) for w in re.findall(r"[A-Za-z]+", text) if month_number(w)), None)
    year_m = _YEAR.search(text)
    year = int(year_m.group(1)) if year_m else None
    rest = _YEAR.sub(" ", text)
    day_m = _DAY.search(rest)
    day = int(day_m.group(1)) if day_m and 1 <= int(day_m.group(1)) <= 31 else None
    if day is None:
        for w in re.findall(r"[a-z]+", rest.lower()):
            if w in ORDINALS:
                day = ORDINALS[w]
                break
    return (year, month, day)


def classify(sid: str, text: str, sentence: Sentence | None, question_kind: str) -> Value:
    low = text.strip().lower()
    v = Value(sid=sid, text=text.strip(), type="text", sentence=sentence)
    date = date_of(text)
    if question_kind == "yes_no" and re.match(r"^(yes|no)\b", low):
        v.type, v.yes = "yesno", low.startswith("yes")
        v.grounded = sentence is not None
        return v
    if question_kind == "date" or (date[1] is not None and (date[2] is not None or date[0] is not None)):
        if any(x is not None for x in date):
            v.type, v.date = "date", date
            if sentence is not None:
                have = date_of(sentence.text)
                v.grounded = all(x is None or x == y or y is None and _mentions(x, sentence.text)
                                 for x, y in zip(date, have))
            return v
    nums = numbers_in(text)
    if nums and (question_kind == "count" or not re.search(r"[A-Za-z]{4,}", _strip_numbers(text))):
        v.type, v.numbers = "number", frozenset(nums)
        v.grounded = sentence is not None and nums <= numbers_in(sentence.text)
        return v
    v.words = frozenset(stems(text))
    if sentence is not None and v.words:
        v.grounded = len(v.words & stems(sentence.text)) / len(v.words) >= 0.5
    return v


def _mentions(x: int, text: str) -> bool:
    return str(x) in text


def _strip_numbers(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", text)
             if w.lower() not in NUMBER_WORDS and w.lower() not in SCALE_WORDS and w.lower() != "and"]
    return " ".join(words)


_NUMWORD = "|".join(sorted((w for w in list(NUMBER_WORDS) + list(SCALE_WORDS) if w not in ("a", "an")),
                           key=len, reverse=True))
NUMBER_PHRASE = re.compile(rf"\b(?:\d[\d,]*(?:\.\d+)?|(?:{_NUMWORD})(?:[\s-]+(?:and\s+)?(?:{_NUMWORD}))*)\b", re.I)
DATE_PHRASE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+(?:,?\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}"
                          r"(?:st|nd|rd|th)?(?:,?\s+\d{4})?|the\s+\d{1,2}(?:st|nd|rd|th))\b")


def fullest_date(text: str) -> re.Match | None:
    """The date phrase of ``text`` that gives most fields ("the 14th of October", not "the 14th"), else None."""
    found = [m for i in range(len(text)) if (m := DATE_PHRASE.match(text, i))]
    dated = [m for m in found if any(x is not None for x in date_of(m.group(0)))]
    return max(dated, key=lambda m: (sum(x is not None for x in date_of(m.group(0))), len(m.group(0))), default=None)


def near_stems(text: str, start: int, end: int, window: int = 4) -> set[str]:
    before = re.findall(r"[A-Za-z]+", text[:start])[-window:]
    after = re.findall(r"[A-Za-z]+", text[end:])[:window]
    return {stem(w) for w in before + after}


def _near(text: str, start: int, end: int, wanted: set[str], window: int = 4) -> bool:
    return bool(wanted & near_stems(text, start, end, window))


def asks(text: str) -> bool:
    """A question in the text ("might he have been ...?") asserts no value, whatever words it holds."""
    return text.rstrip(" \t\n\"'”’)]").endswith("?")


def values_from_text(question_kind: str, terms: list[str], sentences: list[Sentence]) -> list[tuple[str, str]]:
    """For count, date and yes/no questions: the value each source's best sentence gives, read in code.

    A sentence gives a figure when a number stands within four words of one of the question's content
    words ("killed about fourteen of them", "three hundred ships"); it gives a date when it holds a day
    and month, or "the 29th", and shares a content word with the question. One value per source
    (document and speaker): the figure with most of the question's words beside it (what is counted,
    the question's first words, counts twice), then the best-scored sentence; so a value is grounded by
    construction.
    """
    if question_kind == "yes_no":
        return _polarities(terms, sentences)
    if question_kind not in ("count", "date"):
        return []
    wanted = {stem(t) for t in terms}
    focus = {stem(t) for t in terms[:2]}  # "how many British soldiers ...": what is counted comes first
    best: dict[tuple[str, str], tuple[tuple, str, str]] = {}
    for s in sentences:
        key = (s.passage.doc_id, s.speaker or "")
        if s.passage.kind == "metadata" or asks(s.text):
            continue
        if question_kind == "count":
            found = _figure(s.text, terms, wanted, focus)
        else:
            m = fullest_date(s.text)
            hits = len(wanted & stems(s.text))
            found = (hits, m.group(0)) if m and hits else None
        if found:
            rank = (found[0], s.score)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, s.sid, found[1])
    return [(sid, text) for _rank, sid, text in best.values()]


def _figure(text: str, terms: list[str], wanted: set[str], focus: set[str]) -> tuple[int, str] | None:
    """The figure in ``text`` with most of the question's words beside it (what is counted counts twice)."""
    best = None
    for m in NUMBER_PHRASE.finditer(text):
        if _YEAR.fullmatch(m.group(0)) or not numbers_in(m.group(0)) or m.group(0).lower() in terms \
                or m.group(0).lower() == "one":
            continue  # a year, a number the question gives ("on 19 April"), a lone "one" ("one of them") is no figure
        near = wanted & near_stems(text, m.start(), m.end())
        if near and (best is None or len(near) + len(near & focus) > best[0]):
            best = (len(near) + len(near & focus), m.group(0))
    return best


def closeness(question_kind: str, terms: list[str], text: str) -> float:
    """How many of the question's words stand by the value ``text`` gives, as a share of them (0 to 1)."""
    wanted = {stem(t) for t in terms}
    if question_kind == "count":
        found = _figure(text, terms, wanted, {stem(t) for t in terms[:2]})
        hits = found[0] if found else 0
        return min(1.0, hits / max(1, len(wanted) + 2))
    return len(wanted & stems(text)) / max(1, len(wanted))


def gives_value(question_kind: str, terms: list[str]):
    """For a count or date question, a test of whether a passage's text gives a figure (a date) by the
    question's words; None for other questions."""
    wanted = {stem(t) for t in terms}
    if question_kind == "count":
        return lambda text: _figure(text, terms, wanted, set()) is not None
    if question_kind == "date":
        return lambda text: any(any(x is not None for x in date_of(m.group(0)))
                                and _near(text, m.start(), m.end(), wanted, window=8)
                                for m in DATE_PHRASE.finditer(text))
    return None


NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|cannot|without|n[’']t)\b|\w+n[’']t\b", re.I)
# phrases that hold a negation word and affirm: "no doubt", "not only … but", "none other than", "cannot but"
AFFIRMING = re.compile(r"\b(?:no|without|little|beyond)\s+(?:a\s+)?doubt\b|\bnot\s+only\b|\bno\s+(?:less|fewer)\s+than\b|"
                       r"\bnone\s+other\s+than\b|\bcannot\s+but\b|\bnot\s+least\b|\bnot\s+a\s+little\b|"
                       r"\bno\s+sooner\b|\bnever(?:\s+\w+)?\s+(?:failed|fails)\s+to\b", re.I)


def negated(text: str) -> bool:
    """Whether ``text`` holds a negation, phrases that affirm ("no doubt", "not only") left out."""
    return bool(NEGATION.search(AFFIRMING.sub(" ", text)))


_CLAUSE_END = re.compile(r"[;:.!?()\u201c\u201d\"\u2014]")


def _denies(text: str, wanted: set[str]) -> bool:
    """Whether the clause that says most about the question's words is negated. Clauses end at a semicolon, colon,
    dash, quote mark or full stop (not a comma: "did not, in the end, give the order" is one clause). In "the council
    did not give the order to march on the capital that week" the "not" denies the march on the capital, however far
    "capital" stands from it; in "it did not meet that week; later it ordered the march" the clause about the march
    is not negated."""
    bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(text)] + [len(text)]
    clauses = [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    hits = [len(wanted & stems(c)) for c in clauses]
    top = max(hits, default=0)
    return top > 0 and any(h == top and negated(c) for h, c in zip(hits, clauses))


def _polarities(terms: list[str], sentences: list[Sentence]) -> list[tuple[str, str]]:
    """For yes/no questions: per source, its best sentence on the question's point, read as yes or no.

    A sentence is on the point when it holds at least two of the question's content words; it says
    "no" when the clause holding most of them is negated (``_denies``), otherwise "yes". One value per source (document and speaker). On the tune splits the clause found two more
    disputes than a negation within eight words of a question word (one on each of two corpora), and no false one.
    """
    wanted = {stem(t) for t in terms}
    best: dict[tuple[str, str], tuple[float, str, str]] = {}
    for s in sentences:
        key = (s.passage.doc_id, s.speaker or "")
        if s.passage.kind == "metadata" or asks(s.text) or len(wanted & stems(s.text)) < 2:
            continue
        if key in best and best[key][0] >= s.score:
            continue
        negated = _denies(s.text, wanted)
        best[key] = (s.score, s.sid, "no" if negated else "yes")
    return [(sid, text) for _score, sid, text in best.values()]
