"""`ask` takes earlier turns with their answers, and uses a running `corroborate serve`."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

import pytest

from corroborate.commands.ask import read_history
from tests.conftest import ROOT
from tests.corroborate.test_cli import run

CLI = [sys.executable, "-m", "corroborate.cli"]


def test_history_json_takes_turns_with_answers(tmp_path):
    from app.types import Turn

    f = tmp_path / "h.json"
    f.write_text(json.dumps([{"question": "Who wrote this article?", "answer": "Charles Kraus [1]."},
                             ["Who is Kraus?", "A historian."], "Any question",
                             {"question": "Refused one", "answer": "The sources don't say", "refused": True}]))
    assert read_history(f) == [Turn(question="Who wrote this article?", answer="Charles Kraus [1]."),
                               Turn(question="Who is Kraus?", answer="A historian."), Turn(question="Any question"),
                               Turn(question="Refused one", answer="")]


@pytest.mark.parametrize("content,words", [("{not json", "not valid JSON"), ("[]", "holds no turns"),
                                           ("[{\"q\": 1}]", "each turn must be")])
def test_a_bad_history_file_is_one_clear_line(tmp_path, content, words):
    f = tmp_path / "h.json"
    f.write_text(content)
    r = run("ask", "What is his job?", "--history-json", str(f), env={"CORROBORATE_DATA_DIR": str(tmp_path)})
    assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run("ask", "What is his job?", "--history-json", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "cannot read --history-json" in r.stderr


def _lines(stream) -> queue.Queue:
    """The process's output lines, read in a thread (so a wait for a line can time out)."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def _next_answered(lines: queue.Queue, timeout: float = 30) -> str:
    """The server's next "answered in" line; its banner (address, how to use it) and any notice come first."""
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line.startswith("answered in"):
            return line
        seen.append(line)
    pytest.fail(f"the server printed no 'answered in' line; it printed {seen!r}")


@pytest.mark.llm
@pytest.mark.server
def test_ask_uses_a_running_serve_and_resolves_a_follow_up(seed_settings, tmp_path):
    env = {**os.environ, "CORROBORATE_DATA_DIR": str(seed_settings.data_dir),
           "CORROBORATE_CORPUS_DIR": str(seed_settings.corpus_dir),
           "CORROBORATE_MODEL_CACHE_DIR": str(seed_settings.model_cache_dir)}
    server = subprocess.Popen([*CLI, "serve", "--no-warm-up"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        lines = _lines(server.stdout)
        line = lines.get(timeout=120)
        assert "serving at http://127.0.0.1:" in line, line
        assert "`corroborate ask`" in lines.get(timeout=10)  # the banner says how to use it
        first = subprocess.run([*CLI, "ask", "Who wrote this article?", "--json"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=900)
        assert first.returncode == 0, first.stderr
        said = json.loads(first.stdout)
        assert "Kraus" in said["answer"]
        assert "Who wrote this article?" in _next_answered(lines)  # the server answered it, not the ask process
        follow = subprocess.run([*CLI, "ask", "What is his job?", "--turn", "Who wrote this article?", said["answer"],
                                 "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert follow.returncode == 0, follow.stderr
        assert "Kraus" in json.loads(follow.stdout)["standalone_question"]
        assert "What is his job?" in _next_answered(lines)
        # With the server gone, ask answers in-process again (the state file is removed on stop).
    finally:
        server.terminate()
        server.wait(timeout=60)  # (its output is read by the thread above)
    assert not (seed_settings.data_dir / "serve.json").exists()
    time.sleep(0.1)
