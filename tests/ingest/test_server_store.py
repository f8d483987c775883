"""The store against a real Chroma server (`chroma run`): ingest, no-op re-ingest, docstore-backed BM25 input."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from ingest.store import open_store
from tests.ingest.conftest import write_doc

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists() and not shutil.which("chroma"):
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    proc = subprocess.Popen([str(exe if exe.exists() else "chroma"), "run", "--path", str(tmp_path / "server"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_into_chroma_server(tmp_path, settings_for, chroma_server):
    corpus = tmp_path / "corpus"
    write_doc(corpus / "one.txt", 3, seed=1, title="One")
    write_doc(corpus / "two.txt", 3, seed=2, title="Two")
    s = settings_for(corpus, chroma={"url": chroma_server})
    first = run_ingest(s, progress=False)
    assert first.errors == [] and first.added == 2
    store = open_store(s)
    assert store.count() == first.chunks and store.all_ids() == {c for d in ("one.txt", "two.txt")
                                                                 for c in store.ids_for_doc(d)}
    assert run_ingest(s, progress=False).chunks_embedded == 0
