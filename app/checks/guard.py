"""Documents are data: the answer engine's side of the injection defence.

Ingest records, per document, the spans of sentences that instruct the reader or an assistant
(``ingest.instructions``). Here: drop such sentences from the evidence before the model sees it,
and fence the passages in the prompt behind a boundary that no document can know in advance.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from app.types import Sentence

IGNORED_NOTE = "One document in the corpus contains instructions addressed to assistants; they were ignored."

_FENCE_LIKE = re.compile(r"<{2,}\s*/?\s*SOURCES\b[^>\n]*>{0,3}", re.I)


class SentenceLike(Protocol):
    doc_id: str
    start: int
    end: int
    text: str


S = TypeVar("S", bound=SentenceLike)


def drop_instructions(sentences: Iterable[S], spans_by_doc: Mapping[str, list[tuple[int, int]]],
                      metadata_spans_by_doc: Mapping[str, list[tuple[int, int]]] | None = None,
                      ) -> tuple[list[S], int]:
    """Keep the sentences that state something; drop those that instruct the reader.

    A sentence is dropped when it overlaps a span flagged at ingest for its document
    (``DocRecord.instructions``): the sentences were classified once, at ingest, over the same
    stored sentence table the evidence reads, so nothing is classified again here. A sentence of a metadata passage
    (``sentence.passage.kind == "metadata"``: offsets in the metadata text) is checked against
    ``metadata_spans_by_doc`` (``DocRecord.metadata_instructions``) instead, when given.
    Returns (kept sentences in order, number dropped).
    """
    kept: list[S] = []
    dropped = 0
    for s in sentences:
        if isinstance(s, Sentence) and s.passage.kind == "metadata":
            spans = (metadata_spans_by_doc or {}).get(s.doc_id, ())
        else:
            spans = spans_by_doc.get(s.doc_id, ())
        if any(a < s.end and s.start < b for a, b in spans):
            dropped += 1
        else:
            kept.append(s)
    return kept, dropped


def fence(block: str) -> tuple[str, str]:
    """Wrap the passages block in a fence whose boundary holds a fresh random nonce.

    Returns (fenced text, boundary). Anything in ``block`` that looks like a fence line is
    defused first, so a document cannot close the fence early even by guessing its shape.
    """
    boundary = f"<<<SOURCES {secrets.token_hex(8)}>>>"
    body = _FENCE_LIKE.sub("[fence-like text removed]", block)
    return f"{boundary}\n{body}\n{boundary}", boundary
