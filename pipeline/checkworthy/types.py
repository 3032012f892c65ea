"""`claim_type` of a sentence: deterministic patterns kept as data, each with made-up examples.

The rules are tried in order and the first that matches decides; a sentence no rule matches is
`other`. Every rule's `examples` are its tests (tests/test_checkworthy.py runs them all), and its
`not_examples` are sentences it must leave to a later rule. Editing the patterns means editing
`RULES`, not code.

Types: `fragment` (no finite verb: a bare noun phrase or an infinitive phrase, e.g. "to deliver the
news", "his removal"), `quantity` (numbers, percentages, money, statistics), `prediction` (future,
promises, plans), `causal` (cause and effect), `opinion` (evaluations, hedged beliefs, what ought to
be), `event` (a finite statement of what is or happened), `other` (questions, greetings, the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import ClaimType

CLAIM_TYPES = ("fragment", "quantity", "prediction", "causal", "opinion", "event", "other")

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")

# A finite verb is recognised from cheap cues: an auxiliary, modal or copula; a pronoun subject; a
# common irregular past tense; a regular past tense (-ed) not right after a determiner.
_FINITE = frozenset(
    """
    is are was were am isn't aren't wasn't weren't has have had hasn't haven't hadn't
    do does did don't doesn't didn't will would can could should shall may might must
    won't wouldn't can't couldn't shouldn't i he she they we
    said says say told tells went goes made makes took takes gave gives got gets came comes saw sees
    knew knows thought thinks grew grows rose rises fell falls lost loses won wins paid pays spent
    spends built builds began begins left leaves became becomes brought brings bought buys kept keeps
    held holds ran runs met meets sent sends stood stands understood wrote writes broke breaks chose
    chooses drove drives fought fights forgot found finds meant means sat sought taught threw wants
    needs seems looks works happens exists remains continues shows helps costs creates kills
    """.split()
)
_FINITE = _FINITE | {w.replace("'", "\u2019") for w in _FINITE}
# Present-tense forms that are also infinitives: finite unless right after "to" or a determiner.
_BASE_FORMS = frozenset("grow know think believe want need get make take give go come see keep lose led fed".split())
_DETERMINERS = frozenset("a an the his her their its our my your this that these those some any no every".split())
_FRAGMENT_MAX_WORDS = 12
_AFTER_VERB = _DETERMINERS | frozenset("up down out more less".split())
# A number or an amount makes a short content a (possibly elliptical) claim, never a fragment.
_QUANTITY = re.compile(r"\d|%|\$|\b(?:percent|million|billion|trillion)\b", re.IGNORECASE)
_CONTRACTED_SUBJECT = re.compile(r"(?:he|she|it|that|there|they|we|you|i|what|who)['’](?:s|re|m|ve|d|ll)$")


def has_finite_verb(text: str) -> bool:
    """True when `text` shows a cue of a finite verb (see `_FINITE`); False for bare phrases."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    if words[0] == "to" and len(words) > 1:  # "to deliver the news": the infinitive itself is not finite
        words = words[2:]
    elif words[0] == "you" and len(words) > 1:  # "You put ...": a subject when it comes first
        return True
    prev = ""
    for i, w in enumerate(words):
        if w in _FINITE or _CONTRACTED_SUBJECT.match(w):
            return True
        if prev != "to" and prev not in _DETERMINERS:
            if w in _BASE_FORMS or (w.endswith("ed") and len(w) >= 4):
                return True
            # "the plan costs the state ...": a third-person -s form followed by what a verb takes
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if prev and w.endswith("s") and not w.endswith(("ss", "us", "is")) and nxt in _AFTER_VERB:
                return True
        prev = w
    return False


def is_fragment(text: str) -> bool:
    """A short content with no finite verb: a bare noun phrase or an infinitive phrase."""
    n = len(_WORD.findall(text))
    return n <= _FRAGMENT_MAX_WORDS and "?" not in text and not _QUANTITY.search(text) and not has_finite_verb(text)


@dataclass(frozen=True)
class TypeRule:
    id: str
    claim_type: ClaimType
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = ()


def _p(words: str) -> re.Pattern[str]:
    return re.compile(words, re.IGNORECASE)


# Tried in order after the fragment test; the first match decides.
RULES: tuple[TypeRule, ...] = (
    TypeRule(
        "quantity.number",
        "quantity",
        _p(
            r"\d|\b(?:percent|per cent|million|billion|trillion|thousands?|hundreds?|dozens?|half|twice|double[ds]?|tripled?|quadrupled?)\b|%|\$|£|€"
        ),
        (
            "Unemployment in the county fell to 4.1% last spring.",
            "The bridge cost $40 million more than planned.",
            "Imports from the region doubled in ten years.",
            "Half of the teachers in the district left.",
        ),
        ("The mayor opened the new library on Monday.",),
    ),
    TypeRule(
        "quantity.statistic",
        "quantity",
        _p(
            r"\b(?:rate|rates|average|median|majority|minority|most|fewest|fewer|more than|less than|highest|lowest|largest|smallest|biggest|record|per capita|statistics?|figures?)\b"
        ),
        (
            "The crime rate in our towns is going down.",
            "Most farmers in the valley grow wheat.",
            "Our state has the highest taxes in the region.",
        ),
        ("They closed the factory last year.",),
    ),
    TypeRule(
        "prediction.future",
        "prediction",
        _p(
            r"\b(?:will|won't|shall|going to|gonna|is to|are to|next (?:year|month|week|decade)|by 20\d\d|promised?|promises|pledged?|pledges|vow(?:s|ed)?|plans? to|planned to|intends? to|expects? to|is expected to|aims? to)\b|['’]ll\b"
        ),
        (
            "We will bring the jobs back to this state.",
            "The council promised to repair every road.",
            "Prices are going to go up after the merger.",
            "She plans to sign the bill before the recess.",
        ),
        ("The council repaired every road.",),
    ),
    TypeRule(
        "causal.connective",
        "causal",
        _p(
            r"\b(?:because|caus(?:e|es|ed|ing)|due to|led to|leads? to|lead to|result(?:s|ed)? (?:in|from)|as a result|thanks to|responsible for|blame[sd]?|the reason|contribut(?:e|es|ed) to|therefore|so that|which is why|that's why|that is why)\b"
        ),
        (
            "The plant closed because the subsidies ended.",
            "The storm caused the outage in the north.",
            "Cheap loans led to the housing bubble.",
            "The drought is responsible for the poor harvest.",
        ),
        ("The plant closed in the winter.",),
    ),
    TypeRule(
        "opinion.evaluation",
        "opinion",
        _p(
            r"\b(?:i think|we think|i believe|we believe|i feel|in my (?:view|opinion)|should|shouldn't|ought|must|need to|needs to|great|terrible|horrible|disaster|disastrous|wonderful|best|worst|wrong|bad|good|failure|failed|shame(?:ful)?|ridiculous|incredible|amazing|beautiful|sad|stupid|weak|strong|unfair|fair|outrageous|disgrace(?:ful)?|dangerous|important|deserves?)\b"
        ),
        (
            "I think the senator is a decent man.",
            "The new tariffs are a disaster for farmers.",
            "Parents should have a say in the schools.",
            "That was the worst speech of the campaign.",
        ),
        ("The senator voted against the tariffs.",),
    ),
    TypeRule(
        "other.question",
        "other",
        _p(r"\?\s*$"),
        ("Why did the governor veto it?", "Is the station still open?"),
    ),
    TypeRule(
        "event.finite",
        "event",
        re.compile(r"."),  # any sentence with a finite verb that no rule above took
        (
            "The senator voted against the tariffs.",
            "The mayor opened the new library on Monday.",
            "Police arrested two men near the station.",
        ),
    ),
)

# Examples of the fragment test (no finite verb), run as tests like the rules' examples.
FRAGMENT_EXAMPLES: tuple[str, ...] = (
    "to deliver the news",
    "his removal",
    "the decision of the board",
    "a better future for our children",
    "to cut taxes for the middle class",
    "rising prices for families",
    "the failures of the last government",
)
NOT_FRAGMENT_EXAMPLES: tuple[str, ...] = (
    "He resigned.",
    "Taxes rose.",
    "They want a better future",
    "the board approved the plan",
    "it is over",
    "Crime up 40 percent in two years.",
    "The plan costs the state a fortune.",
    "You put the money into roads.",
)


def _case_sensitive(rule: TypeRule) -> re.Pattern[str]:
    """`rule.pattern` without IGNORECASE, to search lower-cased text with (see `_LOWERED_RULES`)."""
    pattern = rule.pattern.pattern
    # Equivalent only if every letter the pattern spells (escapes such as `\b` aside) is lower case.
    if not rule.pattern.flags & re.IGNORECASE or re.search(r"(?<!\\)[A-Z]", pattern):
        raise ValueError(f"{rule.id}: a case-insensitive pattern with lower-case letters only, please")
    return re.compile(pattern, rule.pattern.flags & ~re.IGNORECASE)


# The rules tried before the last, as case-sensitive patterns to search lower-cased text with, 2-3x as
# fast. On text whose only cased letters are ASCII ones (curly quotes, dashes, currency signs have no
# case) a case-insensitive search and a case-sensitive one of the lower-cased text agree: the patterns
# spell ASCII letters only, `\w` and `\b` do not depend on case, and a caseless character matches only
# itself either way. Other text keeps the case-insensitive patterns (Unicode case folding has more to it
# than `str.lower`: `ſ` is an `s`, the Kelvin sign a `k`).
_LOWERED_RULES: tuple[tuple[TypeRule, re.Pattern[str]], ...] = tuple((r, _case_sensitive(r)) for r in RULES[:-1])
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _cased_only_in_ascii(text: str) -> bool:
    """True when every character of `text` beyond ASCII has no case (its lower and upper forms agree)."""
    return text.isascii() or all(c.lower() == c.upper() for c in set(_NON_ASCII.findall(text)))


def claim_type(text: str) -> ClaimType:
    """The claim type of `text` (one of CLAIM_TYPES); deterministic."""
    return claim_type_rule(text)[0]


def claim_type_rule(text: str) -> tuple[ClaimType, str]:
    """(claim type, id of the rule that decided it): `fragment.no_finite_verb` and `other.empty` are not in RULES."""
    if not text.strip() or not _WORD.search(text):
        return "other", "other.empty"
    if is_fragment(text):
        return "fragment", "fragment.no_finite_verb"
    if _cased_only_in_ascii(text):
        low = text.lower()
        for rule, pattern in _LOWERED_RULES:
            if pattern.search(low):
                return rule.claim_type, rule.id
    else:
        for rule in RULES[:-1]:
            if rule.pattern.search(text):
                return rule.claim_type, rule.id
    if has_finite_verb(text):
        return "event", "event.finite"
    return "other", "other.no_verb"
