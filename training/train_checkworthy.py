"""Train the check-worthiness model and write its weights file (pure Python, deterministic).

    python training/train_checkworthy.py [--data ../shared/checkworthy] [--out pipeline/checkworthy/weights.v1.json]
    python training/train_checkworthy.py --recipe pairs [--out pipeline/checkworthy/weights.v2.json]

Reads `claimbuster_train.jsonl` (ClaimBuster, Arslan, Hassan, Li & Tremayne, ICWSM 2020) and
`clef2019_train.jsonl` (CLEF 2019 CheckThat! Task 1, Atanasova et al. 2019) from --data: lines with
`text` and `label` (1 = check-worthy). Both are used; CheckThat! lines carry a smaller sample weight
(`clef_weight`), as cross-validation chose (training/eval_checkworthy.py), and a bias of their own
(`source_bias`): CheckThat! marks far fewer lines check-worthy (3%) than ClaimBuster (27%), and
that difference of base rate is learned by that extra bias, which the shipped model leaves out, instead
of pulling every word's weight down. The shipped score is thus on ClaimBuster's scale.

The model is an L2-regularised logistic regression over the binary features of
`pipeline/checkworthy/features.py`, each sentence's vector scaled to unit length, trained by
stochastic gradient descent with per-feature AdaGrad steps over a fixed-seed shuffle. Everything is
deterministic: sorted vocabulary, `random.Random(SEED)`, weights rounded to 6 significant digits and
written with sorted keys, so two runs on the same data write the same bytes (tests check this).
Only words and bigrams seen in at least `min_count` training sentences are kept.

Two recipes, two weights files (README "Check-worthiness"). `pointwise` (`train`, `checkworthy.v1`):
as above; the sentence model under the in-context stage, for lines with a `group`. `pairs`
(`train_pairs`, `checkworthy.v2`): ClaimBuster sentences the same way, but CheckThat! lines only in
pairs within a debate (each epoch, each positive line against a negative line of its own debate
drawn at random, a logistic step on the difference of their margins: a ranking loss that a debate's
base rate cannot move); better on ClaimBuster-like sentences, so it scores lines without a group
(every claim of the pipeline).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missing import missing_files  # noqa: E402

from claimex.checkworthy import FRAGMENT_CAP  # noqa: E402
from claimex.checkworthy.features import FEATURE_SET, features  # noqa: E402
from claimex.checkworthy.types import nothing_to_check  # noqa: E402

MODEL_VERSION = "checkworthy.v1"  # pointwise: the sentence model under the in-context stage
PAIRS_VERSION = "checkworthy.v2"  # pairs: the sentence model of lines scored alone
SEED = 20190708  # any fixed number; recorded in the weights file
FILES = {"claimbuster": "claimbuster_train.jsonl", "clef2019": "clef2019_train.jsonl"}


@dataclass(frozen=True)
class Params:
    """Training settings; the defaults are what cross-validation chose."""

    l2: float = 1e-5  # L2 penalty per example (lambda / N)
    epochs: int = 4
    eta: float = 0.5  # AdaGrad base step
    pos_weight: float = 2.7  # sample weight of a label-1 sentence: ClaimBuster balanced (73% / 27%)
    clef_weight: float = 0.15  # sample weight of a CheckThat! sentence (relative to ClaimBuster)
    min_count: int = 2  # keep a word/bigram seen in at least this many training sentences
    source_bias: bool = True  # CheckThat! lines get a bias of their own, which the shipped model leaves out


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int
    source: str  # "claimbuster" or "clef2019"
    group: str  # the debate (CheckThat!) or "" (ClaimBuster)
    speaker: str = ""  # who said the line (CheckThat!) or "" (ClaimBuster)


def missing_data(data_dir: Path) -> str | None:
    """One error line naming the training files missing from `data_dir`, or None when all are there."""
    return missing_files((data_dir / f for f in FILES.values()), "set --data, or SHARED= for make train")


def load_examples(data_dir: Path) -> list[Example]:
    """Every line of the two training files, ClaimBuster first, in file order."""
    out: list[Example] = []
    for source, name in FILES.items():
        path = data_dir / name
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                label = row["label"]
                if label not in (0, 1):
                    raise ValueError(f"{path}:{n}: label must be 0 or 1, got {label!r}")
                out.append(
                    Example(
                        str(row["id"]),
                        row["text"],
                        int(label),
                        source,
                        str(row.get("group", "")),
                        str(row.get("speaker") or ""),
                    )
                )
    return out


# Cross-validation trains many models on the same sentences: their features are computed once.
_features = functools.lru_cache(maxsize=None)(features)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class Model:
    """Weights by feature name, a bias, and the scorer's formula (the same as pipeline/checkworthy)."""

    def __init__(self, weights: dict[str, float], bias: float, clef_bias: float = 0.0):
        self.weights = weights
        self.bias = bias
        self.clef_bias = clef_bias  # the CheckThat! lines' own bias (source_bias), not shipped

    def margin(self, feats: Sequence[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in feats) / math.sqrt(len(feats))

    def score(self, text: str) -> float:
        """As pipeline.checkworthy.score ships it: fragments (and bare greetings) capped at FRAGMENT_CAP."""
        p = _sigmoid(self.margin(_features(text)))
        return min(p, FRAGMENT_CAP) if nothing_to_check(text) else p


def _vocabulary(feats: Sequence[Sequence[str]], min_count: int) -> dict[str, int]:
    """Feature -> column: the features seen at least `min_count` times, and every signal (`#…`) however
    rare, in sorted order (so the weights file is the same bytes on every run)."""
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= min_count or f.startswith("#"))
    return {f: i for i, f in enumerate(vocab)}


Row = tuple[list[int], float, int, float]  # feature indices, 1/sqrt(n features), label, sample weight


@dataclass
class _AdaGrad:
    """Weights and AdaGrad's summed squared gradients (per feature, the bias's, and the CheckThat! bias's)."""

    w: list[float]
    g2: list[float]
    b: float = 0.0
    b2: float = 1e-8
    c: float = 0.0  # the CheckThat! lines' own bias (Params.source_bias), left out of the shipped model
    c2: float = 1e-8

    def update(self, grads: dict[int, float], l2: float, eta: float) -> None:
        """One AdaGrad step of the weights on `grads` (feature index -> gradient), L2 added."""
        for i, g in grads.items():
            g += l2 * self.w[i]
            self.g2[i] += g * g
            self.w[i] -= eta * g / math.sqrt(self.g2[i])


def _rows(examples: Sequence[Example], params: Params) -> tuple[dict[str, int], list[Row]]:
    """The vocabulary (min_count, signals always) and each example's row; a row's sample weight is
    pos_weight for a positive, times clef_weight for a CheckThat! line (which the pairs recipe does not use)."""
    feats = [_features(e.text) for e in examples]
    index = _vocabulary(feats, params.min_count)
    rows = [
        (
            sorted(index[f] for f in fs if f in index),
            1.0 / math.sqrt(len(fs)),
            e.label,
            (params.clef_weight if e.source == "clef2019" else 1.0) * (params.pos_weight if e.label else 1.0),
        )
        for e, fs in zip(examples, feats)
    ]
    return index, rows


def _point(state: _AdaGrad, row: Row, params: Params, own_bias: bool = False) -> None:
    """One logistic step on one sentence, for both recipes; `own_bias`: a CheckThat! line of the pointwise
    recipe, whose own bias (Params.source_bias) steps with the shared one.

    The margin is summed term by term, bias first: the order `checkworthy.v1` was trained in (the
    pairs recipe summed the weights before scaling; its weights file comes out the same bytes either way).
    """
    idx, x, y, sw = row
    z = state.b + state.c if own_bias else state.b
    for i in idx:
        z += state.w[i] * x
    d = sw * (_sigmoid(z) - y)
    state.b2 += d * d
    state.b -= params.eta * d / math.sqrt(state.b2)
    if own_bias:
        state.c2 += d * d
        state.c -= params.eta * d / math.sqrt(state.c2)
    state.update({i: d * x for i in idx}, params.l2, params.eta)


def train(examples: Sequence[Example], params: Params, seed: int = SEED) -> Model:
    """Fit the logistic regression on `examples` (order does not matter: they are sorted by id first).

    `seed` fixes the shuffle; the shipped weights use SEED (other seeds measure the spread it causes).
    """
    examples = sorted(examples, key=lambda e: (e.source, e.id))
    index, rows = _rows(examples, params)
    own = [params.source_bias and e.source == "clef2019" for e in examples]
    state = _AdaGrad([0.0] * len(index), [1e-8] * len(index))
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(params.epochs):
        rng.shuffle(order)
        for k in order:
            _point(state, rows[k], params, own[k])
    return Model({f: state.w[i] for f, i in index.items()}, state.b, state.c)


_NORM = re.compile(r"\W+")


@dataclass(frozen=True)
class PairParams:
    """Settings of the `pairs` recipe on top of `Params` (whose clef_weight and source_bias it does not use)."""

    pair_weight: float = 1.0  # sample weight of a pair step (a ClaimBuster negative weighs 1)
    negatives: int = 1  # pairs per CheckThat! positive per epoch, each with a freshly drawn negative


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
    examples: Sequence[Example], params: Params, seed: int = SEED, pairs: PairParams = PairParams()
) -> Model:
    """The `pairs` recipe: ClaimBuster sentences pointwise, CheckThat! lines only as within-debate pairs.

    In: the examples (any order: sorted by id first), the shared settings and the pairs' own. Out: the
    model (its `clef_bias` is 0: CheckThat! lines have no base rate of their own to learn). Deterministic
    for a given `seed` (the shuffle; `seed + 1` draws the negatives).
    """
    examples = sorted(examples, key=lambda e: (e.source, e.id))
    index, rows = _rows(examples, params)
    negs: dict[str, list[int]] = {}
    for k, e in enumerate(examples):
        if e.source == "clef2019" and not e.label:
            negs.setdefault(e.group, []).append(k)
    items = [(False, k) for k, e in enumerate(examples) if e.source != "clef2019"]
    items += [
        (True, k) for k, e in enumerate(examples) if e.source == "clef2019" and e.label and e.group in negs
    ] * pairs.negatives
    state = _AdaGrad([0.0] * len(index), [1e-8] * len(index))
    order, draw = random.Random(seed), random.Random(seed + 1)
    for _ in range(params.epochs):
        order.shuffle(items)
        for is_pair, k in items:
            if is_pair:
                pool = negs[examples[k].group]
                _pair(state, rows[k], rows[pool[draw.randrange(len(pool))]], pairs.pair_weight, params)
            else:
                _point(state, rows[k], params)
    return Model({f: state.w[i] for f, i in index.items()}, state.b, 0.0)


# The thresholds `decision_point` tries (and the nearest to 0.5 wins a tie).
DECISION_GRID = tuple(t / 100 for t in range(20, 62, 2))


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


def balanced_sample(scored: Sequence[tuple[Example, float]]) -> list[tuple[Example, float]]:
    """Every positive and as many negatives (sorted by id, shuffled with SEED): the shape of the held-out
    ClaimBuster split, which is balanced while the training file has 27% positives."""
    pos = [s for s in scored if s[0].label == 1]
    neg = sorted((s for s in scored if s[0].label == 0), key=lambda s: str(s[0].id))
    random.Random(SEED).shuffle(neg)
    return pos + neg[: len(pos)]


def f1_at(scored: Sequence[tuple[Example, float]], threshold: float) -> float:
    """F1 of the check-worthy class when a score >= `threshold` says check-worthy (as score.py counts it)."""
    tp = sum(1 for e, p in scored if e.label == 1 and p >= threshold)
    wrong = sum(1 for e, p in scored if (e.label == 1) != (p >= threshold))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def without_copies(lines: Sequence[Example], held: Sequence[Example]) -> list[Example]:
    """`lines` less those whose wording (`norm`) is one of `held`'s: CheckThat! repeats about 200
    ClaimBuster lines of each 2016 debate, which would otherwise train on a held-out sentence."""
    held_text = {norm(e.text) for e in held}
    return [e for e in lines if norm(e.text) not in held_text]


def decision_point(
    examples: Sequence[Example], params: Params, seed: int = SEED, pairs: PairParams = PairParams(), k: int = 5
) -> float:
    """The threshold of DECISION_GRID at which the `pairs` recipe best tells check-worthy sentences apart
    on a balanced sample (F1 of the check-worthy class), read from out-of-fold scores.

    In: the training examples, the recipe's settings and shuffle seed, `k` folds. The ClaimBuster
    sentences are cut into `k` stratified folds, each scored by a model trained on the other folds and
    every other line (less copies of the fold's sentences). Out: the threshold (about 0.3: F1 rewards
    recall, so its best point sits below the middle of a model trained with balanced class weights);
    a tie goes to the threshold nearest 0.5.
    """
    cb = [e for e in examples if e.source == "claimbuster"]
    rest = [e for e in examples if e.source != "claimbuster"]
    fold = stratified_folds(cb, k)
    scored: list[tuple[Example, float]] = []
    for f in range(k):
        held = [e for e, ef in zip(cb, fold) if ef == f]
        model = train_pairs([e for e, ef in zip(cb, fold) if ef != f] + without_copies(rest, held), params, seed, pairs)
        scored += [(e, model.score(e.text)) for e in held]
    sample = balanced_sample(scored)
    return max(DECISION_GRID, key=lambda t: (f1_at(sample, t), -abs(t - 0.5)))


def train_decided(
    examples: Sequence[Example], params: Params, seed: int = SEED, pairs: PairParams = PairParams()
) -> tuple[Model, float]:
    """`checkworthy.v2` as shipped: `train_pairs`, then its bias moved by -logit(decision_point) so that
    0.5 is the decision point (a uniform shift: the ranking, and so AP and MAP, stay as they are).
    In: the training examples, settings and seed. Out: the model and the decision point it was moved by."""
    model = train_pairs(examples, params, seed, pairs)
    t = decision_point(examples, params, seed, pairs)
    return Model(model.weights, model.bias - math.log(t / (1.0 - t)), 0.0), t


def norm(text: str) -> str:
    """Lower case, runs of non-word characters as one space: a sentence's wording, for overlap checks."""
    return _NORM.sub(" ", text.lower()).strip()


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


def _r(v: float) -> float:
    return float(f"{v:.6g}")


def weights_json(
    model: Model,
    params: Params,
    examples: Iterable[Example],
    pairs: PairParams | None = None,
    seed: int = SEED,
    decision: float | None = None,
) -> str:
    """The weights file's text: stable key order and number formatting; near-zero weights dropped.

    `pairs` given: the `pairs` recipe's file (PAIRS_VERSION, its settings recorded); else the pointwise one's.
    `seed` is the shuffle seed `model` was trained with, recorded in the file; `decision`, the threshold
    the bias was moved by (`train_decided`), when it was.
    """
    n: dict[str, list[int]] = {}
    for e in examples:
        n.setdefault(e.source, [0, 0])[e.label] += 1
    recipe: dict = {}
    if pairs is not None:
        recipe = {
            "recipe": "pairs: ClaimBuster pointwise; CheckThat! lines only as (positive, negative of its debate) "
            "ranking pairs, clef_weight and source_bias unused",
            "pair_params": asdict(pairs),
        }
    if decision is not None:
        recipe["decision_point"] = {
            "threshold": decision,
            "how": "the out-of-fold threshold with the best F1 on a balanced sample of ClaimBuster; "
            "the bias is moved by -logit(threshold), so 0.5 is that point",
        }
    doc = {
        "version": MODEL_VERSION if pairs is None else PAIRS_VERSION,
        "feature_set": FEATURE_SET,
        "model": "logistic regression on L2-normalised binary features; score = sigmoid(bias + sum(w) / sqrt(n_features))",
        "sources": {
            "claimbuster": "ClaimBuster dataset (Arslan, Hassan, Li & Tremayne, ICWSM 2020), two-class version",
            "clef2019": "CLEF 2019 CheckThat! Task 1 training data (Atanasova et al. 2019)",
        },
        "trained_on": {s: {"negatives": c[0], "positives": c[1]} for s, c in sorted(n.items())},
        "params": asdict(params),
        **recipe,
        "seed": seed,  # the shuffle seed `model` was trained with
        "bias": _r(model.bias),
        "weights": {f: _r(v) for f, v in sorted(model.weights.items()) if abs(v) >= 1e-3},
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--recipe", choices=["pointwise", "pairs"], default="pointwise")
    ap.add_argument("--out", type=Path, help="default pipeline/checkworthy/weights.v1.json (pairs: weights.v2.json)")
    a = ap.parse_args(argv)
    out: Path = a.out or ROOT / "pipeline" / "checkworthy" / (
        "weights.v2.json" if a.recipe == "pairs" else "weights.v1.json"
    )
    if (problem := missing_data(a.data)) is not None:
        print(problem, file=sys.stderr)
        return 2
    examples = load_examples(a.data)
    params = Params()
    pairs = PairParams() if a.recipe == "pairs" else None
    decision = None
    if pairs is None:
        model = train(examples, params)
    else:
        model, decision = train_decided(examples, params, pairs=pairs)
    text = weights_json(model, params, examples, pairs, decision=decision)
    out.write_text(text, encoding="utf-8")
    print(
        f"{out}: {len(json.loads(text)['weights'])} weights from {len(examples)} sentences ({json.loads(text)['version']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
