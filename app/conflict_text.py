"""The plain statement of a conflict for the answer text, built only from the quotes and who said them.

"The sources disagree: Terentii Shtykov’s cable has Mao Zedong say “Korea could see military action at any
moment” [2], while Ivan Kovalev’s cable has Mao Zedong say “We do not advise …” [3]; Charles Kraus judges
“the latter account seems more plausible” [4]."
"""
from __future__ import annotations

import re

from app.types import Citation, Conflict, Position

_LABEL = re.compile(r"^(?P<name>[^(,]+?)(?:\s*\((?P<role>[^)]*)\))?(?:,\s*(?P<medium>[\w ]+))?$")


def short_source(label: str) -> str:
    """'Terentii Shtykov (Soviet ambassador), cable' -> 'Terentii Shtykov’s cable'."""
    m = _LABEL.match(label.strip())
    if not m:
        return label
    name, medium = m.group("name").strip(), (m.group("medium") or "").strip()
    if " and " in name or not medium:
        return f"{name} ({medium})" if medium else name
    return f"{name}’s {medium}"


def _voice(pos: Position, cit: Citation, by_author: bool) -> str:
    author = cit.author or cit.title or cit.doc_id
    if by_author:
        return f"{author} writes"
    sp = cit.speaker or pos.speaker
    if sp and ", per " in sp:
        person, via = sp.split(", per ", 1)
        return f"{via} has {person} say"
    if pos.speaker and not pos.speaker.endswith("(author)"):
        return f"{short_source(pos.speaker)} says"
    return f"{author} writes"


def conflict_statement(conflicts: list[Conflict], citations: list[Citation]) -> str:
    by_n = {c.n: c for c in citations}
    out = []
    for conflict in conflicts:
        items = []
        slot = any(s in conflict.signals for s in ("number_mismatch", "date_mismatch"))
        multi_doc = len({p.doc_id for p in conflict.positions}) > 1
        for pos in conflict.positions:
            cit = by_n.get(pos.citations[0]) if pos.citations else None
            if cit is None:
                continue
            text = f"{_voice(pos, cit, slot)} “{pos.claim}” [{cit.n}]"
            if multi_doc and not slot and (cit.author and cit.author not in text):
                text += f" (reported by {cit.author})"
            items.append(text)
        if len(items) < 2:
            continue
        topic = f" on {conflict.question}" if slot else ""
        sentence = f"The sources disagree{topic}: {items[0]}, while {items[1]}"
        if conflict.adjudication and conflict.adjudication_citation in by_n:
            adj = by_n[conflict.adjudication_citation]
            sentence += f"; {adj.author or 'the author'} judges “{conflict.adjudication}” [{adj.n}]"
        sentence += "."
        if items[2:]:
            sentence += " Also, " + "; ".join(items[2:]) + "."
        out.append(sentence)
    return " ".join(out)
