"""Chroma server mode against a REAL `chroma run` process on a free loopback port.

Ingest into the server, check retrieval matches embedded mode, stop the server mid-session
(clear one-line StoreError), restart it (recovery), and run `corroborate ingest` in server mode.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.errors import StoreError
from core.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.server


def make_settings(tmp: Path, **overrides):
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data",
                         model_cache_dir=ROOT / ".corroborate" / "models", **overrides)

CHROMA = Path(sys.executable).with_name("chroma")
QUESTIONS = [
    "Who wrote this article?",
    "How many Korean troops did Lin Biao report were ready to be transferred?",
    "What did Kovalev's cable say about Mao's view of an attack on South Korea?",
    "What did Mao promise about ammunition?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """One `chroma run` process; stop() and start() keep the same path and port."""

    def __init__(self, path: Path, log: Path):
        self.path, self.log = path, log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def start(self, timeout: float = 60) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
        deadline = time.monotonic() + timeout
        while not self.alive():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"chroma run did not start on {self.url}; log: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not CHROMA.exists():
        pytest.fail(f"the chroma CLI is missing: {CHROMA}")
    tmp = tmp_path_factory.mktemp("chroma-server")
    server = ChromaServer(tmp / "db", tmp / "chroma.log")
    server.start()
    yield server
    server.stop()
    assert server.proc is None


@pytest.fixture(scope="module")
def server_settings(chroma_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server-mode")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    settings = make_settings(tmp, chroma={"url": chroma_server.url})
    from ingest.pipeline import run_ingest

    run_ingest(settings)
    return settings


def test_server_results_match_embedded_mode(seed_settings, server_settings):
    from app.retrieval.retriever import Retriever
    from ingest.store import open_store

    assert open_store(server_settings).count() == open_store(seed_settings).count() > 0
    embedded, server = Retriever(seed_settings), Retriever(server_settings)
    for q in QUESTIONS:
        a, b = embedded.search(q), server.search(q)
        assert [p.chunk_id for p in a] == [p.chunk_id for p in b], q
        assert [p.text for p in a] == [p.text for p in b]
        for pa, pb in zip(a, b):
            assert pa.dense_score == pytest.approx(pb.dense_score, abs=1e-4)


def test_server_restart_gives_one_line_error_then_recovers(chroma_server, server_settings):
    from app.retrieval.retriever import Retriever

    retriever = Retriever(server_settings)
    question = QUESTIONS[1]
    before = [p.chunk_id for p in retriever.search(question)]
    chroma_server.stop()
    try:
        with pytest.raises(StoreError) as err:
            retriever.search(question)
        message = str(err.value)
        assert "\n" not in message and "Chroma" in message
        assert len(message) < 400
    finally:
        chroma_server.start()
    assert [p.chunk_id for p in retriever.search(question)] == before


def test_cli_ingest_in_server_mode(chroma_server, tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    env = {**os.environ, "CORROBORATE_CHROMA_URL": chroma_server.url, "CORROBORATE_CHROMA_COLLECTION": "cli_test",
           "CORROBORATE_DATA_DIR": str(tmp_path / "data"), "CORROBORATE_CORPUS_DIR": str(tmp_path / "corpus"),
           "CORROBORATE_MODEL_CACHE_DIR": str(ROOT / ".corroborate" / "models")}
    cli = Path(sys.executable).with_name("corroborate")
    done = subprocess.run([str(cli), "ingest"], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]

    from app.retrieval.retriever import Retriever

    settings = make_settings(tmp_path, chroma={"url": chroma_server.url, "collection": "cli_test"})
    assert not settings.chroma_dir.exists(), "server mode must not create an embedded Chroma dir"
    hits = Retriever(settings).search("How many Korean troops did Lin Biao report were ready to be transferred?")
    assert any("16,000" in p.text for p in hits)

    bad = {**env, "CORROBORATE_CHROMA_URL": f"http://127.0.0.1:{_free_port()}"}
    failed = subprocess.run([str(cli), "ingest"], env=bad, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr and "error:" in failed.stderr


@pytest.mark.llm
def test_cli_ask_in_server_mode_answers_with_a_verified_quote(chroma_server, server_settings):
    """Issue 7's done-when: `CORROBORATE_CHROMA_URL=... corroborate ingest && corroborate ask ...`."""
    import json

    env = {**os.environ, "CORROBORATE_CHROMA_URL": chroma_server.url,
           "CORROBORATE_DATA_DIR": str(server_settings.data_dir),
           "CORROBORATE_CORPUS_DIR": str(server_settings.corpus_dir),
           "CORROBORATE_MODEL_CACHE_DIR": str(ROOT / ".corroborate" / "models")}
    cli = Path(sys.executable).with_name("corroborate")
    done = subprocess.run([str(cli), "ask", "--json", QUESTIONS[1]], env=env, capture_output=True, text=True,
                          timeout=900, cwd=server_settings.data_dir.parent, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    assert not answer["refused"] and "16,000" in answer["answer"]
    from ingest.docstore import DocStore

    store = DocStore(server_settings)
    for c in answer["citations"]:  # verbatim at its offsets; paragraph 0 quotes the catalogue record
        record = store.get(c["doc_id"])
        source = record.metadata_text if c["paragraph"] == 0 else record.text
        assert source[c["start"]:c["end"]] == c["quote"]
