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
    ("seeds", True): "1c5b963445fdb2793b80ad46b771f641e18d683e3582927adff1e8c4661de721",
    ("seeds", False): "1ea493506a436d3ca52f8fb93214e909e8c30ed39fc5b90ae45836c326414949",
    ("dev", True): "e53afcc6c80022ded1ba6545a9e2edc89fbfe2de26193ba29ed8882e8d226203",
    ("dev", False): "5786d8ebfa17e09f520719b8849f81d08bb69047c0f73760d59b8ee59d8eaef4",
    ("gen2000", True): "556f79f1fd9dce6be02419ccb12e9bf8e769787f8b89a2c7786e631cfa3775ec",
    ("gen2000", False): "8b06e9efe543a2f40c9ffbf070cf83059405e16127052ac2c41fd3d37a204f56",
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
