"""Shared result types. The UI, the CLI and the eval suite render an ``Answer``."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# Refusal sentinel: every refused answer starts with this text and has refused=True.
REFUSAL_PREFIX = "The sources don't say"


class Turn(BaseModel):
    """An earlier turn of a conversation: the question and the answer text shown for it ("" if refused)."""

    question: str
    answer: str = ""


class Passage(BaseModel):
    """A retrieved stretch of a source, with provenance and scores."""

    chunk_id: str
    doc_id: str
    title: str
    author: str = ""
    publisher: str = ""
    paragraph: int
    start: int
    end: int
    text: str  # exact clean text [start:end]
    page: int | None = None
    kind: str = "chunk"  # "chunk" | "metadata" | "neighbour"
    score: float = 0.0  # fused score
    dense_score: float | None = None
    bm25_score: float | None = None
    rank: int = 0


class Citation(BaseModel):
    """A verified quote: ``quote`` is exactly clean_text[start:end] of ``doc_id``.

    Exception: a quote of the document's own details (title, author, bio) has ``paragraph == 0``
    and its offsets point into the stored metadata text of ``doc_id`` instead.
    """

    n: int  # the [n] label used in the answer text
    doc_id: str
    title: str
    author: str = ""
    publisher: str = ""
    paragraph: int
    start: int
    end: int
    quote: str
    speaker: str | None = None  # who the quoted claim is attributed to, e.g. "Terentii Shtykov (Soviet ambassador), cable"
    page: int | None = None
    # The paragraph the quote sits in, and the quote's offsets inside it, for highlighting.
    context: str = ""
    context_start: int = 0
    context_end: int = 0


class Position(BaseModel):
    claim: str
    speaker: str | None = None
    doc_id: str
    citations: list[int] = Field(default_factory=list)  # Citation.n values


class Conflict(BaseModel):
    question: str  # the question at issue
    positions: list[Position]  # two or more
    adjudication: str | None = None  # verbatim, e.g. "the latter account seems more plausible"
    adjudication_citation: int | None = None
    signals: list[str] = Field(default_factory=list)  # which detectors fired


class Timings(BaseModel):
    condense: float = 0.0
    retrieve: float = 0.0
    generate: float = 0.0
    verify: float = 0.0
    total: float = 0.0
    first_token: float | None = None


class Answer(BaseModel):
    question: str
    standalone_question: str = ""  # after condensing history
    answer: str
    refused: bool = False
    citations: list[Citation] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    timings: Timings = Field(default_factory=Timings)
    model: str = ""
    searched: str = ""  # what was searched, shown with refusals
    notes: list[str] = Field(default_factory=list)  # e.g. "question truncated to 2000 characters"
    refusal_reason: str = ""  # why the engine refused (empty when it answered)
    diagnostics: dict = Field(default_factory=dict)  # refusal signals, for evals and calibration


class EvidenceEvent(BaseModel):
    type: Literal["evidence"] = "evidence"
    passages: list[Passage]
    standalone_question: str = ""


class TokenEvent(BaseModel):
    type: Literal["token"] = "token"
    text: str


class FinalEvent(BaseModel):
    type: Literal["answer"] = "answer"
    answer: Answer


AnswerEvent = EvidenceEvent | TokenEvent | FinalEvent
