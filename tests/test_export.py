"""`claimex export` (ClaimReview JSON, CSV) and `claimex merge` error handling, through the CLI."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.emit import atomic_write, dumps
from pipeline.merge import merge
from pipeline.remerge import merge_runs
from tests._mentions import gm, results, write_run

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


def test_claimreview_uses_urls_dates_and_first_appearance(tmp_path):
    out = make_run(tmp_path)
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--format", "claimreview"])
    assert res.exit_code == 0, res.output
    reviews = json.loads(res.stdout)
    assert len(reviews) == 2
    r = next(x for x in reviews if "grounds" in x["claimReviewed"])
    assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
    item = r["itemReviewed"]
    assert item["@type"] == "Claim" and item["text"] == r["claimReviewed"]
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
    assert "reviewRating" not in r  # the fact-checker's part is left to the fact-checker
    patel = next(x for x in reviews if "false" in x["claimReviewed"])["itemReviewed"]
    assert patel["appearance"] == [{"@type": "CreativeWork", "identifier": "c", "headline": "Title of c"}]
    assert "datePublished" not in patel


def test_export_without_documents_falls_back_to_doc_ids(tmp_path):
    out = make_run(tmp_path)
    (out / "documents.jsonl").unlink()
    target = tmp_path / "cr.json"
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--out", str(target)])
    assert res.exit_code == 0, res.output
    first = json.loads(target.read_text())[0]["itemReviewed"]
    assert first["appearance"][0] == {"@type": "CreativeWork", "identifier": "a", "datePublished": "2020-02-29"}


def test_documents_option_points_at_another_run(tmp_path):
    out = make_run(tmp_path)
    other = tmp_path / "meta"
    write_run(other, [gm("a", "m0", "x y z", date="2020-02-29")], {"a": "https://elsewhere.example/a"})
    (out / "documents.jsonl").unlink()
    res = runner.invoke(app, ["export", str(out / "claims.jsonl"), "--documents", str(other)])
    assert res.exit_code == 0, res.output
    assert "https://elsewhere.example/a" in res.stdout


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
