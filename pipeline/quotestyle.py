"""Single quotation marks as a document's quotation style (‘like this’, as some British papers print).

The segmenter and the rules read double quotation marks; in a document that quotes with single curly
marks and prints no double mark at all, `as_double_quotes` writes each opening ‘ and each closing ’ as
“ and ” (one character for one, so every offset stays), and the pipeline runs on that copy
(`run.process_document`), its mentions' text sliced again from the original. An apostrophe is no
closing mark: a ’ followed by a letter (`I’ve`, `don’t`) never closes, and a ’ after an `s` and
before a space (`the workers’ union`) closes only when nothing later in its paragraph can.

Plain-text copies print the same style with the typewriter mark ('like this'), one character for
opening, closing and apostrophe alike. There a ' opens only at a word's start (after a space, a
bracket or a dash, or opening the paragraph) before a letter, and is read as a quotation mark only
when a closing one follows in its paragraph, or when it opens the paragraph (a quotation going on
over paragraphs reopens each one): `'em`, `'90s` and `rock 'n' roll`'s lone marks stay apostrophes.
"""

from __future__ import annotations

import re

from .models import Document, GroundedMention

OPEN_SINGLE = "\u2018"
CLOSE_SINGLE = "\u2019"
_DOUBLE_MARKS = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "''")
_PARAGRAPH = re.compile(r"[^\r\n]+")


TYPEWRITER = "'"
# a typewriter mark that may open a quotation: at a word's start, before a letter
_TYPEWRITER_OPENING = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013-]))'(?=[^\W\d_])", re.M)


def single_quoted(text: str) -> bool:
    """Does `text` quote with single marks only: an opening ‘ (or a typewriter ' where one may open)
    and no double mark of any kind?"""
    if any(mark in text for mark in _DOUBLE_MARKS):
        return False
    return OPEN_SINGLE in text or _TYPEWRITER_OPENING.search(text) is not None


def _closes(par: str, i: int, mark: str = CLOSE_SINGLE) -> bool:
    """Is the `mark` at `par[i]`, inside an open quotation, its closing mark rather than an apostrophe?"""
    after = par[i + 1] if i + 1 < len(par) else " "
    if after.isalnum():
        return False  # I’ve, don’t, rock’n’roll
    before = par[i - 1] if i > 0 else " "
    if before.isspace():
        return False  # a mark after a space opens ('em), it closes nothing
    if before == "s" and after.isspace():
        # the workers’ union: an apostrophe when a later mark in the paragraph closes the quotation
        nxt = par.find(mark, i + 1)
        while nxt >= 0:
            if _closes(par, nxt, mark):
                return False
            nxt = par.find(mark, nxt + 1)
    return True


def _typewriter_pairs(par: str) -> list[int]:
    """Offsets in `par` of the typewriter marks that open or close its quotations."""
    marks: list[int] = []
    open_at = -1
    for i, ch in enumerate(par):
        if ch != TYPEWRITER:
            continue
        if open_at < 0:
            if _TYPEWRITER_OPENING.match(par, i):
                open_at = i
        elif i - open_at <= 2 and not par[i + 1 : i + 2].isalnum():
            open_at = -1  # one letter between two marks is elided, not quoted: rock 'n' roll ('I'm opens)
        elif _closes(par, i, TYPEWRITER):
            marks += [open_at, i]
            open_at = -1
    if open_at >= 0 and not par[:open_at].strip():
        marks.append(open_at)  # a quotation going on into the next paragraph
    return marks


def as_double_quotes(text: str) -> str:
    """`text` with its single quotation marks written as double ones, paragraph by paragraph (a
    paragraph may re-open a quotation, none closes one opened in another); the same length."""
    out = list(text)
    curly = OPEN_SINGLE in text
    for pm in _PARAGRAPH.finditer(text):
        par, base, open_at = pm.group(0), pm.start(), -1
        if curly:
            for i, ch in enumerate(par):
                if ch == OPEN_SINGLE:
                    out[base + i], open_at = "\u201c", i
                elif ch == CLOSE_SINGLE and open_at >= 0 and _closes(par, i):
                    out[base + i], open_at = "\u201d", -1
        elif TYPEWRITER in par:
            marks = _typewriter_pairs(par)
            for n, i in enumerate(marks):
                out[base + i] = "\u201c" if n % 2 == 0 else "\u201d"
    return "".join(out)


def double_quoted(doc: Document) -> Document:
    """`doc`, or a copy whose single quotation marks read as double ones when it quotes that way."""
    if not single_quoted(doc.text):
        return doc
    return doc.model_copy(update={"text": as_double_quotes(doc.text)})


def verbatim(text: str, mentions: tuple[GroundedMention, ...]) -> tuple[GroundedMention, ...]:
    """`mentions` with each one's text sliced again from the original `text` (the offsets are the same)."""
    return tuple(
        g.model_copy(update={"mention": g.mention.model_copy(update={"text": text[g.mention.start : g.mention.end]})})
        for g in mentions
    )
