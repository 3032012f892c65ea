"""Rule-backend CPU seconds per 100 KB by text kind (issue 17), one command:

    .venv/bin/python benchmarks/bench_adversarial.py                   # every kind at 1, 4 and 16 KB
    .venv/bin/python benchmarks/bench_adversarial.py --sizes 300 3000 --cap 20 --kinds quote_asides

Each (kind, size) runs in its own subprocess under a CPU-time limit (`--cap`
seconds, RLIMIT_CPU), so a catastrophic case prints ">cap" instead of hanging.
The work timed is what `pipeline.run.process_document` does per document with
the rule backend: segment, extract, resolve speakers, ground. Texts come from
`adversarial.py`; CPU time (time.process_time), best of a few repeats, each
repeat long enough (>= 0.2 s) to be measurable on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from adversarial import KINDS, make  # noqa: E402


def seconds_per_100kb(kind: str, n: int, min_cpu: float = 0.2, repeats: int = 3) -> tuple[int, float]:
    """(text length, best CPU seconds per 100 KB) for one generated text, in this process."""
    from claimex.backends.rules import RuleExtractor
    from claimex.models import Document
    from claimex.run import process_document

    text = make(kind, n)
    doc = Document(doc_id="adv", text=text)
    ex = RuleExtractor()
    best = float("inf")
    for _ in range(repeats):
        loops = 0
        t0 = time.process_time()
        while True:
            process_document(doc, ex)
            loops += 1
            spent = time.process_time() - t0
            if spent >= min_cpu:
                break
        best = min(best, spent / loops)
    return len(text), best / len(text) * 100_000


def _limit(cap: float):
    def f() -> None:
        c = max(1, int(cap))
        resource.setrlimit(resource.RLIMIT_CPU, (c, c + 1))

    return f


def run_case(kind: str, n: int, cap: float) -> str:
    """One case in a subprocess: its s/100KB as text, or '>cap'."""
    code = (
        f"import json,sys; sys.path.insert(0, {str(HERE)!r}); from bench_adversarial import seconds_per_100kb;"
        f" print(json.dumps(seconds_per_100kb({kind!r}, {n})))"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=cap * 6 + 30,
            preexec_fn=_limit(cap),  # noqa: PLW1509 - only sets a CPU limit in the child
            cwd=HERE.parent,
        )
    except subprocess.TimeoutExpired:
        return f">{cap:g}s"
    if out.returncode != 0:
        return f">{cap:g}s" if out.returncode < 0 else "error"
    _, s = json.loads(out.stdout.strip().splitlines()[-1])
    return f"{s:.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000], help="text sizes in characters")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    ap.add_argument("--cap", type=float, default=20.0, help="CPU seconds per case before it counts as '>cap'")
    args = ap.parse_args()
    head = f"{'kind':<22}" + "".join(f"{n:>12,}" for n in args.sizes)
    print("CPU seconds per 100 KB (process_document with the rule backend)")
    print(head)
    for kind in args.kinds:
        row = f"{kind:<22}"
        dead = False
        for n in args.sizes:
            cell = f">{args.cap:g}s" if dead else run_case(kind, n, args.cap)
            dead = cell.startswith(">")  # a bigger text of a catastrophic kind only takes longer
            row += f"{cell:>12}"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
