"""`corroborate ask` says, in one line on stderr, when a running `corroborate serve` answered."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.types import Answer

CLI = [sys.executable, "-m", "corroborate.cli"]


def _fake_serve(token: str, asked: list):
    """A stand-in for `corroborate serve` (its /ask contract), answering without any model."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path != "/ask" or self.headers.get("X-Corroborate-Token") != token:
                self.send_error(403)
                return
            asked.append(body["question"])
            data = Answer(question=body["question"], answer="The clerk counted forty barrels [1].").model_dump_json()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_ask_says_on_stderr_that_the_running_serve_answered(tmp_path, monkeypatch):
    from core.settings import load_settings
    from corroborate.warm import fingerprint, state_path

    env = {k: v for k, v in os.environ.items() if not k.startswith("CORROBORATE_")}
    env.update({"CORROBORATE_DATA_DIR": str(tmp_path / "data"), "CORROBORATE_CORPUS_DIR": str(tmp_path / "corpus"),
                "CORROBORATE_CONFIG": str(tmp_path / "none.toml")})
    for key in [k for k in os.environ if k.startswith("CORROBORATE_")]:
        monkeypatch.delenv(key)
    for key in [k for k in env if k.startswith("CORROBORATE_")]:
        monkeypatch.setenv(key, env[key])
    settings = load_settings()  # what the `ask` process will read
    asked: list = []
    server = _fake_serve("t0ken", asked)
    try:
        path = state_path(settings)
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({"port": server.server_address[1], "pid": os.getpid(), "token": "t0ken",
                                    "fingerprint": fingerprint(settings)}))
        for extra in ([], ["--json"]):
            proc = subprocess.run([*CLI, "ask", "How many barrels did the clerk count?", *extra], env=env,
                                  cwd=tmp_path, capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
            said = [ln for ln in proc.stderr.splitlines() if "corroborate serve" in ln]
            assert said == [f"answered by the running `corroborate serve` (pid {os.getpid()}, "
                            f"127.0.0.1:{server.server_address[1]}); --no-server answers in this process"]
            out = json.loads(proc.stdout)["answer"] if extra else proc.stdout
            assert "forty barrels" in out  # stdout is the answer alone (one JSON object with --json)
        assert len(asked) == 2
    finally:
        server.shutdown()
