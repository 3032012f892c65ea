"""`-` for an output file: standard output where a command can write there, else a usage error.

`-o -` on export, checkworthiness and report, and `eval --json -`, wrote a file literally named `-`
in the current directory. export and checkworthiness write to stdout (as without -o), `eval --json -`
writes the metrics JSON there (the table then goes to stderr, so stdout is JSON alone), and report,
whose page is a file of its own, refuses `-` (exit 2). A file named `-` is still `./-`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    assert runner.invoke(app, ["extract", str(SEEDS), "--out", str(out), "--backend", "rules", "-q"]).exit_code == 0
    return out


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_dash_is_stdout(run_dir, cwd):
    plain = runner.invoke(app, ["export", str(run_dir / "claims.jsonl")])
    res = runner.invoke(app, ["export", str(run_dir / "claims.jsonl"), "-o", "-"])
    assert res.exit_code == 0, res.output
    assert res.stdout == plain.stdout and json.loads(res.stdout)
    assert not (cwd / "-").exists()
    res = runner.invoke(app, ["export", str(run_dir / "claims.jsonl"), "-o", "./-"])  # a file named -
    assert res.exit_code == 0 and (cwd / "-").read_text(encoding="utf-8") == plain.stdout


def test_checkworthiness_dash_is_stdout(cwd):
    line = json.dumps({"id": "1", "text": "Unemployment fell to 3.5 percent last year."}) + "\n"
    res = runner.invoke(app, ["checkworthiness", "-", "-o", "-"], input=line)
    assert res.exit_code == 0, res.output
    [row] = [json.loads(x) for x in res.stdout.splitlines()]
    assert 0.0 <= row["checkworthiness"] <= 1.0
    assert not (cwd / "-").exists()


def test_eval_json_dash_writes_the_metrics_json_alone_to_stdout(run_dir, cwd):
    gold = Path(__file__).parent / "fixtures" / "eval_gold.jsonl"
    plain = runner.invoke(app, ["eval", str(gold), str(run_dir / "claims.jsonl"), "--json", str(cwd / "m.json")])
    res = runner.invoke(app, ["eval", str(gold), str(run_dir / "claims.jsonl"), "--json", "-"])
    assert res.exit_code == plain.exit_code, res.output
    assert json.loads(res.stdout) == json.loads((cwd / "m.json").read_text(encoding="utf-8"))
    assert plain.stdout.splitlines()[0] in res.stderr  # the table, on stderr
    assert not (cwd / "-").exists()


def test_report_dash_is_a_usage_error(run_dir, cwd):
    res = runner.invoke(app, ["report", str(run_dir), "-o", "-"])
    assert res.exit_code == 2
    assert res.stderr.startswith("error: report: ") and "-" in res.stderr and len(res.stderr.splitlines()) == 1
    assert not (cwd / "-").exists()
