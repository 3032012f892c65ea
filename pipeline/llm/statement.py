"""The model's self-contained statement, kept only where the article backs it (issue 14 point 2).

The LLM backend asks the model, for each claim, for `statement`: one sentence a fact-checker can check
without the article (the speaker named, pronouns and references replaced by what they refer to). A
model rewriting a quote can slip in a name or a number the article never printed, or lose a "not".
`vet` keeps the model's sentence only when the article supports it; otherwise the claim gets the
bracketed form the rule path writes (`claimtext.statement`). The checks, in order; the first that
fails names the reason:

- `missing`: null, not a string, or blank;
- `too_long`: longer than 1.5 x the content + 200 characters (a decontextualised sentence adds a
  speaker and a few resolved references, not paragraphs);
- `unfinished`: it does not end like a sentence (`.`, `!`, `?` or `…`, then perhaps closing
  quotation marks or brackets): an answer cut off by a length bound;
- `sentences`: it has more sentences than the content (one, for a one-sentence content): a
  statement is the claim in one sentence, not the claim and more of the article;
- `markup`: it has a tag (`<article>`, `</p>`) the article lacks: the prompt's delimiters, or markup
  the model made up;
- `invented_name`: a name in it is not a name of the article (`Facts.has_name`). A name is a run of
  capitalised words (particles such as `de`, `van` inside it; honorifics, `I` and leading function
  words such as `The` dropped). A lone capitalised word that starts a sentence (also after `:` or
  an opening quotation mark) is not taken for a name: "Every" or "Officials" there says nothing.
  A name is in the article when its words occur there in that order (case aside) or all within one
  capitalised run of the article ("Lopez" and "Maria Lopez" from "council leader Maria Lopez"; not
  "Tom Lopez" from "Tom Reed" and "Maria Lopez");
- `invented_number`: a number in it is not a number of the article (`numbers`): digits
  (`10,000`, `4.1`), number words (`two`, `twenty-five`, `three thousand`; a lone `one` is read as
  a pronoun, not a number) and scales (`2 million`, `£2m`, `1.5bn`), compared by value, so `two`
  matches `2` and `£2m` matches `2 million`, but `2 billion` does not match `2 million`;
- `negation`: it has a different number of negations (`not`, `never`, `no`, `n't`, `without`, ...)
  than the content: a rewording that adds or drops one says the opposite;
- `stance`: it has a verb of denying (`deny`, `reject`, `dismiss`, `refute`, ...) or of admitting
  (`admit`, `acknowledge`, `concede`, `confirm`, `confess`) that neither the content nor the cue has:
  "X said the minister openly admitted …" of a content in which the minister denied it says the
  opposite, with every name, number and negation in place;
- `gist`: it keeps less than GIST of the content's words (3+ letters, function words and auxiliaries
  aside, compared by their first 5 letters, so "consulted"/"consult" and the tense changes of reported
  speech still match);
- `added_word`: it has a word in lower case (3+ letters, function words aside, compared by its first 5
  letters) that is in neither the content, the speaker's name, the cue nor anywhere in the article: a
  decontextualised sentence names what the article names, it does not add to it (a capitalised word,
  a name or a title, is the name check's);
- `speaker`: the attribution it rests on is not the article's: the model named a speaker, or gave a
  speaker phrase, that the attribution checks refused (`vouch.py`), or the claim lies in a planted
  instruction (attributed to nobody), or the statement does not name the vouched speaker (a word of
  their name).

Kept statements are `kept`. `REASONS` lists every outcome, for run.json's counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..lexicon import CONTENT_NEGATORS, FUNCTION_WORDS, I_FORMS, NAME_PARTICLES, WRITTEN_HONORIFICS
from ..unicase import uni

GIST = 0.6  # share of the content's words the statement must keep
LONG_FACTOR, LONG_EXTRA = 1.5, 200  # a statement longer than LONG_FACTOR * len(content) + LONG_EXTRA is rejected
REASONS = (
    "kept",
    "missing",
    "too_long",
    "unfinished",
    "sentences",
    "markup",
    "invented_name",
    "invented_number",
    "negation",
    "stance",
    "gist",
    "added_word",
    "speaker",
)

_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*$")
# a sentence ends at .!?… (then closing marks), before white space and a capital, digit or opening mark
# (looked at, not taken: "Rt. Hon. Jo" has two dots to read, and the second's word starts with the "H")
_SENTENCE_BREAK = re.compile(
    uni(r"(\w*)[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*\s+(?=[\"'\u201c\u2018\u00ab(\[]?(?:\p{Lu}|[0-9]))")
)
_TAG = re.compile(r"</?[A-Za-z][\w-]*[^<>]*>")
_OPENING = "\"'\u201c\u2018\u00ab([{"
_STOPS = ".!?:\u2026"
# "St." is an abbreviation's dot here ("St. Louis"), not a sentence end (merge/speakers.py has the merge's own list)
_HONORIFICS = WRITTEN_HONORIFICS | {"st"}
_PARTICLES = NAME_PARTICLES
_I_FORMS = I_FORMS
_FUNCTION = FUNCTION_WORDS
_NEGATION = re.compile(r"\b(?:" + "|".join(sorted(CONTENT_NEGATORS)) + r")\b|n['\u2019]t\b", re.IGNORECASE)
# how a statement may report whatever the article's verb was ("Lopez said …", "according to Lopez, …")
_REPORTING = frozenset({"said", "says", "saying", "accor"})
# a figure's scale or unit written out (`£2m` as `£2 million`, `40%` as `40 percent`): the number check's
_NUMBER_WORDS = frozenset({"milli", "billi", "trill", "thous", "hundr", "perce", "cent", "pound", "dolla", "euros"})
# verbs that take a side on what was said: a statement adds neither kind that its content and cue lack
_STANCES = (
    re.compile(
        r"\b(?:den(?:y|ies|ied|ying|ials?)|reject\w*|dismiss\w*|refut\w*|rebut\w*|disput\w*|contradict\w*)\b", re.I
    ),
    re.compile(r"\b(?:admi(?:t|ts|tted|tting|ssions?)|acknowledg\w*|conced\w*|confess\w*|confirm\w*)\b", re.I),
)

# ----------------------------------------------------------------- numbers
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}  # only right after digits
_NUMBER_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+", re.IGNORECASE)


def numbers(text: str) -> list[tuple[Decimal, Decimal | None]]:
    """Every number of `text` as (value, the bare figure before a scale or None), in order.

    `£2m` -> (2000000, 2); `twenty-five` -> (25, None); `10,000` -> (10000, None). A lone `one` is
    not a number (it is mostly a pronoun: "no one", "the one who").
    """
    toks = [(m.group().lower(), m.start(), m.end()) for m in _NUMBER_TOKEN.finditer(text)]
    out: list[tuple[Decimal, Decimal | None]] = []
    i = 0
    while i < len(toks):
        tok, _, end = toks[i]
        if tok[0].isdigit():
            try:
                value = Decimal(tok.replace(",", ""))
            except InvalidOperation:  # (the pattern only matches well-formed figures)
                i += 1
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt and nxt[1] == end and nxt[0] in _ABBREVIATIONS:
                out.append((value * _ABBREVIATIONS[nxt[0]], value))
                i += 2
                continue
            if nxt and nxt[0] in _SCALES and not text[end : nxt[1]].strip():
                out.append((value * _SCALES[nxt[0]], value))
                i += 2
                continue
            out.append((value, None))
            i += 1
            continue
        if tok not in _UNITS and tok not in _TENS and tok not in _SCALES:
            i += 1
            continue
        # a phrase of number words: "twenty-five", "three thousand", "one hundred and twenty"; "two three"
        # or "two and three" are two numbers
        j = i
        words: list[str] = []
        while j < len(toks):
            w, s, _ = toks[j]
            if words and text[toks[j - 1][2] : s].strip(" -"):
                break
            if not words or _follows(words[-1], w):
                words.append(w)
                j += 1
            elif w == "and" and words[-1] in _SCALES and j + 1 < len(toks) and _follows(words[-1], toks[j + 1][0]):
                j += 1
                words.append(toks[j][0])
                j += 1
            else:
                break
        i = j
        if words == ["one"]:
            continue
        total, current = 0, 0
        for w in words:
            if w in _UNITS or w in _TENS:
                current += _UNITS.get(w, 0) + _TENS.get(w, 0)
            elif w == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * _SCALES[w]
                current = 0
        out.append((Decimal(total + current), None))
    return out


def _follows(prev: str, word: str) -> bool:
    """`word` goes on the number phrase ending in `prev`: "twenty five", "five hundred", "hundred thousand"."""
    if word in _UNITS:
        return prev in _TENS or prev in _SCALES
    if word in _TENS:
        return prev in _SCALES
    if word in _SCALES:
        return prev in _UNITS or prev in _TENS or (prev == "hundred" and word != "hundred")
    return False


# ------------------------------------------------------------------- names
def _bare(token: str) -> str:
    """A word as names and gists compare it: lower case, one apostrophe, no possessive `'s`."""
    return _POSSESSIVE.sub("", token.replace("\u2019", "'").lower()) or token.lower()


def _sentence_start(text: str, pos: int) -> bool:
    """The word at `pos` starts a sentence: the text's start, after `.!?:…`, or after an opening quotation mark."""
    before = text[max(0, pos - 40) : pos].rstrip()  # (a bounded look back: asked once per capitalised run)
    if not before:
        return True
    if before[-1] in _OPENING:
        # `"` and `'` open a quotation after a space or a stop, and close one after a word
        return before[-1] not in "\"'" or len(before) == 1 or before[-2].isspace() or before[-2] in _STOPS + _OPENING
    if before[-1] in _STOPS:
        if before[-1] == ".":  # "Mr. Lopez", "J. Smith": the dot of an abbreviation, not a sentence end
            word = re.search(r"(\w+)\.$", before)
            if word and (word.group(1).lower() in _HONORIFICS or (len(word.group(1)) == 1 and word.group(1).isupper())):
                return False
        return True
    return False


def name_runs(text: str, *, skip_sentence_starts: bool = True) -> list[tuple[str, ...]]:
    """The names of `text`: runs of capitalised words as lower-case tokens (see the module docstring)."""
    runs: list[tuple[str, ...]] = []
    cur: list[tuple[str, int]] = []  # (token, start)
    prev_end = -1
    prev_tok = ""

    def close() -> None:
        toks = [t for t, _ in cur]
        while toks and toks[-1] in _PARTICLES:  # a particle only joins two capitalised words
            toks.pop()
        whole = len(toks)
        while toks and (toks[0] in _FUNCTION or toks[0] in _HONORIFICS):
            toks.pop(0)  # "The City Council", "Ms Lopez": what is left does not start the sentence
        toks = [t for t in toks if t not in _HONORIFICS and t not in _I_FORMS]
        if not toks:
            return
        if skip_sentence_starts and whole == 1 and _sentence_start(text, cur[0][1]):
            return  # a lone capitalised word starting a sentence: "Officials said ...", not a name
        runs.append(tuple(toks))

    for m in _TOKEN.finditer(text):
        raw = m.group()
        tok = _bare(raw)
        capital = raw[0].isupper()
        gap = text[prev_end : m.start()] if prev_end >= 0 else ""
        joined = bool(cur) and (
            gap.isspace() or gap == "-" or (gap.startswith(".") and gap[1:].isspace() and _abbrev(prev_tok))
        )
        if capital and (joined or not cur):
            cur.append((tok, m.start()))
        elif not capital and tok in _PARTICLES and cur and joined:
            cur.append((tok, m.start()))
        else:
            if cur:
                close()
            cur = [(tok, m.start())] if capital else []
        prev_end, prev_tok = m.end(), raw
    if cur:
        close()
    return runs


def _abbrev(token: str) -> bool:
    return token.lower() in _HONORIFICS or (len(token) == 1 and token.isupper())


# ------------------------------------------------------------------- facts
class Facts:
    """What the checks need to know about one article: its words, names and numbers (built once)."""

    def __init__(self, article: str):
        self.article = article
        words = [_bare(t) for t in _TOKEN.findall(article.replace("-", " "))]
        self._words = words
        self._at: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(words):
            self._at[w].append(i)
        self._in_run: dict[str, set[int]] = defaultdict(set)  # token -> the capitalised runs holding it
        for r, run in enumerate(name_runs(article.replace("-", " "), skip_sentence_starts=False)):
            for t in run:
                self._in_run[t].add(r)
        self.stems = {w[:5] for w in words}  # (every word's first 5 letters: `added_word`)
        self.numbers: set[Decimal] = set()
        for value, bare in numbers(article):
            self.numbers.add(value)
            if bare is not None:
                self.numbers.add(bare)

    def has_name(self, name: tuple[str, ...]) -> bool:
        """Its words in that order in the article (case aside), or all in one capitalised run of it."""
        for i in self._at.get(name[0], ()):
            if tuple(self._words[i : i + len(name)]) == name:
                return True
        runs = [self._in_run.get(t, set()) for t in name if t not in _PARTICLES]
        return bool(runs) and bool(set.intersection(*runs))

    def invented_name(self, statement: str) -> tuple[str, ...] | None:
        """The first name of `statement` the article lacks, or None."""
        for run in name_runs(statement.replace("-", " ")):
            if not self.has_name(run):
                return run
        return None

    def invented_number(self, statement: str) -> Decimal | None:
        """The first number of `statement` the article lacks, or None."""
        for value, _ in numbers(statement):
            if value not in self.numbers:
                return value
        return None


# --------------------------------------------------------------- the check
@dataclass(frozen=True)
class Vetted:
    statement: str | None  # the model's sentence (white space folded) when kept, else None
    reason: str  # one of REASONS


def sentences(text: str) -> int:
    """How many sentences `text` has: 1 + the sentence breaks in it (not after `Mr.` or an initial)."""
    return 1 + sum(1 for m in _SENTENCE_BREAK.finditer(text) if not _abbrev(m.group(1)))


def _gist_words(text: str) -> set[str]:
    return {
        w[:5] for w in (_bare(t) for t in _TOKEN.findall(text)) if len(w) >= 3 and w.isalpha() and w not in _FUNCTION
    }


def _names_speaker(statement: str, speaker: str) -> bool:
    words = {_bare(t) for t in _TOKEN.findall(statement)}
    own = {_bare(t) for t in _TOKEN.findall(speaker)} - _HONORIFICS - _PARTICLES
    return not own or bool(own & words)


def vet(
    statement: object,
    content: str,
    facts: Facts,
    *,
    speaker: str | None = None,
    refused: bool = False,
    cue: str | None = None,
) -> Vetted:
    """The model's `statement` for a claim with this `content`, kept or rejected (module docstring).

    `speaker`: the speaker name the attribution checks kept, if any; `refused`: the attribution the
    model gave (speaker phrase, name) was refused, or the claim is attributed to nobody; `cue`: the
    claim's cue as the article prints it (a denial's `denied` may stand in the statement).
    """
    if not isinstance(statement, str) or not statement.strip():
        return Vetted(None, "missing")
    said = " ".join(statement.split())
    if len(said) > LONG_FACTOR * len(content) + LONG_EXTRA:
        return Vetted(None, "too_long")
    if not _SENTENCE_END.search(said):
        return Vetted(None, "unfinished")
    if sentences(said) > sentences(content):
        return Vetted(None, "sentences")
    if any(t.group() not in facts.article for t in _TAG.finditer(said)):
        return Vetted(None, "markup")
    if facts.invented_name(said) is not None:
        return Vetted(None, "invented_name")
    if facts.invented_number(said) is not None:
        return Vetted(None, "invented_number")
    if len(_NEGATION.findall(said)) != len(_NEGATION.findall(content)):
        return Vetted(None, "negation")
    source = f"{content} {cue or ''}"
    if any(p.search(said) and not p.search(source) for p in _STANCES):
        return Vetted(None, "stance")
    gist = _gist_words(content)
    if gist and len(gist & _gist_words(said)) < GIST * len(gist):
        return Vetted(None, "gist")
    lower = " ".join(t for t in _TOKEN.findall(said) if t.islower())  # (a capitalised word: a name or title, above)
    if (
        _gist_words(lower)
        - gist
        - _gist_words(f"{speaker or ''} {cue or ''}")
        - _REPORTING
        - _NUMBER_WORDS
        - facts.stems
    ):
        return Vetted(None, "added_word")
    if refused or (speaker and not _names_speaker(said, speaker)):
        return Vetted(None, "speaker")
    return Vetted(said, "kept")
