"""Split an article into chunks that fit a token budget, at paragraph boundaries.

Tokens are estimated cheaply as characters / 4 (close enough for English with
BPE tokenizers; the budget leaves room for the error). A paragraph larger than
the budget is split at sentence boundaries; a single sentence larger than the
budget stays whole, since cutting it would cut a quotation. Chunks are spans
of the source text (`text[start:end]`), so each is sent exactly as written.
"""

from __future__ import annotations

from ..models import SegmentedDocument, Span


def estimate_tokens(text: str) -> int:
    """A cheap token estimate: ceil(len / 4)."""
    return (len(text) + 3) // 4


def _pack(units: list[Span], budget: int) -> list[Span]:
    """Greedily join consecutive units into spans of at most `budget` estimated tokens."""
    out: list[Span] = []
    cur: Span | None = None
    for u in units:
        if cur is not None and (u.end - cur.start + 3) // 4 <= budget:
            cur = Span(start=cur.start, end=u.end)
            continue
        if cur is not None:
            out.append(cur)
        cur = u
    if cur is not None:
        out.append(cur)
    return out


def _sentences_in(seg: SegmentedDocument, span: Span) -> list[Span]:
    return [s for s in seg.sentences if s.start >= span.start and s.end <= span.end]


def chunk_spans(seg: SegmentedDocument, max_tokens: int) -> list[Span]:
    """Spans covering every paragraph of `seg` in order, each within `max_tokens` where possible."""
    units: list[Span] = []
    for p in seg.paragraphs:
        if (p.end - p.start + 3) // 4 <= max_tokens:
            units.append(p)
            continue
        sents = _sentences_in(seg, p)
        units.extend(_pack(sents, max_tokens) if len(sents) > 1 else [p])
    # Paragraph-sized units are packed together; sentence-packed pieces of a long paragraph stay apart.
    return _pack(units, max_tokens)


def split_span(seg: SegmentedDocument, span: Span) -> list[Span] | None:
    """Two smaller spans covering `span` (at a paragraph, else a sentence boundary), or None if it is one sentence.

    Used when an answer was cut off by the token limit: the chunk is re-asked as
    two halves, never re-sent unchanged.
    """
    for units in ([p for p in seg.paragraphs if p.start >= span.start and p.end <= span.end], _sentences_in(seg, span)):
        if len(units) < 2:
            continue
        total = units[-1].end - units[0].start
        # Cut at the unit boundary closest to the middle, so both halves shrink.
        best = min(range(1, len(units)), key=lambda k: abs((units[k].start - units[0].start) - total / 2))
        return [Span(start=units[0].start, end=units[best - 1].end), Span(start=units[best].start, end=units[-1].end)]
    return None
