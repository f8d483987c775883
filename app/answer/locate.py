"""Find a span the model copied in the sentence it names: verbatim with whitespace, case and quote marks
normalised; else the stretch holding, in order, nearly all its words; else the short stretch holding nearly all
of them in any order. What is returned is always offsets of the source's own characters.

    locate_span("Lord Percy sent", "Then Lord Hugh Percy sent a brigade.")   # offsets of "Lord Hugh Percy sent"
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from app.answer.question import EDGE_MARKS as _EDGE
from app.checks.verify import normalise


def locate_span(span: str, text: str) -> tuple[int, int] | None:
    """Offsets of ``span`` in ``text`` with whitespace, case and quote marks normalised; outer punctuation of
    the span is ignored. None when it is not there verbatim."""
    needle, _ = _plain(span.strip(_EDGE))
    if not needle:
        return None
    hay, index = _plain(text)
    at = hay.find(needle)
    if at >= 0:
        return index[at], index[at + len(needle) - 1] + 1
    return _aligned(span, text) or _reordered(span, text)


ALIGN_SHARE = 0.8  # a span whose words stand, in order, in a stretch of the sentence this fully is that stretch
ALIGN_GAP = 5  # words of the source between two of the span's (a speech tag: "'My men,' replied Harold, with a laugh, 'will…")
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _aligned(span: str, text: str) -> tuple[int, int] | None:
    """The stretch of ``text`` holding, in order, at least ``ALIGN_SHARE`` of the span's words, from its first
    matched word to its last: a 1.5B model copying a clause drops or changes a word ("Lord Percy sent" for "Lord Hugh Percy
    sent") or is cut off mid-word. What is shown is then the source's own stretch, never the model's words."""
    want = [m.group(0).casefold() for m in TOKEN.finditer(span)]
    have = list(TOKEN.finditer(text))
    if len(want) < 3 or not have:
        return None
    words = [m.group(0).casefold() for m in have]
    blocks = [b for b in SequenceMatcher(None, words, want, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    # the longest run of blocks that lie close together in the sentence (no gap of more than ALIGN_GAP words)
    runs, run = [], [blocks[0]]
    for b in blocks[1:]:
        if b.a - (run[-1].a + run[-1].size) <= ALIGN_GAP:
            run.append(b)
        else:
            runs.append(run)
            run = [b]
    runs.append(run)
    best = max(runs, key=lambda r: sum(b.size for b in r))
    if sum(b.size for b in best) < ALIGN_SHARE * len(want):
        return None
    first, last = best[0].a, best[-1].a + best[-1].size - 1
    return have[first].start(), have[last].end()


def _reordered(span: str, text: str) -> tuple[int, int] | None:
    """The shortest stretch of ``text``, at most a few words longer than the span, holding ``ALIGN_SHARE`` of the
    span's distinct words in any order: the model turns an apposition round ("Ivan Kovalev (Stalin's
    representative)" for "Stalin's representative, Ivan Kovalev"). What is shown is the source's stretch."""
    want = {m.group(0).casefold() for m in TOKEN.finditer(span) if len(m.group(0)) > 1}  # not the s of 's
    have = list(TOKEN.finditer(text))
    if len(want) < 3:
        return None
    need, room = ALIGN_SHARE * len(want), len(want) + REORDER_SLACK
    best, best_key = None, None
    for i in range(len(have)):
        if have[i].group(0).casefold() not in want:
            continue
        seen: set[str] = set()
        for j in range(i, min(len(have), i + room)):
            w = have[j].group(0).casefold()
            if w in want and w not in seen:
                seen.add(w)
                key = (len(seen), i - j)  # most of the span's words, then the shortest stretch
                if len(seen) >= need and (best_key is None or key > best_key):
                    best, best_key = (i, j), key
    return (have[best[0]].start(), have[best[1]].end()) if best else None


REORDER_SLACK = 3  # words a reordered span's stretch may hold beyond the span's own


def _plain(text: str) -> tuple[str, list[int]]:
    """``normalise`` without quote marks and apostrophes: a model copying “give … need.” drops the marks."""
    norm, index = normalise(text)
    keep = [i for i, ch in enumerate(norm) if ch not in "\"'"]
    plain = re.sub(r" {2,}", " ", "".join(norm[i] for i in keep))
    if len(plain) == len(keep):
        return plain, [index[i] for i in keep]
    out, idx = [], []
    for i in keep:  # collapse the spaces a removed mark left doubled
        if norm[i] == " " and out and out[-1] == " ":
            continue
        out.append(norm[i])
        idx.append(index[i])
    return "".join(out), idx
