"""Store: the Chroma collection of chunk vectors (embedded PersistentClient or a Chroma server).

``open_store(settings)`` -> ``Store``. Every Chroma failure surfaces as one-line ``StoreError``.
Chunk ids are content hashes, so every write is an idempotent upsert.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

from core import offline  # noqa: F401
from core.errors import StoreError
from core.settings import Settings


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


@contextmanager
def _wrapped(what: str) -> Iterator[None]:
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - chromadb raises many types; the user gets one line
        raise StoreError(f"Chroma store: {what} failed: {_one_line(exc)}") from exc


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaConfig

    if not settings.chroma.url:
        path = settings.chroma_dir
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the Chroma dir {path}: {exc.strerror or exc}") from exc
        with _wrapped(f"opening {path}"):
            return chromadb.PersistentClient(path=str(path), settings=ChromaConfig(anonymized_telemetry=False))
    url = urlparse(settings.chroma.url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreError(f"setting chroma.url (CORROBORATE_CHROMA_URL): expected http(s)://host:port, got "
                         f"{settings.chroma.url!r}")
    headers = dict(settings.chroma.headers)
    if settings.chroma.token:
        headers.setdefault("Authorization", f"Bearer {settings.chroma.token}")
    with _wrapped(f"connecting to {settings.chroma.url}"):
        client = chromadb.HttpClient(
            host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https", headers=headers or None,
            settings=ChromaConfig(anonymized_telemetry=False),
        )
        client.heartbeat()
        return client


class Store:
    def __init__(self, settings: Settings, embedding_function=None):
        self.settings = settings
        self.batch_size = settings.chroma.batch_size
        self.where = settings.chroma.url or str(settings.chroma_dir)
        if embedding_function is None:
            from ingest.embed import get_embedder

            embedding_function = get_embedder(settings).chroma_function()
        self._ef = embedding_function
        self._client = _client(settings)
        self._collection = self._open_collection()

    def _open_collection(self):
        with _wrapped(f"opening collection {self.settings.chroma.collection!r} at {self.where}"):
            return self._client.get_or_create_collection(
                self.settings.chroma.collection,
                embedding_function=self._ef,
                configuration={"hnsw": {"space": "cosine"}},
            )

    # --- writes (batched) -------------------------------------------------------------------
    def upsert(self, ids: list[str], embeddings: list[list[float]], metadatas: list[dict],
               documents: list[str]) -> None:
        for i in range(0, len(ids), self.batch_size):
            sl = slice(i, i + self.batch_size)
            with _wrapped(f"writing {len(ids[sl])} chunks to {self.where}"):
                self._collection.upsert(ids=ids[sl], embeddings=embeddings[sl],
                                        metadatas=metadatas[sl], documents=documents[sl])

    def delete(self, ids: list[str], after_batch=None) -> None:
        ids = list(ids)
        for i in range(0, len(ids), self.batch_size):
            with _wrapped(f"deleting chunks from {self.where}"):
                self._collection.delete(ids=ids[i:i + self.batch_size])
            if after_batch:
                after_batch()

    def reset(self) -> None:
        """Drop and recreate the collection (``--rebuild``)."""
        with _wrapped(f"dropping collection {self.settings.chroma.collection!r}"):
            try:
                self._client.delete_collection(self.settings.chroma.collection)
            except Exception as exc:  # noqa: BLE001
                if "not exist" not in str(exc).lower() and "notfound" not in type(exc).__name__.lower():
                    raise
        self._collection = self._open_collection()

    # --- reads ------------------------------------------------------------------------------
    def count(self) -> int:
        with _wrapped("counting chunks"):
            return self._collection.count()

    def all_ids(self) -> set[str]:
        out: set[str] = set()
        page = 5000
        offset = 0
        while True:
            with _wrapped("listing chunk ids"):
                got = self._collection.get(include=[], limit=page, offset=offset)["ids"]
            out.update(got)
            if len(got) < page:
                return out
            offset += page

    def ids_for_doc(self, doc_id: str) -> list[str]:
        with _wrapped(f"listing chunks of {doc_id}"):
            return list(self._collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def get(self, ids: list[str]) -> list[dict]:
        """Records for ``ids`` (in the given order, missing ids skipped): id, text, metadata."""
        if not ids:
            return []
        with _wrapped("reading chunks"):
            got = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        by_id = {i: {"id": i, "text": d, "metadata": m}
                 for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}
        return [by_id[i] for i in ids if i in by_id]

    def query(self, query_embedding: list[float], n: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Nearest chunks: ``[(chunk_id, cosine distance)]``, closest first."""
        if n <= 0:
            return []
        with _wrapped("querying"):
            res = self._collection.query(query_embeddings=[query_embedding], n_results=n, where=where,
                                         include=["distances"])
        return list(zip(res["ids"][0], (float(d) for d in res["distances"][0])))


def open_store(settings: Settings, embedding_function=None) -> Store:
    return Store(settings, embedding_function)


def chroma_metadata(chunk, meta) -> dict:
    """What Chroma keeps beside a chunk's vector: its provenance and a hash of its text."""
    md = {"doc_id": chunk.doc_id, "title": meta.title, "author": meta.author, "paragraph": chunk.paragraph,
          "start": chunk.start, "end": chunk.end, "kind": chunk.kind, "doc_kind": meta.kind,
          "content_hash": hashlib.sha256(chunk.text.encode("utf-8")).hexdigest()}
    if chunk.page is not None:
        md["page"] = chunk.page
    return md
