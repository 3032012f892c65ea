"""Check-worthiness model, claim types, the `claimex checkworthiness` command and training determinism.

All sentences here are made up; the training data (../shared/checkworthy) is not needed.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimex.checkworthy import (
    CLAIM_TYPES,
    FRAGMENT_CAP,
    GROUP_WEIGHTS_FILE,
    WEIGHTS_FILE,
    score,
    score_batch,
    score_lines,
    sentence_model,
)
from claimex.checkworthy.features import FEATURE_SET, features, tokens
from claimex.checkworthy.types import (
    _JOINER,
    _LOWERED_RULES,
    _SURELY_FINITE,
    _TOKEN,
    FIRST_RULES,
    FRAGMENT_EXAMPLES,
    NOT_FRAGMENT_EXAMPLES,
    RULES,
    _finite_at,
    _tokens,
    claim_type,
    claim_type_rule,
    nothing_to_check,
    reads_as_clause,
)
from claimex.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


# --- claim types: every rule's examples are its tests ---


ALL_RULES = FIRST_RULES + RULES


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_each_rule_types_its_examples(rule):
    assert rule.examples, f"{rule.id} has no examples"
    for sentence in rule.examples:
        assert claim_type_rule(sentence) == (rule.claim_type, rule.id), sentence


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.not_examples], ids=lambda r: r.id)
def test_each_rule_leaves_its_counter_examples_alone(rule):
    for sentence in rule.not_examples:
        assert claim_type_rule(sentence)[1] != rule.id, sentence


@pytest.mark.parametrize("text", FRAGMENT_EXAMPLES)
def test_fragments(text):
    assert claim_type(text) == "fragment"


@pytest.mark.parametrize("text", NOT_FRAGMENT_EXAMPLES)
def test_short_sentences_with_a_finite_verb_are_not_fragments(text):
    assert claim_type(text) != "fragment"


def _first_rule_case_insensitive(text: str) -> str | None:
    """The first rule (before the last) whose case-insensitive pattern finds something in `text`."""
    return next((r.id for r in FIRST_RULES + RULES[:-1] if r.pattern.search(text)), None)


@pytest.mark.parametrize(
    "text",
    [
        "They WILL build it, he says.",  # ASCII capitals: the lower-cased search
        "\u201cWe\u2019LL win,\u201d she told reporters.",  # curly quotes have no case: the lower-cased search too
        "The \u212aelvin sign will not matter.",  # a cased letter beyond ASCII: the case-insensitive patterns
        "Tho\u017fe who \u017fhould know re\u017figned.",  # long s (`\u017fhould` is `should` case-insensitively)
        "\u0130t is the be\u017ft plan.",
        "W\u0131ll they come back?",
        "H\u0131, everyone.",  # a dotless i: no greeting for the case-insensitive pattern either
    ],
)
def test_claim_types_agree_with_the_case_insensitive_rules(text):
    # claim_type_rule searches lower-cased text case-sensitively where only ASCII letters have case;
    # the answer must be the case-insensitive patterns' own, whatever the text.
    rule = claim_type_rule(text)[1]
    expected = _first_rule_case_insensitive(text)
    assert rule == expected or (
        expected is None and rule in ("event.finite", "other.no_verb", "fragment.no_finite_verb")
    )


# The pieces of what a rule's `ignore` blanks (dates, years, ordinals, times, codes), every digit left out.
_DATE_PIECES = ("sept.", "may", "january", "in", "since", "the", "early", "th", "st", "a.m.", "p.m.", "eb", "covid")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES + (" ", "-", "/", ":", ",", "of", "percent")), max_size=12))
def test_what_a_rule_ignores_always_holds_a_digit(pieces):
    # `_first_match` leaves a text without a digit unblanked: the same search only if `ignore` finds
    # nothing there.
    text = "".join(pieces)
    for rule in ALL_RULES:
        if rule.ignore is not None:
            assert rule.ignore.search(text) is None, (rule.id, text)
            assert rule.ignore.search("since 2003, on sept. 11 at 3 a.m.") is not None  # (it does blank these)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(_DATE_PIECES + ("Sept.", "In", "A.M.", "EB", "Covid", "May", "percent", "x", "1", "11", "2003"))
        | st.sampled_from((" ", "-", "/", ":", ",", "'", "\u2019", "\u201c", "of", "5th", "f-35", "3 p.m.", "9/11")),
        max_size=14,
    )
)
def test_what_a_rule_ignores_is_blanked_alike_in_lower_cased_text(pieces):
    # `_first_match` blanks lower-cased text with the case-sensitive form of `ignore`: the same blanks as
    # the rule's own case-insensitive pattern leaves in it.
    low = "".join(pieces).lower()
    for lowered in _LOWERED_RULES:
        if lowered.ignore is not None:
            assert lowered.ignore.sub(" ", low) == lowered.rule.ignore.sub(" ", low), (lowered.rule.id, low)


def _tokens_word_by_word(text: str) -> list[tuple[str, bool, bool, bool]]:
    """What `_tokens` gives, one `_TOKEN` match at a time (how it was written before one `findall`)."""
    out, last = [], 0
    for m in _TOKEN.finditer(text):
        word, end = m.group(), m.end()
        joined = _JOINER.fullmatch(text, last, m.start()) is not None
        out.append((word.lower(), word[0].isupper(), joined, text[end : end + 1] in ("'", "\u2019")))
        last = end
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ9 ,.-'\"\u2019\u201c\u201d\u2014\u00e9\u00a0\n", max_size=40))
def test_tokens_are_read_as_word_by_word(text):
    assert [tuple(t) for t in _tokens(text)] == _tokens_word_by_word(text)


@pytest.mark.parametrize(
    "text", ["", "'", "The victims' families", "\u201cWe\u2019ll\u201d  win, \u2014 they said' ", " ," * 500 + "x"]
)
def test_tokens_of_odd_gaps_are_read_as_word_by_word(text):
    assert [tuple(t) for t in _tokens(text)] == _tokens_word_by_word(text)


def _reads_as_clause_word_by_word(text: str) -> bool:
    """What `reads_as_clause` gives, every word read with its neighbours (as before its shortcut)."""
    toks = _tokens(text)
    if toks and toks[0].low == "to" and len(toks) > 1:
        toks = toks[2:]
    elif toks and toks[0].low == "you" and len(toks) > 1:
        return True
    return any(_finite_at(toks, i) for i in range(len(toks)))


_CLAUSE_WORDS = (
    "to you the a two of costs needs says is said will Taxes rise the plan families also bans \u2019s"
).split() + [" ", ", ", '"']


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSE_WORDS), max_size=8))
def test_reads_as_clause_as_word_by_word(words):
    text = " ".join(words)
    assert reads_as_clause.__wrapped__(text) == _reads_as_clause_word_by_word(text), text


def test_a_surely_finite_word_is_finite_wherever_it_stands():
    for w in _SURELY_FINITE:
        for text in (f"{w}", f"the {w} of", f"two {w} of the", f"to the {w}", f"the victims' {w} up"):
            toks = _tokens(text)
            at = next(i for i, t in enumerate(toks) if t.low == w.lower())
            assert _finite_at(toks, at), (w, text)


def test_every_type_is_reachable_and_rule_ids_are_unique():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert {r.claim_type for r in ALL_RULES} | {"fragment"} == set(CLAIM_TYPES)


@pytest.mark.parametrize(
    ("text", "later_rule"),
    [
        ("Will the ferry run again in June?", "prediction.future"),  # "will"
        ("Are the new buses a disaster?", "opinion.evaluation"),  # "disaster"
        ("Did prices rise by 12 percent?", "quantity.number"),
        ("Good afternoon, everyone.", "opinion.evaluation"),  # "good"
        ("Hello there!", None),  # no finite verb: was a fragment
    ],
)
def test_questions_and_greetings_are_other_before_any_later_rule(text, later_rule):
    # README "Check-worthiness": `other` covers questions and greetings, whatever else they contain.
    assert claim_type(text) == "other"
    assert later_rule is None or any(r.id == later_rule and r.pattern.search(text) for r in RULES)


def test_a_greeting_keeps_the_fragment_cap_and_a_question_never_had_it():
    # The cap follows "no finite verb" as before the greeting rule, so no score moved with the types.
    for text in ("Good morning, everyone.", "Hello there!", "Thank you."):
        assert claim_type(text) == "other" and nothing_to_check(text) and score(text)[0] <= FRAGMENT_CAP
    for text in FRAGMENT_EXAMPLES:
        assert nothing_to_check(text)
    assert not nothing_to_check("Why not?") and not nothing_to_check("") and not nothing_to_check("He resigned.")


@pytest.mark.parametrize("text", ["Will the tunnel reopen in May?", "Good morning, everyone.", "Hello there!"])
def test_cli_types_a_question_and_a_greeting_as_other(text):
    res = runner.invoke(app, ["checkworthiness", "-"], input=json.dumps({"text": text}) + "\n")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["claim_type"] == "other"


def test_empty_and_punctuation_only_text_is_other():
    assert claim_type("") == "other"
    assert claim_type(" -- ") == "other"


# --- the score ---


def test_fragments_stay_with_a_low_score():
    for text in ("to deliver the news", "his removal"):
        p, kind = score(text)
        assert kind == "fragment" and 0.0 <= p <= FRAGMENT_CAP


def test_scores_are_in_0_1_deterministic_and_rank_a_statistic_above_a_greeting():
    stat = "Unemployment in the state fell from 9 percent to 4 percent in four years."
    greeting = "Thank you all for being here tonight, it is good to see you."
    s1, t1 = score(stat)
    s2, _ = score(greeting)
    assert 0.0 <= s2 < s1 <= 1.0 and t1 == "quantity"
    assert score(stat) == (s1, t1)
    assert score_batch([stat, greeting]) == [score(stat), score(greeting)]


@pytest.mark.parametrize(
    ("path", "grouped", "version"),
    [(WEIGHTS_FILE, False, "checkworthy.v2"), (GROUP_WEIGHTS_FILE, True, "checkworthy.v1")],
)
def test_each_weights_file_loads_as_its_model_and_records_its_version_and_sources(path, grouped, version):
    doc = json.loads(path.read_text(encoding="utf-8"))
    model = sentence_model(grouped)
    assert doc["version"] == model.version == version
    assert (model.weights, model.bias) == (doc["weights"], doc["bias"])
    assert ("pair_params" in doc) == (version == "checkworthy.v2")  # v2 is the pairs recipe, v1 the pointwise one
    assert doc["feature_set"] == FEATURE_SET  # weights are only valid for the features they were trained on
    assert "ClaimBuster" in doc["sources"]["claimbuster"] and "CheckThat" in doc["sources"]["clef2019"]
    assert doc["weights"] and all(isinstance(v, float) for v in doc["weights"].values())


def test_features_fold_numbers_and_mark_signals():
    assert tokens("In 2016 it cost $3.5 billion.") == ["in", "0000", "it", "cost", "$", "0", "0", "billion"]
    f = set(features("Will we spend 40% more than Ohio?"))
    assert {"#num", "#pct", "#cmp", "#first", "#modal", "#q", "#cap1", "0 %"} <= f


def test_odd_text_does_not_break_the_scorer():
    for text in ("", " ", "?", "€€€", "a" * 5000, "Ünïcödé wörds ünd 12½ percent", "\x00\n\t"):
        p, kind = score(text)
        assert 0.0 <= p <= 1.0 and kind in CLAIM_TYPES


# --- JSONL in, JSONL out ---


def test_score_lines_keeps_other_keys_and_reports_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "The mayor opened the library.", "lang": "en"}),
        "",
        "{not json",
        json.dumps(["text"]),
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 3}),
        json.dumps({"text": "his removal"}),
    ]
    out = list(score_lines(lines, "f.jsonl"))
    assert len(out) == 6
    first = json.loads(out[0][0])
    assert first["id"] == "a" and first["lang"] == "en" and first["claim_type"] == "event"
    assert [e.split(":")[1] for _, e in out[1:5]] == ["3", "4", "5", "6"]
    assert all(e.startswith("f.jsonl:") for _, e in out[1:5])
    assert json.loads(out[5][0])["claim_type"] == "fragment"


def test_cli_scores_a_file_and_exits_1_on_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "1", "text": "Crime rose 20 percent last year."})
        + "\n"
        + "oops\n"
        + json.dumps({"id": "2", "text": "to deliver the news"})
        + "\n",
        encoding="utf-8",
    )
    dst = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["checkworthiness", str(src), "--out", str(dst)])
    assert res.exit_code == 1
    assert f"{src}:2:" in res.output  # CliRunner mixes stderr into output
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["claim_type"] == "quantity" and rows[1]["claim_type"] == "fragment"
    assert all(0.0 <= r["checkworthiness"] <= 1.0 for r in rows)


# A lone surrogate escape loads as JSON but cannot be written as UTF-8: one bad line, as `extract` reports it.
SURROGATE_LINE = b'{"id": "s", "text": "a\\ud800b"}\n'
GOOD_LINE = json.dumps({"id": "g", "text": "Taxes rose 4 percent."}).encode() + b"\n"


def test_cli_skips_a_lone_surrogate_line_and_writes_the_rest(tmp_path):
    src, dst = tmp_path / "s.jsonl", tmp_path / "o.jsonl"
    src.write_bytes(SURROGATE_LINE + GOOD_LINE)
    res = runner.invoke(app, ["checkworthiness", str(src), "-o", str(dst)])
    assert res.exit_code == 1, res.output
    assert f"error: {src}:1: 'text' holds an unpaired surrogate escape (\\ud800) at character 1" in res.stderr
    assert "internal error" not in res.stderr
    assert [json.loads(line)["id"] for line in dst.read_text(encoding="utf-8").splitlines()] == ["g"]


def test_cli_skips_lone_surrogates_on_stdout_in_any_key_and_inside_a_group():
    rows = [
        b'{"group": "d", "speaker": "A", "text": "We cut 200 jobs."}\n',
        b'{"group": "d", "speaker": "A", "text": "x", "note": ["\\udc00"]}\n',  # a nested value
        b'{"group": "d", "speaker": "A", "text": "Crime fell by half."}\n',
        b'{"k\\udfff": 1, "text": "ok"}\n',  # a key
        b'{"text": "a pair \\ud83d\\ude00 and an escaped backslash \\\\ud800"}\n',  # both fine
    ]
    res = runner.invoke(app, ["checkworthiness", "-"], input=b"".join(rows))
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines()[:2] == [
        "error: <stdin>:2: 'note' holds an unpaired surrogate escape (\\udc00); fix the line",
        "error: <stdin>:4: the key 'k\\udfff' holds an unpaired surrogate escape (\\udfff); fix the line",
    ]
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["text"] for r in out] == [
        "We cut 200 jobs.",
        "Crime fell by half.",
        "a pair \U0001f600 and an escaped backslash \\ud800",
    ]
    assert "2 in the context of their group" in res.stderr  # the bad line did not cut the group's run


def test_cli_reports_invalid_utf8_and_unloadable_json_as_such(tmp_path):
    src = tmp_path / "u.jsonl"
    src.write_bytes(b'{"text": "caf\xe9"}\n{"text": "ok"\xff}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n" + GOOD_LINE)
    res = runner.invoke(app, ["checkworthiness", str(src)])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines()[:3] == [
        f"error: {src}:1: invalid UTF-8 at byte 13 of the line; re-encode the file as UTF-8",
        f"error: {src}:2: invalid UTF-8 at byte 13 of the line; re-encode the file as UTF-8",
        f"error: {src}:3: valid JSON that cannot be loaded: nested too deep",
    ]
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["g"]


def test_cli_reads_stdin_and_writes_stdout():
    res = runner.invoke(
        app, ["checkworthiness", "-"], input=json.dumps({"id": "x", "text": "We will cut taxes."}) + "\n"
    )
    assert res.exit_code == 0, res.output
    row = json.loads(next(line for line in res.output.splitlines() if line.startswith("{")))
    assert row["id"] == "x" and row["claim_type"] == "prediction"


def test_cli_missing_file_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["checkworthiness", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_cli_help():
    res = runner.invoke(app, ["checkworthiness", "--help"])
    assert res.exit_code == 0 and "checkworthiness" in res.output


# --- training is deterministic (on a small generated sample; the real data is not needed) ---


def _sample(data: Path) -> None:
    data.mkdir()
    subjects = ["The city", "Our state", "The company", "My opponent", "The program", "Congress"]
    facts = ["spent {n} million dollars on roads", "cut {n} percent of the jobs", "raised taxes by {n} percent"]
    chat = ["Thank you, {s}.", "Let me say this about {s}.", "Well, I think {s} is great.", "Good evening, {s}."]
    cb, clef = [], []
    for i in range(120):
        s = subjects[i % len(subjects)]
        if i % 3 == 0:
            cb.append({"id": f"cb-{i}", "text": f"{s} {facts[i % 3].format(n=i)} in {1990 + i % 30}.", "label": 1})
        else:
            cb.append({"id": f"cb-{i}", "text": chat[i % 4].format(s=s.lower()), "label": 0})
        clef.append(
            {
                "id": f"d{i % 4}-{i}",
                "group": f"d{i % 4}",
                "text": cb[-1]["text"],
                "label": cb[-1]["label"] if i % 2 else 0,
            }
        )
    (data / "claimbuster_train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in cb), encoding="utf-8")
    (data / "clef2019_train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in clef), encoding="utf-8")


@pytest.mark.parametrize(("recipe", "version"), [("pointwise", "checkworthy.v1"), ("pairs", "checkworthy.v2")])
def test_training_writes_the_same_bytes_twice(tmp_path, recipe, version):
    data = tmp_path / "data"
    _sample(data)
    outs = []
    for k in range(2):
        out = tmp_path / f"w{k}.json"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "training" / "train_checkworthy.py"),
                "--data",
                str(data),
                "--recipe",
                recipe,
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert doc["version"] == version and doc["trained_on"]["claimbuster"]["positives"] == 40
    # only v2's bias is moved to a decision point, which the file records
    assert ("decision_point" in doc) == (recipe == "pairs")


def test_training_without_data_says_where_it_looked(tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            str(ROOT / "training" / "train_checkworthy.py"),
            "--data",
            str(tmp_path),
            "--out",
            str(tmp_path / "w.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "missing training data" in res.stderr


def test_a_line_with_a_raw_control_character_says_at_column_once():
    out = list(score_lines(['{"id": "a", "text": "x\ty"}'], "f.jsonl"))
    err = out[0][1]
    assert err is not None and err.startswith("f.jsonl:1:")
    assert "at at" not in err and "control character at column " in err


_PAIRS = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from train_checkworthy import Params, load_examples, train_pairs
examples = load_examples(Path(sys.argv[2]))
a, b, other = train_pairs(examples, Params()), train_pairs(examples, Params()), train_pairs(examples, Params(), seed=1)
clef = [e for e in examples if e.source == "clef2019"]
mean = lambda label: sum(a.score(e.text) for e in clef if e.label == label) / sum(e.label == label for e in clef)
print(json.dumps({"same": a.weights == b.weights, "seeded": a.weights != other.weights,
                  "clef_bias": a.clef_bias, "pos": mean(1), "neg": mean(0)}))
"""


def _on_sample(tmp_path: Path, script: str) -> dict:
    """Run `script` (argv: the training directory, a generated sample's directory) in a fresh
    interpreter, as the trainers run; what it printed, as JSON."""
    data = tmp_path / "data"
    _sample(data)
    res = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "training"), str(data)], check=True, capture_output=True, text=True
    )
    return json.loads(res.stdout)


def test_the_pairs_recipe_is_deterministic_and_ranks_a_debates_positives_first(tmp_path):
    out = _on_sample(tmp_path, _PAIRS)
    assert out["same"] and out["seeded"]
    assert out["clef_bias"] == 0.0  # CheckThat! lines only in pairs: no base rate of their own
    assert out["pos"] > out["neg"]


_DECIDED = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from train_checkworthy import (DECISION_GRID, Params, balanced_sample, decision_point, f1_at, load_examples,
                               stratified_folds, train_decided, train_pairs, without_copies)
from dataclasses import replace
# every fifth ClaimBuster label flipped: scores that overlap, so the best threshold is not a tie at 0.5
examples = [replace(e, label=1 - e.label) if e.source == "claimbuster" and k % 5 == 0 else e
            for k, e in enumerate(load_examples(Path(sys.argv[2])))]
model, t = train_decided(examples, Params())
raw = train_pairs(examples, Params())
# the out-of-fold scores decision_point reads, rebuilt here: t must be their best threshold
cb = [e for e in examples if e.source == "claimbuster"]
rest = [e for e in examples if e.source != "claimbuster"]
fold, scored = stratified_folds(cb, 5), []
for f in range(5):
    held = [e for e, ef in zip(cb, fold) if ef == f]
    m = train_pairs([e for e, ef in zip(cb, fold) if ef != f] + without_copies(rest, held), Params())
    scored += [(e, m.score(e.text)) for e in held]
sample = balanced_sample(scored)
texts = [e.text for e in examples] + ["Taxes rose by 12 percent in 2015.", "Well, thank you."]
print(json.dumps({"t": t, "again": decision_point(examples, Params()) == t,
                  "best": f1_at(sample, t) >= max(f1_at(sample, u) for u in DECISION_GRID),
                  "copies_left": sum(1 for e in rest if e.text in {h.text for h in cb}),
                  "agree": all((model.score(x) >= 0.5) == (raw.score(x) >= t) for x in texts
                               if abs(raw.score(x) - t) > 1e-9 and raw.score(x) > 0.1),
                  "moved": sum(model.score(x) != raw.score(x) for x in texts)}))
"""


def test_the_shipped_v2_moves_only_its_bias_to_the_decision_point(tmp_path):
    out = _on_sample(tmp_path, _DECIDED)
    assert out["again"] and out["best"]  # deterministic, and the best F1 of the grid on its sample
    assert out["copies_left"] > 0  # the sample's CheckThat! lines repeat ClaimBuster ones, as the real data do
    # a score over 0.5 after the move is exactly a raw score over the decision point
    assert out["t"] != 0.5 and out["agree"] and out["moved"] > 0


def test_f1_at_and_the_balanced_sample_count_as_score_py_does(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "training"))
    from train_checkworthy import Example, balanced_sample, f1_at

    def ex(i: int, label: int) -> Example:
        return Example(id=f"s{i}", text="x", label=label, source="claimbuster", group="")

    scored = [(ex(0, 1), 0.9), (ex(1, 1), 0.4), (ex(2, 0), 0.45), (ex(3, 0), 0.1), (ex(4, 0), 0.2), (ex(5, 0), 0.6)]
    # at 0.5: tp 1 (0.9), fn 1 (0.4), fp 1 (0.6) -> 2/4; at 0.35: tp 2, fp 2 (0.45, 0.6) -> 4/6
    assert f1_at(scored, 0.5) == pytest.approx(0.5)
    assert f1_at(scored, 0.35) == pytest.approx(4 / 6)
    assert f1_at(scored, 0.95) == 0.0
    sample = balanced_sample(scored)
    assert sum(e.label for e, _ in sample) == 2 and len(sample) == 4
    ids = sorted(e.id for e, _ in sample)
    assert sorted(e.id for e, _ in balanced_sample(list(reversed(scored)))) == ids  # drawn by id, not by order


def test_cli_refuses_to_write_over_its_input_before_touching_it(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    body = json.dumps({"id": "1", "text": "Crime rose 20 percent last year."}) + "\n"
    src.write_text(body, encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(src)
    monkeypatch.chdir(tmp_path)
    for out in ["in.jsonl", str(src), "link.jsonl"]:  # the same path, another spelling, a symlink
        res = runner.invoke(app, ["checkworthiness", "in.jsonl", "-o", out])
        assert res.exit_code == 2, (out, res.output)
        assert f"--out {out} is the same file as FILE in.jsonl" in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
        assert src.read_text(encoding="utf-8") == body  # untouched
    # stdin (-) is never a file: a file named like the output is fine
    res = runner.invoke(app, ["checkworthiness", "-", "-o", "in.jsonl"], input=body)
    assert res.exit_code == 0, res.output
    assert json.loads(src.read_text(encoding="utf-8"))["claim_type"] == "quantity"


def test_cli_out_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """-o FILE appears only once every line is written, as export's and report's files do: a run
    stopped half-way (Ctrl-C, a crash, a full disk) leaves the previous FILE as it was and no partial
    one; and a missing parent directory is created, as for export -o."""
    import claimex.checkworthy as checkworthy

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": f"Taxes rose {i} percent."}) + "\n" for i in range(3)))
    dst = tmp_path / "scored.jsonl"
    dst.write_text("yesterday's scores\n", encoding="utf-8")
    real = checkworthy.score_records

    def stopped_after_one(lines, source="-"):
        it = real(lines, source)
        yield next(it)
        raise KeyboardInterrupt

    monkeypatch.setattr(checkworthy, "score_records", stopped_after_one)
    res = runner.invoke(app, ["checkworthiness", str(src), "-o", str(dst)])
    assert res.exit_code == 130, res.output
    assert dst.read_text(encoding="utf-8") == "yesterday's scores\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "scored.jsonl"]  # no temporary file left
    monkeypatch.setattr(checkworthy, "score_records", real)
    deep = tmp_path / "new" / "dir" / "scored.jsonl"
    res = runner.invoke(app, ["checkworthiness", str(src), "-o", str(deep)])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["id"] for x in deep.read_text(encoding="utf-8").splitlines()] == ["0", "1", "2"]


def test_a_content_of_several_sentences_scores_as_its_most_checkable_statement():
    """Rhetoric after a figure does not dilute the figure; a fragment, a question or the whole on a tie
    never lift the score above what the statements in it earn."""
    from claimex.checkworthy import score, score_content

    figure = "Forty thousand people who don't live in this county voted here."
    both = figure + " The election was stolen, plain and simple."
    assert score(both)[0] < score(figure)[0]
    assert score_content(both) == score(figure)
    # one sentence: the same as `score`
    assert score_content(figure) == score(figure)
    # a fragment sentence ("Trust me.") or a question is no statement to lift the score with; the
    # statement beside a question is (the whole, ending with "?", is typed a question)
    assert score_content("We will win. Trust me.") == score("We will win. Trust me.")
    assert score_content("We will win. Who knows?") == score("We will win.")
