"""The speaker phrase after an inverted cue: a place, organisation or time after it and the closing
full stop are no part of it (made-up sentences)."""

from __future__ import annotations

import pytest

from claimex.backends.rules.subjects import said_x_span, said_x_subject


@pytest.mark.parametrize(
    ("after", "want"),
    [
        (" Sen. Dana Fulton of Illinois.", "Sen. Dana Fulton"),
        (" Rep. Jo Marsh from Texas, who chairs it.", "Rep. Jo Marsh"),
        (" Mr. Pell of the Budget Policy Center.", "Mr. Pell"),
        (" former Gov. Al Ruiz of New Mexico, a Democrat.", "former Gov. Al Ruiz"),
        (" Kim Lo in The Daily Record.", "Kim Lo"),
        (" Pell.", "Pell"),
        (" Rep. J.T. Marsh (D-Ohio).", "Rep. J.T. Marsh"),
        (" the mayor of Eastville.", "the mayor of Eastville"),
        (" a spokesman for the campaign.", "a spokesman for the campaign"),
        (" Friday.", None),
        (" on Facebook Friday.", None),
        (" voters still want lower taxes.", None),
    ],
)
def test_said_x_span(after: str, want: str | None) -> None:
    span = said_x_span(after, 0, len(after))
    assert (after[span[0] : span[1]] if span else None) == want


def test_told_names_the_listener() -> None:
    after = " The Daily Record."
    assert said_x_subject(after, 0, len(after), 5, "tell") is None
    assert said_x_subject(after, 0, len(after), 5, "say") is not None
