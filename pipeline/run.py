"""The pipeline, composed in one place.

    ingest -> segment -> extract -> resolve speakers -> ground -> merge -> emit

`process_document` runs the per-document stages (pure: a Document in, a
DocumentResult out; `process_windowed` for very long documents). `run_batch`
is the one batch runner: it reads the inputs, applies the duplicate-id rule,
has an executor (`executors.py`: this thread, threads, processes, or Ray
actors) map `DocStage` over them, journals each result in input order
(`journal.py`, for --resume; fail-fast and Ctrl-C here too), then merges and
stages the final files from the journal (`finalize`) and publishes them with
run.json, all at once, in the locked output directory (`outdir.py`). The
extractor is an argument: nothing global (a worker keeps its own copy).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from . import __version__, checkworthy
from .backends.base import Extractor
from .budget import DEFAULT_DOC_TIMEOUT, time_budget
from .claimtext import with_leads
from .emit import dumps
from .errors import (
    BackendError,
    ClaimexError,
    ConfigError,
    ConfigStop,
    EnvironmentFailure,
    Interrupted,
    UsageError,
    describe_environment_failure,
)
from .executors import Codec, Executor, make_executor
from .feed import CHANGES, count_events, dumps_event, follow, previous_report, read_previous_claims, replaced_warning
from .ground import ground
from .ingest import DocIds, EncodingErrors, expand_inputs, is_jsonl, read_one
from .journal import (
    Entry,
    Journal,
    JournalError,
    count_lines,
    file_identity,
    identity,
    open_journal,
    raw_entries,
    read_entries,
    unfinished,
)
from .language import not_english_warning
from .merge import merge
from .models import Claim, Document, DocumentResult, ErrorRecord, GroundedMention
from .outdir import CLAIMS, DOCUMENTS, ERRORS, OutputDir, Publication, working_directory
from .progress import Progress
from .quotestyle import double_quoted, verbatim
from .remerge import mixed_run, same_document
from .segment import quote_marks, segment
from .speakers import EntityIndex, clarify, resolve_speakers

log = logging.getLogger("claimex.run")


def text_digest(text: str) -> str:
    """A document's `text_sha256`: the sha256 of its text as UTF-8 (a lone surrogate encoded as is)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def process_document(doc: Document, extractor: Extractor) -> DocumentResult:
    """Run segment, extract, resolve speakers and ground on one document (on a copy whose single
    quotation marks read as double ones where the document quotes that way: `quotestyle`)."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    work = double_quoted(doc)
    seg = segment(work)
    t1 = time.perf_counter()
    extraction = extractor.run(seg)  # its info says which backend really answered (fallbacks)
    extracted = extraction.mentions
    t2 = time.perf_counter()
    idx = EntityIndex(seg) if extracted else None  # one per document: speakers, then clarifications
    resolved = resolve_speakers(seg, extracted, idx)
    t3 = time.perf_counter()
    grounded = ground(seg, resolved, extraction.info)
    mentions = tuple(clarify(idx, grounded.mentions)) if idx is not None else grounded.mentions
    mentions = tuple(with_leads(work.text, mentions))
    if work is not doc:
        mentions = verbatim(doc.text, mentions)
    t4 = time.perf_counter()
    t.update(segment=t1 - t0, extract=t2 - t1, resolve=t3 - t2, ground=t4 - t3)
    return DocumentResult(
        doc_id=doc.doc_id,
        path=doc.path,
        text_sha256=text_digest(doc.text),
        date=doc.date,
        url=doc.url,
        title=doc.title,
        mentions=mentions,
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
    cwd: str | None = field(default_factory=working_directory)  # where the relative `inputs` are
    documents_read: int = 0
    documents_failed: int = 0
    mentions_extracted: int = 0
    mentions_grounded: int = 0
    ungrounded: int = 0
    claims_written: int = 0
    denials: int = 0  # claims with polarity "denial" (for the CLI summary)
    warnings: int = 0  # errors.jsonl lines that are not failures (NotEnglish)
    # per extractor backend that made documents: {"llm": {"documents", "ungrounded", "fallback"}, ...}
    by_backend: dict[str, dict[str, int]] = field(default_factory=dict)
    fallback_documents: list[str] = field(default_factory=list)  # doc_ids of results with `fallback`
    seconds: dict[str, float] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def add_time(self, stage: str, secs: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + secs

    def add_document(self, r: DocumentResult) -> None:
        """Count one document result of the batch (`finalize`, from the journal)."""
        self.warnings += len(r.warnings)
        tally = self.by_backend.setdefault(r.extractor.backend, {"documents": 0, "ungrounded": 0, "fallback": 0})
        tally["documents"] += 1
        tally["ungrounded"] += r.ungrounded
        tally["fallback"] += r.fallback
        if r.fallback:
            self.fallback_documents.append(r.doc_id)
        self.mentions_extracted += r.extracted
        self.mentions_grounded += len(r.mentions)
        self.ungrounded += r.ungrounded
        for stage, v in r.seconds.items():
            self.add_time(stage, v)

    def to_json(self) -> dict:
        return {
            "claimex_version": __version__,
            "inputs": self.inputs,
            "cwd": self.cwd,
            "backend": self.backend,
            "documents": {
                "read": self.documents_read,
                "ok": self.documents_read - self.documents_failed,
                "failed": self.documents_failed,
            },
            "warnings": self.warnings,
            "mentions": {
                "extracted": self.mentions_extracted,
                "grounded": self.mentions_grounded,
                "dropped": self.ungrounded,
            },
            "ungrounded": self.ungrounded,
            "claims_written": self.claims_written,
            "checkworthiness_model": checkworthy.model_version(),  # what scored every claim's checkworthiness
            "seconds": {k: round(v, 4) for k, v in sorted(self.seconds.items())},
            **self.extra,
        }


@dataclass
class BatchResult:
    claims: list[Claim]
    results: list[DocumentResult]
    errors: list[ErrorRecord]
    report: BatchReport
    # The earlier run's files left in OUT, not replaced, as no document succeeded in this run (`run_batch`).
    kept: list[str] = field(default_factory=list)
    # With --previous, no document of this batch succeeded: the previous run's claims are not
    # published (nor streamed) again as this run's (`finalize`), and nothing is (`_publish`).
    nothing_new: bool = False


# A document longer than this is processed window by window (see process_windowed).
WINDOW_CHARS = 50_000


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into consecutive [start, end) pieces of at most `size` chars.

    Cuts fall after a newline (paragraph end) where one is in the second half
    of the piece, else after a sentence's end outside quotation marks, else
    after a space, else at `size` (text with no spaces).
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            lo = start + size // 2
            cut = text.rfind("\n", lo, end)
            if cut < 0:
                cut = _sentence_cut(text, start, lo, end)
            if cut < 0:
                cut = text.rfind(" ", lo, end)
            if cut >= 0:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


# a sentence's end: its mark, any closing quotation marks, then a space (the cut goes after the space)
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019'\u00bb]*( )")


def _sentence_cut(text: str, start: int, lo: int, end: int) -> int:
    """The last space in text[lo:end] after a sentence's end outside quotation marks, -1 if none.

    Marks are read from `start` with the segmenter's guess of opening or closing
    (`segment.quote_marks`), and a closing mark never takes the depth below zero, so a stray mark
    (`a 12" pipe`) does not turn every later decision: a window cut there splits no quotation (one
    paragraph of thousands of quotes lost those a cut at a plain space went through)."""
    ends = [m.start(1) for m in _SENTENCE_END.finditer(text, lo, end)]
    if not ends:
        return -1
    depth, best, k = 0, -1, 0
    for at, opens in quote_marks(text, start, ends[-1]):
        while k < len(ends) and ends[k] <= at:
            if depth == 0 and ends[k] >= lo:
                best = ends[k]
            k += 1
        depth = depth + 1 if opens else max(0, depth - 1)
    for e in ends[k:]:
        if depth == 0:
            best = e
    return best


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
        text_sha256=text_digest(doc.text),
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


def _safe_process(
    item: Document | ErrorRecord,
    extractor: Extractor,
    fail_fast: bool = False,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
) -> DocumentResult | ErrorRecord:
    """One input item through the per-document stages; a document that raises becomes an ErrorRecord
    (with `fail_fast`, the exception propagates instead). A document still running after `doc_timeout`
    seconds becomes a `Timeout` error line (pipeline/budget.py; None: no limit)."""
    if isinstance(item, ErrorRecord):
        if fail_fast:
            raise ClaimexError(item.one_line())
        return item
    try:
        # CPU-bound backends only: a network backend is bounded by its request timeouts and --deadline, and a
        # slow model is no runaway document. (A no-op off a process's main thread.)
        with time_budget(None if extractor.needs_network else doc_timeout):
            result = process_windowed(item, extractor)
        english = not_english_warning(item)  # still processed: the LLM backend may read it
        warnings = item.warnings + (() if english is None else (english,))
        return result.model_copy(update={"warnings": warnings}) if warnings else result
    except ConfigError:  # a bad key or model fails every document alike: stop the batch
        raise
    except Exception as e:  # one bad document must not stop the batch
        if fail_fast:
            raise
        msg = str(e).splitlines()[0] if str(e) else repr(e)
        error = getattr(e, "error_name", type(e).__name__)  # DocumentTimeout -> "Timeout"
        llm = e if isinstance(e, BackendError) else None
        return ErrorRecord(
            path=item.path,
            line=item.line,
            doc_id=item.doc_id,
            stage="extract",
            error=error,
            message=msg,
            attempts=llm.attempts if llm else None,
            usage=(llm.usage or None) if llm else None,
        )


class DocStage:
    """The per-document stages as the function an executor maps over input items (picklable with its
    extractor, so a worker process keeps its own copy); `extractor_factory` instead builds the
    extractor where it first runs (a Ray actor)."""

    def __init__(
        self,
        extractor: Extractor | None = None,
        extractor_factory: Callable[[], Extractor] | None = None,
        doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    ):
        self.extractor = extractor
        self.extractor_factory = extractor_factory
        self.doc_timeout = doc_timeout
        self.name = extractor.name if extractor is not None else "the backend"

    def get_extractor(self) -> Extractor:
        """The extractor, built on first use (call it before sharing the stage between threads)."""
        if self.extractor is None:
            assert self.extractor_factory is not None
            self.extractor = self.extractor_factory()
        return self.extractor

    def __call__(self, item: Document | ErrorRecord) -> DocumentResult | ErrorRecord:
        return _safe_process(item, self.extractor or self.get_extractor(), doc_timeout=self.doc_timeout)


class ResultCodec(Codec):
    """Results back from worker processes as (is_error, JSON), validated here as the journal does."""

    def encode(self, result: DocumentResult | ErrorRecord) -> tuple[bool, str]:
        return isinstance(result, ErrorRecord), result.model_dump_json()

    def decode(self, sent: tuple[bool, str]) -> DocumentResult | ErrorRecord:
        is_error, raw = sent
        return ErrorRecord.model_validate_json(raw) if is_error else DocumentResult.model_validate_json(raw)


_CODEC = ResultCodec()


def _until(items: Iterable, stop: threading.Event | None) -> Iterator:
    """Pass items through until `stop` is set (checked before each one is taken)."""
    for item in items:
        yield item
        if stop is not None and stop.is_set():
            return


@dataclass
class ReadOptions:
    """How inputs are read (the settings of `iter_documents`)."""

    encoding_errors: EncodingErrors = "strict"
    max_bytes: int | None = None
    exclude: Path | None = None
    stdin: BinaryIO | None = None
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT  # seconds per document in the stages (None: no limit)


def read_inputs(inputs: list[str], opts: ReadOptions, ids: DocIds) -> Iterator[Document | ErrorRecord]:
    """Input items in input order (as `iter_documents` reads them), with the duplicate-id rule applied."""
    for path in expand_inputs(inputs, opts.exclude):
        if isinstance(path, ErrorRecord):
            yield path
            continue
        for rec in read_one(path, opts.encoding_errors, opts.stdin, opts.max_bytes):
            if isinstance(rec, Document):
                dup = ids.check(rec.doc_id, rec.path, rec.line)
                yield rec if dup is None else dup
            else:
                yield rec


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

    path = None

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.done = 0

    def append(self, item: DocumentResult | ErrorRecord) -> None:
        self.entries.append(Entry(self.done, item))
        self.done += 1

    def close(self) -> None:
        pass


def journal_header(
    inputs: list[str],
    extractor: Extractor,
    encoding_errors: str,
    max_doc_bytes: int | None,
    exclude: Path | None = None,
    *,
    merge_across: bool = True,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    previous: Path | None = None,
) -> dict:
    """What a journal is written for (the settings that change results, and the identity of each input
    file: `files`, see `journal.file_identity`): a resume must match it. stdin cannot be checked.

    Settings that leave the output as it is (`--workers`, `--concurrency`, `--fail-fast`, the LLM's
    timeouts, ...) are not in it: a resume may change them. A key added here gets its option's name in
    `journal.OPTION_NAMES`, for a refusal to name it."""
    files = {p: file_identity(p) for p in expand_inputs(inputs, exclude) if isinstance(p, str) and p != "-"}
    return {
        "inputs": list(inputs),
        "extractor": extractor.info.model_dump(mode="json"),
        "encoding_errors": encoding_errors,
        "max_doc_bytes": max_doc_bytes,
        "window_chars": WINDOW_CHARS,
        "no_merge": not merge_across,
        "doc_timeout": None if doc_timeout is None else float(doc_timeout),  # (30 and 30.0 are one budget)
        "previous": None if previous is None else str(previous),
        **extractor.result_settings(),
        "files": files,
    }


def count_items(inputs: list[str], exclude: Path | None = None) -> int | None:
    """About how many input items (journal entries) `inputs` hold, for progress: one per .txt file and
    per bad path, one per line of a .jsonl (or .ndjson) file (a fast newline count); None with stdin (unknown)."""
    n = 0
    for p in expand_inputs(inputs, exclude):
        if p == "-":
            return None
        if isinstance(p, str) and is_jsonl(p):
            n += _count_lines(p)
        else:
            n += 1
    return n


def _count_lines(path: str) -> int:
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return max(1, lines + (last != b"\n"))


def _count_in_background(progress: Progress, inputs: list[str], exclude: Path | None) -> None:
    def count() -> None:
        try:
            progress.set_total(count_items(inputs, exclude))
        except Exception:  # progress only: never a reason to stop a run
            log.debug("could not count the inputs", exc_info=True)

    threading.Thread(target=count, daemon=True, name="claimex-count").start()


def journaled(out: OutputDir | None) -> int | None:
    """How many input items the journal in `out` holds; None when there is none or it cannot be read."""
    if out is None:
        return None
    try:
        with open(out.journal, "rb") as fh:
            lines = count_lines(fh)
    except OSError:
        return None
    return max(lines - 1, 0)  # the header, and a line torn by a full disk, are not entries


def journal_state(out: OutputDir | None) -> str:
    """What the journal in `out` holds, for the message of a run the environment stopped."""
    kept = journaled(out)
    if out is None or kept is None:
        return "nothing was journaled"
    return f"the journal is intact ({kept:,} input item(s) finished, kept in {out.journal})"


def _discarded_note(path: Path | None, count: int, resumable: bool) -> str:
    """One line: this run started over on an unfinished run's journal (documented, but silent it looked
    like finished work gone missing); whether --resume would have continued it instead."""
    why = "; --resume would have continued it" if resumable else " (of other inputs or settings)"
    return (
        f"note: {path}: started over, discarding an unfinished run's journal of {count:,} finished input item(s){why}"
    )


def combine_reports(driver: dict, workers: list[dict]) -> dict:
    """The driver's run.json sections with the workers' counters added in (an executor whose workers
    build their own extractors, e.g. Ray's).

    Numbers add up, lists are joined and sorted (fallback documents), other
    values (model, schema mode) are the driver's unless a worker found
    another (e.g. a server that refused strict JSON schemas).
    """

    def add(a, b):
        if isinstance(a, bool) or isinstance(b, bool):
            return a
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a + b
        if isinstance(a, dict) and isinstance(b, dict):
            return {k: add(a[k], b[k]) if k in b else a[k] for k in a}
        if isinstance(a, list) and isinstance(b, list):
            return sorted(a + b)
        return b if b is not None and b != a else a

    out = driver
    for w in workers:
        out = add(out, w)
    return out


@dataclass
class _Run:
    """One batch in progress: what `run_batch` hands to its steps."""

    inputs: list[str]
    extractor: Extractor
    executor: Executor
    read: ReadOptions
    journal: Journal | _MemoryJournal
    fail_fast: bool
    on_error: Callable[[ErrorRecord], None] | None
    on_document: Callable[[DocumentResult], None] | None
    stop: threading.Event | None
    progress: Progress
    stream: TextIO | None = None  # --out - --no-merge: each document's claims, as it is journaled
    ids: DocIds = field(default_factory=DocIds)
    worker_reports: dict[str, dict] = field(default_factory=dict)  # worker id -> its latest extractor report

    def results(self) -> Generator[DocumentResult | ErrorRecord, None, None]:
        """Every input item's result or error, in input order, duplicate ids applied."""
        if self.executor.reads_inputs:
            yield from self._piece_results()
            return
        docs = read_inputs(self.inputs, self.read, self.ids)
        if self.journal.done:
            docs = _skip_journaled(docs, read_entries(self.journal.path), self.journal.path, self.on_error)  # type: ignore[arg-type]
        yield from self.executor.map(
            _until(docs, self.stop), DocStage(self.extractor, doc_timeout=self.read.doc_timeout), stop=self.stop
        )

    def _piece_results(self) -> Iterator[DocumentResult | ErrorRecord]:
        """An executor whose workers read the inputs: pieces out, (usage, rows) back; see `PieceOutput`."""
        pieces = self.executor.plan(self.inputs, self.read)
        stage = self.executor.read_stage(self.read)
        outs = self.executor.map(pieces, stage)
        try:
            for out in outs:
                usage = out.usage
                if usage and usage["calls"] > self.worker_reports.get(usage["worker"], {}).get("calls", 0):
                    self.worker_reports[usage["worker"]] = usage
                for seen, line, is_error, payload in out.rows:
                    item = _CODEC.decode((is_error, payload))
                    dup = self.ids.check(seen, item.path, line) if seen else None
                    yield item if dup is None else dup
        finally:
            close = getattr(outs, "close", None)  # closed now, not when collected: the workers stop first
            if close is not None:
                close()

    def journal_all(self) -> None:
        """Journal every result in input order (fail-fast, callbacks, stop); the journal is closed at the end."""
        results = self.results()
        try:
            for item in results:
                if isinstance(item, ErrorRecord) and self.fail_fast:
                    raise ClaimexError(item.one_line())
                self.journal.append(item)
                if self.stream is not None and isinstance(item, DocumentResult):
                    stream_claims(item, self.stream)
                self.progress.advance()
                if isinstance(item, DocumentResult) and log.isEnabledFor(logging.DEBUG):
                    log.debug(
                        "%s: %d mentions (%s)%s",
                        item.doc_id,
                        len(item.mentions),
                        item.extractor.backend,
                        " after falling back to the rules" if item.fallback else "",
                    )
                if isinstance(item, ErrorRecord):
                    if self.on_error:
                        self.on_error(item)
                elif self.on_document:
                    self.on_document(item)
                if self.stop is not None and self.stop.is_set() and self.executor.reads_inputs:
                    return  # (local executors stop taking input instead, and the items in flight finish)
        finally:
            results.close()  # stop the executor's workers (e.g. Ray's dataset) before the journal closes
            self.journal.close()


def stream_claims(r: DocumentResult, to: TextIO) -> None:
    """One document's claims without the merge (`--no-merge`) as JSON lines on `to`, flushed: a reader
    of `--out -` gets them as soon as the document is journaled."""
    for c in merge(r.mentions, merge_across=False):
        to.write(dumps(c) + "\n")
    to.flush()


def _check_previous(previous: Path, on_warning: Callable[[str], None] | None) -> None:
    """Read `--previous` whole before any document is: a mistyped or damaged one is a UsageError now, not
    after hours of extraction (into a journal whose header holds the wrong --previous, which --resume
    then refuses). A run of two runs' files is warned of (as `claimex merge --previous` does)."""
    mixed = mixed_run(previous)
    if mixed and on_warning is not None:
        on_warning(mixed)
    # (read again by the final merge: held for the whole batch it would double the merge's memory)
    read_previous_claims(previous)
    _PreviousDocuments.read(previous, None)


def run_batch(
    inputs: list[str],
    extractor: Extractor,
    out_dir: Path | None = None,
    *,
    executor: Executor | None = None,
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
    stdin: BinaryIO | None = None,
    command: str | None = None,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
    progress: Progress | None = None,
    previous: Path | None = None,
    stream: TextIO | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> BatchResult:
    """Inputs in, claims out; publishes claims.jsonl, errors.jsonl, documents.jsonl and run.json if `out_dir`.

    The one batch runner, for every executor (`executors.py`; default: one
    made from `workers` and `concurrency`). With `out_dir`, the directory is
    locked for the run (`outdir.py`: a second live run into it fails with
    OutDirInUse), every finished input is journaled (OUT/journal.jsonl) before
    the next is reported, and the final files are rebuilt from the journal and
    published together at the end: `resume=True` continues an interrupted run
    of the same inputs and settings, and the outputs equal those of an
    uninterrupted run. Without `resume`, a new journal replaces any old one
    (start over). A batch in which no document succeeded (every input item failed) publishes
    nothing when OUT holds an earlier run's results: they are kept, named in the result's `kept`.
    Raises Interrupted when `stop` is set before the inputs are
    done (the journal keeps what finished), JournalError when a journal cannot
    be resumed, EnvironmentFailure when the machine stops the run (disk full,
    read-only --out, a dead worker process, out of memory; the journal keeps
    what finished). `collect=False` keeps memory flat: the result then holds the
    report and errors, not every claim and document (they are in the files).
    `progress` hears of each finished item and of the final merge (`progress.py`).

    `previous` (a run directory, `--previous`): this run's claims are the merge of that run's documents
    and the inputs' (a doc_id in both: this run's result, unless it failed here), and `changes.jsonl`
    (`feed.py`) says what changed since that run's claims. `stream` (`--out -`): every claim line is
    also written there: with the merge at the end, without it (`merge_across=False`) each document's
    claims as soon as it is journaled, in input order (a resumed run first repeats the journaled ones).
    `on_warning` hears one line per doc_id whose document replaces one of another text in `previous`, and
    one, first, when `previous` holds files of two runs (`remerge.mixed_run`). `on_note` hears one line
    when this run (without `resume`) replaced the journal of a run that never finished (`journal.unfinished`).
    """
    if previous is not None and not merge_across:
        raise UsageError("--previous needs the merge: the change feed compares merged claims (drop --no-merge)")
    if out_dir is None and resume:
        raise UsageError("resume needs an output directory")
    executor = executor or make_executor(workers, concurrency, ResultCodec())
    if resume and executor.reads_inputs:
        raise UsageError(
            f"--resume is not supported with --engine {executor.name}; the journal is the local engine's, "
            f"so resume with the same command without --engine {executor.name} (and its --{executor.name}-* options)"
        )
    if stop is not None:
        extractor.stop_on(stop)  # a backend's own waits (the LLM's retries) end when the run stops
    if previous is not None:
        _check_previous(Path(previous), on_warning)
    out = OutputDir(out_dir) if out_dir is not None else None
    journal: Journal | _MemoryJournal | None = None  # this run's, once open: until then OUT's is an earlier run's
    try:
        with out.lock(list(inputs), command) if out is not None else nullcontext():
            report = BatchReport(inputs=list(inputs), backend=extractor.name)
            t0 = time.perf_counter()
            header = (
                journal_header(
                    inputs,
                    extractor,
                    encoding_errors,
                    max_doc_bytes,
                    out.path,
                    merge_across=merge_across,
                    doc_timeout=doc_timeout,
                    previous=previous,
                )
                if out
                else {}
            )
            discarded = unfinished(out.path, header) if out is not None and not resume else None
            journal = open_journal(out.path, header, resume=resume) if out is not None else _MemoryJournal()
            if discarded is not None and on_note is not None:
                on_note(_discarded_note(journal.path, *discarded))
            run = _Run(
                inputs=list(inputs),
                extractor=extractor,
                executor=executor,
                read=ReadOptions(encoding_errors, max_doc_bytes, out.path if out else None, stdin, doc_timeout),
                journal=journal,
                fail_fast=fail_fast,
                on_error=on_error,
                on_document=on_document,
                stop=stop,
                progress=progress or Progress(enabled=False),
                stream=None if merge_across else stream,
            )
            resumed = run.journal.done
            if resumed:
                log.info("resuming: %s input item(s) already finished in %s", f"{resumed:,}", run.journal.path)
            if progress is not None and progress.enabled:
                _count_in_background(progress, list(inputs), out.path if out else None)
            run.progress.start(before=resumed)
            if resumed and run.stream is not None and run.journal.path is not None:
                for entry in read_entries(run.journal.path):
                    if isinstance(entry.item, DocumentResult):
                        stream_claims(entry.item, run.stream)
            run.journal_all()
            report.add_time("ingest+stages", time.perf_counter() - t0)
            # run.json's run_id is the extractor's own when it has one (the LLM's: its request log lines carry it);
            # nothing is published if this block raises
            pub_or_none = out.publication(getattr(extractor, "run_id", None)) if out is not None else nullcontext()
            with pub_or_none as pub:
                result = finish(
                    run.journal,
                    pub,
                    report,
                    merge_across=merge_across,
                    collect=collect,
                    stop=stop,
                    merge_fn=executor.merge_fn,
                    progress=run.progress,
                    previous=previous,
                    stream=stream if merge_across else None,
                    on_warning=on_warning,
                )
                report.extra.update(journal={"entries": run.journal.done, "resumed_after": resumed}, **executor.info())
                # e.g. the LLM's requests, tokens, cache hits: this process's, plus the workers' own extractors'
                workers_reports = [u["report"] for u in run.worker_reports.values()]
                sections = combine_reports(extractor.report(report.by_backend), workers_reports)
                # the documents' outcomes as journaled (before a --resume too), not only this process's
                report.extra.update(extractor.account_journal(sections, report.fallback_documents, result.errors))
                if out is not None and pub is not None:
                    _publish(out, pub, report, result, run.progress)
            return result
    except ClaimexError as e:
        said = _said_with_journal(e, out, journal)
        if said is e:
            raise  # (its own context and cause, as raised)
        raise said from e
    except Exception as e:  # the machine, not an input: disk full, read-only --out, a dead worker
        # Imported here, as `executors` does: the module brings multiprocessing and pickle (3 ms of start-up)
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(e, BrokenProcessPool) and stop is not None and stop.is_set():
            # a SIGTERM sent to the whole process group ended the workers as this process was stopping:
            # an interruption, not a failure (the documents they had in flight are done again on resume)
            raise _interrupted(journaled(out) or 0, out.journal if out is not None else None) from e
        if isinstance(e, BrokenPipeError) and stream is not None:
            raise  # the reader of --out - left (`| head`): not a failure; the CLI ends quietly with 141
        what = describe_environment_failure(e)
        if what is None:
            raise
        if out is not None and journal is None and not resume and journaled(out) is not None:
            # Stopped (locking, writing the new header) before this run's journal replaced an earlier run's:
            # what that one holds is none of this run's, and --resume would continue that run, not this one.
            raise EnvironmentFailure(
                f"stopped: {what}; nothing of this run was journaled ({out.journal} is an earlier run's, left as it was)",
                resumable=False,
            ) from e
        raise EnvironmentFailure(f"stopped: {what}; {journal_state(out)}") from e


def _publish(out: OutputDir, pub: Publication, report: BatchReport, result: BatchResult, progress: Progress) -> None:
    """Publish the staged files with run.json; or, when every input item of the batch (the journal's, a
    resumed run's too) failed, and one at least, and `out` holds an earlier run's results, keep those
    (named in `result.kept`; e.g. a mistyped path): the staged files are dropped, and the journal, which
    holds the errors, stays this run's, so --resume of this command ends the same way."""
    if report.documents_failed > 0 and report.documents_failed == report.documents_read:
        result.kept = out.results()
        if result.kept or result.nothing_new:
            return
    # publishing: a first Ctrl-C waits for the files to be in place again (stopping
    # between two renames would leave claims.jsonl of this run beside run.json of the last)
    progress.final = False
    pub.commit(report.to_json())


def _said_with_journal(
    e: ClaimexError, out: OutputDir | None, journal: Journal | _MemoryJournal | None
) -> ClaimexError:
    """`e` as the run raises it: a ConfigError met once this run's journal holds finished items (a key
    revoked mid-batch) becomes a ConfigStop that says what the journal keeps (its cause: `e`); else `e`."""
    if not isinstance(e, ConfigError) or isinstance(e, ConfigStop) or out is None or journal is None:
        return e
    if not journaled(out):
        return e  # nothing finished yet: nothing to continue
    stop = ConfigStop(f"{e}; {journal_state(out)}")
    stop.__cause__ = e
    return stop


def _interrupted(done: int, journal_path: Path | None) -> Interrupted:
    """The stop of a run Ctrl-C or SIGTERM interrupted, `done` input items finished (kept in the journal)."""
    where = f" in {journal_path}" if journal_path is not None else ""
    return Interrupted(f"interrupted: {done} input item(s) finished and are kept{where}", done=done)


def finish(
    journal,
    pub: Publication | None,
    report: BatchReport,
    *,
    merge_across: bool = True,
    collect: bool = True,
    stop: threading.Event | None = None,
    merge_fn: Callable | None = None,
    progress: Progress | None = None,
    previous: Path | None = None,
    stream: TextIO | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BatchResult:
    """After the per-document stages: raise Interrupted if `stop` was set, else `finalize` (any engine)."""
    if progress is not None:  # (first: a Ctrl-C from here on stops at once, one before it is seen below)
        progress.finishing()
    if stop is not None and stop.is_set():
        raise _interrupted(journal.done, journal.path)
    entries = journal.entries if isinstance(journal, _MemoryJournal) else None
    # The merge keeps every mention alive while it builds millions of small objects: Python's cyclic
    # GC would rescan them over and over (emit took 2.3x as long at 5,000 documents). They hold no
    # reference cycles, so collection waits until the outputs are written.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return finalize(
            pub,
            report,
            journal=journal.path,
            entries=entries,
            merge_across=merge_across,
            collect=collect,
            merge_fn=merge_fn,
            progress=progress,
            previous=previous,
            stream=stream,
            on_warning=on_warning,
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def finalize(
    pub: Publication | None,
    report: BatchReport,
    *,
    journal: Path | None = None,
    entries: list[Entry] | None = None,
    merge_across: bool = True,
    collect: bool = True,
    merge_fn: Callable[[list[GroundedMention]], list[Claim]] | None = None,
    progress: Progress | None = None,
    previous: Path | None = None,
    stream: TextIO | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BatchResult:
    """Journal entries (`entries`, or the file `journal`) in, final files staged in `pub` out (claims,
    errors, documents; publishing them with run.json is the caller's).

    `merge_fn` replaces the cross-document merge (mentions in, the claims
    `merge` would give out), e.g. the Ray engine's distributed one.

    Counts come from the entries, so a resumed run counts each document once.
    Memory: the merge holds grounded mentions (never article text); with
    `merge_across=False` claims are streamed document by document in input
    order, so memory stays flat however long the batch is.

    `previous`: the previous run's documents join the merge (and documents.jsonl) where this run has no
    result for their doc_id, and changes.jsonl is staged (`feed.follow`); a document of this run whose
    doc_id is there with another text replaces it all the same, and is counted (run.json
    `previous.documents_replaced`) and told to `on_warning`. `stream`: the merged claims' lines are also
    written there.
    """
    prev_claims = read_previous_claims(previous) if previous is not None else None
    prev_docs = _PreviousDocuments.read(previous, on_warning)
    errors: list[ErrorRecord] = []
    error_lines: list[ErrorRecord] = []  # errors.jsonl: the failures and the warnings, in input order
    results: list[DocumentResult] = []
    claims: list[Claim] = []
    mentions: list[GroundedMention] = []
    counts = {"claims": 0, "denials": 0}
    for k in (
        "documents_read",
        "documents_failed",
        "warnings",
        "mentions_extracted",
        "mentions_grounded",
        "ungrounded",
    ):
        setattr(report, k, 0)
    report.by_backend = {}
    report.fallback_documents = []
    # (is_error, JSON, parsed item): from the journal file each entry is parsed once, here.
    items: Iterable[tuple[bool, str | None, DocumentResult | ErrorRecord | None]]
    if entries is not None:
        items = ((isinstance(e.item, ErrorRecord), None, e.item) for e in entries)
    else:
        assert journal is not None
        items = ((err, raw, None) for err, raw in raw_entries(journal))

    def sink(name: str) -> Callable[[str], None]:
        return pub.writer(name) if pub is not None else (lambda line: None)

    def add_claims(cs: Iterable[Claim], write: Callable[[str], None]) -> None:
        for c in cs:
            counts["claims"] += 1
            counts["denials"] += c.polarity == "denial"
            if collect:
                claims.append(c)
            write(dumps(c))

    t1 = time.perf_counter()
    # Staged files: `pub` publishes them all at once, or none (a merge that raises publishes nothing).
    write_doc = sink(DOCUMENTS)
    write_claim = sink(CLAIMS) if not merge_across else None
    have: set[str] = set()
    for is_error, raw, item in items:
        report.documents_read += 1
        if is_error:
            report.documents_failed += 1
            errors.append(item or ErrorRecord.model_validate_json(raw))  # type: ignore[arg-type]
            error_lines.append(errors[-1])
            continue
        r: DocumentResult = item or DocumentResult.model_validate_json(raw)  # type: ignore[assignment, arg-type]
        error_lines.extend(r.warnings)
        report.add_document(r)
        write_doc(raw if raw is not None else dumps(r))
        have.add(r.doc_id)
        prev_docs.see(r)
        if collect:
            results.append(r)
        if write_claim is None:
            mentions.extend(r.mentions)
        else:  # --no-merge: one document at a time, in input order: memory stays flat
            add_claims(merge(r.mentions, merge_across=False), write_claim)
    # No document of this batch succeeded (every input failed: a mistyped path): the previous run's state is
    # no result of this run, so it is neither merged, staged nor streamed as this run's claims.
    nothing_new = previous is not None and 0 < report.documents_failed == report.documents_read
    if previous is not None and not nothing_new:  # its documents this run has no result for: still the state
        rest = list(prev_docs.rest(have))
        report.extra["previous"] = previous_report(previous, len(rest), prev_docs.replaced)
        for r in rest:
            write_doc(dumps(r))
            mentions.extend(r.mentions)
    write_err = sink(ERRORS)
    for e in error_lines:
        write_err(dumps(e))
    report.add_time("emit", time.perf_counter() - t1)
    if merge_across:
        if progress is not None:
            progress.merging(len(mentions), report.documents_read)
        t2 = time.perf_counter()
        merged = merge_fn(mentions) if merge_fn is not None else merge(mentions, merge_across=True)
        mentions.clear()
        if prev_claims is not None and not nothing_new:
            merged = _stage_changes(prev_claims, merged, sink(CHANGES), report)
        report.add_time("merge", time.perf_counter() - t2)
        t3 = time.perf_counter()
        add_claims(merged, _tee(sink(CLAIMS), stream))
        if stream is not None:
            stream.flush()
        report.add_time("emit", time.perf_counter() - t3)
        if progress is not None:
            progress.merged(counts["claims"])
    report.claims_written = counts["claims"]
    report.denials = counts["denials"]
    return BatchResult(
        claims=claims if collect else [], results=results, errors=errors, report=report, nothing_new=nothing_new
    )


def _stage_changes(
    prev_claims: list[dict], merged: list[Claim], write: Callable[[str], None], report: BatchReport
) -> list[Claim]:
    """changes.jsonl against the previous run's claims (`feed.follow`); the claims with `replaces` filled."""
    merged, events = follow(prev_claims, merged)
    for e in events:
        write(dumps_event(e))
    report.extra["changes"] = count_events(events)
    return merged


def _tee(write: Callable[[str], None], stream: TextIO | None) -> Callable[[str], None]:
    """`write`, and each line also on `stream` (`--out -`) when there is one."""
    if stream is None:
        return write
    to = stream

    def both(line: str) -> None:
        write(line)
        to.write(line + "\n")

    return both


@dataclass
class _PreviousDocuments:
    """The previous run's document results (`--previous`) by doc_id (none without one), and the doc_ids
    of this run's documents that replace one of another text there (each told to `on_warning`)."""

    run: Path | None = None
    docs: dict[str, DocumentResult] = field(default_factory=dict)
    on_warning: Callable[[str], None] | None = None
    replaced: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, previous: Path | None, on_warning: Callable[[str], None] | None) -> _PreviousDocuments:
        """PREVIOUS/documents.jsonl; raises UsageError when that run has no readable documents.jsonl."""
        if previous is None:
            return cls()
        from .remerge import read_run

        results, problems, _ = read_run(previous)
        if problems:
            raise UsageError(f"--previous {previous}: {problems[0].one_line()}")
        return cls(previous, {r.doc_id: r for r in results}, on_warning)

    def see(self, new: DocumentResult) -> None:
        """This run's result for a doc_id: noted (and warned of) when it replaces another text's."""
        old = self.docs.get(new.doc_id)
        if old is None or same_document(old, new):
            return
        self.replaced.append(new.doc_id)
        if self.on_warning is not None:
            self.on_warning(replaced_warning(new.doc_id, new.path, self.run, old.path))

    def rest(self, have: set[str]) -> Iterator[DocumentResult]:
        """The previous documents whose doc_id this run has no result for (`have`), by doc_id."""
        for doc_id in sorted(self.docs):
            if doc_id not in have:
                yield self.docs[doc_id]
