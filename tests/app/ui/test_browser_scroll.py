"""In a real browser (Debian chromium, headless), with the real engine: after each of four questions, the newest
answer is in view, however long the conversation above it has grown, even when the reader had scrolled back up to
an earlier answer before asking."""
from __future__ import annotations

import time

import pytest

from tests.app.ui.test_browser import FACT_Q, PAGE_STATE, _ask, _js

pytestmark = [pytest.mark.browser, pytest.mark.llm]

QUESTIONS = [FACT_Q, "Who wrote this article?", "When did the Korean War begin?",
             "What did Mao promise about ammunition?"]

# The newest answer's top edge lies inside the visible part of the window and of every scrolling box around it.
NEWEST_IN_VIEW = """
    const answers = document.querySelectorAll('#chatbot .answer');
    const el = answers[answers.length - 1];
    const r = el.getBoundingClientRect();
    let top = 0, bottom = innerHeight;
    for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll)/.test(s.overflowY) && p.scrollHeight > p.clientHeight) {
            const b = p.getBoundingClientRect();
            top = Math.max(top, b.top);
            bottom = Math.min(bottom, b.bottom);
        }
    }
    return {top: r.top, seenTop: top, seenBottom: bottom, ok: r.top >= top - 2 && r.top < bottom - 20};"""


# Every scrolling box around the conversation goes back to its top: Gradio's own autoscroll then no longer follows.
READ_THE_FIRST_ANSWER = """
    for (let p = document.querySelector('#chatbot .message, #chatbot [data-testid="user"]'); p; p = p.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(p).overflowY) && p.scrollHeight > p.clientHeight) p.scrollTop = 0;
    }"""


def test_the_newest_answer_is_in_view_after_each_of_four_questions(browser, chat_url, artifacts_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    textarea = (By.CSS_SELECTOR, "#question textarea")
    browser.get(chat_url)
    WebDriverWait(browser, 60).until(EC.presence_of_element_located(textarea))
    _js(browser, "localStorage.clear()")
    browser.get(chat_url)
    WebDriverWait(browser, 60).until(EC.presence_of_element_located(textarea))
    for i, question in enumerate(QUESTIONS, 1):
        _js(browser, READ_THE_FIRST_ANSWER)  # the reader has gone back up to an earlier answer
        _ask(browser, question)
        deadline = time.monotonic() + 30
        while _js(browser, PAGE_STATE)["working"] and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # the smooth scroll to the finished answer settles
        where = _js(browser, NEWEST_IN_VIEW)
        browser.save_screenshot(str(artifacts_dir / f"scroll-{i}.png"))
        assert where["ok"], f"after question {i} the newest answer is out of view: {where}"
    assert _js(browser, "return document.querySelectorAll('#chatbot .answer').length") == len(QUESTIONS)
