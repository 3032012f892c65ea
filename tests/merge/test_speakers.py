"""Speakers (pipeline/merge/speakers.py): names, misspellings, short forms, unnamed speakers."""

from __future__ import annotations

from claimex.merge import SpeakerResolver, merge, name_tokens, one_letter_apart
from claimex.models import Speaker
from tests._mentions import gm
from tests.merge.helpers import FULL, by_content, docs_of


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
