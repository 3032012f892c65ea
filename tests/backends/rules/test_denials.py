"""pipeline/backends/rules/denials.py: the denial pre-check."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.backends.rules.denials import has_denial
from claimex.lexicon import DENIAL_PATTERNS


@pytest.mark.parametrize("pattern", DENIAL_PATTERNS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_denial_prefilter_never_hides_a_denial(pattern, data):
    """The substring pre-check must pass every text the denial patterns match."""
    text = data.draw(st.from_regex(re.compile(pattern, re.I)))
    assert has_denial(text)
