"""claimex.budget: a per-document time budget that also stops a runaway regex (issue 17)."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from claimex.budget import DEFAULT_DOC_TIMEOUT, DocumentTimeout, budget_available, time_budget
from claimex.errors import ClaimexError

pytestmark = pytest.mark.skipif(not budget_available(), reason="needs setitimer in the main thread")

# (a+)+b on a run of a's with no b: 2**n ways to fail, minutes for n = 40
CATASTROPHIC = re.compile(r"(a+)+b")


def test_a_runaway_regex_is_stopped_promptly() -> None:
    t0 = time.monotonic()
    with pytest.raises(DocumentTimeout) as info, time_budget(0.2):
        CATASTROPHIC.match("a" * 40)
    assert time.monotonic() - t0 < 5  # 0.2 s, with room for a loaded machine
    assert isinstance(info.value, ClaimexError)
    assert info.value.error_name == "Timeout"
    assert "--doc-timeout" in str(info.value)


def test_a_python_loop_is_stopped() -> None:
    with pytest.raises(DocumentTimeout), time_budget(0.1):
        while True:
            pass


def test_a_block_in_time_leaves_no_timer_and_restores_the_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with time_budget(5.0):
        x = sum(range(1000))
    assert x == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_an_error_in_the_block_passes_through_and_clears_the_timer() -> None:
    with pytest.raises(ValueError), time_budget(5.0):
        raise ValueError("boom")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_no_budget_is_a_no_op(seconds: float | None) -> None:
    with time_budget(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_it_is_a_no_op() -> None:
    seen: list[object] = []

    def work() -> None:
        seen.append(budget_available())
        with time_budget(0.01):
            time.sleep(0.05)
        seen.append("finished")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [False, "finished"]


def test_nested_budgets_the_earlier_deadline_wins() -> None:
    with pytest.raises(DocumentTimeout) as info, time_budget(0.2), time_budget(60):
        while True:
            pass
    assert info.value.seconds == 0.2
    with pytest.raises(DocumentTimeout) as info, time_budget(60):
        with time_budget(0.1):
            pass  # the inner one ends in time; the outer timer goes on
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        with time_budget(0.1):
            while True:
                pass
    assert info.value.seconds == 0.1
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_default_is_documented() -> None:
    assert DEFAULT_DOC_TIMEOUT == 30.0
