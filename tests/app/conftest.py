"""Fixtures shared by the app tests: the seed and the fixture memo, loaded and cleaned by the real ingest stages."""
from pathlib import Path

import pytest

from ingest.clean import clean
from ingest.load import load

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_92589f93ca9f71d2.txt"
MEMO = ROOT / "tests" / "fixtures" / "memo_kim_il_mission.txt"


@pytest.fixture(scope="session")
def seed():
    return clean(load(SEED.name, SEED))


@pytest.fixture(scope="session")
def memo():
    return clean(load(MEMO.name, MEMO))
