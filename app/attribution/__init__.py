"""Attribution: who is speaking in each stretch of a document. Entry point: ``Speakers``.

    speakers = Speakers(docs)
    speakers.speaker_for(doc_id, start, end)  -> "John Reed, per Edward Harris’s report" | None
    speakers.label(sentences)                 -> the same sentences with ``speaker`` set
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

    def label(self, sentences: list[Sentence]) -> list[Sentence]:
        return [s if s.passage.kind == "metadata" else
                s.model_copy(update={"speaker": self.speaker_for(s.passage.doc_id, s.start, s.end)})
                for s in sentences]
