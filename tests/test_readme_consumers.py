"""The README's consumer examples (jq, Python, DuckDB) run as written against a run over the seeds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from tests.conftest import ROOT, SEEDS


def _examples() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"<!-- consumer-example: (\w+) -->\n```\w+\n(.*?)```", text, flags=re.S)
    return dict(found)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A directory holding `outputs/` from a rule-backend run over the seeds (what `make run` writes)."""
    base = tmp_path_factory.mktemp("consumer")
    res = CliRunner().invoke(app, ["extract", str(SEEDS), "--out", str(base / "outputs"), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    return base


def _claims(run_dir: Path) -> list[dict]:
    return [json.loads(x) for x in (run_dir / "outputs" / "claims.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_readme_has_the_three_examples() -> None:
    assert set(_examples()) == {"jq", "python", "duckdb"}


def test_jq_example(run_dir: Path) -> None:
    assert shutil.which("jq"), "jq is not installed: `make test` installs it (apt-get install jq)"
    cmd = _examples()["jq"].strip()
    out = subprocess.run(cmd, shell=True, cwd=run_dir, capture_output=True, text=True, check=True).stdout
    want = [c for c in _claims(run_dir) if c["claim_type"] != "fragment" and c["checkworthiness"] >= 0.5]
    rows = [line.split("\t") for line in out.splitlines()]
    assert want and [r[0] for r in rows] == [c["claim_id"] for c in want]
    assert [r[2] for r in rows] == [c["statement"] for c in want]


def test_python_example(run_dir: Path) -> None:
    res = subprocess.run(
        [sys.executable, "-c", _examples()["python"]], cwd=run_dir, capture_output=True, text=True, check=True
    )
    lines = res.stdout.splitlines()
    top = max((c for c in _claims(run_dir) if c["claim_type"] != "fragment"), key=lambda c: c["checkworthiness"])
    assert len(lines) == 10 and lines[0] == f"{top['checkworthiness']:.2f}  {top['statement']}"


def test_duckdb_example(run_dir: Path, monkeypatch) -> None:
    import duckdb  # a test dependency (pyproject's test extra)

    monkeypatch.chdir(run_dir)
    rows = duckdb.sql(_examples()["duckdb"]).fetchall()
    claims = _claims(run_dir)
    assert sum(n for _, n, _ in rows) == len(claims)
    by_speaker: dict[str | None, int] = {}
    for c in claims:
        by_speaker[c["speaker"]["name"]] = by_speaker.get(c["speaker"]["name"], 0) + 1
    assert rows[0][1] == max(by_speaker.values())
