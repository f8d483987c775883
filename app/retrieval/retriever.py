"""Hybrid retrieval: dense (Chroma) + BM25 (local bm25s index), fused, with full provenance.

    r = Retriever(settings)
    hits = r.search("Who wrote this article?")           # fused top-k Passages
    context = r.expand(hits)                             # + neighbouring chunks (small-to-big)
    p = r.paragraph_passage(doc_id, 12)                  # one paragraph as a Passage

Dense: the query is embedded with the same embedder as ingest and looked up in Chroma (embedded
or server). BM25: a local index under ``data_dir/bm25`` built from the docstore and rebuilt only
when the store version changes. Fusion: ``app.retrieval.fusion`` (a strong hit from either side survives).
Scores on a Passage: ``dense_score`` = cosine similarity, ``bm25_score`` = raw BM25 score,
``score`` = fused score in [0, 1].
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache

from app.retrieval.bm25 import BM25Index, index_text, open_index
from app.retrieval.neighbours import expand as _expand
from app.retrieval.neighbours import neighbours as _neighbours
from app.retrieval.fusion import fuse
from app.text.naming import names_source
from app.types import Passage
from core import offline  # noqa: F401
from core.settings import Settings


class Retriever:
    def __init__(self, settings: Settings, *, store=None, embedder=None, docstore=None):
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self._docstore = docstore
        self._bm25: BM25Index | None = None
        self._lock = threading.Lock()
        self._doc_chunks = lru_cache(maxsize=256)(self._load_doc_chunks)

    # --- lazily opened parts ------------------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            from ingest.embed import get_embedder

            self._embedder = get_embedder(self.settings)
        return self._embedder

    @property
    def store(self):
        if self._store is None:
            from ingest.store import open_store

            self._store = open_store(self.settings, self.embedder.chroma_function())
        return self._store

    @property
    def docstore(self):
        if self._docstore is None:
            from ingest.docstore import DocStore

            self._docstore = DocStore(self.settings)
        return self._docstore

    def bm25(self) -> BM25Index:
        """The BM25 index for the current store version (rebuilt only when that changes)."""
        version = str(self.docstore.version())
        with self._lock:
            if self._bm25 is None or self._bm25.version != version:
                self._bm25 = open_index(self.settings.data_dir / "bm25", version, self._bm25_records)
                self._doc_chunks.cache_clear()
            return self._bm25

    def _bm25_records(self):
        for c in self.docstore.iter_chunks():
            yield c.id, c.doc_id, (c.text if c.kind == "metadata" else index_text(c.title, c.text))

    # --- the two retrievers -------------------------------------------------------------------
    def dense(self, query: str, n: int) -> list[tuple[str, float]]:
        """``[(chunk_id, cosine similarity)]``, best first."""
        vec = self.embedder.embed([query])[0]
        return [(cid, 1.0 - dist) for cid, dist in self.store.query(vec, n)]

    def lexical(self, query: str, n: int) -> list[tuple[str, float]]:
        return self.bm25().search(query, n)

    def search(self, query: str, k: int | None = None,
               gives: Callable[[str], bool] | None = None, named: list[str] | None = None) -> list[Passage]:
        """The fused top-k passages for ``query``, best first (rank 1 = best). ``gives(text)`` says whether a
        passage gives what the question asks for (a figure, a date): each document whose passages so far give
        none brings its best candidate that does (``retrieval.figure_sources``). ``named``: the sources the
        question names ("according to Brady"); each named document brings its best ``retrieval.named_passages``
        candidates, searched within that document."""
        r = self.settings.retrieval
        k = k or r.top_k
        n = max(r.candidates, k)
        wide = max(n, r.figure_candidates) if gives is not None and r.figure_sources else n
        lexical, dense = self.lexical(query, wide), self.dense(query, wide)
        fused = fuse(dense[:n], lexical[:n], k, alpha=r.fusion_alpha, keep_top=r.keep_top)
        if r.other_sources:
            fused += self._other_sources(fused, fuse(dense[:n], lexical[:n], n, alpha=r.fusion_alpha, keep_top=0),
                                         r.other_sources)
        if wide > n:
            fused += self._giving_sources(fused, fuse(dense, lexical, wide, alpha=r.fusion_alpha, keep_top=0),
                                          gives, r.figure_sources)
        for doc_id in self.named_docs(named or []):
            fused += self._within(query, doc_id, {f.chunk_id for f in fused}, r.named_passages)
        out = []
        for f in fused:
            p = self.chunk_passage(f.chunk_id)
            if p is None:
                continue  # in Chroma but not (yet) in the docstore: a concurrent ingest
            out.append(p.model_copy(update={"score": round(f.score, 6), "dense_score": f.dense,
                                            "bm25_score": f.bm25, "rank": len(out) + 1}))
        return out

    def named_docs(self, names: list[str]) -> list[str]:
        """The documents ``names`` name (by author, or two words of the title); none if they name every one."""
        if not names:
            return []
        ids = self.docstore.doc_ids()
        found = [d for d in ids if (rec := self.docstore.get(d)) is not None
                 and names_source(names, rec.meta.title, rec.meta.author)]
        return found if len(found) < len(ids) else []

    def _within(self, query: str, doc_id: str, have: set[str], limit: int):
        """The best ``limit`` candidates of one document not in ``have``."""
        if limit <= 0:
            return []
        r = self.settings.retrieval
        dense = [(cid, 1.0 - dist) for cid, dist in
                 self.store.query(self.embedder.embed([query])[0], r.candidates, where={"doc_id": doc_id})]
        lexical = [(cid, s) for cid, s in self.lexical(query, r.figure_candidates) if self.bm25().doc_of(cid) == doc_id]
        ranked = fuse(dense, lexical[:r.candidates], r.candidates, alpha=r.fusion_alpha, keep_top=0)
        return [f for f in ranked if f.chunk_id not in have][:limit]

    def _other_sources(self, top, ranked, limit: int):
        """The best candidate of each document the top-k leaves out (up to ``limit``, best first): a second
        source's account of the same thing is often not among the first hits, and a disagreement needs both."""
        seen = {self.bm25().doc_of(f.chunk_id) for f in top}
        extra = []
        for f in ranked:
            doc = self.bm25().doc_of(f.chunk_id)
            if len(extra) >= limit:
                break
            if doc and doc not in seen:
                seen.add(doc)
                extra.append(f)
        return extra

    def _giving_sources(self, chosen, ranked, gives, limit: int):
        """The best candidate that ``gives`` of each document none of whose chosen passages does (best first)."""
        text_of = {}
        for f in chosen + ranked:
            if f.chunk_id not in text_of:
                p = self.chunk_passage(f.chunk_id)
                text_of[f.chunk_id] = (p.doc_id, p.text if p.kind != "metadata" else "") if p else ("", "")
        ids = {f.chunk_id for f in chosen}
        done = {text_of[f.chunk_id][0] for f in chosen if gives(text_of[f.chunk_id][1])}
        extra = []
        for f in ranked:
            doc, text = text_of[f.chunk_id]
            if len(extra) >= limit:
                break
            if doc and doc not in done and f.chunk_id not in ids and gives(text):
                done.add(doc)
                extra.append(f)
        return extra

    def chunk_passage(self, chunk_id: str) -> Passage | None:
        """One stored chunk (text chunk or metadata passage) as a Passage, from the local docstore."""
        doc_id = self.bm25().doc_of(chunk_id)
        doc = self.docstore.get(doc_id) if doc_id else None
        if doc is None:
            return None
        return next((_passage(doc, c) for c in doc.chunks if c.id == chunk_id), None)

    # --- small-to-big ---------------------------------------------------------------------------
    def doc_chunks(self, doc_id: str) -> list[Passage]:
        """All chunk passages of one document (metadata passage excluded), in document order."""
        self.bm25()  # drops the cache if the store changed
        return self._doc_chunks(doc_id)

    def neighbours(self, passage: Passage, words_budget: int | None = None) -> list[Passage]:
        budget = self.settings.retrieval.neighbour_words if words_budget is None else words_budget
        return _neighbours(passage, self.doc_chunks(passage.doc_id), budget)

    def expand(self, passages: list[Passage], words_budget: int | None = None) -> list[Passage]:
        budget = self.settings.retrieval.neighbour_words if words_budget is None else words_budget
        return _expand(passages, self.doc_chunks, budget)

    def paragraph_passage(self, doc_id: str, paragraph: int) -> Passage | None:
        """Paragraph ``paragraph`` (1-based) of ``doc_id`` as a Passage, or None if there is none."""
        doc = self.docstore.get(doc_id)
        if doc is None or not 1 <= paragraph <= len(doc.paragraphs):
            return None
        start, end = doc.paragraphs[paragraph - 1]
        meta = doc.meta
        return Passage(chunk_id=f"{doc_id}#p{paragraph}", doc_id=doc_id, title=meta.title, author=meta.author,
                       publisher=meta.publisher, date=meta.date, paragraph=paragraph, start=start, end=end,
                       text=doc.text[start:end], page=doc.page_at(start), kind="neighbour")

    def _load_doc_chunks(self, doc_id: str) -> list[Passage]:
        doc = self.docstore.get(doc_id)
        if doc is None:
            return []
        chunks = sorted((c for c in doc.chunks if c.kind == "chunk"), key=lambda c: c.start)
        return [_passage(doc, c) for c in chunks]


def _passage(doc, c) -> Passage:
    """A docstore ChunkRecord of DocRecord ``doc`` as a Passage with full provenance."""
    m = doc.meta
    return Passage(chunk_id=c.id, doc_id=doc.doc_id, title=m.title, author=m.author, publisher=m.publisher, date=m.date,
                   paragraph=c.paragraph, start=c.start, end=c.end, text=c.text, page=c.page, kind=c.kind)
