"""The rule-based extractor: deterministic, offline, pure Python.

Three passes over a segmented document:

1. direct quotes: every quotation that stands as a statement of its own (at
   the start of a sentence or after a colon/cue), attributed from the frame
   after it (`"…," X said`, `"…," said X`) or before it (`X said: "…"`), from
   the rest of a multi-paragraph quotation, or from the quote just before;
2. indirect speech: `X said (that) …`, `X says he is going to …`,
   `…, X said.`, `According to X, …`, beliefs and intentions (`X believes`,
   `X plans to`), with quotations inside making it "mixed";
3. nested attributions inside quotations (`The Home Secretary categorically
   denied …`, `It has been alleged that …`), and denials with the statement
   they deny when both are in the text.

Speakers come out as surface phrases (`he`, `Sir Philip`, `the Home
Secretary`); the resolve-speakers stage maps them to names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lexicon import (
    BARE_CLAUSE,
    CUE_LEMMA,
    DENIAL_LEMMAS,
    DENIAL_PATTERNS,
    NEEDS_AS,
    NOT_NAME,
    NP_OBJECT_LEMMA,
    PHRASAL_LEMMA,
    ROLE_HEADS,
    SUBJECT_PRONOUNS,
    TAKES_OBJECT,
    TO_CLAUSE,
)
from ..models import ExtractedMention, QuoteSpan, SegmentedDocument, Speaker
from .base import Extractor

VERSION = "1.0"

_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w'\u2019.&\u0300-\u036f-]*|[,;:()\u2014\u2013\"\u201c\u201d]|-{1,2}")
_DENIAL_RE = re.compile("|".join(DENIAL_PATTERNS), re.I)
# Every DENIAL_PATTERNS alternative contains one of these (lower-cased): most sentences
# contain none, and a substring test is far cheaper than the case-insensitive alternation.
# (tests/backends/test_rules_patterns.py checks that each pattern needs one of them.)
_DENIAL_HINTS = (
    "false",
    "true",
    "truth",
    "wrong",
    "baseless",
    "unfounded",
    "without",
    "deny",
    "deni",
    "categorically den",
    "flatly den",
    "reject",
    "refut",
    "dismiss",
    "fake news",
    "nonsense",
    "ridiculous",
    "absurd",
    "lie",
    "rubbish",
    "believe",
    "refus",
    "never",
    "nothing to do",
    "involvement",
    "fake",
    "fiction",
)


def _has_denial(s: str) -> bool:
    low = s.lower()
    return any(h in low for h in _DENIAL_HINTS) and _DENIAL_RE.search(s) is not None


_AUX = {
    "both",
    "has",
    "have",
    "had",
    "is",
    "was",
    "were",
    "are",
    "also",
    "later",
    "previously",
    "reportedly",
    "then",
    "again",
    "repeatedly",
    "once",
    "earlier",
    "recently",
    "publicly",
    "privately",
    "further",
    "still",
    "even",
    "already",
    "would",
    "will",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "did",
    "does",
    "do",
    "been",
    "being",
    "just",
    "often",
    "always",
    "first",
    "allegedly",
    "apparently",
    "initially",
    "subsequently",
    "separately",
    "simply",
    "flatly",
    "categorically",
    "strongly",
    "firmly",
    "vehemently",
    "angrily",
    "quietly",
    "openly",
    "explicitly",
    "specifically",
    "frequently",
    "consistently",
    "tearfully",
    "told",
    "only",
    "herself",
    "himself",
    "themselves",
}
_NEG = {"not", "never", "n't", "didn't", "doesn't", "don't", "hasn't", "haven't", "wouldn't", "won't", "nor"}
_STOP = {
    "there",
    "here",
    "that",
    "and",
    "but",
    "or",
    "which",
    "when",
    "if",
    "because",
    "as",
    "after",
    "while",
    "to",
    "in",
    "on",
    "is",
    "was",
    "has",
    "had",
    "have",
    "be",
    "been",
    "it",
    "what",
    "where",
    "why",
    "how",
    "than",
    "so",
    "about",
    "by",
    "into",
    "before",
    "since",
    "until",
    "whether",
    "said",
    "says",
    "told",
    "also",
    "then",
    "not",
    "with",
    "without",
    "under",
    "over",
    "through",
    "during",
    "between",
    "against",
    "among",
    "like",
}
_DETS = {
    "the",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "several",
    "some",
    "many",
    "other",
    "another",
    "his",
    "her",
    "their",
    "its",
    "our",
    "most",
    "both",
    "these",
    "those",
    "this",
    "more",
    "few",
}
_CONNECT = {"for", "of", "at", "from", "close", "familiar", "with", "to", "in"}
_STOP_NOT_CONNECT = _STOP - _CONNECT
_NOT_NAME_BUT_TITLES = NOT_NAME - {"mr", "mrs", "ms", "dr", "sir"}
_NP_OK_LEMMAS = {"say", "tell"} | DENIAL_LEMMAS  # may take a bare noun phrase ("denied any involvement")
_SENT_START_WORDS = {
    "in",
    "on",
    "at",
    "but",
    "and",
    "so",
    "yet",
    "however",
    "meanwhile",
    "reacting",
    "responding",
    "speaking",
    "writing",
    "asked",
    "last",
    "earlier",
    "later",
    "after",
    "before",
    "when",
    "while",
    "still",
    "instead",
    "now",
    "then",
    "also",
    "separately",
    "previously",
    "today",
    "yesterday",
}


@dataclass
class Draft:
    start: int  # content offsets in the source
    end: int
    speaker_text: str | None
    speaker_pos: int | None
    cue: str | None
    quote_type: str
    confidence: float
    role: str | None = None
    kind: str = "unknown"
    polarity: str = "assertion"
    denies: list[int] = field(default_factory=list)
    nested_in: int | None = None
    anaphoric: bool = False
    absorbs: bool = False  # a mixed clause extended over a quotation pass 1 also found


class RuleExtractor(Extractor):
    """Deterministic, offline extractor built on quotation marks, cue verbs and speaker phrases."""

    name = "rules"
    version = VERSION
    deterministic = True

    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]:
        return extract_rules(seg)


# --------------------------------------------------------------- helpers
def _tokens(text: str, base: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), base + m.start(), base + m.end()) for m in _TOKEN.finditer(text)]


def _cap(tok: str) -> bool:
    return tok[:1].isupper()


def _lemma(tok: str) -> str | None:
    return CUE_LEMMA.get(tok.lower())


def _strip_possessive(tok: str) -> str:
    return re.sub(r"['\u2019]s?$", "", tok)


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
_RELATIVE_END = re.compile(
    r"(?:,\s+\d{1,3})?,\s+(?:who|whose|[a-z]{3,}ing)\s[^,;:.!?\"\u201c\u201d]{3,120},\s*$|,\s+\d{1,3},?\s*$"
)
_TIME_ADJUNCT_END = re.compile(
    r"\s(?:in|on|at|during|since|by|earlier|later|last|this|next)\s+(?:\d{4}|(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)\w*\.?(?:\s+\d{1,2})?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|week|month|year|the past|a (?:statement|speech|letter|tweet|post|interview)|an interview|(?:his|her|their) (?:statement|speech|letter|tweet|remarks)|this (?:week|month|year)|Twitter|Facebook)(?:\s+(?:night|morning|afternoon|evening))?,?\s*$"
)
_CATENATIVE_END = re.compile(
    r"\s(?:went|goes|go|going|has gone|had gone) on to\s*$|\s(?:continued|proceeded|was quick|were quick|declined|refused|was keen|appeared|seemed|wanted|tried) to\s*$"
)


def find_subject(text: str, lo: int, hi: int) -> Subject | None:
    """The speaker phrase that ends right before `hi` (a cue verb), not reaching before `lo`."""
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
        if found is not None:
            return found
    m = _CATENATIVE_END.search(text, tail, hi)
    if m:
        hi = m.start()
    toks = _tokens(text[lo:hi], lo)
    i = len(toks) - 1
    while i >= 0 and (
        toks[i][0].lower() in _AUX
        or toks[i][0] in ('"', "\u201c", "\u201d")
        or (toks[i][0].lower().endswith("ly") and toks[i][0].islower() and len(toks[i][0]) > 4)
    ):
        if toks[i][0].lower() in _NEG:
            return None
        i -= 1
    if i >= 0 and toks[i][0].lower() in _NEG:
        return None
    if i < 0:
        return None
    tok, s, e = toks[i]
    low = tok.lower()
    cm = re.match(r"^(i|we|they|you|he|she)['\u2019](?:ve|d|ll|re|m|s)$", low)
    if cm:  # "I've suggested", "they'd said"
        return Subject(tok[: len(cm.group(1))], s, s + len(cm.group(1)), pronoun=True)
    if low in SUBJECT_PRONOUNS:
        if low == "who" and i >= 2 and toks[i - 1][0] == ",":
            return find_subject(text, lo, toks[i - 1][1]) and _np_before(text, toks, i - 2)
        if low == "who":
            ante = _np_before(text, toks, i - 1)
            if ante is None and i >= 2 and toks[i - 2][0].lower() in {"a", "an", "the", "one"}:
                return Subject(text[toks[i - 2][1] : toks[i - 1][2]], toks[i - 2][1], toks[i - 1][2])
            return ante
        return Subject(tok, s, e, pronoun=True)
    if tok in (",", "\u2014", "\u2013", "--", "-", ")"):
        # Appositive: "Dave Penman, general secretary of the FDA, said"
        closer = tok
        opener = {",": ",", ")": "(", "\u2014": "\u2014", "\u2013": "\u2013", "--": "--", "-": "-"}[closer]
        j = i - 1
        while j >= 0 and i - j <= 30 and toks[j][0] != opener and not (closer == "," and toks[j][0] in ";:"):
            j -= 1
        if j > 0 and toks[j][0] == opener and toks[j - 1][0] in (",", "\u2014", "\u2013", "--", "-") and opener != ",":
            # an aside inside an appositive: "X, general secretary of the FDA - the union - said"
            return find_subject(text, lo, toks[j][1])
        if j > 0 and toks[j][0] == opener:
            role_end = toks[i][1]
            subj = _np_before(text, toks, j - 1)
            if subj and not subj.pronoun and not (_cap(subj.text) or subj.text.split()[0].lower() in _DETS):
                # "Dave Penman, general secretary of the FDA - the union - said": the NP before
                # the aside is itself an appositive; the name is before its comma.
                k = max(x for x in range(j) if toks[x][1] < subj.start) if subj.start > toks[0][1] else -1
                if k >= 1 and toks[k][0] == ",":
                    role_end = toks[j][1]
                    j = k
                    subj = _np_before(text, toks, k - 1)
            if subj and not subj.pronoun and (_cap(subj.text) or subj.text.split()[0].lower() in _DETS):
                role = text[toks[j][2] : role_end].strip(" ,\u2014-")
                if (
                    role
                    and _NAME_TAIL.fullmatch(role)
                    and not _NAME_TAIL.fullmatch(subj.text)
                    and _ROLE_FIRST.search(subj.text)
                ):
                    # "Labour's shadow home secretary, Nick Thomas-Symonds, said": the role comes first
                    name_at = text.index(role, toks[j][2])
                    return Subject(role, name_at, name_at + len(role), role=subj.text)
                if role and not _looks_clause(role):
                    subj.role = subj.role or role
                    return subj
                if re.match(r"(?:who|whose)\b", role):
                    return subj  # "Smith - who has denied wrongdoing - said"
        return None
    return _np_before(text, toks, i)


def _looks_clause(s: str) -> bool:
    return bool(re.search(r"\b(?:said|says|told|is|was|were|are|has|had|have|will|would)\b", s))


_AGENTIVE = re.compile(r"^[a-z]{3,}(?:ists?|ers?|ors?|ians?|ants?|ents?|ives?|ees?)$")
_NOT_AGENTIVE = {
    "others",
    "matters",
    "numbers",
    "orders",
    "letters",
    "papers",
    "centers",
    "years",
    "hours",
    "powers",
    "months",
    "events",
    "comments",
    "statements",
    "documents",
    "reports",
    "points",
    "amounts",
    "payments",
    "interests",
    "costs",
    "rates",
    "plans",
}


def _is_head_noun(low: str) -> bool:
    """A common noun that can head a speaker phrase ('officials', 'an architect', 'environmentalists')."""
    base = _strip_possessive(low)
    if base in ROLE_HEADS or (base.endswith("s") and base[:-1] in ROLE_HEADS):
        return True
    return bool(_AGENTIVE.match(base)) and base not in _NOT_AGENTIVE


def _np_before(text: str, toks: list[tuple[str, int, int]], i: int) -> Subject | None:
    """A noun phrase (name, role phrase, pronoun) ending at token i."""
    if i < 0:
        return None
    tok, s, e = toks[i]
    low = tok.lower()
    if low in SUBJECT_PRONOUNS and low != "who":
        return Subject(tok, s, e, pronoun=True)
    head_ok = _cap(tok) or _is_head_noun(low)
    if not head_ok and (low in {"him", "her", "them"} or not (low in _STOP or low in _AUX)):
        # "Those close to him", "officials from both parties": the head sits before a preposition
        for k in range(i - 1, max(-1, i - 5), -1):
            tk = toks[k][0].lower()
            if tk in (",", ";", ":") or tk in _STOP_NOT_CONNECT:
                break
            if tk in _CONNECT and k >= 1:
                inner = _np_before(text, toks, k - 1)
                if inner is not None and not inner.pronoun:
                    return (
                        _split_role(text[inner.start : e], inner.start)
                        if _cap(inner.text)
                        else Subject(text[inner.start : e], inner.start, e)
                    )
                if k >= 1 and toks[k - 1][0].lower() in {"those", "close", "familiar"}:
                    start = toks[k - 1][1] if toks[k - 1][0].lower() == "those" else toks[max(0, k - 2)][1]
                    return Subject(text[start:e], start, e)
                break
        return None
    if low in _STOP or low in _DETS:
        return None
    j = i
    lowercase_run = 0
    while j - 1 >= 0:
        t = toks[j - 1][0]
        tl = t.lower()
        if t in (",", ";", ":", "(", ")", "\u2014", "--", '"', "\u201c", "\u201d") or tl in _NEG:
            break
        if tl in _DETS:
            j -= 1
            # "a spokesman for the Home Office": carry on through the connector
            if (
                j - 2 >= 0
                and toks[j - 1][0].lower() in _CONNECT
                and (
                    _strip_possessive(toks[j - 2][0].lower()) in ROLE_HEADS
                    or toks[j - 2][0].lower() in {"close", "familiar", "loyal", "near"}  # "sources close to the …"
                    or toks[j - 1][0].lower() in {"of", "for", "at", "from"}
                    and _cap(toks[j - 2][0])
                )
            ):
                j -= 2
                continue
            break
        if tl in _CONNECT:
            if j - 1 >= 1 and (
                _strip_possessive(toks[j - 2][0].lower()) in ROLE_HEADS
                or toks[j - 2][0].lower() in {"close", "familiar"}
            ):
                j -= 1
                continue
            if tl in {"of", "for"} and j - 2 >= 0 and _cap(toks[j - 2][0]):
                j -= 1  # "Secretary of State John Kerry"
                continue
            break
        if (
            tl == "and"
            and j - 2 >= 0
            and _cap(toks[j - 2][0])
            and _cap(toks[j][0])
            and toks[j - 2][0].lower() not in _SENT_START_WORDS
        ):
            j -= 1  # "Smith and Jones said": both speak
            continue
        if tl in _STOP or tl in _AUX:
            break
        if _cap(t):
            if tl in _SENT_START_WORDS and (j - 1 == 0 or toks[j - 2][0] in (",", ":", '"', "\u201c")):
                break
            j -= 1
            lowercase_run = 0
            continue
        if t[0].isdigit():
            break
        lowercase_run += 1
        if lowercase_run > 3 or CUE_LEMMA.get(tl):
            break
        j -= 1
    while j <= i and (toks[j][0].lower() in _SENT_START_WORDS or toks[j][0].lower() in _CONNECT):
        j += 1
    if j > i:
        return None
    words = [t[0] for t in toks[j : i + 1]]
    if not any(_cap(w) and w.lower() not in NOT_NAME for w in words) and not any(
        _is_head_noun(w.lower()) for w in words
    ):
        if not any(_cap(w) for w in words):
            return None
    start, end = toks[j][1], toks[i][2]
    phrase = text[start:end]
    return _split_role(phrase, start)


_NAME_TAIL = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof|Rev|Sen|Rep|Gov|Gen)\.?\s+)?"
    r"[A-Z][\w'\u2019.-]*(?:\s+(?:de|van|von|der|da|bin|al)?\s*[A-Z][\w'\u2019.-]*){0,3}$"
)


_HONORIFIC = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev"}


def _split_role(phrase: str, start: int) -> Subject:
    """'home secretary Priti Patel' -> Subject('Priti Patel', role='home secretary')."""
    words = [(w.group(0), w.start()) for w in re.finditer(r"\S+", phrase)]
    if not words:
        return Subject(phrase, start, start + len(phrase))
    if re.fullmatch(
        r"[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*\s+and\s+[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*", phrase
    ) and not any(w.lower() in ROLE_HEADS or w.lower() in NOT_NAME - {"and"} for w, _ in words):
        return Subject(phrase, start, start + len(phrase))  # "Smith and Jones": two names, no role
    m = _NAME_TAIL.search(phrase)
    if m is not None:
        # the name is the tail match, less capitalised role words at its front
        tail = [(w, o) for w, o in words if o >= m.start()]
        k = 0
        while (
            k < len(tail) - 1
            and (tail[k][0].lower() in ROLE_HEADS or tail[k][0].lower() in NOT_NAME)
            and tail[k][0].lower().rstrip(".") not in _HONORIFIC
        ):
            k += 1
        tail = tail[k:]
        if tail:
            first = tail[0][0].lower().strip(".")
            is_name = first not in NOT_NAME or first in {"mr", "mrs", "ms", "sir", "dame", "lord", "lady", "dr"}
            if tail[0][1] == 0 and k == 0:
                is_name = is_name and words[-1][0].lower() not in ROLE_HEADS
            if is_name and (tail[0][1] > 0 or k > 0 or m.start() == 0):
                off = tail[0][1]
                name = phrase[off : m.end()]
                role = phrase[:off].strip(" ,") or None
                return Subject(name, start + off, start + m.end(), role=role)
    return Subject(phrase, start, start + len(phrase))


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


class _WordMatch:
    """A cue word found in a string (the slice of re.Match that the passes use)."""

    __slots__ = ("_s", "_e", "_w")

    def __init__(self, s: int, e: int, w: str):
        self._s, self._e, self._w = s, e, w

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _n: int = 0) -> str:
        return self._w


def _cues(s: str, pos: int = 0, endpos: int | None = None, lexicon: dict[str, str] = CUE_LEMMA):
    """Yield the cue words of `s` in order. A dictionary lookup per word: a regex alternation
    of a few hundred verb forms is what made this backend slow."""
    for m in _WORD_RE.finditer(s, pos, len(s) if endpos is None else endpos):
        w = m.group(0)
        if w.lower() in lexicon:
            yield _WordMatch(m.start(), m.end(), w)


def _first_cue(s: str, pos: int = 0) -> _WordMatch | None:
    return next(_cues(s, pos), None)


def _ends_with_cue(s: str) -> bool:
    m = re.search(r"([A-Za-z][A-Za-z'\u2019-]*)\s*$", s)
    return bool(m) and m.group(1).lower() in CUE_LEMMA


# ---------------------------------------------------------- the document
_NON_SPACE = re.compile(r"\S")


class _Doc:
    def __init__(self, seg: SegmentedDocument):
        self.seg = seg
        self.text = seg.text
        self.paras = seg.paragraphs
        self.quotes = list(seg.quotes)
        self._pstarts = [p.start for p in self.paras]
        self.sents = seg.sentences
        self._sstarts = [s.start for s in self.sents]
        # quote interiors, for masking cue words that are part of what was said
        self.qspans = [(q.inner_start, q.inner_end) for q in self.quotes]
        self._qstarts = [a for a, _ in self.qspans]

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._pstarts, pos) - 1)

    def _quotes_near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        # Quote pieces are in text order and do not overlap, so a bisect finds the
        # few that can touch [lo, hi): no pass may be quadratic in a long article.
        i = max(0, bisect.bisect_right(self._qstarts, lo) - 1)
        out = []
        while i < len(self.qspans) and self.qspans[i][0] < hi:
            if self.qspans[i][1] > lo:
                out.append(self.qspans[i])
            i += 1
        return out

    def in_quote(self, pos: int) -> bool:
        return bool(self._quotes_near(pos, pos + 1))

    def masked(self, lo: int, hi: int) -> str:
        """text[lo:hi] with quoted material blanked out (same length: non-space -> "x")."""
        near = self._quotes_near(lo, hi)
        if not near:
            return self.text[lo:hi]
        out = []
        pos = lo
        for a, b in near:
            a, b = max(a, pos), min(b, hi)
            if a >= b:
                continue
            out.append(self.text[pos:a])
            out.append(_NON_SPACE.sub("x", self.text[a:b]))
            pos = b
        out.append(self.text[pos:hi])
        return "".join(out)

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence holding `pos`."""
        i = bisect.bisect_right(self._sstarts, pos) - 1
        return self.sents[i].start if i >= 0 else 0

    def sentences_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Sentence spans clipped to [lo, hi)."""
        i = max(0, bisect.bisect_right(self._sstarts, lo) - 1)
        out = []
        while i < len(self.sents) and self.sents[i].start < hi:
            a, b = max(self.sents[i].start, lo), min(self.sents[i].end, hi)
            if b - a > 3:
                out.append((a, b))
            i += 1
        return out


# ------------------------------------------------------------- pass 1
_TRAIL_FRAME = re.compile(
    r"\s*[,\u2014-]?\s*(?P<rest>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|[A-Z])\.|\([^()\"\u201c\u201d]{1,40}\)|[^.!?\"\u201c\u201d]){0,160}?)(?P<end>[.!?]|,(?=\s*[\"\u201c])|$|(?=\s*[\"\u201c]))"
)


def _cue_in(frame_text: str, base: int, text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), base + m.start(), base + m.end()) for m in _cues(frame_text)]


def _attribute_frame(d: _Doc, lo: int, hi: int, trailing: bool) -> tuple[Subject, str, int] | None:
    """Speaker and cue in a short attribution frame text[lo:hi] around a quotation."""
    text = d.text
    frame = text[lo:hi]
    cues = _cue_in(frame, lo, text)
    if not trailing:
        # before a quotation the cue nearest to it introduces it:
        # 'When Clinton noted that …, Trump boasted, "…"'
        cues.reverse()
    for word, s, e in cues:
        lemma = _lemma(word)
        if lemma is None:
            continue
        # "said X" (inverted) — only in a trailing frame right after the quote
        after = text[e:hi]
        if trailing and not text[lo:s].strip(" ,\u2014-"):
            m = re.match(
                r"\s+((?:[A-Za-z][\w'\u2019.-]*\s*){1,6}?)(?:,|\.|$|\s+(?:in|on|at|who|when|after|during|as)\b)", after
            )
            if m:
                cand = m.group(1).strip()
                subj = _np_before(text, _tokens(cand, e + after.index(cand)), len(_tokens(cand, 0)) - 1)
                if subj:
                    return subj, _cue_text(text, s, e, hi), s
            continue
        if word.endswith("ing") and re.search(r",\s*$", text[lo:s]):
            # '…, saying, "…"': the participle's subject is the sentence's
            subj = _leading_subject(text, lo, s)
        else:
            subj = find_subject(text, lo, s)
        if subj is None:
            continue
        return subj, _cue_text(text, s, e, hi), s
    # "He went on: …" / "She continued, …"
    m = re.search(
        r"(?P<who>\b[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*|\b(?:he|she|they))\s+(?P<cue>went on|goes on)\s*[:,]\s*$",
        frame,
    )
    if m and not trailing:
        who = m.group("who")
        subj = Subject(who, lo + m.start("who"), lo + m.end("who"), pronoun=who.lower() in {"he", "she", "they"})
        return subj, m.group("cue"), lo + m.start("cue")
    # "X's statement:" / "his statement in full:" before a quotation
    m = re.search(
        r"(?P<who>\b[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*|\b[Tt]he\s+[a-z]+|\b[Hh]is|\b[Hh]er|\b[Tt]heir)['\u2019]?s?\s+"
        r"(?P<cue>statement|message|letter|tweet|post|words|remarks|comments)\b[^:]{0,30}:?\s*$",
        frame,
    )
    if m and not trailing:
        who = re.sub(r"['\u2019]s$", "", m.group("who"))
        return (
            Subject(
                who, lo + m.start("who"), lo + m.start("who") + len(who), pronoun=who.lower() in {"his", "her", "their"}
            ),
            m.group("cue"),
            lo + m.start("cue"),
        )
    return None


def _cue_text(text: str, s: int, e: int, hi: int) -> str:
    """The cue verb plus a short object that belongs to it ('told the BBC', 'said in a statement')."""
    word = text[s:e]
    rest = text[e:hi]
    m = re.match(
        r"\s+(the\s+[A-Z][\w.'\u2019]*(?:\s+[A-Z][\w.'\u2019]*)*|[A-Z][\w.'\u2019]+(?:\s+[A-Z][\w.'\u2019]+)*|reporters|journalists)",
        rest,
    )
    if _lemma(word) == "tell" and m:
        obj = m.group(1)
        if obj.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", obj):
            obj = obj[:-1]  # the sentence's full stop, not an abbreviation's ("told the U.S.")
        return f"{word} {obj}"
    m = re.match(r"\s+(in a statement|in an interview|in a tweet|on twitter|in a letter)\b", rest, re.I)
    if m:
        return f"{word} {m.group(1)}"
    return word


_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+")


def _last_sentence_end(seg: str) -> re.Match[str] | None:
    """The last sentence end (full stop, closing marks, white space) in `seg`, or None."""
    last = None
    for last in _SENTENCE_END.finditer(seg):  # noqa: B007 - the loop only walks to the last match
        pass
    return last


def _frame_before(d: _Doc, q: QuoteSpan, prev_end: int) -> tuple[int, int]:
    """Bounds of the text between the previous sentence end (or quote) and an opening quote."""
    p = d.paras[q.paragraph]
    lo = max(p.start, prev_end)
    seg = d.text[lo : q.start]
    m = _last_sentence_end(seg)
    if m is not None:
        lo = lo + m.end()
    return lo, q.start


# Verbs of uttering that take the quotation itself as their object, with no comma:
# 'protesters chanted "What curfew?"', 'he has used the phrase "Islamic terrorism"'.
# (Verbs that take a clause, like "said", are left to pass 2, which makes the rest of
# the clause part of a mixed quote.)
_UTTER_BEFORE_QUOTE = re.compile(
    r"\b(?P<cue>(?:chant|shout|yell|scream|whisper|mutter|tweet|type|sing|cr(?:y|ie))(?:s|ed|d|ing)?"
    r"|(?:use[sd]?|using|coin(?:s|ed|ing)?|repeat(?:s|ed|ing)?)\s+the\s+(?:phrase|word|term|slogan|line|expression))"
    r"\s*$"
)


def _verb_then_quote(d: _Doc, lo: int, hi: int) -> tuple[Subject, str, int] | None:
    """Speaker and cue when text[lo:hi] ends with an uttering verb right before a quotation."""
    m = _UTTER_BEFORE_QUOTE.search(d.text, lo, hi)
    if m is None:
        return None
    cue_s = m.start("cue")
    subj = find_subject(d.text, lo, cue_s)
    if subj is None:  # "Trump walked on stage, chanting …", "Protesters marching by chanted …"
        subj = _leading_subject(d.text, lo, cue_s)
    if subj is None:
        return None
    return subj, m.group("cue"), cue_s


def _direct(d: _Doc) -> list[Draft]:
    text = d.text
    out: list[Draft] = []
    quotes = d.quotes
    group_attr: dict[int, tuple[Subject, str, int]] = {}
    pieces_by_group: dict[int, list[int]] = {}
    for k, q in enumerate(quotes):
        pieces_by_group.setdefault(q.group, []).append(k)
    standalone: dict[int, tuple[int, int]] = {}
    frames: dict[int, tuple[Subject, str, int]] = {}
    # find each piece's own frame
    prev_end_in_para: dict[int, int] = {}
    for k, q in enumerate(quotes):
        p = d.paras[q.paragraph]
        lo, hi = _frame_before(d, q, prev_end_in_para.get(q.paragraph, p.start))
        pre = text[lo:hi]
        # a piece cut short by a nested quotation (an excerpt's narration) frames what it contains
        prev_end_in_para[q.paragraph] = q.end if q.closed else q.inner_start
        is_first_in_group = pieces_by_group[q.group][0] == k
        if not q.opened:
            standalone[k] = (q.start, q.end)
        elif not pre.strip():
            standalone[k] = (q.start, q.end)
        elif re.search(r"[:,]\s*$", pre):
            fr = _attribute_frame(d, lo, hi, trailing=False)
            if fr is not None or pre.rstrip().endswith(":"):
                standalone[k] = (q.start, q.end)
                if fr is not None:
                    frames[k] = fr
        elif q.closed and (fr := _verb_then_quote(d, lo, hi)) is not None:
            standalone[k] = (q.start, q.end)
            frames[k] = fr
        if k not in standalone:
            continue
        # trailing frame: after the closing mark, up to the end of the sentence or next quote
        if q.closed:
            nxt = quotes[k + 1].start if k + 1 < len(quotes) and quotes[k + 1].paragraph == q.paragraph else p.end
            m = _TRAIL_FRAME.match(text, q.end, nxt)
            if m and m.group("rest").strip():
                fr = _attribute_frame(d, q.end, q.end + len(m.group(0)), trailing=True)
                if fr is not None:
                    frames[k] = fr
        # "…” ― Sonya Herridge": a dash and a name after the quotation
        if k not in frames and q.closed:
            dm = re.match(
                r"[\s\u00a0]*[\u2015\u2014\u2013-][\s\u00a0]*((?:[A-Z][\w'\u2019.-]*\.?[\s\u00a0]+){0,3}[A-Z][\w'\u2019-]+)",
                text[q.end : q.end + 80],
            )
            if dm:
                ns = q.end + dm.start(1)
                frames[k] = (Subject(dm.group(1), ns, ns + len(dm.group(1))), "\u2015", ns)
        # a statement introduced at the end of the previous paragraph ("Here is his statement in full:")
        if k not in frames and is_first_in_group and q.opened and not pre.strip() and q.paragraph > 0:
            pp = d.paras[q.paragraph - 1]
            if text[pp.start : pp.end].rstrip().endswith(":"):
                lo2 = pp.start
                seg = text[pp.start : pp.end]
                mm = _last_sentence_end(seg)
                if mm is not None:
                    lo2 = pp.start + mm.end()
                fr = _attribute_frame(d, lo2, pp.end, trailing=False)
                if fr is not None:
                    frames[k] = fr
        if k in frames and q.group not in group_attr:
            group_attr[q.group] = frames[k]
    last: Draft | None = None
    last_para = -10
    # A quotation that opens and never closes, not even in a following paragraph, is no
    # statement we can bound: an excerpt's narration (sites quote other outlets' prose
    # with an opening mark per paragraph) or a stray mark.
    never_closed = {g for g, ks in pieces_by_group.items() if not any(quotes[k].closed for k in ks)}
    for k, q in enumerate(quotes):
        if k not in standalone or q.group in never_closed:
            continue
        fr = frames.get(k) or group_attr.get(q.group)
        conf = 0.9 if k in frames else 0.8
        inner = text[q.inner_start : q.inner_end]
        if fr is None and last is not None and q.paragraph - last_para <= 1:
            subj_text, subj_pos, cue = last.speaker_text, last.speaker_pos, last.cue
            role = last.role
            conf = 0.6
        elif fr is not None:
            subj, cue, _ = fr
            subj_text, subj_pos, role = subj.text, subj.start, subj.role
        else:
            if len(inner.split()) < 8:
                continue  # a short unattributed quotation is a title or scare quote, not a claim
            subj_text, subj_pos, cue, role, conf = None, None, None, None, 0.4
        end = q.end
        while end > q.start and text[end - 1].isspace():
            end -= 1
        dr = Draft(q.start, end, subj_text, subj_pos, cue, "direct", conf, role=role)
        out.append(dr)
        last, last_para = dr, q.paragraph
    return _merge_split_quotes(d, out)


# '"A," Sanders said, suggesting a few questions, including, "B"': the second quotation
# belongs to a second report, not to the first statement
_SECOND_REPORT_IN_GAP = re.compile(r",\s+(?:[a-z]+ing|going on to|went on to|before|and then)\b")


def _merge_split_quotes(d: _Doc, drafts: list[Draft]) -> list[Draft]:
    """`"A," he said, "B."` and `"A," he said. "B."` are one statement: join the halves.

    Only within one paragraph, only around a short attribution frame, and only when
    the second half has no frame of its own (or names the same speaker).
    """
    out: list[Draft] = []
    abbrev = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|[A-Z])\."
    for dr in drafts:
        if out:
            prev = out[-1]
            gap = d.text[prev.end : dr.start]
            prev_text = d.text[prev.start : prev.end].rstrip("\"\u201d'")
            if (
                d.para_of(prev.start) == d.para_of(dr.start)
                and prev.quote_type == dr.quote_type == "direct"
                and re.fullmatch(rf"\s*(?:{abbrev}|\([^()]{{1,40}}\)|[^.!?\"\u201c\u201d]){{1,200}}[,.:]\s*", gap)
                and _first_cue(gap) is not None
                and prev_text[-1:] in ",?!"
                and not _SECOND_REPORT_IN_GAP.search(gap)
                and (dr.confidence < 0.9 or dr.speaker_text == prev.speaker_text)
            ):
                prev.end = dr.end
                continue
        out.append(dr)
    return out


# ------------------------------------------------------------- pass 2
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+", re.U)


def _content_bounds(d: _Doc, lo: int, hi: int) -> tuple[int, int]:
    text = d.text
    # a closing mark at the start belongs to a quotation that ended before the content
    # ('it "categorically denied" the claims' -> "the claims")
    while lo < hi and (text[lo] in " ,:\u2014-\u201d" or text[lo] in '".' and text[lo + 1 : lo + 2].isspace()):
        lo += 1
    while hi > lo and text[hi - 1] in " .!?;,":
        hi -= 1
    return lo, hi


_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|had|has|have|will|would|could|can|should|did|does|do|must|might|may)\b"
)


def _trailing_attr(d: _Doc, s_lo: int, s_hi: int) -> tuple[int, Subject, str, int] | None:
    """`CONTENT, X said.` / `CONTENT, said X.` / `CONTENT, according to X.` at the end of a sentence."""
    text = d.text
    masked = d.masked(s_lo, s_hi)
    # split points: ", " outside quotations, and just after a closing mark ('…," X said')
    splits = [(m.start(), m.end()) for m in re.finditer(r",\s+", masked)]
    splits += [(m.end(1), m.end()) for m in re.finditer(r"[,?!][\"\u201d](\s+)(?=[A-Za-z])", text[s_lo:s_hi])]
    splits += [
        (m.start(), m.end())
        for m in re.finditer(
            r"(?<=[\"\u201d])\s+(?=[a-z]|[A-Z][\w.'\u2019-]*\s+(?:said|says|told|added|wrote|explained)\b)",
            text[s_lo:s_hi],
        )
    ]
    for cut_at, tail_at in sorted(set(splits), reverse=True):
        tail_lo = s_lo + tail_at
        tail = text[tail_lo:s_hi]
        if len(tail) > 200 or d.in_quote(tail_lo) or cut_at < 8:
            continue
        am = re.match(
            r"(?:according to|as)\s+(.+?)(\s+(?:put it|has said|has noted|has argued|said|noted|wrote|explained|argued|reported))?[.!?\"\u201d]*\s*$",
            tail,
            re.I,
        )
        if am and (am.group(0).lower().startswith("according") or am.group(2)):
            # "…, according to their attorneys, and said …": the source ends at the comma
            np_text = re.sub(r"\s*\([^)]*\)\s*$", "", am.group(1).split(",")[0])
            subj = _np_before(text, _tokens(np_text, tail_lo + am.start(1)), len(_tokens(np_text, 0)) - 1)
            if subj:
                cue = "according to" if am.group(0).lower().startswith("according") else (am.group(2) or "").strip()
                return s_lo + cut_at, subj, cue, tail_lo
        cm = _first_cue(tail)
        if not cm or cm.start() > 90:
            continue
        cue_s = tail_lo + cm.start()
        lemma = _lemma(cm.group(0))
        if lemma is None or lemma not in BARE_CLAUSE:
            continue
        before = text[tail_lo:cue_s]
        if before.strip():
            # a participle clause may close the sentence: "…, X said in June, citing the figures."
            # (not one that reports something itself: "…, adding that …" is a second report)
            after = tail[cm.end() :]
            pm = re.search(r",\s+([a-z]+ing)\b[^.!?]*(?=[.!?\"\u201d]*\s*$)", after)
            if pm and pm.group(1) not in CUE_LEMMA:
                after = after[: pm.start()]
            # "…, X said on Monday." / "…, X told reporters." — only a short adjunct may follow
            if _FINITE_VERB.search(after):
                continue  # "In an interview, Smith said the plan had failed.": a report, not a frame
            if len(after.split()) > 8 or not re.fullmatch(r"[\w\s'\u2019.-]*?[.!?\"\u201d]*\s*", after):
                continue
            subj = find_subject(text, tail_lo, cue_s)
            if subj is None or subj.start - tail_lo > 3 and not text[tail_lo : subj.start].strip(" ,").endswith(","):
                continue
        else:
            # "…, said Mr. Barrett, the lawyer for the agency."
            rest = text[tail_lo + cm.end() : s_hi]
            mm = re.match(r"\s+((?:[A-Za-z][\w'\u2019.-]*\s*){1,5}?)\s*(?:[.!?,]|$)", rest)
            if not mm:
                continue
            cand = mm.group(1).strip()
            subj = _np_before(text, _tokens(cand, tail_lo + cm.end() + rest.index(cand)), len(_tokens(cand, 0)) - 1)
            if subj is None:
                continue
        return s_lo + cut_at, subj, _cue_text(text, cue_s, tail_lo + cm.end(), s_hi), cue_s
    return None


_REPORT_WORDS = (
    set(CUE_LEMMA)
    | set(NP_OBJECT_LEMMA)
    | {p.split()[0] for p in PHRASAL_LEMMA}
    | {"according", "put", "understood", "alleged", "rumoured", "rumored"}
)


def _maybe_reports(s: str) -> bool:
    return any(w.lower() in _REPORT_WORDS for w in _WORD_RE.findall(s))


# ("X said A but said B" stays one report, as annotators mark it; "but he said B" does not)
def _not_a_subject(text: str, s_lo: int, subj: Subject) -> bool:
    """A sentence adverb ("Initially, state regulators …") or the object of a fronted
    preposition ("In a statement announcing the pick, …") found where a subject should be."""
    if re.fullmatch(r"[A-Z][a-z]+ly", subj.text):
        return True
    return (
        subj.start > s_lo
        and re.fullmatch(r"\s*(?:In|On|At|With|For|From|After|Before|During|Under|Through)\s+", text[s_lo : subj.start])
        is not None
    )


_COORDINATED_REPORT = re.compile(
    r",?\s+(?:and\s+(?:(?:he|she|they|we|I|[A-Z][\w.'\u2019-]*)\s+)?|but\s+(?:he|she|they|we|I|[A-Z][\w.'\u2019-]*)\s+)"
    r"(?:also\s+|then\s+|later\s+)?([A-Za-z]+)\b"
)


def _indirect_in(d: _Doc, s_lo: int, s_hi: int, nested: bool) -> list[Draft]:
    """Indirect (or mixed) attributions in one sentence text[s_lo:s_hi]."""
    text = d.text
    out: list[Draft] = []
    masked = d.masked(s_lo, s_hi) if not nested else text[s_lo:s_hi]
    # Most sentences report nobody: without a reporting word there is nothing to find.
    # The sentence's words are scanned once; the cue loop below walks this list.
    sent_words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(masked)]
    if not any(w.lower() in _REPORT_WORDS for _, _, w in sent_words):
        return out
    cue_words = [_WordMatch(a, b, w) for a, b, w in sent_words if w.lower() in CUE_LEMMA]
    # According to X, CONTENT.
    m = _ACCORDING.match(masked) or re.match(r"^(?:[A-Z][\w ,'\u2019]{0,40}?,\s*)?according to\s+", masked, re.I)
    if m and _FINITE_VERB.search(masked, 0, m.start() + m.group(0).lower().rfind("according")):
        m = None  # "The plan will fail, according to X, a lawyer": the content came first
    if m:
        rest_lo = s_lo + m.end()
        cm = re.search(r",\s+", masked[m.end() :])
        if cm:
            np_text = text[rest_lo : rest_lo + cm.start()]
            subj = _np_before(text, _tokens(np_text, rest_lo), len(_tokens(np_text, 0)) - 1)
            if subj:
                c_lo, c_hi = _content_bounds(d, rest_lo + cm.end(), s_hi)
                if c_hi - c_lo > 10:
                    out.append(
                        Draft(c_lo, c_hi, subj.text, subj.start, "according to", "indirect", 0.7, role=subj.role)
                    )
                    return out
    tr = None if nested else _trailing_attr(d, s_lo, s_hi)
    if tr is not None:
        cut, subj, cue, cue_pos = tr
        c_lo, c_hi = _content_bounds(d, s_lo, cut)
        if c_hi - c_lo > 10 and len(text[c_lo:c_hi].split()) >= 3:
            qt = "mixed" if _has_quote(text[c_lo:c_hi]) else "indirect"
            out.append(Draft(c_lo, c_hi, subj.text, subj.start, cue, qt, 0.7, role=subj.role))
            return out
    # It has been alleged/claimed/reported that ...
    im = re.search(
        r"\b[Ii]t (?:has been|had been|is|was|have been) (alleged|claimed|reported|suggested|said|rumou?red|understood|believed)\s+(?=that\b)",
        masked,
    )
    if im:
        c_lo, c_hi = _content_bounds(d, s_lo + im.end(), s_hi)
        out.append(Draft(c_lo, c_hi, "unnamed", None, im.group(1), "indirect", 0.6, kind="unnamed"))
        return out
    carried: Subject | None = None  # "X said A and called on B to C": X speaks both
    pos = 0
    for cm in cue_words:
        if cm.start() < pos:
            continue
        pos = cm.end()
        cue_s, cue_e = s_lo + cm.start(), s_lo + cm.end()
        word = cm.group(0)
        lemma = _lemma(word)
        if lemma is None or not word[0].islower():
            continue
        if carried is not None and re.search(r"\band\s+(?:also\s+|then\s+)?$", text[s_lo:cue_s]):
            subj = carried
        else:
            subj = find_subject(text, s_lo, cue_s)
            if subj is not None and _not_a_subject(text, s_lo, subj):
                subj = None
        pre = re.sub(
            r"\s(?:seemed|appeared|went on|continued|tried|wanted|was quick|were quick) to\s*$", " ", text[s_lo:cue_s]
        )
        if subj is None and re.search(
            r"(?:,[\"\u201d]?|\band|\bbut|\bby|\bwhile|\bbefore|\bafter|\bwhen)\s+(?:also\s+|then\s+|later\s+)?$", pre
        ):
            # "…, saying that …" / "X resigned and said …": the subject of the clause just
            # before speaks ("… after he resigned, accusing her …" -> he), else the sentence's.
            subj = None
            clauses = list(
                re.finditer(
                    r"\b(?:after|when|because|since|while|before|although|though|once|as)\s+(?=(?:he|she|they|[A-Z]))",
                    pre,
                )
            )
            if clauses:
                subj = _leading_subject(text, s_lo + clauses[-1].end(), cue_s)
            subj = subj or _leading_subject(text, s_lo, cue_s)
        if lemma == "tell" and re.search(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", text[s_lo:cue_s]):
            subj = Subject("unnamed", cue_s, cue_s)  # "Reporters were told that …": they heard it
        if subj is None or _not_a_subject(text, s_lo, subj):
            continue
        if nested and subj.pronoun and subj.text.lower() in {"i", "we", "you"}:
            continue
        c = _complement(d, lemma, cue_e, s_hi)
        if c is None:
            continue
        c_lo, c_hi, extra = c
        if re.match(r"(?:is|are|was|were|has|have|had|will|would)\b", text[c_lo:c_hi]):
            continue  # "Everything Trump says is a lie": the cue sits in a relative clause
        # a coordinated second report ends this one: "said A, and called on B to C",
        # "told CNN that A, but he said B"
        co = None
        scope = d.masked(c_lo, c_hi) if not nested else text[c_lo:c_hi]
        for am in _COORDINATED_REPORT.finditer(scope):
            if am.group(1).lower() in CUE_LEMMA:
                co = am
                break
        if co:
            c_hi = _content_bounds(d, c_lo, c_lo + co.start())[1]
            pos = max(pos, c_lo - s_lo + co.start())
        if c_hi - c_lo < 8 or len(text[c_lo:c_hi].split()) < 2:
            continue
        cue = _cue_text(text, cue_s, cue_e, s_hi) if lemma == "tell" else word + extra
        qt = "mixed" if _has_quote(text[c_lo:c_hi]) else "indirect"
        dr = Draft(
            c_lo,
            c_hi,
            subj.text,
            subj.start,
            cue,
            qt,
            0.65 if lemma in BARE_CLAUSE else 0.55,
            role=subj.role,
            kind="unnamed" if subj.text == "unnamed" else "unknown",
        )
        if lemma in DENIAL_LEMMAS:
            dr.polarity = "denial"
        out.append(dr)
        if not co:
            break
        carried = subj
    if not out and not nested:
        out.extend(_np_object(d, s_lo, s_hi, masked))
    return out


_NP_LEXICON = {**NP_OBJECT_LEMMA, **{p.split()[0]: p for p in PHRASAL_LEMMA}}


def _np_verbs(masked: str):
    """Stance verbs (one word, or a phrasal verb's two words) in order."""
    for m in _cues(masked, lexicon=_NP_LEXICON):
        w = m.group(0).lower()
        if w in NP_OBJECT_LEMMA:
            yield m
            continue
        nxt = re.match(r"\s+([a-z]+)", masked[m.end() :])
        if nxt and f"{w} {nxt.group(1)}" in PHRASAL_LEMMA:
            yield _WordMatch(m.start(), m.end() + nxt.end(), masked[m.start() : m.end() + nxt.end()])


def _np_object(d: _Doc, s_lo: int, s_hi: int, masked: str) -> list[Draft]:
    """Stance verbs with a noun-phrase object: 'X criticized the law as a "crazy system"'."""
    text = d.text
    for m in _np_verbs(masked):
        cue_s, cue_e = s_lo + m.start(), s_lo + m.end()
        if re.match(r"\s+(?:of|by)\b", text[cue_e : cue_e + 4]):
            continue  # "Patel accused of …" (a headline's passive)
        passive = not m.group(0).lower().endswith("ing") and re.search(
            r"\b(?:is|are|was|were|been|being|be|get|gets|got)\s+(?:\w+ly\s+)?$", text[s_lo:cue_s], re.I
        )
        if passive:
            # "X was accused of …" / "X has been criticised by Y": the subject is the target;
            # the source is the by-agent when there is one, else unnamed.
            c_lo, c_hi = _content_bounds(d, cue_e, s_hi)
            by = re.match(r"\s*by\s+((?:[\w'\u2019.-]+\s*){1,8}?)(?=[,.;]|$)", text[cue_e:s_hi])
            if by:
                agent = by.group(1).strip()
                subj = Subject(agent, cue_e + by.start(1), cue_e + by.start(1) + len(agent))
                c_lo, c_hi = s_lo, _content_bounds(d, s_lo, cue_s)[1]
            else:
                subj = Subject("unnamed", cue_s, cue_s)
        else:
            subj = find_subject(text, s_lo, cue_s)
            if subj is None or (
                not subj.pronoun and not _cap(subj.text) and subj.text.split()[-1].lower() not in ROLE_HEADS
            ):
                continue
            c_lo, c_hi = _content_bounds(d, cue_e, s_hi)
        # stop at a following clause ("…, which …", "; …")
        cut = re.search(r",\s+(?:which|who|where|while|but|and then)\b|;|\s[\u2014\u2013]\s", text[c_lo:c_hi])
        if cut:
            c_hi = _content_bounds(d, c_lo, c_lo + cut.start())[1]
        if len(text[c_lo:c_hi].split()) < 2:
            continue
        word = m.group(0)
        lemma = PHRASAL_LEMMA.get(word.lower()) or NP_OBJECT_LEMMA.get(word.lower())
        if lemma in NEEDS_AS and not re.search(r"\bas\b", text[c_lo:c_hi]):
            continue
        qt = "mixed" if _has_quote(text[c_lo:c_hi]) else "indirect"
        dr = Draft(
            c_lo,
            c_hi,
            subj.text,
            subj.start if subj.text != "unnamed" else None,
            word,
            qt,
            0.45,
            role=subj.role,
            kind="unnamed" if subj.text == "unnamed" else "unknown",
        )
        if lemma in DENIAL_LEMMAS:
            dr.polarity = "denial"
        return [dr]
    return []


def _leading_subject(text: str, s_lo: int, hi: int) -> Subject | None:
    """The subject at the start of a sentence (after a fronted adverbial), for a later verb."""
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
    if m and _first_cue(m.group(0)) is None:
        off = m.end()
    m = re.match(
        r"(?:(?:Mr|Mrs|Ms|Dr|Sir|Sen|Rep|Gov)\.?\s+)?[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|of|the|for))*",
        seg[off:],
    )
    if m and m.group(0).split()[0].lower() not in _NOT_NAME_BUT_TITLES and m.group(0).split()[0].lower() not in _DETS:
        name = m.group(0).rstrip()
        while name.split()[-1] in ("of", "the", "for"):
            name = name.rsplit(" ", 1)[0]
        return _split_role(name, s_lo + off)
    for vm in re.finditer(r"\b[a-z][a-z'\u2019-]+\b", seg[off:]):
        w = vm.group(0)
        if (
            w in CUE_LEMMA
            or w in NP_OBJECT_LEMMA
            or w.endswith("ed")
            or w in {"is", "was", "has", "had", "will", "would", "made", "went", "took", "gave"}
        ):
            subj = find_subject(text, s_lo + off, s_lo + off + vm.start())
            if subj is not None:
                return subj
            break
    m = re.match(r"(He|She|They|It|We|I)\b", seg[off:])
    if m:
        return Subject(m.group(1), s_lo + off, s_lo + off + len(m.group(1)), pronoun=True)
    m = re.match(r"(?:The|A|An|Two|Three|Several|Some|Many)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\b", seg[off:])
    if m and _strip_possessive(m.group(1).lower()) in ROLE_HEADS:
        return Subject(m.group(0), s_lo + off, s_lo + off + len(m.group(0)))
    return None


def _has_quote(s: str) -> bool:
    return bool(re.search(r"[\"\u201c\u201d]", s))


def _complement(d: _Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """Where the reported content starts after a cue verb, and where it ends."""
    text = d.text
    rest = text[lo:hi]
    # "called on X to ...", "urged X to ...", "asked X to ..."
    if lemma in {"call"}:
        m = re.match(r"\s+on\s+(?:[\w'\u2019.-]+\s+){1,6}?to\s+", rest)
        if not m:
            # "called the resignation \u201cutterly explosive\u201d": the quotation is the claim
            qm = re.match(r"\s+[^.;:\"\u201c]{1,80}?\s+([\"\u201c][^\"\u201d]{2,200}[\"\u201d])", rest)
            if qm:
                return lo + qm.start(1), lo + qm.end(1), ""
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, " on"
    if lemma == "accuse":
        m = re.match(r"\s+(?:[\w'\u2019.-]+\s+){1,5}?of\s+", rest)
        if not m:
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, ""
    if lemma == "describe":
        m = re.match(r"\s+(?:[^.;:]{1,80}?\s+)?as\s+", rest)
        if not m:
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, ""
    if lemma in {"ask", "wonder", "question", "know", "explain", "say", "tell", "reveal", "indicate", "announce"}:
        m = re.match(r"((?:\s+[\w'\u2019.-]+){0,4}?)\s+(whether|if|how|why|what|when|where|who)\s+\w", rest)
        if (
            m
            and not re.search(r"[.;:,]", m.group(1))
            and (lemma in {"ask", "wonder", "question"} or not m.group(1).strip())
        ):
            c_lo, c_hi = _content_bounds(d, lo + m.start(2), hi)
            return c_lo, c_hi, ""
    # that-clause within a few words ("said in a statement that", "told reporters that")
    m = re.match(r"((?:\s+[\w'\u2019.-]+|,){0,8}?)\s+(that)\s+", rest)
    if m and not re.search(r"[.;:]", m.group(1)):
        start = lo + m.start(2)
        c_lo, c_hi = _content_bounds(d, start, hi)
        return c_lo, c_hi, ""
    if lemma in TO_CLAUSE:
        m = re.match(r"((?:\s+(?!to\b)[\w'\u2019.-]+){0,5}?)\s+(to)\s+\w", rest)
        if m and (lemma not in TAKES_OBJECT or m.group(1).strip()) and not re.search(r"[.;:,]", m.group(1)):
            if (
                lemma
                in {
                    "plan",
                    "want",
                    "intend",
                    "promise",
                    "vow",
                    "pledge",
                    "threaten",
                    "refuse",
                    "expect",
                    "hope",
                    "agree",
                    "demand",
                    "propose",
                }
                and m.group(1).strip()
                and lemma not in TAKES_OBJECT
            ):
                if lemma not in BARE_CLAUSE:
                    return None
                m = None  # "hoped utilities would be able to …": a clause, handled below
            if m is not None:
                c_lo, c_hi = _content_bounds(d, lo + m.start(2), hi)  # annotators keep the "to"
                return c_lo, c_hi, ""
    if lemma in BARE_CLAUSE or lemma in DENIAL_LEMMAS:
        r = rest
        skip = 0
        if lemma in TAKES_OBJECT:
            om = re.match(
                r"\s+(?:the\s+)?(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*|reporters|journalists|him|her|them|us|me|the\s+\w+)\b",
                r,
            )
            if om:
                skip = om.end()
        r2 = r[skip:]
        if re.match(r"\s*[:,]\s*[\"\u201c]", r2):
            return None  # 'X said: "…"' — a direct quote follows: pass 1 owns it
        qm = re.match(r"\s*(?=[\"\u201c])", r2)
        if qm:
            # 'X said "the question is the timing."': the quotation is the clause (mixed)
            c_lo, c_hi = _content_bounds(d, lo + skip + qm.end(), hi)
            return c_lo, c_hi, ""
        if re.match(r"\s*[.!?]?\s*$", r2):
            return None
        if re.match(r"\s*,\s+(?:[a-z]+ing|and|but|as|while|before|after|then|when)\b", r2):
            return None  # '…," he said, cutting off a reporter': what follows the comma is narration
        if lemma not in DENIAL_LEMMAS and re.match(
            r"\s+(?:in|on|at|of|about(?!\s+\d)|for|with|by|from|to|during|after|last|this|yesterday|today|so|something|nothing|anything|goodbye|hello|no|yes|more)\b",
            r2,
            re.I,
        ):
            return None
        starts_clause = re.match(
            r"\s+(?:he|she|they|it|we|i|you|there|the|this|that|these|those|his|her|their|[A-Z])\w*\s+\w+", r2
        )
        has_verb = re.match(
            r"(?:\s+[\w'\u2019.-]+){1,7}?\s+(?:is|are|was|were|will|would|could|can|should|may|might|must|has|have|had|did|does|do|need|needs)\b",
            r2,
        )
        if (
            lemma
            in {
                "report",
                "note",
                "state",
                "continue",
                "show",
                "find",
                "claim",
                "add",
                "write",
                "reveal",
                "announce",
                "admit",
                "acknowledge",
                "confirm",
                "predict",
                "warn",
                "recall",
                "answer",
                "respond",
                "reply",
                "feel",
                "know",
                "learn",
                "understand",
                "estimate",
                "fear",
                "expect",
                "agree",
                "indicate",
                "conclude",
                "allege",
            }
            and not starts_clause
            and not has_verb
        ):
            return None
        if not starts_clause and not has_verb and lemma not in _NP_OK_LEMMAS:
            return None
        c_lo, c_hi = _content_bounds(d, lo + skip, hi)
        return c_lo, c_hi, ""
    return None


def _overlapping(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans (sorted by start, short) that overlap [lo, hi); a bisect, not a scan."""
    starts = [a for a, _ in spans] if not hasattr(spans, "starts") else spans.starts  # type: ignore[attr-defined]
    i = bisect.bisect_left(starts, hi)
    out = []
    j = i - 1
    while j >= 0 and len(out) < 50:
        a, b = spans[j]
        if b > lo:
            out.append((a, b))
        elif lo - b > 5000:
            break
        j -= 1
    return out


def _covering(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(a <= lo and hi <= b for a, b in _overlapping(spans, lo, hi))


class _Spans(list):
    """A sorted list of (start, end) with its starts cached for bisecting."""

    def __init__(self, items):
        super().__init__(sorted(items))
        self.starts = [a for a, _ in self]


def _finish_quotation(d: _Doc, dr: Draft, direct: list[tuple[int, int]]) -> None:
    """Fix the end of a mixed clause at the first quotation after its start.

    '…, which is a problem because, "In the end, we vote for somebody. We do."' is one
    statement, though the sentence splitter cut it inside the quotation: the clause ends
    with the quotation (and absorbs pass 1's copy of it). When the quotation has a frame
    of its own ('…, adding: "…"', '…, he added, "…"') and pass 1 took it as a direct
    quotation, the clause ends before that frame.
    """
    if dr.quote_type != "mixed":
        return
    i = bisect.bisect_right(d._qstarts, dr.start)  # the first quotation opening after the clause starts
    # (_qstarts are inner starts: one mark past each opening)
    while i < len(d.quotes) and d.quotes[i].start <= dr.start:
        i += 1
    if i >= len(d.quotes) or d.quotes[i].start >= dr.end:
        return
    q = d.quotes[i]
    between = d.masked(dr.start, q.start)
    trimmed = between.rstrip(" ,:\u00a0")
    clauses = list(re.finditer(r",\s", trimmed))
    last_at = clauses[-1].start() if clauses else 0
    framed = re.search(r":\s*$", between) or (last_at and _first_cue(trimmed[last_at:]) is not None)
    if framed and any(a == q.start for a, _ in _overlapping(direct, q.start, q.end)):
        cut = last_at if last_at else len(trimmed)
        cut = len(re.sub(r"(?:\s+(?:and|but|or|so))+\s*$", "", trimmed[:cut]))
        hi = _content_bounds(d, dr.start, dr.start + cut)[1]
        if hi - dr.start >= 8 and len(d.text[dr.start : hi].split()) >= 2:
            dr.end = hi
            dr.quote_type = "mixed" if _has_quote(d.text[dr.start : hi]) else "indirect"
        return
    if not framed and q.closed and q.inner_start <= dr.end - 1 < q.inner_end and q.end - dr.end <= 600:
        dr.end = q.end
        dr.absorbs = True


def _indirect(d: _Doc, covered: list[tuple[int, int]]) -> list[Draft]:
    out: list[Draft] = []
    for s in d.sents:
        if _covering(covered, s.start, s.end - 2):
            continue
        # sentences that begin inside a quotation are pass 1's (or nested) business
        if d.in_quote(s.start) and d.text[s.start] not in '"\u201c':
            continue
        drafts = _indirect_in(d, s.start, s.end, nested=False)
        for dr in drafts:
            _finish_quotation(d, dr, covered)
            near = _overlapping(covered, dr.start, dr.end)
            if any(a <= dr.start and dr.end <= b for a, b in near):
                continue
            if any((b - a) > 0.5 * (dr.end - dr.start) for a, b in near):
                # overlaps a direct quote: keep the direct one unless the clause is mixed around it
                if dr.quote_type != "mixed":
                    continue
            out.append(dr)
    return out


# "Reid has gone after Trump as a “human leech”", "pounding the bill as “a giveaway”":
# characterising someone or something in quoted words is an attribution (mixed) even when
# the verb is no verb of saying. The object is a name, a pronoun or a short "the/his …" phrase.
_AS_QUOTED = re.compile(
    r"\b(?P<verb>[a-z]{2,}(?:ed|ing|s)|went|gone|goes)\s+(?:(?:after|on|at|against)\s+)?"
    r"(?P<obj>(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep)\.?\s+)?[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3}"
    r"|him|her|them|it|(?:the|his|her|their|its)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    r"\s+as\s+(?:an?\s+|the\s+)?$"
)
# 'what she called a "rant"', 'what Smith has described as "a disaster"'
_WHAT_X_CALLED = re.compile(
    r"\b[Ww]hat\s+(?P<who>he|she|they|we|I|(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}"
    r"|(?:the|his|her|their)\s+[a-z]+)\s+(?:has\s+|had\s+|have\s+|once\s+|later\s+)?"
    r"(?P<cue>called|calls|dubbed|dubs|termed|terms|labeled|labelled|described\s+as|describes\s+as|characterized\s+as|"
    r"deemed|branded|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?$"
)
# verbs with "X as Y" that do not attribute words to anyone
_NOT_AS_QUOTED = {
    "known",
    "served",
    "serves",
    "serving",
    "works",
    "worked",
    "working",
    "acts",
    "acted",
    "acting",
    "listed",
    "ranked",
    "ranks",
    "counts",
    "counted",
    "treated",
    "uses",
    "used",
    "using",
    "joined",
    "returned",
    "named",
    "appointed",
    "elected",
    "hired",
    "sworn",
    "rated",
    "classified",
    "identified",
    "registered",
    "runs",
    "running",
    "ran",
    "stands",
    "standing",
    "remains",
    "remained",
    "is",
    "was",
}


def _fronted_participle(d: _Doc, q: QuoteSpan) -> Draft | None:
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
    subj = _leading_subject(text, s_at, min(len(text), s_at + 80))
    if subj is None:
        dm = re.match(r"(?:the|a|an)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\b", after[s_at - q.end :])
        if dm and _strip_possessive(dm.group(1).lower()) in ROLE_HEADS:
            subj = Subject(dm.group(0), s_at, s_at + len(dm.group(0)))
    if subj is None or subj.start != s_at or subj.text.lower() in {"it", "there", "this", "that"}:
        return None
    return Draft(lo + m.end(), q.end, subj.text, subj.start, m.group("cue"), "mixed", 0.5, role=subj.role)


def _as_quoted(d: _Doc, drafts: list[Draft]) -> list[Draft]:
    """Mixed drafts around quotations no other pass claimed: a fronted participle clause,
    'what X called "…"', and `VERB OBJECT as "…"`."""
    text = d.text
    spans = _Spans(sorted((dr.start, dr.end) for dr in drafts))
    out: list[Draft] = []
    for k, q in enumerate(d.quotes):
        if not (q.opened and q.closed) or _overlapping(spans, q.start, q.end):
            continue
        s_lo = max(d.paras[q.paragraph].start, q.start - 160)
        fronted = _fronted_participle(d, q)
        if fronted is not None:
            out.append(fronted)
            spans = _Spans(sorted([*spans, (fronted.start, fronted.end)]))
            continue
        wm = _WHAT_X_CALLED.search(text, s_lo, q.start)
        if wm is not None:
            c_hi = q.end
            out.append(Draft(wm.start(), c_hi, wm.group("who"), wm.start("who"), wm.group("cue"), "mixed", 0.55))
            spans = _Spans(sorted([*spans, (wm.start(), c_hi)]))
            continue
        m = _AS_QUOTED.search(text, s_lo, q.start)
        if m is None or m.group("verb") in _NOT_AS_QUOTED or re.search(r"[.!?;]", text[m.start() : q.start]):
            continue
        subj = find_subject(text, max(d.sentence_start(q.start), s_lo), m.start("verb"))
        end = q.end
        # '… as a “human leech” and a “spoiled brat.”': coordinated quoted labels belong to it
        for qn in d.quotes[k + 1 : k + 6]:
            if qn.paragraph != q.paragraph or not re.fullmatch(
                r"[\s\u00a0]*(?:,\s*)?(?:and|or)\s+(?:an?\s+|the\s+)?", text[end : qn.start]
            ):
                break
            end = qn.end
        c_hi = _content_bounds(d, m.start("obj"), end)[1]
        if text[end - 1 : end] in '"\u201d' and c_hi < end - 1:
            c_hi = end  # keep the closing mark when only punctuation precedes it
        out.append(
            Draft(
                m.start("obj"),
                c_hi,
                subj.text if subj else None,
                subj.start if subj else None,
                text[m.start("verb") : m.start("obj")].strip(),
                "mixed",
                0.5,
                role=subj.role if subj else None,
            )
        )
        spans = _Spans(sorted([*spans, (m.start("obj"), c_hi)]))
    return out


# ------------------------------------------------------------- pass 3
def _split_sentences(d: _Doc, dr: Draft) -> list[tuple[int, int]]:
    """Sentence spans inside a quotation (offsets), by the segmenter's sentences."""
    return d.sentences_in(dr.start, dr.end) or [(dr.start, dr.end)]


_ANAPHOR = re.compile(
    r"^[\"\u201c]?\s*(?:that\s+)?(?:this|that|these|those|it|such|the (?:claims?|allegations?|reports?|suggestions?|story|stories|accusations?))\b"
    r"|\bdo(?:es)?(?: not|n't) believe (?:her|him|them)\b",
    re.I,
)


def _own_denial(text: str, a: int, b: int, nested: list[Draft]) -> bool:
    """Whether text[a:b] denies something in its speaker's own voice (not a denial it reports)."""
    own = list(text[a:b])
    for nd in nested:
        # "The Home Office said it denied the claims": a denial reported of oneself is one's own
        if nd.polarity == "denial" and (nd.speaker_text or "").lower() not in {"it", "he", "she", "they", "we", "i"}:
            lo = max(a, nd.speaker_pos if nd.speaker_pos is not None else nd.start)
            for k in range(lo, min(b, nd.end)):
                own[k - a] = " "
    return _has_denial("".join(own))


_DENIAL_FORMS = sorted(f for f, lemma in CUE_LEMMA.items() if lemma in DENIAL_LEMMAS)
_NESTED_TRIGGER = re.compile(
    r"\b(?:" + "|".join(_DENIAL_FORMS) + r")\b|\b[Ii]t (?:has been|had been|is|was|have been) \w+ed\b"
)


def _nested_and_denials(d: _Doc, drafts: list[Draft]) -> list[Draft]:
    """Split quotations at denials, add attributions nested inside contents, set polarity."""
    text = d.text
    out: list[Draft] = []
    for dr in drafts:
        pieces = [(dr.start, dr.end)]
        if dr.quote_type == "direct":
            sents = _split_sentences(d, dr)
            # split only where a sentence denies the one before it ("This … is completely false.")
            if len(sents) > 1 and any(_has_denial(text[a:b]) and _ANAPHOR.search(text[a:b]) for a, b in sents):
                # "It has been alleged that … . This … is completely false." -> one mention each
                pieces = [
                    (dr.start if n == 0 else a, dr.end if n == len(sents) - 1 else b) for n, (a, b) in enumerate(sents)
                ]
        for a, b in pieces:
            part = Draft(
                a,
                b,
                dr.speaker_text,
                dr.speaker_pos,
                dr.cue,
                dr.quote_type,
                dr.confidence,
                role=dr.role,
                kind=dr.kind,
                polarity=dr.polarity,
            )
            out.append(part)
            nested: list[Draft] = []
            spans = _split_sentences(d, part) if dr.quote_type == "direct" else [(a, b)]
            for sa, sb in spans:
                lo = sa + (1 if text[sa] in '"\u201c' else 0)
                if not _NESTED_TRIGGER.search(text, lo, sb):
                    continue  # only reported denials and unnamed allegations are taken from inside
                for nd in _indirect_in(d, lo, sb, nested=True):
                    if (nd.start, nd.end) == (a, b):
                        continue
                    # Only what a statement reports of someone else's denial or of an unnamed
                    # allegation becomes a claim of its own; other nested reports stay inside.
                    denial_cue = nd.cue is not None and _lemma(nd.cue.split()[0]) in DENIAL_LEMMAS
                    if not denial_cue and nd.kind != "unnamed":
                        continue
                    nd.nested_in = len(out) - 1
                    nd.confidence = 0.5
                    if nd.cue and _lemma(nd.cue.split()[0]) in DENIAL_LEMMAS:
                        nd.polarity = "denial"
                    nested.append(nd)
            lemma = _lemma(part.cue.split()[0]) if part.cue else None
            if lemma in DENIAL_LEMMAS or _own_denial(text, a, b, nested):
                part.polarity = "denial"
                part.anaphoric = bool(_ANAPHOR.search(text[a:b]))
            out.extend(nested)
    return out


def _link_denials(d: _Doc, drafts: list[Draft]) -> None:
    """An anaphoric denial ('This … is completely false') denies the statement just before it."""
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].start, drafts[i].end))
    for pos, i in enumerate(order):
        dr = drafts[i]
        if dr.polarity != "denial" or not dr.anaphoric:
            continue
        best = None
        for j in reversed(order[:pos]):
            cand = drafts[j]
            if cand.end > dr.start or dr.start - cand.end > 400:
                if dr.start - cand.end > 400:
                    break
                continue
            if cand.polarity == "denial" and cand.speaker_text == dr.speaker_text:
                continue
            same = (cand.speaker_text or "") == (dr.speaker_text or "") and cand.nested_in is None
            if best is None or (not same and best[1]):
                best = (j, same)
            if not same:
                break
        if best is not None:
            dr.denies.append(best[0])


# Captions and page furniture: what they say is not a statement of the article's.
_BOILERPLATE = re.compile(
    r"Media playback is unsupported|Media caption|Image caption|Image copyright|Video caption|"
    r"\b(?:Picture|Photo|Photograph|Image|Credit)s?:\s*[^.\n]{0,80}/\s*(?:PA|AP|AFP|Reuters|Getty|EPA)\b|"
    r"\bGetty Images\b|\(Photo by [^)]*\)|Click here to|Sign up for|Read more:",
    re.I,
)


# An editor's note is the publication speaking about the article, not a reported statement;
# some outlets append the same note to every article on a subject.
_EDITOR_NOTE = re.compile(r"(?:^|\n)[ \t]*Editor[\u2019']?s[ \t]+[Nn]ote\b", re.M)


def _editor_note_paragraphs(d: _Doc) -> set[int]:
    return {d.para_of(m.end()) for m in _EDITOR_NOTE.finditer(d.text)}


# Every _BOILERPLATE alternative contains one of these words: a case-insensitive regex
# scan of the whole article costs more than extracting from it, a substring test does not.
_BOILERPLATE_HINTS = (
    "media",
    "caption",
    "copyright",
    "picture",
    "photo",
    "image",
    "credit",
    "getty",
    "click here",
    "sign up",
    "read more",
)


def _boilerplate_paragraphs(d: _Doc) -> set[int]:
    low = d.text.lower()
    if not any(h in low for h in _BOILERPLATE_HINTS):
        return set()
    return {d.para_of(m.start()) for m in _BOILERPLATE.finditer(d.text)}


def _is_headline(d: _Doc, k: int) -> bool:
    """The first paragraph when it is short and has no closing full stop: a headline."""
    if k != 0 or len(d.paras) < 2:
        return False
    p = d.paras[0]
    par = d.text[p.start : p.end].rstrip()
    return len(par.split()) <= 30 and not re.search(r"[.!?][\"\u201d\u2019']?$", par)


def _drop_not_claims(d: _Doc, drafts: list[Draft]) -> list[Draft]:
    """Drop statements made in captions and boilerplate, and a headline's that the body repeats."""
    text = d.text
    furniture = _boilerplate_paragraphs(d)
    notes = _editor_note_paragraphs(d)
    body_words = [set(_WORD_RE.findall(text[x.start : x.end].lower())) for x in drafts]
    keep = []
    for n, dr in enumerate(drafts):
        k = d.para_of(dr.start)
        if k in notes:
            continue
        if k in furniture:
            # in a caption line only the caption itself is furniture, not the article after it
            p = d.paras[k]
            marks = [m.end() for m in _BOILERPLATE.finditer(text, p.start, p.end)]
            line_end = text.find("\n", dr.start)
            if (
                marks
                and (line_end < 0 or line_end >= dr.end)
                and dr.start >= min(marks) - 200
                and (text.find(". ", max(marks), dr.start) < 0)
            ):
                continue
        if _is_headline(d, k):
            words = body_words[n]
            repeated = any(
                o is not dr and d.para_of(o.start) != k and words and len(words & body_words[j]) >= 0.6 * len(words)
                for j, o in enumerate(drafts)
            )
            if repeated:
                continue
        keep.append(dr)
    return keep


def extract_rules(seg: SegmentedDocument) -> list[ExtractedMention]:
    """Segmented document in, extracted mentions (with surface speaker phrases) out."""
    d = _Doc(seg)
    direct = _direct(d)
    covered = _Spans((dr.start, dr.end) for dr in direct)
    indirect = _indirect(d, covered)
    absorbing = [(x.start, x.end) for x in indirect if x.absorbs]
    if absorbing:
        direct = [x for x in direct if not any(a <= x.start and x.end <= b for a, b in absorbing)]
    drafts = direct + indirect
    drafts += _as_quoted(d, drafts)
    drafts.sort(key=lambda x: (x.start, x.end))
    drafts = _nested_and_denials(d, drafts)
    drafts = _drop_not_claims(d, drafts)
    _dedupe(drafts)
    _link_denials(d, drafts)
    out: list[ExtractedMention] = []
    ids = {id(dr): f"m{n}" for n, dr in enumerate(drafts)}
    for dr in drafts:
        content = d.text[dr.start : dr.end]
        if not content.strip():
            continue
        kind = "unnamed" if dr.kind == "unnamed" else "unknown"
        out.append(
            ExtractedMention(
                local_id=ids[id(dr)],
                content=content,
                speaker_text=None if dr.speaker_text == "unnamed" else dr.speaker_text,
                speaker=Speaker(kind=kind, role=dr.role),
                cue=dr.cue,
                quote_type=dr.quote_type,  # type: ignore[arg-type]
                polarity=dr.polarity,
                denies=tuple(ids[id(drafts[j])] for j in dr.denies),  # type: ignore[arg-type]
                content_hint=dr.start,
                speaker_hint=dr.speaker_pos,
                confidence=dr.confidence,
            )
        )
    # --- learned attribution hook (pipeline/attribution): adds what the rules miss ---
    from ..attribution import augment

    return augment(seg, out)
    # --- end learned attribution hook ---


def _dedupe(drafts: list[Draft]) -> None:
    """Drop a draft whose span repeats another's exactly (keeps the first, more specific one)."""
    seen: set[tuple[int, int, str | None]] = set()
    keep = []
    for dr in drafts:
        key = (dr.start, dr.end, dr.speaker_text)
        if key in seen:
            continue
        seen.add(key)
        keep.append(dr)
    drafts[:] = keep
