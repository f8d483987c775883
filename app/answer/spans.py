"""Check the model's picks: a span is shown only when it is verbatim in its sentence and fits what was asked.

    found = check_picks(question, sentences, pointing.picks, per_source=2, total=5)
    found[0].sentence, found[0].span   # the span exactly as the source text has it

A span is looked up in the sentence it names with whitespace, case and quote marks normalised; failing
that, the stretch of the sentence that holds, in order, nearly all of the span's words (the model dropped or
changed a word, or was cut off), with or without the question's names (the model writes the name where the
source has "he"). Either way what is kept is the source's own stretch of characters. A span
found only in another shown sentence moves to it (the model often copies one sentence and writes its
neighbour's id; the words it copied say which it read). The span must fit the kind of answer asked for:
a number for "how many", a date for "when", a proper name for "who", a stance for a yes/no question.
When the copy fails for a question asking a figure or a date, the value the named sentence states beside the
question's words is read in code; for a what/why/how question, the named sentence's clause on the question's
point. A pick that still fails is dropped; so is a source left with
nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.answer.point import Pick
from app.answer.locate import TOKEN as _TOKEN, locate_span
from app.answer.kinds import YEAR as _YEAR, answers_what_is_asked, fits_kind, question_names
from app.answer.question import on_point
from app.text.values import NUMBER_PHRASE, fullest_date, negated, values_from_text
from core.lexicon import is_function_word, stem, stems
from app.types import Question, Sentence

@dataclass(frozen=True)
class Found:
    sentence: Sentence
    span: str  # verbatim: sentence.text[span_start:span_end]
    span_start: int  # offsets inside sentence.text
    span_end: int
    stance: str | None = None

    @property
    def source(self) -> tuple[str, str]:
        """Who gives this answer: the document, and the speaker it names for the sentence (if any)."""
        return (self.sentence.passage.doc_id, self.sentence.speaker or "")


def narrow(question: Question, text: str, start: int, end: int) -> tuple[int, int]:
    """For a count or date question, the span narrowed to the figure (with the words it counts) or the date it
    holds: the model often copies a whole clause. Still verbatim: offsets inside the same span."""
    inner = text[start:end]
    if question.kind == "count":
        m = next((m for m in NUMBER_PHRASE.finditer(inner) if not _YEAR.match(m.group(0).replace(",", ""))), None)
        if m:
            end_at = m.end()
            for w in list(re.finditer(r"\s+([A-Za-z’'-]+)", inner[m.end():]))[:COUNTED_WORDS]:
                if is_function_word(w.group(1)) or m.end() + w.start() != end_at:
                    break
                end_at = m.end() + w.end()
            return start + m.start(), start + end_at
    if question.kind == "date":
        m = fullest_date(inner)  # "28th of September", not "the 28th"
        if m:
            return start + m.start(), start + m.end()
    if question.kind == "other":
        return _past_the_question(question, text, start, end), end
    return start, end


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span cut off mid-word (the grammar caps its length) reaches the end of that word, and starts at one."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _clause_end(text: str, end: int) -> int:
    """The end of the clause ``end`` stands in: the next comma, semicolon, colon, dash or stop, else the text's."""
    m = re.compile(r"[,;:.!?—–]\s|[.!?]$").search(text, end)
    return m.start() if m else len(text.rstrip())


def _past_the_question(question: Question, text: str, start: int, end: int) -> int:
    """Where a span's new words begin: the model often copies a sentence's opening, which restates the question
    ("Aldous Brede is the keeper of…" for "What was Aldous Brede's office?"). The question's own words and
    function words before the first new word are skipped; a span with no new word is left whole."""
    given = {t.lower() for t in question.terms} | {w.lower() for n in question.names for w in n.split()}
    run = None  # where the run of capitalised words the current token stands in began
    for m in _TOKEN.finditer(text, start, end):
        w = m.group(0)
        run = (run if run is not None else m.start()) if w[:1].isupper() else None
        if not (is_function_word(w) or w.lower() in given or stem(w.lower()) in {stem(g) for g in given}):
            return run if run is not None else m.start()  # never inside a name: "Kim Il Sung", not "Sung"
    return start


COUNTED_WORDS = 3  # a figure keeps the words after it that say what it counts ("16,000 Korean troops")


def check_picks(question: Question, sentences: list[Sentence], picks: tuple[Pick, ...], per_source: int,
                total: int, cap: int = 0) -> list[Found]:
    """The picks that pass, in the model's order: at most ``per_source`` sentences a source, ``total`` in all.
    A span ``cap`` characters long was cut off by the grammar: it reaches the end of its clause."""
    by_id = {s.sid: s for s in sentences}
    out: list[Found] = []
    for pick in picks:
        home = by_id.get(pick.sid)
        if home is None:
            continue
        if home.passage.kind == "metadata" and question.kind != "who":
            # a catalogue record answers only "who wrote"; the same words in the prose are quoted from there
            found = _place(question, pick, home, sentences, cap, skip_home=True)
            if found is None or not fits_kind(question, found.span):
                continue
        else:
            found = _place(question, pick, home, sentences, cap)
        if found is None or not fits_kind(question, found.span):
            found = value_in(question, home)  # a garbled copy: the value the named sentence states
        if found is None:  # the model often names the sentence beside the one that states the value
            found = next((f for n in neighbours(home, sentences) if (f := value_in(question, n))), None)
        if found is not None and not answers_what_is_asked(question, found):
            continue
        if found is None and home.passage.kind != "metadata":  # a garbled copy of a what/why/how or yes/no answer
            found = clause_in(question, home)
        if found is None and (read := copied_from(pick.span, sentences)) is not None:
            found = clause_in(question, read)  # ... named by the wrong id: the sentence its words come from
        if found is None:
            continue
        if any(f.sentence.sid == found.sentence.sid for f in out):
            continue
        if sum(f.source == found.source for f in out) >= per_source:
            continue
        out.append(found)
        if len(out) >= total:
            break
    return out


def neighbours(home: Sentence, sentences: list[Sentence]) -> list[Sentence]:
    """The shown sentences right before and after ``home`` in its document (nothing but spacing between them),
    the better scored first."""
    near = [s for s in sentences if s.passage.doc_id == home.passage.doc_id and s.passage.kind != "metadata"
            and s is not home and (0 <= s.start - home.end <= NEXT_GAP or 0 <= home.start - s.end <= NEXT_GAP)]
    return sorted(near, key=lambda s: -s.score)


NEXT_GAP = 3  # characters between two sentences that follow each other (a space, a line break, a blank line)


def stance_of(question: Question, span: str) -> str | None:
    """A yes/no answer's stance, read in code from the quoted words alone: "no" when they hold a negation, "yes"
    when they open with an affirmation ("yes, absolutely"); else none, and the quote speaks for itself. Never the
    model's label: on the tune and report splits it labelled every pick "yes", "we do not advise … to mount an
    attack" and "was not in the famous charge" included. Nor "yes" for words without a negation: "Dawes turned
    to go back, and was pursued" does not say he was captured."""
    if question.kind != "yes_no":
        return None
    if negated(span):
        return "no"
    return "yes" if AFFIRMATION.match(span) else None


AFFIRMATION = re.compile(r"^\W*(?:yes|yea|indeed|certainly|absolutely|undoubtedly|assuredly)\b", re.I)


def value_in(question: Question, s: Sentence) -> Found | None:
    """For a question asking for a figure or a date: the one the named sentence states beside the question's words,
    read in code (the model's copy of it failed). None for other questions (a name read so was as often a place or
    a month as the answer: "Boston Neck" for a horse's name), or when the sentence has none."""
    text = s.text
    if s.passage.kind == "metadata" or question.kind not in ("count", "date"):  # a catalogue title states no value
        return None
    hits = values_from_text(question.kind, question.terms, [s])
    if not hits:
        return None
    at = text.find(hits[0][1])
    a, b = narrow(question, text, at, len(text) if question.kind == "count" else at + len(hits[0][1]))
    return Found(sentence=s, span=text[a:b], span_start=a, span_end=b)


FREE_KINDS = ("what_said", "why_how", "other")  # questions whose answer is a clause, not a typed value


def clause_in(question: Question, s: Sentence) -> Found | None:
    """When the model's copy of its words failed: the clause of the named sentence on the question's point
    (``on_point``). For what was said, why or how, that clause is the answer; for a yes/no question its stance is
    read in code, as for the sources the model did not name (``values_from_text``), never taken from the model's
    label of words that are not there. None for a question asking a figure, a date or a name, and for a sentence
    off the question's point."""
    if question.kind not in (*FREE_KINDS, "yes_no"):
        return None
    clause = on_point(question, s.text, last=question.kind != "yes_no")
    if clause is None:
        return None
    if question.kind == "yes_no" and not values_from_text("yes_no", question.terms, [s]):
        return None  # not on the yes/no question's point
    span = s.text[clause[0]:clause[1]]
    return Found(sentence=s, span=span, span_start=clause[0], span_end=clause[1], stance=stance_of(question, span))


COPY_SHARE = 0.6  # a garbled span came from the shown sentence holding this share of its content words


def copied_from(span: str, sentences: list[Sentence]) -> Sentence | None:
    """The shown prose sentence holding most of a garbled span's content words (at least ``COPY_SHARE``): the
    words the model copied say which sentence it read, whatever id it wrote."""
    words = stems(span)
    if len(words) < 3:
        return None
    scored = [(len(words & stems(s.text)), s.score, s) for s in sentences if s.passage.kind != "metadata"]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    return best[2] if best and best[0] >= COPY_SHARE * len(words) else None


def _without_names(question: Question, span: str, text: str) -> tuple[int, int] | None:
    """The span found once the question's names are taken out of it: the model often writes the name the question
    gives where the sentence has a pronoun ("Crazy Horse was watching …" for "He was watching …")."""
    given = question_names(question)
    if not given:
        return None
    rest = " ".join(w for w in span.split() if w.lower().strip(".,;:'’\"“”") not in given)
    return locate_span(rest, text) if rest != span.strip() and len(rest.split()) >= MIN_REST_WORDS else None


MIN_REST_WORDS = 3  # fewer words left than this locate anything anywhere


def _place(question: Question, pick: Pick, home: Sentence, sentences: list[Sentence], cap: int = 0,
           skip_home: bool = False) -> Found | None:
    """The pick's span in its own sentence, else in the shown sentence that holds it: the 1.5B model often copies
    one sentence and names its neighbour's id, and the words it copied say which sentence it read. A metadata
    record is never where a span moves to."""
    others = sorted((s for s in sentences if s is not home and s.passage.kind != "metadata"),
                    key=lambda s: (s.passage.doc_id != home.passage.doc_id, -s.score))
    for s in (others if skip_home else (home, *others)):
        at = locate_span(pick.span, s.text) or _without_names(question, pick.span, s.text)
        if at:
            a, b = _whole_words(s.text, *at)
            if cap and len(pick.span.strip()) >= cap:
                b = _clause_end(s.text, b)
            a, b = narrow(question, s.text, a, b)
            return Found(sentence=s, span=s.text[a:b], span_start=a, span_end=b, stance=stance_of(question, s.text[a:b]))
    return None
