"""Text normalisation shared by grounding, merging and IDs."""

from __future__ import annotations

import hashlib
import re
from typing import AnyStr

_TRANS = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)
_FOLD = tuple((chr(k), v) for k, v in _TRANS.items())  # (char, its one-char ASCII stand-in)
_WS = re.compile(r"\s+")
_EDGE_CHARS = " \"'.,;:!?-"  # what `normalize` trims at both ends (whitespace is all " " by then)
_WORD = re.compile(r"\w+", re.UNICODE)
_DASH = re.compile(r"\s*-\s*")

_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


def token_spans(pattern: re.Pattern[str], text: str, lo: int = 0, hi: int | None = None) -> list[tuple[str, int, int]]:
    """(text, start, end) of each match of `pattern` in text[lo:hi] (offsets in `text`), in order: what
    `[(m.group(0), m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]` gives, with the three
    calls per match made by `map` (a quarter faster: the tokenisers run this for every sentence)."""
    ms = list(pattern.finditer(text, lo, len(text) if hi is None else hi))
    return list(zip(map(_GROUP, ms), map(_START, ms), map(_END, ms)))


def fold_chars(text: str) -> str:
    """Map curly quotes, dashes and odd spaces to ASCII, one char for one char.

    Length-preserving, so an offset in the folded string is an offset in the
    original: grounding relies on that.
    """
    # Every mapped char is non-ASCII, and isascii() is O(1) on CPython (a flag). Otherwise a few
    # replace() scans are ~10x faster than translate(), which looks every char up in a dict.
    if text.isascii():
        return text
    for ch, ascii_ch in _FOLD:
        if ch in text:
            text = text.replace(ch, ascii_ch)
    return text


def normalize(text: str) -> str:
    """Case-, quote-, dash- and whitespace-insensitive form used to compare wordings."""
    t = _WS.sub(" ", fold_chars(text).lower())
    if "-" in t:  # (without one, the two lines below change nothing)
        t = _DASH.sub(" - ", t)  # "This - along" == "This -along"
        t = _WS.sub(" ", t)
    return t.strip(_EDGE_CHARS)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits), punctuation dropped."""
    return [w.lower() for w in _WORD.findall(fold_chars(text))]


def stable_id(*parts: str, length: int = 16) -> str:
    """Content-derived ID: same parts, same ID, on every machine and run."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


# JSON can spell a lone surrogate (\ud800): it loads, but is no text and cannot be written out as UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_problem(what: str, ch: str, at: int | None) -> str:
    """The words every reader of JSON lines uses for a lone surrogate `ch` found in `what` (a field or
    key, as the message names it), at character `at` of it when known."""
    where = f" at character {at}" if at is not None else ""
    return f"{what} holds an unpaired surrogate escape (\\u{ord(ch):04x}){where}"


def without_bom(s: AnyStr) -> AnyStr:
    """`s` less a UTF-8 byte-order mark at its start (a Windows editor's), as text or as bytes."""
    if isinstance(s, bytes):
        return s.removeprefix(b"\xef\xbb\xbf")
    return s.removeprefix("\ufeff")
