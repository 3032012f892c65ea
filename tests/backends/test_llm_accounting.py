"""The LLM run's bookkeeping: run.json's `llm` counters, the request log and `claimex llm-log` agree.

Against servers on 127.0.0.1 only: a closed port (the circuit breaker opens
on the first document, the others are never sent) and the scripted
OpenAI-compatible server replaying a refused json_schema, a 429, a 500, a
refused `max_tokens`, an answer that is not JSON (re-asked) and a refusal.
Every counter that the log can show is recomputed from the log's lines
(`reconcile`), and run.json's `run_id` is the log's `run`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.backends.llm import LLMExtractor
from claimex.cli import app
from claimex.llm.reqlog import LOG_NAME, NO_MODE, format_log
from claimex.llm.settings import LLMSettings
from claimex.run import run_batch
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import (
    Reply,
    ScriptedOpenAI,
    closed_url,
    max_tokens_rejected,
    quotes_responder,
    rate_limited,
    server_error,
)

KEY = "sk-PLANTED-1b2c3d4e5f6a7b8c-topsecret"
NOT_SENT_ERRORS = {"unreachable": "ServerUnreachable", "deadline": "DeadlineExceeded"}


def settings(url: str, out: Path, **kw) -> LLMSettings:
    """Settings as the CLI builds them (request log in OUT), with short backoffs so retries take milliseconds."""
    base = dict(
        model="test-model",
        base_url=url,
        api_key=KEY,
        log_path=out / LOG_NAME,
        backoff_initial=0.01,
        backoff_max=0.05,
        timeout=5.0,
    )
    base.update(kw)
    return LLMSettings(**base)


def run(s: LLMSettings, articles: Path, out: Path, concurrency: int = 1) -> tuple[dict, list[dict]]:
    """One batch with a fresh extractor; returns (run.json, the request log's lines)."""
    ex = LLMExtractor(s)
    try:
        run_batch([str(articles)], ex, out, concurrency=concurrency)
    finally:
        ex.close()
    return json.loads((out / "run.json").read_text()), log_lines(out)


def log_lines(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / LOG_NAME).read_text().splitlines() if x.strip()]


def reconcile(rj: dict, log: list[dict]) -> None:
    """Assert that run.json's `llm` counters are what this run's request log lines show."""
    llm = rj["llm"]
    mine = [e for e in log if e["run"] == rj["run_id"]]
    assert mine, "no request log line carries run.json's run_id"
    sent = [e for e in mine if e["attempts"] > 0]
    assert llm["requests"] == len(sent)
    assert llm["attempts"] == sum(e["attempts"] for e in mine)
    assert llm["attempts"] == llm["requests"] + sum(llm["retries"].values()) + sum(llm["resent"].values())
    not_sent = Counter(e["error"] for e in mine if e["attempts"] == 0)
    assert sum(llm["not_sent"].values()) == sum(not_sent.values())
    for reason, error in NOT_SENT_ERRORS.items():
        assert llm["not_sent"][reason] == not_sent[error]
    assert llm["reasks"] == sum(e["purpose"] == "reask" for e in mine)
    assert llm["refusals"] == sum(e["outcome"] == "refusal" for e in mine)
    assert llm["tokens"] == {
        "prompt": sum(e["prompt_tokens"] for e in mine),
        "completion": sum(e["completion_tokens"] for e in mine),
    }
    answered = {e["schema_mode"] for e in mine if e["http_status"] is not None}
    assert answered == ({llm["schema_mode"]} if llm["schema_mode"] else set())
    assert all(e["schema_mode"] is None for e in mine if e["http_status"] is None)
    docs = {e["doc_id"] for e in mine}
    untried = sorted(d for d in docs if all(e["attempts"] == 0 for e in mine if e["doc_id"] == d))
    assert llm["short_circuited_documents"] == untried and llm["short_circuited"] == len(untried)
    assert llm["fallbacks"] == len(llm["fallback_documents"])
    handled = sum(llm["documents_by_backend"].values()) + len(llm["failed_documents"])
    assert handled == rj["documents"]["read"]


def llm_log(out: Path) -> list[str]:
    res = CliRunner().invoke(app, ["llm-log", str(out)])
    assert res.exit_code == 0
    return res.stdout.splitlines()


def summary_of(out: Path, run_id: str) -> str:
    [line] = [x for x in llm_log(out) if x.startswith(f"run {run_id}: ")]
    return line


def mode_column(line: str) -> str:
    """The mode column of one llm-log table row (fixed width, after time, document, model and prompt)."""
    return line[76:87].strip()


# ------------------------------------------------- a server that is down
def test_breaker_counts_one_request_sent_and_the_rest_not_sent(tmp_path, articles):
    out = tmp_path / "o"
    rj, log = run(settings(closed_url(), out), articles, out)
    reconcile(rj, log)
    llm = rj["llm"]
    # the first document's request was sent (3 attempts opened the breaker); the others' never were
    threshold = llm["circuit_breaker"]["threshold"]
    assert llm["requests"] == 1 and llm["attempts"] == threshold and llm["retries"]["connection"] == threshold - 1
    assert llm["not_sent"]["unreachable"] == len(ARTICLES) - 1
    assert llm["short_circuited"] == len(ARTICLES) - 1 and llm["fallbacks"] == len(ARTICLES)
    assert llm["tokens"] == {"prompt": 0, "completion": 0} and llm["schema_mode"] is None
    assert summary_of(out, rj["run_id"]).startswith(
        f"run {rj['run_id']}: requests 1 sent in {threshold} attempts, {len(ARTICLES) - 1} not sent; outcomes error 3"
    )


def test_breaker_with_no_fallback_counts_failed_documents_the_same_way(tmp_path, articles):
    out = tmp_path / "o"
    rj, log = run(settings(closed_url(), out, fallback=False), articles, out)
    reconcile(rj, log)
    assert rj["llm"]["requests"] == 1 and rj["llm"]["fallbacks"] == 0
    assert len(rj["llm"]["failed_documents"]) == len(ARTICLES) and rj["llm"]["short_circuited"] == len(ARTICLES) - 1


def test_deadline_counts_the_requests_it_stopped_before_sending(tmp_path, articles):
    out = tmp_path / "o"
    with ScriptedOpenAI(responder=lambda b: quotes_responder(b).after(0.7)) as srv:
        rj, log = run(settings(srv.base_url, out, deadline=1.0), articles, out)
        reached = len(srv.requests)
    reconcile(rj, log)
    assert rj["llm"]["attempts"] == reached and rj["llm"]["not_sent"]["deadline"] >= 1
    assert rj["llm"]["short_circuited"] == rj["llm"]["not_sent"]["deadline"]  # one request per short document


# ------------------------------------------------- a scripted server
def refusing_hospital(body: dict) -> Reply:
    return Reply.refusal() if "Westbrook" in body["messages"][1]["content"] else quotes_responder(body)


def troubled_server(make_server) -> ScriptedOpenAI:
    """json_schema refused, then a 429, a 500, `max_tokens` refused and a non-JSON answer; hospital is refused."""
    srv = make_server(responder=refusing_hospital, reject_json_schema=True)
    return srv.script(
        rate_limited({"retry-after-ms": "10"}),
        server_error(),
        max_tokens_rejected(),
        Reply.content("this is not JSON"),
    )


@pytest.mark.parametrize("concurrency", [1, 3])
def test_scripted_server_counters_match_the_log_and_the_server(tmp_path, articles, make_server, concurrency):
    srv = troubled_server(make_server)
    out = tmp_path / "o"
    rj, log = run(settings(srv.base_url, out), articles, out, concurrency=concurrency)
    reconcile(rj, log)
    llm = rj["llm"]
    assert llm["attempts"] == len(srv.requests)  # every attempt counted reached the server, and only those
    assert llm["requests"] == len(ARTICLES) + 1  # one ask per document, and the re-ask of the non-JSON answer
    assert llm["retries"] == {"rate_limit": 1, "timeout": 0, "connection": 0, "server_error": 1}
    assert llm["resent"] == {"params": 1, "schema_mode": 1}
    assert llm["not_sent"] == {"unreachable": 0, "deadline": 0, "stopped": 0} and llm["short_circuited"] == 0
    assert llm["reasks"] == 1 and llm["refusals"] == 1
    assert llm["fallbacks"] == 1 and llm["fallback_reasons"] == {"refusal": 1}
    assert llm["schema_mode"] == "json_object" and {e["schema_mode"] for e in log} == {"json_object"}


def test_run_json_run_id_is_the_request_log_run_across_two_runs(tmp_path, articles, make_server):
    out = tmp_path / "o"
    srv = make_server()
    first, _ = run(settings(srv.base_url, out), articles, out)
    srv.script(server_error())
    second, log = run(settings(srv.base_url, out), articles, out)
    # the log is appended across runs: each run.json joins exactly its own run's lines
    assert first["run_id"] != second["run_id"]
    assert [e["run"] for e in log] == [first["run_id"]] * len(ARTICLES) + [second["run_id"]] * len(ARTICLES)
    reconcile(second, log)
    assert second["llm"]["attempts"] == len(ARTICLES) + 1 and second["llm"]["retries"]["server_error"] == 1
    assert summary_of(out, first["run_id"]) and summary_of(out, second["run_id"])


def test_cli_run_json_and_request_log_share_the_run_id(tmp_path, articles):
    with ScriptedOpenAI() as srv:
        args = ["extract", str(articles), "-o", str(tmp_path / "o"), "--no-cache", "--backend", "llm"]
        res = CliRunner().invoke(app, [*args, "--base-url", srv.base_url], env={"OPENAI_API_KEY": KEY})
    assert res.exit_code == 0
    rj = json.loads((tmp_path / "o" / "run.json").read_text())
    log = log_lines(tmp_path / "o")
    assert {e["run"] for e in log} == {rj["run_id"]}
    reconcile(rj, log)


# ------------------------------------------------- llm-log's mode column
def test_llm_log_shows_the_mode_each_request_was_answered_in(tmp_path, articles, make_server):
    out = tmp_path / "o"
    run(settings(make_server(reject_json_schema=True).base_url, out), articles, out)
    rows = llm_log(out)[1 : 1 + len(ARTICLES)]
    assert [mode_column(r) for r in rows] == ["json_object"] * len(ARTICLES)
    out2 = tmp_path / "o2"
    run(settings(make_server().base_url, out2), articles, out2)
    assert {mode_column(r) for r in llm_log(out2)[1 : 1 + len(ARTICLES)]} == {"json_schema"}


def test_llm_log_shows_a_dash_and_says_why_when_no_request_was_answered(tmp_path, articles):
    out = tmp_path / "o"
    rj, _ = run(settings(closed_url(), out), articles, out)
    shown = llm_log(out)
    assert [mode_column(r) for r in shown[1 : 1 + len(ARTICLES)]] == [NO_MODE] * len(ARTICLES)
    assert "None" not in "\n".join(shown)
    assert f"; mode {NO_MODE};" in summary_of(out, rj["run_id"])
    assert shown[-1].startswith("mode: ") and f"{NO_MODE} = no answer" in shown[-1]


def slow_hospital(body: dict) -> Reply:
    reply = quotes_responder(body)
    return reply.after(1.0) if "Westbrook" in body["messages"][1]["content"] else reply


def test_llm_log_shows_a_dash_for_a_request_never_answered_once_the_mode_is_known(tmp_path, articles, make_server):
    out = tmp_path / "o"
    srv = make_server(responder=slow_hospital)
    rj, log = run(settings(srv.base_url, out, timeout=0.3, max_retries=0), articles, out)
    reconcile(rj, log)
    by_doc = {e["doc_id"]: e for e in log}
    assert rj["llm"]["schema_mode"] == "json_schema" and rj["llm"]["fallback_documents"] == ["hospital"]
    assert by_doc["hospital"]["schema_mode"] is None and by_doc["hospital"]["http_status"] is None
    rows = {r[21:39].strip(): mode_column(r) for r in llm_log(out)[1 : 1 + len(ARTICLES)]}
    assert rows == {"bus_lanes": "json_schema", "harbour": "json_schema", "hospital": NO_MODE}


def test_format_log_mode_column_and_run_summary():
    base = {"ts": "2026-01-01T00:00:00Z", "doc_id": "d", "model": "m", "prompt_version": "p", "seconds": 0.5}
    entries = [
        {**base, "run": "r1", "schema_mode": "json_schema", "attempts": 2, "outcome": "ok", "prompt_tokens": 7},
        {**base, "run": "r1", "schema_mode": None, "attempts": 0, "outcome": "error", "error": "ServerUnreachable"},
        {**base, "run": "r1", "attempts": 1, "outcome": "error", "error": "BackendError"},  # an older log line
    ]
    rows = format_log(entries)
    assert [mode_column(r) for r in rows[1:4]] == ["json_schema", NO_MODE, NO_MODE]
    assert rows[4].startswith("run r1: requests 2 sent in 3 attempts, 1 not sent; outcomes error 2, ok 1; ")
    assert "; mode json_schema 1;" in rows[4] and "; tokens 7+0;" in rows[4]
    assert format_log([]) == rows[:1]  # no requests: the header alone


# ------------------------------------------------- answers that failed validation
def test_answers_that_failed_validation_are_logged_as_invalid_not_ok(tmp_path):
    """Each request whose answer failed validation is an `invalid_answer` line (why, ask or re-ask), not `ok`."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bus_lanes.txt").write_text(ARTICLES["bus_lanes"], encoding="utf-8")
    out = tmp_path / "out"
    with ScriptedOpenAI().script(Reply.content("not json at all"), Reply.content('{"claims": 3}')) as srv:
        srv.script(Reply.content("still not json"))
        rj, log = run(settings(srv.base_url, out, max_reasks=2), articles, out)
    reconcile(rj, log)
    assert rj["llm"]["fallback_reasons"] == {"invalid_answer": 1}
    assert [(e["purpose"], e["outcome"]) for e in log] == [("ask", "invalid_answer")] + [
        ("reask", "invalid_answer")
    ] * 2
    assert all(e["message"] and "\n" not in e["message"] for e in log)
    assert "JSON" in log[0]["message"] and "claims" in log[1]["message"]
    rows = llm_log(out)
    assert sum("invalid_answer (re-ask): " in r for r in rows) == 2 and sum("invalid_answer: " in r for r in rows) == 1
    assert "; outcomes invalid_answer 3; " in summary_of(out, rj["run_id"])


# ------------------------------------------------------------ after --resume
def _cut_journal(out: Path, keep: int) -> None:
    """OUT/journal.jsonl as a run killed after `keep` documents leaves it (header + the first entries)."""
    path = out / "journal.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: 1 + keep]), encoding="utf-8")


@pytest.mark.parametrize("no_fallback", [False, True], ids=["fallback", "no-fallback"])
def test_resume_accounts_for_the_llm_failures_journaled_before_the_interruption(tmp_path, articles, no_fallback):
    """Two documents fail in the LLM (500s) before the run is killed; the server is fixed; --resume does
    the third with the model. The summary, run.json and the exit code still count the first two."""
    broken = {"on": True}

    def responder(body: dict) -> Reply:
        return server_error() if broken["on"] else quotes_responder(body)

    out = tmp_path / "o"
    flags = ["--no-fallback"] if no_fallback else []
    with ScriptedOpenAI(responder=responder) as srv:
        args = ["extract", str(articles), "-o", str(out), "--no-cache", "--backend", "llm"]
        args += ["--base-url", srv.base_url, "--max-retries", "0", *flags]
        first = CliRunner().invoke(app, args, env={"OPENAI_API_KEY": KEY})
        assert first.exit_code == (1 if no_fallback else 3), first.output
        _cut_journal(out, 2)
        broken["on"] = False
        res = CliRunner().invoke(app, [*args, "--resume"], env={"OPENAI_API_KEY": KEY})
    llm = json.loads((out / "run.json").read_text())["llm"]
    assert llm["documents_by_backend"] == ({"llm": 1} if no_fallback else {"llm": 1, "rules": 2})
    if no_fallback:
        assert res.exit_code == 1, res.output
        assert llm["failed_documents"] == ["bus_lanes", "harbour"] and llm["fallbacks"] == 0
        assert "2 of 3 documents failed in the LLM backend (before_resume 2)" in res.stderr
    else:
        assert res.exit_code == 3, res.output
        assert llm["fallbacks"] == 2 and llm["fallback_documents"] == ["bus_lanes", "harbour"]
        assert llm["failed_documents"] == []
        assert "2 documents fell back to rules" in res.stdout
        assert "2 of 3 documents came from the rules fallback, not the model (before_resume 2)" in res.stderr
    assert llm["fallback_reasons"] == {"before_resume": 2}


def test_the_summary_counts_one_attempt_in_the_singular():
    from claimex.llm.reqlog import summary

    line = summary("r1", [{"attempts": 1, "outcome": "ok", "schema_mode": "json_schema"}])
    assert line.startswith("run r1: requests 1 sent in 1 attempt, 0 not sent; outcomes ok 1;")
    assert "in 2 attempts," in summary("r1", [{"attempts": 2, "outcome": "ok"}])
