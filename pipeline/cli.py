"""The `claimex` command line: thin typer commands over pure functions.

Only this module turns ClaimexError into exit codes:
0 every document ok, 1 some input failed (the rest still written), 2 usage error,
3 `--backend llm` was asked for but some documents came from the rules fallback.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .backends.base import Extractor
from .errors import ClaimexError, Interrupted, UsageError
from .llm.notify import announce, report_fallbacks, stderr_lines
from .llm.reqlog import LOG_NAME, format_log, read_log
from .llm.settings import why_configured
from .models import ErrorRecord

EXIT_FALLBACK = 3  # --backend llm, and some documents came from the rules fallback (README "LLM backend")

app = typer.Typer(
    name="claimex",
    help="Extract who-said-what claims from news articles, grounded by character offsets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class Backend(str, Enum):
    auto = "auto"
    rules = "rules"
    llm = "llm"


def make_extractor(
    backend: Backend, *, model: str | None = None, base_url: str | None = None, **llm_options
) -> Extractor:
    """Pick the extractor for a backend name (`auto` = LLM when a key or base URL is configured, else rules).

    `model`, `base_url` and `llm_options` (LLMSettings fields such as
    `cache_dir`, `fallback`, `max_chunk_tokens`) only matter for the LLM;
    options left None take the environment's or the default value.
    """
    from .backends.rules import RuleExtractor

    if backend == Backend.rules:  # (no LLM module is imported for the rule backend)
        return RuleExtractor()
    from .llm.settings import llm_configured

    if backend == Backend.auto and not llm_configured(base_url):
        return RuleExtractor()
    from .backends.llm import LLMExtractor
    from .llm.settings import LLMSettings

    return LLMExtractor(LLMSettings.from_env(model=model, base_url=base_url, **llm_options))


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def exits_cleanly(fn: Callable) -> Callable:
    """Turn ClaimexError into a one-line message and its exit code (only the CLI does this)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with stderr_lines():  # the LLM backend's lines (retries, fallbacks, ...) on stderr, TTY or not
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
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first bad input instead of recording it.")
    ] = False,
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Write one claim per mention (no cross-document merge).")
    ] = False,
    encoding_errors: Annotated[
        str, typer.Option(help="strict: invalid UTF-8 fails that file; replace: decode with U+FFFD.")
    ] = "strict",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stdout.")] = False,
    model: Annotated[str | None, typer.Option(help="LLM model name (env CLAIMEX_MODEL; default gpt-4o-mini).")] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL)."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Documents (so LLM requests) in flight at once; output is the same for any N.")
    ] = 1,
    cache_dir: Annotated[Path | None, typer.Option(help="LLM answer cache (default OUT/.cache/llm).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the LLM answer cache.")] = False,
    no_fallback: Annotated[
        bool,
        typer.Option(
            "--no-fallback", help="A document whose LLM retries run out fails instead of falling back to the rules."
        ),
    ] = False,
    max_chunk_tokens: Annotated[
        int | None, typer.Option(help="Article tokens per LLM request (estimated as chars/4) (default 3000).")
    ] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds per LLM request (default 120).")] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(help="Retries per LLM request on 429, timeouts, connection errors, 5xx (default 5)."),
    ] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(help="Completion tokens per LLM request; a cut-off answer splits its chunk (default 4096)."),
    ] = None,
    connect_timeout: Annotated[
        float | None, typer.Option(help="Seconds to connect to the LLM server (default 5).")
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option(help="Seconds for the whole run's LLM requests; then the rest fall back (or fail)."),
    ] = None,
    reasoning_effort: Annotated[
        str | None, typer.Option(help="For reasoning models: none, minimal, low, medium, high, xhigh.")
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the interrupted run journaled in --out (same inputs and options)."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", "-w", min=1, help="Processes for the per-document stages (CPU-bound rule backend)."),
    ] = 1,
    max_doc_mb: Annotated[
        float,
        typer.Option(
            "--max-doc-mb", min=0.001, help="Refuse (as an input error) any document larger than this many MB."
        ),
    ] = 10.0,
    engine: Annotated[
        Engine, typer.Option(help="local (this machine) or ray (Ray Data, from the ray extra of claimex).")
    ] = Engine.local,
    ray_address: Annotated[
        str | None, typer.Option(help="Ray cluster to join (e.g. auto); default: start a local Ray instance.")
    ] = None,
    ray_workers: Annotated[
        int,
        typer.Option(
            min=1, help="Ray worker actors for the per-document stages (each runs --concurrency documents at once)."
        ),
    ] = 2,
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
    if workers > 1 and backend == Backend.llm:
        raise UsageError(
            "--workers is for the CPU-bound rule backend; the LLM backend runs requests "
            "concurrently in one process: use --concurrency"
        )
    if engine == Engine.ray:
        return _extract_ray(
            inputs,
            out,
            backend=backend,
            model=model,
            base_url=base_url,
            concurrency=concurrency,
            cache_dir=None if no_cache else (cache_dir or out / ".cache" / "llm"),
            fallback=not no_fallback,
            max_chunk_tokens=max_chunk_tokens,
            timeout=timeout,
            max_retries=max_retries,
            max_tokens=max_tokens,
            llm_extra=dict(
                connect_timeout=connect_timeout,
                deadline=deadline,
                reasoning_effort=reasoning_effort,
                log_path=Path(os.path.abspath(out / LOG_NAME)),
            ),
            fail_fast=fail_fast,
            no_merge=no_merge,
            encoding_errors=encoding_errors,
            quiet=quiet,
            resume=resume,
            workers=workers,
            max_doc_mb=max_doc_mb,
            ray_address=ray_address,
            ray_workers=ray_workers,
        )
    extractor = make_extractor(
        backend,
        model=model,
        base_url=base_url,
        cache_dir=None if no_cache else (cache_dir or out / ".cache" / "llm"),
        fallback=not no_fallback,
        max_chunk_tokens=max_chunk_tokens,
        timeout=timeout,
        max_retries=max_retries,
        max_tokens=max_tokens,
        connect_timeout=connect_timeout,
        deadline=deadline,
        reasoning_effort=reasoning_effort,
        log_path=out / LOG_NAME,
    )
    announce(extractor, backend.value, why_configured(base_url))
    progress = _Progress(enabled=sys.stderr.isatty() and not quiet)

    def on_error(rec: ErrorRecord) -> None:
        progress.clear()
        _err(f"error: {rec.one_line()}")

    stop = _StopOnInterrupt(progress)
    try:
        with stop:
            result = run_batch(
                inputs,
                extractor,
                out,
                merge_across=not no_merge,
                fail_fast=fail_fast,
                concurrency=concurrency,
                encoding_errors=encoding_errors,  # type: ignore[arg-type]
                on_error=on_error,
                on_document=lambda r: progress.tick(r.doc_id),
                resume=resume,
                workers=workers,
                max_doc_bytes=int(max_doc_mb * 1_000_000),
                collect=False,
                stop=stop.event,
            )
    except (Interrupted, KeyboardInterrupt) as e:
        progress.clear()
        msg = (
            str(e) if isinstance(e, Interrupted) else f"interrupted; finished documents are kept in {out}/journal.jsonl"
        )
        _err(f"claimex: {msg}")
        _err(f"claimex: to continue, run: {_resume_command()}")
        raise typer.Exit(130) from None
    finally:
        progress.clear()
        extractor.close()
    rep = result.report
    if not quiet:
        _summary(rep, out)
    fell_back = "llm" in rep.extra and report_fallbacks(rep.extra["llm"], backend.value)
    if result.errors:
        raise typer.Exit(1)
    if fell_back and backend == Backend.llm:
        raise typer.Exit(EXIT_FALLBACK)


def _summary(rep, out: Path, engine: str | None = None) -> None:
    """The run's one-line summary (and the LLM's accounting line) on stdout."""
    typer.echo(
        f"{rep.documents_read - rep.documents_failed} documents ok, {rep.documents_failed} failed; "
        f"{rep.mentions_grounded} mentions ({rep.ungrounded} ungrounded dropped) -> "
        f"{rep.claims_written} claims ({rep.denials} denials) in {out}/claims.jsonl"
        + (f" (engine: {engine})" if engine else "")
    )
    if "llm" in rep.extra:
        llm = rep.extra["llm"]
        typer.echo(
            f"llm: {llm['requests']} requests, {llm['cache']['hits']} cache hits, "
            f"{llm['tokens']['prompt']}+{llm['tokens']['completion']} tokens, "
            f"{llm['fallbacks']} documents fell back to rules"
        )


def _extract_ray(
    inputs: list[str],
    out: Path,
    *,
    backend: Backend,
    model,
    base_url,
    concurrency: int,
    cache_dir,
    fallback: bool,
    max_chunk_tokens,
    timeout,
    max_retries,
    max_tokens,
    llm_extra: dict,
    fail_fast: bool,
    no_merge: bool,
    encoding_errors: str,
    quiet: bool,
    resume: bool,
    workers: int,
    max_doc_mb: float,
    ray_address: str | None,
    ray_workers: int,
) -> None:
    """`extract --engine ray`: the same run on Ray Data (pipeline/engines/ray_engine.py)."""
    from .engines.ray_engine import run_batch_ray

    if workers > 1:
        raise UsageError("--workers is the local engine's; with --engine ray use --ray-workers")
    # Every worker builds its own extractor from these options; the LLM answer cache must be one
    # absolute path for all of them (on a cluster: a shared file system).
    factory = functools.partial(
        make_extractor,
        backend,
        model=model,
        base_url=base_url,
        cache_dir=Path(os.path.abspath(cache_dir)) if cache_dir is not None else None,
        fallback=fallback,
        max_chunk_tokens=max_chunk_tokens,
        timeout=timeout,
        max_retries=max_retries,
        max_tokens=max_tokens,
        **llm_extra,
    )

    def on_error(rec: ErrorRecord) -> None:
        _err(f"error: {rec.one_line()}")

    stop = _StopOnInterrupt(_Progress(enabled=False))
    try:
        with stop:
            result = run_batch_ray(
                inputs,
                factory,
                out,
                address=ray_address,
                workers=ray_workers,
                merge_across=not no_merge,
                fail_fast=fail_fast,
                concurrency=concurrency,
                encoding_errors=encoding_errors,
                on_error=on_error,  # type: ignore[arg-type]
                resume=resume,
                max_doc_bytes=int(max_doc_mb * 1_000_000),
                collect=False,
                stop=stop.event,
            )
    except (Interrupted, KeyboardInterrupt) as e:
        msg = (
            str(e) if isinstance(e, Interrupted) else f"interrupted; finished documents are kept in {out}/journal.jsonl"
        )
        _err(f"claimex: {msg}")
        _err("claimex: to continue, run the same command without the --engine/--ray options, with --resume")
        raise typer.Exit(130) from None
    rep = result.report
    if not quiet:
        _summary(rep, out, engine="ray")
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
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Source documents: check every offset against them.")
    ] = None,
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


@app.command("eval")
@exits_cleanly
def eval_(
    gold: Annotated[Path, typer.Argument(help="Annotated gold JSONL (PolNeAR-style attributions, or simple claims).")],
    pred: Annotated[Path, typer.Argument(help="A claims.jsonl from claimex, or flat prediction lines.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the metrics as JSON here.")] = None,
    per_document: Annotated[
        bool, typer.Option("--per-document/--overall-only", help="Show one row per document.")
    ] = True,
) -> None:
    """Precision, recall, F1 of contents, speaker accuracy and denial P/R against GOLD (see pipeline/evaluate.py)."""
    from .evaluate import evaluate, format_report, load_gold, load_predictions

    report = evaluate(load_gold(gold), load_predictions(pred))
    typer.echo(format_report(report, per_document))
    if json_out is not None:
        json_out.write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")


@app.command("merge")
@exits_cleanly
def merge_cmd(
    runs: Annotated[list[Path], typer.Argument(help="Run directories (or their documents.jsonl) to merge.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (created if missing).")] = Path("merged"),
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Write one claim per mention (no cross-document merge).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stdout.")] = False,
) -> None:
    """Merge the per-document results (documents.jsonl) of several runs into one run in --out.

    A doc_id present in several runs is kept once (identical results are one;
    otherwise the one with most grounded mentions), and a note says so.
    """
    from .remerge import merge_runs

    res = merge_runs(runs, out, merge_across=not no_merge, on_note=_err)
    for e in res.errors:
        _err(f"error: {e.one_line()}")
    if not quiet:
        typer.echo(
            f"{len(res.results)} documents from {len(runs)} runs ({len(res.duplicates)} in several) -> "
            f"{len(res.claims)} claims in {out}/claims.jsonl"
        )
    if res.errors:
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    claimreview = "claimreview"
    csv = "csv"


@app.command()
@exits_cleanly
def report(
    out_dir: Annotated[
        Path, typer.Argument(help="A run's output directory (claims.jsonl, documents.jsonl, run.json).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Source documents (default: the run's inputs from run.json)."),
    ] = None,
) -> None:
    """Write one self-contained HTML review page for a run: claims, speakers, and highlighted articles."""
    from .report import write_report

    data = write_report(out_dir, out, source or None, on_warning=lambda m: _err(f"warning: {m}"))
    s = data.summary
    typer.echo(
        f"{out}: {s['claims']} claims, {s['speakers']} speakers, {s['documents']} articles "
        f"({s['documents_with_text']} with text), {s['highlighted']}/{s['mentions']} mentions highlighted"
    )
    if data.warnings:
        raise typer.Exit(1)


@app.command()
@exits_cleanly
def export(
    claims_file: Annotated[Path, typer.Argument(help="A claims.jsonl.")],
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="claimreview (schema.org JSON) or csv.")
    ] = ExportFormat.claimreview,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    documents: Annotated[
        list[Path] | None,
        typer.Option(
            "--documents",
            help="documents.jsonl or run directories with URLs/titles/dates (default: the documents.jsonl next to CLAIMS_FILE).",
        ),
    ] = None,
) -> None:
    """Export CLAIMS_FILE for fact-check tools: schema.org ClaimReview-ready JSON, or CSV."""
    from .emit import atomic_write
    from .export import read_claims_lenient, read_document_meta, to_claimreview_json, to_csv

    if not claims_file.is_file():
        raise UsageError(f"{claims_file}: no such file (give a claims.jsonl)")
    claims, errors = read_claims_lenient(claims_file)
    if documents is None:
        beside = claims_file.parent / "documents.jsonl"
        documents = [beside] if beside.exists() else []
    meta, meta_errors = read_document_meta(documents)
    for e in errors + meta_errors:
        _err(f"error: {e.one_line()}")
    text = to_claimreview_json(claims, meta) if format == ExportFormat.claimreview else to_csv(claims, meta)
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write(out, [text[:-1]])  # text ends with its newline; atomic_write adds one per line
    if errors or meta_errors:
        raise typer.Exit(1)


@app.command("llm-log")
@exits_cleanly
def llm_log(
    out_dir: Annotated[Path, typer.Argument(help=f"A run's output directory (or its {LOG_NAME}).")],
    last: Annotated[int | None, typer.Option("--last", "-n", min=1, help="Only the last N requests.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only the requests for this doc_id.")] = None,
    json_lines: Annotated[bool, typer.Option("--json", help="The raw JSON lines instead of a table.")] = False,
) -> None:
    """Every LLM request of the runs in OUT_DIR: model, prompt version, tokens, latency, retries, outcome."""
    path = out_dir / LOG_NAME if out_dir.is_dir() else out_dir
    if not path.is_file():
        raise UsageError(f"{path}: no request log (runs with the llm backend write {LOG_NAME} in --out)")
    entries = [e for e in read_log(path) if doc is None or e.get("doc_id") == doc]
    if last is not None:
        entries = entries[-last:]
    for line in (json.dumps(e, ensure_ascii=False) for e in entries) if json_lines else format_log(entries):
        typer.echo(line)


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

    def __init__(self, progress: _Progress):
        self.event = threading.Event()
        self.progress = progress
        self._old = None

    def _handle(self, signum, frame) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        self.progress.clear()
        _err("claimex: stopping after the documents in progress (Ctrl-C again to stop at once)")

    def __enter__(self) -> _StopOnInterrupt:
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
