"""Rendering of hand-built Answers (a fixture for rendering only; the UI gets real ones from the Engine)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from app.types import Answer, Citation, Conflict, Passage, Position, REFUSAL_PREFIX
from app.render import cards as render

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


OTHER = "Mao reassured Kim Il"


def _second(n=2) -> Citation:
    """A different span of the same paragraph."""
    return _citation(n, quote="yes, absolutely", start=1039, end=1054, context_start=PARA.index("yes"),
                     context_end=PARA.index("yes") + len("yes, absolutely"))


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
    ans = _answer(answer="First [1]. Both [1, 2]. Unknown [7].", citations=[_citation(1), _second(2)])
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


def test_catalogue_data_is_labelled_catalogue_record_not_a_quote():
    meta = "Title: China, North Korea\nAuthor: Charles Kraus"
    c = _citation(paragraph=0, speaker=None, quote=meta, context=meta, context_start=0, context_end=len(meta))
    card = render.citation_card(c, 1)
    assert "catalogue record" in card and "¶0" not in card
    assert "<mark" not in card and "<blockquote" not in card  # not dressed up as a quote of the text
    panel = render.evidence_html(_answer(citations=[c], answer="By Kraus [1]."), 1)
    assert "Verified quotes" not in panel and "From the catalogue" in panel


def test_bad_context_offsets_fall_back_to_the_quote_itself():
    c = _citation(context_start=0, context_end=5)  # offsets don't match the quote
    assert _parse(render.citation_card(c, 1)).marks == [QUOTE]
    c = _citation(context="", context_start=0, context_end=0)
    assert _parse(render.citation_card(c, 1)).marks == [QUOTE]


def test_conflict_card_present_iff_conflicts():
    plain = _answer()
    assert "Sources differ" not in render.evidence_html(plain, 1) + render.answer_html(plain, 1)
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
    assert panel.count("Sources differ") == 1
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
    assert REFUSAL_PREFIX in msg and "Searched: 1954 World Cup winner" in msg and "1 passage checked" in msg
    assert "What was searched" in panel and "Some text" in panel
    assert not re.search(r'class="cite"', msg)


def test_notes_and_errors_are_one_escaped_line():
    ans = _answer(notes=["question truncated to 2000 characters"])
    assert "Note: question truncated to 2000 characters" in render.answer_html(ans, 1)
    err = render.error_html("Model failed\n  to <load>")
    assert "\n" not in err and "&lt;load&gt;" in err


def test_two_citations_of_the_same_span_share_one_card():
    ans = _answer(answer="One [1]. Same again [2]. Other [3].", citations=[_citation(1), _citation(2), _second(3)])
    msg, panel = render.answer_html(ans, 1), render.evidence_html(ans, 1)
    assert panel.count('class="card evidence') == 2 and "Verified quotes (2)" in panel
    assert [h for h in _parse(msg).hrefs] == ["#ev-1-1", "#ev-1-1", "#ev-1-3"]  # [2] opens [1]'s card
    assert "[1] [2]</span>" in panel  # the card carries both labels


def test_damaged_source_text_is_flagged_on_its_card_only():
    ok = render.citation_card(_citation(), 1)
    assert "source text damaged here" not in ok
    for quote in ("“[I] agree with the proposal of the Koreans to .”",
                  "Kim had spoken about the “” (a pseudonym for Joseph Stalin)", "Answering a question from in March 1949"):
        c = _citation(quote=quote, context=quote, context_start=0, context_end=len(quote))
        assert "source text damaged here" in render.citation_card(c, 1), quote


def test_each_card_opens_its_source_at_the_paragraph():
    card = render.citation_card(_citation(), 1)
    assert 'class="open-source"' in card and 'data-doc="000.txt"' in card and 'data-para="12"' in card
    c = _citation()
    assert f'data-start="{c.start}"' in card and f'data-end="{c.end}"' in card


def test_notes_come_before_the_answer_and_a_long_question_is_summarised():
    ans = _answer(notes=["Your question is 5,000 characters long; only its first 2,000 characters are used."])
    msg = render.answer_html(ans, 1)
    assert msg.index("Note: Your question is 5,000") < msg.index("Shtykov said")
    long_q = "Why " + "did Mao hesitate " * 300 + "?"
    shown = render.question_html(long_q)
    visible = shown.split("<details>")[0]
    assert len(visible) < 400 and f"({len(long_q):,} characters)" in visible
