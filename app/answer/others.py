"""Other sources' values, read in code: for a count, date or yes/no question the model answered from some sources,
each other source's own value from its best sentence on the question's point, so that sources that agree or differ
are compared even when the model pointed at one.

    found += other_sources(question, sentences, found, total=5)
"""
from __future__ import annotations

from app.answer.question import on_point
from app.answer.kinds import answers_what_is_asked
from app.answer.spans import Found, stance_of, value_in
from app.text.values import NUMBER_PHRASE, values_from_text
from core.lexicon import is_function_word, stems
from app.types import Question, Sentence


def other_sources(question: Question, sentences: list[Sentence], found: list[Found], total: int,
                  reserve: list[Sentence] = ()) -> list[Found]:
    """For a count, date or yes/no question the model answered from some sources: each other source's own value,
    read in code from its best sentence on the question's words (``values_from_text``), so that sources that
    agree or differ are compared even when the model pointed at one. Only from a sentence on the question's point
    (``on_point``); never a catalogue record; within ``total``.

    For a count, a second source's figure is taken only when it counts the same things as the model's answer (or
    its span names no counted thing): "two soldiers killed" beside "two men dead" is neither agreement nor
    disagreement.

    ``reserve``: the retrieved passages' other sentences, which the model did not read. A source the evidence
    window gives no value for may give its figure there (a second account's count stood a page further on),
    taken only when it counts the same things as the model's answer ("twelve hundred men" beside "a thousand
    men"; never "three officers" beside "two soldiers killed")."""
    if question.kind not in ("count", "date", "yes_no") or not found:
        return []
    out = _from(question, sentences, found, total)
    counted = counted_words(found[0].span) if question.kind == "count" else set()
    if counted:  # a figure of other things ("two men dead" beside "two soldiers killed") is no second account
        out = [f for f in out if not counted_words(f.span) or counted & counted_words(f.span)]
    if counted and reserve:
        alike = [s for s in reserve if (f := value_in(question, s)) is not None and counted & counted_words(f.span)]
        out += [f for f in _from(question, alike, found + out, total, on_point_only=False)
                if counted & counted_words(f.span)]
    return out


def counted_words(span: str) -> set[str]:
    """What a figure counts: the content words of its span other than the figure ("twelve hundred men" → men)."""
    return {w for w in stems(NUMBER_PHRASE.sub(" ", span)) if not is_function_word(w)}


def _from(question: Question, sentences: list[Sentence], found: list[Found], total: int,
          on_point_only: bool = True) -> list[Found]:
    have = {f.source for f in found}
    by_id = {s.sid: s for s in sentences}
    out: list[Found] = []
    if question.kind != "yes_no" and on_point_only:  # each source's best figure or date among its sentences on the question's point
        sentences = [s for s in sentences if on_point(question, s.text) is not None]
    for sid, value in values_from_text(question.kind, question.terms, sentences):
        s = by_id[sid]
        if (s.passage.doc_id, s.speaker or "") in have or len(found) + len(out) >= total:
            continue
        if question.kind == "yes_no":
            clause = on_point(question, s.text)
            if clause is not None:  # quoted; compared only when its words state a stance (spans.stance_of)
                span = s.text[clause[0]:clause[1]]
                out.append(Found(sentence=s, span=span, span_start=clause[0], span_end=clause[1],
                                 stance=stance_of(question, span)))
            continue
        extra = value_in(question, s)
        if question.kind == "count" and extra is not None and not answers_what_is_asked(question, extra):
            extra = None  # a figure that does not count what the question counts (kinds.answers_what_is_asked)
        if extra is not None:  # a figure or date of another matter ("the date for a meeting") is never compared
            out.append(extra)
    return out
