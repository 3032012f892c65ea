"""Build pipeline/backends/rules/precision.json: each rule's measured precision on PolNeAR train.

    python training/rule_precision.py [TRAIN.jsonl(.gz)] [--out precision.json]

1. Extract the train split with the rule backend (`claimex extract --backend rules --no-merge`).
2. Score it with `claimex eval TRAIN claims.jsonl --by-rule --json` (pipeline/evaluate.py's matching).
3. Write, per rule id, its predictions, matched gold and precision; per pass (`direct`, `indirect`,
   `learned`, ...) and overall the same pooled. The learned layer was trained on this same split, so
   its rules' precision here is in-sample: each `learned.*` precision (and the `learned` pass's) is
   scaled by the layer's held-out over in-sample precision of its additions, which its trainer
   measured on folds of train (`added_precision` in pipeline/attribution/weights.json); the
   unscaled figure stays beside it as `in_sample_precision`. A mention's `confidence` is its rule's precision, or
   its pass's when the rule made fewer than MIN_PREDICTIONS predictions on train
   (pipeline/backends/rules/confidence.py).

Only counts are written: no text of the corpus. The same data gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from missing import TRAIN_HINT, missing_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl.gz"
DEFAULT_OUT = ROOT / "pipeline" / "backends" / "rules" / "precision.json"
WEIGHTS = ROOT / "pipeline" / "attribution" / "weights.json"
HELD_OUT_PASSES = ("learned",)  # the passes whose models were fit on the train split measured here
MIN_PREDICTIONS = 20


def _claimex(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "claimex", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def _pooled(rows: dict[str, dict], factor: float = 1.0) -> dict:
    p = sum(r["predictions"] for r in rows.values())
    m = sum(r["matched"] for r in rows.values())
    return _scaled({"predictions": p, "matched": m, "precision": round(m / p, 4) if p else 0.0}, factor)


def _scaled(row: dict, factor: float) -> dict:
    """`row` with its precision scaled by `factor` (the in-sample figure kept beside it), or as it is."""
    if factor == 1.0:
        return row
    return {**row, "in_sample_precision": row["precision"], "precision": round(row["precision"] * factor, 4)}


def held_out_factor(weights: Path = WEIGHTS) -> float:
    """The learned layer's held-out over in-sample precision of its additions (at most 1)."""
    ap = json.loads(weights.read_text(encoding="utf-8"))["added_precision"]
    return min(1.0, ap["held_out"] / ap["in_sample"])


def measure(train: Path, work: Path) -> dict:
    gold = work / "train.jsonl"
    opener = gzip.open if train.suffix == ".gz" else open
    with opener(train, "rb") as src, open(gold, "wb") as dst:
        shutil.copyfileobj(src, dst)
    out = work / "out"
    _claimex("extract", str(gold), "--out", str(out), "--backend", "rules", "--no-merge", "--quiet")
    report = work / "eval.json"
    _claimex("eval", str(gold), str(out / "claims.jsonl"), "--by-rule", "--json", str(report), "--overall-only")
    by_rule = json.loads(report.read_text(encoding="utf-8"))["by_rule"]
    rules = {
        k: {"predictions": v["predictions"], "matched": v["matched"], "precision": round(v["precision"], 4)}
        for k, v in sorted(by_rule.items())
    }
    passes: dict[str, dict[str, dict]] = {}
    for k, v in rules.items():
        passes.setdefault(k.split(".", 1)[0], {})[k] = v
    factor = held_out_factor()
    return {
        "source": "PolNeAR train (polnear_train.jsonl.gz), claimex eval --by-rule",
        "min_predictions": MIN_PREDICTIONS,
        "held_out_factor": {"passes": list(HELD_OUT_PASSES), "factor": round(factor, 4)},
        "rules": {k: _scaled(v, factor if k.split(".", 1)[0] in HELD_OUT_PASSES else 1.0) for k, v in rules.items()},
        "passes": {p: _pooled(rs, factor if p in HELD_OUT_PASSES else 1.0) for p, rs in sorted(passes.items())},
        "all": _pooled(rules),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", nargs="?", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if (problem := missing_files([args.train], TRAIN_HINT)) is not None:
        print(problem, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        doc = measure(args.train.resolve(), Path(tmp))
    args.out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for k, v in doc["rules"].items():
        print(f"{k:40} {v['predictions']:6} {v['matched']:6} {v['precision']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
