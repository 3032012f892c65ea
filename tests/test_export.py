"""`claimex export` (ClaimReview JSON, CSV) and `claimex merge` error handling, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.emit import atomic_write, dumps
from claimex.export import guard_cell
from claimex.merge import merge
from claimex.remerge import merge_runs
from tests._mentions import gm, results, write_run
from tests.conftest import ROOT

runner = CliRunner()
FULL = "I believe these events give me very strong grounds to claim constructive, unfair dismissal."
URLS = {"a": "https://example.org/a", "b": "https://example.org/b"}


def make_run(tmp_path):
    ms = [
        gm("a", "m0", f"\u201c{FULL}\u201d", "Sir Philip Rutnam", date="2020-02-29"),
        gm("b", "m0", FULL, "Philip Rutnam", date="2020-03-01"),
        gm("c", "m0", "This is completely false.", "Priti Patel", pol="denial"),
    ]
    run = tmp_path / "run"
    write_run(run, ms, URLS)
    res = runner.invoke(app, ["merge", str(run), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    return tmp_path / "out"


def test_default_format_is_schema_org_claims_with_urls_dates_and_first_appearance(tmp_path):
    out = make_run(tmp_path)
    res = runner.invoke(app, ["export", str(out / "claims.jsonl")])
    assert res.exit_code == 0, res.output
    claims = json.loads(res.stdout)
    assert len(claims) == 2 and all(c["@type"] == "Claim" for c in claims)
    item = next(x for x in claims if "grounds" in x["text"])
    assert item["@context"] == "https://schema.org"
    assert item["@id"] == "urn:claimex:claim:" + item["identifier"]
    assert item["author"] == {"@type": "Person", "name": "Philip Rutnam", "alternateName": ["Sir Philip Rutnam"]}
    assert item["datePublished"] == "2020-02-29"
    assert [a["url"] for a in item["appearance"]] == ["https://example.org/a", "https://example.org/b"]
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "identifier": "a",
        "url": "https://example.org/a",
        "headline": "Title of a",
        "datePublished": "2020-02-29",
    }
    assert "reviewRating" not in res.stdout and "ClaimReview" not in res.stdout  # unreviewed: no review faked
    patel = next(x for x in claims if "false" in x["text"])
    assert patel["appearance"] == [{"@type": "CreativeWork", "identifier": "c", "headline": "Title of c"}]
    assert "datePublished" not in patel


def _with_sources(out, sources: dict[str, str]) -> None:
    """Give documents.jsonl lines a `source` (the outlet), as v2 documents.jsonl may carry it."""
    path = out / "documents.jsonl"
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    path.write_text("".join(json.dumps({**d, "source": sources[d["doc_id"]]}) + "\n" for d in lines))


def test_claim_appearances_name_their_publisher(tmp_path):
    out = make_run(tmp_path)
    _with_sources(out, {"a": "The Times", "b": "BBC News", "c": "The Guardian"})
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", "claim"])
    assert res.exit_code == 0, res.output
    item = next(x for x in json.loads(res.stdout) if "grounds" in x["text"])
    assert item["appearance"][1] == {
        "@type": "CreativeWork",
        "identifier": "b",
        "url": "https://example.org/b",
        "headline": "Title of b",
        "publisher": {"@type": "Organization", "name": "BBC News"},
        "datePublished": "2020-03-01",
    }
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "The Times"}


def test_v2_claims_lines_are_read_with_their_own_source_url_and_title(tmp_path):
    out = make_run(tmp_path)
    (out / "documents.jsonl").unlink()
    v2 = []
    for line in (out / "claims.jsonl").read_text().splitlines():
        c = json.loads(line)
        c["schema_version"] = 2
        c["statement"] = "Rutnam says he was constructively dismissed."
        c["publishers"] = ["Outlet " + m["doc_id"] for m in c["mentions"]]
        for m in c["mentions"]:
            m.update(source="Outlet " + m["doc_id"], url=f"https://news.example/{m['doc_id']}", title="T")
        v2.append(json.dumps(c))
    (out / "claims.jsonl").write_text("\n".join(v2) + "\n")
    res = runner.invoke(app, ["export", str(out / "claims.jsonl")])
    assert res.exit_code == 0, res.output
    item = next(x for x in json.loads(res.stdout) if "grounds" in x["text"])
    assert item["name"] == "Rutnam says he was constructively dismissed."
    assert item["appearance"][0] == {
        "@type": "CreativeWork",
        "identifier": "a",
        "url": "https://news.example/a",
        "headline": "T",
        "publisher": {"@type": "Organization", "name": "Outlet a"},
        "datePublished": "2020-02-29",
    }
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "-f", "csv"])
    row = next(r for r in csv.DictReader(io.StringIO(res.stdout, newline="")) if "grounds" in r["content"])
    assert row["publishers"] == "Outlet a | Outlet b" and row["first_seen_url"] == "https://news.example/a"


def test_claimreview_needs_reviews(tmp_path):
    out = make_run(tmp_path)
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", "claimreview"])
    assert res.exit_code == 2
    assert "--reviews FILE.jsonl" in res.stderr and "claim_id" in res.stderr and "--format claim" in res.stderr
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--reviews", str(tmp_path / "r.jsonl")])
    assert res.exit_code == 2 and "--reviews is for --format claimreview" in res.stderr


def test_claimreview_has_what_google_requires_and_bad_review_lines_are_one_error_each(tmp_path):
    out = make_run(tmp_path)
    ids = {json.loads(x)["content"][:5]: json.loads(x)["claim_id"] for x in (out / "claims.jsonl").open()}
    rutnam, patel = ids["I bel"], ids["This "]
    good_text = {"claim_id": rutnam, "rating": "Unproven", "url": "https://fc.example/1", "author": "FactCo"}
    good_number = {
        "claim_id": patel,
        "rating": {"alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
        "url": "https://fc.example/2",
        "author": {"@type": "Person", "name": "Ann Checker", "url": "https://fc.example/ann"},
        "date": "2020-03-05",
    }
    lines = [
        json.dumps(good_text),
        json.dumps({**good_text, "claim_id": "no-such-claim", "url": "https://fc.example/3"}),
        json.dumps({k: v for k, v in good_text.items() if k != "url"}),
        json.dumps({k: v for k, v in good_text.items() if k != "author"}),
        json.dumps({k: v for k, v in good_text.items() if k != "rating"}),
        json.dumps({**good_text, "url": "https://fc.example/4", "rating": {"ratingValue": 1}}),
        json.dumps({**good_text, "url": "https://fc.example/5", "rating": {"alternateName": "F", "ratingValue": 9}}),
        "{not json",
        json.dumps(good_number),
    ]
    reviews = tmp_path / "reviews.jsonl"
    reviews.write_text("\n".join(lines) + "\n")
    target = tmp_path / "cr.json"
    res = runner.invoke(
        app,
        ["export", str(out / "claims.jsonl"), "-f", "claimreview", "--reviews", str(reviews), "-o", str(target)],
    )
    assert res.exit_code == 1
    errs = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert [e.split(": ")[1] for e in errs] == [f"{reviews}:{n}" for n in range(2, 9)]
    assert "'no-such-claim' is not in the claims file" in errs[0]
    assert "lacks url" in errs[1] and "lacks author" in errs[2] and "lacks rating" in errs[3]
    assert "alternateName" in errs[4] and "bestRating and worstRating" in errs[5]
    first, second = json.loads(target.read_text())
    for r in (first, second):  # Google's required properties, and the recommended author and itemReviewed
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["url"].startswith("https://fc.example/") and r["author"]["name"]
        assert r["claimReviewed"] == r["itemReviewed"]["text"] and r["reviewRating"]["alternateName"]
        assert r["itemReviewed"]["@type"] == "Claim" and "@context" not in r["itemReviewed"]
        assert r["itemReviewed"]["appearance"] and r["itemReviewed"]["firstAppearance"]
    assert first["itemReviewed"]["@id"] == f"urn:claimex:claim:{rutnam}" and first["claimReviewed"] == FULL
    assert first["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}
    assert first["author"] == {"@type": "Organization", "name": "FactCo"} and "datePublished" not in first
    assert second["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert second["author"]["@type"] == "Person" and second["datePublished"] == "2020-03-05"
    assert second["itemReviewed"]["author"] == {"@type": "Person", "name": "Priti Patel"}


def test_export_without_documents_falls_back_to_doc_ids(tmp_path):
    out = make_run(tmp_path)
    (out / "documents.jsonl").unlink()
    target = tmp_path / "cr.json"
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--out", str(target)])
    assert res.exit_code == 0, res.output
    first = json.loads(target.read_text())[0]
    assert first["appearance"][0] == {"@type": "CreativeWork", "identifier": "a", "datePublished": "2020-02-29"}


def test_documents_option_points_at_another_run(tmp_path):
    out = make_run(tmp_path)
    other = tmp_path / "meta"
    write_run(other, [gm("a", "m0", "x y z", date="2020-02-29")], {"a": "https://elsewhere.example/a"})
    (out / "documents.jsonl").unlink()
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--documents", str(other)])
    assert res.exit_code == 0, res.output
    assert "https://elsewhere.example/a" in res.stdout


def _readme_csv_header() -> str:
    """The README's line documenting the CSV header (the one starting `Columns:` under `--format csv`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("- `--format csv`") :]
    return section[section.index("Columns:") : section.index(" (the")]


def test_csv_one_row_per_claim(tmp_path):
    out = make_run(tmp_path)
    target = tmp_path / "claims.csv"
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", "csv", "--out", str(target)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 2
    row = next(r for r in rows if "grounds" in r["content"])
    assert row["speaker"] == "Philip Rutnam" and row["outlets"] == "2"
    assert row["first_seen_doc_id"] == "a" and row["first_seen_url"] == "https://example.org/a"
    assert row["urls"] == "https://example.org/a | https://example.org/b"
    assert row["content"] == FULL  # the wording's most common spelling (a tie: the one without quote marks)
    claim = next(json.loads(x) for x in (out / "claims.jsonl").read_text().splitlines() if x and "grounds" in x)
    for column in ("statement", "claim_type", "checkworthiness", "confidence"):
        assert row[column] == str(claim[column]), column
    with open(target, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [x.strip("`") for x in re.findall(r"`\w+`", _readme_csv_header())]  # as documented


def test_csv_guards_formulas_quotes_newlines_and_excel_gets_a_bom(tmp_path):
    hostile = {
        "d1": ("=1+1 was the only honest formula in the budget, she said.", "Ann Lee"),
        "d2": ("+44 is the code, and -5 degrees is the forecast for the night.", "@newsdesk"),
        "d3": ("The first line of it\nand the second, \u201cquoted\u201d, line.", "Bo Ray\nof the desk"),
    }
    run = tmp_path / "run"
    write_run(
        run, [gm(d, "m0", t, sp, kind="organization" if sp.startswith("@") else None) for d, (t, sp) in hostile.items()]
    )
    res = runner.invoke(app, ["merge", str(run), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    claims = tmp_path / "out" / "claims.jsonl"
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert runner.invoke(app, ["export", str(claims), "-f", "csv", "-o", str(plain)]).exit_code == 0
    assert runner.invoke(app, ["export", str(claims), "-f", "csv", "--excel", "-o", str(excel)]).exit_code == 0
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert raw[3:] == plain.read_bytes()  # the BOM is the only difference
    with open(excel, encoding="utf-8-sig", newline="") as fh:  # how Excel and pandas read it
        rows = {r["first_seen_doc_id"]: r for r in csv.DictReader(fh)}
    assert rows["d1"]["content"] == "'" + hostile["d1"][0]
    assert rows["d2"]["content"] == "'" + hostile["d2"][0] and rows["d2"]["speaker"] == "'@newsdesk"
    # content folds white space (the claims.jsonl contract); the curly quotes survive, unguarded
    assert rows["d3"]["content"] == " ".join(hostile["d3"][0].split())
    for r in rows.values():  # no cell of any row starts with a formula character
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in r.values())
    # an embedded newline (a speaker name's here: content folds white space) stays inside a quoted cell
    assert b'"Bo Ray\nof the desk"' in raw
    res = runner.invoke(app, ["export", str(claims), "--excel"])
    assert res.exit_code == 2 and "--excel is for --format csv" in res.stderr


def test_guard_cell_covers_every_formula_start():
    # (claim contents are stripped by the pipeline, so tab and CR starts are checked here directly)
    for bad in ("=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"):
        assert guard_cell(bad) == "'" + bad
    assert guard_cell("a=1") == "a=1" and guard_cell(3) == "3" and guard_cell(None) == ""


def test_bad_claims_line_is_reported_and_the_rest_exported(tmp_path):
    out = make_run(tmp_path)
    lines = (out / "claims.jsonl").read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + '\n{"claim_id": 3}\n' + lines[1] + "\n")
    res = runner.invoke(app, ["export", str(bad), "--documents", str(out), "-f", "csv"])
    assert res.exit_code == 1
    assert f"{bad}:2: export: ValidationError" in res.stderr
    assert len(list(csv.reader(io.StringIO(res.stdout)))) == 3  # header + the two good claims
    res = runner.invoke(app, ["export", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 2 and "no such file" in res.stderr


def test_merge_reports_missing_runs_and_bad_lines_and_goes_on(tmp_path):
    good = tmp_path / "good"
    write_run(good, [gm("a", "m0", FULL, date="2020-02-29")])
    broken = tmp_path / "broken"
    broken.mkdir()
    r = results([gm("b", "m0", FULL)])[0]
    atomic_write(broken / "documents.jsonl", [dumps(r), '{"doc_id": 1}'])
    res = runner.invoke(app, ["merge", str(good), str(broken), str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert f"{broken / 'documents.jsonl'}:2: merge: ValidationError" in res.stderr
    assert f"{tmp_path / 'nowhere'}: merge: InputError: no such run directory" in res.stderr
    (claim,) = [json.loads(x) for x in (tmp_path / "o" / "claims.jsonl").read_text().splitlines()]
    assert claim["outlets"] == 2
    errors = (tmp_path / "o" / "errors.jsonl").read_text().splitlines()
    assert len(errors) == 2
    # the summary counts the runs read: good and broken (its good line), not the missing one
    assert "2 documents from 2 runs (0 in several)" in res.stdout
    assert json.loads((tmp_path / "o" / "run.json").read_text())["runs_read"] == 2
    res = runner.invoke(app, ["merge", str(good), str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 1 and "1 documents from 1 run (0 in several)" in res.stdout


def test_merge_names_every_bad_run_in_its_usage_error(tmp_path):
    good = tmp_path / "good"
    write_run(good, [gm("a", "m0", FULL)])
    for d in ("empty1", "empty2"):
        (tmp_path / d).mkdir()
    args = [str(good), str(tmp_path / "nope"), str(tmp_path / "empty1"), str(tmp_path / "empty2")]
    res = runner.invoke(app, ["merge", *args, "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        f"error: merge: {tmp_path / 'empty1'}: no documents.jsonl in this directory (is it a claimex run?); "
        f"{tmp_path / 'empty2'}: no documents.jsonl in this directory (is it a claimex run?); "
        f"{tmp_path / 'nope'}: no such run directory (or documents.jsonl) (see claimex merge --help)"
    ]
    assert not (tmp_path / "o").exists()


def _files(d) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def test_merge_refuses_an_out_that_is_one_of_its_runs_and_leaves_it_alone(tmp_path):
    run1 = tmp_path / "run1"
    write_run(run1, [gm("a", "m0", FULL)])
    write_run(tmp_path / "run2", [gm("b", "m0", FULL)])
    before = _files(run1)
    for args in (
        [str(run1), "--out", str(run1)],
        [str(tmp_path / "run2"), str(run1 / "documents.jsonl"), "--out", str(tmp_path / "run2" / ".." / "run1")],
        [str(tmp_path / "run2"), "--previous", str(run1), "--out", str(run1)],
    ):
        res = runner.invoke(app, ["merge", *args])
        assert res.exit_code == 2, res.output
        assert [x for x in res.stderr.splitlines() if x] == [
            f"error: merge: --out {args[-1]} is one of the runs being merged ({args[-3]}): choose another directory"
            " (see claimex merge --help)"
        ]
        assert _files(run1) == before


def test_merge_of_a_directory_that_is_no_run_is_a_usage_error_and_writes_nothing(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("not a run\n")
    res = runner.invoke(app, ["merge", str(tmp_path / "notes"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert [x for x in res.stderr.splitlines() if x] == [
        f"error: merge: {tmp_path / 'notes'}: no documents.jsonl in this directory (is it a claimex run?)"
        " (see claimex merge --help)"
    ]
    assert not (tmp_path / "o").exists()


def test_differing_duplicate_doc_keeps_the_richer_result_and_says_so(tmp_path):
    one = [gm("a", "m0", FULL)]
    two = [gm("a", "m0", FULL), gm("a", "m1", "This is completely false.", pol="denial")]
    write_run(tmp_path / "old", one)
    write_run(tmp_path / "new", two)
    notes: list[str] = []
    for order in ([tmp_path / "old", tmp_path / "new"], [tmp_path / "new", tmp_path / "old"]):
        res = merge_runs(order, on_note=notes.append)
        assert len(res.results) == 1 and len(res.results[0].mentions) == 2
        assert res.duplicates[0]["kept"] == str(tmp_path / "new") and not res.duplicates[0]["identical"]
    assert "doc_id a is in 2 runs" in notes[0] and "most grounded mentions" in notes[0]
    assert [c.content for c in merge(two)] == [c.content for c in res.claims]


def test_a_merge_run_json_has_the_keys_an_extract_run_json_documents(tmp_path):
    write_run(tmp_path / "run1", [gm("a", "m0", FULL)])
    write_run(tmp_path / "run2", [gm("b", "m0", FULL)])
    res = runner.invoke(app, ["merge", str(tmp_path / "run1"), str(tmp_path / "run2"), "--out", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    run = json.loads((tmp_path / "m" / "run.json").read_text())
    assert run["backend"] == "rules" and run["ungrounded"] == 0
    assert run["checkworthiness_model"].startswith("checkworthy")


def test_export_refuses_to_write_over_any_file_it_reads(tmp_path):
    out = make_run(tmp_path)
    claims, documents = out / "claims.jsonl", out / "documents.jsonl"
    before = {p: p.read_bytes() for p in (claims, documents)}
    (tmp_path / "hard.jsonl").hardlink_to(claims)
    for target, what in [
        (claims, "CLAIMS_FILE"),
        (tmp_path / "hard.jsonl", "CLAIMS_FILE"),  # another name of the same file
        (tmp_path / "out" / ".." / "out" / "documents.jsonl", "--documents"),  # the documents.jsonl beside it
    ]:
        res = runner.invoke(app, ["export", str(claims), "-f", "csv", "-o", str(target)])
        assert res.exit_code == 2, res.output
        assert f"--out {target} is the same file as {what}" in res.stderr
        assert {p: p.read_bytes() for p in before} == before
    res = runner.invoke(app, ["export", str(claims), "--documents", str(out), "-o", str(documents)])
    assert res.exit_code == 2 and "--documents" in res.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_report_and_eval_refuse_to_write_over_what_they_read(tmp_path):
    out = make_run(tmp_path)
    before = (out / "claims.jsonl").read_bytes()
    res = runner.invoke(app, ["report", str(out), "-o", str(out / "claims.jsonl")])
    assert res.exit_code == 2 and "the run's claims.jsonl" in res.stderr
    res = runner.invoke(
        app, ["eval", str(out / "claims.jsonl"), str(out / "claims.jsonl"), "--json", str(out / "claims.jsonl")]
    )
    assert res.exit_code == 2 and "--json" in res.stderr and "GOLD" in res.stderr
    assert (out / "claims.jsonl").read_bytes() == before


def test_a_claim_without_mentions_is_a_damaged_line_in_export_and_validate(tmp_path):
    """A claim is grounded by at least one mention: a line with none (and no first_seen) is one error,
    not an internal error (export took its first document from the mentions), and validate says so."""
    out = make_run(tmp_path)
    path = out / "claims.jsonl"
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    bare = {**first, "claim_id": "0123456789abcdef", "mentions": [], "first_seen": None}
    path.write_text(path.read_text(encoding="utf-8") + json.dumps(bare) + "\n", encoding="utf-8")
    for fmt in ("claim", "csv"):
        res = runner.invoke(app, ["export", str(path), "-f", fmt])
        assert res.exit_code == 1, res.output
        assert f"{path}:3: export: ValidationError: not a claim: mentions" in res.stderr
        assert first["claim_id"] in res.stdout and "0123456789abcdef" not in res.stdout
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 1 and f"{path}:3: mentions" in res.stderr, res.stderr


def test_a_v1_claims_file_is_one_error_saying_to_rebuild_the_run_in_export_and_validate(tmp_path):
    """A v1 claims.jsonl made one `schema_version: Input should be 2` error per line in export (and one
    per line in validate), none saying what to do: now one line, at the first, counting the others and
    saying how to bring the run forward."""
    out = make_run(tmp_path)
    path = out / "claims.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("".join(json.dumps({**c, "schema_version": 1}) + "\n" for c in lines), encoding="utf-8")
    said = f"schema_version 1 (and {len(lines) - 1} more line(s)), but claimex reads schema_version 2 only"
    res = runner.invoke(app, ["export", str(path)])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        f"error: {path}:1: export: SchemaVersion: not a claim: {said}: rebuild that run with this claimex "
        "(claimex extract over its articles again, or claimex merge RUN --out NEW over its documents.jsonl)"
    ]
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 1
    assert [line for line in res.stderr.splitlines()[:-1] if not line.startswith("warning:")] == [
        f"{path}:1: {said}: rebuild that run with this claimex "
        + ("(claimex extract over its articles again, or claimex merge RUN --out NEW over its documents.jsonl)")
    ]


def test_a_repeated_claim_id_is_exported_once_and_the_repeat_is_one_error(tmp_path):
    """Two lines of one claim_id (two claims files concatenated) would be two JSON-LD nodes of one @id
    (a JSON-LD processor merges them into one node holding both texts) and two CSV rows: the first is
    exported, each repeat is one error naming its line, as validate and report say it."""
    out = make_run(tmp_path)
    path = out / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[0]]) + "\n", encoding="utf-8")
    first = json.loads(lines[0])["claim_id"]
    for fmt in ("claim", "csv"):
        res = runner.invoke(app, ["export", str(path), "-f", fmt])
        assert res.exit_code == 1, res.output
        assert f"{path}:3: export: DuplicateId: claim_id {first} repeats line 1; line skipped" in res.stderr
        assert res.stdout.count(first) == (2 if fmt == "claim" else 1), res.stdout  # (claim: its @id and identifier)
    res = runner.invoke(app, ["export", str(path)])
    assert len(json.loads(res.stdout)) == 2


def test_a_review_date_that_is_not_an_iso_date_is_one_error(tmp_path):
    """schema.org's datePublished is an ISO 8601 date: `yesterday` or `5/3/2020` would be published as
    it is, and Google's structured data test refuses the ClaimReview."""
    out = make_run(tmp_path)
    cid = json.loads((out / "claims.jsonl").read_text(encoding="utf-8").splitlines()[0])["claim_id"]
    review = {"claim_id": cid, "rating": "False", "author": "FactCo"}
    reviews = tmp_path / "reviews.jsonl"
    dates = ["yesterday", "5/3/2020", "2020-02-30", "2020-03-05", "2020-03-05T10:00:00Z"]
    reviews.write_text(
        "".join(json.dumps({**review, "url": f"https://fc.example/{i}", "date": d}) + "\n" for i, d in enumerate(dates))
    )
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "-f", "claimreview", "--reviews", str(reviews)])
    assert res.exit_code == 1, res.output
    for n, d in enumerate(dates[:3], 1):
        assert f"{reviews}:{n}: export: ReviewError: date {d!r} is not an ISO date" in res.stderr, res.stderr
    assert [r["datePublished"] for r in json.loads(res.stdout)] == dates[3:]


@pytest.mark.parametrize("command", ["export", "checkworthiness", "report"])
def test_an_output_path_that_is_a_directory_is_a_usage_error(tmp_path, command):
    """`-o somedir` named a temporary file the user never gave, with the environment's exit code 4."""
    target = tmp_path / "somedir"
    target.mkdir()
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Prices will rise next year."}\n', encoding="utf-8")
    args = {
        "export": ["export", str(src), "-o", str(target)],
        "checkworthiness": ["checkworthiness", str(src), "-o", str(target)],
        "report": ["report", str(tmp_path), "--out", str(target)],
    }[command]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert f"{target} is a directory" in res.output and ".tmp" not in res.output
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_export_to_a_reader_that_leaves_exits_141(tmp_path, unbuffered):
    """`claimex export FILE | head -1` exited 0: the export is one write, and with PYTHONUNBUFFERED=1 a write
    that the reader's leaving cut short (the pipe had taken 64 KB) returned as if all of it had gone."""
    import os
    import subprocess
    import sys

    seeds_claims = tmp_path / "seeds"
    assert CliRunner().invoke(app, ["extract", str(ROOT / "seeds"), "-o", str(seeds_claims), "-q"]).exit_code == 0
    lines = (seeds_claims / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    many = tmp_path / "claims.jsonl"  # some 300 KB of export: more than a pipe holds
    with many.open("w", encoding="utf-8") as fh:
        for copy in range(6):
            for line in lines:
                claim = json.loads(line)
                claim["claim_id"] = f"{claim['claim_id'][:-2]}{copy:02d}"
                fh.write(json.dumps(claim) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimex", "export", str(many)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)  # `head -c 10`: then the reader leaves
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, stderr
    assert stderr == ""
