"""Evidence: the sentences of the retrieved passages the LLM reads, with their neighbours, in paragraph order.

    sentences = select_evidence(question, passages, embed, settings.answer, docs)

Every sentence of the passages is scored against the question (cosine of the embeddings plus
a share of the question's content words it contains). The best sentences are seeds; each seed
brings its neighbours in the document (the sentence before and after, across a paragraph break or a
chunk's edge), so the model reads a claim with the words that say who makes it and what follows. The best seed of every
source that is nearly as relevant as the best one overall comes first, so that two sources
giving different answers are both read. The window stops at a word budget
(``answer.evidence_words``). Kept sentences are grouped by source and shown in document order.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import numpy as np

from app.text.values import values_from_text
from core.lexicon import stem, stems
from app.text.naming import brief, names_source
from app.types import Passage, Question, Sentence

_WORD = re.compile(r"[^\W\d_]{3,}")


def says_something(text: str) -> bool:
    """A sentence with a word in it: not a page number ("41"), a cut mark ("[...]"), a lone "A." or "1775."
    (an e-text's margin note is marked "margin" in the stored table)."""
    return bool(_WORD.search(text))


def split_passages(passages: list[Passage], docs) -> list[tuple[Passage, int, int, str]]:
    """(passage, start, end, text) of every prose sentence that says something, each document offset once, and a
    sentence a document repeats word for word (a running head on every page) only where it first comes.

    ``docs`` (a DocLibrary) gives each document's sentences and their roles as ingest stored them: nothing is
    split or classified again. A heading, headnote, signature, catalogue line or margin note is structure,
    never evidence."""
    out = []
    seen: set[tuple] = set()
    for p in passages:
        for s, e, role in _sentences_of(p, docs):
            key = (p.doc_id, p.kind == "metadata", s)
            text = p.text[s - p.start:e - p.start]
            again = (p.doc_id, p.kind == "metadata", " ".join(text.split()).lower())
            if role != "prose" or key in seen or again in seen or not says_something(text):
                continue
            seen.update((key, again))
            out.append((p, s, e, text))
    return out


def _sentences_of(p: Passage, docs) -> list[tuple[int, int, str]]:
    """The passage's sentences (document offsets) and roles, from the stored table clipped to the passage. A
    catalogue-record passage is the record itself, quoted as such: its stored lines are kept."""
    if p.kind == "metadata":
        stored = docs.metadata_sentences(p.doc_id) if p.start == 0 else []
        return [(s, e, "prose") for s, e in stored if e <= len(p.text)]
    table = docs.sentences(p.doc_id)
    first = max(0, bisect.bisect_right([e for _, e, _ in table], p.start))
    out = []
    for s, e, role in table[first:]:
        if s >= p.end:
            break
        s, e = max(s, p.start), min(e, p.end)
        if e > s:
            out.append((s, e, role))
    return out


def select_evidence(question: Question, passages: list[Passage], embed: Callable, cfg, docs,
                    keep: Callable[[Passage, int, int, str], bool] | None = None) -> list[Sentence]:
    """The evidence window for ``question``. ``docs`` (a DocLibrary): the stored sentence tables and speakers, so
    nothing is split, classified or attributed again. ``keep(passage, start, end, text)`` may veto a sentence."""
    parts = [x for x in split_passages(passages, docs) if keep is None or keep(*x)]
    if not parts:
        return []
    vecs = np.asarray(embed([question.search_text] + [t for *_, t in parts]), dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    dense = vecs[1:] @ vecs[0]
    q_stems = {stem(t) for t in question.terms}
    scores = []
    named = {p.doc_id for p, *_ in parts if names_source(question.sources, p.title, p.author)}
    for (p, s, e, t), d in zip(parts, dense):
        overlap = len(q_stems & stems(t)) / max(1, len(q_stems))
        scores.append(float(d) + cfg.lexical_weight * overlap + (cfg.named_bonus if p.doc_id in named else 0.0))
    order = sorted(range(len(parts)), key=lambda i: -scores[i])
    best = scores[order[0]]
    # seeds: the best sentence of each near-best source first, then the rest by score
    first_of_doc: dict[str, int] = {}
    for i in order:
        first_of_doc.setdefault(parts[i][0].doc_id, i)
    diverse = [i for i in first_of_doc.values() if scores[i] >= best - cfg.source_margin]
    seeds = diverse + [i for i in _value_seeds(question, parts, scores) if i not in diverse]
    seeds += [i for i in order if i not in seeds]
    following = _following_index(parts)
    neighbours = _neighbour_index(following)
    chosen: dict[int, float] = {}
    words = used = 0
    for i in seeds:
        if used >= cfg.max_seeds:
            break
        if scores[i] < cfg.min_seed_score:
            continue
        after = _run_after(i, following, parts, cfg.lead_words) if used < cfg.lead_seeds else [neighbours[i][1]]
        group = [j for j in (neighbours[i][0], i, *after) if j is not None and j not in chosen]
        cost = sum(len(parts[j][3].split()) for j in group)
        if chosen and words + cost > cfg.evidence_words:
            group = [i] if i not in chosen else []
            cost = sum(len(parts[j][3].split()) for j in group)
            if not group or words + cost > cfg.evidence_words:
                continue
        for j in group:
            chosen[j] = scores[j]
        words += cost
        used += 1
    return _number([(parts[j], scores[j]) for j in chosen], passages, docs)


def reserve(passages: list[Passage], window: list[Sentence], docs) -> list[Sentence]:
    """The retrieved passages' prose sentences the window left out (ids "r1", "r2", …, speakers as stored): code may
    read a second source's figure there after the model has answered (``others.other_sources``)."""
    shown = {(s.doc_id, s.start) for s in window}
    out = []
    for p, s, e, t in split_passages(passages, docs):
        if p.kind != "metadata" and (p.doc_id, s) not in shown:
            out.append(Sentence(sid=f"r{len(out) + 1}", passage=p, start=s, end=e, text=t,
                                speaker=docs.speaker_for(p.doc_id, s, e)))
    return out


def _value_seeds(question: Question, parts, scores: list[float]) -> list[int]:
    """For a count or date question, each source's sentence that gives a figure or date beside the question's
    words, best first: a second source's different figure is often in a lower-ranked sentence, and a
    disagreement cannot be seen unless both are read."""
    if question.kind not in ("count", "date"):
        return []
    probe = [Sentence(sid=str(i), passage=p, start=s, end=e, text=t, score=scores[i])
             for i, (p, s, e, t) in enumerate(parts)]
    found = [int(sid) for sid, _text in values_from_text(question.kind, question.terms, probe)]
    return sorted(found, key=lambda i: -scores[i])


def _neighbour_index(following: list[int | None]) -> list[tuple[int | None, int | None]]:
    """For each sentence, the sentence just before and just after it in its document, across a paragraph break
    or a chunk's edge: a line of dialogue or a transcript's answer ("A. Mr. Murdoch.") is a paragraph of its
    own, it means nothing without the line before it, and a chunk may end between them."""
    before: list[int | None] = [None] * len(following)
    for a, b in enumerate(following):
        if b is not None:
            before[b] = a
    return list(zip(before, following))


def _following_index(parts) -> list[int | None]:
    """For each sentence, the next sentence of the same source text in document order (any paragraph),
    when the passages hold it without a gap."""
    by_doc: dict[tuple[str, str], list[int]] = {}
    for i, (p, s, _e, _t) in enumerate(parts):
        by_doc.setdefault((p.doc_id, p.kind == "metadata"), []).append(i)
    out: list[int | None] = [None] * len(parts)
    for idxs in by_doc.values():
        idxs.sort(key=lambda i: parts[i][1])
        for a, b in zip(idxs, idxs[1:]):
            if parts[b][1] - parts[a][2] <= 3:
                out[a] = b
    return out


def _run_after(i: int, following: list[int | None], parts, budget: int) -> list[int]:
    """The sentences after ``i`` up to ``budget`` words (at least the next one): what a best sentence
    introduces (a letter after "wrote", the words after "whose last words were") is often further on."""
    out: list[int] = []
    words = 0
    j = following[i]
    while j is not None and (not out or words + len(parts[j][3].split()) <= budget):
        out.append(j)
        words += len(parts[j][3].split())
        j = following[j]
    return out


def _number(kept, passages: list[Passage], docs) -> list[Sentence]:
    """Group by source (in order of each source's best passage), then document order; ids "source.sentence". Each
    sentence carries its speaker as ingest stored it."""
    doc_rank: dict[tuple[str, bool], int] = {}
    for p in passages:
        doc_rank.setdefault((p.doc_id, p.kind == "metadata"), len(doc_rank))
    kept.sort(key=lambda x: (doc_rank[(x[0][0].doc_id, x[0][0].kind == "metadata")], x[0][1]))
    out: list[Sentence] = []
    src_no: dict[tuple[str, bool], int] = {}
    count: dict[int, int] = {}
    for (p, s, e, t), score in kept:
        k = src_no.setdefault((p.doc_id, p.kind == "metadata"), len(src_no) + 1)
        count[k] = count.get(k, 0) + 1
        speaker = docs.speaker_for(p.doc_id, s, e) if p.kind != "metadata" else None
        out.append(Sentence(sid=f"{k}.{count[k]}", passage=p, start=s, end=e, text=t, score=round(score, 4),
                            speaker=speaker))
    return out


def format_sentences(sentences: list[Sentence], heading_words: int = 12) -> str:
    """The numbered evidence as the LLM reads it: one heading per source, then its sentences.

    A heading names its source in at most ``heading_words`` words (``answer.heading_words``): catalogue titles
    run to 40 words and more, read again on every question at ~15 ms a token; the full provenance is on the
    citation card."""
    lines = []
    current = None
    for s in sentences:
        head = s.sid.split(".")[0]
        if head != current:
            p = s.passage
            what = "catalogue record" if p.kind == "metadata" else brief(p.title or p.doc_id, heading_words)
            by = f", by {brief(p.author, max(2, heading_words // 2))}" if p.author and p.kind != "metadata" else ""
            date = f", {p.date}" if p.date else ""
            lines.append(f"(source {head}: {what}{by}{date})")
            current = head
        said = f" ({s.speaker})" if s.speaker else ""
        lines.append(f"[{s.sid}]{said} {s.text}")
    return "\n".join(lines)
