"""A per-document time budget: no article may stall a batch (issue 17).

    with time_budget(30.0):
        result = process_document(doc, extractor)

raises `DocumentTimeout` when the block runs longer than the budget. The
batch runner turns it into an error line (`stage: "extract"`,
`error: "Timeout"`, see `DocumentTimeout.error_name`) and journals it like any
other failed document, so the batch goes on and `--resume` does not retry it.

How: `signal.setitimer(ITIMER_REAL)` and a SIGALRM handler that raises. The
regular-expression engine checks for signals during a long match, so this
also stops a runaway `re` search, not only Python code. Wall-clock time, so a
loaded machine spends its budget sooner: the default (`DEFAULT_DOC_TIMEOUT`,
30 s) is some hundreds of times what a news-length article takes.

Signals are delivered only to the main thread of a process. In any other
thread (the threaded LLM path; the LLM client has its own request timeouts),
or where `setitimer` does not exist (Windows), `time_budget` does nothing:
the block runs unbounded. It also does nothing for a budget of None or <= 0,
and it never shortens an outer budget already running (nested budgets: the
earlier deadline wins, and the outer timer is restored on exit).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import ClaimexError

DEFAULT_DOC_TIMEOUT = 30.0
"""Seconds one document may take in the per-document stages before it becomes a Timeout error line."""


class DocumentTimeout(ClaimexError):
    """One document ran past its time budget; it is skipped (an error line), the batch goes on."""

    error_name = "Timeout"  # the `error` field of its error line

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            f"document took longer than its time budget of {seconds:g} s; "
            "raise it with --doc-timeout SECONDS (0 for none) if the article is genuine"
        )


def budget_available() -> bool:
    """Whether `time_budget` can interrupt here (a main thread on a platform with setitimer)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in the block once `seconds` (wall clock) have passed.

    A no-op when `seconds` is None or <= 0, outside the main thread, or without
    setitimer (see the module docstring)."""
    if not seconds or seconds <= 0 or not budget_available():
        yield
        return
    deadline = time.monotonic() + seconds
    fired = False

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:
            fired = True
            raise DocumentTimeout(seconds)

    previous_handler = signal.getsignal(signal.SIGALRM)
    outer_left, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_deadline = time.monotonic() + outer_left if outer_left > 0 else None
    if outer_deadline is not None and outer_deadline <= deadline:
        # an enclosing budget ends first: leave its timer and handler alone
        yield
        return
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        fired = True  # an alarm already pending must not raise after the block
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_deadline is not None:
            # restore the enclosing timer with what is left of it (at least a tick, so it still fires)
            signal.setitimer(signal.ITIMER_REAL, max(outer_deadline - time.monotonic(), 1e-3), outer_interval)
