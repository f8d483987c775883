"""Ingest progress moves while chunks are embedded: counts of chunks, elapsed and remaining time."""
from __future__ import annotations

import hashlib
import re
import time

from ingest.pipeline import run_ingest
from tests.ingest.conftest import write_doc

COUNT = re.compile(r"^(\d[\d,]*)(?:/(~?)(\d[\d,]*))? chunks embedded")


def _corpus(root, docs: int):
    for i in range(docs):
        write_doc(root / "corpus" / f"letter-{i:02d}.txt", 12, seed=i)
    return root / "corpus"


def _record(calls: list):
    began = time.monotonic()

    def progress(fraction: float, message: str) -> None:
        calls.append((time.monotonic() - began, fraction, message))

    return progress


def _embedding_reports(calls):
    """(seconds, chunks embedded, total shown, whether the total is estimated, message) per embedding report."""
    out = []
    for t, _, message in calls:
        m = COUNT.match(message)
        if m and int(m.group(1).replace(",", "")):
            total = int(m.group(3).replace(",", "")) if m.group(3) else None
            out.append((t, int(m.group(1).replace(",", "")), total, m.group(2) == "~", message))
    return out


def test_progress_counts_chunks_embedded_over_several_steps_of_one_batch(tmp_path, settings_for):
    """The real embedder, 4 chunks a step, one Chroma batch of 128: the count rises step by step."""
    s = settings_for(_corpus(tmp_path, 3), embed={"batch_size": 4}, chroma={"batch_size": 128})
    calls: list = []
    summary = run_ingest(s, progress=_record(calls))
    assert 12 < summary.chunks_embedded <= 128  # one Chroma batch, so any rise inside it is the steps'

    reports = _embedding_reports(calls)
    counts = [n for _, n, *_ in reports]
    assert counts == sorted(set(counts)), counts  # strictly increasing
    assert len(counts) >= summary.chunks_embedded // 4 and max(b - a for a, b in zip([0] + counts, counts)) <= 4
    assert counts[-1] == summary.chunks_embedded
    assert all(total == summary.chunks_embedded and not estimated for _, _, total, estimated, _ in reports)
    for *_, message in reports:
        assert re.search(r" · \d+:\d\d elapsed · \d+:\d\d left$", message), message
    fractions = [f for _, f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert calls[-1][2].startswith(f"done: {summary.chunks_embedded} chunks embedded in ")


def test_progress_moves_at_least_every_two_seconds_however_slow_the_embedding(tmp_path, settings_for, monkeypatch):
    """An embedder slowed to 25 ms a chunk: the steps shrink to about 0.75 s, so reports never wait 2 s."""
    from ingest import embed

    def slow_embed(self, texts):
        time.sleep(0.025 * len(texts))
        return [[b / 255 for b in hashlib.sha384(t.encode()).digest()] * 8 for t in texts]  # 384-d

    monkeypatch.setattr(embed.Embedder, "embed", slow_embed)
    s = settings_for(_corpus(tmp_path, 10), embed={"batch_size": 256}, chroma={"batch_size": 256},
                     ingest={"embed_window": 256})
    calls: list = []
    summary = run_ingest(s, progress=_record(calls))
    assert summary.chunks_embedded >= 100 and not summary.errors

    reports = _embedding_reports(calls)
    times = [t for t, *_ in reports] + [calls[-1][0]]
    assert len(reports) >= 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert max(gaps) < 2.0, gaps
    before = [t for t, _, m in calls if t < reports[0][0]]  # reading: the last report before embedding began
    assert reports[0][0] - before[-1] < 2.0


def test_progress_moves_while_the_embedding_model_loads(tmp_path, settings_for, monkeypatch):
    """The first ingest in a process loads the model for seconds: the elapsed time is said meanwhile."""
    from ingest import embed

    real_load = embed.Embedder._load

    def slow_load(self):
        time.sleep(2.5)
        return real_load(self)

    monkeypatch.setattr(embed, "_cache", {})  # a fresh embedder, as in a new process
    monkeypatch.setattr(embed.Embedder, "_load", slow_load)
    calls: list = []
    summary = run_ingest(settings_for(_corpus(tmp_path, 1)), progress=_record(calls))
    assert summary.chunks_embedded > 0
    loading = [t for t, _, m in calls if re.fullmatch(r"loading the embedding model · \d+:\d\d elapsed", m)]
    assert len(loading) >= 4, calls
    times = [t for t, *_ in calls]
    assert max(b - a for a, b in zip(times, times[1:])) < 2.0, calls
