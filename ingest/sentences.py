"""The one sentence splitter: [start, end) spans of the sentences of a clean text.

    spans = split_sentences(text, offset=0)

Used at ingest (chunking, instructions, the stored sentence table) and re-exported by
``app.text.sentences``. A sentence never crosses a paragraph (a blank line). Inside a paragraph,
wrapped lines are joined, but a line break is a boundary after a Markdown block line (heading,
list item, quote, table row), before a transcript turn ("Q." / "A.") or a "Field: value" line that
follows a finished line, after a line much shorter than the paragraph's longest (a heading, a
closing, a verse or table line) or a short line before another short line or ending in a comma or
colon ("Respectfully,") unless the next line goes on in lower case, and after a leading
line that reads as a heading (no final stop, capitals). Titles, ranks, initials and other common
abbreviations end no sentence, and nothing inside [square brackets] is split.
"""
from __future__ import annotations

import re

_BOUNDARY = re.compile(r"""(?<=[.!?…])[\"”’»)\]]*\s+(?=[“"‘«(\[¿¡A-ZÀ-ÖØ-Þ0-9])""")
_CLOSING = re.compile(r"[\"”’»)\]]*")
# titles, ranks, months, references and Latin tags before more words; a name's initial; dotted acronyms
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Messrs|Dr|St|Gen|Col|Lt|Lieut|Capt|Maj|Sgt|Serg|Serj|Corp|Adj|Gov|Rev|Hon|Prof|Jr|Sr|"
    r"Esq|Brig|Adm|Mme|Mlle|No|Nos|vs|etc|viz|cf|ibid|Ibid|vol|Vol|pp|ch|Ch|Co|Ltd|Inc|ss|jun|sen|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Fig|fig|Mt|Ft|MS|MSS)\.|"
    r"(?:^|[\s(\[“\"‘])[A-Z]\.|\b(?:[A-Za-z]\.){2,})$")
# Markdown headings, list items, quote lines and table rows: always a line of their own
_STRONG_LINE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|>\s?|\|)")
# a numbered item, a transcript turn, a "Field: value" line: their own line after a finished line
_WEAK_LINE = re.compile(r"^\s*(?:\d{1,3}[.)]\s|[QA]\.\s|[A-Z][A-Za-z ]{0,24}:\s)")
_FINISHED = re.compile(r"[.!?:;…][\"”’»)\]_*]*$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_SMALL = frozenset("a an and as at by de for from in of on or the to with".split())
_BRACKET = re.compile(r"\[[^\[\]]{1,400}\]")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """[start, end) spans (shifted by ``offset``) of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in segments(text):
        seg = text[seg_start:seg_end]
        protected = [(m.start(), m.end()) for m in _BRACKET.finditer(seg)]
        start = 0
        for m in _BOUNDARY.finditer(seg):
            end = _CLOSING.match(seg, m.start()).end()  # closing quotes stay with their sentence
            if any(a < m.start() < b - 1 for a, b in protected):
                continue
            if _ABBREV.search(seg, max(start, m.start() - 12), m.start()):
                continue
            _append(spans, text, seg_start + start, seg_start + end, offset)
            start = m.end()
        _append(spans, text, seg_start + start, seg_end, offset)
    return spans


def segments(text: str) -> list[tuple[int, int]]:
    """The stretches no sentence crosses: paragraphs, cut at the line breaks that are boundaries."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n\n"):
        lines, starts, p = para.split("\n"), [], pos
        for line in lines:
            starts.append(p)
            p += len(line) + 1
        longest = max((len(x.strip()) for x in lines), default=0)
        seg_start, leading = None, True
        for i, line in enumerate(lines):
            if not line.strip():
                if seg_start is not None:
                    out.append((seg_start, starts[i]))
                seg_start, leading = None, True
                continue
            if seg_start is None:
                seg_start = starts[i]
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt.strip() and _breaks_after(line, nxt, longest, leading):
                out.append((seg_start, starts[i] + len(line)))
                seg_start = None
            else:
                leading = False
        if seg_start is not None:
            out.append((seg_start, pos + len(para)))
        pos += len(para) + 2
    return [(s, e) for s, e in out if text[s:e].strip()]


def _breaks_after(line: str, nxt: str, longest: int, leading: bool) -> bool:
    line, nxt = line.strip(), nxt.strip()
    if _STRONG_LINE.match(line) or _STRONG_LINE.match(nxt) or _WEAK_LINE.match(line) and _WEAK_LINE.match(nxt):
        return True
    if _WEAK_LINE.match(nxt) and _FINISHED.search(line):
        return True
    if nxt[:1].islower():
        return False
    if len(line) < 0.6 * longest and longest - len(line) >= 12:
        return True
    if len(_WORD.findall(line)) <= 5 and (line.endswith((",", ":")) or len(_WORD.findall(nxt)) <= 5):
        return True  # a closing, a name, a rank: short lines of their own
    return leading and heading_like(line) and not heading_like(nxt)


def heading_like(line: str) -> bool:
    """A line that reads as a heading: at most 14 words, no final stop, and in capitals (or every word
    capitalised, with a figure or a word in capitals): "CHAPTER III", "Document 24.2 A. B. SMITH, Telegram (May
    1, 1950)"."""
    line = line.strip()
    words = _WORD.findall(line)
    if not words or len(words) > 14 or re.search(r"[.!?,;][\"”’»)\]_*]*$", line):
        return False
    if caps_share(line) >= 0.8 and sum(c.isalpha() for c in line) >= 2:
        return True
    titled = all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words)
    return titled and any(w[0].isdigit() or (w.isupper() and len(w) > 1) for w in words)


def caps_share(text: str) -> float:
    """The share of the cased letters of ``text`` that are capitals."""
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return sum(c.isupper() for c in cased) / len(cased) if cased else 0.0


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def _append(spans, text, start, end, offset):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start + offset, end + offset))
