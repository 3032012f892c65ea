"""Claims a fact-checker can act on (issue 14): clean content, a self-contained statement, a
check-worthiness score and type on every claim, fragments kept and typed, and a confidence that is
the measured precision of the rule behind each mention."""

from __future__ import annotations

import json
import re

import pytest

from claimex import checkworthy
from claimex.backends.rules import RuleExtractor
from claimex.backends.rules.confidence import PRECISION_FILE, rule_precision
from claimex.backends.rules.patterns import PATTERNS
from claimex.claimtext import _pairs, find_lead, statement
from claimex.ingest import iter_documents
from claimex.merge import merge
from claimex.models import Document, ExtractorInfo, GroundedMention, Mention, MentionSentence, Speaker
from claimex.run import process_document
from claimex.segment import segment
from claimex.speakers import EntityIndex, clarify
from tests.conftest import SEEDS

INFO = ExtractorInfo(backend="rules", version="test")


@pytest.fixture(scope="module")
def results():
    ex = RuleExtractor()
    return [process_document(d, ex) for d in iter_documents([str(SEEDS)]) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def claims(results):
    return merge(g for r in results for g in r.mentions)


# ------------------------------------------------------------ 1. content
def test_no_seed_claim_content_has_an_unbalanced_quotation_mark_or_loose_white_space(claims):
    for c in claims:
        assert not _pairs(c.content)[1], c.content
        assert c.content == " ".join(c.content.split()), c.content
        pairs, _ = _pairs(c.content)
        assert c.content and (0, len(c.content.rstrip(".!?")) - 1) not in pairs, c.content  # no enclosing pair


def test_mentions_stay_verbatim_with_their_offsets(claims):
    texts = {d.doc_id: d.text for d in iter_documents([str(SEEDS)]) if isinstance(d, Document)}
    for c in claims:
        for m in c.mentions:
            assert texts[m.doc_id][m.start : m.end] == m.text


# ---------------------------------------------------------- 2. statement
def _grounded(text: str, content: str, speaker: str | None, quote_type: str = "direct") -> GroundedMention:
    start = text.index(content)
    doc = Document(doc_id="d", text=text)
    return GroundedMention(
        local_id="m0",
        mention=Mention(
            doc_id="d",
            start=start,
            end=start + len(content),
            text=content,
            sentence=MentionSentence(start=text.rfind("\n", 0, start) + 1, end=start + len(content)),
        ),
        speaker=Speaker(name=speaker, kind="person") if speaker else Speaker(kind="unknown"),
        quote_type=quote_type,  # type: ignore[arg-type]
        polarity="assertion",
        confidence=0.9,
        extractor=INFO,
        doc_date=doc.date,
    )


def _clarified(text: str, content: str, speaker: str | None, quote_type: str = "direct") -> dict[str, str]:
    g = _grounded(text, content, speaker, quote_type)
    (out,) = clarify(EntityIndex(segment(Document(doc_id="d", text=text))), [g])
    return {content[a:b]: name for a, b, name in out.clarifications}


def test_first_person_in_a_quote_is_the_named_speaker():
    text = 'Mayor Anna Berg spoke on Monday.\n"I have cut the budget," Anna Berg said.\n'
    assert _clarified(text, "I have cut the budget", "Anna Berg") == {"I": "Anna Berg"}


def test_first_person_inside_a_nested_quotation_is_left_to_its_unnamed_speaker():
    # the manager says "my desk" inside Anna Berg's quotation: not hers, and no mention names him
    content = "\u201cI went to my manager. He said, \u2018These never reached my desk, did they?\u2019\u201d"
    text = f"Mayor Anna Berg spoke on Monday.\n{content} Anna Berg said.\n"
    g = _grounded(text, content, "Anna Berg")
    (out,) = clarify(EntityIndex(segment(Document(doc_id="d", text=text))), [g])
    assert [(content[a:b], a) for a, b, _ in out.clarifications] == [("I", 1), ("my", 11)]


def test_first_person_is_left_when_the_speaker_is_not_a_named_person():
    text = 'Residents gathered on Monday.\n"I have lived here for years," a resident said.\n'
    assert _clarified(text, "I have lived here for years", None) == {}


def test_first_person_in_a_report_nested_in_a_quote_is_the_quoting_speaker():
    text = 'Mayor Anna Berg spoke on Monday.\n"It has been claimed that I hid the deficit," Anna Berg said.\n'
    outer = _grounded(text, "It has been claimed that I hid the deficit", "Anna Berg")
    inner = _grounded(text, "that I hid the deficit", None, "indirect")
    idx = EntityIndex(segment(Document(doc_id="d", text=text)))
    marked = [{g.mention.text[a:b]: name for a, b, name in g.clarifications} for g in clarify(idx, [outer, inner])]
    assert marked == [{"I": "Anna Berg"}, {"I": "Anna Berg"}]
    # alone, the unattributed report has no named speaker to lend its "I"
    assert _clarified(text, "that I hid the deficit", None, "indirect") == {}


def test_third_person_resolves_when_exactly_one_person_of_that_gender_is_named_before():
    text = (
        "Finance minister Carla Reyes presented the budget on Monday.\n"
        'Tom Hale, the opposition leader, said: "She has hidden the deficit."\n'
    )
    assert _clarified(text, "She has hidden the deficit.", "Tom Hale") == {"She": "Carla Reyes"}


def test_third_person_is_left_when_two_people_of_that_gender_are_named():
    text = (
        'Carla Reyes met Maria Lind on Monday.\nTom Hale, the opposition leader, said: "She has hidden the deficit."\n'
    )
    assert _clarified(text, "She has hidden the deficit.", "Tom Hale") == {}


def test_he_inside_a_quote_is_never_the_speaker():
    text = 'Tom Hale spoke to reporters on Monday.\n"He has hidden the deficit," Tom Hale said.\n'
    assert _clarified(text, "He has hidden the deficit", "Tom Hale") == {}


def test_rutnam_statement_names_the_speaker_and_resolves_she_to_patel(claims):
    (c,) = [c for c in claims if c.content.startswith("She has not made the effort I would expect")]
    assert c.statement.startswith('Philip Rutnam: "She [Priti Patel] has not made the effort I [Philip Rutnam] would')


def test_every_seed_claim_has_a_statement_naming_its_speaker(claims):
    for c in claims:
        who = c.speaker.name or c.speaker.role or "an unidentified source"
        # an infinitive's subject may open with the words printed before the name ("The Home Office's ...")
        subject = c.statement.lower().split(" to ")[0]
        assert who.lower() in subject or c.statement.startswith(f"According to {who}, "), c.statement
        assert not _pairs(c.statement)[1], c.statement


def test_a_seed_infinitive_keeps_its_subject(claims):
    # an action ("had tried to move ...") the keep filter drops as no statement: its statement, were it
    # extracted, keeps the subject all the same
    (doc,) = [d for d in iter_documents([str(SEEDS)]) if isinstance(d, Document) and "had tried to move" in d.text]
    start = doc.text.index("to move permanent secretary Sir Philip Rutnam")
    content = doc.text[start : doc.text.index(".", start)]
    lead = find_lead(doc.text[doc.text.rfind("\n", 0, start) + 1 : start], "Ms Patel", "tried", doc.text)
    said = statement("Priti Patel", content, "indirect", lead=lead)
    assert said.startswith("Priti Patel had tried to move permanent secretary Sir Philip Rutnam from her")
    (c,) = [c for c in claims if c.content.startswith("to have deteriorated to such a level")]
    assert c.statement.startswith("According to an unidentified source, relations between the pair were said to ")


def _merged(text: str) -> list:
    """The claims the rule backend and the merge make of one made-up article."""
    return merge(process_document(Document(doc_id="d", text=text), RuleExtractor()).mentions)


def test_an_object_content_keeps_its_verb_end_to_end():
    # made-up article: a denial and a stance verb whose contents are the cue's objects
    text = (
        "Council faces audit\n\n"
        "Mayor Ana Ruiz denied the charges of fraud brought by the opposition last week.\n\n"
        "The teachers' union criticized the pension reform as a betrayal of workers.\n"
    )
    statements = _statements(text)
    denial = [s for content, s in statements.items() if content.startswith("the charges of fraud")]
    stance = [s for content, s in statements.items() if content.startswith("the pension reform")]
    assert denial and re.match(r"(Mayor )?Ana Ruiz denied the charges of fraud", denial[0]), statements
    assert stance and stance[0].startswith("The teachers' union criticized the pension reform"), statements


def test_a_quoted_label_keeps_its_verb_end_to_end():
    # made-up article: what someone called something, in quoted words, is the verb's object
    text = (
        "Budget row\n\n"
        'A spokeswoman for the ministry called the report "speculation".\n\n'
        'Okafor has gone after the mayor as a "part-time leader" all week.\n'
    )
    statements = _statements(text)
    called = [s for content, s in statements.items() if content.startswith("the report")]
    gone = [s for content, s in statements.items() if content.startswith("the mayor")]
    assert called and called[0].startswith('A spokeswoman for the ministry called the report "speculation"'), statements
    assert gone and gone[0].startswith('Okafor has gone after the mayor as a "part-time leader"'), statements


def test_a_learned_phrase_content_keeps_its_cue_end_to_end():
    # made-up article: the learned layer's contents that are the cue's complement, not a clause
    text = (
        "Rates on hold\n\n"
        "The minister warned against reading too much into the figures.\n\n"
        "Reuters quoted President Farid Nazarov as saying the talks had failed.\n\n"
        "Neil Ashworth, the council's flood officer, warned drivers not to attempt to cross flooded roads.\n"
    )
    statements = _statements(text)
    # an object and its infinitive (a finite-looking "flooded" after it is no verb of the content's)
    assert statements["drivers not to attempt to cross flooded roads"] == (
        "Neil Ashworth warned drivers not to attempt to cross flooded roads"
    ), statements
    assert statements["against reading too much into the figures"] == (
        "The minister warned against reading too much into the figures"
    ), statements
    assert statements["President Farid Nazarov as saying the talks had failed"] == (
        "Reuters quoted President Farid Nazarov as saying the talks had failed"
    ), statements


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Leak row\n\nSenator Mary Jones said on Monday that the minister had leaked the report.\n\n"
            "Whitfield denied it.\n",
            "Whitfield denied it [According to Mary Jones, the minister had leaked the report]",
        ),
        (
            'Trial\n\n"She agreed to testify to save herself," Tom Akers said. Moss denied that. "I am here to'
            ' tell the truth," she said.\n',
            'Moss denied that [Tom Akers: "She agreed to testify to save herself"]',
        ),
    ],
)
def test_a_denial_that_only_points_back_names_what_it_denies_in_brackets(text: str, said: str):
    # "Whitfield denied it" alone says nothing a fact-checker can check without the article
    claims = _merged(text)
    (denial,) = [c for c in claims if c.polarity == "denial"]
    assert denial.statement == said
    assert denial.content in ("it", "that") and len(denial.denies) == 1


def test_a_denial_behind_an_aside_keeps_its_verb_end_to_end():
    # made-up article: "called the claim 'false'" read as a denial, its speaker further back
    text = (
        "Ferry claim checked\n\n"
        'Mayor Linda Okonjo, whom Mason is challenging, called the claim "flat-out false" on Friday.\n'
    )
    (c,) = _merged(text)
    assert c.polarity == "denial"
    assert c.statement.startswith("Mayor Linda Okonjo called the claim"), c.statement
    assert "denied" not in c.statement


# ------------------------------------------------- 3-4. scores and fragments
def test_every_claim_is_scored_by_the_shipped_model(claims):
    """The content is scored (a content of several sentences as its most checkable one: `score_content`);
    a reported content that alone reads as a fragment is scored as its statement reads, when the
    statement gave it a subject and a verb (`Priti Patel denied any involvement …`)."""
    restored = 0
    for c in claims:
        assert c.claim_type in checkworthy.CLAIM_TYPES
        assert 0.0 <= c.checkworthiness <= 1.0
        alone = checkworthy.score_content(c.content)
        if alone[1] == "fragment" and c.quote_type != "direct" and not c.statement.startswith("According to "):
            assert (c.checkworthiness, c.claim_type) == checkworthy.score(c.statement), c.statement
            restored += 1
        else:
            assert (c.checkworthiness, c.claim_type) == alone, c.statement
    assert restored == 2  # "Priti Patel denied any involvement …", "Stephen Doughty described the resignations as …"


def test_a_complement_reported_with_no_sentence_of_its_own_is_a_fragment():
    from claimex.merge.claims import _as_stated

    worth, kind = checkworthy.score("whether 40 percent of the staff had been paid late")
    assert kind != "fragment"  # long enough, and a number: the model alone types it so
    said = "According to the union, whether 40 percent of the staff had been paid late"
    content = "whether 40 percent of the staff had been paid late"
    assert _as_stated(said, content, worth, kind, led=False) == (checkworthy.FRAGMENT_CAP, "fragment")
    # a subject the statement puts before it ("relations were said to have …") makes it a clause
    assert _as_stated(said, content, worth, kind, led=True) == (worth, kind)
    # a condition on a whole sentence is a sentence
    clause = "if the vote fails, 40 percent of the staff will be paid late"
    worth, kind = checkworthy.score(clause)
    assert _as_stated(f"According to the union, {clause}", clause, worth, kind, led=False) == (worth, kind)


@pytest.mark.parametrize(
    ("said", "content"),
    [
        (
            "A club spokesperson declined to comment on whether the club would sell its 27-year-old striker",
            "to comment on whether the club would sell its 27-year-old striker",
        ),
        ("The spokeswoman refused to say whether an inquiry would be opened", "whether an inquiry would be opened"),
        (
            "Meta declined to immediately comment on whether it would remove the video",
            "to immediately comment on whether it would remove the video",
        ),
    ],
)
def test_a_source_that_would_not_say_asserts_nothing_to_check(said: str, content: str):
    from claimex.merge.claims import _as_stated

    worth, kind = checkworthy.score_content(content)
    assert _as_stated(said, content, worth, kind, led=False) == (min(worth, checkworthy.FRAGMENT_CAP), "fragment")


def test_a_refusal_reported_in_the_content_is_the_claim():
    from claimex.merge.claims import _as_stated

    content = "the minister refused to answer questions about the contract for three weeks"
    worth, kind = checkworthy.score_content(content)
    said = f"The opposition said {content}"
    assert kind != "fragment" and _as_stated(said, content, worth, kind, led=False) == (worth, kind)
    # a refusal in the frame and another in the content: the frame's says the source would not say
    content = "whether the minister had refused to answer questions"
    worth, kind = checkworthy.score_content(content)
    said = f"A spokeswoman declined to say {content}"
    assert _as_stated(said, content, worth, kind, led=False) == (min(worth, checkworthy.FRAGMENT_CAP), "fragment")
    # brackets make the statement longer than its content: the refusal is still the content's
    content = "that Smith refused to discuss the contract with her, her staff or her lawyers"
    said = (
        "Council officials denied that Smith refused to discuss the contract with her [Mary Jones], her [Mary"
        " Jones] staff or her [Mary Jones] lawyers"
    )
    worth, kind = checkworthy.score_content(content)
    assert _as_stated(said, content, worth, kind, led=False) == (worth, kind)


def test_fragments_stay_in_the_output_typed_and_low(claims):
    fragments = [c for c in claims if c.claim_type == "fragment"]
    assert fragments, "the seeds have fragments such as 'to deliver the news'"
    assert all(c.checkworthiness <= checkworthy.FRAGMENT_CAP for c in fragments)
    assert any(c.content == "to deliver the news" for c in fragments)


def test_run_json_names_the_checkworthiness_model(tmp_path):
    from typer.testing import CliRunner

    from claimex.cli import app

    r = CliRunner().invoke(app, ["extract", str(SEEDS / "000_ea3026b7f0a89cf0.txt"), "--out", str(tmp_path), "-q"])
    assert r.exit_code == 0, r.output
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert run["checkworthiness_model"] == checkworthy.model_version()


# -------------------------------------------------------- 5. confidence
def test_precision_file_covers_the_patterns_and_holds_counts_only():
    doc = json.loads(PRECISION_FILE.read_text(encoding="utf-8"))
    factor = doc["held_out_factor"]["factor"]
    for rule, row in doc["rules"].items():
        learned = rule.startswith("learned.")
        assert set(row) == {"predictions", "matched", "precision"} | ({"in_sample_precision"} if learned else set())
        assert 0 <= row["matched"] <= row["predictions"]
        # a learned rule's precision is its in-sample one scaled to held-out (tests/test_training.py)
        measured = row["in_sample_precision"] if learned else row["precision"]
        assert measured == pytest.approx(row["matched"] / row["predictions"], abs=1e-4)
        assert row["precision"] == pytest.approx(measured * (factor if learned else 1.0), abs=1e-4)
        assert rule in PATTERNS or learned, rule


def test_a_rule_with_few_train_predictions_gets_its_pass_precision():
    doc = json.loads(PRECISION_FILE.read_text(encoding="utf-8"))
    few = [r for r, row in doc["rules"].items() if row["predictions"] < doc["min_predictions"]]
    many = [r for r, row in doc["rules"].items() if row["predictions"] >= doc["min_predictions"]]
    for r in many:
        assert rule_precision(r) == doc["rules"][r]["precision"]
    for r in few:
        p = doc["passes"][r.split(".")[0]]
        want = p["precision"] if p["predictions"] >= doc["min_predictions"] else doc["all"]["precision"]
        assert rule_precision(r) == want
    assert rule_precision("nosuch.rule") == doc["all"]["precision"]


def test_mention_confidence_is_its_rule_precision_and_claim_confidence_their_max(claims):
    for c in claims:
        for m in c.mentions:
            assert m.confidence == round(rule_precision(m.rule), 3), m.rule
        assert c.confidence == max(m.confidence for m in c.mentions if m.confidence is not None)


def test_readme_documents_the_new_fields():
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    contract = readme[readme.index("### claims.jsonl contract") : readme.index("## Review page")]
    for field in ("statement:", "claim_type:", "checkworthiness:", "confidence}", "**`content`**"):
        assert field in contract, field
    assert re.search(r"claim `confidence`\*\* is the highest", contract)


def _statements(text: str) -> dict[str, str]:
    """content -> statement of the claims the rule backend makes of a made-up article."""
    return {c.content: c.statement for c in _merged(text)}


def test_a_reported_denial_reads_as_a_denial_not_as_the_speakers_claim():
    """`According to X, taking the money` would tell a fact-checker X said it; X denied it."""
    said = _statements(
        "Council row deepens.\n\n"
        "Graham Lund had earlier denied taking the money.\n\n"
        "A council spokesman rejected claims that the scheme had been rushed.\n"
    )
    assert said["taking the money"] == "Graham Lund had earlier denied taking the money"
    assert (
        said["that the scheme had been rushed"] == "A council spokesman rejected claims that the scheme had been rushed"
    )
    assert not any(s.startswith("According to") for s in said.values())


def test_a_denial_without_the_sources_frame_still_says_denied():
    assert statement("Jo Doe", "any involvement in the campaign", "indirect", polarity="denial") == (
        "Jo Doe denied any involvement in the campaign"
    )
    assert statement(None, "that the plan had failed", "mixed", polarity="denial") == (
        "An unidentified source denied that the plan had failed"
    )


def test_a_report_under_a_negated_cue_keeps_the_negation():
    """`Jo Doe did not say that the bridge was safe` is no claim by Jo Doe that it was."""
    said = _statements("Bridge row deepens.\n\nMayor Tom Reed did not say that the bridge was safe.\n")
    assert list(said.values()) == ["Mayor Tom Reed did not say that the bridge was safe"]


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # a curly apostrophe inside a contraction read as a quotation mark: no frame, so the statement
        # was "Tom Reed said whether the bridge was safe" (a participle's past form) or "According to …"
        (
            "Mayor Tom Reed isn\u2019t saying whether the bridge is safe.",
            "Mayor Tom Reed isn\u2019t saying whether the bridge is safe",
        ),
        (
            "Mayor Tom Reed doesn\u2019t want to close the bridge.",
            "Mayor Tom Reed doesn\u2019t want to close the bridge",
        ),
        # the speaker's contracted verb, spelled out after the name
        (
            "Mayor Tom Reed spoke on Monday. He\u2019s not saying whether the bridge is safe.",
            "Mayor Tom Reed is not saying whether the bridge is safe",
        ),
    ],
)
def test_a_negation_written_with_a_curly_apostrophe_stays_in_the_statement(body: str, want: str):
    said = _statements(f"Bridge row deepens.\n\n{body}\n")
    assert want in said.values(), said


def test_a_speaker_printed_after_the_keeps_it_in_the_statement():
    """The resolved name drops the article the documents print (`European Commission`): "According to
    European Commission, …" read as a misprint. A person's name takes none."""
    said = _statements(
        "Grain deal agreed.\n\nThe European Commission said the deal was fair to farmers. "
        "Commissioner Ann Lee said the deal would last a year.\n"
    )
    assert said["the deal was fair to farmers"] == "According to the European Commission, the deal was fair to farmers"
    assert said["the deal would last a year"] == "According to Commissioner Ann Lee, the deal would last a year"


def test_a_bylines_writer_is_no_one_a_pronoun_refers_to():
    """`By Owen Price | Published …`: the writer's surname made the first report's "his" Adam Price's, a
    man the article names only later; with another writer the pronoun stays as printed."""
    body = (
        "Farmer wins apology\n\nBy Owen Price | Published 14:32 BST, 2 May 2024\n\n"
        'A farmer who was told by an inspector that his hedgerows were "a hazard" has won an apology.\n\n'
        "The member of the Senedd, Adam Price, said he had raised the case with ministers.\n"
    )
    said = " ".join(_statements(body).values())
    assert "his hedgerows" in said and "[Adam Price] hedgerows" not in said


def test_a_sentence_opening_with_by_is_no_byline():
    """`By Election Day, Senator Maria Lopez had raised …` is a sentence: its names stay in the index."""
    said = _statements(
        "Lopez campaigns hard\n\nBy Election Day, Senator Maria Lopez had raised $2m for the race.\n\n"
        "She said the race was close and that she would win it.\n"
    )
    assert any(v.startswith("According to Maria Lopez, the race was close") for v in said.values()), said


def test_the_article_before_a_speaker_is_its_own_not_a_products():
    """`Apple said … sales of the Apple Watch rose`: the content's `the Apple Watch` is no `the Apple`."""
    said = _statements("Results day.\n\nApple said on Tuesday that sales of the Apple Watch rose 20 percent.\n")
    assert list(said.values()) == ["According to Apple, sales of the Apple Watch rose 20 percent"]


def test_a_negated_second_verb_keeps_its_negation():
    """`…, but did not say how much` shares the speaker of the first verb: the statement keeps the
    negation, not `According to Mayor Tom Reed, how much it would save`."""
    said = _statements(
        "Bridge row deepens.\n\nMayor Tom Reed said the plan would cut costs, but did not say how much it would save.\n"
    )
    assert said["how much it would save"] == "Mayor Tom Reed did not say how much it would save"
    assert said["the plan would cut costs"] == "According to Mayor Tom Reed, the plan would cut costs"


@pytest.mark.parametrize(
    "sentence, content, expected",
    [
        (
            "Mayor Tom Reed said the plan would cut costs, but declined to say how much it would save.",
            "to say how much it would save",
            "Mayor Tom Reed declined to say how much it would save",
        ),
        (
            "Mayor Tom Reed said the plan would cut costs, but refused to say how much it would save.",
            "to say how much it would save",
            "Mayor Tom Reed refused to say how much it would save",
        ),
        # someone else's refusal after a preposition: the article's sentence, not "According to …, to show up"
        (
            "Mayor Tom Reed hit out at the contractor for refusing to show up at the hearing.",
            "to show up at the hearing",
            "Mayor Tom Reed hit out at the contractor for refusing to show up at the hearing",
        ),
    ],
)
def test_a_withheld_report_keeps_its_frame(sentence: str, content: str, expected: str) -> None:
    """`declined to say …`, `refused to release …`: the infinitive's `to` completes the withholding
    frame, so the statement says the speaker withheld it, not `According to Mayor Tom Reed, to say …`."""
    said = _statements("Bridge row deepens.\n\n" + sentence + "\n")
    assert said[content] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Mayor Tom Reed declined to say whether the bridge would reopen in May.",
        "Mayor Tom Reed refused to say whether the bridge would reopen in May.",
        "Mayor Tom Reed would not say whether the bridge would reopen in May.",
    ],
)
def test_a_withheld_report_keeps_its_frame_as_a_negated_one_does(sentence: str):
    """`declined to say whether X` withholds X as `would not say whether X` does: no "According to"."""
    said = _statements("Bridge row deepens.\n\n" + sentence + "\n")
    assert list(said.values()) == [sentence.rstrip(".")]


@pytest.mark.parametrize(
    "sentence, content, expected",
    [
        (
            "Officials, however, did not say whether the bridge would reopen in May.",
            "whether the bridge would reopen in May",
            "Officials did not say whether the bridge would reopen in May",
        ),
        (
            "Tom Reed, the city manager, would not say how much the repairs would cost.",
            "how much the repairs would cost",
            "Tom Reed would not say how much the repairs would cost",
        ),
        (
            "Tom Reed, meanwhile, declined to say when the bridge would reopen.",
            "when the bridge would reopen",
            "Tom Reed declined to say when the bridge would reopen",
        ),
    ],
)
def test_an_aside_after_the_speaker_leaves_the_negation_in_place(sentence: str, content: str, expected: str):
    """An aside set off by commas between the speaker and a negated cue is no reason to drop the frame:
    not `Officials say whether …` or `According to Tom Reed, how much …`."""
    said = _statements("Bridge row deepens.\n\n" + sentence + "\n")
    assert said[content] == expected


def test_a_denial_the_narration_names_after_a_quotation_denies_it_end_to_end():
    # made-up article: the narration's "a claim the commission denied" follows the quotation's frame
    text = 'Vote row\n\n"The count was rigged from the start," the candidate said, a claim the commission denied.\n'
    claims = {c.polarity: c for c in _merged(text)}
    quote, denial = claims["assertion"], claims["denial"]
    assert (quote.speaker.name, denial.speaker.name) == ("candidate", "commission")
    assert denial.denies == (quote.claim_id,) and quote.denied_by == (denial.claim_id,)
    assert denial.statement == "The commission denied that the count was rigged from the start"


@pytest.mark.parametrize(
    "sentence, content, expected",
    [
        (
            "Most voters said taxes were too high, while nine in 10 said the roads were poor.",
            "the roads were poor",
            "According to nine in 10, the roads were poor",
        ),
        (
            "Most voters said the plan was fair, and one in five say it is not an improvement.",
            "it is not an improvement",
            "According to one in five, it is not an improvement",
        ),
        (
            "In the same poll, 60 percent said the council should resign.",
            "the council should resign",
            "According to 60 percent, the council should resign",
        ),
        (
            "About four in 10 voters said the bridge should close.",
            "the bridge should close",
            "According to about four in 10 voters, the bridge should close",
        ),
        # a written-out total, and the sentence's capital on a count or a hedge
        (
            "Nine in ten voters said the bridge should close.",
            "the bridge should close",
            "According to nine in ten voters, the bridge should close",
        ),
        (
            "Nearly nine in 10 voters said the bridge should close.",
            "the bridge should close",
            "According to nearly nine in 10 voters, the bridge should close",
        ),
        # mid-sentence, the learned speaker choice keeps the share whole (it picked its count, "nine")
        (
            "Overall, nearly nine in 10 voters said the bridge should close.",
            "the bridge should close",
            "According to nearly nine in 10 voters, the bridge should close",
        ),
    ],
)
def test_a_share_of_those_polled_is_named_whole(sentence: str, content: str, expected: str) -> None:
    """A poll's share speaks as the article counts it: not `According to the percent` or `According to
    10`, and no article before a count (`the nine in 10`)."""
    said = _statements("Poll results.\n\n" + sentence + "\n")
    assert said[content] == expected


def test_a_common_word_that_opens_a_report_is_lower_cased_after_its_speaker_end_to_end():
    # made-up article: the first report opens with a common noun its document writes in lower case
    # elsewhere, the second with a name (a title and a name) that keeps its capitals
    text = (
        "Bank pays out\n\n"
        "Bonuses for tellers were $500 every three months, the Ledger reported.\n\n"
        "The bonuses ended in May. President Ada Vance approved the cut, the bank said.\n"
    )
    said = sorted(c.statement for c in _merged(text))
    assert any(s.endswith("Ledger, bonuses for tellers were $500 every three months") for s in said), said
    assert "According to the bank, President Ada Vance approved the cut" in said
