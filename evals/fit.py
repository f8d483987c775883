"""Fit the engine's refusal decision on tune-split signals, with scikit-learn.

    make eval-tune EVAL_ARGS='--json .corroborate/eval/tune.json'
    python -m evals.fit .corroborate/eval/tune.json [more tune reports ...]

Each report row carries the engine's ``Answer.diagnostics`` (the signals of app/checks/signals.py). A question whose
picks all fail the span checks is refused whatever the decision says, so the decision is fitted on the rows
where at least one pick passed. One logistic regression (standardised features, balanced classes, L2):
label = the question is one the corpus does not answer (expect == "refuse").

The threshold is chosen on the same rows to minimise  3 x wrong refusals + missed refusals (a wrong refusal costs
a historian more than a tangential, fully quoted answer); at equal cost, the one with fewer false positives. The
fitted parameters, the rows' corpora and counts, the tune figures, leave-one-corpus-out figures and this command
are written to app/checks/fitted/refusal.json. Report splits are never read here.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path

import numpy as np

from app.checks.decision import FITTED_DIR
from app.checks.signals import FEATURES as REFUSAL_FEATURES

REBUILD = ("make eval-tune EVAL_ARGS='--json .corroborate/eval/tune.json' && "
           ".venv/bin/python -m evals.fit .corroborate/eval/tune.json")


def load_rows(paths: list[str]) -> list[dict]:
    from evals.features import load_rows as rows_of_report

    return [row for path in paths for row in rows_of_report(path, split="tune")]


def _matrix(rows, features, prefix=""):
    return np.array([[float(r.get(prefix + f, 0.0)) for f in features] for r in rows], dtype=float)


# What a false positive costs against a missed one. A wrong refusal hides an answer the sources give (worse than a
# tangential, fully quoted answer); a false conflict and a hidden contradiction both mislead, so less apart.
FALSE_COST = {"refusal": 3.0, "conflict": 2.0}
OFF = 1.01  # a threshold no probability reaches: the decision never refuses


def _threshold(p: np.ndarray, y: np.ndarray, false_cost: float) -> tuple[float, dict]:
    # lowest cost; at equal cost the fewer false positives, then the threshold nearest 0.5
    best = (1e9, 1e9, 1.0, 0.5)
    for t in np.unique(np.concatenate([p, [0.5]])):
        pred = p >= t
        fp = int(np.sum(pred & (y == 0)))
        key = (false_cost * fp + np.sum(~pred & (y == 1)), fp, abs(float(t) - 0.5), float(t))
        best = min(best, key)
    t = best[3]
    pred = p >= t
    return t, {"true_positive": int(np.sum(pred & (y == 1))), "false_positive": int(np.sum(pred & (y == 0))),
               "false_negative": int(np.sum(~pred & (y == 1))), "true_negative": int(np.sum(~pred & (y == 0)))}


def fit(name: str, rows: list[dict], features: tuple[str, ...], label, prefix: str, sources: list[str],
        C: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X = _matrix(rows, features, prefix)
    y = np.array([1 if label(r) else 0 for r in rows])
    if len(set(y)) < 2:
        raise SystemExit(f"{name}: the tune rows hold only one class ({len(rows)} rows); nothing to fit")
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 1e-9, scaler.scale_, 1.0)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit((X - scaler.mean_) / scale, y)
    p = model.predict_proba((X - scaler.mean_) / scale)[:, 1]
    cost = FALSE_COST.get(name, FALSE_COST["refusal"])
    threshold, confusion = _threshold(p, y, cost)
    corpora = sorted({r["corpus"] for r in rows})
    return {
        "name": name, "features": list(features), "mean": [round(float(m), 6) for m in scaler.mean_],
        "scale": [round(float(s), 6) for s in scale], "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6), "threshold": round(threshold, 6),
        "provenance": {
            "made_by": "python -m evals.fit " + " ".join(sources),
            "rebuild": REBUILD,
            "fitted": _dt.date.today().isoformat(), "split": "tune", "corpora": corpora,
            "rows": len(rows), "positives": int(y.sum()), "model": f"sklearn LogisticRegression(C={C:g}, balanced)",
            "threshold_rule": f"minimise {cost:g} x false positives + false negatives on the tune rows "
                              "(equal cost: fewer false positives)",
            "tune_confusion": confusion,
        },
    }


def leave_one_corpus_out(rows: list[dict], features, label, prefix: str = "", C: float = 1.0) -> dict:
    """Fit on every corpus but one, decide on the one left out: the figure that carries over to a new corpus."""
    from app.checks.decision import FittedDecision

    out = {}
    for held in sorted({r["corpus"] for r in rows}):
        train = [r for r in rows if r["corpus"] != held]
        test = [r for r in rows if r["corpus"] == held]
        if len({bool(label(r)) for r in train}) < 2:
            continue
        params = fit("loco", train, features, label, prefix, [], C=C)
        model = FittedDecision(name="loco", features=tuple(params["features"]), mean=tuple(params["mean"]),
                               scale=tuple(params["scale"]), coef=tuple(params["coef"]),
                               intercept=params["intercept"], threshold=params["threshold"])
        signals = [{f: float(r.get(prefix + f, 0.0)) for f in features} for r in test]
        pred = [model.decide(s)[0] for s in signals]
        y = [bool(label(r)) for r in test]
        out[held] = {"true_positive": sum(p and t for p, t in zip(pred, y)),
                     "false_positive": sum(p and not t for p, t in zip(pred, y)),
                     "false_negative": sum(t and not p for p, t in zip(pred, y)),
                     "true_negative": sum(not p and not t for p, t in zip(pred, y))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.fit", description=__doc__.split("\n\n")[0])
    ap.add_argument("reports", nargs="+", help="eval reports (JSON) of tune-split runs")
    ap.add_argument("--out", default=str(FITTED_DIR), help="directory for the fitted files")
    ap.add_argument("--features", help="comma-separated refusal signals to use (default: all)")
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength (smaller = simpler model)")
    ap.add_argument("--loco", action="store_true", help="only print leave-one-corpus-out figures; write nothing")
    args = ap.parse_args(argv)
    command = [a for a in (argv if argv is not None else sys.argv[1:]) if a not in ("--out", args.out)]
    rows = [r for r in load_rows(args.reports) if r.get("n_found", 0) > 0]  # no valid pick: refused anyway
    if not rows:
        print("error: no tune rows with diagnostics in " + ", ".join(args.reports), file=sys.stderr)
        return 1
    out = Path(args.out)
    features = tuple(args.features.split(",")) if args.features else REFUSAL_FEATURES
    unknown = set(features) - set(REFUSAL_FEATURES)
    if unknown:
        print("error: unknown refusal signals: " + ", ".join(sorted(unknown)), file=sys.stderr)
        return 1
    refuse = lambda r: r["expect"] == "refuse"  # noqa: E731
    held_out = leave_one_corpus_out(rows, features, refuse, C=args.C)
    for corpus, confusion in held_out.items():
        print(f"refusal, {corpus} held out: {confusion}")
    if args.loco:
        return 0
    refusal = fit("refusal", rows, features, refuse, "", command, C=args.C)
    refusal["provenance"]["leave_one_corpus_out"] = held_out
    cost = lambda c: FALSE_COST["refusal"] * c["false_positive"] + c["false_negative"]  # noqa: E731
    fitted_cost = sum(cost(c) for c in held_out.values())
    never_cost = sum(c["true_positive"] + c["false_negative"] for c in held_out.values())  # refuse none: miss all
    refusal["provenance"]["held_out_cost"] = {"fitted": fitted_cost, "never_refuse": never_cost}
    if held_out and fitted_cost > never_cost:
        # on corpora it was not fitted on, the decision costs more than refusing nothing beyond the span checks:
        # it is written switched off (no probability reaches the threshold), with the figures that say why
        refusal["threshold"] = OFF
        refusal["provenance"]["switched_off"] = (f"leave-one-corpus-out cost {fitted_cost:g} against {never_cost:g} "
                                                 "for refusing only when no pick passes the span checks")
    written = [refusal]
    out.mkdir(parents=True, exist_ok=True)
    for params in written:
        (out / f"{params['name']}.json").write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"{params['name']}: {params['provenance']['rows']} rows, {params['provenance']['positives']} positive, "
              f"threshold {params['threshold']:.3f}, tune {params['provenance']['tune_confusion']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
