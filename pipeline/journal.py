"""The run journal: one line per finished input, so a crashed run can resume.

`OUT/journal.jsonl` starts with a header line naming what the run was started
with (inputs, backend, options that change results) and then holds one line
per input item in input order:

    {"claimex_journal": 1, "fingerprint": "…", "inputs": [...], ...}
    {"n": 0, "result": {DocumentResult}}
    {"n": 1, "error": {ErrorRecord}}

Each line is appended and flushed (handed to the OS) as its document
finishes, and fsynced at least every `SYNC_SECONDS` and on close: after a
crash or `kill -9` the journal holds every finished document; after a power
loss, all but at most the last `SYNC_SECONDS` of them (resume redoes those).
At most the last line can be torn; `open_journal(resume=True)` discards it.
(An fsync per document cost ~6 ms on a VM disk, as much as extracting a
news article with the rule backend, hence the group commit.)
The journal is the source of truth for a run; claims.jsonl and the other
final files are rebuilt from it (`claimex.run.finalize`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .emit import atomic_write
from .errors import ClaimexError
from .models import DocumentResult, ErrorRecord
from .outdir import JOURNAL, OutputDir
from .textnorm import stable_id

FORMAT = 1
SYNC_SECONDS = 0.5


class JournalError(ClaimexError):
    """The journal cannot be used to resume (corrupt, or written for other inputs)."""

    exit_code = 2


@dataclass(frozen=True)
class Entry:
    """One journaled item: its position in the input and its result or error."""

    n: int
    item: DocumentResult | ErrorRecord


def identity(item: DocumentResult | ErrorRecord | object) -> tuple:
    """(path, doc_id) of a Document, DocumentResult or ErrorRecord (a DocumentResult has no line number)."""
    return (getattr(item, "path", None), getattr(item, "doc_id", None))


def fingerprint(header: dict) -> str:
    """Content-derived ID of the settings that change results (the input files' identities, `files`, are
    compared one by one instead, so that a refusal can name the file that changed)."""
    settings = {k: v for k, v in header.items() if k != "files"}
    return stable_id(json.dumps(settings, sort_keys=True, ensure_ascii=False))


# A file up to twice this size is hashed whole; a larger one by its first and last EDGE_BYTES.
EDGE_BYTES = 64 * 1024


def file_identity(path: str) -> dict | None:
    """What tells whether an input file changed: {"bytes", "mtime_ns", "sha256"} (sha256 of the whole
    file up to 128 KB, else of its first and last 64 KB); None when it cannot be read (that is an input
    error the run itself reports)."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            h = hashlib.sha256()
            if st.st_size <= 2 * EDGE_BYTES:
                h.update(fh.read())
            else:
                h.update(fh.read(EDGE_BYTES))
                fh.seek(st.st_size - EDGE_BYTES)
                h.update(fh.read(EDGE_BYTES))
    except OSError:
        return None
    return {"bytes": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": h.hexdigest()}


def input_changes(was: dict[str, dict | None], now: dict[str, dict | None]) -> list[str]:
    """How the input files differ from when the journal was written: one phrase per file, [] when the
    same. A file hashed whole (up to 128 KB) is the same when its bytes are, whatever its mtime; a
    larger one must also keep its size and mtime (its middle is not hashed)."""
    changes = []
    for path, old in was.items():
        if path not in now:
            changes.append(f"{path} is no longer among the inputs")
            continue
        new = now[path]
        if old is None or new is None:
            if old != new:
                changes.append(
                    f"{path} changed since the interrupted run (it was {'un' if old is None else ''}readable)"
                )
        elif old["bytes"] != new["bytes"]:
            changes.append(f"{path} changed since the interrupted run (size {old['bytes']} -> {new['bytes']} bytes)")
        elif old["sha256"] != new["sha256"]:
            changes.append(f"{path} changed since the interrupted run (its content; size unchanged)")
        elif old["bytes"] > 2 * EDGE_BYTES and old["mtime_ns"] != new["mtime_ns"]:
            changes.append(f"{path} changed since the interrupted run (modified since; size unchanged)")
    changes += [f"{path} is a new input" for path in now if path not in was]
    return changes


def entry_line(n: int, item: DocumentResult | ErrorRecord) -> str:
    """The journal line for item n (no newline). The item's JSON is pydantic's compact form (as
    `emit.dumps`, but floats such as 1e-6 are spelled `1e-6`), written directly without the
    intermediate dict `emit.dumps` builds (which took GBs for a 50 MB article)."""
    kind = "error" if isinstance(item, ErrorRecord) else "result"
    return f'{{"n":{n},"{kind}":{item.model_dump_json()}}}'


def parse_entry(line: str) -> Entry:
    """One journal line (without newline) back to an Entry; raises ValueError if it is not one."""
    obj = json.loads(line)
    if not isinstance(obj, dict) or not isinstance(obj.get("n"), int):
        raise ValueError("not a journal entry")
    if "result" in obj:
        return Entry(obj["n"], DocumentResult.model_validate(obj["result"]))
    if "error" in obj:
        return Entry(obj["n"], ErrorRecord.model_validate(obj["error"]))
    raise ValueError("journal entry holds neither a result nor an error")


class Journal:
    """An append-only, fsynced journal file (use `open_journal`)."""

    def __init__(self, path: Path, fh, done: int, sync_seconds: float = SYNC_SECONDS):
        self.path = path
        self._fh = fh
        self.done = done  # entries in the file
        self.sync_seconds = sync_seconds
        self._synced = time.monotonic()

    def append(self, item: DocumentResult | ErrorRecord) -> None:
        """Add the next item's line: written through to the OS when this returns, fsynced within SYNC_SECONDS."""
        self._fh.write(entry_line(self.done, item) + "\n")
        self._fh.flush()
        self.done += 1
        if time.monotonic() - self._synced >= self.sync_seconds:
            self.sync()

    def sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        if self._fh.closed:
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        finally:
            try:  # (on a full disk the flush above failed: close the file anyway, the journal stays usable)
                self._fh.close()
            except OSError:
                pass

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_journal(out_dir: Path, header: dict, *, resume: bool) -> Journal:
    """Open OUT/journal.jsonl for appending.

    resume=False (or no journal yet): a new journal holding only `header`
    replaces any old one atomically (a finished run's final files stay until
    the new run replaces them). resume=True: the existing journal must have
    been written with the same fingerprint; a torn last line is cut off and
    appending continues after the last complete entry.
    Raises JournalError when the journal is for other inputs/settings or corrupt.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = OutputDir(out_dir).journal
    head = _head(header)
    if not resume or not path.exists():
        atomic_write(path, [json.dumps(head, ensure_ascii=False, separators=(",", ":"))])
        return Journal(path, open(path, "a", encoding="utf-8", newline="\n"), 0)
    good_end, count = _scan(path, head, header.get("files"))
    fh = open(path, "r+", encoding="utf-8", newline="\n")
    fh.truncate(good_end)  # drop a torn last line
    fh.seek(good_end)
    return Journal(path, fh, count)


def _head(header: dict) -> dict:
    """The header line of a journal written for `header` (a run's settings and input files)."""
    return {"claimex_journal": FORMAT, "fingerprint": fingerprint(header), **header}


def count_lines(fh: BinaryIO) -> int:
    """The line ends left in binary file `fh`, read a megabyte at a time (no line is parsed)."""
    return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


# The start of a journal line that holds a document's result (`entry_line`), after the newline before it.
_RESULT_LINE = re.compile(rb'\n\{"n":\d+,"result":')


def _lines_and_results(fh: BinaryIO) -> tuple[int, bool]:
    """The line ends left in binary file `fh` (as `count_lines`), and whether a result line starts after
    one of them, read a megabyte at a time (no line is parsed)."""
    lines, results, tail = 0, False, b""
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        lines += chunk.count(b"\n")
        if not results:
            results = _RESULT_LINE.search(tail + chunk) is not None
            tail = chunk[-40:]  # a match cut by the chunk's end is found with the next chunk
    return lines, results


def unfinished(out_dir: Path, header: dict) -> tuple[int, bool] | None:
    """The journal in `out_dir` that a run without --resume (its settings and inputs: `header`) is about
    to replace, when the run that wrote it never published: (its complete entries, whether --resume
    would have continued it: the same settings and unchanged inputs). None when there is none, it holds
    no document's result (no entry, or only failed inputs: nothing of worth is discarded, and a run in
    which no document succeeded publishes nothing when it would replace an earlier run's results, see
    `run.run_batch`), or its run finished. Reads the header and counts lines; no entry is parsed.

    A finished run writes run.json after closing its journal, so a journal newer than run.json (or
    with none beside it) is one whose run was killed, interrupted or stopped before publishing (a
    run.json `claimex merge` wrote later is newer too: that journal's run had published)."""
    out = OutputDir(out_dir)
    try:
        written = out.journal.stat().st_mtime_ns
        if out.run_json.exists() and out.run_json.stat().st_mtime_ns >= written:
            return None
        with open(out.journal, "rb") as fh:
            first = fh.readline()
            if first.endswith(b"\n"):
                fh.seek(fh.tell() - 1)  # from the header's newline: the first entry is found like the others
            count, results = _lines_and_results(fh)
            count = max(count - first.endswith(b"\n"), 0)
    except OSError:  # (only a note: a journal that cannot be read is no reason to stop the run)
        return None
    try:
        head = json.loads(first)
    except ValueError:
        return None
    if not isinstance(head, dict) or "claimex_journal" not in head or not count or not results:
        return None
    same = head.get("fingerprint") == fingerprint(header)
    if same and isinstance(head.get("files"), dict) and header.get("files") is not None:
        same = not input_changes(head["files"], header["files"])
    return count, same


def _scan(path: Path, expected: dict, files: dict | None = None) -> tuple[int, int]:
    """Return (byte offset after the last complete entry, number of entries); raise JournalError when the
    journal is for other settings than `expected` (this run's header line, fingerprint included), or for
    input files that changed since (`files`: their identities now)."""
    with open(path, "rb") as fh:
        first = fh.readline()
        try:
            head = json.loads(first)
        except ValueError:
            head = None
        if not first.endswith(b"\n") or not isinstance(head, dict) or "claimex_journal" not in head:
            raise JournalError(f"{path}: not a claimex journal; run without --resume to start over")
        if head.get("fingerprint") != expected["fingerprint"]:
            raise JournalError(
                f"{path}: refusing to resume, the journal was written with other inputs or settings: "
                f"{_diff(head, expected)}; run without --resume to start over, or resume with the original command"
            )
        if files is not None and isinstance(head.get("files"), dict):
            changes = input_changes(head["files"], files)
            if changes:
                more = f" (and {len(changes) - 1} more)" if len(changes) > 1 else ""
                raise JournalError(
                    f"{path}: refusing to resume, the inputs changed since the journal was written: "
                    f"{changes[0]}{more}; run without --resume to start over, or restore the inputs as they were"
                )
        good_end, count = fh.tell(), 0
        for raw in fh:
            complete = raw.endswith(b"\n")
            try:
                entry = parse_entry(raw.decode("utf-8"))
                ok = complete and entry.n == count
            except ValueError:
                ok = False
            if not ok:
                if fh.read(1):  # something follows: not a torn tail but a damaged journal
                    raise JournalError(f"{path}: damaged entry {count + 1}; run without --resume to start over")
                break
            good_end += len(raw)
            count += 1
    return good_end, count


# The header's keys (`run.journal_header`) as the option or input that sets them, for a refusal to name.
OPTION_NAMES = {
    "inputs": "INPUTS",
    "extractor": "--backend / --model (or the backend's version)",
    "encoding_errors": "--encoding-errors",
    "max_doc_bytes": "--max-doc-mb",
    "window_chars": "the window size (another claimex version)",
    "no_merge": "--no-merge",
    "doc_timeout": "--doc-timeout",
    "previous": "--previous",
    "base_url": "--base-url",
    "max_chunk_tokens": "--max-chunk-tokens",
    "max_tokens": "--max-tokens",
    "reasoning_effort": "--reasoning-effort",
    "temperature": "the LLM temperature",
    "no_fallback": "--no-fallback",
}


def _diff(head: dict, now: dict) -> str:
    """Each setting that differs between a journal's header and this run's, named by its option with both
    values ("--no-merge: False in the journal, True now"); a key only one of them has (a journal of
    another claimex version) shows as "not recorded"."""
    skip = ("claimex_journal", "fingerprint", "files")
    keys = [k for k in head if k not in skip] + [k for k in now if k not in skip and k not in head]
    missing = object()
    shown = []
    for k in keys:
        was, new = head.get(k, missing), now.get(k, missing)
        if was != new:
            was_s, new_s = ("not recorded" if v is missing else repr(v) for v in (was, new))
            shown.append(f"{OPTION_NAMES.get(k, k)}: {was_s} in the journal, {new_s} now")
    text = "; ".join(shown) or "its fingerprint"
    return text if len(text) <= 600 else text[:597] + "..."


def raw_entries(path: Path) -> Iterator[tuple[bool, str]]:
    """Stream (is_error, item JSON) per complete entry, unparsed (the JSON `entry_line` wrote).

    Relies on the fixed shape `entry_line` writes; parsing is left to the
    caller, which then parses each entry once.
    """
    with open(path, encoding="utf-8", newline="\n") as fh:
        fh.readline()
        for line in fh:
            if not line.endswith("\n"):
                return
            comma = line.index(',"')
            if line.startswith('error":', comma + 2):
                yield True, line[comma + 9 : -2]
            elif line.startswith('result":', comma + 2):
                yield False, line[comma + 10 : -2]
            else:
                raise ValueError(f"{path}: not a journal entry: {line[:80]!r}")


def read_entries(path: Path) -> Iterator[Entry]:
    """Stream the complete entries of a journal (header skipped, torn tail ignored)."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        fh.readline()
        for line in fh:
            if not line.endswith("\n"):
                return
            yield parse_entry(line)


__all__ = [
    "JOURNAL",
    "Journal",
    "JournalError",
    "Entry",
    "open_journal",
    "unfinished",
    "read_entries",
    "identity",
    "file_identity",
    "input_changes",
]
