"""Stage 1, ingest: paths in, Documents (or one ErrorRecord per bad input) out.

Accepted inputs:
- a `.txt` file (doc_id = file stem),
- a `.jsonl` file, one article per line: `id` or `doc_id`, `text`, and optional
  `title`, `date`, `url`, `source`,
- a directory, searched recursively for `*.txt` and `*.jsonl` in sorted order,
- `-` for JSONL on standard input.

Text is decoded as UTF-8 without newline translation, so every offset the
pipeline writes indexes exactly the string read here. Inputs are streamed: one
document in memory at a time (a JSONL file is read line by line).
"""

from __future__ import annotations

import json
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from .models import Document, ErrorRecord

EncodingErrors = Literal["strict", "replace"]

_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s")
_OPTIONAL = ("title", "date", "url", "source")


def date_header(text: str) -> tuple[str | None, int]:
    """Return (date, offset where the body starts) for a leading ` date YYYY-MM-DD ` header."""
    m = _DATE_HEADER.match(text)
    if not m:
        return None, 0
    return m.group(1), m.end()


def _decode(raw: bytes, path: str, errors: EncodingErrors) -> str:
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
    return text[1:] if text.startswith("\ufeff") else text


class _Bad(Exception):
    def __init__(self, path: str, kind: str, message: str, line: int | None = None, doc_id: str | None = None):
        super().__init__(message)
        self.record = ErrorRecord(path=path, line=line, doc_id=doc_id, stage="ingest", error=kind, message=message)


def _check_text(text: str, path: str, line: int | None = None, doc_id: str | None = None) -> None:
    if not text.strip():
        raise _Bad(path, "EmptyDocument", "no text (empty or whitespace only)", line, doc_id)


def _too_large(path: str, size: int, max_bytes: int, line: int | None = None) -> _Bad:
    return _Bad(
        path,
        "TooLarge",
        f"{size:,} bytes is over the {max_bytes:,}-byte limit per document; raise it with --max-doc-mb",
        line,
    )


def read_txt(path: Path, errors: EncodingErrors = "strict", max_bytes: int | None = None) -> Document:
    """Read one `.txt` article; raises _Bad for unreadable input.

    Only regular files are read (a FIFO or device would never end), and a file
    over `max_bytes` is refused before it is read into memory.
    """
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise _Bad(str(path), "NotAFile", "not a regular file (device, FIFO or socket); only files are read")
    if max_bytes is not None and st.st_size > max_bytes:
        raise _too_large(str(path), st.st_size, max_bytes)
    raw = path.read_bytes()
    text = _decode(raw, str(path), errors)
    _check_text(text, str(path))
    date, _ = date_header(text)
    return Document(doc_id=path.stem, text=text, date=date, path=str(path))


# JSON can spell lone surrogates (\ud800); they are not text and cannot be written out as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_surrogates(value: str, field: str, path: str, line: int, doc_id: str | None, errors: EncodingErrors) -> str:
    m = _SURROGATE.search(value)
    if m is None:
        return value
    if errors == "replace":
        return _SURROGATE.sub("\ufffd", value)
    raise _Bad(
        path,
        "EncodingError",
        f"{field!r} holds an unpaired surrogate escape (\\u{ord(m.group()):04x}) at character {m.start()}; "
        "fix the record or pass --encoding-errors replace",
        line,
        doc_id,
    )


def _doc_from_obj(obj: object, path: str, line: int, errors: EncodingErrors = "strict") -> Document:
    if not isinstance(obj, dict):
        raise _Bad(path, "BadRecord", f"expected a JSON object, got {type(obj).__name__}", line)
    doc_id = obj.get("doc_id", obj.get("id"))
    if doc_id is None or doc_id == "":
        raise _Bad(path, "BadRecord", "missing 'id' or 'doc_id'", line)
    doc_id = _clean_surrogates(str(doc_id), "id", path, line, None, errors)
    if "text" not in obj:
        raise _Bad(path, "BadRecord", "missing 'text'", line, doc_id)
    text = obj["text"]
    if not isinstance(text, str):
        raise _Bad(path, "BadRecord", f"'text' must be a string, got {type(text).__name__}", line, doc_id)
    if "\x00" in text:
        raise _Bad(path, "BinaryFile", "text contains NUL characters", line, doc_id)
    text = _clean_surrogates(text, "text", path, line, doc_id, errors)
    _check_text(text, path, line, doc_id)
    extra = {}
    for key in _OPTIONAL:
        v = obj.get(key)
        extra[key] = None if v is None else _clean_surrogates(str(v), key, path, line, doc_id, errors)
    if extra["date"] is None:
        extra["date"] = date_header(text)[0]
    return Document(doc_id=doc_id, text=text, path=path, line=line, **extra)


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
    `stream` may be a piece of the file that starts at line `first_line`, byte
    `first_offset` (a distributed engine reads a large file piece by piece).
    """
    offset = first_offset  # byte offset of the current line in the file
    for n, raw in enumerate(stream, first_line):
        line_start, offset = offset, offset + len(raw)
        if not raw.strip():
            continue
        try:
            if max_bytes is not None and len(raw) > max_bytes:
                raise _too_large(path, len(raw), max_bytes, n)
            nul = raw.find(b"\x00")
            if nul >= 0:
                raise _Bad(path, "BinaryFile", f"binary data (NUL byte at byte offset {line_start + nul})", n)
            try:
                s = raw.decode("utf-8", errors=errors)
            except UnicodeDecodeError as e:
                raise _Bad(
                    path,
                    "EncodingError",
                    f"invalid UTF-8 at byte offset {line_start + e.start} (byte {e.start} of the line); "
                    "re-encode the file as UTF-8 or pass --encoding-errors replace",
                    n,
                ) from None
            if n == 1 and s.startswith("\ufeff"):
                s = s[1:]
            try:
                obj = json.loads(s)
            except json.JSONDecodeError as e:
                raise _Bad(path, "BadJSON", f"not JSON ({e.msg} at column {e.colno})", n) from None
            yield _doc_from_obj(obj, path, n, errors)
        except _Bad as bad:
            yield bad.record


def expand_inputs(inputs: Iterable[str], exclude: Path | None = None) -> Iterator[str | ErrorRecord]:
    """Turn CLI inputs into a flat, sorted list of files (or `-`), with errors for bad paths.

    Files under `exclude` (the run's own output directory) are skipped when a
    directory is searched, so a second run never reads the first run's outputs.
    """
    skip = exclude.resolve() if exclude is not None else None
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        p = Path(item)
        if not p.exists():
            yield ErrorRecord(path=item, stage="ingest", error="NotFound", message="no such file or directory")
        elif p.is_dir():
            found = sorted(
                (
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in (".txt", ".jsonl")
                    and not (skip is not None and f.resolve().is_relative_to(skip))
                ),
                key=lambda f: f.as_posix(),
            )
            if not found:
                yield ErrorRecord(
                    path=item, stage="ingest", error="NoDocuments", message="directory holds no *.txt or *.jsonl files"
                )
            yield from (str(f) for f in found)
        else:
            yield str(p)


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
    seen: set[str] = set()
    for item in expand_inputs(inputs, exclude):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        for rec in _read_one(item, encoding_errors, stdin, max_bytes):
            if isinstance(rec, Document):
                if rec.doc_id in seen:
                    rec = ErrorRecord(
                        path=rec.path,
                        line=rec.line,
                        doc_id=rec.doc_id,
                        stage="ingest",
                        error="DuplicateId",
                        message=f"doc_id {rec.doc_id!r} already seen in this batch",
                    )
                else:
                    seen.add(rec.doc_id)
            yield rec


def _read_one(
    item: str,
    errors: EncodingErrors,
    stdin: BinaryIO | None,
    max_bytes: int | None = None,
) -> Iterator[Document | ErrorRecord]:
    try:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "<stdin>", errors, max_bytes)
        elif item.lower().endswith(".jsonl"):
            with open(item, "rb") as fh:
                yield from read_jsonl(fh, item, errors, max_bytes)
        else:
            yield read_txt(Path(item), errors, max_bytes)
    except _Bad as bad:
        yield bad.record
    except OSError as e:
        yield ErrorRecord(path=item, stage="ingest", error=type(e).__name__, message=e.strerror or str(e))


def documents_from_texts(texts: dict[str, str]) -> list[Document]:
    """Convenience for tests and library users: build Documents from {doc_id: text}."""
    return [Document(doc_id=k, text=v, date=date_header(v)[0], path="<memory>") for k, v in texts.items()]


__all__ = ["iter_documents", "read_txt", "read_jsonl", "date_header", "documents_from_texts"]
