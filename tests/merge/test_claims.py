"""Claims (pipeline/merge/claims.py): ids, order, first_seen, outlets, one claim per mention."""

from __future__ import annotations

import random

from claimex.merge import merge
from tests._mentions import claims_text, gm
from tests.merge.helpers import FULL


# ----------------------------------------------------------- ids and order
def test_order_independent_byte_for_byte():
    ms = [
        gm("a", "m0", FULL, date="2020-02-29"),
        gm("b", "m0", FULL.replace("effort to", "efforts to")),
        gm("b", "m1", '"made no effort to engage with me"', qt="mixed"),
        gm("c", "m0", "This is completely false.", pol="denial", denies=("m1",), date="2020-03-01"),
        gm("c", "m1", "that she bullied staff", None, qt="indirect", date="2020-03-01"),
    ]
    want = claims_text(merge(ms))
    rng = random.Random(7)
    for _ in range(10):
        rng.shuffle(ms)
        assert claims_text(merge(ms)) == want


def test_claim_id_stays_when_a_later_article_adds_a_mention():
    old = [gm("a", "m0", FULL, date="2020-02-29"), gm("b", "m0", "I regret I do not believe her.")]
    before = {c.content: c.claim_id for c in merge(old)}
    new = old + [  # (a new wording may change an id, to a smaller one: test_merge_props.py)
        gm("c", "m0", FULL, date="2020-03-02"),
        gm("c", "m1", "I regret I do not believe her.", date="2020-03-02"),
    ]
    after = merge(new)
    assert {c.content: c.claim_id for c in after} == before
    assert sorted(c.outlets for c in after) == [2, 2]


def test_claim_id_stays_when_a_back_dated_or_undated_article_prints_its_wording():
    old = [gm("b", "m0", FULL, date="2020-02-29"), gm("c", "m0", "I regret I do not believe her.", date="2020-03-01")]
    before = {c.content: c.claim_id for c in merge(old)}
    for date in (None, "2019-01-01"):  # "a" sorts first, and is undated or earlier than everything
        after = merge(
            old + [gm("a", "m0", FULL, date=date), gm("a", "m1", "I regret I do not believe her.", date=date)]
        )
        assert {c.content: c.claim_id for c in after} == before


def test_joined_claims_take_the_smallest_id_of_their_wordings():
    a, b = "I regret I do not believe her.", "She has not made the effort I would expect to dissociate herself."
    old = merge([gm("x", "m0", a, date="2020-01-01"), gm("y", "m0", b, date="2020-01-02")])
    ids = {c.content: c.claim_id for c in old}
    joined = merge(
        [
            gm("x", "m0", a, date="2020-01-01"),
            gm("y", "m0", b, date="2020-01-02"),
            gm("z", "m0", f"{a} {b}", date="2020-01-03"),
        ]
    )
    # the smallest over the three wordings: one of the two old ids, or the longer statement's if smaller
    assert len(joined) == 1 and joined[0].claim_id <= min(ids.values())


def test_first_seen_is_the_earliest_dated_document_and_outlets_counts_documents():
    c = merge(
        [
            gm("b", "m0", FULL, date="2020-03-01"),
            gm("c", "m0", FULL, date="2020-02-29"),
            gm("a", "m0", FULL),
            gm("a", "m1", FULL, start=5000),
        ]
    )[0]
    assert (c.first_seen.doc_id, c.first_seen.date) == ("c", "2020-02-29")
    assert c.outlets == 3 and len(c.mentions) == 4


def test_no_merge_writes_one_claim_per_mention_with_unique_ids():
    ms = [gm("a", "m0", FULL), gm("b", "m0", FULL), gm("b", "m1", FULL, start=9000)]
    claims = merge(ms, merge_across=False)
    assert len(claims) == 3 and len({c.claim_id for c in claims}) == 3


# -------------------------------------------------------------- publishers
def _from(g, source):
    return g.model_copy(update={"mention": g.mention.model_copy(update={"source": source})})


def test_outlets_count_publishers_not_documents():
    """Two copies of one wire story in one outlet count once; a document without a source counts as its own."""
    claims = merge(
        [
            _from(gm("a", "m0", FULL), "Reuters"),
            _from(gm("b", "m0", FULL), "Reuters"),
            _from(gm("c", "m0", FULL), "BBC News"),
            gm("d", "m0", FULL),
            gm("e", "m0", FULL),
        ]
    )
    assert len(claims) == 1
    assert claims[0].outlets == 4  # Reuters, BBC News, d, e
    assert claims[0].publishers == ("BBC News", "Reuters")


def test_one_mention_claim_lists_its_publisher():
    (c,) = merge([_from(gm("a", "m0", FULL), "Reuters")])
    assert (c.outlets, c.publishers) == (1, ("Reuters",))
    (c,) = merge([gm("a", "m0", FULL)])
    assert (c.outlets, c.publishers) == (1, ())


def test_mentions_keep_the_documents_source_url_and_title():
    from claimex.ground import ground
    from claimex.models import Document, ExtractedMention
    from claimex.segment import segment
    from tests._mentions import INFO

    doc = Document(
        doc_id="d", text="Ann said the vote was fair.", source="Reuters", url="https://example.org/a", title="Vote"
    )
    (g,) = ground(segment(doc), [ExtractedMention(local_id="a", content="the vote was fair")], INFO).mentions
    assert (g.mention.source, g.mention.url, g.mention.title) == ("Reuters", "https://example.org/a", "Vote")
    keys = list(g.mention.model_dump())
    assert keys[keys.index("rule") + 1 : keys.index("rule") + 4] == ["source", "url", "title"]
    (c,) = merge([g])
    assert c.publishers == ("Reuters",)
