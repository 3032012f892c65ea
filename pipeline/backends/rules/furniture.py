"""Not statements: captions, boilerplate, editor's notes and a headline the body repeats."""

from __future__ import annotations

import re

from ...unicase import lower_searchable
from .cues import (
    WORD_RE,
)
from .doc import Doc, Draft

# the writer's sign-off line: `Follow Jo Doe on Twitter @jodoe.`
SIGN_OFF = re.compile(r"[^\w\n]*Follow [^\n]{0,60}\bon Twitter\b", re.I)
# Captions and page furniture: what they say is not a statement of the article's.
_BOILERPLATE = re.compile(
    r"Media playback is unsupported|Media caption|Image caption|Image copyright|Video caption|"
    r"\b(?:Picture|Photo|Photograph|Image|Credit)s?:\s*[^.\n]{0,80}/\s*(?:PA|AP|AFP|Reuters|Getty|EPA)\b|"
    r"\bGetty Images\b|\(Photo by [^)]*\)|Click here to|Sign up for|Read more:|"
    r"(?<![^\n])" + SIGN_OFF.pattern,  # (at a line's start)
    re.I,
)
# The same pattern in lower case (it has no escape a capital would turn into another: a test checks),
# for lower-cased text (`lower_searchable`): 2.5x faster than the re.I scan.
_BOILERPLATE_LOW = re.compile(_BOILERPLATE.pattern.lower())


def _boilerplate(text: str, lo: int, hi: int, low: str) -> list[re.Match[str]]:
    """The `_BOILERPLATE` matches in text[lo:hi] (their offsets; `low` is `text.lower()`)."""
    if lower_searchable(text, low):
        return list(_BOILERPLATE_LOW.finditer(low, lo, hi))
    return list(_BOILERPLATE.finditer(text, lo, hi))


# An editor's note is the publication speaking about the article, not a reported statement;
# some outlets append the same note to every article on a subject.
_EDITOR_NOTE = re.compile(r"(?:^|\n)[ \t]*Editor[\u2019']?s[ \t]+[Nn]ote\b", re.M)


def _editor_note_paragraphs(d: Doc) -> set[int]:
    if "Editor" not in d.text:
        return set()  # every match holds the word: a substring test skips the line-by-line regex scan
    return {d.para_of(m.end()) for m in _EDITOR_NOTE.finditer(d.text)}


# Every _BOILERPLATE alternative contains one of these words: a case-insensitive regex
# scan of the whole article costs more than extracting from it, a substring test does not.
_BOILERPLATE_HINTS = (
    "media",
    "caption",
    "copyright",
    "picture",
    "photo",
    "image",
    "credit",
    "getty",
    "click here",
    "sign up",
    "read more",
    "on twitter",
)


def _boilerplate_paragraphs(d: Doc, low: str) -> set[int]:
    if not any(h in low for h in _BOILERPLATE_HINTS):
        return set()
    return {d.para_of(m.start()) for m in _boilerplate(d.text, 0, len(d.text), low)}


def _is_headline(d: Doc, k: int) -> bool:
    """The first paragraph when it is short and has no closing full stop: a headline."""
    if k != 0 or len(d.paras) < 2:
        return False
    p = d.paras[0]
    par = d.text[p.start : p.end].rstrip()
    return len(par.split()) <= 30 and not re.search(r"[.!?][\"\u201d\u2019']?$", par)


def drop_not_claims(d: Doc, drafts: list[Draft]) -> list[Draft]:
    """Drop statements made in captions and boilerplate, and a headline's that the body repeats."""
    text = d.text
    low = text.lower()
    furniture = _boilerplate_paragraphs(d, low)
    notes = _editor_note_paragraphs(d)
    # the words of every draft, for a headline's drafts only (most articles have none)
    body_words: list[set[str]] | None = None
    keep = []
    for n, dr in enumerate(drafts):
        k = d.para_of(dr.start)
        if k in notes:
            continue
        if k in furniture:
            # in a caption line only the caption itself is furniture, not the article after it
            p = d.paras[k]
            marks = [m.end() for m in _boilerplate(text, p.start, p.end, low)]
            line_end = text.find("\n", dr.start)
            if (
                marks
                and (line_end < 0 or line_end >= dr.end)
                and dr.start >= min(marks) - 200
                and (text.find(". ", max(marks), dr.start) < 0)
            ):
                continue
        if _is_headline(d, k):
            if body_words is None:
                body_words = [set(WORD_RE.findall(text[x.start : x.end].lower())) for x in drafts]
            words = body_words[n]
            repeated = any(
                o is not dr and d.para_of(o.start) != k and words and len(words & body_words[j]) >= 0.6 * len(words)
                for j, o in enumerate(drafts)
            )
            if repeated:
                continue
        keep.append(dr)
    return keep


# Set phrases built on a verb of saying that report nothing: the statement after them is the
# writer's ("Needless to say, the plan was dropped.", "All told, 40 people were hurt."), where the
# patterns gave it a speaker "Needless" or "All". (PolNeAR's annotators marked 2 such sentences of 3
# on train, with those same non-speakers; a story told, "the film tells the story of", they mark and
# it stays.) Made-up examples; tests/backends/rules/test_extractor.py runs them.
IDIOM_EXAMPLES: tuple[str, ...] = (
    "Needless to say, the plan was dropped.",
    "All told, 40 people were hurt.",
    "Sadly, truth be told, the club has no money.",
    "Suffice it to say, the mood was grim.",
)
_IDIOM_BEFORE = re.compile(
    r"\b(?:needless to say|suffice(?: it)? to say|all told|truth be told|truth to tell|to tell the truth|"
    r"so to speak|that is to say|strange to say|sad to say|it goes without saying)\s*,?\s*$",
    re.I,
)


def idiom_report(text: str, content_start: int) -> bool:
    """Whether a mention whose content starts at `content_start` only follows a set phrase ("Needless
    to say,"): no one's statement."""
    return _IDIOM_BEFORE.search(text, max(0, content_start - 40), content_start) is not None
