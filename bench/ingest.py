"""Ingest benchmark (not a test): ingest throughput vs raw embedder throughput, and no-op re-ingest time.

    .venv/bin/python bench/ingest.py [--chunks 2000] [--repeats 3]

Makes a synthetic corpus of historical-style prose (names, dates, numbers) of about ``--chunks``
chunks, then, in the same process and alternating to share the machine's noise:
  * ingest: ``run_ingest(rebuild=True)`` into a fresh store -> chunks/s (load, clean, chunk, embed, write);
  * raw: the same embedder on the same embed texts, same batch size -> chunks/s;
and reports medians, the ratio ingest/raw (goal >= 0.9) and a no-op re-ingest (goal <= 2 s, 0 embedded).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import offline  # noqa: E402,F401

PEOPLE = ["Mao Zedong", "Kim Il Sung", "Joseph Stalin", "Zhou Enlai", "Gao Gang", "Terentii Shtykov",
          "Ivan Kovalev", "Lin Biao", "Peng Dehuai", "Pak Hon-yong", "Andrei Vyshinsky", "Ri Ju-yeon",
          "Nikolai Roshchin", "Dean Acheson", "Syngman Rhee", "Douglas MacArthur"]
PLACES = ["Pyongyang", "Beijing", "Moscow", "Shenyang", "Seoul", "Andong", "Kaesong", "Harbin",
          "Dairen", "Port Arthur", "Chongjin", "Wonsan", "Inchon", "Sinuiju"]
THINGS = ["rail equipment", "artillery shells", "grain shipments", "trained cadres", "tanks", "aircraft fuel",
          "medical supplies", "coal", "rifles", "trucks", "engineers", "radio sets"]
TEMPLATES = [
    "On {month} {day}, {year}, {p1} wrote to {p2} that {n} {thing} had reached {place}.",
    "According to a cable from {place}, {p1} met {p2} on {month} {day} to discuss the {thing} question.",
    "{p1} reportedly told {p2} that the north would need at least {n} {thing} before the spring of {year}.",
    "The record of the meeting in {place} shows that {p1} doubted the estimate of {n} {thing}.",
    "However, {p2} insisted that {place} could hold out for {n} days without further {thing}.",
    "A report dated {month} {year} noted that {n} {thing} were still held up at the border near {place}.",
    "{p1} later claimed that he had warned {p2} about the shortage of {thing} as early as {year}.",
    "Archival records from {place} suggest that only {n} of the promised {thing} ever arrived.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def sentence(rng: random.Random) -> str:
    p1, p2 = rng.sample(PEOPLE, 2)
    return rng.choice(TEMPLATES).format(
        p1=p1, p2=p2, place=rng.choice(PLACES), thing=rng.choice(THINGS), n=rng.randint(2, 9000),
        month=rng.choice(MONTHS), day=rng.randint(1, 28), year=rng.randint(1945, 1953))


def make_corpus(root: Path, chunks: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    paras_per_doc = 50
    docs = max(1, round(chunks / paras_per_doc))
    for d in range(docs):
        paras = [" ".join(sentence(rng) for _ in range(rng.randint(4, 8))) for _ in range(paras_per_doc - 1)]
        title = f"Cables and reports, file {d + 1:03d}"
        (root / f"file_{d + 1:03d}.txt").write_text(f"# {title}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        (root / f"file_{d + 1:03d}.txt.meta.toml").write_text(
            f'title = "{title}"\nauthor = "Synthetic Archive"\nkind = "cable collection"\n', encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    from core.settings import load_settings
    from ingest.chunk import chunk_document
    from ingest.clean import clean
    from ingest.embed import get_embedder
    from ingest.load import discover, load
    from ingest.pipeline import run_ingest

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    corpus = work / "corpus"
    corpus.mkdir()
    make_corpus(corpus, args.chunks)
    settings = load_settings(corpus_dir=corpus, data_dir=work / "data")
    embedder = get_embedder(settings)
    embedder.embed(["warm-up"])

    # the exact texts the pipeline embeds
    texts: list[str] = []
    for doc_id, path in discover(corpus).files:
        texts += [c.embed_text for c in chunk_document(clean(load(doc_id, path)), settings.chunk.max_words,
                                                       settings.chunk.min_words, embedder.count_tokens)]
    batch = settings.chroma.batch_size
    print(f"corpus: {len(list(corpus.glob('*.txt')))} documents, {len(texts)} chunks; batch size {batch}; "
          f"embed batch {settings.embed.batch_size}", flush=True)

    ingest_cps, raw_cps = [], []
    for r in range(args.repeats):
        embedder.clear_cache()  # each phase embeds every text afresh
        t = time.perf_counter()
        for i in range(0, len(texts), batch):
            embedder.embed(texts[i:i + batch])
        raw = len(texts) / (time.perf_counter() - t)
        embedder.clear_cache()
        t = time.perf_counter()
        summary = run_ingest(settings, rebuild=True, progress=False)
        elapsed = time.perf_counter() - t
        assert summary.errors == [] and summary.chunks_embedded == len(texts), summary
        ing = summary.chunks_embedded / elapsed
        raw_cps.append(raw)
        ingest_cps.append(ing)
        print(f"  run {r + 1}: raw embedder {raw:6.1f} chunks/s, ingest {ing:6.1f} chunks/s "
              f"({elapsed:.1f} s), ratio {ing / raw:.3f}", flush=True)

    noop = []
    for _ in range(max(3, args.repeats)):
        t = time.perf_counter()
        summary = run_ingest(settings, progress=False)
        noop.append(time.perf_counter() - t)
        assert summary.chunks_embedded == 0 and summary.unchanged == summary.documents
    med_ing, med_raw = statistics.median(ingest_cps), statistics.median(raw_cps)
    ratio = statistics.median(i / r for i, r in zip(ingest_cps, raw_cps))
    print(f"median raw embedder throughput: {med_raw:.1f} chunks/s")
    print(f"median ingest throughput:       {med_ing:.1f} chunks/s")
    print(f"median ratio ingest/raw:        {ratio:.3f}  (goal >= 0.9) {'OK' if ratio >= 0.9 else 'BELOW GOAL'}")
    print(f"median no-op re-ingest:         {statistics.median(noop):.3f} s, 0 chunks embedded  "
          f"(goal <= 2 s) {'OK' if statistics.median(noop) <= 2 else 'ABOVE GOAL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
