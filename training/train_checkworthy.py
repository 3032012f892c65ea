"""Train the check-worthiness model and write its weights file (pure Python, deterministic).

    python training/train_checkworthy.py [--data ../shared/checkworthy] [--out pipeline/checkworthy/weights.v1.json]

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

MODEL_VERSION = "checkworthy.v1"
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


def train(examples: Sequence[Example], params: Params, seed: int = SEED) -> Model:
    """Fit the logistic regression on `examples` (order does not matter: they are sorted by id first).

    `seed` fixes the shuffle; the shipped weights use SEED (other seeds measure the spread it causes).
    """
    examples = sorted(examples, key=lambda e: (e.source, e.id))
    feats = [_features(e.text) for e in examples]
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= params.min_count or f.startswith("#"))
    index = {f: i for i, f in enumerate(vocab)}
    rows: list[tuple[list[int], float, int, float, bool]] = []
    for e, fs in zip(examples, feats):
        idx = sorted(index[f] for f in fs if f in index)
        weight = (params.clef_weight if e.source == "clef2019" else 1.0) * (params.pos_weight if e.label else 1.0)
        rows.append((idx, 1.0 / math.sqrt(len(fs)), e.label, weight, params.source_bias and e.source == "clef2019"))
    w = [0.0] * len(vocab)
    g2 = [1e-8] * len(vocab)
    b, b2 = 0.0, 1e-8
    c, c2 = 0.0, 1e-8  # the CheckThat! bias (source_bias)
    order = list(range(len(rows)))
    rng = random.Random(seed)
    eta, l2 = params.eta, params.l2
    for _ in range(params.epochs):
        rng.shuffle(order)
        for k in order:
            idx, x, y, sw, other = rows[k]
            z = b + c if other else b
            for i in idx:
                z += w[i] * x
            d = sw * (_sigmoid(z) - y)
            b2 += d * d
            b -= eta * d / math.sqrt(b2)
            if other:
                c2 += d * d
                c -= eta * d / math.sqrt(c2)
            gx = d * x
            for i in idx:
                g = gx + l2 * w[i]
                g2[i] += g * g
                w[i] -= eta * g / math.sqrt(g2[i])
    return Model({f: w[i] for f, i in index.items()}, b, c)


_NORM = re.compile(r"\W+")


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


def weights_json(model: Model, params: Params, examples: Iterable[Example]) -> str:
    """The weights file's text: stable key order and number formatting; near-zero weights dropped."""
    n: dict[str, list[int]] = {}
    for e in examples:
        n.setdefault(e.source, [0, 0])[e.label] += 1
    doc = {
        "version": MODEL_VERSION,
        "feature_set": FEATURE_SET,
        "model": "logistic regression on L2-normalised binary features; score = sigmoid(bias + sum(w) / sqrt(n_features))",
        "sources": {
            "claimbuster": "ClaimBuster dataset (Arslan, Hassan, Li & Tremayne, ICWSM 2020), two-class version",
            "clef2019": "CLEF 2019 CheckThat! Task 1 training data (Atanasova et al. 2019)",
        },
        "trained_on": {s: {"negatives": c[0], "positives": c[1]} for s, c in sorted(n.items())},
        "params": asdict(params),
        "seed": SEED,
        "bias": _r(model.bias),
        "weights": {f: _r(v) for f, v in sorted(model.weights.items()) if abs(v) >= 1e-3},
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--out", type=Path, default=ROOT / "pipeline" / "checkworthy" / "weights.v1.json")
    a = ap.parse_args(argv)
    if (problem := missing_data(a.data)) is not None:
        print(problem, file=sys.stderr)
        return 2
    examples = load_examples(a.data)
    params = Params()
    model = train(examples, params)
    text = weights_json(model, params, examples)
    a.out.write_text(text, encoding="utf-8")
    print(f"{a.out}: {len(json.loads(text)['weights'])} weights from {len(examples)} sentences ({MODEL_VERSION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
