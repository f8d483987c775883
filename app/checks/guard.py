"""Placeholder until the structural classifier lands (same API)."""
from __future__ import annotations

from app.guard import addresses_the_assistant as is_instruction


def drop_instructions(sentences, spans_by_doc):
    kept = []
    for s in sentences:
        spans = spans_by_doc.get(s.doc_id, [])
        if is_instruction(s.text) or any(a < s.end and s.start < b for a, b in spans):
            continue
        kept.append(s)
    return kept, len(sentences) - len(kept)
