"""A headline's statement after its speaker's name and a colon (`headline.py`)."""

from __future__ import annotations

import pytest

from claimex.backends.rules import extract_rules
from claimex.models import Document
from claimex.segment import segment

BODY = "\n\nCouncillor Amaka Okafor told reporters on Monday that the harbour plan had been rushed through."


def headline_mentions(text: str) -> list[tuple[str | None, str, str]]:
    """(speaker phrase, content, quote type) of each `indirect.headline_label` mention of `text`."""
    return [
        (m.speaker_text, m.content, m.quote_type)
        for m in extract_rules(segment(Document(doc_id="t", text=text)))
        if m.rule == "indirect.headline_label"
    ]


def test_a_name_the_body_uses_speaks_the_headline():
    assert headline_mentions("Okafor: The port deal will cost the city jobs." + BODY) == [
        ("Okafor", "The port deal will cost the city jobs.", "indirect")
    ]


def test_quoted_words_in_the_headline_make_it_mixed():
    assert headline_mentions("Okafor: Harbour plan \u2018a gift to developers\u2019 and rushed." + BODY) == [
        ("Okafor", "Harbour plan \u2018a gift to developers\u2019 and rushed.", "mixed")
    ]


def test_a_speaker_phrase_head_needs_no_name_in_the_body():
    text = "Survey: Most tenants cannot afford the new rents.\n\nThe housing charity asked 2,000 renters."
    assert headline_mentions(text) == [("Survey", "Most tenants cannot afford the new rents.", "indirect")]


@pytest.mark.parametrize(
    "headline",
    [
        "BOOM: The port deal will cost the city jobs.",  # a kicker in capitals
        "Breaking: The port deal will cost the city jobs.",  # a kicker
        "The Latest: The port deal will cost the city jobs.",  # a series title, led by a determiner
        "Lindqvist: The port deal will cost the city jobs.",  # a label the body never uses
        "Okafor: Will the port deal cost the city jobs?",  # a question claims nothing
        "Okafor: Rushed.",  # too short to say anything
    ],
)
def test_labels_that_name_no_speaker_and_headlines_that_claim_nothing_give_nothing(headline: str):
    assert headline_mentions(headline + BODY) == []


def test_a_name_only_at_the_start_of_body_sentences_is_no_evidence():
    # "Harbour" opens a sentence: a capital there says nothing about a name
    text = "Harbour: The port deal will cost the city jobs.\n\nHarbour fees rose again. The council met."
    assert headline_mentions(text) == []


def test_only_the_first_paragraph_of_a_longer_text_is_a_headline():
    assert headline_mentions("Okafor: The port deal will cost the city jobs.") == []  # no body
    text = "The council met on Monday." + BODY + "\n\nOkafor: The port deal will cost the city jobs."
    assert headline_mentions(text) == []


@pytest.mark.parametrize(
    ("words", "quote_type"),
    [
        ("\u2018We will not sell the harbour.\u2019", "direct"),
        ("'We will not sell the harbour.'", "direct"),
        ("Harbour plan \u2018a gift to developers\u2019 and rushed.", "mixed"),
        ("\u2018Rushed\u2019 plan will cost \u2018hundreds\u2019 of jobs.", "mixed"),
        ("The council can't sell the harbour.", "indirect"),  # an apostrophe opens no quotation
    ],
)
def test_a_headline_statement_is_typed_by_its_quotation_marks_single_ones_included(words: str, quote_type: str):
    assert headline_mentions("Okafor: " + words + BODY) == [("Okafor", words, quote_type)]


def test_the_label_says_the_headline_whole_in_place_of_a_report_its_words_make():
    # "I'd consider": the rules read `I` as the speaker of "a future White House bid"; the label said it all
    text = "Okafor: I'd consider a run for mayor next year.\n\nCouncillor Amaka Okafor spoke to reporters on Monday."
    found = [(m.rule, m.speaker_text, m.content) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert found == [("indirect.headline_label", "Okafor", "I'd consider a run for mayor next year.")]


@pytest.mark.parametrize(
    "headline, kept",
    [
        # the quotation's speaker is the label already (`Name: "…"`): it stays, no second mention
        (
            'Okafor: "The port deal will cost the city every single job it ever promised to create"',
            ("direct.name_colon", "Okafor", "assertion"),
        ),
        # a denial is what the claim graph is for: the headline's words stay the denier's
        ("Okafor: Lindqvist denied the port deal will cost jobs.", ("indirect.x_verb_to", "Lindqvist", "denial")),
    ],
)
def test_a_report_in_the_headline_that_is_no_part_of_the_labels_statement_stays(headline: str, kept: tuple) -> None:
    text = headline + "\n\nCouncillor Amaka Okafor spoke to reporters on Monday about Lindqvist."
    found = [(m.rule, m.speaker_text, m.polarity) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert found == [kept]


@pytest.mark.parametrize(
    "body",
    [
        "Councillor Amaka Okafor spoke about Lindqvist.",
        "Councillor Amaka Okafor spoke on Monday. Ms. Lindqvist spoke too.",  # a name after a title's stop
        'Councillor Amaka Okafor spoke on Monday. "We will fight on," Lindqvist said.',  # after a frame
    ],
)
def test_a_report_by_someone_the_headline_names_stays_beside_the_labels_statement(body: str):
    text = "Okafor: Lindqvist said the port deal will cost jobs.\n\n" + body
    found = [(m.rule, m.speaker_text, m.content) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert ("indirect.x_said_that", "Lindqvist", "the port deal will cost jobs") in found
    assert ("indirect.headline_label", "Okafor", "Lindqvist said the port deal will cost jobs.") in found


def test_a_report_whose_words_hold_the_label_gives_way_to_the_labels_statement():
    text = (
        "Okafor: The port deal will cost jobs, Lindqvist says\n\nCouncillor Amaka Okafor spoke, and Lindqvist replied."
    )
    found = [(m.rule, m.speaker_text, m.content) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert found == [("indirect.headline_label", "Okafor", "The port deal will cost jobs, Lindqvist says")]


def test_a_report_a_narrated_denial_targets_keeps_its_denial():
    text = (
        "Okafor: Lindqvist said the port deal will cost jobs, which Clinton denied.\n\n"
        "Councillor Amaka Okafor spoke about Lindqvist and Clinton."
    )
    found = [(m.rule, m.speaker_text, m.polarity) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert ("nested.narrated_denial", "Clinton", "denial") in found
    assert ("indirect.x_said_that", "Lindqvist", "assertion") in found


@pytest.mark.parametrize(
    "body",
    [
        "Sen. Rubio spoke to reporters on Monday.",  # after a title's full stop
        '"It is a bad plan," Rubio told reporters on Monday.',  # after a quotation's frame
    ],
)
def test_a_label_the_body_names_inside_a_sentence_after_a_title_or_a_quotation_speaks(body: str):
    assert headline_mentions("Rubio: The tax plan will hurt working families\n\n" + body) == [
        ("Rubio", "The tax plan will hurt working families", "indirect")
    ]
