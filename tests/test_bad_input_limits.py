"""Bad input that used to stop a batch (issue 17): each case is one error line and the batch goes on.

Valid JSON that Python cannot load (nesting 100,000 deep, a 5,000-digit
integer), file names that are not UTF-8, FIFOs and devices named `*.jsonl`,
unreadable directories, lines over `--max-doc-mb` (read in bounded pieces),
UTF-16 files, impossible dates, non-string ids, and output directories inside
input directories (and the other way round).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from claimex import ingest
from claimex.ingest import iter_documents
from claimex.models import Document, ErrorRecord
from tests.test_bad_input import GOOD, assert_one_failure, good, run

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m claimex ARGS` in a subprocess (a hang fails the test instead of the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "claimex", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def _errors(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------- valid JSON Python cannot load
@pytest.mark.parametrize(
    "line, needle",
    [
        ('{"id": "deep", "text": "x", "title": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep"),
        ('{"id": "num", "text": "x", "n": ' + "9" * 5000 + "}", "number too large"),
    ],
    ids=["nested-100000", "int-5000-digits"],
)
def test_valid_json_python_cannot_load_is_one_bad_line(tmp_path, line, needle):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"id": "good", "text": GOOD}) + "\n" + line + "\n", encoding="utf-8")
    code, stderr, errors, claims, out = run(tmp_path, p)
    assert_one_failure(code, stderr, errors, claims, path=p, error="BadJSON", line=2)
    assert needle in errors[0]["message"]
    # --resume reads the same inputs again: it must not crash either.
    code, stderr, errors, claims, _ = run(tmp_path, p, extra=("--resume",))
    assert_one_failure(code, stderr, errors, claims, path=p, error="BadJSON", line=2)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_file_name_that_is_not_utf8_is_one_error(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.txt").write_text(GOOD, encoding="utf-8")
    bad_name = os.fsdecode(b"caf\xe9.txt")
    (data / bad_name).write_text("Jo Park said that it rained.", encoding="utf-8")
    code, stderr, errors, claims, _ = run(tmp_path, data)
    assert code == 1
    assert [(e["error"], e["path"]) for e in errors] == [("BadFileName", str(data / "caf\\xe9.txt"))]
    assert "rename" in errors[0]["message"]
    assert [s for s in stderr if s.startswith("error:")] == [
        f"error: {errors[0]['path']}: ingest: BadFileName: {errors[0]['message']}"
    ]
    assert any(m["doc_id"] == "good" for c in claims for m in c["mentions"])


# ------------------------------------------------------------- special files and permissions
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["argument", "directory"])
def test_fifo_named_jsonl_is_not_read(tmp_path, where):
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.txt").write_text(GOOD, encoding="utf-8")
    fifo = data / "pipe.jsonl"
    os.mkfifo(fifo)
    inputs = [str(data / "good.txt"), str(fifo)] if where == "argument" else [str(data)]
    res = _cli("extract", *inputs, "--out", str(tmp_path / "out"), "--backend", "rules", "-q", timeout=60)
    assert res.returncode == 1, res.stderr
    assert [(e["path"], e["error"]) for e in _errors(tmp_path / "out")] == [(str(fifo), "NotAFile")]
    assert f"error: {fifo}: ingest: NotAFile: " in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_named_jsonl_is_not_read(tmp_path):
    dev = tmp_path / "zero.jsonl"
    dev.symlink_to("/dev/zero")
    res = _cli("extract", str(good(tmp_path)), str(dev), "--out", str(tmp_path / "out"), "--backend", "rules", "-q")
    assert res.returncode == 1, res.stderr
    assert [(e["path"], e["error"]) for e in _errors(tmp_path / "out")] == [(str(dev), "NotAFile")]


def test_unreadable_subdirectory_is_one_error(tmp_path, monkeypatch):
    """os.walk is told the directory cannot be listed (as for a chmod 000 directory when not root)."""
    data = tmp_path / "data"
    (data / "locked").mkdir(parents=True)
    (data / "good.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == data / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_documents([str(data)]))
    errs = [i for i in items if isinstance(i, ErrorRecord)]
    assert [(e.path, e.error) for e in errs] == [(str(data / "locked"), "Unreadable")]
    assert "Permission denied" in errs[0].message
    assert [d.doc_id for d in items if isinstance(d, Document)] == ["good"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_directory_and_file_for_real(tmp_path):
    data = tmp_path / "data"
    (data / "locked").mkdir(parents=True)
    (data / "good.txt").write_text(GOOD, encoding="utf-8")
    secret = data / "secret.txt"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    (data / "locked").chmod(0)
    try:
        code, stderr, errors, claims, _ = run(tmp_path, data)
    finally:
        (data / "locked").chmod(0o755)
        secret.chmod(0o644)
    assert code == 1
    assert sorted((e["path"], e["error"]) for e in errors) == [
        (str(data / "locked"), "Unreadable"),
        (str(secret), "Unreadable"),
    ]


def test_unreadable_file_is_unreadable(tmp_path, monkeypatch):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    real_open = os.open

    def fake_open(file, *a, **k):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(os, "open", fake_open)
    [err] = list(iter_documents([str(p)]))
    assert isinstance(err, ErrorRecord) and (err.error, err.message) == ("Unreadable", "Permission denied")


# ------------------------------------------------------------- lines read in bounded pieces
@pytest.mark.parametrize("newline", [True, False], ids=["with-newline", "last-line-without-newline"])
def test_line_over_the_limit_is_skipped_without_holding_it(tmp_path, newline):
    p = tmp_path / "big.jsonl"
    big = b'{"id": "big", "text": "' + b"a" * 8_000_000 + b'"}' + (b"\n" if newline else b"")
    small = json.dumps({"id": "small", "text": "Jo Park said that it rained."}).encode() + b"\n"
    p.write_bytes(big + small if newline else small + big)
    del big
    tracemalloc.start()
    try:
        with open(p, "rb") as fh:
            out = list(ingest.read_jsonl(fh, str(p), max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    errs = [r for r in out if isinstance(r, ErrorRecord)]
    assert [(e.error, e.line) for e in errs] == [("TooLarge", 1 if newline else 2)]
    assert f"{8_000_025 + newline:,} bytes" in errs[0].message
    assert [d.doc_id for d in out if isinstance(d, Document)] == ["small"]
    assert peak < 2_500_000, peak  # an 8 MB line, a 1 MB limit: never the whole line in memory


def test_line_limit_keeps_line_numbers_and_byte_offsets(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "x" * 50}).encode(),
        json.dumps({"id": "b", "text": "y" * 500}).encode(),
        b'{"id": "c", "text": "bad \xff"}',
    ]
    p.write_bytes(b"\n".join(lines) + b"\n")
    with open(p, "rb") as fh:
        out = list(ingest.read_jsonl(fh, str(p), max_bytes=200))
    assert [getattr(r, "error", "ok") for r in out] == ["ok", "TooLarge", "EncodingError"]
    assert out[1].line == 2 and out[2].line == 3
    at = len(lines[0]) + len(lines[1]) + 2 + lines[2].index(b"\xff")
    assert f"byte offset {at} " in out[2].message


# ------------------------------------------------------------- UTF-16, dates, ids
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_utf16_file_gets_a_reencode_hint(tmp_path, bom, suffix):
    text = GOOD if suffix == ".txt" else json.dumps({"id": "u", "text": GOOD}) + "\n"
    p = tmp_path / f"utf16{suffix}"
    p.write_bytes(text.encode("utf-16" if bom else "utf-16-le"))
    code, stderr, errors, claims, _ = run(tmp_path, good(tmp_path), p)
    assert_one_failure(code, stderr, errors, claims, path=p, error="EncodingError")
    named = "UTF-16" if bom else "UTF-16LE"  # without a mark, the byte order iconv must be told
    assert f"looks like {named}:" in errors[0]["message"] and f"iconv -f {named} -t UTF-8" in errors[0]["message"]


def test_a_date_that_is_not_an_iso_calendar_date_is_dropped_with_a_warning(tmp_path):
    p = tmp_path / "a.jsonl"
    recs = [
        {"id": "good", "text": GOOD, "date": "2020-02-29"},
        {"id": "feb30", "text": GOOD, "date": "2020-02-30"},
        {"id": "words", "text": GOOD, "date": "yesterday"},
        {"id": "stamp", "text": GOOD, "date": "2020-03-01T09:30:00Z"},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    txt = tmp_path / "header.txt"
    txt.write_text(" date 2021-13-01 " + GOOD, encoding="utf-8")
    code, stderr, errors, claims, out = run(tmp_path, p, txt)
    assert code == 0  # warnings, not failures: every document is processed
    assert [(e["path"], e["line"], e["error"], e["level"]) for e in errors] == [
        (str(p), 2, "BadDate", "warning"),
        (str(p), 3, "BadDate", "warning"),
        (str(txt), None, "BadDate", "warning"),
    ]
    assert "2020-02-30" in errors[0]["message"] and "dropped" in errors[0]["message"]
    assert sum(line.startswith("warning: ") and "BadDate" in line for line in stderr) == 3
    docs = {d["doc_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert {k: d["date"] for k, d in docs.items()} == {
        "good": "2020-02-29",
        "feb30": None,
        "words": None,
        "stamp": "2020-03-01",
        "header": None,
    }


def test_a_date_in_digits_other_than_0_to_9_is_a_bad_date_warning_not_a_crash(tmp_path):
    # Python's \d and int() read Arabic-Indic and fullwidth digits; the contract's dates are [0-9] only,
    # so such a date once passed ingest and crashed the batch (exit 5) where a claim was built.
    p = tmp_path / "a.jsonl"
    recs = [
        {"id": "arabic", "text": GOOD, "date": "\u0662\u0660\u0662\u0660-01-01"},
        {"id": "fullwidth", "text": GOOD, "date": "\uff12\uff10\uff12\uff10-01-01"},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    txt = tmp_path / "header.txt"
    txt.write_text(" date \u0662\u0660\u0662\u0660-\u0660\u0661-\u0660\u0661 " + GOOD, encoding="utf-8")
    for extra in ((), ("--resume",)):
        code, stderr, errors, claims, out = run(tmp_path, p, txt, good(tmp_path), extra=extra)
        assert code == 0, stderr
        assert [(e["path"], e["line"], e["error"], e["level"]) for e in errors] == [
            (str(p), 1, "BadDate", "warning"),
            (str(p), 2, "BadDate", "warning"),
            (str(txt), None, "BadDate", "warning"),
        ]
        assert "digits 0-9" in errors[0]["message"]
        docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
        assert [(d["doc_id"], d["date"]) for d in docs] == [
            ("arabic", None),
            ("fullwidth", None),
            ("header", None),
            ("good", None),
        ]
        assert {m["doc_id"] for c in claims for m in c["mentions"]} == {"arabic", "fullwidth", "header", "good"}


@pytest.mark.parametrize(
    "header, date, warned",
    [("yesterday", None, True), ("29/02/2020", None, True), ("2020-03-01T09:30Z", "2020-03-01", False)],
)
def test_a_txt_date_header_is_read_whatever_date_it_spells(tmp_path, header, date, warned):
    # Only YYYY-MM-DD used to be a header: the others gave no warning and stayed in the text as its words.
    txt = tmp_path / "a.txt"
    txt.write_text(f" date {header} Mayor defends harbour plan row\n\n" + GOOD, encoding="utf-8")
    code, stderr, errors, claims, out = run(tmp_path, txt)
    assert code == 0, stderr
    assert [(e["path"], e["error"], e["level"]) for e in errors] == ([(str(txt), "BadDate", "warning")] * warned)
    (doc,) = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert (doc["date"], doc["title"]) == (date, "Mayor defends harbour plan row")
    body = len(f" date {header} ")
    assert claims and all(m["sentence"]["start"] >= body for c in claims for m in c["mentions"])


def test_documents_from_texts_checks_the_date_header_as_a_file_read_is():
    ok, bad = ingest.documents_from_texts(
        {"ok": " date 2020-02-29 " + GOOD, "bad": " date \uff12\uff10\uff12\uff10-01-01 " + GOOD}
    )
    assert (ok.date, ok.warnings) == ("2020-02-29", ())
    assert bad.date is None and [w.error for w in bad.warnings] == ["BadDate"]


def test_non_string_ids_are_refused_so_1_never_collides_with_quoted_1(tmp_path):
    p = tmp_path / "a.jsonl"
    recs = [
        {"id": "1", "text": GOOD},
        {"id": 1, "text": GOOD},
        {"id": {"a": 1}, "text": GOOD},
        {"id": True, "text": GOOD},
        {"id": "t", "text": GOOD, "title": ["not", "a", "string"]},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = list(iter_documents([str(p)]))
    assert [getattr(r, "error", r.doc_id) for r in out] == ["1", "BadRecord", "BadRecord", "BadRecord", "BadRecord"]
    assert "'id' must be a string, got int" in out[1].message
    assert "'title' must be a string, got list" in out[4].message


# ------------------------------------------------------------- input and output directories
def test_input_directory_inside_out_is_read(tmp_path):
    run_dir = tmp_path / "run"
    (run_dir / "in").mkdir(parents=True)
    (run_dir / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    for _ in range(2):
        res = _cli("extract", str(run_dir / "in"), "--out", str(run_dir), "--backend", "rules", "-q")
        assert res.returncode == 0, res.stderr
        assert json.loads((run_dir / "run.json").read_text())["documents"]["read"] == 1


def test_an_earlier_runs_output_inside_the_input_is_not_read(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "good.txt").write_text(GOOD, encoding="utf-8")
    res = _cli("extract", str(data), "--out", str(data / "old-run"), "--backend", "rules", "-q")
    assert res.returncode == 0, res.stderr
    # A later run elsewhere must not read data/old-run/{claims,documents,errors,journal}.jsonl as articles.
    res = _cli("extract", str(data), "--out", str(tmp_path / "new"), "--backend", "rules", "-q")
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "new" / "run.json").read_text())["documents"]["read"] == 1


def test_a_runs_change_feed_and_request_log_are_not_read_as_articles(tmp_path):
    """A run directory that is also the input (an inbox processed in place): the files the run wrote,
    `changes.jsonl` (--previous) and `llm_log.jsonl` among them, are no articles on the next run."""
    inbox, prev = tmp_path / "inbox", tmp_path / "prev"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    res = _cli("extract", str(inbox), "--out", str(prev), "--backend", "rules", "-q")
    assert res.returncode == 0, res.stderr
    (inbox / "llm_log.jsonl").write_text(json.dumps({"doc_id": "x", "model": "m"}) + "\n", encoding="utf-8")
    for _ in range(2):
        res = _cli("extract", str(inbox), "--out", str(inbox), "--previous", str(prev), "--backend", "rules", "-q")
        assert res.returncode == 0, res.stderr
        assert (inbox / "changes.jsonl").exists()
        assert json.loads((inbox / "run.json").read_text())["documents"] == {"read": 1, "ok": 1, "failed": 0}


def test_a_folder_of_articles_named_journal_is_still_read(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "journal.jsonl").write_text(json.dumps({"id": "j1", "text": GOOD}) + "\n", encoding="utf-8")
    (data / "claims.jsonl").write_text(json.dumps({"id": "c1", "text": GOOD}) + "\n", encoding="utf-8")
    assert [d.doc_id for d in iter_documents([str(data)])] == ["c1", "j1"]


@pytest.mark.parametrize("command", ["extract", "merge"])
def test_an_out_that_is_a_dangling_link_is_a_usage_error_naming_its_target(tmp_path, command):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    res = _cli("extract", str(tmp_path / "in"), "--out", str(tmp_path / "run"), "--backend", "rules", "-q")
    assert res.returncode == 0, res.stderr
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nowhere" / "x")
    args = [str(tmp_path / "in"), "--backend", "rules"] if command == "extract" else [str(tmp_path / "run")]
    res = _cli(command, *args, "--out", str(link), "-q")
    assert res.returncode == 2, res.stderr
    assert f"is a symbolic link to {tmp_path / 'nowhere' / 'x'}, which does not exist" in res.stderr


def test_a_run_dir_that_is_a_file_is_named_as_run_dir(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    res = _cli(
        "extract", str(tmp_path / "in"), "--out", "-", "--run-dir", str(tmp_path / "afile"), "--backend", "rules"
    )
    assert res.returncode == 2
    assert f"--run-dir {tmp_path / 'afile'} exists and is not a directory" in res.stderr
