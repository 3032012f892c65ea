"""The HTTP layer under the openai SDK, bounded: an answer's size and a request's total time.

httpx (httpx2 under the SDK) times each phase and each socket read
separately, so a server that trickles one byte a second is waited on
forever, and a 200 MB answer is read into memory whole. `BoundedTransport`
wraps the default transport and reads every response body (answers and
error bodies alike) through a guard that:

- raises `AnswerTooBig` as soon as more than `max_bytes` have come (or the
  Content-Length header announces more): nothing past the cap is read, so
  nothing past it is parsed;
- raises `Overdue` (a ReadTimeout: the SDK reports it as a timeout) once the
  request has taken longer than its timeout, counted from when it was sent,
  however the bytes arrive.

The request's total budget is its read timeout (the client passes the
`--timeout` left for this attempt). One socket read can still block up to
that timeout, so the worst case is under twice `--timeout`; a trickle is
cut at the first chunk past it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx2


class AnswerTooBig(httpx2.ReadError):
    """The response body is larger than the cap (the SDK wraps it in APIConnectionError)."""

    def __init__(self, limit: int, seen: int, request: httpx2.Request):
        super().__init__(f"the answer is larger than {limit} bytes (read {seen} before stopping)", request=request)
        self.limit = limit
        self.seen = seen


class Overdue(httpx2.ReadTimeout):
    """The whole request took longer than its timeout (the SDK turns it into APITimeoutError)."""


def _total(request: httpx2.Request) -> float | None:
    t = request.extensions.get("timeout") or {}
    read = t.get("read") if isinstance(t, dict) else None
    return float(read) if read else None


class _GuardedStream(httpx2.SyncByteStream):
    def __init__(self, inner: httpx2.SyncByteStream, request: httpx2.Request, limit: int, due: float | None):
        self._inner = inner
        self._request = request
        self._limit = limit
        self._due = due

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise AnswerTooBig(self._limit, seen, self._request)
            if self._due is not None and time.monotonic() > self._due:
                raise Overdue("the answer did not arrive in full within --timeout", request=self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class BoundedTransport(httpx2.BaseTransport):
    """`httpx2.HTTPTransport` with every response body capped at `max_bytes` and read by its deadline."""

    def __init__(self, max_bytes: int, inner: httpx2.BaseTransport | None = None):
        self.max_bytes = max_bytes
        self._inner = inner or httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        t0 = time.monotonic()
        total = _total(request)
        resp = self._inner.handle_request(request)
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            resp.close()
            raise AnswerTooBig(self.max_bytes, int(declared), request)
        if total is not None and time.monotonic() - t0 > total:
            resp.close()
            raise Overdue("no complete answer within --timeout", request=request)
        assert isinstance(resp.stream, httpx2.SyncByteStream)
        return httpx2.Response(
            status_code=resp.status_code,
            headers=resp.headers,
            stream=_GuardedStream(resp.stream, request, self.max_bytes, None if total is None else t0 + total),
            extensions=resp.extensions,
        )

    def close(self) -> None:
        self._inner.close()
