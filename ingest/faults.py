"""Test-only fault injection: ``CORROBORATE_FAULT=<point>[:<n>]`` SIGKILLs this process the n-th
time (default 1st) it passes the named point. Points: ``embed`` (after a batch of a document's
chunks is written), ``after_write`` (all chunks written, before old ids are deleted and the
manifest is updated), ``delete`` (after one batch of a changed document's old ids is deleted),
``manifest`` (just before the manifest is replaced). Unset in normal use: a no-op.
"""
from __future__ import annotations

import os
import signal

_seen: dict[str, int] = {}


def fault_point(name: str) -> None:
    spec = os.environ.get("CORROBORATE_FAULT")
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _seen[name] = _seen.get(name, 0) + 1
    if _seen[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
