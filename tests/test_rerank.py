"""The learned speaker choice (pipeline/attribution/rerank.py), on made-up sentences only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from claimex.attribution import rerank
from claimex.attribution.candidates import TOKEN
from claimex.models import Document, ExtractedMention, Speaker
from claimex.segment import segment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))

import train_rerank  # noqa: E402


def _phrases(sentence: str, cue: str) -> list[str]:
    toks = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(sentence)]
    i = max(n for n, t in enumerate(toks) if t[0] == cue)
    return [sentence[toks[p.a][1] : toks[p.b - 1][2]] for p in rerank.phrases(toks, i)]


def test_phrases_stop_at_punctuation_break_words_and_verbs_not_inside_a_word():
    got = _phrases("Mr. Doe's anti-tax allies - critics -- the U.S. court-ordered panel say", "say")
    assert got == ["Mr. Doe's anti-tax allies", "critics", "the U.S. court-ordered panel"]
    # a preposition, an auxiliary and a past form break a phrase; the cue's own verb group is no phrase
    got = _phrases("After the vote in Laketown, the mayor worried that most farmers would not agree", "agree")
    assert got == ["the vote", "Laketown", "the mayor", "most farmers"]


def test_a_reporting_verbs_form_after_an_article_is_a_noun_in_a_phrase():
    # "report" broke "The report" into a lone article, so "no speaker" won over the rules' phrase
    assert _phrases("The report found that rents rose", "found") == ["The report"]
    assert _phrases("Officials report that rents rose", "report") == ["Officials"]


def test_a_phrase_keeps_its_last_six_words_and_a_lone_article_is_none():
    got = _phrases("The old red brick town hall clock committee says", "says")
    assert got == ["red brick town hall clock committee"]
    assert _phrases("In a, the board says", "says") == ["the board"]


def _mention(text: str, content: str, cue: str, speaker: str | None, rule: str = "learned.R") -> ExtractedMention:
    return ExtractedMention(
        local_id="m0",
        content=content,
        speaker_text=speaker,
        speaker=Speaker(kind="group" if speaker else "unnamed"),
        cue=cue,
        content_hint=text.index(content),
        speaker_hint=text.index(speaker) if speaker else None,
        rule=rule,
    )


_TEXT = "The plan stalled in May, but most farmers in the valley say the new canal will never be built."
_CONTENT = "the new canal will never be built"


def _model(weights: dict[str, float]) -> rerank.Model:
    return rerank.Model(weights, 0.0, {})


def test_the_scorer_picks_a_phrase_and_only_the_speaker_changes():
    seg = segment(Document(doc_id="x", text=_TEXT))
    m = _mention(_TEXT, _CONTENT, "say", "The plan")
    starts = rerank.starts_of(seg)
    got = rerank.choose(seg, m, _model({"near=adj": 2.0}), starts)  # the phrase right before the cue
    assert (got.speaker_text, got.speaker_hint) == ("the valley", _TEXT.index("the valley"))
    assert (got.content, got.content_hint, got.cue, got.rule) == (m.content, m.content_hint, m.cue, m.rule)
    assert got.speaker == Speaker()  # its kind is the speaker stage's to find


def test_the_rules_phrase_stays_when_the_pick_holds_it_and_no_speaker_is_a_choice():
    seg = segment(Document(doc_id="x", text=_TEXT))
    starts = rerank.starts_of(seg)
    m = _mention(_TEXT, _CONTENT, "say", "most farmers")
    assert rerank.choose(seg, m, _model({"chosen=True": 2.0}), starts) is m
    got = rerank.choose(seg, m, _model({"none": 2.0}), starts)
    assert (got.speaker_text, got.speaker_hint) == (None, None)


def test_a_pick_that_beats_the_rules_choice_by_less_than_the_margin_leaves_the_rules_phrase():
    seg = segment(Document(doc_id="x", text=_TEXT))
    starts = rerank.starts_of(seg)
    m = _mention(_TEXT, _CONTENT, "say", "most farmers")
    # "the valley" (adjacent to the cue) scores 2.0, the rules' "most farmers" 1.5: 0.5 ahead
    weights = {"near=adj": 2.0, "chosen=True": 1.5}
    assert rerank.choose(seg, m, rerank.Model(weights, 0.0, {}, 0.6), starts) is m
    got = rerank.choose(seg, m, rerank.Model(weights, 0.0, {}, 0.4), starts)
    assert got.speaker_text == "the valley"


def test_best_keeps_the_current_choice_within_the_margin_and_ignores_it_when_the_rules_phrase_is_unread():
    choices = [rerank.Choice(rerank.Phrase(k, k + 1), [f"f{k}"]) for k in range(3)]
    model = rerank.Model({"f0": 1.0, "f1": 1.2, "f2": 0.1}, 0.0, {}, 0.25)
    assert rerank.best(model, choices, current=0) == 0  # 0.2 ahead: within the margin
    assert rerank.best(model, choices, current=2) == 1  # 1.1 ahead
    assert rerank.best(model, choices, current=-1) == 1  # the rules' phrase is not among the choices
    assert rerank.best(model._replace(margin=0.0), choices, current=0) == 1


def test_the_trainer_chooses_the_margin_by_named_pairs_then_all_pairs_then_the_smallest():
    named = dict.fromkeys(train_rerank.MARGINS, 10) | {0.5: 12, 1.0: 12}
    every = dict.fromkeys(train_rerank.MARGINS, 20) | {1.0: 21}
    assert train_rerank.choose_margin(named, every) == 1.0
    assert train_rerank.choose_margin(named, dict.fromkeys(train_rerank.MARGINS, 20)) == 0.5
    assert train_rerank.choose_margin(*[dict.fromkeys(train_rerank.MARGINS, 1)] * 2) == 0.0


def test_the_shipped_scorer_records_the_margin_its_trainer_chose():
    data = json.loads(rerank.WEIGHTS.read_text())
    assert data["margin"] in train_rerank.MARGINS
    model = rerank.load()
    assert model is not None and model.margin == data["margin"]


def test_a_speaker_after_the_cue_or_a_cue_not_before_the_content_is_left_alone():
    text = 'But, said Jo Doe, "the canal will never be built."'
    seg = segment(Document(doc_id="x", text=text))
    starts = rerank.starts_of(seg)
    m = _mention(text, "the canal will never be built.", "said", "Jo Doe", rule="direct.said_x")
    assert rerank.cue_index(seg, m, starts) is None
    m = _mention(_TEXT, _CONTENT, "claimed", "The plan")  # no such cue word before the content
    assert rerank.choose(seg, m, _model({"near=adj": 2.0}), starts) is m


def test_the_family_crosses_every_feature():
    toks = [(t.group(0), t.start(), t.end()) for t in TOKEN.finditer("Jo Doe says")]
    (phrase, none) = rerank.choices(toks, 2, None, {}, "indirect")
    assert "near=adj" in phrase.feats and "indirect|near=adj" in phrase.feats
    assert none.phrase is None and "indirect|none" in none.feats


def _item(right: int, n: int = 3) -> train_rerank.Item:
    choices = [
        rerank.Choice(rerank.Phrase(k, k + 1), ["f" + str(k), "good"] if k == right else ["f" + str(k)])
        for k in range(n)
    ]
    labels = [int(k == right) for k in range(n)]
    return train_rerank.Item(choices, labels + [0], -1, True, "learned.R")


def test_the_trainer_learns_what_marks_the_right_choice_and_is_the_same_on_every_run():
    items = [_item(k % 3) for k in range(30)]
    w, b = train_rerank.train_choice(items)
    assert w["good"] > 0 and b == 0.0
    assert all(train_rerank.picked_ok(it, w, b) for it in items)
    # with the rules' choice the first phrase and a margin no pick can clear, the rules' label counts
    held = [train_rerank.Item(it.choices, it.labels[:-1] + [1], 0, True, "learned.R") for it in items]
    assert all(train_rerank.picked_ok(it, w, b, 1e9) == 1 for it in held)
    assert train_rerank.train_choice(items) == (w, b)


def test_the_trainer_counts_a_pick_in_an_aside_as_the_rules_phrase_as_the_run_time_keeps_it():
    text = "Jo Doe, head of the union - the biggest one - says the canal will never be built."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "the canal will never be built", "says", "Jo Doe", rule="indirect.x_said_that")
    toks, i = rerank.cue_index(seg, m, rerank.starts_of(seg))
    options = rerank.choices(toks, i, m.speaker_hint, {}, "indirect")
    current = rerank.current_index(toks, options, m.speaker_hint)
    aside = next(k for k, c in enumerate(options) if c.phrase and toks[c.phrase.a][0] == "the")
    assert current == 0 and rerank.keeps_rules(toks, i, m, options, aside, current)
    assert not rerank.keeps_rules(toks, i, m, options, len(options) - 1, current)  # no speaker
    # the trainer's item: the aside phrase wins, is labelled wrong, the rules' phrase is right
    labels = [1 if k == current else 0 for k in range(len(options))] + [1]
    keeps = frozenset(k for k in range(len(options)) if rerank.keeps_rules(toks, i, m, options, k, current))
    item = train_rerank.Item(options, labels, current, True, "indirect", keeps)
    w = {f: 5.0 for f in options[aside].feats}
    assert train_rerank.picked_ok(item, w, 0.0) == 1
    assert train_rerank.picked_ok(train_rerank.Item(options, labels, current, True, "indirect"), w, 0.0) == 0


def test_the_trainer_reads_sources_as_score_py_does():
    assert train_rerank.speaker_tokens("Mr. Jo Doe of the Herald") == {"jo", "doe", "herald"}
    assert train_rerank.speaker_tokens("the others") == {"the", "others"}
    assert train_rerank.named("the Laketown mayor") and not train_rerank.named("some of them")


def test_an_aside_after_the_rules_phrase_keeps_the_phrase_it_describes():
    text = "Jo Doe, head of the union - the biggest one - says the canal will never be built."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "the canal will never be built", "says", "Jo Doe", rule="indirect.x_said_that")
    # the scorer prefers the phrase one token before the cue, which stands in the aside describing Jo Doe
    model = _model({"near=g1": 2.0})
    assert rerank.choose(seg, m, model, rerank.starts_of(seg)) is m
    # without the aside (no punctuation closing it before the cue) the scorer's phrase is taken
    text = "Jo Doe, head of the union, thinks the biggest one says the canal will never be built."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "the canal will never be built", "says", "Jo Doe", rule="indirect.x_said_that")
    got = rerank.choose(seg, m, _model({"near=adj": 2.0}), rerank.starts_of(seg))
    assert got.speaker_text == "the biggest one"


def test_a_passive_cue_an_unnamed_speaker_and_a_nested_report_are_left_alone():
    text = "The canal is said to cost the town far more than anyone planned."
    seg = segment(Document(doc_id="x", text=text))
    starts = rerank.starts_of(seg)
    passive = _mention(text, "to cost the town far more than anyone planned", "said", None)
    passive = passive.model_copy(update={"speaker": Speaker()})  # not unnamed: the passive check decides
    assert rerank.cue_index(seg, passive, starts) is None
    active = "The canal was to cost the town far more than anyone said it would."
    seg2 = segment(Document(doc_id="y", text=active))
    m2 = _mention(active, "it would", "said", "anyone", rule="indirect.x_said_that")
    assert rerank.cue_index(seg2, m2, rerank.starts_of(seg2)) is not None  # the same cue, active
    progressive = "The plan stalled in May, and the farmers are saying the new canal will never be built."
    seg3 = segment(Document(doc_id="z", text=progressive))
    m3 = _mention(progressive, _CONTENT, "saying", "the farmers", rule="indirect.x_said_that")
    assert rerank.cue_index(seg3, m3, rerank.starts_of(seg3)) is not None  # `are saying`: a progressive, theirs
    seg = segment(Document(doc_id="x", text=_TEXT))
    starts = rerank.starts_of(seg)
    unnamed = _mention(_TEXT, _CONTENT, "say", None).model_copy(update={"speaker": Speaker(kind="unnamed")})
    assert rerank.cue_index(seg, unnamed, starts) is None
    # a speaker phrase the rules found with no place in the text is left alone
    placeless = _mention(_TEXT, _CONTENT, "say", "The plan").model_copy(update={"speaker_hint": None})
    assert rerank.cue_index(seg, placeless, starts) is None
    assert rerank.cue_index(seg, _mention(_TEXT, _CONTENT, "say", "The plan"), starts) is not None
    assert (
        rerank.cue_index(seg, _mention(_TEXT, _CONTENT, "say", "The plan", rule="nested.reported_denial"), starts)
        is None
    )


def test_a_pick_in_the_clause_before_a_comma_and_a_conjunction_leaves_the_rules_phrase():
    # the rules' phrase opens a clause of its own: a phrase before its comma and conjunction is another
    # clause's subject, however the scorer rates it
    text = "Oil has risen sharply since May, and Hamid Qureshi, an analyst, warned that prices would climb."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "that prices would climb", "warned", "Hamid Qureshi", rule="indirect.x_said_that")
    model = _model({"cap=1": -3.0, "near=far": 4.0, "near=g3": 4.0, "near=g2": 4.0})
    assert rerank.choose(seg, m, model, rerank.starts_of(seg)) is m
    # a pronoun opening the clause may still be replaced by the phrase before
    m2 = _mention(text.replace("Hamid Qureshi, an analyst,", "he"), "that prices would climb", "warned", "he")
    seg2 = segment(Document(doc_id="y", text=text.replace("Hamid Qureshi, an analyst,", "he")))
    assert rerank._opens_new_clause(seg2.text, [], rerank.Phrase(0, 1), m2) is False


def test_a_role_before_the_rules_named_speaker_leaves_the_name():
    """'The union's general secretary, Paul Nowak, said': the rules read the name with the role
    before it in apposition; a scorer preferring the role phrase leaves the name (its role is kept)."""
    text = "The union's general secretary, Paul Nowak, described the offer as an insult."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "an insult", "described", "Paul Nowak", rule="indirect.x_verb_to")
    pick_role = _model({"first=the": 3.0})  # only the role phrase opens with "the"
    named = m.model_copy(update={"speaker": Speaker(kind="person", role="The union's general secretary")})
    assert rerank.choose(seg, named, pick_role, rerank.starts_of(seg)) is named
    # without the role the rules read, the scorer's phrase is taken
    got = rerank.choose(seg, m, pick_role, rerank.starts_of(seg))
    assert got.speaker_text == "The union's general secretary"


def test_the_antecedent_of_a_relative_who_before_the_cue_stays():
    """'The bill was backed by Senator Ann Cole, who said …': whoever "who" stands for speaks; a scorer
    preferring the sentence's opening phrase leaves the rules' antecedent."""
    text = "The bill was backed by Senator Ann Cole, who said it would save lives."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "it would save lives", "said", "Ann Cole", rule="indirect.x_said_that")
    pick_first = _model({"first=the": 3.0})
    assert rerank.choose(seg, m, pick_first, rerank.starts_of(seg)) is m
    # without the relative the same scorer's pick is taken
    text = "The bill was backed by Senator Ann Cole and later said it would save lives."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "it would save lives", "said", "Ann Cole", rule="indirect.x_said_that")
    assert rerank.choose(seg, m, pick_first, rerank.starts_of(seg)).speaker_text == "The bill"


def test_a_phrase_inside_a_restrictive_relative_after_the_rules_phrase_does_not_speak():
    """'A pharmacist who works at a Walgreens said …': the relative clause describes the speaker; a scorer
    preferring a capitalised phrase in it leaves the rules' antecedent. A pronoun in the clause, or a
    phrase after a break (a dash, a comma), may still be picked."""
    pick_near = _model({"near=adj": 4.0})  # the phrase right before the cue
    text = "A pharmacist who works at a Walgreens said the man appeared calm."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "the man appeared calm", "said", "A pharmacist", rule="indirect.x_said_that")
    assert rerank.choose(seg, m, pick_near, rerank.starts_of(seg)) is m
    # no relative: the scorer's pick is taken
    text = "A pharmacist at a Walgreens said the man appeared calm."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "the man appeared calm", "said", "A pharmacist", rule="indirect.x_said_that")
    assert rerank.choose(seg, m, pick_near, rerank.starts_of(seg)).speaker_text == "a Walgreens"
    text = "Rep. Joe Wilson is the congressman who gained fame when he yelled at the president."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "at the president", "yelled", "the congressman", rule="indirect.x_verb_to")
    toks, i = rerank.cue_index(seg, m, rerank.starts_of(seg)) or ([], 0)
    he = next(k for k, t in enumerate(toks) if t[0] == "he")
    assert rerank._in_restrictive_relative(seg.text, toks, rerank.Phrase(he, he + 1), m) is False


def test_a_pronoun_opening_a_subordinate_clause_stays_the_speaker_of_its_verb():
    """'The company's shares fell 5% after it warned …': the pronoun is the subject of the cue; a scorer
    preferring the main clause's subject leaves it. Across a comma the pronoun may still be replaced."""
    pick_first = _model({"first=the": 3.0})
    for conj in ("after", "because", "unless", "if"):
        text = f"The company's shares fell 5% {conj} it warned that profits would slump."
        seg = segment(Document(doc_id="x", text=text))
        m = _mention(text, "that profits would slump", "warned", "it", rule="indirect.x_said_that")
        assert rerank.choose(seg, m, pick_first, rerank.starts_of(seg)) is m, conj
    # no subordinator: the main clause's subject may take the cue ("… and it warned" is the rules' to keep)
    text = "The company's shares fell 5%; then it warned that profits would slump."
    seg = segment(Document(doc_id="x", text=text))
    m = _mention(text, "that profits would slump", "warned", "it", rule="indirect.x_said_that")
    assert rerank.choose(seg, m, pick_first, rerank.starts_of(seg)).speaker_text == "The company's shares"
