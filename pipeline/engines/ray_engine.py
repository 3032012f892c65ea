"""The pipeline on Ray Data: same stages, same outputs, spread over a Ray cluster.

    plan (driver) -> ingest + segment/extract/resolve/ground (map stages, worker actors)
                  -> journal (driver, input order) -> merge (driver: speaker keys; group-by speaker key)
                  -> claims (driver: `merge`) -> emit (`pipeline.run.finalize`)

- Plan: the driver expands the inputs (`expand_inputs`, output directory
  excluded) into *pieces*: up to `PIECE_DOCS` `.txt` files, or a range of up
  to `PIECE_DOCS` lines / `PIECE_BYTES` bytes of a `.jsonl` file (stdin is
  read by the driver and cut the same way). Inputs are read by the workers, so
  on a cluster they must be at the same path on every node (a shared file
  system); the driver only scans `.jsonl` files for line ends.
- Map stage: `map_batches` on a pool of `workers` actors (one CPU each)
  reads each piece into Documents / ErrorRecords exactly as `iter_documents`
  would (same paths, line numbers, byte offsets) and runs `iter_results` on
  them (so `process_windowed`, with `--concurrency` threads per actor), with
  an extractor each actor builds once from `extractor_factory`. Reading sits
  in the same stage: a separate task stage would wait for the CPUs the actors hold.
- The driver consumes the results in input order (`preserve_order`), turns a
  doc_id seen earlier into the same `DuplicateId` error the local ingest
  gives, and journals every item as `run_batch` does (same header: an
  interrupted Ray run can be resumed by the local engine).
- Merge: `merge` itself, with its clustering strategy `RayClustering`: the
  driver resolves speakers and blocks the mentions by speaker key as `merge`
  does, then `groupby(key).map_groups` clusters each speaker block with
  `merge.block_groups` (the function the local strategy calls), and `merge`
  builds the claims from the groups, so claims.jsonl is byte-identical to the
  local engine's.

Only `pipeline.run` turns the results into files (`finalize`); this module
never writes outputs itself beyond the journal and run.json, as `run_batch` does.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import os
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from ..backends.base import Extractor
from ..emit import RUN, atomic_write
from ..errors import ClaimexError, UsageError
from ..ingest import EncodingErrors, _read_one, expand_inputs, read_jsonl
from ..journal import open_journal
from ..merge import Block, Groups, block_groups, merge
from ..models import Claim, Document, DocumentResult, ErrorRecord, GroundedMention
from ..run import BatchReport, BatchResult, _MemoryJournal, finish, iter_results, journal_header

PIECE_DOCS = 32  # documents (txt files or jsonl lines) per piece: the unit a worker takes
PIECE_BYTES = 1_000_000  # ... or fewer jsonl lines, when they are long
# A local instance's shared-memory object store: pieces are small and results stream to the driver.
OBJECT_STORE_BYTES = 200 * 1024**2


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def _import_ray():
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'claimex[ray]' (or pip install 'ray[data]')") from None
    return ray


def start_ray(address: str | None, workers: int) -> bool:
    """Join the cluster at `address` (e.g. `auto`, `ray://host:10001`), or start a local instance.

    A local instance gets `workers` CPUs, a small object store, no dashboard and
    no usage reporting. Returns True when this call started or joined Ray
    (the caller then shuts it down), False when Ray was already initialised.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray = _import_ray()
    _quiet()
    if ray.is_initialized():
        return False
    common = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        if address:
            ray.init(address=address, **common)
        else:
            ray.init(num_cpus=workers, object_store_memory=OBJECT_STORE_BYTES, **common)
    except (ConnectionError, RuntimeError, ValueError) as e:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise UsageError(
            f"cannot start or join {where}: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        ) from None
    return True


def _quiet() -> None:
    """No progress bars or per-dataset log lines: claimex's own stderr stays one line per failed input."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.enable_operator_progress_bars = False
    ctx.verbose_stats_logs = False
    ctx.execution_options.preserve_order = True  # results, and so the journal, in input order
    ctx.execution_options.verbose_progress = False
    for name in ("ray", "ray.data", "ray._private"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # Ray Data's advice on block counts (a small batch cannot fill every actor) is not the user's to act on.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\.data\..*")


# ------------------------------------------------------------------- plan
def plan_pieces(
    inputs: list[str],
    exclude: Path | None = None,
    stdin: BinaryIO | None = None,
) -> list[dict]:
    """CLI inputs in, pieces out (rows {"spec": JSON, "data": bytes}), in input order.

    A spec is {"error": ErrorRecord JSON} (a path that does not exist, an empty
    directory), {"txt": [[path as given, absolute path], ...]}, or {"jsonl":
    path as given, "abs": absolute path, "start", "end", "line"} (a byte range
    of whole lines starting at line `line`); stdin's lines travel in `data`.
    """
    pieces: list[dict] = []
    txt: list[list[str]] = []

    def add(spec: dict, data: bytes = b"") -> None:
        spec["piece"] = len(pieces)
        pieces.append({"spec": json.dumps(spec, ensure_ascii=False), "data": data})

    def flush_txt() -> None:
        if txt:
            add({"txt": list(txt)})
            txt.clear()

    for item in expand_inputs(inputs, exclude):
        if isinstance(item, ErrorRecord):
            flush_txt()
            add({"error": item.model_dump_json()})
        elif item == "-":
            flush_txt()
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            for start, end, line in _line_ranges(io.BytesIO(data)):
                add({"jsonl": "<stdin>", "start": start, "end": end, "line": line}, data[start:end])
        elif item.lower().endswith(".jsonl"):
            flush_txt()
            try:
                with open(item, "rb") as fh:
                    ranges = list(_line_ranges(fh))
            except OSError as e:
                add(
                    {
                        "error": ErrorRecord(
                            path=item, stage="ingest", error=type(e).__name__, message=e.strerror or str(e)
                        ).model_dump_json()
                    }
                )
                continue
            for start, end, line in ranges:
                add({"jsonl": item, "abs": os.path.abspath(item), "start": start, "end": end, "line": line})
        else:
            txt.append([item, os.path.abspath(item)])
            if len(txt) >= PIECE_DOCS:
                flush_txt()
    flush_txt()
    return pieces


def _line_ranges(fh: BinaryIO) -> Iterator[tuple[int, int, int]]:
    """(start byte, end byte, first line number) of consecutive runs of whole lines."""
    start = end = 0
    first = line = 1
    count = 0
    for raw in fh:
        end += len(raw)
        line += 1
        count += 1
        if count >= PIECE_DOCS or end - start >= PIECE_BYTES:
            yield start, end, first
            start, first, count = end, line, 0
    if count:
        yield start, end, first


# ----------------------------------------------------------- map stages
def _ingest_piece(row: dict, encoding_errors: EncodingErrors, max_bytes: int | None) -> list[dict]:
    """One piece in, its Documents and ErrorRecords out (as `iter_documents` reads them, duplicates aside)."""
    spec = json.loads(row["spec"])
    items: list[Document | ErrorRecord] = []
    if "error" in spec:
        items.append(ErrorRecord.model_validate_json(spec["error"]))
    elif "txt" in spec:
        for given, absolute in spec["txt"]:
            # Read by absolute path (a worker's working directory is not the driver's), named as given.
            items.extend(
                r if r.path != absolute else r.model_copy(update={"path": given})
                for r in _read_one(absolute, encoding_errors, None, max_bytes)
            )
    else:
        path = spec["jsonl"]
        try:
            if "abs" in spec:
                with open(spec["abs"], "rb") as fh:
                    fh.seek(spec["start"])
                    data = fh.read(spec["end"] - spec["start"])
            else:
                data = row["data"]
            items.extend(
                read_jsonl(
                    io.BytesIO(data),
                    path,
                    encoding_errors,
                    max_bytes,
                    first_line=spec["line"],
                    first_offset=spec["start"],
                )
            )
        except OSError as e:
            items.append(ErrorRecord(path=path, stage="ingest", error=type(e).__name__, message=e.strerror or str(e)))
    return [
        {
            "piece": spec["piece"],
            "k": k,
            "doc": isinstance(it, Document),
            "payload": it.model_dump_json(),
            "line": it.line if it.line is not None else -1,
        }
        for k, it in enumerate(items)
    ]


class _Stages:
    """A worker actor: builds its extractor once, then reads each piece of its batch and runs the
    per-document stages on its documents (ingest and the stages in one map stage: a separate
    ingest task would compete with the actors for the CPUs they hold)."""

    def __init__(
        self,
        extractor_factory: Callable[[], Extractor],
        concurrency: int,
        encoding_errors: EncodingErrors,
        max_bytes: int | None,
    ):
        _quiet_worker()
        self.extractor = extractor_factory()
        self.concurrency = concurrency
        self.encoding_errors = encoding_errors
        self.max_bytes = max_bytes
        self.worker = uuid.uuid4().hex
        self.calls = 0

    def __call__(self, batch: dict) -> dict:
        rows = [
            _ingest_piece({"spec": spec, "data": data}, self.encoding_errors, self.max_bytes)
            for spec, data in zip(batch["spec"], batch["data"])
        ]
        flat = [r for piece in rows for r in piece]
        items = [
            Document.model_validate_json(r["payload"]) if r["doc"] else ErrorRecord.model_validate_json(r["payload"])
            for r in flat
        ]
        results = list(iter_results(items, self.extractor, concurrency=self.concurrency))
        self.calls += 1
        # The extractor's run.json section so far (e.g. LLM requests, cache hits): the driver keeps
        # each actor's latest and adds them up.
        usage = json.dumps({"worker": self.worker, "calls": self.calls, "report": self.extractor.report({})})
        return {
            "piece": [r["piece"] for r in flat],
            "k": [r["k"] for r in flat],
            "line": [r["line"] for r in flat],
            "error": [isinstance(r, ErrorRecord) for r in results],
            "payload": [r.model_dump_json() for r in results],
            "seen": [it.doc_id if r["doc"] else "" for it, r in zip(items, flat)],  # what ingest adds to its seen set
            "usage": [usage] + [""] * (len(results) - 1) if results else [],
        }


def _quiet_worker() -> None:
    logging.getLogger("ray").setLevel(logging.ERROR)


def _results_dataset(
    pieces: list[dict],
    extractor_factory: Callable[[], Extractor],
    *,
    workers: int,
    concurrency: int,
    encoding_errors: EncodingErrors,
    max_bytes: int | None,
):
    import ray.data

    ds = ray.data.from_items(pieces, override_num_blocks=max(1, len(pieces)))
    with warnings.catch_warnings():  # max_restarts has no named parameter yet; its generic form warns
        warnings.simplefilter("ignore")
        return ds.map_batches(
            _Stages,
            fn_constructor_kwargs={
                "extractor_factory": extractor_factory,
                "concurrency": concurrency,
                "encoding_errors": encoding_errors,
                "max_bytes": max_bytes,
            },
            batch_size=1,
            concurrency=workers,
            num_cpus=1,
            batch_format="numpy",
            max_restarts=0,
        )  # a lost actor fails the run (the journal keeps what finished), no replay


# ------------------------------------------------------------------ merge
def _cluster(group: dict) -> dict:
    """One speaker block (all rows of one key) in, its groups of mention indices out (`block_groups`)."""
    order = sorted(range(len(group["i"])), key=lambda r: int(group["i"][r]))
    members = [(int(group["i"][r]), GroundedMention.model_validate_json(group["m"][r])) for r in order]
    key = str(group["key"][0])
    return {"key": [key], "groups": [json.dumps(block_groups(key, members))]}


class RayClustering:
    """The merge's block clustering (a `BlockClustering` strategy) on Ray Data.

    One `groupby(key).map_groups` task per speaker block, each calling
    `block_groups` as the in-process strategy does; the groups come back to
    the driver in the blocks' order, where `merge` builds the claims.
    """

    def __init__(self, workers: int = 2):
        self.workers = workers

    def __call__(self, blocks: Sequence[Block]) -> list[Groups]:
        if not blocks:
            return []
        import ray.data

        rows = [{"key": key, "i": i, "m": g.model_dump_json()} for key, members in blocks for i, g in members]
        # `merge` pauses the cyclic collector (its own objects make no cycles); Ray's may.
        paused = not gc.isenabled()
        gc.enable()
        try:
            ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), 4 * self.workers)))
            by_key = {
                str(r["key"]): json.loads(r["groups"])
                for r in ds.groupby("key", num_partitions=2 * self.workers)
                .map_groups(_cluster, batch_format="numpy")
                .iter_rows()
            }
        finally:
            if paused:
                gc.disable()
        return [by_key[key] for key, _ in blocks]


def ray_merge(mentions: list[GroundedMention], *, workers: int = 2) -> list[Claim]:
    """The cross-document merge on Ray: `merge` with its speaker blocks clustered on Ray (`RayClustering`),
    so the same claims as `merge(mentions)`, in the same order."""
    return merge(mentions, clustering=RayClustering(workers))


# ------------------------------------------------------------------ batch
def run_batch_ray(
    inputs: list[str],
    extractor_factory: Callable[[], Extractor],
    out_dir: Path | None = None,
    *,
    address: str | None = None,
    workers: int = 2,
    merge_across: bool = True,
    fail_fast: bool = False,
    concurrency: int = 1,
    encoding_errors: EncodingErrors = "strict",
    on_error: Callable[[ErrorRecord], None] | None = None,
    on_document: Callable[[DocumentResult], None] | None = None,
    resume: bool = False,
    max_doc_bytes: int | None = None,
    collect: bool = True,
    stop: threading.Event | None = None,
    stdin: BinaryIO | None = None,
) -> BatchResult:
    """`run_batch` on Ray: the same outputs (claims, errors, documents, journal, run.json) for the same inputs.

    `extractor_factory` builds the extractor: once on the driver (for the
    journal header and run.json) and once in each of the `workers` actors, so
    it must be picklable (a `functools.partial` of a module-level function).
    Without `address` a local Ray instance with `workers` CPUs is started (and
    stopped at the end); with one, that cluster is joined. `resume` is refused:
    resume an interrupted Ray run with the local engine (`run_batch`, same
    journal). Raises Interrupted when `stop` is set, as `run_batch` does.
    """
    if resume:
        raise UsageError(
            "--resume is not supported with --engine ray; the journal is the local engine's, "
            "so resume with the same command without --engine ray (and its Ray options)"
        )
    extractor = extractor_factory()
    try:
        report = BatchReport(inputs=list(inputs), backend=extractor.name)
        header = journal_header(inputs, extractor, encoding_errors, max_doc_bytes)
        t0 = time.perf_counter()
        pieces = plan_pieces(inputs, Path(out_dir) if out_dir is not None else None, stdin)
        started = start_ray(address, workers)
        try:
            journal = open_journal(Path(out_dir), header, resume=False) if out_dir is not None else _MemoryJournal()
            usage: dict[str, dict] = {}
            try:
                if pieces:
                    ds = _results_dataset(
                        pieces,
                        extractor_factory,
                        workers=workers,
                        concurrency=concurrency,
                        encoding_errors=encoding_errors,
                        max_bytes=max_doc_bytes,
                    )
                    _consume(
                        ds, journal, usage, fail_fast=fail_fast, on_error=on_error, on_document=on_document, stop=stop
                    )
            finally:
                journal.close()
            report.add_time("ingest+stages", time.perf_counter() - t0)
            result = finish(
                journal,
                out_dir,
                report,
                merge_across=merge_across,
                collect=collect,
                stop=stop,
                merge_fn=partial(ray_merge, workers=workers),
            )
        finally:
            if started:
                import ray

                ray.shutdown()
        report.extra.update(
            journal={"entries": journal.done, "resumed_after": 0},
            workers=workers,
            engine={"name": "ray", "address": address, "workers": workers},
        )
        report.extra.update(combine_reports(extractor.report(report.by_backend), [u["report"] for u in usage.values()]))
        if out_dir is not None:
            atomic_write(Path(out_dir) / RUN, [json.dumps(report.to_json(), ensure_ascii=False, indent=2)])
        return result
    finally:
        extractor.close()


def _consume(
    ds, journal, usage: dict[str, dict], *, fail_fast: bool, on_error, on_document, stop: threading.Event | None
) -> None:
    """Journal the results in input order, with the local ingest's duplicate-id rule applied."""
    seen: set[str] = set()
    last = (-1, -1)
    rows = ds.iter_rows()
    try:
        for row in rows:
            pos = (int(row["piece"]), int(row["k"]))
            if pos <= last:  # preserve_order is what makes the journal the local engine's
                raise RuntimeError(f"Ray returned results out of input order ({pos} after {last})")
            last = pos
            if row["usage"]:
                u = json.loads(row["usage"])
                if u["calls"] > usage.get(u["worker"], {}).get("calls", 0):
                    usage[u["worker"]] = u
            item: DocumentResult | ErrorRecord = (
                ErrorRecord.model_validate_json(row["payload"])
                if row["error"]
                else DocumentResult.model_validate_json(row["payload"])
            )
            doc_id = str(row["seen"])
            if doc_id:
                if doc_id in seen:
                    line = int(row["line"])
                    item = ErrorRecord(
                        path=item.path,
                        line=line if line >= 0 else None,
                        doc_id=doc_id,
                        stage="ingest",
                        error="DuplicateId",
                        message=f"doc_id {doc_id!r} already seen in this batch",
                    )
                else:
                    seen.add(doc_id)
            if isinstance(item, ErrorRecord) and fail_fast:
                raise ClaimexError(item.one_line())
            journal.append(item)
            if isinstance(item, ErrorRecord):
                if on_error:
                    on_error(item)
            elif on_document:
                on_document(item)
            if stop is not None and stop.is_set():
                return
    except ClaimexError:
        raise
    except Exception as e:
        cause = _claimex_cause(e)
        if cause is not None:  # e.g. a bad API key in a worker: the same exit as the local engine
            raise cause from None
        raise
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _claimex_cause(e: BaseException) -> ClaimexError | None:
    """The ClaimexError a worker raised (Ray wraps it, possibly several times), if any."""
    seen = set()
    todo = [e]
    while todo:
        x = todo.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, ClaimexError):
            if type(x).__module__.startswith("pipeline"):
                return x
            # Ray re-raises it as a subclass whose message carries the worker's traceback: keep the last line.
            err = ClaimexError(str(x).strip().splitlines()[-1])
            err.exit_code = x.exit_code
            return err
        todo += [x.__cause__, x.__context__, getattr(x, "cause", None)]
    return None


def combine_reports(driver: dict, workers: list[dict]) -> dict:
    """The driver's run.json sections with the workers' counters added in.

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


__all__ = [
    "run_batch_ray",
    "ray_merge",
    "RayClustering",
    "plan_pieces",
    "start_ray",
    "ray_available",
    "combine_reports",
]
