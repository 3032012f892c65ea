"""The Makefile's housekeeping targets, run on a scratch copy of the layout (no venv needed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_clean_removes_what_set_up_and_runs_wrote_and_keeps_the_sources(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    cache = tmp_path / "pipeline" / "attribution" / "__pycache__"
    cache.mkdir(parents=True)
    (cache / "keep.cpython-311.pyc").write_bytes(b"")  # what `compileall` (PRECOMPILE) writes
    source = tmp_path / "pipeline" / "attribution" / "keep.py"
    source.write_text("", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / "claimex.egg-info").mkdir()  # what `pip install -e .` writes
    (tmp_path / "outputs" / "run1").mkdir(parents=True)
    (tmp_path / "outputs" / ".gitkeep").write_text("", encoding="utf-8")
    subprocess.run(["make", "-s", "clean"], cwd=tmp_path, check=True, capture_output=True)
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert left == [
        "Makefile",
        "outputs",
        "outputs/.gitkeep",
        "pipeline",
        "pipeline/attribution",
        "pipeline/attribution/keep.py",
    ]


def test_every_target_a_user_can_run_is_in_the_readme():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {t for line in makefile.splitlines() if line.startswith(".PHONY:") for t in line.split()[1:]}
    internal = {"shared-data"}  # a prerequisite of the training targets, not a command
    assert targets > internal
    assert sorted(t for t in targets - internal if f"make {t}" not in readme) == []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    "target",
    [
        "train",
        "train-attribution",
        "train-keep",
        "train-rerank",
        "train-rule-precision",
        "train-checkworthy",
        "eval-checkworthy",
    ],
)
def test_a_training_target_checks_the_shared_data_before_installing_anything(tmp_path, target):
    # (-n: what make would run, in order; nothing is run)
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")  # what the venv's install depends on
    res = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"SHARED={tmp_path / 'absent'}"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert res.stdout.splitlines()[0].startswith("test -n"), res.stdout
