"""`claim_type` of a sentence: deterministic patterns kept as data, each with made-up examples.

Order: `FIRST_RULES` (a question, a greeting: `other`, whatever else they contain), then the fragment
test, then `RULES`; the first that matches decides, and a sentence nothing matches is `other`. Every
rule's `examples` are its tests (tests/test_checkworthy.py runs them all), and its `not_examples` are
sentences it must leave to a later rule. Editing the patterns means editing `FIRST_RULES` and `RULES`,
not code.

Types: `fragment` (no finite verb: a bare noun phrase or an infinitive phrase, e.g. "to deliver the
news", "his removal"), `quantity` (numbers, percentages, money, statistics), `prediction` (future,
promises, plans), `causal` (cause and effect), `opinion` (evaluations, hedged beliefs, what ought to
be), `event` (a finite statement of what is or happened), `other` (questions, greetings, the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

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


# The fragment test reads more verb cues than `has_finite_verb`, which extraction rules call and which
# keeps its answers (their decisions were measured with it). Why each added cue holds in news text:
# - "cannot" is a modal the list above lacks;
# - in a noun phrase a plural noun is seldom followed by a bare word ("the rising costs of care"), while
#   a third-person -s verb often is ("Inflation hurts families", "The law bans guns");
# - a plural noun, perhaps an adverb, then a present verb is a subject and its verb ("Prices rise",
#   "courts rarely overturn");
# - an -s word, a preposition and a pronoun is a verb and its complement ("speaks for itself");
# - a noun/verb word of `_FINITE` ("costs", "needs") is a noun after a determiner or before "of".
_MORE_FINITE = frozenset({"cannot"})
# -s words that are no plural subject or -s verb, or that often modify a noun ("the jobs report").
_NOT_S_FORM = frozenset(
    """
    news jobs sales sports arms savings goods affairs services forces operations communications relations
    resources rights elections states series species always perhaps sometimes towards besides unless
    whereas afterwards thus yes its ours yours theirs hers his this was has does is plus us bus gas
    days years months weeks hours minutes times dollars cents
    """.split()
)
# Words that end the verb reading of an -s word before them: a preposition, a conjunction, "ago".
_NOT_AFTER_S = frozenset(
    """
    of for in on at to from by with without into onto about after before over under between among
    against during through like than and or but nor as ago later earlier old long apart alone
    who whom whose which that where when while if whether whereas because though although via per
    including despite toward towards across around behind beyond near within upon amid along except
    since until outside inside throughout versus vs monday tuesday wednesday thursday friday saturday
    sunday yesterday today tonight next last here there
    """.split()
)
# Words after which an -s word is a noun ("two agencies", "many families").
_QUANTIFIERS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    many several few more most other all both such various numerous multiple
    """.split()
)
_OBJECT_PRONOUNS = frozenset("me him her us them itself himself herself themselves ourselves myself everyone".split())
_ADVERBS = frozenset("also still often never always now just only even already all both".split())
# Adverbs after which an -s word is a verb ("Clinton also lacks", "it still needs"), with any -ly word.
_VERB_ADVERBS = frozenset("also still often never always already now just".split())
# Words in -ly that are no adverbs.
_LY_NOT_ADVERB = frozenset(
    """
    family only early daily weekly monthly quarterly yearly likely unlikely lonely friendly unfriendly costly
    elderly deadly ugly holy silly supply reply rally ally belly italy july assembly anomaly monopoly lovely
    kindly lively timely orderly scholarly worldly curly chilly jolly homely leisurely cowardly
    """.split()
)
# Present verbs that count only after a plural noun: most are nouns too ("a sharp rise").
_PRESENT_VERBS = frozenset(
    """
    rise fall work overturn say want need support oppose agree believe expect hope plan feel seem remain
    live die pay cost spend face fear help hurt lose win vote argue claim deny reject accept know think
    make take give go come see keep get grow look show tell call ask use find put run try leave bring
    begin stand hold play move change provide include continue set learn lead understand follow stop
    create speak read allow add open walk offer appear buy serve send build stay reach kill raise pass
    sell require report decide return explain develop carry break receive suffer drop increase decline
    fail rely depend tend struggle happen exist matter differ vary mean suggest indicate warn insist love
    hate prefer doubt worry cut ban hit account share own earn owe shape drive push fight
    """.split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")  # a word
_JOINER = re.compile(r"[\s\"'“”‘’]*")  # a gap that joins two words: spaces and quotation marks only
# One step of `_tokens`, all of it in one `findall`: the gap before a word (a run of what cannot start
# one; captured only when it is no `_JOINER`), the word, and an apostrophe right after it (looked at,
# not taken). The last branch takes a text's trailing gap whole: without it, the search would start
# again at each of its characters.
_TOKEN_STEP = re.compile(rf"(?:{_JOINER.pattern}|([^A-Za-z0-9]*))({_TOKEN.pattern})(?=(['’])?)|[^A-Za-z0-9]+\Z")


# A NamedTuple, not a frozen dataclass: a wording's tokens are made by the thousand when the merge scores
# it, and a frozen dataclass sets each field through object.__setattr__ (`_tokens` a third faster).
class _Tok(NamedTuple):
    low: str  # the word lower-cased
    cased: bool  # written with a capital first letter
    joined: bool  # only spaces and quotation marks between it and the word before (no comma or dash)
    possessive: bool  # an apostrophe right after it ("the victims' families")


def _tokens(text: str) -> list[_Tok]:
    """The words of `text` (`_TOKEN`), in order, each with what surrounds it (see `_Tok`).

    One `findall` of `_TOKEN_STEP` (a third faster than a `_JOINER` match per word): a word's gap is
    captured only when not joining, and its trailing apostrophe, when missing, is "" (as the trailing
    gap's match, no word, is).
    """
    return [
        _Tok(word.lower(), word[0].isupper(), not gap, apos != "")
        for gap, word, apos in _TOKEN_STEP.findall(text)
        if word
    ]


def _plural_like(word: str) -> bool:
    """A word that may be a plural noun or a third-person -s verb (not "is", "its", "news", "politics")."""
    return (
        len(word) >= 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ics", "'s", "’s"))
        and word not in _NOT_S_FORM
    )


def _is_adverb(word: str) -> bool:
    """An adverb that goes before a verb: "also", "still", "rarely" (a word in -ly, "family" aside)."""
    return word in _VERB_ADVERBS or (len(word) >= 5 and word.endswith("ly") and word not in _LY_NOT_ADVERB)


def _word(toks: list[_Tok], i: int) -> str:
    """The lower-cased word at `i`, or "" outside `toks`."""
    return toks[i].low if 0 <= i < len(toks) else ""


def _s_verb_then_object(toks: list[_Tok], i: int) -> bool:
    """toks[i] a lower-case -s word after a word that opens no noun phrase and followed by a bare word
    ("hurts families", "cuts dementia risk") or by a preposition and a pronoun ("speaks for itself")."""
    prev, nxt = _word(toks, i - 1), _word(toks, i + 1)
    if toks[i].cased or toks[i].possessive or not _plural_like(toks[i].low) or not prev:
        return False
    if _is_adverb(prev) and toks[i].joined:
        return True
    if not nxt:
        return False
    if not toks[i + 1].joined or nxt.endswith(("ing", "ly")):  # "families living in", "protesters quickly"
        return False
    if prev in _DETERMINERS or prev in _QUANTIFIERS or prev in _NOT_AFTER_S or prev.endswith(("'s", "’s")):
        return False
    if nxt in _NOT_AFTER_S:
        return nxt != "of" and _word(toks, i + 2) in _OBJECT_PRONOUNS
    return not nxt.isdigit()


def _plural_then_verb(toks: list[_Tok], i: int) -> bool:
    """toks[i] a plural noun, then perhaps an adverb, then a present verb: "Prices rise", "courts rarely overturn"."""
    if not _plural_like(toks[i].low) or toks[i].possessive or (i and toks[i].cased):  # not "Sanders support"
        return False
    j = i + 1
    if _word(toks, j) in _ADVERBS or _is_adverb(_word(toks, j)):
        j += 1 if toks[j].joined else len(toks)
    return j < len(toks) and toks[j].joined and toks[j].low in _PRESENT_VERBS and all(t.joined for t in toks[i + 1 : j])


# -s words of `_FINITE` that are verbs wherever they stand ("the report says"): no noun reading.
_ALWAYS_VERBS = frozenset(("says", "goes", "gives", "tells", "thinks", "knows"))


def _noun_reading(toks: list[_Tok], i: int) -> bool:
    """True when an -s word of `_FINITE` that is a noun too ("costs", "needs") reads as one: after a
    determiner or a number, or before "of"."""
    if not _plural_like(toks[i].low) or toks[i].low in _ALWAYS_VERBS:
        return False
    prev = _word(toks, i - 1)  # "that helps", "this means": a pronoun subject, not a determiner
    return (prev in _DETERMINERS and prev not in ("that", "this")) or prev in _QUANTIFIERS or _word(toks, i + 1) == "of"


def _finite_at(toks: list[_Tok], i: int) -> bool:
    """True when toks[i] is a cue of a finite verb: `has_finite_verb`'s cues (bar a noun reading) and the
    cues above."""
    w, prev = toks[i].low, _word(toks, i - 1)
    if w in _FINITE or _CONTRACTED_SUBJECT.match(w):
        return not _noun_reading(toks, i)
    if w in _MORE_FINITE:
        return True
    if prev != "to" and prev not in _DETERMINERS:
        if w in _BASE_FORMS or (w.endswith("ed") and len(w) >= 4):
            return True
        # as `has_finite_verb` reads it, "as" too ("Walker as an ineffective leader": a claim)
        if prev and w.endswith("s") and not w.endswith(("ss", "us", "is")) and _word(toks, i + 1) in _AFTER_VERB:
            return True
    return _s_verb_then_object(toks, i) or _plural_then_verb(toks, i)


# The words of `_FINITE` that `_finite_at` takes wherever they stand, whatever is around them: those
# with no noun reading ("is", "said", "will", "says"; not "costs", "needs").
_SURELY_FINITE = frozenset(w for w in _FINITE if not _plural_like(w) or w in _ALWAYS_VERBS)


# Asked twice of a wording the fragment test found a clause in (`is_fragment`, then the end of
# `claim_type_rule`): a fifth of the asks on PolNeAR dev. Bounded, as `is_fragment`'s cache is.
@lru_cache(maxsize=1 << 12)
def reads_as_clause(text: str) -> bool:
    """True when `text` shows a cue of a finite verb, as the fragment test reads it (`has_finite_verb`'s
    cues and more, see above); False for a bare noun phrase or an infinitive phrase."""
    # the words as `_tokens` lower-cases them (ASCII ones: lower-casing them joined is the same)
    words = " ".join(_TOKEN.findall(text)).lower().split()
    skip = 0
    if len(words) > 1 and words[0] == "to":  # "to deliver the news": the infinitive is not finite
        skip = 2
    elif len(words) > 1 and words[0] == "you":  # "You put ...": a subject when it comes first
        return True
    # Most clauses hold a word that is finite wherever it stands ("is", "said"): seen in the bare
    # words, at half the cost of reading each word with its neighbours (`_tokens`, `_finite_at`).
    if not _SURELY_FINITE.isdisjoint(words[skip:]):
        return True
    toks = _tokens(text)[skip:]
    return any(_finite_at(toks, i) for i in range(len(toks)))


# Scoring a wording asks twice (`claim_type_rule` and `nothing_to_check`); bounded, so memory stays flat.
@lru_cache(maxsize=1 << 12)
def is_fragment(text: str) -> bool:
    """A short content with no finite verb: a bare noun phrase or an infinitive phrase."""
    n = len(_WORD.findall(text))
    return n <= _FRAGMENT_MAX_WORDS and "?" not in text and not _QUANTITY.search(text) and not reads_as_clause(text)


def nothing_to_check(text: str) -> bool:
    """True for a content with words but no finite verb, the checkworthiness score's cap (FRAGMENT_CAP):
    every `fragment`, and a bare greeting ("Good morning, everyone."), typed `other` but no more a claim.
    (The cap predates the greeting rule and stays where it was, so no score moves.)"""
    return bool(_WORD.search(text)) and is_fragment(text)


@dataclass(frozen=True)
class TypeRule:
    id: str
    claim_type: ClaimType
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = ()
    # what the pattern does not look at (blanked before it searches): the dates, years and ordinals
    # a number rule must not count ("on Sept. 11", "since 2003", "the 13th Amendment"). Every span it
    # blanks holds a digit: a text without one is searched as it is (`_first_match`).
    ignore: re.Pattern[str] | None = None


def _p(words: str) -> re.Pattern[str]:
    return re.compile(words, re.IGNORECASE)


# Tried first, before the fragment test: what is not a statement (README: `other` covers questions and
# greetings), whatever a later rule would see in it ("will" in a question is no prediction, "good" in
# a greeting no opinion). A greeting is the whole content: a greeting word and only words that address
# or thank someone after it, so a claim that follows a greeting is still typed by what it says.
FIRST_RULES: tuple[TypeRule, ...] = (
    TypeRule(
        "other.question",
        "other",
        _p(r"\?[\s\"'”’)\]]*$"),
        (
            "Why did the governor veto it?",
            "Is the station still open?",
            "Will the council raise the fares again next year?",
            "How many nurses left the hospital in 2021?",
            "Should parents pay for the buses?",
            'Who, he asked, "will pay for it?"',
        ),
        ("Who pays? The council does.", "The council will decide what to ask the voters."),
    ),
    TypeRule(
        "other.greeting",
        "other",
        _p(
            r"^\W*(?:hello|hi|hey|good (?:morning|afternoon|evening|night)|greetings|welcome|goodbye|bye|thank you|thanks)"
            r"(?:[\s,]+(?:everyone|everybody|all|folks|there|again|friends|and|ladies|gentlemen|very|much|so|back|to|the"
            r"|debate|show|program|programme|(?:mr|mrs|ms|dr|senator|president|governor|mayor|sir|madam)\.?(?:\s+[a-z'’-]+)?))*"
            r"[\s.!,]*$"
        ),
        (
            "Good morning, everyone.",
            "Hello there!",
            "Thank you very much, Senator Ames.",
            "Welcome back to the debate.",
            "Good evening, ladies and gentlemen.",
            "Thanks again.",
        ),
        (
            "Thanks to the new law, crime fell.",
            "Hello, taxes rose again.",
            "Good schools matter to every family.",
            "Thank you for cutting my taxes by half.",
        ),
    ),
)

_MONTH = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|may"
# Numbers that count nothing: a date ("Sept. 11", "24 January 2026", "9/11"), a year after a word of
# time ("in 2012", "since 1990", "the 2008 campaign"), an ordinal ("13th", "5th Amendment"), a clock
# time ("3 a.m."), a code ("EB-5", "COVID-19", "F-35"). Lower-case letters only (see `_case_sensitive`).
_NOT_A_COUNT = re.compile(
    rf"\b(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:1[89]|20)\d\d\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b(?:\s+(?:1[89]|20)\d\d\b)?"
    r"|\b(?:in|since|until|till|of|from|before|after|during|through|between|year|the|a|early|late|mid"
    r"|spring|summer|autumn|fall|winter|january|february|march|april|june|july|august|september|october"
    r"|november|december)[\s-]+(?:1[89]|20)\d\d(?:s|['\u2019]s)?\b(?!\s*(?:%|percent|per\s+cent))"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.)|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b[a-z]+-\d+\b",
    re.IGNORECASE,
)

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
            "About 2000 people marched on Sept. 11.",
            "Since 2003, 40 schools have closed.",
            "Rents rose 12 percent in 2024.",
        ),
        (
            "The mayor opened the new library on Monday.",
            "She collapsed during the Sept. 11 memorial ceremony.",
            "He has been a registered Republican since 2003.",
            "The 13th Amendment has a clause on punishment.",
            "He gets up at 3 a.m. to send angry tweets.",
            "The EB-5 program has sent a terrible message.",
            "The hearing was moved to 24 January.",
        ),
        _NOT_A_COUNT,
    ),
    TypeRule(
        "quantity.statistic",
        "quantity",
        _p(
            r"\b(?:rate|rates|average|median|majority|minority|most|fewest|fewer|highest|lowest|largest|smallest"
            r"|biggest|per capita|statistics?|figures?)\b"
            # a comparison of amounts, not of clauses ("more than we disagree on", "less than I hoped")
            r"|\b(?:more|less) than\b(?!\s+(?:ever|anyone|anything|usual)\b)"
            r"(?!\s+(?:i|we|you|he|she|they)\s+(?:agree|disagree|expected|hoped|thought|imagined|can|could|would|know|care)\b)"
            # a record set, not a record kept ("a track record", "on the record", "a record of voting")
            r"|\b(?:a|new|all-time)\s+record\b(?!\s+of\b)|\brecord[\s-](?:highs?|lows?|numbers?|levels?|years?|turnout|profits?)\b"
        ),
        (
            "The crime rate in our towns is going down.",
            "Most farmers in the valley grow wheat.",
            "Our state has the highest taxes in the region.",
            "Turnout reached a record in the city.",
            "Prices hit record highs in the spring.",
            "Nurses in the city are paid less than teachers.",
            "Families pay more than they did in 2010.",
            "The state spends more than it collects in taxes.",
        ),
        (
            "They closed the factory last year.",
            "We agree on far more than we disagree on.",
            "He has a proven track record of delivery.",
            "I said so on the record.",
            "There is no record whatsoever of that meeting.",
            "She has a record of voting against the budget.",
            "I love this town more than I can say.",
        ),
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
    "the rising costs of care",
    "the needs of small farms",
    "their family stories",
    "two agencies in the county",
    "other costly programs for schools",
    "the victims' families in court",
    "the lovely gardens of the town",  # an adjective in -ly is no adverb before a verb
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
    "the taxpayer cannot afford it",
    "Inflation hurts families",
    "The law bans guns",
    "Daily walking cuts dementia risk",
    "The ruling speaks for itself",
    "Prices rise every year",
    'the two agencies "work closely together"',
    "Appellate courts rarely overturn findings of fact",
    "The mayor also wants a new stadium",
    "if that helps",
    "the judge as a fair man",
)


def _case_sensitive(rule_id: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` (a rule's, or what it ignores) without IGNORECASE, to search lower-cased text with (see
    `_LOWERED_RULES`)."""
    # Equivalent only if every letter the pattern spells (escapes such as `\b` aside) is lower case.
    if not pattern.flags & re.IGNORECASE or re.search(r"(?<!\\)[A-Z]", pattern.pattern):
        raise ValueError(f"{rule_id}: a case-insensitive pattern with lower-case letters only, please")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


class _Lowered(NamedTuple):
    """A rule with its pattern, and what it ignores, as case-sensitive patterns for lower-cased text."""

    rule: TypeRule
    pattern: re.Pattern[str]
    ignore: re.Pattern[str] | None


def _lowered(rule: TypeRule) -> _Lowered:
    # What a rule ignores is blanked case-sensitively in lower-cased text too: the dates' pattern spells
    # only lower-case letters, and without IGNORECASE it blanks a wording a third as fast (on the
    # generated corpus, where most wordings hold a digit, it was half the time of the claim types).
    ignore = _case_sensitive(rule.id, rule.ignore) if rule.ignore is not None else None
    return _Lowered(rule, _case_sensitive(rule.id, rule.pattern), ignore)


# The rules tried before the last, as case-sensitive patterns to search lower-cased text with, 2-3x as
# fast. On text whose only cased letters are ASCII ones (curly quotes, dashes, currency signs have no
# case) a case-insensitive search and a case-sensitive one of the lower-cased text agree: the patterns
# spell ASCII letters only, `\w` and `\b` do not depend on case, and a caseless character matches only
# itself either way. Other text keeps the case-insensitive patterns (Unicode case folding has more to it
# than `str.lower`: `ſ` is an `s`, the Kelvin sign a `k`).
_LOWERED_FIRST: tuple[_Lowered, ...] = tuple(_lowered(r) for r in FIRST_RULES)
_LOWERED_RULES: tuple[_Lowered, ...] = tuple(_lowered(r) for r in RULES[:-1])
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGIT = re.compile(r"\d")


def _cased_only_in_ascii(text: str) -> bool:
    """True when every character of `text` beyond ASCII has no case (its lower and upper forms agree)."""
    return text.isascii() or all(c.lower() == c.upper() for c in set(_NON_ASCII.findall(text)))


def claim_type(text: str) -> ClaimType:
    """The claim type of `text` (one of CLAIM_TYPES); deterministic."""
    return claim_type_rule(text)[0]


def _first_match(text: str, low: str | None, lowered: tuple[_Lowered, ...]) -> TypeRule | None:
    """The first of `lowered`'s rules that matches: `low` (the lower-cased text) searched with the
    case-sensitive patterns, or, when `low` is None, `text` with the rules' own patterns."""
    for rule, pattern, ignore in lowered:
        if low is None:
            subject, pattern, ignore = text, rule.pattern, rule.ignore
        else:
            subject = low
        # What `ignore` blanks holds a digit, and nine wordings in ten hold none: blanking those (a
        # search of every position by a long pattern) was a fifth of the merge's scoring time.
        if ignore is not None and _DIGIT.search(subject) is not None:
            subject = ignore.sub(" ", subject)
        if pattern.search(subject) is not None:
            return rule
    return None


def claim_type_rule(text: str) -> tuple[ClaimType, str]:
    """(claim type, id of the rule that decided it): `fragment.no_finite_verb`, `other.empty` and
    `other.no_verb` are not in FIRST_RULES or RULES."""
    if not text.strip() or not _WORD.search(text):
        return "other", "other.empty"
    low = text.lower() if _cased_only_in_ascii(text) else None
    rule = _first_match(text, low, _LOWERED_FIRST)
    if rule is None:
        if is_fragment(text):
            return "fragment", "fragment.no_finite_verb"
        rule = _first_match(text, low, _LOWERED_RULES)
    if rule is not None:
        return rule.claim_type, rule.id
    if reads_as_clause(text):
        return "event", "event.finite"
    return "other", "other.no_verb"
