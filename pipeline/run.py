"""The pipeline, composed in one place.

    ingest -> segment -> extract -> resolve speakers -> ground -> merge -> emit

`process_document` runs the per-document stages (pure: a Document in, a
DocumentResult out; `process_windowed` for very long documents); `run_batch`
streams a batch through it (on threads or worker processes if asked),
journals each result (`journal.py`, for --resume), then merges and writes the
outputs from the journal (`finalize`). Both take the extractor as an
argument: nothing global (a worker process keeps its own copy).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .backends.base import Extractor
from .emit import CLAIMS, DOCUMENTS, ERRORS, RUN, atomic_lines, atomic_write, dumps
from .errors import ClaimexError, ConfigError, Interrupted, UsageError
from .ground import ground
from .ingest import EncodingErrors, iter_documents
from .journal import JOURNAL, Entry, JournalError, identity, open_journal, raw_entries, read_entries
from .merge import merge
from .models import Claim, Document, DocumentResult, ErrorRecord, GroundedMention
from .segment import segment
from .speakers import resolve_speakers


def process_document(doc: Document, extractor: Extractor) -> DocumentResult:
    """Run segment, extract, resolve speakers and ground on one document."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    seg = segment(doc)
    t1 = time.perf_counter()
    extraction = extractor.run(seg)  # its info says which backend really answered (fallbacks)
    extracted = extraction.mentions
    t2 = time.perf_counter()
    resolved = resolve_speakers(seg, extracted)
    t3 = time.perf_counter()
    grounded = ground(seg, resolved, extraction.info)
    t4 = time.perf_counter()
    t.update(segment=t1 - t0, extract=t2 - t1, resolve=t3 - t2, ground=t4 - t3)
    return DocumentResult(
        doc_id=doc.doc_id,
        path=doc.path,
        date=doc.date,
        url=doc.url,
        title=doc.title,
        mentions=grounded.mentions,
        extracted=len(extracted),
        ungrounded=grounded.dropped,
        extractor=extraction.info,
        fallback=extraction.fallback,
        seconds=t,
    )


@dataclass
class BatchReport:
    """What happened in a run; becomes run.json."""

    inputs: list[str]
    backend: str
    documents_read: int = 0
    documents_failed: int = 0
    mentions_extracted: int = 0
    mentions_grounded: int = 0
    ungrounded: int = 0
    claims_written: int = 0
    denials: int = 0  # claims with polarity "denial" (for the CLI summary)
    # per extractor backend that made documents: {"llm": {"documents", "ungrounded", "fallback"}, ...}
    by_backend: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def add_time(self, stage: str, secs: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + secs

    def to_json(self) -> dict:
        return {
            "claimex_version": __version__,
            "inputs": self.inputs,
            "backend": self.backend,
            "documents": {
                "read": self.documents_read,
                "ok": self.documents_read - self.documents_failed,
                "failed": self.documents_failed,
            },
            "mentions": {
                "extracted": self.mentions_extracted,
                "grounded": self.mentions_grounded,
                "dropped": self.ungrounded,
            },
            "ungrounded": self.ungrounded,
            "claims_written": self.claims_written,
            "seconds": {k: round(v, 4) for k, v in sorted(self.seconds.items())},
            **self.extra,
        }


@dataclass
class BatchResult:
    claims: list[Claim]
    results: list[DocumentResult]
    errors: list[ErrorRecord]
    report: BatchReport


# A document longer than this is processed window by window (see process_windowed).
WINDOW_CHARS = 50_000


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into consecutive [start, end) pieces of at most `size` chars.

    Cuts fall after a newline (paragraph end) where one is in the second half
    of the piece, else after a space, else at `size` (text with no spaces).
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            lo = start + size // 2
            cut = text.rfind("\n", lo, end)
            if cut < 0:
                cut = text.rfind(" ", lo, end)
            if cut >= 0:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


def process_windowed(doc: Document, extractor: Extractor, window: int = WINDOW_CHARS) -> DocumentResult:
    """`process_document`, but a very long document goes window by window.

    The rule stages cost more than linear time in document length, so a 50 MB
    "article" would never finish in one piece; windows of `window` chars
    (cut at paragraph ends) keep the cost linear and memory bounded. Offsets
    are shifted back, so `text[start:end] == mention.text` holds for the whole
    document; local_ids get a `w{k}.` prefix to stay unique. A quotation that
    spans a window cut is seen as two pieces. News-length articles are far
    below `window` and take the one-piece path unchanged.
    """
    if len(doc.text) <= window:
        return process_document(doc, extractor)
    mentions = []
    extracted = ungrounded = 0
    fallback = False
    secs: dict[str, float] = {}
    for k, (a, b) in enumerate(windows(doc.text, window)):
        if not doc.text[a:b].strip():
            continue
        part = process_document(doc.model_copy(update={"text": doc.text[a:b]}), extractor)
        extracted += part.extracted
        ungrounded += part.ungrounded
        fallback = fallback or part.fallback
        for stage, v in part.seconds.items():
            secs[stage] = secs.get(stage, 0.0) + v
        for g in part.mentions:
            m = g.mention
            shifted = m.model_copy(
                update={
                    "start": m.start + a,
                    "end": m.end + a,
                    "sentence": m.sentence.model_copy(
                        update={"start": m.sentence.start + a, "end": m.sentence.end + a}
                    ),
                }
            )
            mentions.append(
                g.model_copy(
                    update={
                        "local_id": f"w{k}.{g.local_id}",
                        "mention": shifted,
                        "denies": tuple(f"w{k}.{d}" for d in g.denies),
                    }
                )
            )
    return DocumentResult(
        doc_id=doc.doc_id,
        path=doc.path,
        date=doc.date,
        url=doc.url,
        title=doc.title,
        mentions=tuple(mentions),
        extracted=extracted,
        ungrounded=ungrounded,
        extractor=extractor.info,
        fallback=fallback,
        seconds=secs,
    )


def _safe_process(item: Document | ErrorRecord, extractor: Extractor, fail_fast: bool) -> DocumentResult | ErrorRecord:
    if isinstance(item, ErrorRecord):
        if fail_fast:
            raise ClaimexError(item.one_line())
        return item
    try:
        return process_windowed(item, extractor)
    except ConfigError:  # a bad key or model fails every document alike: stop the batch
        raise
    except Exception as e:  # one bad document must not stop the batch
        if fail_fast:
            raise
        msg = str(e).splitlines()[0] if str(e) else repr(e)
        return ErrorRecord(
            path=item.path, line=item.line, doc_id=item.doc_id, stage="extract", error=type(e).__name__, message=msg
        )


def _until(items: Iterable, stop: threading.Event | None) -> Iterator:
    """Pass items through until `stop` is set (checked before each one is taken)."""
    for item in items:
        yield item
        if stop is not None and stop.is_set():
            return


def iter_results(
    docs: Iterable[Document | ErrorRecord],
    extractor: Extractor,
    *,
    fail_fast: bool = False,
    concurrency: int = 1,
    workers: int = 1,
    stop: threading.Event | None = None,
) -> Iterator[DocumentResult | ErrorRecord]:
    """Stream per-document results in input order; a document that fails becomes an ErrorRecord.

    With `concurrency > 1`, up to that many documents are processed at once on
    threads (for I/O-bound backends such as the LLM); at most `2 * concurrency`
    documents are held in memory, and results still come out in input order.
    With `workers > 1`, chunks of documents go to that many processes (for the
    CPU-bound rule backend); results still come out in input order. When
    `stop` is set, no new document is taken, and the ones in flight finish.
    """
    docs = _until(docs, stop)
    if workers > 1:
        yield from _iter_results_processes(docs, extractor, fail_fast, concurrency, workers)
        return
    if concurrency <= 1:
        for item in docs:
            yield _safe_process(item, extractor, fail_fast)
        return
    window: deque[Future] = deque()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="claimex") as pool:
        for item in docs:
            window.append(pool.submit(_safe_process, item, extractor, fail_fast))
            if len(window) >= 2 * concurrency:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


# ------------------------------------------------------------ worker processes
CHUNK_DOCS = 32  # documents per task sent to a worker process
CHUNK_CHARS = 1_000_000  # ... or fewer, when they are long

_worker_extractor: Extractor | None = None


def _exit_with_parent() -> None:
    """A worker must not outlive a parent killed with SIGKILL (it would run on as an orphan)."""
    parent = os.getppid()
    try:  # Linux: the kernel kills us when the parent dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(1)

    def watch() -> None:  # elsewhere (and as a fallback): notice re-parenting
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="claimex-parent-watch").start()


def _init_worker(blob: bytes) -> None:
    # Ctrl-C goes to the whole process group: the parent decides how to stop, workers just finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    global _worker_extractor
    _worker_extractor = pickle.loads(blob)


def _process_chunk(items: list[Document | ErrorRecord], fail_fast: bool, concurrency: int) -> list[tuple[bool, str]]:
    """A chunk's results as (is_error, JSON): unpickling pydantic models cost the parent 0.8 ms per
    article, more than the JSON round trip the journal makes anyway (and validates the same way)."""
    assert _worker_extractor is not None
    return [
        (isinstance(r, ErrorRecord), r.model_dump_json())
        for r in iter_results(items, _worker_extractor, fail_fast=fail_fast, concurrency=concurrency)
    ]


def _from_worker(results: list[tuple[bool, str]]) -> Iterator[DocumentResult | ErrorRecord]:
    for is_error, raw in results:
        yield ErrorRecord.model_validate_json(raw) if is_error else DocumentResult.model_validate_json(raw)


def _chunks(docs: Iterable[Document | ErrorRecord]) -> Iterator[list[Document | ErrorRecord]]:
    chunk: list[Document | ErrorRecord] = []
    chars = 0
    for item in docs:
        chunk.append(item)
        chars += len(item.text) if isinstance(item, Document) else 0
        if len(chunk) >= CHUNK_DOCS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _iter_results_processes(docs, extractor: Extractor, fail_fast: bool, concurrency: int, workers: int):
    try:
        blob = pickle.dumps(extractor)
    except Exception as e:
        raise UsageError(
            f"--workers needs a backend that can be copied to worker processes; "
            f"{extractor.name} cannot ({type(e).__name__}); use --workers 1"
        ) from None
    # fork starts workers fast and needs no re-import of __main__; spawn where fork does not exist.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method), initializer=_init_worker, initargs=(blob,)
    )
    window: deque[Future] = deque()
    finished = False
    try:
        for chunk in _chunks(docs):
            window.append(pool.submit(_process_chunk, chunk, fail_fast, concurrency))
            if len(window) >= 2 * workers:
                yield from _from_worker(window.popleft().result())
        while window:
            yield from _from_worker(window.popleft().result())
        finished = True
    finally:
        # On an error or a second Ctrl-C, queued chunks are dropped; the journal has what finished.
        pool.shutdown(wait=finished, cancel_futures=not finished)


# ------------------------------------------------------------------- the batch
def _skip_journaled(
    docs: Iterator[Document | ErrorRecord],
    done: Iterator[Entry],
    journal_path: Path | str,
    on_error: Callable[[ErrorRecord], None] | None,
) -> Iterator[Document | ErrorRecord]:
    """Drop the input items the journal already holds, checking they are the same items."""
    for entry in done:
        item = next(docs, None)
        if item is None or identity(item) != identity(entry.item):
            got = "the end of the inputs" if item is None else f"{identity(item)}"
            raise JournalError(
                f"{journal_path}: the inputs changed since the journal was written "
                f"(item {entry.n + 1} was {identity(entry.item)}, now {got}); run without --resume to start over"
            )
        if isinstance(entry.item, ErrorRecord) and on_error:
            on_error(entry.item)
    yield from docs


class _MemoryJournal:
    """The journal interface, in memory (run_batch without an output directory)."""

    def __init__(self):
        self.entries: list[Entry] = []
        self.done = 0

    def append(self, item: DocumentResult | ErrorRecord) -> None:
        self.entries.append(Entry(self.done, item))
        self.done += 1

    def close(self) -> None:
        pass


def journal_header(inputs: list[str], extractor: Extractor, encoding_errors: str, max_doc_bytes: int | None) -> dict:
    """What a journal is written for (the settings that change results): a resume must match it."""
    return {
        "inputs": list(inputs),
        "extractor": extractor.info.model_dump(mode="json"),
        "encoding_errors": encoding_errors,
        "max_doc_bytes": max_doc_bytes,
        "window_chars": WINDOW_CHARS,
    }


def run_batch(
    inputs: list[str],
    extractor: Extractor,
    out_dir: Path | None = None,
    *,
    merge_across: bool = True,
    fail_fast: bool = False,
    concurrency: int = 1,
    encoding_errors: EncodingErrors = "strict",
    on_error: Callable[[ErrorRecord], None] | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
    resume: bool = False,
    workers: int = 1,
    max_doc_bytes: int | None = None,
    collect: bool = True,
    stop: threading.Event | None = None,
) -> BatchResult:
    """Inputs in, claims out; writes claims.jsonl, errors.jsonl, documents.jsonl and run.json if `out_dir`.

    With `out_dir`, every finished input is journaled (OUT/journal.jsonl)
    before the next is reported, and the final files are rebuilt from the
    journal: `resume=True` continues an interrupted run of the same inputs and
    settings, and the outputs equal those of an uninterrupted run. Without
    `resume`, a new journal replaces any old one (start over). Raises
    Interrupted when `stop` is set before the inputs are done (the journal
    keeps what finished), JournalError when a journal cannot be resumed.
    `collect=False` keeps memory flat: the result then holds the report and
    errors, not every claim and document (they are in the files).
    """
    if out_dir is None and resume:
        raise UsageError("resume needs an output directory")
    report = BatchReport(inputs=list(inputs), backend=extractor.name)
    t0 = time.perf_counter()
    header = journal_header(inputs, extractor, encoding_errors, max_doc_bytes)
    journal = open_journal(Path(out_dir), header, resume=resume) if out_dir is not None else _MemoryJournal()
    resumed = journal.done
    docs: Iterator[Document | ErrorRecord] = iter_documents(
        inputs,
        encoding_errors=encoding_errors,
        max_bytes=max_doc_bytes,
        exclude=Path(out_dir) if out_dir is not None else None,
    )
    try:
        if resumed:
            docs = _skip_journaled(docs, read_entries(journal.path), journal.path, on_error)  # type: ignore[union-attr]
        for item in iter_results(
            docs, extractor, fail_fast=fail_fast, concurrency=concurrency, workers=workers, stop=stop
        ):
            journal.append(item)
            if isinstance(item, ErrorRecord):
                if on_error:
                    on_error(item)
            elif on_document:
                on_document(item)
    finally:
        journal.close()
    report.add_time("ingest+stages", time.perf_counter() - t0)
    result = finish(journal, out_dir, report, merge_across=merge_across, collect=collect, stop=stop)
    report.extra.update(journal={"entries": journal.done, "resumed_after": resumed}, workers=workers)
    report.extra.update(extractor.report(report.by_backend))  # e.g. the LLM's requests, tokens, cache hits
    if out_dir is not None:
        atomic_write(Path(out_dir) / RUN, [json.dumps(report.to_json(), ensure_ascii=False, indent=2)])
    return result


def finish(
    journal,
    out_dir: Path | None,
    report: BatchReport,
    *,
    merge_across: bool = True,
    collect: bool = True,
    stop: threading.Event | None = None,
    merge_fn: Callable | None = None,
) -> BatchResult:
    """After the per-document stages: raise Interrupted if `stop` was set, else `finalize` (any engine)."""
    if stop is not None and stop.is_set():
        where = f" in {Path(out_dir) / JOURNAL}" if out_dir is not None else ""
        raise Interrupted(f"interrupted: {journal.done} input item(s) finished and are kept{where}", done=journal.done)
    entries = journal.entries if isinstance(journal, _MemoryJournal) else None
    # The merge keeps every mention alive while it builds millions of small objects: Python's cyclic
    # GC would rescan them over and over (emit took 2.3x as long at 5,000 documents). They hold no
    # reference cycles, so collection waits until the outputs are written.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return finalize(out_dir, report, entries=entries, merge_across=merge_across, collect=collect, merge_fn=merge_fn)
    finally:
        if gc_was_enabled:
            gc.enable()


def finalize(
    out_dir: Path | None,
    report: BatchReport,
    *,
    entries: list[Entry] | None = None,
    merge_across: bool = True,
    collect: bool = True,
    merge_fn: Callable[[list[GroundedMention]], list[Claim]] | None = None,
) -> BatchResult:
    """Journal entries in, final files out (claims, errors, documents; run.json is the caller's).

    `merge_fn` replaces the cross-document merge (mentions in, the claims
    `merge` would give out), e.g. the Ray engine's distributed one.

    Counts come from the entries, so a resumed run counts each document once.
    Memory: the merge holds grounded mentions (never article text); with
    `merge_across=False` claims are streamed document by document in input
    order, so memory stays flat however long the batch is.
    """
    errors: list[ErrorRecord] = []
    results: list[DocumentResult] = []
    claims: list[Claim] = []
    mentions = []
    counts = {"claims": 0, "denials": 0}
    for k in ("documents_read", "documents_failed", "mentions_extracted", "mentions_grounded", "ungrounded"):
        setattr(report, k, 0)
    report.by_backend = {}
    # (is_error, JSON, parsed item): from the journal file each entry is parsed once, here.
    items: Iterable[tuple[bool, str | None, DocumentResult | ErrorRecord | None]]
    if entries is not None:
        items = ((isinstance(e.item, ErrorRecord), None, e.item) for e in entries)
    else:
        items = ((err, raw, None) for err, raw in raw_entries(Path(out_dir) / JOURNAL))  # type: ignore[arg-type]

    def sink(name: str, stack: ExitStack) -> Callable[[str], None]:
        if out_dir is None:
            return lambda line: None
        return stack.enter_context(atomic_lines(Path(out_dir) / name))

    def add_claims(cs: Iterable[Claim], write: Callable[[str], None]) -> None:
        for c in cs:
            counts["claims"] += 1
            counts["denials"] += c.polarity == "denial"
            if collect:
                claims.append(c)
            write(dumps(c))

    t1 = time.perf_counter()
    with ExitStack() as stack:  # every file appears only if all of them were written
        write_doc = sink(DOCUMENTS, stack)
        write_claim = sink(CLAIMS, stack) if not merge_across else None
        for is_error, raw, item in items:
            report.documents_read += 1
            if is_error:
                report.documents_failed += 1
                errors.append(item or ErrorRecord.model_validate_json(raw))  # type: ignore[arg-type]
                continue
            r: DocumentResult = item or DocumentResult.model_validate_json(raw)  # type: ignore[assignment]
            tally = report.by_backend.setdefault(r.extractor.backend, {"documents": 0, "ungrounded": 0, "fallback": 0})
            tally["documents"] += 1
            tally["ungrounded"] += r.ungrounded
            tally["fallback"] += r.fallback
            report.mentions_extracted += r.extracted
            report.mentions_grounded += len(r.mentions)
            report.ungrounded += r.ungrounded
            for stage, v in r.seconds.items():
                report.add_time(stage, v)
            write_doc(raw if raw is not None else dumps(r))
            if collect:
                results.append(r)
            if write_claim is None:
                mentions.extend(r.mentions)
            else:  # --no-merge: one document at a time, in input order: memory stays flat
                add_claims(merge(r.mentions, merge_across=False), write_claim)
        write_err = sink(ERRORS, stack)
        for e in errors:
            write_err(dumps(e))
    report.add_time("emit", time.perf_counter() - t1)
    if merge_across:
        t2 = time.perf_counter()
        merged = merge_fn(mentions) if merge_fn is not None else merge(mentions, merge_across=True)
        mentions.clear()
        report.add_time("merge", time.perf_counter() - t2)
        t3 = time.perf_counter()
        with ExitStack() as stack:
            add_claims(merged, sink(CLAIMS, stack))
        report.add_time("emit", time.perf_counter() - t3)
    report.claims_written = counts["claims"]
    report.denials = counts["denials"]
    return BatchResult(claims=claims if collect else [], results=results, errors=errors, report=report)
