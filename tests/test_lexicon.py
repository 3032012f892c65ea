"""pipeline/lexicon.py: every word list names each word once.

A set literal silently drops a repeated word, so the source is read with ast: a word written
twice in one list, set, tuple or dict of forms is a mistake (one of the two was meant to be
something else, or the list was edited in two places).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

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


def test_no_word_list_repeats_a_word():
    dupes = []
    for name, line, words in _literals(ast.parse(SOURCE)):
        for word, n in Counter(words).items():
            if n > 1:
                dupes.append(f"{name} (line {line}): {word!r} x{n}")
    assert not dupes, "repeated words in lexicon.py: " + "; ".join(dupes)


def test_the_check_sees_a_repeat():
    tree = ast.parse('X = {"a", "b", "a"}\nY = {"k": ("s", "s")}\n')
    found = {(name, tuple(words)) for name, _, words in _literals(tree)}
    assert ("X", ("a", "b", "a")) in found and ("Y", ("s", "s")) in found
