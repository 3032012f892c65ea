"""training/analyse_errors.py's speaker-error classes, on made-up gold items and a stand-in scorer."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))

from analyse_errors import speaker_error_class  # noqa: E402


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"\w+", s.lower()) if w not in {"the", "a", "of"}}


# what the classes read of score.py: its speaker and cue words and its pronouns
SCORE = SimpleNamespace(speaker_tokens=_words, cue_tokens=_words, PRONOUNS={"he", "she", "they"})


def _span(text: str, start: int) -> dict:
    return {"text": text, "start": start, "end": start + len(text)}


# "The mayor of Laketown said the plan works" (source 0, cue 22, content 27)
ITEM = {"source": _span("The mayor of Laketown", 0), "cue": _span("said", 22), "content": _span("the plan works", 27)}


def test_what_was_predicted_where_the_source_stands_and_whether_the_cue_is_the_gold_one():
    def cls(text: str | None, spk: str | None, cue: str = "said") -> tuple[str, str, str]:
        return speaker_error_class(SCORE, {"spk": spk, "text": text, "cue": cue}, ITEM, [ITEM])

    assert cls(None, None) == ("null", "before", "same-cue")
    assert cls("he", "Jo Marsh", "argued") == ("pronoun", "before", "other-cue")
    # the phrase was right, the name it resolved to is not the gold's words
    assert cls("the mayor", "Jo Marsh") == ("name-not-phrase", "before", "same-cue")
    assert cls("the council", "the council") == ("other-phrase", "before", "same-cue")


def test_a_source_inside_another_items_content_is_nested_and_one_after_its_cue_is_after_the_cue():
    # "Ann Lee said the mayor told her the plan works": the mayor's report is inside Ann Lee's content
    outer = {
        "source": _span("Ann Lee", 0),
        "cue": _span("said", 8),
        "content": _span("the mayor told her the plan works", 13),
    }
    inner = {"source": _span("the mayor", 13), "cue": _span("told", 23), "content": _span("the plan works", 32)}
    pred = {"spk": "Ann Lee", "text": "Ann Lee", "cue": "told"}
    assert speaker_error_class(SCORE, pred, inner, [outer, inner]) == ("other-phrase", "nested", "same-cue")
    # '"The plan works," said the mayor': the source after its cue
    after = {"source": _span("the mayor", 23), "cue": _span("said", 18), "content": _span("The plan works", 1)}
    assert speaker_error_class(SCORE, pred, after, [after])[1] == "after-cue"
