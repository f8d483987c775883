"""Answer benchmark: time to evidence, to each source's best sentence on screen, total time, peak memory.

Runs 10 fixed questions on the seed corpus with the default model (not a test; prints figures), or the
first 10 questions of a question file on another corpus, read in place:

    .venv/bin/python bench/answer.py [--repeat 1]
    .venv/bin/python bench/answer.py --corpus ../shared/dev-corpora/hastings --qa ../shared/dev-corpora/hastings/qa.jsonl

Goals: evidence and best sentences <= 1 s, total p50 <= 10 s. The first question also pays for starting
the LLM server; it is reported separately and left out of the medians.

It then times the command line as a user runs it: `corroborate ask` against a running
`corroborate serve` (a warm engine), reporting the wall time of each call after the first
(median; goal: about 2 s plus the model's own generate time). `--cli-only` skips the engine pass.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import offline  # noqa: E402,F401

QUESTIONS = [
    "How many Korean troops did Lin Biao report were ready to be transferred?",
    "What did Mao promise about ammunition?",
    "Who was Ivan Kovalev?",
    "Whom did Kim Il meet first in Shenyang?",
    "When did Stalin write directly to Mao about the Korean proposal?",
    "What date did the two sides settle on for the closed-door meeting between Mao and Kim?",
    "Why did Mao think an attack on South Korea was not advisable in 1949?",
    "Who wrote this article?",
    "Did Mao encourage North Korea to attack the South in 1949?",
    "What was the population of Pyongyang in 1950?",
]


def vm_hwm_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="passes over the 10 questions")
    ap.add_argument("--cli-only", action="store_true", help="only time `corroborate ask` against `corroborate serve`")
    ap.add_argument("--cli-calls", type=int, default=5, help="`ask` calls in the CLI pass")
    ap.add_argument("--corpus", type=Path, help="another corpus dir (default: the seed corpus/)")
    ap.add_argument("--qa", type=Path, help="question file (JSONL) for --corpus: its first --n questions are asked")
    ap.add_argument("--n", type=int, default=10, help="questions taken from --qa")
    args = ap.parse_args()
    global QUESTIONS
    if args.qa:
        QUESTIONS = [json.loads(line)["question"] for line in args.qa.read_text().splitlines() if line.strip()][:args.n]

    from app.engine import Engine
    from app.llm.server import get_server
    from app.types import EvidenceEvent, FinalEvent, SentencesEvent
    from core.settings import load_settings
    from ingest.pipeline import run_ingest

    tmp = Path(tempfile.mkdtemp(prefix="corroborate-bench-"))
    shutil.copytree(args.corpus or ROOT / "corpus", tmp / "corpus", ignore=shutil.ignore_patterns("*.jsonl"))
    settings = load_settings(corpus_dir=tmp / "corpus", data_dir=tmp / "data",
                             model_cache_dir=ROOT / ".corroborate" / "models")
    run_ingest(settings, progress=False)
    if args.cli_only:
        cli_pass(tmp, args.cli_calls)
        shutil.rmtree(tmp, ignore_errors=True)
        return 0
    rows = []
    with Engine(settings) as engine:
        for rep in range(args.repeat):
            for q in QUESTIONS:
                t0 = time.perf_counter()
                evidence = first = None
                final = None
                for ev in engine.stream(q):
                    now = time.perf_counter() - t0
                    if isinstance(ev, EvidenceEvent) and evidence is None:
                        evidence = now
                    elif isinstance(ev, SentencesEvent) and first is None:
                        first = now
                    elif isinstance(ev, FinalEvent):
                        final = ev.answer
                total = time.perf_counter() - t0
                rows.append((q, evidence, first, total, final.refused, len(final.conflicts)))
                print(f"{total:6.2f}s  evidence {evidence:5.2f}s  best sentences {first or float('nan'):5.2f}s  "
                      f"{'refused ' if final.refused else ''}{'conflict ' if final.conflicts else ''}{q}", flush=True)
        server = get_server(settings) if not settings.llm.base_url else None
        server_mb = vm_hwm_mb(server.pid) if server and server.pid else float("nan")

    warm = rows[1:]  # the first question also started the LLM server
    ev = [r[1] for r in warm]
    ft = [r[2] for r in warm if r[2] is not None]
    tot = [r[3] for r in warm]
    print()
    print(f"questions: {len(rows)} ({len(warm)} warm); first question incl. LLM start: {rows[0][3]:.2f}s")
    print("| measure | p50 | p95 | goal |")
    print("|---|---|---|---|")
    print(f"| time to evidence | {statistics.median(ev):.2f} s | {pct(ev, .95):.2f} s | ≤ 1 s |")
    if ft:
        print(f"| time to best sentences per source | {statistics.median(ft):.2f} s | {pct(ft, .95):.2f} s | ≤ 1 s |")
    print(f"| total | {statistics.median(tot):.2f} s | {pct(tot, .95):.2f} s | p50 ≤ 10 s |")
    print(f"| peak memory: app process | {vm_hwm_mb():.0f} MB | | |")
    print(f"| peak memory: LLM server process | {server_mb:.0f} MB | | |")
    print()
    cli_pass(tmp, args.cli_calls)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def cli_pass(tmp: Path, calls: int) -> None:
    """Wall time of `corroborate ask` as a user sees it, with `corroborate serve` keeping the engine warm."""
    env = {**os.environ, "CORROBORATE_DATA_DIR": str(tmp / "data"), "CORROBORATE_CORPUS_DIR": str(tmp / "corpus"),
           "CORROBORATE_MODEL_CACHE_DIR": str(ROOT / ".corroborate" / "models"), "HF_HUB_OFFLINE": "1"}
    cli = [sys.executable, "-m", "corroborate.cli"]
    t0 = time.perf_counter()
    server = subprocess.Popen([*cli, "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        for line in server.stdout:
            if line.startswith(("ready", "warning")):
                break
        print(f"`corroborate serve` warm after {time.perf_counter() - t0:.1f} s")
        rows = []
        for i in range(calls):
            q = QUESTIONS[i % len(QUESTIONS)]
            t = time.perf_counter()
            r = subprocess.run([*cli, "ask", q, "--json"], cwd=ROOT, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - t
            if r.returncode != 0:
                print(f"  ask failed: {r.stderr.strip()[:200]}")
                continue
            timings = json.loads(r.stdout)["timings"]
            rows.append((wall, timings["total"], timings["generate"]))
            print(f"  ask {i + 1}: wall {wall:5.2f} s (engine {timings['total']:5.2f} s, model generate "
                  f"{timings['generate']:5.2f} s, overhead {wall - timings['total']:4.2f} s)  {q}", flush=True)
    finally:
        server.terminate()
        server.communicate(timeout=60)
    later = rows[1:] or rows
    if later:
        wall = statistics.median(r[0] for r in later)
        over = statistics.median(r[0] - r[2] for r in later)
        outside = statistics.median(r[0] - r[1] for r in later)
        print("| measure | median | goal |")
        print("|---|---|---|")
        print(f"| CLI second-call wall time (`ask` with `serve` running) | {wall:.2f} s | ≈ 2 s + model time |")
        print(f"| CLI second-call time outside the engine (process start, HTTP, rendering) | {outside:.2f} s | ≤ 2 s |")
        print(f"| CLI second-call time outside the model's generate (incl. retrieval, verify) | {over:.2f} s | |")


if __name__ == "__main__":
    sys.exit(main())
