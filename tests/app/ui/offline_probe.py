"""Run the chat app with every non-loopback connection (and DNS lookup) blocked and recorded.

Used by test_offline.py in a subprocess: ``python offline_probe.py <corpus_dir> <data_dir>``.
Prints one JSON line: {"blocked": [...], "pages": {path: status}, "docs": n}.
``python offline_probe.py --self-check`` shows the guard catches a deliberate outbound request.
"""
from __future__ import annotations

import ipaddress
import json
import socket
import sys
import urllib.request

BLOCKED: list[str] = []
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _local(host) -> bool:
    host = str(host).strip("[]")
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
        BLOCKED.append(f"connect {address[0]}:{address[1]}")
        raise OSError(101, "network blocked by offline_probe")


def connect(self, address):
    _check(self, address)
    return _connect(self, address)


def connect_ex(self, address):
    _check(self, address)
    return _connect_ex(self, address)


def _ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and not _local(name) and not _ip_literal(name):  # a DNS lookup of a remote name
        BLOCKED.append(f"dns {host}")
        raise socket.gaierror(socket.EAI_NONAME, "network blocked by offline_probe")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo


def main(corpus_dir: str, data_dir: str) -> None:
    from core import offline  # noqa: F401
    from core.settings import load_settings

    settings = load_settings(corpus_dir=corpus_dir, data_dir=data_dir)
    from ingest.pipeline import run_ingest

    run_ingest(settings)  # chromadb + sentence-transformers + the embedding model, all offline

    from app.engine import Engine
    from app.ui.catalog import list_documents
    from app.ui.app import build_app, launch_options

    docs = list_documents(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = build_app(settings, Engine(settings))
    _, url, _ = demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", port))
    pages = {}
    for path in ("/", "/config", "/gradio_api/info", "/theme.css"):
        with urllib.request.urlopen(url.rstrip("/") + path, timeout=30) as resp:
            pages[path] = resp.status
    demo.close()
    print(json.dumps({"blocked": BLOCKED, "pages": pages, "docs": len(docs)}))


def self_check() -> None:
    """Prove the guard sees traffic: a request to a public address must be recorded."""
    try:
        urllib.request.urlopen("http://192.0.2.1/", timeout=2)  # TEST-NET-1, never routed
    except OSError:
        pass
    print(json.dumps({"blocked": BLOCKED}))


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-check"]:
        self_check()
    else:
        main(*sys.argv[1:3])
