"""A real browser (Debian chromium, headless) uses the chat the way a historian would."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.llm]

ROOT = Path(__file__).resolve().parents[3]
FACT_Q = "How many Korean troops did Lin Biao report were ready to be transferred?"
CONFLICT_Q = "Did Mao encourage North Korea to attack the South in 1949?"
ANSWER_TIMEOUT = 300


def _js(driver, script, *args):
    return driver.execute_script(script, *args)


PAGE_STATE = """
    const m = document.querySelectorAll('#chatbot [data-testid="bot"]');
    const last = m.length ? m[m.length - 1] : null;
    return {answers: document.querySelectorAll('#chatbot .answer').length,
            working: !!(last && last.querySelector('.working')),
            cards: document.querySelectorAll('#evidence .current .card').length,
            error: (document.querySelector('#chatbot .error') || {}).textContent || ''};"""


def _ask(driver, question: str) -> dict:
    """Type a question, press Ask, and watch the page until the final answer replaces the draft."""
    from selenium.webdriver.common.by import By

    n_before = _js(driver, "return document.querySelectorAll('#chatbot .answer').length")
    box = driver.find_element(By.CSS_SELECTOR, "#question textarea")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "ask").click()
    seen = {"working": False, "evidence_before_answer": False}
    deadline = time.monotonic() + ANSWER_TIMEOUT
    while time.monotonic() < deadline:
        state = _js(driver, PAGE_STATE)
        assert not state["error"], f"the chat showed an error: {state['error']}"
        if state["answers"] > n_before:
            return seen
        seen["working"] |= state["working"]
        seen["evidence_before_answer"] |= state["working"] and state["cards"] > 0
        time.sleep(0.1)
    pytest.fail(f"no answer to {question!r} within {ANSWER_TIMEOUT}s")


def _external_requests(driver, base: str) -> list[str]:
    host = urlparse(base).hostname
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in (host, "127.0.0.1", "localhost"):
                urls.append(url)
    return urls


def test_chat_in_a_real_browser(browser, chat_url, seed_settings, artifacts_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from ingest.docstore import DocStore

    browser.get(chat_url)
    WebDriverWait(browser, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#question textarea")))

    # 1. A seed question: evidence shows while the answer is being written, then verified quotes appear.
    seen = _ask(browser, FACT_Q)
    assert seen["working"], "no visible working state while the answer was being written"
    assert seen["evidence_before_answer"], "evidence cards did not appear before the answer"
    quotes = browser.find_elements(By.CSS_SELECTOR, "#evidence .current .card.evidence mark.quote")
    assert quotes, "no highlighted quote in the evidence panel"
    card = quotes[0].find_element(By.XPATH, "ancestor::div[contains(@class,'card')]")
    texts = [_squash(t) for r in DocStore(seed_settings).list_docs() for t in (r.text, r.metadata_text)]
    for q in quotes:  # (whitespace squashed: the page renders newlines as spaces)
        assert any(_squash(q.text) in t for t in texts), f"highlighted quote is not verbatim in a source: {q.text!r}"
    assert "¶" in card.text, "the evidence card lacks its paragraph number"
    browser.save_screenshot(str(artifacts_dir / "chat-01-answer.png"))

    # 2. Clicking an inline citation brings its card into view.
    cite = browser.find_element(By.CSS_SELECTOR, "#chatbot .answer a.cite")
    target = cite.get_attribute("href").split("#", 1)[1]
    _js(browser, "document.getElementById('evidence').scrollIntoView({block: 'end'}); window.scrollTo(0, 0);")
    cite.click()
    WebDriverWait(browser, 10).until(lambda d: _js(d, """
        const el = document.getElementById(arguments[0]); if (!el) return false;
        const r = el.getBoundingClientRect();
        return el.classList.contains('flash') && r.bottom > 0 && r.top < window.innerHeight;""", target))
    browser.save_screenshot(str(artifacts_dir / "chat-02-citation-click.png"))

    # 3. The Sources tab lists the store's documents and shows one's cleaned text.
    _tab(browser, "Sources")
    WebDriverWait(browser, 30).until(
        lambda d: "Charles Kraus" in _js(d, "return document.getElementById('sources-table').innerText"))
    browser.find_element(By.CSS_SELECTOR, "#sources-picker input").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[role='option']"))
    browser.find_elements(By.CSS_SELECTOR, "[role='option']")[0].click()
    WebDriverWait(browser, 30).until(
        lambda d: "Lin Biao" in _js(d, "return document.getElementById('sources-reader').innerText"))
    assert browser.find_elements(By.CSS_SELECTOR, "#sources-reader .pnum"), "the reader shows no ¶ numbers"
    browser.save_screenshot(str(artifacts_dir / "chat-04-sources.png"))
    _tab(browser, "Chat")

    # 4. A yes/no question the sources disagree on: every quote shown for it is verbatim in its document, and a
    #    "Sources differ" card, when the engine flags the disagreement, shows the positions side by side.
    _ask(browser, CONFLICT_Q)
    browser.save_screenshot(str(artifacts_dir / "chat-03-disagreement.png"))
    quotes = browser.find_elements(By.CSS_SELECTOR, "#evidence .current .card.evidence mark.quote")
    assert quotes, "the second answer shows no quote"
    for q in quotes:
        assert any(_squash(q.text) in t for t in texts), f"quote is not verbatim in a source: {q.text!r}"
    conflict = browser.find_elements(By.CSS_SELECTOR, "#evidence .current .card.conflict")
    if conflict:
        assert "Sources differ" in conflict[0].text
        assert len(conflict[0].find_elements(By.CSS_SELECTOR, ".position")) >= 2
        shutil.copyfile(artifacts_dir / "chat-03-disagreement.png", ROOT / "docs" / "screenshot.png")

    # 4b. A citation in the FIRST answer still works: its card unfolds from "Earlier questions".
    first_cite = browser.find_element(By.CSS_SELECTOR, "#chatbot .answer a.cite")
    old_target = first_cite.get_attribute("href").split("#", 1)[1]
    assert old_target.startswith("ev-1-"), old_target
    assert not _js(browser, "return document.getElementById(arguments[0]).closest('details').open", old_target)
    first_cite.click()
    WebDriverWait(browser, 10).until(lambda d: _js(d, """
        const el = document.getElementById(arguments[0]); if (!el) return false;
        const r = el.getBoundingClientRect();
        const box = (el.closest('#evidence') || document.body).getBoundingClientRect();
        return el.closest('details').open && el.classList.contains('flash') && r.bottom > box.top
               && r.top < box.bottom;""", old_target))  # in view inside the Evidence panel, which scrolls itself

    # 5. Nothing on the page was fetched from beyond this machine (no fonts, CDNs or analytics).
    assert _external_requests(browser, chat_url) == []


def _tab(driver, label: str) -> None:
    from selenium.webdriver.common.by import By

    tab = next(b for b in driver.find_elements(By.CSS_SELECTOR, "button[role='tab']") if b.text.strip() == label)
    tab.click()
    driver.execute_script("window.scrollTo(0, 0);")
    time.sleep(0.5)


def _squash(text: str) -> str:
    return " ".join(text.split())
