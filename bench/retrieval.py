"""Retrieval benchmark: latency (dense, BM25, fused; p50/p95) and memory at 1k/10k/100k chunks,
plus ingest throughput against the raw embedder.

    python bench/retrieval.py [--sizes 1000,10000,100000] [--ingest-chunks 10000] [--ingest-runs 3] [--queries 40]

Large sizes use stored vectors: a pool of real MiniLM embeddings of generated paragraphs,
perturbed with seeded noise, written through the REAL ingest pipeline (load, clean, chunk,
docstore, batched Chroma upserts); only the embedding call is replaced. Queries are embedded
with the real model. Each size is populated and measured in fresh subprocesses, so the memory
figures are those of a process that loads the stored index and answers queries.
Work data goes to bench/out/retrieval (reused across runs; delete it to start over).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from core import offline  # noqa: E402,F401

CHUNKS_PER_DOC = 9.2  # measured on make_corpus output: paragraph chunks + the metadata chunk per document


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def du_mb(*paths: Path) -> float:
    return sum(f.stat().st_size for p in paths if p.exists() for f in p.rglob("*") if f.is_file()) / 2**20


def settings_for(work: Path):
    from core.settings import load_settings

    return load_settings(corpus_dir=work / "corpus", data_dir=work / "data",
                         model_cache_dir=HERE.parent / ".corroborate" / "models")


def queries(n: int) -> list[str]:
    from make_corpus import FIRST, LAST, PLACES, THINGS, TOPICS

    rng = random.Random(99)
    forms = ["How many {thing} did {first} {last} report from {place}?",
             "What did {first} {last} say about {topic}?",
             "When did {first} {last} meet in {place} to discuss {topic}?",
             "Who reported {thing} arriving in {place}?"]
    return [rng.choice(forms).format(thing=rng.choice(THINGS), first=rng.choice(FIRST), last=rng.choice(LAST),
                                     place=rng.choice(PLACES), topic=rng.choice(TOPICS)) for _ in range(n)]


class PoolEmbedder:
    """The real embedder for token counts and Chroma's function; stored, perturbed vectors for chunks."""

    def __init__(self, real, pool: np.ndarray, noise: float = 0.35):
        self.real, self.pool, self.noise = real, pool, noise
        self.path, self.dim, self.batch_size = real.path, real.dim, real.batch_size

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def chroma_function(self):
        return self.real.chroma_function()

    def embed(self, texts: list[str]) -> list[list[float]]:
        out = []
        for t in texts:
            rng = np.random.default_rng(zlib.crc32(t.encode("utf-8")))
            v = self.pool[rng.integers(len(self.pool))] + self.noise * rng.standard_normal(self.dim) / np.sqrt(self.dim)
            out.append((v / np.linalg.norm(v)).astype(np.float32).tolist())
        return out


class CachedEmbedder:
    """Returns precomputed query vectors: isolates index time from model time."""

    def __init__(self, real):
        self.real, self.vectors = real, {}

    def embed(self, texts):
        return [self.vectors[t] if t in self.vectors else self.real.embed([t])[0] for t in texts]

    def chroma_function(self):
        return self.real.chroma_function()


def pool_vectors(work: Path, real) -> np.ndarray:
    path = work / "pool.npy"
    if not path.exists():
        from make_corpus import paragraphs

        work.mkdir(parents=True, exist_ok=True)
        np.save(path, np.asarray(real.embed(paragraphs(random.Random(5), 512)), dtype=np.float32))
    return np.load(path)


def populate(size: int, work: Path) -> dict:
    """Generate ~size chunks of corpus and ingest it with stored vectors; build the BM25 index."""
    import ingest.embed as embed_mod
    from app.retrieval.retriever import Retriever
    from ingest.pipeline import run_ingest
    from make_corpus import write_corpus

    settings = settings_for(work)
    real = embed_mod.get_embedder(settings)
    fake = PoolEmbedder(real, pool_vectors(work.parent, real))
    if not settings.manifest_path.exists():
        shutil.rmtree(work / "corpus", ignore_errors=True)
        write_corpus(max(1, round(size / CHUNKS_PER_DOC)), work / "corpus", seed=size)
        embed_mod.get_embedder = lambda s: fake  # only the embedding call is replaced
        t0 = time.perf_counter()
        summary = run_ingest(settings, progress=True)
        ingest_s = time.perf_counter() - t0
        embed_mod.get_embedder = lambda s: real
    else:
        summary, ingest_s = None, float("nan")
    t0 = time.perf_counter()
    index = Retriever(settings, embedder=real).bm25()
    return {"chunks": len(index), "ingest_stored_vectors_s": round(ingest_s, 1),
            "bm25_build_s": round(time.perf_counter() - t0, 2),
            "docs": summary.documents if summary else None}


def measure(work: Path, n_queries: int) -> dict:
    from app.retrieval.retriever import Retriever
    from ingest.embed import get_embedder

    settings = settings_for(work)
    embedder = get_embedder(settings)
    embedder.embed(["warm up"])
    base = rss_mb()
    r = Retriever(settings, embedder=embedder)
    qs = queries(n_queries)
    for q in qs[:3]:
        r.search(q)  # warm: opens Chroma, loads (mmaps) the BM25 index
    cand = settings.retrieval.candidates
    cached = Retriever(settings, embedder=CachedEmbedder(embedder))  # same store/index, query vector precomputed
    times: dict[str, list[float]] = {"embed": [], "dense": [], "bm25": [], "fused": [], "index_only": []}
    for q in qs:
        t = time.perf_counter()
        cached.embedder.vectors[q] = embedder.embed([q])[0]
        times["embed"].append(time.perf_counter() - t)
        t = time.perf_counter()
        r.dense(q, cand)
        times["dense"].append(time.perf_counter() - t)
        t = time.perf_counter()
        r.lexical(q, cand)
        times["bm25"].append(time.perf_counter() - t)
        t = time.perf_counter()
        r.search(q)
        times["fused"].append(time.perf_counter() - t)
        t = time.perf_counter()
        cached.search(q)  # dense lookup + BM25 + fusion + provenance, minus the query embedding
        times["index_only"].append(time.perf_counter() - t)
    out = {f"{k}_p{p}_ms": round(float(np.percentile(v, p)) * 1000, 1) for k, v in times.items() for p in (50, 95)}
    data = settings.data_dir
    out.update(rss_mb=round(rss_mb()), rss_index_mb=round(rss_mb() - base), load_avg=os.getloadavg()[0],
               disk_mb=round(du_mb(data / "chroma", data / "bm25", data / "docs")),
               bm25_disk_mb=round(du_mb(data / "bm25"), 1), chunks=r.store.count())
    return out


def ingest_throughput(n_chunks: int, work: Path) -> dict:
    """Real ingest (real embedder) of ~n_chunks vs the raw embedder on the same chunk texts."""
    from ingest.chunk import chunk_document
    from ingest.clean import clean
    from ingest.embed import get_embedder
    from ingest.load import discover, load
    from ingest.pipeline import run_ingest
    from make_corpus import write_corpus

    shutil.rmtree(work, ignore_errors=True)
    settings = settings_for(work)
    write_corpus(max(1, round(n_chunks / CHUNKS_PER_DOC)), work / "corpus", seed=11)
    embedder = get_embedder(settings)
    texts = []
    for doc_id, path in discover(settings.corpus_dir).files:
        chunks = chunk_document(clean(load(doc_id, path)), settings.chunk.max_words, settings.chunk.min_words,
                                embedder.count_tokens)
        texts.extend(c.embed_text for c in chunks)
    embedder.embed(texts[:64])  # warm
    t0 = time.perf_counter()
    for i in range(0, len(texts), 1024):
        embedder.embed(texts[i:i + 1024])
    raw = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    summary = run_ingest(settings, progress=True)
    ing = summary.chunks_embedded / (time.perf_counter() - t0)
    return {"chunks": summary.chunks_embedded, "raw_embed_per_s": round(raw, 1), "ingest_per_s": round(ing, 1),
            "ratio": round(ing / raw, 3)}


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {args} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--ingest-chunks", type=int, default=10000, help="0 = skip the ingest throughput run")
    ap.add_argument("--ingest-runs", type=int, default=1, help="repeat the ingest throughput run; medians reported")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--work", type=Path, default=HERE / "out" / "retrieval")
    ap.add_argument("--step", choices=["populate", "measure", "ingest"], help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.step == "populate":
        print(json.dumps(populate(a.size, a.work / f"size_{a.size}")))
        return 0
    if a.step == "measure":
        print(json.dumps(measure(a.work / f"size_{a.size}", a.queries)))
        return 0
    if a.step == "ingest":
        print(json.dumps(ingest_throughput(a.size, a.work / "ingest")))
        return 0

    rows = []
    for size in [int(s) for s in a.sizes.split(",") if s]:
        print(f"[{size} chunks] populating (stored vectors) ...", file=sys.stderr, flush=True)
        pop = _child(["--step", "populate", "--size", str(size), "--work", str(a.work)])
        print(f"[{size} chunks] measuring {a.queries} queries ...", file=sys.stderr, flush=True)
        rows.append({"size": size, **pop, **_child(["--step", "measure", "--size", str(size), "--work", str(a.work),
                                                    "--queries", str(a.queries)])})
    cols = ["chunks", "embed_p50_ms", "embed_p95_ms", "dense_p50_ms", "dense_p95_ms", "bm25_p50_ms", "bm25_p95_ms",
            "fused_p50_ms", "fused_p95_ms", "index_only_p50_ms", "index_only_p95_ms", "rss_mb", "rss_index_mb",
            "disk_mb", "bm25_disk_mb", "bm25_build_s", "load_avg"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(c, "")) for c in cols) + " |")
    if a.ingest_chunks:
        runs = []
        for i in range(max(1, a.ingest_runs)):
            print(f"[ingest] {a.ingest_chunks} chunks, real embedder, run {i + 1}/{a.ingest_runs} ...",
                  file=sys.stderr, flush=True)
            runs.append(_child(["--step", "ingest", "--size", str(a.ingest_chunks), "--work", str(a.work)]))
            r = runs[-1]
            print(f"  run {i + 1}: ingest {r['ingest_per_s']} chunks/s, raw {r['raw_embed_per_s']} chunks/s, "
                  f"ratio {r['ratio']:.2f}", file=sys.stderr, flush=True)
        ing = {"chunks": runs[0]["chunks"], "runs": runs,
               **{k: statistics.median(r[k] for r in runs) for k in ("ingest_per_s", "raw_embed_per_s", "ratio")}}
        print(f"\ningest of {ing['chunks']} chunks ({len(runs)} run{'s' if len(runs) != 1 else ''}, medians): "
              f"{ing['ingest_per_s']} chunks/s; raw embedder {ing['raw_embed_per_s']} chunks/s; "
              f"ratio {ing['ratio']:.0%} (goal >= 90%)")
    print(json.dumps({"sizes": rows, "ingest": ing if a.ingest_chunks else None}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
