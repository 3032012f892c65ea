"""Downstream commands on a damaged run: each damaged line is one line on stderr, the rest is processed.

`report`, `export`, `validate`, `merge`, `eval` and `llm-log` read claims.jsonl and
documents.jsonl written by a run; a byte of invalid UTF-8, a line nested
100,000 deep, a 5,000-digit number or a field of the wrong type must never
give a traceback. Exit code 1 when anything was skipped.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from pipeline.llm.reqlog import RequestLog, read_log
from tests.test_bad_input import GOOD

runner = CliRunner()

DEEP = b'{"claim_id": "deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
HUGE = b'{"claim_id": "huge", "outlets": ' + b"9" * 5000 + b"}"
BAD_UTF8 = b'{"claim_id": "bad\xff", "mentions": []}'

# Lines whose fields have the wrong type: each must be skipped on its own.
WRONG_TYPES = [
    {"claim_id": "w1", "speaker": "bob", "mentions": []},
    {"claim_id": "w2", "mentions": "not a list"},
    {"claim_id": ["w3"], "mentions": []},
    {"claim_id": "w4", "mentions": [], "denies": 5},
    {"claim_id": "w5", "mentions": [], "links": "x", "variants": [{"text": "v", "doc_ids": 3}]},
    {"claim_id": "w6", "mentions": [], "first_seen": "a"},
    {"claim_id": "w7", "mentions": [], "outlets": "many"},
    {"claim_id": "w8", "speaker": {"name": "A", "aliases": 7}, "mentions": []},
]


def _good_run(tmp_path: Path, *, encoding_errors: str = "strict", raw: bytes | None = None) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_bytes(raw if raw is not None else GOOD.encode("utf-8"))
    out = tmp_path / "run"
    res = runner.invoke(
        app,
        ["extract", str(src), "--out", str(out), "--backend", "rules", "-q", "--encoding-errors", encoding_errors],
    )
    assert res.exit_code == 0, res.stderr
    assert (out / "claims.jsonl").read_text(encoding="utf-8").strip(), "the good article gave no claims"
    return out


def _damage(path: Path, lines: list[bytes]) -> int:
    """Append damaged lines to a run file; returns the line number of the first."""
    old = path.read_bytes()
    first = old.count(b"\n") + 1
    path.write_bytes(old + b"".join(x + b"\n" for x in lines))
    return first


def _damaged_claims(out: Path) -> tuple[int, int]:
    lines = [DEEP, HUGE, BAD_UTF8, *(json.dumps(w).encode() for w in WRONG_TYPES)]
    return _damage(out / "claims.jsonl", lines), len(lines)


def _damaged_documents(out: Path) -> tuple[int, int]:
    lines = [
        b'{"doc_id": "d\xff", "path": "x"}',
        b'{"doc_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"doc_id": "h", "extracted": ' + b"9" * 5000 + b"}",
        json.dumps({"doc_id": 7, "title": ["t"], "path": 3}).encode(),
    ]
    return _damage(out / "documents.jsonl", lines), len(lines)


def _assert_clean(res, *, where: list[str]) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.stderr
    assert res.exit_code == 1, res.stderr
    for w in where:
        assert w in res.stderr, (w, res.stderr)


def test_report_skips_each_damaged_line(tmp_path):
    out = _good_run(tmp_path)
    c, nc = _damaged_claims(out)
    d, nd = _damaged_documents(out)
    res = runner.invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html")])
    _assert_clean(
        res,
        where=[f"{out / 'claims.jsonl'}:{n}:" for n in range(c, c + nc)]
        + [f"{out / 'documents.jsonl'}:{n}:" for n in range(d, d + nd)],
    )
    assert "invalid UTF-8" in res.stderr and "nested too deep" in res.stderr and "number too large" in res.stderr
    assert "highlighted" in res.stdout and (tmp_path / "r.html").is_file()
    assert "0/0 mentions" not in res.stdout  # the good claims are still on the page


def test_export_skips_each_damaged_line(tmp_path):
    out = _good_run(tmp_path)
    c, nc = _damaged_claims(out)
    d, nd = _damaged_documents(out)
    for fmt in ("claim", "csv"):
        res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", fmt])
        _assert_clean(
            res,
            where=[f"{out / 'claims.jsonl'}:{n}:" for n in range(c, c + nc)]
            + [f"{out / 'documents.jsonl'}:{n}:" for n in range(d, d + nd)],
        )
        assert "invalid UTF-8" in res.stderr
        assert "We have done everything we promised" in res.stdout  # the good claims are exported


def test_validate_reports_each_damaged_line(tmp_path):
    out = _good_run(tmp_path)
    c, nc = _damaged_claims(out)
    res = runner.invoke(app, ["validate", str(out / "claims.jsonl"), "--source", str(tmp_path / "src")])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}:" for n in range(c, c + nc)])
    assert "invalid UTF-8" in res.stderr


def test_merge_skips_each_damaged_line(tmp_path):
    out = _good_run(tmp_path)
    d, nd = _damaged_documents(out)
    res = runner.invoke(app, ["merge", str(out), "--out", str(tmp_path / "merged"), "-q"])
    _assert_clean(res, where=[f"{out / 'documents.jsonl'}:{n}:" for n in range(d, d + nd)])
    assert (tmp_path / "merged" / "claims.jsonl").read_text(encoding="utf-8").strip()


def test_merge_refuses_a_document_whose_mentions_point_elsewhere(tmp_path):
    """A documents.jsonl line that parses but whose mention offsets do not span its text, or whose
    mention names another document, is a damaged line: reported, and no claim carries it."""
    out = _good_run(tmp_path)
    path = out / "documents.jsonl"
    (line,) = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert line["mentions"], "the good article gave no mentions"
    shifted = json.loads(json.dumps(line))
    shifted["doc_id"] = "shifted"
    for g in shifted["mentions"]:
        g["mention"]["doc_id"] = "shifted"
    shifted["mentions"][0]["mention"]["start"] = 10**9
    foreign = json.loads(json.dumps(line))
    foreign["doc_id"] = "foreign"
    d = _damage(path, [json.dumps(shifted).encode(), json.dumps(foreign).encode()])
    res = runner.invoke(app, ["merge", str(out), "--out", str(tmp_path / "merged"), "-q"])
    _assert_clean(res, where=[f"{path}:{d}:", f"{path}:{d + 1}:", "do not span its text", "is of document"])
    claims = (tmp_path / "merged" / "claims.jsonl").read_text(encoding="utf-8")
    assert claims.strip() and "shifted" not in claims and "foreign" not in claims


@pytest.mark.parametrize("command", ["report", "validate"])
def test_a_run_made_with_encoding_errors_replace_is_readable(tmp_path, command):
    raw = GOOD.encode("utf-8").replace(b"Monday", b"Mon\xe9day")
    out = _good_run(tmp_path, encoding_errors="replace", raw=raw)
    if command == "report":
        res = runner.invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html")])
    else:
        res = runner.invoke(app, ["validate", str(out / "claims.jsonl"), "--source", str(tmp_path / "src")])
    assert res.exit_code == 0, res.stderr
    assert "Traceback" not in res.stderr and "warning" not in res.stderr


def test_eval_skips_gold_and_prediction_lines_with_missing_fields(tmp_path):
    text = "Jo Park said that the bridge would reopen in May."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "doc_id": "a",
                        "text": text,
                        "claims": [{"content": "the bridge would reopen in May", "speaker": "Jo Park"}],
                    }
                ),
                json.dumps({"doc_id": "b", "text": text, "claims": [{"speaker": "Jo Park"}]}),  # no content
                json.dumps({"doc_id": "c", "text": text, "attributions": [{"source": None}]}),  # no content
                json.dumps({"doc_id": "d", "text": text, "attributions": [{"content": {"start": "x", "end": 3}}]}),
                json.dumps({"doc_id": "e"}),  # no text
                '{"doc_id": "f", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(
        b"\n".join(
            [
                json.dumps({"doc_id": "a", "speaker": "Jo Park", "content": "the bridge would reopen in May"}).encode(),
                json.dumps({"claim_id": "x", "mentions": [{"text": "no doc id"}]}).encode(),
                json.dumps({"claim_id": "y", "mentions": 5}).encode(),
                json.dumps(["not", "an", "object"]).encode(),
                b'{"doc_id": "a\xff"}',
            ]
        )
        + b"\n"
    )
    res = runner.invoke(app, ["eval", str(gold), str(pred)])
    _assert_clean(res, where=[f"{gold}:{n}:" for n in range(2, 7)] + [f"{pred}:{n}:" for n in range(2, 6)])
    overall = next(x for x in res.stdout.splitlines() if x.startswith("OVERALL"))
    assert overall.split()[1:4] == ["1", "1", "1.000"]  # gold, pred, precision from the good lines


def test_validate_passes_a_good_run_whose_input_folder_holds_a_refused_file(tmp_path):
    """A bad file the run refused gave no claim: it is no problem of the claims (exit 0); a claim
    whose source cannot be read is one, and says why."""
    out = _good_run(tmp_path)
    (tmp_path / "src" / "empty.txt").write_bytes(b"")
    res = runner.invoke(app, ["validate", str(out / "claims.jsonl"), "--source", str(tmp_path / "src")])
    assert res.exit_code == 0, res.output
    (tmp_path / "src" / "good.txt").write_bytes(b"")
    res = runner.invoke(app, ["validate", str(out / "claims.jsonl"), "--source", str(tmp_path / "src")])
    assert res.exit_code == 1 and "EmptyDocument" in res.output and "no readable document" in res.output


def test_merge_names_one_run_once_when_it_holds_a_doc_id_twice(tmp_path):
    out = _good_run(tmp_path)
    path = out / "documents.jsonl"
    (line,) = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    fewer = dict(line, mentions=line["mentions"][:-1])
    _damage(path, [json.dumps(fewer).encode()])
    res = runner.invoke(app, ["merge", str(out), "--out", str(tmp_path / "merged")])
    notes = [x for x in res.stderr.splitlines() if x.startswith("note: doc_id")]
    assert len(notes) == 1 and f"is 2 times in {out}:" in notes[0], res.stderr


def _surrogate_claim(out: Path) -> int:
    """Append a good claim line (an id of its own) whose content holds a lone surrogate escape, as JSON may
    spell it (`\\ud800`): it loads, but cannot be written out as UTF-8. Returns its line number."""
    good = json.loads((out / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line = json.dumps({**good, "claim_id": "0123456789abcdef", "content": "lone \ud800 surrogate"})
    assert "\\ud800" in line
    return _damage(out / "claims.jsonl", [line.encode()])


@pytest.mark.parametrize("fmt", ["claim", "csv"])
def test_export_skips_a_claim_holding_a_lone_surrogate(tmp_path, fmt):
    out = _good_run(tmp_path)
    n = _surrogate_claim(out)
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", fmt, "-o", str(tmp_path / "x")])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}:", "'content' holds an unpaired surrogate escape"])
    assert "We have done everything we promised" in (tmp_path / "x").read_text(encoding="utf-8")


def test_claimreview_export_skips_a_review_holding_a_lone_surrogate(tmp_path):
    out = _good_run(tmp_path)
    cid = json.loads((out / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])["claim_id"]
    reviews = tmp_path / "reviews.jsonl"
    review = {"claim_id": cid, "url": "https://fc.example/1", "author": "FC"}
    reviews.write_text(
        json.dumps({**review, "rating": "Fa\ud800lse"}) + "\n" + json.dumps({**review, "rating": "False"}) + "\n"
    )
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "-f", "claimreview", "--reviews", str(reviews)])
    _assert_clean(res, where=[f"{reviews}:1:", "'rating' holds an unpaired surrogate escape"])
    assert [r["reviewRating"]["alternateName"] for r in json.loads(res.stdout)] == ["False"]


def test_report_skips_a_claim_holding_a_lone_surrogate(tmp_path):
    out = _good_run(tmp_path)
    n = _surrogate_claim(out)
    res = runner.invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html")])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}:", "unpaired surrogate"])
    assert (tmp_path / "r.html").is_file() and "0/0 mentions" not in res.stdout


def test_validate_names_a_lone_surrogate(tmp_path):
    out = _good_run(tmp_path)
    n = _surrogate_claim(out)
    res = runner.invoke(app, ["validate", str(out / "claims.jsonl")])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}: 'content' holds an unpaired surrogate escape"])


def test_eval_skips_a_gold_line_holding_a_lone_surrogate(tmp_path):
    text = "Jo Park said that the bridge would reopen in May."
    claims = [{"content": "the bridge would reopen in May", "speaker": "Jo Park"}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"doc_id": "a", "text": text, "claims": claims})
        + "\n"
        + json.dumps({"doc_id": "b\ud800", "text": text, "claims": claims})
        + "\n"
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": "a", "speaker": "Jo Park", "content": claims[0]["content"]}) + "\n")
    res = runner.invoke(app, ["eval", str(gold), str(pred), "--json", str(tmp_path / "m.json")])
    _assert_clean(res, where=[f"{gold}:2:", "'doc_id' holds an unpaired surrogate escape"])
    assert json.loads((tmp_path / "m.json").read_text())["overall"]["gold"] == 1


BOM = "\ufeff".encode()


def _with_bom(path: Path) -> None:
    """Start a file with a UTF-8 byte-order mark, as Windows editors save it (extract reads such a JSONL)."""
    path.write_bytes(BOM + path.read_bytes())


@pytest.mark.parametrize("command", ["validate", "export", "report"])
def test_a_byte_order_mark_before_the_first_claim_is_not_a_damaged_line(tmp_path, command):
    out = _good_run(tmp_path)
    _with_bom(out / "claims.jsonl")
    args = {
        "validate": ["validate", str(out / "claims.jsonl")],
        "export": ["export", str(out / "claims.jsonl"), "-f", "csv"],
        "report": ["report", str(out), "--out", str(tmp_path / "r.html")],
    }[command]
    res = runner.invoke(app, args)
    assert "BOM" not in res.stderr and ":1:" not in res.stderr, res.stderr
    assert "0/0 mentions" not in res.stdout


def test_eval_reads_a_gold_file_with_a_byte_order_mark_as_extract_does(tmp_path):
    text = "Jo Park said that the bridge would reopen in May."
    claims = [{"content": "the bridge would reopen in May", "speaker": "Jo Park"}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "a", "text": text, "claims": claims}) + "\n", encoding="utf-8")
    _with_bom(gold)
    res = runner.invoke(app, ["extract", str(gold), "--out", str(tmp_path / "run"), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.stderr
    res = runner.invoke(app, ["eval", str(gold), str(tmp_path / "run" / "claims.jsonl")])
    assert res.exit_code == 0, res.stderr
    overall = next(x for x in res.stdout.splitlines() if x.startswith("OVERALL"))
    assert overall.split()[1:3] == ["1", "1"]


def test_checkworthiness_reads_a_file_with_a_byte_order_mark(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": 1, "text": "Taxes rose by 5% last year."}\n', encoding="utf-8")
    _with_bom(src)
    res = runner.invoke(app, ["checkworthiness", str(src)])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["id"] == 1


def test_request_log_appends_after_a_torn_last_line_without_gluing_to_it(tmp_path):
    """A run killed mid-write leaves half a line: the next run's requests start a line of their own, so only
    the half line is lost, not the first request after it."""
    log = tmp_path / "llm_log.jsonl"
    log.write_bytes(b'{"ts": "2026-01-01T00:00:00Z", "run": "r1", "doc_id": "d1", "attempts": 1}\n{"ts": "2026-01-0')
    rl = RequestLog(log, "r2")
    rl.write(doc_id="d2", attempts=1, seconds=0.1, outcome="ok")
    rl.write(doc_id="d3", attempts=1, seconds=0.1, outcome="ok")
    problems: list[str] = []
    assert [e["doc_id"] for e in read_log(log, problems)] == ["d1", "d2", "d3"]
    assert len(problems) == 1 and problems[0].startswith(f"{log}:2: ")
    RequestLog(log, "r3").write(doc_id="d4", attempts=1)  # a whole last line: no blank line added
    assert log.read_bytes().count(b"\n") == 5 and b"\n\n" not in log.read_bytes()


def test_llm_log_skips_each_damaged_line(tmp_path):
    """A request log with damaged lines (appended by hand, a disk that tore a line, another tool): each is
    one warning naming PATH:LINE, the good requests are still shown, exit 1, never an internal error."""
    good = {"ts": "2026-01-01T00:00:00Z", "run": "r1", "doc_id": "d", "model": "m", "prompt_version": "p"}
    good = {**good, "schema_mode": "json_schema", "attempts": 1, "seconds": 0.5, "outcome": "ok"}
    log = tmp_path / "llm_log.jsonl"
    log.write_bytes(json.dumps(good).encode() + b"\n")
    damaged = [
        BAD_UTF8,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"attempts": ' + b"9" * 5000 + b"}",
        b"not json",
        b"[1, 2]",
        *(
            json.dumps({**good, **w}).encode()
            for w in ({"attempts": "2"}, {"seconds": "x"}, {"attempts": None}, {"prompt_tokens": "a"}, {"ts": [1]})
        ),
        json.dumps({**good, "outcome": 5, "error": "E"}).encode(),
    ]
    first = _damage(log, damaged)
    for args in ([], ["--json"], ["--last", "3"]):
        res = runner.invoke(app, ["llm-log", str(log), *args])
        _assert_clean(res, where=[f"{log}:{n}: " for n in range(first, first + len(damaged))])
        assert res.stderr.count("warning: ") == len(damaged)
        assert "invalid UTF-8" in res.stderr and "nested too deep" in res.stderr and "'seconds'" in res.stderr
        assert "2026-01-01T00:00:00Z" in res.stdout  # the good request is still shown


def test_merge_keeps_each_input_failure_no_kept_document_answers(tmp_path):
    """A JSONL line whose id repeats an earlier line's (DuplicateId) and an empty b.txt beside a JSONL
    document of id b: neither input was read, though a document of its id was kept. `merge` dropped both
    failures (exit 0, nothing failed); a failure goes only when that same input was read since."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.jsonl").write_text(
        json.dumps({"id": "a", "text": GOOD})
        + "\n"
        + json.dumps({"id": "a", "text": "Another story entirely."})
        + "\n",
        encoding="utf-8",
    )
    (src / "b.txt").write_text("", encoding="utf-8")
    (src / "y.jsonl").write_text(json.dumps({"id": "b", "text": GOOD.replace("mayor", "governor")}) + "\n")
    res = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "r"), "--backend", "rules", "-q"])
    assert res.exit_code == 1
    before = sorted(json.loads(x)["error"] for x in (tmp_path / "r" / "errors.jsonl").read_text().splitlines())
    assert before == ["DuplicateId", "EmptyDocument"]
    res = runner.invoke(app, ["merge", str(tmp_path / "r"), "--out", str(tmp_path / "m"), "-q"])
    after = sorted(json.loads(x)["error"] for x in (tmp_path / "m" / "errors.jsonl").read_text().splitlines())
    assert after == before
    assert json.loads((tmp_path / "m" / "run.json").read_text())["documents"]["failed_earlier"] == 2


def test_merge_drops_a_failure_the_same_input_answered_in_another_run(tmp_path):
    """The article that failed in one run (emptied by accident) and was read in the next: the merge of
    both has its claims and no failure for it."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("", encoding="utf-8")
    runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "r1"), "--backend", "rules", "-q"])
    assert "EmptyDocument" in (tmp_path / "r1" / "errors.jsonl").read_text()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "r2"), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["merge", str(tmp_path / "r1"), str(tmp_path / "r2"), "--out", str(tmp_path / "m"), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "m" / "errors.jsonl").read_text() == ""


def test_a_run_given_twice_is_merged_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "r"), "--backend", "rules", "-q"])
    r = tmp_path / "r"
    res = runner.invoke(app, ["merge", str(r), str(r), str(r / "documents.jsonl"), "--out", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "m" / "run.json").read_text())
    assert report["runs_read"] == 1 and report["documents"]["duplicates"] == 0 and report["inputs"] == [str(r)]
    assert "from 1 run " in res.stdout


def test_merge_drops_a_failure_its_input_answered_under_another_spelling_of_the_path(tmp_path, monkeypatch):
    """The failed file re-run by its absolute path (or from another directory) is the same input."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.txt").write_text("", encoding="utf-8")
    runner.invoke(app, ["extract", "in", "--out", "r1", "--backend", "rules", "-q"])
    assert "EmptyDocument" in (tmp_path / "r1" / "errors.jsonl").read_text()
    (tmp_path / "in" / "b.txt").write_text(GOOD, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path / "in" / "b.txt"), "--out", "r2", "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["merge", "r1", "r2", "--out", "m", "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "m" / "errors.jsonl").read_text() == ""


def test_nan_and_infinity_in_run_files_are_damaged_lines(tmp_path):
    """`"checkworthiness": NaN` (json.dumps writes it) was read as a number: report embedded it in a page
    whose JSON.parse failed, exit 0; validate said "less than or equal to 1"; llm-log printed "inf
    attempts". NaN and Infinity are no JSON: each such line is a damaged line, PATH:LINE, exit 1."""
    out = _good_run(tmp_path)
    claims = [json.loads(x) for x in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    n = _damage(
        out / "claims.jsonl", [json.dumps({**claims[0], "claim_id": "0" * 16, "checkworthiness": math.nan}).encode()]
    )
    page = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(out), "--out", str(page)])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}: not JSON (NaN is no JSON value"])
    assert len(
        json.loads(extract_payload_text(page), parse_constant=lambda c: pytest.fail(f"{c} in the page"))["claims"]
    ) == len(claims)
    res = runner.invoke(app, ["validate", str(out / "claims.jsonl")])
    _assert_clean(res, where=[f"{out / 'claims.jsonl'}:{n}: not JSON (NaN is no JSON value"])
    log = tmp_path / "llm_log.jsonl"
    log.write_text('{"ts": "2024", "run": "R3", "attempts": Infinity, "seconds": NaN, "outcome": "ok"}\n')
    res = runner.invoke(app, ["llm-log", str(log)])
    _assert_clean(res, where=[f"{log}:1: not JSON (Infinity is no JSON value"])
    assert "inf" not in res.stdout
    # run.json's `documents` reach the page too: a NaN there leaves the run details out, with a warning
    run_json = out / "run.json"
    run_json.write_text(run_json.read_text(encoding="utf-8").replace('"read": 1', '"read": NaN', 1))
    res = runner.invoke(app, ["report", str(out), "--out", str(page), "--source", str(tmp_path / "src")])
    _assert_clean(res, where=[f"{run_json}: unreadable (not JSON (NaN is no JSON value"])
    json.loads(extract_payload_text(page), parse_constant=lambda c: pytest.fail(f"{c} in the page"))


def test_nan_in_a_document_result_is_a_damaged_line_for_merge(tmp_path):
    """documents.jsonl is read by the models, and pydantic took NaN in a field with no bounds: `"seconds":
    {"extract": NaN}` merged with exit 0 and was written as null, which the next merge of that output
    refused. The models take no NaN or Infinity (`models.Frozen`)."""
    out = _good_run(tmp_path)
    docs = out / "documents.jsonl"
    line = docs.read_text(encoding="utf-8").splitlines()[0]
    assert '"extract":' in line
    docs.write_text(re.sub(r'"extract":[0-9.e-]+', '"extract":NaN', line, count=1) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["merge", str(out), "--out", str(tmp_path / "m")])
    assert res.exit_code == 1, res.output
    assert f"{docs}:1:" in res.stderr and "nan" in res.stderr.lower(), res.stderr


def extract_payload_text(page: Path) -> str:
    """The text of a review page's data block, unparsed (what the page's JSON.parse reads)."""
    return page.read_text(encoding="utf-8").split('id="claimex-data">')[1].split("</script>")[0]


def test_merge_writes_a_damaged_lines_error_once_when_a_merged_run_carries_it_too(tmp_path, monkeypatch):
    """`merge rde --out mde`, then `merge rde mde --out mde3`: the damaged line of rde/errors.jsonl was
    reported afresh and carried from mde/errors.jsonl as well, so mde3/errors.jsonl held it twice."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    runner.invoke(app, ["extract", "in", "--out", "rde", "--backend", "rules", "-q"])
    _damage(tmp_path / "rde" / "errors.jsonl", [b"garbage"])
    assert runner.invoke(app, ["merge", "rde", "--out", "mde", "-q"]).exit_code == 1
    res = runner.invoke(app, ["merge", "rde", "mde", "--out", "mde3", "-q"])
    _assert_clean(res, where=["rde/errors.jsonl:1: merge: ValidationError: not an error record"])
    lines = (tmp_path / "mde3" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["path"] == "rde/errors.jsonl", lines
    assert json.loads((tmp_path / "mde3" / "run.json").read_text())["documents"]["failed_earlier"] == 0
    assert (tmp_path / "mde3" / "errors.jsonl").read_bytes() == (tmp_path / "mde" / "errors.jsonl").read_bytes()
