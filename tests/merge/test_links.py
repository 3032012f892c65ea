"""Denial links (pipeline/merge/links.py): stated and inferred (rules A and B)."""

from __future__ import annotations

from claimex.merge import merge
from tests._mentions import gm
from tests.merge.helpers import by_content


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
