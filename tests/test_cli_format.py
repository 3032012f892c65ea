"""How the command line looks (pipeline/cli_format.py): one-line usage errors, plain help, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from claimex.cli import ReasoningEffort, app
from claimex.cli_format import EXIT_CODES, usage_error_line
from claimex.llm.settings import REASONING_EFFORTS

runner = CliRunner()
ONE_LINE = re.compile(r"^error: (?:([a-z-]+): )?\S.* \(see claimex(?: ([a-z-]+))? --help\)$")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _usage_error(args: list[str]) -> tuple[str, str | None]:
    """Run a command that must be a usage error: its one stderr line, and the command that line names."""
    res = runner.invoke(app, args)
    assert res.exit_code == 2, (args, res.output)
    assert res.stdout == "", args
    lines = res.stderr.splitlines()
    assert len(lines) == 1, (args, res.stderr)
    m = ONE_LINE.match(lines[0])
    assert m is not None and m.group(1) == m.group(2), lines[0]
    return lines[0], m.group(1)


@pytest.mark.parametrize(
    ("args", "command", "problem"),
    [
        (["extract"], "extract", "missing argument 'INPUTS'"),
        (["extract", "x.txt", "--bogus"], "extract", "no such option: --bogus"),
        (["extract", "x.txt", "--backend", "nonsense"], "extract", "'nonsense' is not one of"),
        (["extract", "x.txt", "--encoding-errors", "ignore"], "extract", "'ignore' is not one of 'strict', 'replace'"),
        (["extract", "x.txt", "--workers", "0"], "extract", "'--workers'"),
        (["export", "c.jsonl", "--documents", "a", "b"], "export", "unexpected extra argument"),
        (["validate"], "validate", "missing argument 'FILE'"),
        (["nope"], None, "no such command 'nope'"),
    ],
)
def test_a_parse_error_is_one_line_naming_the_command_and_its_help(args, command, problem):
    line, named = _usage_error(args)
    assert named == command and problem in line


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["export", "c.jsonl", "--documents", "a", "b"], "--documents"),
        (["validate", "c.jsonl", "--source", "a", "b"], "--source"),
        (["report", "run", "--source", "a", "b"], "--source"),
    ],
)
def test_several_values_after_one_option_say_to_repeat_it(args, option):
    line, _ = _usage_error(args)
    assert f"repeat it for several ({option} A {option} B)" in line


def test_extra_arguments_without_a_repeatable_option_get_no_hint():
    line, _ = _usage_error(["schema", "extra"])
    assert "unexpected extra argument" in line and "repeat" not in line


def test_a_usage_error_the_command_finds_itself_is_the_same_one_line(tmp_path):
    line, named = _usage_error(["extract", str(tmp_path), "--run-dir", str(tmp_path / "r")])
    assert named == "extract" and "--run-dir is for --out -" in line


def test_a_commands_message_keeps_its_case_and_a_file_name_its_letters():
    assert usage_error_line("Report.jsonl: no such file", "export", lower=False) == (
        "error: export: Report.jsonl: no such file (see claimex export --help)"
    )
    assert usage_error_line("Missing argument 'INPUTS'.", "extract").startswith("error: extract: missing argument")


def test_reasoning_effort_is_checked_even_when_no_llm_runs(tmp_path):
    line, _ = _usage_error(["extract", str(tmp_path), "--backend", "rules", "--reasoning-effort", "bogus"])
    assert "'bogus' is not one of" in line


def test_reasoning_effort_choices_are_the_llm_settings_ones():
    assert tuple(e.value for e in ReasoningEffort) == REASONING_EFFORTS


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_metavars_not_python_types(command):
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0, res.output
    usage = res.stdout.splitlines()[0]
    assert usage.startswith(f"Usage: claimex {command} [OPTIONS]") and "{" not in usage, usage
    for python_type in ("<bool>", "<str>", "<int>", "<float>", "<path>", "<list", "╭"):
        assert python_type not in res.stdout, (command, python_type)


def test_extract_usage_names_its_inputs():
    assert runner.invoke(app, ["extract", "--help"]).stdout.splitlines()[0] == (
        "Usage: claimex extract [OPTIONS] INPUTS..."
    )


def test_top_level_help_lists_every_exit_code():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    listed = re.findall(r"^\s+(\d+)\s+\S", res.stdout.split("Exit codes:", 1)[1], flags=re.M)
    assert [int(c) for c in listed] == [code for code, _ in EXIT_CODES]


def test_claimex_alone_shows_the_help():
    res = runner.invoke(app, [])
    assert res.exit_code == 2 and "Usage: claimex [OPTIONS] COMMAND" in res.stderr


HELP_AND_VERSION = [["--help"], ["export", "--help"], ["--version"], ["version"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", HELP_AND_VERSION, ids=" ".join)
def test_help_and_version_to_a_full_disk_are_one_line_and_exit_4(args):
    """`claimex --help > /dev/full` printed an OSError traceback, exit 1: what click prints while it parses
    (`--help`, `--version`) ran outside the commands' error handling. Now as `claimex version > /dev/full`."""
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "claimex", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert (res.returncode, res.stderr) == (4, "claimex: stopped: no space left on the device\n")


@pytest.mark.parametrize("args", HELP_AND_VERSION, ids=" ".join)
def test_help_and_version_to_a_reader_that_left_exit_141_quietly(args):
    """`claimex --version | true` exited 1 (click's own handling of EPIPE) where `claimex version | true`
    exits 141. The reader here has left before claimex writes, so the write always fails."""
    read, write = os.pipe()
    os.close(read)
    try:
        res = subprocess.run(
            [sys.executable, "-m", "claimex", *args], stdout=write, stderr=subprocess.PIPE, text=True, timeout=120
        )
    finally:
        os.close(write)
    assert (res.returncode, res.stderr) == (141, "")
