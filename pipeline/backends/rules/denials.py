"""Pass 3: denials, attributions nested inside contents, and the links between them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from ...checkworthy.types import has_finite_verb
from ...clauses import passive_at
from ...lexicon import (
    BARE_POINTER,
    CALLED_OBJECT,
    CALLING_VERBS,
    CUE_LEMMA,
    DENIAL_LEMMAS,
    DENIAL_PATTERNS,
    FALSE_VERDICT,
    FALSITY,
    NEGATORS,
    ORG_WORDS,
    POINTER_WORDS,
    ROLE_HEADS,
    SELF_PRONOUNS,
    TITLES_N,
    VERB_HELPERS,
    VERDICT_VERBS,
)
from ...lexicon import (
    DENIAL_HINTS as _DENIAL_HINTS,
)
from ...models import ExtractedMention
from ...unicase import lower_searchable
from .cues import (
    WORD_STOP_IS_NO_END,
    first_cue,
    lemma_of,
    strip_possessive,
)
from .doc import Doc, Draft
from .indirect import (
    indirect_in,
)
from .patterns import Example as E
from .patterns import Pattern, register

# The patterns (lower-case letters only) for lower-cased text: a quarter of the cost of re.I.
_DENIAL_LOW = re.compile("|".join(DENIAL_PATTERNS))


@cache
def _denial_insensitive() -> re.Pattern[str]:
    """The same patterns with re.I, for a text `lower_searchable` turns away (U+0130, U+0131, U+017F).
    Compiled on first use: 2.5 ms a run, and no PolNeAR dev or train article asks for it."""
    return re.compile("|".join(DENIAL_PATTERNS), re.I)


# DENIAL_HINTS (lexicon) is a cheap substring pre-check: every alternative needs one of them.
def has_denial(s: str) -> bool:
    low = s.lower()
    if not any(h in low for h in _DENIAL_HINTS):
        return False
    if lower_searchable(s, low):  # (the patterns' letters are lower case: the same answer)
        return _DENIAL_LOW.search(low) is not None
    return _denial_insensitive().search(s) is not None


# ------------------------------------------------------------- pass 3
def _split_sentences(d: Doc, dr: Draft) -> list[tuple[int, int]]:
    """Sentence spans inside a quotation (offsets), by the segmenter's sentences."""
    return d.sentences_in(dr.start, dr.end) or [(dr.start, dr.end)]


_REPORT_NOUN = r"(?:claims?|allegations?|reports?|suggestions?|story|stories|accusations?)"
# A statement in its own voice that calls something false names it first: "This is completely
# false", "that the claims are untrue". A "that" opening a clause with a subject of its own ("that
# he had stayed at the villa") is no pointer back (the bare "that" is one only before a verb).
_ANAPHOR = re.compile(
    r"^[\"\u201c]?\s*(?:that\s+)?(?:this|these|those|it|such|the " + _REPORT_NOUN + r")\b"
    r"|^[\"\u201c]?\s*that(?:\s+(?:is|was|isn't|wasn't|isn\u2019t|wasn\u2019t)\b|'s\b|\u2019s\b|\s*[,.;!\"\u201d]|$)"
    r"|\bdo(?:es)?(?: not|n(?:'|\u2019)?t) believe (?:her|him|them)\b",
    re.I,
)
# What a denial verb takes as object points back only when it names nothing itself: "denied it",
# "dismissed the allegations as baseless", not "denied that it had ignored the warnings" (the clause
# is what is denied) nor "rejected the claims of bullying" (the linking rules of the merge judge
# that one by its words).
_POINTED_NOUN = (
    r"(?:" + _REPORT_NOUN + r"|arguments?|assertions?|charges?|characteri[sz]ations?|premise|account|version"
    r"|narrative|theory|findings|conclusions?|criticisms?)"
)
_OBJECT_ANAPHOR = re.compile(
    r"^[\"\u201c]?\s*(?:"
    # a pronoun that is the whole object: "denied it", "dismissed them as lies", not "denied
    # them mining permits" (a second object) nor "denied that it had …" (a clause)
    + POINTER_WORDS
    + r"(?=\s*(?:$|[,.;:!?\"\u201d)\u2014\u2013-])|\s+(?:as|in|on|at|to|outright|again"
    r"|completely|entirely|strongly|firmly|flatly|repeatedly|publicly|and|but|when|during|after|before|through|with"
    r"|later|earlier|immediately|yesterday|today|last)\b)"
    # a determiner and a word for what was said: "the allegations", "that argument", "her account"
    r"|(?:the|these|those|such|this|that|his|her|their|its)\s+(?:[a-z]+\s+)?" + _POINTED_NOUN + r"(?![\w'\u2019])"
    r"(?!\s+(?:that|of|about|against|regarding|surrounding)\b)"
    r")",
    re.I,
)
# An allegation is what "the claims" / "the allegations" point back to: not a denial, nor a
# quotation that itself says no ("I have never set foot in that house"); a reported allegation
# may ("the mayor had never declared the gifts").
_POINTS_TO_ALLEGATION = re.compile(r"^[\"\u201c]?\s*(?:the|these|those|such|this|that) " + _REPORT_NOUN + r"\b", re.I)
_SAYS_NO = re.compile(r"\b(?:" + "|".join(sorted(NEGATORS)) + r")\b|n(?:'|\u2019)t\b", re.I)


def _own_denial(text: str, a: int, b: int, nested: list[Draft]) -> bool:
    """Whether text[a:b] denies something in its speaker's own voice (not a denial it reports)."""
    # "The Home Office said it denied the claims": a denial reported of oneself is one's own
    others = [nd for nd in nested if nd.polarity == "denial" and (nd.speaker_text or "").lower() not in SELF_PRONOUNS]
    if not others:
        return has_denial(text[a:b])  # nothing to blank out
    own = list(text[a:b])
    for nd in others:
        lo = max(a, nd.speaker_pos if nd.speaker_pos is not None else nd.start)
        for k in range(lo, min(b, nd.end)):
            own[k - a] = " "
    return has_denial("".join(own))


def passive_cue(text: str, dr: Draft) -> bool:
    """Whether the draft's cue, found before its content, is a passive (`clauses.passive_at`)."""
    if not dr.cue or (dr.speaker_pos is not None and dr.speaker_pos > dr.start):
        return False  # '"…," she denied': the cue follows its content
    lo = dr.speaker_pos if dr.speaker_pos is not None else max(0, dr.start - 200)
    i = text.rfind(dr.cue.split()[0], lo, dr.start)
    return i > 0 and passive_at(text, i)


_DENIAL_FORMS = sorted(f for f, lemma in CUE_LEMMA.items() if lemma in DENIAL_LEMMAS)
_NESTED_TRIGGER = re.compile(
    r"\b(?:" + "|".join(_DENIAL_FORMS) + r")\b|\b[Ii]t (?:has been|had been|is|was|have been) \w+ed\b"
)


def _pieces(d: Doc, dr: Draft) -> list[tuple[int, int]]:
    """A direct quotation split where a sentence denies the one before it ("This … is
    completely false."): "It has been alleged that … . This … is false." -> one span each."""
    text = d.text
    if dr.quote_type != "direct":
        return [(dr.start, dr.end)]
    sents = _split_sentences(d, dr)
    if len(sents) > 1 and any(has_denial(text[a:b]) and _ANAPHOR.search(text[a:b]) for a, b in sents):
        last = len(sents) - 1
        return [
            (dr.start if n == 0 else a, dr.end if n == last else _before_frame(text, a, b))
            for n, (a, b) in enumerate(sents)
        ]
    return [(dr.start, dr.end)]


_CLOSING_MARK = re.compile(r"[\"\u201d]")


def _before_frame(text: str, a: int, b: int) -> int:
    """Where the piece text[a:b] of a quotation ends: `b`, or its last closing mark when the frame
    between two halves follows it ('"A," he said. "This is false."': the first piece is "A,", not
    "A," he said.)."""
    close = None
    for close in _CLOSING_MARK.finditer(text, a, b):  # noqa: B007 - the loop only walks to the last match
        pass
    if close is None or close.start() == a:
        return b
    tail = text[close.end() : b]
    return close.end() if tail.strip() and first_cue(tail) is not None else b


# What a reported denial denies is its object; a subordinate clause after it belongs to the
# statement that reports it ("X does not believe Y denied any involvement as she claimed because
# she did not ..."): the reporter's reasons, not Y's words.
_OBJECT_END = re.compile(
    r"[,;]?\s+(?:as (?:he|she|they|it|we|I) (?:had |has |have )?(?:claimed|said|insisted|maintained|stated)"
    r"|because|since|although|though|whereas)\b"
)


# What someone else's reported denial must deny to be a claim of its own: a clause ("denied that
# …", "denied having …"), a claim or what it charges ("the claims", "any wrongdoing", "all
# knowledge of …") or a pronoun standing for one. Inside a quotation "reject establishment
# Republicans", "denied Merrick Garland a hearing" or "rejected the idea of a valedictory address"
# deny no statement (PolNeAR train: all 11 nested denials of other objects were marked nowhere).
_DENIED_CLAIM = re.compile(
    r"[\"\u201c]?(?:that|having|ever|being)\b"
    r"|(?:it|this|that|these|those|them|everything|anything)\s*(?:$|[,.;:!?\"\u201d)\u2014\u2013]|\s+(?:as|outright|again|categorically|flatly|strongly)\b)"
    r"|(?:(?:the|these|those|this|that|such|any|all|his|her|their|its|every)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:" + _REPORT_NOUN + r"|charges?|rumou?rs?|assertions?|contention"
    r"|wrongdoing|misconduct|impropriety|involvement|knowledge|responsibility|links?|role|part)\b",
    re.I,
)


# A second verb phrase after a noun-phrase object ("denied any wrongdoing and will fight this"):
# the denier's next statement, not what was denied.
_AND_VERB = re.compile(r",?\s+and\s+(?:" + "|".join(sorted(VERB_HELPERS, key=len, reverse=True)) + r")\b", re.I)
_TRAILING = re.compile(r"[\s,;:.]+$")


def _without_closing(text: str, start: int, end: int) -> int:
    """`end` less the enclosing quotation's close ('… denied the claims,"'): the statement around the
    object ends there, not the object. A closing mark whose opening one is inside stays ('"fake"')."""
    for _ in range(2):
        m = _TRAILING.search(text, start, end)
        if m and m.start() > start:
            end = m.start()
        last = text[end - 1 : end]
        unbalanced = (last == "\u201d" and text.count("\u201d", start, end) > text.count("\u201c", start, end)) or (
            last == '"' and text.count('"', start, end) % 2 == 1
        )
        if not unbalanced or end - 1 <= start:
            break
        end -= 1
    return end


def _denied_object_end(text: str, start: int, end: int) -> int:
    """End offset of what a reported denial denies: `end`, or the start of a subordinate clause or
    second verb phrase that follows a noun-phrase object (a `that`-clause object is kept whole), less
    the enclosing quotation's closing punctuation."""
    if not text.startswith("that ", start):
        for pattern in (_OBJECT_END, _AND_VERB):
            m = pattern.search(text, start, end)
            if m and start < m.start() < end:
                end = m.start()
    return _without_closing(text, start, end)


def _nested(d: Doc, part: Draft, index: int) -> list[Draft]:
    """Reports inside `part` (out[index]) that become claims of their own: someone else's
    denial (nested.reported_denial) or an unnamed allegation (nested.unnamed_report)."""
    text = d.text
    out: list[Draft] = []
    spans = _split_sentences(d, part) if part.quote_type == "direct" else [(part.start, part.end)]
    for sa, sb in spans:
        lo = sa + (1 if text[sa] in '"\u201c' else 0)
        if not _NESTED_TRIGGER.search(text, lo, sb):
            continue  # only reported denials and unnamed allegations are taken from inside
        for nd in indirect_in(d, lo, sb, nested=True):
            if (nd.start, nd.end) == (part.start, part.end):
                continue
            # Only what a statement reports of someone else's denial or of an unnamed
            # allegation becomes a claim of its own; other nested reports stay inside.
            denial_cue = (
                nd.cue is not None and lemma_of(nd.cue.split()[0]) in DENIAL_LEMMAS and not passive_cue(text, nd)
            )
            if not denial_cue and nd.kind != "unnamed":
                continue
            if denial_cue and _DENIED_CLAIM.match(text, nd.start, nd.end) is None:
                continue
            end = _denied_object_end(text, nd.start, nd.end) if denial_cue else nd.end
            out.append(
                replace(
                    nd,
                    end=end,
                    nested_in=index,
                    rule="nested.reported_denial" if denial_cue else "nested.unnamed_report",
                    polarity="denial" if denial_cue else nd.polarity,
                )
            )
    return out


# `X called the claim "flat-out false"`: the content is the verdict alone, its object before it
_CALLED_OBJECT = re.compile(r"\b" + CALLED_OBJECT + r"\s*[\"\u201c'\u2018]?$", re.I)
_FALSITY = re.compile(FALSITY, re.I)
_CALLED_WHOLE = re.compile(CALLED_OBJECT + r"\s+" + FALSITY, re.I)  # the object in the content


def called_false(text: str, a: int, b: int, cue: str | None) -> bool:
    """Is text[a:b] the verdict of `called/labelled/branded the claim "false"`?"""
    if not cue or cue.split()[0].lower() not in CALLING_VERBS:
        return False
    if _CALLED_WHOLE.match(text, a, b) is not None:  # 'the claim "flat-out false"'
        return True
    return _CALLED_OBJECT.search(text, max(0, a - 40), a) is not None and _FALSITY.match(text, a, b) is not None


# what a body rejects, denies or dismisses by deciding, not by contesting a claim ("Parliament rejected the
# bill", "a judge dismissed the lawsuit", "the agency denied the permit application")
_ACTION_OBJECTS = frozenset(
    "bill bills lawsuit lawsuits suit case cases application applications appeal appeals request requests permit "
    "permits bail offer offers proposal proposals nomination nominee motion motions bid bids plea petition petitions "
    "deal amendment amendments measure budget resolution visa visas entry access licence license loan merger "
    "takeover applicant candidate candidacy complaint complaints".split()
)


def acted_on(text: str, c_lo: int, c_hi: int) -> bool:
    """Is the content text[c_lo:c_hi] a noun phrase (no clause) naming something decided on (`_ACTION_OBJECTS`)
    within its first four words, and no claim ("the allegations", "that he lied")? Then its verb of denial is
    an act."""
    words = text[c_lo:c_hi].lower().split()[:4]
    if not words or words[0] in ("that", "any", "claims", "reports", "allegations"):
        return False
    if has_finite_verb(text[c_lo:c_hi]):
        return False  # a clause: "denied the bill was rushed"
    return any(strip_possessive(w.strip(".,;:")) in _ACTION_OBJECTS for w in words)


def nested_and_denials(d: Doc, drafts: list[Draft]) -> list[Draft]:
    """Split quotations at denials, add attributions nested inside contents, set polarity.

    Drafts in, new drafts out (the input is not changed)."""
    text = d.text
    out: list[Draft] = []
    for dr in drafts:
        for a, b in _pieces(d, dr):
            part = Draft(
                a,
                b,
                dr.speaker_text,
                dr.speaker_pos,
                dr.cue,
                dr.quote_type,
                dr.rule,
                role=dr.role,
                kind=dr.kind,
                polarity=dr.polarity,
            )
            out.append(part)
            nested = _nested(d, part, len(out) - 1)
            lemma = lemma_of(part.cue.split()[0]) if part.cue else None
            if lemma in DENIAL_LEMMAS and not passive_cue(text, part):
                # (a decision on a bill, a lawsuit or an application is no denial of a claim)
                part.polarity = "assertion" if acted_on(text, a, b) else "denial"
                part.anaphoric = bool(_OBJECT_ANAPHOR.search(text[a:b]))
            elif _own_denial(text, a, b, nested) or called_false(text, a, b, part.cue):
                part.polarity = "denial"
                part.anaphoric = bool(_ANAPHOR.search(text[a:b]))
            out.extend(nested)
    return out


def link_denials(d: Doc, drafts: list[Draft]) -> None:
    """An anaphoric denial ('This … is completely false') denies the statement just before it."""
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].start, drafts[i].end))
    for pos, i in enumerate(order):
        dr = drafts[i]
        if dr.polarity != "denial" or not dr.anaphoric:
            continue
        best = None
        bare = BARE_POINTER.fullmatch(d.text, dr.start, dr.end) is not None
        # ("Whitfield denied it." points to what was alleged, never to another's denial)
        allegation = bare or _POINTS_TO_ALLEGATION.search(d.text[dr.start : dr.end]) is not None
        reach = _bare_reach(d, dr) if bare else dr.start - 400
        for j in reversed(order[:pos]):
            cand = drafts[j]
            if cand.end > dr.start or cand.end < reach:
                if cand.end < reach:
                    break
                continue
            if cand.polarity == "denial" and (allegation or _same_source(cand.speaker_text, dr.speaker_text)):
                continue
            if allegation and cand.quote_type == "direct" and _SAYS_NO.search(d.text, cand.start, cand.end):
                continue  # '"I have never set foot in that house," he said': no allegation, a reply
            same = _same_source(cand.speaker_text, dr.speaker_text) and cand.nested_in is None
            if best is None or (not same and best[1]):
                best = (j, same)
            if not same:
                break
        if best is not None:
            dr.denies.append(best[0])


def _bare_reach(d: Doc, dr: Draft) -> int:
    """Where the report a bare pointer ("Whitfield denied it.") denies may end, at the earliest: in the
    sentence before the denial's, which opens with its speaker (a few words may lead: "On Monday, Whitfield
    denied it"). After narration in its own sentence ("…, although Israel disputes this") it points to the
    narration, which is no one's report: then nowhere (past the denial's start)."""
    s0 = d.sentence_start(dr.start)
    if len(d.text[s0 : dr.speaker_pos if dr.speaker_pos is not None else dr.start].split()) > 4:
        return dr.start + 1
    return d.sentence_start(s0 - 1) if s0 > 0 else 0


def points_nowhere(d: Doc, dr: Draft) -> bool:
    """Is `dr` a denial whose whole content is a pointer ("Whitfield denied it.") that `link_denials` found
    no report for? Then it says nothing a reader can check, and is no claim."""
    return not dr.denies and BARE_POINTER.fullmatch(d.text, dr.start, dr.end) is not None


def _same_source(a: str | None, b: str | None) -> bool:
    """Do two speaker phrases of one article name one source: the same words whatever their case ("He",
    "he"), or a name and its surname ("Natalie Brandt", "Brandt"; "Ms Brandt")? Before the speakers are
    resolved, this is what keeps a denial from being linked to its own speaker's statement. A shared
    last word that is a role's or a body's head names no one ("A police spokesman", "A Home Office
    spokesman"; "The State Department", "The Defense Department")."""
    x, y = (a or "").strip(), (b or "").strip()
    if x.lower() == y.lower():
        return True
    if not x or not y or not x[:1].isupper() or not y[:1].isupper():
        return False
    lx, ly = (_POSSESSIVE_S.sub("", s).split()[-1] for s in (x, y))
    last = lx.lower()
    if last != ly.lower() or not lx[:1].isupper() or not ly[:1].isupper():
        return False
    return last not in SELF_PRONOUNS and last not in _HEAD_WORDS and len(last) > 2


_POSSESSIVE_S = re.compile(r"['\u2019]s\b")
# the head words of a role or a body: a last word two speaker phrases share that says nothing of who speaks
_HEAD_WORDS = frozenset(ROLE_HEADS | ORG_WORDS | TITLES_N)


# The narration's word on a report it just gave, after a comma, naming who denies it: "X said A, which
# the White House disputed", "…, a charge the Kremlin rejected", "…, a claim denied by the ministry".
# (Contesting verbs that deny: "questioned", "challenged" doubt, they do not deny.)
_DENY_FORM = r"(?:disput|deni|deny|reject|dismiss|refut|rebutt?)(?:e|es|ed|ies|s)?"
# A denier's capitalised word keeps a full stop only as initials, a short abbreviation ("U.S.", "Mr.",
# "Jr.") or a title's ("Prof.", `WORD_STOP_IS_NO_END`): after a word ("Security.") it ends the sentence.
# Its words never run across a line break. Both so that "…, a figure disputed by the Department of Homeland Security.\n\nA department spokesperson
# said …" names the department, not "the Department of Homeland Security.\n\nA".
_DENIER_WORD = r"[A-Z](?:\.(?:[A-Z]\.)*|[\w'\u2019&-]*(?:\." + WORD_STOP_IS_NO_END + ")?)"
_SPACE = r"[^\S\n]+"
_DENIER = (
    rf"(?:he|she|they|we|I|the{_SPACE}[a-z]+(?:{_SPACE}[a-z]+)?|(?:the{_SPACE})?{_DENIER_WORD}"
    rf"(?:{_SPACE}(?:of{_SPACE})?{_DENIER_WORD})*(?:(?<=['\u2019]s){_SPACE}[a-z]+)?)"
)
_NARRATED_DENIAL = re.compile(
    r"[\"\u201d\u2019]?,\s+(?:which|an?\s+(?:claim|assertion|allegation|charge|figure|estimate|contention|accusation|characteri[sz]ation))\s+"
    r"(?:(?:that\s+)?(?P<spk>"
    + _DENIER
    + r")\s+(?:has\s+|have\s+|had\s+)?(?:strongly\s+|flatly\s+|firmly\s+|hotly\s+|since\s+|repeatedly\s+|vehemently\s+)?"
    r"(?P<cue>" + _DENY_FORM + r")"
    r"|(?:(?:was|is|has\s+been|have\s+been)\s+)?(?:strongly\s+|flatly\s+|firmly\s+|hotly\s+)?(?P<pcue>"
    + _DENY_FORM
    + r")"
    r"\s+by\s+(?P<pspk>" + _DENIER + r")"
    # or says it is false: "…, a claim health officials said was false", "…, which the ministry called baseless"
    r"|(?:that\s+)?(?P<sspk>" + _DENIER + r"|(?:[a-z]+" + _SPACE + r")?[a-z]+)" + _SPACE + r"(?:has\s+|have\s+|had\s+)?"
    r"(?P<scue>" + VERDICT_VERBS + r")\s+" + FALSE_VERDICT + r")\b"
)


# a quotation's trailing frame, up to the comma after it ('"…," he said, a claim the board denied')
_TRAILING_FRAME = re.compile(r"[\"\u201d\u2019]?,?\s+([^,.;:!?\"\u201c\u201d\n]{2,60}?)(?=,\s)")


def _frame_end(text: str, end: int, cue: str | None) -> int | None:
    """Where the trailing frame of the quotation ending at `end` ends, when one holds the quotation's cue
    (`cue`), else None: the narration's word on a quotation follows its frame."""
    f = _TRAILING_FRAME.match(text, end)
    if f is None or not cue or cue.split()[0] not in f.group(1).split():
        return None
    return f.end()


def narrated_denials(d: Doc, mentions: Sequence[ExtractedMention]) -> list[tuple[Draft, str]]:
    """The denials the narration reports right after a report (`_NARRATED_DENIAL`): for each, a denial
    draft by the denier of the report's own words (`nested.narrated_denial`), and the local id of the
    mention it denies. Mentions in (the kept ones), (draft, denied local id) pairs out."""
    text = d.text
    out: list[tuple[Draft, str]] = []
    for m in mentions:
        if m.polarity == "denial" or m.content_hint is None:
            continue
        end = m.content_hint + len(m.content)
        at = _frame_end(text, end, m.cue) if m.quote_type == "direct" else end
        t = None if at is None else _NARRATED_DENIAL.match(text, at)
        if t is None:
            continue
        cue = t.group("cue") or t.group("pcue")
        if cue is not None and lemma_of(cue) not in DENIAL_LEMMAS:
            continue
        who = "spk" if t.group("spk") else "pspk" if t.group("pspk") else "sspk"
        draft = Draft(
            m.content_hint,
            end,
            t.group(who),
            t.start(who),
            cue or t.group("scue"),
            "indirect",
            "nested.narrated_denial",
            polarity="denial",
        )
        out.append((draft, m.local_id))
    return out


# The patterns this pass makes (pass 3: attributions inside another statement): registered with their examples, which
# tests/backends/rules/test_patterns.py runs. A new pattern is one entry here and the code above that
# writes its id.
register(
    Pattern(
        "nested.reported_denial",
        "a denial reported inside a statement (X said Y categorically denied …): Y's own claim",
        ("den", "refut", "reject", "dismiss", "disput", "rebut"),
        200,
        0.5,
        (
            E(
                '"The Home Secretary categorically denied the claims. We stand by her," the spokesman said.',
                "The Home Secretary",
                "denied",
                "the claims",
            ),
            E(
                '"I do not think the minister denied any wrongdoing as she claimed, because she never apologised," the aide said.',
                "the minister",
                "denied",
                "any wrongdoing",
            ),
        ),
    ),
    Pattern(
        "nested.narrated_denial",
        "the narration names who denies the report it just gave (X said A, which Y disputed; a claim Y said was"
        " false; after a quotation, its frame first): Y's denial of A",
        ("disput", "deni", "deny", "reject", "dismiss", "refut", "rebut", "said", "says", "call", "label", "brand"),
        202,
        0.5,
        (
            E(
                "Officials in Kyiv said Russian forces had shelled the plant, a charge the Kremlin rejected.",
                "the Kremlin",
                "rejected",
                "Russian forces had shelled the plant",
            ),
            E(
                "The senator said the bill would cut taxes for most families, which the White House disputed.",
                "the White House",
                "disputed",
                "the bill would cut taxes for most families",
            ),
            E(
                "The union claimed that 4,000 jobs would go, a figure denied by the company.",
                "the company",
                "denied",
                "that 4,000 jobs would go",
            ),
            E(  # after a quotation, the narration's word follows the quotation's frame
                '"The count was rigged from the start," the candidate said, a claim the commission denied.',
                "the commission",
                "denied",
                '"The count was rigged from the start,"',
            ),
            E(  # the denier ends with its sentence: no part of the next paragraph ("…Port Authority.\n\nA")
                "Campaigners said 900 boats were turned away, a figure disputed by the Port Authority."
                "\n\nA port spokesman said the number was lower.",
                "the Port Authority",
                "disputed",
                "900 boats were turned away",
            ),
            E(  # nor of the next sentence ("…Ferry Company. Its")
                "Critics said the fares would double, a claim rejected by the Ferry Company. Its chief was calm.",
                "the Ferry Company",
                "rejected",
                "the fares would double",
            ),
            E(  # or says it is false: the verdict is no part of A, and A is no denial
                "Hollander said the vaccine had caused hundreds of deaths, a claim health officials said was false.",
                "health officials",
                "said",
                "the vaccine had caused hundreds of deaths",
            ),
            E(
                "The group said the drug was dangerous for children, which the ministry called baseless.",
                "the ministry",
                "called",
                "the drug was dangerous for children",
            ),
        ),
    ),
    Pattern(
        "nested.unnamed_report",
        'an unnamed allegation inside a statement ("It has been alleged that …")',
        ("it has been", "it had been", "it is", "it was", "it have been", "told"),
        201,
        0.5,
        (
            E(
                '"It has been alleged that the minister bullied her staff. This is completely false," the aide said.',
                None,
                "alleged",
                "that the minister bullied her staff",
            ),
        ),
    ),
)
