"""pipeline/textnorm.py: token spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimex.attribution.candidates import TOKEN
from claimex.backends.rules.cues import _TOKEN
from claimex.textnorm import token_spans

_PIECES = ["Ana", " ", "said", ",", "\u201c", "we'll", "U.S.", "--", "-", "e\u0301", "\n", "42", "_x", "\u2014"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.integers(0, 6), st.integers(0, 6))
def test_token_spans_are_what_the_match_objects_say(parts, cut_lo, cut_hi):
    """(text, start, end) of every match in the range, as the list comprehension over finditer gave."""
    text = "".join(parts)
    lo = min(cut_lo, len(text))
    hi = max(lo, len(text) - cut_hi)
    for pattern in (TOKEN, _TOKEN):
        expected = [(m.group(0), m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
        assert token_spans(pattern, text, lo, hi) == expected
        assert token_spans(pattern, text) == [(m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]
