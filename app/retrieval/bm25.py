"""A local BM25 index (bm25s) over the stored chunks, persisted under ``data_dir/bm25/``.

The index is built from the LOCAL docstore (chunk text + title header), never by reading chunks
back from Chroma, so it works the same with an embedded store and a Chroma server. It is tagged
with the store version it was built from and rebuilt only when that version changes.

Tokens: lowercase words of 2+ characters, English stopwords removed, Snowball-stemmed (PyStemmer,
the stemmer bm25s is designed for). The same tokeniser is used for chunks and queries.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import STOPWORDS_EN_PLUS

try:  # light C extension; without it we fall back to unstemmed tokens
    import Stemmer

    _STEM = Stemmer.Stemmer("english").stemWords
except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
    _STEM = None

_STOPWORDS = sorted(STOPWORDS_EN_PLUS)
FORMAT = 2  # bump when the on-disk layout or the tokeniser changes


def tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, lower=True, stopwords=_STOPWORDS, stemmer=_STEM,
                          return_ids=False, show_progress=False)


def index_text(title: str, text: str) -> str:
    """What BM25 sees for a chunk: its document title as a header, then the chunk text."""
    return f"{title}\n{text}" if title else text


class BM25Index:
    """An immutable BM25 index over chunk ids; ``search`` returns ``[(chunk_id, score)]``.

    It also maps each chunk id to its document (``doc_of``), so the retriever can fetch a hit's
    provenance from the local docstore without a round trip to Chroma.
    """

    def __init__(self, model: bm25s.BM25 | None, ids: np.ndarray, doc_rows: np.ndarray,
                 docs: list[str], version: str):
        self._model = model
        self._ids = ids  # row -> chunk id (bytes)
        self._doc_rows = doc_rows  # row -> index into docs
        self._docs = docs
        self._order = np.argsort(ids, kind="stable") if len(ids) else np.array([], dtype=np.int64)
        self._sorted = ids[self._order] if len(ids) else ids
        self.version = version

    def __len__(self) -> int:
        return len(self._ids)

    @classmethod
    def build(cls, records: Iterable[tuple[str, str, str]], version: str) -> "BM25Index":
        """records: ``(chunk_id, doc_id, text_to_index)`` triples."""
        ids: list[str] = []
        texts: list[str] = []
        docs: dict[str, int] = {}
        rows: list[int] = []
        for chunk_id, doc_id, text in records:
            ids.append(chunk_id)
            rows.append(docs.setdefault(doc_id, len(docs)))
            texts.append(text)
        id_arr = np.array(ids, dtype="S") if ids else np.array([], dtype="S1")
        doc_rows = np.array(rows, dtype=np.int32)
        if not texts:
            return cls(None, id_arr, doc_rows, [], version)
        tokens = tokenize(texts)
        del texts
        model = bm25s.BM25()
        model.index(tokens, show_progress=False)
        return cls(model, id_arr, doc_rows, list(docs), version)

    def doc_of(self, chunk_id: str) -> str | None:
        """The doc_id of an indexed chunk, or None."""
        if not len(self._ids):
            return None
        key = chunk_id.encode()
        i = int(np.searchsorted(self._sorted, key))
        if i < len(self._sorted) and self._sorted[i] == key:
            return self._docs[int(self._doc_rows[self._order[i]])]
        return None

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        if self._model is None or n <= 0:
            return []
        q = tokenize([query])[0]
        vocab = self._model.vocab_dict
        q = [t for t in q if t in vocab]
        if not q:
            return []
        k = min(n, len(self._ids))
        docs, scores = self._model.retrieve([q], k=k, show_progress=False, n_threads=0)
        out = []
        for i, s in zip(docs[0], scores[0]):
            if s <= 0:
                break  # sorted: the rest share no query term
            out.append((self._ids[int(i)].decode(), float(s)))
        return out

    # --- persistence -------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write atomically: build in a sibling temp dir, then swap it in."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        if self._model is not None:
            self._model.save(str(tmp / "model"), show_progress=False)
        np.save(tmp / "ids.npy", self._ids)
        np.save(tmp / "doc_rows.npy", self._doc_rows)
        (tmp / "docs.json").write_text(json.dumps(self._docs))
        (tmp / "version.json").write_text(json.dumps({"version": self.version, "format": FORMAT,
                                                      "chunks": len(self._ids)}))
        old = directory.with_name(f"{directory.name}.old-{os.getpid()}")
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def saved_version(directory: Path) -> str | None:
        try:
            info = json.loads((Path(directory) / "version.json").read_text())
        except (OSError, ValueError):
            return None
        return info.get("version") if info.get("format") == FORMAT else None

    @classmethod
    def load(cls, directory: Path) -> "BM25Index":
        directory = Path(directory)
        version = cls.saved_version(directory)
        if version is None:
            raise FileNotFoundError(directory / "version.json")
        ids = np.load(directory / "ids.npy", mmap_mode="r")
        doc_rows = np.load(directory / "doc_rows.npy", mmap_mode="r")
        docs = json.loads((directory / "docs.json").read_text())
        if len(ids) != len(doc_rows):
            raise ValueError("ids and doc_rows differ in length")
        model = None
        if (directory / "model").exists():
            model = bm25s.BM25.load(str(directory / "model"), mmap=True, show_progress=False)
        return cls(model, ids, doc_rows, docs, version)


def open_index(directory: Path, version: str, records, log=None) -> BM25Index:
    """Load the index saved in ``directory`` if it was built for ``version``; else rebuild it.

    ``records`` is a zero-argument callable returning ``(chunk_id, doc_id, text)``; it is only
    called on a rebuild.
    """
    if BM25Index.saved_version(directory) == version:
        try:
            return BM25Index.load(directory)
        except (OSError, ValueError, KeyError):
            pass  # damaged: rebuild below
    t0 = time.perf_counter()
    index = BM25Index.build(records(), version)
    index.save(directory)
    if log:
        log(f"BM25 index rebuilt: {len(index)} chunks in {time.perf_counter() - t0:.1f} s")
    return BM25Index.load(directory)
