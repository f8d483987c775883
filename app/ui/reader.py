"""The Sources reader: one document's clean text, paragraph by paragraph, each with its ¶ number.

Paragraph numbers are the ones citations use (``Citation.paragraph``); a cited span is wrapped
in ``<mark id="src-hit">`` so the page can scroll to it. ¶0 is the catalogue record.
"""
from __future__ import annotations

from app.render.quality import DAMAGE_LABEL, damage
from app.render.parts import attr, esc


def _marked(text: str, s: int, e: int) -> str:
    s, e = max(0, s), min(len(text), e)
    if not 0 <= s < e:
        return esc(text)
    return f'{esc(text[:s])}<mark class="quote" id="src-hit">{esc(text[s:e])}</mark>{esc(text[e:])}'


def document_html(record, paragraph: int | None = None, start: int = 0, end: int = 0) -> str:
    """The reader for ``record`` (a DocRecord); with ``paragraph``, that paragraph is opened and highlighted."""
    meta = record.meta
    head = f'<div class="reader-head"><b>{esc(meta.title or record.doc_id)}</b>'
    bits = [b for b in (meta.author, meta.publisher, meta.date) if b]
    if bits:
        head += f" — {esc(', '.join(bits))}"
    head += f' <span class="muted">({esc(record.doc_id)}; {len(record.paragraphs)} paragraphs)</span></div>'
    parts = [head]
    if record.metadata_text:
        body = esc(record.metadata_text)
        cls = "para catalogue"
        if paragraph == 0:
            body, cls = _marked(record.metadata_text, start, end), cls + " target"
            if start >= end:
                body = f'<mark class="quote" id="src-hit">{esc(record.metadata_text)}</mark>'
        parts.append(f'<div class="{cls}" id="src-p-0"><span class="pnum">catalogue record</span>'
                     f'<div class="ptext">{body}</div></div>')
    for number, (s, e) in enumerate(record.paragraphs, 1):
        text = record.text[s:e]
        cls = "para"
        if number == paragraph:
            cls += " target"
            body = _marked(text, start - s, end - s)
            if damage(text[max(0, start - s):end - s]):
                body += f'<div class="damaged">⚠ {DAMAGE_LABEL}</div>'
        else:
            body = esc(text)
        parts.append(f'<div class="{cls}" id="src-p-{number}" data-para="{number}">'
                     f'<span class="pnum">¶{number}</span><div class="ptext">{body}</div></div>')
    return f'<div class="reader" data-doc="{attr(record.doc_id)}">{"".join(parts)}</div>'
