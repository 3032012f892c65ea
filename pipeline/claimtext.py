"""A claim's wording for a fact-checker: clean content and a self-contained statement.

`clean_content(text)` gives the statement's words without the quotation marks that enclose them, without
a mark left unbalanced (a quotation cut by the sentence splitter, or opened in a paragraph that never
closes it), without the attribution frame of a split quotation (`"A," X said. "B"` -> `A. B`),
with white space folded. Balanced quotation marks inside (the quoted words of a mixed
quote) stay. `mentions[].text` keeps the verbatim source slice; only `content` is cleaned.

`statement(...)` writes the claim the way editors clarify quotes: the speaker named and references the
document resolves put in square brackets after the word they clarify —
`Philip Rutnam: "She [Priti Patel] has not made the effort I [Philip Rutnam] would expect."`
A reported infinitive keeps its subject with the source's words before it (`find_lead`):
`Priti Patel had tried to move ...`, not `According to Priti Patel, to move ...`; so does a content that
is the cue's object (`OBJECT_RULES`): `Roger Ailes denied the charges`, not `According to Roger Ailes,
the charges`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .checkworthy.types import has_finite_verb
from .lexicon import (
    CUE_LEMMA,
    CUE_PAST,
    DENIAL_LEMMAS,
    DETERMINERS,
    FEMALE_NAMES,
    FUNCTION_WORDS,
    GROUP_HEADS,
    HONORIFICS,
    INDEFINITE_PRONOUNS,
    LIGHT_VERBS,
    MALE_NAMES,
    NEGATIONS,
    QUANTIFIER_HEADS,
    RELATIVE_PRONOUNS,
    ROLE_HEADS,
    SUBJECT_PRONOUNS,
    TAKES_OBJECT,
    TIME_WORDS,
    TITLES_F,
    TITLES_M,
    TITLES_N,
    UNNAMED_PASSIVES,
    VERB_HELPERS,
    is_share,
    opens_with_share,
    past_form,
)
from .models import GroundedMention, Lead, Mention
from .quotestyle import CLOSE_SINGLE, OPEN_SINGLE, TYPEWRITER, as_double_quotes, single_quoted
from .unicase import uni

# Opening mark -> the marks that may close it. Straight double quotes close themselves.
_CLOSERS = {'"': '"', "\u201c": "\u201d\u201c", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u201f": "\u201d"}
_OPENERS = set(_CLOSERS)
_CLOSING = {"\u201d", "\u00bb"}
_ALL_DOUBLE = _OPENERS | _CLOSING
_DOUBLE_MARK = re.compile("[" + "".join(sorted(_ALL_DOUBLE)) + "]")
_TRAILING = ",;:"
_STRAY_BETWEEN_WORDS = re.compile(
    r"(?<=\w)\0+(?=\w)"
)  # a quotation cut before its frame ('"We will win," she said') ends in a comma


def _pairs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Matched (open, close) positions of double quotation marks, and the positions left unmatched."""
    pairs: list[tuple[int, int]] = []
    stray: list[int] = []
    stack: list[int] = []
    for q in _DOUBLE_MARK.finditer(text):  # the marks only, not every character: twice as fast
        i, ch = q.start(), q.group()
        if stack and ch in _CLOSERS[text[stack[-1]]]:
            # a curly opener after a curly opener nests; a straight mark always closes the open straight one
            if ch == "\u201c" and text[stack[-1]] == "\u201c":
                stack.append(i)
                continue
            pairs.append((stack.pop(), i))
        elif ch in _OPENERS:
            stack.append(i)
        else:
            stray.append(i)
    return pairs, sorted(stray + stack)


# The frame between the halves of a split quotation (`"A," X said. "B"`, `"A," X said, "B"`): the
# first half ends with , ? or ! inside its closing mark; the frame has no quotation mark, ends with
# , . or : and is short (the rule backend joins the halves over at most 200 characters); a straight mark
# after it opens the second half only before a word, and a curly one only before some words (a mark
# at the end or before another mark opens nothing: `'',” a."`, `“,” a.""`, `"," a.«»`; a straight one
# before a space is left as printed, as the segmenter reads it).
_SPLIT_FRAME = re.compile(
    r"(?P<end>[,?!])[\"\u201d]\s+(?P<frame>[^\"\u201c\u201d\u201e\u00ab\u00bb]{1,200}?(?P<stop>[,.:]))\s*"
    r"(?=[\u201c\u201e\u00ab]\s*[^\s\"\u201c\u201d\u201e\u00ab\u00bb]|\"[^\s\"\u201c\u201d\u201e\u00ab\u00bb])"
)


# A frame inside a content, between a quotation and the quotation that goes on after it, a sentence
# of its own (`… a “change agent,” Cole said. “That is …`): after the first quotation's comma (or ? !)
# and closing mark, a reporting verb with at most a short subject before it (no comma), no quotation
# mark and no other sentence end (an initial's dot aside: `George W. Bush`), a full stop, then an
# opening mark right before a word. A mark followed by white space closes, one before a word opens:
# straight marks are told apart so.
_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
_INNER_FRAME = re.compile(
    r"(?P<end>[,?!])(?P<close>[\"\u201d])\s+[^,.!?"
    + _MARKS
    + r"]{0,60}?\b(?:"
    + "|".join(sorted(CUE_LEMMA, key=len, reverse=True))
    + r")\b(?:[^.!?"
    + _MARKS
    + r"]|(?<=\b[A-Z])\.){0,160}?\.\s+(?=[\"\u201c\u201e\u00ab]\w)"
)


# A frame set off by commas in the middle of a reported clause ("The ice covered 14.2 million square
# kilometres, the center said, about 1.1 million below the average"): a short subject, a reporting verb
# (and a day or a listener), then the clause goes on in lower case. The mention keeps it (PolNeAR marks
# the sentence whole); the content and the statement read without it.
# the verbs of saying such a frame holds (not every cue: "…, you know, …", "…, records show, …")
_FRAME_LEMMAS = frozenset(
    "say add note argue explain insist write contend acknowledge warn claim recall tell believe think predict "
    "suggest stress".split()
)
_FRAME_VERBS = sorted(
    (w for w, lemma in CUE_LEMMA.items() if lemma in _FRAME_LEMMAS and not w.endswith("ing")), key=len
)
# (the comma is matched before the word character behind it is looked at, ",(?<=\w,)" where "(?<=\w),"
# would do: a pattern that opens with a character lets `re` skip to the next comma, where a lookbehind
# first is tried at every position of the text, four to seven times as slow)
_MID_FRAME = re.compile(
    r",(?<=\w,)\s+(?!(?:which|who|whom|that|as)\b)"
    # the subject's words: no joint, verb or preposition among them ("but they are rearranged like notes")
    r"(?:(?!(?:and|but|or|so|to|is|are|was|were|be|been|like|of|in|on|for|with|as|if|when|this)\b)"
    r"[\w.'\u2019-]+\s+){1,5}?(?:"
    + "|".join(reversed(_FRAME_VERBS))
    + r")(?:\s+[\w'\u2019-]+)?,\s+(?=(?P<next>[a-z]+))"
)
# "that" right after the frame joins the words before it ("a reminder, Rogers said, that …")
_NO_COMMA_NEXT = frozenset(VERB_HELPERS) | {"that"}
_PREPOSITIONS = frozenset(
    "in on at for after before during with by from since under over about against among despite".split()
)
_CLAUSE_SO_FAR = re.compile(r"[^,;:]*$")  # the words of a clause up to a point


def drop_mid_frames(text: str) -> str:
    """`text` without the frames set off by commas inside it (`_MID_FRAME`: a verb of saying, at most
    five words before it): "A, the center said, b" -> "A, b"; "Trump, the senator said, is a danger"
    -> "Trump is a danger"."""
    if text[:1] in _OPENERS:
        return text  # a quotation's words are the speaker's own: nothing in them is the writer's frame
    return _MID_FRAME.sub(lambda m: _rejoined(text, m), text)


def _rejoined(text: str, m: re.Match[str]) -> str:
    """What stands where the frame `m` was: no comma when the words before it are the clause's subject
    and a verb follows ("The budget, the senator said, faces a shortfall" -> "The budget faces …"; a
    helper, a past form, or a present form after a subject with no verb of its own), else a comma."""
    nxt = m["next"]
    if nxt in _NO_COMMA_NEXT or past_form(nxt):
        return " "
    found = _CLAUSE_SO_FAR.search(text, 0, m.start())
    before = found.group(0) if found is not None else ""
    words = before.split()
    # (an adverbial before the frame keeps its comma: "In his state, Christie said, offenders are …")
    subject_only = bool(words) and words[0].lower() not in _PREPOSITIONS and not has_finite_verb(before)
    return " " if subject_only and nxt.endswith("s") and not nxt.endswith("ss") else ", "


def _inner_frame(m: re.Match[str]) -> str:
    """`_INNER_FRAME`'s replacement: the clause's own end (a comma becomes a full stop) and its mark."""
    return ("." if m.group("end") == "," else m.group("end")) + m.group("close") + " "


def drop_split_frames(text: str) -> str:
    """`_drop_opening_frames`, then each frame a content holds between a clause and the quotation that
    follows it (`_INNER_FRAME`: `… a “change agent,” Cole said. “That is …` -> `… a “change agent.”
    “That is …`; a comma before the frame ends the clause). Words only go, marks stay balanced."""
    return _INNER_FRAME.sub(_inner_frame, _drop_opening_frames(text))


def _drop_opening_frames(text: str) -> str:
    """A content that opens with a quotation split by its attribution frame, with the frame taken out.

    In: folded text such as `“A,” X said. “B.`; out: `“A. B.` (the frame's full stop or colon ends the
    first half; after a comma the sentence goes on: `“A b.`). The quoted words are the statement, the
    narration between them is not. Text that does not open with such a quotation comes back unchanged.
    """
    if text[:1] not in _OPENERS:
        return text
    found, stray = _pairs(text)
    pairs = dict(found)
    if 0 not in pairs and 0 in stray and 1 in pairs:
        # a stray mark before the quotation (`"“A,” X said. “B.”`), which the cleaning drops: the
        # quotation opens the content all the same, so its frame goes now, not on a second cleaning
        return _drop_opening_frames(text[1:])
    if 0 not in pairs:
        return text
    close = pairs[0]
    m = _SPLIT_FRAME.match(text, close - 1)
    if m is None:
        return text
    first = text[: close - 1]
    if m.group("end") != ",":
        first += m.group("end")
    elif m.group("stop") != ",":
        first += "."
    rest = text[m.end() + 1 :]
    return _drop_opening_frames(text[0] + first[1:].rstrip() + " " + rest)  # (folded: no space doubled)


# A claim's content and its statement clean the same words (and outlets print the same quote): cached,
# bounded so a long run's memory stays flat.
@lru_cache(maxsize=1 << 14)
def clean_content(text: str) -> str:
    """`text` with white space folded, enclosing quotation marks removed and unbalanced marks dropped;
    a quotation in single marks (curly or typewriter) loses them too where `text` opens with one and
    prints no double mark (`quotestyle`); single marks inside a content stay as printed."""
    s = _clean_double(text)
    # (after the double marks' cleaning, so that a cleaned content is clean: a stray double mark
    # dropped may leave a content that quotes in single marks; one that only opens the content keeps them)
    while (
        s[:1] in (OPEN_SINGLE, TYPEWRITER)
        and s.rstrip(_TRAILING + " .!?")[-1:] in (CLOSE_SINGLE, TYPEWRITER)
        and single_quoted(s)
    ):
        cleaned = _clean_double(as_double_quotes(s))
        if cleaned == s:
            break
        s = cleaned
    return s


# Two apostrophes stand for a double quotation mark in some wire copy (''like this''), as `segment` reads them
_TWO_APOSTROPHES = re.compile(r"(?<!')'''?(?!')")


def _as_curly(text: str) -> str:
    """`text` with each '' that touches a word read as a double mark: an opening one before a word at the
    start or after a space or an opening bracket, a closing one after a word (so the cleaning sees the
    quotation it marks); '' between spaces, or alone, stays as printed."""
    if "''" not in text:
        return text

    def mark(m: re.Match[str]) -> str:
        a, b = m.start(), m.end()
        before, after = text[a - 1 : a], text[b : b + 1]
        single = "'" if len(m.group(0)) == 3 else ""  # (three: a single mark and a double one)
        if after.strip() and (not before or before in " ([{\u2014-"):
            return "\u201c" + single
        return single + "\u201d" if before.strip() else m.group(0)

    return _TWO_APOSTROPHES.sub(mark, text)


def _clean_double(text: str) -> str:
    """`clean_content` with double quotation marks only."""
    folded = " ".join(text.split())
    curly = _as_curly(folded)
    cleaned = _clean_curly(curly)
    # (a mark dropped between two apostrophes may leave a '' the next reading takes for a mark: read
    # again until none is left, so that a cleaned content cleans to itself)
    return _clean_double(cleaned) if _as_curly(cleaned) != cleaned else cleaned


def _clean_curly(text: str) -> str:
    """`_clean_double` once its two apostrophes are read (`_as_curly`)."""
    s = drop_mid_frames(drop_split_frames(text))
    pairs, stray = _pairs(s)
    if stray:
        drop = set(stray)
        # a stray mark between two words becomes a space, elsewhere it goes
        marked = "".join("\0" if i in drop else ch for i, ch in enumerate(s))
        s = _STRAY_BETWEEN_WORDS.sub(" ", marked).replace("\0", "")
        s = " ".join(s.split())
        pairs, _ = _pairs(s)
    while True:
        body = s.rstrip(_TRAILING + " ")
        # the whole content is one quotation, perhaps with the full stop outside it ('"…".')
        tail = ""
        if body[-1:] in ".!?" and len(body) >= 2 and body[-2] in _ALL_DOUBLE:
            body, tail = body[:-1], body[-1]
        if len(body) >= 2 and body[0] in _OPENERS and (0, len(body) - 1) in pairs:
            inner = body[1:-1].strip()
            s = (inner + ("" if inner[-1:] in ".!?" else tail)).strip()  # ('"It works.".': one stop)
            pairs, _ = _pairs(s)
            continue
        return s.rstrip(_TRAILING + " ")


@dataclass(frozen=True)
class Clarification:
    """A word of the content (`start`..`end`, offsets into the content) and what it refers to."""

    start: int
    end: int
    refers_to: str


# 'm 've 's 'll 'd 're after a pronoun: the bracket goes after the whole word
_CONTRACTION = re.compile(r"['\u2019](?:m|ve|s|ll|d|re)\b", re.I)


def bracketed(content: str, clarifications: Sequence[Clarification]) -> str:
    """`content` with ` [refers_to]` after each clarified word (overlapping or repeated ones once).

    The bracket follows a contraction the word carries (`I'm [Ann Lee]`, not `I [Ann Lee]'m`); a word
    inside the source's own editorial brackets (`[I]f`, `[he]`) is left as printed.
    """
    out: list[str] = []
    at = 0
    for c in sorted(clarifications, key=lambda c: (c.start, c.end)):
        if c.start < at or not (0 <= c.start < c.end <= len(content)):
            continue
        if content[c.start : c.end].strip().lower() == c.refers_to.strip().lower():
            continue
        if content[c.start - 1 : c.start] == "[" or content[c.end : c.end + 1] == "]":
            continue
        suffix = _CONTRACTION.match(content, c.end)
        end = suffix.end() if suffix else c.end
        out.append(content[at:end])
        out.append(f" [{c.refers_to}]")
        at = end
    out.append(content[at:])
    return "".join(out)


def statement(
    speaker: str | None,
    content: str,
    quote_type: str,
    clarifications: Sequence[Clarification] = (),
    lead: Lead | None = None,
    polarity: str = "assertion",
    cue: str | None = None,
    common: bool = False,
) -> str:
    """One sentence a fact-checker can check without the article.

    Direct quotes: `Speaker: "words"`; indirect and mixed: `According to Speaker, words`. `content` is the
    verbatim wording; `clarifications` index into it. An unknown speaker is written as such, so the
    statement never pretends to know who spoke. An infinitive content with its `lead` (`find_lead`)
    keeps its subject: `Speaker had tried to move ...`, or `According to Speaker, relations were said
    to have ...` when the subject is not the speaker; so does a content that is the cue's object
    (`lead.of_object`): `Speaker denied the charges`. A reported denial without such a lead says so
    (`Speaker denied that words`), never `According to Speaker, words`; one whose `cue` is a finite
    denial verb and whose content is its object keeps that verb (`Speaker dismissed the remarks as
    …`, not `denied the remarks as …`). `common`: the words open with a common word that goes to
    lower case after the speaker (`common_opening`).
    """
    clarified = bracketed(content, clarifications)
    words = clean_content(clarified)
    who = _with_article(speaker) if speaker else "an unidentified source"
    led = _led(speaker, words, lead) if quote_type != "direct" else None
    if led is not None:
        return led
    if quote_type == "direct":
        inner = words.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
        return f'{who[:1].upper() + who[1:]}: "{inner}"'
    if polarity == "denial":
        clause = words.lower().startswith("that ") or _CLAUSE_START.match(words) is not None
        body = _mid_sentence(words[5:] if words.lower().startswith("that ") else words, common)
        verb = "denied" if clause or not _finite_denial_verb(cue) else (cue or "").lower()
        return f"{who[:1].upper() + who[1:]} {verb} {'that ' if clause else ''}{body}"
    if words.lower().startswith("that ") and not _THAT_AS_SUBJECT.match(words):
        words = words[5:]
    # "…, officials said, and all were alive": the joint links the content to the writer's sentence
    words = _LEADING_JOINT.sub("", words, count=1) or words
    # "said the cuts would save money and that most jobs would go": parallel clauses, the second
    # "that" is no longer answered by a first one ("and that was a mistake" keeps its pronoun)
    words = _SECOND_THAT.sub(r"\1", words)
    printed = _printed_cue(cue, speaker)
    if (
        printed
        and speaker
        and (_fragment(words) or _listener_then_infinitive(printed, words))
        and not _raised(printed, words)
    ):
        # "According to Hillary Clinton, about Machado as …" keeps no verb: the source's own verb does
        return f"{who[:1].upper() + who[1:]} {printed} {_mid_sentence(words, common)}"
    return f"According to {who}, {_mid_sentence(words, common)}"


# a content that opens with a preposition, an infinitive or a question word is the cue's complement,
# no sentence of its own ("to reconsider", "about Machado as …", "whether Obama was prepared …")
_COMPLEMENT_OPENER = re.compile(
    r"(?:to|about(?!\s+(?:\d|\$|a\s|an\s|one\b|two\b|three\b|half\b))|whether|if|what|how|of|by|for|against|from|on"
    r"|with|as|in)\s",  # ("about 4 million people live …": a number, not a topic)
    re.I,
)
# verbs whose participle before an infinitive is usually a passive that raises its object ("Ryan is
# expected to argue", "is believed to have fled"): the speaker is no subject of the infinitive
_RAISING_LEMMAS = UNNAMED_PASSIVES | {"consider", "see", "rumor", "rumour"}
_WH_OPENER = re.compile(r"(?:to|whether|if|what|how)\s", re.I)


def complement_only(words: str) -> bool:
    """Is the content `words` (as after "According to X,") a complement with no sentence of its own
    (`_fragment`, a leading "that " aside)? Nothing in it is asserted for a fact-checker to check."""
    w = words[5:] if words[:5].lower() == "that " else words
    return _fragment(w)


def _fragment(words: str) -> bool:
    """Is `words` a complement that needs its cue: a complement opener (`_COMPLEMENT_OPENER`) and no
    finite verb, or an infinitive or a question word with no comma ("whether X was prepared"; "if X
    wins, Y" is a condition on a whole sentence, "what is less certain, …, is" a sentence)?"""
    if _COMPLEMENT_OPENER.match(words) is None:
        return False
    return (_WH_OPENER.match(words) is not None and "," not in words) or not has_finite_verb(words)


# verbs that take a listener before an infinitive ("urged both sides to …", "told staff not to …")
# ("call" is left out: "called Trump unfit to serve" prints its object elsewhere, "called on" its own way)
_DIRECTIVE_LEMMAS = (TAKES_OBJECT - {"call", "accuse"}) | {
    "encourage",
    "invite",
    "implore",
    "press",
    "pressure",
    "beg",
    "order",
    "instruct",
}
# how a listener opens: an article, a possessive, an object pronoun or a quantifier (or a capital, a name);
# not a demonstrative, which opens a clause as often ("told reporters this includes …")
_LISTENER_OPENERS = frozenset(
    "the a an his her their its our my your him them us me all both every each some many other others".split()
)


def _listener_then_infinitive(verb: str, words: str) -> bool:
    """Is `words` the listener and the infinitive of a directive `verb` ("both sides to find a way
    through"), no clause of its own: after "According to X," it would lose the verb that links them."""
    if CUE_LEMMA.get(verb.split()[0].lower()) not in _DIRECTIVE_LEMMAS or has_finite_verb(words):
        return False
    m = _LISTENER_INFINITIVE.match(words)
    if m is None or has_finite_verb(m.group(1)):
        return False
    first = m.group(1).split()[0]
    return first.lower() in _LISTENER_OPENERS or (first[:1].isupper() and len(m.group(1).split()) <= 3)


# a listener of one to five words, then the infinitive, perhaps quoted ('both sides to "find a way"')
_LISTENER_INFINITIVE = re.compile(r"((?:[\w'\u2019.-]+\s+){1,5}?)(?:not\s+|never\s+)?to\s+[\"\u201c']?\w")


def _raised(verb: str, words: str) -> bool:
    """Does `verb` printed before the infinitive `words` misreport it: a raising participle
    (`_RAISING_LEMMAS`), or a verb whose listener stood between it and the infinitive?"""
    first = verb.split()[0].lower()
    lemma = CUE_LEMMA.get(first)
    if words[:3].lower() != "to ":
        return False
    # (a verb that takes its listener before the infinitive, printed alone, drops the listener: "Kerry
    # urged to resume talks" was "urged North Korea to resume talks")
    bare_object = lemma in TAKES_OBJECT and len(verb.split()) == 1
    return bare_object or lemma in _RAISING_LEMMAS and first != lemma and not first.endswith("s")


def _plural_role(words: Sequence[str]) -> bool:
    """Is a speaker whose last word is capitalised and ends in "s" a plural role ("Voters", "Most
    Republicans", "The Republicans"), not a name ("Bernie Sanders", "Reuters")? A determiner or a
    quantifier before it, or a role noun the lexicon knows (`ROLE_HEADS`, `GROUP_HEADS`), says so."""
    low = words[-1].lower()
    if len(words) > 1 and words[0].lower() in _DETERMINER | QUANTIFIER_HEADS:
        return True
    return low in ROLE_HEADS or low[:-1] in ROLE_HEADS or low in GROUP_HEADS or low in QUANTIFIER_HEADS


def _printed_cue(cue: str | None, speaker: str | None) -> str | None:
    """The cue as the article printed it, when it reads as the statement's verb after `speaker`: a past
    form (`vowed`, `told the Post`), a present form agreeing with the speaker as far as its last word
    tells (`The survey shows`, `E.U. leaders warn`), a participle's past form (`vowing` -> `vowed`); None
    for a participle of a verb without one, a present form
    after a capitalised last word in "s" (`Bernie Sanders`, `Reuters`, `Democrats`: one or many), a base
    form after a singular speaker (the article's was after "to" or "will": `Hillary Clinton respond`), a
    denial verb (written by the denial branch) or a non-verb."""
    if not cue or not cue.strip() or not speaker:
        return None
    first = cue.split()[0].lower()
    lemma = CUE_LEMMA.get(first)
    if lemma is None or lemma in DENIAL_LEMMAS:
        return None
    if first.endswith("ing"):
        # "Trump vowing to protect …": printed as the past form, as a reporter would ("vowed to protect")
        past = CUE_PAST.get(lemma)
        return None if past is None else " ".join([past, *cue.split()[1:]])
    words = speaker.split()
    last = words[-1] if words else ""
    if first != lemma and not first.endswith("s"):
        return " ".join(cue.split())  # a past form agrees with any subject
    if last[:1].isupper() and last.endswith("s") and not _plural_role(words):
        return None  # "Bernie Sanders", "Reuters": one or many? no present form is safe
    plural = last.lower().endswith("s")
    if first == lemma and not plural or first != lemma and plural:
        return None
    return " ".join(cue.split())


# "said that would permit more ships": a "that" right before a finite verb is the clause's subject (a
# demonstrative), not the conjunction a statement drops ("According to X, that would permit …")
# the verbs a clause opens with when its subject stands elsewhere (see also `fronted_lead`)
_FINITE_OPENERS = VERB_HELPERS - {"be", "been", "being", "do"}
_THAT_AS_SUBJECT = re.compile(r"that\s+(?:" + "|".join(sorted(_FINITE_OPENERS)) + r")\b(?!-)", re.I)
_LEADING_JOINT = re.compile(r"\A(?:and|but|yet)\b,?\s+(?=\S)", re.I)  # (not "so": "So far, …")


def _finite_denial_verb(cue: str | None) -> bool:
    """Is `cue` one word, a past or present form of a denial verb ("dismissed", "rejects")?"""
    if not cue or " " in cue.strip():
        return False
    low = cue.strip().lower()
    return CUE_LEMMA.get(low) in DENIAL_LEMMAS and low.endswith(("ed", "s")) and low != CUE_LEMMA.get(low)


# (only before a clause's subject: "and that most jobs would go", "and that 40 per cent …", "and that core
# inflation had fallen" (two or three words, then an auxiliary); "and that hurt families", "but that money
# is owed", "and that decision stood" keep their pronoun or determiner)
_SECOND_THAT = re.compile(
    r"(,?\s(?:and|but|or)\s)that\s(?=(?:the|a|an|he|she|they|we|it|i|you|there|his|her|their|its|our|this|these"
    r"|those|some|most|many|all|no|every|each|[A-Z][\w.'\u2019-]*)\s|[$\u00a3\u20ac]?\d"
    r"|(?:[a-z][\w-]*\s){2,3}(?:had|has|have|was|were|is|are|would|will|could|can|should|may|might|must)\b)"
)
# A speaker written in lower case is a description ("company", "ministry"): "According to company,"
# needs its article; plural and mass nouns ("officials", "police") and phrases with their own
# determiner ("a spokesman", "his lawyer") do not.
_NO_ARTICLE_NEEDED = {"police", "staff", "people", "media", "public", "management", "security", "intelligence"}
_NUMERALS = {"one", "two", "three", "four", "five", "others"}


def _with_article(speaker: str) -> str:
    """`speaker` as it reads after "According to": "company" -> "the company", "Duchess" -> "the Duchess"
    (a title alone names its holder as a role does)."""
    if speaker.lower().rstrip(".") in _LONE_TITLES:
        return "the " + speaker
    words = speaker.lower().split()
    if not speaker[:1].islower():
        opener = re.split(r"['\u2019]", words[0])[0]
        first = speaker.split()[0]
        if (first[1:].islower() or first == "A") and (
            opener in _QUANTIFIERS or opener in _NUMERALS or (len(words) > 1 and opener in FUNCTION_WORDS)
        ):
            # a sentence's capital on a function word: "Some", "Those close to him", "The Guardian"
            return speaker[:1].lower() + speaker[1:]
        last = speaker.split()[-1]
        if (
            1 < len(words) <= 4
            and last.islower()
            and not last.endswith("s")
            and not any(w in FUNCTION_WORDS or w in _NUMBER_WORDS or w[:1].isdigit() for w in words)
            and not any(c in speaker for c in ".'\u2019")
        ):
            return "the " + speaker  # a description opened by a name: "Vermont senator", "Democratic candidate"
        return speaker
    first = re.split(r"['\u2019]", words[0])[0]
    if opens_with_share(speaker) or len(words) >= 3 and is_share(*words[-3:]):
        return speaker  # a share of those asked: "nine in 10", "nearly eight in 10 voters overall"
    if first in FUNCTION_WORDS or first in _PRONOUN or first in _NUMERALS or first in INDEFINITE_PRONOUNS:
        return speaker  # "a spokesman", "his lawyer", "everyone"; "they turned" (a phrase the rules misread)
    last = words[-1].rstrip("'\u2019")
    if (last.endswith("s") and not last.endswith(("ss", "is", "us"))) or last in _NO_ARTICLE_NEEDED:
        return speaker
    return "the " + speaker


_ROYAL_TITLES = frozenset(
    {"king", "queen", "prince", "princess", "duke", "duchess", "earl", "countess", "baron", "baroness"}
)
_ADDRESS_FORMS = frozenset(
    {"mister", "madam", "sen", "rep", "gov", "cllr", "adm", "capt", "col", "gen", "lt", "maj", "sgt"}
)
_ADDRESS_FORMS |= {"vice", "deputy", "chief", "general", "major", "justice"}
# titles that stand alone for their holder ("the Duchess", "the Archbishop"); not the forms of address
# ("Mr", "Dr"), which never stand alone as a speaker that would read well with an article
_LONE_TITLES = frozenset(TITLES_M | TITLES_F | TITLES_N) - HONORIFICS - _ADDRESS_FORMS | _ROYAL_TITLES
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred dozen percent".split()
)
_QUANTIFIERS = QUANTIFIER_HEADS


# a content that opens with a subject and a verb is a clause: "denied that it causes autism"
_CLAUSE_START = re.compile(r"(?:\w+\s+){0,3}?(?:is|are|was|were|has|had|have|will|would|could|can|did|does|do)\b", re.I)


# Function words that open a content and are never a name there: lower case after "According to X,"
# (not "I", and not the modals and verbs of saying that are also names: "May", "Will", "Said").
_LOWER_OPENERS = FUNCTION_WORDS - {"i", "may", "will", "can", "might", "must", "shall", "said", "says", "say"}


def _mid_sentence(words: str, common: bool = False) -> str:
    """`words` put after "According to X,": a capitalised function word that opens them goes to lower
    case ("The emails were …" -> "the emails were …"); so does any capitalised word when `common` (the
    document says it is a common word: `common_opening`); a name, an acronym or "I" stays as written.
    (Without the document, only function words: a capitalised noun may be a name.)"""
    m = re.match(r"([A-Z][a-z]*)\b(?!['\u2019.-]\w)", words)
    if m is None or not common and m.group(1).lower() not in _LOWER_OPENERS:
        return words
    return words[:1].lower() + words[1:]


_FIRST_WORDS = re.compile(r"[\"\u201c\u2018'(\s]*([A-Z][a-z]+)\s+(\S+)")
_WORD = re.compile(r"\w+")
# a capitalised word after a word, a comma, a semicolon or a bracket on the same line: not at a
# sentence's start (a headline's last word is no sentence end's, but the next paragraph starts one)
_MID_CAPITAL = re.compile(r"(?<=[\w,;)])[^\S\r\n]+([A-Z]\w*)")


@dataclass(frozen=True)
class WordCasing:
    """How one document writes its words: how often each word stands in lower case, and how often
    each capitalised word stands mid-sentence (`_MID_CAPITAL`). Counted once per document, so that
    each report's question (`common_opening`) is a look-up, not a search of the whole text."""

    lower: dict[str, int]
    capital_mid: dict[str, int]

    @classmethod
    def of(cls, text: str) -> WordCasing:
        """The counts of document `text`."""
        lower: dict[str, int] = {}
        for w in _WORD.findall(text):
            if w.islower():
                lower[w] = lower.get(w, 0) + 1
        mid: dict[str, int] = {}
        for w in _MID_CAPITAL.findall(text):
            mid[w] = mid.get(w, 0) + 1
        return cls(lower, mid)


def common_opening(casing: WordCasing, content: str) -> bool:
    """Does `content`, a report's words, open with a common word capitalised only because a sentence
    starts there ("Bonuses were $500 …", "Climate change is …")? Only when its document (`casing`) writes
    the word in lower case somewhere and never capitalised mid-sentence: a name, a party or a company
    ("Democrats in the House", "Mrs May said") is capitalised there. A given name, a helper or modal
    ("Will", "May": their lower-case uses are the verbs'), and a word before another capitalised one
    (a title and a name: "President Barack Obama") keep their capitals."""
    m = _FIRST_WORDS.match(content)
    if m is None or m.group(2)[:1].isupper():
        return False
    word = m.group(1)
    low = word.lower()
    if low in _GIVEN_NAMES or low in _AUXILIARY:
        return False
    return casing.lower.get(low, 0) > 0 and casing.capital_mid.get(word, 0) == 0


# --------------------------------------------------------------- infinitive contents
# A reported infinitive ("Ms Patel had tried to move him") has lost its subject: `find_lead` finds it
# and the words between it and the content in the source, so the statement can say who is to do what.
_INFINITIVE = re.compile(r"(?:not\s+)?to\s+\w")
_WORD_RE = re.compile(r"[\w\u2019'.-]+")
_PRONOUN = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "there", "these", "those", "who"}
_POSSESSIVE = {"his", "her", "their", "its", "our", "my", "your", "other"}
_RELATIVE = RELATIVE_PRONOUNS
_DETERMINER = {"the", "a", "an", "some", "many", "most", "several", "both", "all", "few", "no", "any", "each"}
# Words that make a would-be speaker phrase a clause ("He is scheduled to speak but"): no subject.
_CLAUSE_WORD = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "and", "but", "or", "said", "says"}
_CLAUSE_WORD |= {"when", "while", "if", "because", "although", "though", "after", "before", "since", "as", "until"}
_AUXILIARY = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "shall"}
_AUXILIARY |= {"should", "can", "could", "may", "might", "must", "do", "does", "did", "not", "never", "also", "still"}
_AUXILIARY |= {"now", "already", "again", "once", "even", "just", "then", "often", "soon", "always"}
_AUXILIARY |= {"further", "later", "first", "long", "since"}  # "Trump further described", "has long argued"
MAX_SUBJECT_WORDS = 12  # a longer noun phrase before the cue is more likely a clause than a subject
MAX_SPEAKER_WORDS = 6


@dataclass(frozen=True)
class LeadPattern:
    """How the source's words before an infinitive content give it a subject; `example` is the
    sentence up to the content that `pattern` reads."""

    id: str
    pattern: str
    example: str


# After the speaker's words: an apposition, not a relative clause that may follow a list of names
# (dropped: "Ms Lee, the mayor, has vowed"), up to 3 lower-case words (auxiliaries, adverbs; a coordinated verb before
# "and" is dropped: "has resigned and intends"), the cue, and up to 4 words of an object ("urged voters").
SPEAKER_IS_SUBJECT = LeadPattern(
    "speaker_subject",
    r"(?:,\s(?!who\b|which\b|whose\b)[a-z][^,;:\"\u201c\u201d()\u2014\u2013]{1,80},)?\s+(?:(?:[a-z]+\s+){1,3}and\s+)?(?P<words>(?:[a-z]+\s+){0,3}?CUE(?:\s+[\w\u2019'.-]+){0,4}?)\s*",
    "The Home Office's most senior official, a veteran, has resigned and intends ",
)
# A raising verb: the infinitive's subject is the noun phrase before it, not the (unnamed) source.
RAISING = LeadPattern(
    "raising",
    uni(r"\s*(?P<subject>\p{Lu}[^,;:\"\u201c\u201d()\u2014\u2013]*?)\s+(?P<words>")
    + r"(?:(?:is|are|was|were|be|has\s+been|"
    r"have\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:said|reported|understood|believed|thought|expected|known|"
    r"alleged|rumou?red|considered|claimed|estimated|projected|supposed|feared|tipped|poised|likely|due|set))"
    r"|seems?|seemed|appears?|appeared)\s*",
    "Relations between the two were said ",
)
# Before the speaker, a word that makes the speaker's words modify a noun ("the Sanders claim to ...").
_MODIFIER = re.compile(r"(?:\b(?i:the|a|an)|[\u2019']s)\s+$")
# Before the speaker, a word that makes its clause subordinate ("if Democrats were looking to"), the
# speaker one of several ("Trump and Ryan pledged to") or an object ("proponents like Mr. Lee urged").
_SUBORDINATE = re.compile(
    r"\b(?i:and|or|nor|if|which|who|when|where|because|what|why|how|whatever|whether|after|before|while|as|"
    r"since|until|unless|although|though|than|that|of|in|to|for|with|by|from|at|about|on|like|beyond|\w+ing)\s+$"
)
# Before the speaker, a possessor that belongs to the subject ("The Home Office's most senior official").
_POSSESSOR = re.compile(
    uni(
        r"\s*(?:(?:The|the|A|An)\s+(?:[\w.-]+\s+){0,3}?[\w.-]+[\u2019']s\s+|(?:\p{Lu}[\w.\p{M}-]*\s+)*\p{Lu}[\w.\p{M}-]*[\u2019']s\s+"
    )
    + r"|(?:The|the|A|An)\s+)?"
)


# Rules whose content is the object or complement of the cue, not a clause that can stand alone:
# `X denied the charges`, `X criticized the law as …`, `X accused Y of …`, `X asked whether …`. Printed
# after "According to X," such a content loses its verb; with the speaker as the subject it keeps it.
OBJECT_RULES = frozenset(
    {
        "stance.np_object",
        "indirect.x_verb_to",
        "indirect.and_verb_to",
        "indirect.quoted_as_saying",
        # 'called the report "speculation"', 'has gone after the mayor as a "part-time leader"'
        "quoted.x_called",
        "quoted.as_quoted",
    }
)


def find_lead(
    before: str, speaker_text: str | None, cue: str | None, text: str, object_content: bool = False
) -> Lead | None:
    """The subject and words the source puts before an infinitive content, or None when unsure.

    `before` is the sentence up to the content's first character, `text` the whole document (to tell
    a capitalised common word from a name). The speaker is the subject when `before` ends with the
    speaker's words, the cue and at most a short object (`SPEAKER_IS_SUBJECT`); else, with a raising
    verb (`is said`, `seems`), the noun phrase opening the sentence is (`RAISING`). An `object_content`
    (see `OBJECT_RULES`) takes only the speaker as its subject: a raising verb takes no object.
    """
    if not cue:
        return None
    if object_content:
        lead = _speaker_lead(before, speaker_text, cue) if speaker_text else None
        # "Bush calling Reagan's policies voodoo economics" is no sentence: a participle cue keeps the old form.
        if lead is None or lead.words.split()[0].endswith("ing"):
            return None
        return lead.model_copy(update={"of_object": True})
    by_speaker = _speaker_lead(before, speaker_text, cue) if speaker_text else None
    if by_speaker is not None or (speaker_text and speaker_text in before):
        return by_speaker
    return _raising_lead(before, cue, text)


def _speaker_lead(before: str, speaker_text: str, cue: str) -> Lead | None:
    """`before` read as the speaker's words, the cue and an object (`SPEAKER_IS_SUBJECT`); None else."""
    if not _noun_phrase(_WORD_RE.findall(speaker_text)):
        return None
    at, m = _after_speaker(before, speaker_text, cue)
    if m is None or not all(_auxiliary(w) for w in _before_cue(m.group("words"), cue)):
        return None  # "activists who were opposed to", "claim during a call to": no sentence
    owner = _POSSESSOR.fullmatch(before[:at])
    prefix = before[:at]
    det = _MODIFIER.search(prefix) if owner is None else None
    if (det and not _before_cue(m.group("words"), cue)) or (owner is None and _SUBORDINATE.search(prefix)):
        return None  # "the Sanders claim to" (an auxiliary would make the name a subject), "if Lee wants to"
    if det and not det.group().strip().endswith("s"):
        owner, prefix = det, det.group()  # "the Obama White House was refusing to": the article stays
    subject = (prefix.strip() + " " + speaker_text if owner else speaker_text).strip()
    if subject[:1].islower() and subject.split()[0] not in _DETERMINER | _PRONOUN | _POSSESSIVE:
        return None  # "percent of the votes", "movement": the printed words lost their head
    return Lead(subject=subject, words=m.group("words").strip(), speaker_is_subject=True)


# `SPEAKER_IS_SUBJECT` for any cue, compiled once: the subject string is the cue, a NUL and the words
# after the speaker, and the pattern meets the cue again as a backreference, which matches exactly the
# text the literal cue would, with the same backtracking. One pattern per cue word cost a run of the PolNeAR
# dev split about 0.04 CPU-s in `re`'s compiler (107 cues); a long run also pushed them out of its cache.
_SPEAKER_TAIL = re.compile(r"(?P<cue>[^\x00]*+)\x00" + SPEAKER_IS_SUBJECT.pattern.replace("CUE", "(?P=cue)") + r"$")


def _after_speaker(before: str, speaker_text: str, cue: str) -> tuple[int, re.Match[str] | None]:
    """The first offset of `speaker_text` in `before` after which `SPEAKER_IS_SUBJECT` (with `cue`)
    runs to the end, and that match (of `_SPEAKER_TAIL` on the cue, a NUL and the rest of `before`);
    (-1, None) when there is none. What searching for the speaker's escaped words followed by the
    pattern finds, without compiling one regex per speaker or per cue."""
    if "\x00" in cue:  # (no cue word holds one; the NUL ends the cue)
        return -1, None
    at = before.find(speaker_text)
    while at >= 0:
        m = _SPEAKER_TAIL.match(cue + "\x00" + before[at + len(speaker_text) :])
        if m is not None:
            return at, m
        at = before.find(speaker_text, at + 1)
    return -1, None


def _before_cue(words: str, cue: str) -> list[str]:
    """The words of `words` before the first occurrence of `cue`."""
    at = re.search(rf"\b{re.escape(cue)}\b", words)
    return words[: at.start() if at else len(words)].split()


def _auxiliary(word: str) -> bool:
    """Whether `word` may stand between a subject and its verb: an auxiliary, a negation or an adverb."""
    return word in _AUXILIARY or (word.endswith("ly") and len(word) > 4)


def _noun_phrase(words: Sequence[str]) -> bool:
    """Whether a speaker's words can open a sentence as its subject: short, no verb or conjunction, no
    contracted verb ("That's"), no word before a possessive but names and determiners ("the ones
    Trump's campaign" is a relative clause)."""
    if not words or len(words) > MAX_SPEAKER_WORDS or {w.lower() for w in words} & _CLAUSE_WORD:
        return False
    if len(words) > 1 and (words[0].endswith("ing") and len(words[0]) > 4 or words[0].lower() in _PRONOUN):
        return False  # "Using Ted Cruz", "We don't": a clause
    for i, w in enumerate(words):
        if w[-2:] in ("\u2019s", "'s") and (
            w[:-2].lower() in _PRONOUN | _RELATIVE
            or any(v[:1].islower() and v.lower() not in _DETERMINER for v in words[:i])
        ):
            return False
    return True


_GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
# Words after a noun that make it the head of a common noun phrase ("Relations between the pair",
# "Talks with the union"): with no other sign, a capitalised first word followed by one is no name.
_POST_MODIFIER = {"between", "with", "over", "among", "of", "in", "on", "for", "from", "about", "at", "across"}
# A mid-sentence word: after a word, a digit or a comma, semicolon or closing bracket and white space.
_MID_SENTENCE = r"(?:[\w,;)]\s+)"


def _proper_noun(words: Sequence[str], text: str) -> bool:
    """Whether the first of `words` (a phrase opening a sentence of `text`) keeps its capital when the
    phrase moves mid-sentence: "I", an acronym or a word with an inner capital ("NATO", "McCain"), a
    known given name, a word the document writes capitalised mid-sentence more often than in lower
    case ("Republicans"), or, when the document never writes it in lower case, a word that is not
    followed by a preposition ("Dunmore is", not "Relations between"). Determiners never do."""
    first = re.sub(r"[\u2019']s?$", "", words[0]).strip(".,;:")
    low = first.lower()
    if not first[:1].isupper():
        return True  # nothing to lower
    if low in _DETERMINER:
        return False
    if first == "I" or any(c.isupper() or c.isdigit() for c in first[1:]) or low in _GIVEN_NAMES:
        return True
    lower_n = len(re.findall(rf"\b{re.escape(low)}\b", text))
    mid_n = len(re.findall(rf"{_MID_SENTENCE}{re.escape(first)}\b", text))
    if mid_n or lower_n:
        return mid_n > lower_n
    if opens_with_share(" ".join(words)):
        return False  # a share's count or hedge: "Nine in ten voters", "Nearly nine in 10"
    return len(words) < 2 or words[1].lower() not in _POST_MODIFIER


def _raising_lead(before: str, cue: str, text: str) -> Lead | None:
    """`before` read as a noun phrase and a raising verb (`RAISING`); None else."""
    m = re.fullmatch(RAISING.pattern, before)
    if m is None or not re.search(rf"\b{re.escape(cue)}\b", m.group("words")):
        return None
    subject = m.group("subject")
    first = subject.split()[0]
    if len(subject.split()) > MAX_SUBJECT_WORDS or first.lower() in _PRONOUN or _SUBORDINATE.search(first + " "):
        return None  # "It", "If relations": no subject of its own
    if not _proper_noun(subject.split(), text):  # "relations between the pair were said": mid-sentence now
        subject = subject[:1].lower() + subject[1:]
    return Lead(subject=subject, words=" ".join(m.group("words").split()), speaker_is_subject=False)


def _led(speaker: str | None, words: str, lead: Lead | None) -> str | None:
    """The statement of an infinitive or object content with its subject (see `statement`), or None."""
    if lead is not None and lead.fronted:
        who = _with_article(speaker) if speaker else "an unidentified source"
        return f"According to {who}, {lead.subject} {words}"
    if lead is None or not (_INFINITIVE.match(words) or lead.of_object):
        return None
    if not lead.speaker_is_subject:
        return f"According to {_with_article(speaker) if speaker else 'an unidentified source'}, {lead.subject} {lead.words} {words}"
    if speaker is None:
        return None
    printed = lead.subject
    extra = printed[: len(printed) - len(speaker)].split()  # printed words before the speaker's name
    if printed.lower().endswith(speaker.lower()) and _qualifies(extra):
        subject = printed
    elif printed.lower() in _PRONOUN or set(printed.lower().split()) & set(speaker.lower().split()):
        subject = _with_article(speaker)  # "he", "Ms Patel": the speaker's name says who
        if not _noun_phrase(_WORD_RE.findall(speaker)):
            return None  # a name the resolver got wrong ("Using Ted Cruz")
    else:
        return None
    if subject[:1].islower() and subject.split()[0] not in _DETERMINER | _PRONOUN | _POSSESSIVE:
        subject = _with_article(subject)  # "minister said …" printed "Minister said": a role, not a name
    return f"{subject[:1].upper()}{subject[1:]} {lead.words} {words}"


def _qualifies(words: Sequence[str]) -> bool:
    """Whether printed words before a speaker's name belong in the statement: a determiner or lower-case
    words ("many", "the most senior"), or a possessor ("The Home Office's"); not a title or an epithet."""
    if words and words[-1][-2:] in ("\u2019s", "'s"):
        return True
    return all(w.lower() in _DETERMINER or w.islower() for w in words)


def with_leads(text: str, mentions: Sequence[GroundedMention]) -> list[GroundedMention]:
    """`mentions` of document `text`, those whose content is an infinitive or the cue's object
    (`OBJECT_RULES`) with their `lead`; so is a reported denial or a report under a negated cue, with
    the source's own frame (`frame_lead`): its statement must not read as the speaker asserting it."""
    out = []
    casing: WordCasing | None = None  # counted on the first report that needs it
    for g in mentions:
        m = g.mention
        lead = None
        infinitive = _INFINITIVE.match(m.text) is not None
        if g.quote_type != "direct" and (infinitive or m.rule in OBJECT_RULES or _learned_phrase(m.rule, m.text)):
            before = text[m.sentence.start : m.start]
            lead = find_lead(before, m.speaker_text, m.cue, text, object_content=not infinitive)
            lead = lead or cue_lead(before, m.speaker_text, m.cue, infinitive)
        if lead is None and g.quote_type != "direct":
            lead = frame_lead(text, g)
        if lead is None and g.quote_type != "direct" and g.polarity != "denial":
            before = text[m.sentence.start : m.start]
            lead = fronted_lead(before, m.speaker_text, m.cue, m.text, text)
            lead = lead or relative_lead(before, m.speaker_text, m.cue, m.text, text)
        if lead is None and g.quote_type != "direct" and g.polarity == "denial" and not infinitive:
            # "Mayor Ann Lee, whom Doe is challenging, called the claim 'false'": the verb as printed,
            # not "Ann Lee denied false"
            lead = cue_lead(text[m.sentence.start : m.start], m.speaker_text, m.cue, False)
        update: dict[str, object] = {"lead": lead} if lead else {}
        if g.quote_type != "direct" and _FIRST_WORDS.match(m.text):
            casing = casing or WordCasing.of(text)
            if common_opening(casing, m.text):
                update["common_opening"] = True
        if printed_after_the(text, m):
            update["speaker_article"] = True
        out.append(g.model_copy(update=update) if update else g)
    return out


def printed_after_the(text: str, m: Mention) -> bool:
    """Does the document print "the" right before the capitalised speaker phrase of `m` (`The European
    Commission said`, `according to the Welsh Government`), in the content's sentence or the one before?"""
    phrase = m.speaker_text
    if not phrase or not phrase[:1].isupper() or phrase.lower().startswith("the "):
        return False
    # any of its occurrences in the sentence (the content's own too: a frame inside a quotation, `"…," the
    # Texan said`) or the one before
    lo = max(0, m.sentence.start - 300)
    at = text.find(phrase, lo, m.sentence.end)
    while at >= 0:
        if at >= 4 and text[at - 4 : at].lower() == "the " and (at == 4 or not text[at - 5].isalnum()):
            if _ends_noun_phrase(text, at + len(phrase)):
                return True
        at = text.find(phrase, at + 1, m.sentence.end)
    return False


def _ends_noun_phrase(text: str, end: int) -> bool:
    """Does the phrase ending at text[end] end its noun phrase? In "the Apple Watch", "the Clinton
    campaign" the "the" is another noun's: a capitalised word or a noun follows; a verb, a function word
    or punctuation ends it."""
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None:  # (a hyphen joins it to the next word, "the Russia-China pact"; "the X's" is another's)
        return not text[end : end + 1].isalnum() and text[end : end + 1] not in "-\u2010\u2011'\u2019"
    word = nxt.group(1)
    low = word.lower()
    if word[:1].isupper():
        return False
    return (
        low in CUE_LEMMA
        or low in VERB_HELPERS
        or low in NEGATIONS
        or low in FUNCTION_WORDS
        or low.endswith(("ly", "ed"))
        or not low.isalpha()
    )


_NEXT_WORD = re.compile(r"[ \t]+([\w'\u2019-]+)")


def cue_lead(before: str, speaker_text: str | None, cue: str | None, infinitive: bool) -> Lead | None:
    """The cue's verb group and the words after it up to the content, as a lead whose subject is the
    speaker, where the speaker phrase stands further back (`Joanne Kerr, the health minister,
    predicted a winter surge`): only an aside (set off by commas) or helpers between the speaker and
    the cue, at most eight words from the helpers to the content, without punctuation, not a
    participle, no agent (`by …`), not a light verb (`made`); a speaker in a relative clause (`which
    she described as …`) or one of several (`Grassley and Leahy see …`) has no lead. None else."""
    if not speaker_text or not cue or speaker_text.split()[0].lower() in _RELATIVE:
        return None  # ("whose leaflet": no subject of a sentence)
    at = before.rfind(cue)
    k = before.rfind(speaker_text, 0, at)
    if at <= 0 or k < 0:
        return None
    owner = before[:k].split()[-1:]
    if owner and owner[0].lower() in _NO_LEAD_AFTER:
        return None  # "which she described as …", "Mr. Grassley and Mr. Leahy see …"
    prefix = before[k + len(speaker_text) : at].split()
    n = len(prefix)
    while n > 0 and prefix[n - 1].lower() in _VERB_GROUP:
        n -= 1  # "has rejected", "did not deny": the helpers go with the cue
    aside = " ".join(prefix[:n])
    if aside and not (aside.startswith(",") and aside.endswith(",")):
        return None  # only an aside between the speaker and the verb ("Readers may not let editorials tell")
    words = " ".join(prefix[n:] + before[at:].split())
    if (
        cue.split()[0].lower() in LIGHT_VERBS
        or len(words.split()) > 8
        or _FRAME_BREAK.search(words)
        or cue.split()[0].lower().endswith("ing")
        or " by " in f" {words} "  # "called to service by the governor": a passive
    ):
        return None
    subject = (owner[0] + " " + speaker_text) if owner and owner[0].lower() in _DETERMINER else speaker_text
    if subject[:1].islower() and subject.split()[0] not in _DETERMINER | _PRONOUN | _POSSESSIVE:
        subject = "the " + subject  # "A No 10 spokesperson" printed "spokesperson": a role, not a name
    return Lead(subject=subject, words=words, speaker_is_subject=True, of_object=not infinitive)


# a relative clause's subject, or a subject that is one of several
_NO_LEAD_AFTER = frozenset(
    {"which", "that", "what", "who", "whom", "whose", "and", "or", "&", "both", "either", "neither"}
)
# a verb group's helpers and negation, printed with the cue
_VERB_GROUP = VERB_HELPERS | NEGATIONS | {"also", "later", "then"}


def _learned_phrase(rule: str | None, content: str) -> bool:
    """Is a learned layer's content a phrase with no finite verb, the cue's object or complement
    (`warned against reading too much into …`, `predicted a winter surge`)? Printed after "According
    to X," it would lose its verb, as the rules' object contents would (`OBJECT_RULES`)."""
    if rule is None or not rule.startswith("learned.R"):
        return False
    # (`quoted Jo Doe as saying the talks had failed`: the object, then the quoted words; `warned
    # drivers not to attempt to cross flooded roads`: the object, then its infinitive)
    if not has_finite_verb(content) or _AS_SAYING.match(content) is not None:
        return True
    m = _OBJECT_INFINITIVE.match(content)
    return m is not None and not has_finite_verb(m.group(1))


_AS_SAYING = re.compile(r"[^,.;:]{1,80}?\bas (?:saying|telling)\b")
_OBJECT_INFINITIVE = re.compile(r"((?:[\w'\u2019.-]+\s+){1,5}?)(?:not\s+|never\s+)?to\s+\w")


# a negated cue ("would not say whether"), or a withheld one ("declined to say whether", "refused to
# confirm that"): its report is no assertion of the speaker's, and its statement keeps the frame
_NEGATED = re.compile(
    r"\b(?:not|never|no longer|declin(?:e|es|ed|ing) to|refus(?:e|es|ed|ing) to)\b|n['\u2019]t\b", re.I
)
# (a curly apostrophe between letters is a contraction's or a possessive's, `isn\u2019t`, `Trump\u2019s`: no
# quotation mark)
_FRAME_BREAK = re.compile('[,;:()"\u201c\u201d\u2018]|(?<![A-Za-z])\u2019|\u2019(?![A-Za-z])')
# a second verb of the speaker's, its subject left out, up to the content ("…, but did not say ")
_JOINED_FRAME = re.compile(r"[,\s]\s*(?:and|but|yet)\s+(?P<frame>[a-z][^,;:()\"\u201c\u201d\u2018\u2019]{1,60})$")
MAX_FRAME_WORDS = 8
# a short aside set off by commas right after the speaker phrase ("Officials, however, did not say"),
# then a lower-case word (the frame read after it must still hold the cue and a negation); a frame with
# another comma in it still gives no lead
_SPEAKER_ASIDE = re.compile(r",\s*[^,;:()\"\u201c\u201d\u2018\u2019]{1,40}?,\s+(?=[a-z])")


# a sentence that opens with the content's subject, then a frame set off by commas, up to the content
_FRONTED_SUBJECT = re.compile(
    r"\s*(?P<subject>[^\s,;:\"'\u201c\u201d\u2018\u2019()\u2014\u2013][^,;:\"\u201c\u201d()\u2014\u2013]{1,60}?),\s+"
    r"(?P<frame>[^,;:\"\u201c\u201d()\u2014\u2013]{2,60}),\s*"
)
# words a sentence opens with that make what follows no subject ("Nor, he said, did he …", "If so, …")
_NO_SUBJECT_OPENERS = frozenset(
    "and but or nor so yet if when as while although though because since unless until after before where"
    " whether once instead still however yes no".split()
)


def fronted_lead(before: str, speaker_text: str | None, cue: str | None, content: str, text: str) -> Lead | None:
    """The subject the sentence opens with, when a frame set off by commas (the speaker and the cue,
    and at most two more words) stands between it and a content that opens with its verb: `Her
    countrymen, she said, should not listen …` (`before` is the sentence up to the content, `text` the
    document: a common word loses its capital, `_proper_noun`). A lead with no words (`fronted`): the
    statement is `According to X, her countrymen should not listen …`. None else: a subordinate opener
    (`Nor, he said, did he …`), a subject of more than eight words."""
    verb = content.split(maxsplit=1)[:1]
    if not speaker_text or not cue or not verb or verb[0].lower() not in _FINITE_OPENERS:
        return None
    m = _FRONTED_SUBJECT.fullmatch(before)
    if m is None:
        return None
    frame, subject = m.group("frame"), m.group("subject").strip()
    extra = len(frame.split()) - len(speaker_text.split()) - len(cue.split())
    if speaker_text not in frame or cue not in frame or extra > 2:
        return None
    words = subject.split()
    if not subject[:1].isupper() or len(words) > 8 or words[0].lower() in _NO_SUBJECT_OPENERS:
        return None
    return Lead(subject=_moved_mid_sentence(words, text), words="", speaker_is_subject=False, fronted=True)


def _moved_mid_sentence(words: Sequence[str], text: str) -> str:
    """A phrase that opens a sentence of `text`, as printed after `According to X,`: a common word loses
    its capital, a name keeps it (`_proper_noun`); a gerund or an adverb is no name ("Freeing her
    husband, he promised, was …")."""
    phrase = " ".join(words)
    first = words[0].lower()
    common = first in _LOWER_OPENERS or first in _POSSESSIVE or first.endswith(("ing", "ly"))
    if not _proper_noun(words, text) or common and words[0][1:].islower():
        return phrase[:1].lower() + phrase[1:]
    return phrase


# the relative pronoun (after a comma or dash, or none) that opens the clause before the frame; searched
# for in the last `_FRAME_REACH` characters only (the frame is short), so a long run of spaces costs no
# backtracking over the whole sentence
_RELATIVE_OPENER = re.compile(r"(?P<comma>,|\s[\u2014\u2013]|\s--)?\s+(?P<rel>which|that|who|whom)\s+")
_FRAME_REACH = 90
_FRAME_WORDS = re.compile(r"[^,;:\"\u201c\u201d()\u2014\u2013]{2,60}?\s*")
_SINGULAR_VERBS = frozenset({"is", "was", "has", "does"})
_PLURAL_VERBS = frozenset({"are", "were", "have", "do"})
_FRAME_PRONOUNS = frozenset(SUBJECT_PRONOUNS - {"who"})
_ANTECEDENT_PRONOUNS = _FRAME_PRONOUNS | (_RELATIVE - {"whose", "what"})
MAX_ANTECEDENT_WORDS = 8
_INNER_PREPOSITIONS = _PREPOSITIONS | {"of", "to"}


def relative_lead(before: str, speaker_text: str | None, cue: str | None, content: str, text: str) -> Lead | None:
    """The noun phrase a relative clause hangs on, when the speaker and the cue make that clause and the
    content is the rest of it, opening with its verb: `The senator cited a report that she said showed
    the program had failed` (`before` up to `showed`; subject `a report`); `Officials defended the new
    fees, which they said were needed` (subject `the new fees`). A lead with no words (`fronted`): the
    statement is `According to X, a report showed …`, not `According to X, showed …`.

    Only where the phrase is plain: a determiner or a capitalised name opens it (prepositional
    phrases inside it are kept: `a trip to Azerbaijan in 2013`; `who` takes the name alone), at most
    eight words, and the verb agrees in number with its head. A `, which` after a clause may stand for
    the whole clause (`He lost the vote, which he said was a shame`): mid-sentence it needs a plural
    verb and head (`the attacks, which the probe said were covered up`). None else."""
    verb = content.split(maxsplit=1)[:1]
    if not speaker_text or not cue or not verb:
        return None
    first = verb[0].lower()
    if first not in _FINITE_OPENERS and not (first.endswith("ed") and len(first) > 4 and verb[0].islower()):
        return None
    reach = max(0, len(before) - _FRAME_REACH)
    # the last relative pronoun: an inner clause ("the man who he said") is the one the frame closes
    m = next(iter(reversed(list(_RELATIVE_OPENER.finditer(before, reach)))), None)
    if m is None or not before[: m.start()].strip() or _FRAME_WORDS.fullmatch(before, m.end()) is None:
        return None
    frame = before[m.end() :].split()
    n_cue = len(cue.split())
    if frame[-n_cue:] != cue.split() or not n_cue < len(frame) <= n_cue + 5:
        return None  # the frame has a subject ("who seems mired": none)
    said_by = frame[:-n_cue]
    if speaker_text not in " ".join(said_by) and not _FRAME_PRONOUNS & {w.lower() for w in said_by}:
        return None  # "Officials who Mayor Reed said were fired", spoken by "Officials": the speaker is wrong
    if _ANTECEDENT_PRONOUNS & {w.lower() for w in said_by} - _FRAME_PRONOUNS:
        return None  # another relative clause inside the frame
    words = before[: m.start()].split()
    last = words[-1].lower().strip('"\u201c\u201d')
    cue_word = last in CUE_LEMMA or (last.endswith("ed") and words[-1][:1].islower())  # (no head of a phrase)
    if (cue_word and (len(words) < 2 or words[-2].lower() not in DETERMINERS)) or last in {"so", "now"}:
        return None  # "ruled that she said …": a complement, not a relative clause ("a report that" is one)
    subject = _antecedent(words, m.group("rel") in ("who", "whom"))
    if subject is None or len(subject) > MAX_ANTECEDENT_WORDS or any(c in " ".join(subject) for c in "();[]"):
        return None
    # the head: the last word before a preposition inside the phrase ("the number of complaints": number)
    inner = next((i for i, w in enumerate(subject) if i and w.lower() in _INNER_PREPOSITIONS), len(subject))
    head = subject[inner - 1].lower().strip("\"\u201c\u201d\u2019'")
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is", "\u2019s", "'s"))
    if (first in _SINGULAR_VERBS and plural) or (first in _PLURAL_VERBS and not plural):
        return None
    opens = len(subject) == len(words)  # the phrase opens the sentence
    opener = subject[0].lower().strip('"\u201c')
    if opens and (opener in _NO_SUBJECT_OPENERS or opener in TIME_WORDS or opener.endswith("ly")):
        return None  # "If costs that …", "However prices that …", "Yesterday officials who …": no phrase
    if m.group("comma") and m.group("rel") == "which" and not opens and not (plural and first in _PLURAL_VERBS):
        return None
    phrase = _moved_mid_sentence(subject, text) if opens else " ".join(subject)
    return Lead(subject=phrase, words="", speaker_is_subject=False, fronted=True)


def _antecedent(words: Sequence[str], person: bool) -> list[str] | None:
    """The noun phrase that ends `words` (see `relative_lead`), or None."""
    got: list[str] = []
    names = False  # the words taken so far end with capitalised ones
    for w in reversed(words):
        bare = w.strip('"\u201c\u201d()')
        low = bare.lower()
        if got and (w.endswith((",", ";", ":")) or not bare.strip("\u2014\u2013-")):
            return None  # "a charity in Khartoum, Sudan, that …": the phrase may begin before the comma
        if low in _ANTECEDENT_PRONOUNS or len(got) >= MAX_ANTECEDENT_WORDS:
            return None
        k = len(words) - len(got) - 1  # the index of `w`
        if names and bare[:1].islower() and low not in DETERMINERS:
            if low in _INNER_PREPOSITIONS and not person:
                names = False  # "a trip to Azerbaijan": the phrase goes on
            elif k > 0 and words[k - 1].lower() in DETERMINERS:
                return [words[k - 1], w, *got]  # "a drawn-out Republican race"
            else:
                return got  # "cited Obama-Clinton policies": the name opens it
        got.insert(0, w)
        if low in DETERMINERS or (bare[:1].isdigit() and len(got) > 1):  # ("30 applicants for delegate slots")
            if k > 0 and words[k - 1].lower() in DETERMINERS | {"all"}:
                got.insert(0, words[k - 1])  # "his two adult daughters", "all the"
            return got
        names = names or bare[:1].isupper()
    if got and got[0].strip('"\u201c')[:1].isupper():
        return got  # the phrase opens the sentence
    return None


def _withheld(frame: str, content: str) -> str:
    """The frame as `_NEGATED` reads it: with the infinitive's `to` when the content opens with it
    (`declined` + `to say how much …`: a withheld report, as `declined to say whether …` is)."""
    return frame.rstrip() + " to" if _TO_VERB.match(content) else frame


_TO_VERB = re.compile(r"to\s+[a-z]")  # an infinitive ("to say"), not a phrase ("to 3 percent")


_CONTRACTED_BE = re.compile(r"['\u2019](s|re|m)(?=\s+(?:not|never|\w+ing)\b)", re.I)
_BE_FORM = {"s": "is", "re": "are", "m": "am"}


def frame_lead(text: str, g: GroundedMention) -> Lead | None:
    """The source's words between the speaker phrase and the content, as a lead, for a denial or a
    negated report: `Jo Doe did not say that the bridge was safe`, `Jo Doe had earlier denied taking
    the money` (not `According to Jo Doe, the bridge was safe`). Only a short frame holding the cue,
    with no punctuation, right after the speaker phrase in the content's sentence; None else."""
    m = g.mention
    if not m.speaker_text or not m.cue:
        return None
    before = text[m.sentence.start : m.start]
    at = before.rfind(m.speaker_text)
    if at < 0:
        return None
    frame = before[at + len(m.speaker_text) :]
    contracted = _CONTRACTED_BE.match(frame)
    if contracted is not None:  # "He\u2019s not saying what …": the speaker's verb group, spelled out
        frame = f" {_BE_FORM[contracted.group(1).lower()]}{frame[contracted.end() :]}"
    aside = _SPEAKER_ASIDE.match(frame)
    if aside is not None:
        # "Officials, however, did not say whether …", "Jo Park, the mayor, did not say how much": the
        # aside is no part of the speaker's verb group, and dropping it keeps the negation in the statement
        frame = frame[aside.end() :]
    joined = _JOINED_FRAME.search(frame) if g.polarity != "denial" else None  # (a denial says "denied")
    # only a verb group with no subject of its own ("…, but officials did not say": not the speaker's)
    if (
        joined is not None
        and _FRAME_BREAK.search(frame)
        and (
            joined.group("frame").split()[0].lower() in _VERB_GROUP
            or _NEGATED.match(_withheld(joined.group("frame"), m.text))
        )
    ):
        # "Jo Park said the plan would cut costs, but did not say how much": the speaker is the subject
        # the second verb shares, and its frame is the one after the conjunction
        frame = joined.group("frame")
    words = frame.split()
    if not words or len(words) > MAX_FRAME_WORDS or _FRAME_BREAK.search(frame):
        return None
    if m.cue.split()[0].lower() not in {w.lower() for w in words}:
        return None
    if g.polarity != "denial" and not _NEGATED.search(_withheld(frame, m.text)):
        return None
    subject = g.speaker.name or m.speaker_text
    return Lead(subject=subject, words=" ".join(words), speaker_is_subject=True, of_object=True)
