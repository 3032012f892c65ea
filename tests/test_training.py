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


@given(st.lists(st.text(max_size=6), max_size=30), st.text(max_size=6), st.integers(0, 30))
def test_an_added_example_leaves_the_others_turns_in_the_order_they_were(keys, added, at):
    """The visiting order hangs on the examples' contents, not their places: inserting one example
    anywhere (a rule change's new mention) keeps every other example's turn relative to the rest."""
    at = min(at, len(keys))
    before = [keys[i] for i in train_attribution.visiting_order(keys)]
    grown = keys[:at] + [added] + keys[at:]
    after = [grown[i] for i in train_attribution.visiting_order(grown)]
    after.remove(added)  # equal keys hash alike and sit together, so removing any one of them will do
    assert after == before


def test_a_trainer_writes_its_pinned_setting_unless_asked_to_choose(capsys):
    assert train_attribution.settle("threshold", 0.62, 0.68, choose=False) == 0.68
    assert "threshold: 0.68 (pinned; the folds now choose 0.62, written with --choose)" in capsys.readouterr().err
    assert train_attribution.settle("threshold", 0.62, 0.68, choose=True) == 0.62
    assert train_attribution.settle("margin", 0.0, 0.0, choose=False) == 0.0
    assert capsys.readouterr().err.splitlines()[-1] == "margin: 0.0 (pinned)"


import rule_precision  # noqa: E402


def test_the_learned_rules_precision_is_scaled_to_its_held_out_share(tmp_path):
    """The learned layer was fit on the split its rules' precision is measured on: rule_precision.py
    scales that precision by the layer's held-out over in-sample precision of its additions."""
    weights = tmp_path / "weights.json"
    weights.write_text('{"added_precision": {"held_out": 0.8, "in_sample": 0.9}}', encoding="utf-8")
    factor = rule_precision.held_out_factor(weights)
    assert factor == pytest.approx(0.8 / 0.9)
    row = rule_precision._pooled({"learned.R": {"predictions": 100, "matched": 90, "precision": 0.9}}, factor)
    assert row == {"predictions": 100, "matched": 90, "in_sample_precision": 0.9, "precision": 0.8}
    assert rule_precision._pooled({"x.y": {"predictions": 4, "matched": 3, "precision": 0.75}}) == {
        "predictions": 4,
        "matched": 3,
        "precision": 0.75,
    }
    weights.write_text('{"added_precision": {"held_out": 0.95, "in_sample": 0.9}}', encoding="utf-8")
    assert rule_precision.held_out_factor(weights) == 1.0  # never raised above the in-sample figure


def test_the_shipped_precisions_of_learned_rules_are_the_scaled_ones():
    import json

    doc = json.loads((ROOT / "pipeline" / "backends" / "rules" / "precision.json").read_text(encoding="utf-8"))
    factor = doc["held_out_factor"]["factor"]
    assert factor == pytest.approx(rule_precision.held_out_factor(), abs=1e-4)
    learned = {k: v for k, v in doc["rules"].items() if k.startswith("learned.")}
    assert learned and factor < 1.0
    for v in learned.values():
        assert v["precision"] == pytest.approx(v["in_sample_precision"] * factor, abs=1e-4)
    assert all("in_sample_precision" not in v for k, v in doc["rules"].items() if not k.startswith("learned."))
