"""The rule backend runs in linear time by construction (issue 17, points 1-2).

For each construction the rules read (quotation marks, parenthesised asides,
dashes, cue words, names, punctuation runs, long words) a generator in
`benchmarks/adversarial.py` builds a text of growing size; the per-document
stages (`process_document` with the rule backend) must cost no more CPU time
per byte on the big text than k times on the small one, and no more than m
times ordinary news. CPU time, min of a few repeats, so a loaded machine does
not fail it. The kinds once catastrophic (minutes for 300 bytes) get a hard
CPU bound as well. The exact 'said X' scanner is checked against the regex it
replaces.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from claimex.backends.rules import RuleExtractor
from claimex.backends.rules.cues import tokens, tokens_in, words_then_end
from claimex.models import Document
from claimex.run import process_document

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    from adversarial import KINDS, make
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

K_GROWTH = 3.0  # per-byte time at the big size / at the small size
M_NEWS = 20.0  # per-byte time / ordinary news per-byte time (a text of nothing but cue words: ~14)
SMALL, BIG = 1_000, 8_000

_EXTRACTOR = RuleExtractor()


def per_byte(kind: str, n: int, repeats: int = 3, min_cpu: float = 0.05) -> float:
    """Best CPU seconds per character of `process_document` on make(kind, n)."""
    doc = Document(doc_id="adv", text=make(kind, n))
    best = float("inf")
    for _ in range(repeats):
        loops = 0
        t0 = time.process_time()
        while True:
            process_document(doc, _EXTRACTOR)
            loops += 1
            spent = time.process_time() - t0
            if spent >= min_cpu:
                break
        best = min(best, spent / loops)
    return best / len(doc.text)


@pytest.fixture(scope="module")
def news_per_byte() -> float:
    return per_byte("news", BIG)


@pytest.mark.parametrize("kind", ["quote_asides", "quote_frames_asides", "said_long_word", "comma_said_long_word"])
def test_the_reported_articles_finish_at_once(kind: str) -> None:
    """Issue 17's articles of 150-350 bytes ran for minutes to days."""
    text = make(kind, 350)
    t0 = time.process_time()
    process_document(Document(doc_id="adv", text=text), _EXTRACTOR)
    assert time.process_time() - t0 < 0.5


@pytest.mark.slow
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "news"])
def test_time_per_byte_does_not_grow_with_size(kind: str, news_per_byte: float) -> None:
    small = per_byte(kind, SMALL)
    big = per_byte(kind, BIG)
    assert big <= K_GROWTH * small, f"{kind}: {big / small:.1f}x per byte from {SMALL} to {BIG} chars"
    assert big <= M_NEWS * news_per_byte, f"{kind}: {big / news_per_byte:.1f}x news per byte"


@pytest.mark.parametrize(
    "kind",
    ["cue_words", "exclamations", "full_stops", "names_broken", "many_quotes", "quote_asides", "said_long_word"],
)
def test_each_kind_fixed_here_is_linear_quick_check(kind: str, news_per_byte: float) -> None:
    """A quick subset of the slow test above, for `make check`: the kinds fixed here."""
    small = per_byte(kind, 500, repeats=2, min_cpu=0.02)
    big = per_byte(kind, 4_000, repeats=2, min_cpu=0.02)
    assert big <= K_GROWTH * small
    assert big <= M_NEWS * news_per_byte


# The regex `words_then_end` replaces (direct.py's 'said X'): exponential, so only short inputs.
_OLD_SAID_X = re.compile(
    r"\s+((?:[A-Za-z][\w'\u2019.-]*\s*){1,6}?)(?:,|\.|$|\s+(?:in|on|at|who|when|after|during|as)\b)"
)
_END = re.compile(r",|\.|$")
_SPACE_END = re.compile(r"(?:in|on|at|who|when|after|during|as)\b")
_ATOMS = ["a", "Ab", "Mr", ".", " ", "  ", ",", ";", "in", "on", "(", '"', "!", "U.S.", "-", "1", "'", "\n", "who"]


def test_said_x_scanner_finds_what_the_regex_found() -> None:
    rng = random.Random(17)
    for _ in range(5_000):
        s = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(0, 16)))
        old = _OLD_SAID_X.match(s)
        new = words_then_end(s, 6, _END, _SPACE_END)
        assert (None if old is None else old.group(1).strip()) == (None if new is None else new.strip()), repr(s)


def test_tokens_in_a_long_range_are_those_of_the_slice() -> None:
    atoms = ["a", "Ab", ".", " ", ",", "(", '"', "\u201c", "U.S.", "-", "--", "1", "'", "\n", "x-y", "\u2014", "&"]
    rng = random.Random(17)
    for _ in range(2_000):
        t = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(t))
        hi = rng.randint(lo, len(t))
        assert tokens_in(t, lo, hi, long_range=-1) == tokens(t[lo:hi], lo), (t, lo, hi)


# The single regexes `direct._frame_search` replaces (each tried only when the frame's end matches).
_OLD_WENT_ON = re.compile(
    r"(?P<who>\b[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*|\b(?:he|she|they))\s+(?P<cue>went on|goes on)\s*[:,]\s*$"
)
_OLD_STATEMENT = re.compile(
    r"(?P<who>\b[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*|\b[Tt]he\s+[a-z]+|\b[Hh]is|\b[Hh]er|\b[Tt]heir)"
    r"['\u2019]?s?\s+(?P<cue>statement|message|letter|tweet|post|words|remarks|comments)\b[^:]{0,30}:?\s*$"
)


def test_frame_search_finds_what_the_regex_found() -> None:
    from claimex.backends.rules.direct import _STATEMENT, _WENT_ON, _frame_search

    atoms = ["Smith", "O'Neil", "x-Jones", "he", "The", "the", "His", "her", "guy", " ", ",", ":", "went on"]
    atoms += ["statement", "'s", "\u2019", "words", "A.", "and", "\n", "1"]
    rng = random.Random(17)

    def key(m: re.Match[str] | None) -> tuple | None:
        return None if m is None else (m.start(), m.group("who"), m.start("who"), m.group("cue"), m.start("cue"))

    for _ in range(2_000):
        f = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 12)))
        assert key(_frame_search(_WENT_ON, f)) == key(_OLD_WENT_ON.search(f)), f
        assert key(_frame_search(_STATEMENT, f)) == key(_OLD_STATEMENT.search(f)), f


def test_last_clause_start_is_the_last_clause_of_the_whole_start() -> None:
    from claimex.backends.rules.indirect import _CLAUSE_BEFORE, _last_clause_start

    atoms = ["after", "when", "because", "although", "though", "as", "he", "they", "Smith", "x", " ", ",", "\n"]
    rng = random.Random(17)
    for _ in range(2_000):
        t = "".join(rng.choice(atoms) for _ in range(rng.randint(5, 80)))
        if len(t) < 30:
            continue
        s_lo = rng.randint(0, 5)
        pre_end = rng.randint(s_lo + 25, len(t))
        near = rng.randint(s_lo, pre_end - 20)
        pad = rng.choice(["", " "])
        ms = list(_CLAUSE_BEFORE.finditer(t[s_lo:pre_end] + pad))
        assert _last_clause_start(t, s_lo, near, pre_end, pad) == (s_lo + ms[-1].end() if ms else None), t


# Executed lines, not time: the work each module does for a document, the same on any machine.
_PER_MENTION = ("attribution/keep.py", "attribution/learned.py", "speakers.py")


def _lines_run(text: str) -> Counter[str]:
    """Lines of `_PER_MENTION`'s modules executed while `process_document` reads `text`."""
    counts: Counter[str] = Counter()
    watched = {name: str(Path(__import__("claimex").__file__).parent / name) for name in _PER_MENTION}
    files = {path: name for name, path in watched.items()}

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "line":
            counts[files[frame.f_code.co_filename]] += 1
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename in files else None

    doc = Document(doc_id="dialogue", text=text)
    old = sys.gettrace()
    sys.settrace(calls)
    try:
        process_document(doc, _EXTRACTOR)
    finally:
        sys.settrace(old)
    return counts


def _dialogue(paragraphs: int) -> str:
    """Paragraphs of ten short quotations with their frames (a transcript): many mentions per document."""
    return "\n\n".join(('"Yes," he said, "no." ' * 10).strip() for _ in range(paragraphs))


def test_work_per_mention_does_not_grow_with_the_mentions_of_a_document() -> None:
    """The keep filter's overlap and container tests, the learned layer's used-cue test and the pronoun
    antecedent walk over quoted sentences each scanned all of a document's mentions or sentences for
    each one: 4x the dialogue cost 6-12x the lines there. Now 4x costs 4x (a little over: a bisect)."""
    small, big = _lines_run(_dialogue(9)), _lines_run(_dialogue(36))
    for name in _PER_MENTION:
        assert big[name] <= 4.6 * small[name], f"{name}: {big[name] / small[name]:.1f}x the lines for 4x the text"


@pytest.mark.slow
def test_a_capitalised_group_speaker_costs_one_scan_per_word_not_per_sentence() -> None:
    """`Police said …` asks whether the text writes `police` in lower case: asked of the whole text for
    each sentence, 2 MB of such sentences took 150 s (the kinds above are too small to show it)."""
    small = per_byte("group_said", 20_000, repeats=1)
    big = per_byte("group_said", 160_000, repeats=1)
    assert big <= K_GROWTH * small, f"{big / small:.1f}x per byte from 20,000 to 160,000 chars"


def test_a_report_searches_a_window_of_a_long_content_not_the_rest_of_the_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each report of one long sentence of reports (`…, while nine in 10 said …`) searched the rest of
    the sentence for its end: 156,000 bytes took 44 s. Now each searches a window once its end is
    found there, and that end is the one the whole search finds."""
    from claimex.backends.rules import indirect

    searched: list[int] = []
    whole = indirect._coordinated_end_in

    def spy(d, c_lo, hi, c_hi, nested):  # type: ignore[no-untyped-def]
        searched.append(hi - c_lo)
        found = whole(d, c_lo, hi, c_hi, nested)
        if hi < c_hi and found is not None and found[0] < hi - indirect._END_MARGIN:
            assert found == whole(d, c_lo, c_hi, c_hi, nested)
        return found

    monkeypatch.setattr(indirect, "_coordinated_end_in", spy)
    process_document(Document(doc_id="adv", text=make("joined_reports", 24_000)), _EXTRACTOR)
    assert len(searched) > 550  # a report per ", while nine in 10 said"
    assert max(searched) <= indirect._END_WINDOW


@pytest.mark.parametrize(
    "tail",
    [
        # a semicolon's clause, with a word that reads as a verb cut at the window's edge
        "; the wards in question at " + ", ".join(f"Ward {i}" for i in range(700)) + " Washington.",
        # a participle, whose aside test looks for the next comma past the window
        ", adding " + " and ".join(f"ward {i}" for i in range(700)) + ", was a mess.",
    ],
)
def test_the_window_answers_as_the_whole_search_whatever_stands_at_its_edge(tail: str) -> None:
    """The end's tests read at most `_LOOK_AHEAD` characters past a match, under the window's margin,
    so a report's end found in the window is the whole search's (the review's two counter-examples)."""
    from claimex.backends.rules import indirect
    from claimex.backends.rules.doc import Doc
    from claimex.segment import segment

    text = "Lena Ortiz said the count was fair" + tail
    for cut in range(0, 40, 3):  # move the window's edge across the words near it
        padded = text[:4] + " " * cut + text[4:]
        d = Doc(segment(Document(doc_id="w", text=padded)))
        c_lo, c_hi = d.text.index("the count"), len(d.text.rstrip())
        whole = indirect._coordinated_end_in(d, c_lo, c_hi, c_hi, False)
        assert indirect._coordinated_end(d, c_lo, c_hi, False) == whole
