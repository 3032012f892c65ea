"""Publication of a run's files: all of them or none, and readers told when files of two runs are mixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimex.run as run_mod
from claimex.backends.rules import RuleExtractor
from claimex.cli import app
from claimex.run import run_batch
from tests.conftest import SEEDS

FILES = ("claims.jsonl", "documents.jsonl", "errors.jsonl", "run.json")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_a_merge_that_raises_on_a_rerun_publishes_nothing(tmp_path, monkeypatch):
    """Today's bug: the re-run's documents.jsonl and errors.jsonl sat beside the old claims.jsonl and run.json."""
    out = tmp_path / "out"
    run_batch([str(SEEDS)], RuleExtractor(), out)
    before = _snapshot(out)
    few = tmp_path / "few"
    few.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, few / p.name)
    (few / "empty.txt").write_text("")  # an error line, so errors.jsonl differs too

    def boom(*args, **kwargs):
        raise RuntimeError("merge exploded")

    monkeypatch.setattr(run_mod, "merge", boom)
    with pytest.raises(RuntimeError, match="merge exploded"):
        run_batch([str(few)], RuleExtractor(), out)
    assert _snapshot(out) == before  # the previous run's files, complete and unmixed
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_run_json_records_run_id_and_every_published_file(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEEDS)], RuleExtractor(), out)
    run = json.loads((out / "run.json").read_text())
    assert len(run["run_id"]) >= 16
    import hashlib

    for name in ("claims.jsonl", "documents.jsonl", "errors.jsonl"):
        data = (out / name).read_bytes()
        assert run["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_readers_warn_when_files_of_two_runs_are_mixed(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    run_batch([str(SEEDS)], RuleExtractor(), a)
    run_batch([str(sorted(SEEDS.glob("*.txt"))[0])], RuleExtractor(), b)
    shutil.copy(b / "documents.jsonl", a / "documents.jsonl")  # what a crash between two renames leaves
    runner = CliRunner()
    for args in (
        ["validate", str(a / "claims.jsonl")],
        ["merge", str(a), "--out", str(tmp_path / "m")],
        ["report", str(a), "--out", str(tmp_path / "r.html"), "--source", str(SEEDS)],
    ):
        res = runner.invoke(app, args)
        warnings = [
            line for line in res.stderr.splitlines() if line.startswith("warning:") and "documents.jsonl" in line
        ]
        assert len(warnings) == 1, (args, res.stderr)
        assert "another run" in warnings[0] and "claims.jsonl" not in warnings[0].split("documents.jsonl")[0]


def test_an_unmixed_run_gives_readers_no_warning(tmp_path):
    a = tmp_path / "a"
    run_batch([str(SEEDS)], RuleExtractor(), a)
    res = CliRunner().invoke(app, ["validate", str(a / "claims.jsonl")])
    assert res.exit_code == 0 and "warning" not in res.stderr
