"""Quoted words with any verb: fronted participles, 'what X called "…"', `VERB OBJECT as "…"`."""

from __future__ import annotations

import re

from ...lexicon import (
    NOT_AS_QUOTED as _NOT_AS_QUOTED,
)
from ...lexicon import (
    NOT_SPEAKER_SUBJECTS,
    ROLE_HEADS,
)
from ...lexicon import (
    SENTENCE_OPENERS as _SENT_START_WORDS,
)
from ...models import QuoteSpan
from ...unicase import uni
from .contents import content_bounds
from .cues import (
    strip_possessive,
)
from .doc import Doc, Draft, Spans, overlapping
from .patterns import QUOTE_MARKS, Pattern, register
from .patterns import Example as E
from .subjects import (
    Subject,
    find_subject,
    leading_subject,
)

# "Reid has gone after Trump as a “human leech”", "pounding the bill as “a giveaway”":
# characterising someone or something in quoted words is an attribution (mixed) even when
# the verb is no verb of saying. The object is a name, a pronoun or a short "the/his …" phrase.
_AS_QUOTED = re.compile(
    r"\b(?P<verb>[a-z]{2,}(?:ed|ing|s)|went|gone|goes)\s+(?:(?:after|on|at|against)\s+)?"
    + uni(
        r"(?P<obj>(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.?\s+)?\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*){0,3}"
    )
    + r"|him|her|them|it|(?:the|his|her|their|its)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    r"\s+as\s+(?:an?\s+|the\s+)?$"
)
# 'what she called a "rant"', 'what Smith has described as "a disaster"'
_WHAT_X_CALLED = re.compile(
    uni(
        r"\b[Ww]hat\s+(?P<who>he|she|they|we|I|(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*){0,2}"
    )
    + r"|(?:the|his|her|their)\s+[a-z]+)\s+(?:has\s+|had\s+|have\s+|once\s+|later\s+)?"
    r"(?P<cue>called|calls|dubbed|dubs|termed|terms|labeled|labelled|described\s+as|describes\s+as|characterized\s+as|"
    r"deemed|branded|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?$"
)
# 'Bush called Trump "unhinged"', 'calling him a "loser"': naming someone or something in quoted words
# (no "as"); the object is a name, a pronoun or a short "the/his …" phrase, as for _AS_QUOTED
_X_CALLED = re.compile(  # not after a hyphen: "the so-called Gang “fixers”" is a scare quote, not a label
    r"(?<![\w-])(?P<verb>called|calls|calling|dubbed|dubs|dubbing|labeled|labelled|labeling|labelling|branded|brands|"
    r"branding|termed|terming|deemed|deeming)\s+"
    + uni(
        r"(?P<obj>(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.?\s+)?\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*){0,3}"
    )
    + r"|him|her|them|it|(?:the|his|her|their|its)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    r"\s+(?:an?\s+|the\s+)?$"
)


def _fronted_participle(d: Doc, q: QuoteSpan) -> Draft | None:
    """'Bemoaning the "phony system," Trump accused …': the main clause's subject said the quoted words."""
    text = d.text
    lo = d.sentence_start(q.start)
    m = re.match(r"(?:(?:But|And|Yet)\s+)?(?P<cue>[A-Z][a-z]{2,}ing)\s+", text[lo : q.start])
    if (
        m is None
        or m.group("cue").lower() in _SENT_START_WORDS | {"according"}
        or re.search(r"[,;:.!?]", text[lo + m.end() : q.start])
    ):
        return None
    after = text[q.end : q.end + 120]
    sm = re.match(r"\s*,?\s+", after)
    if sm is None or (text[q.end - 2 : q.end - 1] != "," and "," not in sm.group(0)):
        return None  # the participle clause must end with the quotation and a comma
    s_at = q.end + sm.end()
    subj = leading_subject(text, s_at, min(len(text), s_at + 80))
    if subj is None:
        dm = re.match(r"(?:the|a|an)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\b", after[s_at - q.end :])
        if dm and strip_possessive(dm.group(1).lower()) in ROLE_HEADS:
            subj = Subject(dm.group(0), s_at, s_at + len(dm.group(0)))
    if subj is None or subj.start != s_at or subj.text.lower() in NOT_SPEAKER_SUBJECTS:
        return None
    return Draft(
        lo + m.end(), q.end, subj.text, subj.start, m.group("cue"), "mixed", "quoted.fronted_participle", role=subj.role
    )


def as_quoted(d: Doc, drafts: list[Draft]) -> list[Draft]:
    """Mixed drafts around quotations no other pass claimed: a fronted participle clause,
    'what X called "…"', and `VERB OBJECT as "…"`."""
    text = d.text
    spans = Spans(sorted((dr.start, dr.end) for dr in drafts))
    out: list[Draft] = []
    for k, q in enumerate(d.quotes):
        if not (q.opened and q.closed) or overlapping(spans, q.start, q.end):
            continue
        s_lo = max(d.paras[q.paragraph].start, q.start - 160)
        fronted = _fronted_participle(d, q)
        if fronted is not None:
            out.append(fronted)
            spans = Spans(sorted([*spans, (fronted.start, fronted.end)]))
            continue
        wm = _WHAT_X_CALLED.search(text, s_lo, q.start)
        if wm is not None:
            c_hi = q.end
            out.append(
                Draft(
                    wm.start(), c_hi, wm.group("who"), wm.start("who"), wm.group("cue"), "mixed", "quoted.what_x_called"
                )
            )
            spans = Spans(sorted([*spans, (wm.start(), c_hi)]))
            continue
        m = _AS_QUOTED.search(text, s_lo, q.start)
        if m is None or m.group("verb") in _NOT_AS_QUOTED or re.search(r"[.!?;]", text[m.start() : q.start]):
            continue
        dr = _labelled(d, k, m, find_subject(text, max(d.sentence_start(q.start), s_lo), m.start("verb")))
        out.append(dr)
        spans = Spans(sorted([*spans, (dr.start, dr.end)]))
    return out


def x_called(d: Doc, spans: Spans) -> list[Draft]:
    """Mixed drafts `X called Y "…"` (`quoted.x_called`) around the quotations no span of `spans`
    overlaps. The rule backend runs it after the keep filter, on the quotations no kept mention
    holds: the learned layer and the keep filter are trained on the patterns before it, and a refit
    over other candidates moves their thresholds by more than this pattern changes."""
    text = d.text
    out: list[Draft] = []
    for k, q in enumerate(d.quotes):
        if not (q.opened and q.closed) or overlapping(spans, q.start, q.end):
            continue
        s_lo = max(d.paras[q.paragraph].start, q.start - 160)
        m = _X_CALLED.search(text, s_lo, q.start)
        if m is None or re.search(r"[.!?;]", text[m.start() : q.start]):
            continue
        # `X knocked Y and called Z "…"`, `X praised Y, calling Z "…"`: else the sentence's subject
        subj = find_subject(text, max(d.sentence_start(q.start), s_lo), m.start("verb")) or leading_subject(
            text, d.sentence_start(q.start), m.start("verb")
        )
        dr = _labelled(d, k, m, subj, "quoted.x_called")
        out.append(dr)
        spans = Spans(sorted([*spans, (dr.start, dr.end)]))
    return out


def _labelled(d: Doc, k: int, m: re.Match[str], subj: Subject | None, rule: str = "quoted.as_quoted") -> Draft:
    """The mixed draft of quotation `k` labelling the object `m` matched (`VERB OBJECT as "…"`,
    `called OBJECT "…"`): from the object to the quotation's end, with the quoted labels coordinated
    after it."""
    text = d.text
    end = d.quotes[k].end
    # '… as a “human leech” and a “spoiled brat.”': coordinated quoted labels belong to it
    for qn in d.quotes[k + 1 : k + 6]:
        if qn.paragraph != d.quotes[k].paragraph or not re.fullmatch(
            r"[\s\u00a0]*(?:,\s*)?(?:and|or)\s+(?:an?\s+|the\s+)?", text[end : qn.start]
        ):
            break
        end = qn.end
    c_hi = content_bounds(d, m.start("obj"), end)[1]
    if text[end - 1 : end] in '"\u201d' and c_hi < end - 1:
        c_hi = end  # keep the closing mark when only punctuation precedes it
    return Draft(
        m.start("obj"),
        c_hi,
        subj.text if subj else None,
        subj.start if subj else None,
        text[m.start("verb") : m.start("obj")].strip(),
        "mixed",
        rule,
        role=subj.role if subj else None,
    )


# The patterns this pass makes (pass 2: quoted words with any verb): registered with their examples, which
# tests/backends/rules/test_patterns.py runs. A new pattern is one entry here and the code above that
# writes its id.
register(
    Pattern(
        "quoted.fronted_participle",
        'Bemoaning the "…," X said …: the main clause\'s subject said the quoted words',
        QUOTE_MARKS,
        150,
        0.5,
        (
            E(
                "Mocking the \u201cgrand plan,\u201d Councillor Reyes voted against the budget.",
                "Councillor Reyes",
                "Mocking",
                "the \u201cgrand plan,\u201d",
            ),
        ),
    ),
    Pattern(
        "quoted.what_x_called",
        'what X called "…": the quoted words are X\'s',
        ("what",),
        151,
        0.55,
        (
            E(
                "The tenants marched against what the landlord called a \u201cfair increase\u201d in rent.",
                "the landlord",
                "called",
                "what the landlord called a \u201cfair increase\u201d",
            ),
        ),
    ),
    Pattern(
        "quoted.x_called",
        'X called Y a "…": naming someone or something in quoted words',
        ("call", "dub", "label", "brand", "term", "deem"),
        153,
        0.5,
        (
            E(
                "The treasurer called the plan \u201creckless.\u201d",
                "The treasurer",
                "called",
                "the plan \u201creckless.\u201d",
            ),
        ),
    ),
    Pattern(
        "quoted.as_quoted",
        'X has gone after Y as a "…": characterising someone in quoted words, with any verb',
        ("as",),
        152,
        0.5,
        (
            E(
                "Okafor has gone after the mayor as a \u201cpart-time leader\u201d all week.",
                "Okafor",
                "gone after",
                "the mayor as a \u201cpart-time leader\u201d",
            ),
        ),
    ),
)
