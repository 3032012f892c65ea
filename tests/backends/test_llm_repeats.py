"""Words said twice in one article, by two speakers, are two mentions at two places (pipeline/backends/llm.py).

The model gives the content, not its offset: each claim is grounded to the occurrence nearest where its
speaker (or cue) appears, and an occurrence another claim of the answer took is not given twice.
Against the scripted OpenAI-compatible server on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from tests.backends.scripted_openai import Reply, claim
from tests.backends.test_llm import lines, one_doc, run, settings

SAID = "The new pier will open in spring."
ARTICLE = (
    f'Harbour board chair Ann Patel said: "{SAID}" She spoke at the launch on Monday.\n\n'
    "The crowd heard a short speech about ferries and fishing boats.\n\n"
    f'Later, union organiser Raj Singh told the meeting: "{SAID}" He added that staff were ready.\n'
)
PATEL = claim(SAID, 1, speaker="Harbour board chair Ann Patel", speaker_name="Ann Patel", speaker_kind="person")
SINGH = claim(SAID, 2, speaker="union organiser Raj Singh", speaker_name="Raj Singh", speaker_kind="person")
NOBODY = claim(SAID, 3)


def _starts_by_speaker(server, tmp_path, claims: list[dict]) -> dict[str | None, list[int]]:
    """Run the article with the scripted answer; each speaker name's mention starts, from claims.jsonl."""
    server.script(Reply.answer(claims))
    run(settings(server, tmp_path), [one_doc(tmp_path, ARTICLE, "pier")], tmp_path / "out")
    out: dict[str | None, list[int]] = {}
    for c in lines(tmp_path / "out" / "claims.jsonl"):
        for m in c["mentions"]:
            assert ARTICLE[m["start"] : m["end"]] == m["text"]
            out.setdefault(c["speaker"]["name"], []).append(m["start"])
    return out


@pytest.mark.parametrize("order", ["first-speaker-first", "second-speaker-first"])
def test_the_same_words_from_two_speakers_ground_near_each_speaker(server, tmp_path, order):
    claims = [PATEL, SINGH] if order == "first-speaker-first" else [SINGH, PATEL]
    starts = _starts_by_speaker(server, tmp_path, claims)
    first, second = ARTICLE.find(SAID), ARTICLE.rfind(SAID)
    assert first != second
    assert starts["Ann Patel"] == [first] and starts["Raj Singh"] == [second]


def test_a_repeat_without_speaker_takes_the_next_unused_occurrence(server, tmp_path):
    starts = _starts_by_speaker(server, tmp_path, [PATEL, NOBODY])
    every = sorted(s for found in starts.values() for s in found)
    assert every == [ARTICLE.find(SAID), ARTICLE.rfind(SAID)]  # two places, never the same span twice
