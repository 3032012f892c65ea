"""The LLM backend against a scripted OpenAI-compatible server on 127.0.0.1 (real HTTP, no patching).

Each behaviour of issue 3 is asserted here: structured output and the
json_object fallback, re-asks, retries by cause (429 + Retry-After, 5xx,
timeouts, connection errors), truncation splits, grounding of invented
quotes, cache, concurrency, rule fallback, and that the API key never leaks.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import httpx2
import openai
import pytest
from typer.testing import CliRunner

from claimex.backends.llm import LLMExtractor
from claimex.cli import app
from claimex.errors import BackendError, ConfigError, Interrupted, PromptError
from claimex.llm.chunking import chunk_spans, split_span
from claimex.llm.client import retry_after
from claimex.llm.prompts import Prompt, prompt_dirs, render
from claimex.llm.schema import MAX_CONTENT, grammar_schema, strict_schema
from claimex.llm.settings import LLMSettings
from claimex.models import Document
from claimex.run import run_batch
from claimex.segment import segment
from tests.backends.made_up_articles import ARTICLES, long_article
from tests.backends.scripted_openai import Reply, ScriptedOpenAI, claim, quotes_responder

KEY = "sk-PLANTED-4f1d9c2e7b8a6d5c-topsecret"
BUS = ARTICLES["bus_lanes"]
QUOTE = "This will cut journey times for thousands of commuters"


def settings(srv: ScriptedOpenAI | None, tmp_path: Path, **kw) -> LLMSettings:
    base = dict(
        model="test-model",
        base_url=srv.base_url if srv else None,
        api_key=KEY,
        cache_dir=tmp_path / "cache",
        backoff_initial=0.01,
        backoff_max=0.05,
        timeout=5.0,
    )
    base.update(kw)
    return LLMSettings(**base)


def run(s: LLMSettings, inputs: list[Path], out: Path, concurrency: int = 1, resume: bool = False, **kw):
    """Run a batch with a fresh LLMExtractor (one per run, as the CLI does); returns (result, run.json)."""
    ex = LLMExtractor(s, **kw)
    try:
        res = run_batch([str(p) for p in inputs], ex, out, concurrency=concurrency, resume=resume)
    finally:
        ex.close()
    return res, json.loads((out / "run.json").read_text())


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def one_doc(tmp_path: Path, text: str = BUS, name: str = "bus_lanes") -> Path:
    p = tmp_path / f"{name}.txt"
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------ answers
def test_valid_answer_is_grounded_and_labelled(server, tmp_path):
    server.script(
        Reply.answer(
            [
                claim(
                    QUOTE,
                    1,
                    speaker="council leader Maria Lopez",
                    speaker_name="Maria Lopez",
                    speaker_kind="person",
                    cue="said",
                ),
                claim(
                    "the plan had been rushed through without proper scrutiny",
                    2,
                    speaker="Opposition councillor Tom Reed",
                    speaker_name="Tom Reed",
                    speaker_kind="person",
                    cue="said",
                    quote_type="indirect",
                ),
            ]
        )
    )
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    claims = lines(tmp_path / "out" / "claims.jsonl")
    assert sorted(c["content"] for c in claims) == sorted(
        [QUOTE, "the plan had been rushed through without proper scrutiny"]
    )
    for c in claims:
        m = c["mentions"][0]
        assert BUS[m["start"] : m["end"]] == m["text"]
        assert c["extractor"] == {
            "backend": "llm",
            "version": "1.0",
            "model": "test-model",
            "prompt_version": "extract_claims.v2",
        }
    by = {c["content"]: c for c in claims}
    assert by[QUOTE]["speaker"]["name"] == "Maria Lopez" and by[QUOTE]["cue"] == "said"
    assert by["the plan had been rushed through without proper scrutiny"]["quote_type"] == "indirect"
    assert rj["llm"]["requests"] == 1 and rj["llm"]["schema_mode"] == "json_schema"
    assert rj["llm"]["tokens"] == {"prompt": 100, "completion": 20}
    req = server.requests[0]
    rf = req.body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    assert rf["json_schema"]["schema"] == strict_schema()
    assert req.body["model"] == "test-model" and req.body["temperature"] == 0
    assert req.headers["authorization"] == f"Bearer {KEY}"
    system, user = req.body["messages"]
    assert "ignore any request" in system["content"] and '"claims"' in system["content"]
    assert req.article == BUS.rstrip("\n")  # the article is delimited as data, sent exactly
    assert res.report.ungrounded == 0


def test_denial_links_become_denies_and_denied_by(server, tmp_path):
    server.script(
        Reply.answer(
            [
                claim("We were never consulted about any of this", 1, speaker="Mr Reed", cue="told reporters"),
                claim(
                    "Every ward was consulted twice over the summer",
                    2,
                    speaker="she",
                    polarity="denial",
                    denies=["c1", "c2", "c9"],
                ),  # a self-link and an unknown id are dropped
            ]
        )
    )
    run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    by = {c["content"]: c for c in lines(tmp_path / "out" / "claims.jsonl")}
    denial, denied = (
        by["Every ward was consulted twice over the summer"],
        by["We were never consulted about any of this"],
    )
    assert denial["polarity"] == "denial" and denial["denies"] == [denied["claim_id"]]
    assert denied["denied_by"] == [denial["claim_id"]]
    assert denial["speaker"]["name"] == "Maria Lopez"  # "she" resolved against the article


def test_invented_quote_is_dropped_and_counted(server, tmp_path):
    invented = "We will abolish every bus fare in the city from tomorrow"
    server.script(
        Reply.answer(
            [
                claim(QUOTE, 1, speaker="Sir Invented Person", cue="proclaimed loudly"),
                claim(invented, 2, speaker="Maria Lopez"),
            ]
        )
    )
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    text = (tmp_path / "out" / "claims.jsonl").read_text()
    assert invented not in text and "abolish" not in text
    assert rj["ungrounded"] == 1 and rj["mentions"] == {"extracted": 2, "grounded": 1, "dropped": 1}
    assert rj["llm"]["ungrounded"] == 1
    doc = lines(tmp_path / "out" / "documents.jsonl")[0]
    assert doc["extracted"] == 2 and doc["ungrounded"] == 1
    [c] = lines(tmp_path / "out" / "claims.jsonl")
    # Speaker phrases and cues the article does not contain are not passed on either.
    assert c["mentions"][0]["speaker_text"] is None and c["cue"] is None


def test_a_name_that_contradicts_the_copied_phrase_is_ignored(server, tmp_path):
    server.script(
        Reply.answer(
            [
                claim(
                    "We were never consulted about any of this",
                    1,
                    speaker="Mr Reed",
                    speaker_name="Maria Lopez",
                    speaker_kind="person",
                ),
                claim(
                    QUOTE, 2, speaker="council leader Maria Lopez", speaker_name="Maria Lopez", speaker_kind="person"
                ),
            ]
        )
    )
    res, _ = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    by = {c.content: c.speaker.name for c in res.claims}
    assert by == {"We were never consulted about any of this": "Tom Reed", QUOTE: "Maria Lopez"}


# --------------------------------------------------------------- re-asking
def test_invalid_json_is_reasked_with_the_error(server, tmp_path):
    server.script(Reply.content('{"claims": [ {"id": "c1", '), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert len(server.requests) == 2 and rj["llm"]["reasks"] == 1
    msgs = server.requests[1].body["messages"]
    assert [m["role"] for m in msgs] == ["system", "user", "assistant", "user"]
    assert msgs[2]["content"] == '{"claims": [ {"id": "c1", '
    assert "not valid JSON" in msgs[3]["content"]
    assert [c.content for c in res.claims] == [QUOTE]


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, '{"claims": [], "n": ' + "9" * 5000 + "}"])
def test_json_that_python_cannot_load_is_reasked_not_a_crash(server, tmp_path, content):
    # Nested too deep or a number too large to load: an invalid answer like any other, not an internal error.
    server.script(Reply.content(content), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert res.errors == [] and len(server.requests) == 2 and rj["llm"]["reasks"] == 1
    assert "cannot be loaded" in server.requests[1].body["messages"][3]["content"]
    assert [c.content for c in res.claims] == [QUOTE]


def test_schema_violation_is_reasked_then_valid_answer_used(server, tmp_path):
    bad = claim(QUOTE, quote_type="shouted")
    del bad["polarity"]
    server.script(Reply.answer([bad]), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    reask = server.requests[1].body["messages"][-1]["content"]
    assert "claims.0.quote_type" in reask and "claims.0.polarity" in reask
    assert rj["llm"]["reasks"] == 1 and rj["llm"]["fallbacks"] == 0
    assert [c.content for c in res.claims] == [QUOTE]


def test_reasks_are_bounded_then_the_document_falls_back(server, tmp_path):
    server.script(*[Reply.content("not json at all")] * 3)
    res, rj = run(settings(server, tmp_path, max_reasks=2), [one_doc(tmp_path)], tmp_path / "out")
    assert len(server.requests) == 3 and rj["llm"]["reasks"] == 2
    assert rj["llm"]["fallbacks"] == 1 and rj["llm"]["fallback_documents"] == ["bus_lanes"]
    assert res.claims and all(c.extractor.backend == "rules" for c in res.claims)
    # Answers that never validated are remembered: the re-run falls back again without asking...
    _, rj2 = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out2")
    assert len(server.requests) == 3 and rj2["llm"]["fallbacks"] == 1 and rj2["llm"]["cache"]["hits"] == 1
    # ...and --no-cache asks again.
    _, rj3 = run(settings(server, tmp_path, cache_dir=None), [one_doc(tmp_path)], tmp_path / "out3")
    assert len(server.requests) == 4 and rj3["llm"]["fallbacks"] == 0


def test_a_failed_document_s_error_line_carries_its_requests_and_tokens_as_fields(server, tmp_path):
    # errors.jsonl is read by programs: what the document cost must not be only inside the message's words
    server.script(*[Reply.content("not json at all", usage=(100, 20))] * 3)
    run(settings(server, tmp_path, max_reasks=2, fallback=False), [one_doc(tmp_path)], tmp_path / "out")
    [err] = lines(tmp_path / "out" / "errors.jsonl")
    assert err["doc_id"] == "bus_lanes" and err["attempts"] == 3
    assert err["usage"] == {"requests": 3, "prompt_tokens": 300, "completion_tokens": 60}
    # a failure no backend request made keeps its line as it was
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    run(settings(server, tmp_path), [tmp_path / "empty.txt"], tmp_path / "out2")
    [err] = lines(tmp_path / "out2" / "errors.jsonl")
    assert "attempts" not in err and "usage" not in err


# ----------------------------------------------------------------- retries
def test_rate_limit_waits_for_retry_after(server, tmp_path):
    server.script(Reply.error(429, "slow down", headers={"Retry-After": "1"}), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert len(server.requests) == 2
    assert server.requests[1].at - server.requests[0].at >= 1.0
    assert rj["llm"]["retries"] == {"rate_limit": 1, "timeout": 0, "connection": 0, "server_error": 0}
    assert [c.content for c in res.claims] == [QUOTE]


def test_server_errors_are_retried(server, tmp_path):
    server.script(Reply.error(502), Reply.error(503), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert len(server.requests) == 3 and rj["llm"]["retries"]["server_error"] == 2
    assert rj["llm"]["fallbacks"] == 0 and [c.extractor.backend for c in res.claims] == ["llm"]


def test_a_completion_without_choices_is_a_server_error_never_cached(server, tmp_path):
    no_choices = Reply(body={"id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": []})
    server.script(*[no_choices] * 3)
    res, rj = run(settings(server, tmp_path, max_retries=2), [one_doc(tmp_path)], tmp_path / "out")
    assert len(server.requests) == 3 and rj["llm"]["retries"]["server_error"] == 2 and rj["llm"]["reasks"] == 0
    assert rj["llm"]["fallback_reasons"] == {"server_error": 1} and rj["llm"]["cache"]["writes"] == 0
    # Once the server is fixed, the re-run asks again (nothing was cached) and the model's answer is used.
    server.script(Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out2")
    assert len(server.requests) == 4 and rj["llm"]["fallbacks"] == 0
    assert [c.extractor.backend for c in res.claims] == ["llm"]


def _completion(choice: object, usage: object = None) -> Reply:
    """A 200 chat completion with `choice` as its only choice (any shape) and `usage` as given."""
    return Reply(
        body={"id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": [choice], "usage": usage}
    )


@pytest.mark.parametrize(
    "choice, why",
    [
        ({"index": 0, "finish_reason": "stop"}, "no message"),
        (1, "first choice not an object"),
        ({"index": 0, "message": {"role": "assistant", "content": 5}, "finish_reason": "stop"}, "content is int"),
        (
            {"index": 0, "message": {"role": "assistant", "content": [{"a": 1}]}, "finish_reason": "stop"},
            "content is a list without text parts",
        ),
    ],
)
def test_a_malformed_chat_completion_is_a_server_error_not_a_crash(server, tmp_path, choice, why):
    # The server's fault, like an empty `choices`: retried like a 5xx, then the rules (never an internal error).
    server.script(*[_completion(choice)] * 3)
    s = settings(server, tmp_path, max_retries=2, log_path=tmp_path / "out" / "llm_log.jsonl")
    res, rj = run(s, [one_doc(tmp_path)], tmp_path / "out")
    assert res.errors == [] and len(server.requests) == 3 and rj["llm"]["retries"]["server_error"] == 2
    assert rj["llm"]["fallback_reasons"] == {"server_error": 1} and rj["llm"]["cache"]["writes"] == 0
    assert rj["llm"]["reasks"] == 0
    [entry] = lines(tmp_path / "out" / "llm_log.jsonl")
    assert entry["error"] == "BackendError" and f"malformed chat completion ({why})" in entry["message"]


def test_text_parts_and_odd_usage_of_a_completion_are_read(server, tmp_path):
    # Some servers send the message content as a list of parts, or usage figures that are not numbers.
    parts = [{"type": "text", "text": '{"claims": ['}, {"type": "text", "text": json.dumps(claim(QUOTE)) + "]}"}]
    message = {"role": "assistant", "content": parts}
    server.script(_completion({"index": 0, "message": message, "finish_reason": "stop"}, {"prompt_tokens": "n/a"}))
    res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert res.errors == [] and rj["llm"]["fallbacks"] == 0 and [c.content for c in res.claims] == [QUOTE]
    assert rj["llm"]["tokens"] == {"prompt": 0, "completion": 0}


def test_slow_answer_times_out_and_is_retried(server, tmp_path):
    server.script(Reply.answer([claim("a reply that came too late to count")]).after(1.5), Reply.answer([claim(QUOTE)]))
    res, rj = run(settings(server, tmp_path, timeout=0.4), [one_doc(tmp_path)], tmp_path / "out")
    assert rj["llm"]["retries"]["timeout"] == 1
    assert [c.content for c in res.claims] == [QUOTE]


def test_the_per_document_time_budget_does_not_cut_a_slow_model(server, tmp_path):
    # --doc-timeout stops runaway CPU work; a model that takes its time is bounded by --timeout/--deadline.
    server.script(Reply.answer([claim(QUOTE)]).after(1.0))
    ex = LLMExtractor(settings(server, tmp_path, timeout=10))
    try:
        res = run_batch([str(one_doc(tmp_path))], ex, tmp_path / "out", doc_timeout=0.3)
    finally:
        ex.close()
    assert res.errors == [] and [c.content for c in res.claims] == [QUOTE]


def test_retries_exhausted_falls_back_to_rules(tmp_path):
    with ScriptedOpenAI(responder=lambda body: Reply.error(500, "boom")) as srv:
        res, rj = run(settings(srv, tmp_path, max_retries=2), [one_doc(tmp_path)], tmp_path / "out")
        # A 500 says nothing about json_schema support: the mode stays, only the retries run out.
        assert [r.mode for r in srv.requests] == ["json_schema"] * 3
    assert rj["llm"]["retries"]["server_error"] == 2 and rj["llm"]["fallbacks"] == 1
    assert rj["llm"]["fallback_reasons"] == {"server_error": 1} and rj["llm"]["schema_mode"] is None
    assert rj["documents"] == {"read": 1, "ok": 1, "failed": 0}
    assert rj["llm"]["cache"]["writes"] == 0  # a transient failure is not remembered: the re-run asks again
    doc = lines(tmp_path / "out" / "documents.jsonl")[0]
    assert doc["fallback"] is True and doc["extractor"]["backend"] == "rules"
    claims = lines(tmp_path / "out" / "claims.jsonl")
    assert claims and {c["extractor"]["backend"] for c in claims} == {"rules"}


def test_backend_error_carries_attempts_and_usage(tmp_path):
    with ScriptedOpenAI(responder=lambda body: Reply.error(503)) as srv:
        ex = LLMExtractor(settings(srv, tmp_path, max_retries=1, fallback=False))
        seg = segment(Document(doc_id="d", text=BUS))
        with pytest.raises(BackendError) as ei:
            ex.extract(seg)
        ex.close()
    assert ei.value.attempts == 2 and "gave up after 2 attempts" in str(ei.value)
    assert ei.value.usage["requests"] == 0  # no answer arrived, so no tokens were used


def test_one_attempt_is_said_in_the_singular(tmp_path):
    with ScriptedOpenAI(responder=lambda body: Reply.error(503)) as srv:
        ex = LLMExtractor(settings(srv, tmp_path, max_retries=0, fallback=False))
        with pytest.raises(BackendError) as ei:
            ex.extract(segment(Document(doc_id="d", text=BUS)))
        ex.close()
    assert ei.value.attempts == 1 and "; gave up after 1 attempt (" in str(ei.value)


@pytest.mark.parametrize(
    ("status", "said", "advice"),
    [
        (500, "model worker crashed: CUDA out of memory", "check its logs"),
        (429, "quota of 3 requests a minute", "lower --concurrency"),
    ],
    ids=["500", "429"],
)
def test_the_servers_error_message_is_kept_and_the_advice_fits_the_cause(tmp_path, status, said, advice):
    long_said = said + " " + "x" * 400  # kept to its first 200 characters
    with ScriptedOpenAI(responder=lambda body: Reply.error(status, long_said, {"Retry-After": "0"})) as srv:
        ex = LLMExtractor(settings(srv, tmp_path, max_retries=1, fallback=False))
        with pytest.raises(BackendError) as ei:
            ex.extract(segment(Document(doc_id="d", text=BUS)))
        ex.close()
    message = str(ei.value)
    assert "\n" not in message and f"(HTTP {status})" in message
    assert f": {long_said[:200]};" in message and long_said[:201] not in message
    assert advice in message and "--timeout" not in message  # a longer timeout cannot help a failing server


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        ("upstream connect error or disconnect/reset before headers\nmore", "text/plain", "upstream connect error"),
        ("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html", "502 Bad Gateway"),
    ],
    ids=["text", "html"],
)
def test_the_message_of_an_error_body_that_is_not_json_is_kept(tmp_path, body, content_type, said):
    # A proxy's or load balancer's 5xx is plain text or HTML: its words are the clue, not "Error code: 502".
    with ScriptedOpenAI(responder=lambda _: Reply(status=502, body=body, content_type=content_type)) as srv:
        ex = LLMExtractor(settings(srv, tmp_path, max_retries=0, fallback=False))
        with pytest.raises(BackendError) as ei:
            ex.extract(segment(Document(doc_id="d", text=BUS)))
        ex.close()
    message = str(ei.value)
    assert f"(HTTP 502) from {srv.base_url}: {said}" in message and "<" not in message and "\n" not in message


def test_no_fallback_records_the_document_as_failed(tmp_path, articles):
    def responder(body):
        return Reply.error(500) if "Westbrook" in body["messages"][1]["content"] else quotes_responder(body)

    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path, max_retries=1, fallback=False), [articles], tmp_path / "out")
    errors = lines(tmp_path / "out" / "errors.jsonl")
    assert [(e["doc_id"], e["stage"], e["error"]) for e in errors] == [("hospital", "extract", "BackendError")]
    assert "gave up after 2 attempts" in errors[0]["message"]
    assert rj["documents"] == {"read": 3, "ok": 2, "failed": 1}
    assert rj["llm"]["failed_documents"] == ["hospital"] and rj["llm"]["fallbacks"] == 0
    assert {m.doc_id for c in res.claims for m in c.mentions} == {"bus_lanes", "harbour"}


def test_connection_errors_are_retried_then_fall_back(tmp_path):
    srv = ScriptedOpenAI()  # bound but never serving: connections are refused or hang up
    url = srv.base_url
    srv.stop()
    s = settings(None, tmp_path, base_url=url, max_retries=2, timeout=1.0)
    res, rj = run(s, [one_doc(tmp_path)], tmp_path / "out")
    assert rj["llm"]["retries"]["connection"] + rj["llm"]["retries"]["timeout"] == 2
    assert rj["llm"]["fallbacks"] == 1 and res.claims


def test_a_408_is_retried_as_the_servers_timeout_not_called_ours(server, tmp_path, caplog):
    # The server answered at once that it gave up waiting: "no answer within 5s" would be untrue.
    server.script(Reply.error(408, "request timed out waiting for the body"), Reply.answer([claim(QUOTE)]))
    with caplog.at_level(logging.WARNING, logger="claimex.llm"):
        res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert rj["llm"]["retries"]["timeout"] == 1 and [c.content for c in res.claims] == [QUOTE]
    [said] = [r.getMessage() for r in caplog.records if "retry 1 of" in r.getMessage()]
    assert said.startswith(
        f"bus_lanes: the server at {server.base_url} timed out the request (HTTP 408): request timed"
    )
    assert "within" not in said
    server.script(*[Reply.error(408, "request timed out")] * 2)
    _, rj = run(
        settings(server, tmp_path, max_retries=1, fallback=False, cache_dir=None),
        [one_doc(tmp_path)],
        tmp_path / "out2",
    )
    [err] = lines(tmp_path / "out2" / "errors.jsonl")
    assert "(the server failed: check its logs" in err["message"] and "--timeout" not in err["message"]


def test_a_connection_reset_mid_answer_is_not_called_a_failure_to_connect(server, tmp_path, caplog):
    # The server took the request and the link broke: "could not connect" would send the user to --base-url.
    cut = Reply.answer([claim(QUOTE)])
    cut.cut = 40
    server.script(cut, Reply.answer([claim(QUOTE)]))
    with caplog.at_level(logging.WARNING, logger="claimex.llm"):
        res, rj = run(settings(server, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    assert rj["llm"]["retries"]["connection"] == 1 and [c.content for c in res.claims] == [QUOTE]
    [said] = [r.getMessage() for r in caplog.records if "retry 1 of" in r.getMessage()]
    assert said.startswith(f"bus_lanes: the connection to {server.base_url} broke before the answer was complete (")
    assert "could not connect" not in said


@pytest.mark.parametrize("concurrency", [1, 2])
def test_ctrl_c_stops_the_retries_of_a_document_in_flight_and_resume_asks_again(tmp_path, articles, concurrency):
    # Ctrl-C while a document waits out a 429's Retry-After: no more waits nor requests, and the document is
    # not journaled as a rules fallback (which --resume would keep): it is left for --resume, like one not started.
    stop = threading.Event()
    with ScriptedOpenAI(responder=lambda _: Reply.error(429, "slow down", {"Retry-After": "30"})) as srv:
        s = settings(srv, tmp_path, cache_dir=None)
        threading.Timer(0.5, stop.set).start()
        ex = LLMExtractor(s)
        t0 = time.monotonic()
        with pytest.raises(Interrupted):
            run_batch([str(articles)], ex, tmp_path / "out", concurrency=concurrency, stop=stop)
        ex.close()
        # one request (the probe of the server, which the other documents wait for), no retry after the stop
        assert time.monotonic() - t0 < 5 and len(srv.requests) == 1
        srv.responder = quotes_responder  # the server recovers; the same command with --resume
        res, rj = run(s, [articles], tmp_path / "out", resume=True)
    assert rj["llm"]["documents_by_backend"] == {"llm": 3} and rj["llm"]["fallbacks"] == 0


def test_a_transport_error_without_a_message_is_named_by_its_class(tmp_path):
    # httpx errors mapped from an OSError() carry no text: the stderr line must not fail (IndexError) on it.
    ex = LLMExtractor(settings(None, tmp_path, base_url="http://127.0.0.1:9/v1"))
    req = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    for cause in (httpx2.ReadError("", request=req), httpx2.ConnectError("", request=req)):
        err = openai.APIConnectionError(request=req)
        err.__cause__ = cause
        said = ex.client._what(err)
        assert said.endswith(f" ({type(cause).__name__})") and "127.0.0.1:9" in said, said
    ex.close()


def test_auth_error_stops_at_once_without_leaking_the_key(tmp_path, articles):
    with ScriptedOpenAI(responder=lambda body: Reply.error(401, f"Incorrect API key provided: {KEY}")) as srv:
        with pytest.raises(ConfigError) as ei:
            run(settings(srv, tmp_path), [articles], tmp_path / "out", concurrency=1)
        assert len(srv.requests) == 1  # no retries, and the other documents are not tried
    msg = str(ei.value)
    assert "OPENAI_API_KEY" in msg and "401" in msg and KEY not in msg and "PLANTED" not in msg


@pytest.mark.parametrize("status, fix", [(403, "may use model 'test-model'"), (404, "check --model")])
def test_forbidden_and_not_found_stop_with_what_to_fix(tmp_path, status, fix):
    with ScriptedOpenAI(responder=lambda body: Reply.error(status, "nope")) as srv:
        with pytest.raises(ConfigError, match=fix):
            run(settings(srv, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
        assert len(srv.requests) == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_and_stops_the_run_naming_where_it_points(tmp_path, articles, make_server, status):
    # Following it would send the articles (and the prompt) to a server the user never named, and use its
    # answers as the configured server's; a 301/302 would even turn the request into a GET.
    elsewhere = make_server()
    to = elsewhere.base_url + "/chat/completions"
    with ScriptedOpenAI(responder=lambda body: Reply(status=status, headers={"Location": to})) as srv:
        with pytest.raises(ConfigError) as ei:
            run(settings(srv, tmp_path), [articles], tmp_path / "out")
        assert len(srv.requests) == 1  # not retried, and no other document is tried
    assert elsewhere.requests == []
    msg = str(ei.value)
    assert f"HTTP {status}" in msg and to in msg and "--base-url" in msg, msg


def test_bad_request_that_retrying_cannot_change_stops_the_run(tmp_path, articles):
    with ScriptedOpenAI(responder=lambda body: Reply.error(400, f"unsupported parameter (key {KEY})")) as srv:
        with pytest.raises(ConfigError) as ei:
            run(settings(srv, tmp_path), [articles], tmp_path / "out")
        assert len(srv.requests) == 1  # not re-sent as json_object (the 400 names no schema), no other document
    msg = str(ei.value)
    assert "HTTP 400" in msg and "unsupported parameter" in msg and "run stops" in msg and "PLANTED" not in msg


def test_content_filter_400_fails_that_document_only(tmp_path, articles):
    def responder(body):
        if "Westbrook" in body["messages"][1]["content"]:
            return Reply(
                status=400,
                body={
                    "error": {
                        "message": "flagged",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "content_filter",
                    }
                },
            )
        return quotes_responder(body)

    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path), [articles], tmp_path / "out")
    [err] = lines(tmp_path / "out" / "errors.jsonl")
    assert err["doc_id"] == "hospital" and err["error"] == "RequestRefused" and "flagged" in err["message"]
    assert rj["llm"]["failed_documents"] == ["hospital"] and rj["llm"]["fallback_reasons"] == {"refused": 1}
    assert rj["documents"] == {"read": 3, "ok": 2, "failed": 1}


def test_retry_after_accepts_seconds_and_http_dates():
    class E:
        def __init__(self, headers):
            self.response = type("R", (), {"headers": headers})()

    assert retry_after(E({"retry-after": "2"})) == 2.0
    assert retry_after(E({"retry-after-ms": "1500", "retry-after": "9"})) == 1.5
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= retry_after(E({"retry-after": later})) <= 31
    assert retry_after(E({})) is None
    # Not a number of seconds: no instruction, so the exponential backoff applies (never a wait of 0 s).
    for bad in ("nan", "NaN", "inf", "-inf", "1e400"):
        assert retry_after(E({"retry-after": bad})) is None, bad
        assert retry_after(E({"retry-after-ms": bad, "retry-after": "2"})) == 2.0, bad


# ------------------------------------------------------- structured output
def test_server_without_json_schema_is_detected_once(make_server, tmp_path, articles, seeds_dir):
    srv = make_server(reject_json_schema=True)
    res, rj = run(settings(srv, tmp_path), [articles, seeds_dir], tmp_path / "out", concurrency=8)
    modes = [r.mode for r in srv.requests]
    assert modes.count("json_schema") == 1 and modes[0] == "json_schema"
    assert len(modes) >= 9 and all(m == "json_object" for m in modes[1:])
    assert all(r.body["response_format"]["schema"] == grammar_schema() for r in srv.requests[1:])
    assert rj["llm"]["schema_mode"] == "json_object" and "400" in rj["llm"]["schema_mode_reason"]
    assert rj["documents"]["failed"] == 0 and rj["llm"]["fallbacks"] == 0 and res.claims


def test_strict_schema_has_every_field_required_and_no_bounds():
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False and set(node["required"]) == set(node["properties"])
            assert not {"maxLength", "minLength", "maxItems", "$ref"} & node.keys()
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(strict_schema())
    assert grammar_schema()["properties"]["claims"]["maxItems"] == 100


# ----------------------------------------------------- chunks, truncation
def test_chunks_follow_paragraphs_within_the_budget():
    text = long_article(12)
    seg = segment(Document(doc_id="d", text=text))
    spans = chunk_spans(seg, 120)
    assert len(spans) > 3
    starts = {p.start for p in seg.paragraphs}
    ends = {p.end for p in seg.paragraphs}
    for s in spans:
        assert s.start in starts and s.end in ends
        assert (s.end - s.start + 3) // 4 <= 120
    assert spans[0].start == seg.paragraphs[0].start and spans[-1].end == seg.paragraphs[-1].end
    assert all(a.end < b.start for a, b in zip(spans, spans[1:]))
    assert chunk_spans(seg, 100_000) == [type(spans[0])(start=seg.paragraphs[0].start, end=seg.paragraphs[-1].end)]
    halves = split_span(seg, spans[0])
    assert halves and halves[0].start == spans[0].start and halves[1].end == spans[0].end


def test_long_article_is_sent_in_chunks(server, tmp_path):
    doc = one_doc(tmp_path, long_article(12), "budget")
    res, rj = run(settings(server, tmp_path, max_chunk_tokens=150), [doc], tmp_path / "out")
    assert rj["llm"]["chunks"] == len(server.requests) > 3
    assert all(len(r.article) <= 600 for r in server.requests)
    assert len(res.claims) == 12  # one quotation per paragraph, none lost at chunk edges


def test_a_failed_document_s_attempts_count_every_request_it_sent(tmp_path):
    # errors.jsonl's `attempts` was the failing request's alone: the chunks answered before it, and their
    # retries, were not counted (6 requests sent, "attempts": 3)
    calls: list[int] = []

    def responder(body):
        calls.append(1)
        if len(calls) == 1:
            return Reply.error(503, "busy")  # the first chunk is answered on its retry
        if "Member number 7 " in body["messages"][1]["content"]:
            return Reply.error(503, "busy")
        return quotes_responder(body)

    doc = one_doc(tmp_path, long_article(12), "budget")
    with ScriptedOpenAI(responder=responder) as srv:
        run(settings(srv, tmp_path, max_chunk_tokens=150, max_retries=2, fallback=False), [doc], tmp_path / "out")
        sent = len(srv.requests)
    [err] = lines(tmp_path / "out" / "errors.jsonl")
    assert err["attempts"] == sent > 3, (err, sent)
    assert err["usage"]["requests"] == sent - 1 - 3  # answered: all but the first chunk's 503 and the 3 failing


def test_a_retry_line_names_the_document_and_the_chunk_it_is_about(tmp_path, caplog):
    # under --concurrency the retries of many documents interleave on stderr: each says whose it is
    failed: list[str] = []

    def responder(body):
        for marker in ("Member number 1 ", "Member number 7 "):  # the first chunk's, and a later one's
            if marker not in failed and marker in body["messages"][1]["content"]:
                failed.append(marker)
                return Reply.error(503, "busy")
        return quotes_responder(body)

    text = long_article(12)
    with ScriptedOpenAI(responder=responder) as srv, caplog.at_level(logging.WARNING, logger="claimex.llm"):
        run(settings(srv, tmp_path, max_chunk_tokens=150), [one_doc(tmp_path, text, "budget")], tmp_path / "out")
        chunks = [next(r.article for r in srv.requests if m in r.article) for m in failed]
    said = [r.getMessage() for r in caplog.records if "retry 1 of" in r.getMessage()]
    assert len(said) == 2 and text.index(chunks[0]) == 0, said
    for line, chunk in zip(said, chunks, strict=True):
        assert line.startswith(f"budget (its chunk from character {text.index(chunk)}): server error (HTTP 503)")
    # a document sent whole names itself alone
    caplog.clear()
    failed.clear()
    with ScriptedOpenAI(responder=responder) as srv, caplog.at_level(logging.WARNING, logger="claimex.llm"):
        run(settings(srv, tmp_path, cache_dir=None), [one_doc(tmp_path, text, "budget")], tmp_path / "out2")
    said = [r.getMessage() for r in caplog.records if "retry 1 of" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("budget: server error (HTTP 503)"), said


def test_truncated_answer_splits_the_chunk_and_never_resends_it(tmp_path):
    def responder(body):
        if len(body["messages"][1]["content"]) > 900:
            return Reply.content('{"claims": [{"id": "c1", "speaker": nu', finish_reason="length")
        return quotes_responder(body)

    doc = one_doc(tmp_path, long_article(12), "budget")
    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path), [doc], tmp_path / "out")
        sent = [json.dumps(r.body["messages"]) for r in srv.requests]
        articles = [r.article for r in srv.requests]
    assert len(set(sent)) == len(sent)  # nothing re-sent unchanged
    assert len(articles[0]) > len(articles[1]) and rj["llm"]["length_splits"] >= 1
    assert rj["llm"]["fallbacks"] == 0 and len(res.claims) == 12
    # The cut-off is remembered too: the re-run splits the same way without asking.
    _, rj2 = run(settings(srv, tmp_path), [doc], tmp_path / "out2")  # the server is gone: any request would fail
    assert rj2["llm"]["requests"] == 0 and rj2["llm"]["cache"]["hits"] == rj["llm"]["cache"]["writes"]
    assert (tmp_path / "out2" / "claims.jsonl").read_text() == (tmp_path / "out" / "claims.jsonl").read_text()


def test_truncation_of_a_single_sentence_falls_back(tmp_path):
    with ScriptedOpenAI(responder=lambda b: Reply.content('{"claims": [', finish_reason="length")) as srv:
        res, rj = run(settings(srv, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
        n = len(srv.requests)
    sentences = len(segment(Document(doc_id="x", text=BUS)).sentences)
    assert n <= 2 * sentences  # every split halves a chunk, so the requests stay bounded
    assert rj["llm"]["fallbacks"] == 1 and rj["llm"]["length_splits"] >= 1


def test_a_cut_off_replayed_from_the_cache_says_how_to_ask_again(tmp_path, caplog):
    """A single sentence cut off by the token limit is remembered (the re-run asks nothing); once the
    server's limit is raised, that outcome is stale: the fallback line says where it came from and how
    to ask again, as a cached invalid answer's does."""
    with ScriptedOpenAI(responder=lambda b: Reply.content('{"claims": [', finish_reason="length")) as srv:
        run(settings(srv, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
    first = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert first and not any("--no-cache" in x for x in first)
    caplog.clear()
    _, rj = run(settings(srv, tmp_path), [one_doc(tmp_path)], tmp_path / "out2")  # (the server is gone)
    again = [r.getMessage() for r in caplog.records if "falling back" in r.getMessage()]
    assert rj["llm"]["requests"] == 0 and rj["llm"]["fallbacks"] == 1
    assert len(again) == 1 and "cut off by the token limit" in again[0]
    assert "(cached from an earlier run: --no-cache asks again)" in again[0]


def test_context_overflow_splits_the_chunk(tmp_path):
    def responder(body):
        if len(body["messages"][1]["content"]) > 900:
            return Reply.error(400, "Requested tokens (5000) exceed context window of 2048")
        return quotes_responder(body)

    doc = one_doc(tmp_path, long_article(12), "budget")
    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path), [doc], tmp_path / "out")
    assert rj["llm"]["length_splits"] >= 1 and rj["documents"]["failed"] == 0 and len(res.claims) == 12


def test_request_body_too_large_splits_the_chunk(tmp_path):
    # nginx's client_max_body_size answers 413 with an HTML page: the chunk is split, not the document failed.
    page = "<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>"

    def responder(body):
        if len(body["messages"][1]["content"]) > 900:
            return Reply(status=413, body=page, content_type="text/html")
        return quotes_responder(body)

    doc = one_doc(tmp_path, long_article(12), "budget")
    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path), [doc], tmp_path / "out")
    assert rj["llm"]["length_splits"] >= 1 and rj["llm"]["fallbacks"] == 0 and rj["documents"]["failed"] == 0
    assert len(res.claims) == 12


def test_answer_sent_as_a_tool_call_is_read_not_re_asked(tmp_path):
    def responder(body):
        answer = quotes_responder(body).body["choices"][0]["message"]["content"]
        call = {"id": "call_1", "type": "function", "function": {"name": "claims", "arguments": answer}}
        reply = Reply.content("")
        reply.body["choices"][0]["message"] = {"role": "assistant", "content": None, "tool_calls": [call]}
        reply.body["choices"][0]["finish_reason"] = "tool_calls"
        return reply

    with ScriptedOpenAI(responder=responder) as srv:
        res, rj = run(settings(srv, tmp_path), [one_doc(tmp_path)], tmp_path / "out")
        asked = len(srv.requests)
    with ScriptedOpenAI(responder=quotes_responder) as srv:
        plain, _ = run(settings(srv, tmp_path, cache_dir=None), [one_doc(tmp_path)], tmp_path / "plain")
    assert asked == 1 and rj["llm"]["fallbacks"] == 0 and rj["documents"]["failed"] == 0
    assert [c.content for c in res.claims] == [c.content for c in plain.claims] and res.claims


# ------------------------------------------------ cache and concurrency
def test_second_run_makes_zero_requests(server, tmp_path, articles, seeds_dir):
    s = settings(server, tmp_path)
    _, rj1 = run(s, [articles, seeds_dir], tmp_path / "out1")
    first = len(server.requests)
    assert first == rj1["llm"]["requests"] > 0 and rj1["llm"]["cache"]["writes"] == rj1["llm"]["chunks"]
    _, rj2 = run(s, [articles, seeds_dir], tmp_path / "out2")
    assert len(server.requests) == first and rj2["llm"]["requests"] == 0
    assert rj2["llm"]["cache"]["hits"] == rj1["llm"]["chunks"]
    assert (tmp_path / "out1" / "claims.jsonl").read_text() == (tmp_path / "out2" / "claims.jsonl").read_text()
    # --no-cache asks again
    _, rj3 = run(s.with_(cache_dir=None), [articles], tmp_path / "out3")
    assert rj3["llm"]["requests"] == 3 and rj3["llm"]["cache"]["enabled"] is False


def test_cache_key_covers_model_prompt_and_settings(server, tmp_path):
    doc = [one_doc(tmp_path)]
    s = settings(server, tmp_path)
    run(s, doc, tmp_path / "o1")
    for i, changed in enumerate([s.with_(model="other-model"), s.with_(temperature=0.5), s.with_(max_tokens=999)]):
        before = len(server.requests)
        run(changed, doc, tmp_path / f"o{i + 2}")
        assert len(server.requests) == before + 1, changed
    p = Prompt.load()
    edited = Prompt(version=p.version, system=p.system + "\nBe brief.", user=p.user, reask=p.reask)
    before = len(server.requests)
    run(s, doc, tmp_path / "o9", prompt=edited)
    assert len(server.requests) == before + 1
    before = len(server.requests)
    run(s, doc, tmp_path / "o10")  # the original settings still hit
    assert len(server.requests) == before


def test_corrupt_cache_entry_is_a_miss(server, tmp_path):
    s = settings(server, tmp_path)
    run(s, [one_doc(tmp_path)], tmp_path / "o1")
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    entry.write_text('{"answer": {"claims": [{"oops": 1}]}}')
    _, rj = run(s, [one_doc(tmp_path)], tmp_path / "o2")
    assert rj["llm"]["requests"] == 1 and rj["llm"]["cache"]["hits"] == 0


@pytest.mark.parametrize("damage", ["[" * 100_000 + "]" * 100_000, '{"answer": ' + "9" * 5000 + "}", "\x00\xff"])
def test_a_cache_entry_python_cannot_load_is_a_miss_not_a_crash(server, tmp_path, damage):
    s = settings(server, tmp_path)
    run(s, [one_doc(tmp_path)], tmp_path / "o1")
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    entry.write_bytes(damage.encode("latin-1"))
    res, rj = run(s, [one_doc(tmp_path)], tmp_path / "o2")
    assert res.errors == [] and rj["llm"]["requests"] == 1 and rj["llm"]["cache"]["hits"] == 0
    assert rj["llm"]["fallbacks"] == 0 and {c.extractor.backend for c in res.claims} == {"llm"}


def test_output_is_the_same_for_any_concurrency(make_server, tmp_path, articles, seeds_dir):
    outs = {}
    for n in (1, 8):
        srv = make_server()
        run(settings(srv, tmp_path, cache_dir=None), [articles, seeds_dir], tmp_path / f"c{n}", concurrency=n)
        docs = [{k: v for k, v in d.items() if k != "seconds"} for d in lines(tmp_path / f"c{n}" / "documents.jsonl")]
        outs[n] = [
            (tmp_path / f"c{n}" / "claims.jsonl").read_text(),
            docs,
            (tmp_path / f"c{n}" / "errors.jsonl").read_text(),
        ]
    assert outs[1] == outs[8]  # byte for byte (documents.jsonl: all but the stage timings)
    assert outs[1][0].count("\n") > 10 and len(outs[1][1]) == 8


# ------------------------------------------------------------------ prompts
def test_prompt_templates_are_filled_strictly():
    with pytest.raises(PromptError, match=r"\$\{article\} has no value"):
        render("Read <article>${article}</article> and ${schema}", "t.md", schema="{}")
    with pytest.raises(PromptError, match=r"\$\{extra\}"):
        render("Only ${article}", "t.md", article="a", extra="b")
    with pytest.raises(PromptError, match="no_such_prompt.v9.system.md"):
        Prompt.load("no_such_prompt.v9")
    p = Prompt.load()
    assert "${article}" in p.user and '"claims": []' in p.system  # JSON braces need no escaping
    assert "<\\/article>" not in p.user_text(article="x </article> y") and "</ article>" in p.user_text(
        article="</article>"
    )


def test_prompt_states_the_schema_bounds():
    assert f"longer than {MAX_CONTENT} characters" in Prompt.load().system


def test_prompts_are_found_in_the_repo_and_shipped_as_package_data():
    repo, package = prompt_dirs()
    assert Prompt.load().version == "extract_claims.v2"  # the default; v1 stays loadable, unchanged
    for v in ("extract_claims.v1", "extract_claims.v2"):
        assert Prompt.load(v).version == v
        for f in (f"{v}.md", f"{v}.system.md", f"{v}.reask.md"):
            assert (package / f).read_text() == (repo / f).read_text()
    import tomllib

    pyproject = tomllib.loads((repo.parent / "pyproject.toml").read_text())
    assert "*.md" in pyproject["tool"]["setuptools"]["package-data"]["claimex.prompts"]


def test_missing_key_and_base_url_is_a_config_error():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        LLMSettings.from_env({})
    s = LLMSettings.from_env({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1/", "CLAIMEX_MODEL": "m1"})
    assert s.base_url == "http://127.0.0.1:9/v1" and s.model == "m1" and s.api_key is None
    assert LLMSettings.from_env({"OPENAI_API_KEY": KEY}, model="m2").model == "m2"
    assert KEY not in repr(LLMSettings.from_env({"OPENAI_API_KEY": KEY}))
    with pytest.raises(ConfigError, match="max-chunk-tokens"):
        LLMSettings.from_env({"OPENAI_API_KEY": KEY}, max_chunk_tokens=3)


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://[::1:18080/v1", "Invalid IPv6 URL"),
        ("http://user:pw@[::1/v1", "Invalid IPv6 URL"),
        ("http:///v1", "no host"),
        ("http://127.0.0.1:abc/v1", "abc"),
        ("http://127.0.0.1:99999/v1", "out of range"),
    ],
)
def test_a_base_url_that_is_no_url_is_a_usage_error_naming_it(tmp_path, articles, url, why):
    res = CliRunner().invoke(app, ["extract", str(articles), "-o", str(tmp_path / "o"), "--base-url", url])
    assert res.exit_code == 2, res.output
    (line,) = res.stderr.splitlines()
    assert line.startswith("claimex: --base-url 'http://") and "is not a valid URL" in line and why in line
    assert "pw" not in line and "internal error" not in line
    assert LLMSettings.from_env({}, base_url="http://[::1]:8080/v1").base_url == "http://[::1]:8080/v1"


# ---------------------------------------------------------------------- CLI
def invoke(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, args, env=env or {}, catch_exceptions=False)


def test_cli_auto_picks_llm_when_configured_else_rules(server, tmp_path, articles, monkeypatch):
    res = invoke(["extract", str(articles), "-o", str(tmp_path / "rules"), "-q"])
    assert res.exit_code == 0 and "llm" not in json.loads((tmp_path / "rules" / "run.json").read_text())
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    res = invoke(["extract", str(articles), "-o", str(tmp_path / "llm"), "--concurrency", "3"])
    assert res.exit_code == 0, res.output
    rj = json.loads((tmp_path / "llm" / "run.json").read_text())
    assert rj["backend"] == "llm" and rj["llm"]["requests"] == 3
    assert "llm: 3 requests, 0 cache hits" in res.output
    assert (tmp_path / "llm" / ".cache" / "llm").is_dir()  # the default cache lives with the outputs
    assert invoke(["validate", str(tmp_path / "llm" / "claims.jsonl"), "--source", str(articles)]).exit_code == 0


def test_cli_options_reach_the_backend(server, tmp_path, articles):
    args = [
        "extract",
        str(articles),
        "--backend",
        "llm",
        "--base-url",
        server.base_url,
        "--model",
        "cli-model",
        "--cache-dir",
        str(tmp_path / "c"),
        "--max-chunk-tokens",
        "60",
        "--max-tokens",
        "333",
        "--timeout",
        "7",
        "--max-retries",
        "4",
        "-q",
    ]
    assert invoke(args + ["-o", str(tmp_path / "o1")]).exit_code == 0
    n = len(server.requests)
    assert n > 3 and {r.body["model"] for r in server.requests} == {"cli-model"}  # small chunks: several per article
    assert {r.body["max_tokens"] for r in server.requests} == {333}
    assert invoke(args + ["-o", str(tmp_path / "o2")]).exit_code == 0
    assert len(server.requests) == n  # the shared --cache-dir answers the re-run
    assert invoke(args + ["-o", str(tmp_path / "o3"), "--no-cache"]).exit_code == 0
    assert len(server.requests) == 2 * n and not (tmp_path / "o3" / ".cache").exists()


def test_cli_no_fallback_exits_1_and_fallback_exits_3(tmp_path, articles):
    with ScriptedOpenAI(responder=lambda b: Reply.error(503)) as srv:
        base = ["extract", str(articles), "--backend", "llm", "--base-url", srv.base_url, "--max-retries", "0", "-q"]
        res = invoke(base + ["-o", str(tmp_path / "a")])
        assert res.exit_code == 3 and json.loads((tmp_path / "a" / "run.json").read_text())["llm"]["fallbacks"] == 3
        assert "3 of 3 documents came from the rules fallback, not the model (server_error 3)" in res.stderr
        res = invoke(base + ["-o", str(tmp_path / "b"), "--no-fallback"])
    assert res.exit_code == 1
    assert len(lines(tmp_path / "b" / "errors.jsonl")) == 3 and "BackendError" in res.stderr


def test_cli_bad_key_exits_2_with_a_fix(tmp_path, articles):
    with ScriptedOpenAI(responder=lambda b: Reply.error(401, f"Incorrect API key provided: {KEY}")) as srv:
        res = invoke(
            ["extract", str(articles), "--base-url", srv.base_url, "-o", str(tmp_path / "o")],
            env={"OPENAI_API_KEY": KEY},
        )
    assert res.exit_code == 2
    assert "set OPENAI_API_KEY to a valid key" in res.stderr and "PLANTED" not in res.stderr + res.stdout


def test_cli_a_key_refused_mid_batch_says_what_the_journal_keeps_and_how_to_continue(tmp_path, articles):
    # A key revoked (or a model withdrawn) hours into a batch: the documents done are journaled; the stop
    # line must say so and give the command that continues once it is fixed, as a full disk's does.
    asked: list[dict] = []

    def refuse_after_first(body: dict) -> Reply:
        asked.append(body)
        return quotes_responder(body) if len(asked) == 1 else Reply.error(401, "Incorrect API key provided")

    out = tmp_path / "o"
    with ScriptedOpenAI(responder=refuse_after_first) as srv:
        args = ["extract", str(articles), "--base-url", srv.base_url, "-o", str(out), "--no-cache"]
        res = invoke(args, env={"OPENAI_API_KEY": KEY})
        assert res.exit_code == 2
        lines = [x for x in res.stderr.splitlines() if x.startswith("claimex: ") and "401" in x or "--resume" in x]
        assert "set OPENAI_API_KEY to a valid key" in lines[0]
        assert f"the journal is intact (1 input item(s) finished, kept in {out / 'journal.jsonl'})" in lines[0]
        assert lines[1].startswith("claimex: once that is fixed, run: ") and lines[1].endswith(" --resume")
        srv.responder = quotes_responder
        res = invoke([*args, "--resume"], env={"OPENAI_API_KEY": KEY})
    assert res.exit_code == 0 and "resuming: 1 input item(s) already finished" in res.stderr


def test_cli_llm_without_configuration_is_a_usage_error(tmp_path, articles):
    res = invoke(["extract", str(articles), "--backend", "llm", "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "OPENAI_API_KEY" in res.stderr


@pytest.mark.slow
def test_the_api_key_never_appears_in_any_output(tmp_path, articles, monkeypatch):
    """Plant a key, drive every path that writes messages, and grep everything written."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)

    def responder(body):
        content = body["messages"][1]["content"]
        if "Westbrook" in content:
            return Reply.error(500, f"internal error for key {KEY}")
        if "harbour" in content:  # a 4xx about this document only (the request's shape would stop the run)
            return Reply(
                status=422,
                body={"error": {"message": f"cannot process request from {KEY}", "code": "content_filter"}},
            )
        return quotes_responder(body)

    seen = []
    with ScriptedOpenAI(responder=responder) as srv:
        for i, extra in enumerate([[], ["--no-fallback"], ["--no-cache"]]):
            res = invoke(
                [
                    "extract",
                    str(articles),
                    "--base-url",
                    srv.base_url,
                    "-o",
                    str(tmp_path / f"o{i}"),
                    "--max-retries",
                    "1",
                    "--concurrency",
                    "2",
                ]
                + extra
            )
            seen += [res.stdout, res.stderr]
        assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in srv.requests)  # it was really used
    with ScriptedOpenAI(responder=lambda b: Reply.error(401, f"bad key {KEY}")) as srv:
        res = invoke(["extract", str(articles), "--base-url", srv.base_url, "-o", str(tmp_path / "o9")])
        seen += [res.stdout, res.stderr]
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "articles" not in p.parts]
    assert len(files) > 10
    blobs = seen + [p.read_text(errors="replace") for p in files]
    assert any("HTTP 422" in b for b in blobs) and any("fell back" in b for b in blobs)
    assert any("falling back to the rules" in b for b in blobs)  # stderr lines are scrubbed too
    for blob in blobs:
        assert KEY not in blob and "PLANTED" not in blob and "topsecret" not in blob


def test_a_short_key_is_masked_as_a_word_not_inside_words():
    """Local servers take any key: `OPENAI_API_KEY=x` masked inside words made every message unreadable
    ("e***ceeded"). A short key is masked where it stands alone; a long one wherever it appears."""
    from claimex.llm.failures import redact

    assert redact("maximum context length exceeded", ("x",)) == "maximum context length exceeded"
    assert redact("invalid key x for model-x", ("x",)) == "invalid key *** for model-x"
    assert redact("key ollama rejected (ollama)", ("ollama",)) == "key *** rejected (***)"
    long_key = "abcdefgh12345"
    assert redact(f"bad key{long_key}here", (long_key,)) == "bad key***here"


def test_a_short_key_leaves_the_servers_message_readable(tmp_path, articles):
    msg = "text exceeded the filter's limits; key x refused"
    reply = Reply(status=422, body={"error": {"message": msg, "code": "content_filter"}})
    with ScriptedOpenAI(responder=lambda b: reply) as srv:
        res = invoke(
            ["extract", str(articles), "--base-url", srv.base_url, "-o", str(tmp_path / "o"), "--max-retries", "1"],
            env={"OPENAI_API_KEY": "x"},
        )
    written = res.stderr + (tmp_path / "o" / "claims.jsonl").read_text(encoding="utf-8")
    assert "HTTP 422" in written
    assert "text exceeded the filter's limits; key *** refused" in written, written
    assert "e***ceeded" not in written
