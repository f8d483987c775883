"""Turn cited sentence ids into verified, numbered citations with nested provenance."""
from __future__ import annotations

from app.docs import DocLibrary
from app.rerank import Sentence
from app.types import Citation
from app.verify import is_verbatim


def make_citation(n: int, doc_id: str, start: int, end: int, kind: str, docs: DocLibrary,
                  speaker: str | None = None) -> Citation | None:
    """A Citation for source span [start, end), or None if the span is not verbatim in the store."""
    source = docs.metadata_text(doc_id) if kind == "metadata" else docs.text(doc_id)
    quote = source[start:end]
    if not is_verbatim(quote, source, start, end):
        return None
    meta = docs.meta(doc_id)
    if kind == "metadata":
        paragraph, p_start, p_end = 0, 0, len(source)
    else:
        paragraph, p_start, p_end = docs.paragraph_at(doc_id, start)
        p_end = max(p_end, end)
    return Citation(
        n=n, doc_id=doc_id, title=meta.title, author=meta.author, publisher=meta.publisher,
        paragraph=paragraph, start=start, end=end, quote=quote, speaker=speaker,
        page=docs.page_at(doc_id, start) if kind != "metadata" else None,
        context=source[p_start:p_end], context_start=start - p_start, context_end=end - p_start,
    )


def cite_sentences(ids: list[str], sentences: list[Sentence], docs: DocLibrary, speaker_for=None) -> tuple[list[Citation], dict[str, int]]:
    """Number the cited sentences in order of first use; return citations and the id -> n map."""
    by_id = {s.sid: s for s in sentences}
    citations: list[Citation] = []
    mapping: dict[str, int] = {}
    for sid in ids:
        s = by_id.get(sid)
        if s is None or sid in mapping:
            continue
        speaker = speaker_for(s.passage.doc_id, s.start, s.end) if speaker_for and s.passage.kind != "metadata" else None
        c = make_citation(len(citations) + 1, s.passage.doc_id, s.start, s.end, s.passage.kind, docs, speaker)
        if c is not None:
            citations.append(c)
            mapping[sid] = c.n
    return citations, mapping
