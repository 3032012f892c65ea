"""Executors: where the per-document stages run. One small interface, four implementations.

    executor.map(items, fn) -> fn(item) for each item, yielded in input order
    executor.close()

- `SerialExecutor`: in this thread (the default).
- `ThreadExecutor(n)`: up to n items at once on threads, for I/O-bound work
  (`--concurrency`, the LLM backend); at most 2n items held at once.
- `ProcessExecutor(n, concurrency)`: chunks of items on n worker processes
  (`--workers`, the CPU-bound rule backend). `fn` is pickled once per worker;
  results come back through `codec` (the runner sends DocumentResults as JSON:
  unpickling pydantic models cost the parent 0.8 ms per article, more than the
  JSON round trip the journal makes anyway). Workers exit with the parent.
- `engines.ray_engine.RayExecutor`: actors on a Ray cluster; its workers read
  the inputs themselves (`reads_inputs`), and it brings its distributed merge.

The runner (`claimex.run.run_batch`) owns everything else: reading, the
journal, resume, duplicate doc_ids, fail-fast, time accounting and run.json.
An executor only says how `fn` is applied, plus what run.json records of it
(`info`) and, optionally, a merge of its own (`merge_fn`).
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ClassVar, TypeVar

from .errors import StopRequested, UsageError

T = TypeVar("T")
R = TypeVar("R")


class Executor:
    """Apply a function to a stream of items, results in input order (this class: serially, in this thread)."""

    name: ClassVar[str] = "serial"
    # True: `map` takes pieces of the inputs that the workers read themselves (see `plan`), not documents.
    reads_inputs: ClassVar[bool] = False
    # None: the runner merges locally; else a function mentions -> claims (the same claims `merge` gives).
    merge_fn: Callable | None = None

    def map(self, items: Iterable[T], fn: Callable[[T], R], stop: threading.Event | None = None) -> Iterator[R]:
        """`fn(item)` for each item, in input order. Once `stop` is set (Ctrl-C), the items already running
        finish and are yielded, and no other item is started (the runner also stops taking input)."""
        for item in items:
            try:
                yield fn(item)
            except StopRequested:  # given up part-way as the run stops: as if never started (--resume does it)
                return

    def close(self) -> None:
        """Release what the executor holds (pools, a Ray instance it started)."""

    # An executor that `reads_inputs` also gives the runner its pieces and the function to map over them.
    def plan(self, inputs: list[str], read: Any) -> list:
        """The inputs cut into pieces its workers read (`read`: the runner's `ReadOptions`)."""
        raise NotImplementedError(f"{self.name} executes documents the runner reads")

    def read_stage(self, read: Any) -> Callable[[Any], Any]:
        """The function mapped over the pieces: one piece in, its `PieceOutput` out."""
        raise NotImplementedError(f"{self.name} executes documents the runner reads")

    def info(self) -> dict[str, Any]:
        """What run.json records about where the run ran."""
        return {"workers": 1}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SerialExecutor(Executor):
    name = "serial"


class ThreadExecutor(Executor):
    """Up to `concurrency` items at once on threads; at most `2 * concurrency` held; results in input order."""

    name = "threads"

    def __init__(self, concurrency: int):
        self.concurrency = concurrency

    def map(self, items: Iterable[T], fn: Callable[[T], R], stop: threading.Event | None = None) -> Iterator[R]:
        window: deque[Future] = deque()
        run = fn if stop is None else functools.partial(_unless_stopped, stop, fn)
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="claimex") as pool:
            try:
                for item in items:
                    window.append(pool.submit(run, item))
                    if len(window) >= 2 * self.concurrency:
                        if (r := window.popleft().result()) is _NOT_STARTED:
                            return
                        yield r
                while window:
                    if (r := window.popleft().result()) is _NOT_STARTED:
                        return  # (the rest were not started either; the runner resumes from here)
                    yield r
            finally:
                for f in window:  # after Ctrl-C or an error: items waiting for a thread never start
                    f.cancel()


_NOT_STARTED = object()  # what an item gives when `stop` was set before a thread took it up


def _unless_stopped(stop: threading.Event, fn: Callable[[T], R], item: T) -> R | object:
    """`fn(item)`, unless `stop` is set by the time a thread takes the item up (Ctrl-C: the items in
    flight finish, the ones waiting in the window do not start: no new LLM request after Ctrl-C; one a backend
    gives up part-way, StopRequested, counts as not started)."""
    if stop.is_set():
        return _NOT_STARTED
    try:
        return fn(item)
    except StopRequested:  # given up part-way as the run stops (the LLM's retries): not a result to journal
        return _NOT_STARTED


def local_executor(concurrency: int = 1) -> Executor:
    """Serial for concurrency 1, else threads."""
    return ThreadExecutor(concurrency) if concurrency > 1 else SerialExecutor()


# ------------------------------------------------------------ worker processes
CHUNK_ITEMS = 32  # items per task sent to a worker process
CHUNK_CHARS = 1_000_000  # ... or fewer, when they are long (an item's `text`, if it has one)


class Codec:
    """How results travel back from a worker process: `encode` there, `decode` here (default: pickle)."""

    def encode(self, result: Any) -> Any:
        return result

    def decode(self, sent: Any) -> Any:
        return sent


_worker: tuple[Callable, Executor, Codec] | None = None


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
    # SIGTERM ends a worker, as the pool's own terminate() of a broken pool expects (the parent's handler,
    # inherited through fork, would only note it). Sent to the whole group (systemd, Slurm), it ends the
    # workers as it stops the parent, which reports the broken pool as the interruption it is (run_batch).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with_parent()
    import pickle  # (see ProcessExecutor.map)

    global _worker
    fn, concurrency, codec = pickle.loads(blob)
    _worker = (fn, local_executor(concurrency), codec)


def _run_chunk(items: list) -> list:
    assert _worker is not None
    fn, inner, codec = _worker
    return [codec.encode(r) for r in inner.map(items, fn)]


def _chunks(items: Iterable) -> Iterator[list]:
    chunk: list = []
    chars = 0
    for item in items:
        chunk.append(item)
        text = getattr(item, "text", None)
        chars += len(text) if isinstance(text, str) else 0
        if len(chunk) >= CHUNK_ITEMS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class ProcessExecutor(Executor):
    """Chunks of items on `workers` processes (each running `concurrency` items at once on threads)."""

    name = "processes"

    def __init__(self, workers: int, concurrency: int = 1, codec: Codec | None = None):
        self.workers = workers
        self.concurrency = concurrency
        self.codec = codec or Codec()

    def info(self) -> dict[str, Any]:
        return {"workers": self.workers}

    def map(self, items: Iterable[T], fn: Callable[[T], R], stop: threading.Event | None = None) -> Iterator[R]:
        # Imported here, not with the module: multiprocessing and pickle cost every run about 12 ms
        # (1% of a run over the 84 PolNeAR dev articles), and only `--workers` needs them.
        import multiprocessing
        import pickle
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            blob = pickle.dumps((fn, self.concurrency, self.codec))
        except Exception as e:
            what = getattr(fn, "name", None) or "this backend"
            raise UsageError(
                f"--workers needs a backend that can be copied to worker processes; "
                f"{what} cannot ({type(e).__name__}); use --workers 1"
            ) from None
        # fork starts workers fast and needs no re-import of __main__; spawn where fork does not exist.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(blob,),
        )
        window: deque[Future] = deque()
        decode = self.codec.decode
        finished = broken = False
        try:
            for chunk in _chunks(items):
                if stop is not None and stop.is_set():
                    break
                window.append(pool.submit(_run_chunk, chunk))
                if len(window) >= 2 * self.workers:
                    yield from map(decode, window.popleft().result())
            while window:
                if stop is not None and stop.is_set():  # Ctrl-C: chunks no worker has taken up never start
                    for f in window:
                        f.cancel()
                if window[0].cancelled():
                    break
                yield from map(decode, window.popleft().result())
            finished = True
        except BrokenProcessPool:
            broken = True
            raise
        finally:
            # On an error or a second Ctrl-C, queued chunks are dropped; the journal has what finished.
            # A broken pool is waited for: its manager thread still closing its wake-up pipe when the
            # interpreter exits made CPython's exit hook print "Exception ignored … Bad file descriptor"
            # under the one-line error (a race in concurrent.futures.process._python_exit, 3.11).
            pool.shutdown(wait=finished or broken, cancel_futures=not finished)


def make_executor(workers: int = 1, concurrency: int = 1, codec: Codec | None = None) -> Executor:
    """The local executor for `--workers` and `--concurrency`: processes, threads, or this thread."""
    if workers > 1:
        return ProcessExecutor(workers, concurrency, codec)
    return local_executor(concurrency)


__all__ = ["Executor", "SerialExecutor", "ThreadExecutor", "ProcessExecutor", "Codec", "make_executor"]
