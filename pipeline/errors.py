"""One exception root for everything claimex raises on purpose.

Messages say what went wrong *and* how to fix it. Only the CLI turns these
into exit codes; library code raises and lets callers decide.
"""

from __future__ import annotations

import errno
import os
import re


class ClaimexError(Exception):
    """Root of every error claimex raises deliberately."""

    exit_code = 1


class UsageError(ClaimexError):
    """The command was called wrongly (bad option, missing path)."""

    exit_code = 2


class InputError(ClaimexError):
    """One input (file, JSONL line, document) cannot be read or used."""

    def __init__(self, path: str, message: str, *, line: int | None = None, doc_id: str | None = None):
        self.path = path
        self.line = line
        self.doc_id = doc_id
        self.message = message
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}")


class ConfigError(ClaimexError):
    """Settings are missing or inconsistent (model, base URL, key)."""

    exit_code = 2


class BackendError(ClaimexError):
    """An extractor backend failed for a document after its retries ran out.

    `reason` is a short slug for accounting (run.json's `llm.fallback_reasons`),
    e.g. "connection", "refusal", "invalid_answer"; subclasses set their own.
    """

    reason: str = "error"

    def __init__(self, message: str, *, attempts: int = 0, usage: dict | None = None, reason: str | None = None):
        self.attempts = attempts
        self.usage = usage or {}
        if reason is not None:
            self.reason = reason
        super().__init__(message)


class PromptError(ConfigError):
    """A prompt template is missing, or a template variable has no value (or a value has no variable)."""


class Interrupted(ClaimexError):
    """The run was stopped (Ctrl-C) before every input was processed; the journal keeps what finished."""

    exit_code = 130

    def __init__(self, message: str, *, done: int = 0):
        self.done = done
        super().__init__(message)


class ConfigStop(ConfigError):
    """A ConfigError that stopped a run part-way, its journal holding finished items (a key revoked, a model
    withdrawn mid-batch): the message ends with what the journal keeps, and the CLI adds the command that
    continues the run once the cause is fixed."""


class StopRequested(KeyboardInterrupt):
    """A document given up part-way because the run is stopping (Ctrl-C, SIGTERM): a backend that would wait
    or send more requests for it (the LLM's retries) raises this instead. Not a result, so it is never
    journaled: the executors take it as an item never started, and --resume does it again. A
    KeyboardInterrupt, not a ClaimexError, so no per-document handler turns it into an error line."""


class EnvironmentFailure(ClaimexError):
    """The machine, not the input, stopped the run: disk full, a read-only or forbidden output directory,
    a worker process killed (e.g. by the kernel's out-of-memory killer). What finished is kept in the
    journal, so the same command with --resume continues once the cause is fixed. `resumable` is False when
    the run stopped before its own journal replaced an earlier run's: then the same command again (without
    --resume, which would continue that earlier run) starts it."""

    exit_code = 4

    def __init__(self, message: str, *, done: int | None = None, resumable: bool = True):
        self.done = done
        self.resumable = resumable
        super().__init__(message)


# errno -> what it means for an operator (the strerror text alone says "Errno 28").
_ENV_ERRNO = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EIO: "input/output error (failing disk or network file system)",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files in the system",
    errno.ENOMEM: "out of memory",
    errno.EFBIG: "file too large for the file system",
}


# The errnos that say the machine, not an input or the command, failed (a command meeting one stops: exit 4).
ENVIRONMENT_ERRNOS = frozenset(_ENV_ERRNO)


def describe_environment_failure(exc: BaseException, path: str | os.PathLike | None = None) -> str | None:
    """What an exception that escaped the runner means for the operator, or None when it is not an
    environment failure (a bug). OSErrors (disk full, read-only, permission), a dead worker process
    (BrokenProcessPool) and MemoryError are. `path`: the file to name instead of the OSError's own (a
    temporary name, or none when a write failed)."""
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return "a worker process died (killed by a signal, e.g. the kernel's out-of-memory killer)"
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, OSError):
        what = _ENV_ERRNO.get(exc.errno or -1) or exc.strerror or type(exc).__name__
        where = path if path is not None else exc.filename
        return f"{what}" + (f" ({where})" if where else "")
    return None


# C0 and C1 control characters, DEL and Unicode line/paragraph separators: never printed raw.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe for one stderr line: control characters (a newline in a file name, an escape
    sequence) are shown escaped (`\\n`, `\\x1b`, `\\u2028`), so no input can forge or split a line."""

    def esc(m: re.Match) -> str:
        c = m.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or (
            f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        )

    return _CONTROL.sub(esc, text)


_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@")
_SECRET_OPTION = re.compile(r"(?i)^--?[a-z0-9-]*(key|token|secret|password|passwd|credential)[a-z0-9-]*$")


def redact_args(args: list[str]) -> list[str]:
    """A command line safe to print or store: `user:pass@` in URLs becomes `***@`, and the value of any
    option named like a secret (`--api-key`, `--token`, `--password`; `--opt VALUE` or `--opt=VALUE`)
    becomes `***`."""
    out: list[str] = []
    hide_next = False
    for a in args:
        if hide_next:
            out.append("***")
            hide_next = False
            continue
        name, eq, _ = a.partition("=")
        if _SECRET_OPTION.match(name):
            if eq:
                out.append(f"{name}=***")
            else:
                out.append(a)
                hide_next = True
            continue
        out.append(_URL_CREDENTIALS.sub(r"\1***@", a))
    return out
