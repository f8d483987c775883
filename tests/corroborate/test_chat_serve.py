"""The chat's engine uses a running `corroborate serve`: one model on the machine, answers streamed from it,
a hang-up stops the answer, and an ingest by another process is seen by the server's next question."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, make_settings
from tests.corroborate.test_ask_turns import CLI, _lines, _next_answered

FACT_Q = "How many Korean troops did Lin Biao report were ready to be transferred?"
NEW_DOC = ("The Quartermaster's Ledger of Fort Ambrose\n\nIn the winter of 1951 the fort's quartermaster, "
           "Helena Marsk, counted three hundred and twelve mule carts in the eastern yard.\n")


def _env(settings) -> dict:
    return {**os.environ, "CORROBORATE_DATA_DIR": str(settings.data_dir),
            "CORROBORATE_CORPUS_DIR": str(settings.corpus_dir),
            "CORROBORATE_MODEL_CACHE_DIR": str(settings.model_cache_dir)}


def test_a_serve_error_reaches_the_chat_as_its_one_line(tmp_path):
    """An empty store: the server's stream says so, and the chat's engine raises that line, not a traceback."""
    from core.errors import StoreError
    from corroborate.warm import WarmEngine, server_info

    settings = make_settings(tmp_path)
    server = subprocess.Popen([*CLI, "serve", "--no-warm-up"], cwd=ROOT, env=_env(settings), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    engine = WarmEngine(settings)
    try:
        lines = _lines(server.stdout)
        assert "serving at" in lines.get(timeout=120)
        assert server_info(settings) is not None
        with pytest.raises(StoreError, match="the store in .* is empty"):
            list(engine.stream("Who wrote this article?"))
        assert engine._local is None  # the server answered (with its error); no engine was started here
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.mark.llm
@pytest.mark.server
def test_the_chat_streams_from_a_running_serve(tmp_path):
    from app.types import EvidenceEvent, FinalEvent, SentencesEvent
    from corroborate.warm import WarmEngine
    from ingest.pipeline import run_ingest

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    settings = make_settings(tmp_path)
    run_ingest(settings)
    server = subprocess.Popen([*CLI, "serve", "--no-warm-up"], cwd=ROOT, env=_env(settings), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    engine = WarmEngine(settings)
    try:
        lines = _lines(server.stdout)
        assert "serving at" in lines.get(timeout=120)
        assert "corroborate chat" in lines.get(timeout=10)

        # 1. Hanging up after the evidence (Stop, a reload) stops the answer; the server stays usable.
        stream = engine.stream(FACT_Q)
        first = next(stream)
        assert isinstance(first, EvidenceEvent) and first.passages
        stream.close()

        # 2. A whole answer comes from the server, streamed: evidence, the best sentences, then the answer.
        events = list(engine.stream(FACT_Q))
        kinds = [type(e) for e in events]
        assert kinds[0] is EvidenceEvent and SentencesEvent in kinds and kinds[-1] is FinalEvent, kinds
        answer = events[-1].answer
        assert answer.citations and all(c.quote for c in answer.citations)
        assert FACT_Q[:40] in _next_answered(lines, 60)  # the server answered it ...
        assert engine._local is None  # ... and this process started no model of its own

        # 3. A document ingested by another process (here: this one) is found by the server, densely too.
        (settings.corpus_dir / "ledger.txt").write_text(NEW_DOC, encoding="utf-8")
        run_ingest(settings)
        stream = engine.stream("How many mule carts did Helena Marsk count at Fort Ambrose?")
        evidence = next(stream)
        stream.close()
        found = [p for p in evidence.passages if p.doc_id == "ledger.txt"]
        assert found and any(p.dense_score is not None for p in found), evidence.passages
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not (settings.data_dir / "serve.json").exists()
