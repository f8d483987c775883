"""Read access to the ingested documents' canonical clean text (the ground truth for quotes)."""
from __future__ import annotations

import bisect

from core.errors import StoreError
from ingest.docstore import DocRecord, DocStore
from ingest.types import DocumentMeta


class DocLibrary:
    def __init__(self, settings):
        self.store = DocStore(settings)

    def refresh(self) -> None:
        """Records are re-read when their files change (the DocStore caches by mtime)."""

    def record(self, doc_id: str) -> DocRecord:
        rec = self.store.get(doc_id)
        if rec is None:
            raise StoreError(f"document {doc_id!r} is not in the store; run `corroborate ingest`")
        return rec

    def doc_ids(self) -> list[str]:
        return self.store.doc_ids()

    def text(self, doc_id: str) -> str:
        return self.record(doc_id).text

    def metadata_text(self, doc_id: str) -> str:
        return self.record(doc_id).metadata_text

    def meta(self, doc_id: str) -> DocumentMeta:
        return self.record(doc_id).meta

    def paragraph_at(self, doc_id: str, offset: int) -> tuple[int, int, int]:
        """(1-based paragraph number, start, end) of the paragraph holding ``offset``."""
        paras = self.record(doc_id).paragraphs
        if not paras:
            text = self.text(doc_id)
            return 1, 0, len(text)
        i = max(0, bisect.bisect_right([s for s, _ in paras], offset) - 1)
        s, e = paras[i]
        return i + 1, s, e

    def page_at(self, doc_id: str, offset: int) -> int | None:
        return self.record(doc_id).page_at(offset)

    def has_instructions(self, doc_id: str) -> bool:
        """True when ingest found sentences in the document addressed to assistants or readers."""
        rec = self.store.get(doc_id)
        return rec is not None and rec.instruction_count > 0

    def instruction_spans(self, doc_id: str) -> list[tuple[int, int]]:
        """Spans of the clean text that ingest classified as addressed to assistants or readers."""
        rec = self.store.get(doc_id)
        return list(rec.instructions) if rec is not None else []

    def metadata_instruction_spans(self, doc_id: str) -> list[tuple[int, int]]:
        """The same, in the document's catalogue record (sidecar title, description)."""
        rec = self.store.get(doc_id)
        return list(rec.metadata_instructions) if rec is not None else []

    def sentences(self, doc_id: str) -> list[tuple[int, int, str]]:
        """(start, end, role) of every sentence of the clean text, as ingest split and classified them: role
        "prose", or structure ("heading", "headnote", "signature", "catalogue", "margin"). Empty for a record
        stored before the table existed (``corroborate ingest`` rebuilds it)."""
        rec = self.store.get(doc_id)
        return [tuple(x) for x in rec.sentences] if rec is not None else []

    def metadata_sentences(self, doc_id: str) -> list[tuple[int, int]]:
        """(start, end) of the sentences (lines) of the document's catalogue record."""
        rec = self.store.get(doc_id)
        return [tuple(x) for x in rec.metadata_sentences] if rec is not None else []

    def speaker_for(self, doc_id: str, start: int, end: int) -> str | None:
        """Who speaks in [start, end) of the document, as ingest attributed it ("John Reed, per Edward Harris’s
        report"); None in the author's own voice."""
        rec = self.store.get(doc_id)
        return rec.speaker_for(start, end) if rec is not None else None

    def favoured(self, doc_id: str, start: int, end: int) -> str | None:
        """The account an author's verdict in [start, end) favours, if it names one."""
        rec = self.store.get(doc_id)
        return rec.favoured(start, end) if rec is not None else None

    def prose_spans(self, doc_id: str) -> list[tuple[int, int]]:
        """(start, end) of the sentences that are the source's own words (never a heading, headnote, signature,
        catalogue line or margin note)."""
        return [(s, e) for s, e, role in self.sentences(doc_id) if role == "prose"]
