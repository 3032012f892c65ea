"""How much --concurrency buys the LLM backend when the model is the bottleneck (rerunnable, offline).

Starts the tests' scripted OpenAI-compatible server on 127.0.0.1 with a fixed
latency per request, runs the seeds (copied N times under new names) through
the LLM backend at several concurrency levels without a cache, and prints
documents per second and whether the output was identical. Then re-runs with a
warm cache and prints the requests it made (should be 0).

    .venv/bin/python benchmarks/llm_concurrency.py [--copies 8] [--latency 0.2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "backends"))

from scripted_openai import ScriptedOpenAI, quotes_responder  # noqa: E402

from claimex.backends.llm import LLMExtractor  # noqa: E402
from claimex.llm.settings import LLMSettings  # noqa: E402
from claimex.run import run_batch  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=8, help="copies of the seeds (documents = 5 x copies)")
    ap.add_argument("--latency", type=float, default=0.2, help="seconds the server takes per request")
    ap.add_argument("--levels", default="1,4,8,16")
    args = ap.parse_args()

    def slow(body):
        time.sleep(args.latency)
        return quotes_responder(body)

    with tempfile.TemporaryDirectory() as tmp_name, ScriptedOpenAI(responder=slow) as srv:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        for k in range(args.copies):
            for p in sorted((ROOT / "seeds").glob("*.txt")):
                (docs / f"{k:03d}_{p.name}").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
        n = len(list(docs.iterdir()))
        base = LLMSettings(model="bench", base_url=srv.base_url, api_key="bench-key", cache_dir=None)
        first = None
        for level in (int(x) for x in args.levels.split(",")):
            ex = LLMExtractor(base)
            t0 = time.perf_counter()
            res = run_batch([str(docs)], ex, tmp / f"out{level}", concurrency=level)
            secs = time.perf_counter() - t0
            ex.close()
            claims = (tmp / f"out{level}" / "claims.jsonl").read_text()
            first = first if first is not None else claims
            print(
                f"concurrency {level:>2}: {n} documents in {secs:6.2f} s = {n / secs:6.1f} docs/s, "
                f"{res.report.extra['llm']['requests']} requests, output identical: {claims == first}"
            )
        cached = base.with_(cache_dir=tmp / "cache")
        for label in ("cold cache", "warm cache"):
            ex = LLMExtractor(cached)
            t0 = time.perf_counter()
            res = run_batch([str(docs)], ex, tmp / "outc", concurrency=8)
            ex.close()
            llm = res.report.extra["llm"]
            print(
                f"{label}: {llm['requests']} requests, {llm['cache']['hits']} cache hits, "
                f"{time.perf_counter() - t0:.2f} s"
            )
        print(json.dumps({"documents": n, "latency": args.latency}))


if __name__ == "__main__":
    main()
