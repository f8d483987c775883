"""Hybrid retrieval: fusion and small-to-big on plain data, then the real retriever on the seed."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.retrieval.neighbours import expand, neighbours
from app.retrieval.fusion import fuse
from app.types import Passage
from core.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]


def make_settings(tmp: Path, **overrides):
    return load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data",
                         model_cache_dir=ROOT / ".corroborate" / "models", **overrides)


# --- fusion ------------------------------------------------------------------------------------
def test_strong_dense_only_hit_survives_fusion():
    # The seed's failure case: the author bio is dense #1 but BM25 ranks it 38th of 41.
    dense = [("bio", 0.62)] + [(f"d{i}", 0.50 - i * 0.004) for i in range(29)]
    bm25 = [(f"d{i}", 9.0 - i * 0.2) for i in range(37)] + [("bio", 1.1)] + [(f"x{i}", 1.0 - i * 0.1) for i in range(3)]
    top = fuse(dense, bm25, k=4)
    ids = [f.chunk_id for f in top]
    assert "bio" in ids
    bio = top[ids.index("bio")]
    assert bio.dense_rank == 1 and bio.bm25_rank == 38
    assert ids[0] == "d0", "agreement between both retrievers still ranks first"


def test_strong_bm25_only_hit_survives_and_scores_are_kept():
    dense = [(f"d{i}", 0.8 - i * 0.01) for i in range(30)]
    bm25 = [("exact", 12.0)] + [(f"z{i}", 3.0 - i * 0.05) for i in range(30)]
    top = fuse(dense, bm25, k=3)
    by_id = {f.chunk_id: f for f in top}
    assert "exact" in by_id and by_id["exact"].bm25 == 12.0 and by_id["exact"].dense is None
    assert by_id["d0"].dense == pytest.approx(0.8)
    assert [f.score for f in top] == sorted((f.score for f in top), reverse=True)


def test_top_hit_of_each_side_is_guaranteed_even_when_k_is_small():
    dense = [("a", 0.9), ("both1", 0.85), ("both2", 0.84)]
    bm25 = [("b", 20.0), ("both1", 19.0), ("both2", 18.9)]
    ids = {f.chunk_id for f in fuse(dense, bm25, k=2)}
    assert ids == {"a", "b"}
    assert fuse([], [], k=3) == []


# --- small-to-big --------------------------------------------------------------------------------
def _chunks(doc: str, n: int, words: int = 10) -> list[Passage]:
    out, pos = [], 0
    for i in range(1, n + 1):
        text = " ".join([f"w{i}"] * words)
        out.append(Passage(chunk_id=f"{doc}-{i}", doc_id=doc, title=doc, paragraph=i, start=pos,
                           end=pos + len(text), text=text))
        pos += len(text) + 2
    return out


def _hit(chunk: Passage, rank: int, score: float) -> Passage:
    return chunk.model_copy(update={"rank": rank, "score": score})


def test_neighbours_are_previous_and_next_within_budget():
    chunks = _chunks("A", 5)
    hit = _hit(chunks[2], 1, 0.9)
    assert [n.paragraph for n in neighbours(hit, chunks, 20)] == [2, 4]
    assert [n.paragraph for n in neighbours(hit, chunks, 15)] == [2]
    assert all(n.kind == "neighbour" and n.rank == 1 for n in neighbours(hit, chunks, 20))
    assert neighbours(_hit(chunks[0], 1, 1.0), chunks, 100)[0].paragraph == 2
    assert neighbours(hit, chunks, 0) == []


def test_expand_merges_runs_in_document_order_without_duplicates():
    docs = {"A": _chunks("A", 6), "B": _chunks("B", 3)}
    hits = [_hit(docs["A"][3], 1, 0.9), _hit(docs["B"][0], 2, 0.8), _hit(docs["A"][1], 3, 0.7)]
    out = expand(hits, lambda d: docs[d], words_budget=30)
    got = [p.chunk_id for p in out]
    # A3 lies between two hits: added once. Budget 30 = A3, A5, B2 (A1 no longer fits).
    assert got == ["A-2", "A-3", "A-4", "A-5", "B-1", "B-2"]
    assert len(set(got)) == len(got)
    kinds = {p.chunk_id: p.kind for p in out}
    assert kinds["A-4"] == "chunk" and kinds["A-3"] == "neighbour" and kinds["B-2"] == "neighbour"
    assert sum(len(p.text.split()) for p in out if p.kind == "neighbour") <= 30
    # no budget: the hits alone, each its own run, in rank order
    assert [p.chunk_id for p in expand(hits, lambda d: docs[d], 0)] == ["A-4", "B-1", "A-2"]


# --- the real retriever on the ingested seed (real embedder, real Chroma) -------------------------
@pytest.fixture(scope="module")
def retriever(seed_settings):
    from app.retrieval.retriever import Retriever

    return Retriever(seed_settings)


def test_who_wrote_this_finds_the_metadata_passage(retriever):
    hits = retriever.search("Who wrote this article?")
    meta = [p for p in hits if p.kind == "metadata" or "Charles Kraus is" in p.text]
    assert meta, [p.text[:60] for p in hits]
    assert any("Charles Kraus" in p.text and p.author == "Charles Kraus" for p in meta)


def test_question_naming_kovalev_finds_the_restrained_light_paragraph(retriever):
    hits = retriever.search("What did Kovalev's cable say about Mao's view of an attack on South Korea?")
    assert any(p.text.startswith("But casts Mao in a much more restrained light") for p in hits)


def test_lin_biao_16000_paragraph_with_full_provenance(retriever, seed_settings):
    from ingest.docstore import DocStore

    k = seed_settings.retrieval.top_k
    hits = retriever.search("How many Korean troops did Lin Biao report were ready to be transferred?")
    assert 0 < len(hits) <= k
    assert [p.rank for p in hits] == list(range(1, len(hits) + 1))
    assert [p.score for p in hits] == sorted((p.score for p in hits), reverse=True)
    hit = next(p for p in hits if "16,000 Korean troops were ready to be transferred" in p.text)
    assert hit.dense_score is not None and hit.bm25_score is not None and hit.kind == "chunk"
    assert hit.title == "China, North Korea, and the Origins of the Korean War"
    assert hit.author == "Charles Kraus" and hit.publisher.startswith("Wilson Center")
    clean = DocStore(seed_settings).clean_text(hit.doc_id)
    assert clean[hit.start:hit.end] == hit.text  # offsets point at the exact clean text
    assert hit.paragraph >= 1


def test_neighbour_expansion_adds_adjacent_chunks_within_budget(retriever):
    hits = retriever.search("How many Korean troops did Lin Biao report were ready to be transferred?", k=2)
    budget = 150
    out = retriever.expand(hits, budget)
    ids = [p.chunk_id for p in out]
    assert len(ids) == len(set(ids))
    assert {p.chunk_id for p in hits} <= set(ids)
    added = [p for p in out if p.kind == "neighbour"]
    assert added, "the strong hit's neighbours should be added"
    assert sum(len(p.text.split()) for p in added) <= budget
    order = {c.chunk_id: i for i, c in enumerate(retriever.doc_chunks(hits[0].doc_id))}
    hit_pos = {order[p.chunk_id] for p in hits if p.chunk_id in order}
    for n in added:
        assert order[n.chunk_id] - 1 in hit_pos or order[n.chunk_id] + 1 in hit_pos
    # the top hit's run comes first and reads in document order
    top = order[hits[0].chunk_id]
    run = [order[p.chunk_id] for p in out if abs(order.get(p.chunk_id, -99) - top) <= 1
           and (p.kind == "neighbour" or p.chunk_id == hits[0].chunk_id)]
    assert len(run) >= 2 and run == sorted(run)
    assert [order[p.chunk_id] for p in out[:len(run)]] == run
    assert {p.chunk_id for p in retriever.expand(hits, 0)} == {p.chunk_id for p in hits}
    single = retriever.neighbours(hits[0], 1000)
    assert 1 <= len(single) <= 2 and all(p.kind == "neighbour" for p in single)


def test_paragraph_passage_is_the_exact_paragraph(retriever, seed_settings):
    from ingest.docstore import DocStore

    doc = DocStore(seed_settings).list_docs()[0]
    p = retriever.paragraph_passage(doc.doc_id, 15)
    start, end = doc.paragraphs[14]
    assert p.text == doc.text[start:end] and (p.start, p.end, p.paragraph) == (start, end, 15)
    assert p.author == "Charles Kraus"
    assert retriever.paragraph_passage(doc.doc_id, 10_000) is None
    assert retriever.paragraph_passage("no-such-doc.txt", 1) is None


def test_bm25_index_rebuilt_only_when_the_store_version_changes(tmp_path):
    import shutil

    from app.retrieval.retriever import Retriever
    from ingest.pipeline import run_ingest
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    settings = make_settings(tmp_path)
    run_ingest(settings, progress=False)
    stamp = settings.data_dir / "bm25" / "version.json"
    question = "How many Korean troops were ready to be transferred, according to Elena Markova?"

    first = Retriever(settings).search(question)
    built = stamp.stat().st_mtime_ns
    assert all(p.doc_id.startswith("000_") for p in first)
    Retriever(settings).search(question)  # a new process-level retriever: loads, does not rebuild
    run_ingest(settings, progress=False)  # no changes
    Retriever(settings).search(question)
    assert stamp.stat().st_mtime_ns == built

    for name in ("memo_kim_il_mission.txt", "memo_kim_il_mission.txt.meta.toml"):
        shutil.copy(ROOT / "tests" / "fixtures" / name, tmp_path / "corpus" / name)
    run_ingest(settings, progress=False)
    after = Retriever(settings).lexical("Elena Markova memorandum", 5)
    assert stamp.stat().st_mtime_ns != built
    assert after, "the new document is searchable by BM25 after the rebuild"


def test_each_other_document_brings_its_best_passage_so_a_second_account_is_read(tmp_path):
    import shutil

    from app.retrieval.retriever import Retriever
    from ingest.pipeline import run_ingest
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    for name in ("memo_kim_il_mission.txt", "memo_kim_il_mission.txt.meta.toml"):
        shutil.copy(ROOT / "tests" / "fixtures" / name, tmp_path / "corpus" / name)
    question = "How many Korean troops were ready to be transferred?"
    alone = make_settings(tmp_path, retrieval={"top_k": 1, "other_sources": 0})
    run_ingest(alone, progress=False)
    top = Retriever(alone).search(question)
    assert len(top) == 1
    both = Retriever(make_settings(tmp_path, retrieval={"top_k": 1, "other_sources": 3})).search(question)
    assert both[0].chunk_id == top[0].chunk_id
    assert len(both) == 2 and {p.doc_id for p in both} == {"000_92589f93ca9f71d2.txt", "memo_kim_il_mission.txt"}


def test_a_count_question_brings_the_passage_where_another_document_gives_its_figure(tmp_path):
    """The second document's best passage on the question gives no figure; its figure is further down."""
    from app.text.values import gives_value
    from app.retrieval.retriever import Retriever
    from ingest.pipeline import run_ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "town-record.txt").write_text(
        "The Town Record\n\nThe town record says that eight men were killed on the green in the first encounter, "
        "before the regulars marched on towards the bridge.\n", encoding="utf-8")
    filler = "The weather that spring was cold and the roads were deep in mud after weeks of rain. " * 4
    (corpus / "garrison-diary.txt").write_text(
        "A Garrison Diary\n\n"
        "Men were killed on the green in the first encounter; the green, the encounter and the men killed there "
        "were long remembered by everyone in the town, and by the garrison.\n\n"
        f"{filler}\n\n{filler}\n\n"
        "At the meeting house the regulars fired a volley and killed about fourteen of them, the diarist wrote.\n",
        encoding="utf-8")
    question = "How many men were killed on the green in the first encounter?"
    gives = gives_value("count", ["men", "killed", "green", "first", "encounter"])
    base = {"top_k": 1, "other_sources": 1}
    plain = make_settings(tmp_path, retrieval={**base, "figure_sources": 0}, chunk={"max_words": 60, "min_words": 5})
    run_ingest(plain, progress=False)
    without = Retriever(plain).search(question, gives=gives)
    assert not any("fourteen" in p.text for p in without)
    wanted = make_settings(tmp_path, retrieval={**base, "figure_sources": 2}, chunk={"max_words": 60, "min_words": 5})
    found = Retriever(wanted).search(question, gives=gives)
    assert [p.chunk_id for p in found[:len(without)]] == [p.chunk_id for p in without]
    assert any("fourteen" in p.text and p.doc_id == "garrison-diary.txt" for p in found)


def test_a_source_the_question_names_brings_its_own_account(tmp_path):
    """Two documents tell the event at length; the one the question names ("according to Hale") mentions it once,
    further down. Without the name, its passage is not retrieved; with it, the named document's account is."""
    from app.answer.evidence import select_evidence
    from app.answer.question import parse_question
    from app.retrieval.retriever import Retriever
    from ingest.pipeline import run_ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    told = ("The crossing of the ford at dawn was the decisive moment; the ford was crossed at dawn by the whole "
            "column, and the crossing of the ford decided the day.")
    for name, author in (("county-history", "Martha Quill"), ("regimental-annals", "Oliver Brandt")):
        (corpus / f"{name}.txt").write_text(f"{name.title()}\n\n{told}\n\n{told} Everyone agreed on it.\n",
                                            encoding="utf-8")
        (corpus / f"{name}.txt.meta.toml").write_text(f'title = "{name.title()}"\nauthor = "{author}"\n')
    filler = "The weather that spring was cold and the roads were deep in mud after weeks of rain. " * 4
    (corpus / "letters.txt").write_text(
        f"Letters Home\n\n{filler}\n\n{filler}\n\nAt the ford the captain refused to cross until noon, "
        "the letter says, for fear of the guns on the far bank.\n", encoding="utf-8")
    (corpus / "letters.txt.meta.toml").write_text('title = "Letters Home"\nauthor = "Samuel Hale"\n')
    settings = make_settings(tmp_path, retrieval={"top_k": 2, "other_sources": 0, "named_passages": 2},
                             chunk={"max_words": 60, "min_words": 5})
    run_ingest(settings, progress=False)
    r = Retriever(settings)
    q = parse_question("According to Hale, what happened at the crossing of the ford?", 2000)
    assert q.sources == ["Hale"] and r.named_docs(q.sources) == ["letters.txt"]
    assert not any("refused to cross" in p.text for p in r.search(q.search_text))
    found = r.search(q.search_text, named=q.sources)
    assert any("refused to cross until noon" in p.text for p in found)
    from app.retrieval.library import DocLibrary

    window = select_evidence(q, r.expand(found), r.embedder.embed, settings.answer, DocLibrary(settings))
    assert any("refused to cross until noon" in s.text for s in window)
