"""Where a report's content stops before a second clause (`pipeline.clauses`)."""

from __future__ import annotations

import pytest

from claimex.backends.rules import extract_rules
from claimex.clauses import joins_clauses
from claimex.lexicon import NEW_CLAUSE
from claimex.models import Document
from claimex.segment import segment


def _joins(text: str) -> bool:
    m = NEW_CLAUSE.search(text)
    assert m is not None, text
    return joins_clauses(text, 0, m.start(), m.start(1), len(text))


@pytest.mark.parametrize(
    "text",
    [
        "the vote was fair, but the count took a week",
        "to spend millions on new roads, and it hopes to reap benefits",
        "taxes would rise, while Democrats said they would fall",
        "the deal, which cost $5 billion, was fair, but the board disagreed",
    ],
)
def test_two_clauses_are_joined(text: str) -> None:
    assert _joins(text)


@pytest.mark.parametrize(
    "text",
    [
        "he expects Obama, Abe, and Park to show unity",
        "officials have talked with Chinese, Japanese, and South Korean officials",
        "that Donald Trump, even as a candidate, had raised the dangers",
        "the town, and its two villages, had lost power",
        "the server was unprotected, and he had total access to it",
        "Russia would provide security, while China would bring its money",
    ],
)
def test_lists_phrases_set_off_and_backshifted_clauses_end_no_report(text: str) -> None:
    assert not _joins(text)


def test_a_date_between_commas_is_no_list() -> None:
    # "Sept. 11, 2001, attacks, and the U.S. …": the items are a date's parts, the clause is real
    assert _joins("denied any role in the Sept. 11, 2001, attacks, and the U.S. has never accused it")


def test_a_report_keeps_a_list_whole() -> None:
    body = "The mayor said the city is safe thanks to the police, new cameras, and a better bond with residents."
    seg = segment(Document(doc_id="x", text="A headline without a stop\n\n" + body + "\n\nA closing paragraph."))
    said = [m for m in extract_rules(seg) if m.cue == "said"]
    assert said and said[0].content.endswith("a better bond with residents")


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The president has never denied", True),
        ("The company did not publicly deny", True),
        ("Lopez didn\u2019t dispute", True),
        ("The president has denied", False),
        ("Nothing was denied", False),
    ],
)
def test_a_negation_in_the_verb_group_before_the_cue(text: str, negated: bool):
    from claimex.clauses import negated_at

    assert negated_at(text + " that …", len(text) - len(text.split()[-1])) is negated
