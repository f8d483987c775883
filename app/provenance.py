"""Nested provenance, one wording for every renderer (chat, CLI, eval report).

"Shtykov's cable, as reported by Charles Kraus, China, North Korea, and the Origins of the
Korean War (Wilson Center, History and Public Policy Program), ¶12"
"""
from __future__ import annotations

from app.types import Citation


def provenance(c: Citation, *, italic_title: tuple[str, str] = ("", "")) -> str:
    open_i, close_i = italic_title
    where = f"¶{c.paragraph}" if c.paragraph else "document details"
    if c.page:
        where += f", p. {c.page}"
    title = f"{open_i}{c.title}{close_i}" if c.title else c.doc_id
    publisher = f" ({c.publisher})" if c.publisher else ""
    by = f"{c.author}, " if c.author else ""
    if c.speaker:
        return f"{c.speaker}, as reported by {by}{title}{publisher}, {where}"
    return f"{by}{title}{publisher}, {where}"
