"""One statement in two mentions: a quotation cut in two, or found twice. Run after the keep filter
(which never drops the halves joined here) on the mentions the rule backend returns; the learned layer and the
keep filter are trained without it (they read `unfiltered_mentions`).

In PolNeAR's gold one statement is one attribution, so a second mention of it is a false positive
wherever only one can align (issue 13's direct + mixed F1 counts every mention aligned to no gold
item as one):

- `"A," Ms. Doe said, "and B."`: pass 1 joins the halves when the speaker phrases read the same, but
  the second half's own frame subject is `Doe`. A second half that goes on with the sentence (lower
  case) and whose frame lies between the halves is joined to the first (`join_quotation_halves`).
- `X said that A, "B."`: pass 2's mixed statement `that A, "B."` and pass 1's quotation `"B."`, framed
  by the same `X said`. A quotation at the start or end of a longer reported statement with the
  same speaker is dropped (`drop_edge_duplicates`). With different speaker phrases the pair is two
  statements about as often as one (dropping those too cost named-speaker accuracy on both
  splits), so such pairs stay.

- `X is a "change agent," Doe said. "B."`: a reported statement holding a quotation, its frame, then
  in the same paragraph a quotation with no frame of its own (`direct.unattributed`): the quotation
  is joined to the statement (`join_framed_quotations`; train: one gold attribution spans both in 12
  of 13 such pairs; claimtext drops the frame from the claim's words).
- `"A.\nJo Park, Acme Corp."`: a quotation over several paragraphs that closes on its signature line;
  the last piece is the speaker's name, no statement: dropped, and the pieces before it with no frame
  of their own take the name as their speaker phrase (`drop_signature_lines`).

Measured on PolNeAR train (score.py's alignment): the mentions that align with no gold item fall from
1,218 to 1,180 with the second alone (6 gold items lose their match: 5 indirect, 1 mixed) and to
1,166 with both; direct + mixed F1 0.850 -> 0.853 -> 0.854 (dev: 139 -> 136 -> 133 unaligned, no
gold item lost, 0.867 -> 0.869 -> 0.871).
"""

from __future__ import annotations

import re

from ...lexicon import FEMALE_NAMES, FUNCTION_WORDS, MALE_NAMES, STOP_WORDS, SUBJECT_PRONOUNS
from ...models import ExtractedMention, QuoteSpan
from .direct import QUOTE_MARK, halves_join
from .doc import Doc

_NOT_NAME_WORDS = STOP_WORDS | FUNCTION_WORDS | SUBJECT_PRONOUNS
_GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES

# the passes whose mentions report speech around a quotation (pattern ids `<pass>.<name>`)
_REPORTING_PASSES = ("indirect.", "stance.")


def _span(m: ExtractedMention) -> tuple[int, int] | None:
    """The mention's content offsets in the source, or None when the backend gave no hint."""
    if m.content_hint is None:
        return None
    return m.content_hint, m.content_hint + len(m.content)


def _same_speaker(a: ExtractedMention, b: ExtractedMention) -> bool:
    """Whether two mentions name one speaker: the same speaker phrase (the same frame's subject)."""
    if a.speaker_hint is not None and a.speaker_hint == b.speaker_hint:
        return True
    return a.speaker_text is not None and (a.speaker_text or "").casefold() == (b.speaker_text or "").casefold()


def _at_edge(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    """Whether `inner` is a shorter span inside `outer` that shares its start or its end."""
    (s, e), (os, oe) = inner, outer
    return os <= s and e <= oe and e - s < oe - os and (s == os or e == oe)


def _is_quotation(m: ExtractedMention) -> bool:
    return m.rule is not None and m.rule.startswith("direct.")


def _reports(m: ExtractedMention) -> bool:
    return m.rule is not None and m.rule.startswith(_REPORTING_PASSES)


def _linked(m: ExtractedMention, linked: set[str]) -> bool:
    """Whether the claim graph links the mention: a denial, a statement one denies, or one that denies."""
    return m.polarity == "denial" or bool(m.denies) or m.local_id in linked


def drop_edge_duplicates(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The mentions, in their order, less every quotation (pass 1) that lies at the start or end of a
    longer reported-speech mention (pass 2, stance verbs) with the same speaker. Mentions the claim
    graph links (denials and what they deny) are kept."""
    linked = {d for m in mentions for d in m.denies}
    outers = [(sp, m) for m in mentions if _reports(m) and (sp := _span(m)) is not None]
    keep: list[ExtractedMention] = []
    for m in mentions:
        sp = _span(m)
        if (
            sp is not None
            and _is_quotation(m)
            and not _linked(m, linked)
            and any(_at_edge(sp, osp) and _same_speaker(m, o) for osp, o in outers)
        ):
            continue
        keep.append(m)
    return keep


def join_quotation_halves(d: Doc, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The mentions, in their order, with each second half of a quotation joined to the first (which
    keeps its speaker, cue and id; the second goes): a quotation that goes on with the sentence
    (lower case) after a short frame of its own between the halves (`"A," Ms. Doe said, "and B."`;
    `direct.halves_join`). Mentions the claim graph links stay as they are."""
    heads = quotation_halves(d, mentions)
    new_end: dict[int, int] = {}  # index of a first half -> the end of the last half joined to it
    for i, head in heads.items():
        new_end[head] = max(new_end.get(head, 0), (_span(mentions[i]) or (0, 0))[1])
    return [
        m.model_copy(update={"content": d.text[m.content_hint or 0 : new_end[i]]}) if i in new_end else m
        for i, m in enumerate(mentions)
        if i not in heads
    ]


def quotation_halves(d: Doc, mentions: list[ExtractedMention]) -> dict[int, int]:
    """Each second half `join_quotation_halves` joins (index in `mentions`) -> the first half it is
    joined to (index). The keep filter reads it too: a quotation cut by its own frame is a statement."""
    linked = {x for m in mentions for x in m.denies}
    order = sorted(
        (i for i, m in enumerate(mentions) if _is_quotation(m) and not _linked(m, linked) and _span(m)),
        key=lambda i: _span(mentions[i]) or (0, 0),
    )
    end: dict[int, int] = {}  # index of a first half -> the end of the last half joined to it
    heads: dict[int, int] = {}
    head: int | None = None
    for i in order:
        if head is not None and _continues(d, mentions[head], end.get(head), mentions[i]):
            end[head] = (_span(mentions[i]) or (0, 0))[1]
            heads[i] = head
        else:
            head = i
    return heads


def _continues(d: Doc, first: ExtractedMention, joined_end: int | None, second: ExtractedMention) -> bool:
    """Whether quotation `second` continues `first` (which already ends at `joined_end` when joined)."""
    a, b = _span(first), _span(second)
    if a is None or b is None:
        return False
    end = joined_end if joined_end is not None else a[1]
    if end > b[0]:
        return False
    if second.speaker_hint is not None and end <= second.speaker_hint < b[0]:
        # its frame lies between the halves, so it frames both when the second half goes on with
        # the sentence (lower case): pass 1 joins them when the speaker phrases read the same, and
        # `Ms. Doe` before the second half and `Doe` after it split them
        return _goes_on(second.content) and halves_join(d, a[0], end, b[0])
    return False


def _goes_on(quotation: str) -> bool:
    """Whether a quotation's first letter is lower case (`"and B."`: the rest of a sentence)."""
    letter = _LETTER.search(quotation)
    return letter is not None and letter.group(0).islower()


_LETTER = re.compile(r"[^\W\d_]")


# A quotation that runs over paragraphs and closes on its signature line (`"A.\nJo Park, Acme Corp."`:
# a statement issued to the press, a roundup's reactions): the last piece is the speaker's name and
# affiliation, no statement. On PolNeAR train all 8 such pieces the output held aligned with no gold
# item. The name: before the first comma at most seven words, capitalised but for one role word
# (`Former NAACP president Ben Jealous`); after it, the affiliation (`signature_name`).
_SIGNATURE = re.compile(
    r"(?P<head>(?:[A-Z][\w.'\u2019-]*\s+){0,3}(?:[a-z]+\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]*)"
    r"(?:,\s*[^,.!?\"\u201c\u201d]{2,60})?\.?"
)
# the rules whose speaker was carried or missing (no frame of their own): the signature names it
_SIGNED = frozenset({"direct.unattributed", "direct.previous_speaker", "direct.quote_group"})


def signature_name(text: str) -> str | None:
    """The speaker's name when `text` (a quotation piece's inner words) is a signature line, else None:
    the two to four capitalised words before the first comma, after a role word when there is one
    (`Yes.`, `Never Again.`, `I am Sam.` sign nothing: one word, a function word, a pronoun)."""
    m = _SIGNATURE.fullmatch(text.strip())
    if m is None:
        return None
    words = m.group("head").split()
    lower = [i for i, w in enumerate(words) if w[:1].islower()]
    name = words[lower[-1] + 1 :] if lower else words
    if not 2 <= len(name) <= 4 or any(w.lower().strip(".") in _NOT_NAME_WORDS for w in words):
        return None
    # a person's signature: a role or an affiliation with it, else a known first name after any titles
    given = [w for w in name if not w.endswith(".")][:1]
    if not (lower or "," in m.group(0) or (given and given[0].lower() in _GIVEN_NAMES)):
        return None
    return " ".join(name)


def _closing_signature(d: Doc, q: QuoteSpan) -> str | None:
    """The name a quotation piece signs when it is the closing line of a quotation opened in an earlier
    paragraph (`signature_name`), else None."""
    if q.opened or not q.closed or q.paragraph == 0:
        return None
    return signature_name(d.text[q.inner_start : q.inner_end])


def drop_signature_lines(d: Doc, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The mentions, in their order, less each quotation that is only the signature line closing a
    quotation over several paragraphs; the pieces of that quotation with no frame of their own
    (`_SIGNED`) take the signed name as their speaker phrase. Mentions the claim graph links stay."""
    linked = {x for m in mentions for x in m.denies}
    signed: dict[int, tuple[str, int]] = {}  # quotation group -> (name, its offset)
    drop: set[int] = set()
    pieces = {q.start: q for q in d.quotes}
    for i, m in enumerate(mentions):
        q = pieces.get(m.content_hint) if _is_quotation(m) and m.content_hint is not None else None
        if q is None or _linked(m, linked) or (name := _closing_signature(d, q)) is None:
            continue
        drop.add(i)
        signed[q.group] = (name, d.text.index(name, q.inner_start))
    if not drop:
        return mentions
    group_of = {q.start: q.group for q in d.quotes}
    out: list[ExtractedMention] = []
    for i, m in enumerate(mentions):
        if i in drop:
            continue
        g = group_of.get(m.content_hint) if m.content_hint is not None else None
        if g in signed and m.rule in _SIGNED:
            name, at = signed[g]
            m = m.model_copy(update={"speaker_text": name, "speaker_hint": at})
        out.append(m)
    return out


def join_framed_quotations(d: Doc, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The mentions, in their order, with each unframed quotation (`direct.unattributed`) joined to the
    reported statement before it in its paragraph when that statement holds a quotation and its frame
    lies between the two (`Trump is a "change agent," Cole said. "That is what people want."`): the
    statement keeps its speaker, cue and id and now ends where the quotation does; the quotation goes.
    Mentions the claim graph links stay as they are."""
    linked = {x for m in mentions for x in m.denies}
    order = sorted((i for i, m in enumerate(mentions) if _span(m)), key=lambda i: _span(mentions[i]) or (0, 0))
    new_end: dict[int, int] = {}  # index of a statement -> the end of the quotation joined to it
    joined: set[int] = set()
    for k, i in enumerate(order):
        m = mentions[i]
        if m.rule != "direct.unattributed" or _linked(m, linked) or k == 0:
            continue
        j = order[k - 1]
        if _frames_next(d, mentions[j], m) and j not in joined and not _linked(mentions[j], linked):
            new_end[j] = (_span(m) or (0, 0))[1]
            joined.add(i)
    return [
        m.model_copy(update={"content": d.text[m.content_hint or 0 : new_end[i]]}) if i in new_end else m
        for i, m in enumerate(mentions)
        if i not in joined
    ]


def _frames_next(d: Doc, first: ExtractedMention, second: ExtractedMention) -> bool:
    """Whether `first` is a reported statement (pass 2) holding a quotation whose frame (speaker phrase)
    stands between it and quotation `second` in one paragraph, with no quotation mark in between."""
    a, b = _span(first), _span(second)
    if a is None or b is None or not _reports(first) or a[1] > b[0] or first.speaker_hint is None:
        return False
    if not a[1] <= first.speaker_hint < b[0] or not QUOTE_MARK.search(first.content):
        return False
    gap = d.text[a[1] : b[0]]
    return "\n" not in gap and "\r" not in gap and not QUOTE_MARK.search(gap)
