"""What an ingest run did, for people (one line) and for ``--json``."""
from __future__ import annotations

from pydantic import BaseModel, Field


class IngestSummary(BaseModel):
    documents: int = 0  # documents in the store after the run
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0  # chunks in the store after the run
    chunks_embedded: int = 0
    errors: list[str] = Field(default_factory=list)  # "<file>: <reason>", one per failed file
    skipped: list[str] = Field(default_factory=list)  # unsupported files (not errors)
    # "<file> contains N sentences addressed to assistants or readers; ...", one per such document
    warnings: list[str] = Field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def public(self) -> dict:
        """The ``--json`` object."""
        return self.model_dump(include={"documents", "added", "changed", "removed", "unchanged", "chunks",
                                        "chunks_embedded", "errors", "warnings"})

    def headline(self) -> str:
        """One line for people: what changed and what the store now holds."""
        if not (self.added or self.changed or self.removed or self.chunks_embedded):
            head = f"No changes: 0 chunks embedded; {plural(self.unchanged, 'document')} unchanged."
        else:
            head = (f"Ingested: {self.added} added, {self.changed} changed, {self.removed} removed, "
                    f"{self.unchanged} unchanged; {plural(self.chunks_embedded, 'chunk')} embedded.")
        head += f" Store: {plural(self.documents, 'document')}, {plural(self.chunks, 'chunk')}."
        if self.errors:
            head += f" {len(self.errors)} file{'s' if len(self.errors) != 1 else ''} failed."
        return head


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
