"""Citations the conflict detectors add to the engine's, and the positions that cite them."""
from __future__ import annotations

from app.conflict_docs import DocText
from app.types import Citation, Position


class CitationBook:
    """The engine's citations plus new ones, numbered after them; reuses a citation already holding a span."""

    def __init__(self, citations: list[Citation]):
        self.citations = list(citations)

    def cite(self, doc: DocText, start: int, end: int) -> int:
        for c in self.citations:
            if c.doc_id == doc.doc_id and c.start <= start and end <= c.end and c.paragraph > 0:
                return c.n
        da = doc.attribution
        para = da.paragraph_of(start)
        p_start, p_end = doc.paragraph_span(para) if para else (start, end)
        n = max((c.n for c in self.citations), default=0) + 1
        self.citations.append(Citation(
            n=n, doc_id=doc.doc_id, title=doc.title, author=doc.author, publisher=doc.publisher,
            paragraph=para, start=start, end=end, quote=doc.text[start:end],
            speaker=da.speaker_for_span(start, end), context=doc.text[p_start:max(p_end, end)],
            context_start=start - p_start, context_end=end - p_start))
        return n


def new_position(claim: str, speaker: str | None, doc: DocText, n: int) -> Position:
    """A position holding ``claim``, cited as ``n``; with no speaker, the document's author speaks."""
    return Position(claim=claim, speaker=speaker or (f"{doc.author} (author)" if doc.author else None),
                    doc_id=doc.doc_id, citations=[n])
