"""The learned attribution layer (pipeline/attribution), on made-up sentences only."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.attribution import learned
from claimex.attribution.candidates import document_candidates
from claimex.backends.rules import extract_rules
from claimex.models import Document
from claimex.segment import segment


def _seg(body: str):
    return segment(Document(doc_id="x", text="A headline without a stop\n\n" + body + "\n\nA closing paragraph."))


def test_weights_ship_with_their_source_named():
    data = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))
    assert "PolNeAR" in data["source"]
    assert {"lexicon", "weights", "bias", "threshold"} <= data.keys()
    assert 0.0 < data["threshold"] < 1.0
    assert all(0.0 < r <= 1.0 for r in data["lexicon"].values())
    assert "said" in data["lexicon"] and "the" not in data["lexicon"]


def test_candidates_right_of_the_cue_with_the_subject_as_source():
    seg = _seg("The governor has not mentioned the cost of the new stadium in any of his speeches.")
    cands = document_candidates(seg, learned.load().lexicon)
    right = [c for c in cands if c.side == "R" and c.cue == "mentioned"]
    assert right
    c = right[0]
    assert seg.text[c.start : c.end] == "the cost of the new stadium in any of his speeches"
    assert c.speaker_text == "The governor"


def test_candidates_left_of_a_trailing_frame():
    seg = _seg("The harbour will stay closed until the spring, the port authority warned on Monday.")
    cands = [c for c in document_candidates(seg, learned.load().lexicon) if c.side == "L"]
    assert cands and seg.text[cands[0].start : cands[0].end] == "The harbour will stay closed until the spring"


def test_no_candidates_in_a_headline_or_inside_quotation_marks():
    seg = _seg('She read the line "officials said the bridge was safe to cross" aloud.')
    assert not [c for c in document_candidates(seg, learned.load().lexicon) if c.cue == "said"]
    head = segment(Document(doc_id="x", text="Officials said the bridge is safe\n\nThe river rose overnight."))
    assert not document_candidates(head, learned.load().lexicon)


def test_a_learned_mention_is_added_where_the_rules_find_none():
    ms = extract_rules(_seg("The governor has not mentioned the cost of the new stadium in any of his speeches."))
    added = [m for m in ms if (m.rule or "").startswith("learned.")]
    assert [(m.speaker_text, m.content, m.quote_type) for m in added] == [
        ("The governor", "the cost of the new stadium in any of his speeches", "indirect")
    ]


def test_learned_mentions_never_repeat_a_rule_mention(monkeypatch):
    body = (
        "The mayor said the bridge would reopen in May. The council has not mentioned the cost of the new"
        " stadium in any report. Critics say the plan will fail, and the union worries about the jobs."
    )
    seg = _seg(body)
    monkeypatch.setattr(learned, "ENABLED", False)
    rules = extract_rules(seg)
    monkeypatch.setattr(learned, "ENABLED", True)
    both = extract_rules(seg)
    assert both[: len(rules)] == rules
    spans = [(m.content_hint, m.content_hint + len(m.content)) for m in both]
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            assert learned.overlap_share(a, b) < 0.5 or a == b


@pytest.mark.parametrize("enabled", [True, False])
def test_switch_off_gives_the_rules_alone(monkeypatch, enabled):
    monkeypatch.setattr(learned, "ENABLED", enabled)
    ms = extract_rules(_seg("The governor has not mentioned the cost of the new stadium in any of his speeches."))
    assert any((m.rule or "").startswith("learned.") for m in ms) is enabled


def test_speaker_falls_back_to_the_phrase_opening_the_sentence():
    from claimex.attribution.candidates import TOKEN, find_speaker

    text = "The transcript of the hearing\u2013released by the committee\u2013shows that the minister knew."
    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    i = next(k for k, t in enumerate(toks) if t[0] == "shows")
    subj, kind = find_speaker(text, 0, toks, i)
    assert kind == "none"  # no subject next to the cue; the kind (a feature) stays, the speaker text is filled
    assert subj is not None and subj.text.startswith("The transcript of the hearing")


def test_cue_pattern_finds_every_lexicon_token():
    from claimex.attribution.candidates import TOKEN, cue_pattern

    lexicon = learned.load().lexicon
    pat, _ = cue_pattern(lexicon)
    text = "He SAID, she Claimed; they aren't sure, according to aides who warned (and noted) it."
    toks = {m.start() for m in TOKEN.finditer(text) if m.group(0).lower() in lexicon}
    assert toks and toks <= {m.start() for m in pat.finditer(text)}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["said", "SAID", "Claimed", "aren\u2019t", "according", "İ", "ſ", "\u212a", "x", " ", "'", ","]
        ),
        max_size=12,
    )
)
def test_cue_spans_find_every_lexicon_token(parts):
    """cue_spans (searched in lower-cased text) finds every token the exact test takes, with its text."""
    from claimex.attribution.candidates import TOKEN, cue_spans

    lexicon = learned.load().lexicon
    text = "".join(parts)
    toks = {(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text) if m.group(0).lower() in lexicon}
    assert toks <= set(cue_spans(text, lexicon))


def test_a_date_is_not_taken_for_the_source():
    from claimex.attribution.candidates import TOKEN, find_speaker

    text = "Ministers will meet on Tuesday to discuss the budget timetable for the coming year."
    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    i = next(k for k, t in enumerate(toks) if t[0] == "discuss")
    subj, _ = find_speaker(text, 0, toks, i)
    assert subj is not None and subj.text == "Ministers"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Image:", "CAPTION", "Sign up", "ſign up", "ı", "İmage:", "K", " ", "x", "getty images"]),
        max_size=8,
    )
)
def test_furniture_marks_are_the_case_insensitive_regex_matches(parts):
    """The substring shortcut of _furniture_marks never hides a match of the re.I regex."""
    from claimex.attribution.candidates import _FURNITURE, _furniture_marks

    text = "".join(parts)
    assert _furniture_marks(text) == [m.start() for m in _FURNITURE.finditer(text)]


@pytest.mark.parametrize(
    "text, cue, source",
    [
        # an opening adverbial clause: the subject after its comma, not its first word
        ("Throughout the long debate, the senator found ways to cast herself as the heir.", "cast", "the senator"),
        ("Asked about the vote, Mayor Lin pointed to the budget and praised the council.", "praised", "Mayor Lin"),
        ("At the same time, though, American officials have long worried about the deal.", "worried", "American"),
        # a quantifier opening the sentence is not the whole source
        ("Many of the delegates seem to be hoping for a change of course.", "hoping", "Many of the delegates"),
    ],
)
def test_the_source_after_an_opening_adverbial(text, cue, source):
    from claimex.attribution.candidates import TOKEN, find_speaker

    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    i = next(k for k, t in enumerate(toks) if t[0] == cue)
    subj, _ = find_speaker(text, 0, toks, i)
    assert subj is not None and subj.text.startswith(source)


def test_according_to_names_its_source():
    from claimex.attribution.candidates import TOKEN, Candidate, _base_features, _right, _Sent

    text = "Yet according to aides of the mayor, the plan will be dropped before the vote next week."
    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    lexicon = {"according": 0.9}
    sn = _Sent(text, 0, toks, len(text) - 1, lexicon)
    i = 1
    c = _right(sn, i, _base_features(sn, i, 1, False, True, False), "according", "to")
    assert isinstance(c, Candidate) and c.speaker_text == "aides of the mayor"
