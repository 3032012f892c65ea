"""Where one clause ends and another begins, for contents that must not run into the next clause."""

from __future__ import annotations

import re

from .checkworthy.types import has_finite_verb
from .lexicon import BE_FORMS, NEGATIONS

# a subject and a backshifted verb (would, could, might, should, had): reported speech going on
# ("said the server was open, and he had total access to it", "…, while China would bring money")
_BACKSHIFT = re.compile(
    r"(?:he|she|they|it|we|I|the \w+|this|that|[A-Z]\w*)\s+(?:\w+ly\s+)?(?:would|could|might|should|had)\b"
)
_PRONOUNS = ("he ", "she ", "they ", "it ", "we ", "I ")


def joins_clauses(text: str, lo: int, at: int, subject: int, hi: int) -> bool:
    """Does the comma and conjunction at `at` (a `lexicon.NEW_CLAUSE` match in `text[lo:hi]`, its
    subject starting at `subject`) join two clauses, rather than close a list or open a phrase set
    off by commas, or go on with what is reported? No when the new clause's verb is backshifted
    (its subject then `would`, `could`, `might`, `should` or `had`: "said the server was open, and
    he had access to it"). Yes when the stretch since the comma before it (or `lo`) has a finite
    verb ("said the vote was fair, but the count took a week"); no when that stretch is a short verbless list
    item after another comma ("met envoys from Paris, Berlin, and London"); yes when the subject
    is a pronoun; otherwise yes unless the stretch from the subject to the next comma has no finite
    verb ("said the town, and its two villages, had lost power"). The rules' report end asks it;
    on PolNeAR train and dev the F1 is unchanged and lists stay whole."""
    if _BACKSHIFT.match(text, subject):
        return False
    prev = text.rfind(",", lo, at)
    before = text[max(lo, prev + 1) : at]
    if has_finite_verb(before):
        return True
    if prev >= lo and _list_item(before) and not text[lo:prev].rstrip()[-1:].isdigit():
        return False  # the last item of a list: "Paris, Berlin, and London"
    if text.startswith(_PRONOUNS, subject):
        return True
    nxt = text.find(",", subject, hi)
    # a phrase set off by commas: "the town, and its two villages, lost power"; but a subject with an
    # aside that reports ("though a senior official, speaking on condition of anonymity, said …")
    return nxt < 0 or has_finite_verb(text[subject:nxt]) or _ASIDE_THEN_REPORT.match(text, nxt, hi) is not None


# an aside set off by commas (a participle phrase), then a verb of saying
_ASIDE_THEN_REPORT = re.compile(
    r",\s+[a-z]+ing\b[^,.;:!?]{0,80},\s+(?:said|says|told|tells|added|argued|warned|insisted)\b"
)


def _list_item(stretch: str) -> bool:
    """A few words with no verb and no digit (digits between commas are dates: "Sept. 11, 2001,")."""
    return len(stretch.split()) <= 4 and not any(c.isdigit() for c in stretch) and not has_finite_verb(stretch)


_BE_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(BE_FORMS | {"am", "get", "gets", "got", "getting"})) + r")\s+(?:\w+ly\s+)?$", re.I
)
_WORD_AT = re.compile(r"\w+")


# the word before the cue, past one adverb: "has never denied", "did not (publicly) deny", "didn't dispute"
_WORD_BEFORE_CUE = re.compile(r"([\w'\u2019]+)\s+(?:(?:yet|publicly|explicitly|directly|specifically)\s+)?$", re.I)


def negated_at(text: str, cue_start: int) -> bool:
    """Whether the verb at `cue_start` is negated (a word of `lexicon.NEGATIONS` before it: "has never
    denied that …", "did not dispute"): a denial cue so negated denies nothing."""
    m = _WORD_BEFORE_CUE.search(text, max(0, cue_start - 40), cue_start) if cue_start > 0 else None
    return m is not None and m.group(1).lower() in NEGATIONS


def passive_at(text: str, cue_start: int) -> bool:
    """Whether the verb at `cue_start` is a passive (`had been dismissed for misconduct`, `was
    rejected by voters`, `is being denied the opportunity`): its subject is what was denied or
    dismissed, not someone denying. On PolNeAR train all 9 denials the rules had marked on such a
    verb were none (a firing, a lost vote, rights withheld)."""
    word = _WORD_AT.match(text, cue_start)
    if word is None or word.group(0).lower().endswith("ing"):
        return False  # "is denying the claims": a progressive, someone denying
    return cue_start > 0 and _BE_BEFORE.search(text, max(0, cue_start - 30), cue_start) is not None
