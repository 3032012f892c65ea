"""The HTTP layer under the openai SDK, bounded: an answer's size and a request's total time.

httpx (httpx2 under the SDK) times each phase and each socket read
separately, so a server that trickles one byte a second (status line and
headers included) is waited on forever, and a 200 MB answer is read into
memory whole. `BoundedTransport` is the SDK's transport with two bounds:

- **Time.** Every request has a deadline: its timeout (the client passes the
  `--timeout` left for this attempt as the read timeout), counted from when
  the transport gets it. The connection pool runs on `DeadlineBackend`,
  whose streams clamp each socket operation's timeout (connect, TLS
  handshake, every write, every read) to the time left before that deadline
  and raise the matching timeout once it has passed. The deadline lives in
  a `ContextVar` set while the pool handles the request (connect, send,
  status line, headers) and again while each body chunk is read, so one
  connection reused by several requests, or several threads sharing the
  pool, each see their own request's deadline; no thread is started. A
  request body is written in pieces of `WRITE_PIECE` bytes, each within
  the time left, so a server that reads slowly cannot stretch one write.
  The whole request therefore ends within about `--timeout` (plus the few
  milliseconds of one clamped operation's wake-up), however the bytes
  arrive; it ends as `httpx2.ConnectTimeout`, `WriteTimeout` or
  `ReadTimeout`, which the SDK reports as `APITimeoutError`. Waiting for a
  free connection in the pool is bounded by the pool timeout (the same
  `--timeout`) and counts towards the deadline. Name resolution
  (`getaddrinfo`) cannot be given a timeout without a thread and is not
  bounded by the deadline.
- **Stop.** A transport given a `stop` event (the run's Ctrl-C / SIGTERM)
  waits on the socket in slices of at most `STOP_POLL` seconds and checks
  the event between them (and before each connect and write): once it is
  set, the request ends within a slice with `RequestStopped` (a ReadError,
  so an APIConnectionError for the SDK), never after the rest of its
  timeout. A slice that times out consumed nothing, so the next one reads
  on from where it was; the request's deadline stays what it was.
- **Size.** Every response body (answers and error bodies alike) is read
  through a guard that raises `AnswerTooBig` as soon as more than
  `max_bytes` have come (or the Content-Length header announces more):
  nothing past the cap is read, so nothing past it is parsed. A compressed
  body (`Content-Encoding` gzip, x-gzip or deflate, the encodings the
  transport asks for) is inflated here, in bounded steps, and the cap holds
  for the inflated bytes too: a 60 KB gzip of 60 MB of spaces stops at the
  cap, never inflated whole (httpx would inflate it all in memory). A body
  in any other encoding is passed on as it came, undecoded (so it is no
  JSON, not a way past the cap).

Why the transport builds its own pool: `httpx2.HTTPTransport` takes no
network backend, and swapping its private `_pool` would break silently on
an upgrade. `httpcore2.ConnectionPool(network_backend=...)` is public API,
so `BoundedTransport` builds the pool as `HTTPTransport` does for a direct
connection (same SSL context, limits and HTTP/1.1) and maps httpcore2's
exceptions to httpx2's the same way (most specific class wins). httpx2.Client
does not apply proxy environment variables to a transport it is given, so
the client asks `proxy_for(base_url)` (`HTTPS_PROXY`, `HTTP_PROXY`,
`ALL_PROXY`, `NO_PROXY`, read as curl and urllib read them) and the
transport builds an `httpcore2.HTTPProxy` pool on the same deadline backend
when one applies.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore2
import httpx2

from ..errors import ConfigError

# The monotonic time by which the request being handled on this thread must end (None: no deadline).
_DUE: ContextVar[float | None] = ContextVar("claimex_llm_request_due", default=None)

# The run's stop event for the request being handled on this thread (None: nothing stops it but its deadline).
_STOP: ContextVar[threading.Event | None] = ContextVar("claimex_llm_request_stop", default=None)

WRITE_PIECE = 64 * 1024  # bytes per socket write, each within the time left
INFLATE_PIECE = 64 * 1024  # bytes of inflated body per decompression step
# Content-Encoding -> zlib wbits: the encodings inflated here (and the only ones asked for).
_INFLATE = {b"gzip": 16 + zlib.MAX_WBITS, b"x-gzip": 16 + zlib.MAX_WBITS, b"deflate": zlib.MAX_WBITS}
ACCEPT_ENCODING = b"gzip, deflate"
STOP_POLL = 0.2  # seconds a socket read waits before looking at the run's stop event again

# httpcore2 exception -> httpx2 exception, as httpx2.HTTPTransport maps them.
_ERRORS: tuple[tuple[type[Exception], type[httpx2.HTTPError]], ...] = (
    (httpcore2.TimeoutException, httpx2.TimeoutException),
    (httpcore2.ConnectTimeout, httpx2.ConnectTimeout),
    (httpcore2.ReadTimeout, httpx2.ReadTimeout),
    (httpcore2.WriteTimeout, httpx2.WriteTimeout),
    (httpcore2.PoolTimeout, httpx2.PoolTimeout),
    (httpcore2.NetworkError, httpx2.NetworkError),
    (httpcore2.ConnectError, httpx2.ConnectError),
    (httpcore2.ReadError, httpx2.ReadError),
    (httpcore2.WriteError, httpx2.WriteError),
    (httpcore2.ProxyError, httpx2.ProxyError),
    (httpcore2.UnsupportedProtocol, httpx2.UnsupportedProtocol),
    (httpcore2.ProtocolError, httpx2.ProtocolError),
    (httpcore2.LocalProtocolError, httpx2.LocalProtocolError),
    (httpcore2.RemoteProtocolError, httpx2.RemoteProtocolError),
)


class AnswerTooBig(httpx2.ReadError):
    """The response body is larger than the cap (the SDK wraps it in APIConnectionError)."""

    def __init__(self, limit: int, seen: int, request: httpx2.Request):
        super().__init__(f"the answer is larger than {limit} bytes (read {seen} before stopping)", request=request)
        self.limit = limit
        self.seen = seen


class Overdue(httpx2.ReadTimeout):
    """The whole request took longer than its timeout (the SDK turns it into APITimeoutError)."""


class RequestStopped(httpcore2.ReadError):
    """The run is stopping (Ctrl-C, SIGTERM): the request was abandoned (the SDK sees a connection error)."""


def _check_stop() -> None:
    """Raise RequestStopped if this request's stop event is set."""
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        raise RequestStopped("the run is stopping: request abandoned")


def _left(timeout: float | None, overdue: type[httpcore2.TimeoutException]) -> float | None:
    """The timeout for one socket operation: `timeout` cut to the time left before this request's deadline.

    Raises `overdue` (an httpcore2 timeout) when the deadline has passed; with no
    deadline set (a request outside `BoundedTransport`), returns `timeout` as is.
    """
    due = _DUE.get()
    if due is None:
        return timeout
    left = due - time.monotonic()
    if left <= 0:
        raise overdue("the request's --timeout has passed")
    return left if timeout is None else min(timeout, left)


@contextlib.contextmanager
def _until(due: float | None, stop: threading.Event | None = None) -> Iterator[None]:
    """Hold `due` as this context's request deadline, and `stop` as its stop event, for the block."""
    token, stop_token = _DUE.set(due), _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(stop_token)
        _DUE.reset(token)


class _DeadlineStream(httpcore2.NetworkStream):
    """A network stream whose every operation ends by the current request's deadline."""

    def __init__(self, inner: httpcore2.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if _STOP.get() is None:
            return self._inner.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))
        # In slices, looking at the stop event between them: a timed-out recv() consumed nothing.
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            _check_stop()
            own = None if end is None else end - time.monotonic()
            if own is not None and own <= 0:
                raise httpcore2.ReadTimeout("timed out")
            left = _left(own, httpcore2.ReadTimeout)
            piece = STOP_POLL if left is None else min(left, STOP_POLL)
            try:
                return self._inner.read(max_bytes, piece)
            except httpcore2.ReadTimeout:
                if left is not None and piece >= left:
                    raise  # the read's own timeout or the request's deadline, not a slice

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # One inner write retries partial sends with the same timeout each time, so a
        # slow reader could stretch it: pieces re-clamp the timeout as the deadline nears.
        for start in range(0, len(buffer), WRITE_PIECE):
            _check_stop()
            self._inner.write(buffer[start : start + WRITE_PIECE], _left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.NetworkStream:
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore2.NetworkBackend):
    """httpcore2's synchronous socket backend, with streams bounded by the current request's deadline."""

    def __init__(self, inner: httpcore2.NetworkBackend | None = None):
        self._inner = inner or httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        _check_stop()
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        left = _left(timeout, httpcore2.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise an httpcore2 exception as the most specific matching httpx2 one (as httpx2's transport does)."""
    try:
        yield
    except Exception as exc:
        mapped: type[httpx2.HTTPError] | None = None
        for core, outer in _ERRORS:
            if isinstance(exc, core) and (mapped is None or issubclass(outer, mapped)):
                mapped = outer
        if mapped is None:
            raise
        raise mapped(str(exc)) from exc


def _total(request: httpx2.Request) -> float | None:
    t = request.extensions.get("timeout") or {}
    read = t.get("read") if isinstance(t, dict) else None
    return float(read) if read else None


class _Inflater:
    """One Content-Encoding layer undone in pieces of at most INFLATE_PIECE bytes (deflate: zlib-wrapped or
    raw, as servers send either)."""

    def __init__(self, encoding: bytes):
        self._raw_fallback = encoding == b"deflate"
        self._d = zlib.decompressobj(_INFLATE[encoding])

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while data:
                piece = self._d.decompress(data, INFLATE_PIECE)
                self._raw_fallback = False  # (the first bytes told which kind it is)
                data = self._d.unconsumed_tail
                if piece:
                    yield piece
                elif data:
                    return  # (no progress: cannot happen with zlib, guard against a loop all the same)
        except zlib.error as e:
            if not self._raw_fallback:
                raise httpx2.DecodingError(f"the answer's compressed body is damaged ({e})") from None
            self._raw_fallback = False
            self._d = zlib.decompressobj(-zlib.MAX_WBITS)
            yield from self.feed(data)

    def end(self) -> bytes:
        try:
            return self._d.flush()
        except zlib.error as e:
            raise httpx2.DecodingError(f"the answer's compressed body is damaged ({e})") from None


def _inflaters(headers: list[tuple[bytes, bytes]]) -> list[_Inflater] | None:
    """The layers to undo, outermost first, for a body in the encodings inflated here; None for a body sent
    as it is (no Content-Encoding, identity) or in one not inflated here."""
    codings = [c.strip().lower() for k, v in headers if k.lower() == b"content-encoding" for c in v.split(b",")]
    codings = [c for c in codings if c and c != b"identity"]
    if not codings or any(c not in _INFLATE for c in codings):
        return None
    return [_Inflater(c) for c in reversed(codings)]


def _inflate(layers: list[_Inflater], chunk: bytes, last: bool = False) -> Iterator[bytes]:
    """`chunk` through every layer (the first undone first), in pieces; `last`: flush each layer too."""
    if not layers:
        if chunk:
            yield chunk
        return
    head, rest = layers[0], layers[1:]
    for piece in head.feed(chunk):
        yield from _inflate(rest, piece)
    if last:
        yield from _inflate(rest, head.end(), last=True)


class _GuardedStream(httpx2.SyncByteStream):
    """A response body read chunk by chunk under the request's deadline and size cap."""

    def __init__(
        self,
        inner: Iterable[bytes],
        request: httpx2.Request,
        limit: int,
        due: float | None,
        stop: threading.Event | None = None,
        layers: list[_Inflater] | None = None,
    ):
        self._inner = inner
        self._request = request
        self._limit = limit
        self._due = due
        self._stop = stop
        self._layers = layers  # the Content-Encoding to undo here (None: passed on as it came)
        self._made = 0  # inflated bytes so far

    def _chunks(self) -> Iterator[bytes]:
        """The body's chunks, each socket read bounded by the deadline and the stop (held only while reading)."""
        chunks = iter(self._inner)
        while True:
            with _until(self._due, self._stop), _httpx_errors():
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._chunks():
            seen += len(chunk)
            if seen > self._limit:
                raise AnswerTooBig(self._limit, seen, self._request)
            if self._due is not None and time.monotonic() > self._due:
                raise Overdue("the answer did not arrive in full within --timeout", request=self._request)
            if self._layers is None:
                yield chunk
            else:
                yield from self._inflated(chunk)
        if self._layers is not None:
            yield from self._inflated(b"", last=True)

    def _inflated(self, chunk: bytes, last: bool = False) -> Iterator[bytes]:
        """`chunk` inflated, the cap counted on the inflated bytes (`_made`: so far)."""
        assert self._layers is not None
        for piece in _inflate(self._layers, chunk, last):
            self._made += len(piece)
            if self._made > self._limit:
                raise AnswerTooBig(self._limit, self._made, self._request)
            yield piece

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            with _httpx_errors():
                close()


class BoundedTransport(httpx2.BaseTransport):
    """An HTTP/1.1 transport whose requests end by their timeout and whose response bodies stop at `max_bytes`."""

    def __init__(
        self,
        max_bytes: int,
        limits: httpx2.Limits | None = None,
        proxy: str | None = None,
        stop: threading.Event | None = None,
    ):
        self.max_bytes = max_bytes
        self.stop = stop  # the run's stop: set, every request in flight ends within STOP_POLL seconds
        self._pool = _pool(limits or httpx2.Limits(max_connections=100, max_keepalive_connections=20), proxy)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        total = _total(request)
        due = None if total is None else time.monotonic() + total
        assert isinstance(request.stream, httpx2.SyncByteStream)
        # Only encodings inflated here, within the cap (httpx2 would add br or zstd when their packages are there).
        headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"accept-encoding"]
        headers.append((b"Accept-Encoding", ACCEPT_ENCODING))
        core = httpcore2.Request(
            method=request.method,
            url=httpcore2.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=headers,
            content=request.stream,
            extensions=request.extensions,
        )
        with _until(due, self.stop), _httpx_errors():
            resp = self._pool.handle_request(core)
        assert isinstance(resp.stream, Iterable)
        declared = _header(resp.headers, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            _close(resp)
            raise AnswerTooBig(self.max_bytes, int(declared), request)
        layers = _inflaters(resp.headers)
        # Inflated here: httpx2 must not inflate it again. Any other encoding: passed on undecoded (no JSON).
        skip = (b"content-encoding", b"content-length") if layers is not None else (b"content-encoding",)
        return httpx2.Response(
            status_code=resp.status,
            headers=[(k, v) for k, v in resp.headers if k.lower() not in skip],
            stream=_GuardedStream(resp.stream, request, self.max_bytes, due, self.stop, layers),
            extensions=resp.extensions,
        )

    def close(self) -> None:
        with _httpx_errors():
            self._pool.close()


def proxy_for(url: str) -> str | None:
    """The proxy URL the environment names for requests to `url` (None: go direct).

    `HTTPS_PROXY` / `HTTP_PROXY` by the URL's scheme, else `ALL_PROXY`; `NO_PROXY` hosts go direct.
    """
    parts = httpx2.URL(url)
    # in CPython since 3.0, but not in typeshed
    if urllib.request.proxy_bypass_environment(parts.host):  # type: ignore[attr-defined]
        return None
    found = urllib.request.getproxies_environment()
    return found.get(parts.scheme) or found.get("all")


def _pool(limits: httpx2.Limits, proxy: str | None) -> httpcore2.ConnectionPool:
    """A connection pool on `DeadlineBackend`: direct, or through an HTTP(S) proxy as httpx2.HTTPTransport
    builds it (credentials in the proxy URL become its Proxy-Authorization)."""
    if proxy is None:
        return httpcore2.ConnectionPool(
            ssl_context=httpx2.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(),
        )
    p = httpx2.Proxy(url=proxy)
    if p.url.scheme not in ("http", "https"):
        raise ConfigError(
            f"proxy {p.url.scheme}:// is not supported by the LLM backend: set HTTPS_PROXY to an http:// or https:// proxy"
        )
    return httpcore2.HTTPProxy(
        proxy_url=httpcore2.URL(scheme=p.url.raw_scheme, host=p.url.raw_host, port=p.url.port, target=p.url.raw_path),
        proxy_auth=p.raw_auth,
        proxy_headers=p.headers.raw,
        ssl_context=httpx2.create_ssl_context(),
        proxy_ssl_context=p.ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=DeadlineBackend(),
    )


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of header `name` (lower case) in a raw header list, or None."""
    return next((v for k, v in headers if k.lower() == name), None)


def _close(resp: httpcore2.Response) -> None:
    """Close an httpcore2 response that will not be read (its connection is dropped, not reused)."""
    with _httpx_errors():
        resp.close()
