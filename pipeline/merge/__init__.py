"""Stage 6, merge: grounded mentions from many documents in, one Claim per statement out.

Four steps, one module each, each importing only the ones before it:

    speakers.py -> clusters.py -> claims.py -> links.py

1. `speakers`: the batch's speaker key of every mention (`SpeakerResolver`):
   misspellings and short forms of a name are one speaker; mentions are
   blocked by speaker key.
2. `clusters`: inside each block, which wordings are one statement
   (`block_groups`). A `BlockClustering` strategy runs it over the blocks:
   `cluster_blocks` in this process (the default), or elsewhere (the Ray
   engine's `RayClustering`) with the same `block_groups`.
3. `claims`: each group becomes a `ClaimDraft` (claim id, canonical content,
   speaker, polarity), later a Claim (`to_claim`: variants, first_seen, ...).
4. `links`: denial links between the drafts, stated or inferred.

Each rule is a pure function of the *set* of mentions, so input order never matters.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable

from ..models import Claim, GroundedMention
from ..speakers import resolve_roles_across
from .claims import ClaimDraft, claim_order, draft_claims, mention_order, to_claim
from .clusters import Block, BlockClustering, Groups, Member, block_groups, cluster_blocks, match_words
from .links import link_claims, spell_out_pointers
from .speakers import SpeakerResolver, is_named, name_tokens, one_letter_apart, own_key, speaker_names


def merge(
    mentions: Iterable[GroundedMention],
    *,
    merge_across: bool = True,
    clustering: BlockClustering = cluster_blocks,
) -> list[Claim]:
    """Grounded mentions in (any order), claims out (sorted by first mention).

    With `merge_across=False` every mention becomes its own claim (links stated
    inside a document are still resolved). `clustering` runs `block_groups`
    over the speaker blocks (see `BlockClustering`); every strategy gives the
    same claims.
    """
    # Merging allocates many small objects and frees none until the end, and creates no
    # reference cycles: the cyclic collector would only rescan the batch again and again.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge(mentions, merge_across, clustering)
    finally:
        if paused:
            gc.enable()


def _merge(mentions: Iterable[GroundedMention], merge_across: bool, clustering: BlockClustering) -> list[Claim]:
    # A speaker known only by a role in one article takes the name another article gives it;
    # done here so that `claimex merge` of split runs and one whole run agree byte for byte.
    items = sorted(resolve_roles_across(list(mentions)), key=mention_order)
    if not merge_across:
        return _claims(items, ([i] for i in range(len(items))), [own_key(g.speaker) for g in items], per_mention=True)
    resolver = SpeakerResolver(speaker_names(items))
    keys = [resolver.key(g.speaker) for g in items]
    blocks: dict[str, list[Member]] = defaultdict(list)
    for i, g in enumerate(items):
        blocks[keys[i]].append((i, g))
    groups = (g for block in clustering([(key, blocks[key]) for key in sorted(blocks)]) for g in block)
    return _claims(items, groups, keys)


def _claims(
    items: list[GroundedMention], groups: Iterable[list[int]], keys: list[str], *, per_mention: bool = False
) -> list[Claim]:
    """Mention groups in, Claims out (sorted by first mention): drafts, their links, the claims."""
    drafts, owner = draft_claims(items, groups, keys, per_mention=per_mention)
    links = link_claims(drafts, owner, infer=not per_mention)
    claims = spell_out_pointers([to_claim(d, links.get(k, ())) for k, d in enumerate(drafts)])
    claims.sort(key=claim_order)
    return claims


__all__ = [
    "Block",
    "BlockClustering",
    "ClaimDraft",
    "Groups",
    "Member",
    "SpeakerResolver",
    "block_groups",
    "cluster_blocks",
    "is_named",
    "match_words",
    "merge",
    "name_tokens",
    "one_letter_apart",
]
