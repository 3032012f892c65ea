"""Check-worthiness in context: the context features, `score_group`, streaming `score_lines` by group,
the `claimex checkworthiness` command on a debate, and the context trainer's determinism.

Every sentence here is made up (tests/fixtures/checkworthy_debate.jsonl is a made-up town-hall
debate); the training data (../shared/checkworthy) is not needed.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimex.checkworthy import (
    CONTEXT_FILE,
    FRAGMENT_CAP,
    GROUP_WEIGHTS_FILE,
    WEIGHTS_FILE,
    _context_model,
    context_version,
    group_model_version,
    model_version,
    score,
    score_group,
    score_lines,
    score_records,
)
from claimex.checkworthy.context import (
    PLAIN_FEATURES,
    SPEAKER_FEATURES,
    is_aside,
    is_question,
    line_features,
    logit,
    rescore,
)
from claimex.checkworthy.features import features
from claimex.checkworthy.types import nothing_to_check
from claimex.cli import app
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
DEBATE = FIXTURES / "checkworthy_debate.jsonl"
runner = CliRunner()


def _debate() -> list[dict]:
    """The fixture's lines of the `townhall` group, in order (the bad line left out)."""
    rows = [json.loads(line) for line in DEBATE.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    return [r for r in rows if r.get("group") == "townhall"]


def _named(row: list[float], names: tuple[str, ...]) -> dict[str, float]:
    return dict(zip(names, row, strict=True))


# --- the context features ---


def test_questions_and_asides():
    assert is_question("Will you raise taxes?") and is_question('He asked, "why?"') and not is_question("Why not.")
    assert is_aside("(APPLAUSE)") and is_aside(" [crosstalk] ") and not is_aside("(He laughs) and goes on.")


def test_speaker_features_of_a_small_debate():
    texts = ["Is it true?", "It rose 5 percent.", "It did.", "(APPLAUSE)", "No, it fell.", "Next question."]
    speakers = ["MOD", "A", "A", "SYSTEM", "B", "MOD"]
    scores = [0.2, 0.9, 0.4, 0.05, 0.6, 0.1]
    rows = [_named(r, SPEAKER_FEATURES) for r in line_features(texts, scores, speakers)]
    assert [r["z"] for r in rows] == [logit(p) for p in scores]
    assert [r["question"] for r in rows] == [1, 0, 0, 0, 0, 0]
    assert [r["after_question"] for r in rows] == [0, 1, 1, 0, 0, 0]  # A's whole turn answers MOD's question
    assert [r["turn_first"] for r in rows] == [1, 1, 0, 1, 1, 1]
    assert [r["before_aside"] for r in rows] == [0, 0, 1, 0, 0, 0]
    assert [r["spk_top"] for r in rows] == [1, 1, 1, 0, 0, 1]  # MOD and A have two lines each
    assert rows[4]["spk_rel"] == 0.5 and rows[3]["spk_rel"] == 0.5
    # the speaker's mean margin relative to the group's: A scores above the group, SYSTEM below
    assert rows[1]["spk_z"] == rows[2]["spk_z"] > 0 > rows[3]["spk_z"]
    # z_std ranks lines as z does; z_near is the neighbours' mean relative to the group's
    assert sorted(range(6), key=lambda i: rows[i]["z"]) == sorted(range(6), key=lambda i: rows[i]["z_std"])
    mean = sum(logit(p) for p in scores) / 6
    assert abs(rows[0]["z_near"] - ((logit(0.9) + logit(0.4)) / 2 - mean)) < 1e-12


def test_without_speakers_only_the_plain_features():
    texts = ["Why?", "Because 3 of 4 said so.", "(LAUGHTER)"]
    rows = line_features(texts, [0.1, 0.8, 0.01], None)
    assert [len(r) for r in rows] == [len(PLAIN_FEATURES)] * 3
    named = [_named(r, PLAIN_FEATURES) for r in rows]
    assert [r["after_question"] for r in named] == [0, 1, 0] and [r["before_aside"] for r in named] == [0, 1, 0]
    assert line_features([], [], None) == [] and len(line_features(["One."], [0.5], ["A"])[0]) == len(SPEAKER_FEATURES)


def test_context_weights_name_their_features_and_sentence_model():
    doc = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    assert doc["version"] == context_version() and doc["sentence_model"] == group_model_version()
    assert tuple(doc["speakers"]["weights"]) == SPEAKER_FEATURES and tuple(doc["plain"]["weights"]) == PLAIN_FEATURES
    assert "CheckThat" in doc["source"]


# --- score_group ---


def test_score_group_keeps_types_caps_fragments_and_is_deterministic():
    rows = _debate()
    texts, speakers = [r["text"] for r in rows], [r["speaker"] for r in rows]
    scored = score_group(texts, speakers)
    assert [k for _, k in scored] == [score(t)[1] for t in texts]
    assert all(0.0 <= p <= 1.0 for p, _ in scored)
    assert all(p <= FRAGMENT_CAP for p, k in scored if k == "fragment")
    assert score_group(texts, speakers) == scored
    assert score_group(texts, None) != scored  # the stage without speakers has weights of its own


def test_the_context_moves_a_line_with_its_group():
    """The same sentence scores differently after a question from a moderator than in a run of greetings."""
    claim = "Unemployment fell to 4 percent last year."
    asked = score_group(["What happened to jobs?", claim, "Thank you."], ["MOD", "A", "MOD"])[1][0]
    alone = score_group(["Hello.", claim, "Thanks."], ["A", "A", "A"])[1][0]
    assert asked != alone


# --- streaming JSONL by group ---


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"text": st.text(max_size=80)},
            optional={"id": st.text(max_size=5), "speaker": st.sampled_from(["A", "B"]), "group": st.none()},
        ),
        max_size=8,
    )
)
def test_lines_without_group_score_as_score_does(rows):
    """Without a group, a line comes out as the model of texts alone scores it (`score`, checkworthy.v2)."""
    out = [json.loads(line) for line, _ in score_lines([json.dumps(r) for r in rows])]
    assert [(o["checkworthiness"], o["claim_type"]) for o in out] == [score(r["text"]) for r in rows]
    assert all(not r.in_context for r in score_records([json.dumps(r) for r in rows]))


def _by_hand(path: Path, text: str) -> float:
    """The capped sentence score of `text` computed from the weights file at `path`, not through `sentence_model`."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    feats = features(text)
    z = doc["bias"] + sum(doc["weights"].get(f, 0.0) for f in feats) / math.sqrt(len(feats))
    p = 1.0 / (1.0 + math.exp(-z))
    return round(min(p, FRAGMENT_CAP) if nothing_to_check(text) else p, 6)


def test_a_grouped_line_is_scored_by_v1_in_context_and_a_line_alone_by_v2():
    rows = [r for r in _debate() if r["text"].strip()]
    texts, speakers = [r["text"] for r in rows], [r["speaker"] for r in rows]
    grouped = [json.dumps(r | {"group": "g"}) for r in rows]
    alone = [json.dumps({k: v for k, v in r.items() if k != "group"}) for r in rows]
    out = [json.loads(line) for line, _ in score_lines(grouped + alone) if line]
    v1 = [_by_hand(GROUP_WEIGHTS_FILE, t) for t in texts]
    v2 = [_by_hand(WEIGHTS_FILE, t) for t in texts]
    assert v1 != v2  # the two files disagree here, so the test sees which one was used
    with_speakers, plain, _ = _context_model()
    in_context = rescore(texts, v1, speakers, with_speakers, plain)
    expected = [round(min(p, FRAGMENT_CAP) if nothing_to_check(t) else p, 6) for t, p in zip(texts, in_context)]
    assert [o["checkworthiness"] for o in out[: len(rows)]] == expected
    assert [o["checkworthiness"] for o in out[len(rows) :]] == v2 == [score(t)[0] for t in texts]


def test_one_group_in_memory_at_a_time():
    """A group's lines come out once the next group starts, before the rest of the input is read."""
    read = []

    def source():
        for g in ("g1", "g2", "g3"):
            for k in range(3):
                read.append((g, k))
                yield json.dumps({"group": g, "speaker": "A", "text": f"Line {k} of {g} cost 5 dollars."})

    results = score_records(source())
    first = [next(results) for _ in range(3)]
    assert all(r.in_context for r in first) and len(read) == 4  # g1's three lines and g2's first
    assert len(list(results)) == 6 and len(read) == 9


def test_a_group_that_comes_back_is_scored_as_a_separate_run():
    texts = ["Taxes rose 3 percent.", "We cut 200 jobs.", "Crime fell by half."]
    lines = [json.dumps({"group": g, "text": t}) for g, t in zip(("a", "b", "a"), texts)]
    out = [json.loads(line)["checkworthiness"] for line, _ in score_lines(lines)]
    assert out == [score_group([t])[0][0] for t in texts]


def test_a_bad_line_inside_a_group_is_reported_and_does_not_cut_the_run():
    texts = ["Taxes rose 3 percent.", "We cut 200 jobs.", "Crime fell by half."]
    lines = [json.dumps({"group": "a", "speaker": "A", "text": t}) for t in texts]
    lines.insert(1, json.dumps({"group": ["a"], "text": "x"}))
    lines.insert(3, json.dumps({"group": "a", "speaker": 3, "text": "x"}))
    out = list(score_lines(lines, "d.jsonl"))
    errors = [e for _, e in out if e]
    assert errors[0].startswith("d.jsonl:2: 'group' must be") and errors[1].startswith("d.jsonl:4: 'speaker' must")
    got = [json.loads(line)["checkworthiness"] for line, _ in out if line]
    assert got == [p for p, _ in score_group(texts, ["A", "A", "A"])]


# --- the command ---


def test_cli_scores_a_debate_in_context_and_the_rest_alone(tmp_path):
    dst = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["checkworthiness", str(DEBATE), "--out", str(dst)])
    assert res.exit_code == 1  # the fixture has one bad line
    assert f"{DEBATE}:7: not JSON" in res.output  # CliRunner mixes stderr into output
    assert f"in the context of their group ({context_version()} over {group_model_version()})" in res.output
    assert f"(model {model_version()};" in res.output
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    source = [json.loads(line) for line in DEBATE.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    assert [r["id"] for r in rows] == [s["id"] for s in source]  # input order, every good line
    debate = _debate()
    expected = score_group([r["text"] for r in debate], [r["speaker"] for r in debate])
    assert [(r["checkworthiness"], r["claim_type"]) for r in rows if r.get("group") == "townhall"] == expected
    for r in rows:
        if "group" not in r:
            assert (r["checkworthiness"], r["claim_type"]) == score(r["text"])
    radio = [r for r in rows if r.get("group") == "radio"]
    assert [(r["checkworthiness"], r["claim_type"]) for r in radio] == score_group([r["text"] for r in radio], None)


# --- the context trainer is deterministic (on a small generated sample) ---


def _sample(data: Path) -> None:
    data.mkdir()
    facts = ["The program cost {n} million dollars.", "Jobs fell {n} percent in {y}.", "We cut taxes by {n} percent."]
    chat = ["Thank you, {s}.", "What do you say to that?", "Good evening.", "(APPLAUSE)"]
    cb, clef = [], []
    for i in range(60):
        text = facts[i % 3].format(n=i, y=1990 + i % 30) if i % 3 == 0 else chat[i % 4].format(s="senator")
        cb.append({"id": f"cb-{i}", "text": text, "label": int(i % 3 == 0)})
    for d in range(6):
        for i in range(20):
            speaker = "MOD" if i % 5 == 0 else ("A" if i % 2 else "B")
            text = facts[i % 3].format(n=i + d, y=2000 + i) if speaker != "MOD" else chat[i % 4].format(s="mayor")
            label = int(speaker != "MOD" and i % 3 == 1)
            clef.append({"id": f"d{d}-{i}", "group": f"d{d}", "speaker": speaker, "text": text, "label": label})
    (data / "claimbuster_train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in cb), encoding="utf-8")
    (data / "clef2019_train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in clef), encoding="utf-8")


def test_context_training_writes_the_same_bytes_twice(tmp_path):
    data = tmp_path / "data"
    _sample(data)
    outs = []
    for k in range(2):
        out = tmp_path / f"c{k}.json"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "training" / "train_checkworthy_context.py"),
                "--data",
                str(data),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert doc["trained_on"] == {
        "debates": 6,
        "lines": 120,
        "positives": sum(1 for i in range(20) if i % 5 and i % 3 == 1) * 6,
    }
    assert tuple(doc["speakers"]["weights"]) == SPEAKER_FEATURES
