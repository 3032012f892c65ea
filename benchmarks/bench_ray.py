"""The Ray engine's speed-up from 1 to 2 local workers, with the local engine for reference:

    .venv/bin/python benchmarks/bench_ray.py              # 2,000 generated articles
    .venv/bin/python benchmarks/bench_ray.py --docs 500   # quicker

Needs the ray extra (`pip install -e '.[ray]'`). Each configuration is one
`python -m claimex extract --backend rules` subprocess on the same generated
corpus (`benchmarks/corpus.py`: deterministic news-length articles, one JSONL
file): wall time (Ray's start-up included), the seconds of ingest + per-
document stages and of the merge from run.json, and whether claims.jsonl is
byte-identical to the local `--workers 1` run's. The speed-up is stated on
the ingest + stages time (what the workers share) and on the wall time.
A local Ray instance gets as many CPUs as workers; on a 2-core machine with
other load, 2 workers cannot reach 2x. `--json FILE` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_jsonl  # noqa: E402

CONFIGS = [
    ("local, --workers 1", ["--workers", "1"]),
    ("local, --workers 2", ["--workers", "2"]),
    ("ray, 1 worker", ["--engine", "ray", "--ray-workers", "1"]),
    ("ray, 2 workers", ["--engine", "ray", "--ray-workers", "2"]),
]


def measure(corpus: Path, out: Path, args: list[str]) -> dict:
    """One extract run in a subprocess: wall seconds and the run.json stage seconds."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "claimex",
        "extract",
        str(corpus),
        "--out",
        str(out),
        "--backend",
        "rules",
        "-q",
        *args,
    ]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    run = json.loads((out / "run.json").read_text())
    return {
        "wall": wall,
        "stages": run["seconds"]["ingest+stages"],
        "merge": run["seconds"].get("merge", 0.0),
        "documents": run["documents"]["ok"],
        "claims": run["claims_written"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimex-bench-ray-"))
    try:
        corpus = work / "corpus.jsonl"
        size = write_jsonl(corpus, args.docs)
        print(
            f"corpus: {args.docs} articles, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs; "
            f"load average before: {os.getloadavg()[0]:.1f} (other jobs share the CPUs)"
        )
        rows = []
        reference = None
        for name, extra in CONFIGS:
            out = work / name.replace(" ", "").replace(",", "_").replace("-", "")
            r = measure(corpus, out, extra)
            claims = (out / "claims.jsonl").read_bytes()
            reference = reference if reference is not None else claims
            r.update(name=name, identical=claims == reference)
            rows.append(r)
            print(
                f"{name:<20} wall {r['wall']:7.2f} s   ingest+stages {r['stages']:7.2f} s "
                f"({r['documents'] / r['stages']:6.1f} docs/s)   merge {r['merge']:6.2f} s   "
                f"claims identical: {r['identical']}",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        by = {r["name"]: r for r in rows}
        one, two = by["ray, 1 worker"], by["ray, 2 workers"]
        print(
            f"ray speed-up 1 -> 2 workers: ingest+stages {one['stages'] / two['stages']:.2f}x, "
            f"wall {one['wall'] / two['wall']:.2f}x"
        )
        lw1, lw2 = by["local, --workers 1"], by["local, --workers 2"]
        print(
            f"local speed-up 1 -> 2 workers (reference): ingest+stages {lw1['stages'] / lw2['stages']:.2f}x, "
            f"wall {lw1['wall'] / lw2['wall']:.2f}x"
        )
        if args.json:
            args.json.write_text(json.dumps({"docs": args.docs, "bytes": size, "runs": rows}, indent=2))
        if not all(r["identical"] for r in rows):
            raise SystemExit("FAIL: claims.jsonl differs between engines")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
