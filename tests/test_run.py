"""The composed pipeline with an injected backend, and the rule backend on arbitrary text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.backends import FakeExtractor, RuleExtractor
from claimex.models import Document, ExtractedMention, Speaker
from claimex.run import process_document, run_batch


def test_injected_fake_backend_offsets_come_from_grounding(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text('Intro line.\n"Taxes will fall," Jo Park said.\n')
    fake = FakeExtractor().enqueue(
        [
            ExtractedMention(
                local_id="m1",
                content='"Taxes will fall,"',
                speaker_text="Jo Park",
                speaker=Speaker(name="Jo Park", kind="person"),
                content_hint=0,
            ),  # wrong hint on purpose
            ExtractedMention(local_id="m2", content="the moon is made of cheese", speaker_text="Jo Park"),
        ]
    )
    res = run_batch([str(src)], fake, tmp_path / "out")
    assert fake.calls == ["a"]
    (claim,) = res.claims
    m = claim.mentions[0]
    assert src.read_text()[m.start : m.end] == m.text == '"Taxes will fall,"'
    assert res.report.ungrounded == 1 and res.report.to_json()["mentions"]["dropped"] == 1


def test_a_content_without_a_word_is_no_claim(tmp_path):
    """An empty quotation ('"", said Ann Lee.') states nothing: no backend's mention of it is kept."""
    (tmp_path / "a.txt").write_text('"", said Ann Lee. "We will win," she said.\n')
    fake = FakeExtractor().enqueue(
        [
            ExtractedMention(local_id="m1", content='""', speaker_text="Ann Lee"),
            ExtractedMention(local_id="m2", content='"We will win,"', speaker_text="Ann Lee"),
        ]
    )
    (claim,) = run_batch([str(tmp_path)], fake, tmp_path / "out").claims
    assert claim.content == "We will win"
    res = run_batch([str(tmp_path)], RuleExtractor(), tmp_path / "out2")
    assert res.claims and all(any(ch.isalnum() for ch in c.content) for c in res.claims)


def test_a_document_whose_backend_raises_is_an_error_record(tmp_path):
    class Boom(FakeExtractor):
        def _extract(self, seg):
            raise ValueError("backend exploded")

    (tmp_path / "a.txt").write_text("A said b.")
    res = run_batch([str(tmp_path)], Boom(), tmp_path / "out")
    (err,) = res.errors
    assert err.doc_id == "a" and err.stage == "extract" and "exploded" in err.message


words = st.sampled_from(
    [
        "He",
        "she",
        "said",
        "told",
        "Mr.",
        "Smith",
        "Ann Lee",
        '"',
        "\u201c",
        "\u201d",
        ",",
        ".",
        "that",
        "the",
        "denied",
        "according to",
        "\n",
        "\n\n",
        ":",
        " ",
        "\u2014",
        "It has been alleged",
        "completely false",
        "''",
        "(",
        ")",
        "\U0001f600",
        "e\u0301",
        "\u05e9\u05dc\u05d5\u05dd",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=80).map(" ".join))
def test_no_text_makes_a_stage_raise_and_offsets_always_hold(text):
    if not text.strip():
        return
    res = process_document(Document(doc_id="h", text=text), RuleExtractor())
    for g in res.mentions:
        m = g.mention
        assert text[m.start : m.end] == m.text
        assert 0 <= m.sentence.start <= m.start < m.end <= m.sentence.end <= len(text)
