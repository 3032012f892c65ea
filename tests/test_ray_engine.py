"""`extract --engine ray`: the same outputs as the local engine, on a local Ray instance with 2 workers.

Marked `ray`: `make test` deselects them (Ray is an optional extra, ~80 MB);
`make test-ray` installs `.[ray,test]` and runs them with CLAIMEX_REQUIRE_RAY=1,
where a missing Ray is a failure, not a skip.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.backends.rules import RuleExtractor
from claimex.cli import app
from claimex.emit import CLAIMS, DOCUMENTS, ERRORS
from claimex.run import run_batch

pytestmark = pytest.mark.ray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def _need_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        if os.environ.get("CLAIMEX_REQUIRE_RAY") == "1":
            pytest.fail("Ray is not installed (make test-ray installs .[ray,test])")
        pytest.skip("Ray is not installed (pip install 'claimex[ray]'; make test-ray)")
    return ray


@pytest.fixture(scope="module")
def ray_instance():
    """One local Ray instance with 2 CPUs for the module (the engine reuses an initialised Ray)."""
    ray = _need_ray()
    from claimex.engines.ray_engine import start_ray

    started = start_ray(None, 2)
    yield ray
    if started:
        ray.shutdown()


def without_seconds(path: Path) -> list[dict]:
    """documents.jsonl lines minus their stage timings (which no two runs share)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        obj.pop("seconds")
        out.append(obj)
    return out


def run_both(inputs: list[str], tmp_path: Path, **kw):
    from claimex.engines.ray_engine import run_batch_ray

    local, ray_out = tmp_path / "local", tmp_path / "ray"
    a = run_batch(inputs, RuleExtractor(), local, **kw)
    b = run_batch_ray(inputs, RuleExtractor, ray_out, workers=2, **kw)
    return local, ray_out, a, b


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A generated corpus (news-length articles, 3 pieces) plus bad inputs of every kind ingest knows."""
    from corpus import generate

    d = tmp_path / "in"
    d.mkdir()
    arts = list(generate(70, seed=11))
    with open(d / "a_archive.jsonl", "w", encoding="utf-8") as fh:
        for a in arts[:60]:
            fh.write(json.dumps(a) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "no-text"}) + "\n")
        fh.write(json.dumps(arts[3]) + "\n")  # a doc_id already seen
    for a in arts[60:]:
        (d / f"{a['id']}.txt").write_text(a["text"], encoding="utf-8")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"abc\x00def")
    (d / "latin1.txt").write_bytes('caf\xe9 said: "no"'.encode("latin-1"))
    (d / "bench-000005.txt").write_text('A second file with a doc_id already seen. "Yes," she said.\n')
    return d


def test_seeds_identical(ray_instance, tmp_path, seeds_dir):
    local, ray_out, a, b = run_both([str(seeds_dir)], tmp_path)
    assert (local / CLAIMS).read_bytes() == (ray_out / CLAIMS).read_bytes()
    assert (local / ERRORS).read_bytes() == (ray_out / ERRORS).read_bytes()
    assert without_seconds(local / DOCUMENTS) == without_seconds(ray_out / DOCUMENTS)
    assert len(b.claims) == len(a.claims) > 20


def test_generated_corpus_with_bad_inputs_identical(ray_instance, tmp_path, corpus):
    inputs = [str(corpus), str(tmp_path / "missing.txt")]
    local, ray_out, a, b = run_both(inputs, tmp_path)
    assert (local / CLAIMS).read_bytes() == (ray_out / CLAIMS).read_bytes()
    assert (local / ERRORS).read_bytes() == (ray_out / ERRORS).read_bytes()
    assert without_seconds(local / DOCUMENTS) == without_seconds(ray_out / DOCUMENTS)
    kinds = sorted(e.error for e in b.errors)
    assert kinds == [
        "BadJSON",
        "BadRecord",
        "BinaryFile",
        "DuplicateId",
        "DuplicateId",
        "EmptyDocument",
        "EncodingError",
        "NotFound",
    ]
    dup = [e for e in b.errors if e.error == "DuplicateId" and e.path.endswith(".jsonl")][0]
    assert dup.line == 63 and dup.doc_id == "bench-000003"
    rl, rr = (json.loads((d / "run.json").read_text()) for d in (local, ray_out))
    assert rr["documents"] == rl["documents"] == {"read": 78, "ok": 70, "failed": 8}
    assert rr["mentions"] == rl["mentions"] and rr["claims_written"] == rl["claims_written"] > 200
    assert rr["engine"] == {"name": "ray", "address": None, "workers": 2}


def test_ray_journal_resumes_with_the_local_engine(ray_instance, tmp_path, corpus):
    """The Ray engine refuses --resume, but its journal is the local engine's: a local resume of a
    finished Ray run rewrites the same claims."""
    from claimex.engines.ray_engine import run_batch_ray
    from claimex.errors import UsageError

    out = tmp_path / "ray"
    run_batch_ray([str(corpus)], RuleExtractor, out, workers=2)
    first = (out / CLAIMS).read_bytes()
    with pytest.raises(UsageError, match="--resume is not supported with --engine ray"):
        run_batch_ray([str(corpus)], RuleExtractor, out, workers=2, resume=True)
    res = run_batch([str(corpus)], RuleExtractor(), out, resume=True)
    assert res.report.extra["journal"]["resumed_after"] == 77
    assert (out / CLAIMS).read_bytes() == first


def test_no_merge_and_stdin_identical(ray_instance, tmp_path, corpus):
    """stdin is read by the driver and cut into pieces like a file; --no-merge claims match the file's."""
    import io

    from claimex.engines.ray_engine import run_batch_ray

    data = (corpus / "a_archive.jsonl").read_bytes()
    b = run_batch_ray(["-"], RuleExtractor, tmp_path / "r", workers=2, merge_across=False, stdin=io.BytesIO(data))
    a = run_batch([str(corpus / "a_archive.jsonl")], RuleExtractor(), tmp_path / "l", merge_across=False)
    assert [c.claim_id for c in b.claims] == [c.claim_id for c in a.claims] and len(a.claims) > 200
    # (a DuplicateId names where the doc_id was first read: the file's path there, <stdin> here)
    src = str(corpus / "a_archive.jsonl")
    assert [(e.line, e.error, e.message) for e in b.errors] == [
        (e.line, e.error, e.message.replace(src, "<stdin>")) for e in a.errors
    ]
    assert {e.path for e in b.errors} == {"<stdin>"}


def test_cli_engine_ray_exit_codes(ray_instance, tmp_path, corpus, seeds_dir):
    runner = CliRunner()
    ok = runner.invoke(
        app,
        [
            "extract",
            str(seeds_dir),
            "--out",
            str(tmp_path / "s"),
            "--backend",
            "rules",
            "--engine",
            "ray",
            "--ray-workers",
            "2",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "(engine: ray)" in ok.output
    bad = runner.invoke(
        app, ["extract", str(corpus), "--out", str(tmp_path / "c"), "--backend", "rules", "--engine", "ray"]
    )
    assert bad.exit_code == 1
    assert "error: " in bad.output and "BinaryFile" in bad.output
    resume = runner.invoke(
        app,
        ["extract", str(seeds_dir), "--out", str(tmp_path / "s"), "--backend", "rules", "--engine", "ray", "--resume"],
    )
    assert resume.exit_code == 2 and "without --engine ray" in resume.output
    workers = runner.invoke(
        app,
        [
            "extract",
            str(seeds_dir),
            "--out",
            str(tmp_path / "w"),
            "--backend",
            "rules",
            "--engine",
            "ray",
            "--workers",
            "2",
        ],
    )
    assert workers.exit_code == 2 and "--ray-workers" in workers.output


def test_llm_cache_shared_across_workers(ray_instance, tmp_path):
    """Each worker builds its own LLM extractor; they share the answer cache by its absolute path, and
    run.json adds up every worker's requests."""
    from claimex.backends.llm import LLMExtractor
    from claimex.engines.ray_engine import run_batch_ray
    from claimex.llm.settings import LLMSettings
    from tests.backends.made_up_articles import ARTICLES
    from tests.backends.scripted_openai import ScriptedOpenAI

    d = tmp_path / "articles"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    for k in range(40):  # enough pieces for both workers
        (d / f"extra{k:02d}.txt").write_text(list(ARTICLES.values())[k % len(ARTICLES)] + f"\nNote {k}.\n")
    with ScriptedOpenAI() as srv:
        s = LLMSettings(
            model="test-model",
            base_url=srv.base_url,
            api_key="sk-test",
            cache_dir=tmp_path / "cache",
            backoff_initial=0.01,
            backoff_max=0.05,
            timeout=10.0,
        )
        factory = functools.partial(LLMExtractor, s)
        run_batch_ray([str(d)], factory, tmp_path / "r1", workers=2, concurrency=4)
        cold = len(srv.requests)
        r1 = json.loads((tmp_path / "r1" / "run.json").read_text())
        assert cold > 40 and r1["llm"]["requests"] == cold and r1["llm"]["cache"]["writes"] == cold
        run_batch_ray([str(d)], factory, tmp_path / "r2", workers=2, concurrency=4)
        r2 = json.loads((tmp_path / "r2" / "run.json").read_text())
        assert len(srv.requests) == cold and r2["llm"]["requests"] == 0 and r2["llm"]["cache"]["hits"] == cold
        ex = LLMExtractor(s)
        try:
            run_batch([str(d)], ex, tmp_path / "l", concurrency=4)
        finally:
            ex.close()
        assert len(srv.requests) == cold
    assert (tmp_path / "l" / CLAIMS).read_bytes() == (tmp_path / "r1" / CLAIMS).read_bytes()


def test_ctrl_c_keeps_the_journal_and_local_resume_finishes(ray_instance, tmp_path):
    """SIGINT to a real `extract --engine ray`: exit 130, the journal kept, and the local engine's
    --resume finishes with the claims of an uninterrupted run."""
    import signal
    import subprocess
    import time

    from corpus import write_jsonl

    corpus = tmp_path / "c.jsonl"
    write_jsonl(corpus, 800, seed=5)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "claimex", "extract", str(corpus), "--out", str(out), "--backend", "rules", "-q"]
    proc = subprocess.Popen(
        [*cmd, "--engine", "ray", "--ray-workers", "2"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"},
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") > 40:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "without the --engine/--ray options, with --resume" in err
    done = journal.read_text(encoding="utf-8").count("\n") - 1
    assert 40 <= done < 800 and not (out / CLAIMS).exists()
    cli_default = 10_000_000  # --max-doc-mb 10: part of the journal's fingerprint
    res = run_batch([str(corpus)], RuleExtractor(), out, resume=True, max_doc_bytes=cli_default)
    assert res.report.extra["journal"]["resumed_after"] == done
    run_batch([str(corpus)], RuleExtractor(), tmp_path / "whole", max_doc_bytes=cli_default)
    assert (out / CLAIMS).read_bytes() == (tmp_path / "whole" / CLAIMS).read_bytes()


def test_a_stopped_map_leaves_no_data_thread_behind(ray_instance):
    """`map` closed early (a Ctrl-C), then what `close` does before it shuts Ray down: no Ray Data
    thread is left that could call Ray after the shutdown (Ray then ends the process with exit 1)."""
    import threading

    from claimex.engines.ray_engine import RayExecutor, _is_data_thread, _join_data_threads

    def data_threads() -> list[str]:
        return sorted(t.name for t in threading.enumerate() if _is_data_thread(t) and t.is_alive())

    ex = RayExecutor(RuleExtractor, workers=2)
    results = ex.map(range(200), str)
    assert [next(results) for _ in range(3)] == ["0", "1", "2"]
    assert "Prefetcher" in data_threads(), "Ray Data's thread names changed: update _DATA_THREADS"
    results.close()
    _join_data_threads()
    assert data_threads() == []
    ex.close()  # it joined the module's Ray instance: that stays up
