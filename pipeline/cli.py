"""The `claimex` command line: thin typer commands over pure functions.

Only this module turns ClaimexError into exit codes:
0 every document ok, 1 some input failed (the rest still written), 2 usage error.
"""
from __future__ import annotations

import functools
import json
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .backends.base import Extractor
from .errors import ClaimexError, Interrupted, UsageError
from .models import ErrorRecord

app = typer.Typer(
    name="claimex",
    help="Extract who-said-what claims from news articles, grounded by character offsets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Backend(str, Enum):
    auto = "auto"
    rules = "rules"
    llm = "llm"


def make_extractor(backend: Backend) -> Extractor:
    """Pick the extractor for a backend name (`auto` = LLM when configured, else rules)."""
    from .backends.rules import RuleExtractor

    if backend in (Backend.rules, Backend.auto):
        return RuleExtractor()
    raise UsageError("the LLM backend is not available in this build; use --backend rules")


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def exits_cleanly(fn: Callable) -> Callable:
    """Turn ClaimexError into a one-line message and its exit code (only the CLI does this)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ClaimexError as e:
            _err(f"claimex: {e}")
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            _err("claimex: interrupted")
            raise typer.Exit(130) from None

    return wrapper


@app.command()
@exits_cleanly
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories, or - for JSONL on stdin.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (created if missing).")] = Path("outputs"),
    backend: Annotated[Backend, typer.Option(help="Extractor: rules (offline), llm, or auto.")] = Backend.auto,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first bad input instead of recording it.")] = False,
    no_merge: Annotated[bool, typer.Option("--no-merge", help="Write one claim per mention (no cross-document merge).")] = False,
    encoding_errors: Annotated[str, typer.Option(help="strict: invalid UTF-8 fails that file; replace: decode with U+FFFD.")] = "strict",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stdout.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the interrupted run journaled in --out (same inputs and options).")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for the per-document stages (CPU-bound rule backend).")] = 1,
    max_doc_mb: Annotated[float, typer.Option("--max-doc-mb", min=0.001, help="Refuse (as an input error) any document larger than this many MB.")] = 10.0,
) -> None:
    """Extract claims from INPUTS and write claims.jsonl, errors.jsonl, documents.jsonl, run.json to --out.

    Every finished document is journaled in OUT/journal.jsonl; after a crash or
    Ctrl-C, the same command with --resume continues where it stopped. Without
    --resume a new run starts over (files of an earlier run are replaced when it finishes).
    """
    from .run import run_batch

    if encoding_errors not in ("strict", "replace"):
        raise UsageError(f"--encoding-errors must be 'strict' or 'replace', not {encoding_errors!r}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a directory")
    extractor = make_extractor(backend)
    progress = _Progress(enabled=sys.stderr.isatty() and not quiet)

    def on_error(rec: ErrorRecord) -> None:
        progress.clear()
        _err(f"error: {rec.one_line()}")

    stop = _StopOnInterrupt(progress)
    try:
        with stop:
            result = run_batch(inputs, extractor, out, merge_across=not no_merge, fail_fast=fail_fast,
                               encoding_errors=encoding_errors,  # type: ignore[arg-type]
                               on_error=on_error, on_document=lambda r: progress.tick(r.doc_id),
                               resume=resume, workers=workers, max_doc_bytes=int(max_doc_mb * 1_000_000),
                               collect=False, stop=stop.event)
    except (Interrupted, KeyboardInterrupt) as e:
        progress.clear()
        msg = str(e) if isinstance(e, Interrupted) else f"interrupted; finished documents are kept in {out}/journal.jsonl"
        _err(f"claimex: {msg}")
        _err(f"claimex: to continue, run: {_resume_command()}")
        raise typer.Exit(130) from None
    finally:
        progress.clear()
        extractor.close()
    rep = result.report
    if not quiet:
        denials = rep.denials
        typer.echo(
            f"{rep.documents_read - rep.documents_failed} documents ok, {rep.documents_failed} failed; "
            f"{rep.mentions_grounded} mentions ({rep.ungrounded} ungrounded dropped) -> "
            f"{rep.claims_written} claims ({denials} denials) in {out}/claims.jsonl"
        )
    if result.errors:
        raise typer.Exit(1)


@app.command()
@exits_cleanly
def schema() -> None:
    """Print the JSON Schema of one claims.jsonl line."""
    from .models import Claim

    typer.echo(json.dumps(Claim.model_json_schema(), indent=2))


@app.command()
@exits_cleanly
def validate(
    file: Annotated[Path, typer.Argument(help="A claims.jsonl to check against the output contract.")],
    source: Annotated[Optional[list[str]], typer.Option("--source", help="Source documents: check every offset against them.")] = None,
) -> None:
    """Check every line of FILE against the contract (and offsets against --source)."""
    from .validate import validate_claims

    problems = validate_claims(file, source or [])
    for p in problems:
        _err(p)
    if problems:
        _err(f"{file}: {len(problems)} problem(s)")
        raise typer.Exit(1)
    typer.echo(f"{file}: ok")


@app.command()
@exits_cleanly
def version() -> None:
    """Print the claimex version."""
    typer.echo(__version__)


class _Progress:
    """A one-line document counter on a TTY; silent when piped (batch logs stay clean)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.n = 0

    def tick(self, doc_id: str) -> None:
        self.n += 1
        if self.enabled and (self.n < 50 or self.n % 25 == 0):
            sys.stderr.write(f"\r{self.n} documents  {doc_id[:50]:<50}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.n:
            sys.stderr.write("\r" + " " * 72 + "\r")
            sys.stderr.flush()


class _StopOnInterrupt:
    """First Ctrl-C: finish the documents in flight, then stop (journal kept). Second: stop now."""

    def __init__(self, progress: "_Progress"):
        self.event = threading.Event()
        self.progress = progress
        self._old = None

    def _handle(self, signum, frame) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        self.progress.clear()
        _err("claimex: stopping after the documents in progress (Ctrl-C again to stop at once)")

    def __enter__(self) -> "_StopOnInterrupt":
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _resume_command() -> str:
    """The command line of this run, with --resume (what to type to continue it)."""
    args = [a for a in sys.argv[1:] if a != "--resume"]
    return " ".join(["claimex", *map(shlex.quote, args), "--resume"])


def main() -> None:
    """Console entry point (`claimex`, `python -m pipeline`)."""
    app()
