"""Stage 1, ingest: paths in, Documents (or one ErrorRecord per bad input) out.

Accepted inputs:
- a `.txt` file (doc_id = file stem); a file given by name with another extension (or none) is read
  the same way, except a data format (`.json`, `.csv`, ...), which is refused (UnsupportedFormat),
- a `.jsonl` (or `.ndjson`) file, one article per line: `id` or `doc_id`, `text`, and optional
  `title`, `date`, `url`, `source`,
- a directory, searched recursively for `*.txt`, `*.jsonl` and `*.ndjson` in sorted order (following
  links to folders, each folder once),
- `-` for JSONL on standard input.

Text is decoded as UTF-8 without newline translation, so every offset the
pipeline writes indexes exactly the string read here. Inputs are streamed: one
document in memory at a time (a JSONL file is read line by line).
"""

from __future__ import annotations

import datetime
import errno
import json
import math
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from .models import Document, ErrorRecord
from .outdir import RUN_FILES
from .textnorm import LONE_SURROGATE, surrogate_problem, without_bom

EncodingErrors = Literal["strict", "replace"]

# The header is `date` and one word, whatever date that word spells: `_check_date` then keeps an ISO date
# (a timestamp's date part) and warns of anything else, so a header of `yesterday` or `29/02/2020` is
# reported and its words are not read as the article's first sentence.
_DATE_HEADER = re.compile(r"^\s*date\s+(\S+)\s")
# ... provided the word holds a digit (any script's: `_check_date` refuses those that are not 0-9) or is a
# relative day, so an article that opens with a lowercase "date night ..." is not cut. (Checked after the
# match, not in the pattern: `\S*\d\S*` backtracks quadratically over a long run of digits.)
_RELATIVE_DAYS = frozenset({"yesterday", "today", "tomorrow"})
_OPTIONAL = ("title", "date", "url", "source")


def date_header(text: str) -> tuple[str | None, int]:
    """Return (the header's date as written, offset where the body starts) for a leading ` date VALUE `
    header, or (None, 0) when there is none. VALUE is not checked here (see `_check_date`)."""
    m = _DATE_HEADER.match(text)
    if not m:
        return None, 0
    word = m.group(1)
    if not (any(c.isdecimal() for c in word) or word.lower() in _RELATIVE_DAYS):
        return None, 0
    return word, m.end()


# [0-9], not \d: \d matches any script's digits (Arabic-Indic, fullwidth), which int() reads as a valid
# date but the contract's pattern (models.IsoDate) refuses: such a date got past here and crashed the batch.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

# A first line that is page furniture, not a headline ("Media playback is unsupported on your device").
_NOT_HEADLINE = re.compile(
    r"media playback|unsupported on your device|media caption|image (?:copyright|caption)|video report"
    r"|getty images|cookies?\b|subscribe|sign up|advertisement|share this|read more|published\b|updated\b",
    re.I,
)


# a line ends at LF, CRLF or a lone CR (old Mac files): the title detection reads all three
_FIRST_LINE = re.compile(r"[^\r\n]*")


def headline(text: str) -> str | None:
    """The article's headline: its first line (after a date header) when that line looks like one, else None.

    A headline is 3-25 words on a line of its own, starts with a capital or a digit, does not end as a
    sentence does (full stop, colon, comma) and is not page furniture (media captions, bylines, cookie
    banners), so boilerplate never becomes a title.
    """
    body = text[date_header(text)[1] :]
    first = _FIRST_LINE.match(body.lstrip()).group(0).strip()  # type: ignore[union-attr]
    words = first.split()
    if not 3 <= len(words) <= 25 or len(first) > 200:
        return None
    if not (first[0].isupper() or first[0].isdigit() or first[0] in "\"'\u201c\u2018"):
        return None
    if first.endswith((".", ",", ":", ";")) and not first.endswith("..."):
        return None
    if _NOT_HEADLINE.search(first):
        return None
    return first


def _check_date(
    value: str | None, path: str, line: int | None = None, doc_id: str | None = None
) -> tuple[str | None, ErrorRecord | None]:
    """(the ISO date `YYYY-MM-DD`, None), or (None, a BadDate warning) for a date that is not one.

    The contract's dates are ISO calendar dates. A timestamp keeps its date part (`2020-02-29T10:00Z`);
    anything else (`yesterday`, `29/02/2020`, `2020-02-30`) is dropped with a warning in errors.jsonl and
    the document is still processed: an article is worth more than its date.
    """
    if value is None:
        return None, None
    m = _ISO_DATE.match(value.strip())
    if m is not None and (len(value.strip()) == 10 or value.strip()[10] in "T "):
        try:
            datetime.date(*(int(x) for x in m.groups()))
            return m.group(), None
        except ValueError as e:
            why = f"is not a calendar date ({e})"
    else:
        why = "is not an ISO date (YYYY-MM-DD, digits 0-9)"
    return None, ErrorRecord(
        path=_display(path),
        line=line,
        doc_id=doc_id,
        stage="ingest",
        error="BadDate",
        message=f"date {value[:40]!r} {why}; dropped, the document is still processed",
        level="warning",
    )


def _wide_hint(raw: bytes) -> str | None:
    """What to do with a file in UTF-16 or UTF-32 (a byte-order mark, or NUL bytes in all but one
    position of every 2 or 4: text in a Latin script), or None for anything else."""
    wide: str | None
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        wide = "UTF-32"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = "UTF-16"
    else:
        wide = _nul_pattern(raw[:4096])
    if wide is None:
        return None
    return f"looks like {wide}: re-encode as UTF-8 (iconv -f {wide} -t UTF-8)"


def _nul_pattern(sample: bytes) -> str | None:
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        n = len(sample) // width
        if n < 2:
            continue
        counts = [sample[k::width].count(0) for k in range(width)]
        nuls = sorted(counts)
        # all positions but one mostly NUL, that one almost never: its place gives the byte order
        if nuls[1] >= 0.6 * n and nuls[0] <= 0.1 * n:
            return name + ("LE" if counts.index(nuls[0]) == 0 else "BE")
    return None


def _decode(raw: bytes, path: str, errors: EncodingErrors) -> str:
    hint = _wide_hint(raw)
    if hint is not None:
        raise _Bad(path, "EncodingError", hint)
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        raise _Bad(path, "BinaryFile", f"binary data (NUL byte at offset {nul}); only UTF-8 text is read")
    try:
        text = raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as e:
        raise _Bad(
            path,
            "EncodingError",
            f"invalid UTF-8 at byte offset {e.start}; re-encode the file as UTF-8 or pass --encoding-errors replace",
        ) from None
    return without_bom(text)


class _Bad(Exception):
    def __init__(self, path: str, kind: str, message: str, line: int | None = None, doc_id: str | None = None):
        super().__init__(message)
        self.record = ErrorRecord(path=path, line=line, doc_id=doc_id, stage="ingest", error=kind, message=message)


def _check_text(text: str, path: str, line: int | None = None, doc_id: str | None = None) -> None:
    # invisible format characters (zero-width space, joiners, a stray byte-order mark) are no text
    # either; `all` stops at the first visible character, so a real article costs a few steps
    if all(unicodedata.category(c) == "Cf" or c.isspace() for c in text.strip()):
        raise _Bad(path, "EmptyDocument", "no text (empty, whitespace or invisible characters only)", line, doc_id)


def _too_large(path: str, size: int, max_bytes: int, line: int | None = None) -> _Bad:
    """The limit is set in one of two ways (`extract`'s option, or its environment variable, which a cron job
    or a container sets): both are named, with a value in MB that admits this document."""
    mb = size // 1_000_000 + 1
    return _Bad(
        path,
        "TooLarge",
        f"{size:,} bytes is over the {max_bytes:,}-byte limit per document; to process it, raise the limit "
        f"with --max-doc-mb {mb} or the environment variable CLAIMEX_MAX_DOC_MB={mb} (MB; the option wins)",
        line,
    )


def read_txt(path: Path, errors: EncodingErrors = "strict", max_bytes: int | None = None) -> Document:
    """Read one `.txt` article; raises _Bad for unreadable input.

    Only regular files are read (a FIFO or device would never end), and a file
    over `max_bytes` is refused before it is read into memory.
    """
    with _open_file(str(path)) as fh:
        size = os.fstat(fh.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            raise _too_large(str(path), size, max_bytes)
        raw = fh.read()
    text = _decode(raw, str(path), errors)
    _check_text(text, str(path))
    date, warning = _check_date(date_header(text)[0], str(path), doc_id=path.stem)
    return Document(
        doc_id=path.stem, text=text, date=date, title=headline(text), path=str(path), warnings=_some(warning)
    )


_NOT_A_FILE = "not a regular file (device, FIFO or socket); only files are read"


def _open_file(path: str) -> BinaryIO:
    """Open a regular file for reading; a FIFO or device raises _Bad (NotAFile) without blocking or reading."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever; no effect on regular files.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Bad(path, "NotAFile", _NOT_A_FILE)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _clean_surrogates(value: str, field: str, path: str, line: int, doc_id: str | None, errors: EncodingErrors) -> str:
    m = LONE_SURROGATE.search(value)
    if m is None:
        return value
    if errors == "replace":
        return LONE_SURROGATE.sub("\ufffd", value)
    raise _Bad(
        path,
        "EncodingError",
        surrogate_problem(repr(field), m.group(), m.start()) + "; fix the record or pass --encoding-errors replace",
        line,
        doc_id,
    )


def _record_id(obj: dict, path: str, line: int) -> tuple[str, object]:
    """(the key, its value) naming a JSONL record: `doc_id`, else `id`; raises BadRecord, saying what each
    holds, when neither gives a value. A null or empty `doc_id` is no id (an exporter writing every field
    writes `"doc_id": null` beside the `id` it means), so `id` is read then, not the record refused."""
    for key in ("doc_id", "id"):
        if obj.get(key) not in (None, ""):
            return key, obj[key]

    def what(key: str) -> str:
        return "missing" if key not in obj else "null" if obj[key] is None else "empty"

    if "doc_id" not in obj and "id" not in obj:
        raise _Bad(path, "BadRecord", "missing 'id' or 'doc_id'", line)
    raise _Bad(path, "BadRecord", f"no usable id: 'doc_id' is {what('doc_id')} and 'id' is {what('id')}", line)


def _doc_from_obj(obj: object, path: str, line: int, errors: EncodingErrors = "strict") -> Document:
    if not isinstance(obj, dict):
        raise _Bad(path, "BadRecord", f"expected a JSON object, got {type(obj).__name__}", line)
    key, doc_id = _record_id(obj, path, line)
    if not isinstance(doc_id, str):
        # Refused, not stringified: 1 and "1" would be one id, and a list would become its Python repr.
        raise _Bad(
            path, "BadRecord", f"{key!r} must be a string, got {type(doc_id).__name__} (quote it in the JSON)", line
        )
    doc_id = _clean_surrogates(doc_id, "id", path, line, None, errors)
    if "text" not in obj:
        raise _Bad(path, "BadRecord", "missing 'text'", line, doc_id)
    text = obj["text"]
    if not isinstance(text, str):
        raise _Bad(path, "BadRecord", f"'text' must be a string, got {type(text).__name__}", line, doc_id)
    if "\x00" in text:
        raise _Bad(path, "BinaryFile", "text contains NUL characters", line, doc_id)
    text = _clean_surrogates(text, "text", path, line, doc_id, errors)
    _check_text(text, path, line, doc_id)
    extra: dict[str, str | None] = {}
    for key in _OPTIONAL:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            raise _Bad(path, "BadRecord", f"{key!r} must be a string, got {type(v).__name__}", line, doc_id)
        extra[key] = None if v is None else _clean_surrogates(v, key, path, line, doc_id, errors)
    if extra["date"] is None:
        extra["date"] = date_header(text)[0]
    extra["date"], warning = _check_date(extra["date"], path, line, doc_id)
    return Document(doc_id=doc_id, text=text, path=path, line=line, warnings=_some(warning), **extra)


def _some(warning: ErrorRecord | None) -> tuple[ErrorRecord, ...]:
    return () if warning is None else (warning,)


_SKIP_CHUNK = 1 << 16  # bytes read at a time while skipping the rest of a line over the limit


def _bounded_lines(stream: BinaryIO, max_bytes: int | None) -> Iterator[tuple[bytes | None, int]]:
    """(line, its size in bytes) per line; the line is None when it is over `max_bytes`.

    A line over the limit is read in bounded pieces up to its newline (or the
    end of the stream) and dropped: at most `max_bytes + 1` bytes are held,
    however long the line, with or without a final newline.
    """
    if max_bytes is None:
        for raw in stream:
            yield raw, len(raw)
        return
    while raw := stream.readline(max_bytes + 1):
        if len(raw) <= max_bytes:
            yield raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (raw := stream.readline(_SKIP_CHUNK)):
            size += len(raw)
        yield None, size


def _load_json(s: str, path: str, n: int) -> object:
    try:
        return loads_line(s)
    except BadLine as e:
        raise _Bad(path, "BadJSON", str(e), n) from None


def _decode_line(raw: bytes, path: str, n: int, line_start: int, errors: EncodingErrors) -> str:
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise _Bad(path, "BinaryFile", f"binary data (NUL byte at byte offset {line_start + nul})", n)
    try:
        return raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as e:
        raise _Bad(
            path,
            "EncodingError",
            f"invalid UTF-8 at byte offset {line_start + e.start} (byte {e.start} of the line); "
            "re-encode the file as UTF-8 or pass --encoding-errors replace",
            n,
        ) from None


def read_jsonl(
    stream: BinaryIO,
    path: str,
    errors: EncodingErrors = "strict",
    max_bytes: int | None = None,
    *,
    first_line: int = 1,
    first_offset: int = 0,
) -> Iterator[Document | ErrorRecord]:
    """Yield one Document per good line and one ErrorRecord per bad one.

    Errors name the line (1-based) and, for invalid UTF-8, the byte offset in the file.
    A line over `max_bytes` is refused without being held in memory (see `_bounded_lines`).
    `stream` may be a piece of the file that starts at line `first_line`, byte
    `first_offset` (a distributed engine reads a large file piece by piece).
    A UTF-16 file is one error for the whole file.
    """
    offset = first_offset  # byte offset of the current line in the file
    for n, (raw, size) in enumerate(_bounded_lines(stream, max_bytes), first_line):
        line_start, offset = offset, offset + size
        if raw is None:
            yield _too_large(path, size, max_bytes or 0, n).record
            continue
        hint = _wide_hint(raw) if line_start == 0 else None
        if hint is not None:
            yield _Bad(path, "EncodingError", hint).record
            return
        if not raw.strip():
            continue
        try:
            s = _decode_line(raw, path, n, line_start, errors)
            if n == 1:
                s = without_bom(s)
            if not s.strip():  # a byte-order mark alone, or spaces JSON does not count as such (U+00A0): blank
                continue
            yield _doc_from_obj(_load_json(s, path, n), path, n, errors)
        except _Bad as bad:
            yield bad.record


# every JSONL file a run writes (`--previous`'s change feed and the LLM request log too)
_RUN_FILES = tuple(name for name in RUN_FILES if name.endswith(".jsonl"))
# .ndjson is the same format under another name: one JSON value a line
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_READ_SUFFIXES = (".txt", *_JSONL_SUFFIXES)  # what a directory is searched for
_READ_TYPES = (
    ", ".join(f"*{x}" for x in _READ_SUFFIXES[:-1]) + f" and *{_READ_SUFFIXES[-1]}"
)  # "*.txt, *.jsonl and *.ndjson"
# Data formats, whose text is records and markup, not an article: given by name they were read as one
# plain-text article and made claims out of raw JSON without a word. (Other names, with no extension or
# .md, .text ..., are still read as text: the user named the file.)
_DATA_SUFFIXES = (".json", ".csv", ".tsv", ".xml", ".yaml", ".yml")


def is_jsonl(path: str) -> bool:
    """Whether the file `path` is read as JSONL (one article a line), by its extension."""
    return path.lower().endswith(_JSONL_SUFFIXES)


def _unsupported_format(path: str) -> ErrorRecord | None:
    """An UnsupportedFormat error for a file given by name in a data format (see _DATA_SUFFIXES), else None."""
    suffix = Path(path).suffix.lower()
    if suffix not in _DATA_SUFFIXES:
        return None
    p = Path(_display(path))
    hint = f"; for a JSON array of articles: jq -c '.[]' {p.name} > {p.stem}.jsonl" if suffix == ".json" else ""
    return ErrorRecord(
        path=_display(path),
        stage="ingest",
        error="UnsupportedFormat",
        message=f"a {suffix} file is not read, only .txt (one article) and .jsonl or .ndjson (one JSON object "
        f"a line) are{hint}",
    )


def _display(path: str) -> str:
    """`path` as UTF-8-safe text: bytes that are not UTF-8 (kept by Python as surrogates) become `\\xNN`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _starts_with(path: Path, marker: bytes, within: int) -> bool:
    try:
        with open(path, "rb") as fh:
            return marker in fh.read(within)
    except OSError:
        return False


def _is_run_dir(d: Path) -> bool:
    """A claimex output directory: a claimex journal, or a claimex run.json next to claims.jsonl.

    Checked by content, not by names alone: a folder of articles may well hold a `journal.jsonl`.
    """
    if (d / "journal.jsonl").is_file() and _starts_with(d / "journal.jsonl", b'{"claimex_journal":', 20):
        return True
    return (d / "claims.jsonl").is_file() and _starts_with(d / "run.json", b'"claimex_version"', 200)


def _check_candidate(path: str) -> ErrorRecord | None:
    """An error for a file that cannot be read as an input (name not UTF-8, not a regular file), else None."""
    shown = _display(path)
    if shown != path:
        return ErrorRecord(
            path=shown,
            stage="ingest",
            error="BadFileName",
            message="the file name is not valid UTF-8 (shown with \\xNN escapes); rename it",
        )
    try:
        st = os.stat(path)
    except OSError as e:
        why = {errno.ELOOP: "loops back on itself", errno.ENOENT: "points to no file"}.get(e.errno or 0)
        if why is not None and os.path.islink(path):  # found by walking a directory: dangling, or a loop
            return ErrorRecord(path=path, stage="ingest", error="NotFound", message=f"a symbolic link that {why}")
        return None  # reported when it is opened
    if not stat.S_ISREG(st.st_mode):
        return ErrorRecord(path=path, stage="ingest", error="NotAFile", message=_NOT_A_FILE)
    return None


def _walk(root: Path, skip: Path | None, skipped: list[str] | None = None) -> list[tuple[str, str | ErrorRecord]]:
    """(sort key, file or error) for every file of _READ_TYPES under `root`; unreadable directories are errors.

    Output directories below `root` (the run's own, or an earlier run's) are
    not entered; when `root` itself is one, only its output files are left out.
    Symbolic links to directories are followed, each directory entered once
    (by its real path): a link back to an ancestor does not loop, and a folder
    reached twice is listed once, under the first name the (sorted) walk reaches.
    `skipped`, when given, receives the other files passed over (not hidden
    ones such as .DS_Store, nor an output directory's own files).
    """
    found: list[tuple[str, str | ErrorRecord]] = []
    # Real paths of the directories entered or about to be: a folder of articles may be a link to where
    # they live (as a file may, and files are followed), but a link to an ancestor must not walk forever.
    entered = {os.path.realpath(root)}

    def unreadable(e: OSError) -> None:
        where = str(e.filename) if e.filename is not None else str(root)
        found.append(
            (where, ErrorRecord(path=_display(where), stage="ingest", error="Unreadable", message=e.strerror or str(e)))
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=True):
        d = Path(dirpath)
        dirnames.sort()  # (entered in sorted order, so which name a folder linked twice gets does not vary)
        kept = []
        for x in dirnames:
            real = os.path.realpath(d / x)
            if real not in entered and not _is_output(d / x, skip):
                entered.add(real)
                kept.append(x)
        dirnames[:] = kept
        is_out = _is_output(d, skip)
        for name in filenames:
            if not name.lower().endswith(_READ_SUFFIXES) or (is_out and name in _RUN_FILES):
                if skipped is not None and not is_out and not name.startswith("."):
                    skipped.append((d / name).as_posix())
                continue
            f = (d / name).as_posix()
            found.append((f, _check_candidate(f) or f))
    return sorted(found, key=lambda x: x[0])


def skipped_files(inputs: Iterable[str], exclude: Path | None = None) -> list[str]:
    """One message per input directory holding files that are not read (only _READ_TYPES are):
    how many, and the first as an example; [] when none is passed over. For a `warning:` line, since
    an article saved as .md or .json would otherwise be left out without a word."""
    skip = exclude.resolve() if exclude is not None else None
    notes = []
    seen: set[Path] = set()
    for item in inputs:
        if item == "-" or not Path(item).is_dir() or Path(item).resolve() in seen:
            continue  # (a folder given twice, however spelt, is read once: one note)
        seen.add(Path(item).resolve())
        skipped: list[str] = []
        _walk(Path(item), skip, skipped)
        if skipped:
            n = len(skipped)
            notes.append(
                f"{_display(item)}: {n} file{'s' if n > 1 else ''} not read, only {_READ_TYPES} are "
                f"(e.g. {_display(min(skipped))})"
            )
    return notes


def _is_output(d: Path, skip: Path | None) -> bool:
    try:
        return (skip is not None and d.resolve() == skip) or _is_run_dir(d)
    except OSError:
        return False


def expand_inputs(inputs: Iterable[str], exclude: Path | None = None) -> Iterator[str | ErrorRecord]:
    """Turn CLI inputs into a flat, sorted list of files (or `-`), with errors for bad paths.

    A directory is searched recursively; output directories found inside it
    (`exclude`, the run's own, or any earlier run's: see `_is_run_dir`) are not
    read, so a second run never reads the first run's outputs. An input
    directory inside `exclude` is read normally. An unreadable directory, a
    FIFO or device, and a file name that is not UTF-8 are one error each. A file
    reached twice (`extract d d/x.txt`, or a symlink to it) is read once, where
    it is first reached: the same article is not a second document with its id. So is a bad path
    (`extract d ./d d/fifo`): one error, not one per way of reaching it.
    """
    seen: set[str] = set()
    for item in _expand(inputs, exclude):
        key = _input_key(item)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        yield item


def _input_key(item: str | ErrorRecord) -> str | None:
    """What makes two expanded inputs one: a file's resolved path, standard input (`-` given twice: the
    second read found it empty), a bad path's resolved path; None for an error about one line."""
    if isinstance(item, str):
        return "-" if item == "-" else _resolved(item)
    return None if item.line is not None else "\0" + _resolved(item.path)


def _resolved(path: str) -> str:
    """The absolute path with symlinks resolved (the path itself when it cannot be resolved)."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # e.g. a symlink loop
        return path


def _expand(inputs: Iterable[str], exclude: Path | None) -> Iterator[str | ErrorRecord]:
    """`expand_inputs` before files reached twice are dropped."""
    skip = exclude.resolve() if exclude is not None else None
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        p = Path(item)
        if not p.exists():
            yield ErrorRecord(
                path=_display(item), stage="ingest", error="NotFound", message="no such file or directory"
            )
        elif p.is_dir():
            found = _walk(p, skip)
            if not found:
                yield ErrorRecord(
                    path=_display(item),
                    stage="ingest",
                    error="NoDocuments",
                    message=f"directory holds no {_READ_TYPES.replace(' and ', ' or ')} files",
                )
            yield from (f for _, f in found)
        else:
            yield _check_candidate(item) or item


def iter_documents(
    inputs: Iterable[str],
    *,
    encoding_errors: EncodingErrors = "strict",
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    exclude: Path | None = None,
) -> Iterator[Document | ErrorRecord]:
    """Stream Documents from files, directories and `-`; bad inputs become ErrorRecords.

    A doc_id seen twice is an error for the second occurrence (the first is kept),
    so outputs never hold two documents under one id. A document over
    `max_bytes` (UTF-8 bytes) is an error; `exclude` is a directory never read.
    """
    ids = DocIds()
    for item in expand_inputs(inputs, exclude):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        for rec in read_one(item, encoding_errors, stdin, max_bytes):
            if isinstance(rec, Document):
                yield ids.check(rec.doc_id, rec.path, rec.line) or rec
            else:
                yield rec


class DocIds:
    """The batch's duplicate-id rule: a doc_id seen before is a DuplicateId error (the first is kept),
    naming where it was first seen (file and line)."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, int | None]] = {}  # doc_id -> (path, line) where it was first read

    def check(self, doc_id: str, path: str, line: int | None) -> ErrorRecord | None:
        first = self.seen.get(doc_id)
        if first is None:
            self.seen[doc_id] = (path, line)
            return None
        where = first[0] + (f":{first[1]}" if first[1] is not None else "")
        # a JSONL line's id is in the line; a text file's is its name less the extension
        fix = "give this one another id" if line is not None else "rename this file (its doc_id is its name)"
        return ErrorRecord(
            path=path,
            line=line,
            doc_id=doc_id,
            stage="ingest",
            error="DuplicateId",
            message=f"doc_id {doc_id!r} already seen in this batch, at {where} (kept); {fix}",
        )


def _os_error(path: str, e: OSError) -> ErrorRecord:
    """An input that could not be opened or read, by the README's error names: `NotFound` (gone since
    the folder was listed, or a path through a file), `NotAFile`, `Unreadable` (permission denied, or an
    I/O error)."""
    message = e.strerror or str(e)
    if isinstance(e, (FileNotFoundError, NotADirectoryError)):
        kind, message = "NotFound", "no such file or directory"  # (as for a path given that does not exist)
    elif isinstance(e, IsADirectoryError):
        kind = "NotAFile"
    else:
        kind = "Unreadable"
    return ErrorRecord(path=_display(path), stage="ingest", error=kind, message=message)


def read_one(
    item: str,
    errors: EncodingErrors,
    stdin: BinaryIO | None,
    max_bytes: int | None = None,
) -> Iterator[Document | ErrorRecord]:
    """The documents of one input as given on the command line: `-` (JSONL on `stdin`), a `.jsonl` or
    `.ndjson` file (one document a line), a data format (`.json`, `.csv` ...: one UnsupportedFormat error)
    or any other file as one text document. A bad file or line yields an ErrorRecord naming it, and
    reading goes on; nothing is raised for bad input."""
    try:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _not_empty(_hint_jsonl(read_jsonl(stream, "<stdin>", errors, max_bytes)), "<stdin>")
        elif (bad := _check_candidate(item)) is not None:
            yield bad
        elif (refused := _unsupported_format(item)) is not None:
            yield refused
        elif is_jsonl(item):
            with _open_file(item) as fh:
                yield from _not_empty(read_jsonl(fh, item, errors, max_bytes), item)
        else:
            try:
                yield read_txt(Path(item), errors, max_bytes)
            except _Bad as unread:  # a .txt file is one document, named by its stem even when it cannot be read
                yield unread.record.model_copy(update={"doc_id": Path(item).stem})
    except _Bad as bad:
        yield bad.record
    except OSError as e:
        yield _os_error(item, e)


STDIN_HINT = (
    'stdin (-) is read as JSONL, one {"id": ..., "text": ...} object a line: '
    "for a plain-text article, give its path (a .txt file) instead of -"
)


def _hint_jsonl(items: Iterator[Document | ErrorRecord]) -> Iterator[Document | ErrorRecord]:
    """`items` of stdin, the first line that is not a JSON object (plain text piped in: `head a.txt |
    claimex extract -`) saying that stdin is JSONL and what to do instead (`STDIN_HINT`); once, as each
    bad line is still its own error."""
    hinted = False
    for got in items:
        if not hinted and isinstance(got, ErrorRecord) and _not_an_object(got):
            hinted = True
            got = got.model_copy(update={"message": f"{got.message}; {STDIN_HINT}"})
        yield got


def _not_an_object(rec: ErrorRecord) -> bool:
    return rec.error == "BadJSON" or (rec.error == "BadRecord" and rec.message.startswith("expected a JSON object"))


def _not_empty(items: Iterator[Document | ErrorRecord], path: str) -> Iterator[Document | ErrorRecord]:
    """`items`, or one EmptyDocument error for `path` when there are none: a JSONL file or stdin given as
    input that holds nothing is reported, as an empty .txt is."""
    read = 0
    for got in items:
        read += 1
        yield got
    if not read:
        yield _Bad(path, "EmptyDocument", "no documents (empty, or blank lines only)").record


class BadLine(ValueError):
    """A line of a JSONL file that cannot be read as JSON; the message says why (no line number)."""


def jsonl_lines(fh: BinaryIO) -> Iterator[tuple[int, str | BadLine]]:
    """(line number, text) for each non-blank line of a binary JSONL stream; undecodable lines as a BadLine.

    For the files a run writes (claims.jsonl, documents.jsonl, ...) and other
    JSONL read after a run: one damaged line never stops the reader. A UTF-8 byte-order mark before
    the first line (a Windows editor's) is skipped, as `extract` skips it.
    """
    for n, raw in enumerate(fh, 1):
        if n == 1:
            raw = without_bom(raw)
        if not raw.strip():
            continue
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield n, BadLine(f"invalid UTF-8 at byte {e.start} of the line")


class _NotJSONConstant(ValueError):
    """`NaN`, `Infinity` or `-Infinity` met by json.loads (Python writes them; JSON has no such value)."""


def refuse_constant(name: str) -> object:
    """json.loads' `parse_constant`, raising ValueError: `NaN` and `Infinity`, which json.loads takes for
    numbers, are no JSON (a page's JSON.parse and jq refuse them, and no claimex run writes them)."""
    raise _NotJSONConstant(f"{name} is no JSON value: JSON has no NaN or Infinity")


def _finite_float(text: str) -> float:
    """json.loads' `parse_float`: a number written too large for a float (`1e400`) loads as infinity
    without `parse_constant` seeing it; it is refused as `Infinity` is."""
    x = float(text)
    if math.isinf(x):
        raise _NotJSONConstant(f"{text[:40]} is too large a number: it loads as Infinity, which JSON has not")
    return x


def loads_line(s: str) -> object:
    """json.loads that raises only BadLine: not JSON (`NaN` and `Infinity` too, and a number too large for
    a float), nested too deep, or an integer too long to load."""
    try:
        return json.loads(s, parse_constant=refuse_constant, parse_float=_finite_float)
    except _NotJSONConstant as e:
        raise BadLine(f"not JSON ({e}; write a number or null)") from None
    except json.JSONDecodeError as e:
        # (json's own message for a control character already ends in "at": no "at at column")
        raise BadLine(f"not JSON ({e.msg.removesuffix(' at')} at column {e.colno})") from None
    except RecursionError:
        raise BadLine("valid JSON that cannot be loaded: nested too deep") from None
    except ValueError as e:  # an integer over sys.get_int_max_str_digits() digits
        raise BadLine(f"valid JSON that cannot be loaded: number too large ({e})") from None


# A JSON escape of a surrogate code point: only a line holding one can load a lone surrogate (UTF-8 text
# cannot carry one), so only those lines are searched.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads_text_line(s: str) -> object:
    """`loads_line` for a line whose strings are written out again (claims, reviews, gold: an export, a
    page, a metrics file): also raises BadLine when a key or a string at any depth holds an unpaired
    surrogate escape (`\\ud800`), which loads but cannot be written as UTF-8 (it stopped the writing)."""
    obj = loads_line(s)
    if _SURROGATE_ESCAPE.search(s) and (why := _lone_surrogate_in(obj)) is not None:
        raise BadLine(why)
    return obj


def _lone_surrogate_in(obj: object) -> str | None:
    """What in a loaded JSON value first holds an unpaired surrogate (`'mentions[0].text'`, or the key),
    in the textnorm wording, or None. Walked without recursion: the value may be nested deep."""
    todo: list[tuple[str, object]] = [("", obj)]
    while todo:
        where, v = todo.pop()
        if isinstance(v, str):
            if m := LONE_SURROGATE.search(v):
                return surrogate_problem(repr(where) if where else "the line", m.group(), m.start())
        elif isinstance(v, dict):
            for k in v:
                if m := LONE_SURROGATE.search(k):
                    return surrogate_problem(f"the key {k!r}", m.group(), None)
            todo.extend((f"{where}.{k}" if where else k, x) for k, x in reversed(v.items()))
        elif isinstance(v, list):
            todo.extend((f"{where}[{i}]", x) for i, x in reversed(list(enumerate(v))))
    return None


def read_json_lines(path: Path | str) -> Iterator[tuple[int, object | BadLine]]:
    """(line number, loaded JSON or the BadLine saying why not) for each non-blank line of `path`
    (`loads_text_line`: a lone surrogate is a bad line).

    Raises OSError when the file cannot be opened.
    """
    with open(path, "rb") as fh:
        for n, s in jsonl_lines(fh):
            if isinstance(s, BadLine):
                yield n, s
                continue
            try:
                yield n, loads_text_line(s)
            except BadLine as e:
                yield n, e


def documents_from_texts(texts: dict[str, str]) -> list[Document]:
    """Convenience for tests and library users: build Documents from {doc_id: text}.

    A ` date ` header is checked as a file's is: a date that is not an ISO calendar date is dropped,
    with its BadDate warning in the Document's `warnings`.
    """
    docs = []
    for k, v in texts.items():
        date, warning = _check_date(date_header(v)[0], "<memory>", doc_id=k)
        docs.append(Document(doc_id=k, text=v, date=date, path="<memory>", warnings=_some(warning)))
    return docs


__all__ = [
    "BadLine",
    "date_header",
    "documents_from_texts",
    "is_jsonl",
    "iter_documents",
    "jsonl_lines",
    "loads_text_line",
    "loads_line",
    "read_json_lines",
    "read_jsonl",
    "read_txt",
    "refuse_constant",
    "skipped_files",
]
