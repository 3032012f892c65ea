"""Issue 17 point 5 (LLM part) and the non-JSON 200 of point 10: an answer's size and a request's time are bounded.

- An answer over `max_answer_bytes` is cut off at the cap (memory stays small),
  never parsed, and the document falls back to the rules.
- `--timeout` bounds the whole request: a server that trickles one byte every
  0.2 s is cut at 1 s, not waited on for as long as bytes keep coming.
- A 200 whose body is a proxy's HTML page is retried like a 5xx, then the
  document falls back; stderr quotes what came back, without the key.
"""

from __future__ import annotations

import logging
import threading
import time
import tracemalloc

import pytest

from claimex.backends.llm import LLMExtractor
from claimex.llm.settings import LLMSettings
from claimex.models import Document
from claimex.segment import segment
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import Reply, ScriptedOpenAI, claim

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


def test_answer_over_the_cap_is_not_read_and_falls_back(caplog):
    with ScriptedOpenAI() as srv:
        srv.script(Reply(huge=20_000_000))
        ex = extractor(srv, max_answer_bytes=1_000_000)
        try:
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = hard_cap(30, lambda: ex.run(seg()))
            peak = tracemalloc.get_traced_memory()[1] - base
            tracemalloc.stop()
        finally:
            ex.close()
        assert len(srv.requests) == 1  # too big is not transient: no retry
    assert got.fallback is True and got.mentions  # the rules took the document
    assert peak < 8_000_000, peak  # a 20 MB answer, never held whole (cap 1 MB)
    snap = ex.stats.snapshot()
    assert snap["fallback_reasons"] == {"too_large": 1}
    said = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert said and "larger than 1000000 bytes" in said[0]


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


def test_html_200_is_retried_then_falls_back_and_says_what_came(caplog):
    page = f"<html><body><h1>502 Bad Gateway</h1><p>upstream down, token {KEY}</p></body></html>"
    with ScriptedOpenAI() as srv:
        srv.script(*[Reply.html(page) for _ in range(3)])
        ex = extractor(srv)
        try:
            with caplog.at_level(logging.WARNING, logger="claimex.llm"):
                got = ex.run(seg())
        finally:
            ex.close()
        assert len(srv.requests) == 3  # retried like a 5xx (max_retries=2)
    assert got.fallback is True and got.mentions
    snap = ex.stats.snapshot()
    assert snap["retries"]["server_error"] == 2 and snap["fallback_reasons"] == {"not_json": 1}
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "answered HTTP 200 with a body that is not JSON: '<html><body><h1>502 Bad Gateway" in text
    assert KEY not in text


def test_html_200_once_then_a_real_answer_is_used():
    with ScriptedOpenAI() as srv:
        srv.script(Reply.html())  # then the default responder answers with the article's quotes
        ex = extractor(srv)
        try:
            got = ex.run(seg())
        finally:
            ex.close()
    assert got.fallback is False and got.mentions
