"""Texts of size about n characters, one generator per construction the rule backend reads.

Used by `bench_adversarial.py` (seconds per 100 KB by text kind) and by the
linear-time property test (tests/backends/rules/test_linear_time.py). Every
text is made up here; none is real article text. `KINDS` maps a kind's name
to its generator; `make(kind, n)` builds one text.

The first kinds are the issue-17 reports: short articles that ran for minutes
to days on rule-backend regexes that could match the same characters in more
than one way; the later ones are valid text that used to cost 20-400 times
more per byte than news.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402


def _fill(unit: str, n: int, head: str = "", tail: str = "") -> str:
    """head + unit repeated to about n characters + tail."""
    k = max(1, (n - len(head) - len(tail)) // max(1, len(unit)))
    return head + unit * k + tail


def news(n: int) -> str:
    """Ordinary generated news articles (benchmarks/corpus.py), paragraphs joined to about n characters."""
    out: list[str] = []
    size = 0
    for a in generate(10**6, 11):
        out.append(a["text"])
        size += len(a["text"]) + 2
        if size >= n:
            break
    return "\n\n".join(out)[: max(n, 200)]


def _units(unit: str, n: int) -> str:
    """Paragraphs `unit` repeated to about n characters (at least one)."""
    return "\n\n".join([unit] * max(1, n // (len(unit) + 2)))


def quote_asides(n: int) -> str:
    """A quotation followed by a run of parenthesised asides and no sentence end (paragraphs of ~300 bytes)."""
    return _units('"We will win this," ' + "(a)" * 60 + " and" * 30, n)


def quote_frames_asides(n: int) -> str:
    """A quotation, a frame with parenthesised asides in the gap, a second quotation (its own frame)."""
    return _units('"We will win this," he said ' + "(a)" * 40 + ' and then chanted "and we will keep it."', n)


def said_long_word(n: int) -> str:
    """A quotation, `said` and one very long word, no sentence end (paragraphs of up to ~180 bytes)."""
    return _units('"We will win this," said ' + "a" * min(150, max(1, n - 27)) + ";", n)


def comma_said_long_word(n: int) -> str:
    """`, said` and one very long word, no sentence end."""
    return _units("The plan works, said " + "a" * min(150, max(1, n - 23)) + ";", n)


def full_stops(n: int) -> str:
    """A sentence, then a run of full stops."""
    return _fill(".", n, head="The minister said the plan works", tail=" then he left.")


def exclamations(n: int) -> str:
    """A quotation and a run of exclamation marks."""
    return _fill("!", n, head='"We will win', tail='," the minister said.')


def cue_words(n: int) -> str:
    """One sentence with thousands of cue words (each with no subject of its own)."""
    return _fill(" claimed, argued, denied", n, head="Officials", tail=" it.")


def many_quotes(n: int) -> str:
    """Many short quotations in one paragraph."""
    return _fill('"Yes," he said, "no." ', n, head="Smith spoke. ")


def no_punctuation(n: int) -> str:
    """One long sentence without any punctuation."""
    return _fill(" the plan works for all of them", n, head="The minister said that")


def names(n: int) -> str:
    """A long run of capitalised names before a quotation."""
    return _fill(" Smith", n, head="Maria", tail=' went on: "We will win."')


def names_statement(n: int) -> str:
    """A long run of capitalised names before `statement:` and a quotation."""
    return _fill(" Smith", n, head="Maria", tail=' statement: "We will win."')


def names_broken(n: int) -> str:
    """A long run of capitalised names, then other words and `went on:` before a quotation."""
    return _fill(" Smith", n, head="Maria", tail=' and he went on: "We will win."')


def dashes(n: int) -> str:
    """Quotations followed by dashes and names."""
    return _fill('"We will win" \u2014 Maria Smith \u2014 ', n, head="Report. ")


def nested_quotes(n: int) -> str:
    """Nested and unbalanced quotation marks."""
    return _fill('"He said \u201cno\u201d and \u2018yes\u2019 ', n, head="Smith said ", tail='" he added.')


def long_paragraph_said(n: int) -> str:
    """Sentences `X said Y.` without paragraph breaks."""
    return _fill("Maria Smith said the plan works. ", n)


def group_said(n: int) -> str:
    """Sentences opening with a capitalised group (`Police said …`) that the text never writes in lower case."""
    return _fill("Police said the road works would last. ", n)


def joined_reports(n: int) -> str:
    """One sentence of reports joined by `, while`: each report's content runs to the sentence end
    until the next report ends it (a whole search per report was quadratic: 44 s for 156,000 bytes)."""
    return _fill(", while nine in 10 said roads were poor", n, head="Most voters said taxes were too high", tail=".")


def transcript(n: int) -> str:
    """A block-quoted transcript: turns, a direction, a label heard once, then a long run of hyphenated
    capitals (a search for printed names that could start inside the run was quadratic)."""
    turns = _units('"WALLACE: Will you?\n\n"PENCE: No. I will not.\n\n"(CROSSTALK.)', n // 2)
    return "Partial transcript:\n\n" + turns + '\n\n"TRUMP: Sad.\n\nThe ' + _fill("A-", n // 2) + "\n"


def fronted_frames(n: int) -> str:
    """One paragraph of frames set off by commas (`X, he said, were …`) and relative clauses: many rule
    mentions and learned candidates side by side (each candidate checked against every span was n**2)."""
    return _fill(
        "Relations between the pair, he said, were bad. Officials who Mayor Reed said were fired, the aide said, are back. ",
        n,
    )


KINDS: dict[str, Callable[[int], str]] = {
    "news": news,
    "quote_asides": quote_asides,
    "quote_frames_asides": quote_frames_asides,
    "said_long_word": said_long_word,
    "comma_said_long_word": comma_said_long_word,
    "full_stops": full_stops,
    "exclamations": exclamations,
    "cue_words": cue_words,
    "many_quotes": many_quotes,
    "no_punctuation": no_punctuation,
    "names": names,
    "names_statement": names_statement,
    "names_broken": names_broken,
    "dashes": dashes,
    "nested_quotes": nested_quotes,
    "said_sentences": long_paragraph_said,
    "group_said": group_said,
    "joined_reports": joined_reports,
    "transcript": transcript,
    "fronted_frames": fronted_frames,
}


def make(kind: str, n: int) -> str:
    return KINDS[kind](n)
