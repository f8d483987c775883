"""The docs name only settings that exist, give their real defaults, and the README's table is the generated one."""
import re
from pathlib import Path

import pytest

from core import settings_table
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
# Documents that describe the product as it is: a default they state must be the code's.
CURRENT = [README, ROOT / "docs" / "architecture.md"]
# History (dated figures, experiments) may name a setting since removed, if docs/experiments.md lists it as removed.
EXPERIMENTS = ROOT / "docs" / "experiments.md"

FIELDS = dict(settings_table.fields())
GROUPS = sorted({name.split(".")[0] for name in FIELDS if "." in name})
# `answer.max_picks`, `answer.max_picks = 3` (not a file name such as `embed.py`)
NAME = re.compile(r"`((?:%s)\.(?!(?:py|md|json|jsonl|toml|txt)\b)[a-z_]+)" % "|".join(GROUPS))
ENV = re.compile(r"\bCORROBORATE_[A-Z_]*[A-Z]\b")
ENV_NOT_SETTINGS = {"CORROBORATE_CONFIG", "CORROBORATE_DEV_CORPORA", "CORROBORATE_DEBUG"}
# "`answer.max_picks` (5)", "`answer.max_picks` (5, ...", "`answer.max_picks = 5`", "`answer.max_picks` = 5"
STATED = re.compile(r"`((?:%s)\.[a-z_]+)(?:`\s*\(|\s*=\s*|`\s*=\s*)([-+]?\d+(?:\.\d+)?|true|false)\b"
                    % "|".join(GROUPS))


def removed_settings() -> set[str]:
    """The settings docs/experiments.md lists under "Settings since removed"."""
    if not EXPERIMENTS.exists():
        return set()
    text = EXPERIMENTS.read_text(encoding="utf-8")
    part = text.split("## Settings since removed", 1)
    if len(part) < 2:
        return set()
    section = part[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)`", section, flags=re.M))


def test_every_setting_has_a_description():
    missing = [name for name, info in FIELDS.items() if not (info.description or "").strip()]
    assert not missing, f"settings without Field(description=...): {missing}"


def test_the_readme_table_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    assert settings_table.START in text and settings_table.END in text
    assert settings_table.table_in(text) == settings_table.table(), (
        "the README's settings table is stale: run `.venv/bin/python -m core.settings_table --write README.md`")


def test_removed_settings_are_really_gone():
    assert not removed_settings() & set(FIELDS), "docs/experiments.md lists as removed a setting that exists"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_setting_the_docs_name_exists(doc):
    text = doc.read_text(encoding="utf-8")
    allowed = set(FIELDS) if doc in CURRENT else set(FIELDS) | removed_settings()
    unknown = sorted(set(NAME.findall(text)) - allowed)
    assert not unknown, f"{doc.name} names settings that do not exist: {unknown}"
    envs = {settings_table.env_var(n) for n in allowed} | ENV_NOT_SETTINGS
    unknown_env = sorted(set(ENV.findall(text)) - envs)
    assert not unknown_env, f"{doc.name} names environment variables no setting reads: {unknown_env}"


@pytest.mark.parametrize("doc", [d for d in CURRENT if d.exists()], ids=lambda p: p.name)
def test_defaults_the_docs_give_are_the_codes(doc):
    text = doc.read_text(encoding="utf-8")
    wrong = []
    for name, stated in STATED.findall(text):
        actual = settings_table.default_of(FIELDS[name])
        if stated in ("true", "false"):
            ok = actual is (stated == "true")
        else:
            ok = actual is not None and not isinstance(actual, (str, bool)) and float(stated) == float(actual)
        if not ok:
            wrong.append(f"{name}: the doc says {stated}, the default is {actual!r}")
    assert not wrong, f"{doc.name}: " + "; ".join(wrong)


def test_the_check_catches_the_drift_it_is_for():
    """The README once said `answer.quote_cited` (2) when the default was 4: both kinds of drift are caught."""
    assert STATED.findall("`answer.max_picks` (2) and `answer.per_source = 1`") == [
        ("answer.max_picks", "2"), ("answer.per_source", "1")]
    assert NAME.findall("up to `answer.quote_cited` (2)") == ["answer.quote_cited"]
    assert "answer.quote_cited" not in Settings().answer.model_dump()
