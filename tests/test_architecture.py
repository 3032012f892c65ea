"""Import rules, read off the source with `ast` (nothing is imported or run):

- no module of pipeline/ uses a private name (`_x`) of another module: imported
  (`from .run import _MemoryJournal`) or reached through a module
  (`run._MemoryJournal`);
- the merge package's steps import one way, speakers -> clusters -> claims ->
  links: a step never imports a later step, nor the package itself (its
  `__init__` imports every step).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PIPELINE = ROOT / "pipeline"
MERGE_ORDER = ("speakers", "clusters", "claims", "links")

# Private names used across modules: none. A name another module needs is made public (or the code that
# needs it moves). Kept as a set so an exception would be listed here, in one place: (module, name, owner).
ALLOWED: set[tuple[str, str, str]] = set()


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of pipeline/ (a package by its `__init__`)."""
    out = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _package(name: str) -> str:
    """The package a module's relative imports start from."""
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def _resolve(name: str, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` names."""
    if not node.level:
        return node.module or ""
    base = _package(name).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _imports(name: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(imported name, module it comes from) of every `from` import of a pipeline module, anywhere in
    the file (function bodies too); and every pipeline module the file imports."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    names: list[tuple[str, str]] = []
    modules: list[str] = []
    aliases: dict[str, str] = {}  # local name bound to a pipeline module -> that module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(name, node)
            if source.split(".")[0] not in ("pipeline", "claimex"):
                continue
            modules.append(source)
            for a in node.names:
                sub = f"{source}.{a.name}"
                if sub in MODULES:  # `from . import links`: a module, not a name
                    modules.append(sub)
                    aliases[a.asname or a.name] = sub
                names.append((a.name, source))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in ("pipeline", "claimex"):
                    modules.append(a.name)
                    if a.asname:
                        aliases[a.asname] = a.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            names.append((node.attr, aliases[node.value.id]))
    return names, modules


def test_the_rules_see_every_module_and_the_merge_steps():
    assert "pipeline.run" in MODULES and "pipeline.merge" in MODULES
    assert all(f"pipeline.merge.{step}" in MODULES for step in MERGE_ORDER)
    assert _resolve("pipeline.merge.links", ast.ImportFrom(module="claims", names=[], level=1)) == (
        "pipeline.merge.claims"
    )
    assert _resolve("pipeline.merge", ast.ImportFrom(module="links", names=[], level=1)) == "pipeline.merge.links"
    assert _resolve("pipeline.engines.ray_engine", ast.ImportFrom(module="run", names=[], level=2)) == "pipeline.run"


def test_no_module_uses_a_private_name_of_another():
    found = set()
    for name in MODULES:
        names, _ = _imports(name)
        found |= {(name, n, source) for n, source in names if _private(n) and source != name}
    assert found - ALLOWED == set(), "private names used across modules (make them public, or move the code)"
    assert ALLOWED - found == set(), "fixed: remove these from ALLOWED"


def test_merge_steps_import_one_way():
    bad = []
    for i, step in enumerate(MERGE_ORDER):
        _, modules = _imports(f"pipeline.merge.{step}")
        for m in modules:
            if m == "pipeline.merge":
                bad.append((step, "the package itself"))
            elif m.startswith("pipeline.merge."):
                other = m.split(".")[2]
                if other not in MERGE_ORDER or MERGE_ORDER.index(other) >= i:
                    bad.append((step, other))
    assert bad == [], f"a merge step imports a later one (order: {' -> '.join(MERGE_ORDER)})"


def test_merge_package_has_only_its_steps():
    # A new module must take its place in MERGE_ORDER, so the rule above covers it.
    steps = {n.rpartition(".")[2] for n in MODULES if n.startswith("pipeline.merge.")}
    assert steps == set(MERGE_ORDER)


def test_every_error_class_is_used_outside_errors_py() -> None:
    # An error class nobody raises or catches is dead weight a reader takes for a real failure mode.
    tree = ast.parse((PIPELINE / "errors.py").read_text(encoding="utf-8"))
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    used: set[str] = set()
    for path in PIPELINE.rglob("*.py"):
        if path != PIPELINE / "errors.py":
            used |= {n.id for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Name)}
    assert classes and classes - used == set()
