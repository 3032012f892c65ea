"""One exception root for everything claimex raises on purpose.

Messages say what went wrong *and* how to fix it. Only the CLI turns these
into exit codes; library code raises and lets callers decide.
"""

from __future__ import annotations


class ClaimexError(Exception):
    """Root of every error claimex raises deliberately."""

    exit_code = 1


class UsageError(ClaimexError):
    """The command was called wrongly (bad option, missing path)."""

    exit_code = 2


class InputError(ClaimexError):
    """One input (file, JSONL line, document) cannot be read or used."""

    def __init__(self, path: str, message: str, *, line: int | None = None, doc_id: str | None = None):
        self.path = path
        self.line = line
        self.doc_id = doc_id
        self.message = message
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}")


class ConfigError(ClaimexError):
    """Settings are missing or inconsistent (model, base URL, key)."""

    exit_code = 2


class BackendError(ClaimexError):
    """An extractor backend failed for a document after its retries ran out.

    `reason` is a short slug for accounting (run.json's `llm.fallback_reasons`),
    e.g. "connection", "refusal", "invalid_answer"; subclasses set their own.
    """

    reason: str = "error"

    def __init__(self, message: str, *, attempts: int = 0, usage: dict | None = None, reason: str | None = None):
        self.attempts = attempts
        self.usage = usage or {}
        if reason is not None:
            self.reason = reason
        super().__init__(message)


class ContractError(ClaimexError):
    """An output line does not satisfy the claims.jsonl contract."""


class PromptError(ConfigError):
    """A prompt template is missing, or a template variable has no value (or a value has no variable)."""


class Interrupted(ClaimexError):
    """The run was stopped (Ctrl-C) before every input was processed; the journal keeps what finished."""

    exit_code = 130

    def __init__(self, message: str, *, done: int = 0):
        self.done = done
        super().__init__(message)
