"""Candidate attributions around cue words, with the sparse features the scorer reads.

One cue word (a word form from the learned lexicon, outside quotation marks)
gives up to two candidates in its sentence:

* `R`: the content follows the cue (`X said (that) …`, `X plans to …`,
  `allegations that …`, `according to X, …`), the source is the subject
  before it;
* `L`: the content precedes it (`…, X said.`, `…, said X.`), the source
  follows the comma.

Shared by the run-time hook (`learned.py`) and the trainer, so that what is
scored at run time is exactly what was learned.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter

from ..clauses import has_finite_verb
from ..lexicon import (
    ADVERBIAL_OPENERS,
    BE_FORMS,
    CLAUSE_OPENERS,
    CUE_LEMMA,
    DATELINE,
    DETERMINERS,
    DO_FORMS,
    HAVE_FORMS,
    LEAD_STOP_WORDS,
    LEADING_CONJUNCTIONS,
    LY_NOUNS,
    MODALS,
    MONTHS,
    NAME_GLUE,
    NEGATED_AUXILIARIES,
    NEGATIONS,
    NEW_CLAUSE,
    NOT_SPEAKER_OPENERS,
    NOT_WORDS,
    NOUN_CUE_AFTER,
    QUANTIFIER_HEADS,
    QUANTITY_WORDS,
    SPEAKER_STOP_WORDS,
    STATE_OF_MIND_PARTICIPLES,
    TIME_WORDS,
)
from ..models import SegmentedDocument
from ..segment import with_abbreviation_stop
from ..textnorm import token_spans
from ..unicase import lower_searchable, uni

TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
_first = itemgetter(0)
_second = itemgetter(1)
# The quotation marks the attribution layer reads (straight and curly double); keep and respeak share it.
QUOTE_MARKS = frozenset('"\u201c\u201d')
_CLOSE_TRIM = " \t\n,;:\u2014\u2013-"
_MODAL = MODALS | DO_FORMS | {"to"}  # "to" stands before a bare verb as the modals do
_BE = BE_FORMS
_SUBJECT_HOLDS = STATE_OF_MIND_PARTICIPLES | {"quoted"}
_AUX = HAVE_FORMS | BE_FORMS
# the determiners that open a source phrase here: DETERMINERS without the higher numbers, the demonstratives
# and the comparative quantifiers
_DETS = frozenset(
    DETERMINERS - {"three", "four", "other", "another", "most", "both", "these", "those", "this", "more", "few"}
)
_NEG = NEGATIONS  # a negation just before a cue ("did not say", "didn't say")
MIN_WORDS = 4


@dataclass
class Candidate:
    start: int  # content offsets in the document
    end: int
    cue: str
    cue_start: int
    side: str  # "R" or "L"
    speaker_text: str | None = None
    speaker_pos: int | None = None
    quoted: bool = False  # the content holds a quotation mark: mixed
    feats: list[str] = field(default_factory=list)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "+"


def _rate_bucket(rate: float) -> str:
    for e in (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7):
        if rate < e:
            return str(e)
    return "1"


# The speaker choice asks this of every word of every phrase before a cue (rerank.features), and a
# document's few names come back again and again: a bounded cache answers them.
@lru_cache(maxsize=1 << 14)
def speaker_word(tok: str) -> str:
    """A token as the source-word lexicon keys it: lower case, a possessive cut ("Trump's" -> "trump")."""
    return _POSSESSIVE.sub("", tok.lower())


def speaker_features(phrase: str | None, sources: dict[str, float]) -> list[str]:
    """The scorer's features of a speaker phrase, from `sources` (word form -> how often it lies in a
    gold source, learned on the train split): the bucketed rate of its most source-like word
    (`srate=`: the scorer credits a speaker sharing any word with the source) and of its last word
    (`shead=`: "The resignation comes after a series of" ends in "series"); `srate=none` without one."""
    words = _speaker_words(phrase)
    if not words:
        return ["srate=none"]
    best = max(word_rate(w, sources) for w in words)
    return ["srate=" + _rate_bucket(best), "shead=" + _rate_bucket(word_rate(words[-1], sources))]


def _speaker_words(phrase: str | None) -> list[str]:
    """The word tokens of a speaker phrase past the words speakers are not told apart by (articles,
    prepositions, titles, quantifiers: lexicon.SPEAKER_STOP_WORDS), or all of them when that leaves none."""
    words = [m.group(0) for m in TOKEN.finditer(phrase or "") if m.group(0)[0].isalnum()]
    return [w for w in words if speaker_word(w) not in SPEAKER_STOP_WORDS] or words


def word_rate(tok: str, sources: dict[str, float]) -> float:
    """A word's source rate; a capitalised word the lexicon lacks is a name too rare to judge: 1.0."""
    rate = sources.get(speaker_word(tok))
    if rate is None:
        return 1.0 if tok[:1].isupper() else 0.0
    return rate


def _in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _in_sorted_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    """`_in_spans` for spans in text order that do not overlap (quotations): a bisection, not a scan."""
    i = bisect_right(spans, pos, key=_first) - 1
    return i >= 0 and pos < spans[i][1]


def _subject(text: str, lo: int, hi: int):  # -> rules.Subject | None
    # the rule backend's speaker helper, called (not copied); imported here because
    # rules.py itself calls into this package from its entry point
    from ..backends.rules.subjects import find_subject

    # (without the step back from an issued document to its issuer: it changes the candidates'
    # speaker features, and the layer's refit on them moved its bias and threshold and dropped
    # ~1,100 additions on train, F1 -0.024; the rules take the step, the trainers' data stay as before)
    return find_subject(text, lo, hi, issuer=False)


SKIP_BACK = frozenset(
    (NOT_WORDS - {"no"})
    | {"n't", "also", "now", "still", "already", "just", "then", "later", "immediately", "repeatedly"}
    | set(_MODAL)
    | set(_AUX)
    | DO_FORMS
    | (NEGATED_AUXILIARIES - {"don't"})
    | {"isn't", "wasn't"}
)
_LEAD_STOP = LEAD_STOP_WORDS
_LEAD = re.compile(
    uni(r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*){0,3}")
)
_LEAD_PRON = re.compile(r"(?:He|She|They|We|I)\b")


@dataclass
class _Lead:
    text: str
    start: int
    pronoun: bool = False


def can_be_noun(word: str) -> bool:
    """Can cue word `word` be a noun ("reports", "criticism", "advice")? Not a past form ("said",
    "reported": after "the candidate she ran against" a preposition ends a relative clause) and not a
    participle in -ing."""
    low = word.lower()
    if low.endswith(("ing", "ed")):
        return False
    lemma = CUE_LEMMA.get(low)
    return lemma is None or lemma == low or low.endswith("s")


def find_speaker(text: str, s_lo: int, toks: list[tuple[str, int, int]], i: int):  # -> (subject | None, kind)
    """The speaker of the cue toks[i]: the rules' subject finder, after skipping auxiliaries,
    negation and adverbs back from the cue, else the name or pronoun that opens the sentence."""
    if i > 0 and toks[i - 1][0].lower() in NOUN_CUE_AFTER and can_be_noun(toks[i][0]):
        return None, "noun"  # "following reports that …": the cue is a noun, its words nobody's
    subj = _subject(text, s_lo, toks[i][1])
    if subj is not None:
        if _TIME_WORD.fullmatch(subj.text):  # "… meet on Tuesday to discuss …": a date is no source
            return _opening_phrase(text, toks, i), _subject_kind(subj)
        return subj, _subject_kind(subj)
    k = i - 1
    while k >= 0 and (
        toks[k][0].lower().replace("\u2019", "'") in SKIP_BACK
        or (toks[k][0].endswith("ly") and toks[k][0].islower() and toks[k][0] not in LY_NOUNS)
    ):
        k -= 1
    if k < i - 1 and k >= 0:
        subj = _subject(text, s_lo, toks[k + 1][1])
        if subj is not None:
            if _TIME_WORD.fullmatch(subj.text):
                return _opening_phrase(text, toks, i), "skip_" + _subject_kind(subj)
            return subj, "skip_" + _subject_kind(subj)
    if 0 <= k < 10 and toks[0][0][:1].isupper() and not any(t[0] in ",;:()" for t in toks[: k + 1]):
        # the whole short phrase before the verb group: "A new ad from the campaign questions …"
        return _Lead(text[toks[0][1] : toks[k][2]], toks[0][1]), "head"
    if toks and toks[0][1] < toks[i][1]:
        head = text[toks[0][1] : toks[i][1]]
        m = _LEAD_PRON.match(head)
        if m:
            return _Lead(m.group(0), toks[0][1], True), "lead_pron"
        m = _LEAD.match(head)
        if m and m.group(0).split()[0].lower() not in _LEAD_STOP and m.end() < len(head):
            lead = _Lead(m.group(0).rstrip(" ."), toks[0][1])
            if head[m.end() :].lstrip()[:1] in _LEAD_END:  # "Moreover, …", "WASHINGTON (AP) — …": not a subject
                lead = _clause_subject(text, s_lo, toks, i) or _phrase_after_break(text, toks, i) or lead
            elif opens_adverbially(toks):  # "Throughout the debate, Clinton …", "Asked about it, X …"
                lead = _after_clause(text, toks, i) or lead
            elif toks[0][0].lower() in _QUANT:  # "Many of the speakers …": the whole phrase, not "Many"
                lead = _opening_phrase(text, toks, i) or lead
            return lead, "lead_cap"
    opens = bool(toks) and (opens_adverbially(toks) or toks[0][0].lower() in _LEAD_STOP - _DETS)
    return _clause_subject(text, s_lo, toks, i) or (opens and _after_clause(text, toks, i)) or _opening_phrase(
        text, toks, i
    ) or _after_opener(text, toks, i) or _phrase_before(text, toks, k), "none"


_CLAUSE_OPENERS = CLAUSE_OPENERS


_WORD_GLUE = frozenset({"%", "-", ".", "'", "\u2019"})  # inside a phrase: "47%", "21-year-old", "Mr. Trump"


def _phrase_before(text: str, toks: list[tuple[str, int, int]], k: int) -> _Lead | None:
    """The words that end at toks[k] (the last one before the cue's verb group) back to a clause
    break (punctuation, a conjunction, a relative pronoun), at most 8: a subject the rules' finder
    does not take ("though public records indicate", "but majorities in all five say")."""
    j = k
    while j >= 0 and k - j < 8 and (toks[j][0][:1].isalnum() or toks[j][0] in _WORD_GLUE):
        if toks[j][0].lower() in _CLAUSE_OPENERS:
            break
        j -= 1
    if j == k or k - j >= 8 or toks[k][0].lower() in _DETS or toks[k][0].lower() in _LEAD_STOP:
        return None
    words = toks[j + 1 : k + 1]
    # "Cruz is now trying (to …)" -> "Cruz"; "there is anecdotal evidence" -> "anecdotal evidence"
    v = next((n for n, t in enumerate(words) if t[0].lower() in _BE | _AUX | _MODAL), None)
    if v is not None:
        words = words[v + 1 :] if v == 1 and words[0][0].lower() == "there" else words[:v]
    if not words:
        return None
    lead = _Lead(text[words[0][1] : words[-1][2]], words[0][1])
    return None if names_no_one(text, lead.text, lead.start) else lead


_LEAD_END = frozenset(",(\u2014\u2013-:")
_BREAKS = frozenset(",;:()\u2014\u2013-")


def _after_opener(text: str, toks: list[tuple[str, int, int]], i: int) -> _Lead | None:
    """`In 2008, Cooper …` / `Meanwhile, the campaign …`: the phrase after an opening adverbial."""
    if not toks or toks[0][0].lower() not in _LEAD_STOP:
        return None
    k = next((n for n in range(1, i) if toks[n][0] == ","), -1)
    if k < 0:
        return None
    sub = toks[k + 1 : i]
    if not sub or sub[0][0].lower() in _LEAD_STOP and sub[0][0].lower() not in _DETS:
        return None
    return _opening_phrase(text, sub, len(sub), strict=False)


_OPENERS = ADVERBIAL_OPENERS
_QUANT = QUANTIFIER_HEADS


def opens_adverbially(toks: list[tuple[str, int, int]]) -> bool:
    """Does the sentence open with an adverbial (`Throughout …,`, `Indeed,`, `Casting himself as …,`)?"""
    w = toks[0][0]
    low = w.lower()
    if low in _OPENERS or (low.endswith("ly") and len(low) > 4):
        return True
    # a participle: "Trying to …", "Casting himself …" (a name like "Fielding" is followed by a capital)
    return low.endswith(("ing", "ed")) and len(low) > 5 and len(toks) > 1 and toks[1][0][:1].islower()


def _after_clause(text: str, toks: list[tuple[str, int, int]], i: int) -> _Lead | None:
    """The phrase after the first comma (or dash) before the cue that opens like a subject
    (a capital or a determiner): the subject after an opening adverbial clause."""
    for k in range(1, i - 1):
        if toks[k][0] not in (",", "\u2014", "\u2013"):
            continue
        sub = toks[k + 1 : i]
        if sub[0][0][:1].isupper() or sub[0][0].lower() in _DETS:
            return _opening_phrase(text, sub, len(sub), strict=False)
    return None


def narration_subject(text: str, toks: list[tuple[str, int, int]], leading: bool) -> _Lead | None:
    """The source a quotation's narration names: `toks` before the quotation (`leading`; after an
    opening adverbial, `In a statement, Rep. X said: …`) or after it (`… the crowd yelled.`)."""
    toks = [t for t in toks if t[0][0].isalnum()] if toks and not toks[0][0][0].isalnum() else toks
    if not toks:
        return None
    if leading:
        if opens_adverbially(toks) or toks[0][0].lower() in _LEAD_STOP - _DETS:
            lead = _after_clause(text, toks, len(toks))
            return _before_verb(lead) if lead is not None else None
        return _opening_phrase(text, toks, next((n for n, t in enumerate(toks) if _verbish(t[0])), len(toks)))
    if toks[0][0].islower() and toks[0][0] not in _DETS:  # "… said X", "… opined the paper": after the verb
        toks = toks[1:]
    end = next((n for n, t in enumerate(toks) if _verbish(t[0]) or _full_stop(toks, n)), len(toks))
    if toks and toks[0][0][:1].isupper():  # a name ends at its first lower-case word: "Mr. Smith shot back"
        end = next((n for n, t in enumerate(toks[:end]) if t[0].islower() and t[0] not in _NAME_GLUE), end)
    while end and toks[end - 1][0].lower() in _NAME_GLUE | _DETS:  # "One of the" -> "One"
        end -= 1
    if end == 1 and toks[0][0].lower() in _DETS:  # a lone determiner is no source
        return None
    return _opening_phrase(text, toks, end, strict=False) if end else None


def _full_stop(toks: list[tuple[str, int, int]], n: int) -> bool:
    """Is toks[n] a full stop, not the point of an abbreviation (`Mr.`, `Sen.`, `J.`)?"""
    if toks[n][0] != ".":
        return False
    return n == 0 or not (toks[n - 1][0][:1].isupper() and len(toks[n - 1][0]) <= 4)


_NAME_GLUE = NAME_GLUE


def _before_verb(lead: _Lead) -> _Lead:
    """The phrase cut before its first verb-like word after the first (`Rep. Cole reacted` -> `Rep. Cole`)."""
    cut = next((m.start() for k, m in enumerate(TOKEN.finditer(lead.text)) if k and _verbish(m.group(0))), None)
    return lead if cut is None else _Lead(lead.text[:cut].rstrip(), lead.start, lead.pronoun)


def _verbish(w: str) -> bool:
    """A lower-case word that reads as a reporting verb after its subject (`yelled`, `replies`)."""
    return w.islower() and (w in CUE_LEMMA or len(w) > 3 and w.endswith(("ed", "es", "s")) and w not in _DETS)


def _clause_subject(text: str, s_lo: int, toks: list[tuple[str, int, int]], i: int):  # -> Subject | None
    """`X said, citing …` / `…, X said, adding …`: a participle after a comma reports for the
    subject of the verb before the comma. Changes the speaker text only (the kind, a feature, stays)."""
    if i < 3 or toks[i - 1][0] != "," or not toks[i][0].endswith("ing"):
        return None
    return _subject(text, s_lo, toks[i - 2][1])


def _phrase_after_break(text: str, toks: list[tuple[str, int, int]], i: int) -> _Lead | None:
    """The phrase after the last comma or dash before the cue, up to its verb group."""
    k = max((n for n in range(i) if toks[n][0] in _BREAKS), default=-1)
    if k < 0:
        return None
    sub = toks[k + 1 : i]
    return _opening_phrase(text, sub, len(sub)) if sub else None


_TIME_WORD = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Today|Yesterday|Tomorrow",
    re.I,
)
_PHRASE_STOP = _BE | _AUX | _MODAL | {"also", "who", "whose", "which", "that", "when", "while", "because"}
_PHRASE_BREAK = frozenset(',;:()[]"\u201c\u201d')


def _opening_phrase(text: str, toks: list[tuple[str, int, int]], i: int, strict: bool = True) -> _Lead | None:
    """The phrase that opens the sentence, up to its verb group (at most 8 tokens): the likeliest
    source when no subject is found next to the cue (`The ad from X's campaign, … questions …`).
    It changes only the speaker text, not the candidate's features (the kind stays `none`)."""
    end = 0
    while end < i and end < 8 and toks[end][0] not in _PHRASE_BREAK and toks[end][0].lower() not in _PHRASE_STOP:
        end += 1
    if end == 0 or (strict and not (toks[0][0][:1].isupper() or toks[0][0].lower() in _DETS)):
        return None
    if toks[0][0].lower() in _LEAD_STOP and toks[0][0].lower() not in _DETS:
        return None  # a preposition or conjunction opens it: no subject there
    return _Lead(text[toks[0][1] : toks[end - 1][2]], toks[0][1])


def to_phrase(text: str, toks: list[tuple[str, int, int]], k: int) -> _Lead | None:
    """The phrase from toks[k] up to the next comma or sentence end (at most 12 tokens)."""
    end = k
    while end < len(toks) and end - k < 12 and toks[end][0] not in _PHRASE_BREAK and toks[end][0] != ".":
        end += 1
    if end == k or end - k >= 12:
        return None
    return _Lead(text[toks[k][1] : toks[end - 1][2]], toks[k][1])


_POSSESSIVE = re.compile(r"['\u2019]s$")


def _opens_adjunct(words: list[str]) -> bool:
    """Whether a phrase's words open with a preposition, subordinator or sentence adverb
    (lexicon.NOT_SPEAKER_OPENERS), not with a quantity ("About 4 in 10", "Nearly half")."""
    first = words[0].lower()
    if first not in NOT_SPEAKER_OPENERS:
        return False
    nxt = words[1].lower() if len(words) > 1 else ""
    return not (nxt[:1].isdigit() or nxt in QUANTITY_WORDS)


def names_no_one(text: str, phrase: str, start: int) -> bool:
    """Whether the speaker phrase `phrase` (at text[start]) cannot be a source: it opens with an
    adjunct ("Despite …", "As …", "Overall"), it is a time word ("Tuesday", "Saturday's", "July";
    not "May", a surname too) or the all-capitals dateline opening a wire story ("CITY (AP) \u2014")."""
    words = phrase.split()
    if not words:
        return True
    if _opens_adjunct(words):
        return True
    if len(words) == 1:
        first = _POSSESSIVE.sub("", words[0]).lower()
        if first in TIME_WORDS or (first in MONTHS and first != "may"):
            return True
    return phrase.isupper() and DATELINE.match(text, start) is not None


def _cut_at_verb(lead: _Lead) -> _Lead:
    """The phrase cut before its first auxiliary, modal or past-tense word after the first
    ("the emails have been withheld" -> "the emails", "Obama faced public" -> "Obama")."""
    cut = None
    for k, m in enumerate(TOKEN.finditer(lead.text)):
        w = m.group(0)
        if k and w.islower() and (w in _PHRASE_STOP or (len(w) > 3 and w.endswith("ed"))):
            cut = m.start()
            break
    return lead if cut is None else _Lead(lead.text[:cut].rstrip(), lead.start, lead.pronoun)


def _strip_openers(subj):  # -> subject | _Lead
    """`subj` without its leading conjunctions and adjunct words ("But if the emails show" -> "the
    emails"), cut before its verb group when a word was stripped."""
    text, start = subj.text, subj.start
    while True:
        words = text.split()
        if len(words) < 2 or not (words[0].lower() in LEADING_CONJUNCTIONS or _opens_adjunct(words)):
            break
        rest = text[len(words[0]) :].lstrip()
        start, text = start + len(text) - len(rest), rest
    return subj if start == subj.start else _cut_at_verb(_Lead(text, start))


def _someone(text: str, toks: list[tuple[str, int, int]], i: int, subj):  # -> subject | _Lead | None
    """The source phrase for the cue toks[i] given `subj`, the phrase found for it: `subj` if it can
    be one or it stands right before the cue ("From agreed that": a name); without its leading
    conjunctions and adjunct words ("As the paper's investigative unit reported"); else the phrase
    after the last comma or dash before the cue ("Despite that, the senator says"); else None."""
    if subj is None:
        return subj
    if not text[subj.start + len(subj.text) : toks[i][1]].strip():
        return _past_opening_clause(text, toks, i, subj) if _opens_adjunct(subj.text.split()) else subj
    inner = _strip_openers(subj)
    if not names_no_one(text, inner.text, inner.start):
        return inner
    for alt in (_phrase_after_break(text, toks, i), _after_clause(text, toks, i)):
        if alt is not None and alt.start > subj.start and not names_no_one(text, alt.text, alt.start):
            return alt
    return None


def _past_opening_clause(text: str, toks: list[tuple[str, int, int]], i: int, subj):  # -> subject | _Lead
    """The source when the phrase before the cue toks[i] opens an adverbial clause ("After saying …, X",
    "Despite criticism, X", "As reported by X, …"): the agent after "by", else the name or phrase
    after the clause's comma; else `subj` ("From agreed that": a surname may look like a preposition)."""
    agent = _by_agent(text, toks, i)
    if agent is not None:
        return agent
    k = next((n for n in range(i + 1, len(toks)) if toks[n][0] in (",", ";", ".")), None)
    if k is None or toks[k][0] != ",":
        return subj
    return name_or_phrase(text, toks[k + 1 :]) or subj


def lone_time_word(phrase: str | None) -> bool:
    """Whether a speaker phrase is one time word ("Tuesday", "Sunday's", "July"; not "May")."""
    words = (phrase or "").split()
    if len(words) != 1:
        return False
    first = _POSSESSIVE.sub("", words[0]).lower()
    return first in TIME_WORDS or (first in MONTHS and first != "may")


def name_or_phrase(text: str, toks: list[tuple[str, int, int]]) -> _Lead | None:
    """The subject opening `toks`: a capitalised name up to its first lower-case word
    ("Senator Jo Marsh of Vermont endorsed" -> "Senator Jo Marsh of Vermont"), or a phrase
    opening with a determiner up to a preposition, adverb or verb ("The campaign on Monday …")."""
    if not toks or not (toks[0][0][:1].isupper() or toks[0][0].lower() in _DETS):
        return None
    named = toks[0][0].lower() not in _DETS
    end = 0
    while end < len(toks) and end < 8 and toks[end][0] not in _PHRASE_BREAK and toks[end][0] != ".":
        w = toks[end][0]
        if (
            end
            and w.islower()
            and (named and w not in _NAME_GLUE or w in _PHRASE_STOP or w in _LEAD_STOP or w.endswith("ly"))
        ):
            break
        end += 1
    if end == 0 or toks[0][0].lower() in _DETS and end == 1:
        return None
    lead = _Lead(text[toks[0][1] : toks[end - 1][2]], toks[0][1])
    return None if names_no_one(text, lead.text, lead.start) else _cut_at_verb(lead)


def subject_past_time_word(text: str, s_lo: int, s_hi: int, pos: int, phrase: str) -> _Lead | None:
    """A better source for a rule speaker phrase that is a lone time word at text[pos] in the sentence
    text[s_lo:s_hi] ("On Tuesday, Sanders went further, endorsing …" -> "Sanders"; "Mr. Trump, in an
    interview on Friday, dwelled on …, saying …" -> "Mr. Trump"): the name or phrase after its comma,
    else the one opening the sentence, else None."""
    toks = token_spans(TOKEN, text, s_lo, s_hi)
    k = bisect_left(toks, pos + len(phrase), key=_second)
    if k < len(toks) and toks[k][0] == ",":
        lead = name_or_phrase(text, toks[k + 1 :])
        if lead is not None:
            return lead
    lead = name_or_phrase(text, toks)
    return lead if lead is not None and lead.start < pos else None


def _subject_kind(subj) -> str:
    if subj is None:
        return "none"
    if subj.pronoun:
        return "pron"
    if subj.text[:1].isupper():
        return "cap"
    return "np"


# (features known before the speaker is looked for, side, cue word, content start and end, cue token's
# offset, the speaker kinds still possible) -> can the candidate survive? Lets the run time skip the
# speaker search for hopeless ones.
Gate = Callable[[list[str], str, str, int, int, int, tuple[str, ...]], bool]

# what find_speaker can answer for an `R` candidate, and `_subject_kind` for an `L` one with frame words
R_KINDS: tuple[str, ...] = (
    "pron",
    "cap",
    "np",
    "skip_pron",
    "skip_cap",
    "skip_np",
    "head",
    "lead_pron",
    "lead_cap",
    "none",
)
SUBJ_KINDS: tuple[str, ...] = ("pron", "cap", "np")


@dataclass
class _Sent:
    """One sentence's tokens and what every candidate in it shares."""

    text: str
    s_lo: int
    toks: list[tuple[str, int, int]]
    end: int  # content ends here: before the final punctuation
    lexicon: dict[str, float]
    gate: Gate | None = None
    wc: list[int] = field(default_factory=list)  # wc[k]: word tokens among toks[:k]
    n_end: int = 0  # tokens that start before `end`
    marks: list[int] = field(default_factory=list)  # where the sentence's quotation marks stand

    def __post_init__(self) -> None:
        # (bools summed from the int 0 are ints: 0, 1, 2, ...; a list comprehension, not a generator, feeds it)
        self.wc = list(accumulate([t[0][0].isalnum() for t in self.toks], initial=0))
        self.n_end = bisect_left(self.toks, self.end, key=_second)  # tokens are in text order

    def quoted(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] (inside the sentence) holds a quotation mark: a look-up, not a copy of the
        words for each cue (n**2 in a sentence of thousands of cue words)."""
        return _holds_mark(self.marks, lo, hi)


def _participle(low: str) -> bool:
    """Whether a lower-case cue form reads as a past participle ("expected", "known", "said"), not as
    a present participle or an adjective ("seeking", "eager", "quick")."""
    if low.endswith(("ed", "en")):
        return True
    lemma = CUE_LEMMA.get(low)
    return lemma is not None and lemma != low and not low.endswith(("ing", "s"))


def _by_agent(text: str, toks: list[tuple[str, int, int]], i: int) -> _Lead | None:
    """The agent of a passive cue toks[i]: the phrase after "by" within the next 8 tokens, up to a
    comma, a preposition or conjunction (not "of") or a verb group, at most 12 tokens; or None."""
    for k in range(i + 1, min(len(toks) - 1, i + 9)):
        w = toks[k][0]
        if w in ".;:,":
            return None
        if w.lower() == "by":
            end = k + 1  # to a comma, a preposition or conjunction but "of", or a verb group
            while end < len(toks) and end - k <= 12 and toks[end][0] not in _PHRASE_BREAK and toks[end][0] != ".":
                low = toks[end][0].lower()
                if end > k + 1 and (low in _PHRASE_STOP or low in _LEAD_STOP and low not in _DETS and low != "of"):
                    break
                end += 1
            if end == k + 1 or toks[k + 1][0][:1].isdigit():
                return None
            return _Lead(text[toks[k + 1][1] : toks[end - 1][2]], toks[k + 1][1])
    return None


def _clause_end(sn: _Sent, lo: int) -> tuple[int, int]:
    """Where a content opening at `lo` ends: at a new clause outside quotation marks, else at the
    sentence's content end; and the number of tokens before that end. Unlike the rules, every
    `NEW_CLAUSE` match counts, lists included: gating it with `clauses.joins_clauses` here was
    measured and lost (cross-validated F1 0.7531 -> 0.7524; named-speaker accuracy on dev 0.909 ->
    0.904)."""
    m = NEW_CLAUSE.search(sn.text, lo, sn.end)
    while m is not None:
        marks = sum(map(sn.text.count, QUOTE_MARKS, repeat(lo), repeat(m.start())))
        if not marks % 2:
            return m.start(), bisect_left(sn.toks, m.start(), key=_second)
        m = NEW_CLAUSE.search(sn.text, m.end(), sn.end)
    return sn.end, sn.n_end


def _opening_phrase_end(sn: _Sent, j: int, end: int, k_end: int) -> tuple[int, int]:
    """Where a content from token j ends when its cue opens the sentence as a participle ("Asked
    whether he would go back, Ferriday laughed"): at the first comma outside quotation marks, which
    closes the participle phrase (PolNeAR's annotators end the question there); else (end, k_end)."""
    toks, lo = sn.toks, sn.toks[j][1]
    for k in range(j + 1, k_end):
        if toks[k][0] != ",":
            continue
        inside = sum(map(sn.text.count, QUOTE_MARKS, repeat(lo), repeat(toks[k][1]))) % 2
        if not inside:
            return toks[k][1], k
        if k + 1 < k_end and toks[k + 1][0] in QUOTE_MARKS:
            return toks[k + 1][2], k + 2  # 'Asked whether she "has the integrity to serve,"': the quotation closes it
    return end, k_end


def _right(sn: _Sent, i: int, base: list[str], low: str, nxt: str) -> Candidate | None:
    """`X said (that) CONTENT`: the content runs from after the cue (and `that`) to the sentence end."""
    toks, n = sn.toks, len(sn.toks)
    j = i + 1
    that_at = -1
    for k in range(i + 1, min(n, i + 6)):
        if toks[k][0].lower() == "that":
            that_at = k
            break
        if toks[k][0] in ".;:" or toks[k][0].lower() in sn.lexicon:
            break
    if that_at >= 0:
        j = that_at + 1
    while j < n and toks[j][0] in (",", ":", "\u2014", "-", "\u2013"):
        j += 1
    if j >= sn.n_end:
        return None
    end, k_end = _clause_end(sn, toks[j][1])
    if i == 0 and low.endswith("ed") and toks[i][0][:1].isupper():
        end, k_end = _opening_phrase_end(sn, j, end, k_end)
    nw = sn.wc[k_end] - sn.wc[j]
    if nw < MIN_WORDS:
        return None
    quoted = sn.quoted(toks[j][1], end)
    mid = [
        "cut=" + str(end < sn.end),
        "that=" + str(that_at >= 0),
        "gap=" + _bucket(j - i - 1, (0, 1, 2, 4)),
        "len=" + _bucket(nw, (4, 8, 15, 25, 40)),
        "cq=" + str(quoted),
        "first=" + toks[j][0].lower(),
        "R|w=" + low,
        "R|w|that=" + low + "|" + str(that_at >= 0),
    ]
    if toks[j][0].lower() == "of":
        # "criticism of X": the content is a noun phrase; a finite verb in it ("criticism of the mayor
        # and raised doubts about …") says it ran on into the sentence's own clause
        mid.append("of|fv=" + str(has_finite_verb(sn.text[toks[j][1] : end])))
    last = "R|w|next=" + low + "|" + nxt
    passive = i > 0 and toks[i - 1][0].lower() in _BE and nxt == "to"
    if sn.gate is not None and not sn.gate(
        base + ["side=R", last] + mid, "R", low, toks[j][1], end, toks[i][1], ("passive",) if passive else R_KINDS
    ):
        return None  # cannot reach the threshold whatever the speaker: skip finding it
    subj, sk = (None, "passive") if passive else find_speaker(sn.text, sn.s_lo, toks, i)
    if passive and not _participle(low):  # "X is expected to …" names no source, "X is eager to …" does
        subj = find_speaker(sn.text, sn.s_lo, toks, i)[0]  # (the speaker only: the kind, a feature, stays)
    if i > 0 and toks[i - 1][0].lower() in _BE and _participle(low):
        # "X has been rebuked by opponents for …": the agent is the source, not the subject
        # and no agent, the subject received the words ("he was asked about …"), except where the
        # participle is its state of mind ("we are convinced …") or quotes it ("was quoted as saying")
        subj = _by_agent(sn.text, toks, i) or (subj if low in _SUBJECT_HOLDS else None)
    if low == "according" and nxt == "to":  # "according to X, …": X is the source (the text only; sk stays)
        subj = to_phrase(sn.text, toks, i + 2) or subj
    subj = _someone(sn.text, toks, i, subj)
    c = Candidate(toks[j][1], end, toks[i][0], toks[i][1], "R")
    if subj is not None:
        c.speaker_text, c.speaker_pos = subj.text, subj.start
    c.quoted = quoted
    c.feats = base + ["side=R", "subj=" + sk] + mid + ["R|w|subj=" + low + "|" + sk, last]
    return c


def _left(sn: _Sent, i: int, base: list[str], low: str) -> Candidate | None:
    """`CONTENT, X said.` / `CONTENT, said X.`: the content runs from the sentence start to the comma."""
    toks = sn.toks
    comma = -1
    for k in range(i - 1, max(-1, i - 8), -1):
        if toks[k][0] in (",", "\u2014"):
            comma = k
            break
        if toks[k][0] in ".;:":
            break
    if comma < 1:
        return None
    nw = sn.wc[comma]
    if nw < MIN_WORDS:
        return None
    after = toks[i + 1 : sn.n_end]
    frame_words = i - comma - 1
    tail = len(after)
    quoted = sn.quoted(toks[0][1], toks[comma][1])
    head = [
        "fw=" + _bucket(frame_words, (0, 1, 2, 3, 5)),
        "tail=" + _bucket(tail, (0, 1, 2, 3, 5, 8)),
        "len=" + _bucket(nw, (4, 8, 15, 25, 40)),
        "cq=" + str(quoted),
        "L|w=" + low,
    ]
    last = "L|w|tail=" + low + "|" + _bucket(tail, (0, 2, 5))
    # the cheap reasons to give up, before the gate (the order of the checks does not change the answer)
    kinds: tuple[str, ...]
    if frame_words:
        if tail > 6 or (after and after[0][0].lower() in ("that", "to")):
            return None
        kinds = SUBJ_KINDS
    else:
        if not after or len(after) > 8 or not (after[0][0][:1].isupper() or after[0][0].lower() in _DETS):
            return None
        kinds = ("after_cap",) if after[0][0][:1].isupper() else ("after",)
    if sn.gate is not None and not sn.gate(
        base + ["side=L", last] + head, "L", low, toks[0][1], toks[comma][1], toks[i][1], kinds
    ):
        return None
    spk: tuple[str | None, int | None] = (None, None)
    if frame_words:  # "…, X said (on Monday)."
        subj = _subject(sn.text, toks[comma][2], toks[i][1])
        if subj is None:
            return None
        sk = _subject_kind(subj)
        spk = (subj.text, subj.start)
    else:  # "…, said X (, a spokesman)."
        spk = (sn.text[after[0][1] : after[-1][2]], after[0][1])
        sk = "after_cap" if after[0][0][:1].isupper() else "after"
    c = Candidate(toks[0][1], toks[comma][1], toks[i][0], toks[i][1], "L", spk[0], spk[1])
    c.quoted = quoted
    c.feats = base + ["side=L", "subj=" + sk] + head + ["L|w|subj=" + low + "|" + sk, last]
    return c


def _content_end(text: str, s_lo: int, s_hi: int, local_q: list[tuple[int, int]]) -> int:
    end = s_hi
    while end > s_lo and (text[end - 1] in ".!?\u2026 \n\t" or text[end - 1] in QUOTE_MARKS):
        if text[end - 1] in QUOTE_MARKS and _in_spans(local_q, end - 2):
            break  # a closing quote belongs to the quoted content
        end -= 1
    return with_abbreviation_stop(text, s_lo, end)


def _base_features(sn: _Sent, i: int, hits: int, sent_quoted: bool, para_first: bool, question: bool) -> list[str]:
    toks = sn.toks
    tok = toks[i][0]
    low = tok.lower()
    prev = toks[i - 1][0].lower() if i > 0 else "^"
    prev2 = toks[i - 2][0].lower() if i > 1 else "^"
    nxt = toks[i + 1][0].lower() if i + 1 < len(toks) else "$"
    f = [
        "w=" + low,
        "rate=" + _rate_bucket(sn.lexicon[low]),
        "prev=" + prev,
        "next=" + nxt,
        "pos=" + _bucket(i, (0, 1, 2, 4, 7, 12, 20)),
        "cap=" + str(tok[:1].isupper()),
        "q=" + str(sent_quoted),
        "pf=" + str(para_first),
        "qm=" + str(question),
        "nhit=" + _bucket(hits, (1, 2, 3)),
        "w|prev=" + low + "|" + prev,
    ]
    if prev in _MODAL:
        f.append("modal")
    if prev in _AUX or prev2 in _AUX:
        f.append("aux")
    if prev in _NEG or prev2 in _NEG:
        f.append("neg")
    return f


# (lower-cased cue word, its offset) -> is it already accounted for (the rules attributed with it)?
Skip = Callable[[str, int], bool]


def _trie(words: list[str]) -> str:
    """One regex alternative for a set of words, shared prefixes factored out (so `re` prunes early)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


_PATTERNS: dict[int, tuple[dict[str, float], str, frozenset[str], re.Pattern[str]]] = {}


def _patterns(lexicon: dict[str, float]) -> tuple[dict[str, float], str, frozenset[str], re.Pattern[str]]:
    """The lexicon, the source of its case-insensitive cue regex (compiled only when asked for: a run
    needs it for a text holding U+0130 only, and compiling it costs every run about 6 ms), its glue
    characters and its lower-case cue regex (built once)."""
    got = _PATTERNS.get(id(lexicon))
    if got is None or got[0] is not lexicon:
        trie = _trie(sorted(lexicon))
        glue = frozenset(ch for w in lexicon for ch in w if not _is_word(ch))
        # Before a form's first letter `\b` is `(?<!\w)`, and the first-letter lookahead lets `re` skip
        # most positions at once: the same matches, in half the time.
        firsts = {w[:1] for w in lexicon}
        start = (
            r"\b(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
            if all(map(_is_word, firsts))
            else r"(?<!\w)"
        )
        low = re.compile(start + _trie(sorted({w.lower() for w in lexicon})) + r"(?!\w)")
        got = _PATTERNS[id(lexicon)] = (lexicon, r"(?<!\w)" + trie + r"(?!\w)", glue, low)
    return got


def _insensitive(lexicon: dict[str, float]) -> re.Pattern[str]:
    """The lexicon's case-insensitive cue regex (compiled on first use; `re` keeps it)."""
    return re.compile(_patterns(lexicon)[1], re.IGNORECASE)


def cue_pattern(lexicon: dict[str, float]) -> tuple[re.Pattern[str], frozenset[str]]:
    """A regex matching (at least) every token whose lower case is a lexicon form: a cheap first pass
    over the document that finds the sentences worth tokenising (the exact test is still
    `tok.lower() in lexicon`), and the characters besides word ones the forms hold (apostrophes)."""
    return _insensitive(lexicon), _patterns(lexicon)[2]


def cue_spans(text: str, lexicon: dict[str, float]) -> list[tuple[int, int, str]]:
    """(start, end, text) of cue-form matches in `text`: every token whose lower case is a lexicon
    form among them (what `cue_pattern` finds, `tests/test_attribution.py` checks it).

    Searched in `text.lower()` by a case-sensitive regex, twice as fast as the case-insensitive
    one: lower() gives every character but one (U+0130) exactly one character and keeps whether
    it is a word character (checked over all of Unicode), so a token stands at the same offsets
    with the same boundaries. A text with that one character takes the case-insensitive way."""
    low_pat = _patterns(lexicon)[3]
    low = text.lower()
    if len(low) != len(text):
        return [(m.start(), m.end(), m.group(0)) for m in _insensitive(lexicon).finditer(text)]
    return [(a, b, text[a:b]) for a, b in (m.span() for m in low_pat.finditer(low))]


def _is_word(ch: str) -> bool:  # what `\w` matches
    return ch.isalnum() or ch == "_"


def _glued(text: str, i: int, glue: frozenset[str]) -> bool:
    """Could a cue form run across offset i (a sentence edge inside a word)?"""
    if i <= 0 or i >= len(text):
        return False
    a, b = text[i - 1], text[i]
    return (_is_word(a) or a in glue) and (_is_word(b) or b in glue)


# words after which an -ed form modifies a noun ("a series of reported clashes", "the proposed rule"): on
# PolNeAR train 8 of 119 such lexicon forms before a lower-case word are gold cues
_MODIFIER_SLOT = frozenset({"of", "the", "a", "an", "his", "her", "their", "its", "our", "my", "your"})


def _modifier(toks: list[tuple[str, int, int]], i: int, low: str) -> bool:
    """Is the cue form toks[i] an -ed adjective between a determiner (or "of") and a lower-case word?"""
    if not low.endswith("ed") or i == 0 or i + 1 >= len(toks) or toks[i - 1][0].lower() not in _MODIFIER_SLOT:
        return False
    nxt = toks[i + 1][0]
    return nxt[:1].isalpha() and nxt.islower()


def sentence_candidates(
    seg: SegmentedDocument,
    lexicon: dict[str, float],
    qspans: list[tuple[int, int]],
    s_lo: int,
    s_hi: int,
    para_first: bool,
    gate: Gate | None = None,
    skip: Skip | None = None,
) -> list[Candidate]:
    """Every candidate of one sentence text[s_lo:s_hi] (none for cue words `skip` says are taken)."""
    text = seg.text
    sent = text[s_lo:s_hi]
    toks = token_spans(TOKEN, text, s_lo, s_hi)  # (no anchors: as on `sent`)
    hits = [i for i, t in enumerate(toks) if t[0].lower() in lexicon]
    if not hits:
        return []
    # the quotations that overlap the sentence (in text order, not overlapping: their ends are sorted too)
    local_q = qspans[bisect_right(qspans, s_lo, key=_second) : bisect_left(qspans, s_hi, key=_first)]
    sent_quoted = not QUOTE_MARKS.isdisjoint(sent)
    sn = _Sent(text, s_lo, toks, _content_end(text, s_lo, s_hi, local_q), lexicon, gate)
    if sent_quoted:
        sn.marks = [s_lo + k for k, ch in enumerate(sent) if ch in QUOTE_MARKS]
    question = sent.rstrip(' "\u201d').endswith("?")
    out: list[Candidate] = []
    for i in hits:
        if _in_spans(local_q, toks[i][1]):
            continue
        if skip is not None and skip(toks[i][0].lower(), toks[i][1]):
            continue
        low = toks[i][0].lower()
        nxt = toks[i + 1][0].lower() if i + 1 < len(toks) else "$"
        if _modifier(toks, i, low):
            continue
        base = _base_features(sn, i, len(hits), sent_quoted, para_first, question)
        for c in (_right(sn, i, base, low, nxt), _left(sn, i, base, low)):
            if c is not None:
                out.append(c)
    return out


# captions, credits and sign-up lines: no statements there (the rules drop theirs too)
_FURNITURE_WORDS = ("media playback", "caption", "copyright", "picture:", "photo:", "image:", "getty images")
_FURNITURE_ALL = _FURNITURE_WORDS + ("click here", "sign up", "read more")
_FURNITURE = re.compile(r"\b" + _trie(sorted(_FURNITURE_ALL)), re.I)


def _furniture_marks(text: str) -> list[int]:
    """Where `_FURNITURE` matches. Most articles hold none of its words: a substring test of the
    lower-cased text says so without the case-insensitive regex scan (a re.I match is its word in
    lower case there, but for the two letters lower() keeps and re.I folds, and U+0130)."""
    low = text.lower()
    if lower_searchable(text, low) and not any(w in low for w in _FURNITURE_ALL):
        return []
    return [m.start() for m in _FURNITURE.finditer(text)]


def _holds_mark(marks: list[int], lo: int, hi: int) -> bool:
    """Whether a sorted offset of `marks` falls in [lo, hi)."""
    i = bisect_left(marks, lo)
    return i < len(marks) and marks[i] < hi


def _headline(seg: SegmentedDocument) -> int:
    """End of a first paragraph that is a headline (short, no closing full stop), else -1."""
    if len(seg.paragraphs) < 2:
        return -1
    p = seg.paragraphs[0]
    par = seg.text[p.start : p.end].rstrip()
    if len(par.split()) <= 30 and not re.search(r"[.!?][\"\u201d\u2019']?$", par):
        return p.end
    return -1


def document_candidates(
    seg: SegmentedDocument, lexicon: dict[str, float], gate: Gate | None = None, skip: Skip | None = None
) -> list[Candidate]:
    """Candidates of every sentence of a document, in text order.

    A sentence is tokenised only when the lexicon's regex finds a cue form in it that is neither
    inside a quotation nor one `skip` rules out: the others cannot give a candidate."""
    text = seg.text
    glue = _patterns(lexicon)[2]
    found = cue_spans(text, lexicon)
    if not found:
        return []
    starts = [f[0] for f in found]
    qspans = [(q.inner_start, q.inner_end) for q in seg.quotes]
    para_starts = {p.start for p in seg.paragraphs}
    head_end = _headline(seg)
    marks = _furniture_marks(text)  # one scan, then the paragraphs holding a mark
    furniture = [(p.start, p.end) for p in seg.paragraphs if _holds_mark(marks, p.start, p.end)] if marks else []
    out: list[Candidate] = []
    for s in seg.sentences:
        if s.start < head_end or _in_spans(furniture, s.start):
            continue
        lo, hi = s.start, s.end
        if not (_glued(text, lo, glue) or _glued(text, hi, glue)):
            # the sentence's hits are among the document's matches (none runs across its edges)
            mine = found[bisect_left(starts, lo) : bisect_left(starts, hi)]
            if all(
                e <= hi and (_in_sorted_spans(qspans, b) or (skip is not None and skip(w.lower(), b)))
                for b, e, w in mine
            ):
                continue  # no cue form, or every one quoted or already the rules'
        out.extend(sentence_candidates(seg, lexicon, qspans, lo, hi, lo in para_starts, gate, skip))
    return out
