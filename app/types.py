"""Shared types that carry the data through every stage. The UI, the CLI and the eval suite render an ``Answer``.

    Question   the user's question, parsed once (text, standalone text, kind, terms)
    Passage    a retrieved stretch of a source          \
    Sentence   one sentence of a passage, shown to the LLM  } all carry a SourceSpan (doc, offsets, provenance)
    Citation   a verified quote, numbered [n]           /
    Conflict   two or more sources giving different values for the same thing
    Answer     what every renderer shows
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# Refusal sentinel: every refused answer starts with this text and has refused=True.
REFUSAL_PREFIX = "The sources don't say"

QuestionKind = Literal["yes_no", "count", "date", "who", "why_how", "what_said", "other"]


class Turn(BaseModel):
    """An earlier turn of a conversation: the question and the answer text shown for it ("" if refused)."""

    question: str
    answer: str = ""


class Question(BaseModel):
    """The question, parsed once; every stage reads this object."""

    text: str  # as asked, cleaned (control characters, whitespace), truncated to the limit
    standalone: str = ""  # after resolving follow-ups against the history ("" until condensed)
    kind: QuestionKind = "other"
    terms: list[str] = Field(default_factory=list)  # content words (lower case), in order
    names: list[str] = Field(default_factory=list)  # capitalised names the question gives
    sources: list[str] = Field(default_factory=list)  # names it asks the account of ("according to Brady")
    notes: list[str] = Field(default_factory=list)  # said to the user before the answer (truncation, language)

    @property
    def search_text(self) -> str:
        return self.standalone or self.text


class SourceSpan(BaseModel):
    """Provenance shared by passages and citations: where in which document."""

    doc_id: str
    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""  # the document's date when its catalogue record gives one
    paragraph: int  # 1-based; 0 = the document's catalogue record (title, author, description)
    paragraph_end: int = 0  # the last paragraph the span runs into, when past ``paragraph`` (0: it does not)
    start: int
    end: int
    page: int | None = None


class Passage(SourceSpan):
    """A retrieved stretch of a source, with provenance and scores."""

    chunk_id: str
    text: str  # exact clean text [start:end]
    kind: str = "chunk"  # "chunk" | "metadata" | "neighbour"
    score: float = 0.0  # fused score
    dense_score: float | None = None
    bm25_score: float | None = None
    rank: int = 0


class Sentence(BaseModel):
    """One sentence of a retrieved passage, as numbered for the LLM ("2.3": source 2, sentence 3)."""

    sid: str
    passage: Passage
    start: int  # offsets in the document's clean text (or its metadata text)
    end: int
    text: str
    score: float = 0.0
    speaker: str | None = None  # who the sentence reports, when the text says so

    @property
    def doc_id(self) -> str:
        return self.passage.doc_id


class Citation(SourceSpan):
    """A verified quote: ``quote`` is exactly clean_text[start:end] of ``doc_id``.

    Exception: a quote of the document's catalogue record (title, author, bio) has ``paragraph == 0``
    and its offsets point into the stored metadata text of ``doc_id`` instead.
    """

    n: int  # the [n] label used in the answer text
    quote: str
    speaker: str | None = None  # who the quoted claim is attributed to, e.g. "Edward Harris (British consul), report"
    # The paragraph the quote sits in, and the quote's offsets inside it, for highlighting.
    context: str = ""
    context_start: int = 0
    context_end: int = 0
    flags: list[str] = Field(default_factory=list)  # e.g. "instructions": the document holds text addressed to assistants


class Position(BaseModel):
    claim: str
    value: str = ""  # the short value this source gives (a number, a date, yes/no, a name)
    speaker: str | None = None
    doc_id: str
    citations: list[int] = Field(default_factory=list)  # Citation.n values


class Conflict(BaseModel):
    question: str  # the question at issue
    positions: list[Position]  # two or more
    adjudication: str | None = None  # verbatim: an author's sentence judging between the accounts
    adjudication_citation: int | None = None
    favours: str | None = None  # the account the adjudication favours, by name, when it can be told
    signals: list[str] = Field(default_factory=list)  # how it was found (for evals), never shown to users


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
    answer: str  # the short-answer line, then per source its sentences quoted whole ([n] marks the citations)
    short_answer: str = ""  # the first line alone: each source's span, named and cited
    summary: str = ""  # answer.style "write" only: the model's own summary of the quotes (labelled as such)
    corroboration: int = 0  # how many sources give the same value (2 or more: "N sources agree")
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


class SentencesEvent(BaseModel):
    """Each source's best evidence sentences, verbatim, while the model reads them."""

    type: Literal["sentences"] = "sentences"
    sentences: list[Sentence]


class WorkingEvent(BaseModel):
    """The model is still reading: sent about every quarter second, so the page can show the time and a reader who
    leaves stops the work at the next one."""

    type: Literal["working"] = "working"
    elapsed: float = 0.0


class FinalEvent(BaseModel):
    type: Literal["answer"] = "answer"
    answer: Answer


AnswerEvent = EvidenceEvent | SentencesEvent | WorkingEvent | FinalEvent


def provenance(c: SourceSpan, speaker: str | None = None, *, italic_title: tuple[str, str] = ("", "")) -> str:
    """Nested provenance, one wording for every renderer (chat, CLI, eval report).

    "<speaker>, as reported by <author>, <title> (<publisher>), ¶12"
    """
    open_i, close_i = italic_title
    if speaker is None and isinstance(c, Citation):
        speaker = c.speaker
    where = paragraph_label(c) if c.paragraph else "catalogue record"
    if c.page:
        where += f", p. {c.page}"
    title = f"{open_i}{c.title}{close_i}" if c.title else c.doc_id
    publisher = f" ({c.publisher})" if c.publisher else ""
    by = f"{c.author}, " if c.author else ""
    if speaker:
        return f"{speaker}, as reported by {by}{title}{publisher}, {where}"
    return f"{by}{title}{publisher}, {where}"


def paragraph_label(c: SourceSpan) -> str:
    """"¶12", or "¶1–3" for a span that runs over paragraphs 1 to 3."""
    end = getattr(c, "paragraph_end", 0)
    return f"¶{c.paragraph}–{end}" if end > c.paragraph else f"¶{c.paragraph}"
