"""One statement found twice: a quotation that a reported-speech mention of the same speaker ends or starts with.

`X said that A, "B."` gives pass 2 the mixed statement `that A, "B."` and pass 1 the quotation `"B."`
framed by the same `X said`: two mentions of one statement. In PolNeAR's gold it is one attribution,
so the second mention is a false positive wherever only one can align. Run after the keep filter
(which never drops quotations), on the mentions the rule backend returns.

Measured on PolNeAR train (score.py's alignment): it drops 44 of 14,446 mentions; the mentions that
align with no gold item fall from 1,218 to 1,180 while 6 gold items lose their match (5 indirect, 1
mixed): direct + mixed F1 0.850 -> 0.853 (dev: 3 dropped, 139 -> 136 unaligned, none lost, 0.867 ->
0.869). With different speaker phrases the pair is two statements about as often as one (dropping
those too cost named-speaker accuracy on both splits), so such pairs stay.
"""

from __future__ import annotations

from ...models import ExtractedMention

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
