"""The Sources tab in a real browser (Debian chromium, headless): a re-ingest re-renders the open document."""
from __future__ import annotations

import pytest

from tests.app.ui.test_browser import _js, _tab
from tests.app.ui.test_browser_workday import _wait

pytestmark = [pytest.mark.browser]

MEMO = "A memo on supplies.\n\nThe depot held forty crates of rifles in March.\n\nThe rest went north by rail."


def test_a_reingest_re_renders_the_open_document(browser, tmp_path, chat_launcher):
    from selenium.webdriver.common.by import By

    from app.engine import Engine
    from ingest.pipeline import run_ingest
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "memo.txt").write_text(MEMO, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    run_ingest(settings)
    browser.get(chat_launcher(settings, Engine(settings)))  # (no question is asked: the model never starts)
    _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#question textarea"), 60, "the page")
    _tab(browser, "Sources")
    browser.find_element(By.CSS_SELECTOR, "#sources-picker input").click()
    _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "[role='option']"), 10, "the documents")[0].click()
    reader = lambda: _js(browser, "return document.getElementById('sources-reader').innerText")  # noqa: E731
    _wait(browser, lambda: "forty crates" in reader(), 30, "the document in the reader")

    (corpus / "memo.txt").write_text(MEMO + "\n\nA later note: the crates were counted again in April.",
                                     encoding="utf-8")
    browser.find_element(By.ID, "reingest").click()
    _wait(browser, lambda: "Re-ingest finished" in _js(browser, "return document.getElementById('reingest-summary')"
                                                                ".innerText"), 120, "the re-ingest summary")
    _wait(browser, lambda: "counted again in April" in reader(), 30, "the re-rendered document")
    assert "forty crates" in reader() and "¶3" in reader()  # the same document, open, with its ¶ numbers
