"""Answer -> HTML. Pure functions: no retrieval, no answer logic, only presentation.

Every piece of text that comes from a document or the model is escaped before it is
placed in markup. Card ids are ``ev-<turn>-<n>`` so that citations of different turns
never point at each other's cards.
"""
from __future__ import annotations

import html
import re

from app.types import Answer, Citation, Conflict, Passage

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def esc(text: object) -> str:
    return html.escape(str(text or ""), quote=False)  # text nodes only, never attribute values


def card_id(turn: int, n: int) -> str:
    return f"ev-{turn}-{n}"


def provenance(c: Citation | Passage) -> str:
    """Nested attribution: "Shtykov's cable, as reported by Charles Kraus, *Title* (Publisher), ¶12"."""
    parts: list[str] = []
    speaker = getattr(c, "speaker", None)
    if speaker and c.author:
        parts.append(f"{esc(speaker)}, as reported by {esc(c.author)}")
    elif speaker or c.author:
        parts.append(esc(speaker or c.author))
    where = f"<i>{esc(c.title)}</i>"
    if c.publisher:
        where += f" ({esc(c.publisher)})"
    parts.append(where)
    loc = f"¶{c.paragraph}" if c.paragraph > 0 else "document details"  # ¶0 = the document's metadata
    if c.page:
        loc += f", p. {c.page}"
    parts.append(loc)
    return ", ".join(parts)


def highlighted_context(c: Citation) -> str:
    """The paragraph around the quote, with the verbatim quote in <mark>."""
    ctx, s, e = c.context, c.context_start, c.context_end
    if not ctx or not (0 <= s < e <= len(ctx)) or ctx[s:e] != c.quote:
        found = ctx.find(c.quote) if ctx and c.quote else -1
        if found < 0:
            return f'<mark class="quote">{esc(c.quote)}</mark>'
        s, e = found, found + len(c.quote)
    return f'{esc(ctx[:s])}<mark class="quote">{esc(ctx[s:e])}</mark>{esc(ctx[e:])}'


def cite_link(turn: int, n: int) -> str:
    cid = card_id(turn, n)
    return f'<a class="cite" href="#{cid}" data-card="{cid}" title="Show source {n}">[{n}]</a>'


def link_citations(text: str, turn: int, known: set[int]) -> str:
    """Escape ``text`` and turn each known [n] (or [n, m]) marker into links to its card."""
    out: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        nums = [int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        if not all(n in known for n in nums):
            continue
        out.append(esc(text[pos : m.start()]))
        out.append("".join(cite_link(turn, n) for n in nums))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _paragraphs(text_html: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text_html) if b.strip()]
    return "".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks) or "<p></p>"


def answer_html(answer: Answer, turn: int) -> str:
    """The assistant's chat message: answer text with clickable citations, notes, refusal details."""
    known = {c.n for c in answer.citations}
    body = _paragraphs(link_citations(answer.answer, turn, known))
    extra: list[str] = []
    if answer.conflicts:
        extra.append(
            f'<p class="conflict-flag"><a class="cite" href="#conflict-{turn}" data-card="conflict-{turn}">'
            f"⚖ Sources disagree here: see the comparison beside the answer.</a></p>"
        )
    if answer.refused:
        extra.append(f'<p class="searched">Searched: {esc(answer.searched or answer.standalone_question or answer.question)}'
                     f" ({len(answer.passages)} passages checked)</p>")
    for note in answer.notes:
        extra.append(f'<p class="note">Note: {esc(note)}</p>')
    cls = "answer refused" if answer.refused else "answer"
    return f'<div class="{cls}">{body}{"".join(extra)}</div>'


def citation_card(c: Citation, turn: int) -> str:
    return (
        f'<div class="card evidence" id="{card_id(turn, c.n)}">'
        f'<div class="card-head"><span class="badge">[{c.n}]</span> <span class="prov">{provenance(c)}</span></div>'
        f'<blockquote class="context">{highlighted_context(c)}</blockquote>'
        f"</div>"
    )


def _quoted(text: str) -> str:
    """Wrap a verbatim quote in quotation marks unless it already carries its own."""
    text = text.strip()
    if text[:1] in "“\"‘'" or text[-1:] in "”\"’'":
        return esc(text)
    return f"“{esc(text)}”"


def _position_html(pos, by_n: dict[int, Citation], turn: int) -> str:
    who = esc(pos.speaker) if pos.speaker else "Unattributed"
    quotes = []
    for n in pos.citations:
        c = by_n.get(n)
        if c is None:
            continue
        quotes.append(
            f'<blockquote class="pos-quote">{_quoted(c.quote)} {cite_link(turn, n)}'
            f'<div class="prov">{provenance(c)}</div></blockquote>'
        )
    return (
        f'<div class="position"><div class="who">{who}</div>'
        f'<div class="claim">{esc(pos.claim)}</div>{"".join(quotes)}</div>'
    )


def conflict_card(conflict: Conflict, by_n: dict[int, Citation], turn: int, index: int = 0) -> str:
    positions = "".join(_position_html(p, by_n, turn) for p in conflict.positions)
    adj = ""
    if conflict.adjudication:
        link = ""
        if conflict.adjudication_citation in by_n:
            c = by_n[conflict.adjudication_citation]
            link = f" {cite_link(turn, c.n)} <span class='prov'>{provenance(c)}</span>"
        adj = f'<div class="adjudication"><b>The author’s judgement:</b> {_quoted(conflict.adjudication)}{link}</div>'
    anchor = f' id="conflict-{turn}"' if index == 0 else ""
    return (
        f'<div class="card conflict"{anchor} role="alert">'
        f'<div class="conflict-title">⚖ Sources disagree</div>'
        f'<div class="conflict-q">{esc(conflict.question)}</div>'
        f'<div class="positions">{positions}</div>{adj}</div>'
    )


def passage_card(p: Passage, turn: int, i: int) -> str:
    return (
        f'<div class="card passage" id="ps-{turn}-{i}">'
        f'<div class="card-head"><span class="prov">{provenance(p)}</span></div>'
        f'<blockquote class="context">{esc(p.text)}</blockquote></div>'
    )


def working_html(message: str) -> str:
    return f'<div class="working" role="status"><span class="spinner"></span> {esc(message)}</div>'


def passages_html(passages: list[Passage], turn: int, status: str = "") -> str:
    """The evidence panel while the answer is being written: the retrieved passages."""
    head = working_html(status) if status else ""
    if not passages:
        return head + '<p class="muted">No passages matched.</p>'
    cards = "".join(passage_card(p, turn, i) for i, p in enumerate(passages, 1))
    return f'{head}<h3 class="panel-title">Passages being read ({len(passages)})</h3>{cards}'


def evidence_html(answer: Answer, turn: int) -> str:
    """The evidence panel for a final answer: conflict card(s), cited quotes, then what else was read."""
    by_n = {c.n: c for c in answer.citations}
    parts = [conflict_card(cf, by_n, turn, i) for i, cf in enumerate(answer.conflicts)]
    if answer.citations:
        parts.append(f'<h3 class="panel-title">Verified quotes ({len(answer.citations)})</h3>')
        parts.extend(citation_card(c, turn) for c in sorted(answer.citations, key=lambda c: c.n))
    if answer.refused:
        parts.append(
            f'<h3 class="panel-title">What was searched</h3><p class="searched">'
            f"{esc(answer.searched or answer.standalone_question or answer.question)}</p>"
        )
    if answer.passages:
        cards = "".join(passage_card(p, turn, i) for i, p in enumerate(answer.passages, 1))
        label = "Passages checked" if answer.refused or not answer.citations else "Other passages read"
        open_attr = " open" if answer.refused else ""
        parts.append(f"<details class=\"read\"{open_attr}><summary>{label} ({len(answer.passages)})</summary>{cards}</details>")
    return "".join(parts) or '<p class="muted">No evidence.</p>'


def evidence_panel(current: str, earlier: list[tuple[int, Answer]]) -> str:
    """The whole panel: the current turn's evidence, then each earlier turn's, folded, newest first.

    Earlier turns keep their cards (ids ``ev-<turn>-<n>``) so citations in older answers still work;
    clicking one unfolds its turn (chat.js).
    """
    parts = [f'<section class="turn current">{current}</section>']
    if earlier:
        parts.append(f'<h3 class="panel-title earlier-title">Earlier questions ({len(earlier)})</h3>')
    for turn, answer in earlier:
        parts.append(
            f'<details class="turn earlier" id="turn-{turn}"><summary>{esc(answer.question)}</summary>'
            f"{evidence_html(answer, turn)}</details>")
    return "".join(parts)


def draft_html(text: str, n_passages: int) -> str:
    return (
        working_html(f"Writing from {n_passages} passages; quotes are checked before the answer is shown…")
        + f'<div class="draft">{esc(text)}</div>'
    )


def error_html(message: str) -> str:
    line = " ".join(str(message).split())
    return f'<div class="error" role="alert">⚠ {esc(line)}</div>'
