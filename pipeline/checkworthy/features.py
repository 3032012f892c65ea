"""Sparse binary features of one sentence, shared by the scorer and `training/train_checkworthy.py`.

A sentence becomes a set of feature names: lower-cased word unigrams and bigrams (numbers folded
to `0`, years to `0000`) and a few cheap signals, named with a leading `#` so they never clash with
words: numbers, percentages, money, comparatives, capitalised words inside the sentence (a cheap
stand-in for named entities), first person, modals and future, hedges, a question mark, and the
sentence length in buckets. Every feature has the value 1; the scorer divides the summed weights by
the square root of the number of features (the L2 norm of the binary vector), as in training.

Kept deliberately cheap: one regular-expression pass and a few set look-ups per sentence, so that
scoring stays above 20,000 sentences per second per core in pure Python.
"""

from __future__ import annotations

import re

FEATURE_SET = "words12+signals.v1"

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[$%?]")
_CAP = re.compile(r"(?<=[\s(\"“])[A-Z][a-z]+")
_NUMBERISH = re.compile(r"\d")

_PERCENT = frozenset({"%", "percent", "percentage", "percentages", "per"})
_MONEY = frozenset({"$", "dollar", "dollars", "million", "billion", "trillion", "cents", "budget", "tax", "taxes"})
_COMPARATIVE = frozenset(
    {
        "more",
        "less",
        "fewer",
        "than",
        "most",
        "least",
        "highest",
        "lowest",
        "largest",
        "biggest",
        "smallest",
        "increase",
        "increased",
        "decrease",
        "decreased",
        "doubled",
        "tripled",
        "half",
        "twice",
        "times",
        "record",
        "since",
        "ever",
    }
)
_FIRST = frozenset({"i", "i'm", "i've", "i'll", "i'd", "me", "my", "we", "we're", "we've", "we'll", "our", "us"})
_MODAL = frozenset({"will", "would", "going", "gonna", "should", "could", "can", "must", "shall", "might", "may"})
_HEDGE = frozenset({"think", "believe", "feel", "maybe", "perhaps", "probably", "hope", "guess", "know", "sure"})
_LEN_BUCKETS = ((3, "#len<=3"), (7, "#len<=7"), (15, "#len<=15"), (30, "#len<=30"))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; numbers become `0` (or `0000` for a year 1900-2099)."""
    low = text.lower()
    out = _TOKEN.findall(low)
    if _NUMBERISH.search(low) is None:  # (most sentences hold no digit: no token to fold)
        return out
    for i, t in enumerate(out):
        if _NUMBERISH.search(t):
            out[i] = "0000" if len(t) == 4 and t[:2] in ("19", "20") and t.isdigit() else "0"
    return out


def features(text: str) -> list[str]:
    """The feature names of `text` (no duplicates; order is not significant)."""
    toks = tokens(text)
    feats = set(toks)
    prev = "<s>"
    for t in toks:
        feats.add(prev + " " + t)
        prev = t
    feats.add(prev + " </s>")
    n = len(toks)
    for limit, name in _LEN_BUCKETS:
        if n <= limit:
            feats.add(name)
            break
    else:
        feats.add("#len>30")
    if "0" in feats or "0000" in feats:
        feats.add("#num")
    if not _PERCENT.isdisjoint(feats):
        feats.add("#pct")
    if not _MONEY.isdisjoint(feats):
        feats.add("#money")
    if not _COMPARATIVE.isdisjoint(feats):
        feats.add("#cmp")
    if not _FIRST.isdisjoint(feats):
        feats.add("#first")
    if not _MODAL.isdisjoint(feats):
        feats.add("#modal")
    if not _HEDGE.isdisjoint(feats):
        feats.add("#hedge")
    if "?" in feats:
        feats.add("#q")
    caps = len(_CAP.findall(text))
    if caps:
        feats.add("#cap1" if caps == 1 else "#cap2+")
    return list(feats)
