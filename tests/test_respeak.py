"""Speaker repairs after the keep filter (pipeline/attribution/respeak.py), on made-up sentences only."""

from __future__ import annotations

import pytest

from claimex.attribution.respeak import (
    according_to_in_content,
    better_speaker,
    dashed_name_before,
    inner_frame,
    name_after_inverted_cue,
    narration_subject_before,
    past_dateline,
    past_document_opener,
    past_issued_document,
    past_opening_clause,
    past_relative_aside,
    repair_speakers,
)
from claimex.models import Document, ExtractedMention, Span, Speaker
from claimex.segment import segment


def _seg(text: str):
    return segment(Document(doc_id="x", text=text))


def _mention(content: str, text: str, rule: str, speaker: str | None = None, **kw) -> ExtractedMention:
    return ExtractedMention(
        local_id="m0",
        content=content,
        speaker_text=speaker,
        speaker=Speaker(kind="group" if speaker else "unnamed"),
        content_hint=text.index(content),
        speaker_hint=text.index(speaker) if speaker else None,
        rule=rule,
        **kw,
    )


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        (
            "PORTVILLE (AP) \u2014 Mayor Jean Dupont on Monday urged calm.",
            "PORTVILLE (AP) \u2014 Mayor Jean Dupont",
            "Mayor Jean Dupont",
        ),
        ("LAKETOWN - Senator Ana Ruiz pledged to fight the levy.", "LAKETOWN - Senator Ana Ruiz", "Senator Ana Ruiz"),
    ],
)
def test_a_dateline_opening_the_speaker_phrase_gives_way_to_the_phrase_after_it(text, phrase, expected):
    assert past_dateline(text, phrase, 0) == (expected, text.index(expected))


def test_a_speaker_phrase_without_a_dateline_stays():
    text = "Mayor Jean Dupont on Monday urged calm."
    assert past_dateline(text, "Mayor Jean Dupont", 0) is None


def test_according_to_in_a_content_names_its_source():
    text = "The governor now leads the race by four points, according to a new state poll."
    content = text[text.index("leads") : -1]
    start = text.index(content)
    assert according_to_in_content(text, start, start + len(content)) == ("a new state poll", text.index("a new state"))


def test_according_to_inside_quotation_marks_is_the_quoted_words():
    text = 'The mayor calls the plan "a fine idea, according to everyone I meet" and moves on.'
    start = text.index("the plan")
    assert according_to_in_content(text, start, len(text) - 1) is None


def test_a_speaker_in_an_opening_clause_gives_way_to_the_subject_after_it():
    text = "On his website, Moonwatch.example, and his radio show, Jones promotes odd ideas about the tides."
    sentence = Span(start=0, end=len(text))
    got = past_opening_clause(text, sentence, text.index("Moonwatch"), text.index("odd ideas"))
    assert got == ("Jones", text.index("Jones"))


def test_a_sentence_opening_with_its_subject_keeps_its_speaker():
    text = "Jones, a radio host, promotes odd ideas about the tides."
    sentence = Span(start=0, end=len(text))
    assert past_opening_clause(text, sentence, 0, text.index("odd ideas")) is None


QUOTED = "The council met on Tuesday.\n\nJane Doe echoed:  \u201cHe speaks his mind, and that is what this town needs now.\u201d"


def test_an_unframed_quotation_is_spoken_by_the_narration_before_it():
    seg = _seg(QUOTED)
    assert narration_subject_before(seg, QUOTED.index("\u201c")) == ("Jane Doe", QUOTED.index("Jane"))


def test_a_quotation_opening_its_paragraph_has_no_narration_before_it():
    text = "The council met on Tuesday.\n\n\u201cHe speaks his mind, and that is what this town needs now.\u201d"
    assert narration_subject_before(_seg(text), text.index("\u201c")) is None


def test_repair_speakers_repairs_the_speaker_and_leaves_its_kind_to_the_speaker_stage():
    seg = _seg(QUOTED)
    quote = QUOTED[QUOTED.index("\u201c") :]
    unframed = _mention(quote, QUOTED, "direct.unattributed")
    framed = _mention(quote, QUOTED, "direct.x_said_colon", speaker="Jane Doe")
    out = repair_speakers(seg, [unframed, framed])
    assert (out[0].speaker_text, out[0].speaker_hint, out[0].speaker.kind) == (
        "Jane Doe",
        QUOTED.index("Jane"),
        "unknown",
    )
    assert out[0].content == unframed.content and out[0].rule == unframed.rule
    assert out[1] is framed  # a framed quotation's speaker is the frame's: no repair


def test_a_learned_addition_with_according_to_takes_its_source():
    text = "Mr. Lane is viewed favourably by most voters in the district, according to a county survey."
    seg = _seg(text)
    m = _mention(text[text.index("favourably") : -1], text, "learned.R", speaker="Mr. Lane")
    assert better_speaker(seg, m) == ("a county survey", text.index("a county"))
    # a rule mention's content is not searched: its pattern found its own frame
    assert better_speaker(seg, m.model_copy(update={"rule": "indirect.x_said_that"})) is None


def test_a_document_in_an_opening_phrase_gives_way_to_the_subject_after_it():
    text = "In a statement released on Friday, the Guild of Bakers called the levy a burden on small shops."
    sentence = Span(start=0, end=len(text))
    got = past_document_opener(text, sentence, "a statement", text.index("a statement"))
    assert got == ("the Guild", text.index("the Guild"))


def test_a_speaker_phrase_that_is_no_document_is_not_moved():
    text = "In the end, the Guild of Bakers called the levy a burden on small shops."
    sentence = Span(start=0, end=len(text))
    assert past_document_opener(text, sentence, "the end", text.index("the end")) is None


def test_a_frame_inside_a_learned_content_names_its_subject():
    text = "In Portville, marchers carried lanterns, while in Laketown the parade began with a song, the Laketown Herald reported."
    sentence = Span(start=0, end=len(text))
    start = text.index("lanterns")
    assert inner_frame(text, sentence, start, len(text) - 1) == ("Laketown Herald", text.index("Laketown Herald"))


def test_a_reporting_verb_in_quoted_words_or_after_a_pronoun_is_no_inner_frame():
    text = 'The mayor wants lanterns everywhere, calling it "what the town said it wanted" and she said so twice.'
    sentence = Span(start=0, end=len(text))
    start = text.index("lanterns")
    assert inner_frame(text, sentence, start, len(text) - 1) is None


ROUNDUP = "Polling notes for the week.\n\nTURNOUT MAY NOT MATTER MUCH - Jo Anne Smith and Lee Park: \u201cThe early contests rarely predict the later ones, and this year looks no different.\u201d"


def test_a_name_between_a_dash_and_a_colon_speaks_the_quotation_after_it():
    seg = _seg(ROUNDUP)
    assert dashed_name_before(seg, ROUNDUP.index("\u201c")) == ("Jo Anne Smith and Lee Park", ROUNDUP.index("Jo Anne"))


def test_a_colon_without_a_dashed_name_is_left_to_the_narration():
    text = "Polling notes for the week.\n\nThe analysts wrote: \u201cThe early contests rarely predict the later ones at all.\u201d"
    assert dashed_name_before(_seg(text), text.index("\u201c")) is None


def _sentence(text: str) -> Span:
    return Span(start=0, end=len(text))


def test_a_speaker_in_a_relative_aside_gives_way_to_the_aside_head():
    text = "Jo Marsh, who lost her farm near Laketown, Oregon, in 2012, said the levy was unfair."
    assert past_relative_aside(text, _sentence(text), "Oregon", text.index("Oregon"), "said") == ("Jo Marsh", 0)


@pytest.mark.parametrize(
    "text, phrase",
    [
        # the aside closed before the phrase: a coordination, a passive's agent, the main clause's verb
        ("The mayor, who grew up in Laketown, and Jo Marsh, a farmer, said the levy was unfair.", "Jo Marsh"),
        ("Ana Ruiz, who chairs the panel, and Jo Marsh, its vice chair, said the levy was unfair.", "Jo Marsh"),
        (
            "The bill, which passed the House in May, was criticized by Sen. Jo Marsh, a Democrat, who said it was unfair.",
            "Sen. Jo Marsh",
        ),
        ("The levy, which voters approved, drew fire from Jo Marsh, a farmer, who said it was unfair.", "Jo Marsh"),
        ("The bill, which was drafted in May was a gift to Jo Marsh, a farmer, who said it was unfair.", "Jo Marsh"),
        # the aside's own subject, right after its pronoun
        ("The study, which Jo Marsh led in 2019, found that, she said, rates rose.", "Jo Marsh"),
    ],
)
def test_a_speaker_after_the_aside_closed_keeps_its_place(text, phrase):
    assert past_relative_aside(text, _sentence(text), phrase, text.index(phrase), "said") is None


def test_the_aside_cue_is_a_whole_word_placed_by_the_content():
    text = "Jo Marsh, who lost her farm near Laketown, Oregon, in 2012, essayed that the levy was unfair."
    assert past_relative_aside(text, _sentence(text), "Oregon", text.index("Oregon"), "say") is None
    # with the content after the phrase, the cue is the last one before the content
    text = "Jo Marsh, who farms near Laketown, Oregon, told reporters, who had told her otherwise, the levy was unfair."
    content = text.index("the levy")
    assert past_relative_aside(text, _sentence(text), "Oregon", text.index("Oregon"), "told", content) == (
        "Jo Marsh",
        0,
    )


def test_a_relative_aside_may_open_with_who_s():
    text = "Jo Marsh, who\u2019s farmed near Laketown, Oregon, for years, said the levy was unfair."
    assert past_relative_aside(text, _sentence(text), "Oregon", text.index("Oregon"), "said") == ("Jo Marsh", 0)


def test_a_document_after_a_verb_of_issuing_gives_way_to_its_subject():
    text = "On Monday night, the campaign manager Ana Ruiz released a memo urging calm."
    assert past_issued_document(text, _sentence(text), "a memo", text.index("a memo")) == (
        "Ana Ruiz",
        text.index("Ana Ruiz"),
    )


@pytest.mark.parametrize(
    "text",
    [
        # a verb that issues nothing before the document
        "Jo Marsh received a memo saying the levy was unfair.",
        # a passive: Jo Marsh received the letter
        "Jo Marsh was sent a letter warning that the levy was unlawful.",
    ],
)
def test_a_document_without_an_active_verb_of_issuing_stays(text):
    phrase = "a memo" if "a memo" in text else "a letter"
    assert past_issued_document(text, _sentence(text), phrase, text.index(phrase)) is None


def test_the_phrase_repairs_apply_to_rule_mentions_too():
    text = "Jo Marsh, who lost her farm near Laketown, Oregon, said that the levy was unfair."
    m = _mention("the levy was unfair", text, "indirect.x_said_that", "Oregon", cue="said")
    assert better_speaker(_seg(text), m) == ("Jo Marsh", 0)


@pytest.mark.parametrize(
    "text, content, cue",
    [
        ('But, said Jo Marsh, "the levy is unfair."', 'Jo Marsh, "the levy is unfair.', "said"),
        ('"It must go," said  Jo Marsh, "the levy is unfair."', 'Jo Marsh, "the levy is unfair.', "said"),
        ('Said Jo Marsh, "the levy is unfair."', 'Said Jo Marsh, "the levy is unfair.', "Said"),
    ],
)
def test_a_name_after_an_inverted_cue_speaks_the_content(text, content, cue):
    assert name_after_inverted_cue(text, 0, cue, text.index(content)) == ("Jo Marsh", text.index("Jo Marsh"))


@pytest.mark.parametrize(
    "text, content, cue",
    [
        # no name and comma after the cue
        ("Officials said the levy is unfair.", "the levy", "said"),
        # no inversion: the cue has its subject before it
        ("Critics say the plan, which costs $2 billion, is too costly.", "the plan", "say"),
        ("Critics say Jo Marsh, the mayor, is wrong.", "Jo Marsh", "say"),
        # a phrase, not a name
        ('"No," said the mayor, "the levy is unfair."', "the mayor", "said"),
        # the cue's letters end a longer word
        ('But, essay Jo Marsh, "the levy is unfair."', "Jo Marsh", "say"),
    ],
)
def test_an_uninverted_cue_or_no_name_gives_no_inverted_speaker(text, content, cue):
    assert name_after_inverted_cue(text, 0, cue, text.index(content)) is None


def test_a_learned_addition_without_a_speaker_takes_the_name_after_its_cue():
    text = 'The mayor left early. But, explained Jo Marsh, "the levy is unfair."'
    m = _mention('Jo Marsh, "the levy is unfair.', text, "learned.R", cue="explained")
    assert better_speaker(_seg(text), m) == ("Jo Marsh", text.index("Jo Marsh"))


def test_a_learned_addition_after_an_uninverted_cue_keeps_no_speaker():
    text = "Jo Marsh spoke first. \u201cWe say the plan, which costs $2 billion, is too costly,\u201d she added."
    m = _mention("the plan, which costs $2 billion, is too costly", text, "learned.R", cue="say")
    assert better_speaker(_seg(text), m) is None


REPORTED = (
    "The board met on Monday.\n\nJo Ash argued in an email that the vote had been rushed.\n\n"
    "\u201cIn light of this breach, the chair should step aside before the next meeting.\u201d"
)


def _report_then_quote(text: str, speaker: str, rule: str = "indirect.x_said_that") -> list[ExtractedMention]:
    report = _mention("the vote had been rushed", text, rule, speaker=speaker)
    quote = _mention(text[text.index("\u201c") :], text, "direct.unattributed")
    return repair_speakers(_seg(text), [report, quote])


def test_a_quotation_opening_its_paragraph_is_spoken_by_the_reporter_of_the_paragraph_before():
    out = _report_then_quote(REPORTED, "Jo Ash")
    assert (out[1].speaker_text, out[1].speaker_hint) == ("Jo Ash", REPORTED.index("Jo Ash"))
    # a pronoun the speaker stage resolves is taken too
    text = REPORTED.replace("Jo Ash argued", "She argued")
    assert _report_then_quote(text, "She")[1].speaker_text == "She"


@pytest.mark.parametrize(
    "change, speaker, rule",
    [
        ((), "the members", "indirect.x_said_that"),  # a description names no one reliably
        ((), "Jo Ash", "learned.R"),  # nor a learned speaker phrase
        (("\n\n\u201cIn", "\n\nIn short: \u201cIn"), "Jo Ash", "indirect.x_said_that"),  # narration before it
        (
            ("\n\n\u201cIn", "\n\nThe chair resigned.\n\n\u201cIn"),
            "Jo Ash",
            "indirect.x_said_that",
        ),  # not the paragraph before
    ],
)
def test_no_reporter_before_a_quotation_without_a_named_report_just_before(change, speaker, rule):
    text = REPORTED.replace(*change) if change else REPORTED
    text = text.replace("Jo Ash argued", f"{speaker} argued") if speaker == "the members" else text
    assert _report_then_quote(text, speaker, rule)[1].speaker_text is None
