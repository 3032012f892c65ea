"""A rule-backend mention's `confidence`: the measured precision of the rule that made it.

`precision.json` (written by `training/rule_precision.py`, `make train`) holds, per rule id, the
predictions the rule made on PolNeAR train, how many `claimex eval` aligned with a gold
attribution, and their ratio. A rule with fewer than `min_predictions` train predictions gets the
pooled precision of its pass (`direct`, `indirect`, `learned`, ...: the part before the dot); a
rule the file does not know, the pooled precision of all rules.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PRECISION_FILE = Path(__file__).with_name("precision.json")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], dict[str, float], float]:
    doc = json.loads(PRECISION_FILE.read_text(encoding="utf-8"))
    floor = int(doc["min_predictions"])
    rules = {k: float(v["precision"]) for k, v in doc["rules"].items() if v["predictions"] >= floor}
    passes = {k: float(v["precision"]) for k, v in doc["passes"].items() if v["predictions"] >= floor}
    return rules, passes, float(doc["all"]["precision"])


@lru_cache(maxsize=256)
def rule_precision(rule: str | None) -> float:
    """The train precision of `rule` (or of its pass, or of all rules; see the module docstring)."""
    rules, passes, overall = _table()
    if rule is None:
        return overall
    if rule in rules:
        return rules[rule]
    return passes.get(rule.split(".", 1)[0], overall)
