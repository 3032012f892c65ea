"""Crash safety: kill -9 and Ctrl-C mid-run, resume, and get exactly the uninterrupted output.

The runs are real subprocesses (`python -m claimex extract`) over a generated
corpus of a few thousand articles (with a few bad lines mixed in), compared
byte for byte with an uninterrupted run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.journal import JOURNAL

ROOT = Path(__file__).resolve().parent.parent
N_DOCS = 2000


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    path = d / "corpus.jsonl"
    _corpus_module().write_jsonl(path, N_DOCS, seed=11)
    lines = path.read_text(encoding="utf-8").splitlines()
    # A few bad inputs among the good ones: errors must be journaled and resumed like results.
    lines.insert(10, "{broken json")
    lines.insert(700, json.dumps({"id": "bench-000003", "text": "a repeated id"}))
    lines.insert(1500, json.dumps({"id": "no-text"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cmd(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "claimex",
        "extract",
        str(corpus),
        "--out",
        str(out),
        "--backend",
        "rules",
        "-q",
        *extra,
    ]


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """An uninterrupted run with one process."""
    out = tmp_path_factory.mktemp("ref") / "out"
    res = subprocess.run(cmd(corpus, out), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr  # the planted bad lines
    assert len(res.stderr.splitlines()) == 3
    return out


def journal_entries(out: Path) -> int:
    try:
        return (out / JOURNAL).read_bytes().count(b"\n") - 1
    except FileNotFoundError:
        return 0


def start_and_wait(args: list[str], out: Path, entries: int) -> subprocess.Popen:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while journal_entries(out) < entries:
        assert proc.poll() is None, f"finished before it could be interrupted: {proc.communicate()}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proc


def assert_no_orphans(out: Path) -> None:
    """Worker processes of a killed run exit with it (forked workers share its command line)."""
    deadline = time.monotonic() + 10
    while True:
        left = []
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                if str(out).encode() in (proc_dir / "cmdline").read_bytes():
                    left.append(proc_dir.name)
            except OSError:
                pass
        if not left:
            return
        assert time.monotonic() < deadline, f"worker processes outlived the killed run: {left}"
        time.sleep(0.1)


def counts(out: Path) -> dict:
    run = json.loads((out / "run.json").read_text())
    return {k: run[k] for k in ("documents", "mentions", "ungrounded", "claims_written")}


def without_seconds(path: Path) -> list[dict]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r.pop("seconds", None)
    return rows


def assert_same_as_reference(out: Path, ref: Path) -> None:
    assert (out / "claims.jsonl").read_bytes() == (ref / "claims.jsonl").read_bytes()
    assert (out / "errors.jsonl").read_bytes() == (ref / "errors.jsonl").read_bytes()
    assert without_seconds(out / "documents.jsonl") == without_seconds(ref / "documents.jsonl")
    assert counts(out) == counts(ref)
    assert counts(out)["documents"] == {"read": N_DOCS + 3, "ok": N_DOCS, "failed": 3}


@pytest.mark.slow
def test_kill_9_twice_then_resume_equals_uninterrupted_run(corpus, reference, tmp_path):
    out = tmp_path / "out"
    args = cmd(corpus, out, "--workers", "2")
    for at in (300, 1100):  # killed, resumed, killed again further on, resumed to the end
        extra = ["--resume"] if journal_entries(out) else []
        proc = start_and_wait(args + extra, out, at)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        assert not (out / "claims.jsonl").exists()  # no final file from a run that never finished
        assert_no_orphans(out)
    done = journal_entries(out)
    assert 1100 <= done < N_DOCS + 3
    res = subprocess.run(args + ["--resume"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    # Every failed input is reported once per run on stderr, including those restored from the journal.
    assert len(res.stderr.splitlines()) == 3
    run = json.loads((out / "run.json").read_text())
    assert run["journal"] == {"entries": N_DOCS + 3, "resumed_after": done}
    assert_same_as_reference(out, reference)


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_stops_cleanly_keeps_journal_and_says_how_to_resume(corpus, reference, tmp_path, signum, code):
    """Ctrl-C, and SIGTERM as `timeout`, systemd, `docker stop` or Slurm send it (exit 128 + 15)."""
    out = tmp_path / "out"
    proc = start_and_wait(cmd(corpus, out), out, 200)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "--resume" in stderr.splitlines()[-1] and str(out) in stderr.splitlines()[-1]
    kept = journal_entries(out)
    assert kept >= 200
    assert (out / JOURNAL).read_bytes().endswith(b"\n")  # stopped between documents: no torn line
    assert not (out / "claims.jsonl").exists()
    res = subprocess.run(cmd(corpus, out, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 1, res.stderr
    assert json.loads((out / "run.json").read_text())["journal"]["resumed_after"] == kept
    assert_same_as_reference(out, reference)


def test_sigterm_to_the_whole_group_stops_workers_and_run_as_ctrl_c_does(tmp_path):
    """systemd and Slurm send SIGTERM to every process of the run: the workers end, and the run stops as
    after Ctrl-C (it used to end silently with exit 143, or report the ended workers as a failure)."""
    small = tmp_path / "small.jsonl"
    _corpus_module().write_jsonl(small, 600, seed=5)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        cmd(small, out, "--workers", "2"), cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while journal_entries(out) < 40:
        assert proc.poll() is None, f"finished before it could be stopped: {proc.communicate()}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    lines = stderr.splitlines()
    assert lines[0] == "claimex: stopping after the documents in progress (SIGTERM again to stop at once)"
    kept = journal_entries(out)
    assert lines[-2] == f"claimex: interrupted: {kept} input item(s) finished and are kept in {out / JOURNAL}"
    assert lines[-1].startswith("claimex: to continue, run: claimex extract ") and lines[-1].endswith(" --resume")
    assert 40 <= kept < 600 and not (out / "claims.jsonl").exists()
    assert_no_orphans(out)


@pytest.mark.slow
def test_a_run_without_resume_after_kill_9_says_it_discarded_the_unfinished_journal(corpus, tmp_path):
    out = tmp_path / "out"
    proc = start_and_wait(cmd(corpus, out), out, 300)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    kept = journal_entries(out)
    args = [a for a in cmd(corpus, out) if a != "-q"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()  # type: ignore[union-attr]
    proc.kill()
    proc.communicate(timeout=60)
    assert first == (
        f"note: {out}/{JOURNAL}: started over, discarding an unfinished run's journal of {kept:,} finished "
        "input item(s); --resume would have continued it\n"
    )


# ----------------------------------------------------------- in-process cases
def cli(*args: str):
    return CliRunner().invoke(app, ["extract", *args, "--backend", "rules", "-q"])


def test_torn_last_line_is_discarded_on_resume(tmp_path, seeds_dir):
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(ref)).exit_code == 0
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    lines = (out / JOURNAL).read_bytes().splitlines(keepends=True)
    # As if killed after two documents, in the middle of writing the third.
    (out / JOURNAL).write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    for name in ("claims.jsonl", "documents.jsonl", "errors.jsonl", "run.json"):
        (out / name).unlink()
    res = cli(str(seeds_dir), "--out", str(out), "--resume")
    assert res.exit_code == 0, res.stderr
    assert (out / "claims.jsonl").read_bytes() == (ref / "claims.jsonl").read_bytes()
    assert counts(out) == counts(ref)
    assert json.loads((out / "run.json").read_text())["journal"]["resumed_after"] == 2


def test_ctrl_c_during_the_final_merge_stops_at_once_publishing_nothing(tmp_path, seeds_dir, monkeypatch):
    """Every document is journaled: a first Ctrl-C has no document in flight to wait for, so it stops the
    merge (it used to say "stopping after the documents in progress", then merge, publish and exit 0)."""
    import os

    from claimex import run as run_module

    ref, out = tmp_path / "ref", tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(ref)).exit_code == 0
    real_merge = run_module.merge

    def interrupted_merge(mentions, merge_across=True):
        os.kill(os.getpid(), signal.SIGINT)  # the user's Ctrl-C, while the merge runs
        time.sleep(0.5)  # (the handler runs in this, the main, thread: the merge would go on here)
        return real_merge(mentions, merge_across=merge_across)

    monkeypatch.setattr(run_module, "merge", interrupted_merge)
    res = CliRunner().invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules"])
    assert res.exit_code == 130, res.output
    last = res.stderr.splitlines()[-1]  # (the command is sys.argv's: pytest's here)
    assert last.startswith("claimex: to continue, run: claimex ") and last.endswith(" --resume")
    assert sorted(p.name for p in out.iterdir()) == [".claimex.lock", JOURNAL]  # nothing published
    monkeypatch.setattr(run_module, "merge", real_merge)
    assert cli(str(seeds_dir), "--out", str(out), "--resume").exit_code == 0
    assert (out / "claims.jsonl").read_bytes() == (ref / "claims.jsonl").read_bytes()


def test_ctrl_c_while_the_files_are_published_leaves_them_of_one_run(tmp_path, seeds_dir, monkeypatch):
    """A first Ctrl-C between two of the final renames waits for the rest: claims.jsonl of the new run
    beside run.json of the old one would be a directory of two runs."""
    import os

    from claimex import outdir

    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    old_run = json.loads((out / "run.json").read_text())["run_id"]
    real_replace = os.replace

    def replace_then_interrupt(src, dst):  # type: ignore[no-untyped-def]
        real_replace(src, dst)
        if str(dst).endswith("claims.jsonl"):
            os.kill(os.getpid(), signal.SIGINT)  # the user's Ctrl-C, right after the first file is in place
            time.sleep(0.2)

    monkeypatch.setattr(outdir.os, "replace", replace_then_interrupt)
    CliRunner().invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules"])
    monkeypatch.setattr(outdir.os, "replace", real_replace)
    new_run = json.loads((out / "run.json").read_text())["run_id"]
    assert new_run != old_run  # run.json was published too, after claims.jsonl
    from claimex.remerge import mixed_run

    assert not mixed_run(out)


def test_resume_of_a_finished_run_changes_nothing(tmp_path, seeds_dir):
    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    before = (out / "claims.jsonl").read_bytes(), counts(out)
    res = cli(str(seeds_dir), "--out", str(out), "--resume")
    assert res.exit_code == 0, res.stderr
    assert ((out / "claims.jsonl").read_bytes(), counts(out)) == before


def test_without_resume_a_finished_run_starts_over(tmp_path, seeds_dir):
    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    one = sorted(seeds_dir.glob("*.txt"))[0]
    assert cli(str(one), "--out", str(out)).exit_code == 0
    assert counts(out)["documents"] == {"read": 1, "ok": 1, "failed": 0}
    assert journal_entries(out) == 1


def test_starting_over_on_an_unfinished_run_says_what_was_discarded(tmp_path, seeds_dir, monkeypatch):
    """Documented (a run without --resume starts over), but silent it looked like finished work lost."""
    from claimex import run as run_module

    out = tmp_path / "out"
    args = ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert "note:" not in CliRunner().invoke(app, args).stderr  # a finished run's journal: nothing lost

    def killed(*a, **k):  # every document journaled, nothing published: as a kill -9 in the merge leaves it
        raise SystemExit(137)

    monkeypatch.setattr(run_module, "finish", killed)
    time.sleep(0.01)  # (the killed run's journal is newer than the published run.json)
    CliRunner().invoke(app, args)
    monkeypatch.undo()
    note = f"note: {out}/{JOURNAL}: started over, discarding an unfinished run's journal of 5 finished input item(s)"
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0 and res.stderr.splitlines() == [f"{note}; --resume would have continued it"]
    monkeypatch.setattr(run_module, "finish", killed)
    CliRunner().invoke(app, args)
    monkeypatch.undo()
    one = sorted(seeds_dir.glob("*.txt"))[0]
    res = CliRunner().invoke(app, ["extract", str(one), "--out", str(out), "--backend", "rules", "-q"])
    assert res.exit_code == 0 and res.stderr == ""  # --quiet: no notes
    (out / "run.json").unlink()
    res = CliRunner().invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--backend", "rules"])
    assert res.stderr.splitlines() == [
        f"note: {out}/{JOURNAL}: started over, discarding an unfinished run's journal of 1 finished input item(s) "
        "(of other inputs or settings)"
    ]


def test_resume_refuses_other_inputs_or_settings(tmp_path, seeds_dir):
    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    one = sorted(seeds_dir.glob("*.txt"))[0]
    for args in ([str(one)], [str(seeds_dir), "--encoding-errors", "replace"]):
        res = cli(*args, "--out", str(out), "--resume")
        assert res.exit_code == 2
        assert "run without --resume to start over" in res.stderr
    # Same command, but a file changed under it: refused too, naming the item.
    data = tmp_path / "data"
    data.mkdir()
    for p in sorted(seeds_dir.glob("*.txt")):
        (data / p.name).write_bytes(p.read_bytes())
    out2 = tmp_path / "out2"
    assert cli(str(data), "--out", str(out2)).exit_code == 0
    (data / sorted(seeds_dir.glob("*.txt"))[1].name).unlink()
    res = cli(str(data), "--out", str(out2), "--resume")
    assert res.exit_code == 2 and "inputs changed" in res.stderr


@pytest.mark.parametrize(
    ("changed", "named"),
    [
        (["--no-merge"], "--no-merge: False in the journal, True now"),  # 53 claims became 46,780
        (["--doc-timeout", "5"], "--doc-timeout: 30.0 in the journal, 5.0 now"),
        (["--doc-timeout", "0"], "--doc-timeout: 30.0 in the journal, None now"),
        (["--max-doc-mb", "1"], "--max-doc-mb: 10000000 in the journal, 1000000 now"),
    ],
)
def test_resume_with_an_option_that_changes_results_is_refused_naming_it(tmp_path, seeds_dir, changed, named):
    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out), "--fail-fast").exit_code == 0
    journal = (out / JOURNAL).read_bytes()
    res = cli(str(seeds_dir), "--out", str(out), "--resume", *changed)
    assert res.exit_code == 2, res.output
    assert res.stderr.count("\n") == 1  # one line
    assert f"refusing to resume, the journal was written with other inputs or settings: {named};" in res.stderr
    assert (out / JOURNAL).read_bytes() == journal  # untouched


def test_resume_may_change_what_leaves_the_output_as_it_is(tmp_path, seeds_dir):
    """--workers, --fail-fast, --concurrency and the LLM's waiting budgets are not in the fingerprint."""
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(ref)).exit_code == 0
    assert cli(str(seeds_dir), "--out", str(out)).exit_code == 0
    res = cli(str(seeds_dir), "--out", str(out), "--resume", "--workers", "2", "--fail-fast", "--concurrency", "3")
    assert res.exit_code == 0, res.output
    assert (out / "claims.jsonl").read_bytes() == (ref / "claims.jsonl").read_bytes()


def test_the_llm_settings_that_change_answers_are_in_the_journal_header(tmp_path, seeds_dir):
    from claimex.backends.llm import LLMExtractor
    from claimex.journal import JournalError, open_journal
    from claimex.llm.settings import LLMSettings
    from claimex.run import journal_header

    def header(**settings):
        ex = LLMExtractor(LLMSettings(**{"base_url": "http://127.0.0.1:9/v1", **settings}))
        try:
            return journal_header([str(seeds_dir)], ex, "strict", None)
        finally:
            ex.close()

    open_journal(tmp_path, header(), resume=False).close()
    # waiting longer on the server changes no answer: the same journal
    open_journal(tmp_path, header(timeout=600, max_retries=9, connect_timeout=30, deadline=60), resume=True).close()
    for changed, named in [
        ({"max_chunk_tokens": 800}, "--max-chunk-tokens: 3000 in the journal, 800 now"),
        ({"fallback": False}, "--no-fallback: False in the journal, True now"),
        ({"reasoning_effort": "low"}, "--reasoning-effort: None in the journal, 'low' now"),
        ({"base_url": "http://127.0.0.1:10/v1"}, "--base-url: 'http://127.0.0.1:9/v1' in the journal"),
    ]:
        with pytest.raises(JournalError, match=re.escape(named)):
            open_journal(tmp_path, header(**changed), resume=True)


def test_every_journal_header_setting_has_the_option_name_a_refusal_gives(seeds_dir):
    # a key added to run.journal_header or a backend's result_settings without a name in
    # journal.OPTION_NAMES would be refused under its bare key
    from claimex.backends.llm import LLMExtractor
    from claimex.backends.rules import RuleExtractor
    from claimex.journal import OPTION_NAMES
    from claimex.llm.settings import LLMSettings
    from claimex.run import journal_header

    llm = LLMExtractor(LLMSettings(base_url="http://127.0.0.1:9/v1"))
    try:
        for ex in (RuleExtractor(), llm):
            assert set(journal_header([str(seeds_dir)], ex, "strict", None)) - {"files"} <= set(OPTION_NAMES)
    finally:
        llm.close()


@pytest.mark.slow
def test_workers_give_the_same_output_as_one_process(tmp_path, seeds_dir):
    corpus = tmp_path / "c.jsonl"
    _corpus_module().write_jsonl(corpus, 100, seed=3)
    outs = {}
    for w in ("1", "2", "3"):
        for merge in ([], ["--no-merge"]):
            out = tmp_path / f"w{w}{''.join(merge)}"
            res = cli(str(corpus), str(seeds_dir), "--out", str(out), "--workers", w, *merge)
            assert res.exit_code == 0, res.stderr
            outs[(w, bool(merge))] = (out / "claims.jsonl").read_bytes(), without_seconds(out / "documents.jsonl")
    for merge in (False, True):
        assert outs[("1", merge)] == outs[("2", merge)] == outs[("3", merge)]
    assert outs[("1", False)][0] != outs[("1", True)][0]


def test_no_merge_streams_claims_document_by_document_in_input_order(tmp_path, seeds_dir):
    out = tmp_path / "out"
    assert cli(str(seeds_dir), "--out", str(out), "--no-merge").exit_code == 0
    claims = [json.loads(x) for x in (out / "claims.jsonl").read_text().splitlines()]
    order = [c["mentions"][0]["doc_id"] for c in claims]
    docs = [json.loads(x)["doc_id"] for x in (out / "documents.jsonl").read_text().splitlines()]
    assert sorted(set(order), key=order.index) == [d for d in docs if d in set(order)]
    assert all(len(c["mentions"]) == 1 for c in claims)
    assert len(claims) == counts(out)["mentions"]["grounded"] == counts(out)["claims_written"]


def test_journal_survives_a_crash_inside_a_document(tmp_path, seeds_dir, monkeypatch):
    """An exception that escapes (e.g. --fail-fast) leaves a usable journal; resume finishes the run."""
    from claimex.outdir import Publication

    ref = tmp_path / "ref"
    assert cli(str(seeds_dir), "--out", str(ref)).exit_code == 0
    real = Publication.writer

    def dies_on_claims(self, name):
        write = real(self, name)
        if name != "claims.jsonl":
            return write
        written = []

        def write_then_die(line):
            written.append(line)
            if len(written) == 3:
                raise SystemExit(137)  # as abrupt as it gets in-process: no cleanup by claimex
            write(line)

        return write_then_die

    out = tmp_path / "out"
    monkeypatch.setattr(Publication, "writer", dies_on_claims)
    assert cli(str(seeds_dir), "--out", str(out)).exit_code != 0
    assert journal_entries(out) == 5
    assert not (out / "claims.jsonl").exists() and not (out / "run.json").exists()  # run.json comes last
    assert not list(out.glob(".*.tmp"))  # temp files of the unfinished outputs are removed
    monkeypatch.setattr(Publication, "writer", real)
    res = cli(str(seeds_dir), "--out", str(out), "--resume")
    assert res.exit_code == 0, res.stderr
    assert (out / "claims.jsonl").read_bytes() == (ref / "claims.jsonl").read_bytes()
    assert counts(out) == counts(ref)


def test_journal_items_are_written_exactly_as_documents_jsonl_lines(tmp_path, seeds_dir):
    """documents.jsonl copies journal items verbatim; raw and parsed reading agree."""
    from claimex.journal import raw_entries, read_entries
    from claimex.models import DocumentResult, ErrorRecord

    out = tmp_path / "out"
    (tmp_path / "bad.txt").write_text("")
    assert cli(str(seeds_dir), str(tmp_path / "bad.txt"), "--out", str(out)).exit_code == 1
    raw = list(raw_entries(out / JOURNAL))
    parsed = list(read_entries(out / JOURNAL))
    assert [is_err for is_err, _ in raw] == [False] * 5 + [True]
    assert [(ErrorRecord if is_err else DocumentResult).model_validate_json(text) for is_err, text in raw] == [
        e.item for e in parsed
    ]
    assert (out / "documents.jsonl").read_text().splitlines() == [text for is_err, text in raw if not is_err]
