"""The documents the conflict detectors read: any document store seen as ``DocText`` (clean text, paragraph
spans, metadata), and whether the retrieved passages already cover one of its paragraphs.

What ``docs`` may be is set out in ``app.conflict``'s docstring.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.attribution import DocAttribution, attribute_document, split_paragraphs
from app.types import Passage


@dataclass
class DocText:
    doc_id: str
    text: str
    paragraphs: list[tuple[int, int]]
    title: str = ""
    author: str = ""
    publisher: str = ""

    @property
    def attribution(self) -> DocAttribution:
        return attribute_document(self.text, self.paragraphs)

    def paragraph_span(self, n: int) -> tuple[int, int]:
        return self.paragraphs[n - 1]


def get_doc(docs, doc_id: str) -> DocText | None:
    """``doc_id`` of ``docs`` as a DocText (``app.conflict``'s docstring says what ``docs`` may be), or None."""
    if isinstance(docs, Mapping) or hasattr(docs, "get") or hasattr(docs, "record"):
        try:
            d = docs.get(doc_id) if hasattr(docs, "get") else docs.record(doc_id)
        except Exception:  # a library raising for an unknown id
            return None
        if d is None:
            return None
        if isinstance(d, DocText):
            return d
        text, paragraphs, meta = d.text, list(getattr(d, "paragraphs", []) or []), getattr(d, "meta", d)
    else:
        text, meta = docs.text(doc_id), docs.meta(doc_id)
        paragraphs = list(docs.paragraphs(doc_id)) if hasattr(docs, "paragraphs") else []
    if not paragraphs:
        paragraphs = split_paragraphs(text)
    return DocText(doc_id, text, [tuple(p) for p in paragraphs], getattr(meta, "title", "") or "",
                   getattr(meta, "author", "") or "", getattr(meta, "publisher", "") or "")


def all_doc_ids(docs) -> list[str]:
    if isinstance(docs, Mapping):
        return list(docs)
    return list(docs.doc_ids()) if hasattr(docs, "doc_ids") else []


def covered(passages: list[Passage], doc_id: str, doc: DocText, n: int) -> bool:
    """Does a passage of ``doc_id`` overlap paragraph ``n`` of it (1-based)?"""
    s, e = doc.paragraph_span(n)
    return any(p.doc_id == doc_id and p.start < e and p.end > s for p in passages)
