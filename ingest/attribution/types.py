"""What attribution finds in a document: its sources, quotations, per-sentence speakers, enumerations of
sources, the author's adjudications, and the ``DocAttribution`` that holds them all.

``ingest.attribution.attributor`` builds these; ``ingest.attribution.speakers`` caches them and is where callers get them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    key: str  # canonical name, or the group phrase
    name: str
    role: str | None = None
    medium: str | None = None
    members: tuple[str, ...] = ()  # for a group ("both Soviet records")

    def short(self) -> str:
        """Edward Harris’s report"""
        return f"{self.name}’s {self.medium}" if self.medium else self.name


@dataclass
class Quote:
    start: int  # inner text, quote marks excluded, trailing , . ; : excluded
    end: int
    speaker: str | None
    person: str | None  # who utters the words
    channel: str | None  # Source.key of the channel reporting them


@dataclass
class SentenceAttribution:
    start: int
    end: int
    paragraph: int  # 1-based
    speaker: str | None
    channel: str | None
    person: str | None
    cues: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Enumeration:
    paragraph: int
    start: int
    end: int
    medium: str
    adjective: str
    members: list[str]  # Source keys, in the order the text gives them


@dataclass
class Adjudication:
    start: int
    end: int
    paragraph: int
    text: str  # verbatim, e.g. "the former report seems more credible"
    favours: str | None  # Source key


@dataclass
class DocAttribution:
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[SentenceAttribution]
    sources: dict[str, Source]
    enumerations: list[Enumeration]
    adjudications: list[Adjudication]

    def label(self, key: str | None) -> str | None:
        if key is None:
            return None
        src = self.sources[key]
        if src.members:
            people = " and ".join(self.label_person(m) for m in src.members)
            medium = self.sources[src.members[0]].medium
            return f"{people}, {medium}s" if medium else people
        who = f"{src.name} ({src.role})" if src.role else src.name
        return f"{who}, {src.medium}" if src.medium else who

    def label_person(self, key: str) -> str:
        src = self.sources.get(key)
        if src is None:
            return key
        return f"{src.name} ({src.role})" if src.role else src.name

    def paragraph_channel(self, paragraph: int) -> str | None:
        """The channel (Source key) most of a paragraph's sentences report, if any."""
        keys = [s.channel for s in self.sentences if s.paragraph == paragraph and s.channel]
        return max(set(keys), key=keys.count) if keys else None

    def sentences_in(self, paragraph: int) -> list[SentenceAttribution]:
        return [s for s in self.sentences if s.paragraph == paragraph]

    def paragraph_of(self, offset: int) -> int:
        for i, (a, b) in enumerate(self.paragraphs, 1):
            if a <= offset < b:
                return i
        return 0

    def speaker_for_span(self, start: int, end: int) -> str | None:
        best, best_overlap = None, 0
        for s in self.sentences:
            overlap = min(end, s.end) - max(start, s.start)
            if overlap <= 0:
                continue
            for q in s.quotes:  # a span inside a quotation: the one who utters it
                if q.speaker and q.start - 1 <= start and end <= q.end + 2:
                    return q.speaker
            if overlap > best_overlap:
                best, best_overlap = s, overlap
        return best.speaker if best else None
