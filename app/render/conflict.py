"""The "Sources differ" card: one column per distinct position, each quote once, each source once.

Positions that say the same thing (the same value, or the same claim in other words) are merged;
a claim that only repeats its quote is not printed under it; the documents behind the card are
listed once at its foot, with their dates when the catalogue knows them.
"""
from __future__ import annotations

import re

from app.types import Citation, Conflict, Position
from app.render.parts import cite_link, date_of, esc, location, quoted, source_line

_WORD = re.compile(r"[^\W_]+")
_STOP = {"the", "a", "an", "of", "to", "and", "in", "on", "that", "he", "she", "it", "was", "is", "be", "had",
         "has", "said", "would", "could", "not", "at", "for", "with", "by", "as", "this", "they", "his", "her"}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def _same(a: Position, b: Position) -> bool:
    va, vb = getattr(a, "value", None), getattr(b, "value", None)
    if va and vb:
        return str(va).strip().lower() == str(vb).strip().lower()
    wa, wb = _words(a.claim), _words(b.claim)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8 or bool(a.citations and set(a.citations) == set(b.citations))


def merge_positions(positions: list[Position]) -> list[list[Position]]:
    """Group positions that say the same thing, keeping first-seen order."""
    groups: list[list[Position]] = []
    for p in positions:
        for g in groups:
            if _same(g[0], p):
                g.append(p)
                break
        else:
            groups.append([p])
    return groups


def repeats(claim: str, quote: str) -> bool:
    """True when the claim line would only say its quote again."""
    wc, wq = _words(claim), _words(quote)
    return bool(wc) and len(wc & wq) / len(wc) >= 0.7


def _group_html(group: list[Position], by_n: dict[int, Citation], turn: int) -> str:
    speakers = []
    for p in group:
        name = p.speaker or "Unattributed"
        if name not in speakers:
            speakers.append(name)
    ns: list[int] = []
    for p in group:
        ns.extend(n for n in p.citations if n in by_n and n not in ns)
    quotes = [by_n[n] for n in ns]
    claim = group[0].claim
    claim_html = ""
    if claim and not any(repeats(claim, c.quote) for c in quotes):
        claim_html = f'<div class="claim">{esc(claim)}</div>'
    body = "".join(
        f'<blockquote class="pos-quote">{quoted(c.quote)} {cite_link(turn, c.n)} '
        f'<span class="loc">{esc(location(c))}</span></blockquote>' for c in quotes)
    who = " · ".join(esc(s) for s in speakers)
    return f'<div class="position"><div class="who">{who}</div>{claim_html}{body}</div>'


def _sources(conflict: Conflict, by_n: dict[int, Citation], dates: dict | None) -> str:
    seen, lines = set(), []
    ns = [n for p in conflict.positions for n in p.citations]
    if conflict.adjudication_citation:
        ns.append(conflict.adjudication_citation)
    for n in ns:
        c = by_n.get(n)
        if c is None or c.doc_id in seen:
            continue
        seen.add(c.doc_id)
        lines.append(f"<li>{source_line(c, date_of(c, dates))}</li>")
    if not lines:
        return ""
    label = "Source" if len(lines) == 1 else "Sources"
    return f'<div class="conflict-sources"><span>{label}:</span><ul>{"".join(lines)}</ul></div>'


def conflict_card(conflict: Conflict, by_n: dict[int, Citation], turn: int, index: int = 0,
                  dates: dict | None = None) -> str:
    groups = merge_positions(conflict.positions)
    positions = "".join(_group_html(g, by_n, turn) for g in groups)
    adj = ""
    if conflict.adjudication:
        link = ""
        if conflict.adjudication_citation in by_n:
            c = by_n[conflict.adjudication_citation]
            link = f" {cite_link(turn, c.n)} <span class='loc'>{esc(location(c))}</span>"
        favours = getattr(conflict, "favours", None) or getattr(conflict, "adjudication_favours", None)
        named = f' <span class="favours">(favouring {esc(favours)})</span>' if favours else ""
        adj = (f'<div class="adjudication"><b>The author’s judgement:</b> {quoted(conflict.adjudication)}'
               f"{named}{link}</div>")
    anchor = f' id="conflict-{turn}"' if index == 0 else ""
    return (
        f'<div class="card conflict"{anchor} role="alert">'
        f'<div class="conflict-title">⚖ Sources differ</div>'
        f'<div class="conflict-q">{esc(conflict.question)}</div>'
        f'<div class="positions">{positions}</div>{adj}{_sources(conflict, by_n, dates)}</div>'
    )
