"""The LLM run's bookkeeping: run.json and the request log (`claimex llm-log`) join on one run identifier.

Against servers on 127.0.0.1 only (the scripted OpenAI-compatible server).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimex.backends.llm import LLMExtractor
from claimex.cli import app
from claimex.llm.reqlog import LOG_NAME
from claimex.llm.settings import LLMSettings
from claimex.run import run_batch
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import ScriptedOpenAI, server_error

KEY = "sk-PLANTED-1b2c3d4e5f6a7b8c-topsecret"


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


def llm_log(out: Path) -> list[str]:
    res = CliRunner().invoke(app, ["llm-log", str(out)])
    assert res.exit_code == 0
    return res.stdout.splitlines()


def summary_of(out: Path, run_id: str) -> str:
    [line] = [x for x in llm_log(out) if x.startswith(f"run {run_id}: ")]
    return line


def test_run_json_run_id_is_the_request_log_run_across_two_runs(tmp_path, articles, make_server):
    out = tmp_path / "o"
    srv = make_server()
    first, _ = run(settings(srv.base_url, out), articles, out)
    srv.script(server_error())
    second, log = run(settings(srv.base_url, out), articles, out)
    # the log is appended across runs: each run.json joins exactly its own run's lines
    assert first["run_id"] != second["run_id"]
    assert [e["run"] for e in log] == [first["run_id"]] * len(ARTICLES) + [second["run_id"]] * len(ARTICLES)
    assert summary_of(out, first["run_id"]) and summary_of(out, second["run_id"])


def test_cli_run_json_and_request_log_share_the_run_id(tmp_path, articles):
    with ScriptedOpenAI() as srv:
        args = ["extract", str(articles), "-o", str(tmp_path / "o"), "--no-cache", "--backend", "llm"]
        res = CliRunner().invoke(app, [*args, "--base-url", srv.base_url], env={"OPENAI_API_KEY": KEY})
    assert res.exit_code == 0
    rj = json.loads((tmp_path / "o" / "run.json").read_text())
    assert {e["run"] for e in log_lines(tmp_path / "o")} == {rj["run_id"]}
