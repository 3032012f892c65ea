"""Check-worthiness (0..1) and claim type of a sentence: a small learned linear model, pure Python.

    >>> from pipeline.checkworthy import score
    >>> score("Unemployment fell to 4.1% last year.")   # doctest: +SKIP
    (0.83..., 'quantity')

`checkworthiness` is sigmoid(bias + sum of the weights of the sentence's features / sqrt(number of
features)) of a logistic regression trained on ClaimBuster and CLEF 2019 CheckThat! sentences
(training/train_checkworthy.py; sources and figures in README "Check-worthiness"). 0.5 is the
decision threshold the model was trained and measured at: above it, the sentence looks more like
the sentences people marked check-worthy than like the rest. It ranks sentences well; read it as a
ranking score with a meaningful midpoint, not as a calibrated probability.

`claim_type` comes from deterministic patterns (`types.py`). A `fragment` (no finite verb: "to
deliver the news", "his removal") gets a checkworthiness of at most FRAGMENT_CAP.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..models import ClaimType
from .features import features
from .types import CLAIM_TYPES, claim_type

__all__ = ["CLAIM_TYPES", "FRAGMENT_CAP", "WEIGHTS_FILE", "model_version", "score", "score_batch", "score_lines"]

WEIGHTS_FILE = Path(__file__).with_name("weights.v1.json")
FRAGMENT_CAP = 0.1


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float, str]:
    doc = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return doc["weights"], float(doc["bias"]), str(doc["version"])


def model_version() -> str:
    """The version of the shipped weights (e.g. `checkworthy.v1`), for outputs to cite."""
    return _model()[2]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def checkworthiness(text: str) -> float:
    """The model's score of `text` alone (no fragment cap), 0..1."""
    weights, bias, _ = _model()
    feats = features(text)
    get = weights.get
    return _sigmoid(bias + sum([get(f, 0.0) for f in feats]) / math.sqrt(len(feats)))


# A batch scores one wording many times (every outlet printing a wire story's quote, every mention with
# --no-merge); the cache is bounded so a long run's memory stays flat.
@lru_cache(maxsize=1 << 14)
def score(text: str) -> tuple[float, ClaimType]:
    """(checkworthiness 0..1 rounded to 6 decimals, claim_type) of one sentence or claim content."""
    kind = claim_type(text)
    p = checkworthiness(text)
    if kind == "fragment":
        p = min(p, FRAGMENT_CAP)
    return round(p, 6), kind


def score_batch(texts: Iterable[str]) -> list[tuple[float, ClaimType]]:
    """`score` of each text, in order."""
    return [score(t) for t in texts]


def score_lines(lines: Iterable[str], source: str = "-") -> Iterator[tuple[str | None, str | None]]:
    """JSONL in, JSONL out: for each non-blank line, (the line with `checkworthiness` and `claim_type`
    added, None) or (None, "SOURCE:LINE: what is wrong"). The input object's other keys are kept as they are.
    """
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield None, f"{source}:{n}: not JSON ({e.msg} at column {e.colno})"
            continue
        if not isinstance(obj, dict):
            yield None, f"{source}:{n}: expected a JSON object with a 'text' string, got {type(obj).__name__}"
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            got = "no 'text'" if "text" not in obj else f"'text' is {type(text).__name__}"
            yield None, f"{source}:{n}: expected a JSON object with a 'text' string, {got}"
            continue
        obj["checkworthiness"], obj["claim_type"] = score(text)
        yield json.dumps(obj, ensure_ascii=False), None
