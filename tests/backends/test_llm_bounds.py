"""Issue 17 point 5 (LLM part) and the non-JSON 200 of point 10: an answer's size and a request's time are bounded.

- An answer over `max_answer_bytes` is cut off at the cap (memory stays small),
  never parsed, and the document falls back to the rules.
- `--timeout` bounds the whole request: a server that trickles one byte every
  0.2 s is cut at 1 s, not waited on for as long as bytes keep coming, whether
  it trickles the body, the status line and headers (`TrickleServer`), or
  reads the request slowly. Each request (each retry) has its own deadline,
  threads sharing the client do not share it, and a cut request leaves no
  socket open and no thread behind.
- A 200 whose body is a proxy's HTML page is retried like a 5xx, then the
  document falls back; stderr quotes what came back, without the key.
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
import re
import socket
import threading
import time
import tracemalloc
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2
import pytest
from typer.testing import CliRunner

from claimex.backends.llm import LLMExtractor
from claimex.cli import EXIT_FALLBACK, app
from claimex.llm.settings import LLMSettings
from claimex.llm.transport import BoundedTransport
from claimex.models import Document
from claimex.segment import segment
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import Reply, ScriptedOpenAI, SilentServer, TrickleServer, claim

KEY = "sk-PLANTED-0b1c2d3e4f5a6b7c-topsecret"
BUS = ARTICLES["bus_lanes"]


def extractor(srv: ScriptedOpenAI, **kw) -> LLMExtractor:
    base = dict(
        model="test-model",
        base_url=srv.base_url,
        api_key=KEY,
        backoff_initial=0.01,
        backoff_max=0.02,
        timeout=5.0,
        max_retries=2,
    )
    base.update(kw)
    return LLMExtractor(LLMSettings(**base))


def seg(text: str = BUS, doc_id: str = "bus_lanes"):
    return segment(Document(doc_id=doc_id, text=text))


def run_scripted(replies: list[Reply], caplog: pytest.LogCaptureFixture | None = None):
    """Extract `seg()` against a server scripted with `replies` (the default responder after them), with
    the LLM log's warnings in `caplog` if given: (the result, the extractor, the requests it made)."""
    with ScriptedOpenAI() as srv:
        srv.script(*replies)
        ex = extractor(srv)
        try:
            if caplog is None:
                got = ex.run(seg())
            else:
                with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                    got = ex.run(seg())
        finally:
            ex.close()
        return got, ex, len(srv.requests)


def hard_cap(seconds: float, fn):
    """Run `fn` in a thread; fail (rather than hang) if it has not returned within `seconds`."""
    box: dict = {}

    def go() -> None:
        try:
            box["out"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            box["err"] = e

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still waiting after {seconds} s"
    if "err" in box:
        raise box["err"]
    return box["out"]


def _fell_back_as_too_large(srv, caplog, seconds: float):
    """Run one document against `srv` (scripted already) with a 1 MB answer cap, measuring memory;
    assert the answer was refused as too large, without a retry, and the rules took the document.
    (result, peak traced bytes) out."""
    ex = extractor(srv, max_answer_bytes=1_000_000)
    try:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        with caplog.at_level(logging.WARNING, logger="claimex.llm"):
            got = hard_cap(seconds, lambda: ex.run(seg()))
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
    finally:
        ex.close()
    assert len(srv.requests) == 1  # too big is not transient: no retry
    assert got.fallback is True and ex.stats.snapshot()["fallback_reasons"] == {"too_large": 1}
    said = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert said and "larger than 1000000 bytes" in said[0]
    return got, peak


def test_answer_over_the_cap_is_not_read_and_falls_back(caplog):
    with ScriptedOpenAI() as srv:
        srv.script(Reply(huge=20_000_000))
        got, peak = _fell_back_as_too_large(srv, caplog, 30)
    assert got.mentions  # the rules took the document
    assert peak < 8_000_000, peak  # a 20 MB answer, never held whole (cap 1 MB)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


def test_a_compressed_answer_that_inflates_past_the_cap_is_not_inflated(caplog):
    # 60 MB of JSON-looking filler gzips to ~60 KB: under the cap on the wire, 60 times over it once inflated
    bomb = _gzip(b'{"choices": [' + b" " * 60_000_000 + b"]}")
    assert len(bomb) < 1_000_000
    with ScriptedOpenAI() as srv:
        srv.script(Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
        _, peak = _fell_back_as_too_large(srv, caplog, 60)
    assert peak < 8_000_000, peak  # never inflated whole


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "x-gzip"])
def test_a_compressed_answer_within_the_cap_is_read(encoding):
    raw = json.dumps(Reply.answer([claim("This will cut journey times for thousands of commuters")]).body).encode()
    body = _gzip(raw) if "gzip" in encoding else zlib.compress(raw)
    got, ex, n = run_scripted([Reply(body=body, headers={"Content-Encoding": encoding})])
    assert got.fallback is False and [m.content for m in got.mentions] == [
        "This will cut journey times for thousands of commuters"
    ]
    assert n == 1


def test_default_cap_scales_with_max_tokens():
    assert LLMSettings(model="m", base_url="http://x/v1").answer_cap == 2_000_000
    assert LLMSettings(model="m", base_url="http://x/v1", max_tokens=100_000).answer_cap == 6_400_000
    assert LLMSettings(model="m", base_url="http://x/v1", max_answer_bytes=5000).answer_cap == 5000


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_timeout_bounds_the_whole_request_not_each_read(caplog):
    answer = Reply.answer([claim("This will cut journey times for thousands of commuters")])
    with ScriptedOpenAI() as srv:
        # ~300 bytes at one byte per 0.2 s: a minute of answer, each read well inside --timeout
        srv.script(*[Reply(body=answer.body, trickle=0.2) for _ in range(3)])
        ex = extractor(srv, timeout=1.0, max_retries=1)
        try:
            t0 = time.monotonic()
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = hard_cap(20, lambda: ex.run(seg()))
            took = time.monotonic() - t0
        finally:
            ex.close()
        assert len(srv.requests) == 2  # the first attempt and one retry, each cut at the deadline
    assert got.fallback is True
    assert took < 2 * (1.0 + 0.5) + 1.0, took
    assert ex.stats.snapshot()["retries"]["timeout"] == 1
    assert any("within 1s" in r.getMessage() for r in caplog.records)


def _fell_back_as_not_json(got, ex, requests, caplog) -> str:
    """Assert an answer that was not JSON was retried like a 5xx (3 requests at max_retries=2), then fell
    back to the rules with reason not_json; the logged messages, joined, out."""
    assert requests == 3
    assert got.fallback is True and got.mentions
    snap = ex.stats.snapshot()
    assert snap["retries"]["server_error"] == 2 and snap["fallback_reasons"] == {"not_json": 1}
    return "\n".join(r.getMessage() for r in caplog.records)


def test_html_200_is_retried_then_falls_back_and_says_what_came(caplog):
    page = f"<html><body><h1>502 Bad Gateway</h1><p>upstream down, token {KEY}</p></body></html>"
    got, ex, requests = run_scripted([Reply.html(page) for _ in range(3)], caplog)
    text = _fell_back_as_not_json(got, ex, requests, caplog)
    assert "answered HTTP 200 with a body that is not JSON: '<html><body><h1>502 Bad Gateway" in text
    assert KEY not in text


@pytest.mark.parametrize("body", ["", '{"id": "chatcmpl-1", "choices": [{"index": 0, "mess'], ids=["empty", "cut off"])
def test_a_json_200_whose_body_is_not_json_is_retried_then_falls_back(caplog, body):
    # Content-Type application/json, but an empty or cut-off body (a proxy that dropped the upstream):
    # the SDK's JSONDecodeError must be a not_json answer, not an internal error of the document.
    got, ex, requests = run_scripted([Reply(body=body) for _ in range(3)], caplog)
    text = _fell_back_as_not_json(got, ex, requests, caplog)
    assert f"answered HTTP 200 with a body that is not JSON: {body[:20]!r}"[:-1] in text


# A proxy's page in Latin-1 or a binary error body: byte 0xff is never valid UTF-8.
NOT_UTF8 = b"<html><head><title>502 Bad Gateway</title></head><body>caf\xe9 \xff\xfe</body></html>"


@pytest.mark.parametrize("content_type", ["text/html", "application/json"])
def test_a_200_whose_body_is_not_utf8_is_not_json_not_a_failed_document(caplog, content_type):
    # json.loads(bytes) raises UnicodeDecodeError, not JSONDecodeError: it must still be a not_json
    # answer (retried, then the fallback), not an error blamed on the article.
    replies = [Reply(body=NOT_UTF8, content_type=content_type) for _ in range(3)]
    got, ex, requests = run_scripted(replies, caplog)
    text = _fell_back_as_not_json(got, ex, requests, caplog)
    assert "answered HTTP 200 with a body that is not JSON: '<html><head><title>502 Bad Gateway" in text
    assert "UnicodeDecodeError" not in text


@pytest.mark.parametrize(
    "body", [b"[" * 100_000 + b"]" * 100_000, b'{"id": 1' + b"0" * 5000 + b"}"], ids=["nested too deep", "5000 digits"]
)
def test_a_json_200_python_cannot_load_is_not_json_not_a_failed_document(body):
    got, ex, requests = run_scripted([Reply(body=body) for _ in range(3)])
    assert requests == 3 and got.fallback is True
    assert ex.stats.snapshot()["fallback_reasons"] == {"not_json": 1}


def test_cli_a_200_whose_body_is_not_utf8_falls_back_logs_and_is_not_journaled_as_failed(tmp_path):
    with ScriptedOpenAI() as srv:
        srv.script(*[Reply(body=NOT_UTF8) for _ in range(2)])  # labelled application/json
        res, rj = cli_extract(tmp_path, srv.base_url)
    assert res.exit_code == EXIT_FALLBACK, res.stderr
    assert "UnicodeDecodeError" not in res.stderr and "error:" not in res.stderr
    assert rj["documents"] == {"read": 1, "ok": 1, "failed": 0}
    assert rj["llm"]["fallback_reasons"] == {"not_json": 1} and rj["llm"]["fallback_documents"] == ["bus_lanes"]
    assert (tmp_path / "o" / "errors.jsonl").read_text() == ""
    [line] = [json.loads(x) for x in (tmp_path / "o" / "llm_log.jsonl").read_text().splitlines()]
    assert line["attempts"] == 2 and line["http_status"] == 200 and line["outcome"] == "error"
    assert line["error"] == "NotJSONAnswer" and "UnicodeDecodeError" not in json.dumps(line)


def test_a_json_200_that_is_no_chat_completion_is_quoted_as_the_server_sent_it(caplog):
    # e.g. an error object with status 200: the line shows the server's JSON, not the SDK's empty fields
    got, ex, _ = run_scripted(
        [Reply(body={"error": {"message": "model overloaded", "code": 503}}) for _ in range(3)], caplog
    )
    assert got.fallback is True and ex.stats.snapshot()["fallback_reasons"] == {"not_json": 1}
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert (
        """answered HTTP 200 with JSON that is not a chat completion: '{"error":{"message":"model overloaded\""""
        in text
    )
    assert "ChatCompletion(" not in text


@pytest.mark.parametrize("choices", ["x", {"0": 1}, 7], ids=["string", "object", "number"])
def test_a_chat_completion_whose_choices_are_no_list_is_quoted_without_a_python_warning(caplog, choices):
    # Quoting it went through pydantic's serializer, which warned (three lines on stderr, one of them Python
    # source) about the field of the wrong type: stderr lines are claimex's one-line messages only.
    body = Reply.answer([claim("This will cut journey times for thousands of commuters")]).body
    body["choices"] = choices
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got, ex, _ = run_scripted([Reply(body=body) for _ in range(3)], caplog)
    assert got.fallback is True and ex.stats.snapshot()["fallback_reasons"] == {"not_json": 1}
    assert [str(w.message) for w in caught] == []
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f""""choices":{json.dumps(choices, separators=(",", ":"))}""" in text, text


def test_html_200_once_then_a_real_answer_is_used():
    got, _, _ = run_scripted([Reply.html()])  # then the default responder answers with the article's quotes
    assert got.fallback is False and got.mentions


# ------------------------------------------------ --timeout: the whole request, headers included
ANSWER = Reply.answer([claim("This will cut journey times for thousands of commuters")])


@contextmanager
def leaves_nothing_behind() -> Iterator[None]:
    """Fail if the block leaves a thread running or a socket unclosed (a ResourceWarning once collected)."""
    # Compare thread objects, not counts: a thread an earlier test left (ending during this block)
    # must neither fail this test nor hide one the block leaks.
    before = set(threading.enumerate())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)], [str(w.message) for w in caught]
    leaked = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert not leaked, f"threads left running: {leaked}"


def wait_until(cond, seconds: float = 10.0) -> bool:
    """Poll `cond` until it holds (True) or `seconds` pass (False): for what a server thread notices."""
    end = time.monotonic() + seconds
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


def timed_post(client: httpx2.Client, url: str, timeout: float, **kw) -> tuple[type[BaseException] | None, float]:
    """POST through `client`; the exception class it ended with (None: an answer) and the seconds it took."""
    t0 = time.monotonic()
    try:
        client.post(url, timeout=timeout, **kw).read()
        ended: type[BaseException] | None = None
    except httpx2.HTTPError as e:
        ended = type(e)
    return ended, time.monotonic() - t0


def test_trickled_status_line_and_headers_end_at_the_deadline():
    with leaves_nothing_behind():
        with TrickleServer(interval=0.2) as srv:  # a header line that never ends, one byte per 0.2 s
            client = httpx2.Client(transport=BoundedTransport(1_000_000))
            try:
                ended, took = hard_cap(30, lambda: timed_post(client, srv.base_url, 1.0, json={}))
                assert wait_until(lambda: srv.open_connections == 0)  # the client closed it before its own close
            finally:
                client.close()
    assert ended is httpx2.ReadTimeout and 0.9 < took < 10, (ended, took)


def test_a_request_body_read_slowly_is_cut_at_the_deadline():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    stop = threading.Event()

    def slow_reader() -> None:  # 1 MB every 0.2 s: 64 MB take 13 s, each socket write well inside 1 s
        conn, _ = srv.accept()
        with conn:
            while not stop.is_set() and conn.recv(1 << 20):
                time.sleep(0.2)

    def body() -> Iterator[bytes]:
        for _ in range(16):
            yield b"x" * (4 << 20)

    reader = threading.Thread(target=slow_reader, daemon=True)
    with leaves_nothing_behind():
        reader.start()
        client = httpx2.Client(transport=BoundedTransport(1_000_000))
        try:
            url = f"http://127.0.0.1:{srv.getsockname()[1]}/v1"
            ended, took = hard_cap(60, lambda: timed_post(client, url, 1.0, content=body()))
        finally:
            stop.set()
            client.close()
            reader.join(10)
            srv.close()
    assert ended is httpx2.WriteTimeout and 0.9 < took < 10, (ended, took)


def test_each_thread_has_its_own_deadline():
    with TrickleServer(interval=0.2) as srv:
        client = httpx2.Client(transport=BoundedTransport(1_000_000))
        got: dict[float, tuple] = {}

        def post(timeout: float) -> None:
            got[timeout] = timed_post(client, srv.base_url, timeout, json={})

        threads = [threading.Thread(target=post, args=(t,), daemon=True) for t in (0.5, 3.0)]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
        finally:
            client.close()
    (short, short_took), (long, long_took) = got[0.5], got[3.0]
    assert short is long is httpx2.ReadTimeout
    assert short_took < 10 and long_took >= 2.9, got  # the 0.5 s deadline did not cut the other thread's request


def test_a_slow_answer_that_arrives_in_time_is_read_on_one_connection():
    with leaves_nothing_behind():
        with TrickleServer(interval=0.002, body=ANSWER.body) as srv:  # ~0.7 s per answer, well inside 10 s
            client = httpx2.Client(transport=BoundedTransport(1_000_000))
            try:
                answers = [client.post(srv.base_url, json={}, timeout=10.0) for _ in range(2)]
            finally:
                client.close()
    assert [a.status_code for a in answers] == [200, 200] and answers[1].json() == ANSWER.body
    assert srv.requests == 2  # the second request reused the kept-alive connection


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_trickled_headers_time_out_and_the_retry_gets_its_own_budget(caplog):
    with leaves_nothing_behind():
        with TrickleServer(interval=0.2) as srv:
            ex = extractor(srv, timeout=1.0, max_retries=1)
            try:
                t0 = time.monotonic()
                with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                    got = hard_cap(30, lambda: ex.run(seg()))
                took = time.monotonic() - t0
                assert wait_until(lambda: srv.open_connections == 0)
            finally:
                ex.close()
            assert srv.requests == 2  # the first attempt and one retry, each cut at its deadline
    assert got.fallback is True and got.mentions  # the rules took the document
    assert 2 * 0.9 < took < 2 * (1.0 + 0.5) + 10, took  # the retry waited its own full second
    snap = ex.stats.snapshot()
    assert snap["retries"]["timeout"] == 1 and snap["fallback_reasons"] == {"timeout": 1}
    assert any("within 1s" in r.getMessage() for r in caplog.records)


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_trickled_headers_then_body_are_cut_at_one_deadline():
    # ~75 bytes of status line and headers at 0.02 s (1.5 s), then ~300 bytes of body: cut at 2 s, mid-body
    with TrickleServer(interval=0.02, body=ANSWER.body) as srv:
        ex = extractor(srv, timeout=2.0, max_retries=0)
        try:
            t0 = time.monotonic()
            got = hard_cap(30, lambda: ex.run(seg()))
            took = time.monotonic() - t0
        finally:
            ex.close()
    assert got.fallback is True and ex.stats.snapshot()["fallback_reasons"] == {"timeout": 1}
    assert 1.9 < took < 10, took


def cli_extract(tmp_path, url: str, *extra: str):
    (tmp_path / "bus_lanes.txt").write_text(BUS, encoding="utf-8")
    args = ["extract", str(tmp_path / "bus_lanes.txt"), "-o", str(tmp_path / "o"), "--no-cache"]
    args += ["--backend", "llm", "--base-url", url, "--timeout", "1", "--max-retries", "1", *extra]
    res = CliRunner().invoke(app, args, env={"OPENAI_API_KEY": KEY}, catch_exceptions=False)
    return res, json.loads((tmp_path / "o" / "run.json").read_text())


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_cli_trickled_headers_fall_back_with_a_timeout_line(tmp_path):
    with TrickleServer(interval=0.2) as srv:
        res, rj = hard_cap(60, lambda: cli_extract(tmp_path, srv.base_url))
    assert res.exit_code == EXIT_FALLBACK
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert f"claimex: bus_lanes: no answer from {srv.base_url} within 1s; retry 1 of 1 in" in lines[1]
    assert lines[2].startswith(
        f"claimex: bus_lanes: falling back to the rules: no answer from {srv.base_url} within 1s"
    )
    assert lines[-1] == "claimex: 1 of 1 documents came from the rules fallback, not the model (timeout 1); exit code 3"
    assert rj["llm"]["requests"] == 1 and rj["llm"]["attempts"] == 2 and rj["llm"]["retries"]["timeout"] == 1
    assert rj["llm"]["fallback_reasons"] == {"timeout": 1} and rj["llm"]["fallback_documents"] == ["bus_lanes"]
    assert rj["documents"] == {"read": 1, "ok": 1, "failed": 0}


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_cli_trickled_headers_with_no_fallback_fail_the_document(tmp_path):
    with TrickleServer(interval=0.2) as srv:
        res, rj = hard_cap(60, lambda: cli_extract(tmp_path, srv.base_url, "--no-fallback"))
    assert res.exit_code == 1
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert any(x.startswith("error: ") and f"BackendError: no answer from {srv.base_url} within 1s" in x for x in lines)
    assert lines[-1] == "claimex: 1 of 1 documents failed in the LLM backend (timeout 1)"
    assert rj["documents"] == {"read": 1, "ok": 0, "failed": 1} and rj["llm"]["failed_documents"] == ["bus_lanes"]
    [err] = [json.loads(x) for x in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    assert err["stage"] == "extract" and "within 1s" in err["message"]


# ------------------------------------------- the timeout a message quotes is the one in force
class FullBacklog:
    """A port whose accept queue is full and never drained: a connection attempt gets no answer (as a
    firewall that drops packets), so it ends at the connect timeout. Use as a context manager."""

    def __enter__(self) -> str:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(0)
        self._filler = socket.create_connection(self._sock.getsockname())  # takes the one place in the queue
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    def __exit__(self, *exc) -> None:
        self._filler.close()
        self._sock.close()


def _quoted_seconds(messages: list[str], what: str) -> list[float]:
    return [float(m) for x in messages for m in re.findall(rf"{what} within ([0-9.]+)s\b", x)]


def test_a_timeout_cut_by_the_deadline_is_quoted_as_cut_not_as_the_timeout_setting(caplog):
    with SilentServer() as srv:
        url = srv.base_url
        ex = extractor(srv, timeout=120.0, deadline=1.5)  # the deadline, not the 120 s, ends the request
        try:
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = hard_cap(60, lambda: ex.run(seg()))
        finally:
            ex.close()
    said = [r.getMessage() for r in caplog.records]
    assert got.fallback is True
    assert not any("within 120s" in x for x in said), said
    quoted = _quoted_seconds(said, f"no answer from {url}")
    assert quoted and all(0 < q <= 1.5 for q in quoted), said


def test_no_retry_is_announced_once_the_deadline_has_no_time_left(caplog):
    # The request the deadline cut said "retry 1 of 2 in 0.0 s", and no retry followed (none could).
    with SilentServer() as srv:
        ex = extractor(srv, timeout=120.0, deadline=1.0)
        try:
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = hard_cap(60, lambda: ex.run(seg()))
        finally:
            ex.close()
    said = [r.getMessage() for r in caplog.records]
    assert got.fallback is True and ex.stats.snapshot()["fallback_reasons"] == {"deadline": 1}
    assert not any("retry 1 of" in x for x in said), said
    assert ex.stats.snapshot()["attempts"] == 1
    assert said[0].endswith("; not retried: the --deadline of 1s is reached"), said
    assert said[-1] == "bus_lanes: falling back to the rules: --deadline of 1s reached; no more requests this run"


def test_a_connect_timeout_is_quoted_as_the_connect_timeout(caplog):
    with FullBacklog() as url:
        ex = LLMExtractor(
            LLMSettings(model="m", base_url=url, api_key=KEY, timeout=120.0, connect_timeout=0.3, max_retries=0)
        )
        try:
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = hard_cap(60, lambda: ex.run(seg()))
        finally:
            ex.close()
    said = [r.getMessage() for r in caplog.records]
    assert got.fallback is True
    assert not any("within 120s" in x for x in said), said
    [line] = [x for x in said if "falling back" in x]
    assert f"could not connect to {url} within 0.3s" in line and "--connect-timeout" in line, line


def test_a_retry_after_past_the_deadline_is_neither_announced_nor_waited_for(caplog):
    # A 429 asking for 60 s under a 3 s --deadline: "waiting 3.0 s (retry 1 of 2)" idled this thread until
    # the deadline and then sent nothing. The document falls back at once, saying why.
    with ScriptedOpenAI().script(Reply.error(429, "slow down", headers={"Retry-After": "60"})) as srv:
        ex = extractor(srv, deadline=3.0)
        try:
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                t0 = time.monotonic()
                got = hard_cap(60, lambda: ex.run(seg()))
                took = time.monotonic() - t0
        finally:
            ex.close()
        sent = len(srv.requests)
    said = [r.getMessage() for r in caplog.records]
    assert got.fallback is True and sent == 1 and took < 2.5, (took, said)
    assert not any("retry 1 of" in x for x in said), said
    assert ex.stats.snapshot()["fallback_reasons"] == {"rate_limit": 1}
    [line] = said
    assert line.startswith(f"bus_lanes: falling back to the rules: rate limited (HTTP 429) by {srv.base_url}")
    assert re.search(r"; not retried: the server asks for 60\.0 s and the --deadline of 3s leaves [0-9.]+ s$", line)
