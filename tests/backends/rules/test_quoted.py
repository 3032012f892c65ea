"""`X called Y "…"` (`quoted.x_called`, backends/rules/quoted.py), added after the keep filter for the
quotations no kept mention holds; made-up sentences, no article text."""

from __future__ import annotations

import pytest

from claimex.backends.rules import extract_rules, unfiltered_mentions
from claimex.backends.rules.doc import Doc, Spans
from claimex.backends.rules.quoted import x_called
from claimex.models import Document
from claimex.segment import segment

CALLED = "The council met on Monday. The treasurer called the plan \u201creckless.\u201d The vote is next week."


def _doc(text: str) -> Doc:
    return Doc(segment(Document(doc_id="t", text=text)))


def _found(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[str | None, str | None, str]]:
    return [(x.speaker_text, x.cue, text[x.start : x.end]) for x in x_called(_doc(text), Spans(spans or []))]


def test_the_object_and_its_quoted_label_are_the_speakers_words():
    assert _found(CALLED) == [("The treasurer", "called", "the plan \u201creckless.\u201d")]


def test_it_is_added_after_the_keep_filter_not_before():
    """The learned layer and the keep filter are trained on the patterns' mentions: it is not one."""
    seg = segment(Document(doc_id="t", text=CALLED))
    assert all(m.rule != "quoted.x_called" for m in unfiltered_mentions(seg))
    assert [m.rule for m in extract_rules(seg)] == ["quoted.x_called"]


def test_a_quotation_a_kept_mention_holds_is_left_to_it():
    start = CALLED.index("The treasurer")
    assert _found(CALLED, [(start, len(CALLED))]) == []


def test_a_second_verb_of_the_same_subject_takes_the_subject():
    text = "The council met. Ann Lee criticised the budget and called the mayor \u201ca spendthrift.\u201d"
    assert _found(text) == [("Ann Lee", "called", "the mayor \u201ca spendthrift.\u201d")]


@pytest.mark.parametrize(
    "text",
    [
        # a name, not a label: no object between the verb and the quotation
        "She founded a charity called \u201cBooks for Kids\u201d in 2010.",
        # a sentence ends between the verb and the quotation
        "The treasurer called the plan. \u201cIt is reckless.\u201d",
        # "so-called" marks a scare quote, not someone's label
        "The senators met the so-called Harbour Group \u201cfixers\u201d on Monday.",
    ],
)
def test_no_label_without_an_object_right_before_the_quotation(text: str):
    assert _found(text) == []
