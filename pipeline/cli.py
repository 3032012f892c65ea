"""The `claimex` command line: thin typer commands over pure functions.

Only this module turns ClaimexError into exit codes (the list: `cli_format.EXIT_CODES`, shown by
`claimex --help`). No command shows a traceback (`--verbose` logs it); a usage error is one line
(`cli_format.ClaimexGroup`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import logging
import os
import shlex
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.exceptions

from . import __version__
from .backends.base import Extractor
from .budget import DEFAULT_DOC_TIMEOUT
from .cli_format import EXIT_PIPE, ClaimexCommand, ClaimexGroup, CommandUsageError, exit_codes_epilog, silence_stdout
from .errors import (
    ClaimexError,
    ConfigStop,
    EnvironmentFailure,
    Interrupted,
    UsageError,
    describe_environment_failure,
    printable,
    redact_args,
)
from .executors import Executor, make_executor
from .llm.notify import announce, report_fallbacks
from .llm.reqlog import LOG_NAME, format_log, read_log
from .llm.settings import why_configured
from .models import DocumentResult, ErrorRecord
from .progress import Progress, logging_to_stderr

EXIT_FALLBACK = 3  # --backend llm, and some documents came from the rules fallback (README "LLM backend")

app = typer.Typer(
    name="claimex",
    help="Extract who-said-what claims from news articles, grounded by character offsets.",
    epilog=exit_codes_epilog(),
    cls=ClaimexGroup,  # a usage error is one line (README "Use"), not a box
    rich_markup_mode=None,  # plain help: no boxes, no Python types next to flags
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"claimex {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the claimex version and exit."),
    ] = False,
) -> None:
    """Extract who-said-what claims from news articles, grounded by character offsets."""


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class Backend(str, Enum):
    auto = "auto"
    rules = "rules"
    llm = "llm"


class EncodingErrors(Enum):  # (not a str: its `replace` would shadow str.replace)
    strict = "strict"
    replace = "replace"


class ReasoningEffort(str, Enum):
    """--reasoning-effort: llm.settings.REASONING_EFFORTS, as a closed set --help lists (a test keeps them equal)."""

    none = "none"
    minimal = "minimal"
    low = "low"
    medium = "medium"
    high = "high"
    xhigh = "xhigh"


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


EXIT_INTERNAL = 5  # an exception no one expected (a bug): one line, never a traceback

log = logging.getLogger("claimex.cli")


def _err(msg: str) -> None:
    """One line on stderr: every stderr line goes through here (or the log handler), escaped, so a
    file name holding a newline or an escape sequence cannot forge or split a line."""
    sys.stderr.write(printable(msg) + "\n")  # (sys.stderr as it is now: rich shows it above a progress bar)
    sys.stderr.flush()


def exits_cleanly(fn: Callable) -> Callable:
    """Turn every exception into a one-line message and its exit code (only the CLI does this): a
    ClaimexError its own code, an environment failure (OSError, a dead worker, MemoryError) 4, anything
    else 5 as an internal error (its traceback only with --verbose)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with logging_to_stderr(-1 if kwargs.get("quiet") else 1 if kwargs.get("verbose") else 0):
            try:
                return fn(*args, **kwargs)
            except (typer.Exit, typer.Abort, typer.exceptions.TyperException, SystemExit):
                raise
            except UsageError as e:  # click names the command: one line, as for its own usage errors
                raise CommandUsageError(str(e)) from None
            except ClaimexError as e:
                _err(f"claimex: {e}")
                raise typer.Exit(e.exit_code) from None
            except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM where a command takes it so (`_sigterm_as_ctrl_c`)
                term = isinstance(e, _Terminated)
                _err("claimex: interrupted" + (" (SIGTERM)" if term else ""))
                raise typer.Exit(128 + (signal.SIGTERM if term else signal.SIGINT)) from None
            except BrokenPipeError:  # stdout closed early (`claimex export ... | head`): quietly, like cat
                silence_stdout()
                raise typer.Exit(EXIT_PIPE) from None
            except BaseException as e:  # the one place a user would otherwise see a traceback
                what = describe_environment_failure(e)
                if what is not None:
                    log.debug("environment failure", exc_info=True)
                    _err(f"claimex: stopped: {what}")
                    raise typer.Exit(EnvironmentFailure.exit_code) from None
                log.debug("internal error", exc_info=True)
                _err(
                    f"claimex: internal error: {type(e).__name__}: {e} (a bug: please report it; --verbose shows where)"
                )
                raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where a Ctrl-C would be (`_sigterm_as_ctrl_c`): the same path, exit 143."""


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """For the duration: SIGTERM (what `timeout`, systemd, `docker stop` and Slurm send) stops the command
    as Ctrl-C does, not at once: unwinding, so nothing half-written is published, the lock and the
    temporary files go (`merge`; it ended in silence). `extract` has its own (`_StopOnInterrupt`)."""
    if threading.current_thread() is not threading.main_thread():  # (signals reach the main thread only)
        yield
        return

    def terminated(signum, frame) -> None:
        raise _Terminated

    old = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _notes(quiet: bool) -> Callable[[str], None]:
    """Where a command's `note:` lines go: stderr, or nowhere with --quiet (its `warning:` lines always)."""

    def note(line: str) -> None:
        if not quiet or line.startswith("warning:"):
            _err(line)

    return note


def _stdout_line(line: str) -> None:
    """One line on stdout (where a command writes its output lines when no --out file is given)."""
    sys.stdout.write(line + "\n")


def _stdout_all(text: str) -> None:
    """All of `text` on stdout, as one command's whole output (export, eval --json -): a reader that leaves
    (`| head -1`) is a BrokenPipeError here, so exit 141. Written to the byte stream in a loop: with stdout
    unbuffered (PYTHONUNBUFFERED=1) `sys.stdout.write` makes one write(2), and when the reader left after
    the pipe took its 64 KB, that write returned short and the rest was dropped without an error."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # (a text-only stream, e.g. one a caller put in place of stdout)
        out.write(text)
        out.flush()
        return
    out.flush()
    left = memoryview(text.encode(out.encoding or "utf-8", out.errors or "strict"))
    while left:
        left = left[buffer.write(left) or 0 :]  # (None: a non-blocking stdout that is full; try again)
    buffer.flush()


def _input_file(path: str | Path, hint: str, option: str = "") -> None:
    """Raise UsageError (exit 2, one line) when `path`, a file a command reads whole, is missing, a
    directory, not a regular file or unreadable: the command was pointed at the wrong thing, as every
    command says it (`extract` takes many inputs, a batch: a bad one is an input error there).
    Checked before anything is opened (a FIFO is never opened: that would block). `option`: the
    option that named it (`--reviews`), shown before the path."""
    where = f"{option} {path}" if option else str(path)
    try:
        mode = os.stat(path).st_mode
        why = "is a directory" if stat.S_ISDIR(mode) else None if stat.S_ISREG(mode) else "is not a regular file"
        if why is None:
            open(path, "rb").close()  # (a regular file: opening it does not block)
    except (FileNotFoundError, NotADirectoryError):
        why = "no such file"
    except OSError as e:  # permission denied, a symlink loop, ...
        why = f"cannot read ({e.strerror or type(e).__name__})"
    if why is not None:
        raise UsageError(f"{where}: {why} ({hint})")


def _out_dir(value: str | Path) -> Path:
    """--out: an empty value is a usage error (as a Path it would silently mean the current directory)."""
    if isinstance(value, Path):
        return value
    if not value.strip():
        raise typer.BadParameter("is empty: name a directory or file (`.` for the current directory)")
    return Path(value)


def _out_file(value: str | Path | None) -> Path | None:
    """-o FILE of a command that writes to stdout without it: `-` is stdout too (None); a file named - is ./-."""
    if value is None or isinstance(value, Path):
        return value
    return None if value == "-" else _out_dir(value)


def _out_page(value: str | Path) -> Path:
    """report -o FILE: the page is a file of its own (its size, a browser opens it): `-` is refused, not
    written as a file named - (./- is one)."""
    if value == "-":
        raise typer.BadParameter("- (stdout) is not supported: the review page is a file; give its path")
    return _out_dir(value)


# Every command takes both (README "Use"): a script can pass -q to any of them.
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="On stderr only warnings and errors (no notes, no progress); no summary on stdout."
    ),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Also debug lines on stderr (extract: one per document; an internal error: where)."
    ),
]
OutDirOpt = typer.Option("--out", "-o", parser=_out_dir, metavar="DIR", help="Output directory (created if missing).")
ExtractOutOpt = typer.Option(
    "--out",
    "-o",
    parser=_out_dir,
    metavar="DIR",
    help="Output directory (created if missing); - writes claims JSONL to stdout (other files: --run-dir).",
)
RunDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--run-dir",
        metavar="DIR",
        help="With --out -: the directory for every file but the claims on stdout (journal too, so --resume works); default a temporary one, removed at the end.",
    ),
]
PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        metavar="RUN",
        help="An earlier run: its documents join this run's, and changes.jsonl says what changed since its claims.",
    ),
]


# The LLM options: declared once here, used by `extract` (for either engine) through `LLMOptions`.
ModelOpt = Annotated[
    str | None, typer.Option(metavar="NAME", help="LLM model name (env CLAIMEX_MODEL; default gpt-4o-mini).")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(metavar="URL", help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL)."),
]
ConcurrencyOpt = Annotated[
    int,
    typer.Option(
        min=1, metavar="N", help="Documents (so LLM requests) in flight at once; output is the same for any N."
    ),
]
CacheDirOpt = Annotated[Path | None, typer.Option(metavar="DIR", help="LLM answer cache (default OUT/.cache/llm).")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the LLM answer cache.")]
NoFallbackOpt = Annotated[
    bool,
    typer.Option(
        "--no-fallback", help="A document whose LLM retries run out fails instead of falling back to the rules."
    ),
]
MaxChunkTokensOpt = Annotated[
    int | None, typer.Option(metavar="N", help="Article tokens per LLM request (estimated as chars/4) (default 3000).")
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(metavar="SECONDS", help="Seconds for a whole LLM request, answer included (default 120)."),
]
MaxRetriesOpt = Annotated[
    int | None,
    typer.Option(metavar="N", help="Retries per LLM request on 429, timeouts, connection errors, 5xx (default 5)."),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option(
        metavar="N", help="Completion tokens per LLM request; a cut-off answer splits its chunk (default 4096)."
    ),
]
ConnectTimeoutOpt = Annotated[
    float | None, typer.Option(metavar="SECONDS", help="Seconds to connect to the LLM server (default 5).")
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        metavar="SECONDS", help="Seconds for the whole run's LLM requests; then the rest fall back (or fail)."
    ),
]
ReasoningEffortOpt = Annotated[ReasoningEffort | None, typer.Option(help="For reasoning models.")]


@dataclass(frozen=True)
class LLMOptions:
    """The LLM settings of one run, built once from the options; `factory` makes the run's extractor
    (in this process, and in each Ray worker: a picklable `functools.partial`)."""

    model: str | None = None
    base_url: str | None = None
    cache_dir: Path | None = None  # absolute (every Ray worker shares it); None: no cache
    fallback: bool = True
    max_chunk_tokens: int | None = None
    timeout: float | None = None
    max_retries: int | None = None
    max_tokens: int | None = None
    connect_timeout: float | None = None
    deadline: float | None = None
    reasoning_effort: str | None = None
    log_path: Path | None = None  # the request log (OUT/llm_log.jsonl), absolute like cache_dir

    def factory(self, backend: Backend) -> Callable[[], Extractor]:
        return functools.partial(make_extractor, backend, **dataclasses.asdict(self))


@app.command(cls=ClaimexCommand)
@exits_cleanly
def extract(
    ctx: typer.Context,
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="INPUTS", help="Files (.txt; .jsonl or .ndjson), directories, or - for JSONL on stdin."),
    ],
    out: Annotated[Path, ExtractOutOpt] = Path("outputs"),
    backend: Annotated[Backend, typer.Option(help="Extractor: rules (offline), llm, or auto.")] = Backend.auto,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first bad input instead of recording it.")
    ] = False,
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Write one claim per mention (no cross-document merge).")
    ] = False,
    encoding_errors: Annotated[
        EncodingErrors, typer.Option(help="strict: invalid UTF-8 fails that file; replace: decode with U+FFFD.")
    ] = EncodingErrors.strict,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    progress_every: Annotated[
        float,
        typer.Option(
            min=0,
            metavar="SECONDS",
            envvar="CLAIMEX_PROGRESS_EVERY",
            help="When stderr is not a terminal (a cron log): a progress line every this many seconds (0: every document).",
        ),
    ] = 30.0,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    concurrency: ConcurrencyOpt = 1,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    no_fallback: NoFallbackOpt = False,
    max_chunk_tokens: MaxChunkTokensOpt = None,
    timeout: TimeoutOpt = None,
    max_retries: MaxRetriesOpt = None,
    max_tokens: MaxTokensOpt = None,
    connect_timeout: ConnectTimeoutOpt = None,
    deadline: DeadlineOpt = None,
    reasoning_effort: ReasoningEffortOpt = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the interrupted run journaled in --out (same inputs and options)."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            metavar="N",
            envvar="CLAIMEX_WORKERS",
            help="Processes for the per-document stages (CPU-bound rule backend).",
        ),
    ] = 1,
    max_doc_mb: Annotated[
        float,
        typer.Option(
            "--max-doc-mb",
            min=0.001,
            max=1_000_000,
            metavar="MB",
            envvar="CLAIMEX_MAX_DOC_MB",
            help="Refuse (as an input error) any document larger than this many MB.",
        ),
    ] = 10.0,
    engine: Annotated[
        Engine, typer.Option(help="local (this machine) or ray (Ray Data, from the ray extra of claimex).")
    ] = Engine.local,
    ray_address: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="Ray cluster to join (e.g. auto); default: start a local Ray instance."),
    ] = None,
    ray_workers: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Ray worker actors for the per-document stages (each runs --concurrency documents at once).",
        ),
    ] = 2,
    doc_timeout: Annotated[
        float,
        typer.Option(
            "--doc-timeout",
            min=0,
            max=1_000_000,
            metavar="SECONDS",
            help="Seconds one document may take (segment to grounding) before it becomes a Timeout error line; 0: no limit.",
        ),
    ] = DEFAULT_DOC_TIMEOUT,
    previous: PreviousOpt = None,
    run_dir: RunDirOpt = None,
) -> None:
    """Extract claims from INPUTS and write claims.jsonl, errors.jsonl, documents.jsonl, run.json to --out.

    Every finished document is journaled in OUT/journal.jsonl; after a crash or
    Ctrl-C, the same command with --resume continues where it stopped. Without
    --resume a new run starts over (files of an earlier run are replaced when it finishes, unless
    no document succeeded: then they are kept).
    --out - writes the claims to stdout instead (and nothing else there).
    """
    workers_given = _as_given(ctx, "workers", "--workers")  # (CLAIMEX_WORKERS=N named as set)
    to_stdout = str(out) == "-"
    if run_dir is not None and not to_stdout:
        raise UsageError("--run-dir is for --out -; without it every file goes to --out")
    if to_stdout and previous is not None and run_dir is None:
        raise UsageError("--previous with --out - needs --run-dir DIR: changes.jsonl is written there")
    if to_stdout and resume and run_dir is None:
        raise UsageError("--resume with --out - needs the --run-dir DIR of the interrupted run (its journal)")
    if not to_stdout:
        _extract(**locals())
        return
    if sys.stdout is None:  # (Python's stdout when the process was started with it closed: `>&-`)
        raise EnvironmentFailure(
            "--out -: standard output is closed, so no claim could be written; open it or give --out DIR"
        )
    if run_dir is not None:
        _extract(**{**locals(), "out": run_dir, "stream": sys.stdout, "out_flag": "--run-dir"})
        return
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="claimex-run-"))
    try:
        _extract(**{**locals(), "out": tmp, "stream": sys.stdout, "ephemeral": True})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _extract(
    inputs: list[str],
    out: Path,
    backend: Backend,
    fail_fast: bool,
    no_merge: bool,
    encoding_errors: EncodingErrors,
    quiet: bool,
    verbose: bool,
    progress_every: float,
    model: str | None,
    base_url: str | None,
    concurrency: int,
    cache_dir: Path | None,
    no_cache: bool,
    no_fallback: bool,
    max_chunk_tokens: int | None,
    timeout: float | None,
    max_retries: int | None,
    max_tokens: int | None,
    connect_timeout: float | None,
    deadline: float | None,
    reasoning_effort: ReasoningEffort | None,
    resume: bool,
    workers: int,
    max_doc_mb: float,
    engine: Engine,
    ray_address: str | None,
    ray_workers: int,
    doc_timeout: float,
    previous: Path | None,
    stream: Any = None,
    ephemeral: bool = False,
    workers_given: str | None = None,
    out_flag: str = "--out",
    **_: Any,
) -> None:
    """`extract` into the directory `out` (the option that named it: `out_flag`); with `stream` (--out -)
    the claims also go there, the summary to stderr."""
    from .ingest import skipped_files
    from .run import run_batch

    _check_extract_options(out, backend, workers, engine, workers_given, out_flag)
    llm = LLMOptions(
        model=model,
        base_url=base_url,
        cache_dir=None if no_cache else Path(os.path.abspath(cache_dir or out / ".cache" / "llm")),
        fallback=not no_fallback,
        max_chunk_tokens=max_chunk_tokens,
        timeout=timeout,
        max_retries=max_retries,
        max_tokens=max_tokens,
        connect_timeout=connect_timeout,
        deadline=deadline,
        reasoning_effort=reasoning_effort.value if reasoning_effort is not None else None,
        log_path=Path(os.path.abspath(out / LOG_NAME)),
    )
    factory = llm.factory(backend)
    executor = _executor(engine, factory, workers=workers, concurrency=concurrency, ray=(ray_address, ray_workers))
    extractor = factory()
    announce(extractor, backend.value, why_configured(base_url))
    for note in skipped_files(inputs, exclude=out):  # (also with --quiet: a warning, not progress)
        _err(f"warning: {note}")
    progress = Progress(enabled=not quiet, every=progress_every)

    def on_error(rec: ErrorRecord) -> None:
        _err(f"error: {rec.one_line()}")

    def on_document(r: DocumentResult) -> None:
        for w in r.warnings:  # e.g. NotEnglish: the document was still processed
            _err(f"warning: {w.one_line()}")

    stop = _StopOnInterrupt(progress)
    try:
        with stop, executor, progress:
            result = run_batch(
                inputs,
                extractor,
                out,
                executor=executor,
                merge_across=not no_merge,
                fail_fast=fail_fast,
                encoding_errors=encoding_errors.value,
                on_error=on_error,
                on_document=on_document,
                resume=resume,
                progress=progress,
                max_doc_bytes=int(max_doc_mb * 1_000_000),
                collect=False,
                stop=stop.event,
                doc_timeout=doc_timeout or None,
                previous=previous,
                stream=stream,
                on_warning=lambda line: _err(f"warning: {line}"),
                on_note=_notes(quiet),
            )
    except (Interrupted, KeyboardInterrupt) as e:
        if ephemeral:
            _err("claimex: interrupted; --out - without --run-dir keeps no journal, so nothing is kept to resume")
            raise typer.Exit(stop.exit_code) from None
        msg = (
            str(e) if isinstance(e, Interrupted) else f"interrupted; finished documents are kept in {out}/journal.jsonl"
        )
        _err(f"claimex: {msg}")
        _err(f"claimex: {_how_to_continue(engine)}")
        raise typer.Exit(stop.exit_code) from None
    except ConfigStop as e:  # (a key revoked mid-batch: what finished is journaled)
        if ephemeral:  # the temporary run directory, journal and all, is removed: the cause alone
            _err(f"claimex: {e.__cause__ or e}; nothing is kept to resume (--out - without --run-dir)")
        else:
            _err(f"claimex: {e}")
            _err(f"claimex: {_how_to_continue(engine, fix=True)}")
        raise typer.Exit(e.exit_code) from None
    except EnvironmentFailure as e:
        log.debug("environment failure", exc_info=True)
        if ephemeral:  # the temporary run directory, journal and all, is removed: name only the cause
            what = describe_environment_failure(e.__cause__) if e.__cause__ is not None else None
            _err(f"claimex: {f'stopped: {what}' if what else e}; nothing is kept to resume (--out - without --run-dir)")
            raise typer.Exit(e.exit_code) from None
        _err(f"claimex: {e}; {_how_to_continue(engine, fix=True, resume=e.resumable)}")
        raise typer.Exit(e.exit_code) from None
    finally:
        extractor.close()
    if result.kept:  # (also with --quiet: the files in --out are not this run's)
        _err(f"warning: {_kept_line(result.report, out, result.kept)}")
    elif result.nothing_new:
        _err(f"warning: {_nothing_new_line(result.report, out, previous)}")
    if not quiet:
        _summary(
            result.report,
            out,
            engine="ray" if engine == Engine.ray else None,
            to_stderr=stream is not None,
            published=not (result.kept or result.nothing_new),
        )
    rep = result.report
    fell_back = "llm" in rep.extra and report_fallbacks(rep.extra["llm"], backend.value)
    if result.errors:
        raise typer.Exit(1)
    if fell_back and backend == Backend.llm:
        raise typer.Exit(EXIT_FALLBACK)


def _changes_line(changes: dict, out: Path) -> str:
    return (
        f"changes since --previous: {changes['new']} new, {changes['updated']} updated, "
        f"{changes['replaced']} replaced, {changes['removed']} removed in {out}/changes.jsonl"
    )


def _check_extract_options(
    out: Path,
    backend: Backend,
    workers: int,
    engine: Engine,
    workers_given: str | None = None,
    out_flag: str = "--out",
) -> None:
    """Usage errors of `extract`'s options together (`workers_given`: --workers as the user set it;
    `out_flag`: the option that named `out`, --out or --run-dir)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out_flag} {out} exists and is not a directory")
    above = next((p for p in out.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        raise UsageError(f"{out_flag} {out}: {above} is a file, not a directory")
    most = _WORKERS_PER_CPU * _cpus()
    if workers > most:
        # each worker is a process holding the rules and weights: hundreds of them exhaust memory
        raise UsageError(
            f"{workers_given or f'--workers {workers}'}: at most {_WORKERS_PER_CPU} per CPU, {most} on this machine"
        )
    if workers > 1 and backend == Backend.llm:
        raise UsageError(
            "--workers is for the CPU-bound rule backend; the LLM backend runs requests "
            "concurrently in one process: use --concurrency"
        )
    if workers > 1 and engine == Engine.ray:
        raise UsageError("--workers is the local engine's; with --engine ray use --ray-workers")


_WORKERS_PER_CPU = 4


def _as_given(ctx: typer.Context, param: str, flag: str) -> str:
    """An option's value as the user gave it, for a message: `--workers 1000`, or `CLAIMEX_WORKERS=1000
    (--workers)` when it came from its environment variable (the user may not know the flag)."""
    value = ctx.params.get(param)
    source = ctx.get_parameter_source(param)
    if source is not None and source.name == "ENVIRONMENT":
        envvar = next((p.envvar for p in ctx.command.params if p.name == param), None)
        if isinstance(envvar, str):
            return f"{envvar}={value} ({flag})"
    return f"{flag} {value}"


def _cpus() -> int:
    """CPUs this process may use: its affinity where the platform tells it (else the machine's),
    capped by a container's CPU quota (cgroup v2 `cpu.max`) when one is set."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        n = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text(encoding="ascii").split()[:2]
        if quota != "max":
            n = min(n, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 here, or a format we do not know: the affinity stands
    return n


def _executor(
    engine: Engine,
    factory: Callable[[], Extractor],
    *,
    workers: int,
    concurrency: int,
    ray: tuple[str | None, int],
) -> Executor:
    """Where the per-document stages run: processes (--workers), threads (--concurrency), or Ray actors."""
    if engine == Engine.ray:
        from .engines.ray_engine import RayExecutor

        return RayExecutor(factory, address=ray[0], workers=ray[1], concurrency=concurrency)
    from .run import ResultCodec

    return make_executor(workers, concurrency, ResultCodec())


def _kept_line(rep, out: Path, kept: list[str]) -> str:
    """What a run in which no document succeeded says of the earlier run's files it kept in `out`."""
    failed = rep.documents_failed
    return (
        f"no document succeeded ({failed:,} input item{'' if failed == 1 else 's'} failed): nothing of this run "
        f"was published, and {out} keeps the earlier run's {', '.join(kept)} as they were, not replaced by "
        f"empty ones; this run's errors are above and in {out}/journal.jsonl"
    )


def _nothing_new_line(rep, out: Path, previous: Path | None) -> str:
    """What a run with --previous in which no document succeeded says: the previous run's claims are not
    this run's, so they are not published (nor written to stdout) again as if they were."""
    failed = rep.documents_failed
    return (
        f"no document succeeded ({failed:,} input item{'' if failed == 1 else 's'} failed): nothing of this run "
        f"was published, and the claims of --previous {previous} were not published again as this run's "
        f"(they are still in {previous}); this run's errors are above and in {out}/journal.jsonl: fix the "
        "inputs and run the command again"
    )


def _summary(rep, out: Path, engine: str | None = None, to_stderr: bool = False, published: bool = True) -> None:
    """The run's one-line summary (and the LLM's accounting line) on stdout (stderr with --out -). The run
    is published before: stdout that cannot be written (a full disk) is said on stderr, not a stopped run."""
    try:
        _summary_lines(rep, out, engine, to_stderr, published)
    except BrokenPipeError:
        raise  # (stdout closed by its reader: quietly, exit 141, as everywhere)
    except OSError as e:
        _err(f"claimex: the run's summary could not be written to stdout ({e.strerror or e}); the run is complete")


def _summary_lines(rep, out: Path, engine: str | None, to_stderr: bool, published: bool) -> None:
    say: Callable[[str], None] = _err if to_stderr else typer.echo
    where = "to stdout" if to_stderr else f"in {out}/claims.jsonl"
    if not published:
        where = "(nothing published)"
    changes = rep.extra.get("changes")
    say(
        f"{rep.documents_read - rep.documents_failed} documents ok, {rep.documents_failed} failed; "
        f"{rep.mentions_grounded} mentions ({rep.ungrounded} ungrounded dropped) -> "
        f"{rep.claims_written} claims ({rep.denials} denials) {where}" + (f" (engine: {engine})" if engine else "")
    )
    if changes is not None:
        say(_changes_line(changes, out))
    if "llm" in rep.extra:
        llm = rep.extra["llm"]
        say(
            f"llm: {llm['requests']} requests, {llm['cache']['hits']} cache hits, "
            f"{llm['tokens']['prompt']}+{llm['tokens']['completion']} tokens, "
            f"{llm['fallbacks']} documents fell back to rules"
        )


@app.command(cls=ClaimexCommand)
@exits_cleanly
def schema(
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Print the JSON Schema of one claims.jsonl line (the contract file claimex validate checks against)."""
    from .contract import schema_text

    sys.stdout.write(schema_text())


@app.command(cls=ClaimexCommand)
@exits_cleanly
def validate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A claims.jsonl to check against the output contract.")],
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="PATH",
            help="Source documents (a file or directory; repeat --source for several): check every offset against them.",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check every line of FILE against the contract (and offsets against --source)."""
    from .outdir import CLAIMS, OutputDir
    from .validate import validate_claims

    _input_file(file, "give a claims.jsonl")
    mixed = OutputDir(file.parent).mixed() if file.name == CLAIMS else None
    if mixed:
        _err(f"warning: {mixed}")
    problems = validate_claims(file, source or [])
    for p in problems:
        _err(p)
    if problems:
        _err(f"{file}: {len(problems)} problem(s)")
        raise typer.Exit(1)
    if not quiet:
        typer.echo(f"{file}: ok")


@app.command("eval", cls=ClaimexCommand)
@exits_cleanly
def eval_(
    gold: Annotated[
        Path,
        typer.Argument(metavar="GOLD", help="Annotated gold JSONL (PolNeAR-style attributions, or simple claims)."),
    ],
    pred: Annotated[
        Path, typer.Argument(metavar="PRED", help="A claims.jsonl from claimex, or flat prediction lines.")
    ],
    json_out: Annotated[
        str | None,
        typer.Option(
            "--json", metavar="FILE", help="Also write the metrics as JSON here (-: stdout, and the table to stderr)."
        ),
    ] = None,
    per_document: Annotated[
        bool, typer.Option("--per-document/--overall-only", help="Show one row per document.")
    ] = True,
    by_rule: Annotated[
        bool,
        typer.Option(
            "--by-rule", help="Also show, per rule that made mentions, predictions, matched gold and precision."
        ),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Precision, recall, F1 of contents, speaker accuracy and denial P/R against GOLD (see pipeline/evaluate.py)."""
    from .emit import atomic_write, check_output_file
    from .evaluate import evaluate, format_by_rule, format_report, load_gold, load_predictions, outside_gold_warning

    _input_file(gold, "give a gold JSONL")
    _input_file(pred, "give a claims.jsonl or prediction lines")
    json_path = None if json_out in (None, "-") else _out_dir(json_out)  # (a file named - is ./-)
    check_output_file("--json", json_path, [("GOLD", gold), ("PRED", pred)])
    problems: list[str] = []  # damaged gold/prediction lines: one warning each, the rest is evaluated
    report = evaluate(load_gold(gold, problems), load_predictions(pred, problems))
    for p in problems:
        _err(f"warning: {p}")
    if (outside := outside_gold_warning(report, pred, gold)) is not None:
        _err(f"warning: {outside}")
    say: Callable[[str], None] = _err if json_out == "-" else typer.echo  # --json -: stdout holds the JSON alone
    say(format_report(report, per_document))
    if by_rule:
        say("")
        say(format_by_rule(report))
    metrics = json.dumps(report.to_json(by_rule=by_rule), indent=2)
    if json_out == "-":
        _stdout_all(metrics + "\n")
    elif json_path is not None:  # (whole or not at all, its directory created: as export -o and report --out)
        atomic_write(json_path, [metrics])
    if problems:
        raise typer.Exit(1)


@app.command("merge", cls=ClaimexCommand)
@exits_cleanly
def merge_cmd(
    runs: Annotated[
        list[Path], typer.Argument(metavar="RUNS", help="Run directories (or their documents.jsonl) to merge.")
    ],
    out: Annotated[Path, OutDirOpt] = Path("merged"),
    no_merge: Annotated[
        bool, typer.Option("--no-merge", help="Write one claim per mention (no cross-document merge).")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    previous: PreviousOpt = None,
) -> None:
    """Merge the per-document results (documents.jsonl) of several runs into one run in --out.

    A doc_id present in several runs is kept once (identical results are one;
    otherwise the one with most grounded mentions), and a note says so.
    With --previous RUN, RUN's documents are merged too and changes.jsonl says what changed since its claims.
    """
    from .remerge import merge_runs

    if previous is not None and no_merge:
        raise UsageError("--previous needs the merge: the change feed compares merged claims (drop --no-merge)")
    with _sigterm_as_ctrl_c():
        res = merge_runs(runs, out, merge_across=not no_merge, on_note=_notes(quiet), previous=previous)
    for e in res.errors:
        _err(f"error: {e.one_line()}")
    if res.kept:  # (also with --quiet: the files in --out are not this run's)
        _err(
            f"warning: no document was read ({len(res.errors):,} error{'' if len(res.errors) == 1 else 's'}): "
            f"nothing was published, and {out} keeps the earlier run's {', '.join(res.kept)} as they were, "
            "not replaced by empty ones"
        )
    elif res.nothing_new:
        _err(
            f"warning: no run other than --previous {previous} gave a document: nothing was published "
            f"({out} keeps any earlier files as they were), and the claims of {previous} were not published "
            f"again as this merge's (they are still in {previous}); give the runs to merge besides it"
        )
    if not quiet and res.nothing_new:
        typer.echo(f"0 documents besides those of --previous {previous} -> 0 claims (nothing published)")
    elif not quiet:
        n = res.report["runs_read"]
        where = "(nothing published)" if res.kept else f"in {out}/claims.jsonl"
        typer.echo(
            f"{len(res.results)} documents from {n} run{'' if n == 1 else 's'} ({len(res.duplicates)} in several) -> "
            f"{len(res.claims)} claims {where}"
        )
        if "changes" in res.report:
            typer.echo(_changes_line(res.report["changes"], out))
    if res.errors or res.nothing_new:  # (nothing merged is no success a script may take for one)
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    claim = "claim"
    claimreview = "claimreview"
    csv = "csv"


@app.command(cls=ClaimexCommand)
@exits_cleanly
def report(
    out_dir: Annotated[
        Path,
        typer.Argument(metavar="OUT_DIR", help="A run's output directory (claims.jsonl, documents.jsonl, run.json)."),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", parser=_out_page, metavar="FILE", help="HTML file to write.")
    ] = Path("report.html"),
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="PATH",
            help="Source documents, a file or directory; repeat --source for several (default: the run's inputs from run.json; for a merged run, those of the runs it merged).",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write one self-contained HTML review page for a run: claims, speakers, and highlighted articles."""
    from .report import write_report

    # (write_report refuses an --out that is a file of the run, of a run it follows, or an article)
    data = write_report(out_dir, out, source or None, on_warning=lambda m: _err(f"warning: {m}"))
    for line in data.notes:  # (the run's failed inputs: it reported them; the page lists them)
        _notes(quiet)(line)
    s = data.summary
    if not quiet:
        typer.echo(
            f"{out}: {s['claims']} claims, {s['speakers']} speakers, {s['documents']} articles "
            f"({s['documents_with_text']} with text), {s['highlighted']}/{s['mentions']} mentions highlighted"
        )
    if data.warnings:
        raise typer.Exit(1)


@app.command(cls=ClaimexCommand)
@exits_cleanly
def export(
    claims_file: Annotated[Path, typer.Argument(metavar="CLAIMS_FILE", help="A claims.jsonl.")],
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="claim (schema.org Claim JSON-LD), claimreview (reviewed claims only, with --reviews) or csv.",
        ),
    ] = ExportFormat.claim,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", parser=_out_file, metavar="FILE", help="Output file (default, or -: stdout)."),
    ] = None,
    documents: Annotated[
        list[Path] | None,
        typer.Option(
            "--documents",
            metavar="PATH",
            help="A documents.jsonl or run directory with URLs/titles/dates; repeat --documents for several (default: the documents.jsonl next to CLAIMS_FILE).",
        ),
    ] = None,
    reviews: Annotated[
        Path | None,
        typer.Option(
            "--reviews",
            metavar="FILE",
            help="JSONL of fact-checks, one per line: claim_id, rating, url, author (and date); for --format claimreview.",
        ),
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV for Excel: start the file with a UTF-8 byte-order mark.")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Export CLAIMS_FILE for fact-check tools: schema.org Claim or ClaimReview JSON-LD, or CSV."""
    from .emit import atomic_write, check_output_file
    from .export import (
        REVIEWS_FORMAT,
        read_claims_lenient,
        read_document_meta,
        read_reviews,
        to_claim_json,
        to_claimreview_json,
        to_csv,
    )

    if format == ExportFormat.claimreview and reviews is None:
        raise UsageError(
            "--format claimreview needs --reviews FILE.jsonl: a ClaimReview is a fact-checker's verdict, and Google "
            f"requires its rating, url and author; one review per line: {REVIEWS_FORMAT} "
            "(unreviewed claims: --format claim)"
        )
    if reviews is not None and format != ExportFormat.claimreview:
        raise UsageError("--reviews is for --format claimreview")
    if excel and format != ExportFormat.csv:
        raise UsageError("--excel is for --format csv")
    _input_file(claims_file, "give a claims.jsonl")
    if reviews is not None:
        _input_file(reviews, "give a JSONL of fact-checks", option="--reviews")
    if documents is None:
        beside = claims_file.parent / "documents.jsonl"
        documents = [beside] if beside.exists() else []
    read = [("CLAIMS_FILE", claims_file), *(("--reviews", r) for r in [reviews] if r is not None)]
    read += [("--documents", d / "documents.jsonl" if d.is_dir() else d) for d in documents]
    check_output_file("--out", out, read)
    claims, errors = read_claims_lenient(claims_file)
    meta, meta_errors = read_document_meta(documents)
    errors += meta_errors
    if format == ExportFormat.claimreview:
        assert reviews is not None
        found, review_errors = read_reviews(reviews, (c.claim.claim_id for c in claims))
        errors += review_errors
        text = to_claimreview_json(claims, found, meta)
    elif format == ExportFormat.csv:
        text = to_csv(claims, meta, excel=excel)
    else:
        text = to_claim_json(claims, meta)
    for e in errors:
        _err(f"error: {e.one_line()}")
    if out is None:
        _stdout_all(text)
    else:
        atomic_write(out, [text[:-1]])  # text ends with its newline; atomic_write adds one per line
    if errors:
        raise typer.Exit(1)


@app.command("llm-log", cls=ClaimexCommand)
@exits_cleanly
def llm_log(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help=f"A run's output directory (or its {LOG_NAME}).")],
    last: Annotated[
        int | None, typer.Option("--last", "-n", min=1, metavar="N", help="Only the last N requests.")
    ] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", metavar="DOC_ID", help="Only the requests for this doc_id.")
    ] = None,
    json_lines: Annotated[bool, typer.Option("--json", help="The raw JSON lines instead of a table.")] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Every LLM request of the runs in OUT_DIR: model, prompt version, tokens, latency, retries, outcome."""
    path = out_dir / LOG_NAME if out_dir.is_dir() else out_dir
    if not path.is_file():
        raise UsageError(f"{path}: no request log (runs with the llm backend write {LOG_NAME} in --out)")
    problems: list[str] = []  # damaged lines: one warning each, the rest is shown
    entries = [e for e in read_log(path, problems) if doc is None or e.get("doc_id") == doc]
    if last is not None:
        entries = entries[-last:]
    for p in problems:
        _err(f"warning: {p}")
    for line in (json.dumps(e, ensure_ascii=False) for e in entries) if json_lines else format_log(entries):
        typer.echo(line)
    if problems:
        raise typer.Exit(1)


@app.command(cls=ClaimexCommand)
@exits_cleanly
def version(
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Print the claimex version."""
    typer.echo(__version__)


@app.command("checkworthiness", cls=ClaimexCommand)
@exits_cleanly
def checkworthiness_cmd(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="JSONL with a 'text' string on each line (and an 'id'; 'group' and 'speaker' for lines of a debate), or - for stdin.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", parser=_out_file, metavar="FILE", help="Output JSONL (default, or -: stdout)."),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Score sentences: each line of FILE comes back with 'checkworthiness' (0..1) and 'claim_type' added.

    Consecutive lines with the same 'group' (a debate, a speech; with their 'speaker') are scored in
    context, one group in memory at a time; lines without 'group' are scored alone. A score >= 0.5
    reads as check-worthy: for lines alone that point is set towards recall (the best F1 on a balanced
    mix), for lines of a group it is the trained midpoint (README "Check-worthiness"). Bad lines are
    reported on stderr as FILE:LINE and skipped; the rest are written; exit 1 if any failed.
    """
    from . import checkworthy
    from .checkworthy import context_version, group_model_version, model_version
    from .emit import atomic_lines, check_output_file

    if file != "-":
        _input_file(file, "give a JSONL file, or - for stdin")
    check_output_file("--out", out, [("FILE", file)])
    ok = failed = grouped = 0
    with contextlib.ExitStack() as stack:
        # Read as bytes: each line is decoded on its own, so a line that is not UTF-8 is reported as such
        # (a decoder would replace its bytes, or pass them through to stop the writing).
        src = sys.stdin.buffer if file == "-" else stack.enter_context(open(file, "rb"))
        # --out appears whole when every line is written (a stop half-way leaves the previous file as it
        # was), as export's and report's files do; SIGTERM unwinds as Ctrl-C, so its temporary file goes.
        stack.enter_context(_sigterm_as_ctrl_c())
        write = _stdout_line if out is None else stack.enter_context(atomic_lines(out))
        for line, error, in_context in checkworthy.score_records(src, "<stdin>" if file == "-" else file):
            if error is not None:
                failed += 1
                _err(f"error: {error}")
            elif line is not None:  # (a Scored holds its line or its error)
                ok += 1
                grouped += in_context
                write(line)
    context = (
        f"; {grouped} in the context of their group ({context_version()} over {group_model_version()})"
        if grouped
        else ""
    )
    if not quiet:
        _err(f"checkworthiness: {ok} scored, {failed} failed (model {model_version()}{context})")
    if failed:
        raise typer.Exit(1)


class _StopOnInterrupt:
    """First Ctrl-C (SIGINT) or SIGTERM: finish the documents in flight, then stop (journal kept). Second:
    stop now. Once every document is journaled (`progress.final`: the merge is being made), the first
    stops at once: nothing is published, and --resume makes the final files from the journal. While the
    files are published (moved into place) a first signal waits for them: half of them would mix two runs.

    SIGTERM is what `timeout`, systemd, `docker stop` and Slurm send before they kill: handled as Ctrl-C
    (it ended the run silently, the journal unsaid and no --resume command given). `exit_code` is 128 +
    the first signal's number, the shell's convention: 130 for Ctrl-C, 143 for SIGTERM."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, progress: Progress):
        self.event = threading.Event()
        self.progress = progress
        self.signum: int | None = None  # the first stopping signal received
        self._old: dict[int, Any] = {}

    @property
    def exit_code(self) -> int:
        return 128 + (self.signum or signal.SIGINT)

    def _handle(self, signum, frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self.event.is_set() or self.progress.final:
            raise KeyboardInterrupt
        self.event.set()
        again = "Ctrl-C again" if signum == signal.SIGINT else f"{signal.Signals(signum).name} again"
        _err(f"claimex: stopping after the documents in progress ({again} to stop at once)")

    def __enter__(self) -> _StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._old = {sig: signal.signal(sig, self._handle) for sig in self.SIGNALS}
        return self

    def __exit__(self, *exc) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def resume_command(argv: list[str] | None = None, resume: bool = True) -> str:
    """The command line of this run, with --resume (what to type to continue it), or without it
    (`resume=False`: to start it again); credentials in it (`user:pass@` in a URL, an `--api-key`-like
    value) are shown as `***`."""
    args = [a for a in (sys.argv if argv is None else argv)[1:] if a != "--resume"]
    return " ".join(["claimex", *map(shlex.quote, redact_args(args)), *(["--resume"] if resume else [])])


def _how_to_continue(engine: Engine, fix: bool = False, resume: bool = True) -> str:
    """The hint after a stopped run: the command that continues it, or (`resume=False`: nothing of it was
    journaled) the one that starts it again."""
    when = "once that is fixed" if fix else "to continue"
    if not resume:
        return f"{when}, run the same command again" + (
            "" if engine == Engine.ray else f": {resume_command(resume=False)}"
        )
    if engine == Engine.ray:
        return f"{when}, run the same command without the --engine/--ray options, with --resume"
    return f"{when}, run: {resume_command()}"


def main() -> None:
    """Console entry point (`claimex`, `python -m claimex`)."""
    # What the imports made (modules, compiled patterns, pydantic schemas) lives as long as the process:
    # moved out of the collector's generations, so its passes during the run do not rescan it (about
    # half the collector's time in a run over the 84 PolNeAR dev articles, 0.025 CPU-s).
    gc.freeze()
    app()
