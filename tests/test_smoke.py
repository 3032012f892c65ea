"""The whole pipeline on the seeds, through the public CLI."""

import json

from typer.testing import CliRunner

from claimex.cli import app


def test_extract_seeds_writes_valid_outputs(tmp_path, seeds_dir):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
    assert len(claims) > 20
    run = json.loads((out / "run.json").read_text())
    assert run["documents"] == {"read": 5, "ok": 5, "failed": 0}
    res = CliRunner().invoke(app, ["validate", str(out / "claims.jsonl"), "--source", str(seeds_dir)])
    assert res.exit_code == 0, res.output
