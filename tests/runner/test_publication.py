"""Publication of a run's files: all of them or none, and readers told when files of two runs are mixed."""

from __future__ import annotations

import errno
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimex.run as run_mod
from claimex import outdir
from claimex.backends.rules import RuleExtractor
from claimex.cli import app
from claimex.run import run_batch
from tests.conftest import SEEDS

FILES = ("claims.jsonl", "documents.jsonl", "errors.jsonl", "run.json")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_a_merge_that_raises_on_a_rerun_publishes_nothing(tmp_path, monkeypatch):
    """Today's bug: the re-run's documents.jsonl and errors.jsonl sat beside the old claims.jsonl and run.json."""
    out = tmp_path / "out"
    run_batch([str(SEEDS)], RuleExtractor(), out)
    before = _snapshot(out)
    few = tmp_path / "few"
    few.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, few / p.name)
    (few / "empty.txt").write_text("")  # an error line, so errors.jsonl differs too

    def boom(*args, **kwargs):
        raise RuntimeError("merge exploded")

    monkeypatch.setattr(run_mod, "merge", boom)
    with pytest.raises(RuntimeError, match="merge exploded"):
        run_batch([str(few)], RuleExtractor(), out)
    assert _snapshot(out) == before  # the previous run's files, complete and unmixed
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_run_json_records_run_id_and_every_published_file(tmp_path):
    out = tmp_path / "out"
    run_batch([str(SEEDS)], RuleExtractor(), out)
    run = json.loads((out / "run.json").read_text())
    assert len(run["run_id"]) >= 16
    import hashlib

    for name in ("claims.jsonl", "documents.jsonl", "errors.jsonl"):
        data = (out / name).read_bytes()
        assert run["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_readers_warn_when_files_of_two_runs_are_mixed(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    run_batch([str(SEEDS)], RuleExtractor(), a)
    run_batch([str(sorted(SEEDS.glob("*.txt"))[0])], RuleExtractor(), b)
    shutil.copy(b / "documents.jsonl", a / "documents.jsonl")  # what a crash between two renames leaves
    runner = CliRunner()
    for args in (
        ["validate", str(a / "claims.jsonl")],
        ["merge", str(a), "--out", str(tmp_path / "m")],
        ["report", str(a), "--out", str(tmp_path / "r.html"), "--source", str(SEEDS)],
    ):
        res = runner.invoke(app, args)
        warnings = [
            line for line in res.stderr.splitlines() if line.startswith("warning:") and "documents.jsonl" in line
        ]
        assert len(warnings) == 1, (args, res.stderr)
        assert "another run" in warnings[0] and "claims.jsonl" not in warnings[0].split("documents.jsonl")[0]


def test_an_unmixed_run_gives_readers_no_warning(tmp_path):
    a = tmp_path / "a"
    run_batch([str(SEEDS)], RuleExtractor(), a)
    res = CliRunner().invoke(app, ["validate", str(a / "claims.jsonl")])
    assert res.exit_code == 0 and "warning" not in res.stderr


def _extract(*args: str):
    return CliRunner().invoke(app, ["extract", *args, "--backend", "rules"])


def test_a_run_in_which_every_input_failed_keeps_the_earlier_runs_files(tmp_path):
    """A mistyped path (`extract nwe/ --out clob` after a good run) emptied the earlier run's claims.jsonl."""
    out = tmp_path / "clob"
    assert _extract(str(SEEDS), "--out", str(out)).exit_code == 0
    before = _snapshot(out)
    missing = tmp_path / "nwe"
    res = _extract(str(missing), "--out", str(out))
    assert res.exit_code == 1
    assert _snapshot(out) == before  # kept as they were, run.json too: no reader sees mixed files
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    [kept] = [line for line in res.stderr.splitlines() if "no document succeeded" in line]
    assert kept == (
        f"warning: no document succeeded (1 input item failed): nothing of this run was published, and {out} "
        "keeps the earlier run's claims.jsonl, documents.jsonl, errors.jsonl, run.json as they were, not replaced "
        f"by empty ones; this run's errors are above and in {out}/journal.jsonl"
    )
    assert "-> 0 claims (0 denials) (nothing published)" in res.stdout and "claims.jsonl" not in res.stdout
    # The journal is this run's (its error kept): --resume of the same command ends the same way,
    assert "NotFound" in (out / "journal.jsonl").read_text()
    res = _extract(str(missing), "--out", str(out), "--resume", "-q")
    assert res.exit_code == 1 and _snapshot(out) == before
    assert "no document succeeded" in res.stderr  # (also with --quiet)
    # and the next good run starts over with no note of a discarded unfinished run: only a failure was there.
    res = _extract(str(SEEDS), "--out", str(out))
    assert res.exit_code == 0 and "note:" not in res.stderr
    assert (out / "claims.jsonl").read_bytes() == before["claims.jsonl"]


def test_a_run_in_which_every_input_failed_publishes_into_a_directory_without_results(tmp_path):
    """Nothing to keep (a new --out, or an earlier run of no document): errors.jsonl and run.json as before."""
    for earlier in (False, True):
        out = tmp_path / f"out{earlier}"
        if earlier:
            assert _extract(str(tmp_path / "gone"), "--out", str(out)).exit_code == 1
        (tmp_path / "empty.txt").write_text("")
        res = _extract(str(tmp_path / "empty.txt"), "--out", str(out))
        assert res.exit_code == 1 and "no document succeeded" not in res.stderr
        assert "EmptyDocument" in (out / "errors.jsonl").read_text()
        assert (out / "claims.jsonl").read_text() == ""
        assert json.loads((out / "run.json").read_text())["documents"] == {"read": 1, "ok": 0, "failed": 1}


def test_a_run_in_which_some_inputs_failed_still_replaces_the_earlier_runs_files(tmp_path):
    out = tmp_path / "out"
    assert _extract(str(SEEDS), "--out", str(out)).exit_code == 0
    one = sorted(SEEDS.glob("*.txt"))[0]
    res = _extract(str(one), str(tmp_path / "nwe"), "--out", str(out))
    assert res.exit_code == 1 and "no document succeeded" not in res.stderr
    assert json.loads((out / "run.json").read_text())["documents"] == {"read": 2, "ok": 1, "failed": 1}


def test_a_resumed_run_whose_journal_holds_a_result_publishes_it(tmp_path, monkeypatch):
    """Zero ok documents is counted over the whole journal: results journaled before --resume count."""
    out = tmp_path / "out"
    assert _extract(str(SEEDS), "--out", str(out)).exit_code == 0
    one = sorted(SEEDS.glob("*.txt"))[0]
    args = [str(one), str(tmp_path / "nwe"), "--out", str(out)]

    def killed(*a, **k):  # every input journaled, nothing published
        raise SystemExit(137)

    monkeypatch.setattr(run_mod, "finish", killed)
    _extract(*args)
    monkeypatch.undo()
    res = _extract(*args, "--resume")
    assert res.exit_code == 1 and "no document succeeded" not in res.stderr
    assert json.loads((out / "run.json").read_text())["documents"] == {"read": 2, "ok": 1, "failed": 1}


def test_a_merge_of_runs_none_of_which_could_be_read_keeps_the_earlier_files(tmp_path):
    run = tmp_path / "r1"
    assert _extract(str(SEEDS), "--out", str(run)).exit_code == 0
    out = tmp_path / "merged"
    assert CliRunner().invoke(app, ["merge", str(run), "--out", str(out)]).exit_code == 0
    before = _snapshot(out)
    res = CliRunner().invoke(app, ["merge", str(tmp_path / "r2"), "--out", str(out)])
    assert res.exit_code == 1 and _snapshot(out) == before
    assert f"warning: no document was read (1 error): nothing was published, and {out} keeps" in res.stderr
    assert "-> 0 claims (nothing published)" in res.stdout


class _FullDisk(io.FileIO):
    """A file on a full disk: what is written stays in the buffer above, and flushing it (on close too) fails."""

    def write(self, b):  # type: ignore[override]
        raise OSError(errno.ENOSPC, "No space left on device")


def _open_temp_on_a_full_disk(directory: Path, name: str):
    """`outdir.open_temp`, the file created as it creates it, but written through `_FullDisk`."""
    fh, tmp = _real_open_temp(directory, name)
    fh.close()
    return io.TextIOWrapper(io.BufferedWriter(_FullDisk(tmp, "w")), encoding="utf-8", newline="\n"), tmp


_real_open_temp = outdir.open_temp


def test_a_publication_stopped_by_a_full_disk_leaves_no_staged_file(tmp_path, monkeypatch):
    """abort closed each staged file and then unlinked it: close flushes what is buffered, on a full disk
    that raised ENOSPC again, and the .claims.jsonl.<random>.tmp files stayed (`merge` left them, exit 4)."""
    run_batch([str(SEEDS)], RuleExtractor(), tmp_path / "r1")
    monkeypatch.setattr(outdir, "open_temp", _open_temp_on_a_full_disk)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left"), outdir.OutputDir(out).publication() as pub:
        for name in ("claims.jsonl", "documents.jsonl", "errors.jsonl"):
            pub.writer(name)("{}")
        pub.commit({})
    assert sorted(p.name for p in out.iterdir()) == []
    # The command that met it: merge, exit 4, and nothing but its lock left in --out.
    res = CliRunner().invoke(app, ["merge", str(tmp_path / "r1"), "--out", str(tmp_path / "m1"), "-q"])
    assert res.exit_code == 4 and "no space left on the device" in res.output, res.output
    assert sorted(p.name for p in (tmp_path / "m1").iterdir()) == [".claimex.lock"]
