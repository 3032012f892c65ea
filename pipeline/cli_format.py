"""How the `claimex` command line looks: plain `--help`, one-line usage errors, the exit-code list.

- `ClaimexGroup` (the `claimex` group): a usage error anywhere (an unknown option, a missing argument,
  a bad value, a wrong combination the CLI itself rejects) is ONE stderr line,
  `error: COMMAND: PROBLEM (see claimex COMMAND --help)`, and exit code 2, never a box or a usage block.
- `ClaimexCommand` (every command): arguments shown by their metavar (`INPUTS...`, never `{inputs}...`
  nor a Python type such as `<list[str]>`).
- `EXIT_CODES`: the exit codes, as the top-level `--help` lists them (README "Use" says the same;
  tests/test_docs.py checks that the two name the same codes).
- `help_output_exits`: what `--help` and `--version` print (before any command runs, so outside
  `cli.exits_cleanly`) ends as a command's output does when stdout fails: 141 when its reader left,
  one line and 4 when the disk is full.

Parameters are read by duck typing (name, metavar, nargs, required): typer vendors click in recent
versions and uses click itself in older ones.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .errors import EnvironmentFailure, describe_environment_failure, printable

try:  # typer >= 0.20 vendors click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover (older typer: click itself)
    import click.exceptions as click_exceptions  # type: ignore[no-redef]

PROG = "claimex"

# (code, meaning): the one list the top-level --help shows; README "Use" explains each at length.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "every document ok"),
    (1, "some input failed (the others are still written)"),
    (2, "usage error"),
    (3, "--backend llm, but some documents came from the rules fallback"),
    (4, "the environment stopped the run (disk full, read-only --out, ...)"),
    (5, "internal error (a bug; --verbose shows where)"),
    (130, "interrupted (Ctrl-C)"),
    (141, "stdout closed by its reader"),
    (143, "stopped by SIGTERM (timeout, systemd, docker stop, Slurm), as Ctrl-C stops it"),
)


EXIT_PIPE = 141  # stdout was closed by its reader (128 + SIGPIPE, what a shell shows for `cat big | head`)


def exit_codes_epilog() -> str:
    """The top-level help's epilog: one line per exit code (`\\b` keeps click from re-wrapping them)."""
    return "\b\nExit codes:\n" + "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES)


class CommandUsageError(click_exceptions.UsageError):
    """A usage error a command found itself (a wrong combination of options): printed as is."""


def usage_error_line(message: str, command: str | None, *, lower: bool = True) -> str:
    """One line for a usage error of `command` (None: of `claimex` itself), e.g.
    `error: extract: missing argument 'INPUTS' (see claimex extract --help)`. `lower`: click's own
    sentences ("Missing argument ...") start lower-case after the colon; a command's message may start
    with a file name, kept as it is."""
    text = " ".join(message.split()).rstrip(".")
    if lower and text[1:2].islower():  # ("Missing" -> "missing"; an "INPUTS" or "ID" stays)
        text = text[:1].lower() + text[1:]
    where = f"{PROG} {command}" if command else PROG
    return f"error: {command + ': ' if command else ''}{text} (see {where} --help)"


def repeat_hint(message: str, ctx: Any) -> str:
    """`message`, plus how to give several values when click saw extra arguments and the command has an
    option that takes one value each time it is given (`--source a b` -> `--source a --source b`)."""
    command = getattr(ctx, "command", None)
    if "unexpected extra argument" not in message or command is None:
        return message
    repeatable = [p.opts[0] for p in command.params if p.param_type_name == "option" and getattr(p, "multiple", False)]
    if not repeatable:
        return message
    return (
        f"{message.rstrip('.')}; an option takes one value: repeat it for several ({repeatable[0]} A {repeatable[0]} B)"
    )


def _command_of(ctx: Any) -> str | None:
    """The sub-command a click context belongs to (None for the `claimex` group itself)."""
    if ctx is None or getattr(ctx, "parent", None) is None:
        return None
    return ctx.info_name


def _say(line: str) -> None:
    sys.stderr.write(printable(line) + "\n")  # (escaped: an argument cannot forge or split a line)
    sys.stderr.flush()


def silence_stdout() -> None:
    """After EPIPE on stdout: point it at /dev/null so the interpreter's last flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # (no real file descriptor, e.g. under a test runner)
        pass


@contextlib.contextmanager
def help_output_exits() -> Iterator[None]:
    """Around the parsing of a command line, where eager options print (`--help`, `--version`): stdout
    closed by its reader is exit 141 and nothing said, any other failure to write (a full disk) one
    `claimex: stopped:` line and exit 4, as for a command's own output (`cli.exits_cleanly`). Click made
    the first exit 1 in silence and let the second out as a traceback."""
    try:
        yield
    except BrokenPipeError:
        silence_stdout()
        raise typer.Exit(EXIT_PIPE) from None
    except OSError as e:
        _say(f"{PROG}: stopped: {describe_environment_failure(e)}")
        raise typer.Exit(EnvironmentFailure.exit_code) from None


class ClaimexGroup(TyperGroup):
    """The `claimex` group: click's own handling runs without standalone mode, so a usage error comes
    back here and is printed as one line (exit 2); `claimex` alone still prints the help."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_exceptions.UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `claimex` with nothing: the help, as before
                e.show()
            else:
                lower = not isinstance(e, CommandUsageError)
                message = repeat_hint(e.format_message(), e.ctx)
                _say(usage_error_line(message, _command_of(e.ctx), lower=lower))
            sys.exit(e.exit_code)
        except click_exceptions.ClickException as e:  # (e.g. a file option click could not open)
            _say(f"error: {' '.join(e.format_message().split())}")
            sys.exit(e.exit_code)
        except typer.Abort:
            _say(f"{PROG}: aborted")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)  # (without standalone mode an Exit comes back as its code)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with help_output_exits():  # (`claimex --help`, `claimex --version`)
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with help_output_exits():  # (`claimex COMMAND --help`: the command's context is made in here)
            return super().invoke(ctx)


def _argument_name(param: Any) -> str:
    name = param.metavar or (param.name or "").upper()
    return name + ("..." if param.nargs != 1 else "")


class ClaimexCommand(TyperCommand):
    """A `claimex` command whose help names arguments by their metavar: `INPUTS...` in the usage line
    (`[X]` when optional), and in the Arguments list without a Python type."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if p.param_type_name == "argument":
                pieces.append(_argument_name(p) if p.required else f"[{_argument_name(p)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for p in self.get_params(ctx):
            if p.param_type_name == "argument":
                args.append(
                    (_argument_name(p), (getattr(p, "help", None) or "") + ("  [required]" if p.required else ""))
                )
            elif (record := p.get_help_record(ctx)) is not None:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
