"""Check-worthiness of a line in its debate: the sentence model's scores of a group's lines, re-scored with context.

A debate, a speech or a press conference (one `group`) is scored line by line by the sentence model
first; a second, small linear model (stacking) then re-scores each line from its own sentence score
and a few numbers computed within the group: the neighbouring lines' scores, whether the line is a
question, whether the line before it (the previous speaker's last) is one, whether a stage direction
such as "(APPLAUSE)" follows; with speakers also the speaker's lines relative to the group's most
talkative speaker and the speaker's mean score (candidates against moderators, with no name written
anywhere), and whether the line starts a turn (a run of lines by one speaker). Without speakers (a
line of the group has none) only the features that need no speaker are used, by a second set of
weights.

The second stage corrects the sentence model's margin:

    checkworthiness = sigmoid(z + bias + sum(weight[f] * x[f]))      z = logit(sentence score)

its bias fitted so that 0.5 keeps the sentence model's meaning (the scores come out flatter: z's own
weight is negative); fragments stay capped at FRAGMENT_CAP (the caller's job). The weights
(`weights.context.v1.json`) are learned on the CLEF 2019 CheckThat! training debates from out-of-fold
sentence scores (`training/train_checkworthy_context.py`).

Cheap by design: one pass over the group's lines and a few dictionary look-ups per line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

CONTEXT_FEATURE_SET = "context.v1"

# Feature names, in the order `line_features` fills them. SPEAKER_FEATURES need every line's speaker.
# Chosen on the leave-debates-out cross-validation of README "Check-worthiness": the speaker's share of
# lines, its question rate, the turn's length, the last line of a turn, the neighbours' own scores and
# ranks within the group were tried and left out (no gain).
PLAIN_FEATURES = (
    "z",  # the line's own sentence margin (its weight rescales it)
    "z_std",  # the margin standardised within the group
    "z_near",  # mean margin of up to two lines either side, minus the group's mean
    "question",  # the line asks a question
    "after_question",  # the line before (the previous turn's last, when speakers are known) asks one
    "before_aside",  # the next line is a stage direction: "(APPLAUSE)", "[crosstalk]"
)
SPEAKER_FEATURES = PLAIN_FEATURES + (
    "spk_rel",  # the speaker's lines / the most lines any speaker of the group has
    "spk_top",  # the speaker has the most lines
    "spk_z",  # the speaker's mean margin, minus the group's mean
    "turn_first",  # the first line of its turn (a run of lines by one speaker)
)

_CLIP = 1e-6  # scores are rounded to 6 decimals: logit stays within about +-13.8
_MIN_SD = 0.5  # a group of near-equal margins is not stretched


def logit(p: float) -> float:
    """log(p / (1 - p)), with p clipped to [1e-6, 1 - 1e-6]."""
    p = min(max(p, _CLIP), 1.0 - _CLIP)
    return math.log(p / (1.0 - p))


def is_question(text: str) -> bool:
    """The line ends with a question mark (closing quotes and brackets aside)."""
    return text.rstrip().rstrip("\"'”’)]").endswith("?")


def is_aside(text: str) -> bool:
    """The whole line is in brackets: a transcript's stage direction, e.g. "(APPLAUSE)"."""
    t = text.strip()
    return len(t) >= 2 and t[0] in "([" and t[-1] in ")]"


def _plain(texts: Sequence[str], z: list[float], asked: Sequence[bool]) -> list[list[float]]:
    """The PLAIN_FEATURES of each line; `asked[i]`: the line before line i that counts asks a question."""
    n = len(z)
    mean = sum(z) / n
    sd = max(_MIN_SD, math.sqrt(sum((v - mean) ** 2 for v in z) / n))
    rows = []
    for i in range(n):
        around = z[max(0, i - 2) : i] + z[i + 1 : i + 3]
        rows.append(
            [
                z[i],
                (z[i] - mean) / sd,
                sum(around) / len(around) - mean if around else 0.0,
                float(is_question(texts[i])),
                float(asked[i]),
                float(i + 1 < n and is_aside(texts[i + 1])),
            ]
        )
    return rows


def _turns(speakers: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of lines by one speaker, in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(speakers) + 1):
        if i == len(speakers) or speakers[i] != speakers[start]:
            out.append((start, i))
            start = i
    return out


def line_features(texts: Sequence[str], scores: Sequence[float], speakers: Sequence[str] | None) -> list[list[float]]:
    """The context features of each line of one group, in order.

    In: the group's lines (`texts`, in their order), each line's sentence score (0..1), and each line's
    speaker, or None when any is unknown. Out: one list of floats per line, named by SPEAKER_FEATURES
    (speakers given) or PLAIN_FEATURES (None).
    """
    n = len(texts)
    if n == 0:
        return []
    z = [logit(p) for p in scores]
    if speakers is None:
        return _plain(texts, z, [False] + [is_question(t) for t in texts[:-1]])
    turns = _turns(speakers)
    asked = [False] * n
    for (_, before), (start, end) in zip(turns, turns[1:]):
        asked[start:end] = [is_question(texts[before - 1])] * (end - start)
    rows = _plain(texts, z, asked)
    mean = sum(z) / n
    lines: dict[str, int] = {}
    totals: dict[str, float] = {}
    for s, v in zip(speakers, z):
        lines[s] = lines.get(s, 0) + 1
        totals[s] = totals.get(s, 0.0) + v
    most = max(lines.values())
    for start, end in turns:
        who = speakers[start]
        common = [lines[who] / most, float(lines[who] == most), totals[who] / lines[who] - mean]
        for i in range(start, end):
            rows[i] += [*common, float(i == start)]
    return rows


@dataclass(frozen=True)
class Stage:
    """One set of second-stage weights: a bias and one weight per feature, in `names` order."""

    names: tuple[str, ...]
    bias: float
    weights: tuple[float, ...]

    def margin(self, z: float, x: Sequence[float]) -> float:
        """z + bias + the weighted sum of the features `x` (in `names` order)."""
        return z + self.bias + sum([w * v for w, v in zip(self.weights, x)])


def sigmoid(z: float) -> float:
    """1 / (1 + exp(-z)), without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def rescore(
    texts: Sequence[str], scores: Sequence[float], speakers: Sequence[str] | None, with_speakers: Stage, plain: Stage
) -> list[float]:
    """The context score (0..1, unrounded, no fragment cap) of each line of one group, in order.

    In: the group's lines, their sentence scores, their speakers (None when any is unknown), and the two
    stages. `with_speakers` scores a group whose speakers are known, `plain` one whose are not.
    """
    stage = plain if speakers is None else with_speakers
    feats = line_features(texts, scores, speakers)
    return [sigmoid(stage.margin(x[0], x)) for x in feats]
