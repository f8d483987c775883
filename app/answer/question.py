"""Parse raw user input once into a typed ``Question`` (text, kind, terms, notes), or refuse it clearly."""
from __future__ import annotations

import re
import unicodedata

from core.lexicon import NAME, QUESTION_WORDS, content_terms, is_function_word, month_number, stem, stems
from app.text.naming import source_names
from app.types import Question, Turn
from core.errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKERS = re.compile(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]")


# Where a sentence or a line ends: a "." "!" "?" or "…" (and any closing quote or bracket) before a space, or a
# line break. A pasted passage with its question after it is cut here, so the question is kept whole.
_SENTENCE_END = re.compile(r"(?:[.!?…][\"'”’)\]]*[ \n]|\n)")
_QUESTION_END = re.compile(r"\?[\"'”’)\]]*")


def prepare_question(raw: str | None, max_chars: int) -> tuple[str, list[str]]:
    """Return (question, notes). Raises InputError with a one-line reason for unusable input."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", raw or "")
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"[^\S\n]+", " ", text)  # line breaks are kept for now: they end a pasted passage's lines
    text = re.sub(r" ?\n[\s]*", "\n", text).strip()
    if not text:
        raise InputError("the question is empty: type a question about the sources")
    if not any(ch.isalnum() for ch in text):
        raise InputError("the question has no words, only punctuation or symbols: type a question about the sources")
    if len(text) > max_chars:
        kept, what = _keep_the_question(text, max_chars)
        dropped = len(text[:len(text) - len(kept)].rstrip())
        notes.append(f"Your input was {len(text):,} characters, over the {max_chars:,}-character limit: {what}; "
                     f"the first {dropped:,} characters of the passage were not searched.")
        text = kept
    return text.replace("\n", " "), notes


def _keep_the_question(text: str, max_chars: int) -> tuple[str, str]:
    """The end of an over-long input to search, and what was kept (for the note).

    The last sentence ending in "?" and whatever follows it, when that fits in ``max_chars``; else the end of the
    text, from the first sentence (or, failing that, word) that starts within its last ``max_chars`` characters.
    """
    ends = list(_QUESTION_END.finditer(text))
    if ends:
        mark = ends[-1].start()
        starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, mark)]
        start = starts[-1] if starts else 0
        if len(text) - start <= max_chars and any(ch.isalnum() for ch in text[start:]):
            return text[start:].strip(), "only the question at its end was searched"
    cut = len(text) - max_chars
    sentence = _SENTENCE_END.search(text, cut)
    if sentence and len(text) - sentence.end() >= max_chars // 4:
        kept = text[sentence.end():].strip()
    else:
        word = text.find(" ", cut)
        kept = (text[word + 1:] if 0 <= word < len(text) - 1 else text[cut:]).strip()
    why = "" if ends else "it has no question mark, so "
    return kept, f"{why}only its last {len(kept):,} characters were searched"


def prepare_history(history: list | None, max_chars: int, keep: int = 3,
                    answer_chars: int = 300) -> list[Turn]:
    """Keep the last few usable earlier turns, cleaned the same way as questions.

    An item is a question (str) or a ``Turn``. An answer keeps its first ``answer_chars`` characters,
    without [n] markers: enough to tell who "he" or "it" is, no more.
    """
    kept: list[Turn] = []
    for item in (history or [])[-keep:]:
        turn = item if isinstance(item, Turn) else Turn(question=str(item or ""))
        try:
            q, _ = prepare_question(turn.question, max_chars)
        except InputError:
            continue
        answer = _MARKERS.sub("", _CONTROL.sub(" ", turn.answer or ""))
        answer = re.sub(r"\s+", " ", answer).strip()
        if len(answer) > answer_chars:
            answer = answer[:answer_chars].rsplit(" ", 1)[0] + " …"
        kept.append(Turn(question=q, answer=answer))
    return kept



_KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("count", re.compile(r"^\s*(?:how\s+(?:many|much|large|big|strong|long|old|far)|what\s+(?:(?:was|were|is)\s+the\s+)?"
                         r"(?:number|size|strength|total|population|count|tally|toll))\b", re.I)),
    ("what_said", re.compile(r"^\s*(?:what|how)\b.{0,80}\b(?:say|said|write|wrote|report|reported|tell|told|claim|"
                             r"claimed|state|stated|describe|described|testify|testified|depose|deposed|cable|"
                             r"cabled|recall|recalled|promise|promised|reply|replied|answer|answered)\b", re.I)),
    ("date", re.compile(r"^\s*(?:when|(?:(?:on|in|at)\s+)?(?:what|which)\s+(?:(?:exact|precise|particular|specific)\s+)?"
                        r"(?:date|day|year|month|time))\b", re.I)),
    ("who", re.compile(r"^\s*(?:who|whom|whose|by\s+whom|what\s+(?:was|were|is|are)\s+the\s+names?\s+of)\b", re.I)),
    ("why_how", re.compile(r"^\s*(?:why|how|for\s+what\s+reason|what\s+(?:reason|reasons|caused|made))\b", re.I)),
    ("yes_no", re.compile(r"^\s*(?:did|does|do|was|were|is|are|had|has|have|could|can|would|will|should|might)\b",
                          re.I)),
]
_NON_LATIN = re.compile(r"[^\x00-\u024F\u2000-\u206F\u20A0-\u20CF\u2100-\u214F]")
_FOREIGN_FUNCTION = re.compile(r"\b(?:le|la|les|des|du|est|une|il|elle|et|avec|pour|dans|qui|que|quoi|pourquoi|comment|"
                               r"quand|der|die|das|und|ist|nicht|mit|wer|wann|warum|el|los|las|una|con|para|qué|"
                               r"cuándo|quién|por|chi|perché|quando)\b", re.I)


_LEAD = re.compile(r"^\s*(?:(?:and|but|so|then|also|exactly|precisely|roughly|approximately|about)\s+)+", re.I)


# "Who was Ivan Kovalev?": who a named person was (a role, an office), not a name
_IDENTITY = re.compile(r"^\s*[Ww]ho\s+(?:was|is|were|are)\s+(?:[A-Z][\w.'’-]*\s*)+\??\s*$")


def question_kind(text: str) -> str:
    text = _LEAD.sub("", text)  # "Exactly how many …", "And when …"
    if _IDENTITY.match(text):
        return "other"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "other"


def looks_non_english(text: str) -> bool:
    """A question in another script, or with several function words of another European language."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if _NON_LATIN.match(ch)) / len(letters) > 0.3:
        return True
    return len(_FOREIGN_FUNCTION.findall(text)) >= 2 and not re.search(r"\b(?:the|of|and|did|what|who)\b", text, re.I)


def parse_question(raw: str | None, max_chars: int) -> Question:
    """Clean, truncate and parse the question once. Raises InputError for unusable input."""
    text, notes = prepare_question(raw, max_chars)
    if looks_non_english(text):
        notes.append("The sources are in English; a question in English will find more.")
    return describe(text, notes)


def describe(text: str, notes: list[str] | None = None, standalone: str = "") -> Question:
    """The typed Question for ``text`` (kind, content terms, names), read from the standalone text if given."""
    basis = standalone or text
    names = []
    for m in NAME.finditer(basis):
        parts = m.group(0).split()
        while parts and (parts[0].lower() in QUESTION_WORDS or is_function_word(parts[0])):
            parts.pop(0)
        if parts and not (len(parts) == 1 and month_number(parts[0])) and " ".join(parts) not in names:
            names.append(" ".join(parts))
    return Question(text=text, standalone=standalone, kind=question_kind(basis),
                    terms=[t for t in content_terms(basis) if t not in QUESTION_WORDS],
                    names=names, sources=source_names(basis), notes=list(notes or []))


EDGE_MARKS = " \t\n.,;:!?\"“”‘’'()[]—–-"  # outer punctuation a span or clause is trimmed of
ON_POINT_SHARE = 0.5  # a source's value read in code comes from a sentence holding this share of the question's words
_CLAUSE = re.compile(r"[^;:.!?()“”\"—]+")


def on_point(question: Question, text: str, last: bool = False) -> tuple[int, int] | None:
    """The clause of ``text`` holding most of the question's content words, when the sentence holds at least
    ``ON_POINT_SHARE`` of them: a yes/no value read in code is only taken from a sentence on the question's point.
    Between clauses holding as many, the first; with ``last``, the last (what was said follows "he wrote that")."""
    wanted = {stem(t) for t in question.terms}
    if not wanted or len(wanted & stems(text)) < ON_POINT_SHARE * len(wanted):
        return None
    clauses = list(_CLAUSE.finditer(text))
    best = max(reversed(clauses) if last else clauses, key=lambda m: len(wanted & stems(m.group(0))), default=None)
    if best is None:
        return None
    a, b = best.start(), best.end()
    while a < b and text[a] in EDGE_MARKS:
        a += 1
    while b > a and text[b - 1] in EDGE_MARKS:
        b -= 1
    return (a, b) if b > a else None
