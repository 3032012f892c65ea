"""Check-worthiness scoring speed: sentences per CPU-second on one core (target: 20,000 or more).

    .venv/bin/python benchmarks/bench_checkworthy.py            # 50,000 generated sentences
    .venv/bin/python benchmarks/bench_checkworthy.py --n 200000 --seed 3

The sentences are generated (news-like, 5-40 words, with numbers, names, quotes, questions and
bare fragments mixed in), so the figure does not depend on any data set. Two paths, each in one
process: the sentence path, `score()` (features, linear model, claim type) on each sentence; the
context path, the same sentences cut into debates of 1,000 lines with three speakers taking turns,
each debate scored by `score_group()` (the sentence path plus the context features and second
stage). The time is process CPU time (time.process_time), so other work on a shared machine does not
count against it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimex import checkworthy  # noqa: E402
from claimex.checkworthy import score_group  # noqa: E402

_SUBJ = [
    "The governor",
    "Our economy",
    "Senator Blake",
    "The agency",
    "Unemployment",
    "He",
    "We",
    "The new plan",
    "Prices",
]
_VERB = ["rose", "will cut", "has doubled", "fell", "should fund", "created", "is", "caused", "promised"]
_OBJ = [
    "by 12 percent",
    "$4.5 billion in spending",
    "the jobs of 30,000 workers",
    "a disaster for families",
    "since 2009",
    "the highest rate in a decade",
    "the budget",
]
_TAIL = [
    "",
    " last year",
    " because of the tariffs",
    " in Ohio and Texas",
    ", according to the report",
    " and nobody talks about it",
]
_FRAG = ["to deliver the news", "his removal", "the decision of the board", "a fair deal for farmers"]


def sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 10 == 0:
            out.append(rng.choice(_FRAG))
            continue
        s = f"{rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)}{rng.choice(_TAIL)}"
        if rng.random() < 0.4:
            s += f" and {rng.choice(_SUBJ).lower()} {rng.choice(_VERB)} {rng.choice(_OBJ)}"
        out.append(s + rng.choice([".", ".", ".", "?", "!"]))
    return out


def speakers(n: int, seed: int) -> list[str]:
    """A speaker per line: turns of 1-8 lines, by a moderator (one turn in three) or one of two candidates."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        who = "MODERATOR" if rng.random() < 1 / 3 else rng.choice(["CANDIDATE A", "CANDIDATE B"])
        out += [who] * rng.randint(1, 8)
    return out[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    texts = sentences(a.n, a.seed)
    # The scorer itself: generated sentences repeat, and `score` caches (`_sentence_score`, per wording).
    uncached = checkworthy._sentence_score.__wrapped__
    uncached(texts[0], False)  # load the weights outside the timing
    t0 = time.process_time()
    for t in texts:
        uncached(t, False)  # what `score` computes on a cache miss
    cpu = time.process_time() - t0
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"sentence path: {a.n} sentences ({words:.1f} words on average) in {cpu:.2f} CPU-s: "
        f"{a.n / cpu:,.0f} sentences per CPU-second"
    )
    who = speakers(a.n, a.seed)
    uncached(texts[0], True)  # the grouped model's weights, outside the timing too
    checkworthy._sentence_score = uncached  # score_group's sentence scores uncached too
    t0 = time.process_time()
    for start in range(0, a.n, 1000):
        score_group(texts[start : start + 1000], who[start : start + 1000])
    cpu = time.process_time() - t0
    print(f"context path: {a.n} lines in debates of 1,000 in {cpu:.2f} CPU-s: {a.n / cpu:,.0f} lines per CPU-second")


if __name__ == "__main__":
    main()
