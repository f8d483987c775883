"""Who is speaking: attribute each sentence (and each quotation) of a document to its source.

    da = attribute_document(clean_text, paragraphs)   # cached by content hash
    da.speaker_for_span(start, end)   -> "John Reed, per Edward Harris’s report" | None
    speaker_for_span(doc_id, start, end)  # the same, for a document registered with register_document

This module is the entry point and the cache. The result types (``DocAttribution``, ``Source``, ...) live in
``app.attribution.types`` and are re-exported here; the rules are ``app.attribution.attributor``; the cue patterns are
``app.attribution.cues``.

Built from structure in the text, no model:
- channels (a source a stretch of text reports): "According to X’s account", "X’s cable", "in X’s report",
  "According to both British reports" (a group), "the other/the former report";
- an enumeration of sources ("two British reports: one written by Consul Harris, the other sent by the
  military attaché, Colonel John Reed") fixes the medium, the roles and the order used to resolve
  "the latter/former/other account";
- speech verbs ("X reported/wrote/explained/said/told/confided/exclaimed/noted ...", before or after a quote);
  "he/she" resolves to the last person named as a subject;
- roles come from appositives and titles in the text ("Consul Harris", "the military attaché
  in Lisbon, Colonel John Reed"); short names resolve to the unique full name the text gives ("Harris" ->
  "Edward Harris").
A channel carries from its cue to the end of its paragraph. Sentences in the author's own voice get None
(the document's author is shown anyway). A quotation made by a person inside a channel is rendered
"<person>, per <channel>’s <medium>".
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from app.attribution.types import (Adjudication, DocAttribution, Enumeration, Quote, SentenceAttribution,
                                   Source)
from app.attribution.attributor import Attributor

__all__ = ["attribute_document", "register_document", "speaker_for_span", "split_paragraphs", "content_hash",
           "Adjudication", "DocAttribution", "Enumeration", "Quote", "SentenceAttribution", "Source"]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def attribute_document(clean_text: str, paragraphs: list[tuple[int, int]] | None = None) -> DocAttribution:
    """Attribute every sentence of a document. Cached by the hash of the text and paragraph spans."""
    paras = tuple(tuple(p) for p in (paragraphs or split_paragraphs(clean_text)))
    return _attribute_cached(content_hash(clean_text + repr(paras)), clean_text, paras)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans when the store gives none: blocks separated by blank lines, whitespace trimmed."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:(?!\n[ \t]*\n)[\s\S])*\S|\S", text)]


_REGISTRY: dict[str, DocAttribution] = {}


def register_document(doc_id: str, clean_text: str, paragraphs: list[tuple[int, int]] | None = None) -> DocAttribution:
    """Attribute a document (cached) and remember it under ``doc_id`` for ``speaker_for_span``."""
    da = attribute_document(clean_text, paragraphs)
    _REGISTRY[doc_id] = da
    return da


def speaker_for_span(doc_id: str, start: int, end: int) -> str | None:
    da = _REGISTRY.get(doc_id)
    return da.speaker_for_span(start, end) if da else None


@lru_cache(maxsize=256)
def _attribute_cached(_key: str, text: str, paragraphs: tuple[tuple[int, int], ...]) -> DocAttribution:
    return Attributor(text, list(paragraphs)).run()
