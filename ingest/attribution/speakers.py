"""Who is speaking: attribute each sentence (and each quotation) of a document to its source.

    da = attribute_document(clean_text, paragraphs)   # cached by content hash
    da.speaker_for_span(start, end)   -> "John Reed, per Edward Harris’s report" | None
    speaker_for_span(doc_id, start, end)  # the same, for a document registered with register_document

This module is the entry point and the cache. The result types (``DocAttribution``, ``Source``, ...) live in
``ingest.attribution.types`` and are re-exported here; the rules are ``ingest.attribution.attributor``; the cue patterns are
``ingest.attribution.cues``.

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

import re

from ingest.attribution.attributor import Attributor
from ingest.attribution.types import (Adjudication, DocAttribution, Enumeration, Quote, SentenceAttribution,
                                      Source)

__all__ = ["attribute_document", "stored_attribution", "split_paragraphs", "Adjudication", "DocAttribution",
           "Enumeration", "Quote", "SentenceAttribution", "Source"]


def attribute_document(clean_text: str, paragraphs: list[tuple[int, int]] | None = None) -> DocAttribution:
    """Attribute every sentence of a document."""
    paras = [tuple(p) for p in (paragraphs or split_paragraphs(clean_text))]
    return Attributor(clean_text, paras).run()


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans when the store gives none: blocks separated by blank lines, whitespace trimmed."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:(?!\n[ \t]*\n)[\s\S])*\S|\S", text)]


def stored_attribution(da: DocAttribution) -> tuple[list, list, list]:
    """What a document record keeps of its attribution: each sentence's span and speaker ("" in the author's own
    voice), each quotation's span and the one who utters it, and each verdict of the author's that favours a
    named account (its span and that account's name)."""
    speakers = [(s.start, s.end, s.speaker or "") for s in da.sentences]
    quotes = [(q.start, q.end, q.speaker) for s in da.sentences for q in s.quotes if q.speaker]
    verdicts = [(a.start, a.end, da.sources[a.favours].name if a.favours in da.sources else a.favours)
                for a in da.adjudications if a.favours]
    return speakers, quotes, verdicts
