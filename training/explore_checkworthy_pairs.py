"""Measure a ranking variant of the check-worthiness training (not shipped; README "Ranking losses and seeds").

    python training/explore_checkworthy_pairs.py [--data ../shared/checkworthy] [--trainer pairs|shipped]
        [--seed 0] [--pair-weight 1.0] [--negatives 1] [--context] [--set l2=3e-5 ...]

The shipped recipe (`train_checkworthy.train`) fits CheckThat! lines pointwise, with a bias of their own.
The `pairs` variant fits ClaimBuster sentences the same way but uses CheckThat! lines only in pairs
within a debate: each epoch, each positive line against `negatives` negative lines of its own debate
drawn at random, a logistic step on the difference of their margins (pairwise ranking loss, which a
debate's base rate cannot move; MAP only counts the order within a debate). Both run on the folds of
`training/eval_checkworthy.py` and print its figures (ClaimBuster F1 / balanced F1 / AP and per-fold F1,
CheckThat! MAP, with --context also the nested second stage's MAP) as one JSON line.
`--seed` is added to the shipped SEED: other seeds measure the spread the shuffle alone causes.
Deterministic; pure Python like the trainer (a run without --context: 10-20 CPU-seconds).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_checkworthy import context_scores, context_stage1, eval_claimbuster, eval_clef, eval_clef_context, parse_set  # noqa: E402
from train_checkworthy import ROOT, SEED, Example, Model, Params, _features, _sigmoid, load_examples, train  # noqa: E402
from train_checkworthy_context import ContextParams, Trainer  # noqa: E402

Row = tuple[list[int], float, int, float]  # feature indices, 1/sqrt(n features), label, sample weight


@dataclass
class _AdaGrad:
    """Weights and AdaGrad's summed squared gradients (per feature, and the bias's)."""

    w: list[float]
    g2: list[float]
    b: float = 0.0
    b2: float = 1e-8

    def update(self, grads: dict[int, float], l2: float, eta: float) -> None:
        for i, g in grads.items():
            g += l2 * self.w[i]
            self.g2[i] += g * g
            self.w[i] -= eta * g / math.sqrt(self.g2[i])


def _rows(examples: Sequence[Example], params: Params) -> tuple[dict[str, int], list[Row]]:
    """The vocabulary (as `train`: min_count, signals always) and each example's row."""
    feats = [_features(e.text) for e in examples]
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= params.min_count or f.startswith("#"))
    index = {f: i for i, f in enumerate(vocab)}
    rows = [
        (
            sorted(index[f] for f in fs if f in index),
            1.0 / math.sqrt(len(fs)),
            e.label,
            params.pos_weight if e.label else 1.0,
        )
        for e, fs in zip(examples, feats)
    ]
    return index, rows


def _point(state: _AdaGrad, row: Row, params: Params) -> None:
    """One logistic step on one ClaimBuster sentence (as `train`)."""
    idx, x, y, sw = row
    z = state.b + sum(state.w[i] for i in idx) * x
    d = sw * (_sigmoid(z) - y)
    state.b2 += d * d
    state.b -= params.eta * d / math.sqrt(state.b2)
    state.update({i: d * x for i in idx}, params.l2, params.eta)


def _pair(state: _AdaGrad, pos: Row, neg: Row, weight: float, params: Params) -> None:
    """One logistic step on margin(pos) - margin(neg); the bias cancels and is left alone."""
    (pi, px, _, _), (ni, nx, _, _) = pos, neg
    z = sum(state.w[i] for i in pi) * px - sum(state.w[i] for i in ni) * nx
    d = weight * (_sigmoid(z) - 1.0)
    grads: dict[int, float] = {}
    for i in pi:
        grads[i] = grads.get(i, 0.0) + d * px
    for i in ni:
        grads[i] = grads.get(i, 0.0) - d * nx
    state.update(grads, params.l2, params.eta)


def train_pairs(
    examples: Sequence[Example], params: Params, seed: int = SEED, pair_weight: float = 1.0, negatives: int = 1
) -> Model:
    """ClaimBuster pointwise, CheckThat! lines as within-debate pairs; `params.clef_weight` is not used."""
    examples = sorted(examples, key=lambda e: (e.source, e.id))
    index, rows = _rows(examples, params)
    negs: dict[str, list[int]] = {}
    for k, e in enumerate(examples):
        if e.source == "clef2019" and not e.label:
            negs.setdefault(e.group, []).append(k)
    items = [(False, k) for k, e in enumerate(examples) if e.source != "clef2019"]
    items += [
        (True, k) for k, e in enumerate(examples) if e.source == "clef2019" and e.label and e.group in negs
    ] * negatives
    state = _AdaGrad([0.0] * len(index), [1e-8] * len(index))
    order, draw = random.Random(seed), random.Random(seed + 1)
    for _ in range(params.epochs):
        order.shuffle(items)
        for is_pair, k in items:
            if is_pair:
                pool = negs[examples[k].group]
                _pair(state, rows[k], rows[pool[draw.randrange(len(pool))]], pair_weight, params)
            else:
                _point(state, rows[k], params)
    return Model({f: state.w[i] for f, i in index.items()}, state.b, 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--trainer", choices=["pairs", "shipped"], default="pairs")
    ap.add_argument("--seed", type=int, default=0, help="added to the shipped SEED")
    ap.add_argument("--pair-weight", type=float, default=1.0)
    ap.add_argument("--negatives", type=int, default=1)
    ap.add_argument("--context", action="store_true", help="also the nested second stage (about 3x longer)")
    ap.add_argument("--set", action="append", default=[], help="a training parameter, e.g. l2=3e-5 (repeatable)")
    a = ap.parse_args(argv)
    params = parse_set(a.set)
    trainer: Trainer = (
        partial(train, seed=SEED + a.seed)
        if a.trainer == "shipped"
        else partial(train_pairs, seed=SEED + a.seed, pair_weight=a.pair_weight, negatives=a.negatives)
    )
    examples = load_examples(a.data)
    out: dict = {"trainer": a.trainer, "seed": a.seed, "params": params.__dict__}
    if a.trainer == "pairs":
        out |= {"pair_weight": a.pair_weight, "negatives": a.negatives}
    out["claimbuster"] = eval_claimbuster(a.data, examples, params, 5, trainer)
    out["clef2019"] = eval_clef(a.data, examples, params, 5, trainer)
    if a.context:
        cparams = ContextParams()
        pred = context_scores(examples, context_stage1(examples, params, cparams, 5, trainer), cparams, 5)
        out["clef2019_context"] = {k: v["MAP"] for k, v in eval_clef_context(a.data, examples, pred).items()}
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
