"""DocStore: local per-document records (settings.docs_dir, one JSON file per document).

Each record holds the metadata, the canonical clean text, paragraph spans, page starts, the
chunk list, the sentence table (each sentence's span and role: prose or structure), who speaks in each sentence
and quotation, and the spans of sentences addressed to assistants or readers (never evidence). The
app reads it for quote verification, neighbour expansion and its BM25 index, so it never has to
read chunk text back from Chroma (embedded or server). ``version()`` is a cheap
tag that changes whenever an ingest changed the store.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from core.errors import StoreError
from core.settings import Settings
from ingest.attribution.speakers import attribute_document, stored_attribution
from ingest.fsutil import atomic_write_bytes, remove
from ingest.instructions import find_instructions
from ingest.roles import sentence_table
from ingest.sentences import split_sentences
from ingest.types import Chunk, CleanDocument, DocumentMeta


class ChunkRecord(BaseModel):
    id: str
    doc_id: str
    title: str = ""
    text: str
    start: int
    end: int
    paragraph: int
    page: int | None = None
    kind: str = "chunk"


class DocRecord(BaseModel):
    doc_id: str
    meta: DocumentMeta
    text: str  # the canonical clean text
    content_hash: str
    paragraphs: list[tuple[int, int]] = Field(default_factory=list)
    page_starts: list[tuple[int, int]] = Field(default_factory=list)
    metadata_text: str = ""  # the text of the document's metadata chunk
    chunks: list[ChunkRecord] = Field(default_factory=list)
    # [start, end) of sentences that instruct the reader/an assistant: in ``text``, and in ``metadata_text``
    instructions: list[tuple[int, int]] = Field(default_factory=list)
    metadata_instructions: list[tuple[int, int]] = Field(default_factory=list)
    # every sentence of ``text`` from the one splitter, with its role ("prose", "heading", "headnote",
    # "signature", "catalogue", "margin"; ingest/roles.py), and the sentence spans of ``metadata_text``
    sentences: list[tuple[int, int, str]] = Field(default_factory=list)
    metadata_sentences: list[tuple[int, int]] = Field(default_factory=list)
    # who speaks (ingest/attribution): each sentence's span and speaker ("" in the author's own voice), each
    # quotation's span and the one who utters it, each verdict of the author's and the account it favours
    speakers: list[tuple[int, int, str]] = Field(default_factory=list)
    quotes: list[tuple[int, int, str]] = Field(default_factory=list)
    verdicts: list[tuple[int, int, str]] = Field(default_factory=list)
    ingested_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def chunk_count(self) -> int:
        return len(self.chunks)

    @property
    def instruction_count(self) -> int:
        return len(self.instructions) + len(self.metadata_instructions)

    @property
    def title(self) -> str:
        return self.meta.title

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page

    def speaker_for(self, start: int, end: int) -> str | None:
        """Who speaks in [start, end): the one uttering a quotation that holds it, else the speaker of the sentence
        it overlaps most; None in the author's own voice."""
        for qs, qe, who in self.quotes:
            if qs - 1 <= start and end <= qe + 2:
                return who
        best, most = None, 0
        for s, e, who in self.speakers:
            if s >= end:
                break
            if min(end, e) - max(start, s) > most:
                best, most = who, min(end, e) - max(start, s)
        return best or None

    def favoured(self, start: int, end: int) -> str | None:
        """The account an author's verdict in [start, end) favours, if it names one."""
        return next((name for s, e, name in self.verdicts if s < end and start < e), None)

    def paragraph_text(self, number: int) -> str:
        if 1 <= number <= len(self.paragraphs):
            s, e = self.paragraphs[number - 1]
            return self.text[s:e]
        return ""


def record_for(doc: CleanDocument, chunks: list[Chunk]) -> DocRecord:
    meta_chunk = next((c for c in chunks if c.kind == "metadata"), None)
    return DocRecord(
        doc_id=doc.meta.doc_id, meta=doc.meta, text=doc.text, content_hash=doc.content_hash,
        paragraphs=doc.paragraphs, page_starts=doc.page_starts,
        metadata_text=meta_chunk.text if meta_chunk else "",
        instructions=find_instructions(doc.text),
        metadata_instructions=find_instructions(meta_chunk.text) if meta_chunk else [],
        sentences=sentence_table(doc.text),
        metadata_sentences=split_sentences(meta_chunk.text) if meta_chunk else [],
        **dict(zip(("speakers", "quotes", "verdicts"),
                   stored_attribution(attribute_document(doc.text, doc.paragraphs)))),
        chunks=[ChunkRecord(id=c.id, doc_id=c.doc_id, title=doc.meta.title, text=c.text, start=c.start,
                            end=c.end, paragraph=c.paragraph, page=c.page, kind=c.kind) for c in chunks],
    )


_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], DocRecord]] = {}


class DocStore:
    def __init__(self, settings: Settings):
        self.dir = Path(settings.docs_dir)
        self.manifest_path = Path(settings.manifest_path)

    def _path(self, doc_id: str) -> Path:
        return self.dir / (hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32] + ".json")

    # --- writes (ingest only) ----------------------------------------------------------------
    def put(self, record: DocRecord) -> None:
        atomic_write_bytes(self._path(record.doc_id), record.model_dump_json().encode("utf-8"))

    def delete(self, doc_id: str) -> None:
        remove(self._path(doc_id))

    def prune(self, keep: set[str]) -> None:
        """Remove the records of every document not in ``keep``."""
        wanted = {self._path(d).name for d in keep}
        for p in self._files():
            if p.name not in wanted:
                remove(p)

    def clear(self) -> None:
        for p in self._files():
            remove(p)

    # --- reads -------------------------------------------------------------------------------
    def _files(self) -> list[Path]:
        return sorted(self.dir.glob("*.json")) if self.dir.is_dir() else []

    def _read(self, path: Path) -> DocRecord | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        key = (st.st_mtime_ns, st.st_size)
        with _cache_lock:
            hit = _cache.get(path)
            if hit and hit[0] == key:
                return hit[1]
        try:
            record = DocRecord.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError, ValueError) as exc:
            raise StoreError(f"document record {path} is unreadable; run `corroborate ingest --rebuild`") from exc
        with _cache_lock:
            _cache[path] = (key, record)
        return record

    def list_docs(self) -> list[DocRecord]:
        records = [r for r in (self._read(p) for p in self._files()) if r is not None]
        return sorted(records, key=lambda r: r.doc_id)

    def doc_ids(self) -> list[str]:
        return [r.doc_id for r in self.list_docs()]

    def has(self, doc_id: str) -> bool:
        return self._path(doc_id).is_file()

    def get(self, doc_id: str) -> DocRecord | None:
        return self._read(self._path(doc_id))

    def clean_text(self, doc_id: str) -> str:
        record = self.get(doc_id)
        if record is None:
            raise StoreError(f"no ingested document {doc_id!r}")
        return record.text

    def iter_chunks(self) -> Iterator[ChunkRecord]:
        """Every chunk of every document (including each document's metadata chunk)."""
        for record in self.list_docs():
            yield from record.chunks

    def version(self) -> str:
        """Changes whenever an ingest changed the store (the manifest is rewritten then)."""
        try:
            st = self.manifest_path.stat()
        except FileNotFoundError:
            return "empty"
        return f"{st.st_mtime_ns}-{st.st_size}"
