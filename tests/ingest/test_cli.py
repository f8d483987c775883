"""`corroborate ingest` as a user runs it: summary, --json, exit codes, no-op says 0 embedded."""
from __future__ import annotations

import json

from tests.ingest.conftest import run_cli, write_doc

KEYS = {"documents", "added", "changed", "removed", "unchanged", "chunks", "chunks_embedded", "errors", "warnings"}


def test_cli_json_summary_exit_codes_and_noop(tmp_path, settings_for):
    corpus = tmp_path / "corpus"
    write_doc(corpus / "one.txt", 3, seed=1, title="One")
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 20)
    s = settings_for(corpus)

    first = run_cli(s, "--json")
    assert first.returncode == 1  # a file failed
    out = json.loads(first.stdout)
    assert set(out) == KEYS
    assert out["added"] == 1 and out["chunks_embedded"] == out["chunks"] > 0
    assert len(out["errors"]) == 1 and out["errors"][0].startswith("junk.txt:")
    assert "error: junk.txt:" in first.stderr and "Traceback" not in first.stderr

    (corpus / "junk.txt").unlink()
    second = run_cli(s)
    assert second.returncode == 0
    assert "No changes: 0 chunks embedded" in second.stdout

    missing = run_cli(settings_for(tmp_path / "nowhere", data="data2"))
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "corpus dir" in missing.stderr
