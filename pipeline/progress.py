"""What an operator sees of a run on stderr: the `claimex.*` loggers' one stderr handler, and progress.

Logging: library code only logs (`logging.getLogger("claimex.<module>")`); the
CLI calls `configure_logging` once per command, which installs one handler
writing `claimex: <message>` lines to whatever `sys.stderr` is at that moment
(a terminal or a cron log alike), control characters escaped. Levels:
`--quiet` WARNING, default INFO, `--verbose` DEBUG.

Progress (`Progress`): documents done of the total, rate and ETA.

- On a terminal: a `rich` progress bar (done/total, docs/s, ETA), gone when
  the run ends; lines printed meanwhile appear above it.
- Otherwise (stderr is a file, e.g. a cron log): one plain line every
  `every` seconds, `progress: 1,200/5,000 documents (24%), 45.1 docs/s, ETA
  1m24s`, from a heartbeat thread, so a run that stalls or merges for minutes
  still shows it is alive: `progress: merging 2,345,678 mentions from 5,000
  documents (1m05s so far)`. A run shorter than `every` prints none. When
  lines have started, the merge's start and end are one line each.

The total is counted in the background while the run starts (`set_total`):
until then, and for stdin, there is no ETA.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import printable

ROOT_LOGGER = "claimex"
log = logging.getLogger("claimex.progress")


class StderrHandler(logging.Handler):
    """`claimex: <message>` on the current sys.stderr (looked up per line: a test or rich may swap it); a
    record's traceback (--verbose) follows it, one indented line per line of the traceback. Each line is
    escaped on its own (`printable`): a message cannot split into two, and a traceback is still read as one."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            lines = [f"claimex: {printable(record.getMessage())}"]
            if record.exc_info:
                tb = logging.Formatter().formatException(record.exc_info)
                lines += [f"  {printable(line)}" for line in tb.splitlines()]
            sys.stderr.write("\n".join(lines) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


@contextmanager
def logging_to_stderr(verbosity: int = 0) -> Iterator[None]:
    """For the duration: one stderr handler on the "claimex" logger, at -1 (--quiet) warnings and errors
    only, 0 also notes and progress, 1 (--verbose) also debug lines (and tracebacks of internal errors).
    The logger's level and handlers are restored afterwards (a command run in-process leaves nothing)."""
    root = logging.getLogger(ROOT_LOGGER)
    old_level, old_handlers = root.level, list(root.handlers)
    for h in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(h)
    handler = StderrHandler()
    root.addHandler(handler)
    root.setLevel(logging.WARNING if verbosity < 0 else logging.DEBUG if verbosity > 0 else logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.handlers[:] = old_handlers
        root.setLevel(old_level)


def duration(seconds: float) -> str:
    """4s, 1m24s, 2h05m."""
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Progress:
    """Progress of one run (see the module docstring). `enabled=False` (--quiet): silent."""

    def __init__(self, *, enabled: bool = True, tty: bool | None = None, every: float = 30.0):
        self.enabled = enabled
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.every = every
        self.total: int | None = None
        self.before = 0  # items the journal already held (a resumed run)
        self.done = 0  # items finished by this run
        self.phase: str | None = None  # "merging ..." while the final files are made
        self.final = False  # every document is journaled: the final files are being made (`finishing`)
        self.t0 = self.phase_t0 = time.monotonic()
        self.last_line = self.t0
        self.lines = False  # plain lines have started
        self._shown: tuple[int, str | None] = (-1, None)  # what the last line showed
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._rich: Any = None
        self._task: Any = None

    # ------------------------------------------------------------------ what the runner reports
    def start(self, before: int = 0) -> None:
        if not self.enabled:
            return
        self.before = before
        self.t0 = self.last_line = time.monotonic()
        if self.tty:
            self._start_rich()
        elif self.every > 0:
            self._thread = threading.Thread(target=self._heartbeat, daemon=True, name="claimex-progress")
            self._thread.start()

    def set_total(self, total: int | None) -> None:
        self.total = total
        if self._rich is not None:
            self._rich.update(self._task, total=self._shown_total())

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._rich is not None:
            self._rich.update(self._task, completed=self.before + self.done, total=self._shown_total())
        elif not self.tty and time.monotonic() - self.last_line >= self.every:
            self._line()

    def finishing(self) -> None:
        """Every document is done and journaled; what is left is making the final files (the merge).
        (Shown by nothing; a first Ctrl-C from now on stops at once: `cli._StopOnInterrupt`.)"""
        self.final = True

    def merging(self, mentions: int, documents: int) -> None:
        """The documents are done; the cross-document merge of `mentions` starts."""
        self._begin_phase(f"merging {mentions:,} mentions from {documents:,} documents")

    def merged(self, claims: int) -> None:
        if self.enabled and self.phase is not None and (self.lines or self._rich is not None):
            log.info("merged into %s claims in %s", f"{claims:,}", duration(time.monotonic() - self.phase_t0))
        self.phase = None

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._rich is not None:
            self._rich.stop()
            self._rich = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ plain lines (stderr not a terminal)
    def status(self) -> str:
        """The progress line (without the `claimex: progress: ` prefix)."""
        now = time.monotonic()
        if self.phase is not None:
            return f"{self.phase} ({duration(now - self.phase_t0)} so far)"
        done = self.before + self.done
        rate = self.done / max(now - self.t0, 1e-9)
        total = self._shown_total()
        if total is None:
            return f"{done:,} documents, {rate:.1f} docs/s"
        pct = 100 * done // total if total else 100
        eta = f", ETA {duration((total - done) / rate)}" if rate > 0 else ""
        return f"{done:,}/{total:,} documents ({pct}%), {rate:.1f} docs/s{eta}"

    def _shown_total(self) -> int | None:
        # the count is of lines and files: never show fewer than are done
        return None if self.total is None else max(self.total, self.before + self.done)

    def _line(self) -> None:
        with self._lock:
            self.last_line = time.monotonic()
            self.lines = True
            self._shown = (self.done, self.phase)
            log.info("progress: %s", self.status())

    def _heartbeat(self) -> None:
        while not self._stop.wait(min(self.every, 1.0)):
            if time.monotonic() - self.last_line >= self.every:
                self._line()

    def _begin_phase(self, what: str) -> None:
        if not self.enabled:
            return
        started = self.lines or time.monotonic() - self.t0 >= self.every
        if not self.tty and started and self._shown != (self.done, None):
            self._line()  # where the documents ended: n/n
        self.phase, self.phase_t0 = what, time.monotonic()
        if self._rich is not None:
            self._rich.update(self._task, description=what, total=None)
        elif not self.tty and self.lines:
            log.info("%s", what)

    # ------------------------------------------------------------------ a terminal: rich
    def _start_rich(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        self._rich = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("[progress.data.speed]{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._rich.add_task("documents", total=self._shown_total(), completed=self.before, rate="")
        self._rich.start()
        self._thread = threading.Thread(target=self._rate_updater, daemon=True, name="claimex-progress")
        self._thread.start()

    def _rate_updater(self) -> None:
        while not self._stop.wait(0.5):
            rich = self._rich
            if rich is not None and self.phase is None:
                rate = self.done / max(time.monotonic() - self.t0, 1e-9)
                rich.update(self._task, rate=f"{rate:.1f} docs/s")
