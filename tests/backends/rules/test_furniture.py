"""pipeline/backends/rules/furniture.py: the boilerplate scan on lower-cased text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.backends.rules.furniture import _BOILERPLATE, _BOILERPLATE_LOW, _boilerplate

_PIECES = [
    "Media caption",
    "IMAGE COPYRIGHT",
    "Picture: Ana Ruiz / PA",
    "photos:  x/\nreuters",
    "(Photo by Ana Ruiz)",
    "Getty Images",
    "Click here to",
    "ſign up for",
    "İmage caption",
    "ımage caption",
    "read more:",
    "Follow Jo Doe on Twitter",
    "\u201cFOLLOW JO ON TWITTER",
]
_ODD = ["\u212a", "ſ", "ı", "İ", "Σ", " ", "\n", ".", "/", "x", "é", "PA"]


def test_the_lower_case_pattern_differs_from_the_case_insensitive_one_in_letters_only():
    """No escape a capital would change (\\S, \\W, \\B, \\D): lowering the pattern lowers only its letters."""
    assert not re.search(r"\\[A-Z]", _BOILERPLATE.pattern)
    assert _BOILERPLATE_LOW.pattern == _BOILERPLATE.pattern.lower()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _ODD), max_size=10), st.integers(0, 5), st.integers(0, 5))
def test_boilerplate_matches_are_the_case_insensitive_regex_matches(parts, cut_lo, cut_hi):
    """Searched in lower-cased text where that is exact, else with re.I: the same spans either way."""
    text = "".join(parts)
    lo, hi = min(cut_lo, len(text)), max(min(cut_lo, len(text)), len(text) - cut_hi)
    got = [m.span() for m in _boilerplate(text, lo, hi, text.lower())]
    assert got == [m.span() for m in _BOILERPLATE.finditer(text, lo, hi)]


def test_the_writers_sign_off_line_is_no_ones_statement():
    from claimex.backends.rules import extract_rules
    from claimex.models import Document
    from claimex.segment import segment

    text = 'Lee said the vote was rigged.\n\n"We will appeal," Lee added.\n\n"Follow Pam Key on Twitter @pamkeyNEN."\n'
    found = [m.content for m in extract_rules(segment(Document(doc_id="t", text=text)))]
    assert found == ["the vote was rigged", '"We will appeal,"']
