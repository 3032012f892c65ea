"""Which of a document's spans overlap or hold a given one, without a scan of them all.

A stage that asks, for each of a document's n mentions, which other mentions touch it cost n**2 with
a loop over every span: a window of 2,000 mentions (one 50,000-character paragraph of dialogue) spent
seconds there. `Intervals` sorts the spans by start once and keeps, in a tree over that order, the
largest end of each range of spans, so a query visits only the spans that answer it (and the
log n tree nodes above them): O((k + 1) log n) for k spans found.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence


class Intervals:
    """[start, end) spans (integer offsets, in any order, empty ones too); queries give their indices.
    Spans may start inactive and be activated one by one (a greedy choice that takes spans as it goes)."""

    def __init__(self, spans: Sequence[tuple[int, int]], active: Sequence[bool] | None = None):
        """`active`: which spans queries find (all when None); `activate` adds the others later."""
        order = sorted(range(len(spans)), key=lambda j: spans[j][0])
        self._order = order
        self._starts = [spans[j][0] for j in order]
        self._ends = [e for _, e in spans]
        self._leaf = {j: k for k, j in enumerate(order)}
        size = 1
        while size < len(order):
            size *= 2
        self._size = size
        # below every end and every query's start: an empty leaf, or an inactive span's, answers nothing
        tree: list[float] = [-math.inf] * (2 * size)
        for k, j in enumerate(order):
            if active is None or active[j]:
                tree[size + k] = spans[j][1]
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self._tree = tree

    def activate(self, j: int) -> None:
        """Let queries find span `j` from now on (O(log n): its leaf and the maxima above it)."""
        tree = self._tree
        node = self._size + self._leaf[j]
        tree[node] = self._ends[j]
        node //= 2
        while node and tree[node] < self._ends[j]:
            tree[node] = self._ends[j]
            node //= 2

    def _ending_after(self, count: int, past: int) -> list[int]:
        """Indices of the spans among the first `count` by start whose end is greater than `past`."""
        out: list[int] = []
        if count <= 0:
            return out
        tree, size = self._tree, self._size
        stack = [(1, 0, size)]  # (node, first leaf, past its last leaf)
        while stack:
            node, a, b = stack.pop()
            if a >= count or tree[node] <= past:
                continue
            if node >= size:
                out.append(self._order[a])
                continue
            mid = (a + b) // 2
            stack.append((2 * node + 1, mid, b))
            stack.append((2 * node, a, mid))
        return out

    def overlapping(self, start: int, end: int) -> list[int]:
        """The spans (os, oe) with os < end and oe > start, in no particular order."""
        return self._ending_after(bisect_left(self._starts, end), start)

    def holding(self, start: int, end: int) -> list[int]:
        """The spans (os, oe) with os <= start and end <= oe, in no particular order."""
        return self._ending_after(bisect_right(self._starts, start), end - 1)
