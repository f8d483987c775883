"""E-text distributor boilerplate: the licence header, production credits and footer an e-book archive
wraps around a source (Project Gutenberg's layout, which its mirrors and many scanned-book files share).

    lines, fields = strip_etext(lines)   # lines without the wrapper; fields = {"title": ..., "author": ...}

The wrapper is about the file, not the source: its "Release Date: May 6, 2007" is when the e-text was
posted, and an answer must never give it as a date of the events. Only a file whose first lines name the
archive is touched; the header runs to the archive's START marker or, where that was cut, to the last
catalogue field (Title:, Author:, Release Date:, ...); the credits and notes about the e-text right after
it ("Produced by", "also has an HTML version") and everything from the END marker on go too. The header's title and author are returned for a document
that has no catalogue record of its own.
"""
from __future__ import annotations

import re

_ARCHIVE = re.compile(r"project gutenberg", re.I)
_START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_END = re.compile(r"^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_FIELD = re.compile(r"^(title|author|translator|editor|illustrator|release date|posting date|last updated|"
                    r"language|character set encoding)\s*:\s*(.*)$", re.I)
_CREDIT = re.compile(r"^(?:produced by|e-text prepared by|transcribed by|this e-?book was produced by)\b", re.I)
_NOTES_AFTER = 3
_HEAD_LINES = 120  # the header sits in a file's first lines; a START marker further down is quoted text


def _opens_with_archive(lines: list[str]) -> bool:
    """The file's first paragraph names the archive ("The Project Gutenberg EBook of ...")."""
    i = next((k for k, line in enumerate(lines[:12]) if line), None)
    if i is None:
        return False
    j = next((k for k in range(i, len(lines)) if not lines[k]), len(lines))
    return bool(_ARCHIVE.search(" ".join(lines[i:j])))


def _header_end(lines: list[str]) -> int:
    """Index of the first line after the header (0 if there is none)."""
    head = lines[:_HEAD_LINES]
    for i, line in enumerate(head):
        if _START.match(line):
            for j in range(i, min(i + 4, len(lines))):  # the marker may be wrapped onto a second line
                if lines[j].endswith("***"):
                    return j + 1
            return i + 1
    last = -1
    for i, line in enumerate(head):
        if _FIELD.match(line):
            last = i
    if last < 0:
        return 0
    while last + 1 < len(lines) and lines[last + 1]:  # a field's continuation lines ("Author: A\nB")
        last += 1
    return last + 1


def _fields(header: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = None
    for line in header:
        m = _FIELD.match(line)
        if m:
            key = m.group(1).lower()
            fields[key] = m.group(2).strip()
        elif line and key:
            fields[key] = f"{fields[key]}, {line}".strip(", ")
        else:
            key = None
    return {k: v for k, v in fields.items() if k in ("title", "author") and v and v.lower() != "unknown"}


def strip_etext(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    if not _opens_with_archive(lines):
        return lines, {}
    cut = _header_end(lines)
    if not cut:
        return lines, {}
    fields = _fields(lines[:cut])
    for _ in range(_NOTES_AFTER):  # credits and notes about the e-text itself ("Produced by", "an HTML version")
        i = cut
        while i < len(lines) and not lines[i]:
            i += 1
        j = i
        while j < len(lines) and lines[j]:
            j += 1
        paragraph = " ".join(lines[i:j])
        if not paragraph or not (_CREDIT.match(paragraph) or _ARCHIVE.search(paragraph)):
            break
        cut = j
    rest = lines[cut:]
    end = next((k for k, line in enumerate(rest) if _END.match(line)), None)
    return (rest[:end] if end is not None else rest), fields
