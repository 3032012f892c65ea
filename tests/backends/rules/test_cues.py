"""The cue-word helpers: where a capitalised cue word can be a verb."""

import pytest

from pipeline.backends.rules.cues import title_case, verb_cased


@pytest.mark.parametrize(
    "text, title",
    [
        ("Trump Says He Will Win Iowa", True),
        ("Senator Vows to Fight On With the Bill", True),  # small words stay small in title case
        ("in the United States today.", False),
        ("State spokesman Mark Toner said Friday.", False),
    ],
)
def test_title_case(text: str, title: bool):
    assert title_case(text) is title


@pytest.mark.parametrize(
    "word, at_start, title, verb",
    [
        ("said", False, False, True),
        ("Asked", True, False, True),  # "Asked about the plan, she said …"
        ("Says", False, True, True),  # a headline
        ("States", False, False, False),  # "the United States"
        ("State", False, False, False),  # "State spokesman Mark Toner said"
        ("Report", False, False, False),  # "the Cook Political Report"
        ("Tweeted", False, False, True),  # a brand's verb keeps its capital in some styles
    ],
)
def test_verb_cased(word: str, at_start: bool, title: bool, verb: bool):
    assert verb_cased(word, at_start, title) is verb
