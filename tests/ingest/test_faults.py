"""Issue 8, faults during ingest, with real processes: SIGKILL at named points then a re-run gives
exactly a clean ingest; a second concurrent ingest is refused; an unwritable data dir or a full
disk gives one clear line and leaves the existing store intact."""
from __future__ import annotations

import os
import resource
import signal
import shutil

import pytest
from filelock import FileLock

from core.errors import StoreError
from ingest.pipeline import run_ingest
from tests.ingest.conftest import run_cli, store_state, write_doc

BATCH = 4  # small batches so that every document is written in several steps


def corpus_v1(root):
    write_doc(root / "alpha.txt", 5, seed=1, title="Alpha")
    write_doc(root / "beta.txt", 4, seed=2, title="Beta")
    write_doc(root / "gamma.md", 4, seed=3, title="Gamma")
    return root


def to_v2(root):
    """Change alpha completely (all old chunks must go), delete beta, add delta."""
    write_doc(root / "alpha.txt", 6, seed=7, title="Alpha, revised")
    (root / "beta.txt").unlink()
    write_doc(root / "delta.txt", 3, seed=4, title="Delta")


def reference(tmp_path, corpus, settings_for) -> dict:
    clean_corpus = tmp_path / "clean-corpus"
    shutil.copytree(corpus, clean_corpus)
    s = settings_for(clean_corpus, data="clean-data", chroma={"batch_size": BATCH})
    summary = run_ingest(s, progress=False)
    assert summary.errors == []
    state = store_state(s)
    assert state["count"] == len(state["ids"]) == summary.chunks
    return state


@pytest.mark.parametrize("fault,scenario", [
    ("embed:2", "fresh"),        # during embedding
    ("after_write", "fresh"),    # after the Chroma write, before the manifest update
    ("manifest", "fresh"),       # just before the manifest is replaced
    ("after_write", "update"),   # changed document's new chunks written, old ones not yet deleted
    ("delete", "update"),        # during the delete of a changed document's old chunks
])
def test_sigkill_then_rerun_equals_clean_ingest(tmp_path, settings_for, fault, scenario):
    corpus = corpus_v1(tmp_path / "corpus")
    s = settings_for(corpus, chroma={"batch_size": BATCH})
    if scenario == "update":
        run_ingest(s, progress=False)
        to_v2(corpus)
    killed = run_cli(s, CORROBORATE_FAULT=fault)
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr[-2000:])

    rerun = run_ingest(s, progress=False)
    assert rerun.errors == []
    after = store_state(s)
    expected = reference(tmp_path, corpus, settings_for)
    assert after["ids"] == expected["ids"]  # same chunk ids: nothing missing, nothing extra
    assert after["count"] == expected["count"]  # no duplicates
    assert after["manifest_ids"] == after["ids"] and after["records"] == expected["records"]
    # and a further run is a no-op
    assert run_ingest(s, progress=False).chunks_embedded == 0


def test_second_concurrent_ingest_is_refused(tmp_path, small_corpus, settings_for):
    s = settings_for(small_corpus)
    s.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(s.lock_path), timeout=1):  # this test process is the "first" ingest
        proc = run_cli(s, CORROBORATE_INGEST_LOCK_TIMEOUT="0.5")
        assert proc.returncode == 2
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
        assert len(lines) == 1 and "another ingest is already running" in lines[0]
        assert "Traceback" not in proc.stderr
        s_fast = s.model_copy(update={"ingest": s.ingest.model_copy(update={"lock_timeout": 0.2})})
        with pytest.raises(StoreError, match="another ingest"):
            run_ingest(s_fast, progress=False)
    assert not (s.data_dir / "manifest.json").exists()  # the refused runs wrote nothing
    assert run_ingest(s, progress=False).added == 3  # once the lock is free, ingest proceeds


def test_unwritable_data_dir_one_line(tmp_path, small_corpus, settings_for):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir's parent should be", encoding="utf-8")
    s = settings_for(small_corpus, data="not-a-dir/data")
    proc = run_cli(s)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "not writable" in lines[0] and "not-a-dir" in lines[0]
    if os.geteuid() != 0:  # root ignores permission bits
        ro = tmp_path / "ro-data"
        ro.mkdir()
        ro.chmod(0o500)
        proc = run_cli(settings_for(small_corpus, data="ro-data"))
        assert proc.returncode == 2 and "not writable" in proc.stderr


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_one_line_and_store_intact(tmp_path, small_corpus, settings_for):
    s = settings_for(small_corpus)
    run_ingest(s, progress=False)
    before = store_state(s)
    write_doc(small_corpus / "large.txt", 400, seed=9, title="Large")  # ~100 KB: cannot be written
    proc = run_cli(s, preexec_fn=_limit_file_size)
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    after = store_state(s)
    assert after["ids"] >= before["ids"] and after["manifest_ids"] == before["manifest_ids"]
    assert {k: v for k, v in after["records"].items() if k != "large.txt"} == before["records"]
    # with space again, a re-run completes and leaves exactly the manifest's chunks
    summary = run_ingest(s, progress=False)
    assert summary.added == 1 and summary.errors == []
    final = store_state(s)
    assert final["ids"] == final["manifest_ids"] and before["ids"] < final["ids"]
