"""The pattern registry (pipeline/backends/rules/patterns.py): one test per example, generated.

Every example is a made-up sentence with the mention its pattern must make there: the
pattern id as the mention's `rule`, and the speaker phrase, cue and content.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claimex.backends.rules import extract_rules
from claimex.backends.rules.confidence import rule_precision
from claimex.backends.rules.patterns import PATTERNS, Example, Pattern
from claimex.lexicon import CUE_LEMMA, NP_OBJECT_LEMMA, PHRASAL_LEMMA
from claimex.models import Document
from claimex.segment import segment
from tests.conftest import SEEDS

PACKAGE = Path(__file__).resolve().parents[3] / "pipeline" / "backends" / "rules"
ID = re.compile(r"^(?:direct|indirect|stance|quoted|nested)\.[a-z_]+$")
EXAMPLES = [(p, ex) for p in PATTERNS.values() for ex in p.examples]


def _mentions(text: str):
    return extract_rules(segment(Document(doc_id="t", text=text)))


@pytest.mark.parametrize(
    "pattern, example", EXAMPLES, ids=[f"{p.id}-{n}" for p in PATTERNS.values() for n in range(len(p.examples))]
)
def test_example(pattern: Pattern, example: Example):
    got = [(m.rule, m.speaker_text, m.cue, m.content) for m in _mentions(example.text)]
    assert (pattern.id, example.speaker, example.cue, example.content) in got


@pytest.mark.parametrize("pattern", PATTERNS.values(), ids=list(PATTERNS))
def test_pattern_is_complete(pattern: Pattern):
    assert ID.match(pattern.id), "ids are <pass>.<name>"
    assert pattern.description and pattern.examples, "every pattern says what it matches and shows it"
    assert 0 < pattern.confidence <= 1
    for ex in pattern.examples:
        low = ex.text.lower()
        if pattern.triggers:
            assert any(t in low for t in pattern.triggers), f"no trigger of {pattern.id} in {ex.text!r}"
        else:  # the reporting verbs of the lexicon are the trigger
            words = set(re.findall(r"[a-z][a-z'\u2019-]*", low))
            assert words & (set(CUE_LEMMA) | set(NP_OBJECT_LEMMA) | {p.split()[0] for p in PHRASAL_LEMMA})


def test_priorities_are_distinct():
    priorities = [p.priority for p in PATTERNS.values()]
    assert len(priorities) == len(set(priorities))


def _ids_in_code() -> set[str]:
    """Every pattern id written as a string in the package's passes."""
    found = set()
    for path in PACKAGE.glob("*.py"):
        if path.name == "patterns.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ID.match(node.value):
                found.add(node.value)
    return found


def test_every_id_the_passes_write_is_registered_and_every_pattern_is_used():
    in_code = _ids_in_code()
    assert in_code - set(PATTERNS) == set(), "register these in patterns.py"
    assert set(PATTERNS) - in_code == set(), "no pass writes these: dead patterns"


def test_every_mention_names_a_registered_pattern():
    rules = set()
    for path in sorted(SEEDS.glob("*.txt")):
        for m in _mentions(path.read_text(encoding="utf-8")):
            assert m.rule in PATTERNS
            assert m.confidence == rule_precision(m.rule)  # measured on PolNeAR train, not the declared prior
            rules.add(m.rule)
    assert len(rules) >= 5
