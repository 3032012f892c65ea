"""A claim's wording for a fact-checker: clean content and a self-contained statement.

`clean_content(text)` gives the statement's words without the quotation marks that enclose them, without
a mark left unbalanced (a quotation cut by the sentence splitter, or opened in a paragraph that never
closes it), with white space folded. Balanced quotation marks inside (the quoted words of a mixed
quote) stay. `mentions[].text` keeps the verbatim source slice; only `content` is cleaned.

`statement(...)` writes the claim the way editors clarify quotes: the speaker named and references the
document resolves put in square brackets after the word they clarify —
`Philip Rutnam: "She [Priti Patel] has not made the effort I [Philip Rutnam] would expect."`
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Opening mark -> the marks that may close it. Straight double quotes close themselves.
_CLOSERS = {'"': '"', "\u201c": "\u201d\u201c", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u201f": "\u201d"}
_OPENERS = set(_CLOSERS)
_CLOSING = {"\u201d", "\u00bb"}
_ALL_DOUBLE = _OPENERS | _CLOSING
_DOUBLE_MARK = re.compile("[" + "".join(sorted(_ALL_DOUBLE)) + "]")
_TRAILING = ",;:"
_STRAY_BETWEEN_WORDS = re.compile(
    r"(?<=\w)\0+(?=\w)"
)  # a quotation cut before its frame ('"We will win," she said') ends in a comma


def _pairs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Matched (open, close) positions of double quotation marks, and the positions left unmatched."""
    pairs: list[tuple[int, int]] = []
    stray: list[int] = []
    stack: list[int] = []
    for q in _DOUBLE_MARK.finditer(text):  # the marks only, not every character: twice as fast
        i, ch = q.start(), q.group()
        if stack and ch in _CLOSERS[text[stack[-1]]]:
            # a curly opener after a curly opener nests; a straight mark always closes the open straight one
            if ch == "\u201c" and text[stack[-1]] == "\u201c":
                stack.append(i)
                continue
            pairs.append((stack.pop(), i))
        elif ch in _OPENERS:
            stack.append(i)
        else:
            stray.append(i)
    return pairs, sorted(stray + stack)


# A claim's content and its statement clean the same words (and outlets print the same quote): cached,
# bounded so a long run's memory stays flat.
@lru_cache(maxsize=1 << 14)
def clean_content(text: str) -> str:
    """`text` with white space folded, enclosing quotation marks removed and unbalanced marks dropped."""
    s = " ".join(text.split())
    pairs, stray = _pairs(s)
    if stray:
        drop = set(stray)
        # a stray mark between two words becomes a space, elsewhere it goes
        marked = "".join("\0" if i in drop else ch for i, ch in enumerate(s))
        s = _STRAY_BETWEEN_WORDS.sub(" ", marked).replace("\0", "")
        s = " ".join(s.split())
        pairs, _ = _pairs(s)
    while True:
        body = s.rstrip(_TRAILING + " ")
        # the whole content is one quotation, perhaps with the full stop outside it ('"…".')
        tail = ""
        if body[-1:] in ".!?" and len(body) >= 2 and body[-2] in _ALL_DOUBLE:
            body, tail = body[:-1], body[-1]
        if len(body) >= 2 and body[0] in _OPENERS and (0, len(body) - 1) in pairs:
            s = (body[1:-1].strip() + tail).strip()
            pairs, _ = _pairs(s)
            continue
        return s.rstrip(_TRAILING + " ")


@dataclass(frozen=True)
class Clarification:
    """A word of the content (`start`..`end`, offsets into the content) and what it refers to."""

    start: int
    end: int
    refers_to: str


def bracketed(content: str, clarifications: Sequence[Clarification]) -> str:
    """`content` with ` [refers_to]` after each clarified word (overlapping or repeated ones once)."""
    out: list[str] = []
    at = 0
    for c in sorted(clarifications, key=lambda c: (c.start, c.end)):
        if c.start < at or not (0 <= c.start < c.end <= len(content)):
            continue
        if content[c.start : c.end].strip().lower() == c.refers_to.strip().lower():
            continue
        out.append(content[at : c.end])
        out.append(f" [{c.refers_to}]")
        at = c.end
    out.append(content[at:])
    return "".join(out)


def statement(speaker: str | None, content: str, quote_type: str, clarifications: Sequence[Clarification] = ()) -> str:
    """One sentence a fact-checker can check without the article.

    Direct quotes: `Speaker: "words"`; indirect and mixed: `According to Speaker, words`. `content` is the
    verbatim wording; `clarifications` index into it. An unknown speaker is written as such, so the
    statement never pretends to know who spoke.
    """
    clarified = bracketed(content, clarifications)
    words = clean_content(clarified)
    who = speaker or "an unidentified source"
    if quote_type == "direct":
        inner = words.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
        return f'{who[:1].upper() + who[1:]}: "{inner}"'
    if words.lower().startswith("that "):
        words = words[5:]
    return f"According to {who}, {words}"
