"""pipeline/backends/rules/denials.py: the denial pre-check."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.backends.rules import extract_rules
from claimex.backends.rules.denials import has_denial
from claimex.lexicon import DENIAL_PATTERNS
from claimex.models import Document
from claimex.segment import segment


@pytest.mark.parametrize("pattern", DENIAL_PATTERNS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_denial_prefilter_never_hides_a_denial(pattern, data):
    """The substring pre-check must pass every text the denial patterns match."""
    text = data.draw(st.from_regex(re.compile(pattern, re.I)))
    assert has_denial(text)


_PIECES = [
    "is false",
    "IS FALSE",
    "not true",
    "No Truth",
    "denied the claims",
    "DENİED the claims",
    "fake news",
    "refuſe",
]
_ODD = ["ſ", "ı", "İ", "\u212a", "Σ", "ß", " ", "\u2019", "\u201c", "x", "é", "lie", "s", "i"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _ODD), max_size=10))
def test_denial_check_on_lower_case_text_answers_as_the_case_insensitive_patterns(parts):
    """has_denial searches lower-cased text where that is exact: the answer is the re.I search's."""
    from claimex.lexicon import DENIAL_HINTS

    text = "".join(parts)
    expected = any(h in text.lower() for h in DENIAL_HINTS) and re.search("|".join(DENIAL_PATTERNS), text, re.I)
    assert has_denial(text) == bool(expected)


def _rules(text: str):
    """The rule backend's mentions of a one-document `text`."""
    return extract_rules(segment(Document(doc_id="t", text=text)))


@pytest.mark.parametrize("cue", ["didn't say", "didn\u2019t say", "did not say", "never said"])
def test_a_negated_cue_is_no_rule_report_whichever_the_apostrophe(cue: str):
    text = f"The mayor {cue} that the bridge would close in June."
    said = _rules("The mayor said that the bridge would close in June.")
    assert [m.rule for m in said] == ["indirect.x_said_that"]  # the same sentence, not negated, is a report
    rules = [m.rule for m in _rules(text)]
    assert not [r for r in rules if not r.startswith("learned.")]


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("I regret I do not believe her.", True),
        ("I don\u2019t believe him.", True),
        ("I don't believe that.", True),
        ("\u201cI don't believe that,\u201d she said.", True),
        ("I don\u2019t believe that\u2019s true.", True),
        ("I do not believe it is accurate.", True),
        ("I don't believe that at all.", True),
        ("I do not believe it for a second.", True),
        # disbelief in a clause is an opinion, not a denial
        ("I don't believe that's going to work.", False),
        ("We don't believe that the council should sell the land.", False),
        ("I do not believe it will rain tomorrow.", False),
    ],
)
def test_disbelief_in_a_person_or_a_claim_is_a_denial_an_opinion_is_not(text: str, denial: bool):
    assert has_denial(text) is denial


def _denial_links(text: str) -> list[tuple[str, str]]:
    """(denial's content, the content it is linked to) for each stated link the rules make."""
    ms = _rules(text)
    by_id = {m.local_id: m for m in ms}
    return [(m.content, by_id[t].content) for m in ms for t in m.denies]


@pytest.mark.parametrize(
    "text",
    [
        # the clause after "denied that" is what is denied, not a pointer to the statement before
        "A pilot said the engine had been reported faulty in May.\n\nThe airline denied that it had ignored any warnings.",
        "A resident said the plan was rushed.\n\nA council spokesman rejected claims that the scheme had been rushed through.",
        "The editor said the paper would appeal.\n\nThe agency dismissed as false claims that it causes autism.",
        # "denied them permits": a second object, not "them" pointing back
        "Residents said the mine was unsafe.\n\nThe state denied them mining permits until the work was done.",
    ],
)
def test_a_denial_that_names_what_it_denies_links_to_no_earlier_statement(text: str):
    assert _denial_links(text) == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "The union said the company had cut safety checks.\n\nThe company denied it on Monday.",
            "the company had cut safety checks",
        ),
        (
            "The lawyer argued that the courts had no business deciding the case.\n\n"
            "Judge Ann Cole rejected that argument in a ruling on Monday.",
            "that the courts had no business deciding the case",
        ),
    ],
)
def test_a_denial_that_points_back_links_to_the_statement_before(text: str, target: str):
    assert [t for _, t in _denial_links(text)] == [target]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        # a bare "denied it." / "denied that." was dropped as too short to be a claim: now the report's denial
        (
            "An official said Whitfield had shouted at staff. Whitfield denied it.",
            [("it", "Whitfield had shouted at staff")],
        ),
        (
            "Akers suggested that Moss had agreed to testify. Moss denied that. She said she wanted the truth.",
            [("that", "that Moss had agreed to testify")],
        ),
        (
            "Rao alleged that the raids were politically motivated.\n\nOn Monday, Iyer denied this, saying the"
            " agency acted on evidence.",
            [("this", "that the raids were politically motivated")],
        ),
        # it points to no one's report: narration in its own sentence, a report two sentences back, or a
        # denial (another's "denied it" denies the report, not the denial): no claim at all
        ("Israel's embassy is in Tel Aviv, whose status is contested, although Israel disputes this.", []),
        ("The mayor said the bridge would close. It rained all day. The council denied it.", []),
        (
            "The senator said the bill would pass. Aides denied this. Moss denied that.",
            [("this", "the bill would pass")],
        ),
    ],
)
def test_a_bare_pointer_denial_is_a_claim_only_where_it_denies_the_report_just_before(text, links):
    assert _denial_links(text) == links
    kept = [m.content for m in _rules(text) if m.polarity == "denial"]
    assert kept == [denial for denial, _ in links]


@pytest.mark.parametrize(
    "text",
    [
        'Wardell said the claim was "false".',
        "The ministry said the account was \u201ca lie\u201d.",
        'The minister said the story was "pure fabrication".',
        "Tom Whitfield said the report was simply a fabrication.",
        '"That is just a fabrication," the minister said.',
        "A spokesman said the report was completely groundless.",
    ],
)
def test_a_verdict_in_quotation_marks_or_of_groundless_fabrication_is_a_denial(text: str):
    assert has_denial(text)
    assert [m.polarity for m in _rules(text)] == ["denial"]


@pytest.mark.parametrize(
    "text",
    [
        "The chief executive said the plant's main business was fabrication of steel parts for 40 car makers.",
        "He said the biggest cost at the yard is fabrication, which takes 60% of the budget.",
        "The chief executive said the new shed is a fabrication shop that will employ 300 people.",
    ],
)
def test_fabrication_as_a_trade_is_no_denial(text: str):
    assert not has_denial(text)
    assert [m.polarity for m in _rules(text)] == ["assertion"]


def test_the_allegations_point_back_to_an_allegation_not_to_a_statement_that_says_no():
    """'dismissed the allegations' after the accused's own 'I have never …' denies no statement of
    the text (the allegations are nowhere asserted), not the accused's words."""
    text = (
        "The mayor has denied accepting gifts from a developer.\n\n"
        '"I have never set foot in that house," he said.\n\n'
        'The developer also dismissed the allegations as "baseless."'
    )
    assert _denial_links(text) == []
    reported = (
        "A former aide said the mayor had accepted gifts from a developer.\n\n"
        'The developer dismissed the allegations as "baseless."'
    )
    assert [t for _, t in _denial_links(reported)] == ["the mayor had accepted gifts from a developer"]


@pytest.mark.parametrize(
    "text",
    [
        "Her lawyer said the aide had been dismissed for misconduct in March.",
        "The senator said he was being denied the chance to speak at the rally.",
        "Officials said the proposal was firmly rejected by the committee on Monday.",
    ],
)
def test_a_passive_denial_verb_makes_no_denial(text: str):
    """Its subject was fired, refused or outvoted: no one there denies anything."""
    ms = _rules(text)
    assert ms, "the report itself is still found"
    assert [m.polarity for m in ms] == ["assertion"] * len(ms)
    active = _rules("The company firmly rejected the claims on Monday.")
    assert [m.polarity for m in active] == ["denial"]


@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("He was dismissed", True),
        ("it had been quickly rejected", True),
        ("she is being denied", True),
        ("They dismissed", False),
        ("He flatly denied", False),
    ],
)
def test_passive_at_reads_the_auxiliary_before_the_verb(text: str, passive: bool):
    from claimex.clauses import passive_at

    assert passive_at(text, text.rindex(" ") + 1) is passive


def test_an_intensified_dismissal_is_a_denial():
    assert has_denial('The company slammed the reports as "total rubbish" on Monday.')
    assert has_denial("She described the story as complete nonsense.")
    assert has_denial("The mayor called the claim \u201cflat-out false\u201d on Friday.")
    assert has_denial("He labelled the allegations lies.")
    assert not has_denial("She called the claims office on Monday.")


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("The ministry said it did not 'recognise' those reports.", True),
        ("A spokesman said the trust does not recognise the figures.", True),
        ("The council doesn\u2019t recognise this characterisation of events.", True),
        # recognising a person, a state or a need is no denial
        ("The ministry did not recognise the new government.", False),
        ("She does not recognise the need for change.", False),
    ],
)
def test_not_recognising_reports_or_figures_is_a_denial(text: str, denial: bool):
    assert has_denial(text) is denial


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("That is not correct.", True),
        ("They’re simply inaccurate.", True),
        ("Those figures are inaccurate.", True),
        ("It is not the case that we ignored the warnings.", True),
        # a judgement on an answer or a deed, not a rebuttal of what was said
        ("The answer is not correct unless the units are converted.", False),
        ("That was wrong of him.", False),
        ("The figures are accurate to within a percentage point.", False),
        # a contrast: what holds somewhere else, not a rebuttal
        ("This is not the case for most families, who will pay less.", False),
        ("That is not the case in Scotland, where the rules differ.", False),
        ("That's simply not the case, and he knows it.", True),
    ],
)
def test_a_rebuttal_pointing_back_is_a_denial(text: str, denial: bool):
    assert has_denial(text) is denial


def test_a_progressive_denial_verb_is_a_denial_and_a_later_passive_does_not_undo_a_trailing_cue():
    def polarities(text: str) -> list[str]:
        return [m.polarity for m in _rules(text)]

    assert "denial" in polarities("The company is firmly denying the allegations made by its staff.")
    quoted = 'Ms Lane was denied a visa in May. "I have done nothing wrong at all," she denied.'
    assert "denial" in polarities(quoted)


def test_a_reported_allegation_that_says_no_is_still_what_the_allegations_point_to():
    text = (
        "A former aide said the mayor had never declared the gifts from the developer.\n\n"
        'The mayor dismissed the allegations as "baseless."'
    )
    assert [t for _, t in _denial_links(text)] == ["the mayor had never declared the gifts from the developer"]


def test_calling_a_claim_false_makes_the_verdict_a_denial():
    text = 'Mayor Linda Okonjo called the claim "flat-out false". She called the plan "a good start".'
    ms = _rules(text)
    assert [(m.content, m.polarity) for m in ms] == [
        ('"flat-out false"', "denial"),
        ('"a good start"', "assertion"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'The minister branded the claim "flat-out false".',
        'The firm called the allegations "baseless".',
        'The minister labelled the reports "lies".',
    ],
)
def test_a_label_that_calls_a_claim_false_is_a_denial(text: str):
    assert [m.polarity for m in _rules(text)] == ["denial"]


@pytest.mark.parametrize(
    ("text", "nested"),
    [
        ('"The minister categorically denied the claims. We stand by her," the aide said.', "the claims"),
        ('"He has denied any wrongdoing and will fight this," his lawyer said.', "any wrongdoing"),
        ('"She rejected that she had misled anyone," the spokesman said.', "that she had misled anyone"),
        ('"Voters consistently reject establishment candidates in this county," the pollster said.', None),
        ('"The committee denied the mayor a hearing before the vote," the councillor said.', None),
        ('"The court rejected a request from the unions to delay the strike," the lawyer said.', None),
    ],
)
def test_a_denial_inside_a_quotation_is_a_claim_of_its_own_only_when_it_denies_a_claim(text: str, nested: str | None):
    """Reported denials inside a statement become claims when what they deny is a claim (a clause, "the
    claims", "any wrongdoing"); rejecting people, requests or ideas denies no statement."""
    got = [m.content for m in _rules(text) if m.rule == "nested.reported_denial"]
    assert got == ([nested] if nested else [])


@pytest.mark.parametrize(
    "text, denier, denied",
    [
        (
            "Officials in Kyiv said Russian forces had shelled the plant, a claim the Kremlin denied.",
            "the Kremlin",
            "Russian forces had shelled the plant",
        ),
        (
            "Podliska alleges that he was fired for his service, a claim that Gowdy's office strongly disputes.",
            "Gowdy's office",
            "that he was fired for his service",
        ),
        ("She said the vote was rigged, which he has repeatedly denied.", "he", "the vote was rigged"),
        (  # said to be false: the verdict is the officials' denial, no part of the report nor a denial in it
            "Hollander said the vaccine had caused hundreds of deaths, a claim health officials said was false.",
            "health officials",
            "the vaccine had caused hundreds of deaths",
        ),
        (
            "The group said the drug was unsafe, which the ministry called baseless.",
            "the ministry",
            "the drug was unsafe",
        ),
        ("Mr Lee said the count was rigged, which the clerk said was not true.", "the clerk", "the count was rigged"),
    ],
)
def test_a_denial_the_narration_reports_after_a_statement_denies_that_statement(text, denier, denied):
    """`…, which Y denied` / `…, a claim Y disputes`: Y's denial of the report's own words, linked to it."""
    mentions = _rules(text)
    by_id = {m.local_id: m for m in mentions}
    (denial,) = [m for m in mentions if m.rule == "nested.narrated_denial"]
    assert (denial.speaker_text, denial.polarity, denial.content) == (denier, "denial", denied)
    (target,) = denial.denies
    assert by_id[target].polarity == "assertion" and by_id[target].content == denied


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the plan was sound, which critics questioned.",  # doubting is no denial
        "The report, which the ministry denied receiving, said the plan was sound.",  # not after a report
        "The union claimed that 4,000 jobs would go, a figure that shocked the town.",
        "The minister said the plan would cost £3bn, which she said was affordable.",  # no verdict of falsity
    ],
)
def test_no_narrated_denial_without_a_denier_after_a_report(text):
    assert not [m for m in _rules(text) if m.rule == "nested.narrated_denial"]


@pytest.mark.parametrize(
    "text",
    [
        'Ed Marsh denied the allegation. "I never told anyone to shred a file," he said. "These claims are false."',
        "Ed Marsh spoke on Monday. \u201cI never told anyone to shred a file,\u201d he said. \u201cThis is untrue.\u201d",
    ],
)
def test_a_quotation_split_at_its_denial_keeps_the_frame_out_of_its_first_half(text: str):
    """The denial splits '"A," he said. "These claims are false."' in two; the first statement is
    the quoted words, not the frame after them."""
    contents = [m.content for m in _rules(text)]
    first = next(c for c in contents if "shred" in c)
    assert first.rstrip('\u201d"').endswith("shred a file,")
    assert len([c for c in contents if "said" in c]) == 0


@pytest.mark.parametrize(
    ("text", "outer", "denier"),
    [
        (
            "Mr Price said his client denied that the flat had been bought with stolen money.",
            "his client denied that the flat had been bought with stolen money",
            "his client",
        ),
        (
            "Mr Price said his client rejected claims that the flat had been bought with stolen money.",
            "his client rejected claims that the flat had been bought with stolen money",
            "his client",
        ),
    ],
)
def test_a_denial_reported_inside_a_report_is_never_turned_into_its_allegation(text: str, outer: str, denier: str):
    """`X said Y denied that A`: X's claim is the whole report of Y's denial, never A, which X does not assert."""
    found = {(m.speaker_text, m.content, m.polarity) for m in _rules(text)}
    assert ("Mr Price", outer, "assertion") in found
    assert any(who == denier and pol == "denial" for who, _, pol in found)
    assert not any(who == "Mr Price" and content.startswith("that the flat") for who, content, _ in found)


def test_a_report_of_belief_keeps_the_belief_in_the_content():
    text = "The senator said he believed that the vote had been rigged, and in reports that followed he said it again."
    contents = [m.content for m in _rules(text)]
    assert any(c.startswith("he believed that the vote had been rigged") for c in contents), contents


def test_a_denial_links_past_its_own_speakers_statement_named_in_full():
    """`Natalie Brandt said A. "B is false," Brandt said.`: Brandt is one source under two spellings, so her
    denial points back past her own statement to the union's."""
    text = (
        "The union said a third of pilots had been discouraged from reporting fatigue. "
        'Natalie Brandt, the operating officer, said the survey was "deeply misleading". '
        '"The suggestion that we put pressure on pilots is false," Brandt said.'
    )
    ms = _rules(text)
    [denial] = [m for m in ms if m.polarity == "denial"]
    by_id = {m.local_id: m for m in ms}
    assert [by_id[i].speaker_text for i in denial.denies] == ["The union"]


def test_a_denial_by_one_spokesman_links_to_another_spokesmans_statement():
    """`A Home Office spokesman` and `A police spokesman` share only a role's head word: two sources, so the
    police denial answers the Home Office statement, not the union's before it."""
    text = (
        "The union said staff were unhappy with the new rota. "
        "A Home Office spokesman said officers had been told to ignore the complaints. "
        'A police spokesman said: "The suggestion that officers were told to ignore anything is false."'
    )
    ms = _rules(text)
    [denial] = [m for m in ms if m.polarity == "denial"]
    by_id = {m.local_id: m for m in ms}
    assert [by_id[i].speaker_text for i in denial.denies] == ["A Home Office spokesman"]
