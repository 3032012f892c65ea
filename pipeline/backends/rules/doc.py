"""The document a pass reads (text, paragraphs, sentences, quotations) and the drafts passes write."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

from ...models import Polarity, QuoteSpan, QuoteType, SegmentedDocument
from .patterns import PATTERNS


@dataclass
class Draft:
    """A mention in the making: content offsets, speaker phrase, cue, and the pattern that found it."""

    start: int  # content offsets in the source
    end: int
    speaker_text: str | None
    speaker_pos: int | None
    cue: str | None
    quote_type: QuoteType
    rule: str  # a pattern id of patterns.PATTERNS: the mention's provenance and its confidence
    role: str | None = None
    kind: Literal["unknown", "unnamed"] = "unknown"
    polarity: Polarity = "assertion"
    denies: list[int] = field(default_factory=list)
    nested_in: int | None = None
    anaphoric: bool = False
    absorbs: bool = False  # a mixed clause extended over a quotation pass 1 also found

    @property
    def confidence(self) -> float:
        return PATTERNS[self.rule].confidence


# ---------------------------------------------------------- the document
_NON_SPACE = re.compile(r"\S")
_WORD_CHAR = re.compile(r"\w")


class Doc:
    def __init__(self, seg: SegmentedDocument):
        self.seg = seg
        self.text = seg.text
        self.paras = seg.paragraphs
        self.quotes = list(seg.quotes)
        self._pstarts = [p.start for p in self.paras]
        self.sents = seg.sentences
        self._sstarts = [s.start for s in self.sents]
        # quote interiors, for masking cue words that are part of what was said
        self.qspans = [(q.inner_start, q.inner_end) for q in self.quotes]
        self._qstarts = [a for a, _ in self.qspans]
        self._first_word: dict[int, int] = {}  # sentence index -> where its first word starts

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._pstarts, pos) - 1)

    def _quotes_near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        # Quote pieces are in text order and do not overlap, so a bisect finds the
        # few that can touch [lo, hi): no pass may be quadratic in a long article.
        i = max(0, bisect.bisect_right(self._qstarts, lo) - 1)
        out = []
        while i < len(self.qspans) and self.qspans[i][0] < hi:
            if self.qspans[i][1] > lo:
                out.append(self.qspans[i])
            i += 1
        return out

    def in_quote(self, pos: int) -> bool:
        return bool(self._quotes_near(pos, pos + 1))

    def masked(self, lo: int, hi: int) -> str:
        """text[lo:hi] with quoted material blanked out (same length: non-space -> "x")."""
        near = self._quotes_near(lo, hi)
        if not near:
            return self.text[lo:hi]
        out = []
        pos = lo
        for a, b in near:
            a, b = max(a, pos), min(b, hi)
            if a >= b:
                continue
            out.append(self.text[pos:a])
            out.append(_NON_SPACE.sub("x", self.text[a:b]))
            pos = b
        out.append(self.text[pos:hi])
        return "".join(out)

    def quotation_before(self, pos: int) -> QuoteSpan | None:
        """The closed quotation piece that ends right before `pos` (nothing but white space between),
        or None."""
        i = bisect.bisect_right(self._qstarts, pos) - 1
        if i < 0:
            return None
        q = self.quotes[i]
        return q if q.closed and q.end <= pos and not self.text[q.end : pos].strip() else None

    def quotation_opening_at(self, pos: int) -> QuoteSpan | None:
        """The quotation piece whose opening mark (one character, or two apostrophes) stands at `pos`,
        or None."""
        i = bisect.bisect_right(self._qstarts, pos + 2) - 1
        if i < 0:
            return None
        q = self.quotes[i]
        return q if q.start == pos and q.opened else None

    def inside_sentence(self, pos: int) -> bool:
        """Whether a word stands before `pos` in its sentence (the segmenter's: `Mr. Trump`, `"We will,"
        Trump said` are one sentence each), so a capital at `pos` is no sentence's."""
        i = bisect.bisect_right(self._sstarts, pos) - 1
        if i < 0:
            return False
        first = self._first_word.get(i)
        if first is None:  # (each sentence's first word found once, not a search per word)
            m = _WORD_CHAR.search(self.text, self.sents[i].start, self.sents[i].end)
            first = self._first_word[i] = m.start() if m is not None else self.sents[i].end
        return first < pos

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding `pos`."""
        i = bisect.bisect_right(self._sstarts, pos) - 1
        return self.sents[i].start if i >= 0 else 0

    def sentences_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Sentence spans clipped to [lo, hi)."""
        i = max(0, bisect.bisect_right(self._sstarts, lo) - 1)
        out = []
        while i < len(self.sents) and self.sents[i].start < hi:
            a, b = max(self.sents[i].start, lo), min(self.sents[i].end, hi)
            if b - a > 3:
                out.append((a, b))
            i += 1
        return out


def overlapping(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans (sorted by start, short) that overlap [lo, hi); a bisect, not a scan."""
    starts: list[int] = getattr(spans, "starts", None) or [a for a, _ in spans]
    i = bisect.bisect_left(starts, hi)
    out: list[tuple[int, int]] = []
    j = i - 1
    while j >= 0 and len(out) < 50:
        a, b = spans[j]
        if b > lo:
            out.append((a, b))
        elif lo - b > 5000:
            break
        j -= 1
    return out


def covering(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(a <= lo and hi <= b for a, b in overlapping(spans, lo, hi))


class Spans(list):
    """A sorted list of (start, end) with its starts cached for bisecting."""

    def __init__(self, items):
        super().__init__(sorted(items))
        self.starts = [a for a, _ in self]
