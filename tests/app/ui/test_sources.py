"""The Sources tab's data: the store's documents, their cleaned text, and re-ingest with progress."""
from __future__ import annotations

import re

from app.ui import catalog as sources
from app.ui.sources import _progress_adapter, _summary_text, _table, store_notice


def test_documents_are_listed_with_title_author_chunks_and_ingest_time(seed_settings):
    rows = sources.list_documents(seed_settings)
    assert store_notice(seed_settings) == ""  # nothing to warn about
    seed = next(r for r in rows if r.title == "China, North Korea, and the Origins of the Korean War")
    assert seed.author == "Charles Kraus" and seed.chunks > 0 and seed.ingested_at[:2] == "20"
    assert re.search(r"\d\d:\d\d (?:[A-Z]{2,5}|UTC[+-]\d\d:\d\d)$", seed.ingested_at), seed.ingested_at  # with its zone
    data, choices, note = _table(seed_settings)
    assert [seed.title, seed.author, seed.date, seed.chunks, seed.ingested_at, seed.doc_id] in data
    assert (f"{seed.title} — {seed.doc_id}", seed.doc_id) in choices
    assert note.startswith("1 document in the store") if len(rows) == 1 else note.startswith(f"{len(rows)} documents")
    text = sources.clean_text(seed_settings, seed.doc_id)
    assert "16,000 Korean troops were ready to be transferred" in text  # readable, cleaned (no mojibake)


def test_empty_or_missing_store_is_one_human_line(tmp_path):
    from core.settings import load_settings

    settings = load_settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    data, choices, note = _table(settings)
    assert data == [] and choices == [] and "empty" in note and "\n" not in note
    notice = store_notice(settings)  # shown on the chat tab
    assert "store is empty" in notice and "corroborate ingest" in notice and "\n" not in notice


def test_reingest_reports_progress_and_a_summary(seed_settings):
    calls = []

    class Recorder:
        def __call__(self, value, desc=None, total=None, unit="steps"):
            calls.append((value, desc))

    summary = sources.reingest(seed_settings, progress=_progress_adapter(Recorder()))
    text = _summary_text(summary)
    assert text.startswith("**Re-ingest finished.**")
    assert f"Store: {summary.documents} document" in text and summary.documents >= 1
    assert "1 documents" not in text
    assert calls and all(0.0 <= v <= 1.0 for v, _ in calls), "no sane progress was reported"
    assert any(desc for _, desc in calls)


def test_the_table_counts_chunks_as_ingest_does(seed_settings):
    """The Sources tab and `corroborate ingest` give one number (the catalogue-record chunk included)."""
    from ingest.docstore import DocStore

    records = DocStore(seed_settings).list_docs()
    rows = sources.list_documents(seed_settings)
    assert sum(r.chunks for r in rows) == sum(len(d.chunks) for d in records)
    assert any(c.kind == "metadata" for d in records for c in d.chunks)


def test_a_reingest_re_renders_the_open_document(tmp_path):
    """The reader shows the store as it is after a re-ingest: new text, the quote kept where it still stands."""
    from app.ui.sources import opened, reopen
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "memo.txt"
    first = "A memo on supplies.\n\nThe depot held forty crates of rifles in March.\n\nThe rest went north by rail."
    doc.write_text(first, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    sources.reingest(settings)
    quote = "forty crates of rifles"
    start = sources.clean_text(settings, "memo.txt").index(quote)
    view = opened(settings, "memo.txt", 2, start, start + len(quote), "7")
    assert view["quote"] == quote

    doc.write_text(first + "\n\nA later note: the crates were counted again in April.", encoding="utf-8")
    sources.reingest(settings)
    html, kept = reopen(settings, view)
    assert "counted again in April" in html  # the new text, not the stale render
    assert f'<mark class="quote" id="src-hit">{quote}</mark>' in html and kept["quote"] == quote

    doc.write_text("A new opening paragraph, longer than before.\n\n" + first, encoding="utf-8")
    sources.reingest(settings)
    html, moved = reopen(settings, kept)
    assert "A new opening paragraph" in html and 'id="src-hit"' not in html  # the offsets no longer hold it
    assert moved["quote"] == "" and moved["doc"] == "memo.txt"

    doc.unlink()
    (corpus / "other.txt").write_text("Another document, so the corpus is not empty.", encoding="utf-8")
    sources.reingest(settings)
    html, _ = reopen(settings, moved)
    assert "no longer in the store" in html


def test_a_catalogue_card_opens_the_reader_at_the_catalogue_entry(seed_settings):
    """A catalogue record has no ¶ of the text: its "open in source" shows the document's catalogue entry, highlighted."""
    import re as _re

    from app.render.cards import citation_card
    from app.types import Citation
    from app.ui.sources import reader_html
    from ingest.docstore import DocStore

    record = next(r for r in DocStore(seed_settings).list_docs() if r.metadata_text)
    meta = record.metadata_text
    c = Citation(n=1, doc_id=record.doc_id, title=record.meta.title, paragraph=0, start=0, end=len(meta), quote=meta)
    link = _re.search(r'<a class="open-source"[^>]*>', citation_card(c, 1)).group(0)
    assert 'data-para="0"' in link and f'data-end="{len(meta)}"' in link
    html = reader_html(seed_settings, record.doc_id, 0, 0, len(meta), "3")
    target = _re.search(r'<div class="para catalogue target" id="src-p-0">.*?</div></div>', html, _re.S).group(0)
    assert "catalogue record" in target and '<mark class="quote" id="src-hit">' in target


def test_reingest_shows_chunks_embedded_elapsed_and_remaining_as_the_cli_does(tmp_path):
    """Re-ingest of a fresh store: Gradio's bar gets the pipeline's words, rising chunk by chunk."""
    import shutil

    from tests.conftest import ROOT, make_settings

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    settings = make_settings(tmp_path, embed={"batch_size": 8})
    calls = []

    def gradio_progress(value, desc=None, total=None, unit="steps"):
        calls.append((value, desc))

    summary = sources.reingest(settings, progress=_progress_adapter(gradio_progress))
    shown = [(v, m) for v, d in calls if (m := re.match(r"(\d+)/(\d+) chunks embedded · \d+:\d\d elapsed · "
                                                        r"\d+:\d\d left$", d or ""))]
    assert len(shown) >= 3, calls
    counts = [int(m.group(1)) for _, m in shown]
    assert counts == sorted(set(counts)) and counts[-1] == summary.chunks_embedded
    assert all(int(m.group(2)) == summary.chunks_embedded for _, m in shown)
    assert [v for v, _ in shown] == sorted(v for v, _ in shown)
