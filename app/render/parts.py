"""Small pieces every renderer of an Answer shares: escaping, provenance lines, card ids, citation links."""
from __future__ import annotations

import html
import re

from app.types import Citation, Passage

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
CATALOGUE = "catalogue record"


def esc(text: object) -> str:
    return html.escape(str(text or ""), quote=False)  # text nodes only


def attr(text: object) -> str:
    return html.escape(str(text or ""), quote=True)  # attribute values


def card_id(turn: int, n: int) -> str:
    return f"ev-{turn}-{n}"


def is_catalogue(c: Citation | Passage) -> bool:
    """¶0 is the document's catalogue record (the metadata sidecar), not its text."""
    return c.paragraph <= 0 or getattr(c, "kind", "") == "metadata"


def location(c: Citation | Passage) -> str:
    loc = f"¶{c.paragraph}" if not is_catalogue(c) else CATALOGUE
    if c.page:
        loc += f", p. {c.page}"
    return loc


def source_line(c: Citation | Passage, date: str = "") -> str:
    """The document: author, *title* (publisher), date — once per source."""
    where = f"<i>{esc(c.title or c.doc_id)}</i>"
    if c.publisher:
        where += f" ({esc(c.publisher)})"
    if date:
        where += f", {esc(date)}"
    return f"{esc(c.author)}, {where}" if c.author else where


def provenance(c: Citation | Passage, date: str = "") -> str:
    """Nested attribution: "Shtykov's cable, as reported by Charles Kraus, *Title* (Publisher), ¶12"."""
    speaker = getattr(c, "speaker", None)
    where = f"<i>{esc(c.title or c.doc_id)}</i>"
    if c.publisher:
        where += f" ({esc(c.publisher)})"
    if date:
        where += f", {esc(date)}"
    if speaker and c.author:
        head = f"{esc(speaker)}, as reported by {esc(c.author)}, "
    elif speaker or c.author:
        head = f"{esc(speaker or c.author)}, "
    else:
        head = ""
    return f"{head}{where}, {location(c)}"


def date_of(c, dates: dict | None) -> str:
    return getattr(c, "date", None) or (dates or {}).get(c.doc_id, "")


def canonical(citations: list[Citation]) -> dict[int, int]:
    """n -> the n of the card that shows it: citations of the same span (or same quote) share a card."""
    first: dict[tuple, int] = {}
    out = {}
    for c in sorted(citations, key=lambda c: c.n):
        key = (c.doc_id, c.paragraph, " ".join(c.quote.split()))
        out[c.n] = first.setdefault(key, c.n)
    return out


def highlighted_context(c: Citation) -> str:
    """The paragraph around the quote, with the verbatim quote in <mark>."""
    ctx, s, e = c.context, c.context_start, c.context_end
    if not ctx or not (0 <= s < e <= len(ctx)) or ctx[s:e] != c.quote:
        found = ctx.find(c.quote) if ctx and c.quote else -1
        if found < 0:
            return f'<mark class="quote">{esc(c.quote)}</mark>'
        s, e = found, found + len(c.quote)
    return f'{esc(ctx[:s])}<mark class="quote">{esc(ctx[s:e])}</mark>{esc(ctx[e:])}'


def cite_link(turn: int, n: int, target: int | None = None) -> str:
    cid = card_id(turn, target or n)
    return f'<a class="cite" href="#{cid}" data-card="{cid}" title="Show source {n}">[{n}]</a>'


def quoted(text: str) -> str:
    """Wrap a verbatim quote in quotation marks unless it already carries its own."""
    text = text.strip()
    if text[:1] in "“\"‘'" or text[-1:] in "”\"’'":
        return esc(text)
    return f"“{esc(text)}”"
