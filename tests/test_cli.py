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


def test_every_command_takes_quiet_and_verbose():
    import typer.main

    for name, cmd in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        opts = {o for p in cmd.params for o in p.opts}
        assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name
    assert runner.invoke(app, ["version", "-q"]).exit_code == 0
    assert runner.invoke(app, ["schema", "--verbose"]).exit_code == 0


def _one_doc_run(tmp_path, seeds_dir, name: str):
    out = tmp_path / name
    res = runner.invoke(
        app, ["extract", str(seeds_dir / "000_ea3026b7f0a89cf0.txt"), "--out", str(out), "--backend", "rules", "-q"]
    )
    assert res.exit_code == 0, res.output
    return out


def test_quiet_merge_prints_no_notes_and_no_summary(tmp_path, seeds_dir):
    a, b = _one_doc_run(tmp_path, seeds_dir, "a"), _one_doc_run(tmp_path, seeds_dir, "b")
    loud = runner.invoke(app, ["merge", str(a), str(b), "--out", str(tmp_path / "m1")])
    assert loud.exit_code == 0 and "note: " in loud.stderr and loud.stdout  # the same doc_id in both runs
    quiet = runner.invoke(app, ["merge", str(a), str(b), "--out", str(tmp_path / "m2"), "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_quiet_report_validate_and_checkworthiness_print_no_summary(tmp_path, seeds_dir):
    run = _one_doc_run(tmp_path, seeds_dir, "r")
    for args in (
        ["report", str(run), "--out", str(tmp_path / "p.html")],
        ["validate", str(run / "claims.jsonl")],
    ):
        loud, quiet = runner.invoke(app, args), runner.invoke(app, [*args, "-q"])
        assert loud.exit_code == quiet.exit_code == 0 and loud.stdout, args
        assert quiet.stdout == "" and quiet.stderr == "", args
    line = json.dumps({"id": "1", "text": "Unemployment fell to 3.5 percent in 2019."}) + "\n"
    loud = runner.invoke(app, ["checkworthiness", "-"], input=line)
    quiet = runner.invoke(app, ["checkworthiness", "-", "-q"], input=line)
    assert "scored" in loud.stderr and quiet.stderr == "" and quiet.stdout == loud.stdout != ""


def test_an_internal_error_in_any_command_points_to_verbose_which_it_accepts(tmp_path, monkeypatch):
    import claimex.export

    def broken(*a, **k):
        raise TypeError("unsupported operand")

    claims = tmp_path / "claims.jsonl"
    claims.write_text("")
    monkeypatch.setattr(claimex.export, "read_claims_lenient", broken)
    res = runner.invoke(app, ["export", str(claims)])
    assert res.exit_code == 5 and "--verbose shows where" in res.stderr
    res = runner.invoke(app, ["export", str(claims), "--verbose"])
    assert res.exit_code == 5 and "Traceback" in res.stderr and "in broken" in res.stderr


def test_limits_out_of_range_are_usage_errors_not_crashes(tmp_path):
    """A timeout or size past what a clock or an int holds, or more worker processes than the machine
    can carry, is refused up front (exit 2, one line naming the option), not a crash per document."""
    (tmp_path / "a.txt").write_text('"Taxes will fall," said Ann Lee.\n')
    for args in (
        ["--doc-timeout", "1e10"],
        ["--max-doc-mb", "inf"],
        ["--workers", "100000"],
    ):
        res = runner.invoke(
            app, ["extract", str(tmp_path / "a.txt"), "--backend", "rules", "-o", str(tmp_path / "o"), *args]
        )
        assert res.exit_code == 2, (args, res.output)
        assert args[0] in res.output
        assert not (tmp_path / "o" / "claims.jsonl").exists()


def test_a_bad_value_from_the_environment_is_named_by_its_variable(tmp_path):
    """`OPENAI_BASE_URL=ftp://x/v1` said `--base-url must start with http://`, `CLAIMEX_WORKERS=1000` said
    `--workers 1000: at most 4 per CPU`: the user set no such flag. The variable is named (and the flag)."""
    (tmp_path / "a.txt").write_text('"Taxes will fall," said Ann Lee.\n')
    base = ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o")]
    cases = [
        ({"CLAIMEX_WORKERS": "100000"}, ["--backend", "rules"], "CLAIMEX_WORKERS=100000 (--workers): at most"),
        ({}, ["--backend", "rules", "--workers", "100000"], "--workers 100000: at most"),
        ({"CLAIMEX_MAX_DOC_MB": "5000000"}, ["--backend", "rules"], "CLAIMEX_MAX_DOC_MB"),
        ({"OPENAI_BASE_URL": "ftp://x/v1"}, ["--backend", "llm"], "OPENAI_BASE_URL must start with http://"),
        ({"OPENAI_BASE_URL": "http://[::1:8080/v1"}, ["--backend", "llm"], "OPENAI_BASE_URL 'http://[::1:8080/v1'"),
        ({"OPENAI_BASE_URL": "http://ok/v1"}, ["--backend", "llm", "--base-url", "ftp://y"], "--base-url must start"),
    ]
    for env, args, said in cases:
        res = runner.invoke(app, [*base, *args], env=env)
        assert res.exit_code == 2, (env, res.output)
        assert said in res.stderr and len(res.stderr.splitlines()) == 1, (env, res.stderr)
        if "--base-url" not in args:
            assert "--base-url must" not in res.stderr


def test_an_out_dir_below_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text('"Taxes will fall," said Ann Lee.\n')
    (tmp_path / "afile").write_text("x")
    res = runner.invoke(
        app, ["extract", str(tmp_path / "a.txt"), "--backend", "rules", "-o", str(tmp_path / "afile" / "sub")]
    )
    assert res.exit_code == 2 and "is a file, not a directory" in res.output and "--resume" not in res.output


def test_the_worker_limit_follows_a_container_cpu_quota(tmp_path, monkeypatch):
    """A cgroup quota of 1.5 CPUs allows 2 CPUs' worth of workers, whatever the affinity says."""
    import pathlib

    from claimex import cli

    real = pathlib.Path.read_text

    def fake_read(self, *a, **kw):
        return "150000 100000\n" if str(self) == "/sys/fs/cgroup/cpu.max" else real(self, *a, **kw)

    monkeypatch.setattr(pathlib.Path, "read_text", fake_read)
    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    assert cli._cpus() == 2


def _reading(cmd: str, path: str, tmp_path) -> list[str]:
    """`cmd` with `path` as the file it reads (the other files it needs exist)."""
    ok = tmp_path / "ok.jsonl"
    ok.write_text("", encoding="utf-8")
    return {
        "validate": ["validate", path],
        "eval-gold": ["eval", path, str(ok)],
        "eval-pred": ["eval", str(ok), path],
        "checkworthiness": ["checkworthiness", path],
        "export": ["export", path],
        "export-reviews": ["export", str(ok), "-f", "claimreview", "--reviews", path],
    }[cmd]


COMMANDS = ["validate", "eval-gold", "eval-pred", "checkworthiness", "export", "export-reviews"]


def test_a_missing_input_file_is_a_usage_error_in_every_command(tmp_path):
    """validate and eval said `cannot read` and exited 1 (eval as `claimex: ...`), the others `error:` and 2."""
    import os

    missing = str(tmp_path / "nope.jsonl")
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    for cmd in COMMANDS:
        for path, why in [
            (missing, "no such file"),
            (str(tmp_path), "is a directory"),
            (str(fifo), "is not a regular file"),
        ]:
            res = runner.invoke(app, _reading(cmd, path, tmp_path))
            name = cmd.split("-")[0]
            assert res.exit_code == 2, (cmd, path, res.output)
            (line,) = res.stderr.splitlines()
            assert line.startswith(f"error: {name}: ") and line.endswith(f" (see claimex {name} --help)"), line
            assert f"{path}: {why} (give " in line, line


def test_an_unreadable_input_file_is_a_usage_error(tmp_path, monkeypatch):
    from claimex import cli

    locked = tmp_path / "locked.jsonl"
    locked.write_text("", encoding="utf-8")

    def denied(path, *a, **k):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *a, **k)

    monkeypatch.setattr(cli, "open", denied, raising=False)  # (root reads every file: chmod 0 cannot show it)
    for cmd in COMMANDS:
        res = runner.invoke(app, _reading(cmd, str(locked), tmp_path))
        assert res.exit_code == 2 and f"{locked}: cannot read (Permission denied) (give " in res.stderr, cmd


def test_sigterm_stops_merge_as_ctrl_c_does(tmp_path, seeds_dir):
    """merge ended in silence on SIGTERM (`timeout`, systemd, `docker stop`), exit -15, its temporary
    files left behind; now it unwinds as after Ctrl-C: one line, nothing published, exit 143. A real
    process: a SIGTERM this test sent itself would end the test run if it were not handled."""
    import os
    import subprocess
    import sys

    run = tmp_path / "run"
    assert runner.invoke(app, ["extract", str(seeds_dir), "--out", str(run), "--backend", "rules", "-q"]).exit_code == 0
    out = tmp_path / "merged"
    script = (
        "import os, signal, sys, time\n"
        "import claimex.remerge as r\n"
        "def merge(*a, **k):\n"  # the SIGTERM comes while the merged claims are made, the lock held
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(5)\n"
        "r.merge = merge\n"
        "from claimex.cli import main\n"
        f"sys.argv = ['claimex', 'merge', {str(run)!r}, '--out', {str(out)!r}]\n"
        "main()\n"
    )
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert res.returncode == 143, res.stderr
    assert res.stderr.splitlines() == ["claimex: interrupted (SIGTERM)"]
    assert os.listdir(out) == [".claimex.lock"]  # nothing published, no temporary file left


def test_merge_no_merge_writes_what_extract_no_merge_writes(tmp_path, seeds_dir):
    # A queue mixing the two saw one mention under two claim_ids: merge --no-merge named a role from
    # another article (`home secretary` -> `Priti Patel`), which extract --no-merge, a document at a
    # time, cannot.
    direct = tmp_path / "direct"
    res = runner.invoke(app, ["extract", str(seeds_dir), "--out", str(direct), "--no-merge", "-q"])
    assert res.exit_code == 0, res.output
    whole = tmp_path / "whole"
    assert runner.invoke(app, ["extract", str(seeds_dir), "--out", str(whole), "-q"]).exit_code == 0
    again = tmp_path / "again"
    res = runner.invoke(app, ["merge", str(whole), "--out", str(again), "--no-merge", "-q"])
    assert res.exit_code == 0, res.output
    assert (again / "claims.jsonl").read_bytes() == (direct / "claims.jsonl").read_bytes()
