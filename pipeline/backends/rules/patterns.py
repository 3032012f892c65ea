"""The rule backend's attribution patterns, one registered unit each.

Every mention the rule backend emits names the pattern that made it (`rule`, a key of
PATTERNS). A pattern declares:

- `id`: `<pass>.<name>`; the pass is `direct` (pass 1, quotations), `indirect` (pass 2,
  reported speech), `stance` (pass 2, stance verbs with an object), `quoted` (quoted words
  with any verb) or `nested` (pass 3, attributions inside another statement's content);
- `triggers`: lower-case substrings one of which every text it matches contains: the
  cheap pre-check before any regex (`triggered()`; pass 2 runs its sentence patterns only
  where they trigger). Empty: the pattern starts at a reporting verb of the lexicon, which
  pass 2 checks once per sentence. `tests/backends/rules/test_patterns.py` checks each
  example against them;
- `priority`: a distinct number per pattern (a test checks), declared for the order a pass
  should try its patterns in. Nothing dispatches by it yet: each pass tries its patterns in
  the order its code is written, so a priority changes no output;
- `confidence`: a declared prior the passes use to rank their own drafts (a mention's
  `confidence` is the rule's precision measured on PolNeAR train instead: `confidence.py`);
- `examples`: made-up sentences with the speaker phrase, cue and content the pattern must
  find. Tests are generated from them.

Each pass module registers its own patterns (`register(...)` at its end), beside the code that
matches them: adding a pattern is one entry with its examples and the code that writes its id, in
that one file. Importing the package (`claimex.backends.rules`) imports every pass, so PATTERNS is
complete wherever the backend can run.

`claimex eval GOLD PRED --by-rule` scores each pattern on annotated data.
"""

from __future__ import annotations

from dataclasses import dataclass

QUOTE_MARKS = ('"', "\u201c", "\u201d")


@dataclass(frozen=True)
class Example:
    """A made-up text and the mention the pattern must make in it (speaker phrase as written)."""

    text: str
    speaker: str | None
    cue: str | None
    content: str


@dataclass(frozen=True)
class Pattern:
    """One attribution pattern: its id, pre-check triggers, priority, confidence and examples."""

    id: str
    description: str
    triggers: tuple[str, ...]
    priority: int
    confidence: float
    examples: tuple[Example, ...]


def triggered(pattern_id: str, low: str) -> bool:
    """The substring pre-check: whether lower-cased text `low` holds one of the pattern's triggers
    (always true for a pattern that declares none)."""
    triggers = PATTERNS[pattern_id].triggers
    return not triggers or any(t in low for t in triggers)


PATTERNS: dict[str, Pattern] = {}  # id -> Pattern, filled by the pass modules as they are imported


def register(*patterns: Pattern) -> None:
    """Add a pass's patterns to PATTERNS (an id registered twice is an error: ids are provenance)."""
    for p in patterns:
        if p.id in PATTERNS:
            raise ValueError(f"pattern id {p.id!r} registered twice")
        PATTERNS[p.id] = p
