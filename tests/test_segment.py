"""Stage 2: paragraphs, sentences and quotation spans, with offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.ingest import read_txt
from claimex.models import Document
from claimex.segment import segment


def _seg(text):
    return segment(Document(doc_id="t", text=text))


def test_paragraphs_and_sentences():
    s = _seg("First one. Mr. Smith said so.\n\nSecond para here.")
    t = s.text
    assert [t[p.start : p.end] for p in s.paragraphs] == ["First one. Mr. Smith said so.", "Second para here."]
    assert [t[x.start : x.end] for x in s.sentences] == ["First one.", "Mr. Smith said so.", "Second para here."]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        # a hard-wrapped line goes on in lower case: one paragraph, one quotation
        ('"The ferry will run all winter and we will\nadd two boats," Ortiz said.', 1),
        ("The ferry will run all winter and\r\nadd two boats.", 1),
        # a line that ends a sentence, a capital after the break, or a blank line: a new paragraph
        ("The ferry will run all winter.\nadd two boats.", 2),
        ('The ferry will run "all winter"\nand add two boats.', 2),
        ("The ferry will run all winter and\nOrtiz said so.", 2),
        ("The ferry will run all winter and\n\nadd two boats.", 2),
    ],
)
def test_a_hard_wrapped_line_continues_its_paragraph(text, paragraphs):
    s = _seg(text)
    assert len(s.paragraphs) == paragraphs
    assert s.paragraphs[0].start == 0 and s.paragraphs[-1].end == len(text.rstrip())
    if paragraphs == 1:
        assert [(q.closed, q.opened) for q in s.quotes] == [(True, True)] * len(s.quotes)


def test_reopened_quote_over_paragraphs_is_one_group(seeds_dir):
    s = segment(read_txt(seeds_dir / "004_64fc94dd51d51a14.txt"))
    t = s.text
    piece = next(q for q in s.quotes if t[q.inner_start :].startswith("It has been alleged"))
    group = [q for q in s.quotes if q.group == piece.group]
    assert len(group) == 2
    assert not group[0].closed and group[1].closed
    assert t[group[1].inner_start : group[1].inner_end] == "This along with many other claims is completely false."


def test_statement_closed_many_paragraphs_later_covers_them_all(seeds_dir):
    s = segment(read_txt(seeds_dir / "001_848ccde61a241345.txt"))
    t = s.text
    start = next(q for q in s.quotes if t[q.inner_start :].startswith("I have this morning"))
    group = [q for q in s.quotes if q.group == start.group]
    assert len(group) == 20
    assert t[group[-1].inner_start : group[-1].inner_end] == "I will make no further comment at this stage."
    assert any(t[q.inner_start : q.inner_end].startswith("This - along with") for q in group)


def test_straight_curly_and_double_apostrophe_quotes():
    s = _seg("He said \"one\" and \u201ctwo\u201d and ''three''.")
    t = s.text
    assert [t[q.inner_start : q.inner_end] for q in s.quotes] == ["one", "two", "three"]


def test_stray_quote_does_not_swallow_the_article():
    text = 'A stray " mark here.\n\nNext paragraph.\n\nThird "quoted" one.'
    s = _seg(text)
    assert all(s.text[q.start : q.end].count("\n\n") == 0 for q in s.quotes)


_pieces = st.sampled_from(
    list("ab .,!?\"\u201c\u201d'\n\r:;-\u2014M") + ["Mr. ", "He said ", "\u00e9", "\U0001f600", "''", "\n\n"]
)
text_st = st.lists(_pieces, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text_st)
def test_spans_always_lie_inside_the_text_and_in_order(text):
    s = _seg(text)
    n = len(text)
    for p in s.paragraphs + s.sentences:
        assert 0 <= p.start < p.end <= n
    for q in s.quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= n
    starts = [x.start for x in s.sentences]
    assert starts == sorted(starts)


def test_curly_quotation_nested_in_a_straight_one_does_not_close_it():
    """Sites quoting an excerpt in straight marks keep the excerpt's own curly quotes inside."""
    text = '"Jones walked onto the stage, chanting \u201cU-S-A!\u201d\n\n\u201cThat\u2019s right,\u201d she said.\n'
    doc = Document(doc_id="t", text=text)
    pieces = [(text[q.start : q.end], q.closed, q.group) for q in segment(doc).quotes]
    assert pieces[0] == ('"Jones walked onto the stage, chanting', False, 0)
    assert pieces[1] == ("\u201cU-S-A!\u201d", True, 1)
    # a paragraph opening with the other style of mark does not continue the unclosed straight one
    assert pieces[2][0] == "\u201cThat\u2019s right,\u201d" and pieces[2][2] == 2


def test_curly_quotation_nested_in_a_curly_one():
    text = "\u201cI\u2019d rather live in what he calls \u201chell\u201d than live with him,\u201d she said.\n"
    [q] = _seg(text).quotes
    assert (
        text[q.start : q.end]
        == "\u201cI\u2019d rather live in what he calls \u201chell\u201d than live with him,\u201d"
    )
    assert q.closed and q.opened


def test_no_sentence_ends_after_an_abbreviated_title():
    from claimex.lexicon import NAME_TITLE_ABBREVIATIONS

    for title in sorted(NAME_TITLE_ABBREVIATIONS) + ["amb", "atty", "cpl", "msgr", "pvt", "fr"]:
        text = f"The hearing ended late. {title.capitalize()}. Jo Marsh said the ruling was wrong."
        s = _seg(text)
        assert [text[x.start : x.end] for x in s.sentences] == [
            "The hearing ended late.",
            f"{title.capitalize()}. Jo Marsh said the ruling was wrong.",
        ]


def test_a_sentence_may_start_with_a_capital_of_any_script_but_not_a_small_letter():
    for name in ("\u00c9mile", "\u03a3\u03c9\u03ba\u03c1\u03ac\u03c4\u03b7\u03c2", "\u0416\u0430\u043d\u043d\u0430"):
        text = f"The vote was close. {name} said it was fair."
        assert [text[x.start : x.end] for x in _seg(text).sentences] == [
            "The vote was close.",
            f"{name} said it was fair.",
        ]
    text = "The vote was close. \u00e9lan mattered more."
    assert len(_seg(text).sentences) == 1


@pytest.mark.parametrize("mark", ['"', "\u201c", "'", "''"])
def test_a_sentence_may_start_with_an_opening_quotation_mark_of_any_style(mark):
    # wire copy writes a double quote as two apostrophes (''like this''): the sentence before ends
    close = {"\u201c": "\u201d"}.get(mark, mark)
    text = f"Ada Lund said the vote was fair. {mark}We won,{close} she said."
    assert [text[x.start : x.end] for x in _seg(text).sentences] == [
        "Ada Lund said the vote was fair.",
        f"{mark}We won,{close} she said.",
    ]


def test_a_run_of_initials_ends_no_sentence_a_states_abbreviation_does():
    text = "Former President George H.W. Bush spoke first. J.D. Harrow said the vote was fair."
    assert [text[x.start : x.end] for x in _seg(text).sentences] == [
        "Former President George H.W. Bush spoke first.",
        "J.D. Harrow said the vote was fair.",
    ]
    text = "The rally was held in Trenton, N.J. Roger Lane said the crowd was small."
    assert [text[x.start : x.end] for x in _seg(text).sentences] == [
        "The rally was held in Trenton, N.J.",
        "Roger Lane said the crowd was small.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (  # an abbreviation that can stand last ends its sentence before a word that opens one
            "Polls close at 7 p.m. He says the count starts at once.",
            ["Polls close at 7 p.m.", "He says the count starts at once."],
        ),
        ("The ban covers travel to the U.S. The department agreed.", None),
        ("Shares of Acme Inc. But the board said no.", None),
        ("The firm moved to the U.S. They\u2019re hiring now.", None),  # a contraction opens one too
        # ... and not before a name, a title, an opening quotation mark, or a Title Case headline's words
        ("With A Green Light From The U.S. And Iran", ["With A Green Light From The U.S. And Iran"]),
        ("Talks With Acme Inc. The Union Walks Out", ["Talks With Acme Inc. The Union Walks Out"]),
        ("Polls close at 7 p.m. Eastern time, she said.", ["Polls close at 7 p.m. Eastern time, she said."]),
        ("He joined the U.S. Senate in 2005.", ["He joined the U.S. Senate in 2005."]),
        ('At 9 a.m. "The vote is open," she said.', ['At 9 a.m. "The vote is open," she said.']),
        ("Gen. He Weidong spoke first.", ["Gen. He Weidong spoke first."]),  # a title never ends one
    ],
)
def test_an_abbreviation_ends_a_sentence_only_before_a_word_that_opens_one(text, sentences):
    if sentences is None:
        cut = text.index(". ") + 1
        sentences = [text[:cut], text[cut + 1 :]]
    assert [text[x.start : x.end] for x in _seg(text).sentences] == sentences


def test_a_content_keeps_the_full_stop_of_its_last_abbreviation():
    from claimex.segment import with_abbreviation_stop

    text = "He wants a ban on travel to the U.S. The rest followed."
    hi = text.index("U.S.") + 3
    assert text[: with_abbreviation_stop(text, 0, hi)].endswith("the U.S.")
    text = "He spoke in Washington. The rest followed."
    hi = text.index(".")
    assert with_abbreviation_stop(text, 0, hi) == hi  # a sentence's own stop stays out
    text = "They met at 9 a.m."  # at the text's end; a content holding only the word, or part of it
    assert with_abbreviation_stop(text, 0, len(text) - 1) == len(text)
    assert with_abbreviation_stop(text, len(text) - 4, len(text) - 1) == len(text)
    assert with_abbreviation_stop(text, len(text) - 3, len(text) - 1) == len(text) - 1  # ".m" is no word
    assert with_abbreviation_stop(text, 0, len(text)) == len(text)  # nothing after it
