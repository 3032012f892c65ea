"""Stage 5, ground: find every extracted content in its source and compute offsets.

A backend's offsets are never trusted. Each content is located in the source
text, first exactly, then after normalising quotes, dashes, case and
whitespace, then fuzzily (rapidfuzz, with a threshold). A mention that cannot
be located is dropped and counted: no quote the article does not contain ever
reaches the output.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .models import (
    ExtractedMention,
    ExtractorInfo,
    GroundedMention,
    Mention,
    MentionSentence,
    SegmentedDocument,
)
from .textnorm import fold_chars

FUZZY_THRESHOLD = 90.0
_EDGE_CHARS = " \t\r\n\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb.,;:"


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    how: str  # "exact" | "normalized" | "fuzzy"


class _NormIndex:
    """The source folded to lower-case ASCII-ish form, with a map back to offsets."""

    def __init__(self, text: str):
        chars: list[str] = []
        back: list[int] = []
        prev_space = True
        for i, ch in enumerate(fold_chars(text)):
            if ch.isspace():
                if prev_space:
                    continue
                chars.append(" ")
                back.append(i)
                prev_space = True
                continue
            low = ch.lower()
            if len(low) != 1:
                low = ch
            chars.append(low)
            back.append(i)
            prev_space = False
        self.text = "".join(chars)
        self.back = back

    def to_source(self, s: int, e: int) -> tuple[int, int]:
        return self.back[s], self.back[e - 1] + 1


def _norm_needle(content: str) -> str:
    t = re.sub(r"\s+", " ", fold_chars(content)).strip(_EDGE_CHARS)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in t)


def _nearest(cands: list[int], hint: int | None) -> int:
    if hint is None or len(cands) == 1:
        return cands[0]
    return min(cands, key=lambda c: (abs(c - hint), c))


def _all(hay: str, needle: str, limit: int = 50, lo: int = 0, hi: int | None = None) -> list[int]:
    out: list[int] = []
    hi = len(hay) if hi is None else hi
    i = hay.find(needle, lo, hi)
    while i >= 0 and len(out) < limit:
        out.append(i)
        i = hay.find(needle, i + 1, hi)
    return out


def _exact(text: str, content: str, hint: int | None, lo: int, hi: int) -> Located | None:
    """`content` as it stands in text[lo:hi], the occurrence nearest `hint`; None if it is not there."""
    if hint is not None and lo <= hint and hint + len(content) <= hi and text.startswith(content, hint):
        return Located(hint, hint + len(content), "exact")
    cands = _all(text, content, lo=lo, hi=hi)
    if cands:
        s = _nearest(cands, hint)
        return Located(s, s + len(content), "exact")
    return None


def locate(
    text: str,
    content: str,
    hint: int | None = None,
    index: _NormIndex | None = None,
    window: tuple[int, int] | None = None,
) -> Located | None:
    """Find `content` in `text`; returns offsets into `text` or None.

    `hint` (a backend's guess) only breaks ties between several occurrences. `window` (start, end): look
    only there (an LLM's claim is in the chunk it was asked about; searched for in the whole article,
    each of a long article's answers cost time in proportion to the article, the whole n**2). `index`:
    the whole text's `_NormIndex`, built once by the caller (else one of the window is built here).
    """
    if not content or not content.strip():
        return None
    lo, hi = window if window is not None else (0, len(text))
    found = _exact(text, content, hint, lo, hi)
    if found is not None:
        return found
    needle = _norm_needle(content)
    if len(needle) < 3:
        return None
    base = 0
    if index is None:
        index, base = _NormIndex(text[lo:hi]), lo
        nlo, nhi = 0, len(index.text)
    else:
        nlo, nhi = bisect.bisect_left(index.back, lo), bisect.bisect_left(index.back, hi)
    cands = _all(index.text, needle, lo=nlo, hi=nhi)
    if cands:
        nhint = None if hint is None else bisect.bisect_left(index.back, hint - base)
        s = _nearest(cands, nhint)
        a, b = index.to_source(s, s + len(needle))
        return Located(a + base, b + base, "normalized")
    if len(needle) < 12 or len(needle) > nhi - nlo:
        return None
    al = fuzz.partial_ratio_alignment(needle, index.text[nlo:nhi], score_cutoff=FUZZY_THRESHOLD)
    if al is None or al.dest_end <= al.dest_start:
        return None
    # Fuzzy matches must cover nearly the whole needle, not a lucky fragment of it.
    if (al.dest_end - al.dest_start) < 0.85 * len(needle):
        return None
    a, b = index.to_source(al.dest_start + nlo, al.dest_end + nlo)
    a, b = a + base, b + base
    # An alignment may start or stop inside a word ('utnam has stood…'); a quotation is
    # made of whole words, so widen the span to the word boundaries around it.
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        b += 1
    a, b = _trim_to_needle(text, a, b, needle)
    while a < b and text[a] in _EDGE_CHARS[:4]:
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a < 0.5 * len(needle):
        return None
    return Located(a, b, "fuzzy")


_WORD = re.compile(r"\w+")
_OPENING_MARKS = '"\u201c\u2018\u201e\u00ab'
_CLOSING_MARKS = '"\u201d\u2019\u00bb'


def _trim_to_needle(text: str, a: int, b: int, needle: str) -> tuple[int, int]:
    """text[a:b], an alignment window as long as the normalised `needle`, without the words at its
    edges that the needle lacks: a model's wording one word longer than the article's ("will not be
    pursuing" of "will be pursuing") made the window run past the quotation's end into the next
    paragraph (`… in the courts."\nSir`) or frame (`… won the vote," she`). Then no edge punctuation
    but a mark the span opens or closes."""
    have = set(_WORD.findall(needle))
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, a, b)]
    while words and fold_chars(text[words[-1][0] : words[-1][1]]).lower() not in have:
        words.pop()
    while words and fold_chars(text[words[0][0] : words[0][1]]).lower() not in have:
        words.pop(0)
    if not words:
        return a, a
    a2, b2 = words[0][0], words[-1][1]
    # (the quotation's end mark stays with it, inside the window or just past it; so do its opening and
    # closing marks, as a pair)
    while b2 < len(text) and text[b2] in ".!?" and b2 - words[-1][1] < 3:
        b2 += 1
    if a2 > a and text[a2 - 1] in _OPENING_MARKS and b2 < len(text) and text[b2] in _CLOSING_MARKS:
        a2, b2 = a2 - 1, b2 + 1
    return a2, b2


def sentence_around(seg: SegmentedDocument, start: int, end: int, starts: list[int] | None = None) -> MentionSentence:
    """The smallest run of whole sentences covering [start, end)."""
    sents = seg.sentences
    if not sents:
        return MentionSentence(start=start, end=end)
    starts = starts if starts is not None else [s.start for s in sents]
    i = max(0, bisect.bisect_right(starts, start) - 1)
    j = i
    while j + 1 < len(sents) and sents[j].end < end:
        j += 1
    return MentionSentence(start=min(sents[i].start, start), end=max(sents[j].end, end))


@dataclass(frozen=True)
class GroundResult:
    mentions: tuple[GroundedMention, ...]
    dropped: int
    how: dict[str, int]


def ground(seg: SegmentedDocument, extracted: list[ExtractedMention], extractor: ExtractorInfo) -> GroundResult:
    """Extracted mentions in, grounded mentions (offsets from the source) out.

    Mentions whose content is not in the source are dropped and counted; links
    (`denies`) to dropped mentions are removed.
    """
    text = seg.text
    index: _NormIndex | None = None
    starts = [s.start for s in seg.sentences]
    kept: list[GroundedMention] = []
    how: dict[str, int] = {}
    dropped = 0
    for m in extracted:
        lo, hi = m.content_window or (0, len(text))
        loc = _exact(text, m.content, m.content_hint, lo, hi) if m.content and m.content.strip() else None
        if loc is None:
            index = index or _NormIndex(text)  # (built once, and only for a document that needs it)
            loc = locate(text, m.content, m.content_hint, index, m.content_window)
        if loc is None:
            dropped += 1
            continue
        how[loc.how] = how.get(loc.how, 0) + 1
        mention = Mention(
            doc_id=seg.doc.doc_id,
            start=loc.start,
            end=loc.end,
            text=text[loc.start : loc.end],
            speaker_text=m.speaker_text,
            cue=m.cue,
            sentence=sentence_around(seg, loc.start, loc.end, starts),
            rule=m.rule,
            source=seg.doc.source,
            url=seg.doc.url,
            title=seg.doc.title,
            confidence=round(m.confidence, 3),
        )
        kept.append(
            GroundedMention(
                local_id=m.local_id,
                mention=mention,
                speaker=m.speaker,
                quote_type=m.quote_type,
                polarity=m.polarity,
                denies=m.denies,
                confidence=m.confidence,
                extractor=extractor,
                doc_date=seg.doc.date,
                statement=m.statement,
                claim_type=m.claim_type,
            )
        )
    ids = {g.local_id for g in kept}
    kept = [
        g if set(g.denies) <= ids else g.model_copy(update={"denies": tuple(d for d in g.denies if d in ids)})
        for g in kept
    ]
    return GroundResult(mentions=tuple(kept), dropped=dropped, how=how)
