"""Small-to-big: widen retrieved hits with their neighbouring chunks, within a word budget.

Paragraph chunks are short (~45 words in the seed), and the rest of an answer is often in the
paragraph before or after a hit. ``expand`` adds, hit by hit in rank order, the previous and then
the next chunk of the same document while the word budget lasts. The result has no duplicates and
is grouped into contiguous runs: runs are ordered by their best hit's rank, and each run reads in
document order. Added chunks carry ``kind="neighbour"`` and the rank of the hit they extend.
"""
from __future__ import annotations

from collections.abc import Callable

from app.types import Passage

DocChunks = Callable[[str], list[Passage]]  # doc_id -> its chunk passages, in document order


def _words(p: Passage) -> int:
    return len(p.text.split())


def _as_neighbour(chunk: Passage, hit: Passage) -> Passage:
    return chunk.model_copy(update={"kind": "neighbour", "rank": hit.rank, "score": 0.0,
                                    "dense_score": None, "bm25_score": None})


def _position(chunks: list[Passage], chunk_id: str) -> int | None:
    for i, c in enumerate(chunks):
        if c.chunk_id == chunk_id:
            return i
    return None


def neighbours(hit: Passage, chunks: list[Passage], words_budget: int,
               exclude: set[str] | frozenset[str] = frozenset()) -> list[Passage]:
    """The previous and next chunk of ``hit`` in ``chunks`` (its document), within the budget."""
    if hit.kind == "metadata" or words_budget <= 0:
        return []
    i = _position(chunks, hit.chunk_id)
    if i is None:
        return []
    out = []
    left = words_budget
    for j in (i - 1, i + 1):
        if 0 <= j < len(chunks) and chunks[j].kind == "chunk" and chunks[j].chunk_id not in exclude:
            w = _words(chunks[j])
            if w <= left:
                out.append(_as_neighbour(chunks[j], hit))
                left -= w
    return out


def expand(hits: list[Passage], doc_chunks: DocChunks, words_budget: int) -> list[Passage]:
    """Hits (best first) plus neighbours, merged into contiguous runs in document order."""
    chosen: dict[str, Passage] = {h.chunk_id: h for h in hits}
    left = words_budget
    cache: dict[str, list[Passage]] = {}
    for hit in sorted(hits, key=lambda h: h.rank):
        if left <= 0:
            break
        chunks = cache.get(hit.doc_id)
        if chunks is None:
            chunks = cache[hit.doc_id] = doc_chunks(hit.doc_id)
        for n in neighbours(hit, chunks, left, exclude=set(chosen)):
            chosen[n.chunk_id] = n
            left -= _words(n)
    return _runs(list(chosen.values()), cache)


def _runs(passages: list[Passage], cache: dict[str, list[Passage]]) -> list[Passage]:
    """Group passages that are adjacent chunks of one document; order runs by best rank."""
    order = {doc: {c.chunk_id: i for i, c in enumerate(chs)} for doc, chs in cache.items()}
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p)
    runs: list[list[Passage]] = []
    for doc, ps in by_doc.items():
        pos = order.get(doc, {})
        ps.sort(key=lambda p: (pos.get(p.chunk_id, -1), p.start))
        run: list[Passage] = []
        last = None
        for p in ps:
            i = pos.get(p.chunk_id)
            if run and (i is None or last is None or i != last + 1):
                runs.append(run)
                run = []
            run.append(p)
            last = i
        if run:
            runs.append(run)

    def best(run: list[Passage]) -> tuple:
        hits = [p for p in run if p.kind != "neighbour"]
        return (min((p.rank for p in hits), default=10**9), -max((p.score for p in hits), default=0.0))

    runs.sort(key=best)
    return [p for run in runs for p in run]
