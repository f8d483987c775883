"""Each corpus gets its own store: the real incremental ingest into its own data dir, a fresh engine per corpus
(closed before the next), and the chat's store untouched. The engine is a stand-in; ingest and the docstore are real."""
import json

import pytest

from app.types import Answer, Citation, Timings
from evals.features import load_rows
from evals.report import write_json
from evals.suite import load_suite
from evals.suite_run import run_suite
from tests.conftest import SHARED_MODEL_CACHE

DOCS = {
    "north": ("north.txt", "The northern garrison held 412 soldiers under Captain Arlen.\n\n"
                           "The garrison surrendered on the ninth day of the siege.\n"),
    "south": ("south.txt", "The southern fleet counted 37 ships when it sailed from Varnholm.\n\n"
                           "Admiral Petra commanded the fleet from the flagship Gull.\n"),
}


class FakeEngine:
    """Answers from the first document of its own store, through the real docstore; records what it was given."""

    made: list = []

    def __init__(self, settings):
        from ingest.docstore import DocStore

        self.settings, self.closed, self.store = settings, False, DocStore(settings)
        FakeEngine.made.append(self)

    def ask(self, question, history=None):
        (doc_id,) = [d for d in self.store.doc_ids()]
        text = self.store.clean_text(doc_id)
        quote = text.split("\n")[0]
        return Answer(question=question, answer=f"{quote} [1]", model="fake",
                      citations=[Citation(n=1, doc_id=doc_id, title=doc_id, paragraph=1, start=0, end=len(quote),
                                          quote=quote)],
                      timings=Timings(total=1.5), diagnostics={"retrieval": {"top": 0.8}, "p_none": 0.1, "id": "x"})

    def close(self):
        self.closed = True


@pytest.fixture
def suite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the chat's default store would be tmp_path/.corroborate
    lines = []
    for name, (fname, text) in DOCS.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / fname).write_text(text)
        (tmp_path / f"{name}.jsonl").write_text(
            json.dumps({"id": f"{name}-1", "question": "How many?", "expect": "answer",
                        "must_include": [["412", "37"]], "split": "tune"}) + "\n"
            + json.dumps({"id": f"{name}-2", "question": "Who?", "expect": "refuse", "split": "report"}) + "\n")
        lines.append(f'[[corpus]]\nname = "{name}"\ncorpus_dir = "{name}"\nqa = "{name}.jsonl"\n'
                     f'data_dir = "stores/{name}"\n')
    path = tmp_path / "suite.toml"
    path.write_text("\n".join(lines))
    return load_suite(path)


def run(suite, **kw):
    FakeEngine.made = []
    return run_suite(suite, engine_factory=FakeEngine,
                     settings_overrides={"model_cache_dir": SHARED_MODEL_CACHE}, **kw)


def test_each_corpus_is_ingested_into_its_own_store_and_asked_by_its_own_engine(suite, tmp_path):
    from core.settings import load_settings
    from ingest.docstore import DocStore

    report = run(suite)
    assert [e.settings.data_dir for e in FakeEngine.made] == [tmp_path / "stores/north", tmp_path / "stores/south"]
    assert all(e.closed for e in FakeEngine.made)
    for name, (fname, text) in DOCS.items():
        store = DocStore(load_settings(corpus_dir=tmp_path / name, data_dir=tmp_path / "stores" / name))
        assert list(store.doc_ids()) == [fname]  # only its own document
    assert not (tmp_path / ".corroborate").exists()  # the chat's store is never created or touched
    rows = {r["id"]: r for r in report["results"]}
    assert rows["north-1"]["corpus"] == "north" and "412 soldiers" in rows["north-1"]["answer"]
    assert rows["south-1"]["corpus"] == "south" and "37 ships" in rows["south-1"]["answer"]
    assert rows["north-1"]["correct"] and rows["south-1"]["citations_verbatim"] == 1
    assert rows["north-2"]["failures"] == ["missed refusal"]
    assert [c["ingest"]["chunks_embedded"] > 0 for c in report["corpora"]] == [True, True]


def test_a_second_run_re_embeds_nothing(suite):
    run(suite)
    again = run(suite)
    assert [c["ingest"]["chunks_embedded"] for c in again["corpora"]] == [0, 0]
    assert all(c["ingest_headline"].startswith("No changes") for c in again["corpora"])


def test_selection_applies_per_corpus_and_json_rows_carry_diagnostics(suite, tmp_path):
    report = run(suite, split="tune")
    assert report["splits"] == ["tune"] and [r["id"] for r in report["results"]] == ["north-1", "south-1"]
    path = tmp_path / "out.json"
    write_json(report, path)
    rows = load_rows(path)
    assert rows[0] == {"corpus": "north", "id": "north-1", "expect": "answer", "got": "answer", "split": "tune",
                       "retrieval.top": 0.8, "p_none": 0.1, "diag.id": "x"}
    assert load_rows(path, split="report") == []
    limited = run(suite, limit=1, ids=["south-2", "north-1"])
    assert [r["id"] for r in limited["results"]] == ["north-1", "south-2"]
