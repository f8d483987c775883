"""The embedded llama.cpp server's lifecycle with the real model: started, reused, stopped, no orphans."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from app.llm import server as llm_server
from app.llm.server import EmbeddedServer, get_server
from core.errors import ModelError
from core.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]
SHARED_MODEL_CACHE = ROOT / ".corroborate" / "models"
# A context size of its own, so these tests never share (or stop) the session engine's server.
N_CTX = 1024

pytestmark = pytest.mark.llm


def make_settings(tmp: Path, **llm):
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data", model_cache_dir=SHARED_MODEL_CACHE,
                         llm={"n_ctx": N_CTX, **llm})


def gone(pid: int, timeout: float = 15.0) -> bool:
    """True once ``pid`` no longer runs (missing, or a zombie nobody has reaped yet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def healthy(base_url: str) -> bool:
    return httpx.get(base_url.removesuffix("/v1") + "/health", timeout=5).status_code == 200


def test_started_reused_stopped(tmp_path):
    settings = make_settings(tmp_path)
    server = get_server(settings)
    try:
        pid = server.pid
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
        assert healthy(server.base_url)
        models = httpx.get(server.base_url + "/models", timeout=5).json()
        assert models["data"][0]["id"] == settings.llm.model
        # the answer slot keeps its whole llm.n_ctx; the side slot (support check, follow-ups) has cells of its own
        assert models["data"][0]["meta"]["n_ctx"] == N_CTX + llm_server.SIDE_CTX

        again = get_server(make_settings(tmp_path))  # a fresh, equal settings object
        assert again is server and again.pid == pid

        from app.llm.client import get_chat_model  # the client factory uses the same server

        assert get_chat_model(settings).openai_api_base == server.base_url

        log = (tmp_path / "data" / "logs" / llm_server.LOG_NAME).read_text(errors="replace")
        assert "listening on" in log  # llama.cpp's chatter goes to the log file, not the terminal
    finally:
        server.stop()
    assert gone(pid), "server process still running after stop()"
    assert server.pid is None and not server.alive()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{server.port}/health", timeout=2)
    server.stop()  # idempotent


def test_a_bad_model_file_fails_with_one_line_naming_the_log(tmp_path):
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"this is not a gguf file\n" * 100)
    settings = make_settings(tmp_path, gguf=str(bogus))
    with pytest.raises(ModelError) as err:
        with EmbeddedServer(settings):
            pass
    message = str(err.value)
    assert "exited during startup" in message and "llm-server.log" in message
    assert "\n" not in message
    assert not llm_server._LIVE


PARENT = textwrap.dedent("""
    import sys, threading, time
    from core.settings import load_settings
    from app.llm.server import EmbeddedServer
    settings = load_settings(data_dir=sys.argv[1], model_cache_dir=sys.argv[2], llm={"n_ctx": int(sys.argv[3])})
    server = EmbeddedServer(settings)
    if sys.argv[4] == "thread":   # started from a worker thread that then ends (as in a web handler)
        t = threading.Thread(target=server.start)
        t.start()
        t.join()
    else:
        server.start()
    print(server.pid, server.port, flush=True)
    time.sleep(600)
""")


@pytest.mark.parametrize("started_from", ["main", "thread"])
def test_no_orphan_when_the_parent_is_killed(tmp_path, started_from):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(tmp_path / "data"), str(SHARED_MODEL_CACHE), str(N_CTX), started_from],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        line = parent.stdout.readline()
        assert line, f"parent exited early with {parent.wait()}"
        child_pid, port = map(int, line.split())
        assert healthy(f"http://127.0.0.1:{port}/v1")
        if started_from == "thread":  # the starting thread has ended: the server must live on
            time.sleep(0.5)
            assert healthy(f"http://127.0.0.1:{port}/v1")
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        assert gone(child_pid), f"orphaned llama.cpp server {child_pid} survived its SIGKILLed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        try:
            if not gone(child_pid, timeout=0):
                os.kill(child_pid, signal.SIGKILL)
        except (NameError, ProcessLookupError):
            pass
