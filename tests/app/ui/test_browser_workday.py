"""A historian's working day in a real browser (Debian chromium, headless), with the real engine:
nothing typed is lost, a reload keeps the conversation, the export quotes the sources verbatim,
"open in source" lands on the highlighted paragraph, and a citation leaves the answer in view."""
from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path

import pytest

from tests.app.ui.test_browser import ANSWER_TIMEOUT, FACT_Q, _js, _squash, _tab

pytestmark = [pytest.mark.browser, pytest.mark.llm]

ROOT = Path(__file__).resolve().parents[3]
FOLLOW_Q = "Who wrote this article?"
COUNTS = """return {answers: document.querySelectorAll('#chatbot .answer').length,
                    working: !!document.querySelector('#chatbot .working'),
                    error: (document.querySelector('#chatbot .error') || {}).textContent || ''};"""


def _wait(driver, cond, timeout=ANSWER_TIMEOUT, what="the page"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _in_view(driver, el) -> bool:
    return _js(driver, "const r = arguments[0].getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;", el)


def _cited(driver, answer, catalogue: bool):
    """The first citation link in ``answer`` whose card is (or is not) a catalogue record, and its card id."""
    from selenium.webdriver.common.by import By

    for cite in answer.find_elements(By.CSS_SELECTOR, "a.cite"):
        target = cite.get_attribute("href").split("#", 1)[1]  # (the chat sanitiser drops data-* attributes)
        card = driver.find_elements(By.ID, target)
        if card and ("catalogue" in card[0].get_attribute("class").split()) == catalogue:
            return cite, target
    return None, None


def _markdown_quotes(md: str) -> list[str]:
    """The verbatim quotes of an export: blocks "> [n] “…”" up to their "> — provenance" line."""
    quotes, block = [], None
    for line in md.split("\n"):
        if line.startswith("> [") and block is None:
            block = [line[2:]]
        elif block is not None and line.startswith("> — "):
            text = "\n".join(block).rstrip("\n>").rstrip()
            m = re.match(r"\[\d+\](?: \(catalogue record\))? “(.*)”$", text, re.S)
            assert m, f"malformed quote block in the export: {text!r}"
            quotes.append(m.group(1))
            block = None
        elif block is not None:
            block.append(line[2:] if line.startswith("> ") else line.lstrip(">"))
    return quotes


def test_nothing_is_lost_and_every_quote_leads_to_its_source(browser, chat_url, seed_settings, artifacts_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from ingest.docstore import DocStore

    records = DocStore(seed_settings).list_docs()
    browser.get(chat_url)
    box = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60)[0]
    _js(browser, "localStorage.clear()")

    # 1. A question typed (and sent) while an answer streams is kept, then answered after it.
    box.send_keys(FACT_Q)
    browser.find_element(By.ID, "ask").click()
    _wait(browser, lambda: _js(browser, COUNTS)["working"], 60, "the working state")
    box.send_keys(FOLLOW_Q)
    box.send_keys(Keys.ENTER)
    kept_while_working = 0
    while _js(browser, COUNTS)["working"] and _js(browser, COUNTS)["answers"] == 0:
        assert box.get_attribute("value") == FOLLOW_Q, "the question typed during streaming was wiped"
        kept_while_working += 1
        time.sleep(0.5)
    assert kept_while_working >= 1, "the first answer ended before the second question could be typed"
    state = _wait(browser, lambda: (s := _js(browser, COUNTS))["answers"] >= 2 and not s["working"] and s,
                  what="both answers")
    assert not state["error"], state["error"]
    users = [_squash(e.text) for e in browser.find_elements(By.CSS_SELECTOR, "#chatbot [data-testid='user']")]
    assert users == [FACT_Q, FOLLOW_Q]
    assert box.get_attribute("value") == ""

    # 2. Clicking a citation of the first answer scrolls the Evidence panel only: the answer stays in view.
    first = browser.find_elements(By.CSS_SELECTOR, "#chatbot .answer")[0]
    _js(browser, "arguments[0].scrollIntoView({block: 'center'})", first)
    y = _js(browser, "return scrollY")
    # A quote from the document's text (a catalogue record has no paragraph to check it against; 3b opens one).
    cite, target = _cited(browser, first, catalogue=False)
    assert cite, "the first answer cites no quote from a document's text"
    cite.click()
    card = browser.find_element(By.ID, target)
    _wait(browser, lambda: "flash" in card.get_attribute("class") and _in_view(browser, card), 10, "the card")
    time.sleep(0.8)  # the smooth scroll settles
    assert _js(browser, "return scrollY") == y, "clicking a citation scrolled the whole page"
    assert _in_view(browser, first), "the answer being read left the view"
    assert _in_view(browser, card), "the cited card is not in view"
    browser.save_screenshot(str(artifacts_dir / "workday-01-citation.png"))
    browser.save_screenshot(str(ROOT / "docs" / "checking-a-source-1.png"))

    # 3. "open in source" shows the Sources reader at that paragraph with the quote highlighted.
    para = int(re.search(r"¶(\d+)", card.find_element(By.CSS_SELECTOR, ".prov").text).group(1))
    quote = card.find_element(By.CSS_SELECTOR, "mark.quote").text
    card.find_element(By.CSS_SELECTOR, "a.open-source").click()
    hit = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#sources-reader #src-hit"), 30,
                "the highlighted paragraph")[0]
    assert _js(browser, "return document.querySelector('button[role=tab][aria-selected=true]').textContent.trim()") == "Sources"
    _wait(browser, lambda: _in_view(browser, hit), 10, "the highlight to scroll into view")
    assert _squash(_js(browser, "return arguments[0].textContent", hit)) == _squash(quote)
    pnum = _js(browser, "return arguments[0].closest('.para').querySelector('.pnum').textContent", hit)
    assert pnum == f"¶{para}"
    box = browser.find_element(By.ID, "sources-reader")
    assert _js(browser, """const h = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();
                           return h.top >= b.top && h.bottom <= b.bottom;""", hit, box), "the highlight is scrolled out of the reader"
    browser.save_screenshot(str(artifacts_dir / "workday-02-open-in-source.png"))
    browser.save_screenshot(str(ROOT / "docs" / "checking-a-source-2.png"))
    _tab(browser, "Chat")

    # 3b. A catalogue-record card (the sidecar: who wrote it) opens the reader at the document's catalogue entry.
    second = browser.find_elements(By.CSS_SELECTOR, "#chatbot .answer")[1]
    cite, target = _cited(browser, second, catalogue=True)
    if cite:  # only when the answer to "Who wrote this article?" cites the catalogue record
        cite.click()
        card = browser.find_element(By.ID, target)
        _wait(browser, lambda: _in_view(browser, card), 10, "the catalogue card")
        card.find_element(By.CSS_SELECTOR, "a.open-source").click()
        _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#sources-reader .para.catalogue.target #src-hit"),
              30, "the highlighted catalogue record")
        assert "catalogue record" in browser.find_element(By.CSS_SELECTOR, "#sources-reader .para.target .pnum").text.lower()  # shown in small caps
        _tab(browser, "Chat")

    # 4. Export: Markdown with every quote verbatim from the clean text (or the catalogue record).
    _js(browser, "window.__hrefs = []; HTMLAnchorElement.prototype.click = function () { window.__hrefs.push(this.href); };")
    browser.find_element(By.ID, "export").click()
    href = _wait(browser, lambda: _js(browser, "return window.__hrefs[0]"), 20, "the export download")
    with urllib.request.urlopen(href, timeout=30) as resp:
        md = resp.read().decode("utf-8")
    assert f"## 1. {FACT_Q}" in md and f"## 2. {FOLLOW_Q}" in md
    quotes = _markdown_quotes(md)
    assert quotes, md
    sources = [t for r in records for t in (r.text, r.metadata_text)]
    for q in quotes:
        assert any(q in s for s in sources), f"exported quote is not verbatim in a source: {q!r}"
    assert re.search(r"¶\d+", md) and ("as reported by" in md or "Charles Kraus" in md)

    # 5. A reload keeps the conversation, its evidence, and its working citations.
    browser.refresh()
    _wait(browser, lambda: _js(browser, COUNTS)["answers"] == 2, 60, "the restored conversation")
    assert browser.find_elements(By.CSS_SELECTOR, "#evidence .card.evidence")
    cite = browser.find_elements(By.CSS_SELECTOR, "#chatbot .answer")[0].find_element(By.CSS_SELECTOR, "a.cite")
    cite.click()
    _wait(browser, lambda: _in_view(browser, browser.find_element(By.ID, cite.get_attribute("href").split("#", 1)[1])), 10,
          "a restored citation's card")


class ClosingRecorder:
    """The real engine; records whether the UI closed a stream before its final answer."""

    def __init__(self, engine):
        self.engine, self.closed_early, self.finished = engine, [], []

    def stream(self, question, history):
        done = False
        try:
            for event in self.engine.stream(question, history):
                done = done or event.type == "answer"
                yield event
        finally:
            (self.finished if done else self.closed_early).append(question)


def test_a_reload_mid_answer_stops_it_and_gives_the_question_back(browser, engine, seed_settings, chat_launcher):
    from selenium.webdriver.common.by import By

    recorder = ClosingRecorder(engine)
    url = chat_launcher(seed_settings, recorder)
    browser.get(url)
    box = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60)[0]
    box.send_keys(FACT_Q)
    browser.find_element(By.ID, "ask").click()
    _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#evidence .card.passage"), ANSWER_TIMEOUT,
          "the evidence of the running answer")
    browser.refresh()
    _wait(browser, lambda: recorder.closed_early or recorder.finished, 120, "the abandoned answer to stop")
    assert recorder.closed_early == [FACT_Q] and not recorder.finished, "the abandoned answer ran on"
    box = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60)[0]
    _wait(browser, lambda: box.get_attribute("value") == FACT_Q, 30, "the interrupted question back in the box")
    assert "interrupted by the reload" in browser.find_element(By.ID, "input-note").text


def test_after_each_of_four_questions_the_newest_answer_is_in_view(browser, chat_url):
    """A long conversation: however many answers stand above, the one just given is on screen."""
    from selenium.webdriver.common.by import By

    browser.get(chat_url)
    box = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60)[0]
    _js(browser, "localStorage.clear()")
    browser.refresh()
    box = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60)[0]
    for i, q in enumerate([FACT_Q, FOLLOW_Q, "What did Mao promise about ammunition?", "Who was Gao Gang?"], 1):
        box.send_keys(q)
        browser.find_element(By.ID, "ask").click()
        _wait(browser, lambda: (s := _js(browser, COUNTS))["answers"] >= i and not s["working"], what=f"answer {i}")
        time.sleep(0.8)  # the smooth scroll settles
        newest = browser.find_elements(By.CSS_SELECTOR, "#chatbot .answer")[-1]
        assert _in_view(browser, newest), f"after question {i} the newest answer is not in view"
