"""Plain-text rendering of an Answer for the terminal. It renders; it never re-derives."""
from __future__ import annotations

import textwrap

from app.types import Answer, Citation


def provenance(c: Citation) -> str:
    """Nested attribution: "Shtykov's cable, as reported by Charles Kraus, Title (Publisher), ¶12"."""
    where = f"¶{c.paragraph}" if c.paragraph > 0 else "catalogue record"
    if c.page:
        where += f", p. {c.page}"
    date = getattr(c, "date", None)
    title = (c.title or c.doc_id) + (f" ({c.publisher})" if c.publisher else "") + (f", {date}" if date else "")
    by = f"{c.author}, " if c.author else ""
    if c.speaker:
        return f"{c.speaker}, as reported by {by}{title}, {where}"
    return f"{by}{title}, {where}"


def render_answer(a: Answer) -> str:
    out = [f"note: {note}" for note in a.notes]  # said before the answer, as in the chat
    out.append(textwrap.fill(a.answer, 100))
    if a.conflicts:
        out.append("")
        out.append("SOURCES DISAGREE")
        for c in a.conflicts:
            out.append(f"  at issue: {c.question}")
            for p in c.positions:
                refs = "".join(f"[{n}]" for n in p.citations)
                out.append(f"  - {p.speaker or p.doc_id}: {p.claim} {refs}")
            if c.adjudication:
                ref = f" [{c.adjudication_citation}]" if c.adjudication_citation else ""
                out.append(f"  author's judgement: “{c.adjudication}”{ref}")
    if a.citations:
        out.append("")
        out.append("Sources:")
        for c in a.citations:
            out.append(textwrap.fill(f"[{c.n}] “{c.quote}”", 100, subsequent_indent="    "))
            out.append(textwrap.fill(f"— {provenance(c)}", 100, initial_indent="    ", subsequent_indent="      "))
    if a.refused:
        out.append("")
        out.append(f"searched: {a.searched}")
    t = a.timings
    out.append("")
    out.append(f"({a.model}; retrieve {t.retrieve:.1f}s, generate {t.generate:.1f}s, total {t.total:.1f}s)")
    return "\n".join(out)
