"""The output directory's lock: a live run holds --out; a second run fails at once; a killed run's lock is gone."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimex.outdir import LOCK, OutDirInUse, OutputDir
from tests.conftest import ROOT, SEEDS


def _extract(src: Path, out: Path, *extra: str, umask: int | None = None, **kw) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "claimex", "extract", str(src), "--out", str(out), "--backend", "rules", "-q"]
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.Popen(
        [*cmd, *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=preexec, **kw
    )


def test_a_second_holder_in_this_process_is_refused_with_the_holders_details(tmp_path):
    out = OutputDir(tmp_path / "out")
    with out.lock(["a.jsonl"], "claimex extract a.jsonl"):
        with pytest.raises(OutDirInUse) as e:
            out.lock(["b.jsonl"]).acquire()
        msg = str(e.value)
        assert f"pid {os.getpid()}" in msg and "inputs a.jsonl" in msg and "claimex extract a.jsonl" in msg
        assert e.value.exit_code == 2
    with out.lock(["b.jsonl"]):  # released: free again
        pass


def _hold_until_told(ready, go) -> None:
    ready.set()
    go.wait(30)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked only where fork exists")
def test_a_worker_process_forked_while_the_lock_is_held_does_not_keep_it_after_the_run_releases_it(tmp_path):
    # --workers forks processes that outlive a failed run for a moment (the pool shuts down without
    # waiting); the lock must be free as soon as the run releases it, not when they exit
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    out = OutputDir(tmp_path / "out")
    ready, go = ctx.Event(), ctx.Event()
    with out.lock(["a.jsonl"]):
        worker = ctx.Process(target=_hold_until_told, args=(ready, go))
        worker.start()
        assert ready.wait(30)  # the worker runs (as a pool's workers do long before a run fails)
    try:
        with out.lock(["b.jsonl"]):  # the worker is still alive
            assert worker.is_alive()
    finally:
        go.set()
        worker.join(30)


@pytest.mark.slow
def test_second_run_into_a_live_runs_out_fails_at_once_and_kill_9_leaves_no_stale_lock(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    big = tmp_path / "big.jsonl"
    corpus.write_jsonl(big, 3000, seed=3)
    out = tmp_path / "out"
    first = _extract(big, out)
    try:
        deadline = time.monotonic() + 60
        while not (out / LOCK).exists() or not (out / LOCK).read_text().strip():
            assert first.poll() is None and time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.05)
        t0 = time.monotonic()
        second = _extract(SEEDS, out)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 2, err
        assert time.monotonic() - t0 < 15  # at once: no waiting for the first run
        assert f"pid {first.pid}" in err and str(big) in err and "in use by another claimex run" in err
        assert first.poll() is None  # the first run goes on
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert (out / LOCK).read_text().strip()  # the killed run's details are still in the file...
    resumed = _extract(big, out, "--resume")  # ...but its flock died with it
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert (out / "claims.jsonl").stat().st_size > 0


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_output_files_follow_the_users_umask(tmp_path, umask, mode):
    out = tmp_path / "out"
    proc = _extract(SEEDS, out, umask=umask)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    for name in ("claims.jsonl", "documents.jsonl", "errors.jsonl", "run.json", "journal.jsonl", LOCK):
        assert (out / name).stat().st_mode & 0o777 == mode, name
