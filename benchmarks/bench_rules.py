"""Rule-backend extraction speed, one command (issue: >= 200 articles per second per core):

    .venv/bin/python benchmarks/bench_rules.py                      # 1,000 generated news-length articles
    .venv/bin/python benchmarks/bench_rules.py --jsonl FILE.jsonl   # your own articles ({"text": ...} per line)

Times segment + extract (the rule backend's own work; the whole pipeline, with
speaker resolution, grounding, merge and output, is `bench_pipeline.py`) in
this process, on CPU time, best of `--repeat` passes, and prints milliseconds
and articles per CPU-second, overall and per pass. Exit status 1 when the
rate is below `--target` (default 200), so it can gate a release script.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import generate  # noqa: E402

from claimex.backends.rules import extract_rules  # noqa: E402
from claimex.models import Document  # noqa: E402
from claimex.segment import segment  # noqa: E402


def load(jsonl: Path | None, n: int, seed: int) -> list[Document]:
    """Documents to time: generated news-length articles, or the texts of a JSONL file."""
    if jsonl is None:
        return [Document(doc_id=str(i), text=a["text"]) for i, a in zip(range(n), generate(10**9, seed))]
    docs = []
    with open(jsonl, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if line.strip():
                docs.append(Document(doc_id=str(i), text=json.loads(line)["text"]))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="generated articles (ignored with --jsonl)")
    ap.add_argument("--jsonl", type=Path, help="time these articles instead (one JSON object with 'text' per line)")
    ap.add_argument("--repeat", type=int, default=3, help="passes; the best is reported")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--target", type=float, default=200.0, help="articles per CPU-second to pass")
    args = ap.parse_args()

    docs = load(args.jsonl, args.docs, args.seed)
    chars = sum(len(d.text) for d in docs)
    mentions = 0
    passes = []
    for _ in range(max(1, args.repeat)):
        t0 = time.process_time()
        mentions = sum(len(extract_rules(segment(d))) for d in docs)
        passes.append(time.process_time() - t0)
    best = min(passes)
    rate = len(docs) / best
    print(f"{len(docs):,} articles, {chars / len(docs):,.0f} characters each on average, {mentions:,} mentions")
    print("passes (CPU s): " + ", ".join(f"{p:.2f}" for p in passes))
    print(
        f"segment + extract: {best / len(docs) * 1000:.2f} ms per article, {rate:,.0f} articles per CPU-second, "
        f"{chars / best / 1e6:.2f} MB/s"
    )
    ok = rate >= args.target
    print(f">= {args.target:.0f} articles per CPU-second: {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
