"""Stage 5: every content is found in the source; offsets are never taken on trust."""

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
