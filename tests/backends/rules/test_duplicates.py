"""A quotation at the edge of a reported statement of the same speaker is that statement found twice
(`backends/rules/duplicates.py`); made-up sentences and mentions, no article text."""

from __future__ import annotations

import pytest

from claimex.backends.rules import extract_rules, unfiltered_mentions
from claimex.backends.rules.doc import Doc
from claimex.backends.rules.duplicates import drop_edge_duplicates, join_framed_quotations, join_quotation_halves
from claimex.models import Document, ExtractedMention
from claimex.segment import segment

TEXT = "The mayor said that the budget, which the council passed on Monday, \u201cwill keep every library open.\u201d"
QUOTE = "\u201cwill keep every library open.\u201d"


def _seg(text: str):
    return segment(Document(doc_id="t", text=text))


def _mention(local_id: str, text: str, part: str, rule: str, speaker: str | None, **kw) -> ExtractedMention:
    """A mention of `part` (a substring of `text`) with its content offset."""
    return ExtractedMention(
        local_id=local_id, content=part, content_hint=text.index(part), rule=rule, speaker_text=speaker, **kw
    )


def test_the_patterns_find_the_quotation_twice_and_the_backend_keeps_the_statement():
    found = [(m.rule, m.content) for m in unfiltered_mentions(_seg(TEXT))]
    assert ("direct.x_said_colon", QUOTE) in found  # the premise: pass 1 finds the quotation on its own
    kept = [(m.rule, m.content) for m in extract_rules(_seg(TEXT))]
    assert kept == [("indirect.x_said_that", TEXT[TEXT.index("that") :])]


def _pair(inner: str, inner_speaker: str | None, outer_speaker: str | None, **kw) -> list[ExtractedMention]:
    text = "Jo Park said that whatever the council decides, \u201cthe libraries will stay open.\u201d"
    outer = _mention("m0", text, text[text.index("that") :], "indirect.x_said_that", outer_speaker)
    return [outer, _mention("m1", text, inner, "direct.x_said_colon", inner_speaker, **kw)]


@pytest.mark.parametrize(
    "inner, inner_speaker, outer_speaker, kept",
    [
        # the quotation ends the statement, same speaker phrase (any case): one statement
        ("\u201cthe libraries will stay open.\u201d", "Jo Park", "Jo Park", ["m0"]),
        ("\u201cthe libraries will stay open.\u201d", "jo park", "Jo Park", ["m0"]),
        # another speaker: two statements as often as one, both stay
        ("\u201cthe libraries will stay open.\u201d", "Ann Lee", "Jo Park", ["m0", "m1"]),
        # inside the statement but at neither edge: both stay
        ("whatever the council decides", "Jo Park", "Jo Park", ["m0", "m1"]),
        # no speaker on either side is no evidence of one speaker
        ("\u201cthe libraries will stay open.\u201d", None, None, ["m0", "m1"]),
    ],
)
def test_a_quotation_at_the_edge_of_the_same_speakers_statement_is_dropped(inner, inner_speaker, outer_speaker, kept):
    assert [m.local_id for m in drop_edge_duplicates(_pair(inner, inner_speaker, outer_speaker))] == kept


def test_the_same_frame_counts_as_the_same_speaker_whatever_its_wording():
    ms = _pair("\u201cthe libraries will stay open.\u201d", "Park", "Jo Park")
    ms = [m.model_copy(update={"speaker_hint": 0}) for m in ms]
    assert [m.local_id for m in drop_edge_duplicates(ms)] == ["m0"]


def test_denials_and_what_they_deny_stay():
    ms = _pair("\u201cthe libraries will stay open.\u201d", "Jo Park", "Jo Park", polarity="denial")
    assert len(drop_edge_duplicates(ms)) == 2
    denier = ExtractedMention(local_id="m2", content="it is false", denies=("m1",), rule="nested.reported_denial")
    assert (
        len(drop_edge_duplicates([*_pair("\u201cthe libraries will stay open.\u201d", "Jo Park", "Jo Park"), denier]))
        == 3
    )


def test_a_reported_statement_is_never_dropped_for_a_quotation_inside_it():
    """Only quotations (pass 1) give way: the statement holds the quotation and more."""
    text = "Jo Park said that the plan \u201cwill work.\u201d"
    outer = _mention("m0", text, text[text.index("that") :], "indirect.x_said_that", "Jo Park")
    inner = _mention("m1", text, "the plan", "learned.R", "Jo Park")
    assert len(drop_edge_duplicates([outer, inner])) == 2


HALVES = "The mayor spoke.\n\n\u201cThe water is bad,\u201d Ms. Jane Roe said, \u201cand it is hard to fix.\u201d"


def test_pass_one_leaves_the_halves_apart_when_the_title_splits_the_speaker_phrases():
    """The premise: the second half's frame subject lacks the title, so pass 1 does not join them."""
    rules = [m.rule for m in unfiltered_mentions(_seg(HALVES)) if (m.rule or "").startswith("direct.")]
    assert len(rules) == 2


def test_a_second_half_that_goes_on_with_the_sentence_is_joined_to_the_first():
    found = [(m.speaker_text, m.content) for m in extract_rules(_seg(HALVES))]
    assert found == [("Ms. Jane Roe", HALVES[HALVES.index("\u201cThe water") :])]


def test_a_second_quotation_that_starts_a_sentence_stays_apart():
    text = HALVES.replace("\u201cand it is", "\u201cIt is")
    assert len([m for m in extract_rules(_seg(text)) if (m.rule or "").startswith("direct.")]) == 2


def _halves(second_speaker_hint: int | None, **kw) -> tuple[str, list[ExtractedMention]]:
    first = _mention("m0", HALVES, "\u201cThe water is bad,\u201d", "direct.trailing_x_said", "Ms. Jane Roe")
    second = _mention("m1", HALVES, "\u201cand it is hard to fix.\u201d", "direct.x_said_colon", "Roe", **kw)
    return HALVES, [first, second.model_copy(update={"speaker_hint": second_speaker_hint})]


def test_the_second_half_needs_its_frame_between_the_halves():
    text, ms = _halves(text_pos := HALVES.index("Roe said"))
    assert [m.content for m in join_quotation_halves(Doc(_seg(text)), ms)] == [text[text.index("\u201cThe") :]]
    text, ms = _halves(None)  # no frame of its own: pass 1's business, not this step's
    assert len(join_quotation_halves(Doc(_seg(text)), ms)) == 2
    text, ms = _halves(text_pos, polarity="denial")  # the claim graph links it: stays
    assert len(join_quotation_halves(Doc(_seg(text)), ms)) == 2


# The news convention: a quoted paragraph with no closing mark goes on in the next, which opens with
# a quotation mark. Pass 1 gives the next paragraph's piece the same speaker and a mention of its own,
# and the consolidation leaves it so: joining the paragraphs scored better on PolNeAR (one attribution
# in its gold) but outlets reprint a statement in part, and the cross-article merge needs each
# paragraph as a claim of its own (README, "One statement, one mention").
RUN_ON = (
    "The council met on Tuesday.\n\n"
    "Mayor Jo Park said: \u201cWe will open two new libraries next spring and hire twelve librarians.\n\n"
    "\u201c{second}\u201d\n\n"
    "The vote is next week."
)
SECOND = "Nobody will lose a branch while I am in office, and the money is already there."


def _quotations(text: str) -> list[tuple[str | None, str]]:
    return [(m.speaker_text, m.content) for m in extract_rules(_seg(text)) if (m.rule or "").startswith("direct.")]


def test_the_next_paragraph_of_a_run_on_quotation_keeps_the_speaker_and_a_mention_of_its_own():
    text = RUN_ON.format(second=SECOND)
    first = text[text.index("\u201cWe") : text.index("librarians.") + len("librarians.")]
    assert _quotations(text) == [("Jo Park", first), ("Jo Park", f"\u201c{SECOND}\u201d")]


@pytest.mark.parametrize("closed", ["", "\u201d"])
def test_a_paragraph_that_opens_with_someone_elses_quotation_gets_that_speaker(closed: str):
    text = RUN_ON.format(second=SECOND[:-1] + ",").replace("librarians.\n", f"librarians.{closed}\n")
    text = text.replace("\u201d\n\nThe vote", "\u201d said Ann Lee, the treasurer.\n\nThe vote")
    assert [speaker for speaker, _ in _quotations(text)] == ["Jo Park", "Ann Lee"]


# A statement issued in several paragraphs that closes on its signature line (`"A.\nJo Park, Acme."`):
# the last piece names the speaker, it is no statement of its own.
SIGNED = (
    "The council met on Tuesday.\n\n"
    "\u201cWe will open two new libraries next spring and hire twelve librarians.\n"
    "{signature}\u201d\n\n"
    "The vote is next week."
)


@pytest.mark.parametrize(
    ("signature", "name"),
    [
        ("Jo Park, Friends of the Library.", "Jo Park"),
        ("Former NAACP president Jo Park.", "Jo Park"),
        ("Bill Clinton.", "Bill Clinton"),
    ],
)
def test_a_signature_line_closing_a_quotation_is_its_speaker_not_a_statement(signature: str, name: str):
    text = SIGNED.format(signature=signature)
    first = text[text.index("\u201cWe") : text.index("librarians.") + len("librarians.")]
    assert _quotations(text) == [(name, first)]


@pytest.mark.parametrize("last", ["We will win.", "God Bless America.", "Never Again.", "Thank You America."])
def test_a_short_closing_sentence_is_no_signature(last: str):
    text = SIGNED.format(signature=last)
    assert [content for _, content in _quotations(text)][-1].startswith(last)


# A reported statement holding a quotation, its frame, then a quotation with no frame of its own in
# the same paragraph: one statement (on PolNeAR train one gold attribution spans both in 12 of 13).
FRAMED = "The council met on Tuesday.\n\nThe new budget is also a \u201cgood start,\u201d Park said.{gap}\u201c{quote}\u201d\n\nThe vote is next week."
SPOKEN = "We will open two new libraries next spring and hire twelve librarians."


def _all(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(m.rule, m.speaker_text, m.content) for m in extract_rules(_seg(text))]


def test_a_quotation_after_a_reported_statements_frame_in_its_paragraph_joins_the_statement():
    text = FRAMED.format(gap=" ", quote=SPOKEN)
    joined = text[text.index("The new") : text.index("librarians.") + len("librarians.\u201d")]
    assert _all(text) == [("indirect.trailing_x_said", "Park", joined)]


def test_a_quotation_in_the_next_paragraph_stays_its_own_mention():
    text = FRAMED.format(gap="\n\n", quote=SPOKEN)
    assert [rule for rule, _, _ in _all(text)] == ["indirect.trailing_x_said", "direct.unattributed"]


def test_join_framed_quotations_needs_the_frame_between_and_leaves_linked_mentions():
    text = FRAMED.format(gap=" ", quote=SPOKEN)
    statement = text[text.index("The new") : text.index("\u201cgood start,\u201d") + len("\u201cgood start,\u201d")]
    quote = f"\u201c{SPOKEN}\u201d"
    frame_at = text.index("Park said")
    a = _mention("m0", text, statement, "indirect.trailing_x_said", "Park", speaker_hint=frame_at)
    b = _mention("m1", text, quote, "direct.unattributed", None)
    d = Doc(_seg(text))
    assert [m.content for m in join_framed_quotations(d, [a, b])] == [
        text[text.index("The new") : text.index(quote) + len(quote)]
    ]
    before = a.model_copy(update={"speaker_hint": text.index("The new")})  # a frame before the statement
    assert len(join_framed_quotations(d, [before, b])) == 2
    assert len(join_framed_quotations(d, [a, b.model_copy(update={"polarity": "denial"})])) == 2
