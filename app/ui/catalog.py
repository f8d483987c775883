"""A small facade over the store for the chat: list documents, read one, re-ingest.

The UI calls only these; the store contract lives in ``ingest`` (DocStore, run_ingest).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone

from pydantic import BaseModel

from core.settings import Settings


class DocRow(BaseModel):
    doc_id: str
    title: str
    author: str = ""
    date: str = ""
    chunks: int = 0
    ingested_at: str = ""


def fmt_time(value) -> str:
    """Local time with its zone, e.g. "2026-12-01 09:16 CET" (or "+01:00" when the zone has no name)."""
    if value in (None, ""):
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        local = value.astimezone()
        zone = local.strftime("%Z")
        if not zone or zone[0] in "+-":
            zone = local.strftime("UTC%z")
            zone = zone[:-2] + ":" + zone[-2:] if len(zone) > 5 else zone
        return f"{local.strftime('%Y-%m-%d %H:%M')} {zone}"
    return str(value)


def _row(record) -> DocRow:
    # Every chunk counts, the catalogue-record chunk too: the same number `corroborate ingest` prints.
    return DocRow(doc_id=record.doc_id, title=record.meta.title, author=record.meta.author,
                  date=record.meta.date or "", chunks=record.chunk_count, ingested_at=fmt_time(record.ingested_at))


def list_documents(settings: Settings) -> list[DocRow]:
    from ingest.docstore import DocStore

    return [_row(d) for d in DocStore(settings).list_docs()]


def document(settings: Settings, doc_id: str):
    """The stored record (clean text, paragraph spans, catalogue text), or None."""
    from ingest.docstore import DocStore

    return DocStore(settings).get(doc_id)


def clean_text(settings: Settings, doc_id: str) -> str:
    from ingest.docstore import DocStore

    return DocStore(settings).clean_text(doc_id)


def doc_dates(settings: Settings) -> dict[str, str]:
    """doc_id -> the document's date from its catalogue record, where one is known."""
    try:
        return {r.doc_id: r.date for r in list_documents(settings) if r.date}
    except Exception:  # dates are a nicety; never fail an answer over them
        return {}


def reingest(settings: Settings, progress: Callable[[float, str], None] | None = None):
    """Run the incremental ingest (``progress(fraction, message)``); returns its IngestSummary."""
    from ingest.pipeline import run_ingest

    return run_ingest(settings, progress=progress)


_SUBTITLE = re.compile(r"\s*(?:[:;]|\s[—–]\s)\s*")
_LOOSE_END = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def short_title(title: str, max_words: int = 7) -> str:
    """A title short enough for a button: the main title (before a colon or dash, if it has two words or more),
    cut after ``max_words`` words (and any small word left dangling) with "…"."""
    title = " ".join(title.split())
    main = _SUBTITLE.split(title, maxsplit=1)[0].strip(" ,;.")
    main = main if len(main.split()) >= 2 else title
    words = main.split()
    if len(words) <= max_words:
        return main
    words = words[:max_words]
    while len(words) > 1 and words[-1].lower().strip(",;.") in _LOOSE_END:
        words.pop()
    return " ".join(words).rstrip(",;.") + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
