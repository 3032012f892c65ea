"""One chat request at a time, made dependable: structured output, retries, accounting.

- Structured output: `response_format` json_schema (strict) first. The first
  request of a run probes it (the others wait); if the server answers 400, 422
  or 500 to it but accepts `{"type": "json_object", "schema": ...}` (llama.cpp
  honours that `schema` key as a grammar), every later request uses
  json_object. Detected once per client, i.e. once per run.
- Retries (tenacity) only on 429 (honouring Retry-After), timeouts, connection
  errors and 5xx, with exponential backoff and jitter; the SDK's own retries
  are off so each attempt is counted here. When they run out: BackendError.
- 401/403/404 raise ConfigError at once (same for every document: the run
  stops); other 4xx raise RequestRefused at once. Messages say what to fix and
  are scrubbed of the API key.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ..errors import BackendError, ClaimexError, ConfigError
from .settings import PLACEHOLDER_KEY, LLMSettings, redact_url

SCHEMA_NAME = "claimex_claims"
_KEYLIKE = re.compile(r"\b(?:sk|rk|pk|key)-[A-Za-z0-9_\-*.]{4,}|Bearer\s+\S+", re.I)
_CONTEXT_RE = re.compile(
    r"context (?:length|window|size)|maximum context|too many tokens|exceeds? the context|"
    r"requested tokens|prompt is too long",
    re.I,
)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the given secrets or anything shaped like an API key or bearer token."""
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return _KEYLIKE.sub("***", text)


class RequestRefused(ClaimexError):
    """The server refused this request (400, 422, ...): not retried, not a reason to fall back."""


class ContextTooLong(RequestRefused):
    """The server said the prompt does not fit its context window: the chunk must be split."""


class _SchemaRejected(Exception):
    """json_schema mode was refused during the probe (internal: triggers the json_object fallback)."""

    def __init__(self, status: int):
        self.status = status


@dataclass(frozen=True)
class Completion:
    content: str | None
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Stats:
    """Thread-safe counters for run.json's `llm` section."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._c: Counter[str] = Counter()
        self._fallback_docs: list[str] = []
        self._failed_docs: list[str] = []

    def add(self, key: str, n: int = 1) -> None:
        with self._lock:
            self._c[key] += n

    def get(self, key: str) -> int:
        with self._lock:
            return self._c[key]

    def note_fallback(self, doc_id: str) -> None:
        with self._lock:
            self._fallback_docs.append(doc_id)

    def note_failed(self, doc_id: str) -> None:
        with self._lock:
            self._failed_docs.append(doc_id)

    def snapshot(self) -> dict:
        with self._lock:
            c = dict(self._c)
            return {
                "requests": c.get("requests", 0),
                "retries": {k: c.get(f"retry.{k}", 0) for k in ("rate_limit", "timeout", "connection", "server_error")},
                "reasks": c.get("reasks", 0),
                "length_splits": c.get("length_splits", 0),
                "chunks": c.get("chunks", 0),
                "cache": {"hits": c.get("cache_hits", 0), "writes": c.get("cache_writes", 0)},
                "tokens": {"prompt": c.get("prompt_tokens", 0), "completion": c.get("completion_tokens", 0)},
                "fallbacks": len(self._fallback_docs),
                "fallback_documents": sorted(self._fallback_docs),
                "failed_documents": sorted(self._failed_docs),
            }


def _cause(e: BaseException) -> str | None:
    """The retry cause of a transient error, or None if `e` must not be retried."""
    if isinstance(e, openai.RateLimitError):
        return "rate_limit"
    if isinstance(e, openai.APITimeoutError):
        return "timeout"
    if isinstance(e, openai.APIConnectionError):
        return "connection"
    if isinstance(e, openai.APIStatusError) and e.status_code == 408:  # the server's own request timeout
        return "timeout"
    if isinstance(e, openai.APIStatusError) and e.status_code >= 500:
        return "server_error"
    return None


def retry_after(e: BaseException) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms` or `Retry-After`, seconds or HTTP date)."""
    resp = getattr(e, "response", None)
    headers = getattr(resp, "headers", None)
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    ra = headers.get("retry-after")
    if not ra:
        return None
    try:
        return max(0.0, float(ra))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Wait:
    """tenacity wait: the server's Retry-After when given (plus up to 10% jitter), else exponential + jitter."""

    def __init__(self, s: LLMSettings):
        self.s = s

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        ra = retry_after(exc) if exc else None
        if ra is not None:
            ra = min(ra, self.s.retry_after_max)
            return ra + random.uniform(0, 0.1 * ra)
        exp = min(self.s.backoff_max, self.s.backoff_initial * 2 ** (state.attempt_number - 1))
        return exp + random.uniform(0, exp)  # "full" jitter on top: spreads a herd of threads apart


class LLMClient:
    """A thin, dependable wrapper over `openai.OpenAI` for one JSON-answer chat request.

    `grammar_schema` is sent in json_object mode, `strict_schema` in json_schema mode.
    """

    def __init__(self, settings: LLMSettings, stats: Stats, *, strict_schema: dict, grammar_schema: dict):
        self.s = settings
        self.stats = stats
        self._strict = strict_schema
        self._grammar = grammar_schema
        self._openai = openai.OpenAI(
            api_key=settings.api_key or PLACEHOLDER_KEY,
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
        )
        self.schema_mode: str | None = None  # "json_schema" | "json_object" once known
        self.schema_mode_reason: str | None = None
        self._probe_lock = threading.Lock()
        self._fatal: ConfigError | None = None

    def close(self) -> None:
        self._openai.close()

    # ----------------------------------------------------------- public
    def chat(self, messages: list[dict]) -> Completion:
        """Send one chat request (retrying transient failures) and return the first choice.

        Raises BackendError when retries run out (with `attempts`), ConfigError
        for auth/not-found (remembered: later calls fail without a request),
        RequestRefused / ContextTooLong for other 4xx.
        """
        if self._fatal is not None:
            raise self._fatal
        mode = self.schema_mode
        if mode is None:
            # The first request finds out what the server supports; the rest wait for the answer.
            with self._probe_lock:
                if self.schema_mode is None:
                    return self._probe(messages)
                mode = self.schema_mode
        return self._with_retries(messages, mode)

    # ---------------------------------------------------------- helpers
    def _probe(self, messages: list[dict]) -> Completion:
        try:
            out = self._with_retries(messages, "json_schema", probing=True)
        except _SchemaRejected as e:
            out = self._with_retries(messages, "json_object")
            self.schema_mode = "json_object"
            self.schema_mode_reason = f"json_schema answered HTTP {e.status}"
            return out
        self.schema_mode = "json_schema"
        return out

    def _response_format(self, mode: str) -> dict:
        if mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": self._strict}}
        return {"type": "json_object", "schema": self._grammar}

    def _send(self, messages: list[dict], mode: str) -> Completion:
        self.stats.add("requests")
        resp = self._openai.chat.completions.create(
            model=self.s.model,
            messages=messages,
            response_format=self._response_format(mode),  # type: ignore[arg-type]
            temperature=self.s.temperature,
            max_tokens=self.s.max_tokens,
        )
        usage = getattr(resp, "usage", None)
        pt = int(getattr(usage, "prompt_tokens", 0) or 0)
        ct = int(getattr(usage, "completion_tokens", 0) or 0)
        self.stats.add("prompt_tokens", pt)
        self.stats.add("completion_tokens", ct)
        if not resp.choices:
            return Completion(content=None, finish_reason=None, prompt_tokens=pt, completion_tokens=ct)
        ch = resp.choices[0]
        return Completion(
            content=ch.message.content, finish_reason=ch.finish_reason, prompt_tokens=pt, completion_tokens=ct
        )

    def _before_sleep(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        self.stats.add(f"retry.{_cause(exc) if exc else 'unknown'}")

    def _with_retries(self, messages: list[dict], mode: str, probing: bool = False) -> Completion:
        def transient(e: BaseException) -> bool:
            return _cause(e) is not None and not (probing and _is_schema_rejection(e))

        retrying = Retrying(
            retry=retry_if_exception(transient),
            stop=stop_after_attempt(self.s.max_retries + 1),
            wait=_Wait(self.s),
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._send(messages, mode)
        except openai.APIStatusError as e:
            if probing and _is_schema_rejection(e):
                raise _SchemaRejected(e.status_code) from None
            if _cause(e) is None:
                raise self._refusal(e) from None
            raise self._exhausted(e, retrying) from None
        except (openai.APITimeoutError, openai.APIConnectionError) as e:
            raise self._exhausted(e, retrying) from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _exhausted(self, e: BaseException, retrying: Retrying) -> BackendError:
        attempts = int(retrying.statistics.get("attempt_number", self.s.max_retries + 1))
        what = {
            "rate_limit": "rate limited (HTTP 429)",
            "timeout": f"timed out after {self.s.timeout:g}s",
            "connection": f"could not connect to {redact_url(self.s.base_url) or 'the OpenAI API'}",
            "server_error": f"server error (HTTP {getattr(e, 'status_code', '5xx')})",
        }[_cause(e) or "server_error"]
        return BackendError(
            f"{what}; gave up after {attempts} attempts (raise --max-retries or --timeout, or lower --concurrency)",
            attempts=attempts,
        )

    def _refusal(self, e: openai.APIStatusError) -> ClaimexError:
        where = redact_url(self.s.base_url) or "the OpenAI API"
        code = e.status_code
        if code == 401:
            err: ClaimexError = ConfigError(
                f"{where} rejected the API key (HTTP 401): set OPENAI_API_KEY to a valid key for this server"
            )
        elif code == 403:
            err = ConfigError(
                f"{where} refused access (HTTP 403): check that OPENAI_API_KEY may use model {self.s.model!r}"
            )
        elif code == 404:
            err = ConfigError(
                f"{where} has no model {self.s.model!r} or no chat endpoint (HTTP 404): check "
                "--model / CLAIMEX_MODEL and --base-url (it usually ends in /v1)"
            )
        else:
            detail = redact(_server_message(e), self.s.secrets)
            if _CONTEXT_RE.search(detail):
                return ContextTooLong(f"request too long for the model's context (HTTP {code}): {detail}")
            return RequestRefused(
                f"{where} refused the request (HTTP {code}): {detail} (check --model, --max-tokens "
                "and what this server supports)"
            )
        if isinstance(err, ConfigError):
            self._fatal = err
        return err


def _is_schema_rejection(e: BaseException) -> bool:
    return isinstance(e, openai.APIStatusError) and e.status_code in (400, 422, 500)


def _server_message(e: openai.APIStatusError) -> str:
    """The server's own error text, first line, at most 300 characters."""
    body = e.body
    msg = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        msg = inner.get("message") if isinstance(inner, dict) else inner
    if not isinstance(msg, str) or not msg.strip():
        msg = e.message or ""
    msg = msg.strip().splitlines()[0] if msg.strip() else "no message"
    return msg[:300]
