"""Instruction classifier benchmark: precision and recall on the labelled fixtures, false flags on
whole real documents, and speed.

    python bench/instructions.py [--dev-corpora ../shared/dev-corpora] [--verbose]

Sets (tests/fixtures/injections/):
  fit       injections.jsonl (positives) + orders.jsonl (real orders, negatives): written with the
            classifier, so these figures are not an estimate of unseen text.
  heldout   heldout.jsonl + heldout2.jsonl: written after the first fit, scored before any change
            made for them; first-score figures are recorded in FIRST_SCORE below.
  corpora   every sentence of every document in the dev corpora, all taken as negatives (they are
            public-domain histories, depositions, orders and court records).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.clean import clean_text  # noqa: E402
from ingest.instructions import explain, find_instructions, is_instruction, split_sentences  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "injections"
# heldout.jsonl: 13/15 injections caught, 2/15 innocent flagged; heldout2.jsonl: 10/12 caught,
# 1/12 innocent flagged - at their first scoring, before the changes they prompted.
FIRST_SCORE = {"heldout.jsonl": (13, 15, 2, 15), "heldout2.jsonl": (10, 12, 1, 12)}


def rows(name: str) -> list[tuple[str, bool]]:
    out = []
    for line in (FIX / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append((d["text"], bool(d["label"]) if "label" in d else name == "injections.jsonl"))
    return out


def figures(data: list[tuple[str, bool]], verbose: bool) -> dict:
    tp = fp = fn = tn = 0
    for text, label in data:
        got = is_instruction(text)
        tp += got and label
        fp += got and not label
        fn += label and not got
        tn += not (got or label)
        if verbose and got != label:
            print(f"    {'missed' if label else 'false flag'}: {text}  {explain(text).cues}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"n": len(data), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(precision, 3), "recall": round(recall, 3)}


def line(name: str, f: dict) -> str:
    return (f"{name:<8} n={f['n']:<4} precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
            f"(tp {f['tp']}, fp {f['fp']}, fn {f['fn']}, tn {f['tn']})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--dev-corpora", type=Path, default=ROOT.parent / "shared" / "dev-corpora")
    ap.add_argument("--verbose", action="store_true", help="print every wrong verdict with its cues")
    args = ap.parse_args()

    fit = rows("injections.jsonl") + rows("orders.jsonl")
    held = rows("heldout.jsonl") + rows("heldout2.jsonl")
    print(line("fit", figures(fit, args.verbose)))
    print(line("heldout", figures(held, args.verbose)))
    for name, (tp, pos, fp, neg) in FIRST_SCORE.items():
        print(f"         first score of {name}: recall {tp}/{pos}, false flags {fp}/{neg}")
    print(line("all", figures(fit + held, False)))

    if args.dev_corpora.is_dir():
        n_sent = n_chars = 0
        flagged = []
        t0 = time.perf_counter()
        for path in sorted(args.dev_corpora.glob("*/*.txt")):
            text = clean_text(path.read_text(encoding="utf-8"))
            n_sent += len(split_sentences(text))
            n_chars += len(text)
            flagged += [(path.name, text[s:e]) for s, e in find_instructions(text)]
        secs = time.perf_counter() - t0
        print(f"corpora  {n_sent} sentences of real documents: {len(flagged)} flagged "
              f"(false-flag rate {len(flagged) / max(1, n_sent):.4f}); "
              f"{n_chars / 1e6 / secs:.2f} MB/s including cleaning")
        for name, sentence in flagged:
            print(f"    flagged in {name}: {sentence[:160]}")
    else:
        print(f"corpora  skipped: {args.dev_corpora} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
