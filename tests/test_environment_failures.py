"""Environment failures (issue 17, point 6) and the smaller operator points (11): disk full, a read-only
--out, a dead worker, a bug: one `claimex:` line, a distinct exit code, the resume hint, never a traceback;
and resume after each gives the uninterrupted output."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex import executors, journal, outdir, run
from claimex.cli import app, resume_command
from claimex.errors import EnvironmentFailure, printable, redact_args

runner = CliRunner()
ENV_EXIT = EnvironmentFailure.exit_code


@pytest.fixture
def inputs(tmp_path, seeds_dir) -> Path:
    d = tmp_path / "in"
    shutil.copytree(seeds_dir, d)
    return d


def extract(inputs: Path, out: Path, *extra: str, monkeypatch=None):
    args = ["extract", str(inputs), "--out", str(out), "--backend", "rules", "-q", *extra]
    if monkeypatch is not None:  # what the resume hint quotes
        monkeypatch.setattr(sys, "argv", ["claimex", *args])
    return runner.invoke(app, args)


def claimex_lines(res) -> list[str]:
    return [x for x in res.stderr.splitlines() if x.strip()]


@pytest.fixture
def reference(inputs, tmp_path) -> Path:
    out = tmp_path / "ref"
    assert extract(inputs, out).exit_code == 0
    return out


def assert_same_outputs(out: Path, ref: Path) -> None:
    for name in ("claims.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    want = [json.loads(x) for x in (ref / "documents.jsonl").read_text().splitlines()]
    assert [{**d, "seconds": None} for d in docs] == [{**d, "seconds": None} for d in want]


def assert_one_env_line(res, *, done: int, out: Path, what: str) -> None:
    assert res.exit_code == ENV_EXIT, res.output
    assert "Traceback" not in res.output
    (line,) = claimex_lines(res)
    assert line.startswith("claimex: stopped: ") and what in line, line
    assert f"the journal is intact ({done} input item(s) finished, kept in {out}/journal.jsonl)" in line, line
    assert f"run: claimex extract {out.parent / 'in'} --out {out} --backend rules -q" in line, line
    assert line.endswith(" --resume"), line


def test_disk_full_while_journaling_is_exit_4_with_resume_hint_and_resume_finishes(
    inputs, tmp_path, reference, monkeypatch
):
    out = tmp_path / "o"
    real_append = journal.Journal.append

    def append(self, item):
        if self.done == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real_append(self, item)

    monkeypatch.setattr(journal.Journal, "append", append)
    res = extract(inputs, out, monkeypatch=monkeypatch)
    assert_one_env_line(res, done=2, out=out, what="no space left on the device")
    assert not (out / "claims.jsonl").exists()
    monkeypatch.setattr(journal.Journal, "append", real_append)
    res = extract(inputs, out, "--resume")
    assert res.exit_code == 0, res.output
    assert_same_outputs(out, reference)


def test_disk_full_while_writing_the_final_files_is_exit_4_and_nothing_half_written(
    inputs, tmp_path, reference, monkeypatch
):
    out = tmp_path / "o"
    real_writer = outdir.Publication.writer

    def writer(self, name):
        put = real_writer(self, name)

        def full(line):
            raise OSError(errno.ENOSPC, "No space left on device")

        return full if name == outdir.CLAIMS else put

    monkeypatch.setattr(outdir.Publication, "writer", writer)
    res = extract(inputs, out, monkeypatch=monkeypatch)
    assert_one_env_line(res, done=5, out=out, what="no space left on the device")
    assert sorted(p.name for p in out.iterdir()) == [".claimex.lock", "journal.jsonl"]  # no temp file left
    monkeypatch.setattr(outdir.Publication, "writer", real_writer)
    assert extract(inputs, out, "--resume").exit_code == 0
    assert_same_outputs(out, reference)


def test_disk_full_before_the_new_journal_names_no_earlier_runs_items_and_no_resume(
    inputs, tmp_path, seeds_dir, monkeypatch
):
    """A fresh run into an --out holding an earlier run's journal (other inputs) stopped before its own
    journal replaced it: the line said "the journal is intact (5 input item(s) finished ...)" (the earlier
    run's) and gave `--resume`, which then refused that journal (exit 2)."""
    out = tmp_path / "o"
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(seeds_dir / "001_848ccde61a241345.txt", old)
    assert extract(old, out).exit_code == 0
    before = (out / "journal.jsonl").read_bytes()

    def full(path, lines):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal, "atomic_write", full)
    res = extract(inputs, out, monkeypatch=monkeypatch)
    assert res.exit_code == ENV_EXIT, res.output
    (line,) = claimex_lines(res)
    assert line == (
        f"claimex: stopped: no space left on the device; nothing of this run was journaled ({out}/journal.jsonl "
        f"is an earlier run's, left as it was); once that is fixed, run the same command again: "
        f"claimex extract {inputs} --out {out} --backend rules -q"
    )
    assert (out / "journal.jsonl").read_bytes() == before
    monkeypatch.undo()
    assert extract(inputs, out).exit_code == 0  # the command given finishes the run


def test_read_only_out_is_exit_4_naming_the_directory(inputs, tmp_path, monkeypatch):
    out = tmp_path / "ro" / "o"
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **k):
        if str(self).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    res = extract(inputs, out, monkeypatch=monkeypatch)
    assert res.exit_code == ENV_EXIT
    (line,) = claimex_lines(res)
    assert f"claimex: stopped: read-only file system ({out})" in line and "nothing was journaled" in line
    assert line.endswith("--resume")


def test_a_dead_worker_process_is_exit_4_and_resume_finishes(inputs, tmp_path, reference, monkeypatch):
    out = tmp_path / "o"
    real_map = executors.ProcessExecutor.map

    def dying(self, items, fn, stop=None):
        for k, r in enumerate(real_map(self, items, fn, stop)):
            if k == 3:
                raise BrokenProcessPool("A process in the process pool was terminated abruptly")
            yield r

    monkeypatch.setattr(executors.ProcessExecutor, "map", dying)
    res = extract(inputs, out, "--workers", "2", monkeypatch=monkeypatch)
    assert_one_env_line(res, done=3, out=out, what="a worker process died")
    assert "--workers 2" in res.stderr
    monkeypatch.setattr(executors.ProcessExecutor, "map", real_map)
    assert extract(inputs, out, "--workers", "2", "--resume").exit_code == 0
    assert_same_outputs(out, reference)


def test_a_bug_is_one_line_exit_5_never_a_traceback(inputs, tmp_path, monkeypatch):
    def broken(*a, **k):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(run, "merge", broken)
    res = extract(inputs, tmp_path / "o", monkeypatch=monkeypatch)
    assert res.exit_code == 5
    (line,) = claimex_lines(res)
    assert line.startswith("claimex: internal error: TypeError: unsupported operand")
    args = ["extract", str(inputs), "--out", str(tmp_path / "o"), "--backend", "rules", "-v"]
    res = runner.invoke(app, args)  # --verbose: where it happened
    assert res.exit_code == 5 and "Traceback" in res.stderr and "in broken" in res.stderr
    # as a traceback reads: one line each (it was one line with a literal "\n" between its lines)
    tb = res.stderr.splitlines()
    start = tb.index("claimex: internal error") + 1
    assert tb[start] == "  Traceback (most recent call last):" and "\\n" not in res.stderr
    assert any(x.startswith("  ") and "in broken" in x for x in tb[start:])


def test_an_os_error_in_any_command_is_exit_4(tmp_path, monkeypatch, seeds_dir):
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", "report.html")

    monkeypatch.setattr("claimex.report.write_report", full)
    res = runner.invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == ENV_EXIT
    assert claimex_lines(res) == ["claimex: stopped: no space left on the device (report.html)"]


@pytest.mark.parametrize(
    ("err", "what"), [(errno.ENOSPC, "no space left on the device"), (errno.EROFS, "read-only file system")]
)
def test_report_meeting_a_full_disk_is_stopped_exit_4(tmp_path, monkeypatch, err, what):
    """The page is written, the disk is full: `claimex: stopped: ...` and exit 4, as for every command
    (it was `full/r.html: cannot write the report (...)`, exit 1)."""
    from claimex import report
    from tests.report_helpers import planted_run

    _article, run_dir = planted_run(tmp_path)

    def full(path, lines):
        raise OSError(err, os.strerror(err))  # (as write() raises it: no file name)

    monkeypatch.setattr(report, "atomic_write", full)
    page = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(run_dir), "--out", str(page)])
    assert res.exit_code == ENV_EXIT, res.output
    assert claimex_lines(res) == [f"claimex: stopped: {what} ({page}); the report was not written"]
    assert not page.exists()


def test_stdout_closed_by_its_reader_is_quiet(monkeypatch):
    def closed(*a, **k):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("claimex.cli.typer.echo", closed)
    res = runner.invoke(app, ["version"])
    assert res.exit_code == 141 and res.stderr == ""


def test_a_full_disk_under_out_dash_claims_no_journal_it_removes(inputs, monkeypatch):
    # Without --run-dir the run directory is temporary and removed at the end: no journal is kept anywhere.
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run, "finish", full)
    res = runner.invoke(app, ["extract", str(inputs), "--out", "-", "--backend", "rules", "-q"])
    assert res.exit_code == ENV_EXIT
    assert claimex_lines(res) == [
        "claimex: stopped: no space left on the device; nothing is kept to resume (--out - without --run-dir)"
    ]


def test_empty_out_is_a_usage_error(inputs):
    res = runner.invoke(app, ["extract", str(inputs), "-o", "", "--backend", "rules"])
    assert res.exit_code == 2 and "is empty" in res.output
    assert runner.invoke(app, ["merge", str(inputs), "--out", ""]).exit_code == 2
    assert runner.invoke(app, ["report", str(inputs), "-o", ""]).exit_code == 2
    assert runner.invoke(app, ["export", str(inputs / "x.jsonl"), "-o", " "]).exit_code == 2


# ---------------------------------------------------------------- point 11: what reaches stderr and the lock


def test_resume_hint_and_lock_never_show_credentials():
    argv = [
        "claimex",
        "extract",
        "in",
        "--base-url",
        "https://alice:s3cret@llm.example.org/v1",
        "--api-key",
        "sk-live-123",
        "--token=abc",
        "--resume",
    ]
    cmd = resume_command(argv)
    assert "s3cret" not in cmd and "alice" not in cmd and "sk-live-123" not in cmd and "abc" not in cmd
    assert cmd == (
        "claimex extract in --base-url 'https://***@llm.example.org/v1' --api-key '***' '--token=***' --resume"
    )
    assert redact_args(["http://127.0.0.1:8080/v1", "--workers", "2"]) == ["http://127.0.0.1:8080/v1", "--workers", "2"]


def test_lock_file_command_is_redacted(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["claimex", "extract", "x", "--base-url", "http://u:pw@h/v1"])
    assert outdir.holder_details()["command"] == "claimex extract x --base-url http://***@h/v1"


def test_printable_escapes_control_characters():
    assert printable("a\nerror: forged\r\x1b[31m\u2028ok\ttab") == "a\\nerror: forged\\r\\x1b[31m\\u2028ok\\ttab"
    assert printable("Zoë “quoted” 日本") == "Zoë “quoted” 日本"


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "x\nerror: forged.txt").write_text("   ")  # an empty document: one error line
    res = runner.invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--backend", "rules", "-q"])
    assert res.exit_code == 1
    lines = claimex_lines(res)
    assert len(lines) == 1 and "x\\nerror: forged.txt" in lines[0] and "EmptyDocument" in lines[0]


def test_temp_files_of_a_killed_final_write_are_removed_at_the_next_run(inputs, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    stale = [out / ".claims.jsonl.0123456789ab.tmp", out / ".run.json.ba9876543210.tmp"]
    keep = out / ".notes.0123456789ab.tmp"  # not a name claimex writes: never touched
    for p in [*stale, keep]:
        p.write_text("half")
    assert extract(inputs, out).exit_code == 0
    assert not any(p.exists() for p in stale) and keep.exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") and p != keep]


# ---------------------------------------------------------------- a real worker killed with SIGKILL


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


@pytest.mark.slow
def test_a_worker_killed_by_sigkill_is_exit_4_and_resume_equals_an_uninterrupted_run(tmp_path):
    import importlib.util
    import signal
    import subprocess
    import time

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("bench_corpus", root / "benchmarks" / "corpus.py")
    corpus_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus_mod)
    corpus = tmp_path / "corpus.jsonl"
    corpus_mod.write_jsonl(corpus, 600, seed=5)

    def cmd(out: Path, *extra: str) -> list[str]:
        args = [str(corpus), "--out", str(out), "--backend", "rules", "-q", "--workers", "2", *extra]
        return [sys.executable, "-m", "claimex", "extract", *args]

    ref = tmp_path / "ref"
    assert subprocess.run(cmd(ref), cwd=root, capture_output=True, timeout=600).returncode == 0
    out = tmp_path / "o"
    proc = subprocess.Popen(cmd(out), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (out / "journal.jsonl").exists() or (out / "journal.jsonl").read_bytes().count(b"\n") < 40:
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer would
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == ENV_EXIT, stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("claimex: stopped: a worker process died") and "the journal is intact" in line
    assert line.endswith("--workers 2 --resume") and "Traceback" not in stderr
    res = subprocess.run(cmd(out, "--resume"), cwd=root, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert_same_outputs(out, ref)


def test_out_dash_with_stdout_closed_is_an_environment_failure(tmp_path: Path) -> None:
    """`claimex extract … --out - >&-` wrote nothing and exited 0: the claims went nowhere, silently."""
    import subprocess

    src = tmp_path / "a.txt"
    src.write_text("Council plan\n\nThe mayor said the bridge would reopen in May.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "claimex", "extract", str(src), "--backend", "rules", "--out", "-"]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0  # (an open stdout, even /dev/null, is written to)
    closed = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, timeout=120, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 4, closed.stderr
    assert "standard output is closed" in closed.stderr
