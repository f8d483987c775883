"""The author's adjudication: a sentence in the author's own voice that judges between accounts.

Found by structure, not by one document's wording: near the disputed sentences (their
paragraphs and the paragraph after), a sentence no one else is reported as saying (no
speaker) that uses a word of judgement about credibility (plausible, likely, doubtful,
disbelieved, mistaken, ...) and is about the accounts: it names an account, report, story or
the like, or one of the tellers ("doubtless" is no doubt). A judgement word alone is too common: a
narrative's opening sentence, whose day "doubtless will be handed down to ages yet unborn", is no
verdict between two sources.
"""
from __future__ import annotations

import re

from core.lexicon import MEDIA

_JUDGEMENT = re.compile(r"\b(?:plausibl[ey]|implausibl[ey]|(?:un)?likely|probabl[ey]|improbabl[ey]|doubt(?!less)\w*|"
                        r"credib\w*|incredib\w*|(?:dis)?believ\w*|mistaken|erroneous\w*|in\s+error|accura\w+|"
                        r"inaccura\w+|(?:un)?reliabl[ey]|exaggerat\w+|untrue|fals(?:e|ely)|(?:more|less)\s+"
                        r"(?:convincing|persuasive)|seems?\s+(?:to\s+be\s+)?(?:more|less|right|wrong|correct))\b", re.I)


_ABOUT_ACCOUNTS = re.compile(rf"\b(?:{MEDIA}|story|stories|tradition|traditions|evidence|statement|statements|"
                             r"claim|claims|witness\w*|writers?|authorit\w+|chronicler\w*|historians?|sources?)\b",
                             re.I)


def find_adjudication(docs, doc_ids: list[str], paragraphs: dict[str, set[int]],
                      about: list[str] | None = None) -> tuple[str, int, int] | None:
    """(doc_id, start, end) of the first judging sentence in the author's voice near the disputed paragraphs.
    ``about``: the tellers' names; a verdict names them or the accounts. Sentences and speakers are the ones
    ingest stored."""
    named = [w for w in (about or []) if w]
    for doc_id in doc_ids:
        record = docs.record(doc_id)
        text = record.text
        for para in sorted(paragraphs.get(doc_id, set())):
            for p in (para, para + 1):
                if not 1 <= p <= len(record.paragraphs):
                    continue
                ps, pe = record.paragraphs[p - 1]
                for s, e in [(s, e) for s, e, role in docs.sentences(doc_id) if ps <= s < pe and role == "prose"]:
                    sentence = text[s:e]
                    if _JUDGEMENT.search(sentence) and not docs.speaker_for(doc_id, s, e) and '"' not in sentence \
                            and "“" not in sentence and (_ABOUT_ACCOUNTS.search(sentence)
                                                         or any(w.casefold() in sentence.casefold() for w in named)):
                        return doc_id, s, e
    return None
