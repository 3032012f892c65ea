"""Merge on synthetic mentions: wording, speakers, fragments, ids, first_seen, denial links."""

from __future__ import annotations

import random

from pipeline.merge import SpeakerResolver, merge, name_tokens, one_letter_apart
from pipeline.models import Speaker
from tests._mentions import claims_text, gm

FULL = "But despite my efforts to engage with her, Priti Patel has made no effort to engage with me to discuss this."


def by_content(claims, needle):
    hits = [c for c in claims if needle.lower() in c.content.lower()]
    assert len(hits) == 1, [c.content for c in claims]
    return hits[0]


def docs_of(c):
    return sorted({m.doc_id for m in c.mentions})


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


# ---------------------------------------------------------------- speakers
def test_different_speakers_never_merge_even_with_the_same_words():
    claims = merge(
        [
            gm("a", "m0", "This is completely false.", "Philip Rutnam"),
            gm("b", "m0", "This is completely false.", "Priti Patel"),
            gm("c", "m0", "This is completely false.", None),
        ]
    )
    assert len(claims) == 3
    assert {c.speaker.name for c in claims} == {"Philip Rutnam", "Priti Patel", None}


def test_honorifics_case_possessive_and_a_one_letter_misspelling():
    claims = merge(
        [
            gm("a", "m0", FULL, "Sir Philip Rutnam"),
            gm("b", "m0", FULL, "philip rutnam"),
            gm("c", "m0", FULL, "Philip Rutman"),
            gm("d", "m0", FULL, "Philip Rutnam"),
        ]
    )
    assert len(claims) == 1
    assert claims[0].speaker.name == "Philip Rutnam"  # the spelling most mentions use
    assert "Philip Rutman" in claims[0].speaker.aliases


def test_short_form_takes_the_unique_full_name_of_the_batch():
    base = [gm("a", "m0", FULL, "Philip Rutnam"), gm("b", "m0", FULL, "Rutnam"), gm("c", "m0", FULL, "Sir Philip")]
    assert len(merge(base)) == 1
    # A second Rutnam makes the surname ambiguous: the short form stays apart; "Sir Philip" still fits one.
    claims = merge(base + [gm("d", "m0", "Something else entirely was said here today.", "Jane Rutnam")])
    assert sorted(len(c.mentions) for c in claims) == [1, 1, 2]
    assert {c.speaker.name for c in claims} == {"Philip Rutnam", "Rutnam", "Jane Rutnam"}


def test_name_helpers():
    assert name_tokens("Sir Philip Rutnam's") == ("philip", "rutnam")
    assert name_tokens("The FDA") == ("fda",)
    assert one_letter_apart("rutnam", "rutman") and one_letter_apart("rutnam", "rutnams")
    assert not one_letter_apart("patel", "pearl") and not one_letter_apart("lee", "lea")
    r = SpeakerResolver([("philip", "rutnam"), ("philip", "rutnam"), ("philip", "rutman"), ("rutman",), ("smith",)])
    assert r.key(Speaker(name="Rutman", kind="person")) == "philip rutnam"
    assert r.key(Speaker(name="Mr Smith", kind="person")) == "smith"
    assert r.key(Speaker(name="home secretary", kind="unknown")) == "~unknown:home secretary"


def test_unnamed_speakers_merge_only_on_identical_words_and_never_with_named():
    claims = merge(
        [
            gm("a", "m0", "that I have briefed the media against the Home Secretary", None, qt="indirect"),
            gm("b", "m0", "that I have briefed the media against the home secretary", None, qt="indirect"),
            gm("c", "m0", "that I had briefed the media against the home secretary", None, qt="indirect"),
            gm("d", "m0", "that I have briefed the media against the home secretary", "Philip Rutnam", qt="indirect"),
        ]
    )
    assert sorted(len(c.mentions) for c in claims) == [1, 1, 2]
    assert docs_of(by_content([c for c in claims if c.speaker.name is None], "have briefed")) == ["a", "b"]


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
    new = old + [
        gm("c", "m0", FULL.replace("effort to", "efforts to"), date="2020-03-02"),
        gm("c", "m1", '"I do not believe her"', qt="mixed", date="2020-03-02"),
    ]
    after = merge(new)
    assert {c.content: c.claim_id for c in after} == before
    assert sorted(c.outlets for c in after) == [2, 2]


def test_joined_claims_keep_the_id_of_the_earlier_anchor():
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
    assert len(joined) == 1 and joined[0].claim_id == ids[a]


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


# ------------------------------------------------------------------ denials
def test_stated_denial_links_by_claim_id_wherever_both_are():
    alleg = "that I have briefed the media against the Home Secretary"
    ms = [
        gm("a", "m0", alleg, None, qt="indirect"),
        gm("a", "m1", "This along with many other claims is completely false.", pol="denial", denies=("m0",)),
        gm("b", "m0", "This - along with many other claims - is completely false.", pol="denial"),
    ]
    claims = merge(ms)
    assert len(claims) == 2
    denial = by_content(claims, "completely false")
    target = by_content(claims, "briefed the media")
    assert denial.denies == (target.claim_id,) and target.denied_by == (denial.claim_id,)
    (link,) = denial.links
    assert (link.relation, link.stated, link.doc_id) == ("denies", True, "a")
    assert link.evidence == "This along with many other claims is completely false."


PATEL = gm(
    "p",
    "m0",
    '"false allegations" made about her amid claims of bullying',
    "Priti Patel",
    qt="mixed",
    pol="denial",
    date="2020-02-20",
)
RUTNAM_REPORTS = gm(
    "r", "m2", "I have received allegations that her conduct has included shouting and swearing.", date="2020-02-29"
)


def test_inferred_link_when_the_denier_is_whom_the_allegations_are_about():
    # Rutnam and Patel dispute each other in document r (stated), so Patel's "false allegations"
    # in document p denies the allegations about her conduct Rutnam reports in document r.
    ms = [
        PATEL,
        RUTNAM_REPORTS,
        gm("r", "m0", "any involvement in this campaign", "Priti Patel", qt="indirect", pol="denial"),
        gm("r", "m1", "I regret I do not believe her.", pol="denial", denies=("m0",)),
    ]
    claims = merge(ms)
    patel = by_content(claims, "false allegations")
    target = by_content(claims, "received allegations")
    assert patel.denies == (target.claim_id,) and target.denied_by == (patel.claim_id,)
    link = patel.links[0]
    assert link.stated is False and link.doc_id == "p" and "false allegations" in link.evidence
    assert "rule B" in link.reason and "disputes" in link.reason


def test_inferred_link_when_the_claim_names_the_denier():
    target = gm("r", "m0", "There are allegations that Priti Patel bullied officials at three departments.", "Jo Smith")
    claims = merge([PATEL, target])
    assert by_content(claims, "false allegations").denies == (by_content(claims, "bullied officials").claim_id,)


def test_no_inferred_link_without_a_tie_between_the_two():
    # Allegations about someone else, by a speaker who has no dispute with Patel: no link.
    other = gm("r", "m0", "I have received allegations that the minister misled parliament.", "Jo Smith")
    assert all(not c.links for c in merge([PATEL, other]))


def test_allegations_against_the_speaker_himself_are_not_the_denier_s_target():
    ms = [
        PATEL,
        gm("r", "m0", "It has been alleged that I have briefed the media against the Home Secretary."),
        gm("r", "m1", "any involvement in this campaign", "Priti Patel", qt="indirect", pol="denial"),
        gm("r", "m2", "I regret I do not believe her.", pol="denial", denies=("m1",)),
    ]
    claims = merge(ms)
    assert by_content(claims, "false allegations").links == ()


def test_inferred_link_when_the_denial_repeats_the_claim_s_topic():
    claim = gm("a", "m0", "The council wasted four million pounds on the harbour bridge.", "Jo Smith")
    denial = gm(
        "b",
        "m0",
        "that the council wasted money on the harbour bridge",
        "Sam Jones",
        qt="indirect",
        pol="denial",
        cue="denied",
    )
    claims = merge([claim, denial])
    d = by_content(claims, "wasted money")
    assert d.denies == (by_content(claims, "four million").claim_id,)
    assert "rule A" in d.links[0].reason and d.links[0].stated is False


def test_a_report_of_the_denial_is_not_its_target():
    denial = gm(
        "a", "m0", "any involvement in this campaign to the Cabinet Office", "Priti Patel", qt="indirect", pol="denial"
    )
    report = gm(
        "b", "m0", "The home secretary categorically denied any involvement in this campaign to the Cabinet Office."
    )
    assert all(not c.links for c in merge([denial, report]))
