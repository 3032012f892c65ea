"""Wording, inside one speaker (pipeline/merge/clusters.py): near-same, dash asides, fragments, negation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from claimex.merge import block_groups, cluster_blocks, merge
from tests._mentions import claims_text, gm
from tests.merge.helpers import FULL, by_content, docs_of


# ---------------------------------------------------------------- wording
def test_same_wording_after_normalising_quotes_dashes_case_whitespace():
    claims = merge(
        [
            gm("a", "m0", "\u201cIt is false \u2014 all of it,\u201d"),
            gm("b", "m0", '"it  is FALSE - all of it."'),
        ]
    )
    assert len(claims) == 1
    assert claims[0].outlets == 2 and docs_of(claims[0]) == ["a", "b"]
    assert claims[0].variants == ()  # same words, same dash: house style only


def test_near_same_wordings_merge_and_show_as_variants():
    claims = merge(
        [
            gm("a", "m0", "She has not made the effort I would expect to dissociate herself from the comments."),
            gm("b", "m0", "She has not made the efforts I would expect to dissociate herself from the comments."),
            gm("c", "m0", "She has not made the effort I would expect to dissociate herself from the comments."),
        ]
    )
    assert len(claims) == 1
    v = {x.text: x.doc_ids for x in claims[0].variants}
    assert v == {
        "She has not made the effort I would expect to dissociate herself from the comments.": ("a", "c"),
        "She has not made the efforts I would expect to dissociate herself from the comments.": ("b",),
    }


def test_a_contraction_and_its_spelled_out_form_are_one_wording_of_one_statement():
    # one outlet prints "isn't", another "is not": one claim, the same negation either way
    claims = merge(
        [
            gm("a", "m0", "The bridge isn't safe and we won't reopen it until the inspectors are done."),
            gm("b", "m0", "The bridge is not safe and we will not reopen it until the inspectors are done."),
        ]
    )
    assert len(claims) == 1 and docs_of(claims[0]) == ["a", "b"]
    # a negation spelled out on one side only is still a different statement
    claims = merge(
        [
            gm("a", "m0", "The bridge isn't safe and we won't reopen it until the inspectors are done."),
            gm("b", "m0", "The bridge is safe and we will reopen it until the inspectors are done."),
        ]
    )
    assert len(claims) == 2


def test_dash_aside_is_a_different_wording_but_a_comma_is_not():
    claims = merge(
        [
            gm("a", "m0", "This along with many other claims is completely false."),
            gm("b", "m0", "This - along with many other claims - is completely false."),
            gm("c", "m0", "This, along with many other claims, is completely false."),
        ]
    )
    assert len(claims) == 1
    v = {x.text: x.doc_ids for x in claims[0].variants}
    assert v == {
        "This along with many other claims is completely false.": ("a", "c"),
        "This - along with many other claims - is completely false.": ("b",),
    }


def test_fragment_quoted_by_one_outlet_attaches_to_the_full_statement():
    claims = merge(
        [
            gm("a", "m0", FULL),
            gm("b", "m0", 'she "made no effort to engage with me"', qt="mixed"),
        ]
    )
    assert len(claims) == 1
    c = claims[0]
    assert c.content == FULL and c.quote_type == "direct"
    assert {m.text for m in c.mentions} == {FULL, 'she "made no effort to engage with me"'}  # each keeps its own text
    assert c.variants == ()  # a faithful fragment is not a different wording


def test_misquoted_fragment_attaches_and_the_misquote_is_a_variant():
    claims = merge(
        [
            gm("a", "m0", FULL),
            gm("b", "m0", "he said she had \u201cmade no effort engage with me to discuss this\u201d", qt="mixed"),
        ]
    )
    assert len(claims) == 1
    assert {v.text for v in claims[0].variants} == {FULL, "made no effort engage with me to discuss this"}


def test_fragment_that_fits_two_statements_stays_on_its_own():
    claims = merge(
        [
            gm("a", "m0", "I will be pursuing that claim in the courts and in parliament."),
            gm("b", "m0", "Nobody doubts I will be pursuing that claim in the courts."),
            gm("c", "m0", '"pursuing that claim in the courts"', qt="mixed"),
        ]
    )
    assert len(claims) == 3


def test_longer_version_joins_its_parts_and_fragments():
    a = "I regret I do not believe her."
    b = "She has not made the effort I would expect to dissociate herself from the comments."
    claims = merge(
        [
            gm("x", "m0", a),
            gm("x", "m1", b),
            gm("y", "m0", f"{a} {b}"),
            gm("z", "m0", 'she had not made "the effort I would expect"', qt="mixed"),
        ]
    )
    assert len(claims) == 1 and claims[0].content == f"{a} {b}"


def test_negation_is_never_a_small_edit():
    claims = merge(
        [
            gm("a", "m0", "I will vote for the bill when it comes back to the house."),
            gm("b", "m0", "I will not vote for the bill when it comes back to the house."),
            gm("c", "m0", '"will not vote for the bill"', qt="mixed"),
        ]
    )
    assert len(claims) == 2
    assert {docs_of(c)[0] for c in claims} == {"a", "b"}
    assert docs_of(by_content(claims, "will not vote")) == ["b", "c"]


def test_two_similar_sentences_in_one_article_stay_two_statements():
    claims = merge(
        [
            gm("a", "m0", "We will build ten thousand new homes in the north this year."),
            gm("a", "m1", "We will build ten thousand new homes in the south this year."),
        ]
    )
    assert len(claims) == 2


def test_short_common_fragment_does_not_attach():
    claims = merge([gm("a", "m0", FULL), gm("b", "m0", '"to engage"', qt="mixed")])
    assert len(claims) == 2


# ---------------------------------------------------------------- strategy
def test_a_clustering_strategy_gets_each_block_once_in_key_order_and_changes_nothing():
    """`merge` hands its speaker blocks to a strategy (the Ray engine's runs them as Ray tasks): one that
    clusters them in another order, on threads, gives byte-identical claims."""
    ms = [
        gm("a", "m0", FULL, date="2020-02-29"),
        gm("b", "m0", FULL.replace("effort to", "efforts to")),
        gm("b", "m1", '"made no effort to engage with me"', qt="mixed"),
        gm("c", "m0", "This is completely false.", speaker="Priti Patel", pol="denial", denies=("m1",)),
        gm("c", "m1", "that she bullied staff", None, qt="indirect"),
        gm("d", "m0", "that she bullied staff", None, qt="indirect"),
    ]
    seen: list[list[str]] = []

    def threaded(blocks):
        seen.append([key for key, _ in blocks])
        order = list(reversed(range(len(blocks))))
        with ThreadPoolExecutor(2) as pool:
            done = dict(zip(order, pool.map(lambda k: block_groups(*blocks[k]), order)))
        return [done[k] for k in range(len(blocks))]

    want = claims_text(merge(ms))
    assert claims_text(merge(ms, clustering=threaded)) == want
    assert seen == [sorted(set(seen[0]))] and len(seen[0]) == 3
    assert [list(g) for g in cluster_blocks([("k", [(0, ms[0])])])] == [[[0]]]


# ------------------------------------------------------------------- scale
def _near_identical(n):
    """One speaker, one sentence in n articles: a number changed in each, "not" added in every fifth."""
    return [
        gm(
            f"d{k:05d}",
            "m0",
            f"We will recruit {1000 + 7 * k:,} more police officers across England and Wales by the end of"
            f" the year, and the funding for them is {'not ' if k % 5 == 4 else ''}already in place.",
        )
        for k in range(n)
    ]


def test_near_identical_wordings_need_pair_tests_linear_in_their_number():
    """Thousands of near-identical wordings of one speaker: pair tests grow ~2x per doubling, not 4x."""
    from claimex.merge import clusters

    counts = []
    for n in (150, 300):
        clusters.COMPARISONS.clear()
        claims = merge(_near_identical(n))
        counts.append(sum(clusters.COMPARISONS.values()))
        assert sum(len(c.mentions) for c in claims) == n
    assert counts[1] <= 2.5 * counts[0], counts


# --------------------------------------------------- short quoted fragments
def test_short_quoted_fragment_joins_the_one_statement_printing_it():
    """2-3 quoted words join the only statement of their speaker that prints them verbatim."""
    full = "We must rebuild the harbour wall before the winter storms arrive in the bay."
    claims = merge(
        [
            gm("a", "m0", full),
            gm("b", "m0", 'the council should "rebuild the harbour" this year', qt="mixed"),
            gm("c", "m0", "The ferry timetable will not change this summer."),
        ]
    )
    assert len(claims) == 2
    assert docs_of(by_content(claims, "harbour wall")) == ["a", "b"]


def test_short_quoted_fragment_printed_by_two_statements_stays_alone():
    claims = merge(
        [
            gm("a", "m0", "We must rebuild the harbour wall before the winter storms arrive."),
            gm("b", "m0", "Nobody can rebuild the harbour with the money the council has offered us."),
            gm("c", "m0", 'the council should "rebuild the harbour" this year', qt="mixed"),
        ]
    )
    assert len(claims) == 3


def test_short_quoted_fragment_needs_verbatim_words_a_long_word_and_the_same_speaker():
    full = "We must rebuild the harbour wall before the winter storms arrive in the bay."
    cases = [
        ('the council should "rebuild a harbour" this year', "Philip Rutnam"),  # not verbatim
        ('he said "in the" bay', "Philip Rutnam"),  # no word of 4+ letters: too generic
        ('the council should "rebuild the harbour" this year', "Priti Patel"),  # another speaker
        ('the council should "harbour" this year', "Philip Rutnam"),  # one word
        ('"rebuild the harbour"', "Philip Rutnam"),  # bare: no words of the reporter's around it
    ]
    for text, speaker in cases:
        claims = merge([gm("a", "m0", full), gm("b", "m0", text, speaker, qt="mixed")])
        assert len(claims) == 2, text


def _all_pairs_clusters(nodes):
    """The clustering rules over every pair, no index: what the candidate search must reproduce."""
    from claimex.merge import clusters as cl

    dsu = cl._DSU(len(nodes))
    for i, a in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            b = nodes[j]
            if (a.words == b.words or len(a.docs) > 1 or a.docs != b.docs) and cl._near_same(a, b):
                dsu.union(i, j)
    containers = {}
    for i, a in enumerate(nodes):
        if len(a.probe) >= cl.MIN_FRAGMENT_WORDS:
            found = {j for j, b in enumerate(nodes) if j != i and cl._contains(a, b)}
        elif cl._short_fragment_may_attach(a):
            found = {j for j, b in enumerate(nodes) if dsu.find(j) != dsu.find(i) and cl._contains_verbatim(a, b)}
        else:
            found = set()
        if found:
            containers[i] = found
    for i, a in enumerate(nodes):  # a multi-fragment paraphrase: its longest fragment's statement
        if containers.get(i) or len(a.frags) < 2:
            continue
        longest = max(a.frags, key=lambda f: (len(f), f))
        if len(longest) >= cl.MIN_FRAGMENT_WORDS:
            probe = cl._Node(a.words, (longest,), a.joined, a.negs)
            found = {j for j, b in enumerate(nodes) if j != i and cl._contains(probe, b)}
            if found:
                containers[i] = found
    cl._attach_contained(nodes, containers, dsu)
    return sorted(
        sorted(i for i in range(len(nodes)) if dsu.find(i) == r) for r in {dsu.find(i) for i in range(len(nodes))}
    )


def test_candidate_search_joins_what_all_pairs_would():
    """The index (grouped by cluster, one container per cluster) changes speed, never the clusters."""
    import random

    from claimex.merge import clusters as cl

    rng = random.Random(7)
    base = "we will recruit more police officers across england and wales by the end of the year".split()
    for _ in range(30):
        ms = []
        for k in range(rng.randint(5, 25)):
            w = list(base)
            for _ in range(rng.randint(0, 3)):
                op = rng.random()
                if op < 0.4:
                    w[rng.randrange(len(w))] = str(rng.randint(1, 9))
                elif op < 0.6:
                    w.insert(rng.randrange(len(w)), "not")
                elif op < 0.8 and len(w) > 6:
                    s = rng.randrange(len(w) - 5)
                    w = w[s : s + rng.randint(2, 8)]
                else:
                    del w[rng.randrange(len(w))]
            qt = "direct"
            if rng.random() < 0.3:
                s = rng.randrange(len(w))
                w = ["he", "said", "that"] + w[:s] + ['"'] + w[s : s + rng.randint(2, 6)] + ['"']
                qt = "mixed"
            ms.append(gm(f"d{rng.randrange(8)}", f"m{k}", " ".join(w), qt=qt))
        members = list(enumerate(ms))
        by = {}
        for i, g in members:
            words = cl.match_words(g.mention.text, g.quote_type)
            frags = cl.quoted_fragments(g.mention.text) if g.quote_type == "mixed" else ()
            nd = by.setdefault((words, frags), cl._Node(words, frags, " ".join(words), cl.negations(" ".join(words))))
            nd.docs.add(g.mention.doc_id)
            nd.members.append(i)
        nodes = [by[k] for k in sorted(by)]
        got = sorted(sorted(c) for c in cl._cluster_block(nodes))
        assert got == _all_pairs_clusters(nodes)


def test_negation_words_count_what_the_negation_pattern_finds_in_the_joined_words():
    from claimex.merge.clusters import match_words, negation_words, negations

    for text in (
        "We did not, and never will, say no to nobody.",
        "I can't and won\u2019t; nothing, none, neither, nor without cannot.",
        "Notably, the nothingness of Nordic nones is not noted.",
    ):
        for quote_type in ("direct", "indirect", "mixed"):
            words = match_words(text, quote_type)
            assert negation_words(words) == negations(" ".join(words)), text


# ------------------------------------------------------------ another figure
def test_wordings_with_other_numbers_are_other_statements():
    """One statement printed with three figures is three claims; a misprint, a figure written with a
    thousands comma and a fragment without a number stay with the statement they belong to."""
    base = "Unemployment will rise to 5 percent by the end of this year, and 1,000 jobs will go, the minister said."
    claims = merge(
        [
            gm("a", "m0", base),
            gm("b", "m0", base.replace("5 percent", "9 percent")),
            gm("c", "m0", base.replace("minister", "minster").replace("1,000", "1000")),
            gm("d", "m0", base.replace("5 percent", "7 percent")),
            gm("e", "m0", "by the end of this year", qt="indirect"),
        ]
    )
    # the fragment, without a number, goes with the figures most mentions print
    assert sorted(docs_of(c) for c in claims) == [["a", "c", "e"], ["b"], ["d"]]


def test_wordings_taking_opposite_sides_are_other_statements():
    """'rise' for 'fall' is one small edit, not one claim; a wording printing both words of the pair,
    and a fragment printing neither, stay with the statement they belong to."""
    base = "Unemployment will rise sharply by the end of this year in every region, the minister said."
    claims = merge(
        [
            gm("a", "m0", base),
            gm("b", "m0", base.replace("rise", "fall")),
            gm("c", "m0", base.replace("minister", "minster")),
            gm("d", "m0", "Unemployment will rise sharply by the end of this year", qt="indirect"),
        ]
    )
    assert sorted(docs_of(c) for c in claims) == [["a", "c", "d"], ["b"]]
    both = "Prices were expected to fall by the end of the year despite the water price rise."
    claims = merge([gm("a", "m0", both), gm("b", "m0", "Prices were expected to fall by the end of the year")])
    assert len(claims) == 1
