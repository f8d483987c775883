"""The dev set validates, covers what the suite promises, and every evidence string is in the cleaned corpus."""
import json
from collections import Counter
from pathlib import Path

import pytest

from core.errors import InputError
from evals.dataset import load_dataset, parse_lines, select

ROOT = Path(__file__).resolve().parents[2]
QA = ROOT / "evals" / "qa.jsonl"
SEED_ID = "000_92589f93ca9f71d2.txt"


@pytest.fixture(scope="module")
def items():
    return load_dataset(QA)


def test_dev_set_shape(items):
    assert len(items) >= 40
    kinds = Counter(i.expect for i in items)
    assert kinds["refuse"] >= 10 and kinds["conflict"] >= 2 and kinds["answer"] >= 20
    assert sum(1 for i in items if i.history) >= 3  # follow-ups
    splits = Counter(i.split for i in items)
    assert splits["tune"] >= 15 and splits["report"] >= 25
    for split in ("tune", "report"):  # both splits hold every kind, so tuning and reporting both see refusals
        assert {i.expect for i in items if i.split == split} == {"answer", "refuse", "conflict"}
    ci = [i for i in items if i.ci]
    assert 6 <= len(ci) <= 10 and {i.expect for i in ci} == {"answer", "refuse", "conflict"}
    assert any(i.history for i in ci)


def test_answerable_items_have_evidence(items):
    for item in items:
        if item.expect != "refuse":
            assert item.evidence, f"{item.id} has no evidence"


def test_evidence_occurs_verbatim_in_cleaned_corpus(items, seed_settings):
    from ingest.docstore import DocStore

    text = DocStore(seed_settings).clean_text(SEED_ID)
    missing = [(i.id, ev) for i in items for ev in i.evidence if ev not in text]
    assert not missing, f"evidence not in the cleaned seed: {missing}"


def _line(**overrides):
    base = {"id": "x", "question": "Q?", "expect": "answer", "must_include": [["a"]], "evidence": ["e"]}
    base.update(overrides)
    return json.dumps({k: v for k, v in base.items() if v is not None})


def test_bad_lines_are_each_reported_with_line_number_and_reason():
    lines = [
        _line(id="ok1"),
        "{not json",
        _line(id="b", expect="maybe"),
        "",
        _line(id="c", must_include=[]),
        _line(id="d", expect="refuse"),
        _line(id="e", must_inclued=[["x"]]),
        _line(id="ok1"),
        "[1, 2]",
        _line(id="f", must_include=[["a", " "]]),
        _line(id="g", question="   "),
        _line(id="h", split="dev"),
    ]
    with pytest.raises(InputError) as exc:
        parse_lines(lines, source="my.jsonl")
    msg = str(exc.value)
    assert msg.startswith("my.jsonl: 10 bad lines")
    expected = {
        2: "not valid JSON",
        3: "expect: must be one of",
        5: 'expect "answer" needs at least one must_include group',
        6: 'expect "refuse" takes no must_include',
        7: "must_inclued: unknown field",
        8: "duplicate id 'ok1' (first on line 1)",
        9: "expected a JSON object",
        10: "group 1 has a blank alternative",
        11: "question: must not be blank",
        12: "split: must be one of",
    }
    for lineno, reason in expected.items():
        assert any(line.strip().startswith(f"line {lineno}: ") and reason in line for line in msg.splitlines()), (
            lineno, reason, msg)
    assert "line 1:" not in msg and "line 4:" not in msg


def test_defaults_and_select():
    items = parse_lines([
        _line(id="a"),
        _line(id="b", split="tune", ci=True),
        _line(id="c", expect="refuse", must_include=None, evidence=None, history=["earlier?"]),
    ])
    assert items[0].split == "report" and items[0].ci is False and items[0].history == []
    assert [i.id for i in select(items, split="tune")] == ["b"]
    assert [i.id for i in select(items, ci=True)] == ["b"]
    assert [i.id for i in select(items, ids=["c", "a"])] == ["a", "c"]
    assert [i.id for i in select(items, limit=2)] == ["a", "b"]
    with pytest.raises(InputError, match="unknown id"):
        select(items, ids=["zz"])
    with pytest.raises(InputError, match="no questions left"):
        select(items, split="tune", ids=["a"])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_dataset(tmp_path / "nope.jsonl")
