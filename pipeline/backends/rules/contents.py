"""Reported contents: where a content starts after its cue and where it ends."""

from __future__ import annotations

import re
from typing import Literal

from ...checkworthy.types import has_finite_verb
from ...lexicon import (
    AUX_WORDS,
    BARE_CLAUSE,
    CUE_LEMMA,
    DATELINE,
    DENIAL_LEMMAS,
    TAKES_OBJECT,
    TO_CLAUSE,
    TO_RIGHT_AFTER,
    WEEKDAYS,
    WH_AFTER_OBJECT,
    WH_CLAUSE_LEMMAS,
    past_form,
)
from ...segment import with_abbreviation_stop
from ...unicase import uni
from .cues import LISTENER_NUMBER, LISTENER_OUTLET
from .doc import Doc

_NP_OK_LEMMAS = {"say", "tell"} | DENIAL_LEMMAS  # may take a bare noun phrase ("denied any involvement")


def content_bounds(d: Doc, lo: int, hi: int) -> tuple[int, int]:
    text = d.text
    # a closing mark at the start belongs to a quotation that ended before the content
    # ('it "categorically denied" the claims' -> "the claims")
    while lo < hi and (text[lo] in " ,:\u2014-\u201d" or text[lo] in '".' and text[lo + 1 : lo + 2].isspace()):
        lo += 1
    while hi > lo and text[hi - 1] in " .!?;,":
        hi -= 1
    # a wire story's dateline is no part of what its source said ("SANTIAGO, Chile (Agency) - Rescuers …")
    dl = DATELINE.match(text, lo, hi)
    if dl is not None:
        lo = dl.end()
    # a bracket the content does not close (or open) holds it, as an aside: "(The book has sold …, according to X.)"
    if lo < hi and text[lo] == "(" and text.count("(", lo, hi) > text.count(")", lo, hi):
        lo += 1
        while lo < hi and text[lo].isspace():
            lo += 1
    if lo < hi and text[hi - 1] == ")" and text.count(")", lo, hi) > text.count("(", lo, hi):
        hi -= 1
        while hi > lo and text[hi - 1] in " .!?;,":
            hi -= 1
    return lo, with_abbreviation_stop(text, lo, hi)


FINITE_VERB = re.compile(r"\b(?:is|are|was|were|had|has|have|will|would|could|can|should|did|does|do|must|might|may)\b")


def complement(d: Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """Where the reported content starts after a cue verb, and where it ends.

    text[lo:hi] is the sentence after the cue verb of `lemma`. Returns the content's
    bounds and what the cue gains (" on" for "called on"), or None: no report here."""
    special = _OBJECT_FRAMES.get(lemma)
    if special is not None:
        return special(d, lo, hi)
    found = _wh_clause(d, lemma, lo, hi) if lemma in WH_CLAUSE_LEMMAS else None
    if found is None and lemma in TO_CLAUSE and _TO_VERB_NEXT.match(d.text, lo, hi):
        # "vowed to veto any bill that raised taxes": the to-clause right after the cue is the content,
        # not a relative "that" inside it
        to = _to_clause(d, lemma, lo, hi)
        if to is not None:
            return to or None
    found = found or _that_clause(d, lo, hi, lemma not in TAKES_OBJECT)
    if found is not None:
        return found
    if lemma in TO_CLAUSE:
        to = _to_clause(d, lemma, lo, hi)
        if to is not None:
            return to or None
    if lemma in BARE_CLAUSE or lemma in DENIAL_LEMMAS:
        return _bare_clause(d, lemma, lo, hi)
    return None


def _called(d: Doc, lo: int, hi: int) -> tuple[int, int, str] | None:
    """ "called on X to …"; "called the resignation "utterly explosive"": the quotation is the claim."""
    rest = d.text[lo:hi]
    m = re.match(r"\s+on\s+(?:[\w'\u2019.-]+\s+){1,6}?to\s+", rest)
    if not m:
        qm = re.match(r"\s+[^.;:\"\u201c]{1,80}?\s+([\"\u201c][^\"\u201d]{2,200}[\"\u201d])", rest)
        if qm:
            return lo + qm.start(1), lo + qm.end(1), ""
        return None
    c_lo, c_hi = content_bounds(d, lo + m.end(), hi)
    return c_lo, c_hi, " on"


def _accused(d: Doc, lo: int, hi: int) -> tuple[int, int, str] | None:
    """ "accused X of …": the content starts after "of"."""
    m = re.match(r"\s+(?:[\w'\u2019.-]+\s+){1,5}?of\s+", d.text[lo:hi])
    if not m:
        return None
    c_lo, c_hi = content_bounds(d, lo + m.end(), hi)
    return c_lo, c_hi, ""


def _described(d: Doc, lo: int, hi: int) -> tuple[int, int, str] | None:
    """ "described X as …": the content is "X as …", what was said of what (PolNeAR marks it so: on
    train 32 of 39 such contents the rules found hold the object); "described as …" with no object, or
    a description that is one quotation, starts after "as"."""
    m = re.match(r"\s+(?P<object>(?!as\s)[^.;:]{1,80}?\s+)?as\s+", d.text[lo:hi])
    if not m:
        return None
    c_lo, c_hi = content_bounds(d, lo + m.end(), hi)
    if m.group("object") and not _QUOTATION.fullmatch(d.text, c_lo, c_hi):
        c_lo = lo + m.start("object")
    return c_lo, c_hi, ""


# a content that is one quotation: 'described the resignations as "utterly explosive"' claims the quoted
# words, as 'called the resignation "utterly explosive"' does (`_called`), so that both are one claim
_QUOTATION = re.compile(r"[\"\u201c][^\"\u201c\u201d]+[\"\u201d]")


_OBJECT_FRAMES = {"call": _called, "accuse": _accused, "describe": _described}


# The clause patterns, compiled once: `complement` tries them after every cue verb, and `re.match` with
# a pattern's text looks it up in `re`'s cache at each call.
_WH_CLAUSE = re.compile(r"((?:\s+[\w'\u2019.-]+){0,4}?)\s+(whether|if|how|why|what|when|where|who)\s+\w")
# (a short quoted title may follow a possessive among the words: 'told MSNBC's "Morning Joe" that …';
# other quoted words do not: 'a "ferocious" battle that could …' is a relative clause)
_THAT_CLAUSE = re.compile(
    r"((?:\s+[\w'\u2019.-]+|,|(?<=['\u2019]s|s['\u2019])(?<!\b(?:he|it)['\u2019]s)(?<!\b(?:she|who)['\u2019]s)(?<!\b(?:that|what)['\u2019]s)\s+[\"\u201c][^\"\u201c\u201d.,;:!?]{1,40}[\"\u201d]){0,8}?)\s+(that)\s+"
)
_TO_CLAUSE = re.compile(r"((?:\s+(?!to\b)[\w'\u2019.-]+){0,5}?)\s+(to)\s+\w")
_TITLE_MARK = re.compile(r"[\"\u201c]")
_CLAUSE_BREAK = re.compile(r"[.;:,]")
_RELATIVE = re.compile(r"\b(?:who|which|whom)\b.*")
_SENTENCE_BREAK = re.compile(r"[.;:]")
_QUOTE_FOLLOWS = re.compile(r"\s*[:,]\s*[\"\u201c]")
_QUOTE_NEXT = re.compile(r"\s*(?=[\"\u201c])")
_NOTHING_LEFT = re.compile(r"\s*[.!?]?\s*$")
_NARRATION_AFTER_COMMA = re.compile(r"\s*,\s+(?:[a-z]+ing|and|but|as|while|before|after|then|when)\b")
# words that open an adjunct or an object, not a clause ("said this week"; but "warn this can do harm")
_VERB_SOON = (
    r"(?:\s+[\w$\u00a3\u20ac%.,-]+){0,5}?\s+(?:would|will|were|was|are|is|had|have|has|could|should|must|can|may"
    r"|might|need|needed)\b"
)
_NO_CLAUSE_WORD = re.compile(
    r"\s+(?:in|on|at|of|about(?!\s+\d)|for|with|by|from|to|during|after|last|this(?!\s+(?:is|was|will|would|can|could|may|might|must|should|has|had)\b)|yesterday|today|so|something|nothing|anything|goodbye|hello|yes"
    # ("said more" about it, but "said more officers would be deployed" is a clause; "said no" an answer,
    # "said no, …" too, but "said no one was hurt" a clause)
    rf"|more(?!{_VERB_SOON})|no(?:(?=\s*,)|(?!{_VERB_SOON})))\b",
    re.I,
)


def _wh_clause(d: Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """ "asked (X) whether …", "explained how …": a wh-clause (an object before it only after "ask")."""
    m = _WH_CLAUSE.match(d.text[lo:hi])
    if m and not _CLAUSE_BREAK.search(m.group(1)) and (lemma in WH_AFTER_OBJECT or not m.group(1).strip()):
        c_lo, c_hi = content_bounds(d, lo + m.start(2), hi)
        return c_lo, c_hi, ""
    return None


def _cue_after_comma(words: str) -> bool:
    """Do the words between a cue and "that" hold, after a comma, a verb of saying of their own ("who
    asked not to be named, told the Echo that …": the clause is the second verb's)?"""
    at = words.find(",")
    return at >= 0 and any(w.lower() in CUE_LEMMA for w in words[at + 1 :].split())


# words after which a cue word is a noun or an adjunct's participle, no report's verb ("said in a report
# that", "responded to reports that", "said when asked about claims that")
_NO_REPORT_BEFORE = frozenset(
    "a an the in on of for with to about his her its their our when if as after before while once".split()
)


def _report_inside(words: str) -> bool:
    """Do the words between a cue and "that" hold a report of their own, a subject and its inflected verb
    of saying or thinking ("said his client denied that …", "told reporters officials believed that …")?
    Then the that-clause is that report's: the content starts at its subject, and leaving the report
    out would turn "denied that A" into A."""
    seq = words.lower().split()
    for prev, w in zip(seq, seq[1:]):
        lemma = CUE_LEMMA.get(w)
        if lemma is not None and w != lemma and not w.endswith("ing") and prev not in _NO_REPORT_BEFORE:
            return True
    return False


def _adjunct_relative(words: str) -> bool:
    """Do the words between a cue and "that" open with a comma and run into "that" without one ("…, his
    party said, in a move that drew condemnation")? The cue closes a frame, and "that" is a relative
    pronoun in the adjunct after it; a clause set off as an aside comes after a comma ("said, in a
    statement, that …")."""
    w = words.strip()
    return w.startswith(",") and not w.endswith(",")


def _that_clause(d: Doc, lo: int, hi: int, no_object: bool) -> tuple[int, int, str] | None:
    """A that-clause within a few words ("said in a statement that", "told reporters that").
    `no_object`: the cue takes no listener, so a noun before "that" may be the clause's subject."""
    m = _THAT_CLAUSE.match(d.text[lo:hi])
    # (not past a finite verb: in "said he was too busy to look for evidence that …" the clause
    # starts at "he", and "that" opens a relative clause inside it; a verb of a relative clause on the
    # object is no such verb: "told reporters who were waiting outside that …")
    if (
        m
        and not _SENTENCE_BREAK.search(m.group(1))
        and not FINITE_VERB.search(_RELATIVE.sub("", m.group(1)))
        and not (_TITLE_MARK.search(m.group(1)) and has_finite_verb(m.group(1)))
        and not _cue_after_comma(m.group(1))
        and not _report_inside(m.group(1))
        and not _adjunct_relative(m.group(1))
    ):
        neg = _NO_SUPPORT.search(m.group(1))
        if neg is not None and _verb_before(m.group(1)[: neg.start()]):
            # "said the inquiry found no evidence that …": the clause is what was said, from its subject
            c_lo, c_hi = content_bounds(d, lo + m.start(1), hi)
            return c_lo, c_hi, ""
        if neg is None and no_object and _relative_that(d.text, m.group(1), lo + m.end()):
            # "said countries that refused to take migrants should pay": "that" is the noun's relative
            # pronoun, and the clause starts at the noun
            c_lo, c_hi = content_bounds(d, lo + m.start(1), hi)
            return c_lo, c_hi, ""
        c_lo, c_hi = content_bounds(d, lo + (m.start(1) + neg.start() if neg else m.start(2)), hi)
        return c_lo, c_hi, ""
    return None


_WORD_AFTER = re.compile(r"[a-z]+\b")


def _relative_that(text: str, between: str, after: int) -> bool:
    """Is the "that" before text[after:] a relative pronoun on the one plain word `between` the cue and
    it? A complementiser "that" opens a clause with its subject; a verb right after it ("that refused",
    "that would …") has its subject before it: the noun."""
    words = between.split()
    if len(words) != 1 or not words[0].isalpha() or not words[0].islower() or _adverb(words[0]):
        return False  # ("said Monday that", "said earlier that", "told reporters that": no noun before it)
    nxt = _WORD_AFTER.match(text, after)
    return nxt is not None and (FINITE_VERB.fullmatch(nxt.group(0)) is not None or past_form(nxt.group(0)))


# adverbs of time and degree between a cue and its "that" ("said earlier that was not the plan")
_TIME_ADVERBS = frozenset({"earlier", "again", "then", "now", "too", "once", "today", "yesterday", "tonight"})


def _adverb(word: str) -> bool:
    """Is lower-case `word` an adverb that may stand between a cue and its clause?"""
    return word.endswith("ly") or word in AUX_WORDS or word in _TIME_ADVERBS


def _verb_before(words: str) -> bool:
    """Do `words` (between a cue and a "no evidence" before "that") hold a past verb of their own?"""
    return any(w in CUE_LEMMA or past_form(w) for w in words.lower().split())


# "found no evidence that the money was misused": without its first words the content would assert
# what the source found no support for
_NO_SUPPORT = re.compile(
    r"\b(?:(?:no|little|scant|not any|not enough)\s+(?:credible\s+|direct\s+|hard\s+)?"
    r"(?:evidence|sign|signs|proof|indication|suggestion|reason|basis|grounds|truth)"
    r"|nothing\s+to\s+(?:suggest|indicate|show|support))\b",
    re.I,
)


def _to_clause(d: Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | Literal[False] | None:
    """ "plans to …", "urged X to …": the content starts at "to" (annotators keep it).

    None: no to-clause here (a bare clause may follow); False: the verb reports nothing here."""
    m = _TO_CLAUSE.match(d.text[lo:hi])
    if not m or (lemma in TAKES_OBJECT and not m.group(1).strip()) or _CLAUSE_BREAK.search(m.group(1)):
        return None
    if lemma in TO_RIGHT_AFTER and m.group(1).strip() not in ("", "not", "never") and lemma not in TAKES_OBJECT:
        # "hoped utilities would be able to …": a clause (handled as one), not "hoped to"
        return None if lemma in BARE_CLAUSE else False
    at = lo + m.start(2)
    if _ANONYMITY.match(d.text, at):
        return False  # "who asked not to be named": a request, no claim
    neg = _NEGATED_TO.search(d.text, lo, at)
    # "urged people not to jump to conclusions": the negation is the claim's (annotators keep "not to")
    c_lo, c_hi = content_bounds(d, neg.start() if neg else at, hi)
    return c_lo, c_hi, ""


_NEGATED_TO = re.compile(r"\b(?:not|never)\s+$")
# "to" and a verb right after the cue ("vowed to veto"; not "said to reporters", "told to the committee")
_TO_VERB_NEXT = re.compile(
    r"\s+(?:not\s+|never\s+)?to\s+(?!(?:the|a|an|his|her|their|its|our|my|your|this|these|those|him|them|us|me|you|reporters)\b)[a-z]"
)
_ANONYMITY = re.compile(r"to\s+be\s+(?:named|identified)\b")


# the object a verb may take before its clause ("told reporters", "said (X)", "told Bill O'Reilly",
# "told NBC's Today": a name goes on past an apostrophe); compiled once, not built
# with `uni` and looked up in `re`'s cache at every call
_BARE_OBJECT = re.compile(
    uni(
        r"\s+(?:the\s+)?(?:\p{Lu}[\w.\p{M}]*(?:['\u2019]\w+)*(?:\s+(?:\p{Lu}[\w.\p{M}]*(?:['\u2019]\w+)*|"
        + LISTENER_NUMBER
        + r"))*"
        + LISTENER_OUTLET
        + r"|reporters|journalists|him|her|them|us|me|the\s+\w+)\b"
    )
)


_TOLD_COMMON_NOUN = re.compile(r"\s+(?:(?:his|her|their|its|our|fellow|senior|local)\s+)?([a-z][a-z-]+)(?=\s)")
_NOT_LISTENER = frozenset(
    {"that", "this", "these", "those", "there", "it", "he", "she", "they", "we", "you", "i", "the"}
) | {
    "a",
    "an",
    "how",
    "what",
    "why",
    "when",
    "where",
    "whether",
    "if",
    "not",
    "lies",
    "jokes",
    "stories",
}


_DAY = r"(?:" + "|".join(sorted(d.title() for d in WEEKDAYS)) + r")(?:\s+(?:morning|afternoon|evening|night))?"
_PERIOD = r"(?:week|month|year|weekend|morning|afternoon|evening|night|spring|summer|autumn|fall|winter)"
_SAID_IN = (
    r"interview|statement|speech|letter|e-?mail|post|tweet|briefing|filing|memo|message|video|podcast"
    r"|news release|press release|op-ed|column|broadcast"
)
# A short adjunct between a cue and its bare clause: "said on Thursday it would cut 1,200 jobs",
# "told reporters in a briefing on Monday the plan would go ahead", "said last week the talks had
# stalled" (a that-clause after one is `_that_clause`'s). A clause must follow it.
_NAMES = r"(?:the\s+)?\p{Lu}[\w.\p{M}'\u2019-]*(?:\s+\p{Lu}[\w.\p{M}'\u2019-]*)*"
_BARE_ADJUNCT = re.compile(
    uni(
        "".join(
            (
                r"(?:,?\s+(?:",
                rf"(?:(?:late|early|earlier|later)\s+)?on\s+{_DAY}|{_DAY}|yesterday|today|tonight",
                rf"|(?:(?:late|early|earlier|later)\s+)?(?:last|this|next)\s+{_PERIOD}",
                r"|(?:earlier|later)\s+(?:on|in the day|today)",
                rf"|in\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){{0,2}}?(?:{_SAID_IN})(?:\s+(?:with|to|on)\s+{_NAMES})?",
                r"|at\s+an?\s+(?:[\w-]+\s+){0,2}?(?:news conference|press conference|rally|briefing|hearing|event"
                r"|meeting|summit|forum|town hall)",
                r"|on\s+(?:Twitter|Facebook|Instagram|X|television|TV|radio)",
                r")){1,3},?(?=\s)",
            )
        )
    )
)


def _bare_clause(d: Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """ "said (X) the plan failed", "denied any involvement", 'said "the question is the timing."'."""
    r = d.text[lo:hi]
    skip = 0
    if lemma in TAKES_OBJECT:
        om = _BARE_OBJECT.match(r)
        if om:
            skip = om.end()
        if lemma == "tell":
            # "told staff the office would close", "told her colleagues she was leaving": a common noun
            # as the listener (its possessive no pronoun object), when a clause follows it
            cm = _TOLD_COMMON_NOUN.match(r)
            if (
                cm
                and cm.end() > skip
                and cm.group(1).lower() not in _NOT_LISTENER
                and _starts_clause(r[cm.end() :])
                and (om is None or cm.group(0).split()[0] in ("his", "her", "their", "its", "our"))
            ):
                skip = cm.end()
    am = _BARE_ADJUNCT.match(r, skip)
    if am and _starts_clause(r[am.end() :]):
        skip = am.end()
    r2 = r[skip:]
    if _QUOTE_FOLLOWS.match(r2):
        return None  # 'X said: "…"' — a direct quote follows: pass 1 owns it
    qm = _QUOTE_NEXT.match(r2)
    if qm:
        # 'X said "the question is the timing."': the quotation is the clause (mixed)
        c_lo, c_hi = content_bounds(d, lo + skip + qm.end(), hi)
        return c_lo, c_hi, ""
    if _NOTHING_LEFT.match(r2):
        return None
    if _NARRATION_AFTER_COMMA.match(r2):
        return None  # '…," he said, cutting off a reporter': what follows the comma is narration
    if lemma not in DENIAL_LEMMAS and _NO_CLAUSE_WORD.match(r2):
        return None
    if (
        lemma not in _NP_OK_LEMMAS
        and not _starts_clause(r2)
        and not (lemma in _FINITE_ONLY and _BARE_PLURAL_CLAUSE.match(r2))
    ):
        return None  # only say, tell and denials take a bare noun phrase
    c_lo, c_hi = content_bounds(d, lo + skip, hi)
    if lemma in _FINITE_ONLY and not _finding(d.text, lo, c_lo, c_hi):
        return None  # "Police found the body of a man in the river": a thing found, no finding
    return c_lo, c_hi, ""


# Verbs whose bare object is as often a thing as a clause ("found the body", "showed the letter"):
# they report only a finite clause ("an audit found the council had overspent"), and only in their
# finite forms ("finding common ground", "the MSNBC show" are no findings)
_FINITE_ONLY = frozenset({"find", "show"})
# a finding whose subject is a bare plural, its verb right after it: "The poll found voters opposed the plan"
_BARE_PLURAL_CLAUSE = re.compile(
    r"\s+(?:(?:most|many|some|few|half|all)\s+(?:of\s+)?)?[a-z]{3,}s\s+(?:[a-z]{3,}ed|were|are|had|have|would|will|could|did)\b"
)
_FINITE_FORM = re.compile(r"\b(?:found|finds|shows|showed)\s*$")
_NO_FINDING = re.compile(
    r"(?:themselves|himself|herself|itself|ourselves|myself|yourself|in|but|because|and|when|if|as|after|before|while)\b",
    re.I,
)


def _finding(text: str, lo: int, c_lo: int, c_hi: int) -> bool:
    """Whether text[c_lo:c_hi], after a form of find or show ending before `lo`, is a finding: a
    finite clause before its first comma, not a reflexive ("found themselves") or an adverbial."""
    if _FINITE_FORM.search(text, max(0, lo - 12), lo) is None or _NO_FINDING.match(text, c_lo, c_hi):
        return False
    comma = text.find(",", c_lo, c_hi)
    return has_finite_verb(text[c_lo : comma if comma > 0 else c_hi])


_STARTS_CLAUSE = re.compile(
    uni(r"\s+(?:he|she|they|it|we|i|you|there|the|this|that|these|those|his|her|their|\p{Lu})[\w\p{M}]*\s+\w+")
)
_HAS_VERB = re.compile(
    r"(?:\s+[\w'\u2019.-]+){1,7}?(?:,(?:\s+[\w'\u2019.-]+){1,6},)?\s+(?:is|are|was|were|will|would|could|can|should|may|might|must|has|have|had|did|does|do|need|needs)\b"
)


def _starts_clause(r: str) -> bool:
    """Whether r (after a cue) opens a clause: a subject and a word, or a finite verb within 8 words."""
    return _STARTS_CLAUSE.match(r) is not None or _HAS_VERB.match(r) is not None
