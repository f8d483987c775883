"""Grounding: a sentence of the model's answer is shown only if what it states stands in the sources.

A 1.5B model fills a gap with what it expects ("the court found Reno guilty", "Kim Il Sung died on
October 9, 1979") when the sentences it read say nothing of the kind. A sentence is ungrounded when

- it states a figure (digits or words, a year included) that neither the evidence nor the question holds, or
- more than ``max_share`` of its own content words (beyond the question's words and the sources'
  titles and authors) stand nowhere in the evidence it read (word stems, irregular verbs at their base, so
  "killed"/"kill" and "took"/"take" match).

Ungrounded sentences are removed; when every sentence of a non-empty answer is, the answer is refused
(the model found nothing in the sources it could say). Quotations are checked elsewhere (verify.py).

A question about who wrote or published a source, answered with a name, title or date from the catalogue
record the answer cites, is answered from that record (``from_record``): the record is the authority on its
own document, whatever the fitted refusal makes of a short question's low similarity to the text.
"""
from __future__ import annotations

import re

from app.disagreement.values import numbers_in
from app.text.lexicon import base_stems as stems
from app.text.lexicon import is_function_word
from app.text.sentences import split_sentences
from app.types import Passage, Question, Sentence

_MARKERS = re.compile(r"\[[\w.,;\s]+\]")
_DIGITS = re.compile(r"\d[\d,.]*")
# the answer's own words that are no claim about the sources
_PLAIN = {"yes", "no"}


class Grounds:
    """What the answer may state: the evidence's words and figures, the question's, the sources' names."""

    def __init__(self, question: Question, passages: list[Passage], sentences: list[Sentence]):
        names = " ".join(f"{p.title} {p.author}" for p in passages)
        evidence = " ".join(s.text for s in sentences)
        self.given = stems(question.search_text) | stems(names) | _PLAIN
        self.words = stems(evidence)
        self.figures = numbers_in(f"{evidence} {question.search_text} {names}")

    def ungrounded(self, sentence: str, max_share: float) -> bool:
        plain = _MARKERS.sub(" ", sentence)
        if numbers_in(plain) - self.figures:
            return True
        own = stems(_DIGITS.sub(" ", plain)) - self.given  # figures were checked as numbers
        return bool(own) and len(own - self.words) / len(own) > max_share


_ABOUT_RECORD = re.compile(r"\b(?:wr[io]te|written|writer|authors?|authored|publish(?:ed|er)?|edit(?:ed|or)|"
                           r"compiled|printed)\b", re.I)


def from_record(question: Question, answer: str, cited: list[Sentence]) -> bool:
    """The question asks who wrote/published a source and the answer gives what the cited catalogue record says."""
    if not _ABOUT_RECORD.search(question.search_text):
        return False
    plain = _MARKERS.sub(" ", answer).lower()
    for s in cited:
        if s.passage.kind != "metadata":
            continue
        p = s.passage
        names = {w.lower() for w in re.findall(r"[A-Z][\w’'-]{2,}", f"{p.author} {p.publisher}")
                 if not is_function_word(w)}
        if names & set(re.findall(r"[\w’'-]+", plain)) or (p.title and p.title.lower() in plain):
            return True
    return False


def keep_grounded(answer: str, grounds: Grounds, max_share: float) -> tuple[str, list[str]]:
    """The answer without its ungrounded sentences, and the removed sentences."""
    kept, removed = [], []
    for start, end in split_sentences(answer):
        sentence = answer[start:end]
        (removed if grounds.ungrounded(sentence, max_share) else kept).append(sentence)
    return " ".join(kept), removed
