"""`Intervals` (pipeline/intervals.py) finds exactly the spans a scan of them all finds."""

from __future__ import annotations

import random

from claimex.intervals import Intervals


def _scan_overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [j for j, (a, b) in enumerate(spans) if a < end and b > start]


def _scan_holding(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [j for j, (a, b) in enumerate(spans) if a <= start and end <= b]


def test_queries_answer_what_a_scan_of_every_span_answers() -> None:
    rng = random.Random(33)
    for _ in range(400):
        n = rng.randint(0, 30)
        spans = []
        for _ in range(n):
            a = rng.randint(0, 60)
            spans.append((a, a + rng.choice([0, 1, 2, 5, 10, 40])))  # empty, short and long spans, repeats
        iv = Intervals(spans)
        for _ in range(20):
            a = rng.randint(-2, 70)
            b = a + rng.randint(0, 20)
            assert sorted(iv.overlapping(a, b)) == _scan_overlapping(spans, a, b), (spans, a, b)
            assert sorted(iv.holding(a, b)) == _scan_holding(spans, a, b), (spans, a, b)


def test_no_spans_answer_nothing() -> None:
    assert Intervals([]).overlapping(0, 10) == [] and Intervals([]).holding(0, 0) == []
