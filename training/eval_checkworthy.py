"""Cross-validated figures of the check-worthiness model, measured with ../shared/checkworthy/score.py.

    python training/eval_checkworthy.py [--data ../shared/checkworthy] [--folds 5] [--json OUT.json]
        [--set l2=1e-4 --set clef_weight=0.3 ...]

(a) ClaimBuster: stratified k-fold; each fold is scored by a model trained on the other folds (plus
    all CheckThat! lines when clef_weight > 0). The out-of-fold scores of all sentences are written
    as a prediction file and scored by score.py: F1 of the check-worthy class at 0.5. Also printed:
    F1 on a balanced sample (every positive and as many negatives, fixed seed), since the held-out
    ClaimBuster split is balanced and the training file is not (27% positives).
(b) CheckThat! 2019: group k-fold over the debates (`group`), so a debate is never in its own
    training data; the model trains on all ClaimBuster sentences (except those whose text occurs in
    the held-out debates: ClaimBuster contains about 200 lines of each 2016 presidential debate)
    plus the CheckThat! lines of the other folds. score.py's MAP over debates of the out-of-fold scores.

Pure Python like the trainer; a run with the default 5 folds trains 10 models (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthy import ROOT, SEED, Example, Params, load_examples, train  # noqa: E402

_NORM = re.compile(r"\W+")


def norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def stratified_folds(examples: Sequence[Example], k: int) -> list[int]:
    """A fold number per example: each label's examples, sorted by id, shuffled with a fixed seed, dealt round."""
    fold = [0] * len(examples)
    rng = random.Random(SEED)
    for label in (0, 1):
        idx = sorted((i for i, e in enumerate(examples) if e.label == label), key=lambda i: examples[i].id)
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            fold[i] = n % k
    return fold


def group_folds(examples: Sequence[Example], k: int) -> list[int]:
    """A fold number per example: debates, largest first (ties by name), each to the smallest fold so far."""
    sizes: dict[str, int] = {}
    for e in examples:
        sizes[e.group] = sizes.get(e.group, 0) + 1
    load = [0] * k
    of: dict[str, int] = {}
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        f = min(range(k), key=lambda f: (load[f], f))
        of[g] = f
        load[f] += sizes[g]
    return [of[e.group] for e in examples]


def _score_py(data: Path, gold: list[dict], pred: dict[str, float]) -> dict:
    """Run score.py on gold lines and scores; its --json result."""
    with tempfile.TemporaryDirectory() as tmp:
        g, p, j = Path(tmp, "gold.jsonl"), Path(tmp, "pred.jsonl"), Path(tmp, "res.json")
        g.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
        p.write_text(
            "".join(json.dumps({"id": i, "checkworthiness": s}) + "\n" for i, s in pred.items()), encoding="utf-8"
        )
        subprocess.run(
            [sys.executable, str(data / "score.py"), str(g), str(p), "--json", str(j)], check=True, capture_output=True
        )
        return json.loads(j.read_text(encoding="utf-8"))


def eval_claimbuster(data: Path, examples: Sequence[Example], params: Params, k: int) -> dict:
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"] if params.clef_weight > 0 else []
    fold = stratified_folds(cb, k)
    pred: dict[str, float] = {}
    for f in range(k):
        model = train([e for e, ef in zip(cb, fold) if ef != f] + clef, params)
        pred.update({e.id: model.score(e.text) for e, ef in zip(cb, fold) if ef == f})
    gold = [{"id": e.id, "label": e.label} for e in cb]
    res = _score_py(data, gold, pred)
    pos = [g for g in gold if g["label"] == 1]
    neg = sorted((g for g in gold if g["label"] == 0), key=lambda g: g["id"])
    random.Random(SEED).shuffle(neg)
    bal = _score_py(data, pos + neg[: len(pos)], pred)
    return {"F1": res["F1"], "P": res["P"], "R": res["R"], "AP": res["AP"], "balanced_F1": bal["F1"]}


def eval_clef(data: Path, examples: Sequence[Example], params: Params, k: int) -> dict:
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"]
    fold = group_folds(clef, k)
    pred: dict[str, float] = {}
    for f in range(k):
        held = [e for e, ef in zip(clef, fold) if ef == f]
        held_text = {norm(e.text) for e in held}
        train_set = [e for e in cb if norm(e.text) not in held_text]
        if params.clef_weight > 0:
            train_set += [e for e, ef in zip(clef, fold) if ef != f]
        model = train(train_set, params)
        pred.update({e.id: model.score(e.text) for e in held})
    res = _score_py(data, [{"id": e.id, "label": e.label, "group": e.group} for e in clef], pred)
    return {"MAP": res["MAP"], "AP": res["AP"], "groups": res["groups"]}


def parse_set(items: list[str]) -> Params:
    params = Params()
    kinds = {f.name: f.type for f in fields(Params)}
    for item in items:
        key, _, value = item.partition("=")
        if key not in kinds:
            raise SystemExit(f"--set {item}: unknown parameter (one of {', '.join(kinds)})")
        params = replace(params, **{key: int(value) if kinds[key] in (int, "int") else float(value)})
    return params


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--set", action="append", default=[], help="a training parameter, e.g. l2=1e-4 (repeatable)")
    ap.add_argument("--only", choices=["claimbuster", "clef2019"])
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    params = parse_set(a.set)
    examples = load_examples(a.data)
    out: dict = {"params": params.__dict__, "folds": a.folds}
    if a.only != "clef2019":
        out["claimbuster"] = eval_claimbuster(a.data, examples, params, a.folds)
    if a.only != "claimbuster":
        out["clef2019"] = eval_clef(a.data, examples, params, a.folds)
    print(json.dumps(out, sort_keys=True))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
