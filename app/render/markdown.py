"""Export a conversation as Markdown: each answer, its quotes verbatim with nested provenance
and ¶ numbers, any disagreement, and the notes shown with it. Plain text, no HTML."""
from __future__ import annotations

import re
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

from app.types import Answer, Citation
from app.render.quality import DAMAGE_LABEL, damage
from app.render.conflict import merge_positions

CATALOGUE = "catalogue record"


def provenance_text(c: Citation, date: str = "") -> str:
    """The same nested attribution the chat shows, in Markdown."""
    where = f"*{c.title or c.doc_id}*"
    if c.publisher:
        where += f" ({c.publisher})"
    if date:
        where += f", {date}"
    loc = f"¶{c.paragraph}" if c.paragraph > 0 else CATALOGUE
    if c.page:
        loc += f", p. {c.page}"
    by = f"{c.author}, " if c.author else ""
    if c.speaker:
        return f"{c.speaker}, as reported by {by}{where}, {loc}"
    return f"{by}{where}, {loc}"


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def _date(c, dates) -> str:
    return getattr(c, "date", None) or (dates or {}).get(c.doc_id, "")


def answer_markdown(i: int, answer: Answer, dates: dict | None = None) -> str:
    out = [f"## {i}. {' '.join(answer.question.split())}", ""]
    for note in answer.notes:
        out += [f"*Note: {note}*", ""]
    out += [answer.answer.strip(), ""]
    by_n = {c.n: c for c in answer.citations}
    for cf in answer.conflicts:
        out += ["### Sources differ", "", f"At issue: {cf.question}", ""]
        for group in merge_positions(cf.positions):
            who = " / ".join(dict.fromkeys(p.speaker or "Unattributed" for p in group))
            refs = "".join(f"[{n}]" for p in group for n in p.citations)
            out.append(f"- **{who}**: “{group[0].claim}” {refs}".rstrip())
        if cf.adjudication:
            ref = f" [{cf.adjudication_citation}]" if cf.adjudication_citation in by_n else ""
            out.append(f"- **The author’s judgement**: “{cf.adjudication}”{ref}")
        out.append("")
    if answer.citations:
        out += ["### Quotes", ""]
        for c in sorted(answer.citations, key=lambda c: c.n):
            label = f"[{c.n}] ({CATALOGUE})" if c.paragraph <= 0 else f"[{c.n}]"
            out.append(_blockquote(f"{label} “{c.quote}”"))
            out.append(">")
            out.append(f"> — {provenance_text(c, _date(c, dates))}")
            if c.paragraph > 0 and damage(c.quote):
                out.append(f">\n> ⚠ {DAMAGE_LABEL}: {'; '.join(damage(c.quote))}")
            out.append("")
    if answer.refused and answer.searched:
        out += [f"*Searched: {answer.searched}*", ""]
    return "\n".join(out)


def conversation_markdown(answers: list[Answer], dates: dict | None = None) -> str:
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    head = [f"# Corroborate conversation", "", f"Exported {stamp}. Quotes are verbatim from the cleaned sources; "
            "¶ numbers are the paragraphs shown in the Sources tab.", ""]
    if not answers:
        head.append("*No questions asked yet.*")
    body = [answer_markdown(i, a, dates) for i, a in enumerate(answers, 1)]
    return "\n".join(head) + "\n" + "\n".join(body)


def write_export(answers: list[Answer], dates: dict | None = None) -> str:
    """Write the Markdown to a fresh temporary file and return its path (for a download button)."""
    folder = Path(tempfile.gettempdir()) / "corroborate-export" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    first = answers[0].question if answers else "conversation"
    slug = re.sub(r"[^a-z0-9]+", "-", first.lower())[:40].strip("-") or "conversation"
    path = folder / f"corroborate-{slug}.md"
    path.write_text(conversation_markdown(answers, dates), encoding="utf-8")
    return str(path)
