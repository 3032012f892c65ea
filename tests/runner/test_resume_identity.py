"""--resume refuses inputs that changed since the interrupted run (issue 17, point 7): the journal
header records each input file's size, mtime and a sha256 (whole file up to 128 KB, else its first and
last 64 KB); a resume naming a changed, missing or new file is exit 2 and names it."""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.journal import EDGE_BYTES, file_identity, input_changes

runner = CliRunner()


@pytest.fixture
def interrupted(tmp_path, seeds_dir):
    """A run stopped by --fail-fast at a bad input after three seeds were journaled."""
    d = tmp_path / "in"
    shutil.copytree(seeds_dir, d)
    (d / "002_zbad.txt").write_bytes(b"\x00binary")  # sorted third: the run stops there
    out = tmp_path / "o"
    args = ["extract", str(d), "--out", str(out), "--backend", "rules", "-q", "--fail-fast"]
    res = runner.invoke(app, args)
    assert res.exit_code == 1 and "BinaryFile" in res.stderr
    assert (out / "journal.jsonl").read_text().count("\n") == 4  # header + 3 entries
    return d, out, [a for a in args if a != "--fail-fast"]


def test_resume_refuses_an_edited_input_naming_it(interrupted):
    d, out, args = interrupted
    first = sorted(d.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\nA new paragraph.\n")
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 2
    assert (
        f"the inputs changed since the journal was written: {first} changed since the interrupted run (size"
        in res.stderr
    )


def test_resume_refuses_a_same_size_edit_and_a_removed_or_added_file(interrupted):
    d, out, args = interrupted
    last = sorted(d.glob("*.txt"))[-1]
    text = last.read_text()
    last.write_text(text.replace("said", "SAID", 1))
    res = runner.invoke(app, [*args, "--resume"])
    assert (
        res.exit_code == 2 and f"{last} changed since the interrupted run (its content; size unchanged)" in res.stderr
    )
    last.write_text(text)
    (d / "zzz_new.txt").write_text('"We will win," Ann Lee said.')
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 2 and f"{d / 'zzz_new.txt'} is a new input" in res.stderr


def test_resume_accepts_a_small_file_only_touched(interrupted):
    d, out, args = interrupted
    (d / "002_zbad.txt").unlink()
    for p in d.glob("*.txt"):
        os.utime(p, ns=(1, 1))  # same bytes, another mtime (a copy, a touch): still the same input
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 2 and "002_zbad.txt is no longer among the inputs" in res.stderr
    (d / "002_zbad.txt").write_bytes(b"\x00binary")
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 1, res.output  # resumed (the bad input is recorded again as an error)
    assert "refusing" not in res.stderr


def test_identity_of_a_large_file_checks_its_mtime(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (3 * EDGE_BYTES))
    was = {str(big): file_identity(str(big))}
    big.write_bytes(b"x" * EDGE_BYTES + b"y" + b"x" * (2 * EDGE_BYTES - 1))  # the unhashed middle changed
    os.utime(big, ns=(5, 5))
    (change,) = input_changes(was, {str(big): file_identity(str(big))})
    assert change == f"{big} changed since the interrupted run (modified since; size unchanged)"
