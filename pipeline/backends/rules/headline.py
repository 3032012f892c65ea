"""A headline that opens with its speaker's name and a colon: `Rubio: I still believe Trump can't be trusted`.

News sites print a statement in the headline after the name of whoever made it, with no verb of saying
and often no quotation marks (`Poll: Voters see Sanders as electable`, `Cecile Richards: 'I'm sick of
men telling us what to do'`); PolNeAR's annotators mark the words after the colon as that speaker's
statement. The other passes see no cue there, or one in the statement's own words (`Mark Cuban: I'd
consider a future White House bid` gave `I` the words after `consider`): such reports give way to the
label's statement, which holds them. A label is taken for a speaker only where it reads as
one: capitalised words, not a kicker in capitals (`BOOM:`, `EXCLUSIVE:`) or a series title (`The
Latest:`), and either the head of a speaker phrase (`Poll`, `Report`, `Insiders`) or a word the
article's body uses inside a sentence, as a name is (`Rubio` for `Sen. Marco Rubio said …`). On
PolNeAR train the first paragraphs of that shape that pass these tests are the annotators' statements
about nine times in ten.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from ...lexicon import DETERMINERS, ROLE_HEADS
from ...models import ExtractedMention, QuoteType
from ...unicase import uni
from .doc import Doc, Draft
from .patterns import QUOTE_MARKS, Pattern, register
from .patterns import Example as E

# the first paragraph: up to four capitalised words, a colon, then the statement
_LABELLED = re.compile(uni(r"[ \t]*(\p{Lu}[\w'\u2019.&-]*(?:[ \t]+\p{Lu}[\w'\u2019.&-]*){0,3})[ \t]*:[ \t]+(?=\S)"))
MAX_WORDS = 30  # a headline's length; a longer first paragraph is the story's first paragraph
MIN_STATEMENT_WORDS = 3  # "Christie: A closing surge." is a summary, not what Christie said
# headline kickers and section labels that stand where a speaker's name would
_KICKERS = frozenset(
    {
        "breaking",
        "exclusive",
        "watch",
        "video",
        "photos",
        "revealed",
        "bombshell",
        "wow",
        "look",
        "update",
        "analysis",
        "opinion",
        "editorial",
        "live",
        "correction",
        "byline",
        "contributing",
    }
)


def headline_statement(
    d: Doc, mentions: list[ExtractedMention], denied: AbstractSet[str] = frozenset()
) -> tuple[list[Draft], set[int]]:
    """The statement of a headline `LABEL: words` (the first of two paragraphs or more, `MAX_WORDS` words
    at most) whose label reads as a speaker, as one draft (`indirect.headline_label`; quote type by its
    quotation marks, single ones included), and the indices of the `mentions` it replaces: the reports
    inside the headline's words that are the label's own (`_labels_own`: `Mark Cuban: I'd consider a
    future White House bid` gave `I` the bid). A report there by someone the headline names stays beside
    it (`Okafor: Lindqvist said …`). None when a mention there has its speaker outside the words (the
    label's already: `Okafor: "…"`), is a denial or is denied (`denied`: local ids that mentions to come
    deny too)."""
    if len(d.paras) < 2:
        return [], set()
    text = d.text
    p = d.paras[0]
    m = _LABELLED.match(text, p.start, p.end)
    if m is None:
        return [], set()
    start, end = m.end(), p.end
    while end > start and text[end - 1].isspace():
        end -= 1
    words = text[start:end].split()
    label = m.group(1)
    if (
        len(text[p.start : end].split()) > MAX_WORDS
        or len(words) < MIN_STATEMENT_WORDS
        or text[start:end].rstrip("".join(QUOTE_MARKS) + "'\u2018\u2019 ").endswith("?")  # a question claims nothing
        or not _reads_as_speaker(label, d, p.end)
    ):
        return [], set()
    inside = {i for i, x in enumerate(mentions) if x.content_hint is not None and _touches(x, start, end)}
    denied = denied | {t for x in mentions for t in x.denies}
    for i in inside:
        x = mentions[i]
        if (
            x.speaker_hint is None
            or not start <= x.speaker_hint < end
            or x.polarity == "denial"
            or x.denies
            or x.local_id in denied
        ):
            return [], set()
    own = {
        i
        for i in inside
        if (mentions[i].content_hint or 0) < start or _labels_own(mentions[i].speaker_text, label, d, p.end)
    }  # (a report whose words hold the label, `Okafor: The deal will cost jobs, Lee says`, misread it)
    return [Draft(start, end, label, m.start(1), None, _quote_type(text[start:end]), "indirect.headline_label")], own


def _labels_own(speaker: str | None, label: str, d: Doc, body_start: int) -> bool:
    """Whether a report inside a headline, by `speaker`, is the label's own words: its speaker is `I`
    or `we` (the label's), the label itself, or no name the body prints inside a sentence (`Voters`,
    `campaign`; a Title Case headline's `My immigration` or `Paris Terror`), not someone it names."""
    words = re.sub(r"['\u2019]s?$", "", speaker or "").split()
    if not words:
        return True
    last = words[-1]
    return (
        last[:1].islower()
        or last.lower() in _FIRST_PERSON
        or last.lower() == re.sub(r"['\u2019]s?$", "", label.split()[-1]).lower()
        or not _named_in_body(d, last, body_start)
    )


def _named_in_body(d: Doc, word: str, body_start: int) -> bool:
    """Whether the body (from `body_start`) prints `word` inside a sentence (`Doc.inside_sentence`:
    after `Ms.` or a quotation's frame too), as a name is."""
    return any(
        d.inside_sentence(body_start + w.start())
        for w in re.finditer(r"\b" + re.escape(word) + r"\b", d.text[body_start:])
    )


_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})


def _touches(x: ExtractedMention, start: int, end: int) -> bool:
    """Whether mention `x`'s content (it has a `content_hint`) overlaps text[start:end]."""
    lo = x.content_hint or 0
    return lo < end and lo + len(x.content) > start


def _reads_as_speaker(label: str, d: Doc, body_start: int) -> bool:
    """Whether a headline's label names who spoke: not in capitals, not led by a determiner or a
    kicker, and ending in a speaker phrase's head noun or in a word the body uses inside a sentence."""
    words = label.split()
    if label.isupper() or words[0].lower() in DETERMINERS or any(w.lower() in _KICKERS for w in words):
        return False
    last = re.sub(r"['\u2019]s?$", "", words[-1])
    return last.lower() in ROLE_HEADS or _named_in_body(d, last, body_start)


# an opening quotation mark: double, curly single, or a typewriter single before a word (not "Can't");
# headlines quote in single marks
_OPENING = re.compile(r"[\"\u201c\u2018]|(?<![\w'])'(?=\w)")
_CLOSING_AT_END = re.compile(r"(?<=\S)[\"\u201d\u2019'][.;]?$")


def _quote_type(words: str) -> QuoteType:
    """`direct` for words that are one quotation (one opening mark, first, and a closing mark last),
    `mixed` for words holding a quotation, else `indirect`."""
    opening = _OPENING.findall(words)
    if not opening:
        return "indirect"
    if len(opening) == 1 and _OPENING.match(words) and _CLOSING_AT_END.search(words):
        return "direct"
    return "mixed"


register(
    Pattern(
        "indirect.headline_label",
        "a headline's statement after its speaker's name and a colon (`Rubio: …`, `Poll: …`)",
        (":",),
        34,
        0.8,
        (
            E(
                "Okafor: The port deal will cost the city jobs\n\n"
                "Councillor Amaka Okafor said on Monday that the deal had been rushed.",
                "Okafor",
                None,
                "The port deal will cost the city jobs",
            ),
            E(
                "Poll: Most voters back the transit levy.\n\nA survey of 900 residents found wide support.",
                "Poll",
                None,
                "Most voters back the transit levy.",
            ),
        ),
    ),
)
