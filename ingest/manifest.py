"""Manifest: what is in the store, per document (settings.manifest_path, JSON).

doc_id -> fingerprint (file + sidecar bytes), content hash (clean text + metadata), chunk ids,
ingested_at. ``config`` fingerprints the settings that shape chunks and vectors: when it
changes, every document is redone. Written atomically, and only AFTER the chunks it lists
are in Chroma (and the chunks it no longer lists are deleted).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from core.errors import StoreError
from ingest.fsutil import atomic_write_bytes, remove

FORMAT = 1


class ManifestEntry(BaseModel):
    fingerprint: str
    content_hash: str
    chunk_ids: list[str]
    ingested_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))


class Manifest(BaseModel):
    format: int = FORMAT
    config: str = ""
    docs: dict[str, ManifestEntry] = Field(default_factory=dict)

    def all_ids(self) -> set[str]:
        return {i for e in self.docs.values() for i in e.chunk_ids}

    def chunk_count(self) -> int:
        return sum(len(e.chunk_ids) for e in self.docs.values())


def load_manifest(path: Path) -> Manifest:
    path = Path(path)
    if not path.exists():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest.model_validate(data)
    except (OSError, ValueError, ValidationError) as exc:
        raise StoreError(f"the ingest manifest {path} is unreadable ({type(exc).__name__}); "
                         "run `corroborate ingest --rebuild`") from exc
    return manifest if manifest.format == FORMAT else Manifest()


def save_manifest(path: Path, manifest: Manifest) -> None:
    atomic_write_bytes(Path(path), manifest.model_dump_json().encode("utf-8"))


def delete_manifest(path: Path) -> None:
    remove(Path(path))
