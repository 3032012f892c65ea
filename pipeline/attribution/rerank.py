"""A learned choice of a mention's speaker among the phrases before its cue.

The patterns and the learned layer find a speaker by rules (`backends/rules/subjects.py`,
`candidates.find_speaker`, then the repairs in `respeak.py`). Where they pick the wrong phrase of the
sentence, the right one is mostly another phrase before the cue (`…, but majorities in all five
say …`, `…, as more Republicans have begun urging …`). This module lists the phrases before a
mention's cue (`phrases`: runs of words between punctuation, auxiliaries, clause openers,
prepositions and verbs), describes each by sparse features (`features`: distance to the cue and what
stands between, capitals, pronouns, length, the source rates of its words, whether the rules chose
it; each also crossed with the mention's rule family) and keeps the one a conditional logit
(`rerank.json`, built by `make train-rerank` from PolNeAR train) scores highest, "no speaker" being
one of the choices. When it picks the phrase holding the rules' own, or beats the rules' choice by
less than a margin (log-odds, chosen on held-out folds of train), the rules' phrase stays.

It runs last in the rule backend (`backends.rules.extractor.extract_rules`), on every mention whose
cue word stands before its content in one sentence, with its speaker (if any) before the cue; it
changes speaker phrases only, never a content, so F1, precision and recall stay as they were.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from ..checkworthy.types import has_finite_verb
from ..lexicon import (
    BE_FORMS,
    CLAUSE_OPENERS,
    CONNECTORS,
    CUE_LEMMA,
    DO_FORMS,
    HAVE_FORMS,
    IRREGULAR_PAST,
    MODALS,
    NEGATIONS,
    NO_SPEAKER_WORDS,
    NOT_SPEAKER_OPENERS,
    NOUN_CUE_AFTER,
    SUBJECT_PRONOUNS,
    VERB_HELPERS,
    is_share,
)
from ..models import ExtractedMention, SegmentedDocument, Speaker
from ..textnorm import token_spans
from . import learned
from .candidates import QUOTE_MARKS, SKIP_BACK, TOKEN, can_be_noun, speaker_word
from .learned import read_weights

WEIGHTS = Path(__file__).with_name("rerank.json")


def family(rule: str | None) -> str:
    """A rule's family, a feature: a learned side (`learned.R`) or a pattern's pass (`indirect`)."""
    if rule is None:
        return "none"
    return rule if rule.startswith("learned") else rule.split(".")[0]


Token = tuple[str, int, int]

_BREAK_TOKENS = frozenset(",;:()[]-.\u2014\u2013\u2015") | QUOTE_MARKS
# characters that glue the tokens of one word ("anti-Trump", "Mr.", "U.S.", "Oz's", "AT&T")
_GLUE = frozenset("-.'\u2019&/")
# words a speaker phrase never runs across: a verb group's helpers and negation, clause openers, prepositions
_BREAK_WORDS = (
    BE_FORMS
    | HAVE_FORMS
    | MODALS
    | DO_FORMS
    | NEGATIONS
    | CLAUSE_OPENERS
    | (NOT_SPEAKER_OPENERS - {"last", "next"})
    | {"to"}
)
_AUX = VERB_HELPERS  # words after a clause's subject, like a verb
_MAX_WORDS = 6  # a phrase keeps at most its last 6 words
_ARTICLES = frozenset({"the", "a", "an"})


class Phrase(NamedTuple):
    """A candidate speaker phrase: its tokens toks[a:b] of the sentence (b <= the cue's index)."""

    a: int
    b: int


class Model(NamedTuple):
    """The shipped scorer (rerank.json): weights, bias, the learned layer's source-word rates it reads,
    and the margin (in log-odds) by which a choice must beat the rules' own before it replaces it."""

    weights: dict[str, float]
    bias: float
    sources: dict[str, float]
    margin: float = 0.0


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped scorer, or None when rerank.json is absent (then no speaker is changed)."""
    data = read_weights(WEIGHTS)
    layer = learned.load()
    if data is None or layer is None:
        return None
    return Model(data["weights"], data["bias"], layer.sources, data["margin"])


def _verbish(word: str) -> bool:
    """A lower-case word that reads as a verb: a reporting verb's form, a past form in -ed, or an
    irregular past ("The company's shares fell 5% after it warned": no speaker phrase)."""
    return word.islower() and (word in CUE_LEMMA or (len(word) > 4 and word.endswith("ed")) or word in IRREGULAR_PAST)


def _glued(toks: list[Token], k: int) -> bool:
    """Is toks[k] glued to toks[k - 1] in one word: touching, one a glue character, the other a word?"""
    if k <= 0 or k >= len(toks) or toks[k - 1][2] != toks[k][1]:
        return False
    a, b = toks[k - 1][0], toks[k][0]
    return (a in _GLUE and b[:1].isalnum()) or (b in _GLUE and a[:1].isalnum())


def _compound(toks: list[Token], k: int) -> bool:
    """Is toks[k] part of a word of several tokens?"""
    return _glued(toks, k) or _glued(toks, k + 1)


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"})


def _breaks(toks: list[Token], k: int) -> bool:
    """Does a speaker phrase stop at toks[k]: punctuation (a dash or point with a space before it:
    not one inside a word), a break word, a verb?"""
    word = toks[k][0]
    # (the word tests first: most tokens are no break, and then the glue around them is never looked at)
    if word in _BREAK_TOKENS or word.lower() in _BREAK_WORDS:
        return not _compound(toks, k)
    # a reporting verb's form after an article is its noun: "The report found", "a statement said"
    return _verbish(word) and not (k > 0 and toks[k - 1][0].lower() in _DETERMINERS) and not _compound(toks, k)


def phrases(toks: list[Token], i: int) -> list[Phrase]:
    """The phrases before the cue toks[i]: maximal runs of tokens between break tokens
    (punctuation, quotation marks) and break words (auxiliaries, clause openers, prepositions, verbs),
    each cut to its last `_MAX_WORDS` tokens (not inside a word), leading articles kept; a lone
    article is none."""
    out: list[Phrase] = []
    a = 0
    for k in range(i + 1):
        if k < i and not _breaks(toks, k):
            continue
        # toks[a:k] is a run; the cue's own verb group (skipped words right before it) is no phrase
        b = k
        while b > a and k == i and toks[b - 1][0].lower().replace("\u2019", "'") in SKIP_BACK:
            b -= 1
        start, words = b, 0
        while start > a and words < _MAX_WORDS:  # back over its last words (a glued run is one word)
            start -= 1
            words += not _glued(toks, start)
        while start < b and toks[start][0] in _GLUE:
            start += 1
        if b > start and not (b - start == 1 and toks[start][0].lower() in _ARTICLES):
            out.append(Phrase(start, b))
        a = k + 1
    return out


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return ">" + str(edges[-1])


def _rate(word: str, sources: dict[str, float]) -> float:
    """A word's source rate; a capitalised word the lexicon lacks counts as a name (0.5)."""
    w = speaker_word(word)
    if w in sources:
        return sources[w]
    return 0.5 if word[:1].isupper() else 0.0


def features(toks: list[Token], i: int, p: Phrase, chosen: bool, sources: dict[str, float]) -> list[str]:
    """The sparse features of phrase `p` as the speaker of the cue toks[i]; `chosen`: the rules
    picked it (or a phrase starting at the same token)."""
    words = [t[0] for t in toks[p.a : p.b]]
    between = toks[p.b : i]
    gap = len(between)
    adjacent = all(t[0].lower().replace("\u2019", "'") in SKIP_BACK or t[0].endswith("ly") for t in between)
    commas = sum(t[0] in _BREAK_TOKENS for t in between)
    rates = [_rate(w, sources) for w in words if w.lower() not in _ARTICLES]
    top = max(rates, default=0.0)
    last = rates[-1] if rates else 0.0
    prev = toks[p.a - 1][0].lower() if p.a > 0 else "^"
    nxt = toks[p.b][0].lower() if p.b < i else "$cue"
    if p.b < i and _verbish(toks[p.b][0]):
        nxt = "verb"
    first = words[0].lower()
    kind = (
        "pron"
        if len(words) == 1 and first in SUBJECT_PRONOUNS
        else "cap"
        if words[0][:1].isupper()
        else "det"
        if first in _ARTICLES
        else "ing"
        if first.endswith("ing")
        else "low"
    )
    near = "adj" if adjacent else "g" + _bucket(gap, (1, 2, 4, 8, 16))
    f = [
        "chosen=" + str(chosen),
        "near=" + near,
        "commas=" + _bucket(commas, (0, 1, 2, 3)),
        "kind=" + kind,
        "len=" + _bucket(len(words), (1, 2, 3, 4, 5)),
        "top=" + _bucket(top, (0.05, 0.1, 0.2, 0.3, 0.5, 0.7)),
        "last=" + _bucket(last, (0.05, 0.1, 0.2, 0.3, 0.5, 0.7)),
        "prev=" + (prev if not prev[:1].isalnum() or prev in _BREAK_WORDS or p.a == 0 else "w"),
        "next=" + (nxt if not nxt[:1].isalnum() or nxt in _BREAK_WORDS or nxt in ("$cue", "verb") else "w"),
        "initial=" + str(p.a == 0),
        "kind|near=" + kind + "|" + near,
        "chosen|near=" + str(chosen) + "|" + near,
        "chosen|kind=" + str(chosen) + "|" + kind,
        "cue|near=" + toks[i][0].lower() + "|" + near,
    ]
    if any(map(str.isdigit, "".join(words))):  # (a digit anywhere in its words, tested in C)
        f.append("digit")
    return f


def none_features(current: bool, n_phrases: int) -> list[str]:
    """The features of choosing no speaker: whether the rules chose none, and how many phrases there were."""
    return ["none", "none|chosen=" + str(current), "none|n=" + _bucket(n_phrases, (0, 1, 2, 3, 5))]


class Choice(NamedTuple):
    """One choice for a mention: its phrase (None: no speaker) and its features."""

    phrase: Phrase | None
    feats: list[str]


def _subject_like(toks: list[Token], p: Phrase) -> bool:
    """Is phrase `p` followed by a verb or an auxiliary (the subject of a clause)?"""
    word = toks[p.b][0]
    return _verbish(word) or word.lower() in _AUX


def choices(toks: list[Token], i: int, speaker_pos: int | None, sources: dict[str, float], fam: str) -> list[Choice]:
    """Every choice of speaker for the cue toks[i] of a mention of rule family `fam`: each phrase
    before it, then no speaker (`speaker_pos`: where the rules' phrase starts, None without one)."""
    out = []
    ps = phrases(toks, i)
    subjects = [p for p in ps if p.b < i and _subject_like(toks, p)]
    for p in ps:
        chosen = speaker_pos is not None and toks[p.a][1] <= speaker_pos < toks[p.b - 1][2]
        feats = features(toks, i, p, chosen, sources)
        # the nearest phrase before the cue that a verb follows is the nearest clause's subject
        # (`…, after he resigned, accusing her of …`): its rank from the cue, 0 the nearest
        rank = len(subjects) - 1 - subjects.index(p) if p in subjects else -1
        feats.append("subj=" + (_bucket(rank, (0, 1)) if rank >= 0 else "no"))
        out.append(Choice(p, _crossed(feats, fam)))
    out.append(Choice(None, _crossed(none_features(speaker_pos is None, len(out)), fam)))
    return out


def _crossed(feats: list[str], fam: str) -> list[str]:
    """The features, then each again crossed with the rule family (what holds for all, what for one)."""
    return feats + [fam + "|" + f for f in feats]


# characters before a content read for its cue and phrases: a sentence of many quotations is one
# long sentence, and reading it all for every mention would make a document's time quadratic
_REACH = 400

# rule families left alone: a report nested in a statement names its speaker by its own frame (`X said
# the minister denied …`: the minister), and PolNeAR train holds one such pair to learn from
_UNREAD = frozenset({"nested"})


class Starts(NamedTuple):
    """The starts of a document's sentences and of its quotations' inner text, built once per document."""

    sentences: list[int]
    quotes: list[int]


def starts_of(seg: SegmentedDocument) -> Starts:
    """`seg`'s sentence starts and quotation inner starts (both in text order)."""
    return Starts([s.start for s in seg.sentences], [q.inner_start for q in seg.quotes])


def _opening(seg: SegmentedDocument, pos: int, quotes: list[int]) -> int:
    """Where the quotation holding offset `pos` opens (its inner start), or -1 outside quotations
    (`quotes`: the quotations' inner starts; they do not overlap, so one bisection finds it)."""
    k = bisect_right(quotes, pos) - 1
    return quotes[k] if k >= 0 and pos < seg.quotes[k].inner_end else -1


def cue_index(seg: SegmentedDocument, m: ExtractedMention, starts: Starts) -> tuple[list[Token], int] | None:
    """The tokens of mention `m`'s sentence up to its content (at most `_REACH` characters; from
    the quotation's opening when the cue stands in one: `He added: "The minister denied …"` gives no
    `He`), and the index of its cue (the last token before the content that is the one-word cue, any
    case). None when there is none, when the cue is passive (`X is said to …`), when the speaker
    phrase stands after the cue (`…, said Jo Doe, "…"`: no phrase before it to choose), when the
    rules said no one is named (`It has been alleged that …`), when the rules' speaker phrase has no
    place in the text (it could not be told from "no speaker"), or for a nested report (`_UNREAD`).
    `starts`: `starts_of(seg)`."""
    if m.content_hint is None or not m.cue or (m.speaker_text is None and m.speaker.kind == "unnamed"):
        return None
    if m.speaker_text is not None and m.speaker_hint is None:
        return None
    if family(m.rule) in _UNREAD:
        return None
    k = bisect_right(starts.sentences, m.content_hint) - 1
    if k < 0:
        return None
    lo = max(seg.sentences[k].start, m.content_hint - _REACH)
    toks = token_spans(TOKEN, seg.text, lo, m.content_hint)
    cue = m.cue.lower()
    i = next((n for n in range(len(toks) - 1, -1, -1) if toks[n][0].lower() == cue), -1)
    before = toks[i - 1][0].lower() if i > 0 else ""
    if i < 0 or (before in BE_FORMS and not cue.endswith("ing")) or (before in NOUN_CUE_AFTER and can_be_noun(cue)):
        # (a passive, `X is said to …`: its subject is no source; `X is saying` is X's; a noun,
        # `following reports that …`, names no one)
        return None
    opening = _opening(seg, toks[i][1], starts.quotes)
    if opening > lo:  # the cue stands in a quotation: only its words are phrases
        cut = bisect_left(toks, opening, key=_start)
        toks, i, lo = toks[cut:], i - cut, opening
    if m.speaker_hint is not None and not lo <= m.speaker_hint < toks[i][1]:
        return None
    return toks, i


def _start(tok: Token) -> int:
    return tok[1]


_ASIDE_OPEN = frozenset(",(-\u2014\u2013")
_ASIDE_CLOSE = frozenset(",)-\u2014\u2013")


def _in_aside(toks: list[Token], i: int, p: Phrase, m: ExtractedMention) -> bool:
    """Does phrase `p` stand in an aside after the rules' phrase, closed right before the cue toks[i]
    (`Jo Doe, head of the union - the biggest one - said`: the aside describes Jo Doe)?"""
    if m.speaker_text is None or m.speaker_hint is None:
        return False
    end = m.speaker_hint + len(m.speaker_text)
    after = bisect_left(toks, end, key=_start)  # the first token after the rules' phrase
    if after >= p.a or toks[after][0] not in _ASIDE_OPEN:
        return False
    k = i - 1
    while k >= p.b and toks[k][0].lower().replace("\u2019", "'") in SKIP_BACK:
        k -= 1
    return k >= p.b and toks[k][0] in _ASIDE_CLOSE


def holds(toks: list[Token], p: Phrase, pos: int | None) -> bool:
    """Does phrase `p` hold offset `pos` (the rules' speaker phrase starts inside it)?"""
    return pos is not None and toks[p.a][1] <= pos < toks[p.b - 1][2]


def score(model: Model, c: Choice) -> float:
    """A choice's log-odds: the bias plus the weights of its features (0 for a feature without one)."""
    return model.bias + sum(map(model.weights.get, c.feats, repeat(0.0)))


def current_index(toks: list[Token], options: list[Choice], pos: int | None) -> int:
    """The index of the choice the rules made: the phrase holding `pos` (where the rules' speaker
    phrase starts), the last choice (no speaker) when `pos` is None; -1 when no phrase holds it
    (the rules' phrase lies outside what the choice reads)."""
    if pos is None:
        return len(options) - 1
    return next((k for k, c in enumerate(options) if c.phrase is not None and holds(toks, c.phrase, pos)), -1)


def best(model: Model, options: list[Choice], current: int = -1) -> int:
    """The index of the highest-scoring choice (the first of equals), unless it beats the rules' own
    choice (`options[current]`) by less than the model's margin: then `current`. A near tie is no
    evidence against the rules' choice (the margin is chosen on held-out folds of train)."""
    scores = [score(model, c) for c in options]
    k = max(range(len(options)), key=lambda n: (scores[n], -n))
    if current >= 0 and scores[k] - scores[current] < model.margin:
        return current
    return k


def keeps_rules(toks: list[Token], i: int, m: ExtractedMention, options: list[Choice], k: int, current: int) -> bool:
    """Does picking `options[k]` leave mention `m` its rules' phrase: the pick is the rules' own choice
    (`current`), or a phrase in an aside describing the rules' phrase (`_in_aside`)? The run time
    (`choose`) and the trainer's held-out count (`training/train_rerank.py`) both decide with this."""
    phrase = options[k].phrase
    return k == current or (phrase is not None and _in_aside(toks, i, phrase, m))


def choose(seg: SegmentedDocument, m: ExtractedMention, model: Model, starts: Starts) -> ExtractedMention:
    """Mention `m` with the speaker phrase the scorer prefers (itself when it has no cue before its
    content, or when the scorer picks the phrase holding its own or beats it by less than the margin)."""
    found = cue_index(seg, m, starts)
    if found is None:
        return m
    toks, i = found
    options = choices(toks, i, m.speaker_hint, model.sources, family(m.rule))
    current = current_index(toks, options, m.speaker_hint)
    # a rules' phrase read as no one ("The ministry said A and it also said B") needs no margin to be
    # replaced by a better-scoring phrase that names someone
    held = options[current].phrase if current >= 0 else None
    no_one = held is not None and _names_no_one(toks, held)
    k = best(model, options, -1 if no_one else current)
    if keeps_rules(toks, i, m, options, k, current):
        return m
    pick = options[k].phrase
    if pick is not None and current >= 0 and options[current].phrase is not None and _names_no_one(toks, pick):
        return m  # the rules' phrase names whoever "it" stands for; downstream "it" is no one
    if pick is not None and _subordinate_subject(seg.text, toks, i, pick, m):
        return m  # "The company's shares fell 5% after it warned": the pronoun is the cue's subject
    if pick is not None and _inside_rules_phrase(toks, pick, m):
        return m  # a part of the rules' phrase ("Food and Rural Affairs" of "the Department for Environment, Food …")
    if _RELATIVE_WHO.fullmatch(seg.text, (m.speaker_hint or 0) + len(m.speaker_text or ""), toks[i][1]):
        return m  # "backed by Senator Ann Cole, who said": who speaks is the relative's antecedent
    if pick is not None and _in_restrictive_relative(seg.text, toks, pick, m):
        return m  # "A pharmacist who works at a Walgreens said": the antecedent speaks, not the relative's object
    if pick is not None and _opens_new_clause(seg.text, toks, pick, m):
        return m  # "Brent crude has risen …, and Hamid Qureshi, an analyst, warned": the first clause's subject
    if pick is None:
        if m.speaker_text is None:
            return m
        return m.model_copy(update={"speaker_text": None, "speaker_hint": None, "speaker": Speaker()})
    start = toks[pick.a][1]
    if m.speaker.role and _APPOSITION.fullmatch(seg.text, toks[pick.b - 1][2], m.speaker_hint or 0):
        return m  # "The union's general secretary, Paul Nowak, described": the role before the rules' name
    return m.model_copy(
        update={"speaker_text": seg.text[start : toks[pick.b - 1][2]], "speaker_hint": start, "speaker": Speaker()}
    )


_APPOSITION = re.compile(r"\s*,\s*")
# a subordinating conjunction (and at most one word) before a clause's pronoun subject
_SUBORDINATOR_BEFORE = re.compile(
    r"\b(?:after|because|before|when|whenever|since|while|although|though|if|unless|until|once|as)\s+(?:\S+\s+)?$",
    re.I,
)
# between a relative's antecedent and its cue: ", who (also) (has) said"
_RELATIVE_WHO = re.compile(r"\s*,\s*who(?:\s+[a-z]+){0,3}\s+")
_LINK_WORDS = frozenset(CONNECTORS - {"close", "familiar", "in"})


def _inside_rules_phrase(toks: list[Token], p: Phrase, m: ExtractedMention) -> bool:
    """Does phrase `p` lie inside the rules' speaker phrase of `m`, after a comma in it (the phrases
    do not run across commas, and the rules' phrase does only where it reads a name whole) or as the
    object of its preposition (the rules read "a spokesperson for the Agency" whole), or after its
    conjunction, or the count of its share ("nine" of "nearly nine in 10 voters")?"""
    if m.speaker_hint is None or m.speaker_text is None:
        return False
    at = toks[p.a][1] - m.speaker_hint
    if not (0 < at and toks[p.b - 1][2] <= m.speaker_hint + len(m.speaker_text)):
        return False
    before = m.speaker_text[:at].split()
    after = m.speaker_text[toks[p.b - 1][2] - m.speaker_hint :].split()
    if len(after) >= 2 and is_share(toks[p.b - 1][0], after[0], after[1]):
        return True  # the count of the rules' share: "nine" of "nearly nine in 10 voters"
    if before[-1:] == ["the"]:
        before = before[:-1]
    # after a comma inside it, or the object of its link ("A spokesperson for the Environment Agency"),
    # or the words after its conjunction (the rules read "the Health and Safety Executive" and "Smith
    # and Jones" whole)
    return (
        "," in m.speaker_text[:at]
        or (len(before) >= 2 and before[-1].lower() in _LINK_WORDS)
        # "nine in 10", "About 4 in 10": a share of those asked, not a place
        or (len(before) >= 2 and is_share(before[-2], before[-1], toks[p.a][0]))
        or _after_names_conjunction(before, toks[p.b - 1][2] == m.speaker_hint + len(m.speaker_text))
    )


def _after_names_conjunction(before: list[str], at_end: bool) -> bool:
    """Do `before`, the words of a rules' speaker phrase before a phrase that ends it (`at_end`), end
    with a name and a conjunction ("Mr. Grassley and", "the Parks and")? Not a sentence's opening
    "And", nor a verb or lower-case word before the name ("beheaded Americans and")."""
    if not at_end or len(before) < 2 or before[-1].lower() not in ("and", "&"):
        return False
    if not before[-2][:1].isupper() or before[0].lower() in ("and", "but", "or"):
        return False
    return not any(_verbish(w) for w in before)


# a comma and a conjunction right before a speaker phrase: it is the subject of a clause of its own
_CLAUSE_JOINT_BEFORE = re.compile(r",\s*(?:and|but|while|whereas|yet)\s+$")
_AND_BEFORE = re.compile(r"\s(?:and|but)\s+$")
_OWNED = re.compile(r"(?:his|her|their|its)\s", re.I)


def _opens_new_clause(text: str, toks: list[Token], p: Phrase, m: ExtractedMention) -> bool:
    """Does phrase `p` stand before the rules' speaker phrase of `m`, a name or description (no pronoun)
    that opens a clause of its own after a comma and a conjunction? Then `p` belongs to the clause
    before, whose verb is not the cue's."""
    if m.speaker_hint is None or m.speaker_text is None or m.speaker_text.lower() in SUBJECT_PRONOUNS:
        return False
    if toks[p.b - 1][2] > m.speaker_hint:
        return False
    if _CLAUSE_JOINT_BEFORE.search(text, max(0, m.speaker_hint - 12), m.speaker_hint) is not None:
        return True
    # no comma, but a possessive's noun after the conjunction and a verb of the clause before it:
    # "Smith has pleaded not guilty and his lawyer said" (not "Smith and his lawyer said": both speak)
    return (
        _OWNED.match(m.speaker_text) is not None
        and _AND_BEFORE.search(text, max(0, m.speaker_hint - 6), m.speaker_hint) is not None
        and has_finite_verb(text[toks[p.b - 1][2] : m.speaker_hint])
    )


def _subordinate_subject(text: str, toks: list[Token], i: int, p: Phrase, m: ExtractedMention) -> bool:
    """Is the rules' speaker phrase of `m` a subject pronoun that opens a subordinate clause ("after it",
    "if she", "unless they") with the cue at `toks[i]` as its verb (no comma between), and phrase `p`
    before it? Then `p` is the main clause's subject, not the cue's (PolNeAR train: 8 speaker phrases
    change, 7 by reading to the right one or the same person; dev: 2, both right)."""
    if m.speaker_hint is None or m.speaker_text is None or m.speaker_text.lower() not in SUBJECT_PRONOUNS:
        return False
    end = toks[p.b - 1][2]
    if end > m.speaker_hint or "," in text[m.speaker_hint : toks[i][1]]:
        return False
    return _SUBORDINATOR_BEFORE.search(text, end, m.speaker_hint) is not None


# a restrictive relative clause right after a speaker phrase: "A pharmacist who works at …" (not "that",
# which stands there as a complement's as often)
_RESTRICTIVE_WHO = re.compile(r"\s+who\s")


def _in_restrictive_relative(text: str, toks: list[Token], p: Phrase, m: ExtractedMention) -> bool:
    """Does phrase `p` stand inside a restrictive relative clause ("who works at a Walgreens") that
    follows the rules' speaker phrase of `m` and runs on to the cue? Then the clause describes the
    speaker, and the phrases in it are its objects, not who speaks."""
    if m.speaker_hint is None or m.speaker_text is None or m.speaker_text.lower() in SUBJECT_PRONOUNS:
        return False
    end = m.speaker_hint + len(m.speaker_text)
    rel = _RESTRICTIVE_WHO.match(text, end)
    if rel is None or toks[p.a][1] < rel.end() or toks[p.a][0].lower() in SUBJECT_PRONOUNS:
        return False  # (a pronoun is the subject of a clause of its own: "who gained fame when he yelled")
    return _CLAUSE_BREAK.search(text, end, toks[p.a][1]) is None


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-{1,2}\s")


def _names_no_one(toks: list[Token], p: Phrase) -> bool:
    """Is phrase `p` one word the speaker stage reads as no one ("it", "this")?"""
    return p.b - p.a == 1 and toks[p.a][0].lower() in NO_SPEAKER_WORDS


def rerank_speakers(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The mentions in their order, each with the speaker phrase the scorer prefers (a changed
    speaker's kind is left to the speaker stage: `unknown`); all as they were without rerank.json."""
    model = load()
    if model is None:
        return mentions
    starts = starts_of(seg)  # once per document
    return [choose(seg, m, model, starts) for m in mentions]
