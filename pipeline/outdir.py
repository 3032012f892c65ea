"""The output directory (`--out`): every path in it, the lock, and atomic publication of a run's files.

    OUT/claims.jsonl, documents.jsonl, errors.jsonl   published together by `Publication.commit`
    OUT/changes.jsonl                                 with --previous: published with them
    OUT/run.json                                      written last: run id + sha256/size of each file above
    OUT/journal.jsonl                                 the run in progress (`journal.py`)
    OUT/.claimex.lock                                 held (flock) by the live run; its details inside
    OUT/llm_log.jsonl                                 the LLM backend's request log (`llm/reqlog.py`)

Publication: a run writes each final file to a temporary name in OUT
(`.claims.jsonl.<random>.tmp`, created with the user's umask), and only when
every one of them was written are they fsynced and renamed into place, then
run.json. A run that fails before that (e.g. its merge raises) publishes
nothing, and the previous run's files stay as they were; so does a run in
which no document succeeded, when OUT holds an earlier run's results
(`OutputDir.results`: a mistyped input path must not empty them). A crash between the
renames can still leave files of two runs side by side; run.json's `files`
(sha256 and size of each file it published) lets every reader notice that
(`OutputDir.mixed`) and say so in one `warning:` line.

Lock: a run holds an exclusive `flock` on OUT/.claimex.lock for as long as it
runs. The kernel drops it when the process ends however it ends (`kill -9`
too), so a stale lock file never blocks `--resume`; a second run into the
same OUT while the first is alive fails at once (`OutDirInUse`, exit 2) with
the holder's pid, start time, inputs and command, read from the lock file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .errors import ClaimexError, UsageError, redact_args

CLAIMS = "claims.jsonl"
ERRORS = "errors.jsonl"
DOCUMENTS = "documents.jsonl"
RUN = "run.json"
JOURNAL = "journal.jsonl"
CHANGES = "changes.jsonl"  # with --previous (`feed.py`)


def working_directory() -> str | None:
    """The absolute directory a command runs in, which run.json records as `cwd`: the run's `inputs`
    are paths as given, relative to it (`claimex report` finds the articles from anywhere); None when
    it is gone (deleted under the process)."""
    try:
        return os.getcwd()
    except OSError:
        return None


LOCK = ".claimex.lock"
LLM_LOG = "llm_log.jsonl"  # the LLM backend's request log (`llm/reqlog.py`), appended to run after run
# Every file a run directory holds: what no output of a command that reads the run may be written over.
RUN_FILES = (CLAIMS, DOCUMENTS, ERRORS, CHANGES, RUN, JOURNAL, LOCK, LLM_LOG)

log = logging.getLogger("claimex.outdir")

# `open_temp`'s names for the files a run writes: what a run killed while writing leaves behind.
_STALE_TEMP = re.compile(
    r"\.(?:"
    + "|".join(re.escape(n) for n in (CLAIMS, ERRORS, DOCUMENTS, CHANGES, RUN, JOURNAL))
    + r")\.[0-9a-f]{12}\.tmp"
)


class OutDirInUse(ClaimexError):
    """Another live claimex run holds the output directory."""

    exit_code = 2


def open_temp(directory: Path, name: str) -> tuple[IO[str], Path]:
    """A new temporary text file `.NAME.<random>.tmp` in `directory`, created with the user's umask
    (mode 0666 & ~umask, as any file the user creates; `tempfile.mkstemp` would make it 0600)."""
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), tmp


def file_digest(path: Path) -> dict[str, Any]:
    """{"sha256", "bytes"} of a file (what run.json records for each published file)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return {"sha256": h.hexdigest(), "bytes": size}


class Publication:
    """A run's final files, staged under temporary names until `commit` publishes all of them at once.

    `writer(name)` gives a line writer for one file; `commit(run)` fsyncs and
    renames every staged file, then writes run.json (with `run_id` and the
    files' digests) last. Leaving the `with` block without `commit` (an
    exception) removes the staged files: nothing of this run is published.
    """

    def __init__(self, outdir: OutputDir, run_id: str | None = None):
        self.outdir = outdir
        self.run_id = run_id or uuid.uuid4().hex
        self._staged: dict[str, tuple[IO[str], Path]] = {}
        self.committed = False

    def writer(self, name: str) -> Callable[[str], None]:
        """`write(line)` for file `name` (each call adds one line); the file is published by `commit`."""
        if name in self._staged:
            raise ValueError(f"{name} is already being written")
        fh, tmp = open_temp(self.outdir.path, name)
        self._staged[name] = (fh, tmp)
        write = fh.write

        def put(line: str) -> None:
            write(line + "\n")

        return put

    def commit(self, run: dict) -> dict:
        """Publish every staged file, then run.json (returned as written, with `run_id` and `files`)."""
        files: dict[str, dict] = {}
        for name, (fh, tmp) in self._staged.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            files[name] = file_digest(tmp)
        run = {**run, "run_id": self.run_id, "files": dict(sorted(files.items()))}
        fh, tmp = open_temp(self.outdir.path, RUN)
        self._staged[RUN] = (fh, tmp)  # (staged before it is written: a full disk's abort removes it too)
        with fh:
            fh.write(json.dumps(run, ensure_ascii=False, indent=2) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        for name, (_, tmp) in self._staged.items():  # run.json last: it vouches for the others
            os.replace(tmp, self.outdir.path / name)
        self._fsync_dir()
        self._staged.clear()
        self.committed = True
        return run

    def abort(self) -> None:
        """Remove every staged file: nothing of this run is published. Each one is closed and removed
        whatever closing it raises: closing flushes what is still buffered, which on a full disk raises
        ENOSPC again (and stopped the loop, leaving every `.NAME.<random>.tmp` behind)."""
        for fh, tmp in self._staged.values():
            try:
                fh.close()  # (the file descriptor is closed even when the flush before it fails)
            except Exception:  # (these files are thrown away; the error that stopped the run is the one to report)
                pass
            try:
                tmp.unlink(missing_ok=True)
            except OSError:  # (left for the next run into this --out, which removes stale temporary files)
                pass
        self._staged.clear()

    def _fsync_dir(self) -> None:
        try:
            fd = os.open(self.outdir.path, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.abort()


# The descriptors of the run locks this process holds. A flock belongs to the open file, shared by
# every process with a copy of the descriptor: a process forked while a run holds OUT (a --workers
# pool) would keep OUT locked after the run released it, for as long as it lives (after a failed
# run the pool shuts down without waiting, and a caller that goes on, a library user or a test,
# then finds OUT "in use"). So a forked child closes its copies at once; the parent's lock stands.
_HELD: set[int] = set()


def _drop_inherited_locks() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


class RunLock:
    """An exclusive flock on OUT/.claimex.lock with the holder's details inside (use `OutputDir.lock`)."""

    def __init__(self, path: Path, holder: dict):
        self.path = path
        self.holder = holder
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        out = self.path.parent
        if out.is_symlink() and not out.exists():  # (mkdir would fail on the link: "File exists", exit 4)
            raise UsageError(
                f"--out {out} is a symbolic link to {os.readlink(out)}, which does not exist: create that "
                "directory, or give --out another path"
            )
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _read_holder(fd)
            os.close(fd)
            raise OutDirInUse(
                f"{self.path.parent} is in use by another claimex run ({other}); "
                "wait for it to finish or write to another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(self.holder, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        self._fd = fd
        _HELD.add(fd)
        remove_stale_temps(self.path.parent)  # ours to remove: no other live run holds the directory
        return self

    def release(self) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            try:
                os.ftruncate(self._fd, 0)
            finally:
                os.close(self._fd)  # closing the file drops the flock
                self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def remove_stale_temps(directory: Path) -> int:
    """Remove the temporary files (`.claims.jsonl.<random>.tmp`, ...) a run killed while writing its final
    files left in `directory`; only call it holding the directory's lock. Returns how many were removed."""
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if _STALE_TEMP.fullmatch(name):
            try:
                (directory / name).unlink()
                removed += 1
            except FileNotFoundError:
                pass
    if removed:
        log.info("removed %d temporary file(s) an interrupted run left in %s", removed, directory)
    return removed


def _read_holder(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 65536, 0).decode("utf-8"))
    except (OSError, ValueError):
        return "its details are not written yet"
    parts = [f"pid {holder.get('pid')}", f"started {holder.get('started')}"]
    if holder.get("inputs") is not None:
        parts.append("inputs " + " ".join(map(str, holder["inputs"])))
    if holder.get("command"):
        parts.append(f"command: {holder['command']}")
    return ", ".join(parts)


def holder_details(inputs: list[str] | None = None, command: str | None = None) -> dict:
    """What a lock holder writes into the lock file: pid, start time (UTC), inputs, command line."""
    return {
        "pid": os.getpid(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": inputs,
        "command": command if command is not None else " ".join(["claimex", *redact_args(sys.argv[1:])]),
    }


class OutputDir:
    """One output directory: its paths, its lock, publishing a run's files, and checking them when read."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @property
    def claims(self) -> Path:
        return self.path / CLAIMS

    @property
    def documents(self) -> Path:
        return self.path / DOCUMENTS

    @property
    def errors(self) -> Path:
        return self.path / ERRORS

    @property
    def run_json(self) -> Path:
        return self.path / RUN

    @property
    def journal(self) -> Path:
        return self.path / JOURNAL

    def lock(self, inputs: list[str] | None = None, command: str | None = None) -> RunLock:
        """Hold the directory for this run (`with outdir.lock(...):`); raises OutDirInUse if a live run holds it."""
        return RunLock(self.path / LOCK, holder_details(inputs, command))

    def publication(self, run_id: str | None = None) -> Publication:
        return Publication(self, run_id)

    def results(self) -> list[str]:
        """The files of an earlier run's results here, as published (claims.jsonl or documents.jsonl not
        empty, then every published file of that run there is): what a run in which no document succeeded
        keeps rather than replaces with empty ones. [] when there is nothing to lose (no run, or one of
        no result)."""
        try:
            if not any(p.is_file() and p.stat().st_size > 0 for p in (self.claims, self.documents)):
                return []
        except OSError:
            return []
        return [n for n in (CLAIMS, DOCUMENTS, ERRORS, CHANGES, RUN) if (self.path / n).is_file()]

    def read_run(self) -> dict | None:
        """run.json as a dict, or None when there is none or it is unreadable."""
        try:
            run = json.loads(self.run_json.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return run if isinstance(run, dict) else None

    def mixed(self) -> str | None:
        """None when the published files are the ones run.json describes (or run.json records none), else
        the warning to show: which files are not that run's."""
        run = self.read_run()
        if run is None or not isinstance(run.get("files"), dict):
            return None
        files = run["files"]
        odd = []
        for name, want in sorted(files.items()):
            path = self.path / name
            try:
                same = path.stat().st_size == want.get("bytes") and file_digest(path) == want
            except OSError:
                same = False
            if not same:
                odd.append(name)
        if not odd:
            return None
        are = "is" if len(odd) == 1 else "are"
        return (
            f"{self.path}: {', '.join(odd)} {are} not what run.json's run {run.get('run_id')} wrote: "
            "written by another run or changed since, so the files in this directory are mixed"
        )


__all__ = ["RUN_FILES", "OutputDir", "Publication", "RunLock", "OutDirInUse", "open_temp", "remove_stale_temps"]
