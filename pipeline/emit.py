"""Stage 7, emit: one model per JSON line, and atomic file writes.

`atomic_write` / `atomic_lines` write a file to a temporary name in its
directory (created with the user's umask), flush, fsync and rename it, so a
reader never sees a half-written file (a FIFO or a device, /dev/null, is
written in place: it is never replaced by a file). The files of a run's output directory
are published together by `outdir.Publication` (see `pipeline/outdir.py`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import UsageError
from .models import Claim, DocumentResult, ErrorRecord
from .outdir import CLAIMS, DOCUMENTS, ERRORS, RUN, OutputDir, open_temp

__all__ = [
    "CLAIMS",
    "DOCUMENTS",
    "ERRORS",
    "RUN",
    "dumps",
    "atomic_write",
    "atomic_lines",
    "write_outputs",
    "same_file",
    "check_output_file",
]


def dumps(model: BaseModel) -> str:
    """One model as one compact, key-stable JSON line (no trailing newline).

    pydantic's own serializer, in field order with non-ASCII kept as UTF-8: the
    same bytes as `json.dumps(model.model_dump(mode="json"), ensure_ascii=False,
    separators=(",", ":"))` (but a float below 1e-4 is spelled `1e-6`, as in the
    journal), about three times as fast, and no intermediate dict.
    """
    return model.model_dump_json()


def atomic_write(path: Path, lines: Iterable[str]) -> None:
    """Write lines to `path` via a temp file + fsync + rename."""
    with atomic_lines(path) as write:
        for line in lines:
            write(line)


def _not_a_regular_file(path: Path) -> bool:
    """Whether `path` is there (links followed) and neither a regular file nor a directory."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same inode (a hard link, a symlink, `./x` and `x`), or, when
    either does not exist yet, the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # (one of them does not exist, or cannot be reached)
        return os.path.realpath(a) == os.path.realpath(b)


def check_output_file(option: str, out: str | Path | None, inputs: Iterable[tuple[str, str | Path]]) -> None:
    """Raise UsageError, before anything is opened for writing, when the output file `out` (None:
    stdout) is a directory (the file would be renamed onto it, and the error would name a temporary
    file the user never gave) or one of the `inputs` ((what, path); a path of `-` is stdin, never a
    file): writing it would empty or replace the very file being read."""
    if out is None:
        return
    if os.path.isdir(out):
        raise UsageError(f"{option} {out} is a directory: give the path of a file to write in it")
    for what, path in inputs:
        if str(path) != "-" and same_file(out, path):
            raise UsageError(
                f"{option} {out} is the same file as {what} {path}: writing it would destroy what is being read; "
                "write to another file"
            )


@contextmanager
def atomic_lines(path: Path) -> Iterator[Callable[[str], None]]:
    """Like `atomic_write`, for writing line by line: yields `write(line)`; the file appears on a clean exit.

    What is renamed into place is a regular file: an existing `path` that is none (a FIFO, a device such
    as /dev/null or a terminal, a socket) is written in place instead (renamed onto, as root, /dev/null
    became a regular file, which every later `< /dev/null` read). A symbolic link is written through: its
    target is replaced, the link stays (/dev/stdout, a link into another folder)."""
    if _not_a_regular_file(path):
        with open(path, "w", encoding="utf-8", newline="\n") as out:

            def put_in_place(line: str) -> None:
                out.write(line + "\n")

            yield put_in_place
        return
    if os.path.islink(path):
        path = Path(os.path.realpath(path))
    fh, tmp = open_temp(path.parent, path.name)
    try:
        with fh:
            write = fh.write

            def put(line: str) -> None:
                write(line + "\n")

            yield put
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_outputs(
    out_dir: Path,
    claims: list[Claim],
    errors: list[ErrorRecord],
    results: list[DocumentResult],
    run: dict,
    extra: dict[str, list[str]] | None = None,
) -> dict:
    """Publish claims.jsonl, errors.jsonl, documents.jsonl (and `extra`: file name -> lines, e.g.
    changes.jsonl) and run.json under `out_dir` together (`outdir.Publication`); returns run.json as written."""
    with OutputDir(out_dir).publication() as pub:
        for name, lines in (
            (CLAIMS, (dumps(c) for c in claims)),
            (ERRORS, (dumps(e) for e in errors)),
            (DOCUMENTS, (dumps(r) for r in sorted(results, key=lambda r: r.doc_id))),
        ):
            write = pub.writer(name)
            for line in lines:
                write(line)
        for name, extra_lines in (extra or {}).items():
            write = pub.writer(name)
            for line in extra_lines:
                write(line)
        return pub.commit(run)


def parse_lines(
    lines: Iterable[str], model: type[BaseModel], *, path: str, stage: str, what: str
) -> tuple[list, list[ErrorRecord]]:
    """JSONL lines in, (parsed models, one ErrorRecord per line that is not a `model`) out.

    Blank lines are skipped; line numbers count from 1.
    """
    items: list = []
    errors: list[ErrorRecord] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate_json(line))
        except ValidationError as e:
            first = e.errors()[0]
            loc = ".".join(str(x) for x in first["loc"]) or "line"
            errors.append(
                ErrorRecord(
                    path=path,
                    line=n,
                    stage=stage,
                    error="ValidationError",
                    message=f"not {what}: {loc}: {first['msg']}",
                )
            )
    return items, errors
