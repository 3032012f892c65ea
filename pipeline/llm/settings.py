"""Settings of the LLM backend: where the server is, which model, how hard to try.

Configured the OpenAI SDK's own way (`OPENAI_API_KEY`, `OPENAI_BASE_URL`)
plus `CLAIMEX_MODEL`; command-line options override the environment. The API
key is held with `repr=False` and never written anywhere by claimex.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError, redact_args

DEFAULT_MODEL = "gpt-4o-mini"
# Local servers (llama.cpp, vLLM, Ollama) accept any key, but the SDK insists on one.
PLACEHOLDER_KEY = "no-key-configured"
TOKEN_PARAM_CHOICES = ("auto", "max_completion_tokens", "max_tokens")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")


def llm_configured(base_url: str | None = None, env: Mapping[str, str] | None = None) -> bool:
    """True when a key or a base URL is configured (what `--backend auto` asks)."""
    env = os.environ if env is None else env
    return bool(base_url or env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL"))


def why_configured(base_url: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """What made `--backend auto` choose the LLM (for the line that starts a run)."""
    env = os.environ if env is None else env
    if base_url:
        return "--base-url is given"
    if env.get("OPENAI_BASE_URL"):
        return "OPENAI_BASE_URL is set"
    return "OPENAI_API_KEY is set"


def redact_url(url: str | None) -> str | None:
    """The URL without any user:password part (safe to write to run.json)."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # (not a URL, e.g. an unclosed `[` of an IPv6 host): hide `user:pass@` all the same
        return redact_args([url])[0]
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def url_problem(url: str) -> str | None:
    """What makes an http(s) URL unusable (an unclosed IPv6 bracket, no host, a port that is no
    number or out of range), or None when it is fine."""
    try:
        parts = urlsplit(url)
        if not parts.hostname:
            return "no host"
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as e:
        return str(e)
    return None


@dataclass(frozen=True)
class LLMSettings:
    """Everything the LLM backend needs to know; see `from_env` for where each value comes from."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 120.0  # seconds for the whole request: sending it and reading the full answer
    connect_timeout: float = 5.0  # seconds to open a connection: a server that is down fails fast
    deadline: float | None = None  # seconds for the whole run; then no more requests (fallback or failure)
    max_retries: int = 5  # transient failures (429, timeouts, connection, 5xx) per request
    max_reasks: int = 2  # re-asks after an answer that fails validation
    max_chunk_tokens: int = 3000  # article text per request (estimated as chars/4)
    max_tokens: int = 4096  # completion tokens per request
    max_answer_bytes: int | None = None  # cap on one HTTP answer's body; None: answer_cap() (from max_tokens)
    temperature: float | None = 0.0  # None: not sent (the model's default); dropped too if the server rejects it
    token_param: str = "auto"  # "auto" | "max_completion_tokens" | "max_tokens" (see llm/params.py)
    reasoning_effort: str | None = None  # sent only when set, for models that take it
    breaker_threshold: int = 3  # consecutive transport failures that stop all requests for the run (0: never)
    log_path: Path | None = None  # the request log (OUT/llm_log.jsonl from the CLI); None: none
    cache_dir: Path | None = None  # None: no cache
    fallback: bool = True  # rules for a document whose retries ran out
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    retry_after_max: float = 300.0  # never sleep longer than this on one Retry-After

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, model: str | None = None, base_url: str | None = None, **overrides
    ) -> LLMSettings:
        """Options given (not None) win over `CLAIMEX_MODEL` / `OPENAI_BASE_URL` / `OPENAI_API_KEY`.

        Raises ConfigError when neither a key nor a base URL is configured, or a value is out of range.
        """
        env = os.environ if env is None else env
        base = (base_url or env.get("OPENAI_BASE_URL") or "").strip() or None
        key = (env.get("OPENAI_API_KEY") or "").strip() or None
        if not base and not key:
            raise ConfigError(
                "the llm backend needs OPENAI_API_KEY (for OpenAI) or --base-url / OPENAI_BASE_URL "
                "(for a local OpenAI-compatible server); or use --backend rules"
            )
        chosen = (model or env.get("CLAIMEX_MODEL") or "").strip() or DEFAULT_MODEL
        s = cls(
            model=chosen,
            base_url=base.rstrip("/") if base else None,
            api_key=key,
            **{k: v for k, v in overrides.items() if v is not None},
        )
        s.check(base_url_from="--base-url" if base_url else "OPENAI_BASE_URL")
        return s

    def check(self, base_url_from: str = "--base-url") -> None:
        """Raise ConfigError naming the first setting out of range (the base URL as `base_url_from`, the
        option or the environment variable the user set)."""
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"{base_url_from} must start with http:// or https://, not {redact_url(self.base_url)!r}")
        problem = url_problem(self.base_url) if self.base_url else None
        if problem:
            raise ConfigError(
                f"{base_url_from} {redact_url(self.base_url)!r} is not a valid URL ({problem}): give the server's, "
                "e.g. http://127.0.0.1:8080/v1 (an IPv6 host in brackets: http://[::1]:8080/v1)"
            )
        for name, lo in (
            ("timeout", 0.001),
            ("connect_timeout", 0.001),
            ("deadline", 0.001),
            ("max_chunk_tokens", 50),
            ("max_tokens", 16),
            ("max_answer_bytes", 1024),
        ):
            value = getattr(self, name)
            if value is not None and value < lo:
                raise ConfigError(f"--{name.replace('_', '-')} must be at least {lo}, not {value}")
        if self.token_param not in TOKEN_PARAM_CHOICES:
            raise ConfigError(f"token_param must be one of {', '.join(TOKEN_PARAM_CHOICES)}, not {self.token_param!r}")
        if self.reasoning_effort is not None and self.reasoning_effort not in REASONING_EFFORTS:
            raise ConfigError(
                f"--reasoning-effort must be one of {', '.join(REASONING_EFFORTS)}, not {self.reasoning_effort!r}"
            )
        for name in ("max_retries", "max_reasks", "breaker_threshold"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name.replace('_', '-')} must be 0 or more, not {getattr(self, name)}")

    @property
    def answer_cap(self) -> int:
        """Bytes one answer may have: `max_answer_bytes`, else 64 per completion token, at least 2 MB.

        A token is a few characters, and JSON may escape each into six bytes: 64 leaves room for that and
        the envelope; the 2 MB floor for servers that pad or pretty-print.
        """
        return self.max_answer_bytes or max(2_000_000, 64 * self.max_tokens)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never appear in any message claimex writes."""
        return tuple(s for s in (self.api_key,) if s and s != PLACEHOLDER_KEY)

    def with_(self, **changes) -> LLMSettings:
        return replace(self, **changes)
