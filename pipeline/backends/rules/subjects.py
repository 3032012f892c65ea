"""Speaker phrases: the subject before a cue verb, a sentence's leading subject, names and roles."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from ...lexicon import (
    AFTER_NAME,
    ALL_TITLES,
    CLOSE_TO,
    CUE_LEMMA,
    DATELINE,
    FEMALE_NAMES,
    HYPHENED_NAME_PREFIX,
    INDEFINITE_PRONOUNS,
    IRREGULAR_PAST,
    ISSUED_DOCUMENTS,
    ISSUING_VERBS,
    LEADING_TITLES,
    LY_NOUNS,
    MALE_NAMES,
    MINISTRY_WORDS,
    MONTHS,
    NAME_PARTICLES,
    NAME_TITLES,
    NOT_NAME,
    NOT_SAID_X_START,
    NOT_SPEAKER_OPENERS,
    NP_OBJECT_LEMMA,
    ORG_WORDS,
    PLACE_INITIALS,
    QUANTIFIER_HEADS,
    ROLE_HEADS,
    SAID_X_ROLE_OPENERS,
    SHARE_COMPARATIVES,
    SHARE_HEDGES,
    SUBJECT_PRONOUNS,
    SUBJECT_VERBS,
    TIME_WORDS,
    TITLE_ABBREVIATIONS,
    US_STATES,
    is_count,
    is_share,
)
from ...lexicon import (
    AUX_WORDS as _AUX,
)
from ...lexicon import (
    CONNECTORS as _CONNECT,
)
from ...lexicon import (
    DETERMINERS as _DETS,
)
from ...lexicon import (
    NAME_HONORIFICS as _HONORIFIC,
)
from ...lexicon import (
    NEGATIONS as _NEG,
)
from ...lexicon import (
    NOT_AGENTIVE as _NOT_AGENTIVE,
)
from ...lexicon import (
    SENTENCE_OPENERS as _SENT_START_WORDS,
)
from ...lexicon import (
    STOP_WORDS as _STOP,
)
from ...unicase import uni
from .cues import (
    cap,
    cue_matches,
    first_cue,
    is_abbreviation,
    strip_possessive,
    tokens_in,
)

_STOP_NOT_CONNECT = _STOP - _CONNECT
_NOT_NAME_BUT_TITLES = NOT_NAME - LEADING_TITLES


@dataclass
class Subject:
    text: str
    start: int
    end: int
    role: str | None = None
    pronoun: bool = False


_TAIL = 200
# a role phrase: lower-case words before the head ("shadow home secretary", "the party's chairman")
_ROLE_FIRST = re.compile(r"(?:^|\s)[a-z][\w'\u2019-]*$")
# (every match starts with a comma: the leading lookahead lets `re` skip to the next one instead of
# trying both alternatives at every character, the same matches in less than half the time)
_RELATIVE_END = re.compile(
    # (a full stop inside it abbreviates: "which endorsed Mr. Sanders in December")
    r"(?=,)(?:(?:,\s+\d{1,3})?,\s+(?:who|whose|which|[a-z]{3,}ing)\s(?:[^,;:.!?\"\u201c\u201d]|\.(?=\s?[A-Z])){3,120},\s*$|,\s+\d{1,3},?\s*$)"
)
_TIME_ADJUNCT_END = re.compile(
    r"\s(?:in|on|at|during|since|by|earlier|later|last|this|next)\s+(?:\d{4}|(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)\w*\.?(?:\s+\d{1,2})?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year|the past|a (?:statement|speech|letter|tweet|post|interview)|an interview|(?:his|her|their) (?:statement|speech|letter|tweet|remarks)|this (?:week|month|year)|Twitter|Facebook)(?:\s+(?:night|morning|afternoon|evening))?,?\s*$"
)
# "X issued a (new) statement (on) Wednesday (night)" before the cue: the document is no speaker,
# X is (the words come from the lexicon; tests/backends/rules/test_subjects.py runs the examples)
ISSUED_DOCUMENT_ID = "subject.issued_document"
# (made-up text before a cue, the speaker the search must return)
ISSUED_DOCUMENT_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("The council issued a statement saying", "The council"),
    ("Ann Lee sent a fundraising email Monday urging", "Ann Lee"),
    ("Later, the Lee campaign put out a short statement on Friday night, saying", "the Lee campaign"),
)
_ISSUED_DOCUMENT_END = re.compile(
    r"\s(?:"
    + "|".join(sorted(ISSUING_VERBS))
    + r")(?:\s+out)?\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(sorted(ISSUED_DOCUMENTS))
    + r")(?:\s+(?:on\s+|late\s+|early\s+)?(?:\w+day|this\s+week|last\s+week|today|yesterday|tonight|earlier|later)"
    + r"(?:\s+(?:night|morning|afternoon|evening))?)?,?\s*$"
)
# a common-noun phrase with its determiner right before the issuing verb ("The town", "its office"),
# which the name-led subject search does not take
_DETERMINED_NP_END = re.compile(
    r"(?:^|(?<=[\s,;:]))(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)(?:\s+[\w'\u2019-]+){1,2}\s*$"
)


def _determined_np(text: str, lo: int, hi: int) -> Subject | None:
    """The phrase "the/his/its ... noun" (one or two words after the determiner) that ends at `hi`
    and starts at or after `lo`; None when the text before `hi` does not end so."""
    m = _DETERMINED_NP_END.search(text, lo, hi)
    if m is None:
        return None
    phrase = text[m.start() : hi].rstrip()
    return Subject(phrase, m.start(), m.start() + len(phrase))


_CATENATIVE_END = re.compile(
    r"\s(?:went|goes|go|going|has gone|had gone) on to\s*$|\s(?:continued|proceeded|was quick|were quick|declined|refused|was keen|appeared|seemed|wanted|tried"
    r"|used|wants|hoped|hopes|began|begins|tends|tended|(?:is|was|are|were) going) to\s*$"
)


# a reduced relative naming who asked the speakers: "economists polled by Reuters", "analysts surveyed by the bank"
_ASKED_BY_END = re.compile(
    r"\s+(?:polled|surveyed|interviewed|questioned|consulted|contacted|quoted|cited)\s+by\s+(?:the\s+)?$"
)


# a restrictive relative clause before the cue, no comma around it: "officials who spoke with The
# Huffington Post said", "Voters who backed Mr. Trump in the primary say" (its own subject pronoun makes
# it an object relative whose verb may be the cue's: "the man who he said was …")
_RESTRICTIVE_WHO_END = re.compile(
    r"\s+who\s+(?!(?:he|she|they|I|we|you|it)\b)((?:[^,;:.!?\"\u201c\u201d]|\.(?=\s?[A-Z])){3,100}?)\s*$"
)
_RELATIVE_LEAD = _AUX | {"also", "still", "now", "then", "often", "never", "not", "once", "long", "later"}


def _relative_has_own_verb(clause: str) -> bool:
    """Does the relative clause (the words after "who") hold a verb with something after it, so that the
    cue after it is the main clause's ("who spoke with the paper"), not the relative's own verb after an
    adverb ("who also")?"""
    words = clause.split()
    while words and (words[0].lower() in _RELATIVE_LEAD or words[0].endswith("ly")):
        words.pop(0)
    return len(words) >= 2


_SEEN_BY_END = re.compile(
    r"\s+(?:obtained|seen|reviewed|viewed|leaked|shared|sent|released)\s+(?:by|to)\s+(?:[Tt]he\s+)?$"
)


def find_subject(text: str, lo: int, hi: int, issuer: bool = True) -> Subject | None:
    """The speaker phrase that ends right before `hi` (a cue verb), not reaching before `lo`; with
    `issuer`, whoever issued a document that ends there ("X released a statement saying")."""
    # a wire story's "CITY, State (AP) \u2014" is no speaker; only a dateline with a state, a date or an
    # agency: "NASA \u2014 which built the rover \u2014 said" is the speaker and its aside
    dateline = DATELINE.match(text, lo, hi)
    if dateline is not None and any(c in dateline.group() for c in ",(/"):
        lo = dateline.end()
    # Both patterns are anchored at the end and short: search only the frame's tail
    # (this runs for every cue in every sentence).
    tail = max(lo, hi - _TAIL)
    # "Mr. Smith, 64, who has led the company since 2001, said": the speaker is before
    # the relative clause and the age
    m = _RELATIVE_END.search(text, tail, hi)
    if m and m.start() > lo:
        return find_subject(text, lo, m.start())
    m = _TIME_ADJUNCT_END.search(text, tail, hi)
    if m and m.start() > lo:
        found = find_subject(text, lo, m.start())
        # (not a phrase that ends on a relative's verb: in "X, a veteran of the CIA who retired in 2013,
        # said" the time is the relative's, the aside X's)
        if found is not None and " who " not in found.text:
            return found
    m = _RESTRICTIVE_WHO_END.search(text, tail, hi)
    if m and m.start() > lo and _relative_has_own_verb(m.group(1)):
        # "officials who spoke with The Huffington Post said": the speaker is before the relative clause,
        # where the phrase before the cue lies inside it (an appositive holding the clause, "Shelby, the
        # Alabama Republican who heads the committee, said", is read as before)
        plain = _plain_subject(text, lo, hi, tail)
        found = find_subject(text, lo, m.start()) if plain is None or plain.start > m.start() else None
        if found is not None and not found.pronoun:
            return found
    found = _plain_subject(text, lo, hi, tail)
    m = _ASKED_BY_END.search(text, max(lo, found.start - 40), found.start) if found is not None else None
    if m is not None and found is not None:
        # "economists polled by Reuters said": the people asked speak, not who asked them
        asked = _plain_subject(text, lo, m.start(), max(lo, m.start() - _TAIL))
        if asked is not None and not asked.pronoun and not text[asked.end : m.start()].strip():
            return Subject(text[asked.start : found.end], asked.start, found.end)
    m = _SEEN_BY_END.search(text, max(lo, found.start - 40), found.start) if found is not None else None
    if m is not None and found is not None and m.start() > lo:
        # "A letter from the Legion obtained by The Associated Press warns": the document speaks, the
        # outlet only got it
        document = find_subject(text, lo, m.start())
        if document is not None and not document.pronoun and text[lo : document.start].rstrip()[-1:] in ("", ","):
            return document  # (not "X, in a statement released by the campaign, said": X's statement)
    m = _ISSUED_DOCUMENT_END.search(text, tail, hi) if issuer and found is not None else None
    # only when the plain search ended on the document itself ("a statement Wednesday"): a
    # phrase reaching back past the verb is left as it was, so the mentions made stay the same
    if m and found is not None and found.start > m.start() > lo:
        by = find_subject(text, lo, m.start()) or _determined_np(text, max(lo, tail), m.start())
        if by is not None:
            return by
    return found


def _plain_subject(text: str, lo: int, hi: int, tail: int) -> Subject | None:
    """find_subject past its adjunct steps: the noun phrase or pronoun ending right before `hi`."""
    # (every match ends with " to" and white space: a string test spares most windows the search)
    m = _CATENATIVE_END.search(text, tail, hi) if text[tail:hi].rstrip().endswith(" to") else None
    if m:
        hi = m.start()
    toks = tokens_in(text, lo, hi)
    i = _last_subject_token(toks)
    if i is None:
        return None
    tok = toks[i][0]
    if tok in (",", "\u2014", "\u2013", "--", "-", ")"):
        return _appositive_subject(text, lo, toks, i)
    low = tok.lower()
    if low in SUBJECT_PRONOUNS or _CONTRACTED.match(low):
        return _pronoun_subject(text, lo, toks, i)
    return np_before(text, toks, i)


# "Veridane Health today announced": lower case only ("USA TODAY reported" is a name)
_DAY_ADVERBS = frozenset({"today", "yesterday", "tonight"})


def _last_subject_token(toks: list[tuple[str, int, int]]) -> int | None:
    """The index of the last token before the cue that is not an auxiliary, adverb or quote
    mark; None when there is none or a negation comes first ("did not say")."""
    i = len(toks) - 1
    while i >= 0 and _between_subject_and_cue(toks, i):
        if toks[i][0].lower() in _NEG:
            return None
        i -= 1
    if i < 0 or toks[i][0].lower() in _NEG:
        return None
    return i


def _between_subject_and_cue(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Is token i an auxiliary, a day adverb, an -ly adverb or a quotation mark (which stand between a
    subject and its cue)? A capitalised auxiliary after a capitalised word is none: it ends a name
    ("Theresa May said", "Mrs May said")."""
    tok = toks[i][0]
    if tok.lower() in _AUX:
        return not (i > 0 and tok[:1].isupper() and toks[i - 1][0][:1].isupper())
    return (
        tok in _DAY_ADVERBS
        or tok in ('"', "\u201c", "\u201d")
        or (tok.endswith("ly") and tok.islower() and len(tok) > 4 and tok not in LY_NOUNS)
    )


_CONTRACTED = re.compile(r"^(i|we|they|you|he|she)['\u2019](?:ve|d|ll|re|m|s)$")


def _pronoun_subject(text: str, lo: int, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """Token i is a subject pronoun ("he", "I've"): the pronoun, or a relative "who"'s antecedent."""
    tok, s, e = toks[i]
    low = tok.lower()
    cm = _CONTRACTED.match(low)
    if cm:  # "I've suggested", "they'd said"
        return Subject(tok[: len(cm.group(1))], s, s + len(cm.group(1)), pronoun=True)
    if low == "who" and i >= 2 and toks[i - 1][0] == ",":
        return find_subject(text, lo, toks[i - 1][1]) and np_before(text, toks, i - 2)
    if low == "who":
        ante = np_before(text, toks, i - 1)
        if ante is None and i >= 2 and toks[i - 2][0].lower() in {"a", "an", "the", "one"}:
            return Subject(text[toks[i - 2][1] : toks[i - 1][2]], toks[i - 2][1], toks[i - 1][2])
        return ante
    return Subject(tok, s, e, pronoun=True)


_OPENER = {",": ",", ")": "(", "\u2014": "\u2014", "\u2013": "\u2013", "--": "--", "-": "-"}


def _appositive_subject(text: str, lo: int, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """Token i closes an appositive ("Dave Penman, general secretary of the FDA, said"): the
    noun phrase before it, with the appositive as its role; the clause's opening noun phrase where
    the aside holds commas of its own and the phrase before its last comma is another ("Trump,
    speaking at a rally in Wilmington, N.C., warned": Trump, not Wilmington)."""
    subj = _last_appositive_subject(text, lo, toks, i)
    if subj is not None and toks[i][0] == ",":
        head = _clause_head(text, toks, i)
        # (not where the aside is the phrase found, a name after its role: "Ann Lee's spokesman, Jo
        # Doe, said" keeps Jo Doe; a name found after its role is the subject itself)
        if head is not None and head.role is not None and head.start > toks[0][1]:
            return head
        if head is not None and head.start < subj.start and not _whole_aside(text, toks, head, subj, i):
            return head
    return subj


# The aside's commas do not hide the clause's subject (`_clause_head`); tests/backends/rules/test_subjects.py
# runs the examples (made-up text before a cue, the speaker the search must return)
APPOSITIVE_HEAD_ID = "subject.appositive_head"
APPOSITIVE_HEAD_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Ada Lund, speaking at a rally in Tulsa, Okla., warned", "Ada Lund"),
    ("Jo Doe, 22, of Flint, Mich., said", "Jo Doe"),
    ("Jo Doe, 45, a retired teacher from Flint, said", "Jo Doe"),  # an age between the name and its role
    ("Ben Ortiz, the editor of the city's paper, The Ledger, said", "Ben Ortiz"),
    ("The mayor's spokesman, Jo Doe, said", "Jo Doe"),
    ("The state's governor, Ann Lee, a Democrat, said", "Ann Lee"),
    ("Moreover, Ann Lee, head of the institute, said", "Ann Lee"),
    ("Some economists, like Jo Doe, a fellow at the Lund Institute, said", "Jo Doe"),
    ("Sources close to the minister, Tobias Lund, insisted", "Sources close to the minister"),
    ("The mayor of Porthaven, Selwyn Gray, has denied", "Selwyn Gray"),
    ("The director of the Lund Centre, Ina Berg, told", "Ina Berg"),
    ("Their colleague, deputy leader Samuel Eze, urged", "Samuel Eze"),
    ("An independent analyst, Renata Sokolova of Brightwater Advisory, said", "Renata Sokolova"),
    ("One of his advisers, Tad Lund, told", "Tad Lund"),
    ("The new government, headed by Ann Lee, argued", "The new government"),
    ("The Labour MP for Kestrow, Huw Penry, said", "Huw Penry"),  # a capitalised office before a name
    ("The Labour MP, Huw Penry, said", "Huw Penry"),
    ("A woman in Kestrow, Wessex, said", "A woman in Kestrow"),  # the place's county, no name
    ("The senator from Ohio, Kyle Brandt, said", "Kyle Brandt"),  # an elected office's place
    ("The Republican congressman from Texas, Hal Ruiz, said", "Hal Ruiz"),
    ("A woman from Kestrow, Wessex, said", "A woman from Kestrow"),  # no office: the place's county
)


_NEAR_WORDS = frozenset({"close", "familiar", "near"})
_ROLE_OF = re.compile(
    r"(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w-]*\s+){0,2}(?:of|for|at)\s+(?:the\s+)?"
    # an elected office and the place it represents ("The senator from Arizona, Kyle Brandt, said")
    r"|(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+)?(?:senator|congressman|congresswoman|representative|lawmaker|delegate)"
    r"\s+from\s+"
)


def _unnamed_sources(phrase: str) -> bool:
    """Does `phrase` describe people by whom they are close to ("Sources close to the minister",
    "officials familiar with the talks")? A name after it is that other one's, not theirs ("One of
    his advisers, Jo Doe," is one of them)."""
    return any(w.lower() in _NEAR_WORDS for w in phrase.split())


def _role_words(lead: str) -> bool:
    """Are the words before a name in an aside role words ("deputy leader"), or none? Not a
    participle or a preposition ("headed by Jo Doe", "conducted for the Lund Institute")."""
    return all(
        w.islower() and w not in AFTER_NAME and w not in {"by"} and not w.endswith(("ed", "ing")) for w in lead.split()
    )


def _whole_aside(text: str, toks: list[tuple[str, int, int]], head: Subject, subj: Subject, i: int) -> bool:
    """Is `subj` all that stands between the comma after `head` and the comma toks[i]?"""
    return text[head.end : toks[i][1]].strip(" ,") == subj.text


_COORDINATORS = frozenset({"but", "and", "yet", "so"})
_EXAMPLE_OPENERS = frozenset({"like", "including", "such", "especially", "notably"})
_QUOTE_TOKENS = frozenset({'"', "\u201c", "\u201d", "''", "``", "'", "\u2018", "\u2019"})


def _clause_head(text: str, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """The name or determined phrase that opens the clause toks[:i] and is followed by a comma, when
    what stands between that comma and the comma toks[i] is one aside: no quotation, colon or
    semicolon, at most 30 tokens, no clause of a verb of saying or being ("Jo Lee, 22, of Flint,
    Mich.," gives Jo Lee; "Jo Lee, the union's head, said" gives Jo Lee)."""
    first = 1 if toks and toks[0][0].lower() in _COORDINATORS else 0
    f = next((k for k in range(first + 1, i) if toks[k][0] == ","), -1)
    if f < 0 or i - f > 30:
        return None
    aside = toks[f + 1 : i]
    if any(t[0] in ";:" or t[0] in _QUOTE_TOKENS for t in aside) or _looks_clause(text[toks[f][2] : toks[i][1]]):
        return None
    head = np_before(text, toks, f - 1)
    role_led = False  # the opening phrase is a role ("Nevada's governor", "The mayor of Porthaven")
    if head is not None and not head.pronoun and head.start > toks[first][1]:
        # "The mayor of Porthaven, Jo Doe, said": a role's place, the role before it
        role_of = _ROLE_OF.fullmatch(text, toks[first][1], head.start)
        if role_of is not None and cap(head.text):
            head, role_led = Subject(text[toks[first][1] : head.end], toks[first][1], head.end), True
    elif head is not None and head.role is None and _ROLE_OF.match(head.text) and cap(head.text.split()[-1]):
        role_led = True  # the same, found whole: "The director of the Lund Centre, Jo Doe, said"
    if head is None or head.pronoun or head.start != toks[first][1]:
        return None
    low = head.text.lower()
    if not (cap(head.text) or low.split()[0] in _DETS) or low in TIME_WORDS or low in MONTHS:
        return None
    if low.split()[0] in _SENT_START_WORDS or low.split()[0] in _CONNECT or low.split()[0] in NOT_SPEAKER_OPENERS:
        return None
    if not aside or aside[0][0].lower() in _EXAMPLE_OPENERS:
        return None  # "Some economists, like Jo Lee, a fellow at …, said": the example spoke
    if (role_led or not cap(head.text.split()[-1])) and not _unnamed_sources(head.text):
        # a role opens the clause ("Nevada's governor, Brian Sandoval, a Republican, said"): the
        # name right after it, when one fills the aside's first stretch (after lower-case role
        # words, before an "of" phrase: "deputy leader Jo Doe", "Jo Doe of the Lund Institute"), with
        # the role (not after "Sources close to the minister, Jo Doe,": the name is the minister's)
        g = next((k for k in range(f + 1, i + 1) if toks[k][0] in (",", "of")), i)
        name = np_before(text, toks, g - 1) if g > f + 1 else None
        lead = text[toks[f + 1][1] : name.start] if name is not None else ""
        if name is not None and not name.pronoun and cap(name.text) and _role_words(lead):
            return Subject(name.text, name.start, name.end, role=name.role or head.text)
    return head


def _last_appositive_subject(text: str, lo: int, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """`_appositive_subject` from the phrase before the aside's last comma."""
    closer = toks[i][0]
    opener = _OPENER[closer]
    j = i - 1
    while j >= 0 and i - j <= 30 and toks[j][0] != opener and not (closer == "," and toks[j][0] in ";:"):
        j -= 1
    if j <= 0 or toks[j][0] != opener:
        return None
    if toks[j - 1][0] in (",", "\u2014", "\u2013", "--", "-") and opener != ",":
        # an aside inside an appositive: "X, general secretary of the FDA - the union - said"
        return find_subject(text, lo, toks[j][1])
    role_start, role_end = toks[j][2], toks[i][1]
    if j >= 3 and toks[j - 2][0] == "," and toks[j - 1][0].isdigit() and len(toks[j - 1][0]) <= 3:
        j -= 2  # "Mary Smith, 45, a retired teacher, said": an age between the name and its role
    subj = np_before(text, toks, j - 1)
    if subj and not subj.pronoun and not (cap(subj.text) or subj.text.split()[0].lower() in _DETS):
        # "Dave Penman, general secretary of the FDA - the union - said": the NP before
        # the aside is itself an appositive; the name is before its comma.
        # the last token before the subject (a bisection: a scan from the start was n**2 on long sentences)
        k = bisect.bisect_left(toks, subj.start, hi=j, key=itemgetter(1)) - 1 if subj.start > toks[0][1] else -1
        if k >= 1 and toks[k][0] == ",":
            role_start, role_end = toks[k][2], toks[j][1]
            j = k
            subj = np_before(text, toks, k - 1)
    if not subj or subj.pronoun or not (cap(subj.text) or subj.text.split()[0].lower() in _DETS):
        return None
    role = text[role_start:role_end].strip(" ,\u2014-")
    if _unnamed_sources(subj.text):
        return subj  # "Sources close to the minister, Jo Doe, said": Jo Doe is the minister, no source
    # the phrase as written: the split may have read an office's first words as a role before a
    # name ("The Senate Majority Leader" gave "Majority Leader", role "The Senate")
    office = (
        f"{subj.role} {subj.text}"
        if subj.role and text.startswith(subj.role, subj.start - len(subj.role) - 1)
        else subj.text
    )
    if role and _NAME_TAIL.fullmatch(role) and _role_phrase(office):
        # "Labour's shadow home secretary, Nick Thomas-Symonds, said": the role comes first
        name_at = text.index(role, role_start)
        return Subject(role, name_at, name_at + len(role), role=office)
    if role and not _looks_clause(role):
        subj.role = subj.role or role
        return subj
    if re.match(r"(?:who|whose)\b", role):
        return subj  # "Smith - who has denied wrongdoing - said"
    return None


def _role_phrase(phrase: str) -> bool:
    """Does `phrase` describe an office rather than name someone: it ends in a lower-case word ("Labour's
    shadow home secretary") or an article opens it and a role head stands in it ("The Labour MP", "The
    Conservative MP for Bexhill", whose capitals would otherwise read as a name)?"""
    if _ROLE_FIRST.search(phrase):
        return not _NAME_TAIL.fullmatch(phrase)
    words = phrase.split()
    if len(words) > 2 and words[-2] in ("in", "from", "near"):
        return False  # "A woman in Worcester, Massachusetts, said": the aside is the place's state
    return words[0].lower() in _DETS and any(w.lower() in ROLE_HEADS for w in words[1:])


def _looks_clause(s: str) -> bool:
    return bool(re.search(r"\b(?:said|says|told|is|was|were|are|has|had|have|will|would)\b", s))


_AGENTIVE = re.compile(r"^[a-z]{3,}(?:ists?|ers?|ors?|ians?|ants?|ents?|ives?|ees?)$")


_HYPHEN_AGENT = re.compile(r"[a-z]{3,}(?:er|or|ist|ian)s?")


def _is_head_noun(low: str) -> bool:
    """A common noun that can head a speaker phrase ('officials', 'an architect', 'environmentalists')."""
    base = strip_possessive(low)
    if base in ROLE_HEADS or (base.endswith("s") and base[:-1] in ROLE_HEADS):
        return True
    if "-" in base:  # "front-runner", "co-founder", "vice-chair": its last part heads it
        first, last = base.split("-", 1)[0], base.rsplit("-", 1)[1]
        # (not "near-constant", "trade-sensitive", "22-member": adjectives)
        return not first.isdigit() and (last in ROLE_HEADS or _HYPHEN_AGENT.fullmatch(last) is not None)
    return bool(_AGENTIVE.match(base)) and base not in _NOT_AGENTIVE


# a short lower-case noun phrase standing alone between a report's comma and its cue, the sentence
# ending after the cue ("…, fire crews said.", "…, the crews at the scene said."): the speaker
# whatever its head noun, where `np_before` knows only the head nouns in its lexicon
_BARE_NP = re.compile(
    r"(?:(?:the|a|an|some|several|many|two|three|local|its|their|our)\s+)?"
    r"(?P<head>[a-z][a-z'\u2019-]+(?:\s+[a-z][a-z'\u2019-]+){0,2})"
    r"(?:\s+(?:at|from|in|on|for|with|of)\s+(?:the\s+)?[a-z][a-z'\u2019-]+)?"
)
_NOT_BARE_NP = (
    _STOP
    | _AUX
    | SUBJECT_PRONOUNS
    | _NEG
    | {
        "reporters",
        "journalists",
        "it",
        "this",
        "that",
        "there",
        "very",
        "too",
        "instead",
        "most",
        "any",
        "much",
        "all",
    }
)


# what may follow a trailing frame whose speaker is only a bare noun phrase: a day, then the sentence's end
BARE_FRAME_END = re.compile(
    r"(?:\s+(?:on\s+|last\s+|early\s+|late\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)?\s*[.!?]?[\"\u201d\u2019]?\s*"
)


def bare_np_subject(text: str, lo: int, hi: int) -> Subject | None:
    """The speaker text[lo:hi] (less commas and spaces) when it is a short lower-case noun phrase
    whose words are no verbs, adverbs or pronouns, else None: the fallback of a trailing frame."""
    a, b = lo, hi
    while a < b and text[a] in " ,":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    before = text[max(0, a - 3) : a].rstrip()
    if not before.endswith((",", ',"', ",\u201d")):
        return None  # a frame follows its report's comma
    m = _BARE_NP.fullmatch(text, a, b)
    if m is None:
        return None
    words = m["head"].split()
    if any(w in _NOT_BARE_NP or w.endswith(("ly", "ing", "ed")) for w in words):
        return None
    return Subject(text[a:b], a, b)


# a sentence that opens with a determiner and up to four words, then the cue: "The NFL legend said",
# "A retired general told"
_OPENING_DETERMINED_NP = re.compile(
    r"(?:The|A|An|His|Her|Their|Its)\s+(?P<words>(?:[\w'\u2019&.-]+\s+){0,3}(?P<head>[a-z][a-z'\u2019-]+))\s*"
)


# words that make an opening phrase no speaker: an indefinite pronoun ("The moment everyone said"),
# a comparative ("The more people say") or "alone" ("The numbers alone tell the story")
_NOT_OPENING_NP = INDEFINITE_PRONOUNS | SHARE_COMPARATIVES | {"alone", "most", "fewest", "least"}


def opening_np_subject(text: str, lo: int, hi: int) -> Subject | None:
    """The speaker when text[lo:hi] is the whole of a sentence's opening up to its cue and reads as a
    determiner, modifiers and a lower-case head noun the role lexicon lacks ("The NFL legend", "A
    longtime ally"); None when a word is a verb, adverb, pronoun or function word."""
    m = _OPENING_DETERMINED_NP.fullmatch(text, lo, hi)
    if m is None:
        return None
    words = m["words"].split()
    if any(w.lower() in _NOT_BARE_NP or w.lower() in _NOT_OPENING_NP or w.endswith(("ly", "ing")) for w in words):
        return None
    if CUE_LEMMA.get(m["head"]) is not None and not _is_head_noun(m["head"]):
        return None  # "The report says": a document, found elsewhere; "The president's statement said"
    end = m.end("head")
    return Subject(text[lo:end], lo, end)


# a surname behind an Arabic article or patronymic ("Haider al-Abadi"): a name's word, though lower-case
_PREFIXED_NAME = re.compile(uni(HYPHENED_NAME_PREFIX + r"\p{Lu}"))


# A US legislator's party and state after the name, in brackets or between commas ("Sen. Rob Portman
# (R-Ohio)", "Mark Kirk, R-Ill.,"): the name's role, never a speaker of its own.
# tests/backends/rules/test_subjects.py runs the examples (text before a cue, the speaker found).
PARTY_TAG_ID = "subject.party_tag"
PARTY_TAG = re.compile(r"[DRI](?:-[A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.]*)?)?")
PARTY_TAG_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Sen. Ada Lund (R-Ohio), another vulnerable incumbent, said", "Sen. Ada Lund"),
    ("Sen. Ada Lund, R-Fla., appearing on Fox News right after the speech, said", "Sen. Ada Lund"),
    ("Ada Lund, R-Ill., who faces a tough re-election battle in his home state, said", "Ada Lund"),
    ("Gov. Ada Lund (R-OH) told", "Gov. Ada Lund"),
    ("Rep. Ada Lund (D-N.Y.) said", "Rep. Ada Lund"),
    ("Rep. Ada Lund (D) said", "Rep. Ada Lund"),
    ("Rep. Ada Lund, D-Calif., said", "Rep. Ada Lund"),
)


def _before_party_tag(toks: list[tuple[str, int, int]], i: int) -> tuple[int, str] | None:
    """(index of the token before it, the tag) where toks[..i] ends with a party tag after a name:
    `( R-Ohio )` or `, R-Fla.` (a bare letter only in brackets); None otherwise."""
    if i >= 3 and toks[i][0] == ")" and toks[i - 2][0] == "(" and PARTY_TAG.fullmatch(toks[i - 1][0]):
        return i - 3, toks[i - 1][0]
    if i >= 2 and toks[i - 1][0] == "," and len(toks[i][0]) > 1 and PARTY_TAG.fullmatch(toks[i][0]):
        return i - 2, toks[i][0]
    return None


def np_before(text: str, toks: list[tuple[str, int, int]], i: int, portfolios: bool = True) -> Subject | None:
    """A noun phrase (name, role phrase, pronoun) ending at token i (`portfolios`: reading a
    ministry's list of portfolios as one name, `_portfolios_start`); a name's party tag after it is its
    role (`PARTY_TAG`)."""
    if i < 0:
        return None
    tagged = _before_party_tag(toks, i)
    if tagged is not None:
        named = np_before(text, toks, tagged[0], portfolios)
        if named is not None and not named.pronoun and cap(named.text.split()[-1]):
            return Subject(named.text, named.start, named.end, role=named.role or tagged[1])
    tok, s, e = toks[i]
    low = tok.lower()
    if low in SUBJECT_PRONOUNS and low != "who":
        return Subject(tok, s, e, pronoun=True)
    if i >= 2 and is_share(toks[i - 2][0], toks[i - 1][0], tok):
        return _share_of_count(text, toks, i)
    head_ok = cap(tok) or _PREFIXED_NAME.match(tok) is not None or _is_head_noun(low)
    if not head_ok and (low in {"him", "her", "them"} or not (low in _STOP or low in _AUX)):
        return _head_before_preposition(text, toks, i)
    if low in _STOP or low in _DETS:
        return None
    j = _np_start(toks, i)
    while j <= i and (toks[j][0].lower() in _SENT_START_WORDS or toks[j][0].lower() in _CONNECT):
        j += 1
    if j > i:
        return None
    words = [t[0] for t in toks[j : i + 1]]
    if not any(cap(w) and w.lower() not in NOT_NAME for w in words) and not any(
        _is_head_noun(w.lower()) for w in words
    ):
        if not any(cap(w) for w in words):
            return None
    start, end = toks[j][1], toks[i][2]
    placed = _placed_head(text, toks, j)
    if placed is not None:
        return Subject(text[placed:end], placed, end)
    if portfolios and j >= 3 and toks[j - 1][0] in (",", "and"):
        found = _portfolios_start(text, toks, i)
        start = start if found is None else found
    phrase = text[start:end]
    return _split_role(phrase, start)


def _share_of_count(text: str, toks: list[tuple[str, int, int]], i: int) -> Subject:
    """The share ending at token i, "N in M", with a hedge before it ("nine in 10", "More than 4 in
    10", "about one in three"): those polled who gave the answer speak, not "10"."""
    j = _hedged(toks, i - 2)
    return Subject(text[toks[j][1] : toks[i][2]], toks[j][1], toks[i][2])


def _hedged(toks: list[tuple[str, int, int]], j: int) -> int:
    """The first token of the share whose count is token j, with its hedge ("about", "more than")."""
    if j >= 1 and toks[j - 1][0].lower() in SHARE_HEDGES:
        return j - 1
    if j >= 2 and toks[j - 1][0].lower() == "than" and toks[j - 2][0].lower() in SHARE_COMPARATIVES:
        return j - 2
    return j


def _placed_head(text: str, toks: list[tuple[str, int, int]], j: int) -> int | None:
    """Where the phrase starts when the name at toks[j] is the place of a common noun before it ("A doctor
    in Boston", "the Spanish embassy in London", "officials at the Pentagon"): the noun speaks, the place
    does not (it gave the speaker "Boston"). None when no such noun stands before "in"/"at"."""
    k = j - 1
    if k >= 0 and toks[k][0].lower() == "the":
        k -= 1
    if k < 1 or toks[k][0] not in ("in", "at"):
        return None
    inner = np_before(text, toks, k - 1, portfolios=False)
    if inner is None or inner.pronoun or not inner.text.split()[-1].islower():
        return None
    return inner.start


def _portfolios_start(text: str, toks: list[tuple[str, int, int]], i: int) -> int | None:
    """Where the phrase ending at toks[i] starts when it ends a ministry's list of portfolios ("Food
    and Rural Affairs" in "a spokesman for the Department for Environment, Food and Rural Affairs"),
    else None: capitalised words, commas and an "and" back to "Department for …"."""
    k, seen = i, set()
    while k >= 2 and i - k < 12 and (cap(toks[k][0]) or toks[k][0] in (",", "and")):
        if not cap(toks[k][0]):
            seen.add(toks[k][0])
        k -= 1
    if seen != {",", "and"} or toks[k][0] not in ("for", "of") or toks[k - 1][0] not in MINISTRY_WORDS:
        return None
    head = np_before(text, toks, k - 1, portfolios=False)  # (one list: no recursion on a long run of them)
    return head.start if head is not None else None


def _head_before_preposition(text: str, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """ "Those close to him", "officials from both parties": token i ends a prepositional
    phrase; the head noun phrase sits before the preposition."""
    e = toks[i][2]
    for k in range(i - 1, max(-1, i - 5), -1):
        tk = toks[k][0].lower()
        if tk in (",", ";", ":") or tk in _STOP_NOT_CONNECT:
            break
        if tk in _CONNECT and k >= 1:
            inner = np_before(text, toks, k - 1)
            if inner is not None and not inner.pronoun:
                return (
                    _split_role(text[inner.start : e], inner.start)
                    if cap(inner.text)
                    else Subject(text[inner.start : e], inner.start, e)
                )
            if k >= 1 and toks[k - 1][0].lower() in {"those", "close", "familiar"}:
                start = toks[k - 1][1] if toks[k - 1][0].lower() == "those" else toks[max(0, k - 2)][1]
                return Subject(text[start:e], start, e)
            break
    return None


# the words of a share before "of" ("62 per cent of", "a third of", "most of")
_SHARE_WORDS = (QUANTIFIER_HEADS - {"both", "others", "these", "those"}) | frozenset(
    "percent cent % half third thirds quarter quarters majority minority none dozens hundreds thousands millions".split()
)


def _quantity_start(toks: list[tuple[str, int, int]], k: int) -> int | None:
    """The first token of a share that ends at token k, right before "of" ("62 per cent", "a third",
    "two-thirds", "most"), or None."""
    low = toks[k][0].lower()
    if low not in _SHARE_WORDS and not low[:1].isdigit():
        return None
    j = k
    if low == "cent" and j >= 1 and toks[j - 1][0].lower() == "per":
        j -= 1
    if j >= 1 and (is_count(toks[j - 1][0]) or toks[j - 1][0].lower() in {"a", "the"}):
        j -= 1
    return j


def _np_start(toks: list[tuple[str, int, int]], i: int) -> int:
    """The first token of the noun phrase that ends at token i, scanning leftwards."""
    j = i
    lowercase_run = 0
    while j - 1 >= 0:
        t = toks[j - 1][0]
        tl = t.lower()
        # (a spaced hyphen or en dash is a dash too: "BOSTON - Boston Fed President Susan Collins said"
        # put the wire story's dateline in the role)
        if t in (",", ";", ":", "(", ")", "\u2014", "\u2013", "-", "--", '"', "\u201c", "\u201d") or tl in _NEG:
            break
        if tl in _DETS:
            j -= 1
            # "a spokesman for the Home Office": carry on through the connector
            if (
                j - 2 >= 0
                and toks[j - 1][0].lower() in _CONNECT
                and (
                    _is_head_noun(toks[j - 2][0].lower())
                    or toks[j - 2][0].lower() in CLOSE_TO  # "sources close to the …"
                    or toks[j - 1][0].lower() in {"of", "for", "at", "from"}
                    and cap(toks[j - 2][0])
                )
            ):
                j -= 2
                continue
            break
        if tl == "of" and j - 2 >= 0:
            q = _quantity_start(toks, j - 2)
            if q is not None:
                j = q  # "62 per cent of respondents", "half of the officials": the share speaks, not all
                break
        if tl in _CONNECT:
            if j - 1 >= 1 and (
                _is_head_noun(toks[j - 2][0].lower())  # "an inspector at Granton Chemicals"
                or toks[j - 2][0].lower() in {"close", "familiar"}
            ):
                j -= 1
                continue
            if tl in {"of", "for"} and j - 2 >= 0 and cap(toks[j - 2][0]):
                j -= 1  # "Secretary of State John Kerry"
                continue
            break
        if (
            tl == "and"
            and j - 2 >= 0
            and cap(toks[j - 2][0])
            and cap(toks[j][0])
            and toks[j - 2][0].lower() not in _SENT_START_WORDS
        ):
            j -= 1  # "Smith and Jones said": both speak
            continue
        if tl in _STOP or tl in _AUX:
            break
        if cap(t):
            if tl in _SENT_START_WORDS and (j - 1 == 0 or toks[j - 2][0] in (",", ":", '"', "\u201c")):
                break
            j -= 1
            lowercase_run = 0
            continue
        if j - 3 >= 0 and is_share(toks[j - 3][0], toks[j - 2][0], t):
            j = _hedged(toks, j - 3)  # "nine in 10 voters said", "nine in ten voters": the share of them
            break
        if t[0].isdigit():
            if j - 2 >= 0 and toks[j - 2][0].lower() in ("a", "an", "the"):
                j -= 1  # "a 2008 campaign veteran", "a 30-year veteran": the article's number
                continue
            if toks[j][0].lower() in _SHARE_WORDS:
                j -= 1  # "60 percent said": the share, not "percent"
                break
            break
        lowercase_run += 1
        if lowercase_run > 3 or CUE_LEMMA.get(tl):
            break
        j -= 1
    return j


# A name's capitalised word, or one behind an Arabic article or patronymic ("al-Assad", "bin-Laden").
_NAME_WORD = rf"(?:{HYPHENED_NAME_PREFIX})?\p{{Lu}}[\w'\u2019.\p{{M}}-]*"
# Lower-case particles between a name's words, up to two ("Pieter van den Broek", "Ursula von der
# Leyen", "Oscar de la Renta"): inside the name, not counted among its words. A lone "&" joins too.
_NAME_JOIN = rf"\s+(?:(?:{'|'.join(sorted(NAME_PARTICLES))})\s+){{0,2}}|\s+&\s*"
_NAME_TAIL = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof|Rev|Sen|Rep|Gov|Gen)\.?\s+)?"
    + uni(rf"{_NAME_WORD}(?:(?:{_NAME_JOIN}){_NAME_WORD}){{0,3}}$")
)


_WORD = re.compile(r"\S+")
# An organisation's name: capitalised words ending in an organisation word, or that word and an
# "of" phrase ("Association of School Nurses", "Ministry of Defence"). Its capitalised front words
# are part of the name, not a role before it ("National" in "the National Health Protection Agency").
_CAP_WORD = r"\p{Lu}[\w'\u2019&.-]*"
_ORG_NAME = re.compile(
    uni(
        rf"(?:[Tt]he\s+)?((?:{_CAP_WORD}\s+(?:(?:and|&)\s+(?={_CAP_WORD}))?){{0,5}}?(\p{{Lu}}\w+)"
        # (a second "of" phrase inside: "the Royal Society for the Protection of Birds")
        rf"(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+(?:and\s+|of\s+(?:the\s+)?)?{_CAP_WORD}){{1,4}}"
        # a ministry's list of portfolios: "for Environment, Food and Rural Affairs"
        rf"(?:(?:,\s+{_CAP_WORD}(?:\s+{_CAP_WORD})?)*,?\s+and(?:\s+{_CAP_WORD}){{1,3}})?)?)"
    )
)
# the words before an organisation's name that make the phrase a description of someone in it
_ROLE_HEAD_WORDS = "|".join(sorted(ROLE_HEADS, key=len, reverse=True))
_FOR_THE = re.compile(
    rf"(?:(?:an?|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_ROLE_HEAD_WORDS})\s+(?:for|of|at|from|with)\s+the", re.I
)
# "the" and a capitalised run joined by "and" ("The Health and Safety Executive", "the Food and
# Drug Administration", "The Duke and Duchess of Sussex"): a body's name or a pair's titles, never one
# person's name, so it is not cut at the conjunction
_THE_JOINED_RUN = re.compile(
    uni(rf"[Tt]he\s+((?:{_CAP_WORD}\s+)+(?:and|&)\s+(?:{_CAP_WORD}\s+)*{_CAP_WORD}(?:\s+(?:of|for)\s+{_CAP_WORD})?)")
)
_TWO_NAMES = re.compile(
    uni(
        r"\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*)*\s+and\s+\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*)*"
    )
)


def _split_role(phrase: str, start: int) -> Subject:
    """'home secretary Priti Patel' -> Subject('Priti Patel', role='home secretary')."""
    off, end, role = _role_split(phrase)
    return Subject(phrase[off:end], start + off, start + end, role=role)


# An article names its speakers again and again, and the answer depends on the phrase alone: cached
# (bounded, so a long run's memory stays flat), as offsets into the phrase.
@lru_cache(maxsize=1 << 12)
def _role_split(phrase: str) -> tuple[int, int, str | None]:
    """(start, end, role) of the name in `phrase`, offsets into it: `_split_role`'s answer."""
    found = _role_split_words(phrase)
    run = _THE_CAPITALS.match(phrase, 0, found[0]) if found[2] is not None and found[0] > 0 else None
    if run is not None and _name_words(run.group(1), phrase[found[0] : found[1]]):
        # "The New Yorker" gave "Yorker", role "The New"; "The Washington Free Beacon" gave "Free
        # Beacon": capitalised words after "the" and no title or role among them are the name's own
        # (its article stays the role, as the split leaves "The" before "Associated Press")
        return run.start(1), found[1], phrase[: run.start(1)].strip()
    return found


# a role that is "the" and capitalised words only ("The New", "the United States")
_THE_CAPITALS = re.compile(uni(r"[Tt]he\s+((?:\p{Lu}[\w-]*\s+)*\p{Lu}[\w-]*)\s*$"))


def _name_words(front: str, name: str) -> bool:
    """Do capitalised words `front`, cut off before `name`, belong to it: none is a title, a role or
    a given name, and `name` is not a person's ("the Washington | Ishaan Tharoor", "the Washington |
    Post's Ed Lee")?"""
    words = front.split()
    return not any(
        w.lower() in ROLE_HEADS or w.lower() in _TITLES or w.lower() in _HONORIFIC or w.lower() in _GIVEN_NAMES
        for w in words
    ) and not (name.split()[0].lower() in _GIVEN_NAMES or "'s " in name or "\u2019s " in name)


def _role_split_words(phrase: str) -> tuple[int, int, str | None]:
    """`_role_split` before its last look at a role of capitalised words."""
    found = _name_and_role(phrase)
    if found[0] > 0:
        at = _org_name_start(phrase, found[0])
        if at is not None:
            # an organisation's name cut inside ("the National Health Protection Agency" gave "Health
            # Protection Agency", "the Association of School Nurses" gave "Nurses"): the whole name, its article left
            # before it as the split leaves "the" before "Associated Press". (Only there: after
            # other words, "James Lee of the American Enterprise Institute", the split's answer
            # is left to the steps that read the role.)
            before = phrase[:at].strip()
            if before.lower() in ("", "the"):
                return at, len(phrase), before or None
            if _FOR_THE.fullmatch(before):
                # "a spokesman for the Department for Education" names no one: the whole
                # description speaks, as "a spokesman for the Home Office" does
                return 0, len(phrase), None
    if found[0] > 0:
        run = _THE_JOINED_RUN.fullmatch(phrase)
        if run is not None and run.start(1) < found[0]:
            return run.start(1), len(phrase), None
    if found[0] > 0 and _described_by(phrase[: found[0]]):
        return 0, len(phrase), None  # "One person close to Castellan Foods", "an inspector at Acme Ltd"
    if found[0] > 0 or found[1] == len(phrase) and found[2] is None and _NAME_THEN_LINK.match(phrase):
        # (also a whole phrase read as one name: "Sen. Tom Reyes of Ohio", not "Sixty percent of voters")
        person = _person_of(phrase, found[0] or len(phrase))
        if person is not None:
            return person
    return found


# a person's name, then where they are from: "Sarah Jones of the Green Party", "Senator Ted Cruz of
# Texas", "Robert Gordon, of Northwestern University"
_NAMED_LIST = re.compile(uni(r"(?:,|\band)\s+(?:\p{Lu}\S*\s+){1,3}(?:of|from)\s"))
_GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
_AFFILIATION = re.compile(uni(r",?\s+(?:of|at|from)\s+(?:the\s+)?(?=\p{Lu})"))


def _person_of(phrase: str, cut: int) -> tuple[int, int, str | None] | None:
    """(start, end, role) of a person's name that an affiliation follows, when the split at `cut`
    took the place or body as the name ("Vermont" from "Senator Bernie Sanders of Vermont"): the
    person's name, their title and the affiliation as the role ("Senator of Vermont")."""
    link = _AFFILIATION.search(phrase)
    if link is None or link.end() > cut or _NAMED_LIST.search(phrase, link.end()):
        return None  # (a list of people and their states is no one person: "Rand Paul of Kentucky and Marco Rubio of Florida")
    cut_name = phrase[cut:].split()
    if any(w.lower() in _GIVEN_NAMES for w in cut_name[:-1]):
        return None  # the split found a person: "Supervisor of Elections Susan Bucher"
    head = phrase[: link.start()]
    party = _PARTY_FIRST.match(head)  # "Democratic Rep. Sam Ortiz of Arizona": the party is no name's
    skip = party.end() if party is not None else 0
    off, end, title = _name_and_role(head[skip:])
    off, end = off + skip, end + skip
    name = head[off:end].split()
    while len(name) > 1 and name[0].lower().strip(".") in _TITLES | _HONORIFIC:
        name = name[1:]  # "Dr Anne Patel", "Rep. Tom Cole": a title the split left in the name
    if end != len(head) or not name or any(w.lower().strip(".") in NOT_NAME or w.lower() in ROLE_HEADS for w in name):
        return None
    if (
        len(name) < 2
        and head[off:end] == " ".join(name)
        and not (title and title.split()[-1].lower().strip(".") in _TITLES)
    ):
        return None  # one capitalised word may be a body ("Friends of the Earth"), not a person
    affiliation = phrase[link.start() :].strip(" ,")
    return off, end, f"{title} {affiliation}" if title else affiliation


_TITLES = ALL_TITLES
_NAME_THEN_LINK = re.compile(uni(r"(?:\p{Lu}[\w.'\u2019\p{M}-]*\s+){2,5}(?:of|from)\s+\p{Lu}"))
_PARTY_FIRST = re.compile(r"(?:Democratic|Republican|Conservative|Labour|Liberal|Independent|GOP)\s+(?=\S+\.?\s+\S)")
_LINKS = ("at", "for", "from", "with", "of", "near", "in", *(w + " to" for w in CLOSE_TO), "familiar with")
_DESCRIPTION_OPENERS = frozenset({"a", "an", "the", "one", "two", "three", "some", "several", "another"})


def _described_by(role: str) -> bool:
    """Does `role`, the words before a name, describe someone by that name's organisation or circle
    ("One person close to", "An inspector at", "A spokesman for the", "Some people in")? A determiner,
    or a plural head ("Union officials at the"), a head noun, then a link ("Minister for Housing
    Rachel Denholm" is a title and a name)."""
    words = role.lower().split()
    if not words:
        return False
    if words[-1:] == ["the"]:
        words = words[:-1]
    for link in _LINKS:
        n = len(link.split())
        if len(words) > n and " ".join(words[-n:]) == link:
            head = words[-n - 1]
            opened = words[0] in _DESCRIPTION_OPENERS or (
                head.endswith("s") and (head[:-1] in ROLE_HEADS or n + 1 == len(words) and _is_head_noun(head))
            )  # ("Villagers in Kestrow": a plural agent noun alone before the link)
            # (a title after a determiner is the office's holder: "The Prince of Wales", "The Archbishop of Canterbury")
            return opened and (_is_head_noun(head) or (words[0] == "the" and len(words) == n + 2 and head in _TITLES))
    return False


def _org_word(low: str) -> bool:
    """An organisation's head word, singular or plural ("Centers for Disease Control and Prevention",
    "National Institutes of Health")."""
    return low in ORG_WORDS or low.endswith("s") and low[:-1] in ORG_WORDS


def _org_name_start(phrase: str, cut: int) -> int | None:
    """Where the organisation's name that ends `phrase` starts, when `cut` falls inside it."""
    for w in _WORD.finditer(phrase[:cut]):
        org = _ORG_NAME.fullmatch(phrase, w.start())
        if org is not None and org.start(1) < cut and _org_word(org.group(2).lower()):
            if _title_inside(phrase[org.end(2) :].split()):
                return None  # "Bank of England Governor Andrew Bailey": a person, the body their office's
            before = phrase[: org.start(2)].split()
            if before and before[-1].lower() in _GIVEN_NAMES:
                return None  # a person's surname that is also an outlet's: "Trade Secretary Liam Fox"
            return org.start(1)
    return None


def _title_inside(words: list[str]) -> bool:
    """Is one of `words` (an organisation's name after its head word) a title with words after it
    ("of England Governor Andrew Bailey"): an office and its holder's name, not the body's name?"""
    last = words[-1].lower() if words else ""
    if last in ROLE_HEADS or last.rstrip("s") in ROLE_HEADS or _org_word(last):
        return False  # ("the Society for Chief Officers": the body's own words)
    return any(w.lower().strip(".") in _TITLES for w in words[:-1])


# what may come before an organisation's two-word name ("The Daily Beast", "a spokesman for Police Scotland")
_OPENS_ORG = re.compile(r"(?:.*\b(?:for|at|of|from|with)\s+)?(?:[Tt]he\s+)?", re.S)


def _place_before_title(words: list[str]) -> bool:
    """Are `words` a place's initials and a title or role head ("U.S. Attorney", "U.K. Ambassador")?"""
    return (
        len(words) == 2
        and words[0].lower().strip(".") in PLACE_INITIALS
        and (words[1].lower().strip(".") in _TITLES or words[1].lower() in ROLE_HEADS)
        and not words[1].endswith(".")  # (an abbreviated title, "U.S. Sen. Ann Lee", is read as before)
    )


def _name_and_role(phrase: str) -> tuple[int, int, str | None]:
    words = [(w.group(0), w.start()) for w in _WORD.finditer(phrase)]
    if not words:
        return 0, len(phrase), None
    if _TWO_NAMES.fullmatch(phrase) and not any(
        w.lower() in ROLE_HEADS or w.lower() in NOT_NAME - {"and"} for w, _ in words
    ):
        return 0, len(phrase), None  # "Smith and Jones": two names, no role
    m = _NAME_TAIL.search(phrase)
    if m is not None:
        # the name is the tail match, less capitalised role words at its front
        tail = [(w, o) for w, o in words if o >= m.start()]
        k = 0
        while (
            k < len(tail) - 1
            and (
                tail[k][0].lower() in ROLE_HEADS
                or tail[k][0].lower() in NOT_NAME
                # a title word of several ("Chief Constable"), before a full name ("Councillor Reyes" stays whole)
                or tail[k][0].lower() in _TITLES
                and len(tail) - k > 2
                # a place's initials before a title ("Assistant U.S. Attorney Sarah Klein"): the office's
                or _place_before_title([w for w, _ in tail[k : k + 2]])
                # a capitalised word before a role head is the office's ("Majority Leader Mitch McConnell"),
                # when a full name follows the head (not "Supreme Court Justice", "U.S. President Obama")
                or k + 3 < len(tail)
                and not tail[k][0].endswith(".")
                and tail[k + 1][0].lower() in ROLE_HEADS
                and tail[k + 1][0].lower() not in ORG_WORDS
                and tail[k + 1][0].lower().rstrip(".") not in _HONORIFIC
            )
            and tail[k][0].lower().rstrip(".") not in _HONORIFIC
            # "United" opens a body's short name ("The United Nations" gave "Nations", "United Auto Workers")
            and not (tail[k][0] == "United" and len(tail) - k <= 3)
            # an organisation word opening a two-word name is part of it ("Police Scotland", "The Daily Beast")
            and not (
                tail[k][0].lower() in ORG_WORDS
                and len(tail) - k == 2
                and _OPENS_ORG.fullmatch(phrase, 0, tail[k][1]) is not None
            )
        ):
            k += 1
        tail = tail[k:]
        if tail:
            first = tail[0][0].lower().strip(".")
            is_name = first not in NOT_NAME or first in NAME_TITLES
            if tail[0][1] == 0 and k == 0:
                is_name = is_name and words[-1][0].lower() not in ROLE_HEADS
            if is_name and (tail[0][1] > 0 or k > 0 or m.start() == 0):
                off = tail[0][1]
                return off, m.end(), phrase[:off].strip(" ,") or None
    return 0, len(phrase), None


_ADVERB = re.compile(r"[A-Z][a-z]+ly")
_FRONTED_PREPOSITION = re.compile(r"\s*(?:In|On|At|With|For|From|After|Before|During|Under|Through)\s+")


# ("X said A but said B" stays one report, as annotators mark it; "but he said B" does not)
_PERFECT_PARTICIPLES = frozenset({"having", "being"})


def not_a_subject(text: str, s_lo: int, subj: Subject) -> bool:
    """A sentence adverb ("Initially, state regulators …") or the object of a fronted
    preposition ("In a statement announcing the pick, …") found where a subject should be."""
    if _ADVERB.fullmatch(subj.text) or subj.text.lower() in _PERFECT_PARTICIPLES:
        return True  # (the second: "Having said that, the board …": a perfect participle, no one)
    return subj.start > s_lo and _FRONTED_PREPOSITION.fullmatch(text, s_lo, subj.start) is not None


# `leading_subject`'s name or role at the sentence start, compiled once (not built with `uni` per call)
_LEADING_NAME = re.compile(
    uni(
        r"(?:(?:Mr|Mrs|Ms|Dr|Sir|Sen|Rep|Gov)\.?\s+)?\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+(?:\p{Lu}[\w'\u2019.\p{M}-]*|of|the|for))*"
    )
)


# what may follow a fronted adverbial's comma and still belong to it: a US state (written out or
# abbreviated) or a short time phrase, each with its comma
_ADVERBIAL_MORE = re.compile(
    r"(?:(?P<state>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|[A-Z][a-z]{0,4}\.(?:\s?[A-Z][a-z]?\.)?)"
    r"|(?P<time>(?:on|last|this|late|early)\s+[A-Za-z]+(?:\s+(?:night|morning|afternoon|evening))?)),\s+"
)
# a sentence adverb, or a participle clause of at most 150 characters (its -ing word followed by a
# lower-case word), closed by a comma before the subject
_OPENING_PHRASE = re.compile(
    r"(?:(?P<adverb>[A-Z][a-z]+)|(?P<participle>[A-Z][a-z]+ing\s+[a-z][^,;:.!?]{0,140})),[\"\u201d]?\s+(?=[A-Z]|(?:the|a|an)\s)"
)


# made-up sentence openings and the subject `leading_subject` must find in them (a participle later
# in the sentence speaks for it); tests/backends/rules/test_subjects.py runs them
LEADING_SUBJECT_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("At a town hall in Ames, Iowa, on Sunday, Ann Lee defended the plan", "Ann Lee"),
    ("At a rally in Dover, N.H., last night, Jo Doe praised the mayor", "Jo Doe"),
    ("Speaking to reporters in the capital after the vote, Ann Lee defended the plan", "Ann Lee"),
    ('Speaking to the programme "Morning Calls," the party\'s chief strategist Jo Doe defended the plan', "Jo Doe"),
    ("Speaking on Monday, Clinton's chief pollster Joel Benenson defended the plan", "Joel Benenson"),
    ("Rovers boss Siobhan Kearney was furious after the match", "Siobhan Kearney"),
    ("Instead, the Vermont senator is sticking to his message", "the Vermont senator"),
    ("In August, Jo Doe defended the plan", "Jo Doe"),
    ("Manning told reporters the plan would work", "Manning"),
)


# lower-case role words, then a name: what may follow a leading name that is a team's or a firm's
_ROLE_THEN_NAME = re.compile(
    uni(r"((?:\s+[a-z][\w-]*){1,3})\s+\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*)*")
)
_OWNER_END = re.compile(r"['\u2019]s?$")


def _reports(phrase: str) -> bool:
    """Does an opening participle phrase report something? A cue word in it does, but a capitalised one
    after its first word is a title's or a name's ('Speaking to MSNBC's "Andrea Mitchell Reports,"')."""
    return any(w.start() == 0 or w.group(0)[0].islower() for w in cue_matches(phrase))


def leading_subject(text: str, s_lo: int, hi: int) -> Subject | None:
    """The subject at the start of a sentence (after a dateline or a fronted adverbial), for a later verb."""
    dateline = DATELINE.match(text, s_lo, hi)
    if dateline is not None:  # "WASHINGTON (Reuters) - Senate Democrats blocked …, raising …": not Reuters
        s_lo = dateline.end()
    seg = text[s_lo:hi]
    off = 0
    # a fronted adverbial: "In August, several groups …" / "Last week, Smith …" (but not the
    # appositive of "Ann Lee, a developer, said …")
    m = re.match(
        r"(?:[A-Z][^,]{0,60},\s+)(?=[A-Z])|(?:(?:In|On|At|During|After|Before|Since|Last|Earlier|Later|By|With|Under"
        r"|When|While|Although|Though|Once|Meanwhile|However|Still|[A-Z][a-z]+ly)\b[^,]{0,60},\s+)"
        r"(?=(?:the|a|an|several|some|many|most|two|three|four|other|his|her|their)\s)",
        seg,
    )
    if m and first_cue(m.group(0)) is None:
        off = m.end()
        # the adverbial goes on past a state and a time ("At a rally in Ames, Iowa, on Sunday, X …")
        while (more := _ADVERBIAL_MORE.match(seg, off)) is not None and (
            more.group("time") or more.group("state").rstrip(".") in US_STATES
        ):
            off = more.end()
    else:
        # a participle clause or a sentence adverb opens it ("Speaking to supporters in South
        # Carolina after the primary, Cruz said …", "Instead, the senator is …")
        m = _OPENING_PHRASE.match(seg)
        if m and (m.group("adverb") or "").lower() in NOT_SPEAKER_OPENERS | {"instead"} | {""}:
            if m.group("adverb") or not _reports(m.group("participle")):
                off = m.end()
    m = _LEADING_NAME.match(seg[off:])
    # (an owner is no subject: "Clinton's chief pollster Joel Benenson …" is found below)
    if (
        m
        and m.group(0).split()[0].lower() not in _NOT_NAME_BUT_TITLES
        and m.group(0).split()[0].lower() not in _DETS
        and not _OWNER_END.search(m.group(0).rstrip())
    ):
        name = m.group(0).rstrip()
        more = _ROLE_THEN_NAME.match(seg, off + len(name))
        if more is not None and all(w in ROLE_HEADS for w in more.group(1).split()):
            name = seg[off : more.end()]  # "Rovers boss Siobhan Kearney": the team's boss speaks, not the team
        while name.split()[-1] in ("of", "the", "for"):
            name = name.rsplit(" ", 1)[0]
        head, of, place = name.rpartition(" of ")
        if of and place.rstrip(".") in US_STATES:
            name = head  # "Senator Jo Doe of Vermont": the state is no part of the name
        return _split_role(name, s_lo + off)
    for vm in re.finditer(r"\b[a-z][a-z'\u2019-]+\b", seg[off:]):
        w = vm.group(0)
        if w in CUE_LEMMA or w in NP_OBJECT_LEMMA or w.endswith("ed") or w in SUBJECT_VERBS or w in IRREGULAR_PAST:
            subj = find_subject(text, s_lo + off, s_lo + off + vm.start())
            if subj is not None:
                return subj
            break
    m = re.match(r"(He|She|They|It|We|I)\b", seg[off:])
    if m:
        return Subject(m.group(1), s_lo + off, s_lo + off + len(m.group(1)), pronoun=True)
    m = re.match(r"(?:The|A|An|Two|Three|Several|Some|Many)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\b", seg[off:])
    if m and strip_possessive(m.group(1).lower()) in ROLE_HEADS:
        return Subject(m.group(0), s_lo + off, s_lo + off + len(m.group(0)))
    return None


# ------------------------------------------------------------------ inverted "said X"
# The speaker after an inverted cue ('…," said Sen. Dick Durbin of Illinois.') is the phrase up
# to its first comma, aside or sentence end; a place or organisation after a name ("of
# Illinois", "from Texas", "in The Guardian") and the closing full stop are no part of its
# head. Abbreviations keep their full stop ("Sen.", "Mr.", "J.", "U.S.") and go on.
_SAID_X_TOKEN = re.compile(uni(r"\p{L}[\w'\u2019.&\p{M}-]*|[^\w\s]"))
_ROLE_OPENERS = _DETS | SAID_X_ROLE_OPENERS


_LOWER_ROLE_NAME_END = re.compile(
    uni(r"(?:[a-z][\w'\u2019-]*\s+){1,3}\p{Lu}[\w'\u2019\p{M}-]*(?:\s+\p{Lu}[\w'\u2019\p{M}-]*){1,3}\s*(?:[,.;!?]|$)")
)


def said_x_span(text: str, p: int, hi: int, max_words: int = 6) -> tuple[int, int] | None:
    """The speaker phrase text[a:b] right after an inverted cue ending at p, or None.

    'said Sen. Dick Durbin of Illinois.' -> 'Sen. Dick Durbin'; 'said the mayor of Chicago.' ->
    'the mayor of Chicago' (a role keeps its complement); 'said Friday.' -> None."""
    words: list[tuple[str, int, int]] = []
    named = False  # a capitalised word other than a title is in: a following "of X" is a place
    for m in _SAID_X_TOKEN.finditer(text, p, hi):
        w = m.group(0)
        if not w[0].isalpha():
            break  # a comma, an aside, a dash, a quotation mark
        low = w.lower().rstrip(".")
        if not words and (
            low in NOT_SAID_X_START
            or w[0].islower()
            and low not in _ROLE_OPENERS
            and not _LOWER_ROLE_NAME_END.match(text, m.start(), hi)
        ):
            # 'said parents still want …': a lower-case start is a clause unless a role opens, or
            # lower-case role words and a name end the phrase ('said council leader Ian Prout.')
            return None
        if words and low in AFTER_NAME and (named or low not in {"of", "for", "from"}):
            break
        if words and low in TIME_WORDS:
            break  # "said Smith Friday"
        if len(words) == max_words:
            return None  # no short phrase: a clause, not a speaker
        if w.endswith(".") and not is_abbreviation(w):
            words.append((w[:-1], m.start(), m.end() - 1))
            break
        words.append((w, m.start(), m.end()))
        named = named or (w[0].isupper() and low not in TITLE_ABBREVIATIONS)
    if not words:
        return None
    return words[0][1], words[-1][2]


def said_x_subject(text: str, p: int, hi: int, max_words: int, lemma: str) -> Subject | None:
    """The speaker of an inverted cue ending at p ('…," said Sen. Dick Durbin of Illinois.'),
    or None where `said_x_span` finds no short phrase (the caller's older cut then decides).
    ('…," told reporters' names the listener: no speaker here.)"""
    if lemma == "tell":
        return None
    span = said_x_span(text, p, hi, max_words)
    if span is None:
        return None
    toks = tokens_in(text, span[0], span[1])
    subj = np_before(text, toks, len(toks) - 1)
    if subj is not None and subj.role is None and toks[0][0].lower() in _DETS | {"its", "his", "her", "their"}:
        # "…," said the company's chief executive, Jane Roe.': the name after the role speaks
        m = _APPOSITIVE_NAME.match(text, span[1], hi)
        # (its title is no word of the name to vet: "Dr" is NOT_NAME's as a speaker phrase of its own)
        if m is not None and not any(
            w.lower().strip(".") in NOT_NAME or w.lower() in TIME_WORDS
            for w in m["name"][len(m["title"] or "") :].split()
        ):
            end = m.end("name") - (m["name"].endswith(".") and not is_abbreviation(m["name"].split()[-1]))
            return Subject(text[m.start("name") : end], m.start("name"), end, role=text[span[0] : span[1]])
    return subj


# a speaker's affiliation after an inverted cue's name, then the phrase's end ('," said Mary Smith
# of the National Farmers Union.'): the name is the speaker phrase though the words run past its limit
AFFILIATION_END = re.compile(
    uni(
        r",?\s+(?:of|at|from)\s+(?:the\s+)?\p{Lu}[\w'\u2019&.-]*"
        r"(?:\s+(?:(?:of|for|and|&|the)\s+)*\p{Lu}[\w'\u2019&-]*)*\s*(?:[,.!?;]|$)"
    )
)


# a name set off by commas right after an inverted cue's role phrase, ending the clause or its aside
_APPOSITIVE_NAME = re.compile(
    uni(
        r",\s+(?P<name>(?P<title>(?:Mr|Mrs|Ms|Dr|Sir|Dame|Prof)\.?\s+)?\p{Lu}[\w'\u2019.\p{M}-]*"
        r"(?:\s+(?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\s+){0,2}\p{Lu}[\w'\u2019.\p{M}-]*){1,3})"
        r"(?=\s*(?:[,.;:)!?]|$))"
    )
)


def said_x_phrase(text: str, p: int, hi: int, max_words: int) -> Subject | None:
    """The speaker right after an inverted cue that follows a closing quotation mark, where
    `said_x_subject` finds none for want of a head noun it knows: a short phrase that an article or
    a number opens ('…," said a 2008 Clinton veteran.'). Only there: elsewhere `said the vote was
    fair` is a clause."""
    span = said_x_span(text, p, hi, max_words)
    return _determined_phrase(text, tokens_in(text, span[0], span[1])) if span is not None else None


# the articles and numbers that open a speaker phrase after an inverted cue whatever its head noun
_PHRASE_ARTICLES = frozenset({"a", "an", "the", "one", "another", "two", "three", "several"})


def _determined_phrase(text: str, toks: list[tuple[str, int, int]]) -> Subject | None:
    """The whole short phrase `toks` when an article or number opens it and a noun-like word ends it:
    right after an inverted cue ('…," said a 2008 Clinton veteran.', '…," said the 43-year-old.') it
    names the speaker whatever its head noun, which `np_before` knows only from a lexicon."""
    if len(toks) < 2 or toks[0][0].lower() not in _PHRASE_ARTICLES:
        return None
    if any(t[0].lower() in _AUX or t[0].lower() in _STOP or t[0].endswith("ed") for t in toks[1:]):
        return None  # a verb or a function word: a clause ('the vote was fair'), not a name
    last = toks[-1][0]
    low = last.lower()
    if not last[-1:].isalpha() or len(last) < 3 or low.endswith("ly") or low in _STOP or low in TIME_WORDS:
        return None
    return Subject(text[toks[0][1] : toks[-1][2]], toks[0][1], toks[-1][2])
