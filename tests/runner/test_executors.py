"""The executor interface: every local executor maps in input order; the runner gives the same output on each."""

from __future__ import annotations

import threading
import time

import pytest

from claimex.backends.rules import RuleExtractor
from claimex.errors import UsageError
from claimex.executors import ProcessExecutor, SerialExecutor, ThreadExecutor, make_executor
from claimex.run import ResultCodec, run_batch
from tests.conftest import SEEDS


def _slow_square(x: int) -> int:
    time.sleep(0.002 * (x % 5))  # later items often finish first
    return x * x


@pytest.mark.parametrize(
    "executor",
    [SerialExecutor(), ThreadExecutor(4), ProcessExecutor(2), ProcessExecutor(2, concurrency=3)],
    ids=["serial", "threads", "processes", "processes+threads"],
)
def test_map_yields_in_input_order(executor):
    assert list(executor.map(range(100), _slow_square)) == [x * x for x in range(100)]


def test_threads_hold_at_most_twice_their_concurrency():
    taken = 0

    def items():
        nonlocal taken
        for i in range(50):
            taken += 1
            yield i

    seen = []
    for r in ThreadExecutor(3).map(items(), lambda x: x):
        seen.append(taken - r)
    assert max(seen) <= 6


def test_a_function_that_cannot_go_to_processes_is_a_usage_error():
    lock = threading.Lock()
    with pytest.raises(UsageError, match="--workers needs a backend"):
        list(ProcessExecutor(2).map([1], lambda x, lock=lock: x))


def test_make_executor_picks_processes_threads_or_this_thread():
    assert isinstance(make_executor(2, 1), ProcessExecutor)
    assert isinstance(make_executor(1, 8), ThreadExecutor)
    assert isinstance(make_executor(1, 1), SerialExecutor)


def test_every_executor_gives_the_runner_the_same_files(tmp_path):
    outs = {}
    for name, ex in {
        "serial": SerialExecutor(),
        "threads": ThreadExecutor(3),
        "processes": ProcessExecutor(2, codec=ResultCodec()),
    }.items():
        out = tmp_path / name
        run_batch([str(SEEDS)], RuleExtractor(), out, executor=ex)
        outs[name] = {f: (out / f).read_bytes() for f in ("claims.jsonl", "errors.jsonl")}
    assert outs["serial"] == outs["threads"] == outs["processes"]


def test_after_stop_threads_finish_what_runs_and_start_nothing_more():
    """Ctrl-C with --concurrency: the items in flight finish; those waiting in the window never start
    (with the LLM backend each would be a new request after the user asked to stop)."""
    stop = threading.Event()
    started: list[int] = []
    both_running = threading.Barrier(3)

    def work(x: int) -> int:
        started.append(x)
        if x < 2:
            both_running.wait(5)  # items 0 and 1 are in flight when Ctrl-C comes
            time.sleep(0.2)
        return x

    results = ThreadExecutor(2).map(iter(range(20)), work, stop=stop)
    got = []
    thread = threading.Thread(target=lambda: got.extend(results))
    thread.start()
    both_running.wait(5)
    stop.set()
    thread.join(10)
    assert got == [0, 1] and sorted(started) == [0, 1]


def test_after_stop_processes_start_no_chunk_a_worker_has_not_taken_up():
    stop = threading.Event()
    out = []
    for r in ProcessExecutor(1).map(iter(range(32 * 8)), _slow_square, stop=stop):
        out.append(r)
        stop.set()  # after the first result: the chunks still waiting are dropped
    assert out == [x * x for x in range(len(out))] and len(out) < 32 * 8
