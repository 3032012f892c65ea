"""Refactors keep the output: claims and documents match the recorded run byte for byte.

The recorded digests are of `claims.jsonl` and `documents.jsonl` with each mention's `rule` field
(and each document's `seconds` timings) removed and input paths cut to their file names (provenance is new; everything else must not move), for three corpora: the seeds, the PolNeAR
dev split (when `../shared/eval/` is beside the checkout; its text never enters the repo, only the
digest does) and 2,000 articles from `benchmarks/corpus.py`. Each with and without the merge.

A change that is meant to alter output re-records them: `CLAIMEX_GOLDEN_PRINT=1 .venv/bin/python -m
pytest tests/test_golden_outputs.py -m slow -q -s` prints the new digests; paste them below and say
in the commit what changed and why.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

DEV = ROOT.parent / "shared" / "eval" / "polnear_dev.jsonl"

# (corpus, merged?) -> sha256 of the canonical claims.jsonl + documents.jsonl (see canonical_digest)
GOLDEN = {
    ("seeds", True): "eb6155cf25937e89204a66a2dcff361420103256c5ec84f22a9d020a71599f1a",
    ("seeds", False): "5cabb60073d90b0fff4537518e576176063c2cb0286617466519a0ec52eaed08",
    ("dev", True): "c515e08668af860b8d095cdc6af47aed1af74d81d03b8215f2f6afb7be8d0901",
    ("dev", False): "7cdd547460d8ee6c9fcddbc2f44fcbfc49d60a523e654681036acb9009d55d70",
    ("gen2000", True): "05d48ddc59362bd8fe6946265f5783b2e876cb20451970dc06ecca1edc58282e",
    ("gen2000", False): "5a661b6e8475eedac9bc1dd66319285eac9287707bc9708ef27a6ceb936a2e0b",
}


def _strip_rule(obj: dict) -> dict:
    obj.pop("seconds", None)  # documents.jsonl's per-stage timings differ on every run
    if "path" in obj:  # the input's directory depends on where the run was started, not on the code
        obj["path"] = Path(obj["path"]).name
    for m in obj.get("mentions", ()):
        m.pop("rule", None)
        if isinstance(m.get("mention"), dict):
            m["mention"].pop("rule", None)
    return obj


def canonical_digest(out_dir: Path) -> str:
    """sha256 over claims.jsonl then documents.jsonl, each line re-serialised without `rule`."""
    h = hashlib.sha256()
    for name in ("claims.jsonl", "documents.jsonl"):
        h.update(name.encode())
        with open(out_dir / name, encoding="utf-8") as fh:
            for line in fh:
                obj = _strip_rule(json.loads(line))
                h.update(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode())
                h.update(b"\n")
    return h.hexdigest()


def _run(src: Path, out: Path, merged: bool) -> str:
    cmd = [sys.executable, "-m", "claimex", "extract", str(src), "--backend", "rules", "--out", str(out), "-q"]
    if not merged:
        cmd.append("--no-merge")
    subprocess.run(cmd, check=True, cwd=ROOT, timeout=600)
    return canonical_digest(out)


def _check(key: tuple[str, bool], src: Path, tmp_path: Path) -> None:
    digest = _run(src, tmp_path / "out", key[1])
    if os.environ.get("CLAIMEX_GOLDEN_PRINT"):
        print(f"    {key!r}: {digest!r},")
    assert GOLDEN[key], f"no recorded digest for {key}"
    assert digest == GOLDEN[key], f"{key}: the output changed (digest {digest})"


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "no-merge"])
def test_seeds_output_unchanged(merged: bool, tmp_path: Path) -> None:
    _check(("seeds", merged), SEEDS, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/polnear_dev.jsonl is not beside this checkout")
@pytest.mark.parametrize("merged", [True, False], ids=["merged", "no-merge"])
def test_dev_output_unchanged(merged: bool, tmp_path: Path) -> None:
    _check(("dev", merged), DEV, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("merged", [True, False], ids=["merged", "no-merge"])
def test_generated_corpus_output_unchanged(merged: bool, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_jsonl
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    src = tmp_path / "gen2000.jsonl"
    write_jsonl(src, 2000, seed=7)
    _check(("gen2000", merged), src, tmp_path)
