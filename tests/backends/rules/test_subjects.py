"""The rule backend's speaker search (pipeline/backends/rules/subjects.py): a document someone issued
("a statement", "an email") is not the speaker; whoever issued it is."""

from __future__ import annotations

import pytest

from claimex.backends.rules.subjects import ISSUED_DOCUMENT_EXAMPLES, find_subject
from claimex.lexicon import ISSUED_DOCUMENTS


@pytest.mark.parametrize("before_cue, speaker", ISSUED_DOCUMENT_EXAMPLES)
def test_issued_document_steps_back_to_its_issuer(before_cue: str, speaker: str):
    text = before_cue + " the plan works."
    cue_at = len(before_cue) - len(before_cue.rsplit(" ", 1)[1])
    found = find_subject(text, 0, cue_at)
    assert found is not None
    assert found.text == speaker
    assert not set(found.text.lower().split()) & ISSUED_DOCUMENTS


def test_a_speaker_without_an_issued_document_is_untouched():
    text = "The council said the plan works."
    found = find_subject(text, 0, text.index("said"))
    assert found is not None and found.text == "The council"
