"""The extractor: composes the passes and turns drafts into mentions."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from ...models import ExtractedMention, SegmentedDocument, Speaker
from ..base import Extractor
from .confidence import rule_precision
from .denials import (
    called_false,
    link_denials,
    narrated_denials,
    nested_and_denials,
    points_nowhere,
)
from .direct import (
    direct_pass,
)
from .doc import Doc, Draft, Spans
from .duplicates import drop_edge_duplicates, drop_signature_lines, join_framed_quotations, join_quotation_halves
from .furniture import (
    drop_not_claims,
    idiom_report,
)
from .headline import headline_statement
from .indirect import (
    indirect_pass,
)
from .interview import DIRECTION, qa_answers, transcript_turns
from .quoted import as_quoted, x_called

VERSION = "1.0"


class RuleExtractor(Extractor):
    """Deterministic, offline extractor built on quotation marks, cue verbs and speaker phrases."""

    name = "rules"
    version = VERSION
    deterministic = True

    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]:
        return extract_rules(seg)


def extract_rules(seg: SegmentedDocument) -> list[ExtractedMention]:
    """Segmented document in, extracted mentions (with surface speaker phrases) out: the patterns'
    and the learned layer's mentions the keep filter (attribution/keep.py) keeps, consolidated
    (`consolidate`: one statement, one mention), each with its rule's measured precision as confidence
    and its speaker phrase repaired where a repair applies (attribution/respeak.py), then, for any
    mention whose cue stands before its content (all families but `nested`), rechosen among the
    phrases before its cue where the learned choice clearly prefers another (attribution/rerank.py);
    last, a learned content's opening "of" goes to its cue (`learned.without_cue_preposition`) and a
    learned speaker phrase that is a clause is dropped (`learned.without_clause_speaker`), and so is one
    before a passive participle cue, the accused (`learned.without_accused_speaker`)."""
    from ...attribution.learned import without_accused_speaker, without_clause_speaker, without_cue_preposition
    from ...attribution.rerank import rerank_speakers

    text = seg.text
    return [
        m
        for m in without_accused_speaker(
            text, without_clause_speaker(without_cue_preposition(rerank_speakers(seg, repaired_mentions(seg))))
        )
        if m.content_hint is None or not idiom_report(text, m.content_hint)
    ]


def repaired_mentions(seg: SegmentedDocument) -> list[ExtractedMention]:
    """`extract_rules` before the learned speaker choice (what `training/train_rerank.py` learns from)."""
    from ...attribution import filter_mentions  # (circular at module level, as below)
    from ...attribution.respeak import repair_speakers

    return repair_speakers(
        seg,
        [
            m
            if m.rule is None or not m.rule.startswith("learned")
            else m.model_copy(update={"confidence": rule_precision(m.rule)})
            for m in consolidate(seg, with_labels(seg, filter_mentions(seg, unfiltered_mentions(seg))))
        ],
    )


def with_labels(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The kept mentions plus a `quoted.x_called` mention (`X called Y "…"`) for each quotation none of
    them holds, and the `indirect.headline_label` mention of a headline `Name: statement` (in place of
    the kept mentions inside it that are the label's own words, beside reports by someone the body
    names: `headline_statement`). After the keep filter: the learned layer and the filter are trained
    on the patterns without them."""
    d = Doc(seg)
    spans = Spans((m.content_hint, m.content_hint + len(m.content)) for m in mentions if m.content_hint is not None)
    labels = [
        replace(dr, polarity="denial") if called_false(d.text, dr.start, dr.end, dr.cue) else dr
        for dr in x_called(d, spans)
    ]  # 'branded the claim "flat-out false"': a label that calls a claim false denies it
    added = [_to_mention(d, dr, f"x{n}", ()) for n, dr in enumerate(labels)]
    # "X said A, which Y disputed": Y's denial of A (after the filter too, for the same reason)
    narrated = narrated_denials(d, mentions)
    # a headline's statement after its speaker's name ("Rubio: …"), in place of the reports in its words
    # that are the label's own (none a narrated denial's target)
    heads, replaced = headline_statement(d, mentions, {target for _, target in narrated})
    if replaced:
        mentions = [m for i, m in enumerate(mentions) if i not in replaced]
    added += [_to_mention(d, dr, f"h{n}", ()) for n, dr in enumerate(heads)]
    added += [_to_mention(d, dr, f"n{n}", (target,)) for n, (dr, target) in enumerate(narrated)]
    return [*mentions, *added]


def consolidate(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The kept mentions with one statement in one mention (duplicates.py): quotation halves joined,
    an unframed quotation joined to the reported statement whose frame precedes it in its paragraph,
    then quotations dropped that repeat the edge of the same speaker's reported statement, then the
    signature lines closing a quotation over several paragraphs dropped (their name its speaker)."""
    d = Doc(seg)
    return drop_signature_lines(d, drop_edge_duplicates(join_framed_quotations(d, join_quotation_halves(d, mentions))))


def unfiltered_mentions(seg: SegmentedDocument) -> list[ExtractedMention]:
    """The patterns' mentions plus the learned layer's additions, before the keep filter; a learned
    mention's confidence is still the layer's probability (the keep filter reads it). The trainers
    read this: the learned layer learns from the patterns alone, the keep filter from both."""
    d = Doc(seg)
    direct = direct_pass(d)
    covered = Spans((dr.start, dr.end) for dr in direct)
    indirect = indirect_pass(d, covered)
    absorbing = [(x.start, x.end) for x in indirect if x.absorbs]
    if absorbing:
        direct = [x for x in direct if not any(a <= x.start and x.end <= b for a, b in absorbing)]
    turns = transcript_turns(d)
    if turns:
        direct = _outside_turns(d, direct, turns)
    drafts = direct + indirect + turns
    drafts += qa_answers(d)  # an interview's answers (the reports inside them stay: PolNeAR annotates both)
    drafts += as_quoted(d, drafts)
    drafts.sort(key=lambda x: (x.start, x.end))
    drafts = nested_and_denials(d, drafts)
    drafts = drop_not_claims(d, drafts)
    drafts = _dedupe(drafts)
    _time_word_speakers(seg, drafts)
    link_denials(d, drafts)
    out: list[ExtractedMention] = []
    ids = {id(dr): f"m{n}" for n, dr in enumerate(drafts) if not points_nowhere(d, dr)}
    for dr in drafts:
        if id(dr) in ids and d.text[dr.start : dr.end].strip():
            denies = tuple(ids[id(drafts[j])] for j in dr.denies if id(drafts[j]) in ids)
            out.append(_to_mention(d, dr, ids[id(dr)], denies))
    # The learned layer (pipeline/attribution) adds the reported speech the patterns miss. Imported here:
    # it uses this package's subject finder, so a module-level import would be circular.
    from ...attribution import augment

    return augment(seg, out)


def _to_mention(d: Doc, dr: Draft, local_id: str, denies: tuple[str, ...]) -> ExtractedMention:
    """The mention a draft makes: its content sliced from the document, its rule's precision as
    confidence, `denies` the local ids of the mentions it denies."""
    return ExtractedMention(
        local_id=local_id,
        content=d.text[dr.start : dr.end],
        speaker_text=None if dr.speaker_text == "unnamed" else dr.speaker_text,
        speaker=Speaker(kind=dr.kind, role=dr.role),
        cue=dr.cue,
        quote_type=dr.quote_type,
        polarity=dr.polarity,
        denies=denies,
        content_hint=dr.start,
        speaker_hint=dr.speaker_pos,
        confidence=rule_precision(dr.rule),
        rule=dr.rule,
    )


def _time_word_speakers(seg: SegmentedDocument, drafts: list[Draft]) -> None:
    """Drafts whose speaker phrase is a lone time word ("On Tuesday, X went further, saying …" gave
    "Tuesday") get the sentence's subject instead (`attribution.candidates.subject_past_time_word`),
    or no speaker. Changes the drafts in place. The speaker position stays: it marks the rule's frame,
    which the learned layer reads (`attribution.learned.rule_frames`) and was trained with."""
    from ...attribution.candidates import lone_time_word, subject_past_time_word  # (circular at module level)

    starts = [s.start for s in seg.sentences]
    for dr in drafts:
        if dr.speaker_pos is None or not lone_time_word(dr.speaker_text):
            continue
        k = bisect_right(starts, dr.speaker_pos) - 1
        if k < 0:
            continue
        sent = seg.sentences[k]
        lead = subject_past_time_word(seg.text, sent.start, sent.end, dr.speaker_pos, dr.speaker_text or "")
        dr.speaker_text = lead.text if lead is not None else None


def _outside_turns(d: Doc, direct: list[Draft], turns: list[Draft]) -> list[Draft]:
    """The direct pass's drafts but the speakerless ones a transcript's turns hold from a paragraph's
    start: a turn in a block quotation reads to that pass as an unclosed quotation with no frame
    (`"PENCE: Well, …`), each paragraph that carries it on as another; the turn is that statement, with
    its speaker. Between the transcript's first and last turn, a bracketed direction (`"(CROSSTALK.)`)
    is no one's statement either."""
    held: dict[int, int] = {}  # a turn's paragraph's start (and the character after it) -> the turn's end
    for t in turns:
        for k in range(d.para_of(t.start), d.para_of(t.end - 1) + 1):
            start = d.paras[k].start
            held[start] = held[start + 1] = t.end
    from ...attribution.keep import CARRIED_RULES  # (circular at module level, as above)

    first, last = d.paras[d.para_of(turns[0].start)].start, turns[-1].end

    def in_turns(x: Draft) -> bool:
        if x.speaker_text is not None and x.rule not in CARRIED_RULES:
            return False  # a framed quotation is its speaker's, turn or not
        if x.start in held and x.end <= held[x.start] + 1:
            return True
        return first <= x.start < last and DIRECTION.fullmatch(d.text, x.start, x.end) is not None

    return [x for x in direct if not in_turns(x)]


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """Drop a draft whose span repeats another's exactly (keeps the first, more specific one)."""
    seen: set[tuple[int, int, str | None]] = set()
    keep = []
    for dr in drafts:
        key = (dr.start, dr.end, dr.speaker_text)
        if key in seen:
            continue
        seen.add(key)
        keep.append(dr)
    return keep
