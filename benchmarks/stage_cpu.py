"""Where the rule backend's CPU time goes, stage by stage, in one process:

    .venv/bin/python benchmarks/stage_cpu.py CORPUS.jsonl [--reps 3]

`bench_pipeline.py` times whole `claimex extract` runs; this splits one run's
work into the pipeline's stages and runs each over the whole corpus on its own
(CPU time, `time.process_time`, the fastest of `--reps` runs, with the inputs
frozen out of the garbage collector's way), so a change to one stage can be
measured without the noise of the others. Extraction is split into the rule
passes (`learned.ENABLED` off) and the learned layer (`attribution.augment` on
the rules' mentions). The merge's first run is reported apart: it fills the
per-wording caches (check-worthiness, word tokens) a `claimex extract` run
starts without. Start-up is `import claimex.cli` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from claimex.attribution import augment, learned
from claimex.backends.rules.extractor import extract_rules
from claimex.emit import dumps
from claimex.ground import ground
from claimex.ingest import read_jsonl
from claimex.merge import merge
from claimex.models import Document, DocumentResult, ExtractorInfo
from claimex.segment import segment
from claimex.speakers import EntityIndex, clarify, resolve_speakers


def cpu(fn: Callable[[], object], reps: int) -> float:
    """The fastest of `reps` runs of `fn`, in CPU seconds (what the inputs hold is frozen beforehand,
    so the collector's passes over them are not counted)."""
    best = float("inf")
    for _ in range(reps):
        gc.collect()
        gc.freeze()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
        gc.unfreeze()
    return best


def startup_cpu(reps: int) -> float:
    """CPU seconds of a fresh interpreter importing the CLI (the fastest of `reps`)."""
    best = float("inf")
    for _ in range(reps):
        proc = subprocess.Popen([sys.executable, "-c", "import claimex.cli"])
        _, _, usage = os.wait4(proc.pid, 0)
        best = min(best, usage.ru_utime + usage.ru_stime)
    return best


def measure(path: Path, reps: int) -> dict[str, float]:
    """Stage name -> CPU seconds over every document of the JSONL corpus at `path`."""
    with open(path, "rb") as fh:
        docs = [d for d in read_jsonl(fh, str(path)) if isinstance(d, Document)]
    info = ExtractorInfo(backend="rules", version="bench")
    segs = [segment(d) for d in docs]
    learned.ENABLED = False
    rules = [extract_rules(s) for s in segs]
    learned.ENABLED = True
    extracted = [augment(s, m) for s, m in zip(segs, rules)]
    idxs = [EntityIndex(s) for s in segs]
    resolved = [resolve_speakers(s, m, i) for s, m, i in zip(segs, extracted, idxs)]
    grounded = [ground(s, m, info) for s, m in zip(segs, resolved)]
    results = [
        DocumentResult(doc_id=d.doc_id, path=d.path, extractor=info, mentions=tuple(clarify(i, g.mentions)))
        for d, i, g in zip(docs, idxs, grounded)
    ]
    lines = [r.model_dump_json() for r in results]
    mentions = [g for r in results for g in r.mentions]
    out: dict[str, float] = {"start-up (import claimex.cli)": startup_cpu(reps)}
    out["segment"] = cpu(lambda: [segment(d) for d in docs], reps)
    learned.ENABLED = False
    out["extract: rule passes"] = cpu(lambda: [extract_rules(s) for s in segs], reps)
    learned.ENABLED = True
    out["extract: learned layer"] = cpu(lambda: [augment(s, m) for s, m in zip(segs, rules)], reps)
    out["resolve: entity index"] = cpu(lambda: [EntityIndex(s) for s in segs], reps)
    out["resolve: speakers"] = cpu(lambda: [resolve_speakers(s, m, i) for s, m, i in zip(segs, extracted, idxs)], reps)
    out["ground"] = cpu(lambda: [ground(s, m, info) for s, m in zip(segs, resolved)], reps)
    out["ground: clarify"] = cpu(lambda: [clarify(i, g.mentions) for i, g in zip(idxs, grounded)], reps)
    out["journal: write"] = cpu(lambda: [r.model_dump_json() for r in results], reps)
    gc.disable()  # as `run.finish` does for the journal read, the merge and the claim lines
    out["journal: read back"] = cpu(lambda: [DocumentResult.model_validate_json(x) for x in lines], reps)
    out["merge (first run)"] = cpu(lambda: merge(mentions), 1)
    out["merge (caches warm)"] = cpu(lambda: merge(mentions), reps)
    claims = merge(mentions)
    out["emit claim lines"] = cpu(lambda: [dumps(c) for c in claims], reps)
    gc.enable()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="CPU seconds per pipeline stage (rule backend), one process")
    ap.add_argument("corpus", help="a JSONL corpus (e.g. benchmarks/corpus.py output, or the PolNeAR dev split)")
    ap.add_argument("--reps", type=int, default=3, help="runs per stage; the fastest counts")
    a = ap.parse_args()
    out = measure(Path(a.corpus), a.reps)
    n = sum(1 for line in Path(a.corpus).read_bytes().splitlines() if line.strip())
    print(f"{a.corpus}: {n:,} documents, CPU seconds (fastest of {a.reps}), and per 1,000 documents")
    print("| stage | CPU s | per 1,000 docs |")
    print("| --- | ---: | ---: |")
    for stage, secs in out.items():
        per = secs if stage.startswith("start-up") else secs * 1000 / max(n, 1)
        print(f"| {stage} | {secs:.3f} | {per:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
