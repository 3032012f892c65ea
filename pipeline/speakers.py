"""Stage 4, resolve speakers: surface speaker phrases in, canonical Speakers out.

Within one document: pronouns go to the nearest earlier compatible person
(gender from titles, given names and pronoun use; names inside quotations are
skipped), short forms and misspellings (`Sir Philip`, `Rutnam`, `Rutman`) go
to the fullest name, and roles (`the Home Secretary`) go to the person the
document ties them to (`Home Secretary Priti Patel`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from .lexicon import (
    ALL_TITLES,
    CUE_LEMMA,
    FEMALE_NAMES,
    FUNCTION_WORDS,
    GROUP_HEADS,
    HONORIFICS,
    HYPHENED_NAME_PREFIX,
    ISSUED_DOCUMENTS,
    KIN_FEMALE,
    KIN_MALE,
    MALE_NAMES,
    MONTHS,
    NAME_HONORIFICS,
    NAME_PREFIX_ROLES,
    NAME_TITLE_ABBREVIATIONS,
    NEGATIONS,
    NO_SPEAKER_WORDS,
    NOT_NAME,
    NOT_PERSON_ROLE,
    OFFICE_TITLES,
    ORG_WORDS,
    OTHER_SUBJECT_PRONOUNS,
    PARTY_MEMBERS,
    PLACE_INITIALS,
    PRONOUNS_F,
    PRONOUNS_M,
    PRONOUNS_PL,
    ROLE_HEADS,
    TIME_WORDS,
    TITLES_F,
    TITLES_M,
    TITLES_N,
    UNNAMED_HEADS,
    VERB_HELPERS,
    opens_with_share,
)
from .models import ExtractedMention, GroundedMention, SegmentedDocument, Speaker, SpeakerKind
from .unicase import MARKS, UPPER, UPPER_CLASS, lower_searchable, uni

# A name's lower-case letters in any script, each maybe followed by combining accents ("Be\u0301atrice").
_LOWER_RUN = r"(?:\p{Ll}[\p{M}]*)+"
_PLACE_INITIALS = "|".join(re.escape(p.upper()) for p in sorted(PLACE_INITIALS))
# A surname may hold a second capital after a short prefix ("McCain", "MacArthur", "DuVernay",
# "DeSantis", "VanHollen", "O'Rourke"): the whole word is one token, not a name cut at the capital.
_NAME_TOKEN = uni(
    rf"(?:\p{{Lu}}\p{{Ll}}{{1,3}}|O['\u2019])\p{{Lu}}{_LOWER_RUN}"
    rf"|\p{{Lu}}[\p{{M}}]*{_LOWER_RUN}(?:[-'\u2019]\p{{Lu}}?{_LOWER_RUN})*"
    # initials, one or a run ("J. Edgar", "J.D. Vance", "George H.W. Bush"); not a place's ("U.S.")
    rf"|(?!(?:{_PLACE_INITIALS})\.)(?:\p{{Lu}}\.){{1,3}}"
    # a surname behind an Arabic article or patronymic ("Bashar al-Assad"; never the first word: a name starts upper-case)
    rf"|{HYPHENED_NAME_PREFIX}\p{{Lu}}{_LOWER_RUN}"
)
_PARTICLE = r"(?:de|van|von|der|den|da|di|du|del|la|le|bin|al|el|st\.?)"
# A name's titles: the abbreviated ones and the honorifics ("Sir", "Dame", "Lord", ...); two may stand
# together ("Rt. Hon.", "Lt. Gov."): `_titles_of` reads them. "Pres." is left out: it
# mostly stands before a possessive ("Pres. Obama's press conference"), which a titled name keeps.
# (longest first: an alternation takes the first that matches; then alphabetically, so the pattern's text is the
# same in every process: a set's order is not)
_TITLE_WORDS = sorted(
    (w.capitalize() for w in (NAME_TITLE_ABBREVIATIONS - {"pres"}) | NAME_HONORIFICS), key=lambda w: (-len(w), w)
)
_ONE_TITLE = "(?:" + "|".join(_TITLE_WORDS) + r")\.?"
_TITLE_RE = rf"{_ONE_TITLE}(?:\s+{_ONE_TITLE})?"
# Person-like name: optional title, then 1-6 capitalised tokens (up to two particles between two: "von der");
# six, so that an office before a full name ("Senate Majority Leader Chuck Ramsey") leaves it whole for `_after_office`.
# Every match starts with a capital; the leading lookahead says so, which lets the regex engine
# skip to the next capital instead of trying the whole pattern at every position (3x faster).
# It starts a word, too: the last capital of an all-capitals word ("FULL TEXT." before a name's
# paragraph) is no initial, so "TEXT.\n\nJo Doe" gives "Jo Doe", not "T. Jo Doe"; nor is a letter
# inside a dotted run ("Retired U.S. Air Force Gen." starts no name at "S.").
# A name stays in its line: a headline above a paragraph ("The beekeeper of Hackney Wick\n\nRuth
# Achebe is …") is no part of it.
NAME_RE = re.compile(
    rf"(?<![\w.])(?={UPPER})(?:(?P<title>{_TITLE_RE})[^\S\n]+)?(?P<name>(?:{_NAME_TOKEN})(?:[^\S\n]+(?:{_PARTICLE}[^\S\n]+){{0,2}}(?:{_NAME_TOKEN})){{0,5}})"
)
_WORD_RE = re.compile(r"[\w'\u2019.-]+")


_NOT_NAME_OR_ORG = NOT_NAME | ORG_WORDS
_BODY_WORDS = frozenset(ORG_WORDS | NOT_PERSON_ROLE)  # a role ending in one names a body, not its holder
_GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
_DAY_NUMBER = re.compile(r"\s*\d")


def _month_surname(raw: list[str], title: str | None, text: str, end: int) -> bool:
    """Is the name run's last word, a month's name, a surname ("Theresa May", "Mrs May", "Brian May"):
    after a given name or a title, and no day number after it ("Smith May 3" is a date)?"""
    if raw[-1].strip(".").lower() not in MONTHS or _DAY_NUMBER.match(text, end):
        return False
    if len(raw) == 1:
        return bool(title)
    return raw[-2].lower() in _GIVEN_NAMES


# What `_is_headline` counts: words of 4+ chars that start with a letter of any script (the
# regex below finds exactly those, with their first letter as the group: no list to filter).
_LONG_WORD_INITIAL = re.compile(uni(r"(\p{L})[\w'\u2019\p{M}-]{3,}"))
# A lone capitalised word before a cue ("Maria said", "Zoë said"): a given name may be the speaker.
# Found in two steps because a capital of any script is a class of ~1,000 ranges that `re` would test
# at every position of the text: any word before a cue first, then whether it is capitalised.
_WORD_BEFORE_CUE = re.compile(uni(r"\b(\p{L}[\w\p{M}]{2,})\s+(?:said|says|told|asked|added|wrote|replied|explained)\b"))
_CAPITALISED = re.compile(uni(r"\p{Lu}[\p{M}]*(?:\p{Ll}[\p{M}]*){2,}"))


def _lone_speakers(text: str) -> set[str]:
    """The capitalised words of `text` that stand alone right before a cue word ("Zoë said")."""
    return {w for w in _WORD_BEFORE_CUE.findall(text) if _CAPITALISED.fullmatch(w)}


_TOK = re.compile(r"[\w'\u2019.-]+")
# ", the former minister," / ", Ólafsson's aide," after a name: its role
_APPOSITIVE = re.compile(uni(r",\s+((?:the\s+)?\p{L}[^,.;:\"\u201c\u201d]{2,90}?),"))


def _titles_of(titles: str | None) -> str | None:
    """A name's title(s), lower case and without full stops: "Lt. Gov." -> "lt gov", "Mr" -> "mr", None -> None."""
    return " ".join(t.rstrip(".").lower() for t in titles.split()) if titles else None


# the words of an office written before a person's name that are no title to keep with it ("Chief
# Executive Jamie Dimon", "Managing Director Kristalina Georgieva"; "Mayor", "Justice", "Father" stay:
# a title says who the person is, and which pronoun stands for them)
_OFFICE_WORDS = frozenset(
    "executive director officer chair chairman chairwoman chairperson managing operating financial deputy "
    "assistant acting interim vice congressman congresswoman".split()
)


def _office_word(word: str) -> bool:
    """Is capitalised `word` one of an office's words before a person's name (`_OFFICE_WORDS`)?"""
    return word.lower().strip(".") in _OFFICE_WORDS


# words that open a sentence before a name: "Like Corker, she …", "Telling Jeb Bush to …", "Is President
# Obama …" (runs of six words reach them)
_OPENING_WORDS = frozenset({"like", "unlike", "well", "yes", "no"})
# given names that are also function words or cue verbs, missing from the given-name lists
_NAME_HOMOGRAPHS = frozenset({"will", "hope", "may"})


def _sentence_opener(word: str) -> bool:
    """Is capitalised `word` a function word, a preposition or a cue verb, which no name starts with
    (unless it is a given name too: "Will", "Hope", "Mark")?"""
    low = word.lower()
    if low in _GIVEN_NAMES or low in _NAME_HOMOGRAPHS:
        return False
    return low in FUNCTION_WORDS or low in CUE_LEMMA or low in _OPENING_WORDS


_TITLE_NOUNS = ALL_TITLES
# titles alone ("Officer Jane Roe", "Coach Bill Belichick"), but the head of a longer office that no one is
# called by ("U.S. Attorney Preet Bharara", "District Attorney Paul Nakamura", "Chief Electoral Officer Sam
# Patel", "Chief Constable Ian Hopkins", "Head Coach Gareth Southgate": not "Attorney Preet Bharara", as
# "District Judge Ann Lee" is "Judge Ann Lee")
_OFFICE_HEADS = frozenset({"attorney", "officer", "constable", "coach"})
# the word right before such a head, outside the name's run ("U.S. Attorney", "District Attorney")
_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w.'\u2019-]*)[^\S\n]$")


def _office_word_before(text: str, at: int) -> bool:
    """Is the word right before offset `at` (an `_OFFICE_HEADS` word) a word of its office: initials
    ("U.S.") or a capitalised word that opens no sentence, names no time and ends none ("District", not
    "But", "Friday", "May." or "Smith.")?"""
    m = _WORD_BEFORE.search(text, max(0, at - 24), at)
    if m is None:
        return False
    word = m.group(1)
    if re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,}", word):
        return True
    low = word.lower()
    return not (word.endswith(".") or _sentence_opener(word) or low in TIME_WORDS or low in MONTHS)


def _after_office(raw: list[str], text: str) -> list[str]:
    """The person's name in capitalised words `raw` that an office of several words opens: the words
    after its last role word ("Health Minister David Okafor" -> "David Okafor"), or from its last
    title, which stays with a name as a lone one does ("District Judge Ann Lee" -> "Judge Ann Lee",
    as "Judge Ann Lee"). A given name is no office's word ("Dean", "Earl"); the first word is left
    to the steps that drop a run's leading words."""
    for k in range(len(raw) - 2, 0, -1):
        low = raw[k].lower().strip(".")
        if low in _GIVEN_NAMES or len(low) == 1:
            continue  # (an initial is no article: "William A. Ackman")
        if low in NOT_NAME or (low in ROLE_HEADS or low in _OFFICE_WORDS) and low not in _TITLE_NOUNS:
            return raw[k + 1 :]
        if low in _OFFICE_HEADS:  # (k > 0: a word of the office stands before it)
            return raw[k + 1 :]
        if low in _TITLE_NOUNS:
            return raw[k:]
    return _from_given_name(raw, text)


def _from_given_name(raw: list[str], text: str) -> list[str]:
    """`raw` from its first given name that a surname follows, when words the lexicon does not know as an
    office's stand before it ("Majority Whip John Cornyn", "Investigative Correspondent Cynthia
    McFadden" -> "John Cornyn", "Cynthia McFadden"); a title right before it stays, as a lone one does
    ("Chicago Alderman Jo Ervin" -> "Alderman Jo Ervin")."""
    for g in range(1, len(raw) - 1):
        if raw[g].lower() not in _GIVEN_NAMES:
            continue
        before = raw[g - 1].lower().strip(".")
        if before in _GIVEN_NAMES or len(before) == 1 or before in _TITLE_NOUNS:
            # "Mary Ann Lee", "J. Ann Lee": not the name's first word; "Alderman Jo Ervin": a title stays
            return raw[g - 1 :]
        if g == 1 and not _stands_alone(raw[1:], raw[0], text):
            # one word before a given name may be a first name the lists lack ("Norbert Leo Butz",
            # "Jose Antonia Vargas"); it is none when the rest is written without it elsewhere
            # ("Crooked Hillary Clinton", "Real Donald Trump" beside "Hillary Clinton", "Donald Trump")
            return raw
        return raw[g:]
    return raw


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # (as `_toks` writes them: lower case, no dot)


def _surname(tokens: list[str]) -> str:
    """The last of a name's lower-case `tokens` that is no generational suffix ("Jr", "III")."""
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return tokens[-1]


def _stands_alone(name: list[str], word: str, text: str) -> bool:
    """Is `name` written in `text` without `word` before it somewhere?"""
    joined = " ".join(name)
    return text.count(joined) > text.count(f"{word} {joined}")


def _is_name_prefix_role(word: str) -> bool:
    """Is `word` (capitalised before a name) an occupation, not a title ("Singer", "Economist")?"""
    low = word.lower().strip(".")
    return low in NAME_PREFIX_ROLES or (low.endswith("ist") and len(low) > 5)


_OWNER = re.compile(r"['\u2019]s$")
_NEXT_WORD = re.compile(r"\s*([\w\u2019'-]+|\S)")


def _verb_or_stop_after(text: str, end: int) -> bool:
    """Does a verb, a function word or punctuation follow offset `end` ("Frye responded", "Frye on
    Tuesday", "Frye, who", "Frye's")? A capitalised word before another lower-case word ("Young
    voters") is no surname standing alone."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return True
    w = m.group(1)
    if not w[0].isalnum():
        return True
    low = w.lower()
    return low in FUNCTION_WORDS or low in VERB_HELPERS or low in CUE_LEMMA or low.endswith("ed") or low in NEGATIONS


def _is_headline(par: str) -> bool:
    """A Title Case line (most words of 4+ letters capitalised), such as a headline or a caption."""
    initials = _LONG_WORD_INITIAL.findall(par)
    return len(initials) >= 3 and sum(map(str.isupper, initials)) >= 0.8 * len(initials)


def _toks(s: str) -> list[str]:
    return [t.strip(".").lower() for t in _TOK.findall(s) if t.strip(".")]


# Compared by identity (`eq=False`): `in` and `list.index` over an index's people ran the generated
# field-by-field __eq__ (a quarter of `EntityIndex`'s time). The same answers: the entities of one index
# never compare equal field by field, as each keeps the distinct offset it was first found at (`positions`).
@dataclass(eq=False)
class Entity:
    name: str  # the fullest form, without title
    tokens: list[str]
    gender: str | None = None  # "m" | "f" | None
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    positions: list[int] = field(default_factory=list)
    kind: str = "person"

    @property
    def last(self) -> str:
        return self.tokens[-1]


# name words and roles (as places, `_name_places` and `_role_places`, or else as patterns), then what
# each names: `EntityIndex.people_named_between`
_Refs = tuple[
    "_NamePlaces | None",
    "re.Pattern[str] | None",
    "_RolePlaces | None",
    "re.Pattern[str] | None",
    dict[str, list["Entity"]],
    dict[str, "Entity"],
]
# Name words spelled with these only (ASCII lower case, and characters without case) are found as places.
_PLACEABLE_WORD = re.compile(r"[a-z0-9_'\u2019.-]+")


def _is_word(c: str) -> bool:
    """Whether `re` counts the character `c` as `\\w` (str patterns: alphanumeric or the underscore)."""
    return c.isalnum() or c == "_"


@dataclass(frozen=True)
class _NamePlaces:
    """Where each name word of a document occurs in its lower-cased text `low`, in the terms of the
    pattern `\\b(?:WORD|...)\\b` (re.I, the words longest first) that `people_named_between` would
    otherwise compile for every document: `found` is (start, rank of the word in that order, word, end)
    of every occurrence with a word boundary at both ends, sorted."""

    low: str
    words: tuple[str, ...]  # the pattern's order of alternatives: longest first, then alphabetical (escaped)
    found: list[tuple[int, int, str, int]]

    def bound(self, i: int, hi: int) -> bool:
        """`\\b` at offset i of `low` searched up to `hi` (the search ends the text there)."""
        low = self.low
        return (i > 0 and _is_word(low[i - 1])) != (i < hi and _is_word(low[i]))


def _name_places(text: str, words: Iterable[str]) -> _NamePlaces | None:
    """The `_NamePlaces` of `words` in `text`, or None unless every word is spelled with ASCII lower-case
    letters, digits, `_`, apostrophes, dots and hyphens, and `unicase.lower_searchable` holds (re.I in
    `text` then finds what a case-sensitive search of `text.lower()` finds, at the same offsets)."""
    low = text.lower()
    if not lower_searchable(text, low) or not all(_PLACEABLE_WORD.fullmatch(w) for w in words):
        return None
    order = tuple(sorted(words, key=lambda w: (-len(re.escape(w)), re.escape(w))))  # (the pattern sorts them escaped)
    places = _NamePlaces(low, order, [])
    end = len(low)
    for rank, w in enumerate(order):
        at = low.find(w)
        while at >= 0:
            if places.bound(at, end) and places.bound(at + len(w), end):
                places.found.append((at, rank, w, at + len(w)))
            at = low.find(w, at + 1)
    places.found.sort()
    return places


def _named_words(places: _NamePlaces, lo: int, hi: int) -> list[str]:
    """The lower case of every match `names.finditer(text, lo, hi)` gives, in text order, where `names`
    is the pattern `places` stands for: scanning from `lo`, at the first offset where words match, the
    first of them in the pattern's order, then on from its end. An occurrence ending at `hi` is judged
    anew (the boundary there is the end of the searched text)."""
    n = len(places.low)
    lo, hi = max(lo, 0), min(hi, n)
    if lo > hi:
        return []
    found = places.found
    k = bisect.bisect_left(found, (lo,))
    cands = []
    while k < len(found) and found[k][0] < hi:
        if found[k][3] < hi:
            cands.append(found[k])
        k += 1
    for rank, w in enumerate(places.words):
        at = hi - len(w)
        if at >= lo and places.low.startswith(w, at) and places.bound(at, hi) and places.bound(hi, hi):
            cands.append((at, rank, w, hi))
    cands.sort()
    out = []
    pos = lo
    for at, _, w, end in cands:
        if at >= pos:
            out.append(w)
            pos = end
    return out


@dataclass(frozen=True)
class _RolePlaces:
    """Where each role of a document occurs in its lower-cased text `low`, in the terms of the pattern
    `(?=\\b(ROLE|...)\\b)` (re.I, each role's words joined by `\\s+`, the roles longest first) that
    `people_named_between` would otherwise compile for every document: `found` is (start, rank of the
    role in that order, role, end, whether a word boundary follows the end) of every occurrence with a
    word boundary before it, sorted."""

    low: str
    found: list[tuple[int, int, str, int, bool]]


def _role_places(text: str, roles: Iterable[str]) -> _RolePlaces | None:
    """The `_RolePlaces` of `roles` (lower case, words joined by one space) in `text`, or None unless
    every role is spelled with ASCII characters that are not capitals (and U+2019) and
    `unicase.lower_searchable` holds."""
    low = text.lower()
    order = sorted(roles, key=lambda r: (-len(r), r))
    if not lower_searchable(text, low) or not all(
        c.isascii() and not c.isupper() or c == "\u2019" for r in order for c in r
    ):
        return None
    n = len(low)
    bounds = _NamePlaces(low, (), [])
    found = []
    for rank, role in enumerate(order):
        first, *rest = role.split(" ")
        at = low.find(first)
        while at >= 0:
            end = at + len(first)
            for w in rest:  # `\s+` then the next word (greedy: no role word starts with a space)
                gap = end
                while end < n and low[end].isspace():
                    end += 1
                if end == gap or not low.startswith(w, end):
                    break
                end += len(w)
            else:
                if bounds.bound(at, n):
                    found.append((at, rank, role, end, bounds.bound(end, n)))
            at = low.find(first, at + 1)
    found.sort()
    return _RolePlaces(low, found)


def _roles_at(places: _RolePlaces, lo: int, hi: int) -> list[str]:
    """The role of every match `roles.finditer(text, lo, hi)` gives, in text order, where `roles` is the
    pattern `places` stands for: at each offset, the first role in the pattern's order that ends by
    `hi` with a word boundary after it (at `hi`, judged as the end of the searched text)."""
    lo, hi = max(lo, 0), min(hi, len(places.low))
    bounds = _NamePlaces(places.low, (), [])
    found = places.found
    k = bisect.bisect_left(found, (lo,))
    out = []
    last = -1
    while k < len(found) and found[k][0] < hi:
        at, _, role, end, bounded = found[k]
        k += 1
        if at == last or end > hi:
            continue
        if bounded if end < hi else bounds.bound(hi, hi):
            out.append(role)
            last = at
    return out


# a name run after "the" that an organisation's name goes on after a conjunction or preposition
# ("the Transatlantic Trade and Investment Partnership", "the Fish and Wildlife Service") is no person
# (without "the", "Pastor Joseph Brown of Marion Avenue Baptist Church" is)
_ORG_TAIL = re.compile(uni(r"\s+(?:and|&|of|for|on)\s+((?:\p{Lu}[\w'\u2019.-]*\s+){0,3}\p{Lu}[\w'\u2019-]*)"))


def _org_goes_on(text: str, start: int, end: int) -> bool:
    """Does `the` precede the name run text[start:end] and an organisation's name word follow it
    after `and`, `of`, `for` or `on`?"""
    if text[max(0, start - 4) : start].lower() != "the ":
        return False
    m = _ORG_TAIL.match(text, end)
    return m is not None and any(w.lower().strip(".") in ORG_WORDS for w in m.group(1).split())


# the front of a body's name before "and" ("the Health and Safety Executive", "the Food and Drug
# Administration"): the run after the conjunction is no person's name; not a family, a party or a
# person before it ("the Clintons and Donald Trump", "the Democrats and Bernie Sanders")
_THE_RUN_AND = re.compile(uni(r"\bthe\s+((?:\p{Lu}[\w'\u2019-]*\s+){1,3})(?:and|&)\s+$"), re.I)


def _after_the_run_and(text: str, start: int) -> bool:
    """Does a name run at text[start] continue a body's name opened by `the` before an `and`?"""
    m = _THE_RUN_AND.search(text, max(0, start - 60), start)
    if m is None:
        return False
    front = m.group(1).split()
    return not any(w.endswith("s") or w.lower() in _GIVEN_NAMES for w in front)


# a name right after a preposition or an article ("sells at Broadway Market, and she believes …"), or set
# off by commas after a common noun ("runs a charity, Rooftop Meadow, which …"; but "At a law firm,
# Loretta E. Lynch said" names a subject), is no sentence's subject
# an age set off by commas after a lone name ("Her daughter, Nneka, 19, is …"): a person
_AGE_AFTER = re.compile(r",\s+\d{1,3},")
_NOT_SUBJECT_BEFORE = re.compile(r"\b(?:at|in|on|from|for|with|by|to|of|under|into|near|the|a|an)\s+$")
_APPOSITIVE_BEFORE = re.compile(r"\b([a-z]{3,}),\s+$")
_AGED = re.compile(uni(r"(?:\p{Lu}[\w'\u2019.-]*\s+){0,4}\p{Lu}[\w'\u2019-]*,\s+\d{1,3},"))  # "Nneka, 19,"
_COMMA_AFTER = re.compile(uni(r"(?:\p{Lu}[\w'\u2019.-]*\s+){0,4}\p{Lu}[\w'\u2019-]*\s*[,(;]"))


# A byline: "By", the writer's name (two to four capitalised words, "and" a second), then the line's end, a
# bar, a comma, a dash or a bracket ("By Owen Price | Published 14:32", "By Jo Lee and Sam Ode, Reuters")
_BYLINE_MAX = 160  # a byline paragraph's length at most (a writer, an agency, a date)
_BYLINE = re.compile(
    r"[ \t]*By\s+(?:[A-Z][\w.'\u2019-]*\s+){1,3}[A-Z][\w.'\u2019-]*"
    r"(?:\s+and\s+(?:[A-Z][\w.'\u2019-]*\s+){1,3}[A-Z][\w.'\u2019-]*)?[ \t]*(?:$|[|,(\u2014\u2013-]|\n)",
    re.M,
)


def _outside(lo: int, hi: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[lo, hi) without the (sorted, disjoint) `spans`, as the ranges left."""
    out = []
    for a, b in spans:
        if b <= lo or a >= hi:
            continue
        if a > lo:
            out.append((lo, a))
        lo = max(lo, b)
    if lo < hi:
        out.append((lo, hi))
    return out


class EntityIndex:
    """People (and their roles) mentioned in one document, found with regexes."""

    def __init__(self, seg: SegmentedDocument):
        self.seg = seg
        self.text = seg.text
        self.people: list[Entity] = []
        self.bylines: list[tuple[int, int]] = []  # the byline paragraphs' spans (`_bylines`)
        self._by_token: dict[str, list[Entity]] = {}
        self.roles: dict[str, Entity] = {}
        self.mentions: list[tuple[int, Entity]] = []  # (position, entity), outside quotes
        self._quote_spans = [(q.inner_start, q.inner_end) for q in seg.quotes]
        self._sent_starts = [x.start for x in seg.sentences]
        self._qstarts = [s for s, _ in self._quote_spans]
        # Asked for only by the matches that need them (`_in_headline`, `_lone_speaker`): most
        # paragraphs hold no name worth the headline test, most documents no lone given name.
        self._par_starts = [p.start for p in seg.paragraphs]
        self._headline: dict[int, bool] = {}  # paragraph index -> `_is_headline`
        self._lone: set[str] | None = None  # `_lone_speakers(text)`
        self._unquoted_before: list[int] | None = None  # `_unquoted_sentence_before`, built on first use
        self._build()
        self._named: dict[str, Entity | None] = {}  # `named_entity` answers (the index no longer changes)
        self._lower: dict[str, bool] = {}  # `written_lower` answers: one scan of the text per word
        self._refs: _Refs | None = None  # `people_named_between`'s patterns, built on first use

    # ------------------------------------------------------------ building
    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._qstarts, pos) - 1
        return i >= 0 and self._quote_spans[i][0] <= pos < self._quote_spans[i][1]

    def written_lower(self, word: str) -> bool:
        """Does the text hold `word` (lower case) as a word of its own, written in lower case? Answered
        once per word and document: a batch of `Police said …` sentences would rescan it for each."""
        got = self._lower.get(word)
        if got is None:
            got = self._lower[word] = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", self.text) is not None
        return got

    def opens_sentence(self, pos: int) -> bool:
        """Does the phrase at `pos` open its sentence (nothing but spaces, quotation marks or a bracket
        before it)?"""
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        start = self._sent_starts[i] if i >= 0 else 0
        j = pos
        while j > start and self.text[j - 1] in _SENTENCE_OPENING_MARKS:
            j -= 1
        return j == start

    def _unquoted_sentence_before(self, k: int) -> int:
        """The last sentence before sentence `k` that is not inside a quotation from its start to its end
        (-1 when none): where `nearest_person` looks for an antecedent next."""
        if self._unquoted_before is None:
            sents, last, before = self.seg.sentences, -1, []
            for j, s in enumerate(sents):
                before.append(last)
                if not (self.in_quote(s.start + 1) and self.in_quote(max(s.start, s.end - 3))):
                    last = j
            self._unquoted_before = before
        return self._unquoted_before[k]

    def _bylines(self) -> list[tuple[int, int]]:
        """The paragraphs that are a byline (`By Owen Price | Published …`): the writer, no one the
        article's pronouns or roles refer to (his surname made "his" Adam Price's in the article)."""
        return [
            (p.start, p.end)
            for p in self.seg.paragraphs
            if p.end - p.start <= _BYLINE_MAX
            and self.text[p.end - 1 : p.end] not in ".!?"  # (a sentence: "By Election Day, Ann Lee had …")
            and _BYLINE.match(self.text, p.start, p.end)
        ]

    def _build(self) -> None:
        text = self.text
        found: list[tuple[int, int, str | None, list[str]]] = []
        surnames: list[tuple[int, str]] = []  # lone capitalised words: a person's surname, once all are known
        bylines = self.bylines = self._bylines() if "By " in text else []
        byline_starts = [a for a, _ in bylines]
        for m in NAME_RE.finditer(text, self.seg.body_start):
            if bylines:
                k = bisect.bisect_right(byline_starts, m.start()) - 1
                if k >= 0 and m.start() < bylines[k][1]:
                    continue
            raw = m.group("name").split()
            if len(raw) == 1 and not m.group("title"):
                # Fast path for most matches (one capitalised word, no title): the checks below keep
                # it only if it is a given name used as a speaker ("Maria said") and no role word.
                low = raw[0].strip(".").lower()
                aged = low not in _NOT_NAME_OR_ORG and _AGE_AFTER.match(text, m.end("name")) is not None
                if not aged and (
                    low in _NOT_NAME_OR_ORG or raw[0].lower() not in _GIVEN_NAMES or not self._lone_speaker(raw[0])
                ):
                    if low not in _NOT_NAME_OR_ORG and _verb_or_stop_after(text, m.end("name")):
                        surnames.append((m.start("name"), low))
                    continue
            if self._in_headline(m.start()):
                continue  # Title Case Headlines Make Every Word Look Like A Name
            title = _titles_of(m.group("title"))
            # "PA Wire Sir Philip Rutnam": a title inside the run starts the name
            for k in range(len(raw) - 1, 0, -1):
                if raw[k].rstrip(".").lower() in HONORIFICS:
                    title, raw = raw[k].rstrip(".").lower(), raw[k + 1 :]
                    break
            # Drop leading words that are capitalised only because they start a sentence or are roles.
            dropped = None  # the last word dropped, right before the name
            while raw and (raw[0].strip(".").lower() in NOT_NAME or _sentence_opener(raw[0])):
                dropped, raw = raw[0].strip(".").lower(), raw[1:]
            # "Chief Executive Jamie Dimon", "Managing Director Kristalina Georgieva": an office's words
            # that are no title to keep before the name ("Mayor Bill de Blasio", "Justice John Roberts")
            while len(raw) > 2 and _office_word(raw[0]):
                raw = raw[1:]
            if raw and raw[-1].strip(".").lower() in ORG_WORDS:
                continue  # "Marion Avenue Baptist Church": its head word names an organisation
            if not (raw and _month_surname(raw, title, text, m.end("name"))):
                while raw and raw[-1].strip(".").lower() in _NOT_NAME_OR_ORG:
                    raw = raw[:-1]
            # "Senate Majority Leader Chuck Ramsey": the office's words are no part of the name, which
            # the pronouns after it would otherwise take ("Majority Leader Chuck")
            raw = _after_office(raw, text)
            if len(raw) > 2 and raw[0].strip(".").lower() in _OFFICE_HEADS:
                at = m.start("name") + m.group("name").index(raw[0])
                if _office_word_before(text, at):
                    raw = raw[1:]  # ("U.S. Attorney Preet Bharara": the run of the name began after "U.S.")
            # "Singer Jade Lorne", "Economist Ann Lee", "Reform's Dev Sharma": the name after the
            # occupation or the owner, when two words of it remain (a title stays: "Mayor Bill de Blasio")
            # (an owner before one word leaves the word, a surname resolved with the others: "Fed's Collins"
            # in a headline is Susan Collins, no person of its own)
            cut = max(
                (
                    k
                    for k in range(len(raw) - 1)
                    if raw[k].endswith(("'s", "\u2019s")) or k < len(raw) - 2 and _is_name_prefix_role(raw[k])
                ),
                default=-1,
            )
            raw = raw[cut + 1 :]
            if not raw:
                continue
            if (
                len(raw) == 1
                and title is None
                and dropped in OFFICE_TITLES
                and not text[m.end() : m.end() + 1].isalnum()
            ):
                # "President Obama spoke …. He said": an office written out before a lone surname names a
                # person, as "Sen. Obama" does (a pronoun after it may stand for them); "President
                # Obama's visit" names Obama (a name cut inside a word, "President FranÃ§ois", none)
                title, raw = dropped, [_OWNER.sub("", raw[0])]
            if (
                any(t.lower().strip(".") in ORG_WORDS for t in raw)
                or _org_goes_on(text, m.start(), m.end())
                or _after_the_run_and(text, m.start())
            ):
                continue
            if (
                len(raw) == 1
                and not title
                and not (raw[0].lower() in _GIVEN_NAMES and self._lone_speaker(raw[0]))
                and not _AGE_AFTER.match(text, m.end("name"))
            ):
                # a lone capitalised word is a short form, resolved later: as the fast path's, a surname
                # once the run's opener is gone ("But Roth warned", "Then Frye said")
                low = raw[0].strip(".").lower()
                if low not in _NOT_NAME_OR_ORG and _verb_or_stop_after(text, m.end("name")):
                    surnames.append((m.start("name") + m.group("name").index(raw[0]), low))
                continue
            if m.group(0)[-1:] == "'" or text[m.end() : m.end() + 1] in "'\u2019" and len(raw) == 1 and not title:
                continue
            start = m.start("name") + m.group("name").index(raw[0])
            found.append((start, m.end(), title, raw))
        for start, _end, title, raw in found:
            if len(raw) >= 2:
                self._add_person(raw, title, start)
        for start, _end, title, raw in found:
            if len(raw) == 1:
                ent = self.lookup_name(" ".join(raw), title=title)
                if ent is None:
                    ent = self._add_person(raw, title, start)
                else:
                    ent.aliases.add(((title.title() + " ") if title else "") + raw[0])
                    if title in TITLES_M:
                        ent.gender = ent.gender or "m"
                    elif title in TITLES_F:
                        ent.gender = ent.gender or "f"
                self._note(start, ent)
        for start, end, _title, raw in found:
            if len(raw) >= 2:
                ent = self.lookup_name(" ".join(raw))
                if ent is not None:
                    self._note(start, ent)
                    self._roles_around(start, end, ent)
        # "Frye responds. He accuses …": a surname alone names the person as the full name did, and
        # is the antecedent a pronoun after it looks for (only a surname one person of the text has)
        for start, low in surnames:
            people = self._by_token.get(low)
            if people and len(people) == 1 and people[0].last == low and not self._in_headline(start):
                self._note(start, people[0])
        self.mentions.sort(key=lambda x: x[0])
        self._drop_places()
        self._positions = [p for p, _ in self.mentions]
        self._pronoun_genders()

    def _in_headline(self, pos: int) -> bool:
        """Whether offset `pos` lies in a paragraph that `_is_headline` (paragraphs are in text order
        and do not overlap: at most one holds `pos`); each paragraph is tested once, when first asked."""
        i = bisect.bisect_right(self._par_starts, pos) - 1
        if i < 0 or pos >= self.seg.paragraphs[i].end:
            return False
        if i not in self._headline:
            p = self.seg.paragraphs[i]
            self._headline[i] = _is_headline(self.text[p.start : p.end])
        return self._headline[i]

    def _lone_speaker(self, word: str) -> bool:
        """Whether `word` stands alone before a cue somewhere in the text (`_lone_speakers`, found once)."""
        if self._lone is None:
            self._lone = _lone_speakers(self.text)
        return word in self._lone

    def _add_person(self, raw: list[str], title: str | None, pos: int) -> Entity:
        name = " ".join(raw)
        toks = [t.lower().strip(".") for t in raw]
        for e in self.people:
            if e.tokens == toks:
                return e
            # "Philip Rutnam" extends "Rutnam"; keep the fullest form.
            if len(toks) > len(e.tokens) and toks[-len(e.tokens) :] == e.tokens:
                e.aliases.add(e.name)
                e.name, e.tokens = name, toks
                self._index(e)
                return e
        gender = None
        # the given name is the first word a list knows ("Housing Minister Rachel Denholm"); a lone word
        # after a title is a surname, whatever given name it spells ("Sen. Warren")
        given = next(
            (t for t in toks[:-1] if t in MALE_NAMES or t in FEMALE_NAMES),
            toks[0] if len(toks) > 1 or not title else "",
        )
        if title in TITLES_M or given in MALE_NAMES:
            gender = "m"
        elif title in TITLES_F or given in FEMALE_NAMES:
            gender = "f"
        e = Entity(name=name, tokens=toks, gender=gender, positions=[pos])
        if title:
            e.aliases.add(f"{title.title()} {name}")
        self.people.append(e)
        self._index(e)
        return e

    def _index(self, e: Entity) -> None:
        for t in e.tokens:
            lst = self._by_token.setdefault(t, [])
            if e not in lst:
                lst.append(e)

    def _note(self, pos: int, ent: Entity) -> None:
        if not self.in_quote(pos):
            self.mentions.append((pos, ent))

    def _roles_around(self, start: int, end: int, ent: Entity) -> None:
        text = self.text
        before = text[max(0, start - 100) : start]
        # "Home Secretary Priti Patel", "Labour MP Stephen Doughty",
        # "Cabinet secretary and head of the civil service Sir Mark Sedwill"
        words = re.findall(r"[\w'\u2019.-]+", re.split(r"[\n,;:()\"\u201c\u201d]", before)[-1])
        while words and words[-1].rstrip(".").lower() in HONORIFICS:
            words.pop()
        keep: list[str] = []
        for w in reversed(words):
            wl = w.lower().strip(".")
            base = re.sub(r"['\u2019]s$", "", wl)
            if base in ROLE_HEADS or base in TITLES_N or base in ROLE_MODIFIERS:
                keep.append(w)
            elif wl in {"of", "the", "and", "for"} and keep:
                keep.append(w)
            elif w[:1].isupper() and keep and wl in _ORG_OR_MODIFIER:
                keep.append(w)  # "Home Office permanent secretary", not "PA Wire"
            else:
                break
        while keep and keep[-1].lower() in {"of", "the", "and", "for"}:
            keep.pop()
        if keep and any(re.sub(r"['\u2019]s$", "", w.lower().strip(".")) in _ROLE_HEAD_OR_TITLE for w in keep):
            self._add_role(" ".join(reversed(keep)), ent)
        after = text[end : end + 120]
        m = _APPOSITIVE.match(after)
        if m:
            role = m.group(1).strip()
            words = [w.lower().strip("'\u2019") for w in role.split()]
            clause = any(
                w in {"has", "had", "have", "is", "was", "were", "said", "says", "who", "which", "will"}
                or (w.endswith("ed") and w not in {"retired", "elected", "appointed"})
                for w in words
            )
            if not clause and words and words[0] not in _BAD_ROLE_START and any(w in _PERSON_ROLE_HEADS for w in words):
                self._add_role(role, ent)

    def _add_role(self, role: str, ent: Entity) -> None:
        role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(), flags=re.I)
        if not role or len(role) > 90:
            return
        key = role.lower()
        first = re.split(r"\s+(?:and|of|for|at)\s+|\s+-\s+|,", key)[0].strip()
        if first.split()[-1:] and first.split()[-1] in _BODY_WORDS:
            return  # "Police" of "Police Commissioner X", "team of …": a body, whose speakers are not X
        ent.roles.add(role)
        self.roles.setdefault(key, ent)
        # "cabinet secretary and head of the civil service" -> also "cabinet secretary"
        if first and first != key:
            self.roles.setdefault(first, ent)

    def _drop_places(self) -> None:
        """No mention of an entity that is never named as a subject could be, and has neither a title
        nor a known given name, is an antecedent: "at Broadway Market", "in Palo Alto", "told the
        Toronto Star" name places and bodies (a pronoun after them gave them a gender)."""
        text = self.text
        subject_like: set[int] = set()
        for pos, ent in self.mentions:
            lo = max(0, pos - 40)
            aside = _APPOSITIVE_BEFORE.search(text, lo, pos)
            if _AGED.match(text, pos) or (
                not _NOT_SUBJECT_BEFORE.search(text, lo, pos)
                # (an aside after a role names its holder: "The bank's finance officer, Ruben Lee, said")
                and not (aside and aside.group(1) not in _PERSON_HEADS and _COMMA_AFTER.match(text, pos))
            ):
                subject_like.add(id(ent))
        self.mentions = [
            (pos, ent)
            for pos, ent in self.mentions
            if id(ent) in subject_like or ent.gender or ent.roles or ent.tokens[0].lower() in _GIVEN_NAMES
        ]

    def _pronoun_genders(self) -> None:
        """Guess gender from the pronouns that follow an entity's mentions."""
        text = self.text
        for pos, ent in self.mentions:
            if ent.gender:
                continue
            window = text[pos : pos + 200].lower()
            m = len(re.findall(r"\b(?:he|his|him)\b", window))
            f = len(re.findall(r"\b(?:she|her|hers)\b", window))
            if m > f:
                ent.gender = "m"
            elif f > m:
                ent.gender = "f"

    # ------------------------------------------------------------- queries
    def people_named_between(self, lo: int, hi: int) -> list[Entity]:
        """The people named in text[lo:hi], quotations included, each once: by a word of their name or
        aliases (the last, as `lookup_name` matches surnames), or by a role the article gives them."""
        if self._refs is None:
            self._refs = self._reference_patterns()
        found: dict[int, Entity] = {}
        for a, b in _outside(lo, hi, self.bylines):  # (a byline's writer is named by no one)
            self._named_in(a, b, found)
        return list(found.values())

    def _named_in(self, lo: int, hi: int, found: dict[int, Entity]) -> None:
        """`people_named_between` of text[lo:hi], into `found`."""
        assert self._refs is not None
        places, names, role_places, roles, by_word, by_role = self._refs
        words: Iterable[str] = _named_words(places, lo, hi) if places is not None else ()
        if names is not None:
            words = (m.group().lower() for m in names.finditer(self.text, lo, hi))
        for w in words:
            for e in by_word.get(w, ()):
                found.setdefault(id(e), e)
        said: Iterable[str] = _roles_at(role_places, lo, hi) if role_places is not None else ()
        if roles is not None:
            said = (" ".join(m.group(1).lower().split()) for m in roles.finditer(self.text, lo, hi))
        for role in said:
            r = by_role.get(role)
            if r is not None:
                found.setdefault(id(r), r)

    def _reference_patterns(self) -> _Refs:
        by_word: dict[str, list[Entity]] = {}
        for e in self.people:
            if e.kind == "person":
                for w in {e.last} | {_toks(a)[-1] for a in e.aliases if _toks(a)}:
                    by_word.setdefault(w, []).append(e)
        by_role = {" ".join(r.split()): e for r, e in self.roles.items() if e.kind == "person" and r.split()}
        names = roles = None
        places = _name_places(self.text, by_word)
        if by_word and places is None:
            names = re.compile(
                r"\b(?:" + "|".join(sorted(map(re.escape, by_word), key=lambda w: (-len(w), w))) + r")\b", re.I
            )
        role_places = _role_places(self.text, by_role)
        if by_role and role_places is None:
            alts = "|".join(r"\s+".join(map(re.escape, r.split())) for r in sorted(by_role, key=lambda r: (-len(r), r)))
            # a lookahead, so a role inside a longer one ("permanent secretary" in "second permanent
            # secretary") is found too
            roles = re.compile(r"(?=\b(" + alts + r")\b)", re.I)
        return places, names, role_places, roles, by_word, by_role

    def named_entity(self, name_part: str) -> Entity | None:
        """The person a speaker phrase's name part refers to, if it looks like a name (else None).

        Memoised per document: an article quotes the same speaker again and again.
        """
        if name_part not in self._named:
            looks = NAME_RE.fullmatch(name_part.strip()) or _looks_named(name_part)
            self._named[name_part] = self.lookup_name(name_part) if looks else None
        return self._named[name_part]

    def lookup_name(self, s: str, title: str | None = None) -> Entity | None:
        """A name or short form to the person it most likely refers to, or None."""
        toks = [t for t in _toks(s) if t not in HONORIFICS and t not in {"'s", "s"}]
        # "Sen. Hakim Jeffers", "Air Force Gen. Jo Ham": the index holds the name after the title
        # (not across a conjunction: "Sen. Ann Holt and Sen. Reid Cole" are two people, no one of them)
        cut = max((k for k, t in enumerate(toks[:-1]) if t in NAME_TITLE_ABBREVIATIONS), default=-1)
        toks = toks if "and" in toks or "&" in toks else toks[cut + 1 :]
        toks = [t[:-2] if t.endswith("'s") or t.endswith("\u2019s") else t for t in toks]
        if len(toks) > 2 and _is_name_prefix_role(toks[0]) or len(toks) >= 2 and _OWNER.search(s.split()[0]):
            toks = toks[1:]  # "Singer Jade Lorne", "Reform's Dev Sharma", "Fed's Collins": the index holds the name
        if not toks:
            return None
        cands = None
        for t in toks:
            es = self._by_token.get(t, [])
            cands = es if cands is None else [e for e in cands if e in es]
        if cands:
            if title in TITLES_M:
                cands = [e for e in cands if e.gender != "f"] or cands
            elif title in TITLES_F:
                cands = [e for e in cands if e.gender != "m"] or cands
            # a surname names the person it ends ("Trump" is Donald Trump's, not the "Trump Taj Mahal"'s);
            # a given name alone may be anyone's first ("John" is John Hammond's, not Tom John's)
            # (a query ending in a suffix, "Donald Jr.", names no surname to prefer)
            ends = toks[-1] if toks[-1] not in _GIVEN_NAMES and toks[-1] not in _SUFFIXES else None
            return max(cands, key=lambda e: (_surname(e.tokens) == ends, len(e.tokens), -self.people.index(e)))
        # One-letter misspelling of a surname (Rutman / Rutnam).
        if len(toks) == 1 and len(toks[0]) >= 5:
            near = [e for e in self.people if Levenshtein.distance(e.last, toks[0]) == 1 and len(e.last) >= 5]
            if len(near) == 1:
                return near[0]
        return None

    def nearest_person(
        self, pos: int, gender: str | None, recent_speakers: Sequence[tuple[int, int]] = ()
    ) -> Entity | None:
        """The person a pronoun at `pos` most likely refers to.

        First the most recent compatible speaker within the last two sentences
        (reporting prose keeps its speaker); then, sentence by sentence going
        back, the leftmost compatible person (a stand-in for the subject).
        Names inside quotations are never antecedents.
        """

        def ok(e: Entity) -> bool:
            return gender is None or e.gender == gender

        sents = self.seg.sentences
        if not sents:
            return None
        starts = self._sent_starts
        si = max(0, bisect.bisect_right(starts, pos) - 1)
        fallback = None
        looked = 0
        # Sentence by sentence going back (quoted sentences hold no antecedent for the
        # reporting prose, though a quotation's own frame, '"…," said Julia Hart.', names one): a
        # speaker of that sentence first, then its leftmost person. (The quoted sentences are skipped
        # by a table built once per document: one by one, a window of dialogue cost n**2.)
        k = si
        while k >= 0 and looked < 6:
            looked += 1
            lo, hi = sents[k].start, min(pos, sents[k].end)
            r_hi = bisect.bisect_left(recent_speakers, (hi, -1))
            r_lo = bisect.bisect_left(recent_speakers, (lo, -1))
            for _, idx in reversed(recent_speakers[r_lo:r_hi]):
                if ok(self.people[idx]) or (k >= si - 1 and self.people[idx].gender is None):
                    # (a speaker of this sentence or the last whose gender nothing told: still the one
                    # reporting prose goes on with, before anyone further back)
                    return self.people[idx]
            a = bisect.bisect_left(self._positions, lo)
            b = bisect.bisect_left(self._positions, hi)
            for _, ent in self.mentions[a:b]:
                if ok(ent):
                    return ent
                if fallback is None and ent.gender is None:
                    fallback = ent
            k = self._unquoted_sentence_before(k)
        if fallback is None:
            # "…after he resigned. Sir Philip Rutnam, permanent secretary, …": a lead may
            # name its subject only after the pronoun; look one or two sentences ahead.
            a = bisect.bisect_left(self._positions, pos)
            b = bisect.bisect_left(self._positions, sents[min(len(sents) - 1, si + 2)].end)
            for _, ent in self.mentions[a:b]:
                if ok(ent):
                    return ent
        return fallback


ROLE_MODIFIERS = {
    "permanent",
    "general",
    "chief",
    "senior",
    "deputy",
    "assistant",
    "former",
    "acting",
    "vice",
    "foreign",
    "home",
    "prime",
    "executive",
    "press",
    "national",
    "security",
    "defense",
    "defence",
    "communications",
    "campaign",
    "policy",
    "state",
    "shadow",
    "junior",
    "principal",
    "cabinet",
    "civil",
    "labour",
    "conservative",
    "democratic",
    "republican",
    "white",
    "house",
    "top",
    "interim",
    "managing",
    "first",
    "second",
    "union",
    "party",
    "us",
    "u.s.",
    "uk",
    "british",
    "american",
    "political",
    "economic",
    "legal",
    "health",
    "finance",
    "justice",
    "treasury",
}
_BAD_ROLE_START = NOT_NAME - ROLE_MODIFIERS - {"the", "a"}
# The unions `EntityIndex._roles_around` tests a name's neighbouring words against, made once:
# built at each test, they cost a set of 200-350 words per word and per name (the lexicon's sets
# never change after import).
_ORG_OR_MODIFIER = frozenset(ORG_WORDS | ROLE_MODIFIERS)
_ROLE_HEAD_OR_TITLE = frozenset(ROLE_HEADS | TITLES_N)
_PERSON_ROLE_HEADS = _ROLE_HEAD_OR_TITLE - NOT_PERSON_ROLE
# (not before "of": "One of the men's relatives" is the speaker, "of the men's relatives" no one)
# (not the count of a share: "one of them", "one in five")
_DET = re.compile(
    r"^(?:the|a|an|one|two|three|several|some|many|other|another|his|her|their|its)\s+(?!of\b)(?!in\b(?!-))", re.I
)


_POSSESSIVE_END = re.compile(r"['\u2019]s$")
_NO_SPEAKER_WORDS = NO_SPEAKER_WORDS  # "It's", "That's" opening a sentence: the phrase a cue found is no one


def _is_plural_role(word: str) -> bool:
    """ "officials", "ministers", "critics": a plural of a role noun (lower case in, True/False out)."""
    if not word.endswith("s"):
        return False
    return word in ROLE_HEADS or word[:-1] in ROLE_HEADS or word.endswith("es") and word[:-2] in ROLE_HEADS


def _is_common_noun_speaker(raw: str) -> bool:
    """ "Officials", "Critics", "Police": one capitalised word that is a group or plural role noun.

    Such a word opens its sentence with a capital but names nobody: a group, not a person."""
    if " " in raw or not raw[:1].isupper():
        return False
    low = raw.lower()
    return low in GROUP_HEADS or low in UNNAMED_HEADS or _is_plural_role(low)


def classify(phrase: str) -> SpeakerKind:
    """Speaker kind for a non-person phrase ('organization', 'group', 'unnamed', 'person', 'unknown')."""
    low = phrase.lower()
    # strip a possessive ("the minister's"), not every trailing s: "officials" stays plural
    words = [_POSSESSIVE_END.sub("", w.strip(".,")).strip("'\u2019") for w in low.split()]
    if not words:
        return "unknown"
    head = words[-1]
    own = words  # the head's own words: not those of what follows its preposition
    # "a spokesman for the Home Office": the head is before the preposition
    m = re.match(r"^(.*?)\s+(?:for|of|at|with|close to|familiar with|from|in)\s+", low)
    if m:
        head = m.group(1).split()[-1].strip(".,")
        if head in ROLE_HEADS:  # ("the Isle of Wight Council": a name whose "of" is its own)
            own = words[: len(m.group(1).split())]
    if (
        re.match(r"^(?:a|an|one|two|three|several|some|many|other|another)\b", low)
        or low.startswith("sources")
        or re.search(r"\b(?:close to|familiar with|briefed on|knowledgeable about)\b", low)
        or head in UNNAMED_HEADS
        and not any(c.isupper() for c in (phrase.split() or [""])[0])
    ):
        if head in GROUP_HEADS and head not in UNNAMED_HEADS:
            return "group"
        return "unnamed"
    if head in GROUP_HEADS or _is_plural_role(head) and head not in ORG_WORDS:
        return "group"
    # ("the chief executive of the NHS trust" is a person, the trust his employer; "the MP" an office)
    if (
        any(w in ORG_WORDS for w in own)
        or re.fullmatch(r"(?:the\s+)?[A-Z]{2,6}", phrase.strip())
        and head not in ROLE_HEADS
    ):
        return "organization"
    if head in ROLE_HEADS:
        return "person"
    return "unknown"


_CONJOINED = re.compile(r"\s(?:and|&)\s")
_NAME_PART_END = re.compile(r",|\s+-\s+|\s+\u2014\s+|\(")
# a name whose commas list capitalised parts up to an "and" (a ministry's portfolios: "Department for
# Environment, Food and Rural Affairs"): the commas are the name's, not where a role begins
_PORTFOLIOS = re.compile(
    uni(r"[^,]+(?:,\s+\p{Lu}[\w'\u2019-]*(?:\s+\p{Lu}[\w'\u2019-]*)*)+,?\s+and(?:\s+\p{Lu}[\w'\u2019-]*)+")
)


def resolve_one(idx: EntityIndex, m: ExtractedMention, recent: list[tuple[int, int]] | None = None) -> Speaker:
    """Map one mention's speaker phrase to a Speaker, using the document's entities."""
    raw = (m.speaker.name or m.speaker_text or "").strip()
    if not raw:
        return m.speaker
    # "Obama's", "CNN's" (a phrase cut before its head noun) stand for their owner, who is then named
    # as such; "He's", "who's" are a contracted pronoun, read as the pronoun
    raw = _POSSESSIVE_END.sub("", raw) or raw
    if raw.lower() in _NO_SPEAKER_WORDS:
        return Speaker(name=None, kind="unknown", aliases=(raw,))
    pos = m.speaker_hint if m.speaker_hint is not None else (m.content_hint or 0)
    if raw.rstrip(".").lower() in HONORIFICS and m.speaker_hint is not None:
        raw = _titled_name(idx.text, m.speaker_hint, raw) or raw
    low = raw.lower()
    if low in PRONOUNS_M | PRONOUNS_F:
        ent = idx.nearest_person(pos, "m" if low in PRONOUNS_M else "f", recent or [])
        return _from_entity(ent, raw, m) if ent else Speaker(name=None, kind="person", aliases=(raw,))
    if low in {"i", "we", "you"}:
        label = _turn_label(idx.text, pos)
        if label is not None:  # 'TAPPER: Do you think …': the turn's speaker asks or answers
            return Speaker(name=label, kind="person", aliases=(raw,))
    if low in PRONOUNS_PL or low in OTHER_SUBJECT_PRONOUNS:
        return Speaker(name=None, kind="unknown" if low in {"i", "we", "you", "who"} else "group", aliases=(raw,))
    bare = _DET.sub("", raw)
    # Names ("Sir Philip", "Rutnam", "Rutman", "Dave Penman, general secretary of the FDA")
    name_part = raw if _PORTFOLIOS.fullmatch(raw) else _NAME_PART_END.split(raw, 1)[0].strip()
    ent = idx.named_entity(name_part)
    if ent is not None:
        return _from_entity(ent, raw, m)
    office = _office_before_name(idx, name_part)
    if office is not None:
        ent, role = office
        return _from_entity(ent, raw, m.model_copy(update={"speaker": m.speaker.model_copy(update={"role": role})}))
    # Roles ("the Home Secretary", "the cabinet secretary"); "a campaign aide" is one of
    # many, never the person the article gives that role
    key = bare.lower().strip()
    if key in idx.roles and not _INDEFINITE.match(raw):
        return _from_entity(idx.roles[key], raw, m)
    kind: SpeakerKind = m.speaker.kind if m.speaker.kind != "unknown" else classify(raw)
    if opens_with_share(raw) and m.speaker_hint is not None and idx.opens_sentence(m.speaker_hint):
        # "Nine in ten voters said", "Nearly nine in 10": a count of those asked, no name; the
        # capital is the sentence's
        name = raw[:1].lower() + raw[1:]
        return Speaker(name=name, kind=kind, role=m.speaker.role, aliases=_alias_list({raw}, name))
    if _is_common_noun_speaker(raw):
        # "Officials said": no one's name, however it is capitalised; the kind "officials said"
        # gets (as "Police" already did). Opening its sentence, the capital is the sentence's where the
        # article writes the word in lower case elsewhere ("According to police,", not "According to
        # Police,"); a party's members keep it
        group = classify(raw.lower())
        low = raw.lower()
        lower = (
            low not in PARTY_MEMBERS
            and m.speaker_hint is not None
            and idx.opens_sentence(m.speaker_hint)
            and idx.written_lower(low)
        )
        name = low if lower else raw
        return Speaker(name=name, kind=group if group in ("group", "unnamed") else "group", role=m.speaker.role)
    if kind == "unknown" and _looks_named(name_part):
        # "Obama and Clinton" are two people speaking together: a group, with no one "I"
        kind = "group" if _CONJOINED.search(name_part) else "person" if len(name_part.split()) >= 2 else "unknown"
    name = name_part if _looks_named(name_part) else bare
    return Speaker(name=name, kind=kind, role=m.speaker.role, aliases=_alias_list({raw}, name))


TITLE_REACH = 40  # a speaker hint may point a few words before the title ("Sunday, Mrs. Hale")


@cache
def _titled_name_pattern() -> re.Pattern[str]:
    """A title and the name it stands before ("Mr. Rubio"), found where a speaker phrase was cut at its
    full stop. Compiled on first use: its capitals' classes cost about 7 ms to compile, and most
    articles never ask (two of the 84 PolNeAR dev articles do). One to three name tokens, each after
    spaces: the same matches as a first token and up to two more, with the token's classes compiled
    once, not three times (14 ms)."""
    return re.compile(rf"{_TITLE_RE}(?:\s+(?:{_NAME_TOKEN})){{1,3}}")


def _titled_name(text: str, pos: int, title: str) -> str | None:
    """`title` with the name after it, the first such within TITLE_REACH characters of text[pos]
    ("Mr. Rubio" where a speaker phrase was cut at the title's full stop to "Mr"), or None."""
    for t in _titled_name_pattern().finditer(text, pos, pos + TITLE_REACH):
        if t.group().startswith(title.rstrip(".")):
            return t.group()
    return None


# a transcript turn: a paragraph opening with its speaker's name in capitals ("TAPPER:", "SEN. JO MARSH:")
_TURN_LABEL = re.compile(rf"\s*({UPPER}[{UPPER_CLASS}{MARKS}.'\u2019 -]{{1,40}}{UPPER}[{MARKS}]*)\s*:")


def _turn_label(text: str, pos: int) -> str | None:
    """The capitalised speaker label of the transcript turn (paragraph) holding text[pos], or None."""
    m = _TURN_LABEL.match(text, text.rfind("\n", 0, pos) + 1, pos)
    return m.group(1) if m else None


_INDEFINITE = re.compile(r"(?:a|an|one|another|some|several|two|three|four|many)\s", re.I)


@lru_cache(maxsize=1 << 14)  # the merge asks again for every mention of a speaker
def _looks_named(s: str) -> bool:
    words = [w for w in re.findall(r"[\w'\u2019.-]+", s) if w.lower() not in {"the", "of", "and", "for"}]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _alias_list(aliases: set[str], name: str | None) -> tuple[str, ...]:
    """The other names a speaker went by, sorted, without a possessive ("Sir Philip's" -> "Sir Philip")
    and without the name itself."""
    return tuple(sorted({_POSSESSIVE_END.sub("", a) for a in aliases} - {name, ""}))


def _office_before_name(idx: EntityIndex, name_part: str) -> tuple[Entity, str] | None:
    """The person whose whole name ends `name_part`, and the office words before it, when the index
    holds that name ("Majority Whip John Carnes" -> John Carnes, "Majority Whip"): the words the
    subject finder left in the name are the ones the index cut as an office's."""
    words = name_part.split()
    for k in range(1, len(words) - 1):
        if words[k - 1].lower() in _NOT_OFFICE:
            return None  # "a spokeswoman for Hillary Clinton", "Jeb Bush and Chris Christie": not hers
        first, before = words[k].lower(), words[k - 1].lower().strip(".")
        if first not in _GIVEN_NAMES or before in _GIVEN_NAMES or len(before) == 1:
            continue  # a person's name opens with a given name ("Energy Finance", "Wasserman Schultz" do not)
        ent = idx.named_entity(" ".join(words[k:]))
        if ent is not None and ent.kind == "person" and ent.name == " ".join(words[k:]):
            return ent, " ".join(words[:k])
    return None


# words that make what stands before a name something other than the person's office
_NOT_OFFICE = frozenset({"for", "to", "of", "and", "&", "at", "in", "from", "with", "by", "on", "about"})


def _from_entity(ent: Entity, raw: str, m: ExtractedMention) -> Speaker:
    aliases = set(ent.aliases) | ({raw} if raw.lower() not in PRONOUNS_M | PRONOUNS_F else set())
    role = m.speaker.role or (sorted(ent.roles, key=lambda r: (-len(r), r))[0] if ent.roles else None)
    return Speaker(name=ent.name, kind="person", role=role, aliases=_alias_list(aliases, ent.name))


def resolve_speakers(
    seg: SegmentedDocument, mentions: list[ExtractedMention], idx: EntityIndex | None = None
) -> list[ExtractedMention]:
    """Mentions with surface speaker phrases in, mentions with resolved Speakers out (`idx`: the
    document's index, if the caller already built it)."""
    if not mentions:
        return []
    idx = idx if idx is not None else EntityIndex(seg)
    by_name = {e.name: k for k, e in enumerate(idx.people)}
    recent: list[tuple[int, int]] = []  # (speaker position, index into idx.people), kept sorted
    last_at: dict[int, int] = {}  # index into idx.people -> where they last spoke (of `recent`)
    unnamed = _Unnamed()
    resolved: dict[str, Speaker] = {}
    # Resolve in reading order, so a pronoun can lean on the speakers just before it.
    for m in sorted(mentions, key=lambda x: x.speaker_hint if x.speaker_hint is not None else (x.content_hint or 0)):
        sp = resolve_one(idx, m, recent)
        if sp.name is None and m.speaker_hint is not None:
            sp = unnamed.for_pronoun(idx, m) or _opener_for_pronoun(idx, m, recent) or sp
        elif sp.name in by_name and unnamed.spoke_since(
            _last_words(idx, last_at.get(by_name[sp.name]), by_name[sp.name], m), m.speaker_text or ""
        ):
            # "Michael Stone said … . A spokesman for the company denied the report. 'It is false,' he
            # said.": the role that spoke after the named person is the one the pronoun continues
            sp = unnamed.for_pronoun(idx, m) or sp
        resolved[m.local_id] = sp
        if sp.name in by_name and m.speaker_hint is not None:
            person = by_name[sp.name]
            bisect.insort(recent, (m.speaker_hint, person))
            last_at[person] = max(last_at.get(person, m.speaker_hint), m.speaker_hint)
        elif m.speaker_hint is not None:
            unnamed.note(m, sp)
    return [_resolved(m, resolved) for m in mentions]


def _resolved(m: ExtractedMention, resolved: dict[str, Speaker]) -> ExtractedMention:
    """`m` with its resolved speaker, and without the denial links to its own speaker's statements: the
    rules link a denial before speakers are known ('Moreno rejected the suggestion that … "That is
    simply not true," she said' linked the quotation to Moreno's own denial); a speaker who denies
    their own words retracts them, which no denial link here means."""
    sp = resolved[m.local_id]
    own = tuple(i for i in m.denies if sp.name is not None and i in resolved and resolved[i].name == sp.name)
    if own:
        return m.model_copy(update={"speaker": sp, "denies": tuple(i for i in m.denies if i not in own)})
    return m.model_copy(update={"speaker": sp})


# role words that carry a gender ("a young man", "a woman"): which pronoun continues them is theirs to say
_GENDERED_NOUNS = frozenset({"man", "woman", "men", "women", "boy", "girl", "mother", "father", "son", "daughter"})
# a question's asker hands the next turn to whoever was asked ("A reporter asked Sanders … . He replied")
_ASKING = frozenset({"ask", "question", "press", "quiz"})


def _role_gender(role: str) -> str | None:
    """The gender a role's words give ("spokesman" m, "spokeswoman" f, "his mother" f), or None."""
    words = role.lower().split()
    if any(w.endswith("woman") or w.endswith("women") or w in KIN_FEMALE for w in words):
        return "f"
    if any(w.endswith("man") or w.endswith("men") or w in KIN_MALE for w in words):
        return "m"
    return None


# someone's kin: "his mother", "the victim's brother", "Smith's wife": a person the article names by another
_OWNED_KIN = re.compile(r"(?:his|her|their|my|our|\S+['\u2019]s?)\s+(?:\w+\s+)?(?P<kin>\w+)$", re.I)


def _kin_gender(raw: str) -> str | None:
    """The gender of a speaker phrase that names someone's kin ("his mother" f), else None."""
    k = _OWNED_KIN.match(raw.strip())
    if k is None:
        return None
    kin = k.group("kin").lower()
    return "f" if kin in KIN_FEMALE else "m" if kin in KIN_MALE else None


def _names_no_one(raw: str, name: str, cue: str | None) -> bool:
    """Is speaker phrase `raw` (resolved to role `name`) someone indefinite with a role no named person
    holds ("A spokesman for the company", "an aide"), who did not ask a question (`cue`)?"""
    words = name.lower().split()
    return (
        _INDEFINITE.match(raw) is not None
        and any(w in ROLE_HEADS and w not in _GENDERED_NOUNS for w in words)
        and not (cue and CUE_LEMMA.get(cue.split()[0].lower()) in _ASKING)
    )


def _last_words(idx: EntityIndex, last_spoke: int | None, person: int, m: ExtractedMention) -> int | None:
    """Where `person` (an index into the document's people) last spoke (`last_spoke`, None if not yet),
    or -1 where they are first named after the pronoun of `m` (a lead's look-ahead found them): then
    anyone a role describes who spoke before the pronoun comes first ("A spokeswoman for the firm said …
    . She said … . Resident Jo Doe said …": the spokeswoman). (A dict of last positions, not a scan of
    every speaker so far for each mention: that was n**2 in a long document.)"""
    if last_spoke is None and m.speaker_hint is not None and min(idx.people[person].positions) > m.speaker_hint:
        return -1
    return last_spoke


_HE_SHE = frozenset(PRONOUNS_M | PRONOUNS_F)
_THEY = frozenset({"they"})
_SENTENCE_OPENING_MARKS = " \t\n\"'(\u201c\u2018"
_IT = frozenset({"it"})


class _Unnamed:
    """The last speakers a pronoun may stand for that the index holds no person for: a role alone ("The
    minister", "A police spokesman") or a lone surname for "he"/"she", a plural ("Police", "Two aides")
    for "they", a body or a lone name ("Twitter", "Iran") for "it". Each as (position, speaker); a
    pronoun resolved to one carries it on to the next sentence ("She said … . She added …")."""

    def __init__(self) -> None:
        self.slots: dict[frozenset[str], tuple[int, Speaker]] = {}
        # where the last role that names no one spoke, and its gender if its words give one (`spoke_since`)
        self.indefinite: tuple[int | None, str | None] = (None, None)

    def for_pronoun(self, idx: EntityIndex, m: ExtractedMention) -> Speaker | None:
        """The speaker the pronoun `m` names (None when it is no pronoun, or none fits)."""
        for pronouns, last in self.slots.items():
            sp = _antecedent_for_pronoun(idx, m, last, pronouns)
            if sp is not None:
                assert m.speaker_hint is not None
                self.slots[pronouns] = (m.speaker_hint, last[1])
                return sp
        return None

    def spoke_since(self, at: int | None, pronoun: str) -> bool:
        """Did someone a role describes as no one named ("a spokesman for the company", "an aide") speak
        after position `at` (a named person's last words; None: that person has not spoken yet), so
        that the subject pronoun `pronoun` continues them (a role's gender, if it has one, agreeing:
        "a spokesman …" is no "she")?"""
        last, gender = self.indefinite
        low = pronoun.lower()
        if low not in ("he", "she") or last is None or at is None or last <= at:
            return False
        return gender is None or gender == ("m" if low == "he" else "f")

    def note(self, m: ExtractedMention, sp: Speaker) -> None:
        """Keep `sp` (the speaker of `m`, at its speaker hint) for the pronouns it fits."""
        assert m.speaker_hint is not None
        at = m.speaker_hint
        raw = (m.speaker_text or "").lower()
        if raw in _HE_SHE | _THEY | _IT or sp.name is None:
            return
        if sp.name[:1].islower() and sp.kind in ("person", "unnamed") and not _plural_phrase(raw):
            self.slots[_HE_SHE] = (at, sp)  # a role alone ("minister", "police spokesman"): no gender
            if _names_no_one(raw, sp.name, m.cue):
                self.indefinite = (at, _role_gender(sp.name))
            elif _kin_gender(raw) is not None:
                # "His mother said he struggled. 'He's not violent,' she said": the kin goes on, not a
                # person named before her
                self.indefinite = (at, _kin_gender(raw))
        elif _lone_surname(sp):
            self.slots[_HE_SHE] = (at, sp.model_copy(update={"kind": "person"}))  # "Kowalski said"
        if sp.kind in ("group", "unnamed") and _plural_phrase(raw):
            self.slots[_THEY] = (at, sp)
        if _lone_body(sp):
            self.slots[_IT] = (at, sp.model_copy(update={"kind": "organization"}))  # "Iran denied …, but it"


def _antecedent_for_pronoun(
    idx: EntityIndex, m: ExtractedMention, last: tuple[int, Speaker], pronouns: Collection[str]
) -> Speaker | None:
    """ "The minister insisted … . He added: …": a "he"/"she" that no person in the last sentences
    stands for (`resolve_one` found none) is the role that spoke in this sentence or the one before;
    likewise a "they" the group ("Police said … . They said …"). `last`: (position, speaker); `pronouns`:
    the ones it fits."""
    raw = (m.speaker_text or "").strip()
    pos = m.speaker_hint
    at, role = last
    if raw.lower() not in pronouns or pos is None or at > pos:
        return None
    starts = idx._sent_starts
    if bisect.bisect_right(starts, pos) - bisect.bisect_right(starts, at) > 1:
        return None
    return Speaker(name=role.name, kind=role.kind, role=role.role, aliases=(raw,))


def _one_word_name(name: str) -> bool:
    """Is `name` one capitalised word, no indefinite or function word ("Kowalski", "Iran", "NATO"; not
    "Everyone", "Nobody")?"""
    low = name.lower()
    return (
        len(name) > 2
        and " " not in name
        and name[:1].isupper()
        and low not in FUNCTION_WORDS
        and low not in _NO_SPEAKER_WORDS
        and not low.endswith(("one", "body"))  # "Everyone", "Somebody": no one person
    )


def _surname_word(name: str) -> bool:
    """Is `name` one capitalised word that may be a surname ("Kowalski"; not "NATO", "Iran", "Police")?"""
    return _one_word_name(name) and name[1:].islower() and name.lower() not in _NOT_NAME_OR_ORG


def _lone_surname(sp: Speaker) -> bool:
    """Is the speaker one word the index knows as no one ("Kowalski" in an article that never gives the
    full name), which a "he" or "she" after it may stand for?"""
    return sp.kind == "unknown" and _surname_word(sp.name or "")


def _lone_body(sp: Speaker) -> bool:
    """Is the speaker a body ("the Pentagon") or one capitalised word that is no known person ("Iran",
    "Twitter"), which an "it" after it may stand for?"""
    if sp.name is None:
        return False
    return sp.kind == "organization" or sp.kind == "unknown" and _one_word_name(sp.name)


def _plural_phrase(phrase: str) -> bool:
    """Does the speaker phrase name more than one ("Police", "Two people familiar with the talks",
    "Democratic aides"; not "a spokesman", "the White House")? Its head: the word before a preposition,
    else the last."""
    words = re.findall(r"[\w'\u2019-]+", phrase.lower())
    k = next((i for i, w in enumerate(words) if w in _HEAD_ENDS and i > 0), len(words))
    head = words[k - 1] if k else ""
    if head.endswith(("ss", "is", "us")):
        return False  # "analysis", "campus": an s that makes no plural
    return (
        head in ("police", "people")
        or head in GROUP_HEADS
        or _is_plural_role(head)
        or (head in UNNAMED_HEADS and head.endswith("s"))
    )


_HEAD_ENDS = frozenset({"for", "of", "at", "with", "close", "familiar", "from", "in", "who", "briefed"})
# The things an "it" speaks for (a body, a document) and the roles a "he"/"she" may (a person's office)
# (singular heads only, as the pronouns are: "The authorities said … It" is no antecedent)
_IT_HEADS = frozenset(
    h
    for h in (ORG_WORDS | NOT_PERSON_ROLE | ISSUED_DOCUMENTS) - {"house", "times", "post", "press", "who"}
    if not h.endswith("s") or h.endswith(("ss", "is"))
)
_PERSON_HEADS = frozenset(
    h
    for h in ROLE_HEADS - NOT_PERSON_ROLE - ORG_WORDS - {"men", "women", "people", "army", "military", "family"}
    if not h.endswith("s") or h.endswith("ss")
)
# the noun phrase a sentence opens with, after a short fronted adverbial: an article or an owner, then
# up to four words ("The company released …", "On Monday, the health secretary visited …", "Trump's
# campaign immediately backtracked"); `_opener_np` finds its head
_OPENER = re.compile(
    r"(?:[A-Z][^,.;:!?\"\u201c]{0,50},\s+)?(?P<det>[Tt]he|[A-Z][\w.-]*['\u2019]s)(?P<words>(?:\s+[\w'\u2019-]+){1,5})"
)
_OWNER_ENDS = ("'s", "\u2019s")
_NOT_VERB = frozenset(
    {"of", "and", "or", "for", "in", "at", "on", "to", "from", "with", "who", "which", "that", "whose"}
)
# a fronted adverbial before the pronoun in its own sentence ("In cases of abortion, it said")
_FRONTED = re.compile(r"[^,.;:!?]{1,60},\s*")


def _opener_np(text: str, lo: int, hi: int, heads: frozenset[str], owner: bool = False) -> tuple[str, int] | None:
    """(phrase, start) of the noun phrase text[lo:hi] opens with (`_OPENER`), when its head, the first of
    its words in `heads`, is followed by a lower-case word that is no preposition or relative (the verb).
    With `owner`, a head in the possessive names its owner ("The company's shares fell 5% after it
    warned": "The company")."""
    o = _OPENER.match(text, lo, hi)
    if o is None:
        return None
    words = list(re.finditer(r"[\w'\u2019-]+", o.group("words")))
    owned: tuple[str, int] | None = None  # the owner, when no head of the phrase itself fits
    for w, nxt in zip(words, words[1:]):
        low = w.group().lower()
        if low in _NOT_VERB:
            return owned  # "WikiLeaks's approach to data disclosure": the head came before
        if owner and owned is None and low[-2:] in _OWNER_ENDS and low[:-2] in heads and nxt.group().islower():
            owned = text[o.start("det") : o.start("words") + w.end() - 2], o.start("det")
            continue
        if low in heads:
            after = nxt.group()
            if after.islower() and after not in _NOT_VERB:
                start = o.start("det")
                return text[start : o.start("words") + w.end()], start
            return None
    return owned


# a sentence opening with one capitalised word and a lower-case verb ("Paradis agrees. She said …")
_OPENER_SURNAME = re.compile(r"(?:[A-Z][^,.;:!?\"\u201c]{0,50},\s+)?([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\s+(?=[a-z])")


def _opener_surname(idx: EntityIndex, lo: int, hi: int) -> tuple[str, int] | None:
    """(surname, start) of the lone capitalised word idx.text[lo:hi] opens with, when it is the surname
    of a person the article names in full ("Paradis agrees. She said …" after "Sandra Paradis"; not
    "Foreign policy was …"), else None."""
    o = _OPENER_SURNAME.match(idx.text, lo, hi)
    if o is None:
        return None
    word = o.group(1)
    if _surname_word(word) and idx.named_entity(word) is not None:
        return word, o.start(1)
    return None


def _opener_for_pronoun(idx: EntityIndex, m: ExtractedMention, recent: list[tuple[int, int]]) -> Speaker | None:
    """ "The company released its figures. It said …", "The health secretary visited the ward. She said
    …": an "it", or a "he"/"she" no person stands for, is the body, document or office the sentence opens
    with (the pronoun's own sentence where something other than a fronted adverbial comes before the
    pronoun, else the sentence before), when that phrase's head fits the pronoun (`_opener_np`).
    Resolved as that phrase would be (`resolve_one`), with the pronoun among its aliases."""
    raw = (m.speaker_text or "").strip().lower()
    pos = m.speaker_hint
    heads = _IT_HEADS if raw == "it" else _PERSON_HEADS if raw in ("he", "she") else None
    if heads is None or pos is None:
        return None
    starts = idx._sent_starts
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return None
    before = idx.text[starts[k] : pos].lstrip(" \"\u201c\u2018'")
    if not before or _FRONTED.fullmatch(before):
        k -= 1  # the pronoun opens its sentence: the sentence before
    if k < 0:
        return None
    found = _opener_np(idx.text, starts[k], pos, heads, owner=raw == "it")
    if found is None and raw != "it":
        found = _opener_surname(idx, starts[k], pos)
    if found is None or idx.in_quote(found[1]):
        return None
    sp = resolve_one(idx, m.model_copy(update={"speaker_text": found[0], "speaker_hint": found[1]}), recent)
    if sp.name is None:
        return None
    return sp.model_copy(update={"aliases": tuple(sorted({*sp.aliases, m.speaker_text or ""} - {"", sp.name}))})


def resolve_roles_across(mentions: list[GroundedMention]) -> list[GroundedMention]:
    """Batch step: a speaker known only by a role ('the home secretary') in one article
    takes the name another article of the batch ties to that role ('Home Secretary Priti Patel').

    Only unambiguous roles are used: one person holds the role in the whole batch, and the role has
    two words or more (a bare "minister" or "judge" is a different person in each article).
    Grounded mentions in, the same mentions (some with named speakers) out, in the same order.
    """
    holders: dict[str, set[str]] = {}
    speaker_of: dict[str, Speaker] = {}
    for g in mentions:
        sp = g.speaker
        if sp.kind == "person" and sp.name and sp.role and _looks_named(sp.name):
            key = _role_key(sp.role)
            # one word ("minister", "president", "judge") names no one office across a batch: each
            # article's minister is its own; "home secretary", "foreign minister" may. An office every
            # organisation has ("chief executive") names its holder in the holder's own article only.
            if len(key.split()) >= 2 and not _body_role(key) and not _past_role(key):
                where = f"{g.mention.doc_id}\0{key}" if _many_hold(sp.role) else key
                holders.setdefault(where, set()).add(sp.name)
                speaker_of.setdefault(sp.name, sp)
    out = []
    for g in mentions:
        sp = g.speaker
        # "a spokesman" is one of many; "his aide" is someone's, and that someone is this article's
        indefinite = sp.kind == "unnamed" or any(_INDEFINITE.match(a) or _POSSESSIVE.match(a) for a in sp.aliases)
        role_key = _role_key(sp.name or "") if sp.name and not _looks_named(sp.name) and not indefinite else None
        if role_key is not None and _many_hold(sp.name or ""):
            role_key = f"{g.mention.doc_id}\0{role_key}"
        names = holders.get(role_key or "", set())
        if len(names) == 1 and sp.name:
            holder = next(iter(names))
            new = Speaker(name=holder, kind="person", role=sp.name, aliases=tuple(sorted(set(sp.aliases) | {sp.name})))
            g = g.model_copy(update={"speaker": new})
        out.append(g)
    return out


_POSSESSIVE = re.compile(r"(?:his|her|their|its|our|my)\s", re.I)


# with `_OFFICE_WORDS`, the words of offices every organisation, force or team has ("chief constable",
# "head coach", "chief economist")
_RANK_WORDS = frozenset({"chief", "senior", "general", "head", "manager", "constable", "coach", "economist"})


def _many_hold(role: str) -> bool:
    """Is `role` an office every organisation has: in office words alone ("chief executive", "managing
    director", "deputy chair", "chief financial officer"; not "DNC chair", whose body is named), or owned by
    a lower-case noun ("the company's chief executive"; not "Trump's campaign manager")?
    One holder in a batch is then no sign that another article's "the chief executive" is that person: a
    Focus Ireland chief executive named in one article named an airline's in another (the output depended
    on the batch)."""
    if any(w[:1].islower() and w.endswith(("'s", "\u2019s")) for w in role.split()):
        return True  # "the company's chief executive", "the bank's chief economist" (not "Trump's campaign manager")
    return all(w in _OFFICE_WORDS or w in _RANK_WORDS for w in _role_key(role).split())


def _body_role(key: str) -> bool:
    """'campaign', 'team', 'office': a role key that names a body, which no one person holds
    ('the campaign said' is not the candidate speaking)."""
    words = key.split()
    return bool(words) and words[-1] in _BODY_WORDS


# the words that make an office one its holder left ("former president"): several hold it at once
_PAST_MODIFIERS = frozenset({"former", "ex", "then", "onetime", "one-time"})


def _past_role(key: str) -> bool:
    """Is role key `key` an office someone held ("former president", "ex-minister")? Every
    president has been one: it ties no article's "the former president" to one name."""
    return any(w in _PAST_MODIFIERS or w.startswith("ex-") for w in key.split())


@lru_cache(maxsize=1 << 12)
def _role_key(role: str) -> str:
    words = [w for w in re.findall(r"[\w'\u2019-]+", role.lower()) if w not in {"the", "a", "an"}]
    return " ".join(words)


# ------------------------------------------------------- clarifications
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]yself)\b")
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.I)
CONTEXT_SENTENCES = 2  # sentences before the mention's own that a third-person pronoun may lean on


def clarify(idx: EntityIndex, mentions: Sequence[GroundedMention]) -> list[GroundedMention]:
    """Mentions with `clarifications`: the pronouns of their text the document resolves with confidence.

    - I/me/my/myself inside quotation marks (or a direct quote): the speaker of the narrowest quotation
      around it (a report nested in someone's quote speaks in the quoting speaker's first person), when
      a named person;
    - he/she/him/her/his/hers: the one person of that gender the article names (outside quotations)
      from CONTEXT_SENTENCES sentences before the mention's up to the pronoun, when no person of
      unknown gender is named there either and `nearest_person` agrees; inside a quotation never the
      speaker (who would say "I").
    Anything less certain stays as printed.
    """
    quotes = [g for g in mentions if g.quote_type != "indirect"]
    out = []
    for g in mentions:
        marks = _clarifications(idx, g, quotes)
        out.append(g.model_copy(update={"clarifications": marks}) if marks else g)
    return out


def _quote_owner(g: GroundedMention, quotes: Sequence[GroundedMention], pos: int) -> GroundedMention:
    """Whose words the character at `pos` of `g` are: the narrowest quotation (direct or mixed mention)
    around it (`quotes`: one document's), `g` itself on a tie. A report nested in a quotation ('"It has been alleged
    that I briefed the media," he said') speaks in the quoting speaker's first person."""
    owner, width = g, g.mention.end - g.mention.start if g.quote_type != "indirect" else 1 << 30
    for q in quotes:
        qm = q.mention
        if q is not g and qm.start <= pos < qm.end and qm.end - qm.start < width:
            owner, width = q, qm.end - qm.start
    return owner


def _clarifications(
    idx: EntityIndex, g: GroundedMention, quotes: Sequence[GroundedMention] = ()
) -> tuple[tuple[int, int, str], ...]:
    m = g.mention
    marks: list[tuple[int, int, str]] = []
    around: list[GroundedMention] | None = None  # the quotations overlapping g, found once if needed
    inner: list[tuple[int, int]] | None = None  # single-quoted passages inside g's double-quoted text
    for t in _FIRST_PERSON.finditer(m.text):
        pos = m.start + t.start()
        if g.quote_type == "direct" or idx.in_quote(pos):
            if around is None:
                around = [q for q in quotes if q.mention.start < m.end and m.start < q.mention.end]
            owner = _quote_owner(g, around, pos)
            if owner is g:
                if inner is None:
                    inner = _inner_quotes(m.text)
                if any(a <= t.start() < b for a, b in inner):
                    continue  # "He said, 'These never reached my desk'": my is his, whom no mention names
            sp = owner.speaker
            if sp.kind == "person" and sp.name:
                marks.append((t.start(), t.end(), sp.name))
    for t in _THIRD_PERSON.finditer(m.text):
        pos = m.start + t.start()
        quoted = g.quote_type == "direct" or idx.in_quote(pos)
        ent = _only_person(idx, m.sentence.start, pos, "m" if t.group().lower() in PRONOUNS_M else "f")
        if ent is None or (quoted and ent.name == g.speaker.name):
            continue
        marks.append((t.start(), t.end(), ent.name))
    return tuple(sorted(marks))


# a single-quoted passage: an opening mark not after a letter, a closing one not before a letter
# (so "don't", "I'm" and "the workers' union" open and close nothing; an apostrophe inside stays in)
_INNER_QUOTE = re.compile(
    r"(?<!\w)['\u2018](?=\S)(?:[^'\u2018\u2019\"\u201c\u201d]|['\u2019](?=\w))*?\S['\u2019](?!\w)"
)


def _inner_quotes(text: str) -> list[tuple[int, int]]:
    """The single-quoted passages inside a text that quotes with double marks (none in one that does not)."""
    if not any(mark in text for mark in '"\u201c\u201d'):
        return []
    return [(q.start(), q.end()) for q in _INNER_QUOTE.finditer(text)]


def _only_person(idx: EntityIndex, sentence_start: int, pos: int, gender: str) -> Entity | None:
    """The one person of `gender` the context window names (see `clarify`), or None.

    The window runs from CONTEXT_SENTENCES sentences before the mention's first to the pronoun
    (`EntityIndex.people_named_between`); a person of unknown gender named there makes the pronoun
    ambiguous.
    """
    starts = idx._sent_starts
    si = max(0, bisect.bisect_right(starts, sentence_start) - 1)
    lo = starts[max(0, si - CONTEXT_SENTENCES)] if starts else 0
    cands = [e for e in idx.people_named_between(lo, pos) if e.gender in (gender, None)]
    return cands[0] if len(cands) == 1 and cands[0].gender == gender else None
