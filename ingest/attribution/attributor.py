"""The rules that attribute a document's sentences, paragraph by paragraph (see ``ingest.attribution.speakers``)."""
from __future__ import annotations

import re

from ingest.attribution import cues
from ingest.attribution.types import (Adjudication, DocAttribution, Enumeration, Quote, SentenceAttribution,
                                   Source)
from ingest.sentences import split_sentences

# what a speech verb with no quotation must be followed by to report words: a that/wh- clause, a colon, or a clause
# with its own subject ("said he would come")
_REPORTED = re.compile(r"\b(?:that|whether|if|how|why|what|when|where|who|he|she|they|it|we|I|there)\b|:", re.I)
_SUBORDINATE = re.compile(r"\b(?:what|that|whether|if|how|as|because|since|when|which|who|whom)\s[^,]*$", re.I)

_STATEMENT = re.compile(r"[.!?…][\"”’'»)\]]*\s*$")


def _has_words(qm: re.Match) -> bool:
    return bool(re.search(r"[A-Za-z]{2}", qm.group(0)))


class Attributor:
    def __init__(self, text: str, paragraphs: list[tuple[int, int]]):
        self.text = text
        self.paragraphs = paragraphs
        self.names = cues.NameIndex.build(text)
        self.roles = cues.find_roles(text, self.names)
        self.sources: dict[str, Source] = {}
        self.enumerations: list[Enumeration] = []
        self.adjudications: list[Adjudication] = []
        self.last_person: str | None = None
        self.last_quote_person: str | None = None
        self.channel_history: list[tuple[int, str]] = []  # (paragraph, single-source channel key)

    # -- sources ------------------------------------------------------------
    def source(self, name: str, medium: str | None = None, role: str | None = None) -> str:
        key = self.names.canonical(name)
        old = self.sources.get(key)
        role = (old.role if old else None) or role or self.roles.get(key)
        medium = (old.medium if old else None) or (cues.singular(medium) if medium else None)
        self.sources[key] = Source(key=key, name=key, role=role, medium=medium)
        return key

    def group(self, phrase: str, members: tuple[str, ...]) -> str:
        self.sources[phrase] = Source(key=phrase, name=phrase, members=members)
        return phrase

    def find_enumerations(self, para_no: int, start: int, end: int) -> None:
        for m in cues.ENUM_RE.finditer(self.text, start, end):
            medium = cues.singular(m.group("medium"))
            adj = m.group("adj").strip()
            keys = []
            for part in (m.group("a"), m.group("b")):
                name, title, role = cues.parse_enumeration_part(part)
                if not name:
                    break
                if role is None and title:
                    role = f"{adj} {title.lower()}".strip()
                keys.append(self.source(name, medium, role))
            if len(keys) == 2 and keys[0] != keys[1]:
                self.enumerations.append(Enumeration(para_no, m.start(), m.end(), medium, adj, keys))

    def resolve_reference(self, which: str) -> str | None:
        enum = self.enumerations[-1] if self.enumerations else None
        recent = [k for _, k in self.channel_history]
        if enum and len(enum.members) == 2:
            if which in ("latter", "second"):
                return enum.members[1]
            if which in ("former", "first"):
                return enum.members[0]
            last = recent[-1] if recent else enum.members[0]
            return next((k for k in enum.members if k != last), None)
        distinct = list(dict.fromkeys(reversed(recent)))  # most recent first
        if which in ("latter", "second") and distinct:
            return distinct[0]
        if which in ("former", "first", "other") and len(distinct) > 1:
            return distinct[1]
        return None

    def resolve_np(self, np: str) -> str | None:
        """The noun phrase after 'According to'."""
        np = np.strip()
        m = cues.GROUP_RE.match(np)
        if m:
            enum = self.enumerations[-1] if self.enumerations else None
            if enum and m.group("det").lower() in ("both", "the two", "two", "all three", "the three", "three"):
                return self.group(np, tuple(enum.members))
            return self.group(np, ())
        m = cues.POSSESSIVE_SOURCE_RE.match(np)
        if m:
            return self.source(m.group("name"), m.group("medium"))
        m = cues.MEMOIR_OF_RE.match(np)
        if m:
            return self.source(m.group("name"), m.group("medium"))
        m = cues.REFERENCE_RE.match(np)
        if m:
            return self.resolve_reference(m.group("which").lower())
        name, _ = cues.strip_name(np)
        if name and re.fullmatch(cues.NAME, name):
            return self.source(name)
        head = np.split()[-1].lower() if np.split() else ""
        # "according to one witness / the official report" names a teller; "according to his directions / the
        # plan" does not (a teller is a record, a role or a person noun)
        return self.group(np, ()) if len(np.split()) <= 6 and cues.TELLER_HEAD_RE.fullmatch(head) else None

    # -- sentences ----------------------------------------------------------
    def run(self) -> DocAttribution:
        sentences: list[SentenceAttribution] = []
        for para_no, (p_start, p_end) in enumerate(self.paragraphs, 1):
            self.find_enumerations(para_no, p_start, p_end)
            channel: str | None = None
            self.last_quote_person = None
            para_text = self.text[p_start:p_end]
            spans = split_sentences(para_text, p_start)
            for i, (s, e) in enumerate(spans):
                sa = self.sentence(para_no, s, e, channel, first=(i == 0))
                if sa.channel and "sentence_only" not in sa.cues:
                    channel = sa.channel
                sentences.append(sa)
            if channel and not self.sources[channel].members:
                self.channel_history.append((para_no, channel))
        return DocAttribution(self.text, self.paragraphs, sentences, self.sources, self.enumerations,
                              self.adjudications)

    def sentence(self, para_no: int, s: int, e: int, channel: str | None, first: bool) -> SentenceAttribution:
        text = self.text[s:e]
        found: list[str] = []
        sentence_only = False
        adj = cues.ADJUDICATION_RE.search(text)
        if adj:
            ref = cues.REFERENCE_RE.match(adj.group("span"))
            favours = self.resolve_reference(ref.group("which").lower()) if ref else None
            if not ref:
                pm = cues.POSSESSIVE_SOURCE_RE.match(adj.group("span"))
                favours = self.names.canonical(pm.group("name")) if pm else None
            self.adjudications.append(Adjudication(s + adj.start(), s + adj.end(), para_no, adj.group("span"), favours))
            found.append("adjudication")
        for m in cues.ACCORDING_RE.finditer(text):
            key = self.resolve_np(m.group("np"))
            if key:
                channel = key
                found.append("according_to")
                sentence_only = m.start() > 0 and not first
                break
        else:
            m = cues.POSSESSIVE_SOURCE_RE.search(text) or (None if adj else cues.REFERENCE_RE.search(text))
            if m and not adj:
                channel = (self.source(m.group("name"), m.group("medium")) if "name" in m.groupdict()
                           else self.resolve_reference(m.group("which").lower())) or channel
                found.append("source_named")
        speech = []
        has_quote = any(_has_words(qm) for qm in cues.QUOTE_RE.finditer(text))
        for m in cues.SPEECH_RE.finditer(text):
            subj = m.group("subj")
            person = self.last_person if subj.lower() in ("he", "she") else self.names.canonical(subj)
            if subj.lower() == "they" or not person or person in cues.STOP_TOKENS:
                continue
            if not has_quote and _SUBORDINATE.search(text[:m.start()].rsplit(",", 1)[-1]):
                continue  # a speech verb in a subordinate clause ("what the governor had said") is not the sentence's
            if not has_quote and not _REPORTED.search(text[m.end():]):
                continue  # "the governor wrote directly to the king.": a letter sent, nothing of it reported
            speech.append((m.start(), m.end(), person, m.group("verb")))
            found.append("speech_verb")
        if not speech and has_quote:
            pm = cues.PARTICIPLE_RE.search(text)
            subject = self._first_person(text) if pm else None
            if subject:  # "he left the decision to the governor, writing that “...”"
                speech.append((pm.start(), pm.end(), subject, pm.group("verb")))
                found.append("speech_verb")
            elif self.last_quote_person and not channel:  # the quotation goes on in the next sentence
                speech.append((0, 0, self.last_quote_person, "continued"))
                found.append("quote_continued")
        medium_in = cues.IN_MEDIUM_RE.search(text)
        lead = re.match(cues.NAME, text)
        if lead and cues.strip_name(lead.group(0))[0] and lead.group(0).split()[0] not in cues.STOP_TOKENS \
                and _STATEMENT.search(text):  # a heading ("Notes of the Parish") names no subject for "he"
            self.last_person = self.names.canonical(lead.group(0))
        if speech:
            self.last_person = speech[-1][2]
        quotes = []
        for qm in cues.QUOTE_RE.finditer(text):
            if not _has_words(qm):
                continue
            q_start, q_end = qm.start(1) if qm.group(1) is not None else qm.start(2), qm.end(1) if qm.group(1) is not None else qm.end(2)
            while q_end > q_start and text[q_end - 1] in ",.;: ":
                q_end -= 1
            person = None
            if speech:
                person = min(speech, key=lambda x: min(abs(x[0] - qm.end()), abs(qm.start() - x[1])))[2]
            quotes.append(Quote(s + q_start, s + q_end, self.quote_speaker(person, channel), person, channel))
        self.last_quote_person = next((q.person for q in reversed(quotes) if q.person), None)
        people = [p for _, _, p, _ in speech]
        person = next((p for p in reversed(people) if not channel or p != channel), None)
        if channel:
            speaker = self.label(channel)
        elif person:
            if medium_in and person == people[0]:
                self.source(person, medium_in.group("medium"))
            speaker = self.label(self.source(person)) if person not in self.sources else self.label(person)
            for q in quotes:
                if q.person == person and not q.speaker:
                    q.speaker = speaker
        else:
            speaker = None
        if sentence_only:
            found.append("sentence_only")
        return SentenceAttribution(s, e, para_no, speaker, channel, person, found, quotes)

    def _first_person(self, text: str) -> str | None:
        for m in re.finditer(cues.NAME + r"|\b[Hh]e\b|\b[Ss]he\b", text):
            if m.group(0).lower() in ("he", "she"):
                return self.last_person
            name, _ = cues.strip_name(m.group(0))
            if name:
                return self.names.canonical(name)
        return None

    def label(self, key: str) -> str:
        return DocAttribution(self.text, [], [], self.sources, [], []).label(key)

    def quote_speaker(self, person: str | None, channel: str | None) -> str | None:
        if channel is None:
            return self.label(self.source(person)) if person else None
        src = self.sources[channel]
        if person is None or person == channel:
            return self.label(channel)
        who = self.names.canonical(person)
        if src.members:
            names = " and ".join(self.sources[m].name for m in src.members)
            return f"{who}, per {src.name} ({names})"
        return f"{who}, per {src.short()}"
