"""CPU seconds for one ~1 MB document, in one paragraph and in many, against the 30 s `--doc-timeout`:

    .venv/bin/python benchmarks/bench_long_paragraph.py                 # 1 MB, every kind
    .venv/bin/python benchmarks/bench_long_paragraph.py --mb 0.25 --kinds dialogue

A document over 50,000 characters goes window by window (`run.process_windowed`), so its cost is
the windows' cost; what can still make a long document slow is work per window that grows faster
than the window's text: a scan of all of a window's mentions or sentences for each one (found on a
one-paragraph document of 1 MB of dialogue: keep filter, learned layer and pronoun walk, each n**2 in
the mentions per window). Kinds, each in one paragraph (`/1`) and in paragraphs of five sentences
(`/many`):

- news: the generated corpus (`corpus.py`), its sentences run together;
- dialogue: short quotations with their frames and reports (`"…," Maria Keller said.`), a
  transcript's density of mentions;
- replies: `"Yes," he said, "no."` over and over (`adversarial.many_quotes`), where `no.` reads as
  an abbreviation, so one paragraph is one sentence.

Each case runs in its own process, CPU time (time.process_time) of `process_windowed` with the rule
backend, after a warm-up on a short text. Columns: seconds, seconds per MB, mentions.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

KINDS = ("news", "dialogue", "replies")
_NAMES = ["Maria Keller", "John Okafor", "Aisha Novak", "Peter Varga", "Elena Rossi", "Tomas Haddad"]
_SAID = [
    "We will not back down",
    "The numbers do not add up",
    "This is a matter for the courts",
    "Nobody told us anything",
    "The plan works",
    "We have been clear from the start",
]


def _news_sentences(n: int) -> list[str]:
    from corpus import generate

    out: list[str] = []
    size = 0
    for a in generate(10**6, 11):
        for para in a["text"].split("\n"):
            if para.strip():
                out.append(para.strip())
                size += len(para) + 1
        if size >= n:
            return out
    return out


def _dialogue_sentences(n: int) -> list[str]:
    rng = random.Random(7)
    out: list[str] = []
    size = 0
    while size < n:
        who, said, r = rng.choice(_NAMES), rng.choice(_SAID), rng.random()
        if r < 0.3:
            s = f'"{said}," {who} said.'
        elif r < 0.5:
            s = f'"{said}," {rng.choice(["he", "she"])} added.'
        elif r < 0.7:
            s = f"{who} said that {said.lower()}."
        elif r < 0.85:
            s = f"{who.split()[1]} denied that {said.lower()}."
        else:
            s = "The council met on Tuesday to discuss the budget."
        out.append(s)
        size += len(s) + 1
    return out


def make(kind: str, layout: str, n: int) -> str:
    """About n characters of `kind`, in one paragraph (`1`) or paragraphs of five sentences (`many`)."""
    if kind == "replies":
        units = ['"Yes," he said, "no."'] * max(1, n // 22)
    else:
        units = _news_sentences(n) if kind == "news" else _dialogue_sentences(n)
    if layout == "1":
        return " ".join(units)
    return "\n\n".join(" ".join(units[k : k + 5]) for k in range(0, len(units), 5))


def measure(kind: str, layout: str, n: int) -> tuple[int, float, int]:
    """(characters, CPU seconds, mentions) of process_windowed on one document, in this process."""
    import time

    from claimex.backends.rules import RuleExtractor
    from claimex.models import Document
    from claimex.run import process_windowed

    ex = RuleExtractor()
    text = make(kind, layout, n)
    process_windowed(Document(doc_id="warm", text=make(kind, layout, 3_000)), ex)
    t0 = time.process_time()
    r = process_windowed(Document(doc_id="long", text=text), ex)
    return len(text), time.process_time() - t0, len(r.mentions)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="document size in millions of characters")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    args = ap.parse_args()
    n = int(args.mb * 1_000_000)
    print(f"{'kind':<16}{'chars':>12}{'CPU s':>9}{'s/MB':>8}{'mentions':>10}")
    for kind in args.kinds:
        for layout in ("1", "many"):
            code = (
                f"import json,sys; sys.path.insert(0, {str(HERE)!r}); from bench_long_paragraph import measure;"
                f" print(json.dumps(measure({kind!r}, {layout!r}, {n})))"
            )
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HERE.parent)
            if out.returncode != 0:
                print(f"{kind + '/' + layout:<16} error: {out.stderr.strip().splitlines()[-1:]}")
                continue
            chars, secs, mentions = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{kind + '/' + layout:<16}{chars:>12,}{secs:>9.1f}{secs / chars * 1e6:>8.1f}{mentions:>10,}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
