"""Stage 6, merge: grounded mentions from many documents in, one Claim per statement out.

The rules, in the order they apply (each is a pure function of the *set* of
mentions, so input order never matters):

1. Speakers (`SpeakerResolver`). Named speakers are compared as name tokens
   after case, honorifics (`Sir`, `Ms`, ...), a leading `the` and a possessive
   `'s` are dropped. Across the whole batch, full names (two or more tokens)
   that differ in one token by one letter (`Rutnam` / `Rutman`: one edit or
   two swapped letters, tokens of 4+ letters) are one speaker, spelled the
   way most mentions spell it. A one-token name (`Rutnam`, `Sir Philip`) is
   the full name whose first or last token it is (or is one letter away
   from), when exactly one full name in the batch fits; otherwise it stays on
   its own. Unnamed and unknown speakers (no proper name, e.g. `critics`,
   `the home secretary` left unresolved by the speaker stage) never merge
   with named ones; among themselves they merge only when the descriptor and
   the words of the content are identical.
2. Wording, inside one speaker's block. Each distinct wording is a node,
   compared as word tokens (case, quotes, dashes and punctuation dropped).
   Two nodes are *near-same* when their character similarity is >= 90, each
   has all but one in five (at least all but one) of its distinct words in
   the other, and they carry the same negations (`not`, `never`, `n't`,
   ...): one misprinted word, not a flipped meaning. A node is *contained*
   in a longer one when its words (for a mixed quote: each quoted fragment)
   occur in what the other prints verbatim (its words, or each of its quoted
   fragments), exactly or within one word edit per six words (`made no
   effort engage` in `made no effort to engage`), with 4+ words in all.
3. Clusters. Near-same nodes join (within one document only if identical:
   two similar sentences in one article are two statements). Then each
   cluster that is contained in longer wordings joins them if all those
   wordings belong to one claim; a fragment that fits two different
   statements stays on its own. A mixed quote whose fragments come from
   several statements goes with the statement of its longest fragment. This
   is iterated to a fixpoint, which is
   unique, so the result does not depend on the processing order.
4. Candidates come from a token inverted index with prefix filtering, not
   from all pairs: a wording that may lack at most k of its tokens in a
   partner (k from the rules above) shares one of any k + 1 of them, so only
   the posting lists of its k + 1 rarest tokens are read. The index finds
   every pair the rules can join, so it changes speed, never results.

See `build_claims` for what a claim carries and how its id is chosen.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .models import Claim, FirstSeen, GroundedMention, Link, Mention, Speaker, Variant
from .speakers import resolve_roles_across
from .textnorm import fold_chars, normalize, stable_id

NEAR_SAME = 90.0  # rapidfuzz ratio on the word-token form of two wordings
MIN_FRAGMENT_WORDS = 4  # a shorter fragment is too generic to attach by containment
WORDS_PER_EDIT = 6  # near-containment budget: one word edit per this many fragment words
MIN_FUZZY_NAME = 4  # name tokens shorter than this must match exactly

_HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "baron",
    "prof",
    "professor",
    "rev",
    "hon",
    "rt",
    "the",
}
_UNNAMED_KINDS = {"unnamed", "unknown"}
_WORD = re.compile(r"\w+")
_NEG = re.compile(r"\b(?:not|no|never|nor|cannot|none|nothing|nobody|neither|without)\b|n't\b")
_NEG_TOKENS = {"not", "no", "never", "nor", "cannot", "none", "nothing", "nobody", "neither", "without", "t"}
# Quoted fragments inside a mixed quote: double quotes of any style, or curly
# single quotes whose closing mark is not an apostrophe (not followed by a letter).
_QUOTED = re.compile(
    r'["\u201c\u201d\u201e\u00ab\u00bb]([^"\u201c\u201d\u201e\u00ab\u00bb]+)["\u201c\u201d\u201e\u00ab\u00bb]'
    r"|\u2018([^\u2018\u2019]+)\u2019(?!\w)"
)
_INNER_QUOTE = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_EDGE_QUOTES = "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb \t\r\n"


# ---------------------------------------------------------------- speakers
@lru_cache(maxsize=1 << 12)
def name_tokens(name: str) -> tuple[str, ...]:
    """`Sir Philip Rutnam's` -> ('philip', 'rutnam'): case, honorifics, `the` and possessive dropped."""
    t = re.sub(r"'s\b", "", fold_chars(name).lower())
    toks = _WORD.findall(t)
    i = 0
    while i < len(toks) - 1 and toks[i] in _HONORIFICS:
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


class SpeakerResolver:
    """Batch-level speaker keys: misspellings and short forms resolved to one full name.

    Built from every named speaker in the batch; `key(speaker)` is then a pure
    function of the speaker and the batch's set of names (never of order).
    """

    def __init__(self, names: Iterable[tuple[str, ...]]):
        counts = Counter(n for n in names if n)
        full = sorted(n for n in counts if len(n) >= 2)
        parent = {n: n for n in full}

        def find(n):
            while parent[n] != n:
                parent[n] = parent[parent[n]]
                n = parent[n]
            return n

        # Full names equal but for one token one letter apart: bucket by the other tokens.
        buckets: dict[tuple, list[tuple[str, ...]]] = defaultdict(list)
        for n in full:
            for i in range(len(n)):
                buckets[(len(n), i, n[:i] + n[i + 1 :])].append(n)
        for (_, i, _), group in sorted(buckets.items()):
            if len(group) < 2:
                continue
            # names equal but for token i: join those whose token i is one letter apart
            by_tok: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for n in group:
                by_tok[n[i]].append(n)
            index = NearIndex(by_tok)
            for t in index.tokens:
                for u in index.near(t):
                    if u > t:
                        for a in by_tok[t]:
                            for b in by_tok[u]:
                                ra, rb = find(a), find(b)
                                if ra != rb:
                                    parent[max(ra, rb)] = min(ra, rb)
        clusters: dict[tuple, list[tuple[str, ...]]] = defaultdict(list)
        for n in full:
            clusters[find(n)].append(n)
        self._canon: dict[tuple[str, ...], tuple[str, ...]] = {}
        for members in clusters.values():
            best = min(members, key=lambda n: (-counts[n], n))  # the spelling most mentions use
            for n in members:
                self._canon[n] = best
        # One-token names: the unique full-name cluster that has that token (exactly, else one letter away).
        by_token: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for n in full:
            for t in n:
                by_token[t].add(self._canon[n])
        token_index = NearIndex(by_token)
        for n in sorted(counts):
            if len(n) != 1:
                continue
            t = n[0]
            hits = by_token.get(t, set())
            if not hits:
                hits = {c for u in token_index.near(t) for c in by_token[u]}
            if len(hits) == 1:
                self._canon[n] = next(iter(hits))

    def canonical(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        return self._canon.get(tokens, tokens)

    def key(self, speaker: Speaker) -> str:
        """Block key: the resolved full name for named speakers, `~kind:descriptor` otherwise."""
        if not is_named(speaker):
            return own_key(speaker)
        return " ".join(self.canonical(name_tokens(speaker.name or "")))


# ------------------------------------------------------------------ wording
def strip_quotes(text: str) -> str:
    """A quote without its outer quotation marks and whitespace (inner ones kept)."""
    return text.strip(_EDGE_QUOTES)


@lru_cache(maxsize=1 << 14)  # per-run reuse is within a speaker block; bounded so --no-merge stays flat
def match_words(text: str, quote_type: str) -> tuple[str, ...]:
    """The word tokens two wordings are compared on (an indirect quote's leading `that` dropped)."""
    toks = _WORD.findall(fold_chars(text).lower())
    if quote_type == "indirect" and len(toks) > 1 and toks[0] == "that":
        toks = toks[1:]
    return tuple(toks)


@lru_cache(maxsize=1 << 12)
def quoted_fragments(text: str) -> tuple[tuple[str, ...], ...]:
    """Word tokens of each quoted stretch inside a mixed quote (empty if none is closed)."""
    out = []
    for m in _QUOTED.finditer(text):
        toks = tuple(_WORD.findall(fold_chars(m.group(1) or m.group(2)).lower()))
        if toks:
            out.append(toks)
    return tuple(out)


def negations(text: str) -> int:
    return len(_NEG.findall(text))


@dataclass
class _Node:
    """One distinct wording of one speaker: every mention with these words and fragments."""

    words: tuple[str, ...]
    frags: tuple[tuple[str, ...], ...]  # quoted fragments of a mixed quote; () = the whole wording
    joined: str
    negs: int
    docs: set[str] = field(default_factory=set)
    members: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.probe = tuple(w for f in self.frags for w in f) if self.frags else self.words
        self.wset = frozenset(self.words)
        self.pset = frozenset(self.probe) if self.frags else self.wset
        # What `_near_same` compares, computed once per node rather than once per candidate pair.
        self.jlen = len(self.joined)
        self.min_shared = len(self.wset) - word_slack(len(self.wset))
        # Tokens the probe may miss in a container: the near-containment budget of each fragment long enough.
        self.probe_slack = sum(
            max(1, len(f) // WORDS_PER_EDIT) for f in (self.frags or (self.words,)) if len(f) >= MIN_FRAGMENT_WORDS
        )


class _DSU:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        p = self.p
        while p[a] != a:
            p[a] = p[p[a]]
            a = p[a]
        return a

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.p[max(ra, rb)] = min(ra, rb)
        return True


def _near_contains(frag: tuple[str, ...], words: tuple[str, ...], budget: int) -> bool:
    """Does `frag` occur in `words` within `budget` word edits, none of them a negation?

    Semi-global edit distance (Sellers): the fragment must be matched whole,
    the window in `words` is free; each cell also carries where its window
    starts, so the best windows can be checked for a changed negation. Only
    called on candidates that already share all but `budget` of the fragment's
    tokens, so it runs rarely.
    """
    # A cell's (edits, window start) is packed into one int, edits * B + start: comparing the ints
    # compares the pairs (fewest edits, then earliest start), so the inner loop needs no tuples.
    # Ukkonen's cut-off: a column is filled only down to one row below the previous column's
    # deepest cell within budget (and on while the cells above stay within budget); the rows
    # below cannot be within budget, as edits never decrease along an alignment. (Rare as the
    # calls are, this loop was a third of the clustering time of a 20,000-article merge.)
    n = len(frag)
    B = len(words) + 1
    limit = (budget + 1) * B  # a packed cell below this is within budget
    prev = [i * B for i in range(n + 1)]  # (i edits, start 0) before any word of `words`
    last = min(n, budget)  # the deepest row of `prev` within budget
    ends: list[tuple[int, int]] = []  # (window start, window end) of every window within budget
    for j, w in enumerate(words, 1):
        cell = j  # (0 edits, window starts at j)
        cur = [cell]
        deepest = 0
        for i in range(1, n + 1):
            if i > last + 1 and cell + B >= limit:
                break  # this row and all below it are over budget
            diag = prev[i - 1] if frag[i - 1] == w else prev[i - 1] + B
            cell += B  # skip frag[i - 1] (from the cell above)
            if diag < cell:
                cell = diag
            if prev[i] + B < cell:  # skip word w (from the cell to the left)
                cell = prev[i] + B
            cur.append(cell)
            if cell < limit:
                deepest = i
        cur.extend([limit] * (n + 1 - len(cur)))  # over budget, whatever their exact value
        if cur[n] < limit:
            ends.append((cur[n] % B, j))
        prev, last = cur, deepest
    fneg = Counter(w for w in frag if w in _NEG_TOKENS)
    # A differing negation flips the meaning: never a near-match.
    return any(Counter(w for w in words[s:e] if w in _NEG_TOKENS) == fneg for s, e in ends)


def _contains(short: _Node, long_: _Node) -> bool:
    """Is the short wording (or each of its quoted fragments) part of what the longer one prints verbatim?

    The longer one's verbatim text is its whole wording, or for a mixed quote
    each quoted fragment on its own: a fragment found only in a reporter's
    paraphrase around the quotation marks is not part of the statement.
    """
    probe = short.probe
    if len(probe) < MIN_FRAGMENT_WORDS or short.words == long_.words:
        return False
    hays = long_.frags or (long_.words,)
    if not any(len(h) > len(probe) or (short.frags and len(h) >= len(probe)) for h in hays):
        return False
    padded = [f" {' '.join(h)} " for h in hays]
    for frag in short.frags or (short.words,):
        needle = f" {' '.join(frag)} "
        if any(needle in p for p in padded):
            continue
        if len(frag) < MIN_FRAGMENT_WORDS:
            return False
        budget = max(1, len(frag) // WORDS_PER_EDIT)
        if not any(len(h) >= len(frag) - budget and _near_contains(frag, h, budget) for h in hays):
            return False
    return True


def word_slack(n: int) -> int:
    """How many of its n distinct words a wording may lack and still be near-same to another."""
    return max(1, n // 5)


def _near_same(a: _Node, b: _Node) -> bool:
    if a.negs != b.negs:
        return False
    la, lb = a.jlen, b.jlen
    if min(la, lb) < 0.8 * max(la, lb):
        return False
    shared = len(a.wset & b.wset)
    if shared < a.min_shared or shared < b.min_shared:
        return False
    return fuzz.ratio(a.joined, b.joined, score_cutoff=NEAR_SAME) >= NEAR_SAME


class _Rank(dict):
    """token -> (posting list length, token); a token in no posting list ranks (0, token)."""

    def __missing__(self, t: str) -> tuple[int, str]:
        return (0, t)


def _cluster_block(nodes: list[_Node]) -> list[list[int]]:
    """Node indices of one speaker block in, clusters (lists of node indices) out."""
    n = len(nodes)
    dsu = _DSU(n)
    if n == 1:
        return [[0]]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, nd in enumerate(nodes):
        for t in nd.wset:
            postings[t].append(i)

    rank = _Rank({t: (len(p), t) for t, p in postings.items()})  # rarest first; built once, not per sort

    def candidates(tokens: frozenset[str], slack: int, after: int = -1) -> set[int]:
        # Prefix filtering: a node lacking at most `slack` of these tokens has one of
        # any slack + 1 of them, so only the posting lists of the rarest slack + 1 are read.
        # Posting lists are in index order, so the nodes after `after` are a slice of each.
        ranked = sorted(tokens, key=rank.__getitem__)
        out: set[int] = set()
        for t in ranked[: slack + 1]:
            p = postings.get(t, ())
            out.update(p[bisect.bisect_right(p, after) :] if after >= 0 else p)
        return out

    # Candidates are visited in any order: the unions give the same clusters whatever their order
    # (a root is always its cluster's smallest index), and `containers` holds sets.
    containers: dict[int, set[int]] = defaultdict(set)
    for i, nd in enumerate(nodes):
        if not nd.wset:
            continue
        for j in candidates(nd.wset, word_slack(len(nd.wset)), after=i):  # each pair once
            other = nodes[j]
            # (not both in the same one document: near-same wordings join within a document only if identical)
            if (nd.words == other.words or len(nd.docs) > 1 or nd.docs != other.docs) and _near_same(nd, other):
                dsu.union(i, j)
        n_probe = len(nd.probe)
        if n_probe < MIN_FRAGMENT_WORDS:
            continue
        slack = nd.probe_slack
        need = len(nd.pset) - slack
        for j in candidates(nd.pset, slack):
            other = nodes[j]
            # (a container has at least as many words as the probe: a cheap test before the set one)
            if (
                j != i
                and len(other.words) >= n_probe
                and len(other.wset) >= need
                and len(nd.pset & other.wset) >= need
                and _contains(nd, other)
            ):
                containers[i].add(j)
    # A paraphrase quoting several statements (he did "not believe" Patel had "categorically
    # denied any involvement in this campaign" … "dissociate herself from the comments") fits
    # none of them whole; it goes with the statement of its longest quoted fragment.
    for i, nd in enumerate(nodes):
        if containers.get(i) or len(nd.frags) < 2:
            continue
        longest = max(nd.frags, key=lambda f: (len(f), f))
        if len(longest) < MIN_FRAGMENT_WORDS:
            continue
        probe = _Node(nd.words, (longest,), nd.joined, nd.negs)
        for j in sorted(candidates(probe.pset, probe.probe_slack)):
            if (
                j != i
                and len(probe.pset & nodes[j].wset) >= len(probe.pset) - probe.probe_slack
                and _contains(probe, nodes[j])
            ):
                containers[i].add(j)
    # Each contained in the other: the same verbatim words (two reports quoting one fragment).
    for i in sorted(containers):
        for j in sorted(containers[i]):
            if i in containers.get(j, ()):
                dsu.union(i, j)
    # Attach contained clusters to their unique container cluster, to a fixpoint.
    order = sorted(containers, key=lambda i: (-len(nodes[i].words), i))
    changed = True
    while changed:
        changed = False
        by_root: dict[int, set[int]] = defaultdict(set)
        for i in order:
            r = dsu.find(i)
            by_root[r].update(dsu.find(j) for j in containers[i])
        for r in sorted(by_root):
            roots = {dsu.find(x) for x in by_root[r]} - {dsu.find(r)}
            if len(roots) == 1 and dsu.union(r, roots.pop()):
                changed = True
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[dsu.find(i)].append(i)
    return list(groups.values())


# -------------------------------------------------------------------- merge
def _sort_key(g: GroundedMention) -> tuple:
    m = g.mention
    return (m.doc_id, m.start, m.end, g.local_id)


def anchor_order(g: GroundedMention) -> tuple:
    """Order used to pick a claim's anchor: undated documents first, then by date, doc_id, offset.

    A claim's id is derived from its first mention in this order. Articles that
    arrive later normally carry a later date, so they sort after every mention
    already in the claim and never displace its anchor; an undated document
    cannot be shown to be later than anything, so it counts as already there.
    """
    m = g.mention
    return (g.doc_date is not None, g.doc_date or "", m.doc_id, m.start, m.end, g.local_id)


def merge(mentions: Iterable[GroundedMention], *, merge_across: bool = True) -> list[Claim]:
    """Grounded mentions in (any order), claims out (sorted by first mention).

    With `merge_across=False` every mention becomes its own claim (links stated
    inside a document are still resolved).
    """
    # Merging allocates many small objects and frees none until the end, and creates no
    # reference cycles: the cyclic collector would only rescan the batch again and again.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge(mentions, merge_across)
    finally:
        if paused:
            gc.enable()


def _merge(mentions: Iterable[GroundedMention], merge_across: bool) -> list[Claim]:
    # A speaker known only by a role in one article takes the name another article gives it;
    # done here so that `claimex merge` of split runs and one whole run agree byte for byte.
    items = merge_items(mentions)
    if not merge_across:
        groups = [[i] for i in range(len(items))]
        keys = [own_key(g.speaker) for g in items]
        return build_claims(items, groups, keys, per_mention=True)
    resolver = SpeakerResolver(speaker_names(items))
    keys = [resolver.key(g.speaker) for g in items]
    blocks: dict[str, list[tuple[int, GroundedMention]]] = defaultdict(list)
    for i, g in enumerate(items):
        blocks[keys[i]].append((i, g))
    groups: list[list[int]] = []
    for key in sorted(blocks):
        groups.extend(block_groups(key, blocks[key]))
    return build_claims(items, groups, keys)


def merge_items(mentions: Iterable[GroundedMention]) -> list[GroundedMention]:
    """The batch's mentions as `merge` indexes them: roles resolved across documents, sorted."""
    return sorted(resolve_roles_across(list(mentions)), key=_sort_key)


def speaker_names(items: Iterable[GroundedMention]) -> Iterator[tuple[str, ...]]:
    """The name tokens of every named speaker, one per mention: what `SpeakerResolver` is built from
    (it counts them, so a distributed engine may pass the same names as aggregated counts)."""
    return (name_tokens(g.speaker.name or "") for g in items if is_named(g.speaker))


def block_groups(key: str, members: Iterable[tuple[int, GroundedMention]]) -> list[list[int]]:
    """One speaker block in, its claims out as groups of mention indices.

    `members` are (index into the batch's sorted mentions, mention) for every
    mention whose speaker key is `key`, in index order; the groups come out in
    the order `merge` uses (so `merge` = `build_claims` over the blocks'
    groups concatenated in sorted key order). Pure: one block needs nothing
    from the others, so blocks can be clustered anywhere, in any order.
    """
    members = list(members)
    if len(members) == 1:  # a speaker quoted once (most blocks): one claim, nothing to compare
        return [[members[0][0]]]
    by_wording: dict[tuple, _Node] = {}
    unnamed = key.startswith("~")
    for i, g in members:
        text = g.mention.text
        words = match_words(text, g.quote_type)
        frags = quoted_fragments(text) if g.quote_type == "mixed" and not unnamed else ()
        node = by_wording.get((words, frags))
        if node is None:
            node = by_wording[(words, frags)] = _Node(words, frags, " ".join(words), negations(" ".join(words)))
        node.docs.add(g.mention.doc_id)
        node.members.append(i)
    nodes = [by_wording[k] for k in sorted(by_wording)]
    if unnamed:
        # Unnamed speakers: identical descriptor and identical words only.
        by_words: dict[tuple, list[int]] = defaultdict(list)
        for nd in nodes:
            by_words[nd.words].extend(nd.members)
        return list(by_words.values())
    return [[i for c in cluster for i in nodes[c].members] for cluster in _cluster_block(nodes)]


# ------------------------------------------------------------------- claims
@dataclass
class Draft:
    """A claim before its links are known: members (indices into the sorted mentions) and derived fields."""

    claim_id: str
    key: str
    members: list[GroundedMention]
    canon: GroundedMention
    anchor: GroundedMention
    content: str


def _canonical(members: list[GroundedMention]) -> tuple[GroundedMention, str]:
    """The most complete verbatim version: direct over mixed over indirect, then most words.

    Ties go to the wording most documents print, then the alphabetically first;
    the displayed text is that wording's most common spelling.
    """
    if len(members) == 1:  # most claims have one mention: nothing to choose between
        return members[0], members[0].mention.text.strip()
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    by_norm: dict[str, list[GroundedMention]] = defaultdict(list)
    for g in members:
        by_norm[_normalize(g.mention.text)].append(g)

    def kind(g: GroundedMention) -> float:
        # A "direct" mention with quotation marks inside also prints the reporter's words between them.
        if g.quote_type == "direct" and _INNER_QUOTE.search(strip_quotes(g.mention.text)):
            return 0.5
        return rank[g.quote_type]

    def score(item):
        norm, gs = item
        best = min(kind(g) for g in gs)
        return (best, -len(_WORD.findall(norm)), -len({g.mention.doc_id for g in gs}), norm)

    norm, gs = min(by_norm.items(), key=score)
    best_type = min(kind(g) for g in gs)
    gs = [g for g in gs if kind(g) == best_type]
    return min(gs, key=anchor_order), _display(gs)


def _display(gs: list[GroundedMention]) -> str:
    """The most common spelling of one wording, verbatim as the mention has it (quotation marks included)."""
    texts = Counter(g.mention.text.strip() for g in gs)
    return min(texts, key=lambda t: (-texts[t], not strip_quotes(t).endswith((".", "!", "?")), t))


def build_claims(
    items: list[GroundedMention], groups: list[list[int]], keys: list[str], per_mention: bool = False
) -> list[Claim]:
    """Mention groups in, Claims out (ids, canonical content, variants, first_seen, links).

    claim_id = sha256(speaker as the anchor mention names it, normalised anchor
    wording), where the anchor is the claim's first mention in `anchor_order`.
    A new article adds mentions without moving the anchor (unless it is dated
    earlier than, or undated with a smaller doc_id than, every document already
    carrying the claim), so the id stays. When two claims join (a new article
    prints the longer statement both were part of), the joined claim keeps the
    id of the one with the earlier anchor. With `per_mention` (no merging), the
    id also covers doc_id and offsets, since one wording may then be many claims.
    """
    from .disputes import link_claims

    drafts: list[Draft] = []
    owner: dict[tuple[str, str], int] = {}
    seen_ids: set[str] = set()
    for idx in groups:
        if len(idx) == 1:  # one mention (every claim with --no-merge, most otherwise): nothing to order
            members = [items[idx[0]]]
            anchor = members[0]
        else:
            members = sorted((items[i] for i in idx), key=_sort_key)
            anchor = min(members, key=anchor_order)
        canon, content = _canonical(members)
        parts = [own_key(anchor.speaker), _normalize(anchor.mention.text)]
        if per_mention:
            parts += [anchor.mention.doc_id, str(anchor.mention.start), str(anchor.mention.end)]
        cid = stable_id(*parts)
        if cid in seen_ids:  # cannot happen for distinct anchors short of a hash collision; stay unique anyway
            cid = stable_id(*parts, anchor.mention.doc_id, str(anchor.mention.start), anchor.local_id)
        seen_ids.add(cid)
        for g in members:
            owner[(g.mention.doc_id, g.local_id)] = len(drafts)
        drafts.append(Draft(cid, keys[idx[0]], members, canon, anchor, content))
    links = link_claims(drafts, owner, infer=not per_mention)
    claims = [_claim(d, links.get(k, ())) for k, d in enumerate(drafts)]
    claims.sort(key=lambda c: (_mention_key(c.mentions[0]), c.claim_id))
    return claims


def _claim(d: Draft, ls: Iterable[Link]) -> Claim:
    """One draft and its links in, the Claim out: fields voted over its mentions."""
    members, canon = d.members, d.canon
    denies = denied_by = links = ()
    if ls:
        denies = tuple(sorted({link.claim_id for link in ls if link.relation == "denies"}))
        denied_by = tuple(sorted({link.claim_id for link in ls if link.relation == "denied_by"}))
        links = tuple(sorted(ls, key=lambda link: (link.relation, link.claim_id)))
    if len(members) == 1:  # one mention (most claims, every one with --no-merge): its own fields, no votes
        m = canon.mention
        return Claim(
            claim_id=d.claim_id,
            speaker=_speaker(members, d.key),
            content=d.content,
            quote_type=canon.quote_type,
            cue=m.cue,
            polarity=canon.polarity,
            denies=denies,
            denied_by=denied_by,
            links=links,
            mentions=(m,),
            variants=(),
            first_seen=FirstSeen(doc_id=m.doc_id, date=canon.doc_date),
            outlets=1,
            extractor=canon.extractor,
            confidence=round(canon.confidence, 3),
        )
    return Claim(
        claim_id=d.claim_id,
        speaker=_speaker(members, d.key),
        content=d.content,
        quote_type=canon.quote_type,
        cue=_vote([g.mention.cue for g in members if g.mention.cue], canon.mention.cue),
        polarity=_vote([g.polarity for g in members], canon.polarity, prefer=canon.polarity),
        denies=denies,
        denied_by=denied_by,
        links=links,
        mentions=tuple(g.mention for g in members),
        variants=_variants(members),
        first_seen=_first_seen(members),
        outlets=len({g.mention.doc_id for g in members}),
        extractor=canon.extractor,
        confidence=round(max(g.confidence for g in members), 3),
    )


def _mention_key(m: Mention) -> tuple:
    return (m.doc_id, m.start, m.end)


def _vote(values: list, default, prefer=None):
    """Most frequent value; ties go to `prefer` if it is among them, else the smallest."""
    if not values:
        return default
    if len(values) == 1:  # one mention (most claims): nothing to count
        return values[0]
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values())
    tied = sorted(v for v, n in counts.items() if n == best)
    return prefer if prefer in tied else tied[0]


def _speaker(members: list[GroundedMention], key: str) -> Speaker:
    if len(members) == 1:  # one mention (most claims): what the general case gives, without the votes
        s = members[0].speaker
        if not is_named(s):
            return s
        role = s.role if s.role and s.role.lower() not in _HONORIFICS else None
        aliases = tuple(sorted(set(s.aliases) - {s.name}))
        return (
            s
            if role == s.role and aliases == s.aliases
            else Speaker(name=s.name, kind=s.kind, role=role, aliases=aliases)
        )
    named = [g.speaker for g in members if is_named(g.speaker)]
    if not named:
        s = [g.speaker for g in members]
        return min(s, key=lambda x: (x.name or "", x.kind, x.role or "", x.aliases))
    names = Counter(s.name for s in named)
    full = [n for n in names if " ".join(name_tokens(n or "")) == key] or list(names)
    name = min(full, key=lambda n: (-names[n], n))
    role = _vote([s.role for s in named if s.role and s.role.lower() not in _HONORIFICS], None)  # "Sir" is no role
    aliases = sorted(({a for s in named for a in s.aliases} | set(names)) - {name})
    kind = _vote([s.kind for s in named], named[0].kind)
    return Speaker(name=name, kind=kind, role=role, aliases=tuple(aliases))


def wordings(g: GroundedMention) -> tuple[str, ...]:
    """What one mention prints verbatim: a direct quote whole, a mixed quote's quoted fragments."""
    return _wordings(g.mention.text, g.quote_type)


@lru_cache(maxsize=1 << 12)
def _wordings(text: str, quote_type: str) -> tuple[str, ...]:
    if quote_type == "mixed":
        return tuple(f.strip() for f in (m.group(1) or m.group(2) for m in _QUOTED.finditer(text)))
    if quote_type == "direct":
        return (strip_quotes(text),)
    return ()  # an indirect quote is the reporter's paraphrase: not a wording of the statement


_normalize = lru_cache(maxsize=1 << 12)(normalize)


_VARIANT_TOKEN = re.compile(r"\w+|(?<!\w)-|-(?!\w)")


@lru_cache(maxsize=1 << 12)
def wording_key(text: str) -> str:
    """Words plus free-standing dashes: case, quotes, commas and full stops are house style, not wording.

    `the effort` / `the efforts` differ, and so do `This along with` / `This -
    along with` (a dash marks an aside added or dropped); `days, I` / `days I` do not.
    """
    return " ".join(_VARIANT_TOKEN.findall(fold_chars(text).lower().replace("--", "-")))


def _variants(members: list[GroundedMention]) -> tuple[Variant, ...]:
    """Distinct wordings and the documents using each; empty when every outlet prints the same words.

    A faithful fragment (its words found in what another mention prints) is
    not a different wording; a fragment with a changed word is.
    """
    if len(members) == 1:  # variants need two mentions (see the last check below)
        return ()
    by: dict[str, dict] = {}
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
                e = by[k] = {
                    "texts": Counter(),
                    "docs": set(),
                    "mentions": set(),
                    "words": f" {' '.join(_WORD.findall(k))} ",
                }
            e["texts"][w] += 1
            e["docs"].add(g.mention.doc_id)
            e["mentions"].add(id(g))

    def faithful(k: str) -> bool:
        e = by[k]
        return any(
            o != k
            and e["words"] != by[o]["words"]
            and e["words"] in by[o]["words"]
            and (by[o]["mentions"] - e["mentions"])
            for o in by
        )

    keys = [k for k in by if not faithful(k)]
    if len(keys) < 2 or len({m for k in keys for m in by[k]["mentions"]}) < 2:
        return ()
    out = []
    for k in keys:
        texts = by[k]["texts"]
        text = min(texts, key=lambda t: (-texts[t], not t.endswith((".", "!", "?")), t))
        out.append(Variant(text=text, doc_ids=tuple(sorted(by[k]["docs"]))))
    return tuple(sorted(out, key=lambda v: (-len(v.doc_ids), wording_key(v.text), v.text)))


def _first_seen(members: list[GroundedMention]) -> FirstSeen:
    """Earliest dated document carrying the claim (undated ones only if none is dated), then doc_id."""
    if len(members) == 1:
        return FirstSeen(doc_id=members[0].mention.doc_id, date=members[0].doc_date)
    best = min(members, key=lambda g: (g.doc_date is None, g.doc_date or "", g.mention.doc_id))
    return FirstSeen(doc_id=best.mention.doc_id, date=best.doc_date)
