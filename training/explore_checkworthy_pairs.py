"""Measure the pairs recipe of the check-worthiness training and its variants (README "Ranking losses and seeds").

    python training/explore_checkworthy_pairs.py [--data ../shared/checkworthy] [--trainer pairs|pointwise]
        [--seed 0] [--pair-weight 1.0] [--negatives 1] [--context] [--debate-folds 5] [--set l2=3e-5 ...]

The pointwise recipe (`train_checkworthy.train`, `checkworthy.v1`) fits CheckThat! lines pointwise,
with a bias of their own. The `pairs` recipe (`train_checkworthy.train_pairs`, shipped as
`checkworthy.v2` for lines without a group at its defaults: seed 0, pair weight 1, 1 negative) fits ClaimBuster sentences the same way but uses CheckThat! lines only in pairs
within a debate: each epoch, each positive line against `negatives` negative lines of its own debate
drawn at random, a logistic step on the difference of their margins (pairwise ranking loss, which a
debate's base rate cannot move; MAP only counts the order within a debate). Both run on the folds of
`training/eval_checkworthy.py` and print its figures (ClaimBuster F1 / balanced F1 / AP and per-fold F1,
CheckThat! MAP, with --context also the nested second stage's MAP) as one JSON line.
`--seed` is added to the shipped SEED: other seeds measure the spread the shuffle alone causes.
`--debate-folds 19`: the CheckThat! figures leave one debate out at a time (19 debates) instead of 5
folds of debates, which shows whether more training debates would move MAP (README "Check-worthiness").
Deterministic; pure Python like the trainer (a run without --context: 10-20 CPU-seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_checkworthy import context_scores, context_stage1, eval_claimbuster, eval_clef, eval_clef_context, parse_set  # noqa: E402
from train_checkworthy import ROOT, SEED, PairParams, load_examples, train, train_pairs  # noqa: E402
from train_checkworthy_context import ContextParams, Trainer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--trainer", choices=["pairs", "pointwise"], default="pairs")
    ap.add_argument("--seed", type=int, default=0, help="added to the shipped SEED")
    ap.add_argument("--pair-weight", type=float, default=1.0)
    ap.add_argument("--negatives", type=int, default=1)
    ap.add_argument("--context", action="store_true", help="also the nested second stage (about 3x longer)")
    ap.add_argument("--debate-folds", type=int, default=5, help="folds of whole debates for the CheckThat! figures")
    ap.add_argument("--set", action="append", default=[], help="a training parameter, e.g. l2=3e-5 (repeatable)")
    a = ap.parse_args(argv)
    params = parse_set(a.set)
    trainer: Trainer = (
        partial(train, seed=SEED + a.seed)
        if a.trainer == "pointwise"
        else partial(train_pairs, seed=SEED + a.seed, pairs=PairParams(a.pair_weight, a.negatives))
    )
    examples = load_examples(a.data)
    out: dict = {"trainer": a.trainer, "seed": a.seed, "params": params.__dict__, "debate_folds": a.debate_folds}
    if a.trainer == "pairs":
        out |= {"pair_weight": a.pair_weight, "negatives": a.negatives}
    out["claimbuster"] = eval_claimbuster(a.data, examples, params, 5, trainer)
    k = a.debate_folds
    out["clef2019"] = eval_clef(a.data, examples, params, k, trainer)
    if a.context:
        cparams = ContextParams()
        pred = context_scores(examples, context_stage1(examples, params, cparams, k, trainer), cparams, k)
        out["clef2019_context"] = {k: v["MAP"] for k, v in eval_clef_context(a.data, examples, pred).items()}
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
