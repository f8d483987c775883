"""Surface cues of attribution in English prose: names, roles, speech verbs, source words.

Pure text patterns (no model). ``ingest.attribution.speakers`` combines them into per-sentence speakers.
The word lists are generic English (speech verbs, titles, role nouns, media of record); nothing
here is keyed to a particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.lexicon import MEDIA, NON_NAME_WORDS

APOS = "[’']"
_TOK = r"[A-Z][a-zà-ÿ]+(?:-[A-Za-zà-ÿ]+)?"
NAME = rf"{_TOK}(?:\s+{_TOK})*"

# Words that start capitalised token runs but are not (part of) a person's name.
STOP_TOKENS = NON_NAME_WORDS

TITLES = ("Ambassador", "Chairman", "General", "Marshal", "Premier", "President", "Minister", "Comrade",
          "Secretary", "Commander", "Colonel", "Admiral", "Foreign Minister", "Vice Premier", "Professor",
          "Dr", "Mr", "Mrs", "Ms", "Envoy", "Consul", "Chancellor", "King", "Emperor", "Prince", "Senator")
_TITLE_RE = re.compile(rf"^(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?\s+(?P<rest>{NAME})$")

ROLE_NOUNS = (r"ambassador|representative|envoy|emissary|diplomat|minister|chairman|leader|commander|general|"
              r"marshal|head|chief|secretary|president|premier|official|adviser|advisor|interpreter|"
              r"translator|historian|aide|deputy|director|correspondent|officer|spokesman|consul|attaché")

SPEECH_VERBS = (r"reported|reports|wrote|writes|explained|explains|said|says|told|tells|confided|exclaimed|"
                r"noted|notes|remarked|claimed|claims|joked|stated|states|declared|asserted|recalled|recalls|"
                r"argued|argues|insisted|informed|cabled|telegraphed|replied|answered|added|warned|urged|"
                r"promised|complained|observed|admitted|concluded|suggested|announced|underscored|emphasized|"
                r"stressed|maintained|recounted|reminded|reassured|responded|advised|cautioned|assured|"
                r"relayed|wrote back|quoted")
_ADVERBS = r"(?:(?:\w+ly|also|then|later|once|even|had|has|have|would|did|himself|herself|themselves|reportedly)\s+)*"
SPEECH_RE = re.compile(rf"(?<![\w’'])(?P<subj>{NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+{_ADVERBS}(?P<verb>{SPEECH_VERBS})\b")
PARTICIPLE_RE = re.compile(r",\s+(?P<verb>writing|saying|noting|adding|explaining|arguing|insisting|declaring|stating|"
                           r"telling|warning|urging|remarking)\b")

# A quotation in curly or straight double quotes; group 1 or 2 is the quoted words.
QUOTE_RE = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")

POSSESSIVE_SOURCE_RE = re.compile(rf"(?P<name>{NAME}){APOS}s?\s+(?:(?:own|later|earlier|first|second)\s+)?(?P<medium>{MEDIA})\b")
MEMOIR_OF_RE = re.compile(rf"\b(?:the\s+)?(?P<medium>{MEDIA})\s+of\s+(?:(?:[a-z]+\s+){{0,2}})?(?P<name>{NAME})")
# the last word of a lowercase noun phrase that names a teller ("one witness", "the official report")
TELLER_HEAD_RE = re.compile(rf"(?:{MEDIA}|(?:{ROLE_NOUNS})s?|sources?|witness(?:es)?|eyewitness(?:es)?|tradition|"
                            r"chroniclers?|writers?|observers?|narrators?|authors?|survivors?|participants?|"
                            r"prisoners?|soldiers?|inhabitants|people|men|officers|scouts?)")
ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+(?P<np>[^,:;.()“”\"]{2,90}?)(?=\s*[,:;.)]|\s+(?:that|who)\b|$)")
# "In a report from late 1949, ..." names the medium of the sentence's speaker.
IN_MEDIUM_RE = re.compile(rf"\b[Ii]n\s+(?:a|an|his|her|their|the|one)\s+(?:[\w-]+\s+)?(?P<medium>{MEDIA})\b")
GROUP_RE = re.compile(rf"^(?P<det>both|the two|two|the three|three|all three)\s+(?P<adj>(?:[A-Z][\w-]+\s+)*)(?P<medium>{MEDIA}|sources)$")

# "two Soviet cables: one sent from ... by Ambassador X, the other sent from Y's ..., Z"
ENUM_RE = re.compile(
    rf"\b(?P<count>two|both)\s+(?P<adj>(?:[A-Z][\w-]+\s+)*)(?P<medium>{MEDIA}|sources)\b[^.:;]{{0,60}}[:;—–-]\s*"
    r"one\b(?P<a>[^.;]*?),\s*(?:and\s+)?the other\b(?P<b>[^.;]*)")
_PART_APPOSITIVE = re.compile(rf"(?:from|by)\s+(?P<role>[^,]{{3,90}}),\s*(?P<name>{NAME})\s*$")
_PART_NAME = re.compile(rf"(?P<name>{NAME})\s*$")
# Appositive roles anywhere in the text.
_ROLE_BEFORE = re.compile(
    rf"(?P<role>(?:[A-Z][\w-]+{APOS}s\s+)?(?:[\w-]+\s+){{0,3}}?(?:{ROLE_NOUNS})(?:\s+(?:in|of|to)\s+(?:the\s+)?{_TOK}(?:\s+{_TOK})*)?),\s+(?P<name>{NAME})")
_ROLE_AFTER = re.compile(rf"(?P<name>{NAME}),\s+the\s+(?P<role>(?:[\w’'-]+\s+){{0,5}}?(?:{ROLE_NOUNS})(?:\s+(?:of|in|for|at|to|with)\s+[^,.;]{{2,60}}?)?)(?=[,.;])")
_ROLE_PREMOD = re.compile(rf"(?P<role>(?:[A-Za-z][a-z-]+\s+){{0,3}}(?:{ROLE_NOUNS}))\s+(?P<name>{NAME})")

REFERENCE_RE = re.compile(rf"\b(?P<phrase>[Tt]he\s+(?P<which>latter|former|other|first|second)\s+(?P<medium>{MEDIA}))\b")
EVALUATIVE = r"plausible|credible|likely|reliable|convincing|accurate|persuasive|trustworthy|believable|probable"
ADJUDICATION_RE = re.compile(
    rf"(?P<span>(?:[Tt]he\s+(?:latter|former|other|first|second)\s+(?:{MEDIA})|{NAME}{APOS}s\s+(?:{MEDIA}))"
    rf"\s+(?:seems|seem|is|are|appears|appear|looks|was|remains)\s+(?:(?:to be|far|much|rather|somewhat|the)\s+)*"
    rf"(?:more|less|most|least)\s+(?:{EVALUATIVE}))")
_DETERMINERS = re.compile(r"^(?:the|a|an|famed|famous|noted|then)\s+", re.I)


def _drop_openers(name: str, openers: set[str]) -> str:
    """"" for a lone opener ("Presently"); a longer name keeps its words ("Sitting Bull" is a name)."""
    return "" if name in openers else name


def strip_name(raw: str) -> tuple[str, str | None]:
    """Drop leading non-name tokens and a title: 'Consul Harris' -> ('Harris', 'Consul')."""
    toks = raw.split()
    while toks and toks[0] in STOP_TOKENS:
        toks.pop(0)
    name = " ".join(toks)
    m = _TITLE_RE.match(name)
    if m:
        return m.group("rest"), m.group("title")
    return name, None


@dataclass
class NameIndex:
    """Full names seen in a document; short mentions resolve to the unique longer name."""

    full: set[str]
    # adverbs and participles the document also writes in lower case ("Presently", "Holding up his hand"):
    # alone, capitalised only because they open a sentence, never a name
    openers: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, text: str) -> "NameIndex":
        openers = {w.capitalize() for w in re.findall(r"\b[a-z]{3,}(?:ly|ing)\b", text)}
        names = set()
        for m in re.finditer(NAME, text):
            name, _ = strip_name(m.group(0))
            name = _drop_openers(name, openers)
            if len(name.split()) >= 2:
                names.add(name)
        return cls(names, openers)

    def canonical(self, mention: str) -> str:
        mention, _ = strip_name(mention)
        mention = _drop_openers(mention, self.openers)
        if not mention or mention in self.full or len(mention.split()) > 1:
            return mention
        hits = {n for n in self.full if n.split()[0] == mention or n.split()[-1] == mention}
        return hits.pop() if len(hits) == 1 else mention


def find_roles(text: str, names: NameIndex) -> dict[str, str]:
    """Role descriptions from appositives: 'X's personal representative in Lisbon, John Reed' etc."""
    roles: dict[str, str] = {}
    for rx in (_ROLE_BEFORE, _ROLE_AFTER):
        for m in rx.finditer(text):
            name, _ = strip_name(m.group("name"))
            role = _clean_role(m.group("role"))
            if name and role:
                roles.setdefault(names.canonical(name), role)
    for m in re.finditer(NAME, text):
        name, title = strip_name(m.group(0))
        if title and name:
            roles.setdefault(names.canonical(name), title.lower())
    for m in _ROLE_PREMOD.finditer(text):
        name, _ = strip_name(m.group("name"))
        role = _clean_role(m.group("role"))
        if name and role:
            roles.setdefault(names.canonical(name), role)
    return roles


def _clean_role(role: str) -> str:
    role = " ".join(role.split())
    while True:
        stripped = _DETERMINERS.sub("", role, count=1)
        if stripped == role:
            return role
        role = stripped


def parse_enumeration_part(part: str) -> tuple[str, str | None, str | None]:
    """One member of 'one sent from Lisbon by Consul Harris' -> (name, title, appositive role)."""
    part = part.strip()
    m = _PART_APPOSITIVE.search(part)
    if m and len(m.group("role").split()) <= 8:
        name, title = strip_name(m.group("name"))
        return name, title, _clean_role(m.group("role"))
    m = _PART_NAME.search(part)
    if m:
        name, title = strip_name(m.group("name"))
        return name, title, None
    return "", None, None


def singular(medium: str) -> str:
    medium = medium.lower()
    if medium.endswith("ies"):
        return medium[:-3] + "y"
    if medium.endswith("s") and medium not in ("notes", "minutes", "memoirs"):
        return medium[:-1]
    return medium
