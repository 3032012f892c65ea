"""Issue 16: current OpenAI models, and loud, bounded degradation, through the CLI as a user runs it.

The scripted server replays today's OpenAI error bodies and headers for each
case (`max_tokens` / `temperature` unsupported, a refusal, 429 with
retry-after-ms and with Retry-After, a 500 on the first request); a closed
port and a server that never answers stand for a server that is down. Each
test asserts the behaviour, the stderr lines, the exit code and run.json.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.backends.llm import LLMExtractor, confidence
from claimex.cli import EXIT_FALLBACK, app
from claimex.llm.settings import LLMSettings
from claimex.run import run_batch
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import (
    OPENAI_MAX_TOKENS,
    OPENAI_RATE_LIMIT,
    Reply,
    ScriptedOpenAI,
    SilentServer,
    article_of,
    claim,
    closed_url,
    max_tokens_rejected,
    quotes_responder,
    rate_limited,
    server_error,
    temperature_rejected,
)

KEY = "sk-PLANTED-9a8b7c6d5e4f3a2b-topsecret"


def extract(articles: Path, out: Path, url: str | None, *extra: str, env: dict | None = None):
    args = ["extract", str(articles), "-o", str(out), "--no-cache", *extra]
    if url is not None:
        args += ["--backend", "llm", "--base-url", url]
    t0 = time.monotonic()
    res = CliRunner().invoke(app, args, env={"OPENAI_API_KEY": KEY, **(env or {})}, catch_exceptions=False)
    res.seconds = time.monotonic() - t0  # type: ignore[attr-defined]
    return res


def run_json(out: Path) -> dict:
    return json.loads((out / "run.json").read_text())


def err_lines(res) -> list[str]:
    return [x for x in res.stderr.splitlines() if x.strip()]


def rejecting(field: str, reply, then=quotes_responder):
    """A server that answers `reply` to any request carrying `field` (temperature: any but 1)."""

    def respond(body: dict) -> Reply:
        if field in body and not (field == "temperature" and body[field] == 1):
            return reply()
        return then(body)

    return respond


# ------------------------------------------------------- model parameters
def test_max_tokens_unsupported_switches_to_max_completion_tokens_once(tmp_path, articles):
    with ScriptedOpenAI(responder=rejecting("max_tokens", max_tokens_rejected)) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        sent = [("max_tokens" in r.body, "max_completion_tokens" in r.body) for r in srv.requests]
    assert res.exit_code == 0, res.output
    assert sent == [(True, False)] + [(False, True)] * 3  # one rejected request, then the new name for the run
    lines = err_lines(res)
    assert lines[0].startswith("claimex: backend llm (--backend llm): model 'gpt-4o-mini' at http://127.0.0.1:")
    assert sum("the server rejects 'max_tokens': sending 'max_completion_tokens'" in x for x in lines) == 1
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["params"]["token_param"] == "max_completion_tokens" and len(rj["llm"]["params"]["learnt"]) == 1
    assert rj["llm"]["documents_by_backend"] == {"llm": 3} and rj["llm"]["fallbacks"] == 0
    assert rj["llm"]["failed_documents"] == [] and rj["documents"]["failed"] == 0


def test_openai_api_gets_max_completion_tokens_and_a_server_without_it_gets_max_tokens(tmp_path, articles):
    def llama_like(body: dict) -> Reply:
        if "max_completion_tokens" in body:
            return Reply.error(400, "Unsupported param: max_completion_tokens")
        return quotes_responder(body)

    with ScriptedOpenAI(responder=llama_like) as srv:
        s = LLMSettings(model="m", base_url=srv.base_url, token_param="max_completion_tokens", cache_dir=None)
        ex = LLMExtractor(s)
        try:
            res = run_batch([str(articles)], ex, tmp_path / "o")
        finally:
            ex.close()
        sent = [next(k for k in ("max_tokens", "max_completion_tokens") if k in r.body) for r in srv.requests]
    assert sent == ["max_completion_tokens"] + ["max_tokens"] * 3 and not res.errors
    assert LLMExtractor(LLMSettings(api_key=KEY)).client.params.token_param == "max_completion_tokens"  # OpenAI


def test_temperature_unsupported_is_omitted_for_the_rest_of_the_run(tmp_path, articles):
    with ScriptedOpenAI(responder=rejecting("temperature", temperature_rejected)) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--concurrency", "3")
        temps = [r.body.get("temperature", "omitted") for r in srv.requests]
    assert res.exit_code == 0, res.output
    assert temps == [0, "omitted", "omitted", "omitted"]
    assert sum("the server rejects 'temperature'" in x for x in err_lines(res)) == 1
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["params"]["temperature"] is None and rj["llm"]["documents_by_backend"] == {"llm": 3}


def test_reasoning_effort_is_sent_and_checked(tmp_path, articles, server):
    res = extract(articles, tmp_path / "o", server.base_url, "--reasoning-effort", "low")
    assert res.exit_code == 0 and {r.body["reasoning_effort"] for r in server.requests} == {"low"}
    assert "reasoning effort low" in res.stderr
    res = extract(articles, tmp_path / "o2", server.base_url, "--reasoning-effort", "extreme")
    assert res.exit_code == 2 and "'extreme' is not one of 'none', 'minimal'" in res.stderr


def test_a_400_that_will_not_change_stops_the_run_with_the_servers_message(tmp_path, articles):
    bad = Reply.openai_error(
        400, "Unsupported value: 'reasoning_effort' does not support 'low' with this model.", param="reasoning_effort"
    )
    with ScriptedOpenAI(responder=lambda b: bad) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--reasoning-effort", "low", "--concurrency", "3")
        assert len(srv.requests) == 1  # the run stops like on a 401
    assert res.exit_code == 2
    assert "does not support 'low' with this model" in res.stderr and "parameter 'reasoning_effort'" in res.stderr


OPENAI_QUOTA = (
    "You exceeded your current quota, please check your plan and billing details. For more information on this "
    "error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors."
)


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        # OpenAI's answer for an account out of credit: a 429 that no wait refills (it was retried six
        # times per document, ~43 s each, with "lower --concurrency" as advice)
        (
            lambda: Reply.openai_error(429, OPENAI_QUOTA, type="insufficient_quota", code="insufficient_quota"),
            "no quota or credit left (HTTP 429)",
        ),
        (lambda: Reply.error(402, "Insufficient credits"), "no quota or credit left (HTTP 402)"),
        # a wrong --base-url (a proxy, a web server): every document failed alone, "for this document"
        (lambda: Reply.error(405, "405 Not Allowed"), "does not take a chat completion request (HTTP 405)"),
        (lambda: Reply.error(415, "Unsupported Media Type"), "check --base-url"),
        (lambda: Reply.error(410, "The model has been deprecated"), "no longer serves model"),
    ],
    ids=["quota-429", "402", "405", "415", "410"],
)
def test_a_4xx_the_same_for_every_document_stops_the_run_at_once(tmp_path, articles, reply, says):
    with ScriptedOpenAI(responder=lambda b: reply()) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--concurrency", "3")
        assert len(srv.requests) == 1  # not retried, and no other document asks again
    assert res.exit_code == 2, res.output
    assert says in res.stderr and "for this document" not in res.stderr


def test_a_4xx_about_one_documents_content_fails_that_document_alone(tmp_path, articles):
    refused = Reply.openai_error(400, "Your request was flagged by our content filter.", code="content_filter")
    with ScriptedOpenAI(
        responder=lambda b: refused if "harbour" in article_of(b).lower() else quotes_responder(b)
    ) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--no-fallback")
    assert res.exit_code == 1
    assert run_json(tmp_path / "o")["documents"] == {"read": 3, "ok": 2, "failed": 1}


# ------------------------------------------------------------- schema mode
def test_a_500_on_the_first_request_is_retried_and_keeps_json_schema(tmp_path, articles):
    with ScriptedOpenAI().script(server_error()) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        modes = [r.mode for r in srv.requests]
    assert res.exit_code == 0, res.output
    assert modes == ["json_schema"] * 4
    assert any("server error (HTTP 500)" in x and "retry 1 of 5" in x for x in err_lines(res))
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["schema_mode"] == "json_schema" and rj["llm"]["retries"]["server_error"] == 1


def test_a_422_naming_response_format_switches_to_json_object(tmp_path, articles):
    # llama-cpp-python (FastAPI) answers an unknown response_format type with a 422 naming the field
    detail = {"detail": [{"type": "literal_error", "loc": ["body", "response_format", "type"], "msg": "bad"}]}

    def respond(body: dict) -> Reply:
        if body["response_format"]["type"] == "json_schema":
            return Reply(status=422, body=detail)
        return quotes_responder(body)

    with ScriptedOpenAI(responder=respond) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        modes = [r.mode for r in srv.requests]
    assert res.exit_code == 0 and modes == ["json_schema"] + ["json_object"] * 3
    assert sum("does not take response_format json_schema" in x for x in err_lines(res)) == 1
    assert "422" in run_json(tmp_path / "o")["llm"]["schema_mode_reason"]


def test_llama_cpp_pythons_500_naming_response_format_switches_to_json_object(tmp_path, articles):
    # llama-cpp-python 0.3 wraps its request-validation error in a 500 (server/errors.py)
    wrapped = Reply.openai_error(
        500,
        "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]",
        type="internal_server_error",
    )

    def respond(body: dict) -> Reply:
        return wrapped if body["response_format"]["type"] == "json_schema" else quotes_responder(body)

    with ScriptedOpenAI(responder=respond) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        modes = [r.mode for r in srv.requests]
    assert res.exit_code == 0 and modes == ["json_schema"] + ["json_object"] * 3  # not retried: not transient
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["schema_mode"] == "json_object" and rj["llm"]["retries"]["server_error"] == 0


# ---------------------------------------------------------------- refusals
def refusing_hospital(body: dict) -> Reply:
    return Reply.refusal() if "Westbrook" in body["messages"][1]["content"] else quotes_responder(body)


def test_a_refusal_is_the_documents_reason_never_reasked(tmp_path, articles):
    with ScriptedOpenAI(responder=refusing_hospital) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        asked = sum("Westbrook" in r.body["messages"][1]["content"] for r in srv.requests)
    assert asked == 1  # not re-asked as an empty answer
    assert res.exit_code == EXIT_FALLBACK == 3
    assert any(
        x == "claimex: hospital: falling back to the rules: the model refused to answer: "
        "I'm sorry, but I can't assist with that request."
        for x in err_lines(res)
    )
    assert "1 of 3 documents came from the rules fallback, not the model (refusal 1); exit code 3" in res.stderr
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["fallback_reasons"] == {"refusal": 1} and rj["llm"]["refusals"] == 1 and rj["llm"]["reasks"] == 0
    assert rj["llm"]["documents_by_backend"] == {"llm": 2, "rules": 1}


def test_a_refusal_with_no_fallback_fails_the_document_with_its_text(tmp_path, articles):
    with ScriptedOpenAI(responder=refusing_hospital) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--no-fallback")
    assert res.exit_code == 1
    [err] = [json.loads(x) for x in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    assert err["doc_id"] == "hospital" and err["error"] == "ModelRefused"
    assert "the model refused to answer: I'm sorry, but I can't assist" in err["message"]
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["failed_documents"] == ["hospital"] and rj["llm"]["fallbacks"] == 0


@pytest.mark.parametrize("partial", [False, True], ids=["no content", "cut-off content"])
def test_a_content_filtered_answer_is_a_refusal_never_reasked(tmp_path, articles, partial):
    def respond(body: dict) -> Reply:
        if "Westbrook" not in body["messages"][1]["content"]:
            return quotes_responder(body)
        return Reply.content('{"claims": [{"id": "c1"' if partial else "", finish_reason="content_filter")

    with ScriptedOpenAI(responder=respond) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        asked = sum("Westbrook" in r.body["messages"][1]["content"] for r in srv.requests)
    assert asked == 1  # the same request would be filtered again: not re-asked as an invalid answer
    assert res.exit_code == EXIT_FALLBACK
    assert (
        "claimex: hospital: falling back to the rules: the model refused to answer: the server's content filter"
        in res.stderr
    )
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["fallback_reasons"] == {"refusal": 1} and rj["llm"]["refusals"] == 1 and rj["llm"]["reasks"] == 0
    log = [json.loads(x) for x in (tmp_path / "o" / "llm_log.jsonl").read_text().splitlines()]
    assert [e["outcome"] for e in log if e["doc_id"] == "hospital"] == ["refusal"]


# ------------------------------------------------------------- rate limits
@pytest.mark.parametrize(
    "headers, waits", [({"retry-after-ms": "1200"}, 1.2), ({"Retry-After": "1"}, 1.0)], ids=["ms", "seconds"]
)
def test_rate_limit_is_one_line_on_stderr_and_waits_as_told(tmp_path, articles, headers, waits):
    with ScriptedOpenAI().script(rate_limited(headers)) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        gap = srv.requests[1].at - srv.requests[0].at
    assert res.exit_code == 0, res.output
    assert waits <= gap < waits + 1.0
    [line] = [x for x in err_lines(res) if "rate limited" in x]
    # the document it is about first: under --concurrency the retries of many documents interleave
    doc, _, rest = line.removeprefix("claimex: ").partition(": ")
    assert doc in ARTICLES and rest.startswith("rate limited (HTTP 429) by http://127.0.0.1:")
    # the server's message, as README "LLM backend" shows the line: which limit, and when to try again
    assert f"/v1: {OPENAI_RATE_LIMIT[:200]}; waiting " in line
    assert f"waiting {waits:.1f}" in line or f"waiting {waits + 0.1:.1f}" in line
    assert "(retry 1 of 5)" in line
    assert run_json(tmp_path / "o")["llm"]["retries"]["rate_limit"] == 1


# ------------------------------------------------------ a server that is down
@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_connection_refused_opens_the_breaker_and_falls_back_quickly(tmp_path, articles):
    res = extract(articles, tmp_path / "o", closed_url())
    assert res.seconds < 15  # was 2 min 36 s
    assert res.exit_code == EXIT_FALLBACK
    lines = err_lines(res)
    assert sum("could not connect to http://127.0.0.1:" in x and "retry" in x for x in lines) == 2
    [breaker] = [x for x in lines if "consecutive failures" in x and "falling back" not in x]
    assert "3 consecutive failures" in breaker and "no more requests this run" in breaker
    # then each document's own line, naming it and why (README: one stderr line per fallback)
    assert [x.split(":")[1].strip() for x in lines if ": falling back to the rules: " in x] == sorted(ARTICLES)
    assert lines[-1].endswith(
        "3 of 3 documents came from the rules fallback, not the model (unreachable 3); exit code 3"
    )
    rj = run_json(tmp_path / "o")
    # one request was sent (3 attempts); the breaker stopped the other documents' before any was sent
    assert rj["llm"]["requests"] == 1 and rj["llm"]["attempts"] == 3 and rj["llm"]["circuit_breaker"]["open"] is True
    assert rj["llm"]["not_sent"]["unreachable"] == 2 and rj["llm"]["short_circuited"] == 2
    assert rj["llm"]["retries"]["connection"] == 2  # the third failure opened the breaker: no retry after it
    assert rj["llm"]["fallback_reasons"] == {"unreachable": 3} and rj["llm"]["documents_by_backend"] == {"rules": 3}


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_connection_refused_with_no_fallback_fails_the_rest_quickly(tmp_path, articles):
    res = extract(articles, tmp_path / "o", closed_url(), "--no-fallback")
    assert res.exit_code == 1 and res.seconds < 15
    rj = run_json(tmp_path / "o")
    assert rj["documents"] == {"read": 3, "ok": 0, "failed": 3} and rj["llm"]["attempts"] == 3
    assert rj["llm"]["requests"] == 1 and rj["llm"]["short_circuited"] == 2
    assert rj["llm"]["failed_documents"] == ["bus_lanes", "harbour", "hospital"]


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_a_server_that_never_answers_trips_the_breaker(tmp_path, articles):
    with SilentServer() as srv:
        url = srv.base_url
        res = extract(articles, tmp_path / "o", url, "--timeout", "0.5")
    assert res.exit_code == EXIT_FALLBACK and res.seconds < 20
    ours = [x for x in err_lines(res) if "falling back" not in x]  # (each document's line quotes the breaker's)
    assert sum(f"no answer from {url} within 0.5s" in x for x in ours) == 3  # 2 retries + breaker
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["attempts"] == 3 and rj["llm"]["fallback_reasons"] == {"unreachable": 3}
    assert rj["llm"]["requests"] == 1 and rj["llm"]["not_sent"]["unreachable"] == 2


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_auto_names_its_choice_and_reports_fallbacks_without_failing(tmp_path, articles):
    res = extract(articles, tmp_path / "o", None, env={"OPENAI_BASE_URL": closed_url()})
    assert res.exit_code == 0
    lines = err_lines(res)
    assert lines[0].startswith("claimex: backend llm (auto: OPENAI_BASE_URL is set): model 'gpt-4o-mini'")
    assert lines[-1] == "claimex: 3 of 3 documents came from the rules fallback, not the model (unreachable 3)"
    res = extract(articles, tmp_path / "r", None, env={"OPENAI_API_KEY": ""})
    assert res.exit_code == 0 and err_lines(res) == [
        "claimex: backend rules (auto: no OPENAI_API_KEY, OPENAI_BASE_URL or --base-url)"
    ]


def test_deadline_stops_requests_and_says_so_once(tmp_path, articles):
    with ScriptedOpenAI(responder=lambda b: quotes_responder(b).after(0.7)) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url, "--deadline", "1")
        n = len(srv.requests)
    assert res.exit_code == EXIT_FALLBACK and n <= 2
    ours = [x for x in err_lines(res) if "falling back" not in x]  # (each document's line quotes the deadline's)
    assert sum("--deadline of 1s reached" in x for x in ours) == 1
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["fallback_reasons"].get("deadline", 0) >= 1 and rj["llm"]["deadline"] == 1


# ------------------------------------------------------------- request log
def test_llm_log_shows_every_request_without_the_key(tmp_path, articles):
    with ScriptedOpenAI(responder=refusing_hospital).script(rate_limited({"retry-after-ms": "10"})) as srv:
        extract(articles, tmp_path / "o", srv.base_url)
    entries = [json.loads(x) for x in (tmp_path / "o" / "llm_log.jsonl").read_text().splitlines()]
    assert len(entries) == 3 and {e["outcome"] for e in entries} == {"ok", "refusal"}
    first = entries[0]
    assert first["attempts"] == 2 and first["model"] == "gpt-4o-mini" and first["prompt_version"] == "extract_claims.v2"
    assert first["prompt_tokens"] > 0 and first["seconds"] > 0 and first["params"]["max_tokens"] == 4096
    res = CliRunner().invoke(app, ["llm-log", str(tmp_path / "o")])
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 1 + 3 + 1 + 1  # header, rows, summary, legend
    assert "requests 3 sent in 4 attempts, 0 not sent; outcomes ok 2, refusal 1; mode json_schema 3" in res.stdout
    raw = CliRunner().invoke(app, ["llm-log", str(tmp_path / "o"), "--json", "--doc", "hospital"]).stdout
    assert [json.loads(x)["doc_id"] for x in raw.splitlines()] == ["hospital"]
    assert KEY not in (tmp_path / "o" / "llm_log.jsonl").read_text() and "PLANTED" not in res.stdout
    assert CliRunner().invoke(app, ["llm-log", str(tmp_path)]).exit_code == 2


# ---------------------------------------------------------------- confidence
def test_confidence_follows_what_the_article_confirms(tmp_path, server):
    text = 'Council leader Maria Lopez said: "This will cut journey times for thousands of commuters."\n'
    (tmp_path / "a.txt").write_text(text)
    server.script(
        Reply.answer(
            [
                claim(
                    "This will cut journey times for thousands of commuters",
                    1,
                    speaker="Council leader Maria Lopez",
                    speaker_name="Maria Lopez",
                    speaker_kind="person",
                    cue="said",
                )
            ]
        )
    )
    extract(tmp_path / "a.txt", tmp_path / "o", server.base_url)
    [c] = [json.loads(x) for x in (tmp_path / "o" / "claims.jsonl").read_text().splitlines()]
    assert c["confidence"] == 0.95
    assert confidence(True, False, False, False) == 0.75 and confidence(False, False, False, False) == 0.5
    assert OPENAI_MAX_TOKENS.startswith("Unsupported parameter: 'max_tokens'")


def test_a_token_limit_too_large_is_not_a_reason_to_switch_parameters(tmp_path, articles):
    too_large = Reply.openai_error(
        400,
        "max_tokens is too large: 4096. This model supports at most 2048 completion tokens, whereas you provided 4096.",
        param="max_tokens",
        code="invalid_value",
    )
    with ScriptedOpenAI(responder=lambda b: too_large) as srv:
        res = extract(articles, tmp_path / "o", srv.base_url)
        assert len(srv.requests) == 1
    assert res.exit_code == 2 and "supports at most 2048 completion tokens" in res.stderr
    assert "parameter 'max_tokens'" in res.stderr and "rejects 'max_tokens'" not in res.stderr


# ------------------------------------------- a claim across an LLM and a fallback document
def test_a_claim_with_mentions_from_llm_and_fallback_documents_says_mixed(tmp_path):
    """Its extractor is "mixed" (README "Outputs"), each mention's `rule` says which backend made it."""
    quote = "This will cut journey times for thousands of commuters"
    bus = ARTICLES["bus_lanes"]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a_llm.txt").write_text(bus, encoding="utf-8")
    (docs / "b_fallback.txt").write_text(bus + "\nA SECOND edition of the report.\n", encoding="utf-8")

    def responder(body: dict) -> Reply:
        if "SECOND" in body["messages"][1]["content"]:
            return Reply.error(500, "boom")
        return Reply.answer([claim(quote, 1, speaker="council leader Maria Lopez", speaker_name="Maria Lopez")])

    with ScriptedOpenAI(responder=responder) as srv:
        extract(docs, tmp_path / "o", srv.base_url, "--max-retries", "0")
    claims = [json.loads(x) for x in (tmp_path / "o" / "claims.jsonl").read_text().splitlines()]
    [both] = [c for c in claims if {m["doc_id"] for m in c["mentions"]} == {"a_llm", "b_fallback"}]
    assert both["extractor"]["backend"] == "mixed" and both["extractor"]["model"] == "gpt-4o-mini"
    rules = {m["doc_id"]: m["rule"] for m in both["mentions"]}
    assert rules["a_llm"].startswith("llm") and not rules["b_fallback"].startswith("llm")
    alone = [c for c in claims if {m["doc_id"] for m in c["mentions"]} == {"b_fallback"}]
    assert alone and all(c["extractor"]["backend"] == "rules" for c in alone)  # README: fallback claims say rules


# ------------------------------------- every document the breaker or the deadline stopped is named
def fallback_lines(s: LLMSettings, articles, out, caplog) -> dict[str, str]:
    """Run `articles` into `out` with the LLM backend of settings `s`; the logged fallback lines, by
    document: {doc_id: reason}."""
    ex = LLMExtractor(s)
    try:
        with caplog.at_level("WARNING", logger="claimex.llm"):
            run_batch([str(articles)], ex, out)
    finally:
        ex.close()
    said = [r.getMessage() for r in caplog.records if ": falling back to the rules: " in r.getMessage()]
    return {x.split(": ", 1)[0]: x.split(": falling back to the rules: ", 1)[1] for x in said}


def test_each_document_the_open_breaker_sends_to_the_fallback_has_its_line(tmp_path, articles, caplog):
    # README "LLM backend": a document whose answer cannot be had falls back "with one stderr line"; the
    # breaker's own line said only that "the remaining documents" would, never which ones.
    url = closed_url()
    s = LLMSettings(model="m", base_url=url, api_key=KEY, backoff_initial=0.01, backoff_max=0.02)
    lines = fallback_lines(s, articles, tmp_path / "o", caplog)
    assert sorted(lines) == sorted(ARTICLES)
    assert all(f"{url} unreachable (3 consecutive failures" in why for why in lines.values()), lines
    assert lines["harbour"].endswith("(no request sent)") and not lines["bus_lanes"].endswith("(no request sent)")


def test_each_document_the_deadline_sends_to_the_fallback_has_its_line(tmp_path, articles, caplog):
    with ScriptedOpenAI(responder=lambda b: quotes_responder(b).after(0.7)) as srv:
        s = LLMSettings(model="m", base_url=srv.base_url, api_key=KEY, deadline=1.0)
        lines = fallback_lines(s, articles, tmp_path / "o", caplog)
    rj = run_json(tmp_path / "o")
    assert rj["llm"]["fallbacks"] >= 1
    assert sorted(lines) == rj["llm"]["fallback_documents"]
    assert any("--deadline of 1s reached" in why for why in lines.values()), lines


# ------------------------------------- the breaker counts failures one after the other, not side by side
def test_failures_of_attempts_in_flight_together_count_once():
    """Three documents' first attempts sent together and timing out together are one outage seen three
    times: the breaker stays shut; three attempts, each sent after the last failed, open it."""
    from claimex.llm.guard import CircuitBreaker

    breaker = CircuitBreaker(3, "http://127.0.0.1:1/v1")
    sent = time.monotonic()
    for _ in range(3):
        breaker.failure("no answer within 1s", sent)
    assert not breaker.open
    for _ in range(2):
        breaker.failure("no answer within 1s", time.monotonic())
    assert breaker.open  # (1 + 2 consecutive)
    breaker = CircuitBreaker(3, "http://127.0.0.1:1/v1")
    for _ in range(2):
        breaker.failure("connection refused", time.monotonic())
    breaker.success()  # any answer resets the count
    breaker.failure("connection refused", time.monotonic())
    assert not breaker.open


def slow_first_answer(delay: float):
    """A server that answers each article's first request after `delay` seconds and every later one at once."""
    seen: set[str] = set()
    lock = threading.Lock()

    def respond(body: dict) -> Reply:
        with lock:
            first = article_of(body) not in seen
            seen.add(article_of(body))
        reply = quotes_responder(body)
        reply.delay = delay if first else 0.0
        return reply

    return respond


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_first_attempts_timing_out_together_do_not_open_the_breaker(tmp_path, articles):
    """Each document's first attempt times out and its retry is answered: at --concurrency 5 the
    first attempts fail side by side, which once opened the breaker and sent every document to the
    rules; the output is the model's, as at --concurrency 1."""
    for name, text in ARTICLES.items():  # (six documents: the first request, the probe, goes alone)
        (articles / f"{name}_again.txt").write_text(text.replace("said", "told reporters"), encoding="utf-8")
    outs = {}
    for n in ("1", "5"):
        with ScriptedOpenAI(responder=slow_first_answer(2.0)) as srv:
            res = extract(articles, tmp_path / n, srv.base_url, "--timeout", "0.5", "--concurrency", n)
        assert res.exit_code == 0, res.output
        rj = run_json(tmp_path / n)
        assert rj["llm"]["circuit_breaker"]["open"] is False and not rj["llm"].get("fallback_reasons")
        outs[n] = sorted(json.loads(x)["claim_id"] for x in (tmp_path / n / "claims.jsonl").read_text().splitlines())
    assert outs["1"] == outs["5"] and outs["1"]


@pytest.mark.parametrize("value", [{"reason": "rate"}, ["insufficient_quota"], 7])
def test_an_error_code_that_is_no_string_is_no_quota_and_no_crash(value):
    """A 429 whose `code` is an object or a list (a proxy's own shape) is a rate limit like any other:
    `out_of_quota` looked it up in a set and raised TypeError, failing the document."""
    import httpx2
    import openai

    from claimex.llm.failures import cause, out_of_quota

    response = httpx2.Response(429, request=httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions"))
    e = openai.RateLimitError("Too many requests", response=response, body={"error": {"code": value, "type": value}})
    assert out_of_quota(e) is False and cause(e) == "rate_limit"
