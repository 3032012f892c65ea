"""Rule-backend throughput, memory and per-stage time, one command:

    .venv/bin/python benchmarks/bench_pipeline.py            # full: 1,000 / 5,000 / 20,000 documents
    .venv/bin/python benchmarks/bench_pipeline.py --quick    # 200 / 1,000 documents (a smoke run)

Each measurement runs `python -m claimex extract` on a generated corpus
(`benchmarks/corpus.py`, deterministic, news-length articles) in its own
subprocess, and reads that process's peak RSS from `os.wait4` (which covers
its worker processes too) and the seconds per stage from its run.json. It first compiles claimex's
bytecode (`compileall`, as a wheel install does and `make install` does), so no run pays for compiling
the sources (an editable install under PYTHONDONTWRITEBYTECODE would, ~0.15 CPU-s per run).
Reports, per size: articles/s, MB/s, peak RSS, stage times; then checks the
issue's targets: cost per document flat (largest size within 25x... of
smallest, scaled), >= 200 articles/s on one core, `--workers 2` speed-up,
and peak RSS with `--no-merge` at the smallest vs largest size within 1.5x.
`--jsonl FILE` also runs the whole pipeline on that JSONL corpus (e.g. `--jsonl ../shared/eval/polnear_dev.jsonl`,
the 84 PolNeAR dev articles, about 5.5 KB each) and checks >= 100 articles per CPU-second there, process
start-up included (the CPU time is the whole `claimex extract` process's).
`--json FILE` also writes the raw figures; `--readme` replaces the table in README.md (between the
`bench_pipeline` markers) with this run's, so the README shows what the script measures, column for column
(tests/test_docs.py checks the README table has the script's columns).
"""

from __future__ import annotations

import argparse
import compileall
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

HEADER = "| docs | options | wall s | art/s | art/CPU-s | MB/s | peak RSS MB | stage seconds (summed over documents) |"
ALIGN = "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"
README = ROOT / "README.md"
BEGIN = "<!-- bench_pipeline:begin (written by `benchmarks/bench_pipeline.py --readme`) -->"
END = "<!-- bench_pipeline:end -->"


def write_readme(lines: list[str]) -> None:
    """Replace the README's benchmark block (between BEGIN and END) with `lines`."""
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")


def measure(corpus: Path, n_docs: int, size: int, work: Path, *args: str) -> dict:
    """One `claimex extract` run in a subprocess: wall time, peak RSS, run.json."""
    out = work / f"out-{n_docs}-{'-'.join(a.strip('-') for a in args) or 'default'}"
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
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    run = json.loads((out / "run.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
    return {
        "docs": n_docs,
        "args": list(args),
        "wall_s": round(wall, 2),
        "articles_per_s": round(n_docs / wall, 1),
        "mb_per_s": round(size / 1e6 / wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "articles_per_cpu_s": round(n_docs / (usage.ru_utime + usage.ru_stime), 1),
        "stages": run["seconds"],
        "claims": run["claims_written"],
        "mentions": run["mentions"]["grounded"],
    }


def _measure_jsonl(path: Path, work: Path) -> dict:
    """The whole pipeline on a given JSONL corpus (one article a line), in one process, start-up included."""
    raw = path.read_bytes()
    lines = [line for line in raw.splitlines() if line.strip()]
    # the articles' own size: a line may carry more than its text (PolNeAR's lines hold the gold annotations)
    text_bytes = sum(len(str(json.loads(line).get("text", "")).encode()) for line in lines)
    r = measure(path, len(lines), len(raw), work)
    r.update(name=path.name, kb_per_doc=text_bytes / 1e3 / max(len(lines), 1))
    return r


def fmt_row(r: dict) -> str:
    st = r["stages"]
    stage = " ".join(
        f"{k}={st[k]:.1f}" for k in ("segment", "extract", "resolve", "ground", "merge", "emit") if k in st
    )
    return (
        f"| {r['docs']:>6,} | {' '.join(r['args']) or r.get('name', '-'):<12} | {r['wall_s']:>7.1f} | {r['articles_per_s']:>7.1f} "
        f"| {r['articles_per_cpu_s']:>7.1f} "
        f"| {r['mb_per_s']:>5.2f} | {r['peak_rss_mb']:>7.1f} | {stage} |"
    )


def big_article(mb: float, seed: int, work: Path, keep: bool) -> int:
    """One huge .txt article: processed window by window, so time and memory must stay reasonable."""
    from corpus import generate

    path = work / "big.txt"
    size, n = 0, 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for art in generate(10**9, seed):
            fh.write(art["text"] + "\n")
            size += len(art["text"].encode()) + 1
            n += 1
            if size >= mb * 1e6:
                break
    try:
        r = measure(path, 1, size, work, "--max-doc-mb", str(int(mb) + 10))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(
        f"one article of {size / 1e6:.1f} MB ({n:,} generated articles joined): {r['wall_s']:.1f} s wall, "
        f"{r['cpu_s']:.1f} s CPU, {size / 1e6 / r['cpu_s']:.2f} MB per CPU-second, peak RSS {r['peak_rss_mb']:.0f} MB, "
        f"{r['mentions']:,} mentions, stages {r['stages']}"
    )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description="claimex rule-backend benchmark")
    ap.add_argument("--sizes", default="1000,5000,20000", help="corpus sizes (documents), comma-separated")
    ap.add_argument("--quick", action="store_true", help="sizes 200,1000 (smoke run)")
    ap.add_argument("--workers", type=int, default=2, help="also run the middle size with this many workers")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="write the raw figures here")
    ap.add_argument("--jsonl", help="also run on this JSONL corpus (e.g. the PolNeAR dev split), start-up included")
    ap.add_argument("--readme", action="store_true", help="replace README.md's benchmark table with this run's")
    ap.add_argument("--workdir", help="keep corpora here (default: a temp dir, removed)")
    ap.add_argument(
        "--big-mb",
        type=float,
        default=0,
        help="instead: one article of this many MB (generated articles joined), --max-doc-mb raised",
    )
    a = ap.parse_args()
    sizes = [200, 1000] if a.quick else [int(s) for s in a.sizes.split(",")]
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="claimex-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"claimex rule backend, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, corpus seed {a.seed}")
    if a.big_mb:
        return big_article(a.big_mb, a.seed, work, keep=bool(a.workdir))
    print(
        f"load average before: {os.getloadavg()[0]:.2f} (other processes on the machine skew wall times; "
        "art/CPU-s does not depend on them)"
    )
    # What an installed claimex runs: its bytecode compiled (a wheel install does it; an editable one
    # under PYTHONDONTWRITEBYTECODE never does, and every run would recompile every module, ~0.15 CPU-s).
    compileall.compile_dir(str(ROOT / "pipeline"), quiet=1)
    print(HEADER)
    print(ALIGN)
    rows: list[dict] = []
    corpora: dict[int, tuple[Path, int]] = {}
    try:
        for n in sizes:
            path = work / f"corpus-{n}.jsonl"
            corpora[n] = (path, write_jsonl(path, n, a.seed))
        for n in sizes:  # whole pipeline, one process
            rows.append(measure(corpora[n][0], n, corpora[n][1], work))
            print(fmt_row(rows[-1]), flush=True)
        streamed = []
        for n in (sizes[0], sizes[-1]):  # memory with --no-merge
            streamed.append(measure(corpora[n][0], n, corpora[n][1], work, "--no-merge"))
            print(fmt_row(streamed[-1]), flush=True)
        mid = sizes[len(sizes) // 2]
        par = []
        if a.workers > 1:
            for args in (["--no-merge"], ["--no-merge", "--workers", str(a.workers)], ["--workers", str(a.workers)]):
                par.append(measure(corpora[mid][0], mid, corpora[mid][1], work, *args))
                print(fmt_row(par[-1]), flush=True)
        given = [_measure_jsonl(Path(a.jsonl), work)] if a.jsonl else []
        for r in given:
            print(fmt_row(r), flush=True)
    finally:
        if not a.workdir:
            shutil.rmtree(work, ignore_errors=True)

    small, big = rows[0], rows[-1]
    # CPU time, not wall time: on a shared machine other processes stretch wall times unevenly.
    ratio_t = big["cpu_s"] / small["cpu_s"]
    allowed = 25 * big["docs"] / 20_000 * 1_000 / small["docs"]  # 25x for 1,000 -> 20,000
    one_core = min(r["articles_per_cpu_s"] for r in rows)  # the slowest size must meet the target
    rss_ratio = streamed[1]["peak_rss_mb"] / streamed[0]["peak_rss_mb"]
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    checks = [
        (
            f"cost per document flat: {big['docs']:,} docs took {ratio_t:.1f}x the CPU time of {small['docs']:,} "
            f"({big['wall_s'] / small['wall_s']:.1f}x the wall time; limit {allowed:.1f}x)",
            ratio_t <= allowed,
        ),
        (f"one core, whole pipeline: {one_core:.0f} articles per CPU-second (target >= 200)", one_core >= 200),
        (
            f"--no-merge peak RSS {streamed[1]['docs']:,} vs {streamed[0]['docs']:,} docs: {rss_ratio:.2f}x "
            f"(limit 1.5x)",
            rss_ratio <= 1.5,
        ),
    ]
    for r in given:
        checks.append(
            (
                f"{r['name']} ({r['docs']:,} articles, {r['kb_per_doc']:.1f} KB each), whole pipeline, process "
                f"start-up included: {r['articles_per_cpu_s']:.0f} articles per CPU-second (target >= 100)",
                r["articles_per_cpu_s"] >= 100,
            )
        )
    if par:
        sp = par[0]["wall_s"] / par[1]["wall_s"]
        sp_all = rows[sizes.index(mid)]["wall_s"] / par[2]["wall_s"]
        checks.append(
            (
                f"--workers {a.workers} speed-up at {mid:,} docs: {sp:.2f}x with --no-merge, "
                f"{sp_all:.2f}x with the (single-process) merge",
                sp >= 1.5,
            )
        )
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    if a.readme:
        table = [HEADER, ALIGN] + [fmt_row(r) for r in rows + streamed + par + given]
        verdicts = ["", "| target | result |", "| --- | --- |"]
        verdicts += [f"| {text} | **{'pass' if ok else 'FAIL'}** |" for text, ok in checks]
        write_readme(table + verdicts)
    if a.json:
        Path(a.json).write_text(
            json.dumps(
                {
                    "runs": rows,
                    "no_merge": streamed,
                    "workers": par,
                    "jsonl": given,
                    "checks": [{"check": t, "ok": ok} for t, ok in checks],
                },
                indent=2,
            )
        )
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
