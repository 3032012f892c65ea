"""Stage 6, merge: grounded mentions from many documents in, one Claim per statement out.

Mentions merge when they have the same speaker and the same wording after
normalisation, a near-same wording, or one is contained in the other (a
fragment quoted by one outlet joins the full statement another printed).
Different speakers never merge. The result does not depend on input order.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from .models import Claim, FirstSeen, GroundedMention, Link, Speaker, Variant
from .textnorm import normalize, stable_id

NEAR_SAME = 90.0  # rapidfuzz ratio on normalised wording
MIN_FRAGMENT_WORDS = 4  # a shorter fragment is too generic to attach by containment
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "hon"}


def speaker_key(speaker: Speaker, fallback: str) -> str:
    """Names compared after honorifics and case; unnamed speakers never merge across documents."""
    if not speaker.name:
        return f"~{speaker.kind}:{fallback}"
    toks = [t for t in re.findall(r"\w+", speaker.name.lower()) if t not in _HONORIFICS]
    return " ".join(toks) or speaker.name.lower()


class _DSU:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _same_statement(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short.split()) >= MIN_FRAGMENT_WORDS and short in long_:
        return True
    if len(short) >= 0.6 * len(long_) and fuzz.ratio(a, b) >= NEAR_SAME:
        return True
    if len(short.split()) >= 6 and fuzz.partial_ratio(short, long_) >= 95:
        return True
    return False


def _sort_key(g: GroundedMention) -> tuple:
    m = g.mention
    return (m.doc_id, m.start, m.end, g.local_id)


def merge(mentions: Iterable[GroundedMention], *, merge_across: bool = True) -> list[Claim]:
    """Grounded mentions in, claims out (sorted by first mention; order-independent)."""
    items = sorted(mentions, key=_sort_key)
    keys = [speaker_key(g.speaker, f"{g.mention.doc_id}:{g.local_id}") for g in items]
    norms = [normalize(g.mention.text) for g in items]
    dsu = _DSU(len(items))
    if merge_across:
        blocks: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            blocks[k].append(i)
        for idx in blocks.values():
            by_norm: dict[str, int] = {}
            for i in idx:
                if norms[i] in by_norm:
                    dsu.union(by_norm[norms[i]], i)
                else:
                    by_norm[norms[i]] = i
            uniq = sorted(by_norm.values())
            for x in range(len(uniq)):
                for y in range(x + 1, len(uniq)):
                    i, j = uniq[x], uniq[y]
                    if items[i].mention.doc_id == items[j].mention.doc_id and norms[i] != norms[j]:
                        continue  # two different statements in one article stay apart
                    if _same_statement(norms[i], norms[j]):
                        dsu.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[dsu.find(i)].append(i)
    return _build_claims(items, keys, norms, list(groups.values()))


def _build_claims(items: list[GroundedMention], keys: list[str], norms: list[str], groups: list[list[int]]) -> list[Claim]:
    drafts = []
    owner: dict[tuple[str, str], int] = {}
    for gi, idx in enumerate(groups):
        members = [items[i] for i in idx]
        canon_i = max(idx, key=lambda i: (len(norms[i]), -idx.index(i)))
        canon = items[canon_i]
        content = canon.mention.text.strip()
        cid = stable_id(keys[canon_i], norms[canon_i])
        for g in members:
            owner[(g.mention.doc_id, g.local_id)] = gi
        drafts.append((cid, idx, members, canon, content))
    claim_ids = [d[0] for d in drafts]
    denies: dict[int, dict[str, Link]] = defaultdict(dict)
    denied_by: dict[int, dict[str, Link]] = defaultdict(dict)
    for gi, (_, _, members, _, _) in enumerate(drafts):
        for g in members:
            for target in g.denies:
                ti = owner.get((g.mention.doc_id, target))
                if ti is None or ti == gi:
                    continue
                ev = g.mention.text
                denies[gi][claim_ids[ti]] = Link(relation="denies", claim_id=claim_ids[ti], doc_id=g.mention.doc_id, evidence=ev)
                denied_by[ti][claim_ids[gi]] = Link(relation="denied_by", claim_id=claim_ids[gi], doc_id=g.mention.doc_id, evidence=ev)
    claims = []
    for gi, (cid, idx, members, canon, content) in enumerate(drafts):
        links = tuple(sorted(list(denies[gi].values()) + list(denied_by[gi].values()),
                             key=lambda link: (link.relation, link.claim_id)))
        claims.append(Claim(
            claim_id=cid,
            speaker=_speaker(members, canon),
            content=content,
            quote_type=_vote([g.quote_type for g in members], canon.quote_type),
            cue=_vote([g.mention.cue for g in members if g.mention.cue], canon.mention.cue),
            polarity="denial" if any(g.polarity == "denial" for g in members) else "assertion",
            denies=tuple(sorted(denies[gi])),
            denied_by=tuple(sorted(denied_by[gi])),
            links=links,
            mentions=tuple(g.mention for g in members),
            variants=_variants(members),
            first_seen=_first_seen(members),
            outlets=len({g.mention.doc_id for g in members}),
            extractor=canon.extractor,
            confidence=round(max(g.confidence for g in members), 3),
        ))
    claims.sort(key=lambda c: (c.mentions[0].doc_id, c.mentions[0].start, c.claim_id))
    return claims


def _vote(values: list, default):
    if not values:
        return default
    counts = Counter(values)
    best = max(counts.values())
    return sorted(v for v, n in counts.items() if n == best)[0]


def _speaker(members: list[GroundedMention], canon: GroundedMention) -> Speaker:
    named = [g.speaker for g in members if g.speaker.name]
    if not named:
        return canon.speaker
    name = max((s.name for s in named), key=lambda n: (len(n), n))
    roles = sorted({s.role for s in named if s.role})
    aliases = sorted({a for s in named for a in s.aliases} | {s.name for s in named} - {name})
    kind = _vote([s.kind for s in named], named[0].kind)
    return Speaker(name=name, kind=kind, role=roles[0] if roles else None, aliases=tuple(aliases))


def _variants(members: list[GroundedMention]) -> tuple[Variant, ...]:
    by: dict[str, tuple[str, set[str]]] = {}
    for g in members:
        n = normalize(g.mention.text)
        text, docs = by.setdefault(n, (g.mention.text.strip(), set()))
        docs.add(g.mention.doc_id)
    if len(by) < 2:
        return ()
    # A fragment is not a different wording: only full versions that differ are variants.
    keys = [k for k in by if not any(k != o and k in o for o in by)]
    if len(keys) < 2:
        return ()
    return tuple(Variant(text=by[k][0], doc_ids=tuple(sorted(by[k][1]))) for k in sorted(keys))


def _first_seen(members: list[GroundedMention]) -> FirstSeen:
    best = min(members, key=lambda g: (g.doc_date is None, g.doc_date or "", g.mention.doc_id))
    return FirstSeen(doc_id=best.mention.doc_id, date=best.doc_date)
