"""Stage 5: every content is found in the source; offsets are never taken on trust."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.ground import ground, locate
from claimex.models import Document, ExtractedMention, ExtractorInfo
from claimex.segment import segment

INFO = ExtractorInfo(backend="rules", version="t")


def test_exact_normalized_fuzzy_and_missing():
    text = "She said \u201cthe plan \u2014 as written \u2014 is dead\u201d on Monday.\nAnother line."
    assert locate(text, "the plan \u2014 as written \u2014 is dead").how == "exact"
    loc = locate(text, '"The plan - as written - is dead"')
    assert loc.how == "normalized" and text[loc.start : loc.end] == "the plan \u2014 as written \u2014 is dead"
    loc = locate(text, "the plan - as writen - is dead")  # one letter off
    assert loc is not None and loc.how == "fuzzy"
    assert locate(text, "the budget was balanced last year") is None


def test_hint_picks_the_right_occurrence_and_bad_hints_are_ignored():
    text = "yes. no. yes."
    assert locate(text, "yes", hint=9).start == 9
    assert locate(text, "yes", hint=4).start == 0  # hint points at 'no': nearest real occurrence wins


def test_ground_drops_invented_content_and_its_links():
    doc = Document(doc_id="d", text="Ann said the vote was fair. Bob denied it.")
    seg = segment(doc)
    ms = [
        ExtractedMention(local_id="a", content="the vote was fair", content_hint=999),
        ExtractedMention(local_id="b", content="the moon is cheese", denies=("a",)),
        ExtractedMention(local_id="c", content="it", denies=("a", "b")),
    ]
    res = ground(seg, ms, INFO)
    assert res.dropped == 1
    assert [g.local_id for g in res.mentions] == ["a", "c"]
    a = res.mentions[0].mention
    assert doc.text[a.start : a.end] == a.text == "the vote was fair"
    assert a.sentence.start == 0 and doc.text[a.sentence.start : a.sentence.end] == "Ann said the vote was fair."
    assert res.mentions[1].denies == ("a",)


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=200), st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=40)
)
def test_whatever_is_located_is_exactly_the_source_slice(text, a, n):
    content = text[a : a + n]
    doc = Document(doc_id="p", text=text)
    res = ground(segment(doc), [ExtractedMention(local_id="x", content=content or "x")], INFO)
    for g in res.mentions:
        m = g.mention
        assert text[m.start : m.end] == m.text
        assert m.sentence.start <= m.start < m.end <= m.sentence.end <= len(text)


def test_fuzzy_match_keeps_whole_words(seeds_dir):
    text = (seeds_dir / "002_b26333f1e1cfa2a5.txt").read_text(encoding="utf-8")
    loc = locate(text, "Rutnam has stood down amid a campaign against him.")
    assert loc.how == "fuzzy"
    assert text[loc.start : loc.end].startswith("Rutnam has stood down")


def test_a_fuzzy_match_of_a_longer_wording_stops_where_the_quotation_does():
    """The model added a word ("not", "all"): the alignment window, as long as its wording, ran past the
    quotation into the next paragraph (`… in the courts."\nSir`) or the frame (`… the vote," she`)."""
    text = (
        'He had hoped to settle. "I believe that I will be pursuing that claim in the courts."\n'
        "Sir Philip left the building on Friday.\n\n"
        '"Even despite the pressure, we held our nerve and we won the vote," she said.'
    )
    loc = locate(text, "I believe that I will not be pursuing that claim in the courts.")
    assert loc is not None and loc.how == "fuzzy"
    assert text[loc.start : loc.end] == '"I believe that I will be pursuing that claim in the courts."'
    loc = locate(text, "Even despite all the pressure, we held our nerve and we won the vote")
    assert (
        loc is not None
        and text[loc.start : loc.end] == "Even despite the pressure, we held our nerve and we won the vote"
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("the vote was fair and we held our nerve in courts".split()), min_size=4, max_size=14))
def test_a_fuzzy_match_begins_and_ends_on_words_of_the_wording(words):
    """Whatever the window caught around it, the span found opens and closes on words the wording has."""
    wording = " ".join(words)
    text = f"Opening words here. {wording}, she said. Closing remarks follow."
    loc = locate(text, wording.replace(" ", " really ", 1))
    if loc is not None and loc.how == "fuzzy":
        got = re.findall(r"\w+", text[loc.start : loc.end])
        assert got and got[0] in words and got[-1] in words


def test_a_window_confines_the_search_to_the_chunk_the_model_saw():
    """An LLM's claim is looked for only in its chunk (`ExtractedMention.content_window`): found there
    exactly, normalised or fuzzily, never elsewhere in the article (searching the whole article for each
    answer of a long one was n**2 in its length)."""
    first = "Ann Lee said the harbour dredging will start in March next year.\n\n"
    second = "Bo Wu said the new bus lanes would cut journey times for commuters.\n"
    text = first + second
    window = (len(first), len(text))
    assert locate(text, "the harbour dredging will start in March", window=window) is None
    loc = locate(text, "the new bus lanes would cut journey times", window=window)
    assert loc is not None and loc.how == "exact" and loc.start >= len(first)
    loc = locate(text, "the new bus lanes would cut journey time for commuters", window=window)  # (fuzzy)
    assert loc is not None and loc.start >= len(first) and loc.how == "fuzzy"
    seg = segment(Document(doc_id="w", text=text))
    ms = [
        ExtractedMention(local_id="out", content="the harbour dredging will start in March", content_window=window),
        ExtractedMention(local_id="in", content="the new bus lanes would cut journey times", content_window=window),
    ]
    res = ground(seg, ms, INFO)
    assert [g.local_id for g in res.mentions] == ["in"] and res.dropped == 1


def test_a_blank_content_is_never_grounded():
    seg = segment(Document(doc_id="b", text="Lopez said the race was   close."))
    res = ground(seg, [ExtractedMention(local_id="x", content="   ")], INFO)
    assert res.mentions == () and res.dropped == 1
