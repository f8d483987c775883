"""Fuse dense and BM25 candidate lists so that a strong hit from EITHER side survives.

Plain reciprocal rank fusion averages ranks, so a passage that is first for one retriever and
38th for the other sinks (the seed's author bio for "Who wrote this article?"). Here each list is
min-max normalised to [0, 1] over its candidates (absent = 0), and

    score = alpha * max(d, b) + (1 - alpha) * (d + b) / 2

so agreement between the retrievers ranks highest, while a one-sided top hit still scores at least
``alpha``. On top of that, the top ``keep_top`` of each retriever are guaranteed a place in the
returned top k.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fused:
    chunk_id: str
    score: float
    dense: float | None = None  # raw retriever scores (similarity, BM25), None if not a candidate
    bm25: float | None = None
    dense_rank: int | None = None  # 1-based
    bm25_rank: int | None = None


def _normalise(scores: list[float]) -> list[float]:
    if not scores:
        return []
    hi, lo = max(scores), min(scores)
    if hi - lo < 1e-12:
        return [1.0] * len(scores)
    return [(s - lo) / (hi - lo) for s in scores]


def fuse(dense: list[tuple[str, float]], bm25: list[tuple[str, float]], k: int,
         alpha: float = 0.5, keep_top: int = 1) -> list[Fused]:
    """dense/bm25: ``[(chunk_id, score)]`` best first, higher = better. Returns the top k."""
    items: dict[str, Fused] = {}
    nd: dict[str, float] = {}
    nb: dict[str, float] = {}
    for rank, ((cid, s), n) in enumerate(zip(dense, _normalise([s for _, s in dense])), 1):
        if cid not in items:
            items[cid] = Fused(cid, 0.0)
        if items[cid].dense is None:
            items[cid].dense, items[cid].dense_rank, nd[cid] = s, rank, n
    for rank, ((cid, s), n) in enumerate(zip(bm25, _normalise([s for _, s in bm25])), 1):
        if cid not in items:
            items[cid] = Fused(cid, 0.0)
        if items[cid].bm25 is None:
            items[cid].bm25, items[cid].bm25_rank, nb[cid] = s, rank, n
    for cid, f in items.items():
        d, b = nd.get(cid, 0.0), nb.get(cid, 0.0)
        f.score = alpha * max(d, b) + (1 - alpha) * (d + b) / 2
    ranked = sorted(items.values(), key=lambda f: (-f.score, f.dense_rank or 10**9, f.bm25_rank or 10**9))
    if k <= 0:
        return []
    top = ranked[:k]
    # Guarantee: each retriever's top `keep_top` are in the result (they replace the weakest).
    must = [cid for cid, _ in dense[:keep_top]] + [cid for cid, _ in bm25[:keep_top]]
    chosen = {f.chunk_id for f in top}
    for cid in must:
        if cid in chosen:
            continue
        removable = [f for f in reversed(top) if f.chunk_id not in must]
        if not removable:
            break
        top.remove(removable[0])
        top.append(items[cid])
        chosen = {f.chunk_id for f in top}
    top.sort(key=lambda f: (-f.score, f.dense_rank or 10**9, f.bm25_rank or 10**9))
    return top
