"""Train the check-worthiness context model (stacking over debates) and write its weights (pure Python).

    python training/train_checkworthy_context.py [--data ../shared/checkworthy]
        [--out pipeline/checkworthy/weights.context.v1.json]

The second stage of `pipeline/checkworthy/context.py`: a logistic regression over a line's sentence
margin and context features computed within its debate, learned on the CLEF 2019 CheckThat!
training debates (`clef2019_train.jsonl`: `group`, `speaker`, lines in debate order).

No leakage: the sentence scores it learns from are out of fold. The debates are dealt into
`folds` folds (training/train_checkworthy.py `group_folds`); each fold's lines are scored by a
sentence model (the shipped training recipe, `Params()`) trained on the other folds' debates and on
ClaimBuster without the sentences that occur in the fold's debates. At run time the shipped
sentence model scores debates it has not seen, as these folds do.

The stage learns a correction of the sentence margin z: the CheckThat! line's training margin is
z + c + bias + sum(w * x), where c is the CheckThat! bias of the sentence model that scored it (the
base rate, as in the sentence model); the shipped score leaves c out, so it stays on the sentence
model's scale. Positives weigh `pos_weight` as in the sentence model. Fitted by Newton's method
with an L2 penalty on the weights (not the bias); deterministic, weights rounded to 6 significant
digits: `make train-checkworthy` rebuilds the file bit for bit. Two sets of weights: with speaker
features, and without (groups whose lines lack a speaker).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthy import (  # noqa: E402
    MODEL_VERSION,
    ROOT,
    Example,
    Model,
    Params,
    group_folds,
    load_examples,
    missing_data,
    norm,
    train,
)

from claimex.checkworthy.context import (  # noqa: E402
    CONTEXT_FEATURE_SET,
    PLAIN_FEATURES,
    SPEAKER_FEATURES,
    Stage,
    line_features,
    logit,
)

CONTEXT_VERSION = "checkworthy-context.v1"


@dataclass(frozen=True)
class ContextParams:
    """Settings of the second stage; the defaults are what nested cross-validation chose."""

    folds: int = 5  # debate folds for the out-of-fold sentence scores
    l2: float = 30.0  # L2 penalty on the weights (sum over lines of weighted log-loss + l2/2 |w|^2)
    pos_weight: float = 2.7  # as the sentence model (Params.pos_weight)
    iterations: int = 25  # Newton steps at most (it converges in about 8)


Scored = dict[str, tuple[float, float]]  # line id -> (sentence score as shipped, the model's CheckThat! bias)


Trainer = Callable[[Sequence[Example], Params], Model]  # the sentence model's training (default: `train`)


def oof_scores(
    cb: Sequence[Example],
    clef: Sequence[Example],
    params: Params,
    k: int,
    avoid: frozenset[str] = frozenset(),
    trainer: Trainer = train,
) -> Scored:
    """Each line of `clef` scored by a sentence model trained without its fold's debates.

    In: ClaimBuster and CheckThat! examples, the sentence model's params, the number of debate folds,
    and wordings (`norm`) no model may train on (an outer fold's held-out debates). Out: id -> (score
    rounded as `claimex.checkworthy.score` ships it, that model's CheckThat! bias).
    """
    fold = group_folds(clef, k)
    out: Scored = {}
    for f in range(k):
        held = [e for e, ef in zip(clef, fold) if ef == f]
        if not held:
            continue
        skip = avoid | {norm(e.text) for e in held}
        model = trainer(
            [e for e in cb if norm(e.text) not in skip] + [e for e, ef in zip(clef, fold) if ef != f], params
        )
        out.update({e.id: (round(model.score(e.text), 6), model.clef_bias) for e in held})
    return out


def runs(examples: Iterable[Example]) -> list[list[Example]]:
    """The examples cut into runs of one group, in order (as `claimex checkworthiness` reads them)."""
    out: list[list[Example]] = []
    for e in examples:
        if out and out[-1][0].group == e.group:
            out[-1].append(e)
        else:
            out.append([e])
    return out


Group = tuple[list[list[float]], list[float], list[int]]  # one debate's features, offsets (z), labels


def design(clef: Sequence[Example], scored: Scored, speakers: bool) -> list[Group]:
    """Per debate of `clef`: its lines' context features, sentence margins z and labels, in order."""
    out: list[Group] = []
    for run in runs(clef):
        who = [e.speaker for e in run] if speakers and all(e.speaker for e in run) else None
        if speakers and who is None:
            raise ValueError(f"debate {run[0].group}: a line without a speaker")
        scores = [scored[e.id][0] for e in run]
        out.append(
            (line_features([e.text for e in run], scores, who), [logit(p) for p in scores], [e.label for e in run])
        )
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b (Gauss-Jordan, partial pivoting; a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[r][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def _sigmoid(m: float) -> float:
    return 1.0 / (1.0 + math.exp(-m)) if m >= 0 else math.exp(m) / (1.0 + math.exp(m))


def fit_weights(groups: Sequence[Group], cparams: ContextParams) -> list[float]:
    """The feature weights by conditional logistic regression (Newton's method, L2 penalty).

    Each group (debate) contributes -sum over its positives of log softmax(margin) over its lines:
    only the order of lines within a debate counts, as for MAP, and nothing that is the same for a
    whole debate (its length, its base rate) can take weight.
    """
    d = len(groups[0][0][0])
    w = [0.0] * d
    for _ in range(cparams.iterations):
        grad = [cparams.l2 * v for v in w]
        hess = [[cparams.l2 if i == j else 0.0 for j in range(d)] for i in range(d)]
        for xs, offs, ys in groups:
            npos = sum(ys)
            if not npos:
                continue
            ms = _margins(xs, offs, w)
            top = max(ms)
            es = [math.exp(m - top) for m in ms]
            total = sum(es)
            mean = [0.0] * d
            second = [[0.0] * d for _ in range(d)]
            for x, e, y in zip(xs, es, ys):
                s = e / total
                for i in range(d):
                    if x[i]:
                        sx = s * x[i]
                        mean[i] += sx
                        row = second[i]
                        for j in range(i + 1):
                            row[j] += sx * x[j]
                        if y:
                            grad[i] -= x[i]
            for i in range(d):
                grad[i] += npos * mean[i]
                for j in range(i + 1):
                    hess[i][j] += npos * (second[i][j] - mean[i] * mean[j])
        for i in range(d):
            for j in range(i):
                hess[j][i] = hess[i][j]
        step = _solve(hess, grad)
        loss, scale = _loss(groups, w, cparams.l2), 1.0
        while scale > 1e-6 and _loss(groups, [v - scale * s for v, s in zip(w, step)], cparams.l2) > loss:
            scale /= 2  # damped: Newton's full step can overshoot far from the optimum
        w = [v - scale * s for v, s in zip(w, step)]
        if max(abs(scale * s) for s in step) < 1e-9:
            break
    return w


def _margins(xs: Sequence[Sequence[float]], offs: Sequence[float], w: Sequence[float]) -> list[float]:
    """Each line's margin: its sentence-score offset plus the weighted context features."""
    return [o + sum(a * b for a, b in zip(w, x)) for x, o in zip(xs, offs)]


def _loss(groups: Sequence[Group], w: Sequence[float], l2: float) -> float:
    """The conditional log-loss of `fit_weights` plus l2/2 |w|^2."""
    total = l2 / 2 * sum(v * v for v in w)
    for xs, offs, ys in groups:
        npos = sum(ys)
        if not npos:
            continue
        ms = _margins(xs, offs, w)
        top = max(ms)
        total += npos * (top + math.log(sum(math.exp(m - top) for m in ms))) - sum(m for m, y in zip(ms, ys) if y)
    return total


def fit_bias(offsets: Sequence[float], ys: Sequence[int], cparams: ContextParams) -> float:
    """The bias that makes the margins a weighted logistic regression's again (1-D Newton, positives
    weighing `pos_weight`): the level of the scores, which the conditional fit leaves open."""
    b = 0.0
    for _ in range(50):
        g = h = 0.0
        for o, y in zip(offsets, ys):
            p = _sigmoid(o + b)
            sw = cparams.pos_weight if y else 1.0
            g += sw * (p - y)
            h += sw * p * (1.0 - p)
        step = g / h
        b -= step
        if abs(step) < 1e-12:
            break
    return b


def fit_stage(clef: Sequence[Example], scored: Scored, speakers: bool, cparams: ContextParams) -> Stage:
    """The second stage on `clef`'s lines, from their out-of-fold sentence scores."""
    groups = design(clef, scored, speakers)
    weights = fit_weights(groups, cparams)
    offsets = [
        z + sum(w * v for w, v in zip(weights, x)) + scored[e.id][1]
        for (xs, zs, _), run in zip(groups, runs(clef))
        for x, z, e in zip(xs, zs, run)
    ]
    bias = fit_bias(offsets, [e.label for e in clef], cparams)
    return Stage(SPEAKER_FEATURES if speakers else PLAIN_FEATURES, bias, tuple(weights))


def train_context(
    cb: Sequence[Example],
    clef: Sequence[Example],
    params: Params,
    cparams: ContextParams,
    avoid: frozenset[str] = frozenset(),
) -> tuple[Stage, Stage]:
    """Both second stages (with speakers, without) learned on `clef` with out-of-fold sentence scores."""
    scored = oof_scores(cb, clef, params, cparams.folds, avoid)
    return fit_stage(clef, scored, True, cparams), fit_stage(clef, scored, False, cparams)


def _r(v: float) -> float:
    return float(f"{v:.6g}")


def context_json(stages: tuple[Stage, Stage], cparams: ContextParams, clef: Sequence[Example]) -> str:
    """The weights file's text: stable key order and number formatting."""
    doc = {
        "version": CONTEXT_VERSION,
        "feature_set": CONTEXT_FEATURE_SET,
        "sentence_model": MODEL_VERSION,
        "model": "stacking over a group's lines: score = sigmoid(z + bias + sum(w * x)), z = logit(sentence score)",
        "source": "CLEF 2019 CheckThat! Task 1 training data (Atanasova et al. 2019), out-of-fold sentence scores",
        "trained_on": {
            "debates": len(runs(clef)),
            "lines": len(clef),
            "positives": sum(e.label for e in clef),
        },
        "params": asdict(cparams),
        **{
            name: {"bias": _r(s.bias), "weights": {f: _r(w) for f, w in zip(s.names, s.weights)}}
            for name, s in zip(("speakers", "plain"), stages)
        },
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "checkworthy" / "weights.context.v1.json")
    a = ap.parse_args(argv)
    if (problem := missing_data(a.data)) is not None:
        print(problem, file=sys.stderr)
        return 2
    examples = load_examples(a.data)
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"]
    cparams = ContextParams()
    text = context_json(train_context(cb, clef, Params(), cparams), cparams, clef)
    a.out.write_text(text, encoding="utf-8")
    print(f"{a.out}: context weights from {len(clef)} lines of {len(runs(clef))} debates ({CONTEXT_VERSION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
