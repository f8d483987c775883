"""Data carried through the ingest stages, and the store contract read by ``app``."""
from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentMeta(BaseModel):
    doc_id: str  # stable id: the corpus-relative path, e.g. "000_92589f93ca9f71d2.txt"
    title: str
    author: str = ""
    publisher: str = ""
    kind: str = ""  # e.g. "blog post", "cable", "book chapter"
    language: str = "en"
    date: str = ""
    url: str = ""
    description: str = ""  # e.g. the author's bio; becomes part of the metadata passage
    source_path: str = ""


class RawDocument(BaseModel):
    """Output of load: text as read (not yet cleaned)."""

    meta: DocumentMeta
    text: str
    encoding: str = "utf-8"
    # For PDFs: (char offset in text where the page starts, page number), in order.
    page_starts: list[tuple[int, int]] = Field(default_factory=list)


class CleanDocument(BaseModel):
    """Output of clean: the canonical text that every quote and offset refers to."""

    meta: DocumentMeta
    text: str
    content_hash: str  # sha256 of the clean text + metadata
    page_starts: list[tuple[int, int]] = Field(default_factory=list)
    # Character spans [start, end) of each paragraph in ``text``; paragraph n is index n-1.
    paragraphs: list[tuple[int, int]] = Field(default_factory=list)


class Chunk(BaseModel):
    id: str  # content hash: same doc + same text + same offsets -> same id
    doc_id: str
    text: str  # exactly text[start:end] of the clean document
    start: int
    end: int
    paragraph: int  # 1-based paragraph number of the first paragraph in the chunk
    page: int | None = None
    embed_text: str  # what is embedded: context header + text (kept under ~256 word-pieces)
    kind: str = "chunk"  # "chunk" or "metadata" (the document's own metadata as a passage)
