"""Documents that quote with single curly marks (‘…’) and print no double mark (pipeline/quotestyle.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimex.backends.rules import RuleExtractor
from claimex.models import Document
from claimex.quotestyle import as_double_quotes, single_quoted
from claimex.run import process_document

BRITISH = (
    "Council defends bin plan\n\n"
    "Councillor Ann Thewlis said: \u2018Nobody likes change, but the numbers don\u2019t add up.\u2019\n\n"
    "\u2018I\u2019ve got four kids and one bin,\u2019 said mother-of-four Kerry Lund.\n\n"
    "Rival Jo Dhillon branded the workers\u2019 plan \u2018a disgrace\u2019.\n"
)


def test_only_a_document_with_single_marks_and_no_double_mark_is_single_quoted():
    assert single_quoted(BRITISH)
    assert not single_quoted("He said \u201cno\u201d and \u2018maybe\u2019.")
    assert not single_quoted("It\u2019s over, he said.")  # apostrophes only: no opening mark
    assert not single_quoted("She said ''no'' to \u2018them\u2019.")


def test_opening_and_closing_marks_become_double_and_apostrophes_stay():
    out = as_double_quotes(BRITISH)
    assert "\u201cNobody likes change, but the numbers don\u2019t add up.\u201d" in out
    assert "\u201cI\u2019ve got four kids and one bin,\u201d" in out
    assert "the workers\u2019 plan \u201ca disgrace\u201d" in out


@given(st.text(alphabet="ab s,.\n\u2018\u2019", max_size=200))
def test_the_copy_has_the_same_length_and_changes_only_single_marks(text: str):
    out = as_double_quotes(text)
    assert len(out) == len(text)
    for a, b in zip(text, out):
        assert a == b or (a, b) in {("\u2018", "\u201c"), ("\u2019", "\u201d")}


def test_quotations_in_single_marks_are_found_and_mentions_stay_verbatim():
    doc = Document(doc_id="uk", text=BRITISH)
    result = process_document(doc, RuleExtractor())
    direct = {m.mention.speaker_text: m for m in result.mentions if m.quote_type == "direct"}
    assert "Kerry Lund" in direct  # before: the quotation was not found at all
    for g in result.mentions:
        assert g.mention.text == BRITISH[g.mention.start : g.mention.end]
    assert "\u2018I\u2019ve got four kids and one bin,\u2019" in direct["Kerry Lund"].mention.text


def test_a_claims_content_loses_its_enclosing_single_marks():
    from claimex.claimtext import clean_content

    assert clean_content("\u2018Nobody likes change, but it adds up.\u2019") == "Nobody likes change, but it adds up."
    split = "\u2018We looked at every option,\u2019 she added. \u2018This is the fairest.\u2019"
    assert clean_content(split) == "We looked at every option. This is the fairest."
    assert clean_content("It\u2019s the workers\u2019 plan.") == "It\u2019s the workers\u2019 plan."


TYPEWRITTEN = (
    "Farmers defend drainage plan\n\n"
    "'We are farmers, not vandals,' said Colin Marsh. 'We've looked after this land for generations.'\n\n"
    "The trust called the survey 'a desk exercise' and said it won't accept it.\n\n"
    "'This is the last place they breed,' said Dr Ann Lee, who has studied the birds since the '90s.\n"
)


def test_typewriter_single_marks_read_as_quotation_marks_where_they_pair_and_apostrophes_stay():
    assert single_quoted(TYPEWRITTEN)
    out = as_double_quotes(TYPEWRITTEN)
    assert "\u201cWe are farmers, not vandals,\u201d" in out
    assert "\u201cWe've looked after this land for generations.\u201d" in out
    assert "\u201ca desk exercise\u201d and said it won't" in out
    assert "since the '90s." in out  # a mark before a digit opens nothing
    assert not single_quoted("It's the farmers' plan, and they won't sell.")  # apostrophes only


@given(st.text(alphabet="ab s,.\n'", max_size=200))
def test_the_typewriter_copy_has_the_same_length_and_changes_only_those_marks(text: str):
    out = as_double_quotes(text)
    assert len(out) == len(text)
    for a, b in zip(text, out):
        assert a == b or (a, b) in {("'", "\u201c"), ("'", "\u201d")}


def test_quotations_in_typewriter_marks_are_direct_claims_with_clean_contents():
    from claimex.claimtext import clean_content

    doc = Document(doc_id="uk", text=TYPEWRITTEN)
    result = process_document(doc, RuleExtractor())
    direct = {m.mention.speaker_text: m for m in result.mentions if m.quote_type == "direct"}
    assert "Colin Marsh" in direct  # before: read as an indirect report with its marks in the content
    for g in result.mentions:
        assert g.mention.text == TYPEWRITTEN[g.mention.start : g.mention.end]
    assert clean_content("'We are farmers, not vandals.'") == "We are farmers, not vandals."


def test_a_quotation_that_only_opens_a_content_keeps_its_marks():
    from claimex.claimtext import clean_content

    assert clean_content("'Personal Insult' if voters stay home") == "'Personal Insult' if voters stay home"
    assert (
        clean_content("\u2018Personal Insult\u2019 if voters stay home")
        == "\u2018Personal Insult\u2019 if voters stay home"
    )


def test_one_elided_letter_between_two_marks_is_no_quotation():
    out = as_double_quotes("He loved rock 'n' roll and called it 'the best music' of all.")
    assert "rock 'n' roll" in out and "\u201cthe best music\u201d" in out


def test_a_quotation_opening_with_a_one_letter_word_and_an_apostrophe_is_one():
    # 'I'm and 'I'll: the apostrophe two characters after the opening mark is no elision's end
    text = "'I'm not sure,' she said. 'I'll be in the front row for the last one.'"
    out = as_double_quotes(text)
    assert out == "\u201cI'm not sure,\u201d she said. \u201cI'll be in the front row for the last one.\u201d"
