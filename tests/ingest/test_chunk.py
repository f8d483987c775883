"""Stage 3, chunk: exact offsets, paragraph numbers, size limits, context headers, metadata chunk."""
from __future__ import annotations

from ingest.chunk import chunk_document
from ingest.clean import clean
from ingest.types import DocumentMeta, RawDocument


def make_doc(text: str, title: str = "Test title", **meta):
    return clean(RawDocument(meta=DocumentMeta(doc_id="t.txt", title=title, **meta), text=text))


def test_seed_chunks_exact_offsets_and_limits(embedder):
    from tests.ingest.test_clean import seed_clean

    doc = seed_clean()
    chunks = chunk_document(doc, 180, 40, embedder.count_tokens)
    text_chunks = [c for c in chunks if c.kind == "chunk"]
    assert len(text_chunks) > 10
    for c in text_chunks:
        assert c.text == doc.text[c.start:c.end]
        assert len(c.text.split()) <= 180
        assert 1 <= c.paragraph <= len(doc.paragraphs)
        ps, pe = doc.paragraphs[c.paragraph - 1]
        assert ps <= c.start < pe  # the chunk starts inside its paragraph
        # what is embedded fits MiniLM's 256 word-pieces, [CLS] and [SEP] included
        assert embedder.count_tokens([c.embed_text])[0] + 2 <= 256
        assert c.embed_text.startswith(doc.meta.title) and c.embed_text.endswith(c.text)
    # the chunks cover the text in order without overlap
    assert all(a.end <= b.start for a, b in zip(text_chunks, text_chunks[1:]))
    assert len({c.id for c in chunks}) == len(chunks)


def test_dependent_paragraph_gets_previous_sentence(embedder):
    from tests.ingest.test_clean import seed_clean

    doc = seed_clean()
    chunks = chunk_document(doc, 180, 40, embedder.count_tokens)
    but = next(c for c in chunks if c.text.startswith("But casts Mao in a much more restrained light"))
    assert "Context: " in but.embed_text and "Mao crudely joked" in but.embed_text
    assert but.text == doc.text[but.start:but.end]  # the stored text stays exact


def test_long_paragraph_split_at_sentences(embedder):
    sentences = [f"Sentence number {i} reports that {i * 3} trains crossed the bridge at Andong." for i in range(60)]
    doc = make_doc("Intro paragraph that is short.\n\n" + " ".join(sentences))
    chunks = [c for c in chunk_document(doc, 100, 40, embedder.count_tokens) if c.kind == "chunk"]
    long_parts = [c for c in chunks if c.paragraph == 2]
    assert len(long_parts) >= 5
    for c in long_parts:
        assert len(c.text.split()) <= 100
        assert c.text.startswith("Sentence number") and c.text.endswith("Andong.")
        assert c.text == doc.text[c.start:c.end]


def test_run_on_sentence_split_at_words(embedder):
    doc = make_doc(" ".join(["word"] * 1000))
    chunks = [c for c in chunk_document(doc, 150, 40, embedder.count_tokens) if c.kind == "chunk"]
    assert sum(len(c.text.split()) for c in chunks) == 1000
    assert all(len(c.text.split()) <= 150 for c in chunks)


def test_headings_attach_to_following_prose(embedder):
    doc = make_doc("About the Author\n\nJane Roe\n\nJane Roe is a historian of the Cold War who has written "
                   "three books on Soviet diplomacy in East Asia and teaches at a university.")
    chunks = [c for c in chunk_document(doc, 180, 40, embedder.count_tokens) if c.kind == "chunk"]
    assert len(chunks) == 1 and chunks[0].paragraph == 1
    assert chunks[0].text.startswith("About the Author") and chunks[0].text.endswith("university.")


def test_metadata_chunk(embedder):
    doc = make_doc("Some text here about the war and its origins in 1950.", title="On the war",
                   author="Jane Roe", publisher="Test Press", kind="article", description="An essay.")
    meta = [c for c in chunk_document(doc, 180, 40, embedder.count_tokens) if c.kind == "metadata"]
    assert len(meta) == 1
    m = meta[0]
    assert (m.paragraph, m.start, m.end) == (0, 0, 0)
    for part in ("Title: On the war", "Author: Jane Roe", "Publisher: Test Press", "Kind: article"):
        assert part in m.text


def test_ids_are_content_hashes(embedder):
    a = chunk_document(make_doc("First paragraph here.\n\nSecond one."), 180, 40, embedder.count_tokens)
    b = chunk_document(make_doc("First paragraph here.\n\nSecond one."), 180, 40, embedder.count_tokens)
    c = chunk_document(make_doc("First paragraph here.\n\nSecond one, changed."), 180, 40, embedder.count_tokens)
    assert [x.id for x in a] == [x.id for x in b]
    assert [x.id for x in a][1:] != [x.id for x in c][1:]
