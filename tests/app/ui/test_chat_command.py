"""`corroborate chat` as a user runs it: prints its URL, serves the page, stops cleanly on SIGTERM."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def test_chat_command_prints_url_serves_and_stops(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CORROBORATE_DATA_DIR": str(tmp_path / "data"),
           "CORROBORATE_CORPUS_DIR": str(tmp_path / "corpus")}
    proc = subprocess.Popen([sys.executable, "-m", "corroborate.cli", "chat", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        url, lines, deadline = None, [], time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            lines.append(line)
            m = re.search(r"running at\s+(http://127\.0\.0\.1:\d+/?)", line)
            url = m.group(1) if m else None
        assert url == f"http://127.0.0.1:{port}/", "".join(lines)
        with urllib.request.urlopen(url, timeout=30) as resp:
            assert resp.status == 200 and "Corroborate" in resp.read().decode()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "chat stopped" in out
    assert "Traceback" not in out


def test_a_taken_port_is_named_as_the_port_option(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        env = {**os.environ, "CORROBORATE_DATA_DIR": str(tmp_path / "data")}
        r = subprocess.run([sys.executable, "-m", "corroborate.cli", "chat", "--port", str(port)], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and f"port {port}" in r.stderr and "--port" in r.stderr, r.stderr
    assert "GRADIO_SERVER_PORT" not in r.stderr + r.stdout and "Traceback" not in r.stderr
