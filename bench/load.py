"""Load test: N concurrent gradio_client chats against the web chat on loopback.

    .venv/bin/python bench/load.py                    # starts the app in-process on a free 127.0.0.1 port
    .venv/bin/python bench/load.py --url http://127.0.0.1:7860/   # or against a running `corroborate chat`

Each session asks a distinct question about the seed document and must get back ITS answer
(the echoed question matches, and the answer or its evidence mentions what was asked about).
Every request must be answered or cleanly queued (queue full -> a clear rejection, never a crash).
Bounded: at most --sessions sessions (<= 64) and --timeout seconds overall. Reports p50/p95
latency and the largest queue depth seen.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from urllib.parse import urlparse

from pathlib import Path

# bench/ holds ingest.py (the ingest benchmark); put the project root first so `ingest` is the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import offline  # noqa: E402,F401

# (question, words one of which the answer or its evidence must mention)
QUESTIONS = [
    ("How many Korean troops did Lin Biao report were ready to be transferred?", ["16,000", "lin biao"]),
    ("What did Mao promise about ammunition?", ["ammunition", "as much as they need"]),
    ("Did Mao encourage North Korea to attack the South in 1949?", ["attack", "south korea"]),
    ("Who wrote this article?", ["kraus"]),
    ("Who did Kim Il Sung send to China in April and May 1949?", ["kim il"]),
    ("Who was Gao Gang?", ["gao gang"]),
    ("What did Mao joke about the soldiers' hair?", ["black", "haired"]),
    ("Which Soviet ambassador sent a cable from Pyongyang?", ["shtykov"]),
    ("Who was Stalin's personal representative in China?", ["kovalev"]),
    ("What did Mao think the United States would do in a counterattack?", ["japanese", "united states"]),
    ("When did the North Korean request for diplomatic relations arrive?", ["october 4", "diplomatic"]),
    ("What date was set for the closed-door meeting between Mao and Kim?", ["may 13"]),
    ("What did Stalin write to Mao on May 14?", ["stalin", "may 14"]),
    ("Who was the North Korean ambassador in Beijing?", ["ri ju"]),
    ("What did Mao tell Stalin about his advice to North Korea's representative?", ["defensive", "advice"]),
    ("What did Zhou Enlai ask Roshchin to confirm?", ["roshchin", "stalin"]),
    ("Why did Kim say China was not yet a reliable partner in March 1949?", ["at war", "china is at war"]),
    ("What did Mao learn from CCP intelligence in October 1949?", ["intelligence", "june", "offensive"]),
    ("Who led the CCP's operations in the northeast?", ["gao gang"]),
    ("What did Lin Biao say about the interests of the Korean people?", ["korean people", "cadres"]),
]


def _text(content) -> str:
    """A chat message's text: Gradio sends either a string or a list of {"type": "text", "text": ...} parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return "".join(_text(part) for part in content or [])


def _relates(answer: dict, words: list[str]) -> bool:
    blob = " ".join([answer.get("answer", ""), answer.get("standalone_question", ""),
                     *(c.get("quote", "") for c in answer.get("citations", [])),
                     *(p.get("text", "") for p in answer.get("passages", []))]).lower()
    return any(w in blob for w in words)


def _start_app() -> tuple[str, object, object]:
    import socket

    from app.engine import Engine
    from app.ui.app import build_app, launch_options
    from core.settings import get_settings

    settings = get_settings()
    engine = Engine(settings)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = build_app(settings, engine)
    _, url, _ = demo.launch(prevent_thread_lock=True, **launch_options(settings, "127.0.0.1", port))
    return url, demo, engine


def run(url: str, sessions: int, timeout: float) -> dict:
    from gradio_client import Client

    depth = {"max": 0}
    jobs: list = []
    stop = threading.Event()

    def monitor():
        while not stop.is_set():
            for job in list(jobs):
                try:
                    status = job.status()
                except Exception:
                    continue
                if status.queue_size is not None:
                    depth["max"] = max(depth["max"], status.queue_size)
                if status.rank is not None:
                    depth["max"] = max(depth["max"], status.rank + 1)
            time.sleep(0.5)

    def session(i: int) -> dict:
        question, words = QUESTIONS[i % len(QUESTIONS)]
        client = Client(url, verbose=False)
        t0 = time.monotonic()
        job = client.submit(question, api_name="/chat")
        jobs.append(job)
        try:
            messages, _evidence, answer, _ = job.result(timeout=timeout)
        except Exception as exc:  # queue full or timeout: must be a clean, reported rejection
            return {"i": i, "ok": False, "queued_out": True, "error": f"{type(exc).__name__}: {exc}"[:200],
                    "latency": time.monotonic() - t0}
        latency = time.monotonic() - t0
        print(f"  session {i:2d} answered in {latency:6.1f} s", flush=True)
        mine = bool(messages) and _text(messages[0]["content"]) == question and (answer or {}).get("question") == question
        return {"i": i, "ok": "error" not in (answer or {"error": 1}), "mine": mine,
                "relates": bool(answer) and _relates(answer, words), "refused": bool((answer or {}).get("refused")),
                "error": (answer or {}).get("error"), "latency": latency}

    watcher = threading.Thread(target=monitor, daemon=True)
    watcher.start()
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        futures = [pool.submit(session, i) for i in range(sessions)]
        done, pending = wait(futures, timeout=timeout + 60)
    stop.set()
    results = [f.result() for f in done]
    answered = [r for r in results if r["ok"]]
    lat = sorted(r["latency"] for r in answered)
    q = statistics.quantiles(lat, n=20) if len(lat) >= 2 else lat * 19
    return {
        "sessions": sessions, "answered": len(answered), "unfinished": len(pending),
        "rejected": [r["error"] for r in results if not r["ok"]],
        "mixed": [r["i"] for r in answered if not r["mine"]],
        "unrelated": [QUESTIONS[r["i"] % len(QUESTIONS)][0] for r in answered if not r["relates"]],
        "refused": sum(r.get("refused", False) for r in answered),
        "p50": statistics.median(lat) if lat else None, "p95": q[18] if lat else None,
        "max_queue_depth": depth["max"], "wall": time.monotonic() - t0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running chat on loopback (default: start one in-process)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=1200.0, help="overall bound in seconds")
    args = parser.parse_args(argv)
    sessions = max(1, min(args.sessions, 64))
    demo = engine = None
    url = args.url
    if url is None:
        url, demo, engine = _start_app()
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"error: load tests run on loopback only, not {host}", file=sys.stderr)
        return 2
    try:
        print(f"load: {sessions} concurrent chats against {url} (bound {args.timeout:.0f} s)", flush=True)
        r = run(url, sessions, args.timeout)
    finally:
        if demo is not None:
            demo.close()
            engine.close()
    fmt = lambda v: "n/a" if v is None else f"{v:.1f} s"  # noqa: E731
    print(f"answered {r['answered']}/{r['sessions']}  (refused {r['refused']}, rejected {len(r['rejected'])}, "
          f"unfinished {r['unfinished']})")
    print(f"latency p50 {fmt(r['p50'])}  p95 {fmt(r['p95'])}  wall {r['wall']:.1f} s  "
          f"max queue depth {r['max_queue_depth']}")
    print(f"mixed-up answers: {len(r['mixed'])}   answers unrelated to their question: {len(r['unrelated'])}")
    for e in r["rejected"]:
        print(f"  rejected: {e}")
    for q in r["unrelated"]:
        print(f"  unrelated: {q}")
    ok = not r["mixed"] and not r["unfinished"] and r["answered"] + len(r["rejected"]) == r["sessions"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
