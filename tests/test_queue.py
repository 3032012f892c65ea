"""A fact-check queue fed by claimex (issue 15, points 2-4), from the command line.

- `--out -`: claims JSONL on stdout and nothing else; `--no-merge` streams them as documents finish;
- `--previous RUN`: the run is the full state, and changes.jsonl is all a queue needs to follow it;
- claim ids do not move when an undated or back-dated article joins a claim; where two claims are
  found to be one, the survivor's `replaces` and a `replaced` event say so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.feed import apply
from tests.conftest import ROOT

runner = CliRunner()

TAX = '"We will cut taxes for working families," said Jane Smith, the finance minister.'
HOMES = '"We will build two hundred thousand new homes by the end of the decade," Smith said on Monday.'
LONG = (
    '"We will cut taxes for working families and we will build two hundred thousand new homes by the end '
    'of the decade," Smith told reporters.'
)


def _art(doc_id: str, text: str, date: str | None, source: str) -> dict:
    return {"id": doc_id, "text": text, "source": source, **({"date": date} if date else {})}


# Three days of made-up articles: day 2 brings an undated and a back-dated article printing day 1's
# wordings (the ids must stay), day 3 the longer statement day 1's two claims were part of (they join).
DAYS = [
    [
        _art(
            "d1-tax",
            f"The finance minister spoke on Monday.\n\n{TAX}\n\nOpposition leader Tom Brown said the plan was reckless.\n",
            "2024-05-01",
            "Daily",
        ),
        _art("d1-homes", f"Jane Smith made a second promise.\n\n{HOMES}\n", "2024-05-01", "Herald"),
    ],
    [
        _art("d2-undated", f"Jane Smith, the finance minister, was in Leeds.\n\n{TAX}\n", None, "Wire"),
        _art("d2-backdated", f"From our archive.\n\nJane Smith spoke.\n\n{HOMES}\n", "2024-04-20", "Gazette"),
        _art(
            "d2-new",
            'Union leader Mary Jones spoke.\n\n"Workers deserve a fair pay rise this winter," said Mary Jones.\n',
            "2024-05-02",
            "Herald",
        ),
    ],
    [_art("d3-long", f"Jane Smith repeated her pledges.\n\n{LONG}\n", "2024-05-03", "Times")],
]


def _write(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def _extract(*args: str) -> None:
    res = runner.invoke(app, ["extract", *args, "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def _without_replaces(claims) -> dict[str, dict]:
    return {c["claim_id"]: {k: v for k, v in c.items() if k != "replaces"} for c in claims}


def test_a_queue_applying_only_changes_holds_what_one_run_over_all_days_gives(tmp_path):
    days = [_write(tmp_path / f"day{k}.jsonl", d) for k, d in enumerate(DAYS, 1)]
    state: dict = {}
    previous: Path | None = None
    feeds = []
    for k, day in enumerate(days, 1):
        run = tmp_path / f"run{k}"
        _extract(str(day), "--out", str(run), *(["--previous", str(previous)] if previous else []))
        if previous is None:  # the first day: the queue starts from the run's claims
            state = {c["claim_id"]: c for c in _lines(run / "claims.jsonl")}
            assert not (run / "changes.jsonl").exists()
        else:
            feeds.append(_lines(run / "changes.jsonl"))
            state = apply(state, feeds[-1])
            # the chained run holds the full state: exactly what the queue now holds
            assert state == {c["claim_id"]: c for c in _lines(run / "claims.jsonl")}
        previous = run
    everything = _write(tmp_path / "all.jsonl", [a for d in DAYS for a in d])
    _extract(str(everything), "--out", str(tmp_path / "one"))
    one = _lines(tmp_path / "one" / "claims.jsonl")
    # `replaces` names what one day's run took over from the day before; a single run has no day
    # before (all []), so the claims are compared without it. Everything else is equal.
    assert _without_replaces(state.values()) == _without_replaces(one)

    day2, day3 = feeds
    # Day 2: an undated and a back-dated article join day 1's two Smith claims: same ids, new mentions
    assert {e["event"] for e in day2} == {"new", "updated"}
    updated = {e["claim_id"]: e["changed"] for e in day2 if e["event"] == "updated"}
    assert len(updated) == 2
    for changed in updated.values():
        assert {m["doc_id"] for m in changed["mentions_added"]} <= {"d2-undated", "d2-backdated"}
        assert changed["publishers_added"]
    assert [e["claim"]["speaker"]["name"] for e in day2 if e["event"] == "new"] == ["Mary Jones"]
    # Day 3: the longer statement joins them: one id survives, the other is replaced by it
    (replaced,) = [e for e in day3 if e["event"] == "replaced"]
    assert {replaced["claim_id"], replaced["by"]} == set(updated)
    survivor = state[replaced["by"]]
    assert survivor["replaces"] == [replaced["claim_id"]]
    assert replaced["claim_id"] not in state


def _chained_and_merged(tmp_path, day2):
    """Day 2 two ways after run1: extract --previous run1 (run2), and extract alone then merge --previous
    run1 (m). Returns the merge's result."""
    _extract(str(day2), "--out", str(tmp_path / "run2"), "--previous", str(tmp_path / "run1"))
    _extract(str(day2), "--out", str(tmp_path / "day2only"))
    return runner.invoke(
        app,
        ["merge", str(tmp_path / "day2only"), "--out", str(tmp_path / "m"), "--previous", str(tmp_path / "run1")],
    )


def test_merge_previous_gives_the_chained_extract_run_and_its_feed(tmp_path):
    d1, d2 = (_write(tmp_path / f"day{k}.jsonl", d) for k, d in enumerate(DAYS[:2], 1))
    _extract(str(d1), "--out", str(tmp_path / "run1"))
    res = _chained_and_merged(tmp_path, d2)
    assert res.exit_code == 0, res.output
    assert "changes since --previous: 1 new, 2 updated, 0 replaced, 0 removed" in res.output
    for name in ("claims.jsonl", "changes.jsonl"):
        assert (tmp_path / "m" / name).read_bytes() == (tmp_path / "run2" / name).read_bytes(), name
    assert "changes.jsonl" in json.loads((tmp_path / "m" / "run.json").read_text())["files"]


def test_merge_previous_keeps_the_new_text_of_a_republished_document_as_extract_does(tmp_path):
    # the republished d1-tax has fewer mentions than day 1's; ranked by mentions, the older text won and
    # the queue never heard the article changed
    _extract(str(_write(tmp_path / "day1.jsonl", DAYS[0])), "--out", str(tmp_path / "run1"))
    day2 = _write(tmp_path / "day2.jsonl", [_art("d1-tax", DAYS[1][2]["text"], "2024-05-02", "Herald")])
    res = _chained_and_merged(tmp_path, day2)
    assert res.exit_code == 0, res.output
    assert [line for line in res.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: doc_id 'd1-tax': {tmp_path / 'day2only'} has another text than the document of that id in "
        f"--previous {tmp_path / 'run1'}; it replaces that document (whose claims go): give it another doc_id "
        "to keep both"
    ]
    prev = json.loads((tmp_path / "m" / "run.json").read_text())["previous"]
    assert prev == {
        "run": str(tmp_path / "run1"),
        "documents_kept": 1,
        "documents_replaced": 1,
        "replaced_documents": ["d1-tax"],
    }
    for name in ("claims.jsonl", "changes.jsonl"):
        assert (tmp_path / "m" / name).read_bytes() == (tmp_path / "run2" / name).read_bytes(), name
    assert any(e["event"] == "removed" for e in _lines(tmp_path / "m" / "changes.jsonl"))


def test_previous_must_be_a_run(tmp_path):
    day = _write(tmp_path / "day1.jsonl", DAYS[0])
    res = runner.invoke(
        app, ["extract", str(day), "--out", str(tmp_path / "o"), "--previous", str(tmp_path / "nope"), "-q"]
    )
    assert res.exit_code == 2 and "--previous" in res.output


@pytest.mark.parametrize("damage", ["missing", "documents"])
def test_a_bad_previous_is_refused_before_any_document_is_read(tmp_path, damage):
    """A mistyped --previous, or a previous run whose documents.jsonl is damaged, was found only by the
    final merge: after the whole batch was extracted, into a journal --resume then refused (its header
    held the wrong --previous). Now nothing is read and no journal is written."""
    day = _write(tmp_path / "day1.jsonl", DAYS[0])
    prev = tmp_path / "run1"
    if damage == "documents":
        _extract(str(day), "--out", str(prev))
        (prev / "documents.jsonl").write_text("{not json\n", encoding="utf-8")
    res = runner.invoke(
        app, ["extract", str(day), "--out", str(tmp_path / "o"), "--previous", str(prev), "--backend", "rules", "-q"]
    )
    assert res.exit_code == 2 and f"--previous {prev}" in res.stderr
    assert not (tmp_path / "o" / "journal.jsonl").exists()


@pytest.mark.parametrize("command", ["extract", "merge"])
def test_a_previous_run_whose_claims_hold_a_line_separator_is_read(tmp_path, command):
    """A claim's words may hold U+2028 (claimex writes it unescaped): `--previous` split its line there and
    refused the run, exit 2 (`--previous run1/claims.jsonl:1: not a claim line`)."""
    said = _art("ls1", 'The mayor said: "The bridge\u2028is safe and will stay open." Critics disagreed.', None, "D")
    _extract(str(_write(tmp_path / "day1.jsonl", [said])), "--out", str(tmp_path / "run1"))
    assert "\u2028" in (tmp_path / "run1" / "claims.jsonl").read_text(encoding="utf-8")
    day2 = _write(tmp_path / "day2.jsonl", DAYS[0])
    if command == "merge":
        _extract(str(day2), "--out", str(tmp_path / "day2run"))
        args = ["merge", str(tmp_path / "day2run"), "--out", str(tmp_path / "run2"), "-q"]
    else:
        args = ["extract", str(day2), "--out", str(tmp_path / "run2"), "--backend", "rules", "-q"]
    res = runner.invoke(app, [*args, "--previous", str(tmp_path / "run1")])
    assert res.exit_code == 0, res.output
    events = _lines(tmp_path / "run2" / "changes.jsonl")
    assert events and all(e["event"] == "new" for e in events)  # run1's claim is kept, unchanged


def test_a_previous_run_of_contract_v1_is_a_usage_error(tmp_path):
    """A v1 run's claims all differ from this run's in schema_version: --previous took it silently and
    changes.jsonl made every claim `updated`. Refused now, before anything is read."""
    day = _write(tmp_path / "day1.jsonl", DAYS[0])
    _extract(str(day), "--out", str(tmp_path / "run1"))
    claims = tmp_path / "run1" / "claims.jsonl"
    claims.write_text("".join(json.dumps({**c, "schema_version": 1}) + "\n" for c in _lines(claims)), encoding="utf-8")
    res = runner.invoke(
        app, ["extract", str(day), "--out", str(tmp_path / "o"), "--previous", str(tmp_path / "run1"), "-q"]
    )
    assert res.exit_code == 2, res.output
    assert f"--previous {claims}:1: schema_version 1, but claimex reads schema_version 2 only" in res.stderr
    errors = [line for line in res.stderr.splitlines() if not line.startswith("warning:")]  # (a mixed run)
    assert len(errors) == 1 and "claimex merge RUN --out NEW" in errors[0]
    assert not (tmp_path / "o" / "journal.jsonl").exists()


def test_a_document_replacing_another_text_of_its_doc_id_is_warned_and_counted(tmp_path):
    _extract(str(_write(tmp_path / "day1.jsonl", DAYS[0])), "--out", str(tmp_path / "run1"))
    # the same doc_id with another text (an unrelated article), and one with the same text again
    other = _art("d1-tax", DAYS[1][2]["text"], "2024-05-02", "Herald")
    day2 = _write(tmp_path / "day2.jsonl", [other, DAYS[0][1]])
    res = runner.invoke(
        app,
        ["extract", str(day2), "--out", str(tmp_path / "run2"), "--previous", str(tmp_path / "run1")]
        + ["--backend", "rules", "-q"],
    )
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: doc_id 'd1-tax': {day2} has another text than the document of that id in --previous "
        f"{tmp_path / 'run1'} ({tmp_path / 'day1.jsonl'}); it replaces that document (whose claims go): "
        "give it another doc_id to keep both"
    ]
    prev = json.loads((tmp_path / "run2" / "run.json").read_text())["previous"]
    assert prev["documents_replaced"] == 1 and prev["replaced_documents"] == ["d1-tax"]
    # replacing is still what happens: the old article's claim is removed
    assert any(e["event"] == "removed" for e in _lines(tmp_path / "run2" / "changes.jsonl"))


def test_a_previous_run_without_text_digests_is_compared_by_its_results(tmp_path):
    _extract(str(_write(tmp_path / "day1.jsonl", DAYS[0])), "--out", str(tmp_path / "run1"))
    docs = tmp_path / "run1" / "documents.jsonl"  # as an older claimex wrote it: no text_sha256
    docs.write_text(
        "".join(json.dumps({k: v for k, v in d.items() if k != "text_sha256"}) + "\n" for d in _lines(docs)),
        encoding="utf-8",
    )
    other = _art("d1-tax", DAYS[1][2]["text"], "2024-05-02", "Herald")
    day2 = _write(tmp_path / "day2.jsonl", [other, DAYS[0][1]])  # d1-homes: the same article again
    res = runner.invoke(
        app,
        ["extract", str(day2), "--out", str(tmp_path / "run2"), "--previous", str(tmp_path / "run1")]
        + ["--backend", "rules", "-q"],
    )
    assert res.exit_code == 0, res.output
    mixed, replaced = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert "documents.jsonl is not what run.json's run" in mixed  # (it was rewritten above)
    assert replaced.startswith("warning: doc_id 'd1-tax': ")
    assert json.loads((tmp_path / "run2" / "run.json").read_text())["previous"]["documents_replaced"] == 1


def test_extract_previous_warns_of_a_run_of_mixed_files_as_merge_does(tmp_path):
    d1, d2 = (_write(tmp_path / f"day{k}.jsonl", d) for k, d in enumerate(DAYS[:2], 1))
    _extract(str(d1), "--out", str(tmp_path / "run1"))
    claims = tmp_path / "run1" / "claims.jsonl"
    claims.write_text("".join(claims.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")
    _extract(str(d2), "--out", str(tmp_path / "day2only"))

    def warnings(*args: str) -> list[str]:
        res = runner.invoke(app, [*args, "--previous", str(tmp_path / "run1"), "-q"])
        assert res.exit_code == 0, res.output
        return [line for line in res.stderr.splitlines() if line.startswith("warning:")]

    run_id = json.loads((tmp_path / "run1" / "run.json").read_text())["run_id"]
    expected = [
        f"warning: {tmp_path / 'run1'}: claims.jsonl is not what run.json's run {run_id} wrote: "
        "written by another run or changed since, so the files in this directory are mixed"
    ]
    assert warnings("merge", str(tmp_path / "day2only"), "--out", str(tmp_path / "m")) == expected
    assert warnings("extract", str(d2), "--out", str(tmp_path / "run2"), "--backend", "rules") == expected


# ------------------------------------------------------------------ --out -
def _claimex(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "claimex", *args], capture_output=True, text=True, env=env, cwd=kw.get("cwd")
    )


def test_out_dash_read_by_a_reader_that_leaves_ends_quietly_with_141(tmp_path, seeds_dir):
    # `claimex extract ... --out - | head -1`: the reader is gone before the first claim is written.
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # where the temporary run directory goes (and must not stay)
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("claimex")), "extract", str(seeds_dir), "--out", "-", "--backend", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 141, stderr
    assert "Broken pipe" not in stderr and "journal" not in stderr
    assert not list(tmp_path.glob("claimex-run-*"))


def test_out_dash_writes_claims_to_stdout_and_nothing_else(tmp_path, seeds_dir):
    _extract(str(seeds_dir), "--out", str(tmp_path / "dir"))
    want = (tmp_path / "dir" / "claims.jsonl").read_text(encoding="utf-8")
    res = _claimex("extract", str(seeds_dir), "--out", "-", "--backend", "rules", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == want  # every line a claim, the same as --out DIR's claims.jsonl
    assert all(json.loads(line)["claim_id"] for line in res.stdout.splitlines())
    assert "claims (" in res.stderr and "to stdout" in res.stderr  # the summary went to stderr
    assert not (tmp_path / "-").exists()  # no directory named "-"
    assert sorted(os.listdir(tmp_path)) == ["dir"]
    quiet = _claimex("extract", str(seeds_dir), "--out", "-", "--backend", "rules", "-q", cwd=tmp_path)
    assert quiet.stdout == want and quiet.stderr == ""


def test_out_dash_with_run_dir_keeps_the_other_files_and_resumes(tmp_path, seeds_dir):
    run = tmp_path / "run"
    res = _claimex("extract", str(seeds_dir), "--out", "-", "--run-dir", str(run), "--backend", "rules", "-q")
    assert res.returncode == 0, res.stderr
    assert {"claims.jsonl", "documents.jsonl", "errors.jsonl", "run.json", "journal.jsonl"} <= set(os.listdir(run))
    assert (run / "claims.jsonl").read_text(encoding="utf-8") == res.stdout
    again = _claimex(
        "extract", str(seeds_dir), "--out", "-", "--run-dir", str(run), "--backend", "rules", "-q", "--resume"
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout == res.stdout


@pytest.mark.slow  # waits out real timeouts or a subprocess: make test runs it, make check does not
def test_out_dash_no_merge_streams_claims_before_the_run_ends(tmp_path):
    # 3,000 articles take the rule backend seconds: the first document's claims must come long before.
    text = "Jane Smith spoke on Monday.\n\n" + TAX + "\n\n" + HOMES + "\n"
    corpus = _write(tmp_path / "many.jsonl", [_art(f"doc{i:05d}", text, "2024-05-01", "Daily") for i in range(3000)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimex", "extract", str(corpus), "--out", "-", "--no-merge", "--backend", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        still_running = proc.poll() is None
        rest = proc.stdout.read()
    finally:
        proc.wait(timeout=300)
    assert json.loads(first)["mentions"][0]["doc_id"] == "doc00000"  # input order
    assert still_running, "the first claim came only when the run had ended"
    lines = [first, *rest.splitlines()]
    assert len(lines) == 6000 and all(json.loads(line)["claim_id"] for line in lines)
    assert proc.returncode == 0


@pytest.mark.parametrize("to_stdout", [False, True], ids=["--out", "--out - --run-dir"])
def test_a_run_whose_every_input_failed_does_not_republish_the_previous_runs_claims(tmp_path, monkeypatch, to_stdout):
    """`extract nwe/ --out run2 --previous run1` (a mistyped path) published run1's claims as run2's and
    said '-> N claims'; with --out - it wrote them all to the queue again. Nothing is new: nothing is published."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text('"We will cut the budget," Jo Park said on Monday.\n', encoding="utf-8")
    res = runner.invoke(app, ["extract", "in", "--out", "run1", "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "run1" / "claims.jsonl").read_text(encoding="utf-8")
    out = ["--out", "-", "--run-dir", "run2"] if to_stdout else ["--out", "run2"]
    res = runner.invoke(app, ["extract", "nwe/", *out, "--previous", "run1", "--backend", "rules"])
    assert res.exit_code == 1
    assert '"claim_id"' not in res.stdout  # no claim on stdout
    assert "-> 0 claims (0 denials) (nothing published)" in res.output
    assert "the claims of --previous run1 were not published again as this run's" in res.stderr
    assert not (tmp_path / "run2" / "claims.jsonl").exists() and not (tmp_path / "run2" / "changes.jsonl").exists()
    assert (tmp_path / "run2" / "journal.jsonl").exists()  # this run's errors


def test_a_merge_whose_every_run_failed_to_read_does_not_republish_the_previous_runs_claims(tmp_path, monkeypatch):
    """`merge nowhere --out run2 --previous run1` (a mistyped run path) published run1's claims and an empty
    changes.jsonl as run2's, as extract --previous did before: no run besides --previous gave a document,
    so nothing is published, and an earlier merge's files in --out stay as they were."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text('"We will cut the budget," Jo Park said on Monday.\n', encoding="utf-8")
    assert runner.invoke(app, ["extract", "in", "--out", "run1", "--backend", "rules", "-q"]).exit_code == 0
    res = runner.invoke(app, ["merge", "nowhere", "--out", "run2", "--previous", "run1"])
    assert res.exit_code == 1
    assert "0 documents besides those of --previous run1 -> 0 claims (nothing published)" in res.stdout
    assert "changes since" not in res.stdout
    assert "error: nowhere: merge: InputError" in res.stderr
    assert "the claims of run1 were not published again as this merge's" in res.stderr
    assert not (tmp_path / "run2" / "claims.jsonl").exists() and not (tmp_path / "run2" / "changes.jsonl").exists()
    # a real new run beside --previous is merged and published as before
    assert runner.invoke(app, ["extract", "in", "--out", "run3", "--backend", "rules", "-q"]).exit_code == 0
    res = runner.invoke(app, ["merge", "run3", "--out", "run2", "--previous", "run1"])
    assert res.exit_code == 0, res.output
    assert "-> 1 claims in run2/claims.jsonl" in res.stdout
    assert (tmp_path / "run2" / "changes.jsonl").exists()
    # and a later mistyped merge into the same --out leaves that merge's files as they were
    before = (tmp_path / "run2" / "claims.jsonl").read_bytes()
    assert runner.invoke(app, ["merge", "nowhere", "--out", "run2", "--previous", "run1"]).exit_code == 1
    assert (tmp_path / "run2" / "claims.jsonl").read_bytes() == before
    # --previous given again as its documents.jsonl, or by an absolute path, is no new run either
    for same in ["run1/documents.jsonl", str(tmp_path / "run1")]:
        res = runner.invoke(app, ["merge", same, "--out", "run4", "--previous", "run1"])
        assert res.exit_code == 1 and "(nothing published)" in res.stdout, res.output
        assert not (tmp_path / "run4" / "claims.jsonl").exists()
