"""Check-worthiness (0..1) and claim type of a sentence: a small learned linear model, pure Python.

    >>> from claimex.checkworthy import score
    >>> score("Unemployment fell to 4.1% last year.")   # doctest: +SKIP
    (0.99..., 'quantity')

`checkworthiness` is sigmoid(bias + sum of the weights of the sentence's features / sqrt(number of
features)) of a logistic regression trained on ClaimBuster and CLEF 2019 CheckThat! sentences
(training/train_checkworthy.py; sources and figures in README "Check-worthiness"). Two sentence
models, each where it measured best, chosen in one place (`sentence_model`) by whether the line has a
group: a text alone (`score`, every claim of the pipeline, a JSONL line without `group`) is scored by
`weights.v2.json` (`checkworthy.v2`, CheckThat! lines learned only as within-debate ranking pairs:
better on ClaimBuster-like sentences); the lines of a group by `weights.v1.json` (`checkworthy.v1`),
the model the in-context stage was trained over. 0.5 is the
decision point: at and above it, the sentence reads as check-worthy. v2's bias was moved by its
trainer so that 0.5 is the threshold with the best F1 on a balanced mix of check-worthy and other
sentences (out of fold; the weights file's `decision_point`); v1 keeps the 0.5 it was trained at.
It ranks sentences well; read it as a ranking score with a decision point (v2's set towards recall),
not as a calibrated probability.

`claim_type` comes from deterministic patterns (`types.py`). A content with no finite verb, a
`fragment` ("to deliver the news", "his removal") or a bare greeting (`other`: "Good morning,
everyone."), gets a checkworthiness of at most FRAGMENT_CAP (`types.nothing_to_check`).

Lines of a debate or speech (`score_group`, and `score_lines` for JSONL lines with a `group`) are
re-scored in context by a second stage over the group's `checkworthy.v1` sentence scores
(`context.py`, weights `weights.context.v1.json`). A text on its own (`score`) never is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..ingest import BadLine, loads_line
from ..models import ClaimType
from ..textnorm import LONE_SURROGATE, surrogate_problem, without_bom
from .context import PLAIN_FEATURES, SPEAKER_FEATURES, Stage, rescore
from .features import features
from .types import CLAIM_TYPES, claim_type, nothing_to_check

__all__ = [
    "CLAIM_TYPES",
    "CONTEXT_FILE",
    "FRAGMENT_CAP",
    "GROUP_WEIGHTS_FILE",
    "WEIGHTS_FILE",
    "Scored",
    "SentenceModel",
    "context_version",
    "group_model_version",
    "model_version",
    "score",
    "score_batch",
    "score_content",
    "score_group",
    "score_lines",
    "score_records",
    "sentence_model",
]

WEIGHTS_FILE = Path(__file__).with_name("weights.v2.json")  # lines alone: the pipeline's claims
GROUP_WEIGHTS_FILE = Path(__file__).with_name("weights.v1.json")  # lines of a group, under the context stage
CONTEXT_FILE = Path(__file__).with_name("weights.context.v1.json")
FRAGMENT_CAP = 0.1


class SentenceModel(NamedTuple):
    """One shipped sentence model: weights by feature name, bias, version (e.g. `checkworthy.v2`)."""

    weights: dict[str, float]
    bias: float
    version: str


@lru_cache(maxsize=2)
def _load(path: Path) -> SentenceModel:
    """The sentence model of the weights file at `path` (each file read once)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return SentenceModel(doc["weights"], float(doc["bias"]), str(doc["version"]))


def sentence_model(grouped: bool) -> SentenceModel:
    """The sentence model for a line with a group (`checkworthy.v1`, which the context stage was trained
    over) or without (`checkworthy.v2`): the one place the choice is made."""
    return _load(GROUP_WEIGHTS_FILE if grouped else WEIGHTS_FILE)


def model_version() -> str:
    """The version of the model that scores texts alone (`checkworthy.v2`): every claim of the
    pipeline, every line without a group; for outputs to cite."""
    return sentence_model(grouped=False).version


def group_model_version() -> str:
    """The version of the sentence model under the context stage, for lines with a group (`checkworthy.v1`)."""
    return sentence_model(grouped=True).version


@lru_cache(maxsize=1)
def _context_model() -> tuple[Stage, Stage, str]:
    """(stage with speakers, stage without, version) of the shipped context weights."""
    doc = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    stages = []
    for key, names in (("speakers", SPEAKER_FEATURES), ("plain", PLAIN_FEATURES)):
        weights = doc[key]["weights"]
        if tuple(weights) != names:  # weights are only valid for the features they were trained on
            raise ValueError(f"{CONTEXT_FILE.name}: {key} weights {tuple(weights)} do not match features {names}")
        stages.append(Stage(names, float(doc[key]["bias"]), tuple(float(w) for w in weights.values())))
    return stages[0], stages[1], str(doc["version"])


def context_version() -> str:
    """The version of the shipped context weights (e.g. `checkworthy-context.v1`)."""
    return _context_model()[2]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def checkworthiness(text: str, grouped: bool = False) -> float:
    """The sentence model's score of `text` (no fragment cap), 0..1: `checkworthy.v2`'s, or with
    `grouped` `checkworthy.v1`'s (the sentence score the context stage starts from)."""
    weights, bias, _ = sentence_model(grouped)
    feats = features(text)
    get = weights.get
    return _sigmoid(bias + sum([get(f, 0.0) for f in feats]) / math.sqrt(len(feats)))


# A batch scores one wording many times (every outlet printing a wire story's quote, every mention with
# --no-merge); the cache is bounded so a long run's memory stays flat.
@lru_cache(maxsize=1 << 14)
def _sentence_score(text: str, grouped: bool) -> tuple[float, ClaimType]:
    """(capped sentence score rounded to 6 decimals, claim_type) by the model `sentence_model(grouped)` picks."""
    kind = claim_type(text)
    p = checkworthiness(text, grouped)
    if nothing_to_check(text):  # (every fragment, and a bare greeting)
        p = min(p, FRAGMENT_CAP)
    return round(p, 6), kind


def score(text: str) -> tuple[float, ClaimType]:
    """(checkworthiness 0..1 rounded to 6 decimals, claim_type) of one sentence or claim content alone
    (`checkworthy.v2`)."""
    return _sentence_score(text, False)


# where a content of several sentences splits: after a sentence's end mark (and a closing quotation
# mark), before a capital or an opening mark ("… voted here. The election was stolen.")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"\u201d\u2019']?\s+(?=[\"\u201c\u2018']?[A-Z])")


def score_content(text: str) -> tuple[float, ClaimType]:
    """`score` of a claim's content that may hold several sentences: the highest of the whole's score
    and each sentence's that is a statement (no fragment, question or greeting), with the claim type of
    the one scored highest (the whole on a tie). A quotation
    whose first sentence is a checkable figure and whose second is rhetoric ("Forty thousand people who
    don't live here voted here. The election was stolen, plain and simple.") is as worth checking as
    the figure alone; scored as one bag of words, the rhetoric diluted it (0.40 against 0.62)."""
    best = score(text)
    parts = _SENTENCE_BREAK.split(text)
    if len(parts) > 1:
        for part in parts:
            if _WORDS.search(part):
                got = score(part)
                if got[0] > best[0] and got[1] not in ("fragment", "other"):  # (a question, "Trust me.")
                    best = got
    return best


_WORDS = re.compile(r"\w")


def score_batch(texts: Iterable[str]) -> list[tuple[float, ClaimType]]:
    """`score` of each text, in order."""
    return [score(t) for t in texts]


def score_group(texts: Sequence[str], speakers: Sequence[str] | None = None) -> list[tuple[float, ClaimType]]:
    """(checkworthiness, claim_type) of each line of one group (a debate, a speech), in context.

    In: the group's lines in their order, and each line's speaker (None when not known for every line).
    Out: per line, the second stage's score over the group's `checkworthy.v1` sentence scores (rounded
    to 6 decimals, what `score` caps capped at FRAGMENT_CAP) and the line's claim type, as `score` types it.
    """
    base = [_sentence_score(t, True) for t in texts]
    with_speakers, plain, _ = _context_model()
    ps = rescore(texts, [p for p, _ in base], speakers, with_speakers, plain)
    return [
        (round(min(p, FRAGMENT_CAP) if nothing_to_check(t) else p, 6), kind) for t, p, (_, kind) in zip(texts, ps, base)
    ]


class Scored(NamedTuple):
    """One result of `score_records`: the output line or an error, and whether the line was scored in context."""

    line: str | None  # the input object with `checkworthiness` and `claim_type` added, as JSON
    error: str | None  # "SOURCE:LINE: what is wrong" for a bad line (then `line` is None)
    in_context: bool = False


class _Line(NamedTuple):
    obj: dict[str, Any]
    text: str
    group: str | int | None
    speaker: str | None


# JSON can spell a lone surrogate (\ud800): it loads, but is no text and cannot be written out as UTF-8.
# Only a line holding such an escape (or, given as text, the character itself) can hold one, so only
# those lines are searched.
_MAY_HOLD_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")


def _lone_surrogate(obj: dict[str, Any]) -> str | None:
    """What in `obj` holds an unpaired surrogate (a key, or a value at any depth), or None: the line is
    written back whole, so any of them would stop the writing."""
    for key, value in obj.items():
        if m := LONE_SURROGATE.search(key):
            what, at = f"the key {key!r}", None
        elif m := LONE_SURROGATE.search(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)):
            what, at = repr(key), m.start() if isinstance(value, str) else None
        else:
            continue
        return surrogate_problem(what, m.group(), at) + "; fix the line"
    return None


def _parse(line: str | bytes, where: str) -> _Line | str:
    """A JSONL line (text, or bytes to decode as UTF-8) as a `_Line`, or what is wrong with it (prefixed
    by `where`, "SOURCE:LINE")."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as e:
            return f"{where}: invalid UTF-8 at byte {e.start} of the line; re-encode the file as UTF-8"
    try:
        obj = loads_line(line)
    except BadLine as e:  # (not JSON, or JSON nested too deep or a number too large to load)
        return f"{where}: {e}"
    if not isinstance(obj, dict):
        return f"{where}: expected a JSON object with a 'text' string, got {type(obj).__name__}"
    text = obj.get("text")
    if not isinstance(text, str):
        got = "no 'text'" if "text" not in obj else f"'text' is {type(text).__name__}"
        return f"{where}: expected a JSON object with a 'text' string, {got}"
    group, speaker = obj.get("group"), obj.get("speaker")
    if group is not None and (isinstance(group, bool) or not isinstance(group, str | int)):
        return f"{where}: 'group' must be a string or an integer, got {type(group).__name__}"
    if speaker is not None and not isinstance(speaker, str):
        return f"{where}: 'speaker' must be a string, got {type(speaker).__name__}"
    if _MAY_HOLD_SURROGATE.search(line) and (why := _lone_surrogate(obj)) is not None:
        return f"{where}: {why}"
    return _Line(obj, text, group if group != "" else None, speaker or None)


def _written(obj: dict[str, Any], scored: tuple[float, ClaimType]) -> str:
    obj["checkworthiness"], obj["claim_type"] = scored
    return json.dumps(obj, ensure_ascii=False)


def _flush(run: list[_Line]) -> Iterator[Scored]:
    """The lines of one group's run, scored in context, in order."""
    speakers = [r.speaker for r in run]
    known = None if any(s is None for s in speakers) else [s for s in speakers if s is not None]
    for r, scored in zip(run, score_group([r.text for r in run], known)):
        yield Scored(_written(r.obj, scored), None, True)


def score_records(lines: Iterable[str | bytes], source: str = "-") -> Iterator[Scored]:
    """JSONL lines in (text, or bytes decoded as UTF-8 line by line), results out, streaming one group at
    a time (see `score_lines`)."""
    run: list[_Line] = []  # the current group's lines: the only lines held
    for n, raw in enumerate(lines, 1):
        if n == 1:  # a UTF-8 byte-order mark before the first line (a Windows editor's) is no part of it
            raw = without_bom(raw) if isinstance(raw, str) else without_bom(raw)  # (narrows str | bytes)
        if not raw.strip():
            continue
        parsed = _parse(raw, f"{source}:{n}")
        if isinstance(parsed, str):
            yield Scored(None, parsed)  # a bad line belongs to no group and does not end the run
            continue
        if run and parsed.group != run[0].group:
            yield from _flush(run)
            run = []
        if parsed.group is None:
            yield Scored(_written(parsed.obj, score(parsed.text)), None)
        else:
            run.append(parsed)
    yield from _flush(run)


def score_lines(lines: Iterable[str], source: str = "-") -> Iterator[tuple[str | None, str | None]]:
    """JSONL in, JSONL out: for each non-blank line, (the line with `checkworthiness` and `claim_type`
    added, None) or (None, "SOURCE:LINE: what is wrong"). The input object's other keys are kept as they are.

    A line without `group` (or with null or "") is scored alone (`score`). Consecutive lines with the
    same `group` (a string or an integer) are scored together in context (`score_group`, with their
    `speaker`s when every line has one): a run is held in memory until the group changes, so lines
    come out in input order, each group's after its last line. A group whose lines are not contiguous
    is scored as separate runs. A bad line is reported where it is and skipped; it does not cut a run.
    """
    for r in score_records(lines, source):
        yield r.line, r.error
