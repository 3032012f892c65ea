"""The PolNeAR trainers (training/): without their data they stop with one line naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script", ["train_attribution.py", "train_keep.py", "train_rerank.py", "rule_precision.py"])
def test_a_missing_train_file_is_one_line_naming_it(tmp_path, script):
    absent = tmp_path / "polnear_train.jsonl.gz"
    res = subprocess.run(
        [sys.executable, str(ROOT / "training" / script), str(absent), "--out", str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2
    assert res.stderr.splitlines() == [
        f"error: missing training data: {absent} (pass the file as the first argument, or SHARED= for make train)"
    ]
    assert not (tmp_path / "out.json").exists()
