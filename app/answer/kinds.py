"""Does a checked span fit what was asked: the kind of answer (a figure, a date, a name, a stance, new words) and,
for a figure or a date, what the question asks it of.

    fits_kind(question, span)              # a number for "how many", a date for "when", a name for "who"
    answers_what_is_asked(question, found) # the figure counts, or the date dates, what the question asks about
"""
from __future__ import annotations

import re

from app.answer.locate import TOKEN as _TOKEN
from app.text.values import date_of, near_stems, numbers_in
from core.lexicon import NAME, base_stems, is_function_word, stem, stems
from app.types import Question

YEAR = re.compile(r"^(1\d{3}|20\d{2})$")
_YEAR = YEAR


def fits_kind(question: Question, span: str) -> bool:
    """Whether ``span`` is the kind of answer the question asks for."""
    if question.kind == "yes_no":
        return True  # a stance is read in code from the words, when they state one (spans.stance_of)
    if not _says_more(span, question):
        return False
    if question.kind == "count":
        return any(not _YEAR.match(str(n)) for n in numbers_in(span)) or bool(QUANTITY_WORD.search(span))
    if question.kind == "date":
        date = date_of(span)
        if ASKS_DAY.search(question.search_text):  # "on what day", "what date": a bare year does not say it
            return date[1] is not None or date[2] is not None
        return any(x is not None for x in date)
    if question.kind == "who":
        return has_name(span, given=question_names(question)) or _new_words(span, question, WHO_PHRASE_WORDS)
    return True


def _says_more(span: str, question: Question) -> bool:
    """A span that is only the question's own words and function words ("Lieutenant-Colonel Smith" for "Which
    surgeon treated Lieutenant Colonel Smith?") answers nothing."""
    given = {stem(t) for t in question.terms} | {stem(w.lower()) for n in question.names for w in n.split()}
    return any(not is_function_word(w) and stem(w.lower()) not in given for w in _TOKEN.findall(span))


QUANTITY_WORD = re.compile(r"\b(?:half|quarter|dozen|score)\b", re.I)  # "half an hour", "a dozen" (no figure)
ASKS_DAY = re.compile(r"\b(?:day|date)\b", re.I)
# "how big was the army": a size is given in other words ("fifty thousand knights"), not beside the question's
ASKS_SIZE = re.compile(r"\bhow\s+(?:big|large|strong|long|far|old)\b", re.I)


def question_names(question: Question) -> set[str]:
    """The words of the names the question itself gives (lower case): no answer to "who" is one of them."""
    return {w.lower() for n in question.names for w in re.findall(r"[A-Za-z]+", n)}


COUNT_WINDOW = 4  # words either side of a figure that may say what it counts (6 on the tune split: one refusal fewer)


def answers_what_is_asked(question: Question, f) -> bool:
    """A count question's figure stands within ``COUNT_WINDOW`` words of a word of the question that is not a name, a year
    or a figure (what is counted, or what happened to it: "killed about fourteen", "three hundred of our
    militia"): a figure beside only the question's names counts something else ("16,000 troops" for a
    population), and a figure of another side's things ("Korean troops" for "how many Chinese troops") too. A
    date question's date stands in a sentence on what is dated. A size ("how big", "how long") and other
    questions: always."""
    if question.kind == "date":
        return _dates_what_is_asked(question, f.sentence.text)
    if question.kind != "count" or ASKS_SIZE.search(question.search_text):
        return True
    given = question_names(question)
    wanted = {stem(t) for t in question.terms if t not in given and not any(ch.isdigit() for ch in t)}
    text = f.sentence.text
    if _other_kind(question, f.span):
        return False
    return not wanted or bool(wanted & (near_stems(text, f.span_start, f.span_end, COUNT_WINDOW) | stems(f.span)))


def _dates_what_is_asked(question: Question, text: str) -> bool:
    """A date answers "when" only in a sentence that holds a word of what the question dates, other than its names
    and words asking for a date ("founded", "landed"): a date in a sentence about something else dates that."""
    given = question_names(question)
    wanted = base_stems(" ".join(t for t in question.terms if t not in given and t not in DATE_WORDS))
    return not wanted or bool(wanted & base_stems(text))  # "fought" in the question meets "fought" in the text


DATE_WORDS = frozenset("date day days month year time exact precise week".split())


# "how many Chinese troops": the proper adjective that says whose the counted things are, and the noun
_ASKED_KIND = re.compile(r"\b[Hh]ow\s+many\s+(?P<adj>[A-Z][a-z]+)\s+(?P<noun>[a-z]+)")


def _other_kind(question: Question, span: str) -> bool:
    """The question counts one people's or side's things ("Chinese troops") and the span counts the same things of
    another ("16,000 Korean troops"): a figure for something else."""
    m = _ASKED_KIND.search(question.search_text)
    if not m:
        return False
    noun = stem(m.group("noun"))
    for g in re.finditer(r"(?=\b([A-Z][a-z]+)\s+([a-z]+))", span):
        if stem(g.group(2)) == noun and g.group(1) != m.group("adj"):
            return True
    return False


WHO_PHRASE_WORDS = 6  # "who" answered without a proper name ("the regulars"): a phrase this short, of new words


def _new_words(span: str, question: Question, limit: int) -> bool:
    words = re.findall(r"[A-Za-z]{3,}", span)
    given = {t.lower() for t in question.terms}
    return 0 < len(span.split()) <= limit and any(not is_function_word(w) and w.lower() not in given for w in words)


def has_name(span: str, given: set[str] = frozenset()) -> bool:
    """A proper name: a capitalised word that is not a function word, or two in a row; not one of ``given``
    (lower-case words of the names the question gives)."""
    for m in NAME.finditer(span):
        words = [w for w in m.group(0).split() if not is_function_word(w) and w.lower().strip(".,'’") not in given
                 and not any(w.lower().startswith(g) and len(g) > 3 for g in given)]
        if words and (m.start() > 0 or len(words) > 1):
            return True
    return False
