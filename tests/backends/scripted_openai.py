"""A scripted OpenAI-compatible chat server on 127.0.0.1, for testing the LLM backend over real HTTP.

`ScriptedOpenAI` answers POST /v1/chat/completions. Each request takes the
next queued `Reply` (`script(...)`); with the queue empty it asks the
`responder` (a function of the request body), by default `quotes_responder`,
which answers deterministically from the article in the request. Every
request is recorded (body, headers, time) for the tests to inspect.
`reject_json_schema=True` makes it behave like servers that refuse
`response_format: json_schema` (HTTP 400) but accept json_object.

The `OPENAI_*` constants and `Reply.openai_error` / `Reply.refusal` replay the
error bodies and headers OpenAI sends today (issue 16); `closed_url()` and
`SilentServer` are a server that is down and one that accepts connections
and never answers; `TrickleServer` answers one byte at a time, status line
and headers included (issue 17: `--timeout` bounds the whole request);
`Reply.cut` resets the connection in the middle of an answer.
"""

from __future__ import annotations

import json
import re
import select
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    """One scripted HTTP answer: status, JSON (or raw) body, headers, and a delay before answering."""

    status: int = 200
    body: dict | str | bytes = field(default_factory=dict)  # bytes: sent as they are (not valid UTF-8, say)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"
    trickle: float = 0.0  # > 0: send the body one byte at a time, this many seconds apart
    huge: int = 0  # > 0: the body is this many bytes of JSON-looking filler, sent in 64 KB writes
    cut: int = 0  # > 0: send the headers and this many bytes of the body, then reset the connection

    @classmethod
    def html(cls, page: str = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>") -> Reply:
        """A 200 whose body is a proxy's HTML page, not a chat completion."""
        return cls(body=page, content_type="text/html")

    @classmethod
    def content(cls, text: str, finish_reason: str = "stop", usage: tuple[int, int] = (100, 20)) -> Reply:
        """A 200 chat completion whose message content is `text` (valid JSON or not)."""
        return cls(
            body={
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": "scripted",
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}
                ],
                "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
            }
        )

    @classmethod
    def answer(cls, claims: list[dict], **kw) -> Reply:
        """A 200 chat completion answering `{"claims": claims}` (claims filled in with `claim()`)."""
        return cls.content(json.dumps({"claims": claims}), **kw)

    @classmethod
    def error(cls, status: int, message: str = "scripted error", headers: dict[str, str] | None = None) -> Reply:
        return cls(
            status=status,
            body={"error": {"message": message, "type": "scripted", "code": status}},
            headers=headers or {},
        )

    @classmethod
    def openai_error(
        cls,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """An error exactly as OpenAI words it: `{"error": {message, type, param, code}}` plus its headers."""
        return cls(
            status=status,
            body={"error": {"message": message, "type": type, "param": param, "code": code}},
            headers={**OPENAI_HEADERS, **(headers or {})},
        )

    @classmethod
    def refusal(cls, text: str = "I'm sorry, but I can't assist with that request.") -> Reply:
        """A 200 whose message is a refusal (content null, `refusal` set), as structured outputs return it."""
        return cls(
            body={
                "id": "chatcmpl-refusal",
                "object": "chat.completion",
                "created": 0,
                "model": "scripted",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": None, "refusal": text, "annotations": []},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 11, "total_tokens": 131},
            },
            headers=dict(OPENAI_HEADERS),
        )

    def after(self, seconds: float) -> Reply:
        self.delay = seconds
        return self


OPENAI_HEADERS = {
    "x-request-id": "req_3f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
    "openai-organization": "user-scripted",
    "openai-processing-ms": "12",
    "openai-version": "2020-10-01",
}
OPENAI_MAX_TOKENS = (
    "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
)
OPENAI_TEMPERATURE = (
    "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."
)
OPENAI_RATE_LIMIT = (
    "Rate limit reached for gpt-4o-mini in organization org-scripted on tokens per min (TPM): Limit 200000, "
    "Used 199546, Requested 1337. Please try again in 264ms. Visit https://platform.openai.com/account/rate-limits "
    "to learn more."
)
OPENAI_SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"


def max_tokens_rejected() -> Reply:
    return Reply.openai_error(400, OPENAI_MAX_TOKENS, param="max_tokens", code="unsupported_parameter")


def temperature_rejected() -> Reply:
    return Reply.openai_error(400, OPENAI_TEMPERATURE, param="temperature", code="unsupported_value")


def rate_limited(headers: dict[str, str]) -> Reply:
    return Reply.openai_error(
        429,
        OPENAI_RATE_LIMIT,
        type="tokens",
        code="rate_limit_exceeded",
        headers={"x-ratelimit-limit-tokens": "200000", "x-ratelimit-remaining-tokens": "454", **headers},
    )


def server_error() -> Reply:
    return Reply.openai_error(500, OPENAI_SERVER_ERROR, type="server_error")


def closed_url() -> str:
    """A /v1 URL on a loopback port nothing listens on: connections are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers (a hung server); use as a context manager."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self._sock.close()
        for c in self.accepted:
            c.close()


class TrickleServer:
    """A raw-socket HTTP server on 127.0.0.1 that answers every request one byte every `interval` seconds.

    It reads each request in full, then sends the status line and headers a
    byte at a time; with `body=None` the headers never end (one endless
    header line), otherwise they end and `body` (a JSON chat completion)
    follows at the same pace. A connection ends when the client closes it
    (noticed at the next byte) or the server stops. `requests` counts the
    requests read; `open_connections` the connections the client has not
    closed yet. Use as a context manager: on exit every thread is joined.
    """

    def __init__(self, interval: float = 0.2, body: dict | None = None) -> None:
        self.interval = interval
        self._body = None if body is None else json.dumps(body).encode()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.requests = 0
        self.open_connections = 0
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = [threading.Thread(target=self._accept, daemon=True)]

    def _answer(self) -> bytes:
        """The bytes to trickle: a complete response, or a status line and a header line that never ends."""
        if self._body is None:
            return b"HTTP/1.1 200 OK\r\nX-Endless: "
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(self._body)}\r\n\r\n"
        return head.encode() + self._body

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self.open_connections += 1
                self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _read_request(self, conn: socket.socket) -> bool:
        """Read one request (headers, then Content-Length bytes of body); False if the client went away."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        need = int(length.group(1)) if length else 0
        while len(rest) < need:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            rest += chunk
        with self._lock:
            self.requests += 1
        return True

    def _client_closed(self, conn: socket.socket) -> bool:
        """Wait one interval for the client; True if it closed the connection meanwhile."""
        readable, _, _ = select.select([conn], [], [], self.interval)
        if not readable:
            return False
        try:
            return conn.recv(65536) == b""
        except OSError:
            return True

    def _serve(self, conn: socket.socket) -> None:
        try:
            while not self._stop.is_set() and self._read_request(conn):
                answer, i = self._answer(), 0
                while not self._stop.is_set() and not self._client_closed(conn):
                    conn.sendall(answer[i : i + 1] if i < len(answer) else b"a")
                    i += 1
                    if self._body is not None and i == len(answer):
                        break  # answered in full: read the next request on this connection
                else:
                    return
        except OSError:
            pass  # the client reset the connection
        finally:
            conn.close()
            with self._lock:
                self.open_connections -= 1

    def __enter__(self) -> TrickleServer:
        self._threads[0].start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self._sock.close()
        with self._lock:
            for c in self._conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)  # wakes a recv() waiting for a next request
                except OSError:
                    pass
        for t in list(self._threads):
            t.join(10)


def claim(content: str, i: int = 1, **kw) -> dict:
    """One answer claim with every required field (override any with keywords)."""
    base = {
        "id": f"c{i}",
        "speaker": None,
        "speaker_name": None,
        "speaker_kind": "unknown",
        "cue": None,
        "content": content,
        "quote_type": "direct",
        "polarity": "assertion",
        "denies": [],
    }
    base.update(kw)
    return base


_ARTICLE = re.compile(r"<article>\n?(.*?)\n?</article>", re.S)
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{8,}?)[\"\u201d]")


def article_of(body: dict) -> str:
    """The article text in a request (from the first user message)."""
    for m in body.get("messages", []):
        if m.get("role") == "user":
            found = _ARTICLE.search(m.get("content") or "")
            return found.group(1) if found else ""
    return ""


def quotes_responder(body: dict) -> Reply:
    """Answer with every double-quoted passage of the article, in order: deterministic per request."""
    quotes = _QUOTED.findall(article_of(body))
    return Reply.answer(
        [claim(q.strip(), i + 1, cue="said") for i, q in enumerate(quotes)],
        usage=(len(json.dumps(body)) // 4, 10 * len(quotes) + 5),
    )


@dataclass
class Recorded:
    body: dict
    headers: dict[str, str]
    at: float
    target: str = ""  # the request line's target: a path, or an absolute URL when sent through a proxy

    @property
    def mode(self) -> str | None:
        return (self.body.get("response_format") or {}).get("type")

    @property
    def article(self) -> str:
        return article_of(self.body)


class ScriptedOpenAI:
    """A real HTTP server on 127.0.0.1 with scripted chat-completion answers; use as a context manager."""

    def __init__(self, *, responder: Callable[[dict], Reply] = quotes_responder, reject_json_schema: bool = False):
        self.responder = responder
        self.reject_json_schema = reject_json_schema
        self.requests: list[Recorded] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def script(self, *replies: Reply) -> ScriptedOpenAI:
        with self._lock:
            self._queue.extend(replies)
        return self

    def start(self) -> ScriptedOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever for a loop that never ran
            self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> ScriptedOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _next(self, body: dict, headers: dict[str, str], target: str = "") -> Reply:
        with self._lock:
            self.requests.append(Recorded(body=body, headers=headers, at=time.monotonic(), target=target))
            if self.reject_json_schema and (body.get("response_format") or {}).get("type") == "json_schema":
                return Reply.error(400, "response_format json_schema is not supported by this server")
            if self._queue:
                return self._queue.popleft()
        return self.responder(body)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                # a proxy receives the absolute URL: the server also plays an HTTP proxy's part
                if urlsplit(self.path).path.rstrip("/") != "/v1/chat/completions":
                    return self._send(Reply.error(404, f"no route {self.path}"))
                try:
                    body = json.loads(raw)
                    assert isinstance(body.get("messages"), list) and isinstance(body.get("model"), str)
                except (ValueError, AssertionError):
                    return self._send(Reply.error(400, "malformed chat request"))
                reply = server._next(body, {k.lower(): v for k, v in self.headers.items()}, self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                body = reply.body
                data = (
                    body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    if reply.huge:
                        self.send_header("Connection", "close")  # no Content-Length: read until closed
                    else:
                        self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if reply.huge:
                        self.close_connection = True
                        block = b'{"claims": [' + b" " * (65536 - 12)
                        for _ in range(reply.huge // len(block)):
                            self.wfile.write(block)
                    elif reply.cut:
                        self.wfile.write(data[: reply.cut])
                        self.wfile.flush()
                        # SO_LINGER 0: closing sends a reset, as a crashed upstream or a dropped link does
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.close_connection = True
                    elif reply.trickle:
                        for i in range(len(data)):
                            self.wfile.write(data[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test): nothing to answer

        return Handler
