"""A small facade over the store for the Sources tab: list documents, read one, re-ingest.

The UI calls only these; the store contract lives in ``ingest`` (DocStore, run_ingest).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from pydantic import BaseModel

from core.settings import Settings


class DocRow(BaseModel):
    doc_id: str
    title: str
    author: str = ""
    chunks: int = 0
    ingested_at: str = ""


def _fmt_time(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return str(value)


def _row(record) -> DocRow:
    return DocRow(doc_id=record.doc_id, title=record.meta.title, author=record.meta.author,
                  chunks=sum(1 for c in record.chunks if c.kind != "metadata"),
                  ingested_at=_fmt_time(record.ingested_at))


def list_documents(settings: Settings) -> list[DocRow]:
    from ingest.docstore import DocStore

    return [_row(d) for d in DocStore(settings).list_docs()]


def clean_text(settings: Settings, doc_id: str) -> str:
    from ingest.docstore import DocStore

    return DocStore(settings).clean_text(doc_id)


def reingest(settings: Settings, progress: Callable[[float, str], None] | None = None):
    """Run the incremental ingest (``progress(fraction, message)``); returns its IngestSummary."""
    from ingest.pipeline import run_ingest

    return run_ingest(settings, progress=progress)
