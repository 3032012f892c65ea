"""`Intervals` (pipeline/intervals.py) finds exactly the spans a scan of them all finds."""

from __future__ import annotations

import random

from claimex.intervals import Intervals


def _scan_overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [j for j, (a, b) in enumerate(spans) if a < end and b > start]


def _scan_holding(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [j for j, (a, b) in enumerate(spans) if a <= start and end <= b]


def _random_spans(rng: random.Random) -> list[tuple[int, int]]:
    """Up to 30 spans in [0, 100): empty, short and long ones, repeats."""
    out = []
    for _ in range(rng.randint(0, 30)):
        a = rng.randint(0, 60)
        out.append((a, a + rng.choice([0, 1, 2, 5, 10, 40])))
    return out


def test_queries_answer_what_a_scan_of_every_span_answers() -> None:
    rng = random.Random(33)
    for _ in range(400):
        spans = _random_spans(rng)
        iv = Intervals(spans)
        for _ in range(20):
            a = rng.randint(-2, 70)
            b = a + rng.randint(0, 20)
            assert sorted(iv.overlapping(a, b)) == _scan_overlapping(spans, a, b), (spans, a, b)
            assert sorted(iv.holding(a, b)) == _scan_holding(spans, a, b), (spans, a, b)


def test_no_spans_answer_nothing() -> None:
    assert Intervals([]).overlapping(0, 10) == [] and Intervals([]).holding(0, 0) == []


def test_inactive_spans_are_found_once_activated_and_not_before() -> None:
    rng = random.Random(34)
    for _ in range(300):
        spans = _random_spans(rng)
        n = len(spans)
        active = [rng.random() < 0.3 for _ in spans]
        iv = Intervals(spans, active=active)
        for j in rng.sample(range(n), k=n // 2):
            iv.activate(j)
            active[j] = True
            a = rng.randint(-50, 70)  # (a query starting below every end finds no inactive span either)
            b = a + rng.randint(0, 30)
            on = [(x, y) if active[k] else None for k, (x, y) in enumerate(spans)]
            expected = [k for k, s in enumerate(on) if s is not None and s[0] < b and s[1] > a]
            assert sorted(iv.overlapping(a, b)) == expected, (spans, active, a, b)
            held = [k for k, s in enumerate(on) if s is not None and s[0] <= a and b <= s[1]]
            assert sorted(iv.holding(a, b)) == held, (spans, active, a, b)
