"""The console command: every subcommand has --help; bad input gives one clear line, never a traceback."""
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CLI = [sys.executable, "-m", "corroborate.cli"]


def run(*args, env=None, timeout=120):
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["ingest", "ask", "chat", "eval", "doctor"])
def test_every_subcommand_has_help(command):
    r = run(command, "--help")
    assert r.returncode == 0
    assert "usage: corroborate " + command in r.stdout


@pytest.mark.parametrize("question", ["", "   ", "?!?...", "\x01\x02"])
def test_unusable_questions_get_one_clear_line(question, tmp_path):
    r = run("ask", question, env={"CORROBORATE_DATA_DIR": str(tmp_path)})
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the question"), r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("env,name,allowed", [
    ({"CORROBORATE_EMBED_DEVICE": "tpu"}, "CORROBORATE_EMBED_DEVICE", "'cpu', 'cuda' or 'mps'"),
    ({"CORROBORATE_CHAT_PORT": "eighty"}, "CORROBORATE_CHAT_PORT", "integer"),
    ({"CORROBORATE_RETRIEVAL_TOP_K": "0"}, "CORROBORATE_RETRIEVAL_TOP_K", "greater than or equal to 1"),
])
def test_a_bad_setting_names_the_setting_and_what_is_allowed(env, name, allowed):
    r = run("ask", "Who was Kovalev?", env=env)
    assert r.returncode == 2
    assert name in r.stderr and allowed in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_bad_setting_in_the_toml_file_is_named(tmp_path):
    cfg = tmp_path / "corroborate.toml"
    cfg.write_text('[chat]\nport = "eighty"\n')
    r = run("doctor", env={"CORROBORATE_CONFIG": str(cfg)})
    assert r.returncode != 0
    assert "chat.port" in r.stderr or "chat.port" in r.stdout


def test_an_empty_store_gives_a_clear_message_not_a_traceback(tmp_path):
    r = run("ask", "Who was Kovalev?", env={"CORROBORATE_DATA_DIR": str(tmp_path / "empty"),
                                             "CORROBORATE_CORPUS_DIR": str(tmp_path / "nocorpus")})
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "ingest" in r.stderr.lower(), r.stderr


def test_a_missing_corpus_dir_is_said_before_any_progress_bar(tmp_path):
    r = run("ingest", env={"CORROBORATE_DATA_DIR": str(tmp_path / "d"), "CORROBORATE_CORPUS_DIR": str(tmp_path / "none")})
    assert r.returncode == 2 and "does not exist" in r.stderr and "CORROBORATE_CORPUS_DIR" in r.stderr
    assert "%" not in r.stderr + r.stdout and len(r.stderr.strip().splitlines()) == 1, r.stderr
