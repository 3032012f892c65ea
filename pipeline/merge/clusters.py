"""Merge, step 2: which mentions of one speaker are one statement. Wording nodes, near-same, containment.

Inside one speaker's block, each distinct wording is a node, compared as word
tokens (case, quotes, dashes and punctuation dropped). Two nodes are
*near-same* when their character similarity is >= 90, each has all but one in
five (at least all but one) of its distinct words in the other, and they carry
the same negations (`not`, `never`, `n't`, ...): one misprinted word, not a
flipped meaning. A cluster whose wordings print different numbers is split by
them at the end (`_by_figures`): another figure is another claim. A node is *contained* in a longer one when its words (for a
mixed quote: each quoted fragment) occur in what the other prints verbatim
(its words, or each of its quoted fragments), exactly or within one word edit
per six words (`made no effort engage` in `made no effort to engage`), with 4+
words in all.

Clusters: near-same nodes join (within one document only if identical: two
similar sentences in one article are two statements). Then each cluster that
is contained in longer wordings joins them if all those wordings belong to one
claim; a fragment that fits two different statements stays on its own. A mixed
quote whose fragments come from several statements goes with the statement of
its longest fragment. This is iterated to a fixpoint, which is unique, so the
result does not depend on the processing order.

Candidates come from a token inverted index with prefix filtering, not from
all pairs: a wording that may lack at most k of its tokens in a partner (k from
the rules above) shares one of any k + 1 of them, so only the posting lists of
its k + 1 rarest tokens are read. The index finds every pair the rules can
join, so it changes speed, never results. Its lists are read by cluster: a
node skips the cluster it is already in, stops in another at its first
near-same member, and needs one container per cluster, so one speaker's
thousands of near-identical wordings cost work linear in their number
(`COMPARISONS` counts the pair tests).

Blocks are independent: `block_groups` clusters one, and a `BlockClustering`
strategy clusters them all (`cluster_blocks` in this process; the Ray engine
spreads them over a cluster with the same `block_groups`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..lexicon import CONTENT_NEGATORS, CONTENTLESS_WORDS, OPPOSITE_PAIRS
from ..models import GroundedMention
from ..textnorm import fold_chars

NEAR_SAME = 90.0  # rapidfuzz ratio on the word-token form of two wordings
MIN_FRAGMENT_WORDS = 4  # a shorter fragment is too generic to attach by containment (but see SHORT_FRAGMENT_WORDS)
# A mixed quote whose quoted words are 2-3 in all ("explain herself" as soon as possible) attaches only
# verbatim, to the one statement of its speaker that prints them (`_short_fragment_may_attach`).
SHORT_FRAGMENT_WORDS = 2
WORDS_PER_EDIT = 6  # near-containment budget: one word edit per this many fragment words

_WORD = re.compile(r"\w+")
_NEG = re.compile(r"\b(?:" + "|".join(sorted(CONTENT_NEGATORS)) + r")\b|n't\b")
_NEG_WORDS = CONTENT_NEGATORS
_NEG_TOKENS = CONTENT_NEGATORS | {"t"}  # `\w+` splits "didn't" into "didn", "t": the "t" is the negation
# Quoted fragments inside a mixed quote: double quotes of any style, or curly
# single quotes whose closing mark is not an apostrophe (not followed by a letter).
QUOTED = re.compile(
    r'["\u201c\u201d\u201e\u00ab\u00bb]([^"\u201c\u201d\u201e\u00ab\u00bb]+)["\u201c\u201d\u201e\u00ab\u00bb]'
    r"|\u2018([^\u2018\u2019]+)\u2019(?!\w)"
)

# Pair tests run (`_near_same`, `_contains`), for tests and benchmarks that check the candidate search
# stays sub-quadratic; counts only, never read by the merge.
COMPARISONS: Counter[str] = Counter()

_FUNCTION_WORDS = CONTENTLESS_WORDS
# word -> (its pair's index, 0 or 1): the side of a pair of opposites it takes
_OPPOSITE = {w: (k, side) for k, pair in enumerate(OPPOSITE_PAIRS) for side, w in enumerate(pair)}

Member = tuple[int, GroundedMention]  # (index into the batch's sorted mentions, the mention)
Block = tuple[str, list[Member]]  # one speaker key and every mention whose speaker has it, in index order
Groups = list[list[int]]  # claims as groups of mention indices


# ------------------------------------------------------------------ wording
# contractions spelled out, so that one outlet's "isn't" is another's "is not" (`\w+` splits "isn't"
# into "isn", "t"; "'s" and "'d" stay: "is" or "has", "would" or "had")
_NOT_STEMS = {"won": "will", "can": "can", "shan": "shall", "ain": "is"}
_CLITICS = {"re": "are", "ve": "have", "ll": "will", "m": "am"}


def spelled_out(toks: list[str]) -> list[str]:
    """Word tokens with their contractions spelled out: `isn t` -> `is not`, `we re` -> `we are`,
    `cannot` -> `can not`."""
    if "t" not in toks and "cannot" not in toks and not _CLITICS.keys() & set(toks):
        return toks  # (most wordings: nothing to spell out)
    out: list[str] = []
    for w in toks:
        if w == "t" and out and out[-1].endswith("n") and len(out[-1]) > 2:
            out[-1] = _NOT_STEMS.get(out[-1], out[-1][:-1])
            out.append("not")
        elif w in _CLITICS and out:
            out.append(_CLITICS[w])
        elif w == "cannot":
            out += ["can", "not"]
        else:
            out.append(w)
    return out


@lru_cache(maxsize=1 << 14)  # per-run reuse is within a speaker block; bounded so --no-merge stays flat
def match_words(text: str, quote_type: str) -> tuple[str, ...]:
    """The word tokens two wordings are compared on (an indirect quote's leading `that` dropped,
    contractions `spelled_out`)."""
    toks = spelled_out(_WORD.findall(fold_chars(text).lower()))
    if quote_type == "indirect" and len(toks) > 1 and toks[0] == "that":
        toks = toks[1:]
    return tuple(toks)


@lru_cache(maxsize=1 << 12)
def quoted_fragments(text: str) -> tuple[tuple[str, ...], ...]:
    """Word tokens of each quoted stretch inside a mixed quote (empty if none is closed)."""
    out = []
    for m in QUOTED.finditer(text):
        toks = tuple(spelled_out(_WORD.findall(fold_chars(m.group(1) or m.group(2)).lower())))
        if toks:
            out.append(toks)
    return tuple(out)


def negations(text: str) -> int:
    return len(_NEG.findall(text))


def negation_words(words: tuple[str, ...]) -> int:
    """`negations` of the words joined by spaces, counted without the regex: a `\\w+` token is a whole
    word of the joined text, so the pattern matches exactly the tokens it spells (and `n't` none)."""
    return sum(w in _NEG_WORDS for w in words)


def word_slack(n: int) -> int:
    """How many of its n distinct words a wording may lack and still be near-same to another."""
    return max(1, n // 5)


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


def _short_fragment_may_attach(nd: _Node) -> bool:
    """A mixed quote with 2-3 quoted words in all, set in 3+ words of the reporter's own, one of the
    quoted words a content word of 4+ letters: `whose behaviour has "created fear"`, not a bare `"to engage"`."""
    n = len(nd.probe)
    return (
        bool(nd.frags)
        and SHORT_FRAGMENT_WORDS <= n < MIN_FRAGMENT_WORDS
        and len(nd.words) - n >= 3
        and any(len(w) >= 4 and w not in _FUNCTION_WORDS for w in nd.probe)
    )


def _contains_verbatim(short: _Node, long_: _Node) -> bool:
    """Does the other print each of a mixed quote's short quoted fragments word for word, and more?

    For a mixed quote too short for `_contains` (2-3 quoted words): only an
    exact match in what the other prints verbatim counts, and only a longer
    statement. Whether it joins is then `_attach_contained`'s rule: only when
    every wording of the speaker printing those words is one statement.
    """
    hays = long_.frags or (long_.words,)
    if short.words == long_.words or not any(len(h) > len(short.probe) for h in hays):
        return False
    padded = [f" {' '.join(h)} " for h in hays]
    return all(any(f" {' '.join(f)} " in p for p in padded) for f in short.frags)


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


# --------------------------------------------------------------- clustering
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


class _Rank(dict):
    """token -> (posting list length, token); a token in no posting list ranks (0, token)."""

    def __missing__(self, t: str) -> tuple[int, str]:
        return (0, t)


def _join_near_same(nodes: list[_Node], dsu: _DSU) -> None:
    # Candidates are visited in any order: the unions give the same clusters whatever their order
    # (a root is always its cluster's smallest index). Near-same wordings carry the same negations,
    # so each negation count has its own index: the wordings with "not" added are never candidates
    # of those without (thousands of each would otherwise make every cross pair a test).
    by_negs: dict[int, list[int]] = defaultdict(list)
    for i, nd in enumerate(nodes):
        by_negs[nd.negs].append(i)
    for idx in by_negs.values():
        _join_near_same_in([nodes[i] for i in idx], idx, dsu)


class _ClusterPostings:
    """Posting lists grouped by cluster (token -> {cluster label: its members with the token}), kept so
    as clusters join; a cluster's label is one of its members. A token's groups are built when first read."""

    def __init__(self, part: list[_Node], idx: list[int], dsu: _DSU):
        self.part, self.idx, self.dsu = part, idx, dsu
        self.postings: dict[str, list[int]] = defaultdict(list)
        for li, nd in enumerate(part):
            for t in nd.wset:
                self.postings[t].append(li)
        self.rank = _Rank({t: (len(p), t) for t, p in self.postings.items()})
        self.groups: dict[str, dict[int, list[int]]] = {}
        self.tokens: dict[int, set[str]] = {}  # cluster label -> its members' tokens (from its first join)
        self.label = list(range(len(part)))  # cluster root -> its label
        self.local = _DSU(len(part))

    def grouped(self, t: str) -> dict[int, list[int]]:
        g = self.groups.get(t)
        if g is None:
            g = self.groups[t] = {}
            for li in self.postings[t]:
                g.setdefault(self.label[self.local.find(li)], []).append(li)
        return g

    def join(self, a: int, b: int) -> None:
        """Join the clusters of a and b: the smaller's entries move to the larger's label."""
        local, label, tokens, groups = self.local, self.label, self.tokens, self.groups
        ra, rb = local.find(a), local.find(b)
        la, lb = label[ra], label[rb]
        ta = tokens.pop(la, None) or set(self.part[la].wset)
        tb = tokens.pop(lb, None) or set(self.part[lb].wset)
        if len(ta) < len(tb):
            la, lb, ta, tb = lb, la, tb, ta
        for t in tb:
            g = groups.get(t)
            if g is None:
                continue
            moved = g.pop(lb)
            kept = g.get(la)
            if kept is None:
                g[la] = moved
            elif len(moved) > len(kept):
                moved.extend(kept)
                g[la] = moved
            else:
                kept.extend(moved)
        ta |= tb
        tokens[la] = ta
        local.union(ra, rb)
        label[local.find(ra)] = la
        self.dsu.union(self.idx[a], self.idx[b])


def _join_near_same_in(part: list[_Node], idx: list[int], dsu: _DSU) -> None:
    """Near-same joins among nodes with one negation count (`idx`: their indices in the block).

    Each posting list is kept grouped by cluster, and the groups of two
    clusters are merged when they join (the smaller into the larger), so a
    node reads one entry per cluster in its rarest tokens' lists, not one per
    node: a cluster it already belongs to is skipped whole, and in another one
    the search stops at the first member near-same to it. One speaker's
    thousands of near-identical wordings are one cluster after the first
    node, so each later node reads a few entries (the rest of the search is
    the same: every pair prefix filtering would pair is tested or already joined).
    """
    cp = _ClusterPostings(part, idx, dsu)
    local, rank = cp.local, cp.rank
    for li, nd in enumerate(part):
        if not nd.wset:
            continue
        seen: set[int] = set()
        for t in sorted(nd.wset, key=rank.__getitem__)[: word_slack(len(nd.wset)) + 1]:
            for lab, members in list(cp.grouped(t).items()):
                if local.find(lab) == local.find(li):
                    continue  # its own cluster: a union would change nothing
                for lj in members:
                    if lj <= li or lj in seen:  # each pair once, from its smaller index
                        continue
                    seen.add(lj)
                    other = part[lj]
                    # (not both in the same one document: near-same wordings join within a document only if
                    # identical)
                    if nd.words == other.words or len(nd.docs) > 1 or nd.docs != other.docs:
                        COMPARISONS["near_same"] += 1
                        if _near_same(nd, other):
                            cp.join(li, lj)
                            break  # the rest of that cluster is now this node's


def _test_contains(nd: _Node, j: int, nodes: list[_Node], need: int) -> bool:
    other = nodes[j]
    # (a container has at least as many words as the probe: a cheap test before the set one)
    if other is nd or len(other.words) < len(nd.probe) or len(other.wset) < need or len(nd.pset & other.wset) < need:
        return False
    COMPARISONS["contains"] += 1
    return _contains(nd, other)


class _ContainerIndex:
    """The block's posting lists, and (built when first read) the same grouped by cluster for plain
    wordings, longest first, with mixed quotes apart."""

    def __init__(self, nodes: list[_Node], root: list[int]):
        self.nodes, self.root = nodes, root
        self.postings: dict[str, list[int]] = defaultdict(list)
        for j, other in enumerate(nodes):
            for t in other.wset:
                self.postings[t].append(j)
        self.rank = _Rank({t: (len(p), t) for t, p in self.postings.items()})
        self._grouped: dict[str, tuple[dict[int, list[int]], list[int]]] = {}

    def candidates(self, tokens: frozenset[str], slack: int) -> dict[int, None]:
        """Nodes that may lack at most `slack` of `tokens`, a superset to check: prefix filtering (a node
        lacking at most `slack` of them has one of any slack + 1, so only the rarest slack + 1 lists are read)."""
        out: dict[int, None] = {}
        for t in sorted(tokens, key=self.rank.__getitem__)[: slack + 1]:
            out.update(dict.fromkeys(self.postings.get(t, ())))
        return out

    def grouped(self, t: str) -> tuple[dict[int, list[int]], list[int]]:
        """Token t's plain wordings by cluster (longest first: a wording shorter than a probe cannot
        contain it, nor can the rest of that list), and its mixed quotes."""
        g = self._grouped.get(t)
        if g is None:
            plain: dict[int, list[int]] = {}
            mixed: list[int] = []
            for j in self.postings.get(t, ()):
                if self.nodes[j].frags:
                    mixed.append(j)
                else:
                    plain.setdefault(self.root[j], []).append(j)
            for members in plain.values():
                if len(members) > 1:
                    members.sort(key=lambda j: (-len(self.nodes[j].words), j))
            g = self._grouped[t] = (plain, mixed)
        return g

    def containers(self, i: int) -> set[int]:
        """The containers of node i (4+ probe words): prefix filtering over its rarest tokens' lists.

        A plain wording needs one container per cluster, so it reads one entry per
        cluster of plain wordings, skipping its own and those it has a container in;
        mixed quotes (on either side) are all tested.
        """
        nd, nodes, root = self.nodes[i], self.nodes, self.root
        slack = nd.probe_slack
        need = len(nd.pset) - slack
        out: set[int] = set()
        found: set[int] = {root[i]}  # clusters with a container of this node (its own needs none)
        seen: set[int] = set()
        for t in sorted(nd.pset, key=self.rank.__getitem__)[: slack + 1]:
            if nd.frags:  # a mixed quote may contain another and be contained in it: every pair is tested
                for j in self.postings.get(t, ()):
                    if j not in seen:
                        seen.add(j)
                        if _test_contains(nd, j, nodes, need):
                            out.add(j)
                continue
            plain, mixed = self.grouped(t)
            for r, members in plain.items():
                if r in found:
                    continue
                for j in members:
                    if len(nodes[j].words) < len(nd.probe):
                        break
                    if j not in seen:
                        seen.add(j)
                        if _test_contains(nd, j, nodes, need):
                            out.add(j)
                            found.add(r)
                            break
            for j in mixed:
                if j not in seen:
                    seen.add(j)
                    if _test_contains(nd, j, nodes, need):
                        out.add(j)
                        found.add(root[j])
        return out


def _containers(nodes: list[_Node], dsu: _DSU) -> dict[int, set[int]]:
    """Node -> the longer nodes it is contained in (only nodes contained somewhere).

    Read after the near-same joins, and only by cluster (`_attach_contained`),
    so a node needs one container per cluster: once one is found, the other
    members of that cluster are not tested, nor are those of its own cluster.
    Two mixed quotes may each contain the other (joined node by node), so
    pairs with a mixed quote are all tested.
    """
    containers: dict[int, set[int]] = defaultdict(set)
    root = [dsu.find(i) for i in range(len(nodes))]
    index = _ContainerIndex(nodes, root)
    candidates = index.candidates
    for i, nd in enumerate(nodes):
        if len(nd.probe) >= MIN_FRAGMENT_WORDS:
            found = index.containers(i)
            if found:
                containers[i] = found
        elif _short_fragment_may_attach(nd):
            for j in candidates(nd.pset, 0):
                if j != i and root[j] != root[i]:
                    COMPARISONS["contains"] += 1
                    if _contains_verbatim(nd, nodes[j]):
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
    return containers


def _attach_contained(nodes: list[_Node], containers: dict[int, set[int]], dsu: _DSU) -> None:
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


def _cluster_block(nodes: list[_Node]) -> list[list[int]]:
    """Node indices of one speaker block in, clusters (lists of node indices) out."""
    n = len(nodes)
    if n == 1:
        return [[0]]
    dsu = _DSU(n)
    _join_near_same(nodes, dsu)
    _attach_contained(nodes, _containers(nodes, dsu), dsu)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[dsu.find(i)].append(i)
    return list(groups.values())


def _figures(words: tuple[str, ...]) -> tuple[str, ...]:
    """The numbers a wording prints, each as its digits ("1,000" and "1000" alike: runs of digit
    tokens joined), in order."""
    out: list[str] = []
    run = ""
    for w in words:
        if w.isdigit():
            run += w
        elif run:
            out.append(run)
            run = ""
    if run:
        out.append(run)
    return tuple(out)


def _by_figures(cluster: list[int], nodes: list[_Node]) -> list[list[int]]:
    """A cluster whose wordings print different numbers is that many statements ("will rise to 5
    percent" and "will rise to 9 percent" are near-same as text, not as claims); wordings with no
    number (a fragment, "five" spelt out) go with the numbers most of its mentions print. Linear in
    the cluster: the clustering itself is unchanged."""
    return _split_by(cluster, nodes, {i: _figures(nodes[i].words) for i in cluster})


def _directions(words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Which side of each pair of opposites (`lexicon.OPPOSITE_PAIRS`) a wording takes, as (pair, side);
    a wording printing both words of a pair ("expected to fall, despite the rise") takes neither."""
    found = {_OPPOSITE[w] for w in words if w in _OPPOSITE}
    return tuple(sorted((pair, side) for pair, side in found if (pair, 1 - side) not in found))


def _by_direction(cluster: list[int], nodes: list[_Node]) -> list[list[int]]:
    """A cluster whose wordings take opposite sides of a pair ("will rise" / "will fall") is one
    claim per side; wordings that take neither go with the side most mentions take."""
    sides = {i: _directions(nodes[i].words) for i in cluster}
    pairs: dict[int, set[int]] = defaultdict(set)
    for d in sides.values():
        for pair, side in d:
            pairs[pair].add(side)
    split = {pair for pair, s in pairs.items() if len(s) > 1}
    if not split:
        return [cluster]
    return _split_by(cluster, nodes, {i: tuple(x for x in d if x[0] in split) for i, d in sides.items()})


def _split_by(cluster: list[int], nodes: list[_Node], key: dict[int, tuple]) -> list[list[int]]:
    """The cluster split by `key` (node -> a tuple), nodes with an empty key going with the key most
    of the cluster's mentions have; the cluster whole when fewer than two keys are not empty."""
    if len({k for k in key.values() if k}) < 2:
        return [cluster]
    parts: dict[tuple, list[int]] = defaultdict(list)
    for i in cluster:
        parts[key[i]].append(i)
    bare = parts.pop((), [])
    main = max(parts, key=lambda k: (sum(len(nodes[i].members) for i in parts[k]), k))
    parts[main].extend(bare)
    return sorted((sorted(p) for p in parts.values()), key=_first)


def _first(part: list[int]) -> int:
    return part[0]


def block_groups(key: str, members: Iterable[Member]) -> Groups:
    """One speaker block in, its claims out as groups of mention indices.

    `members` are (index into the batch's sorted mentions, mention) for every
    mention whose speaker key is `key`, in index order; the groups come out in
    the order the merge uses. Pure: one block needs nothing from the others,
    so blocks can be clustered anywhere, in any order.
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
            node = by_wording[(words, frags)] = _Node(words, frags, " ".join(words), negation_words(words))
        node.docs.add(g.mention.doc_id)
        node.members.append(i)
    nodes = [by_wording[k] for k in sorted(by_wording)]
    if unnamed:
        # Unnamed speakers: identical descriptor and identical words only.
        by_words: dict[tuple, list[int]] = defaultdict(list)
        for nd in nodes:
            by_words[nd.words].extend(nd.members)
        return list(by_words.values())
    return [
        [i for c in part for i in nodes[c].members]
        for cluster in _cluster_block(nodes)
        for figure in _by_figures(cluster, nodes)
        for part in _by_direction(figure, nodes)
    ]


# ----------------------------------------------------------------- strategy
BlockClustering = Callable[[Sequence[Block]], Iterable[Groups]]
"""How the merge clusters its speaker blocks: the blocks (in key order) in, each block's groups out, in
the same order. Every strategy clusters each block with `block_groups`; only where that runs differs."""


def cluster_blocks(blocks: Sequence[Block]) -> Iterator[Groups]:
    """The default strategy: every block in this process, one after the other."""
    return (block_groups(key, members) for key, members in blocks)
