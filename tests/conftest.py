"""Shared fixtures. Real parts: the packaged embedding model, a real Chroma, the real default LLM."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from core import offline  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_92589f93ca9f71d2.txt"
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = ROOT / "tests" / "artifacts"
# The assembled GGUF is large: share one cache across all tests (and with `make chat`).
SHARED_MODEL_CACHE = ROOT / ".corroborate" / "models"


@pytest.fixture(scope="session")
def seed():
    """The seed, loaded and cleaned by the real ingest stages."""
    from ingest.clean import clean
    from ingest.load import load

    return clean(load(SEED.name, SEED))


@pytest.fixture(scope="session")
def memo():
    """The fixture memo, loaded and cleaned by the real ingest stages."""
    from ingest.clean import clean
    from ingest.load import load

    return clean(load("memo_kim_il_mission.txt", FIXTURES / "memo_kim_il_mission.txt"))


def make_settings(tmp: Path, corpus: Path | None = None, **overrides):
    from core.settings import load_settings

    return load_settings(
        corpus_dir=corpus or tmp / "corpus",
        data_dir=tmp / "data",
        model_cache_dir=SHARED_MODEL_CACHE,
        **overrides,
    )


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """Settings over a temp copy of corpus/ (the seed + its sidecar), ingested once."""
    tmp = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    settings = make_settings(tmp)
    from ingest.pipeline import run_ingest

    run_ingest(settings)
    return settings


@pytest.fixture(scope="session")
def engine(seed_settings):
    """The real answer engine with the real default LLM, shared by the whole session."""
    from app.engine import Engine

    eng = Engine(seed_settings)
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
