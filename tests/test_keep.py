"""The keep filter (pipeline/attribution/keep.py): a learned accept/reject score for rule-backend mentions."""

from __future__ import annotations

import json

from claimex.attribution import keep
from claimex.backends.rules import extract_rules, unfiltered_mentions
from claimex.models import Document
from claimex.segment import segment

TEXT = (
    "Mayor Anna Berg spoke on Monday.\n"
    '"We have cut the budget by a third," Anna Berg said.\n'
    "The council said the plan would fail, and officials expected to vote on it soon.\n"
    "Tom Hale denied that the budget was cut.\n"
    "Analysts say the deficit will grow next year, and the mayor plans to sell the old town hall.\n"
)


def _seg():
    return segment(Document(doc_id="d", text=TEXT))


def test_weights_ship_with_their_source_and_a_threshold():
    data = json.loads(keep.WEIGHTS.read_text(encoding="utf-8"))
    assert "PolNeAR" in data["source"]
    assert 0.0 < data["threshold"] < 1.0
    assert data["weights"] and all(isinstance(v, float) for v in data["weights"].values())
    assert 0.0 < data["quote"]["threshold"] < 1.0 and data["quote"]["weights"]


def test_the_backend_returns_the_unfiltered_mentions_the_filter_keeps_in_their_order():
    seg = _seg()
    before = unfiltered_mentions(seg)
    after = extract_rules(seg)
    kept = keep.filter_mentions(seg, before)
    assert [(m.local_id, m.content) for m in after] == [(m.local_id, m.content) for m in kept]


def test_a_threshold_no_mention_reaches_keeps_only_the_exempt_ones_and_quotations_without_a_model():
    seg = _seg()
    ms = unfiltered_mentions(seg)
    never = keep.Model({"weights": {}, "bias": 0.0, "threshold": 1.0})
    role = keep.roles(seg, ms)
    assert keep.filter_mentions(seg, ms, never) == [m for m, r in zip(ms, role) if r != "main"]
    assert {"keep", "quote", "main"} == set(role)
    assert any(m.polarity == "denial" for m in ms)
    for m, x, r in zip(ms, keep.exempt(ms), role):
        assert x == (m.polarity == "denial" or any(m.local_id in o.denies for o in ms))
        assert r == ("keep" if x else "quote" if m.quote_type == "direct" else "main")


def test_the_quotation_model_drops_quotations_under_its_own_threshold():
    seg = _seg()
    ms = unfiltered_mentions(seg)
    quote_never = keep.Model(
        {"weights": {}, "bias": 0.0, "threshold": 0.0, "quote": {"weights": {}, "bias": 0.0, "threshold": 1.0}}
    )
    kept = keep.filter_mentions(seg, ms, quote_never)
    assert [m for m in ms if m.quote_type != "direct"] == kept
    assert any(m.quote_type == "direct" for m in ms)


def test_the_halves_of_a_quotation_cut_by_its_frame_are_never_scored_by_the_quotation_model():
    text = "The mayor spoke.\n\n\u201cThe water is bad,\u201d Ms. Jane Roe said, \u201cand it is hard to fix.\u201d"
    seg = segment(Document(doc_id="h", text=text))
    ms = unfiltered_mentions(seg)
    halves = [m for m in ms if m.quote_type == "direct"]
    assert len(halves) == 2
    assert keep.roles(seg, ms) == ["keep" if m.quote_type == "direct" else "main" for m in ms]


def test_quotation_features_add_cue_case_and_marks_to_the_mention_features():
    seg = _seg()
    ms = unfiltered_mentions(seg)
    view = keep.View(seg, ms)
    i = next(i for i, m in enumerate(ms) if m.quote_type == "direct")
    f = keep.quote_features(view, i)
    assert f[: len(keep.features(view, i))] == keep.features(view, i)
    assert "qcue=11" in f and "qfirst=cap" in f and "qlast=," in f


def test_a_zero_threshold_keeps_everything():
    seg = _seg()
    ms = unfiltered_mentions(seg)
    assert keep.filter_mentions(seg, ms, keep.Model({"weights": {}, "bias": 0.0, "threshold": 0.0})) == ms


def test_features_name_the_rule_and_cross_place_features_with_the_pass():
    seg = _seg()
    ms = unfiltered_mentions(seg)
    view = keep.View(seg, ms)
    for i, m in enumerate(ms):
        f = keep.features(view, i)
        assert f == keep.features(keep.View(seg, ms), i)  # the same mention, the same features
        assert "rule=" + (m.rule or "-") in f and "qt=" + m.quote_type in f
        pas = (m.rule or "-").split(".", 1)[0]
        assert [x for x in f if x.startswith("len=")][0] + "&" + pas in f
        assert any(x.startswith("lp=") for x in f) == pas.startswith("learned")


def test_bucket_names_the_first_edge_not_exceeded():
    edges = (1, 3, 8)
    assert [keep.bucket(n, edges) for n in (0, 1, 2, 3, 8, 9)] == ["1", "1", "3", "3", "8", ">8"]


def _roles_by_rule(text: str) -> dict[str, str]:
    """Each direct quotation's rule and its `keep.roles` entry, for an invented text."""
    seg = segment(Document(doc_id="r", text=text))
    ms = unfiltered_mentions(seg)
    return {m.rule or "-": r for m, r in zip(ms, keep.roles(seg, ms)) if m.quote_type == "direct"}


def test_a_quotation_whose_speaker_is_carried_from_the_frame_of_its_group_is_never_scored():
    # two marks in the second paragraph's quotation: only its carried speaker keeps it from the model
    roles = _roles_by_rule(
        'Mayor Tessa Brandt said: "We will rebuild the pier and the boardwalk this year.\n\n'
        '"It will take two years and cost the town a lot of money."'
    )
    assert roles["direct.quote_group"] == "keep"


def test_a_quotation_whose_speaker_is_carried_from_the_paragraph_before_is_never_scored():
    roles = _roles_by_rule(
        '"The plant will close in March," the manager said.\n\n"Nobody here will lose their pension or their job."'
    )
    assert roles["direct.previous_speaker"] == "keep"
    assert roles["direct.trailing_x_said"] == "quote"  # a closed, framed quotation is the model's


def test_a_paragraph_that_opens_a_quotation_and_leaves_it_open_is_never_scored():
    # its own frame (not a carried speaker), but one mark: the quotation runs on into the next paragraph
    text = (
        'Mayor Tessa Brandt said: "We will rebuild the pier and the boardwalk this year.\n\n"It will take two years."'
    )
    seg = segment(Document(doc_id="o", text=text))
    ms = unfiltered_mentions(seg)
    first = next(i for i, m in enumerate(ms) if m.quote_type == "direct")
    assert ms[first].rule not in keep.CARRIED_RULES and ms[first].content.count('"') == 1
    assert keep.roles(seg, ms)[first] == "keep"


def test_rules_that_decide_themselves_whether_quoted_words_are_a_statement_are_never_scored():
    chanted = _roles_by_rule('Demonstrators in the square chanted "No more war!" and marched on.')
    unframed = _roles_by_rule(
        'The hall was full.\n\n"Everyone who lives here deserves a warm and safe home tonight and every night."'
    )
    assert chanted == {"direct.utter_verb": "keep"}
    assert unframed == {"direct.unattributed": "keep"}


CONTAINED = 'Ms. Jane Roe said that the water was bad, "and it is hard to fix."'


def test_a_quotation_inside_a_reported_statement_names_its_rule_and_whether_the_speakers_match():
    seg = segment(Document(doc_id="c", text=CONTAINED))
    ms = unfiltered_mentions(seg)
    q = next(i for i, m in enumerate(ms) if m.quote_type == "direct")
    outer = next(m for m in ms if m.quote_type != "direct")
    f = keep.quote_features(keep.View(seg, ms), q)
    rule = outer.rule or "-"
    assert ms[q].speaker_text != outer.speaker_text  # `Jane Roe` in `Ms. Jane Roe`: the last word decides
    assert ["qin=" + rule, "qinspk=same", "qin=" + rule + "|same"] == f[-3:]
    other = [m.model_copy(update={"speaker_text": "Tom Hale"}) if m is outer else m for m in ms]
    assert keep.quote_features(keep.View(seg, other), q)[-2:] == ["qinspk=diff", "qin=" + rule + "|diff"]


def test_the_container_is_the_longest_other_mention_holding_the_quotation_and_the_first_of_equals():
    seg = segment(Document(doc_id="c", text=CONTAINED))
    ms = unfiltered_mentions(seg)
    q = next(i for i, m in enumerate(ms) if m.quote_type == "direct")
    outer = next(m for m in ms if m.quote_type != "direct")
    wider = outer.model_copy(update={"content_hint": 0, "content": CONTAINED, "rule": "test.wider"})
    twin = wider.model_copy(update={"rule": "test.twin"})
    assert keep.quote_features(keep.View(seg, [*ms, wider, twin]), q)[-3] == "qin=test.wider"
    alone = keep.quote_features(keep.View(seg, [ms[q]]), 0)
    assert alone[-1] == "qin=-" and not any(x.startswith("qinspk=") for x in alone)
