"""Every question file of the suite: valid, merged without id clashes, and every evidence string verbatim in its
corpus. Dev corpora (../shared/dev-corpora) are read in place; their tests are skipped where they are absent.

Evidence is checked the way the shared README promises (an exact substring of one line of one document), except
for the seed, whose raw file has mojibake: there the cleaned text the ingest produces is the reference."""
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import load_dataset
from evals.match import normalise
from evals.suite import load_suite

ROOT = Path(__file__).resolve().parents[2]
SUITE = load_suite(ROOT / "evals" / "corpora.toml", check_paths=False)
DEV = [c for c in SUITE.corpora if c.name != "seed"]


def _documents(corpus_dir: Path):
    from ingest.clean import clean
    from ingest.load import discover, load

    for rel, path in discover(corpus_dir).files:
        yield path.read_text(encoding="utf-8", errors="replace"), clean(load(rel, path)).text


@pytest.mark.parametrize("spec", DEV, ids=[c.name for c in DEV])
def test_dev_corpus_evidence_is_verbatim_on_one_document_line(spec):
    if not spec.corpus_dir.is_dir():
        pytest.skip(f"{spec.corpus_dir} is not here")
    docs = list(_documents(spec.corpus_dir))
    lines = [line for raw, _ in docs for line in raw.splitlines()]
    cleaned = normalise("\n".join(text for _, text in docs))
    items = spec.load_items()  # official qa.jsonl + ours, merged: a clashing id fails here
    assert len(items) == sum(len(load_dataset(q)) for q in spec.qa)
    missing = [(i.id, ev) for i in items for ev in i.evidence if not any(ev in line for line in lines)]
    assert not missing, f"evidence not verbatim on one line of a {spec.name} document: {missing}"
    lost = [(i.id, ev) for i in items for ev in i.evidence if normalise(ev) not in cleaned]
    assert not lost, f"evidence lost by cleaning, so retrieval can never find it: {lost}"


def test_seed_evidence_is_verbatim_in_the_cleaned_seed():
    (seed,) = [c for c in SUITE.corpora if c.name == "seed"]
    texts = [text for _, text in _documents(seed.corpus_dir)]
    missing = [(i.id, ev) for i in seed.load_items() for ev in i.evidence if not any(ev in t for t in texts)]
    assert not missing, f"evidence not in the cleaned seed: {missing}"


def test_our_dev_questions_are_a_tune_heavy_mix_of_every_kind():
    for spec in DEV:
        ours = load_dataset(ROOT / "evals" / "dev" / f"{spec.name}.jsonl")
        assert all(i.id[:3].endswith("x") and i.id[3:].isdigit() for i in ours), [i.id for i in ours]
        kinds = Counter(i.expect for i in ours)
        assert len(ours) >= 10 and kinds["answer"] >= 4 and kinds["conflict"] >= 2 and kinds["refuse"] >= 3, kinds
        assert sum(i.split == "tune" for i in ours) >= 0.7 * len(ours)
        assert any(i.history for i in ours), f"{spec.name}: no follow-up question"
        assert all(not i.evidence for i in ours if i.expect == "refuse")
        assert all(i.evidence for i in ours if i.expect != "refuse")
