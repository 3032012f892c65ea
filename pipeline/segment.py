"""Stage 2, segment: a Document in, paragraphs, sentences and quotation spans out.

All spans are offsets into `Document.text`. Quotation marks may be straight
(`"`) or curly (`“ ”`, `„`). Two multi-paragraph conventions are handled:

- each paragraph re-opens the quote and only the last one closes it
  (`“A.\\n“B.\\n“C.”`): one piece per paragraph, all in one `group`;
- a statement opened in one paragraph and closed many paragraphs later with no
  marks in between: every paragraph up to the closing mark is inside.

A mark that does not fit either (a stray quote) never swallows more than its
own paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .ingest import date_header
from .lexicon import PLACE_INITIALS, SENTENCE_ABBREVIATIONS, SENTENCE_FINAL_ABBREVIATIONS, SENTENCE_START_WORDS
from .models import Document, QuoteSpan, SegmentedDocument, Span
from .unicase import UPPER_CLASS

OPENERS = "\u201c\u201e\u00ab"
CLOSERS = "\u201d\u00bb"
STRAIGHT = '"'
QUOTE_CHARS = OPENERS + CLOSERS + STRAIGHT
# Two apostrophes stand for a double quote in some wire copy (''like this'').
_QUOTE_RE = re.compile(f"''|[{QUOTE_CHARS}]")
# A closing mark this many paragraphs after an unclosed opener is taken as stray.
MAX_OPEN_PARAGRAPHS = 40

_PARA_RE = re.compile(r"[^\r\n]+")
_ABBREV = SENTENCE_ABBREVIATIONS
# Sentence end: . ! ? (or …), optional closing quotes/brackets, then space and a likely sentence start.
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)\.$")
# a name's run of initials ("J.D. Vance", "George H.W. Bush"): no sentence end, as one initial is none
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_]){1,2}")
# the two words right after a full stop, the first with its contraction ("They're"; an opening
# quotation mark after "a.m." may go on the sentence: 'At 9 a.m. "The vote is open," she said.')
_NEXT_WORDS = re.compile(r"\s+(\w+)(?:['\u2019]\w+)?\s+(\S)")
# the words searched back from a full stop for the word it ends: an abbreviation is shorter
_ABBREVIATION_REACH = 24


def _name_initials(word: str) -> bool:
    """Is the lower-cased `word` (its last full stop cut) a run of a name's initials ("j.d"), not a
    place's (a state's ends a sentence as any place does: "… in Lodi, N.J. Harmony's phone …")?"""
    return _INITIALS.fullmatch(word) is not None and word not in PLACE_INITIALS


# Linear time (issue 17): a match starts only at the first mark of a run (the lookbehind),
# and the run and its closing marks are taken whole (possessive). A shorter run can never
# be followed by the white space the lookahead needs, and a run's later marks end where
# its first does, so this finds the ends the plain pattern found; the plain one rescanned
# a run of n marks from each of its n starts (n**2 on "!!!!…" or "....").
# The leading lookahead repeats the run's first character: `re` then skips to the next mark
# instead of trying the lookbehind at every character (the same matches, 40% less time).
# The next sentence starts with a capital of any script or a digit (not a small letter: "… end. élan").
_SENT_END = re.compile(
    r"""(?=[.!?\u2026])(?<![.!?\u2026])[.!?\u2026]++["\u201d\u2019')\]]*+(?=\s++(?:''|["\u201c\u2018'(\[])?"""
    + f"[{UPPER_CLASS}0-9])"
)


# A hard-wrapped line (text cut at a fixed width, not at a paragraph): the line before ends with no
# sentence or quotation end (. ! ? : … or a closing quote or bracket), a single line break follows
# (no blank line) and the next line goes on in lower case.
_SOFT_WRAP = re.compile(r"(?<![.!?:\u2026\"\u201d\u2019')\]])[ \t]*(?:\r\n|\n|\r)[ \t]*")


def _paragraphs(text: str, start: int) -> list[Span]:
    """Paragraph spans (trimmed, non-empty) of text[start:]: one per line, a hard-wrapped line joined
    to the line it continues (`_SOFT_WRAP`)."""
    out: list[Span] = []
    for m in _PARA_RE.finditer(text, start):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        if out and text[s].islower() and _SOFT_WRAP.fullmatch(text, out[-1].end, s):
            out[-1] = Span(start=out[-1].start, end=e)
        else:
            out.append(Span(start=s, end=e))
    return out


def _ends_here(text: str, word: str, end: int) -> bool:
    """Does the abbreviation `word` (lower case, its last full stop cut), whose full stop ends at
    `end`, also end its sentence? Only one that can stand last ("p.m.", "Inc.", "U.S."), and only
    when the next word opens sentences, not names, and the word after it is not capitalised ("… at 7
    p.m. He says …", but "7 p.m. Eastern" and a Title Case headline's "From The U.S. The Deal")."""
    if word not in SENTENCE_FINAL_ABBREVIATIONS:
        return False
    m = _NEXT_WORDS.match(text, end)
    return m is not None and m.group(1).lower() in SENTENCE_START_WORDS and not m.group(2).isupper()


def with_abbreviation_stop(text: str, lo: int, hi: int) -> int:
    """`hi`, or `hi + 1` when text[lo:hi] ends in an abbreviation that can stand last ("… enter the
    U.S", "… at 7 p.m") and text[hi] is its full stop: a content that drops the sentence's stop
    keeps the word's."""
    if hi < len(text) and text[hi] == ".":
        # (the last few characters only, as in `_sentences`: a search of the whole content from each
        # of its characters is quadratic on a run of full stops)
        w = _WORD_BEFORE_DOT.search(text, max(lo, hi - _ABBREVIATION_REACH), hi + 1)
        if w is not None and w.group(1).lower() in SENTENCE_FINAL_ABBREVIATIONS:
            return hi + 1
    return hi


def _sentences(text: str, para: Span) -> list[Span]:
    out = []
    s = para.start
    for m in _SENT_END.finditer(text, para.start, para.end):
        end = m.end()
        # "Mr. Smith", "U.S. officials", "J. Edgar": not a sentence end. (Only the last 24
        # characters are searched: a longer word is no abbreviation either way.)
        w = m.group(0).startswith(".") and _WORD_BEFORE_DOT.search(
            text, max(s, m.start() - _ABBREVIATION_REACH), m.start() + 1
        )
        if w:
            word = w.group(1).lower()
            if word in _ABBREV:
                if not _ends_here(text, word, end):
                    continue
            elif (len(word) == 1 and word.isalpha()) or _name_initials(word):
                continue
        out.append(Span(start=s, end=end))
        s = end
        while s < para.end and text[s].isspace():
            s += 1
    if s < para.end:
        out.append(Span(start=s, end=para.end))
    return out


def _mark_len(text: str, i: int) -> int:
    return 2 if text.startswith("''", i) else 1


def _role(text: str, i: int) -> str:
    """Guess whether the quote mark at i opens or closes ('open'/'close')."""
    ch = text[i]
    n = _mark_len(text, i)
    before = text[i - 1] if i > 0 else " "
    after = text[i + n] if i + n < len(text) else " "
    # Curly marks say what they are, unless the context plainly says otherwise
    # (a paragraph opened with a closing mark, as some sites print).
    if ch in OPENERS:
        return "close" if (not before.isspace() and i > 0 and (after.isspace() or after in ".,;:!?")) else "open"
    if ch in CLOSERS:
        return "open" if ((before.isspace() or i == 0) and not after.isspace() and after not in ".,;:!?") else "close"
    if before.isspace() or before in "([{\u2014-/:" or i == 0:
        return "open" if not after.isspace() else "close"
    if after.isspace() or after in ".,;:!?)]}\u2014-" or i + 1 == len(text):
        return "close"
    return "open" if before in "\u2018'" else "close"


def quote_marks(text: str, lo: int, hi: int) -> Iterator[tuple[int, bool]]:
    """(offset, opens?) for each quotation mark in text[lo:hi] (`''` counts as one), its role guessed
    from its neighbours as the segmenter guesses it."""
    for m in _QUOTE_RE.finditer(text, lo, hi):
        yield m.start(), _role(text, m.start()) == "open"


def _para_index(paras: list[Span], pos: int) -> int:
    lo, hi = 0, len(paras) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if paras[mid].end <= pos:
            lo = mid + 1
        elif paras[mid].start > pos:
            hi = mid - 1
        else:
            return mid
    return max(0, min(lo, len(paras) - 1))


def _same_style(text: str, a: int, b: int) -> bool:
    """Both marks straight, or both curly: a quotation continued in the next paragraph
    re-opens with the mark it opened with; a switch of style starts something else
    (a site quoting an excerpt in straight marks, with the excerpt's own curly quotes)."""
    return (text[a] == '"' or text.startswith("''", a)) == (text[b] == '"' or text.startswith("''", b))


def _drop_nested(text: str, paras: list[Span], marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the marks of a curly quotation nested in another ('“… what he calls “hell” than …”').

    Within one paragraph, open-open-close-close in curly marks is one quotation with a
    quoted word inside, not a quotation that never closed followed by a stray closer.
    """
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(marks):
        window = marks[i : i + 4]
        if (
            len(window) == 4
            and [r for _, r in window] == ["open", "open", "close", "close"]
            and all(text[p] in OPENERS + CLOSERS for p, _ in window)
            and _para_index(paras, window[0][0]) == _para_index(paras, window[3][0])
        ):
            out += [window[0], window[3]]
            i += 4
            continue
        out.append(marks[i])
        i += 1
    return out


def find_quotes(text: str, paras: list[Span]) -> list[QuoteSpan]:
    """Locate quotation pieces (one per paragraph touched) in `text`."""
    marks = [(m.start(), _role(text, m.start())) for m in _QUOTE_RE.finditer(text)]
    marks = [(p, r) for p, r in marks if paras and paras[0].start <= p < paras[-1].end]
    marks = _drop_nested(text, paras, marks)
    pieces: list[QuoteSpan] = []
    group = -1
    open_at: int | None = None
    open_para = -1
    prev_group_last_para = -10
    prev_group_unclosed = False

    def add(start: int, end: int, opened: bool, closed: bool, pi: int) -> None:
        inner_s = start + _mark_len(text, start) if opened else start
        inner_e = end - (2 if closed and text[end - 2 : end] == "''" else 1) if closed else end
        pieces.append(
            QuoteSpan(
                start=start,
                end=end,
                inner_start=inner_s,
                inner_end=max(inner_s, inner_e),
                closed=closed,
                opened=opened,
                group=group,
                paragraph=pi,
            )
        )

    for pos, role in marks:
        pi = _para_index(paras, pos)
        if open_at is None:
            if role == "close":
                continue  # stray closing mark
            # A paragraph that re-opens right after an unclosed one continues its group.
            continues = (
                prev_group_unclosed
                and pi == prev_group_last_para + 1
                and pos == paras[pi].start
                and _same_style(text, pos, pieces[-1].start)
            )
            if not continues:
                group += 1
            open_at, open_para = pos, pi
            continue
        if pi == open_para:
            if (
                role == "open"
                and text[pos] in OPENERS + CLOSERS
                and (text[open_at] in OPENERS + CLOSERS or text[pos] in OPENERS)
            ):
                # Curly opener inside an open quote: the first was never closed (a curly
                # opener never closes a straight quote; excerpts nest curly inside straight).
                add(open_at, pos, True, False, pi)
                _trim_last(pieces, text)
                group += 1
                open_at = pos
                continue
            add(open_at, pos + _mark_len(text, pos), True, True, pi)
            prev_group_unclosed = False
            prev_group_last_para = pi
            open_at = None
            continue
        # The mark is in a later paragraph than the opener.
        if role == "close" and pi - open_para <= MAX_OPEN_PARAGRAPHS:
            # Statement opened long ago and closed here: everything between is quoted.
            add(open_at, paras[open_para].end, True, False, open_para)
            for mid in range(open_para + 1, pi):
                add(paras[mid].start, paras[mid].end, False, False, mid)
            add(paras[pi].start, pos + _mark_len(text, pos), False, True, pi)
            prev_group_unclosed = False
            prev_group_last_para = pi
            open_at = None
            continue
        # Opener (or a stray closer far away): the earlier quote ended with its paragraph.
        add(open_at, paras[open_para].end, True, False, open_para)
        prev_group_unclosed = True
        prev_group_last_para = open_para
        open_at = None
        if role == "close":
            continue
        continues = (
            pi == prev_group_last_para + 1 and pos == paras[pi].start and _same_style(text, pos, pieces[-1].start)
        )
        if not continues:
            group += 1
        open_at, open_para = pos, pi
    if open_at is not None:
        add(open_at, paras[open_para].end, True, False, open_para)
    return pieces


def _trim_last(pieces: list[QuoteSpan], text: str) -> None:
    q = pieces[-1]
    e = q.end
    while e > q.start + 1 and text[e - 1].isspace():
        e -= 1
    pieces[-1] = q.model_copy(update={"end": e, "inner_end": max(q.inner_start, e)})


def segment(doc: Document) -> SegmentedDocument:
    """Split a Document into paragraphs, sentences and quotation pieces (all offsets)."""
    _, body = date_header(doc.text)
    paras = _paragraphs(doc.text, body)
    sentences = [s for p in paras for s in _sentences(doc.text, p)]
    quotes = find_quotes(doc.text, paras)
    return SegmentedDocument(
        doc=doc, body_start=body, paragraphs=tuple(paras), sentences=tuple(sentences), quotes=tuple(quotes)
    )
