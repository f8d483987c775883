"""Rendering of hand-built Answers (a fixture for rendering only; the UI gets real ones from the Engine)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from app.types import Answer, Citation, Conflict, Passage, Position, REFUSAL_PREFIX
from app.ui import render

PARA = ("According to Terentii Shtykov's account: yes, absolutely. Shtykov reported that Mao had said that "
        "\u201cKorea could see military action at any moment.\u201d")
QUOTE = "Korea could see military action at any moment."


def _citation(n=1, **kw) -> Citation:
    start = PARA.index(QUOTE)
    base = dict(n=n, doc_id="000.txt", title="China, North Korea, and the Origins of the Korean War",
                author="Charles Kraus", publisher="Wilson Center", paragraph=12, start=1000 + start,
                end=1000 + start + len(QUOTE), quote=QUOTE, speaker="Terentii Shtykov (Soviet ambassador), cable",
                context=PARA, context_start=start, context_end=start + len(QUOTE))
    base.update(kw)
    return Citation(**base)


def _answer(**kw) -> Answer:
    base = dict(question="Did Mao encourage war?", answer="Shtykov said Mao expected action [1].",
                citations=[_citation()], passages=[])
    base.update(kw)
    return Answer(**base)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.marks, self._in_mark = set(), [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def _parse(*html: str) -> _Ids:
    p = _Ids()
    p.feed("".join(html))
    p.close()
    return p


def test_every_citation_links_to_a_card_that_exists():
    ans = _answer(answer="First [1]. Both [1, 2]. Unknown [7].", citations=[_citation(1), _citation(2)])
    msg, panel = render.answer_html(ans, turn=3), render.evidence_html(ans, turn=3)
    parsed = _parse(msg, panel)
    cite_targets = [h for h in _parse(msg).hrefs if h.startswith("#ev-")]
    assert cite_targets == ["#ev-3-1", "#ev-3-1", "#ev-3-2"]
    assert {"ev-3-1", "ev-3-2"} <= parsed.ids
    assert "[7]" in msg and "#ev-3-7" not in msg  # a marker without a citation is not a dead link


def test_quote_is_highlighted_inside_its_paragraph_with_nested_provenance():
    panel = render.evidence_html(_answer(), turn=1)
    parsed = _parse(panel)
    assert parsed.marks == [QUOTE]
    assert "yes, absolutely" in panel  # the surrounding paragraph is shown
    assert ("Terentii Shtykov (Soviet ambassador), cable, as reported by Charles Kraus, "
            "<i>China, North Korea, and the Origins of the Korean War</i> (Wilson Center), ¶12") in panel


def test_html_in_quotes_answers_and_titles_is_escaped():
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    para = f"Before {evil} after."
    c = _citation(quote=evil, context=para, context_start=7, context_end=7 + len(evil), title=f"T {evil}",
                  speaker=None)
    ans = _answer(answer=f"Claim {evil} [1]", citations=[c],
                  passages=[Passage(chunk_id="c", doc_id="d", title=evil, paragraph=1, start=0, end=5, text=evil)])
    out = render.answer_html(ans, 1) + render.evidence_html(ans, 1)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert _parse(out).marks == [evil]  # highlighted text is the escaped quote, intact


def test_metadata_citation_says_document_details_not_paragraph_zero():
    meta = "Title: China, North Korea\nAuthor: Charles Kraus"
    c = _citation(paragraph=0, speaker=None, quote=meta, context=meta, context_start=0, context_end=len(meta))
    card = render.citation_card(c, 1)
    assert "document details" in card and "¶0" not in card


def test_bad_context_offsets_fall_back_to_the_quote_itself():
    c = _citation(context_start=0, context_end=5)  # offsets don't match the quote
    assert _parse(render.citation_card(c, 1)).marks == [QUOTE]
    c = _citation(context="", context_start=0, context_end=0)
    assert _parse(render.citation_card(c, 1)).marks == [QUOTE]


def test_conflict_card_present_iff_conflicts():
    plain = _answer()
    assert "Sources disagree" not in render.evidence_html(plain, 1) + render.answer_html(plain, 1)
    other = _citation(2, quote="We do not advise", speaker="Ivan Kovalev, cable", context="We do not advise",
                      context_start=0, context_end=16)
    adjudicator = _citation(3, quote="the latter account seems more plausible", speaker=None,
                            context="the latter account seems more plausible", context_start=0, context_end=39)
    conflict = Conflict(
        question="Did Mao encourage an attack in 1949?",
        positions=[Position(claim="Mao said Korea could see military action", speaker="Shtykov", doc_id="000.txt",
                            citations=[1]),
                   Position(claim="Mao advised against an attack", speaker="Kovalev", doc_id="000.txt",
                            citations=[2])],
        adjudication="the latter account seems more plausible", adjudication_citation=3)
    ans = _answer(citations=[_citation(1), other, adjudicator], conflicts=[conflict])
    panel, msg = render.evidence_html(ans, 2), render.answer_html(ans, 2)
    assert panel.count("Sources disagree") == 1
    assert 'id="conflict-2"' in panel and "#conflict-2" in msg  # the answer flags it and links to it
    card = panel[panel.index("conflict-2"):panel.index('class="panel-title"')]
    assert card.count('class="position"') == 2
    assert "We do not advise" in card and QUOTE in card and "Kovalev" in card and "Shtykov" in card
    assert "the latter account seems more plausible" in card


def test_refusal_shows_what_was_searched_and_no_citations():
    p = Passage(chunk_id="c1", doc_id="000.txt", title="China, North Korea", paragraph=3, start=0, end=9,
                text="Some text")
    ans = _answer(answer=f"{REFUSAL_PREFIX} who won the 1954 World Cup.", refused=True, citations=[],
                  passages=[p], searched="1954 World Cup winner")
    msg, panel = render.answer_html(ans, 1), render.evidence_html(ans, 1)
    assert REFUSAL_PREFIX in msg and "Searched: 1954 World Cup winner" in msg
    assert "What was searched" in panel and "Some text" in panel
    assert not re.search(r'class="cite"', msg)


def test_notes_and_errors_are_one_escaped_line():
    ans = _answer(notes=["question truncated to 2000 characters"])
    assert "Note: question truncated to 2000 characters" in render.answer_html(ans, 1)
    err = render.error_html("Model failed\n  to <load>")
    assert "\n" not in err and "&lt;load&gt;" in err
