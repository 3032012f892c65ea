"""Words and cue verbs: tokens, the cue-word scan, a cue's text with its object."""

from __future__ import annotations

import re

from ...lexicon import (
    CUE_LEMMA,
)

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w'\u2019.&\u0300-\u036f-]*|[,;:()\u2014\u2013\"\u201c\u201d]|-{1,2}")


# --------------------------------------------------------------- helpers
def tokens(text: str, base: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), base + m.start(), base + m.end()) for m in _TOKEN.finditer(text)]


def cap(tok: str) -> bool:
    return tok[:1].isupper()


def lemma_of(tok: str) -> str | None:
    return CUE_LEMMA.get(tok.lower())


def strip_possessive(tok: str) -> str:
    return re.sub(r"['\u2019]s?$", "", tok)


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


class WordMatch:
    """A cue word found in a string (the slice of re.Match that the passes use)."""

    __slots__ = ("_s", "_e", "_w")

    def __init__(self, s: int, e: int, w: str):
        self._s, self._e, self._w = s, e, w

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _n: int = 0) -> str:
        return self._w


def cue_matches(s: str, pos: int = 0, endpos: int | None = None, lexicon: dict[str, str] = CUE_LEMMA):
    """Yield the cue words of `s` in order. A dictionary lookup per word: a regex alternation
    of a few hundred verb forms is what made this backend slow."""
    for m in WORD_RE.finditer(s, pos, len(s) if endpos is None else endpos):
        w = m.group(0)
        if w.lower() in lexicon:
            yield WordMatch(m.start(), m.end(), w)


def first_cue(s: str, pos: int = 0) -> WordMatch | None:
    return next(cue_matches(s, pos), None)


def cue_text(text: str, s: int, e: int, hi: int) -> str:
    """The cue verb plus a short object that belongs to it ('told the BBC', 'said in a statement')."""
    word = text[s:e]
    rest = text[e:hi]
    m = re.match(
        r"\s+(the\s+[A-Z][\w.'\u2019]*(?:\s+[A-Z][\w.'\u2019]*)*|[A-Z][\w.'\u2019]+(?:\s+[A-Z][\w.'\u2019]+)*|reporters|journalists)",
        rest,
    )
    if lemma_of(word) == "tell" and m:
        obj = m.group(1)
        if obj.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", obj):
            obj = obj[:-1]  # the sentence's full stop, not an abbreviation's ("told the U.S.")
        return f"{word} {obj}"
    m = re.match(r"\s+(in a statement|in an interview|in a tweet|on twitter|in a letter)\b", rest, re.I)
    if m:
        return f"{word} {m.group(1)}"
    return word


def has_quote(s: str) -> bool:
    return bool(re.search(r"[\"\u201c\u201d]", s))
