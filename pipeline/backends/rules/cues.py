"""Words and cue verbs: tokens, the cue-word scan, a cue's text with its object."""

from __future__ import annotations

import bisect
import re

from ...lexicon import (
    CUE_LEMMA,
    TITLE_ABBREVIATIONS,
)
from ...textnorm import token_spans
from ...unicase import uni

_TOKEN = re.compile(r"[^\W_][\w'\u2019.&\u0300-\u036f-]*|[,;:()\u2014\u2013\"\u201c\u201d]|-{1,2}")


# --------------------------------------------------------------- helpers
def tokens(text: str, base: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), base + m.start(), base + m.end()) for m in _TOKEN.finditer(text)]


# Ranges longer than this are cut from one tokenization of the whole text (see `tokens_in`).
LONG_RANGE = 2_000
_DOC_TOKENS: tuple[str, list[int], list[tuple[str, int, int]]] | None = None


def _doc_tokens(text: str) -> tuple[list[int], list[tuple[str, int, int]]]:
    """The tokens of the whole text and their starts, computed once per text (the last one is kept)."""
    global _DOC_TOKENS
    cached = _DOC_TOKENS
    if cached is None or cached[0] is not text:
        toks = tokens(text, 0)
        cached = (text, [t[1] for t in toks], toks)
        _DOC_TOKENS = cached
    return cached[1], cached[2]


def tokens_in(text: str, lo: int, hi: int, long_range: int = LONG_RANGE) -> list[tuple[str, int, int]]:
    """`tokens(text[lo:hi], lo)`, in time independent of hi - lo for a long range.

    Linear time (issue 17): a cue verb's subject is looked for in the text from the
    sentence start to the cue, and a sentence with thousands of cues re-tokenized its
    start for each (n**2). Once the slice's scan yields a token the whole text's scan
    yields too, both scans go on alike, so the rest is a slice of the whole text's tokens
    (cut short at hi); only the pieces at the two ends are re-tokenized.
    """
    if hi - lo <= long_range:  # `tokens(text[lo:hi], lo)` without the slice (the pattern has no anchors)
        return token_spans(_TOKEN, text, lo, hi)
    starts, toks = _doc_tokens(text)
    head: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text, lo, hi):  # as on the slice: the pattern has no anchors
        tok = (m.group(0), m.start(), m.end())
        i = bisect.bisect_left(starts, m.start())
        if i < len(toks) and toks[i] == tok:
            break  # the same token as the whole text's: both scans go on alike from here
        head.append(tok)
    else:
        return head
    j = bisect.bisect_left(starts, hi)  # the whole text's tokens i..j-1 start before hi
    if toks[j - 1][2] > hi:  # the last one runs past hi: re-tokenize its start
        j -= 1
    y = toks[j - 1][2]
    return head + toks[i:j] + tokens(text[y:hi], y)


def cap(tok: str) -> bool:
    return tok[:1].isupper()


def lemma_of(tok: str) -> str | None:
    return CUE_LEMMA.get(tok.lower())


_POSSESSIVE = re.compile(r"['\u2019]s?$")


def strip_possessive(tok: str) -> str:
    return _POSSESSIVE.sub("", tok)


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


# A lower-case word of four letters or more that title case would capitalise (it leaves short
# prepositions and conjunctions small): one is enough to say the text is prose, not a headline.
_PROSE_WORD = re.compile(r"(?<![\w'\u2019-])[a-z]{4,}\b")
_TITLE_SMALL = frozenset({"with", "from", "into", "onto", "over", "than", "that", "upon", "amid", "about", "after"})


def title_case(s: str) -> bool:
    """Is `s` written in title case, as headlines are ("Trump Says He Will Win")?"""
    return all(m.group(0) in _TITLE_SMALL for m in _PROSE_WORD.finditer(s))


def verb_cased(word: str, at_start: bool, title: bool) -> bool:
    """Can the cue word `word` be a verb where it stands? In lower case, or capitalised where every
    word may be: at the start of its sentence or in a title-case headline. Capitalised anywhere else it
    is a word of a name ("the United States", "Islamic State", "the Cook Political Report", "State
    spokesman Mark Toner said"), and reading it as a cue made "the United" a speaker."""
    # (a verb made of a brand's name keeps its capital in some styles: "Murphy Tweeted on Friday")
    return word[:1].islower() or at_start or title or word.startswith("Tweet")


# `cue_text`'s patterns, compiled once: written inline, each call built the `uni` pattern (a few KB:
# every capital of any script) and hashed it to find it in `re`'s cache, 1.5% of a run's CPU time.
# A listener's name may hold a number and end in the kind of outlet it names: "the BBC's Today
# programme", "BBC Radio 4's Today programme", "CBS's 60 Minutes" (the cue keeps it whole, the
# content starts after it)
LISTENER_NUMBER = r"\d+(?:['\u2019]s\b|(?=\s+\p{Lu}))"  # in uni(): a number inside a name, not "told MPs 20 …"
LISTENER_OUTLET = r"(?:\s+(?:programme|program|show|podcast|newspaper|channel|station|website|magazine|documentary)\b)?"
_TOLD_OBJECT = re.compile(
    uni(
        r"\s+(the\s+\p{Lu}[\w.'\u2019\p{M}]*(?:\s+(?:\p{Lu}[\w.'\u2019\p{M}]*|"
        + LISTENER_NUMBER
        + r"))*"
        + LISTENER_OUTLET
        + r"|\p{Lu}[\w.'\u2019\p{M}]+(?:\s+(?:\p{Lu}[\w.'\u2019\p{M}]+|"
        + LISTENER_NUMBER
        + r"))*"
        + LISTENER_OUTLET
        + r"|reporters|journalists)"
    )
)
_INITIAL_END = re.compile(uni(r"(?:^|[\s.])\p{Lu}\.$"))
_OBJECT_WORD = re.compile(r"\S+")


# A word's full stop ends its sentence after three small letters ("Security.", "Clinton."), unless the word
# is a title's abbreviation ("Prof.", "Capt.", "Supt."): regex text for a lookbehind-only test after such
# a word's dot, shared by the name patterns that must not run across a sentence's end.
WORD_STOP_IS_NO_END = (
    r"(?:(?<![a-z]{3}\.)|"
    + "|".join(rf"(?<=\b{t.capitalize()}\.)" for t in sorted(TITLE_ABBREVIATIONS) if len(t) >= 4)
    + ")"
)


def is_abbreviation(word: str) -> bool:
    """ "Sen.", "J.", "U.S.": a full stop that does not end the sentence."""
    core = word[:-1]
    return core.lower() in TITLE_ABBREVIATIONS or len(core) == 1 or "." in core


_STATEMENT_PHRASE = re.compile(r"\s+(in a statement|in an interview|in a tweet|on twitter|in a letter)\b", re.I)


def cue_text(text: str, s: int, e: int, hi: int) -> str:
    """The cue verb plus a short object that belongs to it ('told the BBC', 'said in a statement')."""
    word = text[s:e]
    rest = text[e:hi]
    m = _TOLD_OBJECT.match(rest)
    if lemma_of(word) == "tell" and m:
        obj = m.group(1)
        # a full stop inside the run ends the sentence, unless it abbreviates ("told CNN. He was" is
        # no object "CNN. He"; "told the U.S. Senate", "told Mr. Lee" run on)
        for w in _OBJECT_WORD.finditer(obj):
            if w.end() < len(obj) and w.group(0).endswith(".") and not is_abbreviation(w.group(0)):
                obj = obj[: w.end()]
                break
        if obj.endswith(".") and not _INITIAL_END.search(obj):
            obj = obj[:-1]  # the sentence's full stop, not an abbreviation's ("told the U.S.")
        return f"{word} {obj}"
    m = _STATEMENT_PHRASE.match(rest)
    if m:
        return f"{word} {m.group(1)}"
    return word


_SAID_X_WORD = re.compile(uni(r"\p{L}[\w'\u2019.\p{M}-]*+"))
_SPACES = re.compile(r"\s++")


def _after_spaces(s: str, i: int) -> int:
    """Where the white space starting at s[i] ends (i when there is none)."""
    m = _SPACES.match(s, i)
    return i if m is None else m.end()


def words_then_end(
    s: str, max_words: int, end: re.Pattern[str], space_end: re.Pattern[str] | None = None
) -> str | None:
    """The words after a cue up to an end, as the regex `\\s+((?:WORD\\s*){1,max_words}?)END` finds them.

    WORD is `[A-Za-z][\\w'\u2019.-]*`. `end` is matched where a word and its white space
    stop; `space_end`, if given, where a word stops and white space follows (the
    `\\s+(?:in|on|...)\\b` ends). Returns group 1, or None when there is no match.

    That regex is exponential (issue 17): its `\\s*` may be empty, so one long word can be
    cut into max_words pieces in ~n**(max_words-1) ways, all tried before it fails. This
    walks the words once, in the order the regex's backtracking reaches its first match:
    after each whole word and its white space the end, then (words left) the next word,
    then an end inside the white space, then the last full stop inside the word (a
    cut-short piece); cutting a word into more pieces reaches no end those did not.
    """
    start = _after_spaces(s, 0)
    if start == 0:
        return None
    stop = _words_end(s, start, 1, max_words, end, space_end)
    return None if stop is None else s[start:stop]


def _words_end(
    s: str, p: int, k: int, max_words: int, end: re.Pattern[str], space_end: re.Pattern[str] | None
) -> int | None:
    """Where the match ends when word k (of at most max_words) starts at s[p], or None."""
    m = _SAID_X_WORD.match(s, p)
    if m is None:
        return None
    b = m.end()
    c = _after_spaces(s, b)
    if end.match(s, c):
        return c
    if k < max_words and c > b:
        got = _words_end(s, c, k + 1, max_words, end, space_end)
        if got is not None:
            return got
    if space_end is not None and c > b and space_end.match(s, c):
        return c - 1
    dot = s.rfind(".", p + 1, b)
    return dot if dot >= 0 else None


def has_quote(s: str) -> bool:
    return '"' in s or "\u201c" in s or "\u201d" in s  # (three substring tests: no regex scan)
