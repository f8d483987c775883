"""The embedded llama.cpp server: an OpenAI-compatible HTTP server in a child process.

    with EmbeddedServer(settings) as server:      # or: server = get_server(settings)
        server.base_url                           # http://127.0.0.1:PORT/v1

The child runs ``python -m app.llm.server --gguf PATH --port N ...`` (xllamacpp), bound to
127.0.0.1 on a free port, logging to ``DATA_DIR/logs/llm-server.log`` (llama.cpp is chatty).

No orphans: the child (1) asks the kernel for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``), and (2) watches its stdin, a pipe whose only writer is the
parent: EOF means the parent process is gone, however it died. (1) alone is not enough,
because PDEATHSIG fires when the parent *thread* that spawned the child exits, so it is
only armed when the server is started from the main thread.
"""
from __future__ import annotations

import argparse
import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

import httpx

from core.errors import ModelError
from core.settings import Settings

LOG_NAME = "llm-server.log"
ANSWER_SLOT, SIDE_SLOT = 0, 1  # llama.cpp slots: answers, and the short calls beside them
SIDE_CTX = 1024  # KV cells beyond llm.n_ctx for the side slot, so an answer keeps its whole n_ctx
_ROOT = Path(__file__).resolve().parents[2]
_PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def resolve_threads(threads: int) -> int:
    if threads > 0:
        return threads
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def last_log_line(path: Path) -> str:
    try:
        with open(path, errors="replace") as fh:
            lines = deque((ln.strip() for ln in fh if ln.strip()), maxlen=1)
        return lines[0] if lines else "(log is empty)"
    except OSError:
        return "(no log)"


class EmbeddedServer:
    """One llama.cpp server child process. Context manager; ``stop()`` is idempotent."""

    def __init__(self, settings: Settings, gguf: Path | None = None, port: int | None = None):
        self.settings = settings
        self.gguf = gguf
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.log_path = Path(settings.data_dir) / "logs" / LOG_NAME
        self._log = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint, ``http://127.0.0.1:PORT/v1``."""
        if self.port is None:
            raise ModelError("the embedded LLM server is not started")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def command(self) -> list[str]:
        llm = self.settings.llm
        return [
            sys.executable, "-m", "app.llm.server",
            "--gguf", str(self.gguf), "--port", str(self.port),
            "--ctx", str(llm.n_ctx + SIDE_CTX), "--threads", str(resolve_threads(llm.threads)),
            "--alias", llm.model, "--parent-pid", str(os.getpid()), "--watch-stdin",
        ] + (["--pdeathsig"] if threading.current_thread() is threading.main_thread() else [])

    def start(self) -> "EmbeddedServer":
        if self.alive():
            return self
        if self.gguf is None:
            from app.llm.model_files import ensure_default_gguf

            self.gguf = ensure_default_gguf(self.settings)
        if self.port is None:
            self.port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            self.command(), stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT,
            env=env, cwd=str(_ROOT), start_new_session=True,  # Ctrl-C reaches us, not the child
        )
        _LIVE.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        timeout = self.settings.llm.startup_timeout
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ModelError(
                    f"the embedded LLM server exited during startup (code {self.proc.returncode}): "
                    f"{last_log_line(self.log_path)} [log: {self.log_path}]"
                )
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise ModelError(
            f"the embedded LLM server did not become ready within {timeout:.0f} s "
            f"(llm.startup_timeout): {last_log_line(self.log_path)} [log: {self.log_path}]"
        )

    def stop(self, timeout: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        _LIVE.discard(self)
        for key, server in list(_REGISTRY.items()):
            if server is self:
                del _REGISTRY[key]
        if proc is not None and proc.poll() is None:
            try:
                proc.stdin.close()  # the child's watchdog sees EOF and exits
            except OSError:
                pass
            try:
                proc.wait(timeout=timeout / 2)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=timeout / 2)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- reuse: one server per (gguf, n_ctx, threads) per process -------------------------

_REGISTRY: dict[tuple, EmbeddedServer] = {}
_LIVE: set[EmbeddedServer] = set()
_LOCK = threading.Lock()


def get_server(settings: Settings) -> EmbeddedServer:
    """Start the embedded server, or return the one this process already runs."""
    from app.llm.model_files import ensure_default_gguf

    gguf = ensure_default_gguf(settings)
    llm = settings.llm
    key = (str(gguf.resolve()), llm.n_ctx, resolve_threads(llm.threads), llm.model)
    with _LOCK:
        server = _REGISTRY.get(key)
        if server is not None and server.alive():
            return server
        if server is not None:
            server.stop()
        server = EmbeddedServer(settings, gguf=gguf).start()
        _REGISTRY[key] = server
        return server


def stop_all() -> None:
    for server in list(_LIVE):
        server.stop()


atexit.register(stop_all)


# --- the child process -------------------------------------------------------------

def _arm_parent_death_signal(parent_pid: int) -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass  # not Linux: the stdin watchdog still applies
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def _watch_stdin_then_exit() -> None:
    """Block until the parent closes our stdin (or dies), then exit at once."""
    try:
        while sys.stdin.buffer.read(65536):
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the embedded llama.cpp OpenAI-compatible server.")
    parser.add_argument("--gguf", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--alias", default="")
    parser.add_argument("--parent-pid", type=int, default=0)
    parser.add_argument("--pdeathsig", action="store_true", help="die with the parent thread")
    parser.add_argument("--watch-stdin", action="store_true", help="exit when stdin reaches EOF")
    args = parser.parse_args(argv)
    if args.pdeathsig:
        _arm_parent_death_signal(args.parent_pid)
    elif args.parent_pid and os.getppid() != args.parent_pid:
        os._exit(0)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: os._exit(0))

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = args.gguf
    params.n_ctx = args.ctx
    params.port = args.port
    params.hostnames = ["127.0.0.1"]
    # Two slots, one KV buffer: the answer call keeps slot 0 and every short call (support check, follow-up
    # rewrite) uses slot 1, so the next answer reuses the instructions already in slot 0's cache (about 315
    # tokens, ~4.5 s on 2 cores). The host-memory prompt cache is off: it dropped a slot whose shared prefix
    # was under a quarter of it (instructions beside ~1,000 tokens of evidence) and restored nothing.
    params.n_parallel = 2
    params.kv_unified = True
    params.cache_ram_mib = 0
    params.cache_prompt = True  # prefix cache: the stable instructions are processed once
    threads = resolve_threads(args.threads)
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    if args.alias:
        params.model_alias = {args.alias}
    print(f"corroborate: starting llama.cpp server on 127.0.0.1:{args.port} for {args.gguf}", flush=True)
    server = xllamacpp.Server(params)  # returns once the model is loaded; serves on its own threads
    print(f"corroborate: ready on http://127.0.0.1:{args.port}/v1", flush=True)
    if args.watch_stdin:
        _watch_stdin_then_exit()
    while server is not None:  # started by hand: serve until SIGTERM / Ctrl-C
        signal.pause()


if __name__ == "__main__":
    main()
