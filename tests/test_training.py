"""The PolNeAR trainers (training/): without their data they stop with one line naming the file; their
averaged SGD keeps the mean of the weights; they write pinned settings unless asked to choose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


sys.path.insert(0, str(ROOT / "training"))
import train_attribution  # noqa: E402


@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from("abc"), st.floats(-1.0, 1.0, allow_nan=False)), min_size=1, max_size=40
    )
)
def test_the_averager_keeps_the_mean_of_the_weights_after_every_step_since_it_started(steps):
    """Lazily kept, it gives what recording every step's weights and averaging them would: each
    (new step?, feature, update) applies one update to the weights, a step counting only once started."""
    w: dict[str, float] = {"a": 0.5}
    avg = train_attribution.Averager()
    snapshots: list[dict[str, float]] = []
    for n, (new_step, f, d) in enumerate(steps):
        if new_step or n == 0:
            if n:
                snapshots.append(dict(w))
            avg.step()
        w[f] = w.get(f, 0.0) + d
        avg.update(f, d)
    snapshots.append(dict(w))
    got = avg.average(w)
    for f in w:
        want = sum(s.get(f, 0.0) for s in snapshots) / len(snapshots)
        assert got[f] == pytest.approx(want, abs=1e-9)


def test_a_trainer_writes_its_pinned_setting_unless_asked_to_choose(capsys):
    assert train_attribution.settle("threshold", 0.62, 0.68, choose=False) == 0.68
    assert "threshold: 0.68 (pinned; the folds now choose 0.62, written with --choose)" in capsys.readouterr().err
    assert train_attribution.settle("threshold", 0.62, 0.68, choose=True) == 0.62
    assert train_attribution.settle("margin", 0.0, 0.0, choose=False) == 0.0
    assert capsys.readouterr().err.splitlines()[-1] == "margin: 0.0 (pinned)"
