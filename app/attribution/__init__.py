"""Attribution: who is speaking in each stretch of a document. Entry point: ``Speakers``.

    speakers = Speakers(docs)
    speakers.speaker_for(doc_id, start, end)  -> "John Reed, per Edward Harris’s report" | None
    speakers.label(sentences)                 -> the same sentences with ``speaker`` set
    speakers.favoured(doc_id, start, end)     -> the account an author's verdict there favours, if it names one
"""
from __future__ import annotations

from app.attribution.speakers import attribute_document
from app.types import Sentence


class Speakers:
    def __init__(self, docs):
        self.docs = docs

    def speaker_for(self, doc_id: str, start: int, end: int) -> str | None:
        rec = self.docs.record(doc_id)
        return attribute_document(rec.text, rec.paragraphs).speaker_for_span(start, end)

    def favoured(self, doc_id: str, start: int, end: int) -> str | None:
        """The account an adjudication in [start, end) favours ("the former report ..." resolved), if known."""
        rec = self.docs.record(doc_id)
        da = attribute_document(rec.text, rec.paragraphs)
        for adj in da.adjudications:
            if adj.start < end and start < adj.end and adj.favours:
                return da.sources[adj.favours].name if adj.favours in da.sources else adj.favours
        return None

    def label(self, sentences: list[Sentence]) -> list[Sentence]:
        return [s if s.passage.kind == "metadata" else
                s.model_copy(update={"speaker": self.speaker_for(s.passage.doc_id, s.start, s.end)})
                for s in sentences]
