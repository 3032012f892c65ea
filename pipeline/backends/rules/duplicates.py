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

Measured on PolNeAR train (score.py's alignment): the mentions that align with no gold item fall from
1,218 to 1,180 with the second alone (6 gold items lose their match: 5 indirect, 1 mixed) and to
1,166 with both; direct + mixed F1 0.850 -> 0.853 -> 0.854 (dev: 139 -> 136 -> 133 unaligned, no
gold item lost, 0.867 -> 0.869 -> 0.871).
"""

from __future__ import annotations

import re

from ...models import ExtractedMention
from .direct import halves_join
from .doc import Doc

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
