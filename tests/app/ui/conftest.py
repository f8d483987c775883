"""Fixtures for the web chat: the real app launched in-process on a free loopback port."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_chat(settings, engine):
    """Serve the chat app for ``engine`` on a free loopback port; returns (demo, url)."""
    from app.ui.app import build_app, launch_options

    demo = build_app(settings, engine)
    _, url, _ = demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", free_port()))
    return demo, url.rstrip("/")


@pytest.fixture(scope="session")
def chat_url(engine, seed_settings):
    """The real chat app (real engine, seeded store) served on 127.0.0.1; shared by the UI tests."""
    demo, url = launch_chat(seed_settings, engine)
    yield url
    demo.close()


@pytest.fixture
def chat_launcher():
    """launch(settings, engine) -> url; every app launched is closed after the test."""
    demos = []

    def launch(settings, engine) -> str:
        demo, url = launch_chat(settings, engine)
        demos.append(demo)
        return url

    yield launch
    for demo in demos:
        demo.close()


@pytest.fixture
def browser(tmp_path):
    """Headless Debian chromium via Selenium, with explicit binary and driver (no selenium-manager downloads)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("Debian chromium/chromium-driver not installed (run `make browser` as root)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()
