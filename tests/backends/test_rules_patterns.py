"""Attribution patterns of the rule backend, one made-up sentence each (no real article text)."""
from __future__ import annotations

import pytest

from pipeline.backends.rules import extract_rules
from pipeline.models import Document
from pipeline.segment import segment


def mentions(text: str):
    return extract_rules(segment(Document(doc_id="t", text=text)))


def found(text: str) -> list[tuple[str, str | None, str]]:
    """(quote_type, speaker phrase, content) for every mention, in text order."""
    return [(m.quote_type, m.speaker_text, m.content) for m in mentions(text)]


@pytest.mark.parametrize("text, expected", [
    # a party-and-state parenthetical inside the trailing frame; the split halves stay one statement
    ("\u201cThe budget was balanced. The deficit fell,\u201d Sen. Jane Doe (D-Mo.) said. \u201cWe were careful.\u201d",
     [("direct", "Sen. Jane Doe",
       "\u201cThe budget was balanced. The deficit fell,\u201d Sen. Jane Doe (D-Mo.) said. \u201cWe were careful.\u201d")]),
    # uttering verbs that take the quotation itself as object
    ("Demonstrators in the square chanted \u201cNo more war!\u201d and marched on.",
     [("direct", "Demonstrators in the square", "\u201cNo more war!\u201d")]),
    ("Smith has used the phrase \u201cradical agenda\u201d often.",
     [("direct", "Smith", "\u201cradical agenda\u201d")]),
    ("Jones walked onto the stage, chanting \u201cU-S-A!\u201d with the crowd.",
     [("direct", "Jones", "\u201cU-S-A!\u201d")]),
])
def test_direct_patterns(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "\u201cWe fixed the roads,\u201d he said, cutting off a reporter who asked about money.",
    "\u201cHe loves us,\u201d Melanie said, and soon the balloons were dropping and the set was off.",
])
def test_narration_after_said_comma_is_not_content(text):
    """Only the quotation is said; the participle or coordinated clause after "said," is narration."""
    got = found(text)
    assert len(got) == 1 and got[0][0] == "direct" and got[0][2].endswith(",\u201d")


def test_editor_note_is_not_a_claim():
    text = ("Story text here. \u201cWe won the vote,\u201d she said.\n"
            "Editor\u2019s note: the candidate has repeatedly pledged to ban all imports from abroad.\n")
    assert found(text) == [("direct", "she", "\u201cWe won the vote,\u201d")]
