"""The LLM backend's lines on stderr: logger "claimex.llm", and the handler the CLI installs for them.

Library code only logs (rate limits, retries, schema downgrade, learnt
parameters, fallbacks, the circuit breaker, the deadline). `stderr_lines()`
is what the CLI wraps a command in: a plain handler that writes
`claimex: <message>` to whatever `sys.stderr` is at that moment, whether or
not it is a terminal, so a cron log shows what happened as it happens.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("claimex.llm")


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


@contextmanager
def stderr_lines(level: int = logging.INFO) -> Iterator[None]:
    """Show the "claimex" loggers' lines on stderr (one plain line each) for the duration."""
    root = logging.getLogger("claimex")
    handler = _StderrHandler(level)
    handler.setFormatter(logging.Formatter("claimex: %(message)s"))
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(min(level, old_level) if old_level else level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def announce(extractor, asked: str, why: str | None = None) -> None:
    """The line that starts a run: which backend, model and server (never the key).

    Not for an explicit `--backend rules`: nothing was chosen for the user, and it stays silent.
    """
    if asked == "rules":
        return
    how = f"--backend {asked}" if asked != "auto" else f"auto: {why}"
    if asked == "auto" and extractor.name != "llm":
        how = "auto: no OPENAI_API_KEY, OPENAI_BASE_URL or --base-url"
    if extractor.name == "llm":
        log.info("backend llm (%s): %s", how, extractor.describe())
    else:
        log.info("backend %s (%s)", extractor.name, how)


def report_fallbacks(llm: dict, asked: str) -> bool:
    """One line when documents came from the fallback (or failed in the LLM); True if any fell back."""
    n = llm.get("fallbacks", 0)
    failed = len(llm.get("failed_documents", []))
    by = llm.get("documents_by_backend", {})
    total = sum(by.values()) + failed
    if not n and not failed:
        return False
    reasons = ", ".join(f"{k} {v}" for k, v in llm.get("fallback_reasons", {}).items())
    if n:
        log.warning(
            "%d of %d documents came from the rules fallback, not the model (%s)%s",
            n,
            total,
            reasons,
            "; exit code 3" if asked == "llm" else "",
        )
    else:
        log.warning("%d of %d documents failed in the LLM backend (%s)", failed, total, reasons)
    return bool(n)
