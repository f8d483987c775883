"""No telemetry: ingest + the chat app run with every outbound connection attempt blocked and recorded."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = Path(__file__).with_name("offline_probe.py")


def test_the_guard_records_outbound_attempts():
    out = subprocess.run([sys.executable, str(PROBE), "--self-check"], capture_output=True, text=True, timeout=60)
    assert json.loads(out.stdout.strip().splitlines()[-1])["blocked"] == ["connect 192.0.2.1:80"]


def test_app_and_store_make_no_outbound_connection(tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CORROBORATE_", "GRADIO_", "HF_"))}
    env.pop("ANONYMIZED_TELEMETRY", None)  # the app must switch telemetry off by itself
    out = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path / "corpus"),
         str(tmp_path / "data")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["blocked"] == [], f"outbound attempts: {result['blocked']}"
    assert result["docs"] >= 1
    assert all(status == 200 for status in result["pages"].values()), result["pages"]
