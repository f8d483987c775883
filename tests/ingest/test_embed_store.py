"""Stage 4, embed + store: the packaged MiniLM, a real Chroma with our embedding function, clear errors."""
from __future__ import annotations

import math

import pytest

from core.errors import StoreError
from ingest.store import open_store


def test_embedder_384_normalised_and_deterministic(embedder):
    a, b, a2 = embedder.embed(["Mao met Kim Il in Beijing.", "Rail shipments to Andong.", "Mao met Kim Il in Beijing."])
    assert len(a) == 384 and a == a2 and a != b
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-4)


def test_store_roundtrip_with_our_embedding_function(tmp_path, settings_for, embedder):
    s = settings_for(tmp_path / "corpus", chroma={"batch_size": 2})
    store = open_store(s)
    texts = ["Stalin approved the plan in April 1950.", "Grain was shipped from Harbin.",
             "Kovalev reported Mao's caution.", "The armistice was signed in 1953.", "Coal went to Dairen."]
    ids = [f"id{i}" for i in range(len(texts))]
    metas = [{"doc_id": "d.txt", "title": "T", "author": "", "paragraph": i + 1, "start": i, "end": i + 1,
              "kind": "chunk", "content_hash": "x"} for i in range(len(texts))]
    store.upsert(ids, embedder.embed(texts), metas, texts)  # 3 batches of 2
    store.upsert(ids[:2], embedder.embed(texts[:2]), metas[:2], texts[:2])  # idempotent
    assert store.count() == 5 and store.all_ids() == set(ids)
    hits = store.query(embedder.embed(["What did Kovalev say about Mao?"])[0], 2)
    assert hits[0][0] == "id2" and hits[0][1] < hits[1][1]
    assert [r["id"] for r in store.get(["id3", "missing", "id0"])] == ["id3", "id0"]
    assert store.query(embedder.embed(["coal"])[0], 5, where={"paragraph": 5})[0][0] == "id4"
    assert sorted(store.ids_for_doc("d.txt")) == ids
    # Chroma embeds query text with OUR function (its default would try to download ONNX offline)
    res = store._collection.query(query_texts=["Kovalev and Mao"], n_results=1)
    assert res["ids"][0] == ["id2"]
    store.delete(["id0", "id1"])
    assert store.count() == 3


def test_unreachable_chroma_server_is_one_line_store_error(tmp_path, settings_for):
    s = settings_for(tmp_path / "corpus", chroma={"url": "http://127.0.0.1:9"})
    with pytest.raises(StoreError) as err:
        open_store(s)
    assert "127.0.0.1:9" in str(err.value) and "\n" not in str(err.value)
    bad = settings_for(tmp_path / "corpus", chroma={"url": "localhost:8000"})
    with pytest.raises(StoreError, match="chroma.url"):
        open_store(bad)
