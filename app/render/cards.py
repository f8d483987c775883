"""Answer -> HTML. Pure functions: no retrieval, no answer logic, only presentation.

Every piece of text that comes from a document or the model is escaped before it is
placed in markup. Card ids are ``ev-<turn>-<n>`` so that citations of different turns
never point at each other's cards. Two citations of the same span share one card.
"""
from __future__ import annotations

import html
import re

from app.types import Answer, Citation, Passage
from app.render.conflict import conflict_card
from app.render.parts import (CATALOGUE, _MARKER, attr, canonical, card_id, cite_link,  # noqa: F401 (re-exported)
                               date_of, esc, highlighted_context, is_catalogue, location, provenance, quoted,
                               source_line)
from app.render.quality import DAMAGE_LABEL, damage, summarise


def link_citations(text: str, turn: int, known: set[int] | dict[int, int]) -> str:
    """Escape ``text`` and turn each known [n] (or [n, m]) marker into links to its card."""
    target = known if isinstance(known, dict) else {n: n for n in known}
    out: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        nums = [int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        if not all(n in target for n in nums):
            continue
        out.append(esc(text[pos : m.start()]))
        out.append("".join(cite_link(turn, n, target[n]) for n in nums))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _paragraphs(text_html: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text_html) if b.strip()]
    return "".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks) or "<p></p>"


def notes_html(notes: list[str]) -> str:
    return "".join(f'<p class="note" role="note">Note: {esc(n)}</p>' for n in notes)


def answer_html(answer: Answer, turn: int) -> str:
    """The assistant's chat message: notes first, then the answer with clickable citations."""
    body = _paragraphs(link_citations(answer.answer, turn, canonical(answer.citations)))
    extra: list[str] = []
    if answer.conflicts:
        extra.append(
            f'<p class="conflict-flag"><a class="cite" href="#conflict-{turn}" data-card="conflict-{turn}">'
            f"⚖ Sources differ: see the comparison beside the answer.</a></p>"
        )
    if answer.refused:
        searched = summarise(answer.searched or answer.standalone_question or answer.question, 200)
        extra.append(f'<p class="searched">Searched: {esc(searched)} '
                     f"({len(answer.passages)} passage{'s' if len(answer.passages) != 1 else ''} checked)</p>")
    cls = "answer refused" if answer.refused else "answer"
    return f'<div class="{cls}">{notes_html(answer.notes)}{body}{"".join(extra)}</div>'


def open_link(c: Citation) -> str:
    return (f'<a class="open-source" href="#sources-reader" data-doc="{attr(c.doc_id)}" '
            f'data-para="{int(c.paragraph)}" data-start="{int(c.start)}" data-end="{int(c.end)}">'
            f"open in source ↗</a>")


def damage_flag(text: str) -> str:
    reasons = damage(text)
    if not reasons:
        return ""
    return f'<div class="damaged" title="{attr("; ".join(reasons))}">⚠ {DAMAGE_LABEL}: {esc("; ".join(reasons))}</div>'


def citation_card(c: Citation, turn: int, also: list[int] | None = None, date: str = "") -> str:
    badges = " ".join(f"[{n}]" for n in [c.n, *(also or [])])
    if is_catalogue(c):
        return (
            f'<div class="card evidence catalogue" id="{card_id(turn, c.n)}">'
            f'<div class="card-head"><span class="badge">{badges}</span> <span class="kind">{CATALOGUE}</span> '
            f'<span class="prov">{source_line(c, date)}</span></div>'
            f'<div class="catalogue-text">{esc(c.quote)}</div>'
            f'<div class="card-foot">From the catalogue entry for this document, not from its text. {open_link(c)}</div>'
            f"</div>"
        )
    return (
        f'<div class="card evidence" id="{card_id(turn, c.n)}">'
        f'<div class="card-head"><span class="badge">{badges}</span> <span class="prov">{provenance(c, date)}</span></div>'
        f'<blockquote class="context">{highlighted_context(c)}</blockquote>{damage_flag(c.quote)}'
        f'<div class="card-foot">{open_link(c)}</div>'
        f"</div>"
    )


def passage_card(p: Passage, turn: int, i: int, date: str = "") -> str:
    return (
        f'<div class="card passage" id="ps-{turn}-{i}">'
        f'<div class="card-head"><span class="prov">{provenance(p, date)}</span></div>'
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


def evidence_html(answer: Answer, turn: int, dates: dict | None = None) -> str:
    """The evidence panel for a final answer: conflict card(s), cited quotes, then what else was read."""

    by_n = {c.n: c for c in answer.citations}
    canon = canonical(answer.citations)
    parts = [conflict_card(cf, by_n, turn, i, dates) for i, cf in enumerate(answer.conflicts)]
    shown = [c for c in sorted(answer.citations, key=lambda c: c.n) if canon[c.n] == c.n]
    if shown:
        quotes = [c for c in shown if not is_catalogue(c)]
        title = f"Verified quotes ({len(quotes)})" if quotes else "From the catalogue"
        parts.append(f'<h3 class="panel-title">{title}</h3>')
        for c in shown:
            also = [n for n, k in canon.items() if k == c.n and n != c.n]
            parts.append(citation_card(c, turn, also, date_of(c, dates)))
    if answer.refused:
        parts.append(f'<h3 class="panel-title">What was searched</h3><p class="searched">'
                     f"{esc(summarise(answer.searched or answer.standalone_question or answer.question, 400))}</p>")
    if answer.passages:
        cards = "".join(passage_card(p, turn, i, date_of(p, dates)) for i, p in enumerate(answer.passages, 1))
        label = "Passages checked" if answer.refused or not answer.citations else "Other passages read"
        open_attr = " open" if answer.refused else ""
        parts.append(f"<details class=\"read\"{open_attr}><summary>{label} ({len(answer.passages)})</summary>{cards}</details>")
    return "".join(parts) or '<p class="muted">No evidence.</p>'


def evidence_panel(current: str, earlier: list[tuple[int, Answer]], dates: dict | None = None) -> str:
    """The whole panel: the current turn's evidence, then each earlier turn's, folded, newest first.

    Earlier turns keep their cards (ids ``ev-<turn>-<n>``) so citations in older answers still work;
    clicking one unfolds its turn (chat.js).
    """
    parts = [f'<section class="turn current">{current}</section>']
    if earlier:
        parts.append(f'<h3 class="panel-title earlier-title">Earlier questions ({len(earlier)})</h3>')
    for turn, answer in earlier:
        parts.append(
            f'<details class="turn earlier" id="turn-{turn}"><summary>{esc(summarise(answer.question, 120))}</summary>'
            f"{evidence_html(answer, turn, dates)}</details>")
    return "".join(parts)


def question_html(question: str, limit: int = 400) -> str:
    """The user's message: a long question is summarised, with the full text folded below."""
    if len(question) <= limit:
        return esc(question)
    return (f'<div class="long-q">{esc(summarise(question, 300))}'
            f'<details><summary>Show the whole question</summary><div class="full-q">{esc(question)}</div></details></div>')


def reading_html(sentences: list, n_passages: int, notes: list[str] | None = None) -> str:
    """While the model reads: each source's best sentence, verbatim, with its source named."""
    items = "".join(f'<li>“{esc(s.text)}” <span class="muted">— {esc(s.passage.author or s.passage.title)}</span>'
                    "</li>" for s in sentences)
    return (
        notes_html(notes or [])
        + working_html(f"Reading {n_passages} passages; finding the sentences that answer…")
        + (f'<ul class="draft">{items}</ul>' if items else "")
    )


def error_html(message: str) -> str:
    line = " ".join(str(message).split())
    return f'<div class="error" role="alert">⚠ {esc(line)}</div>'
