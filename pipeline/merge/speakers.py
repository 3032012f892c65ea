"""Merge, step 1: who is speaking. Name tokens, names one letter apart, and the batch's speaker keys.

Named speakers are compared as name tokens after case, honorifics (`Sir`,
`Ms`, ...), a leading `the` and a possessive `'s` are dropped. Across the
whole batch, full names (two or more tokens) that differ in one token by one
letter (`Rutnam` / `Rutman`: one edit or two swapped letters, tokens of 4+
letters) are one speaker, spelled the way most mentions spell it. A one-token
name (`Rutnam`, `Sir Philip`) is the full name whose first or last token it is
(or is one letter away from), when exactly one full name in the batch fits;
otherwise it stays on its own. Unnamed and unknown speakers (no proper name,
e.g. `critics`, `the home secretary` left unresolved by the speaker stage)
never merge with named ones: their key is `~kind:descriptor`.

(Not to be confused with `pipeline/speakers.py`, the per-document stage that
resolves speaker phrases to Speakers; this module compares the Speakers of a
whole batch.)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ..lexicon import NAME_PREFIXES
from ..models import GroundedMention, Speaker
from ..textnorm import fold_chars

MIN_FUZZY_NAME = 4  # name tokens shorter than this must match exactly

# Dropped from the front of a name; also never a speaker's role (`Sir` is no role).
HONORIFICS = NAME_PREFIXES
_UNNAMED_KINDS = {"unnamed", "unknown"}
_WORD = re.compile(r"\w+")

Name = tuple[str, ...]  # a name's tokens: `Sir Philip Rutnam's` -> ('philip', 'rutnam')


@lru_cache(maxsize=1 << 12)
def name_tokens(name: str) -> Name:
    """`Sir Philip Rutnam's` -> ('philip', 'rutnam'): case, honorifics, `the` and possessive dropped."""
    t = re.sub(r"'s\b", "", fold_chars(name).lower())
    toks = _WORD.findall(t)
    i = 0
    while i < len(toks) - 1 and toks[i] in HONORIFICS:
        i += 1
    return tuple(toks[i:])


def one_letter_apart(a: str, b: str) -> bool:
    """One insertion, deletion or substitution, or two swapped letters (`rutnam` / `rutman`)."""
    if a == b or min(len(a), len(b)) < MIN_FUZZY_NAME:
        return False
    if Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return True
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


class NearIndex:
    """Finds tokens one letter apart (as `one_letter_apart` defines it) without comparing all pairs.

    One edit leaves two tokens sharing a one-deletion variant (or one being a
    deletion of the other); two swapped letters leave their letters the same
    (an anagram key). Candidates from these keys are then checked exactly.
    """

    def __init__(self, tokens: Iterable[str]):
        self.tokens = sorted(set(tokens))
        self._keys: dict[str, list[int]] = defaultdict(list)
        for k, t in enumerate(self.tokens):
            for key in self._variants(t):
                self._keys[key].append(k)

    @staticmethod
    def _variants(t: str) -> set[str]:
        if len(t) < MIN_FUZZY_NAME:
            return set()
        out = {"=" + t, "#" + "".join(sorted(t))}
        out.update("=" + t[:i] + t[i + 1 :] for i in range(len(t)))
        return out

    def near(self, t: str) -> list[str]:
        """Indexed tokens one letter apart from `t` (t itself excluded), sorted."""
        cands = {k for key in self._variants(t) for k in self._keys.get(key, ())}
        return sorted(self.tokens[k] for k in cands if one_letter_apart(t, self.tokens[k]))


def is_named(speaker: Speaker) -> bool:
    return bool(speaker.name) and speaker.kind not in _UNNAMED_KINDS and bool(name_tokens(speaker.name or ""))


def own_key(speaker: Speaker) -> str:
    """The speaker as this one mention names it (no batch knowledge): used for claim ids."""
    return _own_key(speaker.name, speaker.kind)


@lru_cache(maxsize=1 << 12)  # asked for every mention; a batch has far fewer distinct speakers
def _own_key(name: str | None, kind: str) -> str:
    if name and kind not in _UNNAMED_KINDS and name_tokens(name):  # is_named
        return " ".join(name_tokens(name))
    desc = " ".join(name_tokens(name)) if name else ""
    return f"~{kind}:{desc}"


def speaker_names(items: Iterable[GroundedMention]) -> Iterator[Name]:
    """The name tokens of every named speaker, one per mention: what `SpeakerResolver` is built from."""
    return (name_tokens(g.speaker.name or "") for g in items if is_named(g.speaker))


class SpeakerResolver:
    """Batch-level speaker keys: misspellings and short forms resolved to one full name.

    Built from every named speaker in the batch (one name per mention: it
    counts them); `key(speaker)` is then a pure function of the speaker and
    the batch's set of names (never of order).
    """

    def __init__(self, names: Iterable[Name]):
        counts = Counter(n for n in names if n)
        full = sorted(n for n in counts if len(n) >= 2)
        self._canon = _spellings(full, counts)
        self._canon.update(_short_forms(sorted(n for n in counts if len(n) == 1), full, self._canon))

    def canonical(self, tokens: Name) -> Name:
        return self._canon.get(tokens, tokens)

    def key(self, speaker: Speaker) -> str:
        """Block key: the resolved full name for named speakers, `~kind:descriptor` otherwise."""
        if not is_named(speaker):
            return own_key(speaker)
        return " ".join(self.canonical(name_tokens(speaker.name or "")))


def _spellings(full: list[Name], counts: Counter[Name]) -> dict[Name, Name]:
    """Full name -> the spelling of its speaker: names one letter apart are one speaker, spelled as most
    mentions spell it."""
    parent = {n: n for n in full}

    def find(n: Name) -> Name:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in _one_letter_pairs(full):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[Name, list[Name]] = defaultdict(list)
    for n in full:
        clusters[find(n)].append(n)
    canon: dict[Name, Name] = {}
    for members in clusters.values():
        best = min(members, key=lambda n: (-counts[n], n))  # the spelling most mentions use
        for n in members:
            canon[n] = best
    return canon


def _one_letter_pairs(full: list[Name]) -> Iterator[tuple[Name, Name]]:
    """Pairs of full names equal but for one token, in which they are one letter apart."""
    # Bucket by the other tokens: names equal but for token i share the bucket (length, i, the rest).
    buckets: dict[tuple[int, int, Name], list[Name]] = defaultdict(list)
    for n in full:
        for i in range(len(n)):
            buckets[(len(n), i, n[:i] + n[i + 1 :])].append(n)
    for (_, i, _), group in sorted(buckets.items()):
        if len(group) < 2:
            continue
        by_tok: dict[str, list[Name]] = defaultdict(list)
        for n in group:
            by_tok[n[i]].append(n)
        index = NearIndex(by_tok)
        for t in index.tokens:
            for u in index.near(t):
                if u > t:
                    yield from ((a, b) for a in by_tok[t] for b in by_tok[u])


def _short_forms(short: list[Name], full: list[Name], canon: dict[Name, Name]) -> dict[Name, Name]:
    """One-token names -> the unique full-name speaker that has that token (exactly, else one letter away)."""
    by_token: dict[str, set[Name]] = defaultdict(set)
    for n in full:
        for t in n:
            by_token[t].add(canon[n])
    token_index = NearIndex(by_token)
    out: dict[Name, Name] = {}
    for n in short:
        t = n[0]
        hits = by_token.get(t, set())
        if not hits:
            hits = {c for u in token_index.near(t) for c in by_token[u]}
        if len(hits) == 1:
            out[n] = next(iter(hits))
    return out
