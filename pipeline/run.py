"""The pipeline, composed in one place.

    ingest -> segment -> extract -> resolve speakers -> ground -> merge -> emit

`process_document` runs the per-document stages (pure: a Document in, a
DocumentResult out); `run_batch` streams a batch through it, merges, and
writes the outputs. Both take the extractor as an argument: nothing global.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from . import __version__
from .backends.base import Extractor
from .emit import write_outputs
from .errors import ClaimexError, ConfigError
from .ground import ground
from .ingest import EncodingErrors, iter_documents
from .merge import merge
from .models import Claim, Document, DocumentResult, ErrorRecord
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
        doc_id=doc.doc_id, path=doc.path, date=doc.date, url=doc.url, title=doc.title,
        mentions=grounded.mentions, extracted=len(extracted), ungrounded=grounded.dropped,
        extractor=extraction.info, fallback=extraction.fallback, seconds=t,
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
    seconds: dict[str, float] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def add_time(self, stage: str, secs: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + secs

    def to_json(self) -> dict:
        return {
            "claimex_version": __version__,
            "inputs": self.inputs,
            "backend": self.backend,
            "documents": {"read": self.documents_read, "ok": self.documents_read - self.documents_failed,
                          "failed": self.documents_failed},
            "mentions": {"extracted": self.mentions_extracted, "grounded": self.mentions_grounded,
                         "dropped": self.ungrounded},
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


def _safe_process(item: Document | ErrorRecord, extractor: Extractor, fail_fast: bool) -> DocumentResult | ErrorRecord:
    if isinstance(item, ErrorRecord):
        if fail_fast:
            raise ClaimexError(item.one_line())
        return item
    try:
        return process_document(item, extractor)
    except ConfigError:  # a bad key or model fails every document alike: stop the batch
        raise
    except Exception as e:  # one bad document must not stop the batch
        if fail_fast:
            raise
        msg = str(e).splitlines()[0] if str(e) else repr(e)
        return ErrorRecord(path=item.path, line=item.line, doc_id=item.doc_id, stage="extract",
                           error=type(e).__name__, message=msg)


def iter_results(
    docs: Iterable[Document | ErrorRecord],
    extractor: Extractor,
    *,
    fail_fast: bool = False,
    concurrency: int = 1,
) -> Iterator[DocumentResult | ErrorRecord]:
    """Stream per-document results in input order; a document that fails becomes an ErrorRecord.

    With `concurrency > 1`, up to that many documents are processed at once on
    threads (for I/O-bound backends such as the LLM); at most `2 * concurrency`
    documents are held in memory, and results still come out in input order.
    """
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
) -> BatchResult:
    """Inputs in, claims out; writes claims.jsonl, errors.jsonl, documents.jsonl and run.json if `out_dir`."""
    report = BatchReport(inputs=list(inputs), backend=extractor.name)
    results: list[DocumentResult] = []
    errors: list[ErrorRecord] = []
    t0 = time.perf_counter()
    docs = iter_documents(inputs, encoding_errors=encoding_errors)
    for item in iter_results(docs, extractor, fail_fast=fail_fast, concurrency=concurrency):
        if isinstance(item, ErrorRecord):
            errors.append(item)
            report.documents_read += 1
            report.documents_failed += 1
            if on_error:
                on_error(item)
            continue
        results.append(item)
        report.documents_read += 1
        report.mentions_extracted += item.extracted
        report.mentions_grounded += len(item.mentions)
        report.ungrounded += item.ungrounded
        for k, v in item.seconds.items():
            report.add_time(k, v)
        if on_document:
            on_document(item)
    report.add_time("ingest+stages", time.perf_counter() - t0)
    t1 = time.perf_counter()
    claims = merge((g for r in results for g in r.mentions), merge_across=merge_across)
    report.add_time("merge", time.perf_counter() - t1)
    report.claims_written = len(claims)
    report.extra.update(extractor.report(results))  # e.g. the LLM's requests, tokens, cache hits
    if out_dir is not None:
        t2 = time.perf_counter()
        write_outputs(out_dir, claims, errors, results, report.to_json())
        report.add_time("emit", time.perf_counter() - t2)
    return BatchResult(claims=claims, results=results, errors=errors, report=report)
