"""An output file that is not a regular file is written in place, never replaced by one.

Every command's output file is written to a temporary name and renamed into place. Renamed onto
`-o /dev/null` (as root, who may write in /dev) it replaced the device with a regular file: every
later `< /dev/null` read what the last command had written there (`claimex extract - < /dev/null`
then said `BadJSON`), and every `> /dev/null` filled it. A FIFO, a device or a socket is now written
in place; a symbolic link is written through (its target replaced, the link kept).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from tests.conftest import SEEDS

runner = CliRunner()
GOLD = Path(__file__).parent / "fixtures" / "eval_gold.jsonl"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    assert runner.invoke(app, ["extract", str(SEEDS), "--out", str(out), "--backend", "rules", "-q"]).exit_code == 0
    return out


def commands(run_dir: Path, target: Path) -> dict[str, list[str]]:
    claims = str(run_dir / "claims.jsonl")
    return {
        "export": ["export", claims, "-o", str(target)],
        "checkworthiness": ["checkworthiness", claims, "-o", str(target), "-q"],
        "eval --json": ["eval", str(GOLD), claims, "--json", str(target)],
        "report": ["report", str(run_dir), "-o", str(target), "--source", str(SEEDS)],
    }


@pytest.mark.parametrize("command", ["export", "checkworthiness", "eval --json", "report"])
def test_a_character_device_stays_a_device(run_dir, tmp_path, command):
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
        null.write_bytes(b"")
    except OSError:
        pytest.skip("cannot make or open a device node here (not root, or a nodev file system)")
    res = runner.invoke(app, commands(run_dir, null)[command])
    assert res.exit_code in (0, 1), res.output
    assert stat.S_ISCHR(null.lstat().st_mode)  # not replaced by a regular file
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_fifo_is_written_in_place(run_dir, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    res = runner.invoke(app, commands(run_dir, fifo)["export"])
    reader.join(30)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got and json.loads(got[0]) == json.loads(
        runner.invoke(app, ["export", str(run_dir / "claims.jsonl")]).stdout
    )


def test_a_symlink_is_written_through_and_kept(run_dir, tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "claims.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert runner.invoke(app, commands(run_dir, link)["export"]).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))
    assert not [p.name for p in (tmp_path / "real").iterdir() if p.name.endswith(".tmp")]


def test_stdin_from_dev_null_is_an_empty_document(tmp_path):
    with open(os.devnull, "rb") as devnull:
        done = subprocess.run(
            [sys.executable, "-m", "claimex", "extract", "-", "--out", str(tmp_path / "o"), "-q"],
            stdin=devnull,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: <stdin>: ingest: EmptyDocument: no documents (empty, or blank lines only)"
    ]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_summary_stdout_cannot_take_leaves_the_run_published_and_its_exit_code(tmp_path):
    """`claimex extract … > /dev/full`: the run was published before its summary line; the line that
    cannot be written is said on stderr, not a stopped run (it said `stopped: no space left`, exit 4)."""
    seed = sorted(SEEDS.glob("*.txt"))[0]
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "claimex", "extract", str(seed), "--out", str(tmp_path / "o"), "--backend", "rules"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert res.returncode == 0, res.stderr
    assert "summary could not be written to stdout" in res.stderr and "stopped" not in res.stderr
    assert json.loads((tmp_path / "o" / "run.json").read_text())["documents"]["ok"] == 1
