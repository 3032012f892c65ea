"""Clean contents and self-contained statements (pipeline/claimtext.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimex.claimtext import (
    _MID_FRAME,
    RAISING,
    SPEAKER_IS_SUBJECT,
    Clarification,
    WordCasing,
    _after_speaker,
    _pairs,
    bracketed,
    clean_content,
    common_opening,
    drop_split_frames,
    find_lead,
    fronted_lead,
    relative_lead,
    statement,
)
from claimex.models import Lead


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
        # a quotation split by its frame: the quoted words only, the frame's stop ends the first half
        (
            "\u201cThe depot is closed,\u201d the manager told staff. \u201cWe reopen in June.",
            "The depot is closed. We reopen in June.",
        ),
        ('"The depot is closed," she said, "until the roof is fixed."', "The depot is closed until the roof is fixed."),
        ('"Is it closed?" he asked. "Yes," she said: "for now."', "Is it closed? Yes. for now."),
        ('"The depot is closed," she said.', '"The depot is closed," she said.'),
        ('that "the depot," she said, "is closed"', 'that "the depot," she said, "is closed"'),
        # a frame between a quotation and the next in a content, a sentence of its own
        (
            "The budget is a \u201cgood start,\u201d Park said. \u201cWe will open two libraries.\u201d",
            "The budget is a \u201cgood start.\u201d \u201cWe will open two libraries.\u201d",
        ),
        (
            'It was "a mistake," said Jo Park, who ran it under George W. Bush. "We lost."',
            'It was "a mistake." "We lost."',
        ),
        # no reporting verb, or another sentence, in between: not a frame
        ('"Law," "Order," and, yes. "Sanity."', '"Law," "Order," and, yes. "Sanity."'),
        ('It is "late," Park said. Then we left. "Go."', 'It is "late," Park said. Then we left. "Go."'),
    ],
)
def test_clean_content(raw: str, clean: str) -> None:
    assert clean_content(raw) == clean


_text = st.text(alphabet=st.sampled_from(list("ab c.,\n\"\u201c\u201d\u00ab\u00bb'")), max_size=40)


@given(_text)
# a straight mark at the end closes: no second half opens there, so "a" is no frame between halves
@example("'',\u201d a.\"")
@example('\u00ab"," a.\u00ab\u00bb')  # an empty quotation after it opens no second half either
@example('"\u201c,\u201d a.\u201ca\u201d')  # a stray mark before the quotation: its frame goes at once
@example('\u201c ,\u201d a,"a\u201d\u201c\u201d')  # the frame's room is no doubled space
def test_clean_content_is_balanced_folded_idempotent_and_keeps_every_word(raw: str) -> None:
    out = clean_content(raw)
    assert _pairs(out)[1] == []
    assert out == out.strip() and "  " not in out and "\n" not in out
    assert clean_content(out) == out
    assert re.findall(r"\w+", out) == re.findall(r"\w+", drop_split_frames(" ".join(raw.split())))


@given(_text)
def test_dropping_split_frames_only_takes_words_out(raw: str) -> None:
    folded = " ".join(raw.split())
    kept = iter(re.findall(r"\w+", folded))
    assert all(any(w == k for k in kept) for w in re.findall(r"\w+", drop_split_frames(folded)))


def test_bracketed_puts_the_reference_after_the_word() -> None:
    content = "She has not made the effort I would expect."
    cl = [Clarification(0, 3, "Priti Patel"), Clarification(28, 29, "Philip Rutnam")]
    assert bracketed(content, cl) == "She [Priti Patel] has not made the effort I [Philip Rutnam] would expect."


def test_bracketed_skips_overlaps_and_names_that_clarify_nothing() -> None:
    content = "Smith said he would go."
    cl = [Clarification(0, 5, "Smith"), Clarification(11, 13, "John Smith"), Clarification(11, 13, "Other")]
    assert bracketed(content, cl) == "Smith said he [John Smith] would go."


def test_bracketed_follows_a_contraction_and_leaves_editorial_brackets() -> None:
    content = "I\u2019m sure she's right. [I]f not, [he] will say so."
    at = {w: content.index(w) for w in ("she", "I]", "he]")}
    cl = [Clarification(0, 1, "Ann Lee"), Clarification(at["she"], at["she"] + 3, "Eva Moss")]
    cl += [Clarification(at["I]"], at["I]"] + 1, "Ann Lee"), Clarification(at["he]"], at["he]"] + 2, "Tom Hale")]
    assert bracketed(content, cl) == "I\u2019m [Ann Lee] sure she's [Eva Moss] right. [I]f not, [he] will say so."


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


# ------------------------------------------------------------------ infinitive contents
def _said(before: str, speaker_text: str | None, cue: str, content: str, who: str | None, text: str = "") -> str:
    lead = find_lead(before, speaker_text, cue, text or before + content)
    return statement(who, content, "indirect", (), lead)


@pytest.mark.parametrize(
    ("before", "speaker_text", "cue", "who", "want"),
    [
        # the speaker is the subject; the auxiliary stays, the name is the speaker's
        ("Last week Ms Ruiz had tried ", "Ms Ruiz", "tried", "Ana Ruiz", "Ana Ruiz had tried to close the depot"),
        # an object: the one to do it
        (
            "On Monday, Ms Ruiz urged voters ",
            "Ms Ruiz",
            "urged",
            "Ana Ruiz",
            "Ana Ruiz urged voters to close the depot",
        ),
        # a possessor opening the sentence belongs to the subject; a coordinated verb before "and" goes
        (
            "The council\u2019s chief planner has resigned and intends ",
            "chief planner",
            "intends",
            "chief planner",
            "The council\u2019s chief planner intends to close the depot",
        ),
        # a pronoun subject: the speaker's name says who
        ("He appeared ", "He", "appeared", "Tom Hale", "Tom Hale appeared to close the depot"),
        # an apposition is left out
        ("Ms Ruiz, the mayor, has vowed ", "Ms Ruiz", "vowed", "Ana Ruiz", "Ana Ruiz has vowed to close the depot"),
    ],
)
def test_an_infinitive_keeps_the_speaker_as_its_subject(before, speaker_text, cue, who, want) -> None:
    assert _said(before, speaker_text, cue, "to close the depot", who) == want


def test_a_raising_verb_keeps_its_own_subject_and_the_source_stays_named() -> None:
    text = "Good relations matter. Relations between the two towns were said to have soured."
    before = "Relations between the two towns were said "
    assert _said(before, None, "said", "to have soured", None, text) == (
        "According to an unidentified source, relations between the two towns were said to have soured"
    )
    # a capitalised word the document never writes in lower case may be a name: it stays as printed
    assert _said("Dunmore is expected ", None, "expected", "to win", "the agency") == (
        "According to the agency, Dunmore is expected to win"
    )


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a common noun opening the sentence, never written elsewhere: lower case mid-sentence
        ("Relations between the pair were said to have soured.", "relations between the pair"),
        ("Talks with the union are expected to resume.", "talks with the union"),
        # a determiner, and a word the document writes in lower case
        ("The talks are expected to resume.", "the talks"),
        ("Drivers paid more for fuel. Fuel prices are expected to rise.", "fuel prices"),
        # an acronym, a word with an inner capital, "I", a given name: as printed
        ("NATO is expected to respond.", "NATO"),
        ("McAllister Holdings is expected to respond.", "McAllister Holdings"),
        ("Maria is expected to win.", "Maria"),
        # a word the document capitalises mid-sentence more often than not (a name, a party)
        ("Many voted for Republicans. Republicans are expected to win.", "Republicans"),
        # names that start with a non-ASCII capital are subjects too
        ("Shares in \u00d8rsted fell. \u00d8rsted is expected to recover.", "\u00d8rsted"),
        ("\u00c9mile Durand is expected to resign.", "\u00c9mile Durand"),
    ],
)
def test_a_raising_subject_is_lower_cased_mid_sentence_unless_it_is_a_name(text: str, subject: str) -> None:
    before = text[text.rindex(". ") + 2 if ". " in text else 0 : text.index(" to ") + 1]
    cue = next(w for w in ("said", "expected") if w in before)
    content = text[text.index(" to ") + 1 : -1]
    assert _said(before, None, cue, content, None, text) == (
        f"According to an unidentified source, {subject} {before[len(subject) :].strip()} {content}"
    )


@pytest.mark.parametrize(
    ("before", "speaker_text", "cue"),
    [
        ("If Ms Ruiz wants ", "Ms Ruiz", "wants"),  # a condition, not a claim
        ("Voters attacked the Ruiz plan ", "Ruiz", "plan"),  # the name modifies a noun
        ("He met activists who want ", "activists", "want"),  # a relative clause
        ("Hale and Ms Ruiz pledged ", "Ms Ruiz", "pledged"),  # one of two subjects
        ("Ms Ruiz, who met Hale on Monday, urged ", "Ms Ruiz", "urged"),  # maybe a list of names before it
        ("Ms Ruiz spoke after the vote and urged ", "Ms Ruiz", "urged"),  # too far from the cue
        ("It is expected ", None, "expected"),  # no subject of its own
    ],
)
def test_no_lead_when_the_source_does_not_plainly_give_the_subject(before, speaker_text, cue) -> None:
    assert find_lead(before, speaker_text, cue, before) is None


def test_without_a_lead_or_a_named_subject_the_statement_keeps_its_form() -> None:
    she = Lead(subject="She", words="wanted", speaker_is_subject=True)
    assert statement(None, "to win", "indirect", (), she) == "According to an unidentified source, to win"
    assert statement("Ana Ruiz", "to win", "indirect") == "According to Ana Ruiz, to win"
    assert statement("Ana Ruiz", "to win", "direct", (), she) == 'Ana Ruiz: "to win"'
    # not an infinitive: the lead is not used
    assert statement("Ana Ruiz", "the depot will close", "indirect", (), she) == (
        "According to Ana Ruiz, the depot will close"
    )


def test_lead_patterns_read_their_examples() -> None:
    planner = re.escape("most senior official") + SPEAKER_IS_SUBJECT.pattern.replace("CUE", "intends") + "$"
    assert re.search(planner, SPEAKER_IS_SUBJECT.example)
    assert re.fullmatch(RAISING.pattern, RAISING.example)


def _after_speaker_per_cue(before: str, speaker_text: str, cue: str) -> tuple[int, str | None]:
    """What `_after_speaker` found when it compiled `SPEAKER_IS_SUBJECT` with the cue written in."""
    tail = re.compile(SPEAKER_IS_SUBJECT.pattern.replace("CUE", re.escape(cue)) + "$")
    at = before.find(speaker_text)
    while at >= 0:
        m = tail.match(before, at + len(speaker_text))
        if m is not None:
            return at, m.group("words")
        at = before.find(speaker_text, at + 1)
    return -1, None


_LEAD_WORDS = st.sampled_from(["Ana Ruiz", "said", "called for", "called", "for", "and", "the", "urged", "who", ","])


@given(st.lists(_LEAD_WORDS, max_size=9), st.sampled_from(["said", "called for", "urged", "for"]), st.booleans())
def test_after_speaker_matches_the_pattern_with_the_cue_written_in(words: list[str], cue: str, newline: bool) -> None:
    """One pattern with the cue as a backreference finds what one pattern per cue found, offset and words."""
    before = "Ana Ruiz " + " ".join(words) + (" \n" if newline else " ")
    at, m = _after_speaker(before, "Ana Ruiz", cue)
    assert (at, m.group("words") if m else None) == _after_speaker_per_cue(before, "Ana Ruiz", cue)


@pytest.mark.parametrize(
    ("content", "want"),
    [
        ("The depot will close in June", "the depot will close in June"),
        ("In May, the depot will close", "in May, the depot will close"),
        ("He will close the depot", "he will close the depot"),
        # a name, an acronym, "I" and the words that may be names stay as written
        ("Ruiz will close the depot", "Ruiz will close the depot"),
        ("NATO will close the depot", "NATO will close the depot"),
        ("I will close the depot", "I will close the depot"),
        ("May will close the depot", "May will close the depot"),
        ("Will Ruiz close the depot", "Will Ruiz close the depot"),
        ("The\u2019s are a band", "The\u2019s are a band"),  # not the word "The"
    ],
)
def test_an_indirect_statement_lower_cases_an_opening_function_word(content: str, want: str) -> None:
    assert statement("Ana Ruiz", content, "indirect") == f"According to Ana Ruiz, {want}"


# ------------------------------------------------------------------ object contents
def _object(before: str, speaker_text: str, cue: str, content: str, who: str) -> str:
    lead = find_lead(before, speaker_text, cue, before + content, object_content=True)
    return statement(who, content, "indirect", (), lead)


@pytest.mark.parametrize(
    ("before", "speaker_text", "cue", "content", "who", "want"),
    [
        # a denial keeps its verb: the statement says what was denied
        ("On Friday Mr Hale denied ", "Mr Hale", "denied", "the charges", "Tom Hale", "Tom Hale denied the charges"),
        # a stance verb with its object and complement
        (
            "The union criticized ",
            "The union",
            "criticized",
            "the pension reform as a betrayal",
            "The union",
            "The union criticized the pension reform as a betrayal",
        ),
        # an object between the cue and the content stays ("accused the mayor of")
        (
            "Ms Ruiz has accused the mayor of ",
            "Ms Ruiz",
            "accused",
            "hiding the report",
            "Ana Ruiz",
            "Ana Ruiz has accused the mayor of hiding the report",
        ),
        # an adverb between the speaker and the cue ("According to Ann Lee, the incident as …" lost the verb)
        (
            "Ann Lee further described ",
            "Ann Lee",
            "described",
            "the incident as a terrible situation",
            "Ann Lee",
            "Ann Lee further described the incident as a terrible situation",
        ),
    ],
)
def test_an_object_content_keeps_its_verb_and_subject(before, speaker_text, cue, content, who, want) -> None:
    assert _object(before, speaker_text, cue, content, who) == want


@pytest.mark.parametrize(
    ("before", "speaker_text", "cue"),
    [
        # a participle cue would make no sentence ("Bush calling the policies ...")
        ("Bush, calling ", "Bush", "calling"),
        # a raising verb takes no object: no lead from the sentence's opening noun phrase
        ("Relations were said ", "officials", "said"),
        # the speaker is not the subject of the cue
        ("Critics of Mr Hale denied ", "Mr Hale", "denied"),
    ],
)
def test_an_object_content_without_a_plain_subject_keeps_according_to(before, speaker_text, cue) -> None:
    assert _object(before, speaker_text, cue, "the charges", "Tom Hale") == "According to Tom Hale, the charges"


@pytest.mark.parametrize(
    ("speaker", "content", "expected"),
    [
        ("company", "production fell 17%", "According to the company, production fell 17%"),
        ("officials", "the plan failed", "According to officials, the plan failed"),
        ("police", "the road was closed", "According to police, the road was closed"),
        ("a spokesman", "the road was closed", "According to a spokesman, the road was closed"),
        ("Kestrel Mining", "the road was closed", "According to Kestrel Mining, the road was closed"),
        # a title alone names its holder as a role does
        ("Duchess", "the Colours were a promise", "According to the Duchess, the Colours were a promise"),
        ("Archbishop", "the church was full", "According to the Archbishop, the church was full"),
        # a description a name opens ("Vermont senator"), and a sentence's capital on a function word
        ("Vermont senator", "the bill was dead", "According to the Vermont senator, the bill was dead"),
        ("Some", "the plan failed", "According to some, the plan failed"),
        ("Those close to him", "he would run", "According to those close to him, he would run"),
        ("The White House", "the plan failed", "According to the White House, the plan failed"),
        ("One official", "the plan failed", "According to one official, the plan failed"),
        # names, bodies and numbers stay as written
        ("US officials", "the plan failed", "According to US officials, the plan failed"),
        ("Twelve percent", "they were not sure", "According to Twelve percent, they were not sure"),
        ("Political observers in Virginia", "he won", "According to Political observers in Virginia, he won"),
    ],
)
def test_a_description_speaker_reads_with_its_article(speaker: str, content: str, expected: str) -> None:
    assert statement(speaker, content, "indirect") == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "that the cuts would save money and that most jobs would go abroad",
            "According to Jo Lee, the cuts would save money and most jobs would go abroad",
        ),
        ("taxes rose and that was a mistake", "According to Jo Lee, taxes rose and that was a mistake"),
        (
            "that the pound had helped exporters, and that core inflation had fallen to 2.9 per cent",
            "According to Jo Lee, the pound had helped exporters, and core inflation had fallen to 2.9 per cent",
        ),
        (
            "that rents had doubled and that 40 per cent of tenants were behind",
            "According to Jo Lee, rents had doubled and 40 per cent of tenants were behind",
        ),
    ],
)
def test_parallel_that_clauses_lose_the_second_that_a_pronoun_stays(content: str, expected: str) -> None:
    assert statement("Jo Lee", content, "indirect") == expected


@pytest.mark.parametrize(
    "content",
    [
        "prices rose and that hurt families",
        "taxes rose, but that money is still owed",
        "he lost and that decision stood",
    ],
)
def test_a_that_that_is_a_pronoun_or_determiner_stays(content: str) -> None:
    assert statement("Jo Lee", content, "indirect") == f"According to Jo Lee, {content}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("and all were alive", "According to Jo Lee, all were alive"),
        ("But the plan had failed", "According to Jo Lee, the plan had failed"),
        ("So far, the plan has worked", "According to Jo Lee, so far, the plan has worked"),
    ],
)
def test_a_content_opening_with_a_joint_reads_without_it(content: str, expected: str) -> None:
    # "…, officials said, and all were alive": the joint tied the content to the writer's sentence
    assert statement("Jo Lee", content, "indirect") == expected


def test_a_singular_noun_ending_in_s_gets_its_article() -> None:
    assert statement("witness", "the van did not stop", "indirect") == "According to the witness, the van did not stop"


@pytest.mark.parametrize(
    ("before", "speaker_text", "cue", "infinitive", "want"),
    [
        # an aside between the speaker and the cue: the speaker is still the subject
        (
            "Joanne Kerr, the health minister, predicted ",
            "Joanne Kerr",
            "predicted",
            False,
            ("Joanne Kerr", "predicted"),
        ),
        # a second verb of the same subject, its object and the infinitive's subject
        (
            "TransNorth said fares would rise and urged passengers ",
            "TransNorth",
            "urged",
            True,
            None,  # words other than an aside stand between: no lead
        ),
        ("Downing Street has rejected ", "Downing Street", "rejected", False, ("Downing Street", "has rejected")),
        ("A No 10 spokesperson dismissed ", "spokesperson", "dismissed", False, ("the spokesperson", "dismissed")),
        # no lead: a relative clause, one of two subjects, a participle, a passive, a light verb
        ("Shares fell, which Desai attributed ", "Desai", "attributed", False, None),
        ("Mr. Grassley and Mr. Leahy see ", "Mr. Leahy", "see", False, None),
        ("Ms Lee, urging ", "Ms Lee", "urging", True, None),
        ("The Guard, called to service by ", "The Guard", "called", False, None),
        ("Ms Lee made ", "Ms Lee", "made", False, None),
        ("Readers may not let editorials tell ", "Readers", "tell", False, None),
        ("Clear Water Now, whose leaflet insists ", "whose leaflet", "insists", False, None),
    ],
)
def test_a_cue_lead_prints_the_cue_with_the_speaker_as_its_subject(before, speaker_text, cue, infinitive, want):
    from claimex.claimtext import cue_lead

    lead = cue_lead(before, speaker_text, cue, infinitive)
    assert (None if lead is None else (lead.subject, lead.words)) == want


@pytest.mark.parametrize(
    ("content", "cue", "want"),
    [
        ('his comments as "political theatre"', "dismissed", "Jo Doe dismissed his comments as 'political theatre'"),
        ("the charge", "rejected", "Jo Doe rejected the charge"),
        # a clause keeps "denied that"; a base form or a phrase cue is no finite verb to print
        ("that the plan was flawed", "rejected", "Jo Doe denied that the plan was flawed"),
        ("the charges", "deny", "Jo Doe denied the charges"),
        ("the charges", "flatly denied", "Jo Doe denied the charges"),
    ],
)
def test_a_denial_keeps_its_own_finite_verb_before_an_object(content: str, cue: str, want: str) -> None:
    from claimex.claimtext import statement

    said = statement("Jo Doe", content, "indirect", polarity="denial", cue=cue)
    assert said.replace('"', "'") == want


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # a frame set off by commas inside a reported clause is the writer's: the content reads without it
        (
            "The ice covered 14.2 million square kilometres, the center said, about 1.1 million below the average",
            "The ice covered 14.2 million square kilometres, about 1.1 million below the average",
        ),
        ("Trump, the senator said, is a danger to the party", "Trump is a danger to the party"),
        ("The budget, the senator said, faces a shortfall", "The budget faces a shortfall"),
        ("The firm, it said, would appeal the ruling", "The firm would appeal the ruling"),
        (
            "In his state, Christie said, offenders are sent to treatment",
            "In his state, offenders are sent to treatment",
        ),
        ("It is a reminder, Rogers said, that winning is not all", "It is a reminder that winning is not all"),
        # not a relative clause, not words that are no subject, not a quotation's own words
        ("the plan, which critics said, would fail", "the plan, which critics said, would fail"),
        (
            "the words are the same, but they are rearranged like notes, and they write a melody",
            "the words are the same, but they are rearranged like notes, and they write a melody",
        ),
        ("\u201cWe will win, he said, because we must.\u201d", "We will win, he said, because we must."),
    ],
)
def test_a_frame_inside_a_reported_clause_is_no_part_of_the_content(raw: str, clean: str) -> None:
    assert clean_content(raw) == clean


@pytest.mark.parametrize(
    ("speaker", "content", "cue", "want"),
    [
        ("Donald Trump", "against potential hackers", "warned", "Donald Trump warned against potential hackers"),
        ("Demonstrators", "to remain civil", "pledged", "Demonstrators pledged to remain civil"),
        ("Voters", "to know what is in the returns", "want", "Voters want to know what is in the returns"),
        (
            "The campaign ad",
            "whether the rival was prepared to face emergencies",
            "questioned",
            "The campaign ad questioned whether the rival was prepared to face emergencies",
        ),
        # a sentence of its own keeps "According to": a condition, a number after "about"
        ("Ted Cruz", "if elected, he could work with the leadership", "said", None),
        ("Joey Salceda", "about 4 million people live in the country", "said", None),
        # no verb to print: "said" before an infinitive (a raising passive), a base form after one speaker
        # (the article's had "to" or "will" before it), a listener left out ("urged North Korea to"), a
        # raising passive ("is expected to")
        ("Hillary Clinton", "to deliver change", "saying", None),
        # a participle prints as its past form ("Trump vowing to protect …")
        ("Donald Trump", "to protect Christianity", "vowing", "Donald Trump vowed to protect Christianity"),
        ("Carly Fiorina", "whether HP should proceed", "asking", "Carly Fiorina asked whether HP should proceed"),
        ("Hillary Clinton", "to the union's letter", "respond", None),
        # one or many? "Bernie Sanders call", "Democrats wants": only a past form is safe after them
        ("Bernie Sanders", "for a new way of doing things", "call", None),
        ("Reuters", "to publish the files", "plans", None),
        (
            "Bernie Sanders",
            "for a new way of doing things",
            "called",
            "Bernie Sanders called for a new way of doing things",
        ),
        ("John Kerry", "to resume talks", "urged", None),
        ("Paul Ryan", "to argue for the bill", "expected", None),
        # a directive keeps its verb before its listener and infinitive; not a clause ("this includes …")
        # nor the object of a naming verb printed elsewhere
        (
            "Paul Benson",
            'both sides to "find a way through"',
            "urged",
            'Paul Benson urged both sides to "find a way through"',
        ),
        ("The minister", "the council to reconsider", "told", "The minister told the council to reconsider"),
        ("Ash Carter", "this includes a special force to assist them", "told", None),
        ("Barack Obama", "unfit to serve", "called", None),
    ],
)
def test_a_complement_with_no_sentence_of_its_own_keeps_the_sources_verb(speaker, content, cue, want) -> None:
    """`According to Donald Trump, against potential hackers` has no verb; the cue as printed gives it one
    (`Paul Benson urged both sides to …`: a directive's listener with it)."""
    got = statement(speaker, content, "indirect", cue=cue)
    assert got == (want or f"According to {speaker}, {content}")


def test_two_apostrophes_are_a_double_quotation_mark() -> None:
    """Wire copy's ''…'' quotes a statement as “…” does: the marks and the split frame go."""
    split = "''It's more tinkering at the edges,'' said Alan Cole, an economist. ''I wouldn't call it reform.''"
    assert clean_content(split) == "It's more tinkering at the edges. I wouldn't call it reform."
    assert clean_content("''There's a lot of new complexity,''") == "There's a lot of new complexity"
    # a quoted word inside a content keeps its marks, as curly ones; a lone apostrophe is no mark
    assert clean_content("the band's ''greatest hits'' sold well") == "the band's \u201cgreatest hits\u201d sold well"
    assert clean_content("rock 'n' roll's best years") == "rock 'n' roll's best years"


def test_three_apostrophes_close_a_single_and_a_double_quotation() -> None:
    assert clean_content("'''College Bowl,''' he replied.") == "\u201c'College Bowl,'\u201d he replied."
    assert clean_content("''It is 'old-school,''' she said.") == "\u201cIt is 'old-school,'\u201d she said."


# ------------------------------------------------------------------ subjects before a frame
@pytest.mark.parametrize(
    ("before", "speaker_text", "cue", "content", "who", "want"),
    [
        # the content opens with its verb; its subject opens the sentence, before the frame
        (
            "Her countrymen, she said, ",
            "she",
            "said",
            "should not listen to the critics",
            "Ida Berg",
            "According to Ida Berg, her countrymen should not listen to the critics",
        ),
        (
            "African-Americans, he said, ",
            "he",
            "said",
            "can do anything",
            "Tom Reyes",
            "According to Tom Reyes, African-Americans can do anything",
        ),
        (
            "Freeing her husband, he promised, ",
            "he",
            "promised",
            "was his first task",
            "Tom Reyes",
            "According to Tom Reyes, freeing her husband was his first task",
        ),
        (
            "Among the rulings at risk, according to Ms. Lund, ",
            "Ms. Lund",
            "according to",
            "are 16 on unions",
            "Eva Lund",
            "According to Eva Lund, among the rulings at risk are 16 on unions",
        ),
    ],
)
def test_a_subject_before_the_frame_opens_the_statement(before, speaker_text, cue, content, who, want) -> None:
    lead = fronted_lead(before, speaker_text, cue, content, before + content)
    assert statement(who, content, "indirect", (), lead) == want


@pytest.mark.parametrize(
    ("before", "content"),
    [
        ("Nor, he said, ", "did he say anything"),  # a conjunction opens the sentence: no subject
        ("Too often, he said, ", "the debate is infected"),  # the content has its own subject
        ("The museum, he said after a long pause in the hall, ", "was closed"),  # more than a frame
        ("He spoke. ", "was closed"),  # no frame set off by commas
    ],
)
def test_no_subject_before_the_frame_when_the_sentence_does_not_give_one(before: str, content: str) -> None:
    assert fronted_lead(before, "he", "said", content, before + content) is None


@pytest.mark.parametrize(
    ("before", "content", "want"),
    [
        (
            "The senator cited a report that she said ",
            "showed the program had failed",
            "According to Ann Lee, a report showed the program had failed",
        ),
        (
            "The mayor defended the new parking fees, which he said ",
            "were needed to repair the roads",
            "According to Ann Lee, the new parking fees were needed to repair the roads",
        ),
        (
            "Trump praised his two adult daughters, who he said ",
            "were living in Russia",
            "According to Ann Lee, his two adult daughters were living in Russia",
        ),
        (  # a prepositional phrase inside the noun phrase stays with it
            "Officials examined a trip to Azerbaijan in 2013 that investigators concluded ",
            "was secretly financed by an oil company",
            "According to Ann Lee, a trip to Azerbaijan in 2013 was secretly financed by an oil company",
        ),
        (  # a name opens the phrase; the verb before it does not
            "Trump cited Obama-Clinton policies that he said ",
            "had harmed the economy",
            "According to Ann Lee, Obama-Clinton policies had harmed the economy",
        ),
        (  # an adjective between the article and the name
            "Now his team is bracing supporters for a drawn-out Republican race that it says ",
            "will ultimately reward his versatility",
            "According to Ann Lee, a drawn-out Republican race will ultimately reward his versatility",
        ),
        (  # the phrase opens the sentence: a common word loses its capital
            "The policy changes, which officials said ",
            "will go into effect next month",
            "According to Ann Lee, the policy changes will go into effect next month",
        ),
        (  # "who" takes the name alone
            "They signed the deal negotiated by President Obama, who he noted ",
            "was in his final year",
            "According to Ann Lee, President Obama was in his final year",
        ),
        (  # the last relative clause is the frame's: its phrase, not the first one's
            "The panel that heard the man who he said ",
            "was lying",
            "According to Ann Lee, the man was lying",
        ),
        (
            "The district saw 30 applicants for delegate slots, which he said ",
            "were about evenly split",
            "According to Ann Lee, 30 applicants for delegate slots were about evenly split",
        ),
    ],
)
def test_a_relative_clause_content_gets_the_noun_phrase_it_hangs_on(before: str, content: str, want: str) -> None:
    """`… a report that she said showed …`: the content opens with its verb; the statement gives it the
    phrase the relative clause hangs on, not `According to X, showed …`."""
    said_by, cue = before.split()[-2:]  # the frame's subject as the speaker phrase the rules found
    lead = relative_lead(before, said_by, cue, content, before + content)
    assert statement("Ann Lee", content, "indirect", (), lead) == want


@pytest.mark.parametrize(
    ("before", "cue", "content"),
    [
        ("He lost the vote, which he said ", "said", "was a shame"),  # ", which" may stand for the clause
        ("Critics attacked rules matching their biological sex, which critics said ", "said", "was unfair"),
        ("The judge ruled that she said ", "said", "was wrong"),  # a complement "that", no relative clause
        ("So far, Trump, who seems ", "seems", "mired at the bottom"),  # no subject in the frame
        ("The mayor defended the fees, which he said ", "said", "was needed"),  # number disagrees
        ("The mayor defended the fee that he said ", "said", "were needed"),
        ("He said that they said ", "said", "were wrong"),  # a pronoun is no phrase to name
        ("The senator cited a report that she said ", "said", "the program had failed"),  # its own subject
        ("It was the best part of her speech — which critics say ", "say", "was powerful"),
        ("If costs that he said ", "said", "were rising keep climbing"),  # a conjunction opens the sentence
        ("The number of complaints, which he said ", "said", "were rising"),  # the head is "number"
        # the phrase may begin before a comma: not "Sudan was suspected …"
        ("He worked for a charity in Khartoum, Sudan, that prosecutors said ", "said", "was suspected of fraud"),
    ],
)
def test_no_relative_lead_where_the_phrase_is_not_plain(before: str, cue: str, content: str) -> None:
    assert relative_lead(before, "she", cue, content, before + content) is None


def test_no_relative_lead_when_the_frame_is_not_the_speakers() -> None:
    """`Officials who Mayor Tom Reed said were fired`, attributed to "Officials": the speaker phrase the
    rules found is not the frame's subject, so the clause is not known to be the speaker's."""
    before = "Officials who Mayor Tom Reed said "
    assert relative_lead(before, "Officials", "said", "were fired", before + "were fired") is None
    assert relative_lead(before, "Mayor Tom Reed", "said", "were fired", before + "were fired") is not None


def test_the_relative_frame_search_is_linear_on_long_runs_of_spaces() -> None:
    """The relative pronoun is searched for near the content only: 20,000 spaces took 2.5 s before."""
    before = "a" + " " * 200_000 + "x "
    assert relative_lead(before, "he", "said", "was wrong", before) is None


def test_a_that_before_a_finite_verb_is_the_subject_the_statement_keeps() -> None:
    assert statement("Tom Reyes", "that would permit more ships", "indirect") == (
        "According to Tom Reyes, that would permit more ships"
    )
    # the conjunction goes, as before
    assert statement("Tom Reyes", "that the plan would fail", "indirect") == (
        "According to Tom Reyes, the plan would fail"
    )


def test_no_article_before_a_share_whatever_follows_it() -> None:
    """`nearly eight in 10 voters overall` opens with a share: not `the nearly eight in 10 …`."""
    assert statement("nearly eight in 10 voters overall", "the bridge should close", "indirect") == (
        "According to nearly eight in 10 voters overall, the bridge should close"
    )


@pytest.mark.parametrize(
    ("text", "content", "common"),
    [
        # the document writes the word in lower case elsewhere: a common word, capitalised by its sentence
        ("Bonuses were paid in cash. The bonuses rose.", "Bonuses were paid in cash", True),
        # never written in lower case: no evidence, so no change (a party, a company, a name)
        ("Democrats in the House will block it, Lee said.", "Democrats in the House will block it", False),
        ("Google in Europe faces a fine, the paper said.", "Google in Europe faces a fine", False),
        # written capitalised mid-sentence too: a name, whatever its lower-case homograph
        ("Medicare pays less, and medicare cuts to Medicare hurt.", "Medicare pays less", False),
        ("May has lost control, he said. Ministers may resign. Mrs May said no.", "May has lost control", False),
        # a modal's or helper's capital: its lower-case uses are the verb's ("Will" the columnist)
        ("Will has argued it, he said. It will pass.", "Will has argued it", False),
        # a word before another capitalised one opens a title and a name, or a name
        ("President Barack Obama backs it, the president said.", "President Barack Obama backs it", False),
        ("Police Chief Ann Lee quit. The police said so.", "Police Chief Ann Lee quit", False),
        ("Susan spoke first, she said. The susan plant grew.", "Susan spoke first", False),  # a given name
        ("I will win, he said.", "I will win", False),
    ],
)
def test_a_content_opens_with_a_common_word_when_its_document_says_so(text: str, content: str, common: bool) -> None:
    assert common_opening(WordCasing.of(text), content) is common


def test_an_indirect_statement_lowers_a_common_opening_word_only_when_told() -> None:
    words = "Bonuses were paid in cash"
    assert statement("the Journal", words, "indirect", common=True) == (
        "According to the Journal, bonuses were paid in cash"
    )
    assert statement("the Journal", words, "indirect") == "According to the Journal, Bonuses were paid in cash"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ("The budget", "the senator", "said", "says", "told", "which", "that", "is", "faces", "x", "Rogers")
            + (",", ", ", " ", "  ", "\n", "1,", "\u2019", "-", ".")
        ),
        max_size=20,
    ).map("".join)
)
def test_mid_frames_are_found_where_the_lookbehind_first_pattern_finds_them(text):
    # `_MID_FRAME` matches its comma before looking behind it: the same matches as the pattern spelled
    # with the lookbehind first, which `re` tried at every position
    assert _MID_FRAME.pattern.startswith(",(?<=\\w,)")
    spelled_out = re.compile("(?<=\\w)," + _MID_FRAME.pattern[len(",(?<=\\w,)") :])
    assert [m.span() for m in _MID_FRAME.finditer(text)] == [m.span() for m in spelled_out.finditer(text)]
