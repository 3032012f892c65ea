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
(c) CheckThat! 2019 in context (training/train_checkworthy_context.py), nested on the folds of (b):
    for each held-out fold, the second stage learns on the other folds' debates from their own
    out-of-fold sentence scores (inner folds of debates, never from a model that saw the held-out
    wordings), then re-scores the held-out debates' sentence scores from (b)'s model. MAP and each
    debate's AP (score.py) of the sentence scores, in context with speakers, and without speakers.

(d) The same (a) and (b) for the `pairs` recipe as shipped (`train_decided`, nested: each fold's model
    chooses its decision point on inner folds of its own training data; `checkworthy.v2`, which scores lines
    without a group): "claimbuster_v2", "clef2019_v2". (a)-(c) are the pointwise `checkworthy.v1`'s,
    the sentence model of lines with a group, under the in-context stage.

Pure Python like the trainer; a run with the default 5 folds trains about 75 sentence models (3-4 CPU-minutes; v2 nested: each outer fold trains 5 inner models for its decision point).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthy import (  # noqa: E402
    ROOT,
    Example,
    Model,
    Params,
    balanced_sample,
    group_folds,
    load_examples,
    norm,
    stratified_folds,
    train,
    train_decided,
    train_pairs,
    without_copies,
)
from train_checkworthy_context import ContextParams, Scored, Trainer, fit_stage, oof_scores, runs  # noqa: E402

from claimex.checkworthy import FRAGMENT_CAP  # noqa: E402
from claimex.checkworthy.context import rescore  # noqa: E402
from claimex.checkworthy.types import nothing_to_check  # noqa: E402


def train_v2(examples: Sequence[Example], params: Params) -> Model:
    """`checkworthy.v2` as `make train` builds it (`train_decided`) from `examples` with `params`: the
    model; under eval_claimbuster's folds its decision point comes from inner folds of its own training
    sentences only (nested)."""
    return train_decided(examples, params)[0]


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


def eval_claimbuster(data: Path, examples: Sequence[Example], params: Params, k: int, trainer: Trainer = train) -> dict:
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"] if params.clef_weight > 0 else []
    fold = stratified_folds(cb, k)
    pred: dict[str, float] = {}
    for f in range(k):
        held = [e for e, ef in zip(cb, fold) if ef == f]
        model = trainer([e for e, ef in zip(cb, fold) if ef != f] + without_copies(clef, held), params)
        pred.update({e.id: model.score(e.text) for e in held})
    gold = [{"id": e.id, "label": e.label} for e in cb]
    res = _score_py(data, gold, pred)
    sample = balanced_sample([(e, pred[e.id]) for e in cb])
    bal = _score_py(data, [{"id": e.id, "label": e.label} for e, _ in sample], pred)
    per_fold = [_score_py(data, [g for g, ef in zip(gold, fold) if ef == f], pred)["F1"] for f in range(k)]
    return {
        "F1": res["F1"],
        "P": res["P"],
        "R": res["R"],
        "AP": res["AP"],
        "balanced_F1": bal["F1"],
        "per_fold_F1": per_fold,
    }


def eval_clef(data: Path, examples: Sequence[Example], params: Params, k: int, trainer: Trainer = train) -> dict:
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
        model = trainer(train_set, params)
        pred.update({e.id: model.score(e.text) for e in held})
    res = _score_py(data, [{"id": e.id, "label": e.label, "group": e.group} for e in clef], pred)
    return {"MAP": res["MAP"], "AP": res["AP"], "groups": res["groups"]}


Stage1 = list[tuple[Scored, Scored]]  # per outer fold: (held-out lines' scores, inner out-of-fold scores)


def context_stage1(
    examples: Sequence[Example], params: Params, cparams: ContextParams, k: int, trainer: Trainer = train
) -> Stage1:
    """The sentence scores nested CV needs, per outer fold of debates (the folds of `eval_clef`).

    Held-out lines: scored by the model trained on the other debates (and ClaimBuster without the
    held-out wordings), as `eval_clef`. Inner: the other debates' lines, each scored out of fold over
    `cparams.folds` inner folds, never by a model that saw the held-out wordings; the second stage
    learns from these only.
    """
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"]
    fold = group_folds(clef, k)
    out: Stage1 = []
    for f in range(k):
        held = [e for e, ef in zip(clef, fold) if ef == f]
        rest = [e for e, ef in zip(clef, fold) if ef != f]
        avoid = frozenset(norm(e.text) for e in held)
        model = trainer([e for e in cb if norm(e.text) not in avoid] + rest, params)
        outer = {e.id: (round(model.score(e.text), 6), model.clef_bias) for e in held}
        out.append((outer, oof_scores(cb, rest, params, cparams.folds, avoid, trainer)))
    return out


def context_scores(examples: Sequence[Example], stage1: Stage1, cparams: ContextParams, k: int) -> dict[str, dict]:
    """Out-of-fold scores of every CheckThat! line: "sentence" (the sentence model, rounded as shipped),
    "context" (second stage with speakers) and "plain" (second stage without), id -> score."""
    clef = [e for e in examples if e.source == "clef2019"]
    fold = group_folds(clef, k)
    pred: dict[str, dict] = {"sentence": {}, "context": {}, "plain": {}}
    for f, (outer, inner) in enumerate(stage1):
        rest = [e for e, ef in zip(clef, fold) if ef != f]
        stages = fit_stage(rest, inner, True, cparams), fit_stage(rest, inner, False, cparams)
        for run in runs(e for e, ef in zip(clef, fold) if ef == f):
            texts = [e.text for e in run]
            scores = [outer[e.id][0] for e in run]
            pred["sentence"].update({e.id: p for e, p in zip(run, scores)})
            for name, who in (("context", [e.speaker for e in run]), ("plain", None)):
                ps = rescore(texts, scores, who, *stages)
                pred[name].update(
                    {e.id: min(p, FRAGMENT_CAP) if nothing_to_check(e.text) else p for e, p in zip(run, ps)}
                )
    return pred


def eval_clef_context(data: Path, examples: Sequence[Example], pred: dict[str, dict]) -> dict:
    """MAP (score.py) of each kind of score in `pred`, and each debate's AP (score.py on that debate)."""
    clef = [e for e in examples if e.source == "clef2019"]
    gold = [{"id": e.id, "label": e.label, "group": e.group} for e in clef]
    out: dict = {}
    for name, scores in pred.items():
        res = _score_py(data, gold, scores)
        per = {
            run[0].group: _score_py(data, [g for g in gold if g["group"] == run[0].group], scores)["AP"]
            for run in runs(clef)
        }
        out[name] = {"MAP": res["MAP"], "AP": res["AP"], "per_debate_AP": per}
    return out


def parse_set(items: list[str]) -> Params:
    params = Params()
    kinds = {f.name: f.type for f in fields(Params)}
    for item in items:
        key, _, value = item.partition("=")
        if key not in kinds:
            raise SystemExit(f"--set {item}: unknown parameter (one of {', '.join(kinds)})")
        number: Any = int(value) if kinds[key] in (int, "int") else float(value)
        params = replace(params, **{key: number})
    return params


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--set", action="append", default=[], help="a training parameter, e.g. l2=1e-4 (repeatable)")
    ap.add_argument("--only", choices=["claimbuster", "clef2019", "context", "v2"])
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    params = parse_set(a.set)
    examples = load_examples(a.data)
    out: dict = {"params": params.__dict__, "folds": a.folds}
    if a.only in (None, "claimbuster"):
        out["claimbuster"] = eval_claimbuster(a.data, examples, params, a.folds)
    if a.only in (None, "clef2019"):
        out["clef2019"] = eval_clef(a.data, examples, params, a.folds)
    if a.only in (None, "context"):
        cparams = ContextParams()
        pred = context_scores(examples, context_stage1(examples, params, cparams, a.folds), cparams, a.folds)
        out["clef2019_context"] = eval_clef_context(a.data, examples, pred)
    if a.only in (None, "v2"):  # the pairs recipe at its defaults (PairParams), as shipped for lines alone
        out["claimbuster_v2"] = eval_claimbuster(a.data, examples, params, a.folds, train_v2)
        # MAP ranks within a debate, which the decision point's uniform shift of the bias cannot change
        out["clef2019_v2"] = eval_clef(a.data, examples, params, a.folds, train_pairs)
    print(json.dumps(out, sort_keys=True))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
