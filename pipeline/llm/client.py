"""One chat request at a time, made dependable: structured output, parameters, retries, bounds, accounting.

- Structured output: `response_format` json_schema (strict) first. The first
  request of a run probes it (the others wait). Only an answer that names
  `response_format` (a 400/422, or llama-cpp-python's 500 wrapping its
  validation error) switches the run to `{"type": "json_object", "schema":
  ...}` (llama.cpp honours that `schema` key as a grammar); any other 5xx, a
  timeout or a connection error never does.
- Parameters (`params.py`): the token-limit parameter and `temperature` are
  adapted once per run from a 400 that names them; the request is re-sent.
- Retries (tenacity) only on 429 (honouring retry-after-ms / Retry-After),
  timeouts, connection errors and 5xx, with exponential backoff and jitter;
  the SDK's own retries are off so each attempt is counted here. Every wait
  is one line on stderr (logger "claimex.llm"). When they run out: BackendError.
- Bounds (`guard.py`): a circuit breaker on consecutive transport failures
  and the run's --deadline; connections time out after `connect_timeout`.
  Each answer is read through `transport.py`: at most `settings.answer_cap`
  bytes (past it: AnswerTooLarge, not retried, never parsed) and within
  `--timeout` for the whole request, however slowly the bytes come.
- A 200 whose body is not JSON (a proxy's HTML page, bytes that are not
  UTF-8) is retried like a 5xx (NotJSONAnswer); the stderr line quotes what
  came back (undecodable bytes shown as U+FFFD).
- 401/403/404 and a 400/422 that no retry can change raise ConfigError
  subclasses (the run stops; remembered, so later calls fail without a
  request); a 4xx about one document's content raises RequestRefused. A
  refusal (`message.refusal`) comes back in `Completion.refusal`. Messages say
  what to fix and are scrubbed of the API key.
- Every call is one line in the request log (`reqlog.py`), one not sent too.
- Accounting (`Stats`, run.json `llm`): each HTTP attempt is counted when it
  is sent, as the first attempt of a request (`requests`), a retry of a
  transient failure (`retries` by cause), or a re-send after the server
  refused a parameter or json_schema (`resent`); so `attempts` = `requests`
  + retries + re-sends, `requests` = the log's lines with attempts, and
  `attempts` = the sum of their `attempts`. A request the breaker, the
  deadline or a stopped run refused before any attempt is `not_sent`.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx2
import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ..errors import BackendError, ClaimexError, ConfigError, StopRequested
from .failures import (
    CONTEXT_RE,
    AnswerTooLarge,
    ContextTooLong,
    MalformedCompletion,
    NoChoices,
    NotJSONAnswer,
    RequestRefused,
    ServerRejected,
    cause,
    is_per_document,
    is_unsupported,
    out_of_quota,
    redact,
    rejected_param,
    schema_refused,
    server_message,
)
from .guard import CircuitBreaker, Deadline
from .params import RequestParams
from .reqlog import RequestLog
from .settings import PLACEHOLDER_KEY, LLMSettings, redact_url
from .transport import AnswerTooBig, BoundedTransport, proxy_for

OPENAI_API = "https://api.openai.com/v1"  # the SDK's default base URL (which proxy applies depends on it)

__all__ = ["Completion", "ContextTooLong", "LLMClient", "RequestRefused", "Stats", "redact", "retry_after"]

SCHEMA_NAME = "claimex_claims"
log = logging.getLogger("claimex.llm")


class _SchemaRejected(Exception):
    """json_schema mode was refused during the probe (internal: triggers the json_object fallback)."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Completion:
    content: str | None
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    refusal: str | None = None
    attempts: int = 1  # requests sent for it, retries and re-sends included


@dataclass
class _Call:
    """One chat() call, for the request log: who asked, what was sent, how many attempts."""

    doc_id: str | None
    chunk: int | None
    purpose: str
    attempts: int = 0
    sent: dict = field(default_factory=dict)
    status: int | None = None
    mode: str | None = None  # the response_format of the last attempt the server answered (None: none answered)
    again: str | None = None  # why the next attempt is sent: "retry.<cause>" or "resent.<why>" (the counter)
    # the last attempt's timeouts as sent: --timeout and --connect-timeout, cut to what --deadline left
    read_timeout: float | None = None
    connect_timeout: float | None = None
    of_many: bool = False  # `chunk` is one of the document's several (log lines name it)


class Stats:
    """Thread-safe counters for run.json's `llm` section (see the module docstring for what each counts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._c: Counter[str] = Counter()
        self._fallback_docs: list[str] = []
        self._failed_docs: list[str] = []
        self._short_docs: list[str] = []
        self._reasons: Counter[str] = Counter()
        # requests sent per document still being extracted (taken when it ends: memory stays flat)
        self._sent_by_doc: Counter[str] = Counter()

    def add(self, key: str, n: int = 1) -> None:
        with self._lock:
            self._c[key] += n

    def get(self, key: str) -> int:
        with self._lock:
            return self._c[key]

    def note_fallback(self, doc_id: str, reason: str = "error") -> None:
        with self._lock:
            self._fallback_docs.append(doc_id)
            self._reasons[reason] += 1

    def note_failed(self, doc_id: str, reason: str = "error") -> None:
        with self._lock:
            self._failed_docs.append(doc_id)
            self._reasons[reason] += 1

    def note_sent(self, doc_id: str) -> None:
        """One request of document `doc_id` was sent (its first attempt)."""
        with self._lock:
            self._sent_by_doc[doc_id] += 1

    def take_sent(self, doc_id: str) -> int:
        """How many requests document `doc_id` sent since the last call for it (and forget it)."""
        with self._lock:
            return self._sent_by_doc.pop(doc_id, 0)

    def note_short_circuited(self, doc_id: str) -> None:
        """Document `doc_id` sent no request: the circuit breaker or the deadline stopped it first."""
        with self._lock:
            self._short_docs.append(doc_id)

    def snapshot(self) -> dict:
        with self._lock:
            c = dict(self._c)
            return {
                "requests": c.get("requests", 0),
                "attempts": c.get("attempts", 0),
                "retries": {k: c.get(f"retry.{k}", 0) for k in ("rate_limit", "timeout", "connection", "server_error")},
                "resent": {k: c.get(f"resent.{k}", 0) for k in ("params", "schema_mode")},
                "not_sent": {k: c.get(f"not_sent.{k}", 0) for k in ("unreachable", "deadline", "stopped")},
                "reasks": c.get("reasks", 0),
                "refusals": c.get("refusals", 0),
                "length_splits": c.get("length_splits", 0),
                "chunks": c.get("chunks", 0),
                "cache": {"hits": c.get("cache_hits", 0), "writes": c.get("cache_writes", 0)},
                "tokens": {"prompt": c.get("prompt_tokens", 0), "completion": c.get("completion_tokens", 0)},
                "fallbacks": len(self._fallback_docs),
                "fallback_documents": sorted(self._fallback_docs),
                "failed_documents": sorted(self._failed_docs),
                "fallback_reasons": dict(sorted(self._reasons.items())),
                "short_circuited": len(self._short_docs),
                "short_circuited_documents": sorted(self._short_docs),
            }


def retry_after(e: BaseException) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms` or `Retry-After`, seconds or HTTP date)."""
    resp = getattr(e, "response", None)
    headers = getattr(resp, "headers", None)
    if headers is None:
        return None
    ms = _number(headers.get("retry-after-ms"))
    if ms is not None:
        return max(0.0, ms / 1000)
    ra = headers.get("retry-after")
    if not ra:
        return None
    secs = _number(ra)
    if secs is not None:
        return max(0.0, secs)
    if _number(ra, finite=False) is not None:
        return None  # nan, inf: no instruction (float() reads them, and a nan wait would be 0 s)
    try:
        when = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _tokens(usage: object, name: str) -> int:
    """The token count `name` of a completion's `usage`; 0 when absent or not a number (the server's
    accounting is not worth failing an answer for)."""
    n = getattr(usage, name, None)
    return int(n) if isinstance(n, int | float) and math.isfinite(n) and n > 0 else 0


def _field(obj: object, name: str) -> object:
    """`obj.name` or `obj[name]`: the SDK builds a response without validating it, so a part may stay a dict."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _tool_call_arguments(message: object) -> str | None:
    """The JSON arguments of the message's first function call, or None.

    Some servers (vLLM or Ollama with automatic tool choice) turn a structured answer into a tool call with
    empty content: its arguments are the answer, and re-asking would only get another tool call.
    """
    calls = _field(message, "tool_calls")
    function = _field(calls[0], "function") if isinstance(calls, list) and calls else _field(message, "function_call")
    arguments = _field(function, "arguments")
    return arguments if isinstance(arguments, str) and arguments.strip() else None


def _choice_parts(choice: object) -> tuple[str | None, str | None, str | None]:
    """A completion's first choice in, its (content, finish_reason, refusal) out.

    Raises ValueError saying what is malformed: no message, or content that is not text. Content sent as a
    list of parts (some servers do) is the text of its text parts; no content but a function call, the
    call's arguments. A finish reason or a refusal that is not a string counts as none; an answer stopped
    by the server's content filter is a refusal.
    """
    if isinstance(choice, str | int | float | list) or choice is None:
        raise ValueError("first choice not an object")
    message = _field(choice, "message")
    if message is None:
        raise ValueError("no message")
    if isinstance(message, str | int | float | list):
        raise ValueError("message not an object")
    content = _field(message, "content")
    if content is None or content == "":
        content = _tool_call_arguments(message)
    if isinstance(content, list):
        texts = [_field(p, "text") for p in content if _field(p, "type") == "text"]
        if not texts or not all(isinstance(t, str) for t in texts):
            raise ValueError("content is a list without text parts")
        content = "".join(texts)  # type: ignore[arg-type]
    if content is not None and not isinstance(content, str):
        raise ValueError(f"content is {type(content).__name__}")
    finish_reason, refusal = _field(choice, "finish_reason"), _field(message, "refusal")
    if not (isinstance(refusal, str) and refusal.strip()):
        refusal = None
    if finish_reason == "content_filter" and refusal is None:
        # (Azure OpenAI's filter on the answer: the same request is filtered again, so it is no answer to re-ask)
        refusal = "the server's content filter stopped the answer (finish_reason content_filter)"
    return content, finish_reason if isinstance(finish_reason, str) else None, refusal


def _number(text: str | None, finite: bool = True) -> float | None:
    """`text` read as a number (only a finite one when `finite`), else None."""
    try:
        n = float(text) if text else None
    except ValueError:
        return None
    return n if n is None or not finite or math.isfinite(n) else None


def _for(call: _Call | None) -> str:
    """The document (and chunk of a long one) a log line is about, as its prefix: under --concurrency the
    lines of many documents interleave, and a retry that names none cannot be told apart."""
    if call is None or call.doc_id is None:
        return ""
    return f"{call.doc_id}{f' (its chunk from character {call.chunk})' if call.of_many else ''}: "


class _Wait:
    """tenacity wait: the server's Retry-After when given (plus up to 10% jitter), else exponential + jitter.

    No wait once the breaker is open (the next attempt fails at once), and never past the deadline.
    """

    def __init__(self, s: LLMSettings, breaker: CircuitBreaker, deadline: Deadline):
        self.s = s
        self.breaker = breaker
        self.deadline = deadline

    def __call__(self, state: RetryCallState) -> float:
        if self.breaker.open:
            return 0.0
        exc = state.outcome.exception() if state.outcome else None
        ra = retry_after(exc) if exc else None
        if ra is not None:
            ra = min(ra, self.s.retry_after_max)
            wait = ra + random.uniform(0, 0.1 * ra)
        else:
            exp = min(self.s.backoff_max, self.s.backoff_initial * 2 ** (state.attempt_number - 1))
            wait = exp + random.uniform(0, exp)  # "full" jitter on top: spreads a herd of threads apart
        left = self.deadline.left()
        return wait if left is None else min(wait, left)


# What to change when retries run out, by cause: a longer --timeout helps only a server too slow to answer.
_ADVICE = {
    "connect_timeout": "check --base-url and that the server is up, or raise --connect-timeout or --max-retries",
    "timeout": "raise --max-retries or --timeout, or lower --concurrency",
    "connection": "check --base-url and that the server is up, or raise --max-retries",
    "rate_limit": "lower --concurrency, or raise --max-retries",
    "server_error": "the server failed: check its logs, run again later, or raise --max-retries",
}


def _advice(e: BaseException) -> str:
    """What to change when retries of `e` ran out: a 408 is the server's own timeout, which --timeout cannot lengthen."""
    c = "server_error" if isinstance(e, openai.APIStatusError) and e.status_code == 408 else cause(e)
    if _connect_timeout(e):
        c = "connect_timeout"
    return _ADVICE.get(c or "", _ADVICE["timeout"])


def _connect_timeout(e: BaseException) -> bool:
    """A timeout opening the connection (--connect-timeout), not one waiting for the answer (--timeout)."""
    return isinstance(e, openai.APITimeoutError) and isinstance(e.__cause__, httpx2.ConnectTimeout)


def _secs(seconds: float) -> str:
    """Seconds for a message: 120, 1.5, 0.3, 0.001 (three significant digits below 100, whole above)."""
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


class LLMClient:
    """A thin, dependable wrapper over `openai.OpenAI` for one JSON-answer chat request.

    `grammar_schema` is sent in json_object mode, `strict_schema` in json_schema mode.
    """

    def __init__(
        self,
        settings: LLMSettings,
        stats: Stats,
        *,
        strict_schema: dict,
        grammar_schema: dict,
        request_log: RequestLog | None = None,
        prompt_version: str | None = None,
    ):
        self.s = settings
        self.stats = stats
        self._strict = strict_schema
        self._grammar = grammar_schema
        self.where = redact_url(settings.base_url) or "the OpenAI API"
        # The run's stop (Ctrl-C, SIGTERM; `LLMExtractor.stop_on` sets `stop`): it ends a retry's wait, no
        # attempt follows, and the transport abandons a request in flight within a fraction of a second.
        self._stop = threading.Event()
        self._transport = BoundedTransport(
            settings.answer_cap, proxy=proxy_for(settings.base_url or OPENAI_API), stop=self._stop
        )
        self._openai = openai.OpenAI(
            api_key=settings.api_key or PLACEHOLDER_KEY,
            base_url=settings.base_url,
            max_retries=0,
            timeout=openai.Timeout(settings.timeout, connect=min(settings.connect_timeout, settings.timeout)),
            # No redirects: one would send the article to a server the user never named (and a 301/302 turns
            # the POST into a GET); a 3xx stops the run saying where it points (`_refusal`).
            http_client=openai.DefaultHttpxClient(transport=self._transport, follow_redirects=False),
        )
        self.params = RequestParams(settings)
        self.breaker = CircuitBreaker(settings.breaker_threshold, self.where)
        self.deadline = Deadline(settings.deadline)
        self.request_log = request_log or RequestLog(None, "")
        self.prompt_version = prompt_version
        self.schema_mode: str | None = None  # "json_schema" | "json_object" once known
        self.schema_mode_reason: str | None = None
        self._probe_lock = threading.Lock()
        self._fatal: ConfigError | None = None

    @property
    def stop(self) -> threading.Event:
        return self._stop

    @stop.setter
    def stop(self, event: threading.Event) -> None:
        self._stop = event
        self._transport.stop = event

    def close(self) -> None:
        self._openai.close()

    # ----------------------------------------------------------- public
    def chat(
        self,
        messages: list[dict],
        *,
        doc_id: str | None = None,
        chunk: int | None = None,
        purpose: str = "ask",
        check: Callable[[Completion], str | None] | None = None,
        of_many: bool = False,
    ) -> Completion:
        """Send one chat request (retrying transient failures) and return the first choice.

        `check` (the caller's validation) says why the answer is not usable, or None: the request
        log's line then has outcome `invalid_answer` and that reason, not `ok`.

        Raises BackendError when retries run out (with `attempts`), or its
        subclasses ServerUnreachable / DeadlineExceeded when the run's bounds
        are reached; ConfigError for auth, not-found and 400s no retry can
        change (remembered: later calls fail without a request);
        RequestRefused / ContextTooLong for a 4xx about this document.
        """
        call = _Call(doc_id, chunk, purpose, of_many=of_many)
        t0 = time.monotonic()
        try:
            if self._fatal is not None:  # the run is stopping: logged and counted as not sent
                raise self._fatal
            out = self._chat(messages, call)
        except ClaimexError as e:
            if call.attempts == 0:
                self.stats.add(f"not_sent.{e.reason if isinstance(e, BackendError) else 'stopped'}")
            self._log(call, t0, None, e)
            raise
        except StopRequested as e:  # (the run is stopping: the request is given up, its document left for --resume)
            if call.attempts == 0:
                self.stats.add("not_sent.stopped")
            self._log(call, t0, None, e)
            raise
        self._log(call, t0, out, None, check(out) if check is not None else None)
        return out

    def report(self) -> dict:
        """What this run learnt about the server, for run.json."""
        return {
            "schema_mode": self.schema_mode,
            "schema_mode_reason": self.schema_mode_reason,
            "params": self.params.report(),
            "circuit_breaker": {"threshold": self.s.breaker_threshold, "open": self.breaker.open},
            "deadline": self.s.deadline,
        }

    # ---------------------------------------------------------- helpers
    def _chat(self, messages: list[dict], call: _Call) -> Completion:
        self.breaker.check()
        self.deadline.check()
        mode = self.schema_mode
        if mode is None:
            # The first request finds out what the server supports; the rest wait for the answer.
            with self._probe_lock:
                if self.schema_mode is None:
                    return self._probe(messages, call)
                mode = self.schema_mode
        return self._with_retries(messages, mode, call)

    def _probe(self, messages: list[dict], call: _Call) -> Completion:
        try:
            out = self._with_retries(messages, "json_schema", call, probing=True)
        except _SchemaRejected as e:
            self.schema_mode = "json_object"
            self.schema_mode_reason = f"json_schema answered HTTP {e.status}: {e.message}"
            call.again = "resent.schema_mode"
            log.warning(
                "%s does not take response_format json_schema (HTTP %s: %s); using json_object "
                "with the schema in the prompt for this run",
                self.where,
                e.status,
                e.message,
            )
            return self._with_retries(messages, "json_object", call)
        self.schema_mode = "json_schema"
        return out

    def _response_format(self, mode: str) -> dict:
        if mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": self._strict}}
        return {"type": "json_object", "schema": self._grammar}

    def _send(self, messages: list[dict], mode: str, call: _Call) -> Completion:
        if self._fatal is not None:  # another request stopped the run while this one waited
            raise self._fatal
        if self.stop.is_set():  # the user stopped the run: the document is left for --resume, not given up
            raise StopRequested(f"the run is stopping: no more requests to {self.where}")
        self.breaker.check()
        self.deadline.check()
        call.sent = self.params.kwargs()
        self._count_attempt(call)
        read = self.deadline.cap(self.s.timeout)
        call.read_timeout, call.connect_timeout = read, min(self.s.connect_timeout, read)
        kwargs = dict(
            model=self.s.model,
            messages=messages,
            response_format=self._response_format(mode),
            timeout=openai.Timeout(read, connect=call.connect_timeout),
            **call.sent,
        )
        sent_at = time.monotonic()
        try:
            # The raw response, parsed below: an error reading the body is then the body's, never the request's.
            raw = self._openai.chat.completions.with_raw_response.create(**kwargs)
        except openai.APIStatusError as e:
            self.breaker.success()  # the server answered
            call.status, call.mode = e.status_code, mode
            raise
        except (openai.APITimeoutError, openai.APIConnectionError) as e:
            if self.stop.is_set():  # abandoned as the run stops: no failure of the server's, nor a result
                raise StopRequested(f"the run is stopping: request to {self.where} abandoned") from None
            big = e.__cause__
            if isinstance(big, AnswerTooBig):
                self.breaker.success()  # the server answered: too much
                call.status, call.mode = 200, mode
                raise AnswerTooLarge(
                    f"the answer from {self.where} is larger than {big.limit} bytes (max_answer_bytes); "
                    "not read further",
                    attempts=call.attempts,
                ) from None
            self.breaker.failure(self._what(e, call), sent_at)
            raise
        self.breaker.success()  # the server answered
        call.status, call.mode = 200, mode
        try:
            resp = raw.parse()
        except (ValueError, RecursionError):
            # A 2xx said to be JSON that is not: empty, cut off (JSONDecodeError), bytes that are not UTF-8
            # (json.loads of bytes raises UnicodeDecodeError), a number of 5,000 digits, nesting too deep.
            raise NotJSONAnswer(self._not_json(raw.http_response.text), attempts=call.attempts) from None
        if not isinstance(resp, openai.types.chat.ChatCompletion) or not isinstance(
            getattr(resp, "choices", None), list
        ):
            raise NotJSONAnswer(self._not_json(resp), attempts=call.attempts)
        usage = getattr(resp, "usage", None)
        pt, ct = _tokens(usage, "prompt_tokens"), _tokens(usage, "completion_tokens")
        self.stats.add("prompt_tokens", pt)
        self.stats.add("completion_tokens", ct)
        if not resp.choices:
            raise NoChoices(
                f"{self.where} answered HTTP 200 with no choices (empty chat completion)", attempts=call.attempts
            )
        try:
            content, finish_reason, refusal = _choice_parts(resp.choices[0])
        except ValueError as e:
            raise MalformedCompletion(
                f"{self.where} answered HTTP 200 with a malformed chat completion ({e})", attempts=call.attempts
            ) from None
        return Completion(
            content=content,
            finish_reason=finish_reason,
            prompt_tokens=pt,
            completion_tokens=ct,
            refusal=refusal,
            attempts=call.attempts,
        )

    def _count_attempt(self, call: _Call) -> None:
        """Count the attempt about to be sent: the request's first, or the retry / re-send `call.again` names."""
        call.attempts += 1
        self.stats.add("attempts")
        if call.attempts == 1:
            self.stats.add("requests")
            if call.doc_id is not None:
                self.stats.note_sent(call.doc_id)
        else:
            # every later attempt is set up by _before_sleep, a parameter's adaptation or the schema probe
            self.stats.add(call.again or "retry.unknown")
        call.again = None

    def _not_json(self, resp: object) -> str:
        """What a 200 that is not a chat completion held: its first 80 characters, key scrubbed."""
        if isinstance(resp, str):
            shown = resp
        elif isinstance(resp, openai.BaseModel):  # the fields the server sent, not the SDK's repr of empty ones
            # (warnings=False: a field of the wrong type, the reason it is quoted, is no Python warning on stderr)
            shown = resp.model_dump_json(exclude_unset=True, warnings=False)
        else:
            shown = repr(resp)
        shown = " ".join(redact(shown, self.s.secrets).split())[:80]
        what = "a body that is not JSON" if isinstance(resp, str) else "JSON that is not a chat completion"
        return f"{self.where} answered HTTP 200 with {what}: {shown!r}"

    def _before_sleep(self, state: RetryCallState, call: _Call) -> None:
        exc = state.outcome.exception() if state.outcome else None
        c = cause(exc) if exc else None
        # counted when it is sent: the breaker or the deadline may stop it while this thread waits
        call.again = f"retry.{c or 'unknown'}"
        if exc is None:
            return
        wait = state.next_action.sleep if state.next_action else 0.0
        n, most = state.attempt_number, self.s.max_retries
        if c == "rate_limit":
            # (the server's message in it: which limit, tokens or requests, and often when it resets)
            log.warning("%s%s; waiting %.1f s (retry %d of %d)", _for(call), self._what(exc, call), wait, n, most)
        else:
            log.warning("%s%s; retry %d of %d in %.1f s", _for(call), self._what(exc, call), n, most, wait)

    def _sleep(self, seconds: float) -> None:
        """tenacity's sleep between attempts, cut short when the run stops (then the next attempt raises)."""
        self.stop.wait(seconds)

    def _with_retries(self, messages: list[dict], mode: str, call: _Call, probing: bool = False) -> Completion:
        while True:
            retrying = Retrying(
                retry=retry_if_exception(
                    lambda e: (
                        cause(e) is not None
                        and not self.breaker.open
                        and self.deadline.left() != 0  # (no time left: a retry would only be announced, never sent)
                        and not self._asks_past_deadline(e)
                        and not (probing and schema_refused(e))
                    )
                ),
                stop=stop_after_attempt(self.s.max_retries + 1),
                wait=_Wait(self.s, self.breaker, self.deadline),
                sleep=self._sleep,
                before_sleep=lambda state: self._before_sleep(state, call),
                reraise=True,
            )
            try:
                for attempt in retrying:
                    with attempt:
                        return self._send(messages, mode, call)
            except openai.APIStatusError as e:
                if probing and schema_refused(e):
                    raise _SchemaRejected(e.status_code, redact(server_message(e), self.s.secrets)) from None
                if cause(e) is not None:
                    self._no_time_left(e, call)
                    if self._asks_past_deadline(e):
                        raise BackendError(
                            f"{self._what(e, call)}; not retried: the server asks for {retry_after(e):.1f} s and "
                            f"the --deadline of {self.s.deadline:g}s leaves {self.deadline.left():.1f} s",
                            attempts=call.attempts,
                            reason=cause(e),
                        ) from None
                    raise self._exhausted(e, retrying, call) from None
                param = rejected_param(e)
                if is_unsupported(e) and self.params.adapt(param, call.sent):
                    call.again = "resent.params"
                    continue  # the same request with the parameter this server takes
                raise self._refusal(e) from None
            except (openai.APITimeoutError, openai.APIConnectionError) as e:
                self.breaker.check()  # this failure opened it: ServerUnreachable, not "retries ran out"
                self._no_time_left(e, call)
                raise self._exhausted(e, retrying, call) from None
            except NotJSONAnswer as e:
                self._no_time_left(e, call)
                raise self._exhausted(e, retrying, call) from None
            raise AssertionError("unreachable: tenacity either returns or raises")

    def _asks_past_deadline(self, e: BaseException) -> bool:
        """True when the server's Retry-After for `e` ends after the --deadline: the retry could never be sent,
        so it is neither announced nor waited for (the thread would idle until the deadline, then fail)."""
        left = self.deadline.left()
        if left is None:
            return False
        ra = retry_after(e)
        return ra is not None and min(ra, self.s.retry_after_max) > left

    def _no_time_left(self, e: BaseException, call: _Call) -> None:
        """When the --deadline left no time for a retry of transient failure `e`: say so (one line, as a retry
        is) and raise DeadlineExceeded, not "gave up after N attempts" with advice that does not apply."""
        if self.deadline.left() == 0:
            log.warning(
                "%s%s; not retried: the --deadline of %gs is reached", _for(call), self._what(e, call), self.s.deadline
            )
            self.deadline.check()

    def _what(self, e: BaseException, call: _Call | None = None) -> str:
        """What went wrong, in words; a timeout quotes the one `call`'s last attempt had (--deadline may cut it)."""
        c = cause(e)
        if isinstance(e, NotJSONAnswer):
            return str(e)
        if c == "timeout" and isinstance(e, openai.APIStatusError):  # the server's own timeout answered at once
            said = redact(server_message(e), self.s.secrets)[:200]
            return f"the server at {self.where} timed out the request (HTTP {e.status_code}): {said}"
        if c == "timeout" and _connect_timeout(e):
            connect = call.connect_timeout if call and call.connect_timeout else self.s.connect_timeout
            return f"could not connect to {self.where} within {_secs(connect)}s"
        if c == "timeout":
            read = call.read_timeout if call and call.read_timeout else self.s.timeout
            return f"no answer from {self.where} within {_secs(read)}s"
        if c == "connection":
            why = getattr(e, "__cause__", None)
            said = str(why or e).strip()  # (an error mapped from a bare OSError() has no text: name its class)
            detail = redact(said.splitlines()[0][:120] if said else type(why or e).__name__, self.s.secrets)
            if why is None or isinstance(why, httpx2.ConnectError | httpx2.ProxyError):
                return f"could not connect to {self.where} ({detail})"
            # connected, then reset or closed: the server (or a proxy) dropped the request, --base-url is right
            return f"the connection to {self.where} broke before the answer was complete ({detail})"
        said = ""
        if isinstance(e, openai.APIStatusError):  # the server's own words: often the only clue to a 5xx
            said = f": {redact(server_message(e), self.s.secrets)[:200]}"
        if c == "rate_limit":
            return f"rate limited (HTTP 429) by {self.where}{said}"
        return f"server error (HTTP {getattr(e, 'status_code', '5xx')}) from {self.where}{said}"

    def _exhausted(self, e: BaseException, retrying: Retrying, call: _Call | None = None) -> BackendError:
        attempts = int(retrying.statistics.get("attempt_number", self.s.max_retries + 1))
        tries = f"{attempts} attempt{'' if attempts == 1 else 's'}"
        if isinstance(e, MalformedCompletion):
            return BackendError(
                f"{self._what(e, call)}; gave up after {tries} (a server fault: run again later)",
                attempts=attempts,
                reason="server_error",
            )
        if isinstance(e, NotJSONAnswer):
            return NotJSONAnswer(
                f"{self._what(e, call)}; gave up after {tries} (check --base-url: a proxy or login page?)",
                attempts=attempts,
            )
        return BackendError(
            f"{self._what(e, call)}; gave up after {tries} ({_advice(e)})",
            attempts=attempts,
            reason=cause(e) or "error",
        )

    # 4xx answers about the request's address or form, the same for every document: the run stops (a 4xx
    # about one document's content, or one claimex cannot place, fails that document alone)
    _WRONG_ENDPOINT = frozenset({405, 406, 415, 426, 431})

    def _refusal(self, e: openai.APIStatusError) -> ClaimexError:
        where, code = self.where, e.status_code
        detail = redact(server_message(e), self.s.secrets)
        err: ConfigError
        if code == 401:
            err = ConfigError(
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
        elif 300 <= code < 400:
            to = redact(e.response.headers.get("location") or "nowhere (no Location header)", self.s.secrets)[:200]
            err = ConfigError(
                f"{where} answered HTTP {code}, a redirect to {redact_url(to)}: claimex does not follow redirects "
                "(the articles would go to a server you did not name); set --base-url to the server's own address"
            )
        elif out_of_quota(e):
            err = ConfigError(
                f"{where} says the account has no quota or credit left (HTTP {code}): {detail} -- check the plan "
                "and billing of the account OPENAI_API_KEY belongs to"
            )
        elif code in self._WRONG_ENDPOINT:
            err = ConfigError(
                f"{where} does not take a chat completion request (HTTP {code}): {detail} -- check --base-url "
                "(an OpenAI-compatible server's address, usually ending in /v1)"
            )
        elif code == 410:
            err = ConfigError(
                f"{where} no longer serves model {self.s.model!r} (HTTP 410): {detail} -- choose another with "
                "--model / CLAIMEX_MODEL"
            )
        elif CONTEXT_RE.search(detail):
            return ContextTooLong(f"request too long for the model's context (HTTP {code}): {detail}")
        elif code == 413:  # a proxy's or server's cap on the request body: a smaller chunk passes, as for context
            return ContextTooLong(f"{where} refused a request body this large (HTTP 413): {detail}")
        elif is_per_document(e) or code not in (400, 422):
            return RequestRefused(f"{where} refused the request for this document (HTTP {code}): {detail}")
        else:
            param = rejected_param(e)
            err = ServerRejected(
                f"{where} rejected the request (HTTP {code}{f', parameter {param!r}' if param else ''}): {detail} "
                f"-- retrying cannot change this, so the run stops; check --model {self.s.model!r}"
                + (", --max-tokens" if param in ("max_tokens", "max_completion_tokens") else "")
                + (", --reasoning-effort" if self.s.reasoning_effort else "")
                + " and what this server supports"
            )
        self._fatal = err
        return err

    def _log(
        self, call: _Call, t0: float, out: Completion | None, err: BaseException | None, invalid: str | None = None
    ) -> None:
        entry: dict = {
            "doc_id": call.doc_id,
            "chunk": call.chunk,
            "purpose": call.purpose,
            "model": self.s.model,
            "prompt_version": self.prompt_version,
            "base_url": redact_url(self.s.base_url),
            "schema_mode": call.mode,
            "params": call.sent,
            "attempts": call.attempts,
            "seconds": round(time.monotonic() - t0, 3),
            "http_status": call.status,
        }
        if out is not None:
            outcome = "refusal" if out.refusal else ("length" if out.finish_reason == "length" else "ok")
            if outcome == "ok" and invalid is not None:
                outcome = "invalid_answer"  # the server answered; the answer failed validation
                entry["message"] = redact(invalid, self.s.secrets).strip().splitlines()[0][:300] if invalid else ""
            entry.update(
                outcome=outcome,
                finish_reason=out.finish_reason,
                prompt_tokens=out.prompt_tokens,
                completion_tokens=out.completion_tokens,
            )
            if out.refusal:
                entry["message"] = redact(out.refusal, self.s.secrets)[:300]
        else:
            entry.update(
                outcome="error",
                error=type(err).__name__,
                message=redact(str(err), self.s.secrets)[:300],
                prompt_tokens=0,
                completion_tokens=0,
            )
        self.request_log.write(**entry)
