"""Stages 4-8 end to end: embed + store, incremental re-ingest, --rebuild, bad input, the docstore."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from core.errors import InputError
from ingest.docstore import DocStore
from ingest.pipeline import run_ingest
from ingest.store import open_store
from tests.ingest.conftest import cli_env, store_state, write_doc
from tests.ingest.test_load import LATIN1, make_pdf


def test_ingest_then_noop_then_change_delete_rebuild(small_corpus, settings_for):
    s = settings_for(small_corpus)
    first = run_ingest(s, progress=False)
    assert (first.added, first.changed, first.removed, first.unchanged) == (3, 0, 0, 0)
    assert first.errors == [] and first.documents == 3
    assert first.chunks_embedded == first.chunks > 3
    state = store_state(s)
    assert state["ids"] == state["manifest_ids"] and state["count"] == first.chunks

    # the store holds the chunks with their metadata, and finds them by meaning
    store = open_store(s)
    from ingest.embed import get_embedder

    q = get_embedder(s).embed(["What did Kovalev write about Mao's caution?"])[0]
    hits = store.query(q, 3)
    assert len(hits) == 3 and all(0 <= d <= 2 for _, d in hits)
    rec = store.get([hits[0][0]])[0]
    md = rec["metadata"]
    for key in ("doc_id", "title", "author", "paragraph", "start", "end", "kind", "content_hash"):
        assert key in md
    doc = DocStore(s).get(md["doc_id"])
    if md["kind"] == "chunk":
        assert doc.text[md["start"]:md["end"]] == rec["text"]
    alpha_ids = store.ids_for_doc("alpha.txt")
    assert sorted(alpha_ids) == sorted(c.id for c in DocStore(s).get("alpha.txt").chunks)
    assert DocStore(s).get("alpha.txt").meta.author == "A. Archivist"

    # a no-op re-ingest embeds nothing and does not touch the store version
    version = DocStore(s).version()
    again = run_ingest(s, progress=False)
    assert again.chunks_embedded == 0 and again.unchanged == 3 and again.added == again.changed == 0
    assert "0 chunks embedded" in again.headline()
    assert DocStore(s).version() == version and store_state(s) == state

    # a changed document's chunks are replaced (only the new paragraph is embedded); a deleted one's removed
    alpha = small_corpus / "alpha.txt"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\nA new closing paragraph about the armistice "
                     "talks at Kaesong in July 1951, which dragged on for two years.\n", encoding="utf-8")
    old_alpha = set(alpha_ids)
    (small_corpus / "sub" / "gamma.txt").unlink()
    old_gamma = set(c.id for c in DocStore(s).get("sub/gamma.txt").chunks)
    third = run_ingest(s, progress=False)
    assert (third.changed, third.removed, third.unchanged) == (1, 1, 1)
    assert 1 <= third.chunks_embedded < len(old_alpha)
    state3 = store_state(s)
    assert not (old_gamma & state3["ids"]) and "sub/gamma.txt" not in state3["records"]
    new_alpha = set(open_store(s).ids_for_doc("alpha.txt"))
    assert new_alpha != old_alpha and state3["ids"] == state3["manifest_ids"]
    assert "armistice talks at Kaesong" in DocStore(s).clean_text("alpha.txt")
    assert DocStore(s).version() != version

    # --rebuild starts over and ends in the same state
    rebuilt = run_ingest(s, rebuild=True, progress=False)
    assert rebuilt.rebuilt and rebuilt.added == 2 and rebuilt.chunks_embedded == rebuilt.chunks
    assert store_state(s) == state3


def test_an_empty_corpus_dir_keeps_the_store_until_rebuild(small_corpus, settings_for):
    s = settings_for(small_corpus)
    run_ingest(s, progress=False)
    before = store_state(s)
    for f in list(small_corpus.rglob("*")):
        if f.is_file():
            f.unlink()
    with pytest.raises(InputError) as err:
        run_ingest(s, progress=False)
    assert str(small_corpus) in str(err.value) and "3 documents" in str(err.value) and "\n" not in str(err.value)
    assert store_state(s) == before  # nothing ingested was lost
    emptied = run_ingest(s, rebuild=True, progress=False)
    assert emptied.documents == 0 and open_store(s).count() == 0


def test_progress_callback_and_docstore_api(small_corpus, settings_for):
    s = settings_for(small_corpus)
    calls = []
    summary = run_ingest(s, progress=lambda f, m: calls.append((f, m)))
    assert calls and calls[-1][0] == 1.0 and all(0 <= f <= 1 for f, _ in calls)
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)
    ds = DocStore(s)
    assert [r.doc_id for r in ds.list_docs()] == ["alpha.txt", "beta.md", "sub/gamma.txt"]
    chunks = list(ds.iter_chunks())
    assert len(chunks) == summary.chunks
    for c in chunks:
        if c.kind == "chunk":
            assert ds.clean_text(c.doc_id)[c.start:c.end] == c.text
    assert sum(1 for c in chunks if c.kind == "metadata") == 3


def test_bad_input_corpus(tmp_path, settings_for):
    """Issue 8's bad corpus files: each bad one named with a reason, every other one ingested."""
    corpus = tmp_path / "corpus"
    write_doc(corpus / "good.txt", 4, seed=1, title="Good document")
    s = settings_for(corpus)
    before = run_ingest(s, progress=False)
    assert before.errors == []
    good_ids = set(open_store(s).ids_for_doc("good.txt"))

    (corpus / "junk.txt").write_bytes(os.urandom(4096))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes((LATIN1 + "\n").encode("latin-1"))
    pdf = make_pdf(tmp_path / "ok.pdf", ["A cable from Pyongyang, June 1950."])
    (corpus / "broken.pdf").write_bytes(pdf.read_bytes()[:200])
    (corpus / "page.html").write_text(
        "<html><head><style>p{color:red}</style><script>var x='SCRIPTED';</script></head><body>"
        "<article><h1>Page</h1><p>" + "Text about the Inchon landing in September 1950. " * 5 +
        "</p></article></body></html>", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside text that must not be ingested.", encoding="utf-8")
    os.symlink(outside, corpus / "escape.txt")
    write_doc(corpus / "notes – Zürich 1950.txt", 2, seed=4)
    shutil.copy(pdf, corpus / "cable.pdf")

    summary = run_ingest(s, progress=False)
    failed = {e.split(":", 1)[0] for e in summary.errors}
    assert failed == {"junk.txt", "empty.txt", "broken.pdf", "escape.txt"}, summary.errors
    assert all(len(e.splitlines()) == 1 for e in summary.errors)
    ds = DocStore(s)
    assert set(ds.doc_ids()) == {"good.txt", "latin1.txt", "page.html", "notes – Zürich 1950.txt", "cable.pdf"}
    assert LATIN1 in ds.clean_text("latin1.txt")
    assert "SCRIPTED" not in ds.clean_text("page.html") and "Inchon landing" in ds.clean_text("page.html")
    assert "Outside text" not in "".join(r.text for r in ds.list_docs())
    assert ds.get("cable.pdf").chunks[1].page == 1
    assert good_ids <= open_store(s).all_ids()  # nothing already in the store is lost

    # a document that was fine and is now corrupt keeps its old chunks
    (corpus / "good.txt").write_bytes(b"\0\1\2" * 1000)
    later = run_ingest(s, progress=False)
    assert any(e.startswith("good.txt:") for e in later.errors)
    assert good_ids <= open_store(s).all_ids() and "good.txt" in DocStore(s).doc_ids()


@pytest.mark.big
def test_twenty_megabyte_file_ingests_with_bounded_memory(tmp_path, settings_for):
    """A 20 MB text file is ingested, in batches, by a real `corroborate ingest` process whose peak
    memory stays bounded (the text is held once; embeddings only one batch at a time)."""
    corpus = tmp_path / "corpus"
    path = write_doc(corpus / "big.txt", 12, seed=5, title="Big file")
    block = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    with open(path, "a", encoding="utf-8") as f:
        while f.tell() < 20 * 1024 * 1024:
            f.write("\n" + block)
    s = settings_for(corpus, chroma={"batch_size": 1000})
    out, err = tmp_path / "out.json", tmp_path / "err.txt"
    with open(out, "w") as fo, open(err, "w") as fe:
        proc = subprocess.Popen([sys.executable, "-m", "corroborate.cli", "ingest", "--json", "--no-progress"],
                                cwd=str(tmp_path), env=cli_env(s), stdout=fo, stderr=fe)
        _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, err.read_text()[-2000:]
    summary = json.loads(out.read_text())
    assert summary["errors"] == [] and summary["added"] == 1 and summary["chunks"] > 10_000
    assert open_store(s).count() == summary["chunks"]
    assert len(DocStore(s).clean_text("big.txt")) > 19 * 1024 * 1024
    peak_mb = usage.ru_maxrss / 1024  # Linux: KiB
    assert peak_mb < 1600, f"peak RSS {peak_mb:.0f} MB"
