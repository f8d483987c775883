"""Who is speaking: attribute each sentence (and each quotation) of a document to its source.

    da = attribute_document(clean_text, paragraphs)   # cached by content hash
    da.speaker_for_span(start, end)   -> "Mao Zedong, per Ivan Kovalev’s cable" | None
    speaker_for_span(doc_id, start, end)  # the same, for a document registered with register_document

Built from structure in the text, no model:
- channels (a source a stretch of text reports): "According to X’s account", "X’s cable", "in X’s report",
  "According to both Soviet records" (a group), "the other/the latter account";
- an enumeration of sources ("two Soviet cables: one sent ... by Ambassador Shtykov, the other sent from
  Stalin’s personal representative in China, Ivan Kovalev") fixes the medium, the roles and the order used
  to resolve "the latter/former/other" and a contrast paragraph ("But ...") that names no source: right
  after a paragraph reporting one member, it reports the other member;
- speech verbs ("X reported/wrote/explained/said/told/confided/exclaimed/noted ...", before or after a quote);
  "he/she" resolves to the last person named as a subject;
- roles come from appositives and titles in the text ("Ambassador Shtykov", "Stalin’s personal representative
  in China, Ivan Kovalev"); short names resolve to the unique full name the text gives ("Shtykov" ->
  "Terentii Shtykov").
A channel carries from its cue to the end of its paragraph. Sentences in the author's own voice get None
(the document's author is shown anyway). A quotation made by a person inside a channel is rendered
"<person>, per <channel>’s <medium>".
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache


QUOTE_RE = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")


@dataclass(frozen=True)
class Source:
    key: str  # canonical name, or the group phrase
    name: str
    role: str | None = None
    medium: str | None = None
    members: tuple[str, ...] = ()  # for a group ("both Soviet records")

    def short(self) -> str:
        """Terentii Shtykov’s cable"""
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
    text: str  # verbatim, e.g. "the latter account seems more plausible"
    favours: str | None  # Source key


@dataclass
class DocAttribution:
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[SentenceAttribution]
    sources: dict[str, Source]
    enumerations: list[Enumeration]
    adjudications: list[Adjudication]
    contrasts: list[tuple[int, str]]  # (paragraph, resolved Source key) of "But ..." paragraphs

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


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def attribute_document(clean_text: str, paragraphs: list[tuple[int, int]] | None = None) -> DocAttribution:
    """Attribute every sentence of a document. Cached by the hash of the text and paragraph spans."""
    paras = tuple(tuple(p) for p in (paragraphs or split_paragraphs(clean_text)))
    return _attribute_cached(content_hash(clean_text + repr(paras)), clean_text, paras)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans when the store gives none: blocks separated by blank lines, whitespace trimmed."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:(?!\n[ \t]*\n)[\s\S])*\S|\S", text)]


_REGISTRY: dict[str, DocAttribution] = {}


def register_document(doc_id: str, clean_text: str, paragraphs: list[tuple[int, int]] | None = None) -> DocAttribution:
    """Attribute a document (cached) and remember it under ``doc_id`` for ``speaker_for_span``."""
    da = attribute_document(clean_text, paragraphs)
    _REGISTRY[doc_id] = da
    return da


def speaker_for_span(doc_id: str, start: int, end: int) -> str | None:
    da = _REGISTRY.get(doc_id)
    return da.speaker_for_span(start, end) if da else None


@lru_cache(maxsize=256)
def _attribute_cached(_key: str, text: str, paragraphs: tuple[tuple[int, int], ...]) -> DocAttribution:
    from app.attributor import Attributor

    return Attributor(text, list(paragraphs)).run()
