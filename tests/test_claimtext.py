"""Clean contents and self-contained statements (pipeline/claimtext.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimex.claimtext import Clarification, _pairs, bracketed, clean_content, statement


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "\u201cIn the last ten days I have been the target of a campaign.",
            "In the last ten days I have been the target of a campaign.",
        ),
        ('"We will win this,"', "We will win this"),
        ('"We will win this."', "We will win this."),
        ('"We will win this".', "We will win this."),
        ("\u201cIt is over,\u201d", "It is over"),
        ('he had been "the target of a campaign"', 'he had been "the target of a campaign"'),
        ("  the  plan\n would   fail ", "the plan would fail"),
        ('the plan "would fail', "the plan would fail"),
        ('"A" and "B"', '"A" and "B"'),
        ("\u201cHe called it \u201cabsurd\u201d and left.\u201d", "He called it \u201cabsurd\u201d and left."),
        ("", ""),
    ],
)
def test_clean_content(raw: str, clean: str) -> None:
    assert clean_content(raw) == clean


_text = st.text(alphabet=st.sampled_from(list("ab c.,\n\"\u201c\u201d\u00ab\u00bb'")), max_size=40)


@given(_text)
def test_clean_content_is_balanced_folded_idempotent_and_keeps_every_word(raw: str) -> None:
    out = clean_content(raw)
    assert _pairs(out)[1] == []
    assert out == out.strip() and "  " not in out and "\n" not in out
    assert clean_content(out) == out
    assert re.findall(r"\w+", out) == re.findall(r"\w+", raw)


def test_bracketed_puts_the_reference_after_the_word() -> None:
    content = "She has not made the effort I would expect."
    cl = [Clarification(0, 3, "Priti Patel"), Clarification(28, 29, "Philip Rutnam")]
    assert bracketed(content, cl) == "She [Priti Patel] has not made the effort I [Philip Rutnam] would expect."


def test_bracketed_skips_overlaps_and_names_that_clarify_nothing() -> None:
    content = "Smith said he would go."
    cl = [Clarification(0, 5, "Smith"), Clarification(11, 13, "John Smith"), Clarification(11, 13, "Other")]
    assert bracketed(content, cl) == "Smith said he [John Smith] would go."


def test_statement_for_direct_and_reported_speech() -> None:
    cl = [Clarification(1, 4, "Priti Patel")]
    assert (
        statement("Philip Rutnam", "\u201cShe has not made the effort,\u201d", "direct", cl)
        == 'Philip Rutnam: "She [Priti Patel] has not made the effort"'
    )
    assert statement("the minister", "that the plan would fail", "indirect") == (
        "According to the minister, the plan would fail"
    )
    assert statement(None, '"We will win"', "direct") == 'An unidentified source: "We will win"'


def test_statement_keeps_quoted_words_of_a_direct_quote_readable() -> None:
    assert statement("Smith", 'It was "absurd" and wrong.', "direct") == "Smith: \"It was 'absurd' and wrong.\""
