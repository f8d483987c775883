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


def prune_and_renumber(text: str, citations: list[Citation], conflicts: list) -> tuple[str, list[Citation], list]:
    """Keep only citations the answer or its conflicts refer to, numbered 1..k in reading order."""
    import re

    order: list[int] = []
    for m in re.finditer(r"\[(\d+)\]", text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    for conflict in conflicts:
        for position in conflict.positions:
            order += [n for n in position.citations if n not in order]
        if conflict.adjudication_citation and conflict.adjudication_citation not in order:
            order.append(conflict.adjudication_citation)
    by_n = {c.n: c for c in citations}
    order = [n for n in order if n in by_n]
    new_n = {old: i + 1 for i, old in enumerate(order)}
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{new_n[int(m.group(1))]}]" if int(m.group(1)) in new_n else "", text)
    kept = [by_n[old].model_copy(update={"n": new_n[old]}) for old in order]
    renumbered = []
    for conflict in conflicts:
        positions = [p.model_copy(update={"citations": [new_n[n] for n in p.citations if n in new_n]})
                     for p in conflict.positions]
        adj = new_n.get(conflict.adjudication_citation) if conflict.adjudication_citation else None
        renumbered.append(conflict.model_copy(update={"positions": positions, "adjudication_citation": adj}))
    return text, kept, renumbered
