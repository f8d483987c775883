"""Decide whether the sources answer the question, from signals outside the model's self-report.

The 1.5B model's own yes/no ("answerable") is no signal, so the decision combines:
- retrieval strength: the best sentence's relevance score;
- the model's probability of an empty evidence list, read from logprobs with a threshold
  (not its argmax);
- the evidence it cited: none, or none that survive verification, means no answer;
- invented facts: a number in the answer found in neither the evidence nor the question;
- the question's focus: a term it asks about that no passage (or no cited sentence) mentions;
- the kind of answer asked for (``app.answer_type``): a count, a day, a name.
A focus term no retrieved passage mentions, and a missing kind of answer, give *hard* refusals: a
disagreement found among the passages is about something else and does not override them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.answer_type import missing_answer_type
from app.rerank import Sentence, content_terms
from app.types import Passage
from app.sentences import split_sentences
from app.terms import FUNCTION_WORDS, stem

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# Words too generic to show that evidence is about the question's focus.
_GENERIC = set("""according also asked said says tell told wrote write what which when where would could should
about after before during there their these those other some many much more most very source sources article post
document text name names date dates year years number numbers time reason reasons role kind type title place city country
happen happened exact exactly detail details author report reports reported""".split())
_SAYS_NO = re.compile(
    r"\b(do(?:es)?n[o’']?t (?:say|state|mention|answer|specify|provide|contain|give)|not (?:mentioned|stated|specified|provided|given)"
    r"|no (?:information|mention|details?)|cannot be (?:answered|determined)|(?:is|are) not (?:in|part of) the)",
    re.I,
)


@dataclass
class Verdict:
    refused: bool
    reason: str = ""
    # A hard refusal: what the question asks about, or the kind of answer it needs, is missing from the
    # evidence. A disagreement found in the passages is then about something else and cannot stand in.
    hard: bool = False
    answer: str = ""  # the answer with unsupported sentences removed
    signals: dict = field(default_factory=dict)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def strip_invented_numbers(answer: str, support: str) -> tuple[str, list[str]]:
    """Drop answer sentences carrying a number that appears nowhere in ``support``."""
    known = _numbers(support)
    kept, invented = [], []
    for start, end in split_sentences(answer):
        sent = answer[start:end]
        # ignore citation markers like [1.2] when looking for numbers
        bare = re.sub(r"\[[\d.,;\s]+\]", "", sent)
        bad = [n for n in _numbers(bare) if n not in known]
        if bad:
            invented.extend(bad)
        else:
            kept.append(sent)
    return " ".join(kept).strip(), invented


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_terms(text) if len(w) >= 4 and w not in _GENERIC}


_FOCUS = re.compile(r"(?:\b(?:the|a|an|his|her|its|their|many|much|what|which|whose|of|about)|’s|'s)\s+([A-Za-z][\w’'-]*)"
                    r"(?=\s+([A-Za-z][\w’'-]*))?", re.I)  # the next word is peeked at, not consumed
# "... were killed", "... was founded": the participle is what the question is about.
_PARTICIPLE = re.compile(r"\b(?:were|was|been|be|being)\s+(?:\w+ly\s+)?([a-z]+ed)\b", re.I)
# "Who interpreted for ...?": the verb of a who-question.
_WHO_VERB = re.compile(r"^\W*who\s+(?:\w+ly\s+)?([a-z]+ed)\b", re.I)
_ADJECTIVE = re.compile(r"^[A-Z][a-z]+$|(?:al|ary|ic|ese|an|ive|ous|ern|ish)$")


def focus_terms(question: str, extended: bool = False) -> set[str]:
    """Noun-like terms of the question: the word after a determiner, quantifier or preposition.

    ``extended`` adds the noun after a modifier there ("Kim Il's military rank"), a participle ("were
    killed") and the verb of "Who interpreted ...?": enough to tell that no passage is about them, too
    loose to demand them in the cited sentences (which may say "comrades" for "leadership").
    """
    words: list[str] = []
    for m in _FOCUS.finditer(question):
        if m.group(1)[0].isupper() and m.group(2) and m.group(2)[0].isupper():
            continue  # the start of a name ("the North Korean request"), not what is asked about
        words.append(m.group(1))
        if extended and m.group(2) and _ADJECTIVE.search(m.group(1)) and not _ADJECTIVE.search(m.group(2)) \
                and m.group(2).lower() not in FUNCTION_WORDS:
            words.append(m.group(2))  # "military rank", "Soviet ambassador"; not "North Korean"
    if extended:
        words += [m.group(1) for m in _PARTICIPLE.finditer(question)]
        words += [m.group(1) for m in _WHO_VERB.finditer(question)]
    return {stem(w.lower()) for w in words if w.lower() not in _GENERIC and len(w) >= 4} & _stems(question)


def ungrounded_terms(question: str, answer: str, cited: list[Sentence]) -> set[str]:
    """Focus terms of the question the answer asserts about, which no cited sentence mentions.

    "What was the population of Pyongyang?" answered with a sentence about Pyongyang that never
    mentions population links the question's focus to evidence that does not carry it.
    """
    evidence = set()
    for s in cited:
        evidence |= _stems(s.text)
    return (focus_terms(question) & _stems(re.sub(r"\[[\d.,;\s]+\]", "", answer))) - evidence


def unmentioned_focus(question: str, passages_text: str) -> set[str]:
    """Focus terms of the question that no retrieved passage mentions at all."""
    return focus_terms(question, extended=True) - _stems(passages_text)


_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w’'-]*")


def invented_names(answer: str, support: str) -> list[str]:
    """Capitalised words in the answer found nowhere in the passages or the question."""
    known = {w.lower().removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w’'-]+", support)}
    out = []
    for w in _CAPITALISED.findall(re.sub(r"\[[\d.,;\s]+\]", "", answer)):
        base = w.lower().removesuffix("’s").removesuffix("'s")
        if base not in known and base not in _STOP_CAPS:
            out.append(w)
    return out


_STOP_CAPS = set("""the a an in on at of to and but or yes no however according both this that these those there
they he she it his her its their after before during while when then also as for from with by""".split())


def decide(question: str, answer: str, cited: list[Sentence], sentences: list[Sentence],
           p_none: float | None, *, threshold: float, min_sentence_score: float,
           retrieved: list[Passage] | None = None) -> Verdict:
    """``sentences``: those shown to the model; ``retrieved``: every passage retrieved (defaults to theirs)."""
    best = max((s.score for s in sentences), default=0.0)
    signals = {"best_sentence_score": round(best, 3), "p_no_evidence": None if p_none is None else round(p_none, 3),
               "cited": len(cited)}
    if not sentences or best < min_sentence_score:
        return Verdict(True, "nothing retrieved is close to the question", signals=signals)
    passages_text = " ".join(s.passage.text for s in sentences)
    all_text = " ".join(p.text for p in retrieved) if retrieved else passages_text
    nowhere = unmentioned_focus(question, all_text)
    signals["unretrieved_focus"] = sorted(nowhere)
    if nowhere:  # no retrieved passage at all is about it: nor can a disagreement among them be
        return Verdict(True, "no retrieved passage mentions " + ", ".join(sorted(nowhere)), hard=True, signals=signals)
    missing = unmentioned_focus(question, passages_text)
    signals["unmentioned_focus"] = sorted(missing)
    if missing:
        return Verdict(True, "no passage shown to the model mentions " + ", ".join(sorted(missing)), signals=signals)
    if not cited:
        return Verdict(True, "no retrieved sentence states the answer", signals=signals)
    if p_none is not None and p_none >= threshold:
        return Verdict(True, "the model found no sentence that states the answer", signals=signals)
    if _SAYS_NO.search(answer):
        return Verdict(True, "the answer itself says the sources do not answer", signals=signals)
    ungrounded = ungrounded_terms(question, answer, cited)
    signals["ungrounded_terms"] = sorted(ungrounded)
    if ungrounded:
        return Verdict(True, "the cited sentences never mention " + ", ".join(sorted(ungrounded)), signals=signals)
    kind = missing_answer_type(question, [s.text for s in cited], passages_text)
    signals["answer_type"] = kind
    if kind:
        return Verdict(True, kind, hard=True, signals=signals)
    support = question + " " + " ".join(s.text for s in sentences)
    names = invented_names(answer, support + " " + passages_text)
    signals["invented_names"] = names
    if names:
        return Verdict(True, "the answer names " + ", ".join(names) + ", who is not in the sources", signals=signals)
    kept, invented = strip_invented_numbers(answer, support)
    signals["invented_numbers"] = invented
    if not kept:
        q_terms = content_terms(question)
        overlap = max((len(q_terms & content_terms(c.text)) / max(1, len(q_terms)) for c in cited), default=0.0)
        if overlap >= 0.5:
            # The model garbled a figure, but the sentence it cited is on point: show that quote alone.
            signals["quote_only"] = True
            return Verdict(False, "", answer="", signals=signals)
        return Verdict(True, "the answer's figures are not in the sources", signals=signals)
    return Verdict(False, "", answer=kept, signals=signals)
