"""Pass 2: indirect (and mixed) speech in sentences no direct quotation covers."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from itertools import islice
from operator import itemgetter
from typing import NamedTuple

from ...checkworthy.types import has_finite_verb
from ...clauses import joins_clauses, negated_at, passive_at
from ...lexicon import (
    AUX_WORDS,
    BARE_CLAUSE,
    BARE_POINTER,
    CALLING_VERBS,
    CUE_LEMMA,
    DENIAL_LEMMAS,
    NARRATION_TAIL,
    NEEDS_AS,
    NEW_CLAUSE,
    NP_OBJECT_LEMMA,
    PHRASAL_LEMMA,
    RELATIVE_PRONOUNS,
    REPORT_WORDS_EXTRA,
    ROLE_HEADS,
    SUBJECT_PRONOUNS,
    UNNAMED_PASSIVES,
    past_form,
)
from ...models import QuoteType
from ...unicase import uni
from .contents import FINITE_VERB, complement, content_bounds
from .cues import (
    WORD_RE,
    WordMatch,
    cap,
    cue_matches,
    cue_text,
    first_cue,
    has_quote,
    lemma_of,
    strip_possessive,
    title_case,
    tokens,
    verb_cased,
    words_then_end,
)
from .doc import Doc, Draft, covering, overlapping
from .patterns import Example as E
from .patterns import Pattern, register, triggered
from .subjects import (
    AFFILIATION_END,
    BARE_FRAME_END,
    Subject,
    bare_np_subject,
    find_subject,
    leading_subject,
    not_a_subject,
    np_before,
    opening_np_subject,
    said_x_subject,
)

# ------------------------------------------------------------- pass 2
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+", re.U)
# "In a statement, according to X, …" / "Ósk Jónsdóttir, according to X, …": a short opener first
_ACCORDING_LATE = re.compile(uni(r"^(?:\p{Lu}[\w ,'\u2019\p{M}]{0,40}?,\s*)?according to\s+"), re.I)
# '…, said Mr. Barrett, the lawyer.': up to five words after the cue, then an end
# (`words_then_end`: linear, where the regex `\s+((?:WORD\s*){1,5}?)\s*(?:[.!?,]|$)` was
# exponential in the length of one long word, issue 17).
_SAID_X_END = re.compile(r"[.!?,]|$")
# split points of a sentence: ", " outside quotations, and just after a closing mark ('…," X said')
_COMMA = re.compile(r",\s+")
# A closing quotation mark: a double one, wire copy's two apostrophes (`,'' Mr. Lee said`), or a single
# one after the quotation's own punctuation (`,\u2019 she said`; an apostrophe never follows a comma)
_AFTER_CLOSING = re.compile(uni(r"[,?!](?:''|[\"\u201d\u2019'])(\s+)(?=\p{L})"))
_AFTER_CLOSING_FRAME = re.compile(
    uni(
        r"(?:(?<=[\"\u201d])|(?<='')|(?<=[,?!.][\u2019']))\s+"
        r"(?=[a-z]|\p{Lu}[\w.'\u2019\p{M}-]*\s+(?:said|says|told|added|wrote|explained)\b)"
    )
)
_CLOSING_MARKS = ('"', "\u201d", "''", "\u2019 ", "' ")  # one is in a sentence where those two can match
_AS_X_PUT_IT = re.compile(
    r"(?:according to|as)\s+(.+?)(\s+(?:put it|has said|has noted|has argued|said|noted|wrote|explained|argued|reported))?[.!?\"\u201d)]*\s*$",
    re.I,
)


# "according to" takes any source, not only a person: a poll, a filing, returns, a tally
_DOCUMENT_SOURCE = re.compile(uni(r"(?:\p{L}|\d)[\w\p{M}'\u2019&.%-]*(?:\s+[\w\p{M}'\u2019&.%-]+){0,9}"))


_NOT_DOCUMENT_FIRST = frozenset({"what", "how", "whether", "which", "who", "whom", "when", "where", "why", "if"})
# "according to plan": what goes as planned, not who said so
_NOT_DOCUMENT_LAST = frozenset({"plan", "plans", "schedule", "legend", "tradition", "custom", "script", "protocol"})
_CLAUSE_PRONOUNS = SUBJECT_PRONOUNS - {"who"}  # ("officials who worked with him" is a source)


def _document_source(np_text: str, at: int) -> Subject | None:
    """The source after "according to" that is no person (`np_before` found none): the whole phrase
    (`np_text`, starting at offset `at`) when it is a short run of words with no finite verb
    ("complete but unofficial returns", "a court filing", "the RealClearPolitics polling average"),
    no clause ("what he said", "how things look": no wh-word, no subject pronoun but a relative "who")
    and no plan ("according to plan" names no source); else None."""
    phrase = np_text.strip()
    if not _DOCUMENT_SOURCE.fullmatch(phrase) or FINITE_VERB.search(phrase):
        return None
    words = phrase.lower().split()
    if words[0] in _NOT_DOCUMENT_FIRST or words[-1] in _NOT_DOCUMENT_LAST or any(w in _CLAUSE_PRONOUNS for w in words):
        return None
    start = at + np_text.index(phrase)
    return Subject(phrase, start, start + len(phrase))


_SEEN_BY = re.compile(r"\b(?:seen|obtained|reviewed|viewed|leaked|released|shared|sent)\s+(?:by|to)\s")


def _according_source(text: str, np_text: str, at: int, document: bool) -> Subject | None:
    """The source named by np_text (at offset `at`) after "according to" (`document`: any source, not
    only a person, see `_document_source`) or "as": the person or group it ends with, but the whole
    phrase when its last words only saw or got the source ("a memo seen by the Guardian", "emails
    obtained by the Post": the paper did not say what the memo says)."""
    if document and _SEEN_BY.search(np_text):
        whole = _document_source(np_text, at)
        if whole is not None:
            return whole
    subj = np_before(text, tokens(np_text, at), len(tokens(np_text, 0)) - 1)
    return _document_source(np_text, at) if subj is None and document else subj


# a participle opening the text after a comma: the writer's clause ("…, sending its shares up 4%"), unless
# it is an adjective or noun in the speaker's phrase ("…, leading economists said")
_PARTICIPLE_FIRST = re.compile(r"([a-z]+ing)\s")
_ADJECTIVAL_ING = frozenset(
    "leading visiting ruling governing opposing remaining existing outgoing incoming acting presiding dissenting "
    "participating working voting retiring founding managing competing reigning sitting serving investigating "
    "attending striking protesting neighbouring neighboring surviving"
    # nouns in -ing before a head noun ("…, fundraising documents show")
    " fundraising polling housing banking lending funding planning nursing building marketing shipping mining"
    " spending training hearing briefing trading financing publishing manufacturing advertising engineering"
    " accounting consulting licensing sentencing".split()
)


def _writers_participle(tail: str, cue_at: int) -> bool:
    """Does `tail` (the text after a comma) open with a participle before its cue word at `cue_at`, not an
    adjective or noun of a speaker's phrase (`_ADJECTIVAL_ING`)?"""
    pm = _PARTICIPLE_FIRST.match(tail)
    return pm is not None and pm[1] not in _ADJECTIVAL_ING and pm.end() <= cue_at


# a relative clause opening the text after a comma: an aside on the phrase before it
_RELATIVE_OPENS = re.compile(r"(?:who|whose|whom|which)\b")


def _trailing_attr(d: Doc, s_lo: int, s_hi: int, masked: str) -> tuple[int, Subject, str, str, int | None] | None:
    """`CONTENT, X said.` / `CONTENT, said X.` / `CONTENT, according to X.` at the end of a sentence.

    `masked` is `d.masked(s_lo, s_hi)`. Returns where the content ends, the speaker, the cue, the
    pattern id and where a reporting participle after the frame starts (`…, X said, adding that …`:
    a second report by the same speaker; None without one), or None."""
    text = d.text
    sent = text[s_lo:s_hi]
    splits = [(m.start(), m.end()) for m in _COMMA.finditer(masked)]
    if any(mark in sent for mark in _CLOSING_MARKS):  # (the other split points follow a closing mark)
        splits += [(m.end(1), m.end()) for m in _AFTER_CLOSING.finditer(sent)]
        splits += [(m.start(), m.end()) for m in _AFTER_CLOSING_FRAME.finditer(sent)]
    title = title_case(sent)
    for cut_at, tail_at in sorted(set(splits), reverse=True):
        tail_lo = s_lo + tail_at
        tail = text[tail_lo:s_hi]
        if len(tail) > 200 or d.in_quote(tail_lo) or cut_at < 8 or _RELATIVE_OPENS.match(tail):
            continue  # ('"…," Christie, who endorsed Trump in May, told reporters': an aside, not a frame)
        am = _AS_X_PUT_IT.match(tail)
        if am and (am.group(0).lower().startswith("according") or am.group(2)):
            # "…, according to their attorneys, and said …": the source ends at the comma
            np_text = re.sub(r"\s*\([^)]*\)\s*$", "", am.group(1).split(",")[0])
            at = tail_lo + am.start(1)
            subj = _according_source(text, np_text, at, am.group(0).lower().startswith("according"))
            if subj:
                cue = "according to" if am.group(0).lower().startswith("according") else (am.group(2) or "").strip()
                return s_lo + cut_at, subj, cue, "indirect.trailing_according_to", None
        cm = _frame_cue(tail, title)
        if not cm or cm.start() > 90 or _writers_participle(tail, cm.start()):
            continue  # (the last: "…, beating analyst estimates.": the writer's participle clause, not a frame)
        cue_s = tail_lo + cm.start()
        then: int | None = None
        lemma = lemma_of(cm.group(0))
        if lemma is None or lemma not in BARE_CLAUSE:
            continue
        if lemma in _EVIDENCE_LEMMAS and _says(masked[:cut_at]):
            continue  # "Bamberg also said the videos …, the footage showed": his report, not the footage's
        before = text[tail_lo:cue_s]
        if before.strip():
            # a participle clause may close the sentence: "…, X said in June, citing the figures."
            # (one that reports something itself, "…, adding that …", is a second report: `then`)
            after = tail[cm.end() :]
            pm = re.search(r",\s+([a-z]+ing)\b[^.!?]*(?=[.!?\"\u201d]*\s*$)", after)
            if pm:
                if pm.group(1) in CUE_LEMMA:
                    then = tail_lo + cm.end() + pm.start(1)
                after = after[: pm.start()]
            joint = _FRAME_THEN_JOINT.match(after) or _FRAME_THEN_SUBORDINATE.match(after)
            if joint is not None:
                # "A, officials said, and all were alive": the frame closes A; the writer goes on
                # ("A, her representatives said Monday, days after she collapsed": so does a time clause)
                after = after[: joint.end()]
            # "…, X said on Monday." / "…, X told reporters." — only a short adjunct may follow
            if FINITE_VERB.search(after) or has_finite_verb(after):
                # "In an interview, Smith said the plan had failed.", "Despite the bad press,
                # officials said they welcome the attention.": a report, not a frame
                continue
            if len(after.split()) > 8 or not re.fullmatch(r"[\w\s'\u2019.-]*?[.!?\"\u201d]*\s*", after):
                continue
            if _OPENING_PREPOSITION.match(text, s_lo, s_lo + cut_at) and not has_finite_verb(
                text[s_lo : s_lo + cut_at]
            ):
                # "Like Mr. Sanders, she has reckoned with …": an opening adjunct is no statement
                continue
            subj = find_subject(text, tail_lo, cue_s)
            if subj is None and not cm.group(0).endswith("ing") and BARE_FRAME_END.fullmatch(after):
                subj = bare_np_subject(text, tail_lo, cue_s)  # "…, fire crews said." (a head noun the lexicon lacks)
            lead = text[tail_lo : subj.start].strip(" ,") if subj is not None else ""
            if subj is None or (
                subj.start - tail_lo > 3
                and not lead.endswith(",")
                and not (subj.role and lead == subj.role.strip(" ,"))
            ):
                continue  # (but a role before the name is the speaker's: "…, union leader Mick Rowan told the BBC.")
            rule = "indirect.trailing_x_said"
        else:
            # "…, said Mr. Barrett, the lawyer for the agency."
            rest = text[tail_lo + cm.end() : s_hi]
            # only a short phrase `said_x_subject` reads as a speaker ("…, said that Mr. Berg had …" is
            # a clause: cutting it at the first full stop gave the speaker "Mr"), or a name and its affiliation
            subj = said_x_subject(text, tail_lo + cm.end(), s_hi, 5, lemma)
            if (
                subj is None
                or (words_then_end(rest, 5, _SAID_X_END) is None and not AFFILIATION_END.match(text, subj.end, s_hi))
                or has_finite_verb(text[tail_lo + cm.end() : subj.end])
            ):
                # (a clause after the cue is what was said: "Shelby, the Alabama Republican, said the
                # donations were improper." gave the speaker "improper")
                continue
            rule = "indirect.trailing_said_x"
            who = _WHO_THEN.match(text, subj.end, s_hi)
            if who is not None and who.group(1).lower() in CUE_LEMMA:
                then = who.start(1)  # '"…," said Mr Beck, who added that …': a second report of his
        return s_lo + cut_at, subj, cue_text(text, cue_s, tail_lo + cm.end(), s_hi), rule, then
    return None


# a quotation opening right after a cue (and its colon or comma)
_QUOTE_NEXT = re.compile(r"[:,]?\s*[\"\u201c]")


def _frame_cue(tail: str, title: bool) -> re.Match[str] | None:
    """The first cue verb of a trailing frame's text, or None. A cue word right before another is the
    frame's head noun, not its verb: "…, the report said.", "…, a new study claims." (the second is).
    A cue a quotation follows frames no text before it: 'Asked whether …, Vasić said "all options are
    on the table"' (the quotation is what was said)."""
    found = [w for w in cue_matches(tail) if verb_cased(w.group(0), False, title)]
    for w, nxt in zip(found, [*found[1:], None]):
        if nxt is None or tail[w.end() : nxt.start()].strip():
            return None if _QUOTE_NEXT.match(tail, w.end()) else w
    return None


# what records, polls and footage do in a trailing frame ("…, records show."); a content that reports
# someone's words itself is theirs, not the evidence's
_EVIDENCE_LEMMAS = frozenset({"find", "show"})
_SAYING = frozenset({"say", "tell", "add", "claim", "write", "insist", "argue", "note", "state", "explain"})


def _says(content: str) -> bool:
    """Does `content` report someone's words with a verb of saying ("Bamberg also said …")?"""
    return any(lemma_of(w.group(0)) in _SAYING for w in WORD_RE.finditer(content))


# after a trailing "said X": ", who (also) added …", the speaker's relative clause reporting more
_WHO_THEN = re.compile(r",\s+who\s+(?:also\s+|later\s+|then\s+)?([a-z]+)\b")
# a sentence opening with a preposition: what stands before its first comma is an adjunct, not a report
_OPENING_PREPOSITION = re.compile(
    r"[\"\u201c]?(?:like|unlike|in|on|at|after|before|despite|during|since|for|with|without|among|amid|"
    r"following|under|over|from|by|as|of)\s",
    re.I,
)
# a comma and a conjunction right after a mid-sentence frame ("…, officials said, and all were alive")
_FRAME_THEN_JOINT = re.compile(r"[^,]{0,40}?(?=,\s+(?:and|but)\s+\w)")
# the writer's time clause after a closing frame's adjunct: "…, officials said Sunday, as talks stalled"
_FRAME_THEN_SUBORDINATE = re.compile(
    r"[^,]{0,40}?(?=,\s+(?:(?:just|only|shortly|soon|hours|days|weeks|months|minutes|a\s+(?:day|week|month))\s+)*"
    r"(?:after|as|while|when|before|amid|following|even\s+as)\s+\w)"
)


_REPORT_WORDS = set(CUE_LEMMA) | set(NP_OBJECT_LEMMA) | {p.split()[0] for p in PHRASAL_LEMMA} | REPORT_WORDS_EXTRA


# "…, telling reporters that …" after a report's clause: the participle is a second report by the same speaker;
# the comma may close a quotation ('that he had "won the debate," claiming …'): the report ends after the mark
_PARTICIPLE_REPORT = re.compile(r"(?:,|(?<=,[\"\u201d'\u2019]))\s+(?:also\s+|then\s+|later\s+)?([a-z]+ing)\b")
# "…, and (he) called …", "…, but (she) argued …": a second finite report by the same or a named subject
_COORDINATED_REPORT = re.compile(
    uni(
        r"(?=[,\s]),?\s+(?:and|but(?<!\ball but)(?<!\banything but)(?<!\bnothing but)(?<!\beverything but))\s+"
        r"(?:(?:he|she|they|it|we|I|\p{Lu}[\w.'\u2019\p{M}-]*)\s+)?"
        r"(?:also\s+|then\s+|later\s+)?([A-Za-z]+)\b"
    )
)


# the same with a bare plural noun as the second report's subject ("…, but doctors warn …")
_COORDINATED_PLURAL = re.compile(r",\s+(?:and|but)\s+([a-z]{3,}s)\s+([a-z]+)\b")
# or a possessive's noun, comma or not ("denied the charges and his lawyer said …")
_COORDINATED_OWNED = re.compile(
    r",?\s+(?:and|but)\s+((?:his|her|their|its)\s+[a-z]+(?:\s+[a-z]+)??)\s+(?:also\s+)?([a-z]+)\b"
)


# verbs of saying whose subject is a speaker whatever its head noun
_CORE_SPEECH = frozenset({"say", "tell"})
# what may open a sentence before its first word
_LEADING_CHARS = " \t\n\"'\u201c\u2018(\u2014-"


def indirect_in(d: Doc, s_lo: int, s_hi: int, nested: bool) -> list[Draft]:
    """Indirect (or mixed) attributions in one sentence text[s_lo:s_hi].

    `nested`: the sentence is inside a quotation (pass 3 looks for reports within it).
    The sentence patterns are tried in the order the code below is written (not by their
    declared `priority`); the first that finds something wins."""
    masked = d.masked(s_lo, s_hi) if not nested else d.text[s_lo:s_hi]
    # Most sentences report nobody: without a reporting word there is nothing to find.
    # The sentence's words are scanned once; the cue loop and the stance verbs below walk
    # its reporting words (every cue and stance-verb form is one).
    sent_words = [
        (m.start(), m.end(), w) for m in WORD_RE.finditer(masked) if (w := m.group(0)).lower() in _REPORT_WORDS
    ]
    if not sent_words:
        return []
    if any(not w[:1].islower() for _, _, w in sent_words):
        title = title_case(masked)
        sent_words = [(a, b, w) for a, b, w in sent_words if verb_cased(w, not masked[:a].strip(_LEADING_CHARS), title)]
    low = masked.lower()
    found = _according_to(d, s_lo, s_hi, masked) if triggered("indirect.according_to", low) else None
    if found is None and not nested:
        trailing = _trailing(d, s_lo, s_hi, masked)
        if trailing is not None:
            found = trailing.draft
            if trailing.then is not None:  # "…, X said, adding that …": the participle reports for X too
                # (`sent_words` offsets are the sentence's, `then` the document's)
                later = [
                    WordMatch(a, b, w) for a, b, w in sent_words if s_lo + a >= trailing.then and w.lower() in CUE_LEMMA
                ]
                return [found, *_cue_reports(d, s_lo, s_hi, later, nested, carried=trailing.speaker)]
    if found is None and triggered("indirect.it_is_alleged", low):
        found = _it_is_alleged(d, s_lo, s_hi, masked)
    if found is not None:
        return [found]
    cue_words = [WordMatch(a, b, w) for a, b, w in sent_words if w.lower() in CUE_LEMMA]
    out = _cue_reports(d, s_lo, s_hi, cue_words, nested)
    if not out and not nested:
        out.extend(_np_object(d, s_lo, s_hi, masked, sent_words))
    return out


def _according_to(d: Doc, s_lo: int, s_hi: int, masked: str) -> Draft | None:
    """`According to X, CONTENT.` (indirect.according_to)."""
    text = d.text
    am = _ACCORDING.match(masked) or _ACCORDING_LATE.match(masked)
    if am is None or FINITE_VERB.search(masked, 0, am.start() + am.group(0).lower().rfind("according")):
        return None  # "The plan will fail, according to X, a lawyer": the content came first
    rest_lo = s_lo + am.end()
    cm = re.search(r",\s+", masked[am.end() :])
    if cm is None:
        return None
    np_text = text[rest_lo : rest_lo + cm.start()]
    subj = _according_source(text, np_text, rest_lo, True)
    if subj is None:
        return None
    c_lo, c_hi = content_bounds(d, rest_lo + cm.end(), s_hi)
    if c_hi - c_lo <= 10:
        return None
    return Draft(c_lo, c_hi, subj.text, subj.start, "according to", "indirect", "indirect.according_to", role=subj.role)


class Trailing(NamedTuple):
    """A trailing frame's report: its draft, its speaker, and the offset where a reporting participle
    after the frame starts (`…, X said, adding that …`; None without one)."""

    draft: Draft
    speaker: Subject
    then: int | None


def _trailing(d: Doc, s_lo: int, s_hi: int, masked: str) -> Trailing | None:
    """`CONTENT, X said.` and its kin (the indirect.trailing_* patterns); `masked` is `d.masked(s_lo, s_hi)`."""
    tr = _trailing_attr(d, s_lo, s_hi, masked)
    if tr is None:
        return None
    cut, subj, cue, rule, then = tr
    c_lo, c_hi = content_bounds(d, s_lo, cut)
    if c_hi - c_lo <= 10 or len(d.text[c_lo:c_hi].split()) < 3:
        return None
    qt: QuoteType = "mixed" if has_quote(d.text[c_lo:c_hi]) else "indirect"
    return Trailing(Draft(c_lo, c_hi, subj.text, subj.start, cue, qt, rule, role=subj.role), subj, then)


_IT_IS_ALLEGED = re.compile(
    r"\b[Ii]t (?:has been|had been|is|was|have been) (alleged|claimed|reported|suggested|said|rumou?red|understood|believed)\s+(?=that\b)"
)


def _it_is_alleged(d: Doc, s_lo: int, s_hi: int, masked: str) -> Draft | None:
    """`It has been alleged/claimed/reported that …`: an unnamed source (indirect.it_is_alleged)."""
    im = _IT_IS_ALLEGED.search(masked)
    if im is None:
        return None
    c_lo, c_hi = content_bounds(d, s_lo + im.end(), s_hi)
    return Draft(c_lo, c_hi, "unnamed", None, im.group(1), "indirect", "indirect.it_is_alleged", kind="unnamed")


# The leading lookaheads below repeat what every match starts with: `re` then skips to the next such
# character instead of trying each alternative at every one (the same matches, 2x-5x faster).
_PARTICIPLE_SLOT = re.compile(
    r"(?=[,abw])(?:,[\"\u201d]?|\band|\bbut|\bby|\bwhile|\bbefore|\bafter|\bwhen)\s+(?:also\s+|then\s+|later\s+)?$"
)
_CLAUSE_BEFORE = re.compile(
    uni(r"\b(?:after|when|because|since|while|before|although|though|once|as)\s+(?=(?:he|she|they|\p{Lu}))")
)


_PARTICIPLE_AFTER_COMMA = re.compile(r"\w+ing\b")
_AND_THEN = re.compile(
    r"\b(?:and|but(?<!\ball but)(?<!\banything but)(?<!\bnothing but)(?<!\beverything but))\s+(?:also\s+|then\s+)?$"
)
_SEEMED_TO = re.compile(r"\s(?:seemed|appeared|went on|continued|tried|wanted|was quick|were quick) to\s*$")
_WAS_TOLD = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
# How far before a cue its end-anchored patterns (_AND_THEN, _SEEMED_TO, _PARTICIPLE_SLOT,
# _WAS_TOLD) look. Their matches are a few words long; only a run of 100 spaces or word
# characters could stretch one further, and then the whole sentence start is searched.
_NEAR_CUE = 400
_LONG_RUN = re.compile(r"\s{100}|\w{100}")


def _near_cue(text: str, s_lo: int, cue_s: int) -> int:
    """Where the end-anchored searches before a cue start: s_lo, or _NEAR_CUE characters
    before the cue (linear time, issue 17: each cue searched the sentence from its start)."""
    near = max(s_lo, cue_s - _NEAR_CUE)
    if near > s_lo and _LONG_RUN.search(text, near, cue_s):
        return s_lo
    return near


def _ends_with(pattern: re.Pattern[str], text: str, s_lo: int, near: int, end: int, pad: str = "") -> bool:
    """Whether `pattern` (anchored with $) matches at the end of text[s_lo:end] + pad, searching
    from `near` on (one character before it is kept, so \\b sees what the whole string shows)."""
    if near == s_lo:
        return pattern.search(text[s_lo:end] + pad) is not None
    return pattern.search(text[near - 1 : end] + pad, 1) is not None


# (text, s_lo, how far scanned, ends, match ends) of the last long sentence start scanned
_CLAUSES: tuple[str, int, int, list[int]] | None = None


def _last_clause_start(text: str, s_lo: int, near: int, pre_end: int, pad: str) -> int | None:
    """Where the last `_CLAUSE_BEFORE` match in text[s_lo:pre_end] + pad ends, or None.

    Linear time (issue 17): near the cue (from `near`) it is searched as before; only when
    there is none there are the earlier ones needed, and those are the same as in a scan
    of the text from s_lo (a match a few characters from pre_end is in the near part), so
    that scan is kept for the next cue of the sentence and extended as it goes on."""
    global _CLAUSES
    if near == s_lo:
        ms = list(_CLAUSE_BEFORE.finditer(text[s_lo:pre_end] + pad))
        return s_lo + ms[-1].end() if ms else None
    ms = list(_CLAUSE_BEFORE.finditer(text[near - 1 : pre_end] + pad, 1))
    if ms:
        return near - 1 + ms[-1].end()
    limit = pre_end - 4 - s_lo  # a match that ends (with its lookahead) before this is the scan's
    c = _CLAUSES
    if c is None or c[0] is not text or c[1] != s_lo or c[2] < pre_end:
        upto = min(len(text), s_lo + 2 * (pre_end - s_lo) + 1000)
        c = (text, s_lo, upto, [m.end() for m in _CLAUSE_BEFORE.finditer(text[s_lo:upto])])
        _CLAUSES = c
    k = bisect.bisect_right(c[3], limit) - 1
    return s_lo + c[3][k] if k >= 0 else None


# an outlet's report of someone's words: "quoted X as saying …" (X: a few words, no clause)
_QUOTED_AS = re.compile(r"\bquot(?:ed|es|ing)\s+([^.;:!?\"\u201c\u201d]{2,80}?)\s+as\s+$")


def _quoted_as(d: Doc, lo: int, s_hi: int, qa: re.Match[str], lemma: str, cue_e: int) -> list[Draft]:
    """ "Reuters quoted President X as saying the talks had failed" (indirect.quoted_as_saying): the
    outlet reports, and what it reports is the quoted person's saying, from their name on (as PolNeAR
    marks it), so that the statement keeps who said it. `qa`: the `_QUOTED_AS` match before the cue."""
    subj = find_subject(d.text, lo, qa.start())
    c = complement(d, lemma, cue_e, s_hi)
    if subj is None or c is None or not_a_subject(d.text, lo, subj):
        return []
    c_lo, c_hi = qa.start(1), c[1]
    qt: QuoteType = "mixed" if has_quote(d.text[c_lo:c_hi]) else "indirect"
    return [Draft(c_lo, c_hi, subj.text, subj.start, "quoted", qt, "indirect.quoted_as_saying", role=subj.role)]


def _cue_subject(d: Doc, s_lo: int, cue_s: int, lemma: str, carried: Subject | None) -> tuple[Subject | None, str]:
    """Who speaks through the cue verb at cue_s, and how they were found: "x" (the subject
    before the cue), "and" (the subject of a coordinated first report), "participle" (the
    subject of the clause before), "was_told" (a passive "told": unnamed)."""
    text = d.text
    how = "x"
    subj: Subject | None
    near = _near_cue(text, s_lo, cue_s)
    if carried is not None and _ends_with(_AND_THEN, text, s_lo, near, cue_s):
        subj, how = carried, "and"
    elif _PARTICIPLE_AFTER_COMMA.match(text, cue_s) and text[s_lo:cue_s].rstrip().endswith(","):
        # "…, Trump reversed himself, telling CBS …": a participle clause, whose subject is the
        # clause's before it (below), not "NP, APPOSITIVE, verb" ("a few days later" as a speaker);
        # after a report the participle ended ("X said A, telling B"), the report's speaker
        if carried is not None:
            return carried, "participle"
        subj = None
    else:
        subj = find_subject(text, s_lo, cue_s)
        if subj is not None and not_a_subject(text, s_lo, subj):
            subj = None
        if subj is None and lemma in _CORE_SPEECH:
            # "The NFL legend said …": a head noun the role lexicon lacks, opening the sentence
            subj = opening_np_subject(
                text, s_lo + len(text[s_lo:cue_s]) - len(text[s_lo:cue_s].lstrip(_LEADING_CHARS)), cue_s
            )
    # "… seemed to say": the clause before ends before "seemed to" (replaced by one space)
    # (no lookbehind: as on the slice; every match ends with " to" and white space, a string test
    # spares most cues the search)
    seemed = _SEEMED_TO.search(text, near, cue_s) if text[near:cue_s].rstrip().endswith(" to") else None
    pre_end, pad = (seemed.start(), " ") if seemed else (cue_s, "")
    if subj is None and _ends_with(_PARTICIPLE_SLOT, text, s_lo, near, pre_end, pad):
        # "…, saying that …" / "X resigned and said …": the subject of the clause just
        # before speaks ("… after he resigned, accusing her …" -> he), else the sentence's.
        how = "participle"
        clause_at = _last_clause_start(text, s_lo, near, pre_end, pad)
        if clause_at is not None:
            subj = leading_subject(text, clause_at, cue_s)
        subj = subj or leading_subject(text, s_lo, cue_s)
    # (a progressive, "X is telling reporters that …", is X's report, not a passive)
    if lemma == "tell" and not text.startswith("telling", cue_s) and _ends_with(_WAS_TOLD, text, s_lo, near, cue_s):
        subj, how = Subject("unnamed", cue_s, cue_s), "was_told"  # "Reporters were told that …": they heard it
    return subj, how


def _passive_source(text: str, subj: Subject, lemma: str, cue_s: int, c_lo: int) -> Subject:
    """The source of a report whose cue at `cue_s` may be a passive, its content at `c_lo`: `subj`, or no
    one named where the passive hides who speaks."""
    passive = passive_at(text, cue_s)
    agent = _BY_AGENT.match(text, text.find(" ", cue_s)) if passive else None
    if agent is not None and agent.end("who") <= c_lo and not _BY_TIME.match(agent["who"]):
        # "The coach was accused by a former player of bullying …", "It was reported by Sky Sports that
        # …": the agent speaks, not the accused or the dummy "it"
        return Subject(agent["who"], agent.start("who"), agent.end("who"))
    if subj.text.lower() == "it" and passive and not text.startswith("to ", c_lo):
        # "It is thought the fire started …": no one named ("it is expected to approve" is the thing's)
        return Subject("unnamed", cue_s, cue_s)
    if lemma in UNNAMED_PASSIVES and text.startswith(("to ", "as "), c_lo) and passive:
        # "Trump is expected to deliver a speech", "He is believed to have fled": whoever expects or
        # believes it is not named; the subject is what it is about (PolNeAR marks no source)
        return Subject("unnamed", cue_s, cue_s)
    return subj


# a "by" phrase of time, no agent: "It was announced by the end of the week that …", "confirmed by late
# afternoon that …", "by Friday", "by 2020"
_BY_TIME = re.compile(
    r"(?i:(?:the\s+|this\s+|that\s+|next\s+|last\s+)?(?:(?:late|early|mid)[\s-]+)?"
    r"(?:end|start|beginning|middle|close|time|turn|weekend|morning|afternoon|evening|night|midnight|noon|dawn|dusk"
    r"|then|now|today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|january|february|march|april|may|june|july|august|september|october|november|december|week|month|year"
    r"|spring|summer|autumn|fall|winter|\d+s?))\b"
)
# a passive cue's agent right after it, before the content: "accused by a former player of …"
_BY_AGENT = re.compile(
    r"\s+by\s+(?P<who>(?:an?|the|his|her|their|its)?\s*[\w'\u2019.-]+(?:\s+[\w'\u2019.-]+){0,3}?)\s+(?:of|that|to|for|as)\b"
)


# (how the subject was found, the verb takes a bare clause) -> pattern id
_CUE_RULES = {
    ("x", True): "indirect.x_said_that",
    ("x", False): "indirect.x_verb_to",
    ("and", True): "indirect.and_said_that",
    ("and", False): "indirect.and_verb_to",
    ("participle", True): "indirect.participle_said_that",
    ("participle", False): "indirect.participle_verb_to",
    ("was_told", True): "indirect.was_told",
    ("was_told", False): "indirect.was_told",
}


_THAT = re.compile(r"that\b")


def _frames_quotation(d: Doc, s_lo: int, subj: Subject, cue_s: int, cue_e: int, c_lo: int) -> bool:
    """Is the cue the frame of the quotation the sentence opens with, closing right before the cue or
    its subject ('"…," Mrs. Doe said Tuesday night, …', '"…," said a source close to the campaign')?
    Then the words after it are no bare clause it reports (a that-clause still is, and so does a
    participle: '"…," he said, adding the plan …'). A quoted title inside the sentence ('in a memo
    titled "Next Steps," said the bridge …') frames nothing."""
    text = d.text
    if text[cue_e:c_lo].strip() or _THAT.match(text, c_lo) or text[cue_s:cue_e].endswith("ing"):
        return False
    q = d.quotation_before(cue_s)
    if q is None and subj.start < cue_s and not text[subj.end : cue_s].strip():
        q = d.quotation_before(subj.start)  # '…,'' Mrs. Doe said …'
    return q is not None and q.opened and q.start >= s_lo and not text[s_lo : q.start].strip()


# A long content (a run-on sentence of thousands of characters) is searched for its end in a window
# first, so that each of its many reports does not rescan the rest of the sentence (quadratic time); an
# end found well inside the window is the one a whole search finds, since no pattern spans the margin
# and no test reads further ahead than `_LOOK_AHEAD`.
_END_WINDOW = 4000
_END_MARGIN = 1000
# how far the end's tests read on past a match (a comma, a clause's verb): under the margin, so a
# window's answer is the whole search's
_LOOK_AHEAD = 500
_LEADING_CAPITALS = re.compile(r"\A(?:[A-Z][\w.'\u2019-]*\s+)+")


def _coordinated_end(d: Doc, c_lo: int, c_hi: int, nested: bool) -> tuple[int, int | None] | None:
    """`_coordinated_end_in` over the report's content `d.text[c_lo:c_hi]`, in a window first."""
    if c_hi - c_lo > _END_WINDOW:
        found = _coordinated_end_in(d, c_lo, c_lo + _END_WINDOW, c_hi, nested)
        if found is not None and found[0] < c_lo + _END_WINDOW - _END_MARGIN:
            return found
    return _coordinated_end_in(d, c_lo, c_hi, c_hi, nested)


def _coordinated_end_in(d: Doc, c_lo: int, hi: int, c_hi: int, nested: bool) -> tuple[int, int | None] | None:
    """Where this report ends before a second clause (a document offset) and, when that clause has
    a subject of its own, where the subject starts (None: it goes on with this report's speaker);
    or None. The earliest of: a coordinated second report ("said A, and called on B to C", "told
    CNN that A, but he said B"), a reporting participle after a comma, which may close a quotation
    ("said A, telling reporters B", 'said A "in quotes," adding B'), and a clause of its own joined
    by a comma and a conjunction ("said A, but the board disagreed"). The cue word need not find a
    content of its own: ending the report there anyway scores better on PolNeAR train and dev (F1
    0.7772 / 0.7819 against 0.7767 / 0.7808 when it must). Searched in `d.text[c_lo:hi]`, the
    content ending at `c_hi`."""
    scope = d.masked(c_lo, hi) if not nested else d.text[c_lo:hi]
    ends: list[tuple[int, int | None]] = []
    for am in _COORDINATED_REPORT.finditer(scope):
        if am.group(1).lower() in CUE_LEMMA:
            ends.append((c_lo + am.start(), None))
            break
    for pattern in (_COORDINATED_PLURAL, _COORDINATED_OWNED):
        for pm in pattern.finditer(scope):
            if pm.group(2).lower() in CUE_LEMMA and pm.group(1).split()[-1] not in CUE_LEMMA:
                ends.append((c_lo + pm.start(), c_lo + pm.start(1)))  # "…, but doctors warn …": theirs
                break
    semi = _semicolon_clause(scope)
    if semi is not None:
        ends.append((c_lo + semi[0], c_lo + semi[1]))
    sayer = _coordinated_sayer(scope)
    if sayer is not None:
        ends.append((c_lo + sayer[0], c_lo + sayer[1]))
    for cm in NEW_CLAUSE.finditer(scope):
        if joins_clauses(d.text, c_lo, c_lo + cm.start(), c_lo + cm.start(1), c_hi):
            ends.append((c_lo + cm.start(), c_lo + cm.start(1)))
            break
    # on the text, not the masked scope, so that a comma closing a quotation is seen; a participle
    # inside a quotation is masked there and is no report of this speaker's
    for am in _PARTICIPLE_REPORT.finditer(d.text, c_lo, hi):
        at, word = am.start(1) - c_lo, am.group(1)
        if (
            word in CUE_LEMMA
            and scope.startswith(word, at)
            and not _interrupts(scope, am.end() - c_lo)
            and not _CLAUSE_JOINT.search(scope, 0, am.start() - c_lo)
            and not _quoted_by_another(d, scope, c_lo, am.start())
        ):
            ends.append((am.start(), None))
            break
    tail = NARRATION_TAIL.search(scope)
    if tail is not None:
        ends.append((c_lo + tail.start(), c_lo + tail.start() + 1))  # its reports are not the speaker's
    return min(ends, default=None, key=_first_item)


# a semicolon, then a clause's subject: a pronoun, a determiner, a name or a number
_SEMICOLON_SUBJECT = re.compile(
    r";\s+(?=(?:he|she|they|it|we|I|you|there|the|a|an|this|these|those|his|her|their|its|just|only|some|most"
    r"|[A-Z][\w.'\u2019-]*|\d[\d,.%]*)\b)"
)


def _semicolon_clause(scope: str) -> tuple[int, int] | None:
    """The first semicolon in `scope` followed by a clause of its own (a subject, then a finite verb
    before the next semicolon): where it stands and where that clause starts; None else. On PolNeAR
    train gold indirect contents end at a semicolon 95 times and run past one 41 times (most of them
    quotations or lists: "followed by Sen. Ted Cruz at 23 percent; Sen. Marco Rubio at …", which has no
    verb and goes on)."""
    for m in _SEMICOLON_SUBJECT.finditer(scope):
        reach = m.end() + _LOOK_AHEAD
        nxt = scope.find(";", m.end(), reach)
        clause = scope[m.end() : nxt if nxt >= 0 else reach]
        # the subject's capitalised words first: a name in -ed ("Jo Park; Fred Ahmed at 12 percent") is no verb
        if has_finite_verb(_LEADING_CAPITALS.sub("", clause)):
            return m.start(), m.end()
    return None


# a joint, then a few words ending in a verb that reports a bare clause ("…, while nine in 10 said …",
# "…, and other GOP leaders said …"): a report of its own, whatever its subject's first word
_JOINT = re.compile(r",\s+(?:and|but|while|whereas|though|although|yet)\s+(?=\S)")
_SUBJECT_WORDS = re.compile(r"[\w'\u2019.-]+")
MAX_SAYER_WORDS = 5
# words that open an aside or a subordinate clause, not a second report's subject ("…, and as the mayor
# said, it would …", "…, but only because …", "…, and whatever they said …")
_ASIDE_OPENERS = frozenset({"as", "because", "how", "if", "when", "why", "whether", "everything", "whatever", "to"})


def _coordinated_sayer(scope: str) -> tuple[int, int] | None:
    """The first second report in `scope` whose subject is up to `MAX_SAYER_WORDS` words with no verb
    of their own and no relative pronoun, then a form of a `BARE_CLAUSE` verb other than its
    participle (`said`, `says`, `told`, `warn`): where the joint's comma and the subject start; None else."""
    for jm in _JOINT.finditer(scope):
        words = list(islice(_SUBJECT_WORDS.finditer(scope, jm.end()), MAX_SAYER_WORDS + 1))
        for i, wm in enumerate(words):
            if i and scope[words[i - 1].end() : wm.start()].strip():
                break  # a comma or a mark between the words: no plain subject
            word = wm.group()
            lemma = CUE_LEMMA.get(word)
            if lemma is None:
                continue
            subject = scope[jm.end() : wm.start()]
            # "…, and (many) who feel …": the content's own people; "…, and as the mayor said, …": an aside
            before = {w.group().lower() for w in words[:i]}
            if (
                i
                and lemma in BARE_CLAUSE
                and words[0].group().lower() not in _ASIDE_OPENERS
                and not word.endswith("ing")
                and before.isdisjoint(RELATIVE_PRONOUNS)
                and not has_finite_verb(subject)
            ):
                return jm.start(), jm.end()
            break  # a cue word that is no verb of a second report ("…, and support for …")
    return None


# a second clause (a joint, then a subject) before a participle: its subject may be the participle's
# ("said taxes would rise, but the governor disagreed, arguing …"), so the report is not split there;
# a second verb of the same subject is no such clause ("said she had won and would stay, adding …")
_CLAUSE_JOINT = re.compile(
    r"\b(?:but|and|while|whereas|although|though|because|when)\s+(?:the|a|an|his|her|their|he|she|they|it|we|I|[A-Z])\b"
)
_first_item = itemgetter(0)
_AUX_NEXT = re.compile(r",\s+" + FINITE_VERB.pattern)


def _quoted_by_another(d: Doc, scope: str, c_lo: int, at: int) -> bool:
    """Does the quotation closing right before `at` have a cue of its own inside the content
    ('said the man yelled "you will pay," warning …': the participle may be the man's, not the
    report's speaker's)? False when no quotation closes there."""
    q = d.quotation_before(at + 1) if d.text[at] != "," else None
    if q is None or q.start < c_lo:
        return False
    return any(w.lower() in CUE_LEMMA for w in _WORDS.findall(scope, 0, q.start - c_lo))


_WORDS = re.compile(r"[A-Za-z]+")


def _interrupts(scope: str, after: int) -> bool:
    """Is the participle ending at `after` an aside inside the content, closed by a comma before its
    clause's verb ("that the rebels, claiming victory, had seized the town")?"""
    comma = scope.find(",", after, after + _LOOK_AHEAD)
    return comma >= 0 and _AUX_NEXT.match(scope, comma) is not None


# a content that starts with a verb: the cue stood in a relative clause (compiled once: asked of every content)
_VERB_FIRST = re.compile(r"(?:is|are|was|were|has|have|had|will|would)\b")


# a cue in a relative clause set off by a comma: "Dmitri Volkov, who first reported the breach on his blog, said …"
# verbs whose object is the claim ("who called them \"a death sentence\"", "who accused the agency of …")
_QUOTING_FRAMES = frozenset({"call", "accuse", "describe"})
_CLAUSE_OPENING = re.compile(r"(?:that|whether|if|how|why|what|when|where|who|to|not|never)\b", re.I)
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)\s+(?:[a-z]+\s+){0,3}$")
# the comma closing such a clause, then the main clause's verb
# (after an auxiliary any word is the verb: "Police, who believe the attack was planned, have appealed …")
_MAIN_VERB_AFTER = re.compile(
    r",\s+(?:(?:also|later|then)\s+)?(?P<aux>(?:has|have|had|will|would|could|can|must|may|might|should)\s+)?([a-z]+)\b"
)


# after a past form, what makes it the main clause's verb: an object ("…, killed 12 people") or a time
# adjunct ("…, who has denied any wrongdoing, resigned on Friday"), not what follows a participle
# ("…, based in Ohio", "…, disenfranchised.")
_OBJECT_AFTER = re.compile(r"\s+(?!(?:by|in|at|on|for|with|from|to|as|and|or|but)\b)[\w\"\u201c$]")
_ADJUNCT_AFTER = re.compile(r"\s+(?:on|last|after|earlier|yesterday|today|this)\b")


def _past_verb(text: str, m: re.Match[str]) -> bool:
    """Is match `m` of `_MAIN_VERB_AFTER` a past form (irregular, or in -ed) with an object or a time
    adjunct after it?"""
    return past_form(m.group(2)) and (
        _OBJECT_AFTER.match(text, m.end()) is not None or _ADJUNCT_AFTER.match(text, m.end()) is not None
    )


def _relative_clause_end(d: Doc, c_lo: int, c_hi: int) -> int:
    """Where a report made in a relative clause ends: at the comma closing the clause, where the main
    clause's verb follows it (a verb of saying or a finite verb: "…, who had argued that the chain
    should stay on high streets, is said to have opposed the plan"), outside quotation marks; else c_hi."""
    for m in _MAIN_VERB_AFTER.finditer(d.text, c_lo, c_hi):
        word = m.group(2)
        if (m["aux"] or word in CUE_LEMMA or _VERB_FIRST.fullmatch(word) or _past_verb(d.text, m)) and not d.in_quote(
            m.start()
        ):
            return content_bounds(d, c_lo, m.start())[1]
    return c_hi


# a charge denied in one word, as court reports put it ("Doyle, 52, of Pinner, denies fraud.")
_CHARGE_DENIED = re.compile(
    r"(?:fraud|murder|manslaughter|rape|assault|theft|burglary|robbery|arson|bribery|corruption|perjury|"
    r"harassment|blackmail|kidnapping|wrongdoing|negligence|misconduct|wounding|stalking|affray|treason)"
)


# what goes on after a report that ended at its closing quotation mark: a second verb of its speaker
_GOES_ON = re.compile(r"[\"\u201d]?,?\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+)?[a-z]+")


# what follows a cue word used as a noun: its clause's finite verb ("The IG report cited …")
_FINITE_NEXT = re.compile(r"\s+(?P<w>[a-z]+)\b(?!\s+(?:by|to)\b)")
_WORD_BEFORE = re.compile(r"([\w.'\u2019]+)\s+$")
_VERB_SUBJECTS = SUBJECT_PRONOUNS | {"that", "which", "to", "not", "never", "also"}
# participles that follow a document's name, not its verb ("a report released last year found …"):
# the clause's verb is further on, and the cue word keeps its older reading
_DOCUMENT_PARTICIPLES = frozenset(
    "released issued published obtained commissioned prepared leaked seen reviewed compiled conducted presented "
    "submitted filed sent written produced posted drafted circulated".split()
)
_FINITE_WORDS = frozenset(
    "found said says told made is was are were has had shows showed finds will would could can may might should did does".split()
)


# articles, which only ever stand before a noun ("this", "that" may be a subject: "this shows …"; after a
# possessive the noun may be a nominal report of the possessor's: "his claim that …")
_ARTICLES = frozenset({"the", "a", "an"})


def _determined(text: str, cue_s: int) -> bool:
    """Does an article stand right before the cue word at cue_s, making it a noun ("the report")?"""
    before = _WORD_BEFORE.search(text, max(0, cue_s - 12), cue_s)
    return before is not None and before[1].lower() in _ARTICLES


def _noun_before_verb(text: str, word: str, lemma: str, cue_e: int) -> bool:
    """Is the cue `word` (ending at cue_e) the head noun of its clause's subject: a base form ("report",
    "claim", "estimate") right before a finite verb ("The IG report cited no evidence", "the Mueller report
    found"), where a verb of saying would take its content or object? (Not a participle before "by" or "to":
    "Critics claim rigged by …".)"""
    if word.lower() != lemma or word.endswith("s"):
        return False
    before = _WORD_BEFORE.search(text, max(0, cue_e - len(word) - 40), cue_e - len(word))
    if before is None:
        return False
    prev = before[1].lower()
    if (
        prev in _VERB_SUBJECTS
        or prev in AUX_WORDS
        or prev.endswith("ly")
        or prev.endswith("s")
        and strip_possessive(prev) == prev
    ):
        # a pronoun's, plural subject's or auxiliary's verb: "a decision they say allowed …", "voters who
        # feel trapped", "Critics claim rigged machines were used"
        return prev == "news"
    m = _FINITE_NEXT.match(text, cue_e)
    return m is not None and (m["w"] in _FINITE_WORDS or past_form(m["w"]) and m["w"] not in _DOCUMENT_PARTICIPLES)


# a report withheld: "declined to say", "refused to confirm" (a wh-clause after it is still reported)
_WITHHELD = re.compile(r"\b(?:[Dd]eclin|[Rr]efus)(?:e|es|ed|ing)\s+to\s+$")


# a relative clause right after a cue and its comma: a comment on the saying, not what was said
# (or an appositive that names the saying: '"…," she said, a claim he denied')
_RELATIVE_AFTER_CUE = re.compile(
    r"[^,\w]*,\s*(?P<c>which\b|(?:a|an)\s+(?:claim|charge|allegation|accusation|assertion|statement|remark|comment|"
    r"view|position|reference|sentiment|point|message|argument)s?\b)"
)


def _cue_reports(
    d: Doc, s_lo: int, s_hi: int, cue_words: list[WordMatch], nested: bool, carried: Subject | None = None
) -> list[Draft]:
    """`X said (that) …`, `X plans to …` and their coordinated and participle kin (indirect.x_*,
    indirect.and_*, indirect.participle_*, indirect.was_told), left to right. `carried`: the speaker
    of a report just before the first cue word, whose participle it may be ("…, X said, adding …")."""
    text = d.text
    out: list[Draft] = []
    pos = 0
    lo = s_lo  # where the clause of the cue in hand starts (a report cut at a new clause moves it)
    for cm in cue_words:
        if cm.start() < pos:
            continue
        pos = cm.end()
        cue_s, cue_e = s_lo + cm.start(), s_lo + cm.end()
        word = cm.group(0)
        lemma = lemma_of(word)
        if (
            lemma is None
            or not word[0].islower()
            or _noun_before_verb(text, word, lemma, cue_e)
            or _determined(text, cue_s)
        ):
            # (the last two: "The IG report cited no evidence": the cue word is its subject's head noun;
            # 'called the report "speculation"', "a hallmark of the state": an article's noun)
            continue
        qa = _QUOTED_AS.search(text, max(lo, cue_s - 120), cue_s) if text.startswith("as ", cue_s - 3) else None
        if qa is not None:
            out.extend(_quoted_as(d, lo, s_hi, qa, lemma, cue_e))
            continue
        subj, how = _cue_subject(d, lo, cue_s, lemma, carried)
        if subj is None or not_a_subject(text, lo, subj):
            continue
        if word in CALLING_VERBS and _FREE_RELATIVE_BEFORE.search(text, max(lo, subj.start - 8), subj.start):
            continue  # 'what the landlord called a "fair increase"': the cue's object is the "what" (quoted.what_x_called)
        if nested and subj.pronoun and subj.text.lower() in {"i", "we", "you"}:
            continue
        c = complement(d, lemma, cue_e, s_hi)
        if c is None:
            continue
        c_lo, c_hi, extra = c
        rel = _RELATIVE_AFTER_CUE.match(text, cue_e)
        if rel is not None and rel.start("c") == c_lo:
            continue  # '"…," she said, which he denied': the relative clause comments on the saying
        subj = _passive_source(text, subj, lemma, cue_s, c_lo)
        if _VERB_FIRST.match(text[c_lo:c_hi]):
            continue  # "Everything Trump says is a lie": the cue sits in a relative clause
        if text.startswith("that", c_lo) and _WITHHELD.search(text, max(lo, cue_s - 24), cue_s):
            continue  # "refused to say that A": whoever refused does not assert A
        if not nested and _frames_quotation(d, s_lo, subj, cue_s, cue_e, c_lo):
            continue  # '"…," he said Tuesday night, drawing applause': the cue is the quotation's frame
        in_relative = _RELATIVE_BEFORE.search(text, max(lo, cue_s - 48), cue_s) is not None
        if in_relative:
            c_hi = _relative_clause_end(d, c_lo, c_hi)
            if (
                lemma not in _QUOTING_FRAMES
                and lemma not in DENIAL_LEMMAS  # ("Ward, who denies two counts of fraud, told the court": her denial)
                and not has_quote(text[c_lo:c_hi])
                and not _CLAUSE_OPENING.match(text, c_lo)
                and not has_finite_verb(text[c_lo:c_hi])
            ):
                continue  # "Volkov, who first reported the breach on his blog, said": an act, no claim
        co = _coordinated_end(d, c_lo, c_hi, nested) or _subordinate_end(d, lo, subj, c_lo, c_hi)
        if co is not None:
            c_hi = content_bounds(d, c_lo, co[0])[1]
            pos = max(pos, co[0] - s_lo)
        if (
            (c_hi - c_lo < 8 or len(text[c_lo:c_hi].split()) < 2)
            and not _CHARGE_DENIED.fullmatch(text, c_lo, c_hi)
            and not (lemma in DENIAL_LEMMAS and BARE_POINTER.fullmatch(text, c_lo, c_hi))
        ):
            continue
        c_lo = _framed_from(text, lo, subj, cue_e, c_lo)
        cue = cue_text(text, cue_s, cue_e, s_hi) if lemma == "tell" else word + extra
        qt: QuoteType = "mixed" if has_quote(text[c_lo:c_hi]) else "indirect"
        dr = Draft(
            c_lo,
            c_hi,
            subj.text,
            subj.start if subj.text != "unnamed" else None,
            cue,
            qt,
            _CUE_RULES[how, lemma in BARE_CLAUSE],
            role=subj.role,
            kind="unnamed" if subj.text == "unnamed" else "unknown",
            polarity="denial"
            if lemma in DENIAL_LEMMAS and not passive_at(text, cue_s) and not negated_at(text, cue_s)
            else "assertion",
        )
        out.append(dr)
        if co is None and in_relative and c_hi < s_hi - 1:
            pos = c_hi - s_lo  # "Ward, who denies fraud, told the court …": the main clause reports too
            continue
        if co is None and not _GOES_ON.match(text, c_hi, s_hi):
            break
        if co is None:
            # 'called the claims "completely false" and said he would sue': the report ended at its
            # quotation, the sentence goes on with another verb of the same speaker
            pos, co = c_hi - s_lo, (c_hi, None)
        # a clause with a subject of its own: its cues' subjects are found from there, none carried
        carried, lo = (subj, lo) if co[1] is None else (None, co[1])
    return out


# a sentence that opens with a subordinate clause holding the report: "When the Coast Guard announced
# it would automate the light, Benning was furious" reports only what the Coast Guard announced
_SUBORDINATOR = re.compile(
    r"[\"\u201c\u2018']?(?:When|After|Before|Once|If|Because|Although|Though|While|Whereas|Until|Unless)\s"
)
# a comma, then a word that may open the main clause (its subject): not a conjunction or a relative
# (a comma inside a quotation counts only where the quotation closes right after it: '"… safe," nobody …')
_MAIN_SUBJECT = re.compile(
    r",([\"\u201d\u2019]?)\s+(?!(?:and|but|or|nor|which|who|whom|whose|where|when|as|then)\b)([\w\u201c\"])"
)


def _subordinate_end(d: Doc, lo: int, subj: Subject, c_lo: int, c_hi: int) -> tuple[int, int | None] | None:
    """Where a report inside a clause's opening subordinate clause ends (the last comma in its content
    with a finite verb after it: the main clause) and where the main clause's subject starts; None
    when the clause at `lo` opens with no subordinator before the speaker `subj` (no comma between),
    or no such comma. PolNeAR train: the gold content ends at that comma in 55 of the 100 such
    reports whose content held one, and most of the rest are aligned to the main clause's own
    attribution."""
    if subj.start <= lo or _SUBORDINATOR.match(d.text, lo) is None or "," in d.text[lo : subj.start]:
        return None
    scope = d.masked(c_lo, c_hi)
    for m in reversed(list(_MAIN_SUBJECT.finditer(d.text, c_lo, c_hi))):
        outside = scope[m.start() - c_lo] == "," or m.group(1) != ""
        if outside and has_finite_verb(d.text[m.start(2) : c_hi]):
            return m.start() + (1 if m.group(1) else 0), m.start(2)
    return None


_FREE_RELATIVE_BEFORE = re.compile(r"\bwhat\s+$", re.I)
_MID_FRAME_AFTER = re.compile(r"\s*,\s*")
_MID_FRAME_BEFORE = re.compile(r",\s*$")


def _framed_from(text: str, lo: int, subj: Subject, cue_e: int, c_lo: int) -> int:
    """Where a report framed mid-sentence starts: "A, X said, B" reports A and B (the frame set off by
    commas inside it), so its content starts at the clause's start `lo`, not at B (`c_lo`): "The ice
    covered 14.2 million square kilometres, the center said, about 1.1 million below the average"
    claimed only "about 1.1 million below the average". PolNeAR marks the whole sentence so."""
    if subj.start <= lo or not _MID_FRAME_AFTER.fullmatch(text, cue_e, c_lo):
        return c_lo
    before = text[lo : subj.start]
    m = _MID_FRAME_BEFORE.search(before)
    if m is None or len(before[: m.start()].split()) < 3:
        return c_lo
    start = lo + len(before) - len(before.lstrip())
    return start if not has_quote(text[start : subj.start]) else c_lo


_NP_LEXICON = {**NP_OBJECT_LEMMA, **{p.split()[0]: p for p in PHRASAL_LEMMA}}


_NEXT_WORDS = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")


def _np_verbs(masked: str, words: list[tuple[int, int, str]]):
    """Stance verbs (one word, or a phrasal verb's two words) in order; `words` are masked's words
    (`WORD_RE` matches, at least those in `_NP_LEXICON`: what `cue_matches(masked, lexicon=_NP_LEXICON)`
    would scan again)."""
    for a, b, word in words:
        w = word.lower()
        if w not in _NP_LEXICON:
            continue
        if w in NP_OBJECT_LEMMA:
            yield WordMatch(a, b, word)
            continue
        nxt = _NEXT_WORDS.match(masked, b)
        if nxt is None:
            continue
        if f"{w} {nxt.group(1)}" in PHRASAL_LEMMA:
            yield WordMatch(a, nxt.end(1), masked[a : nxt.end(1)])
        elif nxt.group(2) and f"{w} {nxt.group(1)} {nxt.group(2)}" in PHRASAL_LEMMA:  # "spoke out against"
            yield WordMatch(a, nxt.end(2), masked[a : nxt.end(2)])


# compiled once (asked after every stance verb): "accused of", a headline's passive; "was criticized"
_OF_BY = re.compile(r"\s+(?:of|by)\b")


def _np_object(d: Doc, s_lo: int, s_hi: int, masked: str, words: list[tuple[int, int, str]]) -> list[Draft]:
    """Stance verbs with a noun-phrase object: 'X criticized the law as a "crazy system"' (`words`: masked's)."""
    text = d.text
    for m in _np_verbs(masked, words):
        cue_s, cue_e = s_lo + m.start(), s_lo + m.end()
        if _OF_BY.match(text[cue_e : cue_e + 4]):
            continue  # "Patel accused of …" (a headline's passive)
        # (the verb's own word decides: "is pointing out" is a progressive, "was singled out" a passive)
        passive = passive_at(text, cue_s) and cue_s - s_lo >= 3
        subj: Subject | None
        if passive:
            # "X was criticised as …": the subject is the target, the source unnamed. (A
            # by-agent right after the verb never gets here: the headline check above skips it.)
            c_lo, c_hi = content_bounds(d, cue_e, s_hi)
            subj = Subject("unnamed", cue_s, cue_s)
            rule = "stance.passive_unnamed"
        else:
            subj = find_subject(text, s_lo, cue_s)
            if subj is None or (
                not subj.pronoun and not cap(subj.text) and subj.text.split()[-1].lower() not in ROLE_HEADS
            ):
                continue
            c_lo, c_hi = content_bounds(d, cue_e, s_hi)
            rule = "stance.np_object"
        if not passive and _RELATIVE_BEFORE.search(text, max(s_lo, cue_s - 48), cue_s):
            c_hi = _relative_clause_end(d, c_lo, c_hi)  # "Jones, who denies the charges, will stand trial"
        # stop at a following clause ("…, which …", "; …")
        cut = re.search(r",\s+(?:which|who|where|while|but|and then)\b|;|\s[\u2014\u2013]\s", text[c_lo:c_hi])
        if cut:
            c_hi = content_bounds(d, c_lo, c_lo + cut.start())[1]
        if len(text[c_lo:c_hi].split()) < 2:
            continue
        word = m.group(0)
        lemma = PHRASAL_LEMMA.get(word.lower()) or NP_OBJECT_LEMMA.get(word.lower())
        if lemma in NEEDS_AS and not re.search(r"\bas\b", text[c_lo:c_hi]):
            continue
        qt: QuoteType = "mixed" if has_quote(text[c_lo:c_hi]) else "indirect"
        dr = Draft(
            c_lo,
            c_hi,
            subj.text,
            subj.start if subj.text != "unnamed" else None,
            word,
            qt,
            rule,
            role=subj.role,
            kind="unnamed" if subj.text == "unnamed" else "unknown",
            polarity="denial"
            if lemma in DENIAL_LEMMAS and not passive and not negated_at(text, cue_s)
            else "assertion",
        )
        return [dr]
    return []


def _finish_quotation(d: Doc, dr: Draft, direct: list[tuple[int, int]]) -> Draft:
    """Fix the end of a mixed clause at the first quotation after its start.

    '…, which is a problem because, "In the end, we vote for somebody. We do."' is one
    statement, though the sentence splitter cut it inside the quotation: the clause ends
    with the quotation (and absorbs pass 1's copy of it). When the quotation has a frame
    of its own ('…, adding: "…"', '…, he added, "…"') and pass 1 took it as a direct
    quotation, the clause ends before that frame.

    Returns the draft with its end (and quote type) fixed, a new one when anything changed.
    """
    if dr.quote_type != "mixed":
        return dr
    i = bisect.bisect_right(d._qstarts, dr.start)  # the first quotation opening after the clause starts
    # (_qstarts are inner starts: one mark past each opening)
    while i < len(d.quotes) and d.quotes[i].start <= dr.start:
        i += 1
    if i >= len(d.quotes) or d.quotes[i].start >= dr.end:
        return dr
    q = d.quotes[i]
    between = d.masked(dr.start, q.start)
    trimmed = between.rstrip(" ,:\u00a0")
    clauses = list(re.finditer(r",\s", trimmed))
    last_at = clauses[-1].start() if clauses else 0
    framed = re.search(r":\s*$", between) or (last_at and first_cue(trimmed[last_at:]) is not None)
    if framed and any(a == q.start for a, _ in overlapping(direct, q.start, q.end)):
        cut = last_at if last_at else len(trimmed)
        cut = len(re.sub(r"(?:\s+(?:and|but|or|so))+\s*$", "", trimmed[:cut]))
        hi = content_bounds(d, dr.start, dr.start + cut)[1]
        if hi - dr.start >= 8 and len(d.text[dr.start : hi].split()) >= 2:
            return replace(dr, end=hi, quote_type="mixed" if has_quote(d.text[dr.start : hi]) else "indirect")
        return dr
    if not framed and q.closed and q.inner_start <= dr.end - 1 < q.inner_end and q.end - dr.end <= 600:
        return replace(dr, end=q.end, absorbs=True)
    return dr


def indirect_pass(d: Doc, covered: list[tuple[int, int]]) -> list[Draft]:
    out: list[Draft] = []
    for s in d.sents:
        if covering(covered, s.start, s.end - 2):
            continue
        # sentences that begin inside a quotation are pass 1's (or nested) business
        if d.in_quote(s.start) and d.text[s.start] not in '"\u201c':
            continue
        drafts = indirect_in(d, s.start, s.end, nested=False)
        for dr in drafts:
            dr = _finish_quotation(d, dr, covered)
            near = overlapping(covered, dr.start, dr.end)
            if any(a <= dr.start and dr.end <= b for a, b in near):
                continue
            if any((b - a) > 0.5 * (dr.end - dr.start) for a, b in near):
                # overlaps a direct quote: keep the direct one unless the clause is mixed around it
                if dr.quote_type != "mixed":
                    continue
            out.append(dr)
    return out


# The patterns this pass makes (pass 2: reported speech and stance verbs): registered with their examples, which
# tests/backends/rules/test_patterns.py runs. A new pattern is one entry here and the code above that
# writes its id.
register(
    Pattern(
        "indirect.according_to",
        "According to X, CONTENT.",
        ("according to",),
        100,
        0.7,
        (
            E(
                "According to the ministry, the new rail line will be finished by 2030.",
                "the ministry",
                "according to",
                "the new rail line will be finished by 2030",
            ),
            E(  # a source that is no person: a document, a poll, a count
                "According to the latest census tally, the town has grown by a tenth since 2010.",
                "the latest census tally",
                "according to",
                "the town has grown by a tenth since 2010",
            ),
            E(  # a document a paper saw: the document is the source, not the paper
                "According to a leaked memo seen by the Gazette, ministers were warned about the risks in 2019.",
                "a leaked memo seen by the Gazette",
                "according to",
                "ministers were warned about the risks in 2019",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_according_to",
        "CONTENT, according to X. / CONTENT, as X put it.",
        ("according to", " as "),
        110,
        0.7,
        (
            E(
                "The ferry service will stop in winter, according to the harbour authority.",
                "the harbour authority",
                "according to",
                "The ferry service will stop in winter",
            ),
            E(
                "The ferry carried 40,000 cars a day last year, according to complete but unofficial harbour returns.",
                "complete but unofficial harbour returns",
                "according to",
                "The ferry carried 40,000 cars a day last year",
            ),
            E(
                "The ferry lost money for a decade, according to emails obtained by the Gazette.",
                "emails obtained by the Gazette",
                "according to",
                "The ferry lost money for a decade",
            ),
            E(  # the brackets of an aside are not the content's
                "(The ferry carried 40,000 cars a day last year, according to Harbourstat.)",
                "Harbourstat",
                "according to",
                "The ferry carried 40,000 cars a day last year",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_x_said",
        "CONTENT, X said. (a reporting verb that takes a bare clause, at the end of the sentence)",
        (),
        111,
        0.7,
        (
            E(
                "The school will reopen after the holidays, Lena Park said on Monday.",
                "Lena Park",
                "said",
                "The school will reopen after the holidays",
            ),
            E(  # what records, polls and footage show
                "The jet was insured for $35 million in 2011, records show.",
                "records",
                "show",
                "The jet was insured for $35 million in 2011",
            ),
            E(  # a reporting participle after the frame is a second report: it does not undo the frame
                "The plan will fail, Ada Lund said Tuesday in Oslo, adding that the board must resign.",
                "Ada Lund",
                "said",
                "The plan will fail",
            ),
            E(  # wire copy's two apostrophes close the quotation as a double mark does
                "But when it comes to the plant, ''we have all worked hard,'' Mr. Weddle said.",
                "Mr. Weddle",
                "said",
                "But when it comes to the plant, ''we have all worked hard,''",
            ),
            E(  # and so does a single mark after the quotation's comma
                "The council's budget \u2018has been cut to the bone,\u2019 Ms. Okafor said.",
                "Ms. Okafor",
                "said",
                "The council's budget \u2018has been cut to the bone,\u2019",
            ),
            E(  # a frame in mid-sentence before a comma and a conjunction; a wire story's dateline is no content
                "SANTIAGO, Chile (Meridian News) - Rescuers reached the eleven miners on Friday, officials said,"
                " and all were alive.",
                "officials",
                "said",
                "Rescuers reached the eleven miners on Friday",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_said_x",
        "CONTENT, said X. (the subject after the cue)",
        (),
        112,
        0.7,
        (
            E(
                "The tunnel is safe for traffic again, said Priya Castellanos, the chief engineer.",
                "Priya Castellanos",
                "said",
                "The tunnel is safe for traffic again",
            ),
        ),
    ),
    Pattern(
        "indirect.it_is_alleged",
        "It has been alleged/claimed/reported that …: an unnamed source",
        ("it has been", "it had been", "it is", "it was", "it have been"),
        120,
        0.6,
        (
            E(
                "It has been alleged that the contract was awarded without a tender.",
                None,
                "alleged",
                "that the contract was awarded without a tender",
            ),
        ),
    ),
    Pattern(
        "indirect.quoted_as_saying",
        "X quoted Y as saying …: an outlet's report of someone's words, from their name on",
        ("quot",),
        129,
        0.65,
        (
            E(
                "Reuters quoted President Farid Nazarov as saying the talks had failed.",
                "Reuters",
                "quoted",
                "President Farid Nazarov as saying the talks had failed",
            ),
            E(
                "The Interfax news agency quoted a senior official as saying that the deal was off.",
                "The Interfax news agency",
                "quoted",
                "a senior official as saying that the deal was off",
            ),
        ),
    ),
    Pattern(
        "indirect.x_said_that",
        "X said (that) … : a reporting verb that takes a bare clause (say, tell, add, believe, …)",
        (),
        130,
        0.65,
        (
            E(
                "The minister said that the hospital would stay open.",
                "The minister",
                "said",
                "that the hospital would stay open",
            ),
            E(  # a frame set off by commas mid-sentence: the report is the whole sentence (PolNeAR marks it so)
                "The ice covered 14 million square kilometres, the agency said, about a million below average.",
                "the agency",
                "said",
                "The ice covered 14 million square kilometres, the agency said, about a million below average",
            ),
            E(  # a "that" right before a verb is a relative pronoun: the clause starts at its noun
                "Mara Dupont said countries that refused to take in migrants should pay a fine.",
                "Mara Dupont",
                "said",
                "countries that refused to take in migrants should pay a fine",
            ),
            E(  # a capitalised cue word inside a name is none: not "the United" speaking with "States"
                'Lena Park said her campaign was about the "hard truths" in the United States today.',
                "Lena Park",
                "said",
                'her campaign was about the "hard truths" in the United States today',
            ),
            E(  # a second report whose subject is a bare plural is theirs, not the first speaker's
                "Some parents believe that making a child vomit will help, but doctors warn this can do more harm than good.",
                "doctors",
                "warn",
                "this can do more harm than good",
            ),
            E(  # ... so the first report ends before it
                "Some parents believe that making a child vomit will help, but doctors warn this can do more harm than good.",
                "Some parents",
                "believe",
                "that making a child vomit will help",
            ),
            E(  # a subject whose aside reports after it, joined by "though", opens a report of its own
                "Diplomats expect the leaders to sign a treaty in the autumn, though a senior official, "
                'speaking on condition of anonymity, said that timetable was "optimistic."',
                "Diplomats",
                "expect",
                "the leaders to sign a treaty in the autumn",
            ),
            E(  # an organisation's relative clause between it and the cue
                "The Irish Data Protection Commission, which has lead responsibility for many technology firms "
                "in the EU, said it was not involved.",
                "Irish Data Protection Commission",
                "said",
                "it was not involved",
            ),
            E(  # an appositive inside a bare clause's subject ("traditionally a Labour stronghold")
                "The party lost. She believes low turnout on the Roxeth estate, traditionally a Labour stronghold, "
                "was decisive.",
                "She",
                "believes",
                "low turnout on the Roxeth estate, traditionally a Labour stronghold, was decisive",
            ),
            E(  # a short adjunct before a bare clause (wire copy's "said on Thursday")
                "Kestrel Mining said on Thursday it would cut about 1,200 jobs.",
                "Kestrel Mining",
                "said",
                "it would cut about 1,200 jobs",
            ),
            E(  # a listener's name with a number and the kind of outlet: all of it the cue's
                "The minister told BBC Radio 4's Today programme the talks had stalled.",
                "The minister",
                "told BBC Radio 4's Today programme",
                "the talks had stalled",
            ),
            E(
                "The minister told reporters at a news conference the talks had stalled.",
                "The minister",
                "told reporters",
                "the talks had stalled",
            ),
            E(  # the narration's comment after a comma is no part of the report: who contests it ...
                "The minister said the waiting lists were shrinking, which the union disputed.",
                "The minister",
                "said",
                "the waiting lists were shrinking",
            ),
            E(  # ... what it set off ...
                "The mayor said the bridge would reopen in May, prompting protests from residents.",
                "The mayor",
                "said",
                "the bridge would reopen in May",
            ),
            E(  # ... or the narrator's verdict on it
                "The prime minister claimed that crime was falling, a claim disputed by the statistics watchdog.",
                "The prime minister",
                "claimed",
                "that crime was falling",
            ),
            E(  # (a verdict without "that")
                "The mayor said the vote was rigged, a charge his rivals flatly denied.",
                "The mayor",
                "said",
                "the vote was rigged",
            ),
            E(  # a content that reports someone's words is theirs, not a trailing frame's ("…, the footage showed")
                "Mr Holt also said the videos do not show his hands, the footage showed.",
                "Mr Holt",
                "said",
                "the videos do not show his hands, the footage showed",
            ),
            E(  # a hyphenated head noun: its last part heads the phrase
                "The Republican front-runner complained that the vote had been rigged.",
                "The Republican front-runner",
                "complained",
                "that the vote had been rigged",
            ),
            E(  # a relative clause after a trailing "said X" reports for X too
                "The tunnel is safe again, said Priya Castellanos, who added that it would reopen on Monday.",
                "Priya Castellanos",
                "added",
                "that it would reopen on Monday",
            ),
            E(  # what an audit, a poll or researchers found: a finite clause
                "An audit found the council had overspent by £3m on the project.",
                "An audit",
                "found",
                "the council had overspent by £3m on the project",
            ),
            E(  # a finding whose subject is a bare plural (not a stance of the poll)
                "The poll found voters opposed the plan by a wide margin.",
                "The poll",
                "found",
                "voters opposed the plan by a wide margin",
            ),
            E(  # an office written in capitals before the name in apposition is the name's role
                "The Senate Majority Leader, Mitch McConnell, said the chamber would vote on Tuesday.",
                "Mitch McConnell",
                "said",
                "the chamber would vote on Tuesday",
            ),
            E(  # what the source found no support for keeps the words that say so
                "The review found no evidence that the money had been misused.",
                "The review",
                "found",
                "no evidence that the money had been misused",
            ),
            E(  # a relative clause of the content itself stays
                "The council said the scheme, which would cost £3m, was good value.",
                "The council",
                "said",
                "the scheme, which would cost £3m, was good value",
            ),
            E(
                "Grace Holloway believes the river will flood again this spring.",
                "Grace Holloway",
                "believes",
                "the river will flood again this spring",
            ),
            E(
                "The mayor is telling residents that the bridge will reopen in May.",
                "The mayor",
                "telling",
                "that the bridge will reopen in May",
            ),
            E(  # "said that Mr." is no inverted "…, said X" frame with "Mr" its speaker
                "Ada Lund, the head of the dockers' union, said that Mr. Berg had lost the vote.",
                "Ada Lund",
                "said",
                "that Mr. Berg had lost the vote",
            ),
            E(  # the "that" after a finite verb opens a relative clause inside the content, not it
                "But he said he was too busy to look for papers that would back up his claim.",
                "he",
                "said",
                "he was too busy to look for papers that would back up his claim",
            ),
            E(  # a reporting participle after a comma is a second report: it ends this one
                "The mayor said she was angry about the vote, arguing that the count had been rushed.",
                "The mayor",
                "said",
                "she was angry about the vote",
            ),
            E(  # a comma, a conjunction and a new subject start a clause the report does not run into
                "The mayor said the bridge was safe, but the engineers found cracks in two of its piers.",
                "The mayor",
                "said",
                "the bridge was safe",
            ),
            E(  # "all but" is no second clause
                "Sources said the league had all but confirmed the move to Madrid.",
                "Sources",
                "said",
                "the league had all but confirmed the move to Madrid",
            ),
            E(  # a participle after a quotation someone inside the report spoke may be theirs: no cut
                'Witnesses said the man yelled "you will pay for this," warning that he would return.',
                "Witnesses",
                "said",
                'the man yelled "you will pay for this," warning that he would return',
            ),
            E(  # a report made in a relative clause ends where the clause does, before the main verb
                "Ann Hebden, who had argued that the chain should stay small, is said to have opposed the plan.",
                "Ann Hebden",
                "argued",
                "that the chain should stay small",
            ),
            E(  # a relative clause's verb before the main one is no report of its own ("asked not to be named")
                "A local farmer, who asked not to be named, told the Echo that the barn burned in minutes.",
                "A local farmer",
                "told the Echo",
                "that the barn burned in minutes",
            ),
            E(  # ... also where the comma closes a quotation: the report keeps the closing mark
                'The mayor insisted that the count had been "fair and open," adding that nobody had complained.',
                "The mayor",
                "insisted",
                'that the count had been "fair and open,"',
            ),
        ),
    ),
    Pattern(
        "indirect.x_verb_to",
        "X plans to … / called on Y to … / accused Y of … / asked whether …: a verb with another complement",
        (),
        131,
        0.55,
        (
            E(
                "The council plans to build two hundred homes near the station.",
                "The council",
                "plans",
                "to build two hundred homes near the station",
            ),
            E(
                "The senator called on the governor to release the report.",
                "The senator",
                "called on",
                "release the report",
            ),
            E(  # a health advisory's verb: what officials advise is a claim of theirs
                "Officials advise anyone with a fever to call ahead before visiting the clinic.",
                "Officials",
                "advise",
                "to call ahead before visiting the clinic",
            ),
            E(  # in a relative clause the object a verb of calling quotes is still the claim
                'The plan was criticised by Ann Lee, who called it "a death sentence for small farms" and vowed'
                " to fight it.",
                "Ann Lee",
                "called",
                '"a death sentence for small farms"',
            ),
            E(  # an organisation named by its kind alone
                "The consortium urged ministers to cut the levy before the spring.",
                "The consortium",
                "urged",
                "to cut the levy before the spring",
            ),
            E(  # a denial whose whole object points to the report before it (kept only where one is found)
                "An official said the minister had shouted at staff. The minister denied it.",
                "The minister",
                "denied",
                "it",
            ),
        ),
    ),
    Pattern(
        "indirect.participle_said_that",
        "…, saying that … / X resigned and said …: the clause before gives the subject (bare-clause verb)",
        (),
        132,
        0.65,
        (
            E(
                "Jonas Ekberg resigned on Friday, saying that the board had ignored his warnings.",
                "Jonas Ekberg",
                "saying",
                "that the board had ignored his warnings",
            ),
            E(  # after a report the participle ended, its speaker is the report's (not "she" inside it)
                "The mayor said she was angry about the vote, arguing that the count had been rushed.",
                "The mayor",
                "arguing",
                "that the count had been rushed",
            ),
            E(  # the participle after a trailing frame reports for the frame's speaker
                "The plan will fail, Ada Lund said Tuesday in Oslo, adding that the board must resign.",
                "Ada Lund",
                "adding",
                "that the board must resign",
            ),
            E(  # a phrase before the clause is no appositive's head: "a few days later" is not its speaker
                "A few days later, the mayor reversed himself again, telling reporters that the bridge would stay shut.",
                "the mayor",
                "telling reporters",
                "that the bridge would stay shut",
            ),
        ),
    ),
    Pattern(
        "indirect.participle_verb_to",
        "…, urging Y to … / X left and vowed to …: the clause before gives the subject (other verbs)",
        (),
        133,
        0.55,
        (
            E(
                "Helga Marsh left the meeting early and vowed to fight the closure.",
                "Helga Marsh",
                "vowed",
                "to fight the closure",
            ),
            E(  # an opening participle phrase ends at a comma inside a title's quotation marks; the
                # owner before the role is no subject
                'Speaking to the programme "Morning Calls," the union\'s chief negotiator Ida Berg criticised'
                " the offer, urging members to reject it.",
                "Ida Berg",
                "urging",
                "to reject it",
            ),
        ),
    ),
    Pattern(
        "indirect.and_said_that",
        "X said A and/but added B: a second report by the same subject (bare-clause verb)",
        (" and ", " but "),
        134,
        0.65,
        (
            E(
                "The fire chief said the roads were closed and added the schools would open late.",
                "The fire chief",
                "added",
                "the schools would open late",
            ),
            E(  # "but" joins a second report as "and" does, and ends the first one
                "The fire chief said the roads were icy, but insisted the schools would open on time.",
                "The fire chief",
                "insisted",
                "the schools would open on time",
            ),
        ),
    ),
    Pattern(
        "indirect.and_verb_to",
        "X said A and/but called on B to C: a second report by the same subject (other verbs)",
        (" and ", " but "),
        135,
        0.55,
        (
            E(
                "The fire chief said the roads were closed and called on drivers to stay home tonight.",
                "The fire chief",
                "called on",
                "stay home tonight",
            ),
        ),
    ),
    Pattern(
        "indirect.was_told",
        "Reporters were told that …: the speaker is unnamed",
        ("told",),
        136,
        0.65,
        (
            E(
                "Staff were told that the office would move to the harbour next year.",
                None,
                "told",
                "that the office would move to the harbour next year",
            ),
        ),
    ),
    Pattern(
        "stance.np_object",
        'X criticized the law as "…": a stance verb with a noun-phrase object',
        (),
        140,
        0.45,
        (
            E(
                "The union criticized the pension reform as a betrayal of workers.",
                "The union",
                "criticized",
                "the pension reform as a betrayal of workers",
            ),
            E(  # praise and scorn alike
                "The opposition leader derided the housing plan as unworkable.",
                "The opposition leader",
                "derided",
                "the housing plan as unworkable",
            ),
            E(
                "The union is calling for a ban on night flights over the city.",
                "The union",
                "calling for",
                "a ban on night flights over the city",
            ),
        ),
    ),
    Pattern(
        "stance.passive_unnamed",
        "Y was criticised as …: a passive stance verb; the speaker is unnamed",
        (),
        142,
        0.45,
        (
            E(
                "The plan was criticised as a giveaway to developers.",
                None,
                "criticised",
                "as a giveaway to developers",
            ),
        ),
    ),
)
