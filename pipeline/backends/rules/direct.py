"""Pass 1: direct quotations and their frames."""

from __future__ import annotations

import re
from dataclasses import replace

from ...lexicon import QUOTE_FRAME_LEMMA, TITLE_ABBREVIATIONS
from ...models import QuoteSpan
from ...unicase import uni
from .cues import (
    LISTENER_NUMBER,
    LISTENER_OUTLET,
    WORD_STOP_IS_NO_END,
    cue_matches,
    cue_text,
    first_cue,
    is_abbreviation,
    title_case,
    tokens,
    tokens_in,
    verb_cased,
    words_then_end,
)
from .doc import Doc, Draft
from .patterns import QUOTE_MARKS, Pattern, register
from .patterns import Example as E
from .subjects import (
    AFFILIATION_END,
    BARE_FRAME_END,
    Subject,
    bare_np_subject,
    find_subject,
    leading_subject,
    np_before,
    said_x_phrase,
    said_x_subject,
)

# ------------------------------------------------------------- pass 1
# Linear time (issue 17): an aside "(a)" is read as one parenthesised unit, never also
# character by character: the single-character branch refuses a "(" that opens an aside.
# Otherwise each aside could be matched two ways and a run of them backtracked 2**k times
# before the 160-unit limit failed. `_PAREN_ASIDE` is that unit; `_NOT_ASIDE` the guard.
# a title's or an initial's full stop does not end a frame ('," said Cpl. Jo Marsh.')
_ABBREVIATED = "|".join(sorted((w.capitalize() for w in TITLE_ABBREVIATIONS), key=len, reverse=True))
_PAREN_ASIDE = r"\([^()\"\u201c\u201d]{1,40}\)"
_NOT_ASIDE = rf"(?!{_PAREN_ASIDE})"
# the first clause after a quotation, up to a comma, when the sentence runs past _TRAIL_FRAME's reach
_TRAIL_CLAUSE = re.compile(r"\s*+,?\s*+[^,.!?\"\u201c\u201d]{1,80}?(?=,)")
_TRAIL_FRAME = re.compile(
    uni(r"\s*+[,\u2014-]?\s*+(?P<rest>(?:(?:" + _ABBREVIATED + r"|\p{Lu})\.|")
    + _PAREN_ASIDE
    + "|"
    + _NOT_ASIDE
    + r"[^.!?\"\u201c\u201d]){0,160}?)(?P<end>[.!?]|,(?=\s*+[\"\u201c])|$|(?=\s*+[\"\u201c]))"
)


# '…," said Mr. Barrett, the lawyer': up to _SAID_X_WORDS words after the cue, then an end
# (`words_then_end`: linear, where the regex `\s+((?:WORD\s*){1,6}?)(?:,|\.|$|\s+(?:in|…)\b)`
# was exponential in the length of one long word, issue 17).
_SAID_X_END = re.compile(r",|\.|$")
_PHRASE_END = re.compile(r"\s*(?:[,.!?;]|$)")
_SAID_X_SPACE_END = re.compile(r"(?:in|on|at|to|for|from|with|who|when|after|during|as)\b")
# a place and an office before the name make the phrase long: '"…," said Montclair State University
# political scientist Brigid Harrison.' is seven words (at six it fell to a guess from the paragraph)
_SAID_X_WORDS = 8

# A frame: speaker, cue, the cue's offset, and the id of the pattern that found it.
Frame = tuple[Subject, str, int, str]


_PUT_IT = re.compile(r" it\b")


def _cue_in(frame_text: str, base: int) -> list[tuple[str, int, int]]:
    """The cue words of a quotation's frame, verbs of manner included ("…," Trump barked.)."""
    return [(m.group(0), base + m.start(), base + m.end()) for m in cue_matches(frame_text, lexicon=QUOTE_FRAME_LEMMA)]


# Frames that end with "X went on:" or "X's statement:", where X is a run of capitalised
# words or one of a few other phrases. Linear time (issue 17): each is searched only when
# the frame ends the way it must (the `_END` pattern, cheap), a run of capitalised words is
# taken whole (`*+`: a shorter run is followed by another capitalised word, never by the
# cue), and `_frame_search` tries a run once from its first word, not again from each later
# one (they all end where it ends). Searched plainly, a long run of names that did not reach
# the cue failed from each of its words in turn (n**2).
_NAME_RUN = uni(r"\b\p{Lu}[\w'\u2019.\p{M}-]*(?:\s+\p{Lu}[\w'\u2019.\p{M}-]*)*+")
_NAME_RUN_RE = re.compile(_NAME_RUN)
_CAP_START = re.compile(uni(r"\b\p{Lu}"))
_WENT_ON_END = re.compile(r"(?:went|goes) on\s*[:,]\s*$")
_WENT_ON_TAIL = r"\s+(?P<cue>went on|goes on)\s*[:,]\s*$"
_WENT_ON = (
    re.compile(rf"(?P<who>{_NAME_RUN}){_WENT_ON_TAIL}"),
    re.compile(rf"(?P<who>\b(?:he|she|they)){_WENT_ON_TAIL}"),
)
_STATEMENT_CUE = r"(?P<cue>statement|message|letter|tweet|post|words|remarks|comments)\b[^:]{0,30}:?\s*$"
_STATEMENT_TAIL = rf"['\u2019]?s?\s+{_STATEMENT_CUE}"
_STATEMENT_END = re.compile(_STATEMENT_CUE)
_STATEMENT = (
    re.compile(rf"(?P<who>{_NAME_RUN}){_STATEMENT_TAIL}"),
    re.compile(rf"(?P<who>\b[Tt]he\s+[a-z]+|\b[Hh]is|\b[Hh]er|\b[Tt]heir){_STATEMENT_TAIL}"),
)


def _frame_search(patterns: tuple[re.Pattern[str], re.Pattern[str]], frame: str) -> re.Match[str] | None:
    """`re.search` of `(?P<who>NAME_RUN|OTHERS)TAIL`, given as (NAME_RUN TAIL, OTHERS TAIL): the
    leftmost match, the name run first where both match at one place."""
    by_name, by_other = patterns
    other = by_other.search(frame)
    tried_to = -1
    for cm in _CAP_START.finditer(frame, 0, other.start() + 1 if other else len(frame)):
        p = cm.start()
        if p < tried_to:
            continue  # inside a run already tried: the run from here ends where that one did
        run = _NAME_RUN_RE.match(frame, p)
        tried_to = run.end() if run else p + 1
        m = by_name.match(frame, p)
        if m is not None:
            return m
    return other


# "told the BBC", "told reporters": a listener after a closing cue
_TOLD_LISTENER = re.compile(
    uni(
        r"\s+(?:the\s+)?(?:\p{Lu}[\w.'\u2019-]*(?:\s+(?:\p{Lu}[\w.'\u2019-]*|"
        + LISTENER_NUMBER
        + r")){0,4}"
        + LISTENER_OUTLET
        + r"|reporters|journalists)"
    )
)


def _bare_frame_end(text: str, e: int, hi: int, lemma: str) -> bool:
    """Does the frame end right after its cue at e (a day, a listener of "told" may follow)?"""
    m = _TOLD_LISTENER.match(text, e, hi) if lemma == "tell" else None
    return BARE_FRAME_END.fullmatch(text, m.end() if m else e, hi) is not None


def _attribute_frame(d: Doc, lo: int, hi: int, trailing: bool) -> Frame | None:
    """Speaker, cue and pattern id in a short attribution frame text[lo:hi] around a quotation."""
    text = d.text
    frame = text[lo:hi]
    cues = _cue_in(frame, lo)
    if any(not word[:1].islower() for word, _, _ in cues):
        title = title_case(frame)
        # (a trailing frame never starts its sentence: the quotation does)
        cues = [c for c in cues if verb_cased(c[0], not trailing and not text[lo : c[1]].strip(), title)]
    if not trailing:
        # before a quotation the cue nearest to it introduces it:
        # 'When Clinton noted that …, Trump boasted, "…"'
        cues.reverse()
    for word, s, e in cues:
        lemma = QUOTE_FRAME_LEMMA[word.lower()]
        if lemma == "put":
            if _PUT_IT.match(text, e) is None:
                continue  # "as X put it", not "X put the figure at" or "put its losses at"
            e += 3  # the cue is "put it"
        # "said X" (inverted) — only in a trailing frame right after the quote
        after = text[e:hi]
        # a participle is never inverted: '"…," promising the Friends of Abe will …' has no speaker after it
        if trailing and not text[lo:s].strip(" ,\u2014-") and not word.endswith("ing"):
            words = words_then_end(after, _SAID_X_WORDS, _SAID_X_END, _SAID_X_SPACE_END)
            if words is not None:
                cand = words.strip()
                if cand.endswith(".") and not is_abbreviation(cand.rsplit(None, 1)[-1]):
                    cand = cand[:-1]  # the sentence's full stop: "…," said campaign manager Jo Lee.
                subj = (
                    said_x_subject(text, e, hi, _SAID_X_WORDS, lemma)
                    or np_before(text, tokens(cand, e + after.index(cand)), len(tokens(cand, 0)) - 1)
                    or said_x_phrase(text, e, hi, _SAID_X_WORDS)
                )
                if subj:
                    return subj, cue_text(text, s, e, hi), s, "direct.trailing_said_x"
            else:
                # a number in the phrase stops those words ("said a 2008 campaign veteran."): the
                # speaker finder's own short phrase, when the sentence or clause ends right after it
                subj = said_x_subject(text, e, hi, 6, lemma) or said_x_phrase(text, e, hi, 6)
                if subj and (_PHRASE_END.match(text, subj.end, hi) or AFFILIATION_END.match(text, subj.end, hi)):
                    return subj, cue_text(text, s, e, hi), s, "direct.trailing_said_x"
            continue
        if word.endswith("ing") and re.search(r",\s*$", text[lo:s]):
            # '…, saying, "…"': the participle's subject is the sentence's
            subj = leading_subject(text, lo, s)
        else:
            subj = find_subject(text, lo, s)
            if subj is None and trailing and not word.endswith("ing") and _bare_frame_end(text, e, hi, lemma):
                subj = bare_np_subject(text, lo, s)  # '"…," fire crews said.'
        if subj is None:
            continue
        return subj, cue_text(text, s, e, hi), s, "direct.trailing_x_said" if trailing else "direct.x_said_colon"
    # "He went on: …" / "She continued, …"
    m = _frame_search(_WENT_ON, frame) if not trailing and _WENT_ON_END.search(frame) else None
    if m and not trailing:
        who = m.group("who")
        subj = Subject(who, lo + m.start("who"), lo + m.end("who"), pronoun=who.lower() in {"he", "she", "they"})
        return subj, m.group("cue"), lo + m.start("cue"), "direct.went_on"
    # "X's statement:" / "his statement in full:" before a quotation
    m = _frame_search(_STATEMENT, frame) if not trailing and _STATEMENT_END.search(frame) else None
    if m and not trailing:
        who = re.sub(r"['\u2019]s$", "", m.group("who"))
        return (
            Subject(
                who, lo + m.start("who"), lo + m.start("who") + len(who), pronoun=who.lower() in {"his", "her", "their"}
            ),
            m.group("cue"),
            lo + m.start("cue"),
            "direct.statement_colon",
        )
    return None


_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+")


def _last_sentence_end(seg: str) -> re.Match[str] | None:
    """The last sentence end (full stop, closing marks, white space) in `seg`, or None."""
    last = None
    for last in _SENTENCE_END.finditer(seg):  # noqa: B007 - the loop only walks to the last match
        pass
    return last


def _frame_before(d: Doc, q: QuoteSpan, prev_end: int) -> tuple[int, int]:
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


def _verb_then_quote(d: Doc, lo: int, hi: int) -> Frame | None:
    """Speaker and cue when text[lo:hi] ends with an uttering verb right before a quotation."""
    m = _UTTER_BEFORE_QUOTE.search(d.text, lo, hi)
    if m is None:
        return None
    cue_s = m.start("cue")
    subj = find_subject(d.text, lo, cue_s)
    if subj is None:  # "Trump walked on stage, chanting …", "Protesters marching by chanted …"
        subj = leading_subject(d.text, lo, cue_s)
    if subj is None:
        return None
    return subj, m.group("cue"), cue_s, "direct.utter_verb"


def _own_frame_before(d: Doc, q: QuoteSpan, lo: int, hi: int) -> tuple[bool, Frame | None]:
    """Whether quotation piece q stands as a statement of its own, and the frame before it.

    text[lo:hi] is the text from the previous sentence end up to the opening mark."""
    pre = d.text[lo:hi]
    if not q.opened or not pre.strip():
        return True, None
    if re.search(r"[:,]\s*$", pre):
        fr = _attribute_frame(d, lo, hi, trailing=False)
        if fr is None and lo > 0 and d.text[lo - 1] in QUOTE_MARKS:
            # between a quotation's halves, an inverted frame: '"It was," said coach Dario Fenn, "the worst …"'
            fr = _attribute_frame(d, lo, hi, trailing=True)
        if fr is None and pre.rstrip().endswith(":"):
            fr = _name_colon(d, lo, hi)
        return fr is not None or pre.rstrip().endswith(":"), fr
    if q.closed:
        fr = _verb_then_quote(d, lo, hi)
        return fr is not None, fr
    return False, None


_ROLE_OPENERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your"})


def _name_colon(d: Doc, lo: int, hi: int) -> Frame | None:
    """`Its chief executive, Colin Parry: "…"`: a frame that is the speaker's name (or a role and
    the name) and a colon, no verb. text[lo:hi] ends with the colon and white space."""
    text = d.text
    colon = text.rindex(":", lo, hi)
    frame = " ".join(text[lo:colon].split())
    subj = find_subject(text, lo, colon)
    if subj is None or subj.pronoun or not subj.text[:1].isupper():
        return None
    if frame == subj.text:
        return subj, ":", colon, "direct.name_colon"
    role = frame[: -len(subj.text)].rstrip()
    if (
        frame.endswith(subj.text)
        and role.endswith(",")
        and 1 < len(role.split()) <= 5
        and role.split()[0].lower() in _ROLE_OPENERS
        and role[-2:-1].islower()
    ):
        # "Its chief executive, Colin Parry": a role (a determiner, its last word in lower case), the name
        return Subject(subj.text, subj.start, subj.end, role=role[:-1]), ":", colon, "direct.name_colon"
    return None


def _frame_after(d: Doc, q: QuoteSpan, end: int) -> Frame | None:
    """The frame after closed quotation piece q: `"…," X said` or `"…," said X`.

    `end` bounds it (the next quotation in the paragraph, or the paragraph's end)."""
    m = _TRAIL_FRAME.match(d.text, q.end, end)
    if m and m.group("rest").strip():
        return _attribute_frame(d, q.end, q.end + len(m.group(0)), trailing=True)
    if m is None:
        # a sentence too long for the frame: its first clause (`"…," said Jo Doe, asked about …`)
        c = _TRAIL_CLAUSE.match(d.text, q.end, end)
        if c is not None:
            return _attribute_frame(d, q.end, c.end(), trailing=True)
    return None


# '― Sonya Herridge', '— Łukasz Nowak': up to three capitalised words (initials too), then a last one;
# in one line, and no word ends a sentence ('— Hillary Clinton.\n\nClinton said' gave
# "Hillary Clinton.\n\nClinton": a full stop after a word of three small letters is no initial's, unless
# the word is a title's, `WORD_STOP_IS_NO_END`)
_DASH_NAME = re.compile(
    uni(
        r"[\s\u00a0]*[\u2015\u2014\u2013-][\s\u00a0]*"
        r"((?:\p{Lu}[\w'\u2019.\p{M}-]*" + WORD_STOP_IS_NO_END + r"[^\S\n]+){0,3}\p{Lu}[\w'\u2019\p{M}-]+)"
    )
)


# a dash, then lower-case role words (and an organisation before them) and a name of two words or
# more: "…" - Unity volunteer Sam Reeves, Harbourside.
_DASH_ROLE_NAME = re.compile(
    uni(
        r"[\s\u00a0]*[\u2015\u2014\u2013-][\s\u00a0]*((?:\p{Lu}[\w'\u2019&.-]*\s+){0,2}(?:[a-z][a-z-]+\s+){1,2}"
        r"(?:\p{Lu}[\w'\u2019.\p{M}-]*\.?\s+){1,3}\p{Lu}[\w'\u2019\p{M}-]+)(?=\s*(?:[,.;:!?(]|$))"
    )
)


def _dash_name(d: Doc, q: QuoteSpan) -> Frame | None:
    """ "…" ― Sonya Herridge": a dash and a name after the quotation."""
    text = d.text
    rm = _DASH_ROLE_NAME.match(text, q.end, q.end + 100)
    if rm:
        toks = tokens_in(text, rm.start(1), rm.end(1))
        subj = np_before(text, toks, len(toks) - 1)
        if subj is not None and subj.role is not None:  # "Unity volunteer Sam Reeves": Sam Reeves
            return subj, "\u2015", subj.start, "direct.dash_name"
    dm = _DASH_NAME.match(text[q.end : q.end + 80])
    if dm:
        ns = q.end + dm.start(1)
        return Subject(dm.group(1), ns, ns + len(dm.group(1))), "\u2015", ns, "direct.dash_name"
    return None


# '"…" - that was the verdict of opposition leader Keir Starmer', '"…," was the response from a Treasury source'
_VERDICT_OF = re.compile(
    r"[\s\u00a0]*(?:[,\u2015\u2014\u2013-][\s\u00a0]*)?(?:(?:that|this)\s+)?(?:was|is|came)\s+the\s+"
    r"(?:[a-z]+\s+)?(?P<cue>verdict|response|reaction|reply|answer|message|warning|assessment|view|judge?ment)"
    r"\s+(?:of|from)\s+"
)


def _verdict_of(d: Doc, q: QuoteSpan) -> Frame | None:
    """'"…" - that was the verdict of X', '"…," was the response from X': a noun of response and its
    owner after the quotation (the owner read as an inverted cue's speaker is)."""
    text = d.text
    m = _VERDICT_OF.match(text, q.end, q.end + 80)
    if m is None:
        return None
    hi = d.paras[q.paragraph].end
    subj = said_x_subject(text, m.end(), hi, 6, "say") or said_x_phrase(text, m.end(), hi, 6)
    if subj is None:
        return None
    return subj, m.group("cue"), m.start("cue"), "direct.verdict_of"


def _intro_paragraph_frame(d: Doc, q: QuoteSpan) -> Frame | None:
    """A statement introduced at the end of the previous paragraph ("Here is his statement in full:")."""
    text = d.text
    pp = d.paras[q.paragraph - 1]
    if not text[pp.start : pp.end].rstrip().endswith(":"):
        return None
    lo2 = pp.start
    mm = _last_sentence_end(text[pp.start : pp.end])
    if mm is not None:
        lo2 = pp.start + mm.end()
    fr = _attribute_frame(d, lo2, pp.end, trailing=False)
    return None if fr is None else (*fr[:3], "direct.intro_paragraph")


# what is left of a frame after a quoted fragment: a reporting participle and its colon or comma
_PARTICIPLE_FRAME = re.compile(r"[\"\u201d']?\s*,?\s*(?:also\s+)?[a-z]+ing\s*[:,]\s*")


def _frames(d: Doc) -> tuple[set[int], dict[int, Frame], dict[int, Frame]]:
    """Quotation pieces that stand as statements, each piece's own frame, and each group's first frame."""
    text = d.text
    quotes = d.quotes
    first_of_group: dict[int, int] = {}
    for k, q in enumerate(quotes):
        first_of_group.setdefault(q.group, k)
    standalone: set[int] = set()
    frames: dict[int, Frame] = {}
    group_attr: dict[int, Frame] = {}
    prev_end_in_para: dict[int, int] = {}
    for k, q in enumerate(quotes):
        p = d.paras[q.paragraph]
        lo, hi = _frame_before(d, q, prev_end_in_para.get(q.paragraph, p.start))
        # a piece cut short by a nested quotation (an excerpt's narration) frames what it contains
        prev_end_in_para[q.paragraph] = q.end if q.closed else q.inner_start
        stands, fr = _own_frame_before(d, q, lo, hi)
        if stands and fr is None and _PARTICIPLE_FRAME.fullmatch(d.text, lo, hi):
            # 'The minister insisted there was "no cover-up", adding: "…"': the participle's subject
            # stands before the quoted fragment, in the same sentence
            s_lo, _ = _frame_before(d, q, p.start)
            if s_lo < lo:
                fr = _own_frame_before(d, q, s_lo, hi)[1]
        if not stands:
            continue
        standalone.add(k)
        if q.closed:
            # trailing frame: after the closing mark, up to the end of the sentence or next quote
            nxt = quotes[k + 1].start if k + 1 < len(quotes) and quotes[k + 1].paragraph == q.paragraph else p.end
            fr = _frame_after(d, q, nxt) or fr or _dash_name(d, q) or _verdict_of(d, q)
        if fr is None and first_of_group[q.group] == k and q.opened and not text[lo:hi].strip() and q.paragraph > 0:
            fr = _intro_paragraph_frame(d, q)
        if fr is not None:
            frames[k] = fr
            group_attr.setdefault(q.group, fr)
    return standalone, frames, group_attr


def direct_pass(d: Doc) -> list[Draft]:
    """Pass 1: a draft per quotation that stands as a statement, with its speaker and cue."""
    text = d.text
    out: list[Draft] = []
    quotes = d.quotes
    standalone, frames, group_attr = _frames(d)
    closed_groups = {q.group for q in quotes if q.closed}
    last: Draft | None = None
    last_para = -10
    for k, q in enumerate(quotes):
        # A quotation that opens and never closes, not even in a following paragraph, is no
        # statement we can bound: an excerpt's narration (sites quote other outlets' prose
        # with an opening mark per paragraph) or a stray mark.
        if k not in standalone or q.group not in closed_groups:
            continue
        fr = frames.get(k)
        subj_text: str | None
        subj_pos: int | None
        cue: str | None
        if fr is not None:
            subj, cue, _, rule = fr
            subj_text, subj_pos, role = subj.text, subj.start, subj.role
        elif (fr := group_attr.get(q.group)) is not None:
            subj, cue, _, _ = fr
            subj_text, subj_pos, role, rule = subj.text, subj.start, subj.role, "direct.quote_group"
        elif (
            q.paragraph != last_para
            and (last is not None or len(text[q.inner_start : q.inner_end].split()) >= 8)
            and (own := _narration_subject(d, k)) is not None
        ):
            subj_text, subj_pos, cue, role, rule = own.text, own.start, None, None, "direct.paragraph_subject"
        elif last is not None and q.paragraph - last_para <= 1:
            subj_text, subj_pos, cue, role = last.speaker_text, last.speaker_pos, last.cue, last.role
            rule = "direct.previous_speaker"
        elif len(text[q.inner_start : q.inner_end].split()) < 8:
            continue  # a short unattributed quotation is a title or scare quote, not a claim
        else:
            subj_text, subj_pos, cue, role, rule = None, None, None, None, "direct.unattributed"
        end = q.end
        while end > q.start and text[end - 1].isspace():
            end -= 1
        if (
            rule == "direct.previous_speaker"
            and last is not None
            and q.paragraph == last_para
            and not _report_between(d, last.end, q.start)
        ):
            # a quotation continued in its paragraph with no frame of its own: the same statement
            # (PolNeAR train: one attribution spans both in 145 of 176 such cases)
            out[-1] = last = replace(last, end=end)
            continue
        dr = Draft(q.start, end, subj_text, subj_pos, cue, "direct", rule, role=role)
        out.append(dr)
        last, last_para = dr, q.paragraph
    return _merge_split_quotes(d, out)


def _report_between(d: Doc, prev_end: int, start: int) -> bool:
    """Does a sentence of its own with a verb of saying stand between a quotation's frame and the next
    quotation (`"…," she said. She added that she believed … "…"`)? Then the next one is no
    continuation of the first: the report between them is a statement of its own."""
    return any(a > prev_end and b <= start and _reports(d.text[a:b]) for a, b in d.sentences_in(prev_end, start))


def _reports(sentence: str) -> bool:
    """Does `sentence` report a content: a verb of saying followed by "that" or by five words or more
    ("She added that she believed …"; not "He didn't suggest retaliation.", "shouted to the crowd."),
    or a verb of saying in a sentence that holds a quotation mark of its own (`The summit did "too
    little," he added.`)?"""
    cue = first_cue(sentence)
    if cue is None:
        return False
    rest = sentence[cue.end() :].split()
    return rest[:1] == ["that"] or len(rest) >= 5 or QUOTE_MARK.search(sentence) is not None


def _narration_subject(d: Doc, k: int):  # -> candidates._Lead | None
    """The subject of the narration around an unframed quotation d.quotes[k] in its paragraph (none
    when the paragraph is quotations only): the phrase opening the text before it (after an opening
    adverbial), else the one opening the text after it (`"Out!" the crowd yelled.`). On PolNeAR train,
    in such paragraphs the previous speaker was right for 8 of 66 named gold sources, this subject
    is for 147 of 194 (with the unattributed quotations it now speaks for)."""
    from ...attribution.candidates import TOKEN, narration_subject

    q = d.quotes[k]
    p = d.paras[q.paragraph]
    before = d.text[p.start : q.start]
    if k > 0 and d.quotes[k - 1].paragraph == q.paragraph or QUOTE_MARK.search(before):
        return None
    after_end = d.quotes[k + 1].start if k + 1 < len(d.quotes) and d.quotes[k + 1].paragraph == q.paragraph else p.end
    for lo, hi, lead in ((p.start, q.start, True), (q.end, after_end, False)):
        toks = [(m.group(0), lo + m.start(), lo + m.end()) for m in TOKEN.finditer(d.text[lo:hi])]
        if any(t[0][0].isalnum() for t in toks):
            return narration_subject(d.text, toks, lead)
    return None


# any quotation mark, straight or curly (duplicates.py reads the same)
QUOTE_MARK = re.compile('["\u201c\u201d]')


# '"A," Sanders said, suggesting a few questions, including, "B"': the second quotation
# belongs to a second report, not to the first statement
# The frame between two halves: at most 200 units (abbreviation, parenthesised aside or
# one character) ending with , . or :. As in `_TRAIL_FRAME`, a "(" that opens an aside is
# never also read as a single character (linear time, issue 17).
_SHORT_GAP = re.compile(
    uni(r"\s*(?:(?:" + _ABBREVIATED + r"|\p{Lu})\.|\([^()]{1,40}\)|(?!\([^()]{1,40}\))")
    + r"[^.!?\"\u201c\u201d]){1,200}[,.:]\s*"
)
_SECOND_REPORT_IN_GAP = re.compile(r",\s+(?:[a-z]+ing|going on to|went on to|before|and then)\b")


def _merge_split_quotes(d: Doc, drafts: list[Draft]) -> list[Draft]:
    """`"A," he said, "B."` and `"A," he said. "B."` are one statement: join the halves.

    Only within one paragraph, only around a short attribution frame, and only when
    the second half has no frame of its own (or names the same speaker).
    """
    out: list[Draft] = []
    for dr in drafts:
        if out:
            prev = out[-1]
            if (
                prev.quote_type == dr.quote_type == "direct"
                and halves_join(d, prev.start, prev.end, dr.start)
                and (dr.confidence < 0.9 or dr.speaker_text == prev.speaker_text)
            ):
                out[-1] = replace(prev, end=dr.end)
                continue
        out.append(dr)
    return out


def halves_join(d: Doc, prev_start: int, prev_end: int, start: int) -> bool:
    """Whether the quotation at `start` may be the second half of the one at [prev_start, prev_end):
    in one paragraph, the first ending in , ? or !, a short attribution frame between them and
    no second report in it (`_merge_split_quotes`; the speakers are the caller's to compare)."""
    gap = d.text[prev_end:start]
    prev_text = d.text[prev_start:prev_end].rstrip("\"\u201d'")
    return (
        d.para_of(prev_start) == d.para_of(start)
        and prev_text[-1:] in ",?!"
        and _SHORT_GAP.fullmatch(gap) is not None
        # a frame's cue may say how the words were said (`she elaborated`): the frame lexicon, as
        # `_attribute_frame` uses (not its `put it` and capital tests: this gap is short and bare already)
        and next(cue_matches(gap, lexicon=QUOTE_FRAME_LEMMA), None) is not None
        and not _SECOND_REPORT_IN_GAP.search(gap)
    )


# The patterns this pass makes (pass 1: quotations): registered with their examples, which
# tests/backends/rules/test_patterns.py runs. A new pattern is one entry here and the code above that
# writes its id.
register(
    Pattern(
        "direct.trailing_x_said",
        '"…," X said: the frame after the quotation, subject before the cue',
        QUOTE_MARKS,
        10,
        0.9,
        (
            E('"The bridge will open in May," the mayor said.', "the mayor", "said", '"The bridge will open in May,"'),
            E(
                "\u201cWe did nothing wrong,\u201d Dana Whitfield told the Gazette.",
                "Dana Whitfield",
                "told the Gazette",
                "\u201cWe did nothing wrong,\u201d",
            ),
            # a verb that says how the words were said (lexicon.QUOTE_FRAME_LEMMA) is a cue in a frame
            E('"Go back to your seat," Ruiz barked.', "Ruiz", "barked", '"Go back to your seat,"'),
            # a capitalised cue word after a sentence's first word is a name's (`cues.verb_cased`)
            E(
                '"We will comply with the order," State spokesman Mark Toner said Friday.',
                "Mark Toner",
                "said",
                '"We will comply with the order,"',
            ),
        ),
    ),
    Pattern(
        "direct.trailing_said_x",
        '"…," said X: the frame after the quotation, subject after the cue',
        QUOTE_MARKS,
        11,
        0.9,
        (
            E(
                '"Prices will fall next year," said Omar Lindqvist, the bank\'s economist.',
                "Omar Lindqvist",
                "said",
                '"Prices will fall next year,"',
            ),
            E(  # a sentence too long for the frame: its first clause is
                '"Nobody will be left behind," said Omar Lindqvist, asked at a briefing on Monday about the '
                "report on the closure of the northern rail line, which the ministry had kept from the public "
                "for more than a year.",
                "Omar Lindqvist",
                "said",
                '"Nobody will be left behind,"',
            ),
            E(  # an article and any head noun, not only the lexicon's role words
                "\u201cShe never liked the plan,\u201d said a 2008 campaign veteran.",
                "a 2008 campaign veteran",
                "said",
                "\u201cShe never liked the plan,\u201d",
            ),
            E(  # a role's complement after "to" ends the phrase: a short quotation would be lost
                "\u201cCertainly he has gone the other way,\u201d said the former top aide to President Ruth Alder.",
                "the former top aide",
                "said",
                "\u201cCertainly he has gone the other way,\u201d",
            ),
            E(  # a place and an office before the name: seven words
                '"He has no plan," said Montclair State University political scientist Bri Harlow.',
                "Bri Harlow",
                "said",
                '"He has no plan,"',
            ),
            E(  # the sentence's full stop is no part of the name
                '"We will carry the state," said campaign manager Jo Lindqvist.',
                "Jo Lindqvist",
                "said",
                '"We will carry the state,"',
            ),
        ),
    ),
    Pattern(
        "direct.x_said_colon",
        'X said: "…" / X said, "…": the frame before the quotation',
        QUOTE_MARKS,
        12,
        0.9,
        (
            E(
                'Mayor Lena Park said: "We played our best game of the season."',
                "Lena Park",
                "said",
                '"We played our best game of the season."',
            ),
            E(  # a participle after a quoted fragment: its subject opens the sentence
                'The mayor insisted there was "no cover-up", adding: "We have published everything."',
                "The mayor",
                "adding",
                '"We have published everything."',
            ),
            E(  # no second, indirect report of "programme: …" beside it
                'Mayor Lena Park told the BBC\'s Today programme: "We will not resign."',
                "Lena Park",
                "told the BBC's Today programme",
                '"We will not resign."',
            ),
        ),
    ),
    Pattern(
        "direct.name_colon",
        'X: "…" / ROLE, X: "…": a name and a colon, no verb, before the quotation',
        (":",),
        18,
        0.9,
        (
            E(
                'The landlords disagreed. Its chief executive, Colin Parry: "Every cap so far has cut supply."',
                "Colin Parry",
                ":",
                '"Every cap so far has cut supply."',
            ),
        ),
    ),
    Pattern(
        "direct.went_on",
        'X went on: "…": a continuation frame before the quotation',
        ("went on", "goes on"),
        13,
        0.9,
        (
            E(
                'Ms Arbuckle went on: "The station needs a new roof before winter."',
                "Ms Arbuckle",
                "went on",
                '"The station needs a new roof before winter."',
            ),
        ),
    ),
    Pattern(
        "direct.statement_colon",
        "X's statement: \"…\": a document of the speaker's introduces the quotation",
        ("statement", "message", "letter", "tweet", "post", "words", "remarks", "comments"),
        14,
        0.9,
        (
            E(
                'Carver\'s statement read in part: "The decision was made with care and after long review."',
                "Carver",
                "statement",
                '"The decision was made with care and after long review."',
            ),
        ),
    ),
    Pattern(
        "direct.utter_verb",
        'X chanted "…" / X used the phrase "…": an uttering verb takes the quotation as its object',
        ("chant", "shout", "yell", "scream", "whisper", "mutter", "tweet", "type", "sing", "cry", "crie", "the "),
        15,
        0.9,
        (
            E(
                "Demonstrators in the square chanted \u201cNo more war!\u201d and marched on.",
                "Demonstrators in the square",
                "chanted",
                "\u201cNo more war!\u201d",
            ),
            E(
                "Smith has used the phrase \u201cradical agenda\u201d often.",
                "Smith",
                "used the phrase",
                "\u201cradical agenda\u201d",
            ),
        ),
    ),
    Pattern(
        "direct.dash_name",
        '"…" ― Name: a dash and a name after the quotation',
        ("\u2015", "\u2014", "\u2013", "-"),
        16,
        0.9,
        (
            E(
                "\u201cThe harbour was our whole life.\u201d \u2015 Mirela Osei",
                "Mirela Osei",
                "\u2015",
                "\u201cThe harbour was our whole life.\u201d",
            ),
            E(  # the name ends with its sentence: the next paragraph's first word is no part of it
                "\u201cWe kept the lights on.\u201d \u2015 Tomas Reyes.\n\nReyes runs the generator.",
                "Tomas Reyes",
                "\u2015",
                "\u201cWe kept the lights on.\u201d",
            ),
        ),
    ),
    Pattern(
        "direct.verdict_of",
        '"…" - that was the verdict of X: a noun of response and its owner after the quotation',
        ("verdict", "response", "reaction", "reply", "answer", "message", "warning", "assessment", "view", "judg"),
        19,
        0.9,
        (
            E(
                '"This is a dark day for democracy" - that was the verdict of opposition leader Keir Starmer.',
                "Keir Starmer",
                "verdict",
                '"This is a dark day for democracy"',
            ),
            E(
                '"Absolutely not," was the response from a Treasury source when asked whether taxes would rise.',
                "a Treasury source",
                "response",
                '"Absolutely not,"',
            ),
        ),
    ),
    Pattern(
        "direct.intro_paragraph",
        'a paragraph ending "X said:" introduces the quotation that opens the next',
        (":",),
        17,
        0.9,
        (
            E(
                'In a letter to members, the union\'s secretary wrote:\n\n"Our members deserve a fair offer and we will keep negotiating."',
                "the union's secretary",
                "wrote",
                '"Our members deserve a fair offer and we will keep negotiating."',
            ),
        ),
    ),
    Pattern(
        "direct.quote_group",
        "a quotation with no frame of its own, in a multi-paragraph quotation whose frame is elsewhere",
        QUOTE_MARKS,
        20,
        0.8,
        (
            E(
                'Mayor Tessa Brandt said: "We will rebuild the pier.\n\n"It will take two years."',
                "Tessa Brandt",
                "said",
                '"It will take two years."',
            ),
        ),
    ),
    Pattern(
        "direct.previous_speaker",
        "an unframed quotation right after an attributed one (same or next paragraph): the same speaker",
        QUOTE_MARKS,
        30,
        0.6,
        (
            E(
                '"The plant will close in March," the manager said.\n\n"Nobody here will lose their pension."',
                "the manager",
                "said",
                '"Nobody here will lose their pension."',
            ),
            E(  # in the same paragraph after a report of the speaker's own: a statement apart, not a continuation
                '"The plant will close in March," the manager said. She added that the staff would be told on'
                ' Monday. "Nobody here will lose their pension."',
                "the manager",
                "said",
                '"Nobody here will lose their pension."',
            ),
        ),
    ),
    Pattern(
        "direct.paragraph_subject",
        "an unframed quotation in a paragraph with narration of its own (not the previous statement's): its subject",
        QUOTE_MARKS,
        31,
        0.6,
        (
            E(
                '"The plant will close in March," the manager said.\n\n'
                'Ms. Ortiz, who chairs the union, interrupted: "Nobody here will lose a pension, not one."',
                "Ms. Ortiz",
                None,
                '"Nobody here will lose a pension, not one."',
            ),
            E(
                '"The plant will close in March," the manager said.\n\n"Not one of us is leaving!" the crowd yelled.',
                "the crowd",
                None,
                '"Not one of us is leaving!"',
            ),
        ),
    ),
    Pattern(
        "direct.unattributed",
        "an unframed quotation of 8+ words with no speaker near: a statement of unknown source",
        QUOTE_MARKS,
        40,
        0.4,
        (
            E(
                'The hall was full.\n\nThe sign read "Everyone who lives here deserves a warm and safe home tonight" in red.\n\n'
                '"Everyone who lives here deserves a warm and safe home tonight and every night."',
                None,
                None,
                '"Everyone who lives here deserves a warm and safe home tonight and every night."',
            ),
        ),
    ),
)
