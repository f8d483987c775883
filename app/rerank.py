"""Rerank: pick the few sentences of the retrieved passages that bear on the question.

The LLM reads numbered sentences, not whole passages: prompt processing costs
about 17 ms per token on 2 cores, so a short, focused evidence list keeps answers
fast and lets the model cite sentence ids instead of copying quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from app.guard import addresses_the_assistant
from app.sentences import split_sentences
from app.types import Passage

_WORD = re.compile(r"[a-z0-9]+")
_STOP = set("""a an and are as at be been but by did do does for from had has have he her his how i in is it its of on or
that the their them they this to was were what when where which who whom why will with would about into than then there these
those not no yes any all can could should may might one two""".split())


@dataclass
class Sentence:
    sid: str  # "p.s": passage p (1-based, in prompt order), sentence s
    passage: Passage
    start: int  # offsets in the document's clean text
    end: int
    text: str
    score: float = 0.0


def content_terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def split_passages(passages: list[Passage]) -> list[tuple[Passage, int, int, str]]:
    out = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        for s, e in split_sentences(p.text, p.start):
            key = (p.doc_id, s)
            if key in seen:
                continue
            seen.add(key)
            out.append((p, s, e, p.text[s - p.start:e - p.start]))
    return out


def select_sentences(question: str, passages: list[Passage], embed, *, max_sentences: int,
                     max_words: int, must_include: set[tuple[str, int]] | None = None) -> list[Sentence]:
    """Score every sentence of ``passages`` against ``question``; keep the best within budget.

    ``embed(texts) -> vectors`` is the same embedder used for retrieval. ``must_include`` holds
    (doc_id, paragraph) pairs whose sentences are kept first (e.g. both sides of a dispute).
    Kept sentences are numbered by passage in retrieval order, then by position.
    """
    parts = [x for x in split_passages(passages) if not addresses_the_assistant(x[3])]
    if not parts:
        return []
    vecs = np.asarray(embed([question] + [t for *_, t in parts]), dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    dense = vecs[1:] @ vecs[0]
    q_terms = content_terms(question)
    scored = []
    for (p, s, e, t), d in zip(parts, dense):
        overlap = len(q_terms & content_terms(t)) / max(1, len(q_terms))
        scored.append((float(d) + 0.3 * overlap, p, s, e, t))
    scored.sort(key=lambda x: -x[0])
    # Reserve the best sentence of each must-include paragraph (both sides of a dispute),
    # then fill the rest of the budget by score.
    reserved, seen_keys = [], set()
    for item in scored:
        key = (item[1].doc_id, item[1].paragraph)
        if must_include and key in must_include and key not in seen_keys:
            reserved.append(item)
            seen_keys.add(key)
    kept, words = [], 0
    for score, p, s, e, t in reserved + [x for x in scored if x not in reserved]:
        n = len(t.split())
        if len(kept) >= max_sentences or (kept and words + n > max_words):
            continue
        if any(k[2] == s and k[1].doc_id == p.doc_id for k in kept):
            continue
        kept.append((score, p, s, e, t))
        words += n
    # number by passage (retrieval order), then by position in the document
    order = {id(p): i for i, p in enumerate(passages)}
    kept.sort(key=lambda x: (order.get(id(x[1]), 0), x[2]))
    out: list[Sentence] = []
    p_index: dict[int, int] = {}
    s_count: dict[int, int] = {}
    for score, p, s, e, t in kept:
        pi = p_index.setdefault(id(p), len(p_index) + 1)
        s_count[pi] = s_count.get(pi, 0) + 1
        out.append(Sentence(f"{pi}.{s_count[pi]}", p, s, e, t, score))
    return out


def format_sentences(sentences: list[Sentence]) -> str:
    lines = []
    current = None
    for s in sentences:
        head = s.sid.split(".")[0]
        if head != current:
            src = s.passage.title or s.passage.doc_id
            lines.append(f"(source {head}: {src}, paragraph {s.passage.paragraph})")
            current = head
        lines.append(f"[{s.sid}] {s.text}")
    return "\n".join(lines)
