"""The Ray engine: an executor (`RayExecutor`) for the one batch runner, plus its distributed merge.

    plan (driver) -> ingest + segment/extract/resolve/ground (map stage, worker actors)
                  -> journal, duplicate ids, fail-fast, run.json (the runner, `claimex.run.run_batch`)
                  -> merge (driver: speaker keys; group-by speaker key) -> claims (driver: `merge`)

- Plan: the driver expands the inputs (`expand_inputs`, output directory
  excluded) into *pieces*: up to `PIECE_DOCS` `.txt` files, or a range of up
  to `PIECE_DOCS` lines / `PIECE_BYTES` bytes of a `.jsonl` file (stdin is
  read by the driver and cut the same way). Inputs are read by the workers, so
  on a cluster they must be at the same path on every node (a shared file
  system); the driver only scans `.jsonl` files for line ends.
- Map stage: `RayExecutor.map` runs a function over items on a pool of
  `workers` Ray Data actors (one CPU each), results in input order
  (`preserve_order`). For a batch, the function is `PieceStage`: read a piece
  into Documents / ErrorRecords exactly as `iter_documents` would (same
  paths, line numbers, byte offsets) and run the per-document stages on them
  (`process_windowed`, `--concurrency` threads per actor), with an extractor
  each actor builds once from `extractor_factory`.
- The runner consumes the results as it does any executor's: it applies the
  duplicate-id rule, journals every item (same journal: an interrupted Ray
  run can be resumed by the local engine) and publishes the files.
- Merge (`ray_merge`, the executor's `merge_fn`): `merge` itself, with its clustering strategy `RayClustering`: the
  driver resolves speakers and blocks the mentions by speaker key as `merge`
  does, then `groupby(key).map_groups` clusters each speaker block with
  `merge.block_groups` (the function the local strategy calls), and `merge`
  builds the claims from the groups, so claims.jsonl is byte-identical to the
  local engine's.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import os
import pickle
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from ..backends.base import Extractor
from ..errors import ClaimexError, UsageError
from ..executors import Executor, R, T, local_executor
from ..ingest import EncodingErrors, expand_inputs, is_jsonl, read_jsonl, read_one
from ..merge import Block, Groups, block_groups, merge
from ..models import Claim, Document, ErrorRecord, GroundedMention
from ..run import BatchResult, DocStage, ReadOptions, combine_reports, run_batch

PIECE_DOCS = 32  # documents (txt files or jsonl lines) per piece: the unit a worker takes
PIECE_BYTES = 1_000_000  # ... or fewer jsonl lines, when they are long
# A local instance's shared-memory object store: pieces are small and results stream to the driver.
OBJECT_STORE_BYTES = 200 * 1024**2


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
        elif is_jsonl(item):
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
                for r in read_one(absolute, encoding_errors, None, max_bytes)
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


@dataclass(frozen=True)
class PieceOutput:
    """What a worker sends back for one piece: its extractor's run.json section so far (`usage`:
    worker id, calls, report), and one row per input item: (doc_id as ingest saw it, "" for an
    ingest error; JSONL line or None; is the result an error; the result's JSON)."""

    usage: dict
    rows: list[tuple[str, int | None, bool, str]]


class PieceStage:
    """The function a Ray worker maps over pieces: read the piece (as `iter_documents` would, the
    duplicate-id rule aside: the runner applies it) and run the per-document stages on its documents,
    `concurrency` at once. Reading sits in the same stage: a separate task stage would wait for the
    CPUs the actors hold. The extractor is built once per actor (`DocStage(extractor_factory=...)`)."""

    def __init__(self, stage: DocStage, concurrency: int, encoding_errors: EncodingErrors, max_bytes: int | None):
        self.stage = stage
        self.concurrency = concurrency
        self.encoding_errors = encoding_errors
        self.max_bytes = max_bytes
        self.worker = ""
        self.calls = 0

    def __call__(self, piece: dict) -> PieceOutput:
        if not self.worker:  # each actor unpickles its own copy: one id per actor
            self.worker = uuid.uuid4().hex
        flat = _ingest_piece(piece, self.encoding_errors, self.max_bytes)
        items = [
            Document.model_validate_json(r["payload"]) if r["doc"] else ErrorRecord.model_validate_json(r["payload"])
            for r in flat
        ]
        extractor = self.stage.get_extractor()  # built here, once, before threads share the stage
        results = list(local_executor(self.concurrency).map(items, self.stage))
        self.calls += 1
        # The extractor's run.json section so far (e.g. LLM requests, cache hits): the runner keeps
        # each actor's latest and adds them up.
        usage = {"worker": self.worker, "calls": self.calls, "report": extractor.report({})}
        rows = [
            (
                (it.doc_id or "") if r["doc"] else "",
                r["line"] if r["line"] >= 0 else None,
                isinstance(res, ErrorRecord),
                res.model_dump_json(),
            )
            for it, r, res in zip(items, flat, results)
        ]
        return PieceOutput(usage, rows)


class _Apply:
    """A Ray Data actor applying one function to each item of its batches (items and results pickled)."""

    def __init__(self, fn: Callable):
        _quiet_worker()
        self.fn = fn

    def __call__(self, batch: dict) -> dict:
        return {"i": batch["i"], "out": [pickle.dumps(self.fn(pickle.loads(x))) for x in batch["item"]]}


def _quiet_worker() -> None:
    logging.getLogger("ray").setLevel(logging.ERROR)


class RayExecutor(Executor):
    """The executor for `--engine ray`: `map` on a pool of `workers` Ray Data actors (one CPU each),
    results in input order. Its workers read the inputs themselves (`plan` cuts them into pieces,
    `read_stage` reads and processes one), and it merges on Ray (`ray_merge`).

    Without `address` a local Ray instance with `workers` CPUs is started on first use and stopped
    by `close`; with one, that cluster is joined. `extractor_factory` builds each actor's extractor,
    so it must be picklable (a `functools.partial` of a module-level function).
    """

    name = "ray"
    reads_inputs = True

    def __init__(
        self,
        extractor_factory: Callable[[], Extractor],
        *,
        address: str | None = None,
        workers: int = 2,
        concurrency: int = 1,
    ):
        self.extractor_factory = extractor_factory
        self.address = address
        self.workers = workers
        self.concurrency = concurrency
        self.merge_fn = partial(ray_merge, workers=workers)
        self._started: bool | None = None

    def info(self) -> dict:
        return {"workers": self.workers, "engine": {"name": "ray", "address": self.address, "workers": self.workers}}

    def plan(self, inputs: list[str], read: ReadOptions) -> list[dict]:
        """The inputs as pieces (the driver only scans `.jsonl` files for line ends; stdin it reads)."""
        pieces = plan_pieces(inputs, read.exclude, read.stdin)
        self._start()
        return pieces

    def read_stage(self, read: ReadOptions) -> PieceStage:
        stage = DocStage(extractor_factory=self.extractor_factory, doc_timeout=read.doc_timeout)
        return PieceStage(stage, self.concurrency, read.encoding_errors, read.max_bytes)

    def _start(self) -> None:
        if self._started is None:
            self._started = start_ray(self.address, self.workers)

    def map(self, items: Iterable[T], fn: Callable[[T], R], stop: threading.Event | None = None) -> Iterator[R]:
        import ray.data

        rows_in = [{"i": i, "item": pickle.dumps(x)} for i, x in enumerate(items)]
        if not rows_in:
            return
        self._start()
        ds = ray.data.from_items(rows_in, override_num_blocks=len(rows_in))
        with warnings.catch_warnings():  # max_restarts has no named parameter yet; its generic form warns
            warnings.simplefilter("ignore")
            mapped = ds.map_batches(
                _Apply,
                fn_constructor_kwargs={"fn": fn},
                batch_size=1,
                concurrency=self.workers,
                num_cpus=1,
                batch_format="numpy",
                max_restarts=0,
            )  # a lost actor fails the run (the journal keeps what finished), no replay
        # iter() makes it a generator, so that closing it (below) runs Ray Data's own `finally`, which
        # shuts the dataset's streaming executor down now: left to the garbage collector, its thread can
        # still be running when `close` shuts Ray down, and Ray then ends the process with exit code 1.
        rows = iter(mapped.iter_rows())
        last = -1
        try:
            for row in rows:
                i = int(row["i"])
                if i <= last:  # preserve_order is what makes the journal the local engine's
                    raise RuntimeError(f"Ray returned results out of input order ({i} after {last})")
                last = i
                yield pickle.loads(row["out"])
        except ClaimexError:
            raise
        except Exception as e:
            cause = _claimex_cause(e)
            if cause is not None:  # e.g. a bad API key in a worker: the same exit as the local engine
                raise cause from None
            raise
        finally:
            close = getattr(rows, "close", None)  # (typed as a plain Iterator; it is a generator)
            if close is not None:
                close()

    def close(self) -> None:
        if self._started:
            import ray

            _join_data_threads()
            ray.shutdown()
        self._started = None


# The driver-side threads Ray Data runs for a dataset and its iterator. A stopped iterator signals
# them but does not wait for them, and one still inside ray.get or ray.wait when Ray shuts down makes
# Ray end the whole process with exit code 1 (e.g. after a Ctrl-C, which must exit 130).
_DATA_THREADS = frozenset({"iter_threaded", "Prefetcher", "ray-data-metadata-prefetch"})


def _is_data_thread(t: threading.Thread) -> bool:
    return t.name in _DATA_THREADS or t.name.startswith("StreamingExecutor-")


def _join_data_threads(timeout: float = 5.0) -> None:
    """Wait up to `timeout` seconds in all for Ray Data's driver-side threads to end."""
    deadline = time.monotonic() + timeout
    for t in threading.enumerate():
        if not _is_data_thread(t) or t is threading.current_thread():
            continue
        if t.name == "Prefetcher":
            # It parks for good once its iterator is closed: Ray Data stops it only in its owner's
            # __del__, which never runs while the thread (whose target is a method of it) is alive.
            owner = getattr(getattr(t, "_target", None), "__self__", None)
            if callable(getattr(owner, "stop", None)):
                owner.stop()  # type: ignore[union-attr]
        t.join(max(0.0, deadline - time.monotonic()))


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
    concurrency: int = 1,
    **options,
) -> BatchResult:
    """`run_batch` on a `RayExecutor`: the same outputs (claims, errors, documents, journal, run.json).

    `extractor_factory` builds the extractor: once here (for the journal
    header and run.json) and once in each of the `workers` actors. `options`
    are `run_batch`'s; `resume` is refused (resume with the local engine:
    the journal is the same).
    """
    extractor = extractor_factory()
    try:
        with RayExecutor(extractor_factory, address=address, workers=workers, concurrency=concurrency) as ex:
            return run_batch(inputs, extractor, out_dir, executor=ex, **options)
    finally:
        extractor.close()


# The import name our own error classes live under (`claimex`); Ray's re-raised copies live elsewhere.
_PACKAGE = ClaimexError.__module__.partition(".")[0]


def _claimex_cause(e: BaseException) -> ClaimexError | None:
    """The ClaimexError a worker raised (Ray wraps it, possibly several times), if any."""
    seen = set()
    todo: list[BaseException | None] = [e]
    while todo:
        x = todo.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, ClaimexError):
            if type(x).__module__.partition(".")[0] == _PACKAGE:
                return x
            # Ray re-raises it as a subclass whose message carries the worker's traceback: keep the last line.
            err = ClaimexError(str(x).strip().splitlines()[-1])
            err.exit_code = x.exit_code
            return err
        todo += [x.__cause__, x.__context__, getattr(x, "cause", None)]
    return None


__all__ = ["RayExecutor", "RayClustering", "run_batch_ray", "ray_merge", "plan_pieces", "start_ray", "combine_reports"]
