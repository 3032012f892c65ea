"""Merge, step 3: what a claim carries. Canonical content, variants, first_seen, claim ids; the Claim.

Mention groups in, `ClaimDraft`s out (`draft_claims`): a claim before its
links are known. `to_claim` turns a draft and its links into the Claim.

claim_id = the smallest sha256(speaker as a mention names it, normalised wording) over the claim's
mentions (`id_parts`): a function of which wordings the claim holds, never of dates or of the order
articles arrived in. A new article printing a wording the claim already has never changes the id, however
it is dated (back-dated, undated); one printing a new wording changes it only when that wording's hash
sorts lower, e.g. when two claims join (a new article prints the longer statement both were part of),
the joined claim keeps the smaller of their ids. Where an id does change, a run given `--previous` says
so (`Claim.replaces`, the change feed: `pipeline/feed.py`). Without merging (one claim per mention), the
id also covers doc_id and offsets, since one wording may then be many claims.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from .. import checkworthy
from ..claimtext import Clarification, clean_content, complement_only, statement
from ..models import (
    Claim,
    ClaimType,
    ExtractorInfo,
    FirstSeen,
    GroundedMention,
    Link,
    Mention,
    Polarity,
    Speaker,
    Variant,
)
from ..textnorm import fold_chars, normalize, stable_id
from .clusters import QUOTED
from .speakers import HONORIFICS, is_named, name_tokens, own_key

_WORD = re.compile(r"\w+")
_BRACKETS = re.compile(r"\s\[[^\]]*\]")
# a source that would not say: its statement, though a sentence, asserts nothing to check
_WITHHELD = re.compile(
    r"\b(?:declin|refus)\w*\s+to\s+(?:(?:immediately|publicly|directly|specifically)\s+)?"
    r"(?:comment|say|discuss|answer|respond|elaborate|confirm|speculate|specify|detail|disclose|reveal|identify"
    r"|be\s+(?:identified|named|interviewed)|name|address)\b",
    re.I,
)
_INNER_QUOTE = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_EDGE_QUOTES = "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb \t\r\n"
_VARIANT_TOKEN = re.compile(r"\w+|(?<!\w)-|-(?!\w)")
_RANK = {"direct": 0, "mixed": 1, "indirect": 2}

_normalize = lru_cache(maxsize=1 << 12)(normalize)

S = TypeVar("S", bound=str)
D = TypeVar("D")

# (doc_id, local_id) of a mention -> the index of its claim's draft
Owners = dict[tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """A claim before its links are known: its mentions and what is chosen over them.

    What the links step (`links.link_claims`) reads, and what `to_claim` builds the Claim from.
    """

    claim_id: str
    key: str  # the batch's speaker key (`SpeakerResolver.key`)
    members: tuple[GroundedMention, ...]  # sorted by doc_id, offsets
    canon: GroundedMention  # the mention whose wording is the content
    anchor: GroundedMention  # the mention whose speaker and wording give the claim_id (`id_parts`)
    content: str
    speaker: Speaker  # voted over the members
    polarity: Polarity  # voted over the members


def mention_order(g: GroundedMention) -> tuple:
    """The order the merge indexes a batch's mentions in: doc_id, offsets, local id."""
    m = g.mention
    return (m.doc_id, m.start, m.end, g.local_id)


def anchor_order(g: GroundedMention) -> tuple:
    """Order used to pick, among mentions printing the canonical wording, the one whose fields the claim
    shows: undated documents first, then by date, doc_id, offset. (Not the claim id: see `id_parts`.)
    """
    m = g.mention
    return (g.doc_date is not None, g.doc_date or "", m.doc_id, m.start, m.end, g.local_id)


def id_parts(g: GroundedMention) -> tuple[str, ...]:
    """What a claim id is a hash of, for one mention: the speaker as it names them, the normalised wording."""
    return (own_key(g.speaker), _normalize(g.mention.text))


def _by_id_parts(members: Sequence[GroundedMention]) -> list[GroundedMention]:
    """One mention per distinct `id_parts`: the first in `mention_order` (members come in that order)."""
    seen: dict[tuple[str, ...], GroundedMention] = {}
    for g in members:
        seen.setdefault(id_parts(g), g)
    return list(seen.values())


def draft_claims(
    items: list[GroundedMention], groups: Iterable[list[int]], keys: list[str], *, per_mention: bool = False
) -> tuple[list[ClaimDraft], Owners]:
    """Mention groups (indices into `items`) in, one draft per group out, with every mention's owner.

    With `per_mention` (no merging, one mention per group), the id also covers doc_id and offsets.
    """
    drafts: list[ClaimDraft] = []
    owner: Owners = {}
    seen_ids: set[str] = set()
    for idx in groups:
        if len(idx) == 1:  # one mention (every claim with --no-merge, most otherwise): nothing to order
            members: tuple[GroundedMention, ...] = (items[idx[0]],)
            anchor = members[0]
            parts = id_parts(anchor)
            if per_mention:
                parts += (anchor.mention.doc_id, str(anchor.mention.start), str(anchor.mention.end))
            cid = stable_id(*parts)
        else:
            members = tuple(sorted((items[i] for i in idx), key=mention_order))
            cid, anchor = min(((stable_id(*id_parts(g)), g) for g in _by_id_parts(members)), key=lambda x: x[0])
            parts = id_parts(anchor)
        canon, content = _canonical(members)
        if cid in seen_ids:  # cannot happen for distinct wordings short of a hash collision; stay unique anyway
            cid = stable_id(*parts, anchor.mention.doc_id, str(anchor.mention.start), anchor.local_id)
        seen_ids.add(cid)
        for g in members:
            owner[(g.mention.doc_id, g.local_id)] = len(drafts)
        key = keys[idx[0]]
        if len(members) == 1:  # one mention (most claims): its own polarity, no vote
            polarity = canon.polarity
        else:
            polarity = vote([g.polarity for g in members], canon.polarity, prefer=canon.polarity)
        drafts.append(ClaimDraft(cid, key, members, canon, anchor, content, claim_speaker(members, key), polarity))
    return drafts, owner


def to_claim(d: ClaimDraft, ls: Sequence[Link]) -> Claim:
    """One draft and its links in, the Claim out: fields voted over its mentions."""
    members, canon = d.members, d.canon
    denies: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    if ls:
        denies = tuple(sorted({link.claim_id for link in ls if link.relation == "denies"}))
        denied_by = tuple(sorted({link.claim_id for link in ls if link.relation == "denied_by"}))
        links = tuple(sorted(ls, key=lambda link: (link.relation, link.claim_id)))
    content, said, worth, kind = wording(d)
    if len(members) == 1:  # one mention (most claims, every one with --no-merge): its own fields, no votes
        m = canon.mention
        return Claim(
            claim_id=d.claim_id,
            speaker=d.speaker,
            content=content,
            statement=said,
            quote_type=canon.quote_type,
            cue=m.cue,
            polarity=d.polarity,
            claim_type=kind,
            checkworthiness=worth,
            denies=denies,
            denied_by=denied_by,
            links=links,
            mentions=(m,),
            variants=(),
            first_seen=FirstSeen(doc_id=m.doc_id, date=canon.doc_date),
            outlets=1,
            publishers=(m.source,) if m.source else (),
            extractor=canon.extractor,
            confidence=round(canon.confidence, 3),
        )
    return Claim(
        claim_id=d.claim_id,
        speaker=d.speaker,
        content=content,
        statement=said,
        quote_type=canon.quote_type,
        cue=vote([g.mention.cue for g in members if g.mention.cue], canon.mention.cue),
        polarity=d.polarity,
        claim_type=kind,
        checkworthiness=worth,
        denies=denies,
        denied_by=denied_by,
        links=links,
        mentions=tuple(g.mention for g in members),
        variants=_variants(members),
        first_seen=_first_seen(members),
        outlets=_outlets(members),
        publishers=tuple(sorted({g.mention.source for g in members if g.mention.source})),
        extractor=claim_extractor(members, canon),
        confidence=round(max(g.confidence for g in members), 3),
    )


def claim_extractor(members: Sequence[GroundedMention], canon: GroundedMention) -> ExtractorInfo:
    """The extractor a claim names: its canonical mention's, or backend "mixed" when its mentions came from both.

    A claim merged across an LLM document and a document that fell back to the rules is neither the
    model's nor the rules' alone; "mixed" keeps the LLM's version, model and prompt version, and each
    mention's `rule` says which made it ("llm" or a rule id). Claims of one backend are unchanged.
    """
    backends = {g.extractor.backend for g in members}
    if len(backends) < 2:
        return canon.extractor
    llm = next(g.extractor for g in members if g.extractor.backend == "llm")
    return llm.model_copy(update={"backend": "mixed"})


def wording(d: ClaimDraft) -> tuple[str, str, float, ClaimType]:
    """(content, statement, checkworthiness, claim_type) of a draft.

    `content` is the canonical wording cleaned (`claimtext.clean_content`); the statement brackets the
    references the documents printing that wording resolved (`GroundedMention.clarifications`, pooled
    by `_agreed`); the model scores the content. On the LLM path the language model's own statement
    and claim type, where its mentions carry them (`told_wording`), come first; a claim type it gave
    replaces the check-worthiness model's, and the score is then capped at FRAGMENT_CAP exactly when
    that type is `fragment`.
    """
    content = clean_content(d.content)
    printing = [g for g in d.members if g.mention.text.strip() == d.content]
    said, told = told_wording(d, printing)
    if said is None:
        text = printing[0].mention.text if printing else d.content
        marks = [Clarification(a, b, name) for (a, b), name in _agreed(printing).items()]
        lead = printing[0].lead if printing else None
        cue = printing[0].mention.cue if printing else None
        common = bool(printing and printing[0].common_opening)
        who = d.speaker.name or d.speaker.role
        if who and who[:1].isupper() and d.speaker.kind != "person" and any(g.speaker_article for g in d.members):
            who = f"the {who}"  # ("The European Commission said": the resolved name dropped the article)
        said = statement(who, text, d.canon.quote_type, marks, lead, d.canon.polarity, cue, common)
    worth, kind = checkworthy.score_content(content)
    if told is None and d.canon.quote_type != "direct":
        led = bool(printing) and printing[0].lead is not None
        worth, kind = _as_stated(said, content, worth, kind, led)
    if told is not None and told != kind:
        raw = round(checkworthy.checkworthiness(content), 6)
        worth, kind = (min(raw, checkworthy.FRAGMENT_CAP) if told == "fragment" else raw), told
    return content, said, worth, kind


def _as_stated(said: str, content: str, worth: float, kind: ClaimType, led: bool) -> tuple[float, ClaimType]:
    """A reported content's (checkworthiness, claim_type) as its rule-written statement reads: a
    statement that gave the content its subject and verb (`Stephen Doughty described the resignations as
    utterly explosive`) is scored whole when the content alone read as a fragment; an `According to X,`
    statement over a complement with no sentence of its own (`whether her position was under pressure`,
    `to reconsider`, `about the incident`) and no `led` subject before it (`According to X, relations
    were said to have …` has one) is a fragment, however long or numbered."""
    if not said.startswith("According to "):
        if _withheld(said, content):
            return round(min(worth, checkworthy.FRAGMENT_CAP), 6), "fragment"
        return checkworthy.score(said) if kind == "fragment" else (worth, kind)
    if kind != "fragment" and not led and complement_only(content):
        return round(min(worth, checkworthy.FRAGMENT_CAP), 6), "fragment"
    return worth, kind


def _withheld(said: str, content: str) -> bool:
    """Does the statement's frame, before its content, say the source would not say (`A spokeswoman declined
    to comment on the company's pricing`, `The spokeswoman refused to say whether an inquiry would be
    opened`)? Then it asserts nothing to check, however checkable its words. (In the content, `X said the
    minister refused to answer questions`, it is the claim.) The frame is what stands before the content
    in the statement without its brackets, which make a statement longer than its content."""
    frame = _BRACKETS.sub("", said)
    m = _WITHHELD.search(frame)
    return m is not None and m.start() < len(frame) - len(content)


def told_wording(d: ClaimDraft, printing: Sequence[GroundedMention]) -> tuple[str | None, ClaimType | None]:
    """The LLM's statement and claim type for a draft, where its mentions carry them; (None, None) else.

    Looked for in the canonical mention, then in the other mentions printing the canonical wording in
    `anchor_order` (never in a fragment's or another wording's): the first statement that names the
    claim's speaker by a word of their name when the claim has a named speaker (the resolver or the vote
    may name someone the model's sentence does not), and the first claim type.
    """
    if not any(g.statement is not None or g.claim_type is not None for g in d.members):
        return None, None  # the rule backend's mentions (every claim on that path)
    candidates = [d.canon] + sorted((g for g in printing if g is not d.canon), key=anchor_order)
    said: str | None = None
    told: ClaimType | None = None
    own = set(name_tokens(d.speaker.name or "")) - HONORIFICS if is_named(d.speaker) else set()
    for g in candidates:
        if said is None and g.statement is not None:
            if not own or own & set(_WORD.findall(fold_chars(g.statement).lower())):
                said = g.statement
        if told is None and g.claim_type is not None:
            told = g.claim_type
    return said, told


def _agreed(printing: Sequence[GroundedMention]) -> dict[tuple[int, int], str]:
    """The clarifications of mentions printing one text, pooled: a word two documents resolve to
    different people is left as printed."""
    names: dict[tuple[int, int], set[str]] = defaultdict(set)
    for g in printing:
        for a, b, name in g.clarifications:
            names[(a, b)].add(name)
    return {span: next(iter(ns)) for span, ns in sorted(names.items()) if len(ns) == 1}


def claim_order(c: Claim) -> tuple:
    """The order of claims.jsonl: by first mention (doc_id, offsets), then claim_id."""
    m: Mention = c.mentions[0]
    return (m.doc_id, m.start, m.end, c.claim_id)


def vote(values: Sequence[S], default: D, prefer: S | None = None) -> S | D:
    """Most frequent value; ties go to `prefer` if it is among them, else the smallest."""
    if not values:
        return default
    if len(values) == 1:  # one mention (most claims): nothing to count
        return values[0]
    counts: dict[S, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values())
    tied = sorted(v for v, n in counts.items() if n == best)
    return prefer if prefer in tied else tied[0]


def claim_speaker(members: Sequence[GroundedMention], key: str) -> Speaker:
    """The claim's speaker: the name most mentions use among those of the resolved key, role and kind voted."""
    if len(members) == 1:  # one mention (most claims): what the general case gives, without the votes
        s = members[0].speaker
        if not is_named(s):
            return s
        role = s.role if s.role and s.role.lower() not in HONORIFICS else None
        own = tuple(sorted(set(s.aliases) - {s.name}))
        return s if role == s.role and own == s.aliases else Speaker(name=s.name, kind=s.kind, role=role, aliases=own)
    named = [g.speaker for g in members if is_named(g.speaker)]
    if not named:
        return min((g.speaker for g in members), key=lambda x: (x.name or "", x.kind, x.role or "", x.aliases))
    names = Counter(s.name for s in named if s.name)  # (every named speaker has a name)
    full = [n for n in names if " ".join(name_tokens(n)) == key] or list(names)
    name = min(full, key=lambda n: (-names[n], n))
    role = vote([s.role for s in named if s.role and s.role.lower() not in HONORIFICS], None)  # "Sir" is no role
    aliases = sorted(({a for s in named for a in s.aliases} | set(names)) - {name})
    kind = vote([s.kind for s in named], named[0].kind)
    return Speaker(name=name, kind=kind, role=role, aliases=tuple(aliases))


# ----------------------------------------------------------------- content
def strip_quotes(text: str) -> str:
    """A quote without its outer quotation marks and whitespace (inner ones kept)."""
    return text.strip(_EDGE_QUOTES)


def _kind(g: GroundedMention) -> float:
    # A "direct" mention with quotation marks inside also prints the reporter's words between them.
    if g.quote_type == "direct" and _INNER_QUOTE.search(strip_quotes(g.mention.text)):
        return 0.5
    return _RANK[g.quote_type]


def _canonical(members: Sequence[GroundedMention]) -> tuple[GroundedMention, str]:
    """The most complete verbatim version: direct over mixed over indirect, then most words.

    Ties go to the wording most documents print, then the alphabetically first;
    the displayed text is that wording's most common spelling.
    """
    if len(members) == 1:  # most claims have one mention: nothing to choose between
        return members[0], members[0].mention.text.strip()
    by_norm: dict[str, list[GroundedMention]] = defaultdict(list)
    for g in members:
        by_norm[_normalize(g.mention.text)].append(g)

    def score(item: tuple[str, list[GroundedMention]]) -> tuple:
        norm, gs = item
        best = min(_kind(g) for g in gs)
        return (best, -len(_WORD.findall(norm)), -len({g.mention.doc_id for g in gs}), norm)

    norm, gs = min(by_norm.items(), key=score)
    best_type = min(_kind(g) for g in gs)
    gs = [g for g in gs if _kind(g) == best_type]
    return min(gs, key=anchor_order), _display(gs)


def _display(gs: list[GroundedMention]) -> str:
    """The most common spelling of one wording, verbatim as the mention has it (quotation marks included)."""
    texts = Counter(g.mention.text.strip() for g in gs)
    return min(texts, key=lambda t: (-texts[t], not strip_quotes(t).endswith((".", "!", "?")), t))


# ---------------------------------------------------------------- variants
def wordings(g: GroundedMention) -> tuple[str, ...]:
    """What one mention prints verbatim: a direct quote whole, a mixed quote's quoted fragments."""
    return _wordings(g.mention.text, g.quote_type)


@lru_cache(maxsize=1 << 12)
def _wordings(text: str, quote_type: str) -> tuple[str, ...]:
    if quote_type == "mixed":
        return tuple(f.strip() for f in (m.group(1) or m.group(2) for m in QUOTED.finditer(text)))
    if quote_type == "direct":
        return (strip_quotes(text),)
    return ()  # an indirect quote is the reporter's paraphrase: not a wording of the statement


@lru_cache(maxsize=1 << 12)
def wording_key(text: str) -> str:
    """Words plus free-standing dashes: case, quotes, commas and full stops are house style, not wording.

    `the effort` / `the efforts` differ, and so do `This along with` / `This -
    along with` (a dash marks an aside added or dropped); `days, I` / `days I` do not.
    """
    return " ".join(_VARIANT_TOKEN.findall(fold_chars(text).lower().replace("--", "-")))


@dataclass
class _Wording:
    """One distinct wording (`wording_key`) among a claim's mentions."""

    words: str  # its words, space-padded, for containment tests
    texts: Counter[str]
    docs: set[str]
    mentions: set[int]  # id() of the mentions printing it


def _variants(members: Sequence[GroundedMention]) -> tuple[Variant, ...]:
    """Distinct wordings and the documents using each; empty when every outlet prints the same words.

    A faithful fragment (its words found in what another mention prints) is
    not a different wording; a fragment with a changed word is.
    """
    if len(members) == 1:  # variants need two mentions (see the last check below)
        return ()
    by: dict[str, _Wording] = {}
    # Words of the statement as the other members print it: a mixed quote's fragment that
    # shares little with them was quoted from another statement, and is no variant of this one.
    whole = {w for g in members if g.quote_type != "mixed" for w in _WORD.findall(wording_key(g.mention.text) or "")}
    for g in members:
        for w in wordings(g):
            k = wording_key(w)
            if not k:
                continue
            if g.quote_type == "mixed" and whole:
                ws = set(_WORD.findall(k))
                if len(ws & whole) < 0.5 * len(ws):
                    continue
            e = by.get(k)
            if e is None:
                e = by[k] = _Wording(f" {' '.join(_WORD.findall(k))} ", Counter(), set(), set())
            e.texts[w] += 1
            e.docs.add(g.mention.doc_id)
            e.mentions.add(id(g))

    # Word -> the wordings printing it: a wording is only looked for in those printing its rarest word
    # (not in all: a claim of thousands of near-identical wordings would make that quadratic).
    having: dict[str, list[str]] = defaultdict(list)
    if len(by) > 16:  # (a few wordings, most claims: every pair is cheaper than the index)
        for k, e in by.items():
            for w in set(e.words.split()):
                having[w].append(k)

    def faithful(k: str) -> bool:
        e = by[k]
        rarest = min(set(e.words.split()), key=lambda w: (len(having[w]), w), default=None) if having else None
        return any(
            o != k and e.words != by[o].words and e.words in by[o].words and (by[o].mentions - e.mentions)
            for o in (having[rarest] if rarest is not None else by)
        )

    keys = [k for k in by if not faithful(k)]
    if len(keys) < 2 or len({m for k in keys for m in by[k].mentions}) < 2:
        return ()
    out = []
    for k in keys:
        texts = by[k].texts
        text = min(texts, key=lambda t: (-texts[t], not t.endswith((".", "!", "?")), t))
        out.append(Variant(text=text, doc_ids=tuple(sorted(by[k].docs))))
    return tuple(sorted(out, key=lambda v: (-len(v.doc_ids), wording_key(v.text), v.text)))


def _outlets(members: Sequence[GroundedMention]) -> int:
    """Distinct publishers: two copies of one wire story in one outlet's feeds count once.

    A document without a `source` counts as its own publisher (by doc_id).
    """
    return len({("source", m.source) if m.source else ("doc", m.doc_id) for m in (g.mention for g in members)})


def _first_seen(members: Sequence[GroundedMention]) -> FirstSeen:
    """Earliest dated document carrying the claim (undated ones only if none is dated), then doc_id."""
    best = min(members, key=lambda g: (g.doc_date is None, g.doc_date or "", g.mention.doc_id))
    return FirstSeen(doc_id=best.mention.doc_id, date=best.doc_date)
