"""The comparison baseline: TF-IDF (1-2-grams) logistic regression, same folds and scorer as eval_checkworthy.py.

    pip install scikit-learn   # for this comparison only; claimex and `make train` do not use it
    python training/baseline_tfidf_lr.py [--data ../shared/checkworthy] [--folds 5]

Trained on ClaimBuster alone (as the figures in ../shared/checkworthy/README.md), scored on the same
out-of-fold splits as the shipped model: ClaimBuster stratified folds (F1 at 0.5, and on the same
balanced sample), CheckThat! 2019 debates by group folds (MAP; ClaimBuster lines that occur in the
held-out debates removed from training).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_checkworthy import _score_py  # noqa: E402
from train_checkworthy import ROOT, SEED, group_folds, load_examples, norm, stratified_folds  # noqa: E402


def main() -> int:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "checkworthy")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0)
    a = ap.parse_args()
    examples = load_examples(a.data)
    cb = [e for e in examples if e.source == "claimbuster"]
    clef = [e for e in examples if e.source == "clef2019"]

    def fit_score(train, test):
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        model = LogisticRegression(C=a.C, max_iter=2000, solver="liblinear")
        model.fit(vec.fit_transform([e.text for e in train]), [e.label for e in train])
        return dict(
            zip([e.id for e in test], model.predict_proba(vec.transform([e.text for e in test]))[:, 1].tolist())
        )

    fold = stratified_folds(cb, a.folds)
    pred: dict[str, float] = {}
    for f in range(a.folds):
        pred.update(fit_score([e for e, ef in zip(cb, fold) if ef != f], [e for e, ef in zip(cb, fold) if ef == f]))
    gold = [{"id": e.id, "label": e.label} for e in cb]
    res = _score_py(a.data, gold, pred)
    pos = [g for g in gold if g["label"] == 1]
    neg = sorted((g for g in gold if g["label"] == 0), key=lambda g: str(g["id"]))
    random.Random(SEED).shuffle(neg)
    bal = _score_py(a.data, pos + neg[: len(pos)], pred)
    out = {"claimbuster": {"F1": res["F1"], "P": res["P"], "R": res["R"], "AP": res["AP"], "balanced_F1": bal["F1"]}}

    gfold = group_folds(clef, a.folds)
    pred = {}
    for f in range(a.folds):
        held = [e for e, ef in zip(clef, gfold) if ef == f]
        held_text = {norm(e.text) for e in held}
        pred.update(fit_score([e for e in cb if norm(e.text) not in held_text], held))
    res = _score_py(a.data, [{"id": e.id, "label": e.label, "group": e.group} for e in clef], pred)
    out["clef2019"] = {"MAP": res["MAP"], "AP": res["AP"], "groups": res["groups"]}
    out["C"] = a.C
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
