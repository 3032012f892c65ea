"""Build pipeline/backends/rules/precision.json: each rule's measured precision on PolNeAR train.

    python training/rule_precision.py [TRAIN.jsonl(.gz)] [--out precision.json]

1. Extract the train split with the rule backend (`claimex extract --backend rules --no-merge`).
2. Score it with `claimex eval TRAIN claims.jsonl --by-rule --json` (pipeline/evaluate.py's matching).
3. Write, per rule id, its predictions, matched gold and precision; per pass (`direct`, `indirect`,
   `learned`, ...) and overall the same pooled. A mention's `confidence` is its rule's precision, or
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
MIN_PREDICTIONS = 20


def _claimex(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "claimex", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def _pooled(rows: dict[str, dict]) -> dict:
    p = sum(r["predictions"] for r in rows.values())
    m = sum(r["matched"] for r in rows.values())
    return {"predictions": p, "matched": m, "precision": round(m / p, 4) if p else 0.0}


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
    return {
        "source": "PolNeAR train (polnear_train.jsonl.gz), claimex eval --by-rule",
        "min_predictions": MIN_PREDICTIONS,
        "rules": rules,
        "passes": {p: _pooled(rs) for p, rs in sorted(passes.items())},
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
