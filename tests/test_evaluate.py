"""`claimex eval`: metrics against annotated gold, in both accepted gold formats."""

import json

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.errors import InputError
from claimex.evaluate import Report, evaluate, format_by_rule, load_gold, load_predictions, speaker_matches
from tests.conftest import FIXTURES

GOLD = FIXTURES / "eval_gold.jsonl"


def _pred(tmp_path, rows):
    p = tmp_path / "pred.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return p


def test_perfect_predictions_score_one(tmp_path):
    rows = [
        {
            "doc_id": "g1",
            "speaker": "the mayor",
            "content": "the bridge would reopen in May",
            "content_start": 15,
            "content_end": 45,
        },
        {"doc_id": "g1", "speaker": "she", "content": '"We are on schedule,"', "content_start": 47, "content_end": 68},
        {"doc_id": "g1", "speaker": "Critics", "content": "that the budget was met", "polarity": "denial"},
        {"doc_id": "g2", "speaker": "council spokesman", "content": "it had no comment on the plans"},
    ]
    m = evaluate(load_gold(GOLD), load_predictions(_pred(tmp_path, rows))).to_json()["overall"]
    assert (m["precision"], m["recall"], m["f1"], m["speaker_accuracy"]) == (1.0, 1.0, 1.0, 1.0)
    assert (m["denial_precision"], m["denial_recall"]) == (1.0, 1.0)


def test_misses_wrong_speakers_and_spurious_predictions_count(tmp_path):
    rows = [
        {"doc_id": "g1", "speaker": "Critics", "content": "the bridge would reopen in May"},  # wrong speaker
        {
            "doc_id": "g1",
            "speaker": "Nobody",
            "content": "Nobody spoke",
            "polarity": "denial",
        },  # not in gold (g1 text lacks it)
        {"doc_id": "g2", "speaker": "x", "content": "Nobody spoke"},  # spurious
    ]
    rep = evaluate(load_gold(GOLD), load_predictions(_pred(tmp_path, rows))).to_json()
    m = rep["overall"]
    assert m["gold"] == 4 and m["pred"] == 3 and m["matched"] == 1
    assert m["speaker_accuracy"] == 0.0
    assert rep["documents"]["g1"]["recall"] == pytest.approx(1 / 3, abs=1e-3)


# one claims.jsonl line of GOLD's document g1: the mayor's report, by its mention's offsets
_MAYOR_CLAIM = {
    "claim_id": "c",
    "speaker": {"name": "The Mayor"},
    "polarity": "assertion",
    "content": "x",
    "mentions": [{"doc_id": "g1", "start": 15, "end": 45, "text": "the bridge would reopen in May"}],
}


def test_claims_jsonl_is_accepted_as_predictions(tmp_path):
    claim = _MAYOR_CLAIM
    preds = load_predictions(_pred(tmp_path, [claim]))
    m = evaluate(load_gold(GOLD), preds).to_json()["overall"]
    assert m["matched"] == 1 and m["speaker_accuracy"] == 1.0


def test_speaker_matching_rules():
    assert speaker_matches("Sir Philip Rutnam", "Rutnam")
    assert not speaker_matches("Priti Patel", "Rutnam")
    assert speaker_matches(None, None) and speaker_matches("unknown", None)
    assert not speaker_matches("Rutnam", None)


def test_bad_gold_line_names_file_and_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc_id": "a", "text": "x", "attributions": []}\n{not json\n')
    with pytest.raises(InputError) as e:
        load_gold(bad)
    assert f"{bad}:2" in str(e.value)


def test_cli_eval_prints_table_and_writes_json(tmp_path):
    pred = _pred(tmp_path, [{"doc_id": "g2", "speaker": "spokesman", "content": "it had no comment on the plans"}])
    out = tmp_path / "m.json"
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(pred), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "OVERALL" in res.output and "g1" in res.output
    assert json.loads(out.read_text())["overall"]["matched"] == 1


def test_denial_ratios_without_any_denial_are_na_and_null(tmp_path):
    # Neither g2's gold nor the prediction holds a denial: 0.000 would read as "every denial missed".
    pred = _pred(tmp_path, [{"doc_id": "g2", "speaker": "spokesman", "content": "it had no comment on the plans"}])
    out = tmp_path / "m.json"
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(pred), "--json", str(out)])
    assert res.exit_code == 0, res.output
    g2 = next(line.split() for line in res.output.splitlines() if line.startswith("g2 "))
    assert g2[-2:] == ["n/a", "n/a"]
    report = json.loads(out.read_text())
    for m in (report["overall"], report["documents"]["g2"]):
        assert m["denial_precision"] is None and m["denial_recall"] is None
    # every document's ratios are written as the overall's are: floats (or null), never integers
    for m in (report["overall"], *report["documents"].values()):
        assert all(isinstance(m[k], float) or m[k] is None for k in ("precision", "recall", "f1", "speaker_accuracy"))


def _by_rule_rows():
    """A claims.jsonl: one claim with two mentions by different rules (one right, one not in gold),
    and a flat prediction line naming no rule."""
    claim = {
        "claim_id": "c",
        "speaker": {"name": "The Mayor"},
        "polarity": "assertion",
        "content": "x",
        "mentions": [
            {"doc_id": "g1", "start": 15, "end": 45, "text": "the bridge would reopen in May", "rule": "indirect.x"},
            {"doc_id": "g1", "start": 0, "end": 13, "text": "The mayor sai", "rule": "direct.y"},
            {"doc_id": "g1", "start": 47, "end": 68, "text": '"We are on schedule,"', "rule": "direct.y"},
        ],
    }
    flat = {"doc_id": "g2", "speaker": "spokesman", "content": "it had no comment on the plans"}
    return [claim, flat]


def test_by_rule_counts_predictions_and_matches_per_rule(tmp_path):
    rep = evaluate(load_gold(GOLD), load_predictions(_pred(tmp_path, _by_rule_rows()))).to_json(by_rule=True)
    assert rep["by_rule"] == {
        "(none)": {"predictions": 1, "matched": 1, "precision": 1.0},
        "direct.y": {"predictions": 2, "matched": 1, "precision": 0.5},
        "indirect.x": {"predictions": 1, "matched": 1, "precision": 1.0},
    }
    # the per-rule counts add up to the overall ones
    assert sum(r["predictions"] for r in rep["by_rule"].values()) == rep["overall"]["pred"]
    assert sum(r["matched"] for r in rep["by_rule"].values()) == rep["overall"]["matched"]
    assert "by_rule" not in evaluate(load_gold(GOLD), load_predictions(_pred(tmp_path, _by_rule_rows()))).to_json()


def test_cli_eval_by_rule_prints_and_writes_the_table(tmp_path):
    pred = _pred(tmp_path, _by_rule_rows())
    out = tmp_path / "m.json"
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(pred), "--by-rule", "--json", str(out)])
    assert res.exit_code == 0, res.output
    rows = {line.split()[0]: line.split()[1:] for line in res.output.splitlines() if line.strip()}
    assert rows["direct.y"] == ["2", "1", "0.500"] and rows["indirect.x"] == ["1", "1", "1.000"]
    assert rows["ALL"] == ["4", "3", "0.750"]
    assert json.loads(out.read_text())["by_rule"]["direct.y"]["matched"] == 1
    plain = CliRunner().invoke(app, ["eval", str(GOLD), str(pred)])
    assert "direct.y" not in plain.output


def test_by_rule_on_a_real_run_names_rule_backend_patterns(tmp_path):
    from claimex.backends.rules.patterns import PATTERNS

    gold = tmp_path / "gold.jsonl"
    text = 'The mayor said the bridge would reopen in May. "We are on schedule," she added.'
    gold.write_text(json.dumps({"doc_id": "d", "text": text, "claims": []}) + "\n")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d", "text": text}) + "\n")
    res = CliRunner().invoke(app, ["extract", str(src), "--backend", "rules", "--out", str(tmp_path / "run"), "-q"])
    assert res.exit_code == 0, res.output
    rep = evaluate(load_gold(gold), load_predictions(tmp_path / "run" / "claims.jsonl")).to_json(by_rule=True)
    assert rep["by_rule"] and set(rep["by_rule"]) <= set(PATTERNS)


def test_a_rule_that_is_not_a_string_makes_a_damaged_line(tmp_path):
    rows = [{"doc_id": "g2", "speaker": "x", "content": "it had no comment on the plans", "rule": 3}, *_by_rule_rows()]
    problems: list[str] = []
    rep = evaluate(load_gold(GOLD), load_predictions(_pred(tmp_path, rows), problems)).to_json(by_rule=True)
    assert len(problems) == 1 and "'rule' must be a string" in problems[0]
    assert rep["by_rule"]["direct.y"]["predictions"] == 2


def _perfect_g1_rows():
    """The three predictions that match g1's gold exactly (as in test_perfect_predictions_score_one)."""
    return [
        {"doc_id": "g1", "speaker": "the mayor", "content": "the bridge would reopen in May"},
        {"doc_id": "g1", "speaker": "she", "content": '"We are on schedule,"', "content_start": 47, "content_end": 68},
        {"doc_id": "g1", "speaker": "Critics", "content": "that the budget was met", "polarity": "denial"},
    ]


def test_a_prediction_that_says_nothing_of_where_it_is_is_a_damaged_line_not_a_wrong_one(tmp_path):
    # A line with neither content nor offsets could match nothing: counted, it lowered precision
    # silently; the README makes a line missing a field a PATH:LINE warning.
    empty_mention = {"claim_id": "c", "speaker": {"name": "X"}, "mentions": [{"doc_id": "g1", "rule": "r"}]}
    rows = [
        *_perfect_g1_rows(),
        {"doc_id": "g1"},
        {"doc_id": "g1", "content": "  ", "content_start": 15},
        empty_mention,
        {"doc_id": None, "content": "the bridge would reopen in May"},
        {"doc_id": "g1", "content_start": 15, "content_end": 45},  # offsets alone are enough
    ]
    path = _pred(tmp_path, rows)
    problems: list[str] = []
    m = evaluate(load_gold(GOLD), load_predictions(path, problems)).to_json()["documents"]["g1"]
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{n}" for n in (4, 5, 6, 7)]
    assert "no 'content' nor integer 'content_start' and 'content_end'" in problems[0]
    assert "a mention has no 'text' nor integer 'start' and 'end'" in problems[2]
    assert "'doc_id' must be a non-empty string" in problems[3]
    assert (m["pred"], m["matched"], m["precision"]) == (4, 3, 0.75)


def test_cli_eval_warns_about_a_prediction_line_missing_its_content(tmp_path):
    path = _pred(tmp_path, [*_perfect_g1_rows(), {"doc_id": "g1"}])
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(path)])
    assert res.exit_code == 1, res.output
    assert f"warning: {path}:4: a prediction has no 'content'" in res.stderr
    g1 = next(line.split() for line in res.stdout.splitlines() if line.startswith("g1 "))
    assert g1[1:6] == ["3", "3", "1.000", "1.000", "1.000"]


REPEATED = "Tom Reed said the bridge was safe. Critics denied the bridge was safe."
SAID, DENIED = REPEATED.index("the bridge"), REPEATED.rindex("the bridge")


def _gold(tmp_path, docs):
    g = tmp_path / "gold.jsonl"
    g.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    return g


def _repeated_gold(tmp_path, *claims):
    return load_gold(_gold(tmp_path, [{"doc_id": "d", "text": REPEATED, "claims": list(claims)}]))


REED = {"content": "the bridge was safe", "speaker": "Tom Reed"}
CRITICS = {"content": "the bridge was safe", "speaker": "Critics", "denial": True}


def test_words_said_twice_are_two_gold_places_in_the_order_listed(tmp_path):
    # Both gold claims were placed at the first occurrence: the denial extracted right went unmatched.
    n = len("the bridge was safe")
    reed = {"doc_id": "d", "speaker": "Tom Reed", "content": "the bridge was safe"}
    critics = {"doc_id": "d", "speaker": "Critics", "content": "the bridge was safe", "polarity": "denial"}
    with_offsets = [
        dict(reed, content_start=SAID, content_end=SAID + n),
        dict(critics, content_start=DENIED, content_end=DENIED + n),
    ]
    # without offsets, predictions are placed the same way (in line order)
    for rows in (with_offsets, [reed, critics]):
        m = evaluate(_repeated_gold(tmp_path, REED, CRITICS), load_predictions(_pred(tmp_path, rows))).to_json()
        m = m["overall"]
        assert (m["precision"], m["recall"], m["speaker_accuracy"]) == (1.0, 1.0, 1.0), rows
        assert (m["denial_precision"], m["denial_recall"]) == (1.0, 1.0), rows


def test_a_searched_gold_claim_leaves_a_place_given_by_offsets_to_another(tmp_path):
    n = len("the bridge was safe")
    reed = dict(REED, start=SAID, end=SAID + n)
    (_, [critics, reed_item]) = _repeated_gold(tmp_path, CRITICS, reed)["d"]  # the searched one listed first
    assert critics.tokens != reed_item.tokens
    assert min(critics.tokens) > max(reed_item.tokens)  # the denial is the later occurrence


def test_a_searched_gold_claim_leaves_a_longer_span_given_by_offsets_that_holds_it(tmp_path):
    # Reed's offsets cover "said the bridge was safe": the occurrence inside them is taken too
    reed = dict(REED, content="said the bridge was safe", start=SAID - 5, end=SAID + len("the bridge was safe"))
    (_, [critics, reed_item]) = _repeated_gold(tmp_path, CRITICS, reed)["d"]
    assert min(critics.tokens) > max(reed_item.tokens)


def test_more_gold_claims_than_occurrences_share_the_first(tmp_path):
    text = "Reed and Lee said the bridge was safe."
    g = _gold(tmp_path, [{"doc_id": "d", "text": text, "claims": [dict(REED), dict(REED, speaker="Lee")]}])
    (_, [a, b]) = load_gold(g)["d"]
    assert a.tokens == b.tokens and a.tokens


def test_a_searched_content_prefers_an_occurrence_of_the_same_case(tmp_path):
    text = "The bridge was safe, Reed said. Critics denied the bridge was safe."
    g = _gold(tmp_path, [{"doc_id": "d", "text": text, "claims": [CRITICS, dict(REED, content="The bridge was safe")]}])
    (_, [critics, reed]) = load_gold(g)["d"]
    assert min(critics.tokens) > max(reed.tokens)


RATIOS = ("precision", "recall", "f1", "speaker_accuracy", "denial_precision", "denial_recall")


def test_a_ratio_with_nothing_to_divide_by_is_null_and_na_like_the_denial_ones(tmp_path):
    # A document with nothing to compare showed 0.000 / 0.0: read as "everything wrong".
    text = "Nobody spoke. A spokesman said it had no comment."
    docs = [
        {"doc_id": "empty", "text": text, "claims": []},  # nothing in gold, nothing predicted
        {"doc_id": "missed", "text": text, "claims": [{"content": "it had no comment", "speaker": "A spokesman"}]},
        {"doc_id": "spurious", "text": text, "claims": []},
    ]
    pred = _pred(tmp_path, [{"doc_id": "spurious", "speaker": "x", "content": "it had no comment"}])
    out = tmp_path / "m.json"
    res = CliRunner().invoke(app, ["eval", str(_gold(tmp_path, docs)), str(pred), "--json", str(out)])
    assert res.exit_code == 0, res.output
    rows = {line.split()[0]: line.split()[3:] for line in res.stdout.splitlines()[2:]}
    assert rows["empty"] == ["n/a"] * 6
    assert rows["missed"] == ["n/a", "0.000", "0.000", "n/a", "n/a", "n/a"]  # nothing found: recall and F1 are 0
    assert rows["spurious"] == ["0.000", "n/a", "0.000", "n/a", "n/a", "n/a"]  # all wrong: precision and F1 are 0
    report = json.loads(out.read_text())["documents"]
    assert [report["empty"][k] for k in RATIOS] == [None] * 6
    assert [report["missed"][k] for k in RATIOS] == [None, 0.0, 0.0, None, None, None]
    assert [report["spurious"][k] for k in RATIOS] == [0.0, None, 0.0, None, None, None]


def test_by_rule_with_no_prediction_shows_na(tmp_path):
    assert format_by_rule(Report()).splitlines()[-1].split() == ["ALL", "0", "0", "n/a"]


def test_cli_eval_json_is_written_whole_and_its_directory_created(tmp_path):
    """--json FILE is written as export -o is (to a temporary name, then renamed): its missing parent
    directory is created, instead of the run stopping as an environment failure (exit 4)."""
    gold = tmp_path / "gold.jsonl"
    text = "Jo Park said that the bridge would reopen in May."
    claims = [{"content": "the bridge would reopen in May", "speaker": "Jo Park"}]
    gold.write_text(json.dumps({"doc_id": "a", "text": text, "claims": claims}) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": "a", "speaker": "Jo Park", "content": claims[0]["content"]}) + "\n")
    metrics = tmp_path / "reports" / "today" / "metrics.json"
    res = CliRunner().invoke(app, ["eval", str(gold), str(pred), "--json", str(metrics)])
    assert res.exit_code == 0, res.output
    assert json.loads(metrics.read_text(encoding="utf-8"))["overall"]["f1"] == 1.0


def test_a_claims_file_given_twice_counts_each_claim_once(tmp_path):
    """The same claims.jsonl concatenated twice doubled every prediction (precision halved), exit 0: a
    repeated claim_id is now a damaged line naming the line it repeats, and is not counted."""
    claim = _MAYOR_CLAIM
    path = _pred(tmp_path, [claim, claim])
    problems: list[str] = []
    m = evaluate(load_gold(GOLD), load_predictions(path, problems)).to_json()["documents"]["g1"]
    assert problems == [f"{path}:2: claim_id c repeats line 1: each claim counts once; line skipped"]
    assert (m["pred"], m["matched"], m["precision"]) == (1, 1, 1.0)
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(path)])
    assert res.exit_code == 1 and f"warning: {path}:2: claim_id c repeats line 1" in res.stderr


def test_a_gold_doc_id_given_twice_is_a_damaged_line_not_a_silent_replacement(tmp_path):
    """A doc_id on two gold lines kept the last line alone (the first's claims went uncounted, silently)."""
    first = {"doc_id": "d", "text": REPEATED, "claims": [REED]}
    gold = _gold(tmp_path, [first, {**first, "claims": [CRITICS]}])
    problems: list[str] = []
    loaded = load_gold(gold, problems)
    assert problems == [
        f"{gold}:2: doc_id 'd' repeats line 1: give each document once, with all its claims; line skipped"
    ]
    assert [i.speaker for i in loaded["d"][1]] == ["Tom Reed"]
    with pytest.raises(InputError, match="repeats line 1"):
        load_gold(gold)
    res = CliRunner().invoke(app, ["eval", str(gold), str(_pred(tmp_path, [{"doc_id": "d", "content": "x"}]))])
    assert res.exit_code == 1 and f"warning: {gold}:2: doc_id 'd' repeats line 1" in res.stderr


def test_cli_eval_warns_of_predictions_of_documents_gold_does_not_hold(tmp_path):
    """A PRED of another batch (no doc_id in common) scored recall 0 with no word; predictions outside the
    gold are now one warning (how many, an example id); the exit code stays the metrics' (0)."""
    inside = {"doc_id": "g2", "speaker": "spokesman", "content": "it had no comment on the plans"}
    outside = [{"doc_id": d, "content": "words"} for d in ("zz", "zz", "yy")]
    path = _pred(tmp_path, [inside, *outside])
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(path)])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        f"warning: {path}: 3 prediction(s) of 2 document(s) that {GOLD} does not hold are not counted "
        "(e.g. doc_id 'yy')"
    ]
    path = _pred(tmp_path, outside)
    res = CliRunner().invoke(app, ["eval", str(GOLD), str(path)])
    assert res.exit_code == 0, res.output
    assert res.stderr.endswith(f"no prediction is of a document of {GOLD}: give a run over its articles\n")
    assert evaluate(load_gold(GOLD), load_predictions(path)).outside == {"yy": 1, "zz": 2}
