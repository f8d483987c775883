"""The local BM25 index: tokenising, ranking, persistence, and rebuild-on-version-change."""
from __future__ import annotations

from app.retrieval.bm25 import BM25Index, index_text, open_index, tokenize

RECORDS = [
    ("c1", "war.txt", index_text("Origins of the Korean War", "Lin Biao wrote that 16,000 Korean troops were ready to be transferred.")),
    ("c2", "war.txt", index_text("Origins of the Korean War", "Mao promised to give the Koreans as much ammunition as they need.")),
    ("c3", "harbour.txt", index_text("Harbour leases", "The harbour lease at Dalian was signed in 1950 after long talks.")),
    ("c4", "harbour.txt", index_text("Harbour leases", "Kovalev cabled Stalin about the meeting in Beiping.")),
]


def test_tokenizer_lowercases_drops_stopwords_and_stems():
    assert tokenize(["Who wrote how the Troops were transferred?"]) == [["wrote", "troop", "transfer"]]


def test_ranks_the_chunk_sharing_rare_terms_first():
    index = BM25Index.build(RECORDS, "v1")
    hits = index.search("How many Korean troops were ready to be transferred?", 3)
    assert hits[0][0] == "c1"
    assert all(score > 0 for _, score in hits)
    # the title header is indexed too: only c3/c4 carry "harbour" in their title
    assert {cid for cid, _ in index.search("harbour", 10)} == {"c3", "c4"}


def test_unknown_or_stopword_only_queries_return_nothing():
    index = BM25Index.build(RECORDS, "v1")
    assert index.search("zzyzx qwerty", 5) == []
    assert index.search("what is the", 5) == []
    assert BM25Index.build([], "v0").search("troops", 5) == []


def test_saved_index_is_reused_until_the_store_version_changes(tmp_path):
    directory = tmp_path / "bm25"
    builds = []

    def records():
        builds.append(1)
        return iter(RECORDS)

    first = open_index(directory, "v1", records)
    assert len(builds) == 1 and len(first) == 4
    again = open_index(directory, "v1", records)
    assert len(builds) == 1, "same store version must not rebuild"
    assert again.search("Kovalev Stalin", 1)[0][0] == "c4"
    assert [again.doc_of(c) for c in ("c1", "c3", "c4", "nope")] == ["war.txt", "harbour.txt", "harbour.txt", None]

    changed = RECORDS[:2]
    second = open_index(directory, "v2", lambda: (builds.append(1), iter(changed))[1])
    assert len(builds) == 2 and len(second) == 2
    assert second.search("Kovalev", 5) == []
    assert BM25Index.saved_version(directory) == "v2"


def test_damaged_index_is_rebuilt(tmp_path):
    directory = tmp_path / "bm25"
    open_index(directory, "v1", lambda: iter(RECORDS))
    (directory / "ids.npy").write_bytes(b"garbage")
    index = open_index(directory, "v1", lambda: iter(RECORDS))
    assert index.search("ammunition", 1)[0][0] == "c2"
