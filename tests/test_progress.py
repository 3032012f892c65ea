"""An operator can follow an unattended run: progress lines in a cron log (stderr not a terminal), a rich
bar on a terminal, --quiet / --verbose through logging, --version, -h, options from the environment."""

from __future__ import annotations

import json
import logging
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from claimex.cli import app
from claimex.progress import Progress, duration, logging_to_stderr
from claimex.run import count_items

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
LINE = re.compile(r"^claimex: progress: [\d,]+(/[\d,]+ documents \(\d+%\)| documents), [\d.]+ docs/s(, ETA \S+)?$")


def extract(*args: str, **kw):
    return runner.invoke(app, ["extract", *args, "--backend", "rules"], **kw)


def test_progress_lines_in_a_log_and_the_merge_announced(tmp_path, seeds_dir):
    res = extract(str(seeds_dir), "--out", str(tmp_path / "o"), "--progress-every", "0")
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    progress = [x for x in lines if x.startswith("claimex: progress:")]
    assert len(progress) >= 5 and all(LINE.match(x) for x in progress), progress
    assert progress[-1].startswith("claimex: progress: 5")
    assert re.fullmatch(r"claimex: merging \d+ mentions from 5 documents", lines[-2]), lines
    assert re.fullmatch(r"claimex: merged into \d+ claims in \ds", lines[-1]), lines


def test_a_run_shorter_than_the_interval_prints_no_progress(tmp_path, seeds_dir):
    res = extract(str(seeds_dir), "--out", str(tmp_path / "o"))
    assert res.exit_code == 0 and res.stderr == ""


def test_progress_every_from_the_environment_and_quiet_silences_it(tmp_path, seeds_dir):
    res = extract(str(seeds_dir), "--out", str(tmp_path / "o"), env={"CLAIMEX_PROGRESS_EVERY": "0"})
    assert "claimex: progress: " in res.stderr
    res = extract(str(seeds_dir), "--out", str(tmp_path / "o2"), "-q", env={"CLAIMEX_PROGRESS_EVERY": "0"})
    assert res.exit_code == 0 and res.stderr == "" and res.stdout == ""


def test_stdin_has_no_total_and_no_eta(tmp_path):
    text = "".join(json.dumps({"id": f"d{i}", "text": f'"We won {i}," Ann Lee said.'}) + "\n" for i in range(3))
    res = extract("-", "--out", str(tmp_path / "o"), "--progress-every", "0", input=text)
    progress = [x for x in res.stderr.splitlines() if x.startswith("claimex: progress:")]
    assert progress and all(LINE.match(x) and "ETA" not in x and "/" not in x.split()[2] for x in progress)


def test_verbose_shows_a_debug_line_per_document(tmp_path, seeds_dir):
    res = extract(str(seeds_dir), "--out", str(tmp_path / "o"), "-v")
    assert res.exit_code == 0
    assert any(
        re.fullmatch(r"claimex: 000_ea3026b7f0a89cf0: \d+ mentions \(rules\)", x) for x in res.stderr.splitlines()
    )


def test_resume_says_how_many_items_were_already_done(tmp_path, seeds_dir):
    out = tmp_path / "o"
    assert extract(str(seeds_dir), "--out", str(out)).exit_code == 0
    res = extract(str(seeds_dir), "--out", str(out), "--resume")
    assert f"claimex: resuming: 5 input item(s) already finished in {out}/journal.jsonl" in res.stderr


def test_status_line_total_rate_and_eta():
    p = Progress(enabled=True, tty=False, every=3600)
    p.start(before=1000)
    p.set_total(5000)
    p.t0 -= 10  # 200 documents in 10 s
    p.advance(200)
    assert p.status() == "1,200/5,000 documents (24%), 20.0 docs/s, ETA 3m10s"
    p.set_total(1100)  # the count was short (blank lines): never fewer than done
    assert p.status().startswith("1,200/1,200 documents (100%)")
    p.close()
    assert [duration(s) for s in (4, 84, 7500)] == ["4s", "1m24s", "2h05m"]


def test_a_long_merge_keeps_the_log_moving(capsys):
    with logging_to_stderr(0):
        p = Progress(enabled=True, tty=False, every=0.05)
        p.start()
        p.advance(3)
        time.sleep(0.12)
        p.merging(1234567, 3)
        time.sleep(0.3)
        p.merged(10)
        p.close()
    lines = capsys.readouterr().err.splitlines()
    assert "claimex: merging 1,234,567 mentions from 3 documents" in lines
    assert any(
        re.fullmatch(r"claimex: progress: merging 1,234,567 mentions from 3 documents \(\d+s so far\)", x)
        for x in lines
    )
    assert lines[-1].startswith("claimex: merged into 10 claims in ")
    assert not logging.getLogger("claimex").handlers


def test_count_items(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}')  # no final newline
    (tmp_path / "c.NDJSON").write_text('{"id": 4}\n{"id": 5}\n')  # JSONL too, whatever the case
    assert count_items([str(tmp_path), str(tmp_path / "missing.txt")]) == 7
    assert count_items([str(tmp_path), "-"]) is None


def test_rich_bar_on_a_terminal_with_error_lines_above_it(tmp_path, seeds_dir):
    master, slave = pty.openpty()
    args = [sys.executable, "-m", "claimex", "extract", str(seeds_dir), str(tmp_path / "nope.txt")]
    proc = subprocess.Popen(
        [*args, "--out", str(tmp_path / "o"), "--backend", "rules"],
        cwd=ROOT,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    assert proc.wait(timeout=120) == 1
    text = out.decode("utf-8", "replace")
    assert re.search(r"\d/6", text)  # rich's done/total column
    assert "error: " + str(tmp_path / "nope.txt") in text and "\x1b[2Kerror: " in text  # drawn above the bar
    assert "5 documents ok, 1 failed" in text


def test_version_and_short_help():
    from claimex import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout == f"claimex {__version__}\n"
    res = runner.invoke(app, ["extract", "-h"])
    assert res.exit_code == 0 and "Usage" in res.stdout
    for var in ("CLAIMEX_WORKERS", "CLAIMEX_MAX_DOC_MB", "CLAIMEX_PROGRESS_EVERY"):
        assert var in res.stdout.replace("\n", "").replace("│", "").replace(" ", ""), var


def test_workers_from_the_environment(tmp_path, seeds_dir):
    out = tmp_path / "o"
    res = extract(str(seeds_dir), "--out", str(out), "-q", env={"CLAIMEX_WORKERS": "2"})
    assert res.exit_code == 0, res.output
    assert json.loads((out / "run.json").read_text())["workers"] == 2
