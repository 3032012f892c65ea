"""The command line, through typer's CliRunner: exit codes, outputs, help."""

import json

from typer.testing import CliRunner

from claimex.cli import app

runner = CliRunner()


def test_every_command_has_help():
    for cmd in ["extract", "schema", "validate", "eval"]:
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output, cmd


def test_schema_prints_the_claim_json_schema():
    res = runner.invoke(app, ["schema"])
    schema = json.loads(res.output)
    assert {"claim_id", "speaker", "content", "quote_type", "polarity", "mentions", "extractor"} <= set(
        schema["properties"]
    )


def test_bad_input_exit_1_rest_written_and_error_on_stderr(tmp_path, seeds_dir):
    out = tmp_path / "o"
    res = runner.invoke(
        app,
        [
            "extract",
            str(seeds_dir / "000_ea3026b7f0a89cf0.txt"),
            str(tmp_path / "nope.txt"),
            "--out",
            str(out),
            "--backend",
            "rules",
            "-q",
        ],
    )
    assert res.exit_code == 1
    assert "nope.txt" in res.stderr and "NotFound" in res.stderr
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["error"] for e in errors] == ["NotFound"]
    assert (out / "claims.jsonl").read_text().strip()
    run = json.loads((out / "run.json").read_text())
    assert run["documents"]["failed"] == 1 and run["documents"]["ok"] == 1


def test_usage_error_exit_2(tmp_path):
    res = runner.invoke(app, ["extract", "x.txt", "--backend", "nonsense"])
    assert res.exit_code == 2


def test_stdin_input(tmp_path):
    out = tmp_path / "o"
    line = json.dumps({"id": "s", "text": '"We will win," Ann Lee said on Monday.'})
    res = runner.invoke(app, ["extract", "-", "--out", str(out), "--backend", "rules", "-q"], input=line + "\n")
    assert res.exit_code == 0, res.output
    (claim,) = [json.loads(x) for x in (out / "claims.jsonl").read_text().splitlines()]
    assert claim["speaker"]["name"] == "Ann Lee" and claim["content"] == "We will win"


def test_validate_catches_tampered_offsets(tmp_path, seeds_dir):
    out = tmp_path / "o"
    assert runner.invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules", "-q"]).exit_code == 0
    lines = (out / "claims.jsonl").read_text().splitlines()
    claim = json.loads(lines[0])
    claim["mentions"][0]["start"] += 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(claim)] + lines[1:]) + "\n")
    res = runner.invoke(app, ["validate", str(bad), "--source", str(seeds_dir)])
    assert res.exit_code == 1 and "text != source" in res.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"claim_id": 1}\n')
    assert runner.invoke(app, ["validate", str(broken)]).exit_code == 1


def test_summary_line(tmp_path, seeds_dir):
    res = runner.invoke(app, ["extract", str(seeds_dir), "--out", str(tmp_path / "o"), "--backend", "rules"])
    assert res.exit_code == 0
    assert "5 documents ok, 0 failed" in res.output and "claims" in res.output
