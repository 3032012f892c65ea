"""What can go wrong with one chat request, classified: the errors the client raises and how it reads the server's.

- `cause()`: the retry cause of a transient failure (429, timeout, connection,
  5xx), or None when retrying cannot help.
- `rejected_param()`: the request parameter a 400/422 names (OpenAI's `param`
  field, or the parameter quoted in the message), so the client can adapt
  once per run (`max_tokens`, `temperature`, `response_format`).
- The exceptions: all under ClaimexError. BackendError subclasses fail one
  document (the rules fallback takes it, if on); ConfigError subclasses stop
  the run, because every document would get the same answer.
"""

from __future__ import annotations

import json
import re

import openai

from ..errors import BackendError, ClaimexError, ConfigError

_KEYLIKE = re.compile(r"\b(?:sk|rk|pk|key)-[A-Za-z0-9_\-*.]{4,}|Bearer\s+\S+", re.I)
CONTEXT_RE = re.compile(
    r"context (?:length|window|size)|maximum context|too many tokens|exceeds? the context|"
    r"requested tokens|prompt is too long",
    re.I,
)
# A 400 about the content of one document (not the request's shape): it fails that document only.
_PER_DOCUMENT_CODES = {"content_filter", "content_policy_violation", "invalid_prompt"}
_PARAMS = ("max_completion_tokens", "max_tokens", "temperature", "reasoning_effort", "response_format")
_UNSUPPORTED_RE = re.compile(
    r"unsupported|not supported|unrecognized|unknown (?:field|param)|not permitted|extra (?:fields|inputs)", re.I
)
_SCHEMA_RE = re.compile(r"response_format|json_schema|\bschema\b", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


class RequestRefused(ClaimexError):
    """The server refused this request for this document only (e.g. a content filter): not retried."""


class ContextTooLong(RequestRefused):
    """The server said the prompt does not fit its context window: the chunk must be split."""


class ServerRejected(ConfigError):
    """A 400/422 that retrying cannot change (an unsupported parameter or value): the run stops."""


class ModelRefused(BackendError):
    """The model declined to answer (`message.refusal`); the message carries its text."""

    reason = "refusal"


class ServerUnreachable(BackendError):
    """The circuit breaker is open: too many consecutive transport failures, no more requests this run."""

    reason = "unreachable"


class DeadlineExceeded(BackendError):
    """The run's --deadline has passed: no more requests this run."""

    reason = "deadline"


class AnswerTooLarge(BackendError):
    """The answer's body is larger than the cap (`max_answer_bytes`): not read past it, never parsed."""

    reason = "too_large"


class NotJSONAnswer(BackendError):
    """An HTTP 200 whose body is not JSON (a proxy's HTML page): transient, retried like a 5xx."""

    reason = "not_json"


class MalformedCompletion(NotJSONAnswer):
    """An HTTP 200 chat completion of the wrong shape (a choice without a message, content that is no text):
    the server's fault, not an answer; retried like a 5xx.

    Never the model's answer: not re-asked and not cached, so a re-run asks again.
    """

    reason = "server_error"


class NoChoices(MalformedCompletion):
    """An HTTP 200 chat completion with `"choices": []`: the server's fault, not the model's empty answer."""


def failure_names() -> set[str]:
    """The `error` names (errors.jsonl, the journal) of a document the LLM backend failed: BackendError,
    RequestRefused and their subclasses (a document's ErrorRecord names its exception's class)."""
    names: set[str] = set()
    todo: list[type] = [BackendError, RequestRefused]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


# A secret shorter than this is masked only where it stands as a word of its own: local servers take
# any key, and `OPENAI_API_KEY=x` masked inside words made "exceeded" read "e***ceeded".
SHORT_SECRET = 8


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the given secrets or anything shaped like an API key or bearer token. A secret of
    fewer than `SHORT_SECRET` characters is masked where no letter, digit, `_` or `-` touches it."""
    for s in secrets:
        if len(s) >= SHORT_SECRET:
            text = text.replace(s, "***")
        elif s:
            text = re.sub(rf"(?<![\w-]){re.escape(s)}(?![\w-])", "***", text)
    return _KEYLIKE.sub("***", text)


def cause(e: BaseException) -> str | None:
    """The retry cause of a transient error, or None if `e` must not be retried (an exhausted quota is
    answered with a 429 too, and no wait refills it)."""
    if isinstance(e, openai.RateLimitError):
        return None if out_of_quota(e) else "rate_limit"
    if isinstance(e, openai.APITimeoutError):
        return "timeout"
    if isinstance(e, openai.APIConnectionError):
        return "connection"
    if isinstance(e, openai.APIStatusError) and e.status_code == 408:  # the server's own request timeout
        return "timeout"
    if isinstance(e, openai.APIStatusError) and e.status_code >= 500:
        return "server_error"
    if isinstance(e, NotJSONAnswer):
        return "server_error"
    return None


def is_transport(e: BaseException) -> bool:
    """Connection refused, DNS, timeouts: the failures that count towards the circuit breaker."""
    return isinstance(e, (openai.APITimeoutError, openai.APIConnectionError))


def _words_of(body: str) -> str:
    """An error body that is not JSON in, its first line of words out: an HTML page's title (else its text
    without tags), or the text's first non-blank line."""
    title = _TITLE.search(body)
    text = title.group(1) if title else _TAG.sub(" ", body)
    return next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")


def server_message(e: openai.APIStatusError) -> str:
    """The server's own error text, first line, at most 300 characters."""
    body = e.body
    msg = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        msg = inner.get("message") if isinstance(inner, dict) else inner
        if msg is None and "detail" in body:  # FastAPI validation errors (llama-cpp-python, vLLM)
            msg = json.dumps(body["detail"])[:300]
    elif isinstance(body, str):  # a proxy's or load balancer's plain text or HTML page: the SDK says only the code
        msg = _words_of(body)
    if not isinstance(msg, str) or not msg.strip():
        msg = e.message or ""
    msg = msg.strip().splitlines()[0] if msg.strip() else "no message"
    return msg[:300]


def _error_fields(e: openai.APIStatusError) -> dict:
    body = e.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return body if isinstance(body, dict) else {}


# OpenAI's codes (as `code` or `type`) for an account with no quota or credit left: a 429 that no retry
# or wait can turn into an answer
_OUT_OF_QUOTA_CODES = {"insufficient_quota", "billing_hard_limit_reached", "billing_not_active"}


def out_of_quota(e: BaseException) -> bool:
    """Does the 4xx `e` say the account has no quota or credit left (HTTP 402, or OpenAI's
    `insufficient_quota` 429)?"""
    if not isinstance(e, openai.APIStatusError):
        return False
    fields = _error_fields(e)
    return e.status_code == 402 or any(
        isinstance(v, str) and v in _OUT_OF_QUOTA_CODES for v in (fields.get("code"), fields.get("type"))
    )


def error_code(e: openai.APIStatusError) -> str | None:
    code = _error_fields(e).get("code")
    return code if isinstance(code, str) else None


def rejected_param(e: BaseException) -> str | None:
    """The request parameter a 400/422 rejects: OpenAI's `param`, else one named in the error text."""
    if not isinstance(e, openai.APIStatusError) or e.status_code not in (400, 422):
        return None
    param = _error_fields(e).get("param")
    if isinstance(param, str) and param:
        return param.split(".")[0].split("[")[0]
    text = f"{server_message(e)} {json.dumps(e.body) if e.body is not None else ''}"
    found = [(m.start(), p) for p in _PARAMS if (m := re.search(rf"\b{p}\b", text))]
    if found:
        return min(found)[1]  # the first named: "'max_tokens' is not supported ... use 'max_completion_tokens'"
    return "response_format" if _SCHEMA_RE.search(text) else None


def schema_refused(e: BaseException) -> bool:
    """The server refused `response_format` json_schema: a 400/422 naming it, or a 5xx whose own message does.

    The 5xx case is llama-cpp-python's: it wraps its request-validation error
    ("loc: body, response_format, type: Input should be 'text' or
    'json_object'") in an HTTP 500. A 5xx that does not name
    `response_format` (OpenAI's "The server had an error ...") is transient.
    """
    if not isinstance(e, openai.APIStatusError):
        return False
    if e.status_code in (400, 422):
        return rejected_param(e) == "response_format"
    if e.status_code >= 500:
        text = f"{server_message(e)} {json.dumps(e.body) if e.body is not None else ''}"
        return bool(re.search(r"response_format", text))
    return False


def is_unsupported(e: BaseException) -> bool:
    """A 400/422 saying a parameter is not supported at all (not that its value is out of range)."""
    if not isinstance(e, openai.APIStatusError):
        return False
    return error_code(e) in ("unsupported_parameter", "unsupported_value") or bool(
        _UNSUPPORTED_RE.search(f"{server_message(e)} {json.dumps(e.body) if e.body is not None else ''}")
    )


def is_per_document(e: openai.APIStatusError) -> bool:
    """A 4xx about this document's content, not about the request's shape."""
    return error_code(e) in _PER_DOCUMENT_CODES or bool(CONTEXT_RE.search(server_message(e)))
