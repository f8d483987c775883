"""Clean: raw text -> the canonical clean text that every quote and offset refers to.

Steps: repair the seed's GBK mojibake (ours) then what ftfy handles; Unicode NFC; normalise
whitespace (paragraphs separated by one blank line, single spaces); drop obvious web boilerplate
("Skip to main content" and the site-name line above it, "Read more", "<Name> image" captions) and an
e-text archive's licence header, credits and footer (ingest/etext.py).
Real content such as an author bio is kept. PDFs are cleaned page by page so page starts survive.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import ftfy

from ingest.etext import strip_etext
from ingest.mojibake import repair_gbk_mojibake
from ingest.types import CleanDocument, DocumentMeta, RawDocument

_SKIP_LINK = re.compile(r"^(skip to (main )?content|skip navigation|jump to (main )?content)$", re.I)
_BOILER_LINES = re.compile(
    r"^(read more|read full (article|story)|continue reading|share( this( page| article)?)?|print( this page)?|"
    r"back to top|advertisement|subscribe|sign up for our newsletter|related content|menu|search)[.!:]?$",
    re.I,
)
_TRAILING_READ_MORE = re.compile(r"\s*\b(read more|continue reading)[.…]*$", re.I)
_CAPTION = re.compile(r"^[\w .,'’\-]{1,60}\s(image|photo|portrait|headshot)$", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")


def fix_text(text: str) -> str:
    text = repair_gbk_mojibake(text)
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    return unicodedata.normalize("NFC", text)


def _lines(text: str) -> list[str]:
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _drop_header(lines: list[str]) -> list[str]:
    """Drop "Skip to main content" and the bare site-name line(s) above it, near the top only."""
    for i, line in enumerate(lines[:15]):
        if _SKIP_LINK.match(line):
            return lines[i + 1:]
    return lines


def _is_boilerplate(line: str) -> bool:
    return bool(_SKIP_LINK.match(line) or _BOILER_LINES.match(line) or _CAPTION.match(line))


def _paragraphs(lines: list[str], join_lines: bool) -> list[str]:
    paras: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            if join_lines:  # PDF: lines are layout, not structure; rejoin (and de-hyphenate)
                text = ""
                for line in block:
                    if text.endswith("-") and line[:1].islower() and text[-2:-1].isalpha():
                        text = text[:-1] + line
                    else:
                        text = f"{text} {line}" if text else line
                paras.append(text)
            else:
                paras.append("\n".join(block))
            block.clear()

    for line in lines:
        if not line:
            flush()
            continue
        if _is_boilerplate(line):
            flush()
            continue
        block.append(line)
    flush()
    out = []
    for p in paras:
        p = _TRAILING_READ_MORE.sub("", p).strip() if len(p.split()) > 3 else p
        if p and not _is_boilerplate(p):
            out.append(p)
    return out


def _clean(text: str, join_lines: bool) -> tuple[str, dict[str, str]]:
    lines, fields = strip_etext(_drop_header(_lines(fix_text(text))))
    return "\n\n".join(_paragraphs(lines, join_lines)), fields


def clean_text(text: str, join_lines: bool = False) -> str:
    return _clean(text, join_lines)[0]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for part in text.split("\n\n"):
        if part:
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def derive_title(text: str, doc_id: str) -> str:
    first = text.split("\n\n", 1)[0].split("\n", 1)[0].strip() if text else ""
    m = _HEADING.match(first)
    if m:
        return m.group(1).strip()
    if first and len(first.split()) <= 16 and not first.endswith((".", ",", ";")):
        return first
    stem = doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-]+", " ", stem).strip() or doc_id


def content_hash(meta: DocumentMeta, text: str) -> str:
    payload = json.dumps(meta.model_dump(exclude={"source_path"}), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((payload + "\0" + text).encode("utf-8")).hexdigest()


def clean(raw: RawDocument) -> CleanDocument:
    meta = raw.meta.model_copy()
    page_starts: list[tuple[int, int]] = []
    if raw.page_starts:
        parts: list[str] = []
        pos = 0
        bounds = [s for s, _ in raw.page_starts[1:]] + [len(raw.text)]
        for (start, number), end in zip(raw.page_starts, bounds):
            page = clean_text(raw.text[start:end], join_lines=True)
            if not page:
                continue
            if parts:
                pos += 2
            page_starts.append((pos, number))
            parts.append(page)
            pos += len(page)
        text = "\n\n".join(parts)
    else:
        text, fields = _clean(raw.text, join_lines=False)
        meta.title = meta.title or fields.get("title", "")  # an e-text's own header, when no sidecar gives them
        meta.author = meta.author or fields.get("author", "")
    if not meta.title:
        meta.title = derive_title(text, meta.doc_id)
    meta.title = fix_text(meta.title).strip()
    return CleanDocument(meta=meta, text=text, content_hash=content_hash(meta, text),
                         page_starts=page_starts, paragraphs=paragraph_spans(text))
