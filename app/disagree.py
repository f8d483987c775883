"""The engine's view of disagreement: pull in both sides, attribute speakers, detect conflicts.

Thin glue over ``app.attribution`` (who is speaking) and ``app.conflict`` (where the
sources disagree); those modules hold the logic. Both read the DocStore's clean text.
"""
from __future__ import annotations

from app.attribution import attribute_document
from app.conflict import conflict_statement, detect_conflicts, dispute_paragraphs
from app.docs import DocLibrary
from app.types import Citation, Conflict, Passage


class Disagreement:
    def __init__(self, docs: DocLibrary):
        self.docs = docs

    def expand(self, question: str, passages: list[Passage], retriever) -> list[Passage]:
        """Paragraphs a dispute in ``passages`` refers to, not yet retrieved (both sides of it)."""
        extra: list[Passage] = []
        for doc_id, paragraph in dispute_paragraphs(self.docs.store, passages, question):
            p = retriever.paragraph_passage(doc_id, paragraph)
            if p is not None:
                extra.append(p)
        return extra

    def speaker_for(self, doc_id: str, start: int, end: int) -> str | None:
        rec = self.docs.record(doc_id)
        return attribute_document(rec.text, rec.paragraphs).speaker_for_span(start, end)

    def detect(self, question: str, passages: list[Passage], citations: list[Citation]) -> tuple[list[Conflict], list[Citation]]:
        report = detect_conflicts(question, passages, citations, self.docs.store)
        return report.conflicts, report.citations

    def summary(self, conflicts: list[Conflict], citations: list[Citation]) -> str:
        return conflict_statement(conflicts, citations)
