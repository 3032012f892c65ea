"""Bounds on a run's use of the model: a circuit breaker and a run-wide deadline.

- `CircuitBreaker`: after `threshold` consecutive transport failures
  (connection refused, DNS, timeouts; any HTTP answer resets the count) it
  opens for the rest of the run: every later request raises ServerUnreachable
  at once, without touching the network, and one line on stderr says so.
  Consecutive means one after the other: a failure counts only when its
  attempt was sent after the last one counted failed, so the first attempts of
  several documents in flight together (`--concurrency`) that time out
  together count once, and the run's outcome does not depend on N.
- `Deadline`: `--deadline S` seconds after the run started, requests stop
  (DeadlineExceeded); until then each request's timeout and each retry's wait
  are cut to the time left.
Both are thread-safe and shared by every request of one LLMClient.
"""

from __future__ import annotations

import logging
import threading
import time

from .failures import DeadlineExceeded, ServerUnreachable

log = logging.getLogger("claimex.llm")


class CircuitBreaker:
    def __init__(self, threshold: int, where: str):
        self.threshold = threshold
        self.where = where
        self._lock = threading.Lock()
        self._consecutive = 0
        self._why: str | None = None
        self._last_counted: float | None = None  # time.monotonic() of the last failure counted

    @property
    def open(self) -> bool:
        return self._why is not None

    def check(self) -> None:
        """Raise ServerUnreachable if the breaker is open."""
        if self._why is not None:
            raise ServerUnreachable(self._why)

    def success(self) -> None:
        with self._lock:
            self._consecutive = 0

    def failure(self, what: str, sent_at: float | None = None) -> None:
        """Count one transport failure (`what`: e.g. "connection refused") of an attempt sent at
        `sent_at` (time.monotonic(); None: count it); open at the threshold. An attempt sent before the
        last counted failure was already in flight beside it: the same outage, not a further one."""
        with self._lock:
            now = time.monotonic()
            if sent_at is not None and self._last_counted is not None and sent_at < self._last_counted:
                return
            self._last_counted = now
            self._consecutive += 1
            if self._why is not None or self.threshold <= 0 or self._consecutive < self.threshold:
                return
            self._why = (
                f"{self.where} unreachable ({self._consecutive} consecutive failures, last: {what}); "
                "no more requests this run"
            )
        log.error("%s; the remaining documents go to the fallback (or fail with --no-fallback)", self._why)


class Deadline:
    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds
        self._told = threading.Event()

    def left(self) -> float | None:
        """Seconds left (never below 0), or None without a deadline."""
        return None if self._end is None else max(0.0, self._end - time.monotonic())

    def check(self) -> None:
        """Raise DeadlineExceeded once the deadline has passed (the first time, also one line on stderr)."""
        left = self.left()
        if left is None or left > 0:
            return
        msg = f"--deadline of {self.seconds:g}s reached; no more requests this run"
        if not self._told.is_set():
            self._told.set()
            log.error("%s; the remaining documents go to the fallback (or fail with --no-fallback)", msg)
        raise DeadlineExceeded(msg)

    def cap(self, seconds: float) -> float:
        """`seconds`, cut to the time left (at least 0.001 s: the SDK refuses 0)."""
        left = self.left()
        return seconds if left is None else max(0.001, min(seconds, left))
