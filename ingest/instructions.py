"""Documents are data: find the sentences of a document that speak to its reader, not about history.

A sentence is an *instruction to the reader* when it is a directive (imperative mood, a modal
obligation or a polite request) whose addressee is the reader of this text now: an assistant, an
AI, a model, "anyone who asks", or an unnamed "you" asked to act on an answer (say, cite, ignore),
usually with the marks of a standing instruction ("from now on", "whenever", "in every answer").

Orders between people inside the text are history and are kept: a quoted order, a reported order
("Parker ordered his men to disperse"), an order with a first-person narrator ("I ordered our
militia not to fire") or a named or titled recipient ("Tell General Terry ..."). These only raise
the bar; an order addressed to an AI is flagged even inside quotation marks.

The decision is a small, explainable score over grammatical cue classes (``instruction_cues``):

    score = 2·reader_role + reader_weak + answer_act + content + discourse + standing + question
    instruction  <=>  directive and score >= 2 + b, where b (at most 2) counts the marks of an
                      order between people (quoted, a person, reported speech); b = 0 when a
                      reader_role is addressed

``explain`` returns the cues behind a verdict. Markdown link syntax is reduced to its text first,
so link text is judged like any other sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.instruction_cues import LANGUAGES, Cues
from ingest.sentences import segments, split_sentences  # noqa: F401  (split_sentences: re-exported)

# --- quotation -----------------------------------------------------------------------------------
_CLOSERS = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "‹": "›"}
_MAX_UNCLOSED = 3000
_QUOTE_MARK = re.compile("[“”«»„‘’\"‹›]")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (an unclosed quotation runs on to the end of ``text``, 3000
    characters at most)."""
    regions: list[tuple[int, int]] = []
    opener, start = "", 0
    for m in _QUOTE_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if opener:
            if ch == _CLOSERS[opener] and not (ch == "’" and i + 1 < len(text) and text[i + 1].isalpha()):
                regions.append((start, i + 1))
                opener = ""
        elif ch != "’" and not (ch == "‘" and i > 0 and text[i - 1].isalnum()):
            opener, start = ch, i
    if opener:  # unclosed: to the end of the text, but a stray mark does not quote a whole book
        regions.append((start, min(len(text), start + _MAX_UNCLOSED)))
    return regions


# --- the classifier ------------------------------------------------------------------------------
_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,500}\)")
_CLAUSE = re.compile(r"\s*(?:[;:—–()\[\]]|,\s*(?:and|but|or|then|et|mais|puis|und|aber|dann|oder)?\b|\.\.\.)\s*", re.I)


# A French or German table is only tried on a sentence that has a function word of that language.
_FUNCTION_WORDS = {
    "fr": frozenset("le la les des une est que qu qui vous tu pas dans pour sur avec ce cette chaque".split()),
    "de": frozenset("der das und nicht ist ein eine zu den dem mit dass wenn du ich nach jeder".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Verdict:
    instruction: bool
    directive: bool = False
    score: int = 0
    threshold: int = 2
    cues: list[str] = field(default_factory=list)


def _flat(text: str) -> str:
    return _LINK.sub(r"\1", text).replace("’", "'").replace("\n", " ")


_MODAL = re.compile(r"\b(?:must|should|shall|will|are to|is to|needs? to|ha(?:ve|s) to|ought to|(?:are|is) (?:\w+ )?"
                    r"(?:required|expected|asked|instructed|requested|told|obliged|directed) to|(?:should|must|will|"
                    r"shall) be (?:told|given|answered|shown)|dois|devez|doit|doivent|devra|devront|musst|müsst|"
                    r"müssen|muss|sollst|sollt|sollen|soll)\b", re.I)


def _directive(c: Cues, text: str) -> bool:
    if any(c.imperative.match(part) for part in _CLAUSE.split(text) if part):
        return True
    if c.gate is not None and c.gate.isdisjoint(_WORD.findall(text.lower())):
        return False  # no addressee or request word: only an imperative could have made it a directive
    if c.obligation.search(text):
        return True
    for m in c.reader_role.finditer(text):  # "Anyone who asks ... should be told", "Chatbots ... are expected to"
        if _MODAL.search(text, m.end(), m.end() + 80):
            return True
    return _vocative(c, text)


def _vocative(c: Cues, text: str) -> bool:
    """Opens by addressing the reader role: "Note to AI systems: ...", "Assistant, ..."."""
    for marks in ("[:—–]", "[,:—–]"):
        head = re.split(marks, text, maxsplit=1)
        if len(head) == 2 and len(head[0].split()) <= 8 and c.reader_role.search(head[0]):
            return True
    return False


def _judge(c: Cues, text: str, outside: str, inside: list[str]) -> Verdict:
    direct_out = _directive(c, outside)
    direct_in = not direct_out and any(_directive(c, q) for q in inside)
    if not (direct_out or direct_in):
        return Verdict(instruction=False)
    cues: list[str] = []
    score = 0
    for name, pattern, weight in (("reader_role", c.reader_role, 2), ("reader_weak", c.reader_weak, 1),
                                  ("answer_act", c.answer_act, 1), ("discourse", c.discourse, 1),
                                  ("standing", c.standing, 1), ("question", c.question, 1),
                                  ("content", c.content, 1)):
        if pattern.search(text):
            cues.append(name)
            score += weight
    between = ["quoted"] if direct_in else []
    if c.person.search(text):  # a narrator, a named recipient or asker: inside quotes too
        between.append("person")
    if c.reported.search(outside):
        between.append("reported")
    cues += between
    threshold = 2 + (min(2, len(between)) if "reader_role" not in cues else 0)
    return Verdict(instruction=score >= threshold, directive=True, score=score, threshold=threshold, cues=cues)


def explain(sentence: str, quoted: list[tuple[int, int]] | None = None) -> Verdict:
    """The verdict on one sentence and its cues. ``quoted``: spans of it inside quotation marks
    (default: found from the sentence's own quotation marks)."""
    words = set(_WORD.findall(sentence.lower()))
    langs = [c for lang, c in LANGUAGES.items()
             if (lang == "en" or not _FUNCTION_WORDS[lang].isdisjoint(words))
             and (c.gate is None or not words.isdisjoint(c.gate) or not words.isdisjoint(c.starts))]
    if not langs:  # no word that an addressee, a request or an imperative needs
        return Verdict(instruction=False)
    regions = quoted_regions(sentence) if quoted is None else quoted
    outside, inside, pos = [], [], 0
    for s, e in regions:
        outside.append(sentence[pos:s])
        inside.append(_flat(sentence[s:e]).strip(" \"“”«»„‘’‹›"))
        pos = e
    outside.append(sentence[pos:])
    flat, out = _flat(sentence), _flat(" … ".join(outside)).strip()
    best = Verdict(instruction=False)
    for c in langs:
        v = _judge(c, flat, out, inside)
        if v.instruction:
            return v
        if v.score > best.score:
            best = v
    return best


def is_instruction(sentence: str) -> bool:
    """True for a sentence that instructs its reader (an assistant, a model, anyone who asks)."""
    return explain(sentence).instruction


def find_instructions(text: str) -> list[tuple[int, int]]:
    """[start, end) spans in ``text`` of the sentences that are instructions to the reader/assistant.

    Quotation is followed across the sentences of a paragraph, so an order quoted over several
    sentences counts as quoted in each of them.
    """
    found: list[tuple[int, int]] = []
    sentences = split_sentences(text)  # the stored table's spans, exactly
    k = 0
    for block_start, block_end in segments(text):
        block = text[block_start:block_end]
        regions = quoted_regions(block)  # sorted, disjoint
        first = 0
        inside = []
        while k < len(sentences) and sentences[k][1] <= block_end:
            inside.append((sentences[k][0] - block_start, sentences[k][1] - block_start))
            k += 1
        for start, end in inside:
            while first < len(regions) and regions[first][1] <= start:
                first += 1
            local, i = [], first
            while i < len(regions) and regions[i][0] < end:
                s, e = regions[i]
                local.append((max(s, start) - start, min(e, end) - start))
                i += 1
            if explain(block[start:end], local).instruction:
                found.append((block_start + start, block_start + end))
    return found
