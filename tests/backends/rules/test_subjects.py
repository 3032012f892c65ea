"""The rule backend's speaker search (pipeline/backends/rules/subjects.py): a document someone issued
("a statement", "an email") is not the speaker; whoever issued it is."""

from __future__ import annotations

import pytest

from claimex.backends.rules.subjects import (
    APPOSITIVE_HEAD_EXAMPLES,
    ISSUED_DOCUMENT_EXAMPLES,
    LEADING_SUBJECT_EXAMPLES,
    PARTY_TAG_EXAMPLES,
    find_subject,
    leading_subject,
)
from claimex.lexicon import ISSUED_DOCUMENTS


def _subject_before(before_cue: str):
    """find_subject's answer for the words before a cue, the cue being `before_cue`'s last word."""
    return find_subject(before_cue + " the plan works.", 0, before_cue.rindex(" ") + 1)


@pytest.mark.parametrize("before_cue, speaker", ISSUED_DOCUMENT_EXAMPLES)
def test_issued_document_steps_back_to_its_issuer(before_cue: str, speaker: str):
    found = _subject_before(before_cue)
    assert found is not None
    assert found.text == speaker
    assert not set(found.text.lower().split()) & ISSUED_DOCUMENTS


def test_a_speaker_without_an_issued_document_is_untouched():
    text = "The council said the plan works."
    found = find_subject(text, 0, text.index("said"))
    assert found is not None and found.text == "The council"


@pytest.mark.parametrize("before_cue, speaker", APPOSITIVE_HEAD_EXAMPLES)
def test_an_aside_with_commas_of_its_own_keeps_the_clause_subject(before_cue: str, speaker: str):
    """Before the aside's last comma stands a place, a paper or an example, not the speaker."""
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


@pytest.mark.parametrize("opening, speaker", LEADING_SUBJECT_EXAMPLES)
def test_a_fronted_adverbial_or_participle_is_no_subject(opening: str, speaker: str):
    """A state or a time after the adverbial's comma, a participle clause or a sentence adverb
    before the subject are not the sentence's subject."""
    text = opening + ", saying the plan works."
    found = leading_subject(text, 0, len(opening))
    assert found is not None and found.text == speaker


@pytest.mark.parametrize(
    ("before_cue", "speaker", "role"),
    [
        # an organisation's name is whole: its capitalised front words are no role
        ("Cases rose, the National Health Protection Agency said", "National Health Protection Agency", "the"),
        ("The Association of School Nurses said", "Association of School Nurses", "The"),
        (
            "Cases rose, the Department of Health and Human Services said",
            "Department of Health and Human Services",
            "the",
        ),
        # "the" and a run joined by "and": a body's name or a pair's titles, not cut at the conjunction
        ("The Health and Safety Executive said", "Health and Safety Executive", None),
        ("Cases rose, the Duke and Duchess of Ardley said", "Duke and Duchess of Ardley", None),
        # a ministry's list of portfolios is one name
        (
            "Cases rose, the Department for Environment, Food and Rural Affairs said",
            "Department for Environment, Food and Rural Affairs",
            "the",
        ),
        # someone described by the organisation: the whole description ("Education" was the speaker)
        ("A spokesman for the Department for Education said", "A spokesman for the Department for Education", None),
        ("A spokeswoman for the Department of Health said", "A spokeswoman for the Department of Health", None),
        # and a name after that description is the speaker, the description its role
        (
            "A spokesman for the Department of Health, John Smith, said",
            "John Smith",
            "A spokesman for the Department of Health",
        ),
        # names with "&", "and" or "of" inside, or a front word the list of organisation words knew not
        ("Cases rose, the British Chambers of Commerce said", "British Chambers of Commerce", "the"),
        ("Hearth & Crumb said", "Hearth & Crumb", None),
        # a plural organisation word heads the name too ("Prevention" was the speaker)
        (
            "Cases rose, the Centers for Disease Control and Prevention said",
            "Centers for Disease Control and Prevention",
            "the",
        ),
        ("The National Institutes of Health and Science said", "National Institutes of Health and Science", "The"),
        ("The Rail and Tram Workers' Union said", "Rail and Tram Workers' Union", "The"),
        ("The National Landlords Alliance said", "National Landlords Alliance", "The"),
        # capitalised words between "the" and the name's last words are the name's ("Yorker", "Free Beacon",
        # "Legion" spoke, with "The New", "The Washington", "The American" as their roles)
        ("Cases rose, The New Yorker reported", "New Yorker", "The"),
        ("The Washington Free Beacon said", "Washington Free Beacon", "The"),
        ("The American Legion said", "American Legion", "The"),
        # (not a person's name after a capitalised place: "Washington Ann Lee")
        ("The Washington correspondent Ann Lee said", "Ann Lee", "The Washington correspondent"),
        # a name the split leaves whole is as before
        ("The Ministry of Defence said", "Ministry of Defence", "The"),
        ("Cases rose, the Associated Press reported", "Associated Press", "the"),
        # people described by a place or an organisation they are in: the whole description ("Eastgate",
        # "Wexham" spoke), after a determiner or a plural head
        ("Some people in Eastgate say", "Some people in Eastgate", None),
        # an office's holder named by a title and a place: the whole ("Wales", "Canterbury" spoke)
        ("The Prince of Wales said", "The Prince of Wales", None),
        ("The Archbishop of Canterbury said", "The Archbishop of Canterbury", None),
        ("Union officials at the Wexham depot said", "Union officials at the Wexham depot", None),
        # a person's name after a role is still split from it
        ("Home Office minister Jane Doe said", "Jane Doe", "Home Office minister"),
        ("Labour Party Leader Keir Starmer said", "Keir Starmer", "Labour Party Leader"),
    ],
)
def test_an_organisation_name_is_not_cut_into_a_role_and_a_name(before_cue: str, speaker: str, role: str | None):
    found = _subject_before(before_cue)
    assert found is not None and (found.text, found.role) == (speaker, role)


@pytest.mark.parametrize(
    ("before_cue", "speaker"),
    [
        ("The developer behind the scheme said", "The developer behind the scheme"),
        ("Residents near the old quarry said", "Residents near the old quarry"),
        ("Officials from the agency said", "Officials from the agency"),
        # someone described by the circle or workplace of a name: the description, not the name
        ("One person close to Castellan Foods said", "One person close to Castellan Foods"),
        ("A former safety inspector at Granton Chemicals has told", "A former safety inspector at Granton Chemicals"),
        # a verb before the infinitive cue is no part of the speaker
        ("My old professor used to say", "My old professor"),
        # a place's name after "in"/"at" is where the noun before it is, not who speaks
        ("A doctor in Boston said", "A doctor in Boston"),
        ("Some delegates at the convention in Denver said", "Some delegates at the convention in Denver"),
    ],
)
def test_a_head_noun_before_a_place_or_affiliation_phrase_is_the_speaker(before_cue: str, speaker: str):
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


@pytest.mark.parametrize(
    ("before_cue", "speaker", "role"),
    [
        # a person's name, then where they are from: the person speaks ("Green Party", "Vermont" spoke)
        ("Sarah Jones of the Green Party said", "Sarah Jones", "of the Green Party"),
        ("James Lee of the American Enterprise Institute said", "James Lee", "of the American Enterprise Institute"),
        ("Cases rose, Senator Bernie Sanders of Vermont said", "Bernie Sanders", "Senator of Vermont"),
        ("Dr Anne Patel of the University of Leeds said", "Dr Anne Patel", "of the University of Leeds"),
        ("Robert Gordon of Northwestern University said", "Robert Gordon", "of Northwestern University"),
        # with a party before the title ("Arizona" spoke), or read whole as one name ("… of Ohio" was in it)
        ("Democratic Rep. Sam Ortiz of Arizona said", "Rep. Sam Ortiz", "of Arizona"),
        ("Senator Tom Reyes of Ohio said", "Tom Reyes", "Senator of Ohio"),
        # a body or an office named with "of" is still whole, and a share of a group
        ("Seventy percent of Democratic voters said", "Seventy percent of Democratic voters", None),
        ("Friends of the Earth said", "Friends of the Earth", None),
        ("The Bank of England said", "The Bank of England", None),
        ("The Secretary of State said", "The Secretary of State", None),
    ],
)
def test_a_person_named_before_an_affiliation_is_the_speaker(before_cue: str, speaker: str, role: str | None):
    found = _subject_before(before_cue)
    assert found is not None and (found.text, found.role) == (speaker, role)


@pytest.mark.parametrize(
    ("before_cue", "speaker", "role"),
    [
        # lower-case particles, one or two, inside a name: the whole name ("Broek", "Leyen" spoke)
        ("Dutch minister Pieter van den Broek said", "Pieter van den Broek", "Dutch minister"),
        ("Marta von der Heide said", "Marta von der Heide", None),
        ("Fashion designer Inés de la Costa said", "Inés de la Costa", "Fashion designer"),
        ("Prime Minister Mark van der Berg said", "Mark van der Berg", "Prime Minister"),
        # a surname behind an Arabic article or patronymic (no speaker was found)
        ("Iraqi Prime Minister Haider al-Tamimi said", "Haider al-Tamimi", "Iraqi Prime Minister"),
        ("Saudi official Khalid bin-Nasser said", "Khalid bin-Nasser", "Saudi official"),
        # a body's name with a second "of" phrase, or a head word the lexicon lacked ("Industry", "Birds" spoke)
        ("The Confederation of Welsh Farming said", "Confederation of Welsh Farming", "The"),
        (
            "The Royal Society for the Protection of Hedgehogs said",
            "Royal Society for the Protection of Hedgehogs",
            "The",
        ),
    ],
)
def test_a_names_particles_and_a_bodys_of_phrases_stay_inside_it(before_cue: str, speaker: str, role: str | None):
    found = _subject_before(before_cue)
    assert found is not None and (found.text, found.role) == (speaker, role)


@pytest.mark.parametrize(
    ("before_cue", "speaker", "role"),
    [
        # a wire story's dateline before a spaced hyphen or dash is no part of the role
        ("SALEM - Salem Port Authority Director Ruth Okoye said", "Ruth Okoye", "Salem Port Authority Director"),
        ("LISBON \u2013 Portuguese Finance Minister Rui Matos said", "Rui Matos", "Portuguese Finance Minister"),
        ("TULSA (AP) - Oklahoma Governor Dana Pike said", "Dana Pike", "Oklahoma Governor"),
        # a body's name and a title in it, then a name: the person, the office their role
        ("Bank of Atlantis Governor Omar Field said", "Omar Field", "Bank of Atlantis Governor"),
        # a body's name whose words hold a title is still whole
        ("The Association of Chief Fire Officers said", "Association of Chief Fire Officers", "The"),
    ],
)
def test_a_dateline_or_a_bodys_name_before_an_office_is_no_part_of_the_name(
    before_cue: str, speaker: str, role: str | None
):
    found = _subject_before(before_cue)
    assert found is not None and (found.text, found.role) == (speaker, role)


def test_a_list_of_people_and_their_states_is_not_read_as_one_person():
    text = "Rand Paul of Kentucky and Marco Rubio of Florida said the plan works."
    found = find_subject(text, 0, text.index("said"))
    assert found is not None and found.text == "Rand Paul of Kentucky and Marco Rubio of Florida"


def test_a_day_adverb_in_lower_case_is_skipped_a_name_in_capitals_is_not():
    text = "Veridane Health today said the plan works."
    assert find_subject(text, 0, text.index("said")).text == "Veridane Health"  # type: ignore[union-attr]
    text = "USA TODAY reported the plan works."
    assert find_subject(text, 0, text.index("reported")).text == "USA TODAY"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            '"Rates will fall," said the company\'s chief executive, Jane Roe.',
            "Jane Roe",
            "the company's chief executive",
        ),
        ('"Rates will fall," said the chief executive, Jane Roe, on Monday.', "Jane Roe", "the chief executive"),
        # a title before the name, and a name's lower-case particles (the role was the speaker)
        ('"Exercise helps," said the study\'s lead author, Dr Borja Cruz.', "Dr Borja Cruz", "the study's lead author"),
        ('"Exercise helps," said the lead author, Borja del Pozo Cruz.', "Borja del Pozo Cruz", "the lead author"),
        # a time or an aside after the comma is no name
        ('"Rates will fall," said the mayor, Monday Night.', "the mayor", None),
        ('"Rates will fall," said the mayor, who spoke at a rally.', "the mayor", None),
    ],
)
def test_a_name_after_an_inverted_cues_role_is_the_speaker(text: str, speaker: str, role: str | None):
    from claimex.backends.rules.subjects import said_x_subject

    p = text.index("said") + len("said")
    found = said_x_subject(text, p, len(text), 6, "say")
    assert found is not None and (found.text, found.role) == (speaker, role)


def test_a_long_run_of_ministry_lists_is_read_without_recursion():
    text = "A spokesman for the " + ", ".join(["Office of Aaa, Bbb and Ccc"] * 500) + " said the plan was sound."
    assert find_subject(text, 0, text.index(" said") + 1) is not None


def test_a_description_needs_a_determiner_a_title_before_a_name_is_split_as_before():
    found = find_subject("Head of Ofcom Melanie Dawes said it.", 0, len("Head of Ofcom Melanie Dawes "))
    assert found is not None and found.role == "Head of"


def test_a_clause_head_with_nothing_between_its_commas_raises_nothing():
    # found by the property test: no token stood between the two commas before the cue
    text = "B,<,sAID the plan works."
    found = find_subject(text, 0, text.index("sAID"))  # raised IndexError
    assert found is not None and found.text == "B"


@pytest.mark.parametrize(
    ("before_cue", "speaker"),
    [
        # a relative clause set off by commas may hold an abbreviation's full stop ("Mr. Sanders" spoke)
        (
            "Carla Dunn, the president of the Rail Workers Union, which endorsed Mr. Sanders in May, said",
            "the president of the Rail Workers Union",
        ),
        # a restrictive relative clause with a verb of its own: its object did not speak
        ("Current officials who spoke with The Daily Ledger said", "Current officials"),
        ("Voters who backed Mr. Trump in the primary say", "Voters"),
        ("Many voters who have been critical of the plan say", "Many voters"),
        # an appositive holds its clause
        ("Mike Morrell, a veteran of the CIA who retired in 2013, said", "Mike Morrell"),
        ("Mike Morrell, a former director of the CIA who retired in 2013, said", "Mike Morrell"),
        # a document the outlet only got speaks, not the outlet
        ("A memo seen by Reuters says", "A memo"),
    ],
)
def test_a_relative_clause_or_participle_before_the_cue_is_stepped_over(before_cue: str, speaker: str):
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


@pytest.mark.parametrize(
    ("before_cue", "speaker"),
    [
        # "United" opens a body's short name ("Nations" was the speaker, "The United" its role)
        ("The United Nations said", "The United Nations"),
        ("The United Auto Workers said", "The United Auto Workers"),
        # but an office's words before a full name are no part of it
        ("United Nations Secretary-General Antonio Guterres said", "Antonio Guterres"),
        # "now" and "long" between the subject and the cue are adverbs, as "still" and "always" are
        ("She now says", "She"),
        ("The senator has long maintained", "The senator"),
        ("Gov. Truman Oakes now believes", "Gov. Truman Oakes"),
    ],
)
def test_a_bodys_name_and_an_adverb_before_the_cue(before_cue: str, speaker: str):
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


@pytest.mark.parametrize(
    "before_cue, speaker",
    [
        # people named by their kin, their number or what befell them head a speaker phrase as
        # "the family" and "the owners" do (they found no subject: the report was lost)
        ("The couple said", "The couple"),
        ("Some families said", "Some families"),
        ("Another child responded", "Another child"),
        ("The victims' relatives say", "The victims' relatives"),
        ("A neighbour who lives nearby said", "A neighbour"),
        ("The nurse later claimed", "The nurse"),
        ("Several delegates said", "Several delegates"),
        # people of a trade, a calling or a past
        ("Industry veterans said", "Industry veterans"),
        ("Local fishermen warned", "Local fishermen"),
        ("The rabbi said", "The rabbi"),
        ("Two paramedics at the scene said", "Two paramedics at the scene"),
    ],
)
def test_kin_groups_and_people_by_circumstance_head_a_speaker_phrase(before_cue: str, speaker: str):
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


@pytest.mark.parametrize(
    ("before_cue", "speaker"),
    [
        ("In the survey, 62 per cent of respondents said", "62 per cent of respondents"),
        ("Seventy-four percent of registered voters said", "Seventy-four percent of registered voters"),
        ("A third of independents say", "A third of independents"),
        ("Most of the delegates said", "Most of the delegates"),
        ("In the poll, 12% of Democrats said", "12% of Democrats"),
    ],
)
def test_a_share_before_of_is_part_of_the_speaker(before_cue: str, speaker: str):
    """`62 per cent of respondents said`: the share speaks, not every respondent."""
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker


def test_a_perfect_participle_is_no_speaker():
    """`Having said that, …` is the writer's turn of phrase: no one named "Having" said anything."""
    from claimex.backends.rules import extract_rules
    from claimex.models import Document
    from claimex.segment import segment

    text = "Having said that, the committee still believes the plan is sound."
    found = [(m.speaker_text, m.cue) for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert ("Having", "said") not in found and ("the committee", "believes") in found


@pytest.mark.parametrize("before_cue, speaker", PARTY_TAG_EXAMPLES)
def test_a_party_tag_after_a_name_is_its_role(before_cue: str, speaker: str):
    """`(R-Ohio)`, `, D-Calif.,` after a name say where the name sits, never who spoke."""
    found = _subject_before(before_cue)
    assert found is not None and found.text == speaker
    assert found.role  # (the tag, or the aside after it)
