"""Prompt budget: how much of the expected evidence the model is shown, against what reading it costs.

    .venv/bin/python bench/prompt_budget.py [--budgets 150,200,250,300,400] [--split tune]

For every question of the eval suite's corpora (tune split by default; the stores `make eval` built are
reused) and each evidence word budget (``answer.evidence_words``), the evidence window is built as the
engine builds it, without the model. Printed per budget: the share of expected evidence strings the window
holds (what the model can point at at all), the median prompt tokens of the pointing call (system prompt
excluded: llama.cpp keeps it cached), estimated as characters / 3.6 (English prose in the Qwen tokenizer),
and the seconds those tokens cost at the measured 70 tokens/s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import offline  # noqa: E402,F401

READ_TOKENS_PER_S = 70.0
CHARS_PER_TOKEN = 3.6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budgets", default="150,200,250,300,400")
    ap.add_argument("--split", default="tune", choices=("tune", "report"))
    args = ap.parse_args()

    from app.answer.evidence import select_evidence
    from app.answer.point import build_messages
    from app.answer.question import parse_question
    from app.retrieval import Retriever
    from app.retrieval.library import DocLibrary
    from app.text.values import gives_value
    from core.settings import load_settings
    from evals.match import normalise
    from evals.suite import load_suite

    budgets = [int(b) for b in args.budgets.split(",")]
    held = {b: 0 for b in budgets}
    tokens: dict[int, list[float]] = {b: [] for b in budgets}
    wanted = 0
    for spec in load_suite(ROOT / "evals" / "corpora.toml").corpora:
        settings = load_settings(corpus_dir=spec.corpus_dir, data_dir=spec.data_dir)
        if not (spec.data_dir / "manifest.json").exists():
            print(f"{spec.name}: no store in {spec.data_dir} (run make eval-tune first); skipped")
            continue
        retriever = Retriever(settings)
        docs = DocLibrary(settings)
        for item in spec.load_items():
            if item.split != args.split or item.expect == "refuse" or item.history:
                continue
            q = parse_question(item.question, settings.retrieval.max_question_chars)
            passages = retriever.expand(retriever.search(q.search_text, gives=gives_value(q.kind, q.terms),
                                                         named=q.sources))
            wanted += len(item.evidence)
            for b in budgets:
                cfg = settings.answer.model_copy(update={"evidence_words": b})
                sentences = select_evidence(q, passages, retriever.embedder.embed, cfg, docs)
                shown = normalise(" ".join(s.text for s in sentences))
                held[b] += sum(normalise(ev) in shown for ev in item.evidence)
                user = build_messages(q.search_text, sentences, cfg.heading_words)[1]["content"]
                tokens[b].append(len(user) / CHARS_PER_TOKEN)
    print(f"expected evidence strings: {wanted} ({args.split} split, answerable questions)")
    print("| evidence words | evidence held | prompt tokens (p50, est.) | reading time (p50) |")
    print("|---|---|---|---|")
    for b in budgets:
        p50 = statistics.median(tokens[b]) if tokens[b] else float("nan")
        print(f"| {b} | {held[b]}/{wanted} ({held[b] / max(1, wanted):.0%}) | {p50:.0f} | "
              f"{p50 / READ_TOKENS_PER_S:.1f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
