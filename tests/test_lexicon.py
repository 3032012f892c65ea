"""pipeline/lexicon.py: every word list names each word once, and lives only there.

A set literal silently drops a repeated word, so the source is read with ast: a word written
twice in one list, set, tuple or dict of forms is a mistake (one of the two was meant to be
something else, or the list was edited in two places).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

import claimex.lexicon as lexicon

SOURCE = Path(lexicon.__file__).read_text(encoding="utf-8")


def _literals(tree: ast.AST):
    """(name, line, words) for every list/set/tuple literal of strings in the module."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            name = target.id if isinstance(target, ast.Name) else "?"
            for sub in ast.walk(node.value) if node.value is not None else ():
                if isinstance(sub, (ast.List, ast.Set, ast.Tuple)):
                    words = [e.value for e in sub.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                    if words:
                        yield name, sub.lineno, words
                elif (split := _split_words(sub)) is not None:
                    yield name, sub.lineno, split


def test_no_word_list_repeats_a_word():
    dupes = []
    for name, line, words in _literals(ast.parse(SOURCE)):
        for word, n in Counter(words).items():
            if n > 1:
                dupes.append(f"{name} (line {line}): {word!r} x{n}")
    assert not dupes, "repeated words in lexicon.py: " + "; ".join(dupes)


def test_the_check_sees_a_repeat():
    tree = ast.parse('X = {"a", "b", "a"}\nY = {"k": ("s", "s")}\nZ = frozenset("c d c".split())\n')
    found = {(name, tuple(words)) for name, _, words in _literals(tree)}
    assert {("X", ("a", "b", "a")), ("Y", ("s", "s")), ("Z", ("c", "d", "c"))} <= found


# ---- a word list lives once: no module beside lexicon.py keeps its own copy of a lexicon set

PACKAGE = Path(lexicon.__file__).parent
MIN_WORDS = 5  # smaller literals ({"the", "a", "an"}) are too common to call a copy
_LOWER_WORD = re.compile(r"[a-z][a-z'\u2019.]*")


def _split_words(node: ast.AST) -> list[str] | None:
    """The words of `"a b c".split()`, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and not node.args
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value.split()
    return None


def _strings(elts: list[ast.expr]) -> list[str] | None:
    """The strings of a literal's elements when every element is a string constant, else None."""
    words = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return words if len(words) == len(elts) else None


def _set_literals(tree: ast.AST):
    """(line, words) for every set literal `{…}` and every `set(…)` / `frozenset(…)` of a literal or a `.split()`.

    A literal subtracted from a set (`DETERMINERS - {"three", …}`) names a difference, not a list: left out.
    """
    subtracted = {
        id(node.right) for node in ast.walk(tree) if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub)
    }
    for node in ast.walk(tree):
        words = None
        if id(node) in subtracted:
            continue
        if isinstance(node, ast.Set):
            words = _strings(node.elts)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"set", "frozenset"}:
            arg = node.args[0] if len(node.args) == 1 else None
            if isinstance(arg, (ast.List, ast.Tuple)):
                words = _strings(arg.elts)
            elif arg is not None:
                words = _split_words(arg)
        if words:
            yield node.lineno, words


def _lexicon_sets() -> dict[str, frozenset[str]]:
    """Every set of strings lexicon.py defines, by name."""
    return {
        name: frozenset(value)
        for name, value in vars(lexicon).items()
        if isinstance(value, (set, frozenset)) and value and all(isinstance(w, str) for w in value)
    }


def _copies(source: str, sets: dict[str, frozenset[str]]) -> list[str]:
    """`line: words <= NAME` for each set literal in `source` of MIN_WORDS+ lower-case words that is a copy of a
    lexicon set: inside it and at least half of it. (A few words of a broad list such as FUNCTION_WORDS are
    another list with another use, not a copy of it.)"""
    found = []
    for line, words in _set_literals(ast.parse(source)):
        group = frozenset(words)
        if len(group) < MIN_WORDS or not all(_LOWER_WORD.fullmatch(w) for w in group):
            continue
        names = [name for name, of_name in sets.items() if group <= of_name and 2 * len(group) >= len(of_name)]
        if names:
            name = min(names, key=lambda n: (len(sets[n]), n))
            found.append(f"line {line}: {sorted(group)} {'==' if group == sets[name] else '<='} {name}")
    return found


def test_no_module_copies_a_lexicon_set():
    sets = _lexicon_sets()
    copies = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "lexicon.py":
            copies += [f"{path.relative_to(PACKAGE)} {c}" for c in _copies(path.read_text(encoding="utf-8"), sets)]
    assert not copies, "word lists copied from lexicon.py (import the lexicon set, or derive from it): " + "; ".join(
        copies
    )


def test_the_copy_check_sees_a_copy_and_spares_a_variant():
    sets = {
        "NEG": frozenset({"not", "no", "never", "nor", "none", "nothing"}),
        "BROAD": frozenset("be is are was were a an the of to in on at by for with from and or but".split()),
    }
    source = (
        'A = {"not", "no", "never", "nor", "none"}\n'  # a subset: a copy
        'B = frozenset("not no never nor none nothing".split())\n'  # equal: a copy
        'C = frozenset(("never", "nor", "none", "nothing", "no"))\n'  # a tuple inside frozenset: a copy
        'D = NEG | {"without"}\n'  # a variant derived from the set: fine
        'E = {"not", "no", "never", "nor", "without"}\n'  # not inside the set: another meaning
        'F = {"Not", "No", "Never", "Nor", "None"}\n'  # not lower-case words
        'G = NEG - {"not", "no", "never", "nor", "none"}\n'  # a named difference
        'H = {"be", "is", "are", "was", "were"}\n'  # a few words of a broad list (less than half of it)
    )
    found = _copies(source, sets)
    assert [f.split(":")[0] for f in found] == ["line 1", "line 2", "line 3"], found


@pytest.mark.parametrize(
    ("words", "share"),
    [
        (("nine", "in", "10"), True),
        (("one", "in", "five"), True),
        (("Two", "in", "2019"), False),
        (("six", "of", "10"), False),
    ],
)
def test_a_share_is_n_in_m_and_m_is_no_year(words, share):
    assert lexicon.is_share(*words) is share


@pytest.mark.parametrize(
    ("phrase", "share"),
    [("Nearly nine in 10 voters", True), ("More than four in 10", True), ("Rather than nine in 10 voters", False)],
)
def test_a_phrase_opens_with_a_share_after_a_hedge_or_a_comparative(phrase, share):
    assert lexicon.opens_with_share(phrase) is share


@pytest.mark.parametrize(("text", "dateline"), lexicon.DATELINE_EXAMPLES)
def test_a_dateline_matches_up_to_the_words_after_its_dash(text, dateline):
    m = lexicon.DATELINE.match(text)
    assert m is not None and m.group() == dateline


@pytest.mark.parametrize(
    "text", ["Mr. Smith - the chair said", "SEN. ADA LUND said", "I said -- no", "US officials - who"]
)
def test_no_dateline_without_a_place_in_capitals_and_a_dash(text):
    assert lexicon.DATELINE.match(text) is None
