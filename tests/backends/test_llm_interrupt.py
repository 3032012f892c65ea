"""Ctrl-C (SIGINT) and SIGTERM while a model request is in flight, through a real `python -m claimex extract`.

The scripted server holds one document's request open (as a slow model or a hung proxy does): the run
must stop at once, not after that request's `--timeout`, keep the journal of what finished, exit 130
(143) with its lines, and `--resume` must ask again for the document it gave up, nothing lost or doubled.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from claimex.journal import JOURNAL
from tests.backends.scripted_openai import Reply, ScriptedOpenAI, quotes_responder

ROOT = Path(__file__).resolve().parents[2]


class Holding:
    """A responder that holds every request for the hospital article open until `release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.held = threading.Event()

    def __call__(self, body: dict) -> Reply:
        if "Westbrook" in body["messages"][1]["content"] and not self.release.is_set():
            self.held.set()
            self.release.wait(120)
        return quotes_responder(body)


def extract_cmd(articles: Path, out: Path, url: str, *extra: str) -> list[str]:
    # --timeout far above the test's patience: waiting it out is the defect
    return [sys.executable, "-m", "claimex", "extract", str(articles), "--out", str(out), "--backend", "llm"] + [
        "--base-url",
        url,
        "--timeout",
        "600",
        *extra,
    ]


def journaled(out: Path) -> list[str]:
    lines = (out / JOURNAL).read_text(encoding="utf-8").splitlines()[1:]
    return [json.loads(x)["result"]["doc_id"] for x in lines]


@pytest.mark.parametrize(
    ("signum", "code", "extra"),
    [
        (signal.SIGINT, 130, ()),
        pytest.param(signal.SIGINT, 130, ("--concurrency", "2"), marks=pytest.mark.slow),
        pytest.param(signal.SIGTERM, 143, (), marks=pytest.mark.slow),
    ],
    ids=["ctrl-c", "ctrl-c-concurrency", "sigterm"],
)
def test_a_stop_during_a_request_ends_the_run_at_once_and_resume_asks_again(tmp_path, articles, signum, code, extra):
    holding = Holding()
    with ScriptedOpenAI(responder=holding) as srv:
        holding.release.set()  # the reference: an uninterrupted run
        ref = subprocess.run(
            extract_cmd(articles, tmp_path / "ref", srv.base_url), cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert ref.returncode == 0, ref.stderr
        holding.release.clear()
        out = tmp_path / "out"
        proc = subprocess.Popen(
            extract_cmd(articles, out, srv.base_url, *extra),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert holding.held.wait(60), proc.communicate(timeout=5)
            time.sleep(0.2)  # (the request is in the server's hands: the client waits for the answer)
            proc.send_signal(signum)
            _, stderr = proc.communicate(timeout=60)  # was: until the request's --timeout (600 s)
        finally:
            if proc.poll() is None:
                proc.kill()
            holding.release.set()
        assert proc.returncode == code, stderr
        lines = stderr.splitlines()
        assert "Traceback" not in stderr
        assert lines[-1].startswith("claimex: to continue, run: claimex extract ") and lines[-1].endswith(" --resume")
        assert not any("falling back" in x or "unreachable" in x for x in lines), stderr
        assert not (out / "claims.jsonl").exists()
        kept = journaled(out)
        assert "hospital" not in kept  # given up part-way: not journaled as a fallback or a failure
        before = len(srv.requests)
        res = subprocess.run(
            extract_cmd(articles, out, srv.base_url, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        asked_again = [r.article for r in srv.requests[before:]]
    assert res.returncode == 0, res.stderr
    assert any("Westbrook" in a for a in asked_again)
    assert len(asked_again) == 3 - len(kept)  # each document not journaled asked once, the rest never again
    assert (out / "claims.jsonl").read_bytes() == (tmp_path / "ref" / "claims.jsonl").read_bytes()
    rj = json.loads((out / "run.json").read_text())
    assert rj["documents"] == {"read": 3, "ok": 3, "failed": 0} and rj["llm"]["fallbacks"] == 0
