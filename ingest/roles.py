"""The sentence table: every sentence of a clean text with its role, read once at ingest.

    table = sentence_table(text)   # [(start, end, role), ...] in document order

``role`` is "prose" (the source's own words) or structure, which is never quoted as prose and never
gives a value:

* "margin":    an e-text's margin note or picture caption: "[Sidenote: ...]", "[Illustration]", "[Pg 12]";
               a footnote ("[Footnote 2: ...]") may carry a claim and stays prose.
* "catalogue": a catalogue or metadata line: "Title: ...", "Publisher: ...", "Source: ...", an imprint
               ("Printed by ...", "Copyright, 1911"), an ISBN, a web address.
* "signature": a closing ("Respectfully,", "your obedient servant", "For the Secretary of the Army:",
               "Attest.") and the short name and rank lines after it.
* "heading":   a line in capitals; a whole short line (or paragraph) with no final stop; a short line of
               capitalised words and figures (a dateline "Lexington, April 25th, 1775."); a whole line the
               document repeats word for word ``REPEATED`` times or more (a running head on every page, a
               deposition's attestation formula).
* "headnote":  an editor's note introducing a document: the paragraphs under a "... note" heading, a
               paragraph opening with "Editor's note:", a wholly italic or bracketed paragraph at the start
               of the document or right after a heading.

Every rule is about layout and generic wording (line length, final stop, capitals, colon labels,
position), never about one document.
"""
from __future__ import annotations

import re

from ingest.sentences import caps_share, heading_like, split_sentences, words_of

ROLES = ("prose", "heading", "headnote", "signature", "catalogue", "margin")

MARGIN_NOTE = re.compile(r"\[(?!Footnote\b|Note\b)[A-Z][A-Za-z'’]*(?:\s+[A-Za-z'’]+){0,2}(?:\s*:[^\]]*|\s+\d+)?\]"
                         r"[.,;]?")
_FIELDS = (r"title|sub-?title|author|authors|editor|editors|translator|compiler|publisher|published|publication|"
           r"date|dated|source|sources|original source|archive|repository|collection|citation|cite as|call number|"
           r"identifier|record|document id|isbn|issn|doi|url|link|rights|copyright|licen[cs]e|language|format|"
           r"pages|page|series|volume|edition|contributor|contributors|creator|keywords|subjects?|provenance|"
           r"accession|catalog(?:ue)? (?:number|entry)")
_CATALOGUE = re.compile(rf"^(?:{_FIELDS})\s*:", re.I)
_IMPRINT = re.compile(r"^(?:printed|published|reprinted|copyright|copyrighted|entered according|all rights reserved|"
                      r"set up and electrotyped|manufactured in)\b|\bISBN\b|https?://|\bwww\.|©", re.I)
_CLOSING = re.compile(r"^(?:(?:very )?respectfully(?: submitted)?|sincerely|faithfully|(?:yours|I am|we are|I remain|"
                      r"we remain)(?: (?:very )?(?:truly|sincerely|faithfully|respectfully))?|(?:your|yours) "
                      r"(?:most |very )?(?:obedient|humble|faithful)\b.*servants?|I have the hono(?:u)?r to be\b.*|"
                      r"for the [A-Z][^:]{0,80}:|by (?:order|command|direction) of\b.*|attest|\(?signed\)?|sgd)[.,:]?$",
                      re.I)
# a closing with its name on the same line, as a PDF's joined lines give it: "Respectfully, A. B. Carr, Major"
_CLOSING_LINE = re.compile(r"^(?:(?:very )?respectfully(?: submitted)?|sincerely(?: yours)?|faithfully(?: yours)?|"
                           r"yours (?:truly|sincerely|faithfully|respectfully)|for the [A-Z][^:]{0,80}|"
                           r"by (?:order|command|direction) of [^:,]{1,80})[,:]\s+[A-Z]", re.I)
_NOTE_HEAD = re.compile(r"^(?:[\w'’ ]{0,30}['’]s note|editor(?:ial)? note|note|head-?note|introductory note|"
                        r"introduction by the editor)s?[.:]?$", re.I)
_NOTE_OPENING = re.compile(r"^[\[_*(]*(?:editor|translator|transcriber|compiler)['’]s note\b", re.I)
_WRAPPED = re.compile(r"^(?:_[^_].*_|\*[^*].*\*|\[[A-Za-z].*\])[.,;:]?$", re.S)
_FINAL_STOP = re.compile(r"[.!?…][\"”’»)\]'_*]*$")
_SMALL = frozenset("a an and as at by de for from in of on or the to with".split())
_SIGNATURE_RUN = 6  # short lines after a closing: the name, the rank, the office


def sentence_table(text: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of every sentence of ``text`` (the one splitter's spans)."""
    spans = split_sentences(text)
    paras = _paragraphs(text)
    para_of, k = [], 0
    for s, _ in spans:
        while k + 1 < len(paras) and paras[k + 1][0] <= s:
            k += 1
        para_of.append(k)
    roles = [_line_role(text, s, e, paras[p]) for (s, e), p in zip(spans, para_of)]
    _signatures(text, spans, roles)
    _headnotes(text, spans, roles, para_of, paras)
    _repeated_lines(text, spans, roles)
    return [(s, e, r) for (s, e), r in zip(spans, roles)]


def sentence_roles(text: str) -> list[str]:
    return [r for *_, r in sentence_table(text)]


def is_margin_note(sentence: str) -> bool:
    return bool(MARGIN_NOTE.fullmatch(sentence.strip()))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def _plain(sentence: str) -> str:
    """The sentence without italic marks and surrounding whitespace."""
    return re.sub(r"[_*]+", "", sentence).strip()


def _whole_lines(text: str, s: int, e: int) -> bool:
    return (s == 0 or text[s - 1] == "\n") and (e == len(text) or text[e] == "\n")


def _line_role(text: str, s: int, e: int, para: tuple[int, int]) -> str:
    sentence = text[s:e]
    plain = _plain(sentence)
    words = words_of(plain)
    if is_margin_note(sentence):
        return "margin"
    if _CATALOGUE.match(plain) and len(words) <= 60 or _IMPRINT.search(plain) and len(words) <= 15:
        return "catalogue"
    if _CLOSING.match(plain) or _CLOSING_LINE.match(plain) and len(words) <= 14:
        return "signature"
    if len(words) <= 20 and caps_share(plain) >= 0.8 and sum(c.isalpha() for c in plain) >= 2:
        return "heading"
    alone = _whole_lines(text, s, e) or (s, e) == para
    if alone and len(words) <= 14 and not re.search(r"[.!?:,;…][\"”’»)\]'_*]*$", plain):
        return "heading"
    if alone and words and len(words) <= 12 and _FINAL_STOP.search(plain) and heading_like(plain.rstrip(".")) \
            and all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words):
        return "heading"
    return "prose"


REPEATED = 3  # a whole line seen this many times in one document is its layout, not its account


def _repeated_lines(text: str, spans, roles: list[str]) -> None:
    """A whole line that stands word for word ``REPEATED`` times or more in the document is a running head or a
    formula (a scanned record's catalogue line atop every page, "before us," under every deposition): it says
    nothing new where it stands, and quoted as an answer it would be the page's furniture."""
    seen: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        if roles[i] == "prose" and _whole_lines(text, s, e):
            seen.setdefault(" ".join(text[s:e].split()).lower(), []).append(i)
    for where in seen.values():
        if len(where) >= REPEATED:
            for i in where:
                roles[i] = "heading"


def _signatures(text: str, spans, roles: list[str]) -> None:
    """The short lines after a closing belong to it: the name, the rank, the office."""
    run = 0
    for i, (s, e) in enumerate(spans):
        if roles[i] == "signature" and _CLOSING.match(_plain(text[s:e])):
            run = _SIGNATURE_RUN
            continue
        if run and 0 < len(words_of(text[s:e])) <= 10 and roles[i] in ("prose", "heading"):
            roles[i] = "signature"
            run -= 1
        else:
            run = 0


def _headnotes(text: str, spans, roles: list[str], para_of: list[int], paras) -> None:
    by_para: dict[int, list[int]] = {}
    for i, p in enumerate(para_of):
        by_para.setdefault(p, []).append(i)
    order = sorted(by_para)
    prose_seen = False
    under_note = 0  # paragraphs left under a "... note" heading
    previous_heading = True  # the document's start counts as after a heading
    for p in order:
        idx = by_para[p]
        ps, pe = paras[p]
        body = text[ps:pe].strip()
        own = [roles[i] for i in idx]
        if not words_of(body):  # a cut mark or a separator ends a note
            under_note, previous_heading = 0, False
            continue
        structural = all(r != "prose" for r in own)
        if structural:
            heading = all(r == "heading" for r in own)
            under_note = 6 if heading and _NOTE_HEAD.match(_plain(body)) else 0
            previous_heading = heading
            continue
        intro = previous_heading or not prose_seen
        if under_note or _NOTE_OPENING.match(body) or (intro and _WRAPPED.match(body) and len(words_of(body)) >= 6):
            for i in idx:
                if roles[i] == "prose":
                    roles[i] = "headnote"
            under_note = max(0, under_note - 1)
        else:
            under_note = 0
            prose_seen = True
        previous_heading = False
