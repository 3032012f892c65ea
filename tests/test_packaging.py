"""The installed import name is `claimex` (mapped onto pipeline/), and every package directory ships."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from claimex.engines.ray_engine import _claimex_cause
from claimex.errors import EnvironmentFailure
from tests.conftest import ROOT
from tests.report_helpers import planted_run


def test_every_package_directory_is_listed_for_the_build() -> None:
    # Data-only directories too (prompts, report_assets, schemas): setuptools warns once per file
    # about a directory of package data that is missing from `packages`.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {"claimex": "pipeline"}
    pipeline = ROOT / "pipeline"
    dirs = [pipeline, *(d for d in pipeline.rglob("*") if d.is_dir() and "__pycache__" not in d.parts)]
    on_disk = {".".join(("claimex", *d.relative_to(pipeline).parts)) for d in dirs}
    assert set(config["packages"]) == on_disk
    data = config["package-data"]
    for d in ("prompts", "report_assets", "schemas"):  # each data directory's files are shipped
        files = [f.name for f in (pipeline / d).iterdir() if f.is_file()]
        assert files and all(any(fnmatch(f, g) for g in data[f"claimex.{d}"]) for f in files), d


def test_every_data_file_of_the_package_ships() -> None:
    """Every file under pipeline/ that is not Python (weights, lexicon data, assets) matches a
    package-data glob: a wheel without one (rerank.json was missing) runs differently from the checkout."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    pipeline = ROOT / "pipeline"
    missing = []
    for f in pipeline.rglob("*"):
        rel = f.relative_to(pipeline)
        if not f.is_file() or f.suffix in (".py", ".pyc", ".typed") or "__pycache__" in rel.parts:
            continue
        pkg = ".".join(("claimex", *rel.parts[:-1]))
        globs = [("/".join(rel.parts), g) for g in data.get("claimex", ())]
        globs += [(rel.name, g) for g in data.get(pkg, ())]
        if not any(fnmatch(name, g) for name, g in globs):
            missing.append(str(rel))
    assert missing == []


def test_python_m_claimex_works_beside_a_users_own_pipeline_folder(tmp_path) -> None:
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("raise ImportError('the user\\'s own pipeline package')\n")
    res = subprocess.run(
        [sys.executable, "-m", "claimex", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip()


def test_console_script_writes_a_report_from_outside_the_repo(tmp_path) -> None:
    # From the repo root `pipeline` is importable by accident; from any other folder only `claimex` is.
    _, run = planted_run(tmp_path / "planted")
    claimex = Path(sys.executable).with_name("claimex")
    res = subprocess.run(
        [str(claimex), "report", str(run), "--out", "page.html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "<script>" in (tmp_path / "page.html").read_text(encoding="utf-8")


def test_ray_engine_keeps_our_own_errors_as_they_were_raised() -> None:
    # Only copies Ray rebuilt (other modules) are flattened; our own classes keep their type and exit code.
    err = EnvironmentFailure("disk full")
    try:
        try:
            raise err
        except EnvironmentFailure as e:
            raise RuntimeError("wrapped by the executor") from e
    except RuntimeError as outer:
        assert _claimex_cause(outer) is err
