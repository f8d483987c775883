"""Corroboration: compare, in code, the values the sources' own spans give for this question.

    c = corroborate(question, found, figure_ratio=10)
    c.groups     sources grouped by the value they give, largest group first (one span per source)
    c.differ     (a, b): two sources whose values differ, or None
    c.agree      how many sources give the value of the largest group (2 or more: "2 sources agree")

Only the spans that answer this question are compared (app/answer/spans.py checked them), never values
read elsewhere in a sentence. Values are typed and normalised (app/text/values.py): numbers
written in words or digits, dates by field, yes/no by the stance the quoted words state (a negation, or an
opening "yes"; ``spans.stance_of``), names and short
phrases by their content words. Figures further apart than ``figure_ratio`` count different things and
are neither agreement nor disagreement. Questions that ask no single value (why, how, what was said)
are not compared.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.answer.spans import Found
from app.disagreement.compare import differ
from app.text.values import Value, classify
from app.types import Question

COMPARED_KINDS = ("count", "date", "yes_no", "who")


@dataclass(frozen=True)
class Corroboration:
    groups: list[list[Found]] = field(default_factory=list)
    differ: tuple[Found, Found] | None = None

    @property
    def agree(self) -> int:
        return len(self.groups[0]) if self.groups else 0


def value_of(question: Question, f: Found) -> Value:
    if question.kind == "yes_no" and not f.stance:  # words that state no stance: neither agree nor differ
        return Value(sid=f.sentence.sid, text=f.span, type="yesno", sentence=f.sentence)
    text = f.stance if question.kind == "yes_no" else f.span
    return classify(f.sentence.sid, text, f.sentence, question.kind)


def same(a: Value, b: Value, max_ratio: float) -> bool:
    """Two values that say the same thing (numbers sharing a figure, dates equal in every field both give,
    the same stance, phrases sharing a content word)."""
    if a.type != b.type:
        return False
    if a.type == "number":
        return bool(a.numbers & b.numbers)
    if a.type == "date":
        both = [(x, y) for x, y in zip(a.date, b.date) if x is not None and y is not None]
        return bool(both) and all(x == y for x, y in both)
    if a.type == "yesno":
        return a.yes is not None and a.yes == b.yes
    return bool(a.words & b.words)


def corroborate(question: Question, found: list[Found], figure_ratio: float) -> Corroboration:
    if question.kind not in COMPARED_KINDS:
        return Corroboration()
    firsts: dict[tuple[str, str], Found] = {}
    for f in found:
        firsts.setdefault(f.source, f)
    if len(firsts) < 2:
        return Corroboration()
    values = {src: value_of(question, f) for src, f in firsts.items()}
    groups: list[list[tuple[str, str]]] = []
    for src in firsts:
        home = next((g for g in groups if same(values[g[0]], values[src], figure_ratio)), None)
        if home is None:
            groups.append([src])
        else:
            home.append(src)
    groups.sort(key=len, reverse=True)  # stable: the model's order among equals
    side = None
    for i, g in enumerate(groups):
        for h in groups[i + 1:]:
            if side is None and differ(values[g[0]], values[h[0]], figure_ratio):
                side = (firsts[g[0]], firsts[h[0]])
    return Corroboration(groups=[[firsts[s] for s in g] for g in groups], differ=side)
