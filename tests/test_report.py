"""The review page without a browser: what the HTML file holds, what it must never hold."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.errors import UsageError
from claimex.report import build_report_data, embed_json, extract_payload, render_report, write_report
from tests.report_helpers import PLANTED_MENTIONS, PLANTED_TEXT, load_claims, planted_run, seeds_run

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    return seeds_run(SEEDS, tmp_path_factory.mktemp("seeds") / "out")


@pytest.fixture(scope="module")
def seeds_html(seeds_out) -> str:
    return render_report(build_report_data(seeds_out, [str(SEEDS)]))


def test_page_references_nothing_outside_itself(seeds_html):
    # No src/href/action/url() pointing anywhere: the page must open offline and leak nothing.
    assert not re.search(
        r"""(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", seeds_html, re.I
    )
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:|//)", seeds_html, re.I)
    assert not re.search(r"<link\b|@import|<iframe\b|<object\b|<embed\b", seeds_html, re.I)
    assert "cdn" not in seeds_html.lower().split('id="claimex-data"')[0]
    # Exactly the two inline scripts: the data block and the page script.
    assert seeds_html.count("<script") == 2 and seeds_html.count("</script>") == 2


def test_csp_forbids_network_and_pins_the_inline_script_and_style(seeds_html):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', seeds_html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    script = re.search(r"<script>(.*?)</script>", seeds_html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", seeds_html, re.S).group(1)
    for body, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_payload_round_trips_and_matches_claims(seeds_out, seeds_html):
    data = build_report_data(seeds_out, [str(SEEDS)])
    assert extract_payload(seeds_html) == json.loads(json.dumps(data.payload))
    claims = load_claims(seeds_out)
    payload = extract_payload(seeds_html)
    assert [c["id"] for c in payload["claims"]] == [c["claim_id"] for c in claims]
    assert (
        payload["summary"]["mentions"] == payload["summary"]["highlighted"] == sum(len(c["mentions"]) for c in claims)
    )
    docs = payload["docs"]
    for pc, c in zip(payload["claims"], claims):
        sp = c["speaker"]
        label = sp["name"] or ("(unnamed source)" if sp["kind"] == "unnamed" else "(unknown speaker)")
        assert payload["speakers"][pc["sp"]]["name"] == label
        assert pc["out"] == c["outlets"] and pc["pol"] == c["polarity"]
        assert [payload["claims"][i]["id"] for i in pc["den"]] == c["denies"]
        for pm, m in zip(pc["ms"], c["mentions"]):
            d = docs[pm["d"]]
            assert d["id"] == m["doc_id"] and d["text"][pm["s"] : pm["e"]] == m["text"]
    # Every mention of a document is in its highlight list exactly once.
    per_doc = sorted((d["id"], pc_i, k) for d in docs for pc_i, k, _s, _e in d["m"])
    assert per_doc == sorted((m["doc_id"], i, k) for i, c in enumerate(claims) for k, m in enumerate(c["mentions"]))
    assert data.warnings == []


def test_embedded_json_cannot_close_its_script_block():
    hostile = {"t": "a</script><script>alert(1)</script><!-- x --> & </SCRIPT >"}
    s = embed_json(hostile)
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == hostile


def test_planted_markup_stays_data_and_offsets_become_utf16(tmp_path):
    article, out = planted_run(tmp_path)
    data = build_report_data(out)  # sources from run.json
    html = render_report(data)
    assert data.warnings == []
    # The article's markup appears nowhere as markup, only escaped inside the JSON block.
    assert "window.__pwned" not in html.split('id="claimex-data">')[0]
    assert "<script>window" not in html and "<img src=x" not in html
    assert html.count("</script>") == 2
    payload = extract_payload(html)
    (doc,) = payload["docs"]
    assert doc["text"] == PLANTED_TEXT  # CRLF and emoji intact
    utf16 = PLANTED_TEXT.encode("utf-16-le")
    texts = {c["id"]: c["c"] for c in payload["claims"]}
    for ci, _k, s16, e16 in doc["m"]:
        # JavaScript slices UTF-16 code units: these offsets must cut out the mention exactly.
        assert utf16[2 * s16 : 2 * e16].decode("utf-16-le") == texts[payload["claims"][ci]["id"]]
    assert len(doc["m"]) == len(PLANTED_MENTIONS)
    # The astral emoji really shift the offsets (otherwise the test above proves nothing).
    first = payload["claims"][doc["m"][0][0]]["ms"][0]
    assert doc["m"][0][2] == first["s"] + 2


def test_missing_and_changed_sources_are_reported_and_the_page_still_builds(tmp_path):
    article, out = planted_run(tmp_path)
    # Changed source: one mention no longer matches.
    article.write_bytes(PLANTED_TEXT.replace("inner phrase", "INNER phrase").encode())
    warnings: list[str] = []
    data = build_report_data(out, on_warning=warnings.append)
    assert data.warnings == warnings and len(warnings) == 2  # "inner" itself and "outer", which contains it
    assert all("does not match the source text" in w and str(article) in w for w in warnings)
    (doc,) = data.payload["docs"]
    assert doc["bad"] == 2 and len(doc["m"]) == len(PLANTED_MENTIONS) - 2
    # Missing source: the page lists the article without text and says why.
    article.unlink()
    data = build_report_data(out)
    (doc,) = data.payload["docs"]
    assert doc["text"] is None and doc["m"] == [] and doc["missing"] == "not found in the sources"
    assert any("1 of 1 article(s) not found in the sources (planted)" in w for w in data.warnings)
    assert data.payload["summary"]["highlighted"] == 0
    # An explicit --source that does not exist is one warning naming it.
    data = build_report_data(out, [str(tmp_path / "nowhere")])
    assert any("nowhere" in w and "no such file" in w for w in data.warnings)


def test_run_json_inputs_resolve_relative_to_the_out_dirs_parent(tmp_path, monkeypatch):
    article, out = planted_run(tmp_path)
    run = json.loads((out / "run.json").read_text())
    run["inputs"] = ["src"]  # as `claimex extract src --out run` records it, run from tmp_path
    assert "cwd" not in run  # as a claimex that did not record where the run was made wrote it
    (out / "run.json").write_text(json.dumps(run))
    monkeypatch.chdir(tmp_path.parent)  # not where the run was made
    data = build_report_data(out)
    assert data.warnings == [] and data.payload["docs"][0]["text"] == PLANTED_TEXT


def test_bad_lines_are_skipped_with_one_line_each(tmp_path):
    _article, out = planted_run(tmp_path)
    with open(out / "claims.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{not json\n[1, 2]\n{"claim_id": "x"}\n')
    data = build_report_data(out)
    assert len(data.payload["claims"]) == len(PLANTED_MENTIONS)
    changed, *bad_lines = data.warnings  # claims.jsonl is no longer the file run.json describes: said first
    assert "claims.jsonl is not what run.json's run" in changed
    assert [w.split(": ", 1)[0].rsplit(":", 1)[1] for w in bad_lines] == ["6", "7", "8"]


def test_out_dir_without_claims_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no claims.jsonl"):
        build_report_data(tmp_path)


def test_cli_writes_the_page(tmp_path, seeds_out):
    page = tmp_path / "r" / "report.html"
    res = CliRunner().invoke(app, ["report", str(seeds_out), "--out", str(page), "--source", str(SEEDS)])
    assert res.exit_code == 0, res.output
    n = len(load_claims(seeds_out))
    assert f"{n} claims" in res.output and page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cli_exit_codes_for_problems(tmp_path):
    res = CliRunner().invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 2 and "no claims.jsonl" in res.output
    article, out = planted_run(tmp_path)
    article.unlink()
    res = CliRunner().invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 1  # written, but the reviewer must know articles lack text
    assert (tmp_path / "r.html").exists()
    assert "warning:" in res.output and "1 of 1 article(s) not found in the sources (planted)" in res.output


def test_unwritable_out_is_one_clean_error(tmp_path):
    _article, out = planted_run(tmp_path)
    res = CliRunner().invoke(app, ["report", str(out), "--out", str(tmp_path)])  # a directory: the user's mistake
    assert res.exit_code == 2 and f"--out {tmp_path} is a directory" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_the_page_is_created_with_the_users_umask(tmp_path, umask, mode):
    """The page holds article text: under umask 077 it is the user's alone, as every other output (it
    was made 0644 whatever the umask)."""
    _article, out = planted_run(tmp_path)
    page = tmp_path / "page.html"
    old = os.umask(umask)
    try:
        res = CliRunner().invoke(app, ["report", str(out), "--out", str(page)])
    finally:
        os.umask(old)
    assert res.exit_code == 0, res.output
    assert stat.S_IMODE(page.stat().st_mode) == mode


def _extract(src: str, out: str) -> None:
    res = CliRunner().invoke(app, ["extract", src, "--out", out, "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output


def test_merged_run_finds_its_articles_through_the_merged_runs_run_json(tmp_path, monkeypatch):
    seeds = sorted(SEEDS.glob("*.txt"))
    for name, part in (("src1", seeds[:2]), ("src2", seeds[2:4]), ("src3", seeds[4:])):
        (tmp_path / name).mkdir()
        for f in part:
            (tmp_path / name / f.name).write_bytes(f.read_bytes())
    monkeypatch.chdir(tmp_path)  # every path below is recorded relative, as a user types it
    for n in "123":
        _extract(f"src{n}", f"run{n}")
    res = CliRunner().invoke(app, ["merge", "run1", "run2", "--out", "merged", "-q"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["merge", "merged", "run3/documents.jsonl", "--out", "merged2", "-q"])
    assert res.exit_code == 0, res.output
    # A cycle (a merged run listed among its own inputs' inputs) must not loop.
    run = json.loads((tmp_path / "merged" / "run.json").read_text())
    (tmp_path / "merged" / "run.json").write_text(json.dumps({**run, "inputs": [*run["inputs"], "merged2"]}))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # inputs now resolve relative to each run's parent
    for merged, n_docs in (("merged", 4), ("merged2", 5)):
        page = tmp_path / f"{merged}.html"
        res = CliRunner().invoke(app, ["report", str(tmp_path / merged), "--out", str(page)])
        assert res.exit_code == 0, res.output
        assert "warning" not in res.output
        s = extract_payload(page.read_text(encoding="utf-8"))["summary"]
        assert s["documents"] == s["documents_with_text"] == n_docs
        assert s["mentions"] > 0 and s["highlighted"] == s["mentions"]


def test_a_previous_run_finds_the_previous_runs_articles_through_its_run_json(tmp_path, monkeypatch):
    # `extract day2 --out p2 --previous p1`: p2 holds p1's documents too, whose articles are p1's inputs.
    seeds = sorted(SEEDS.glob("*.txt"))
    for name, part in (("day1", seeds[:3]), ("day2", seeds[3:])):
        (tmp_path / name).mkdir()
        for f in part:
            (tmp_path / name / f.name).write_bytes(f.read_bytes())
    monkeypatch.chdir(tmp_path)  # every path below is recorded relative, as a user types it
    _extract("day1", "p1")
    res = CliRunner().invoke(app, ["extract", "day2", "--out", "p2", "--previous", "p1", "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["merge", "p1", "--out", "m2", "--previous", "p2", "-q"])
    assert res.exit_code == 0, res.output
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    for run in ("p2", "m2"):
        page = tmp_path / f"{run}.html"
        res = CliRunner().invoke(app, ["report", str(tmp_path / run), "--out", str(page)])
        assert res.exit_code == 0, res.output
        assert "warning" not in res.output
        s = extract_payload(page.read_text(encoding="utf-8"))["summary"]
        assert s["documents"] == s["documents_with_text"] == len(seeds)


def _project(tmp_path: Path) -> Path:
    """tmp_path/proj/in/ with one seed article and an empty file; tmp_path/elsewhere; tmp_path/runs."""
    (tmp_path / "proj" / "in").mkdir(parents=True)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (tmp_path / "proj" / "in" / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "proj" / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "runs").mkdir()
    return tmp_path / "proj"


def test_a_run_made_in_another_directory_finds_its_articles(tmp_path, monkeypatch):
    """`cd proj; claimex extract in/ --out ../runs/r1` records `in/`, relative to proj, which is not the
    out dir's parent: the page had no article text unless reported from proj. run.json's `cwd` says where."""
    monkeypatch.chdir(_project(tmp_path))
    (tmp_path / "proj" / "in" / "empty.txt").unlink()
    _extract("in/", "../runs/r1")
    assert json.loads((tmp_path / "runs" / "r1" / "run.json").read_text())["cwd"] == str(tmp_path / "proj")
    for where in (tmp_path / "elsewhere", tmp_path / "runs", tmp_path / "proj"):
        monkeypatch.chdir(where)
        page = tmp_path / "r.html"
        res = CliRunner().invoke(app, ["report", str(tmp_path / "runs" / "r1"), "--out", str(page)])
        assert res.exit_code == 0 and "warning" not in res.output, (where, res.output)
        s = extract_payload(page.read_text(encoding="utf-8"))["summary"]
        assert s["documents"] == s["documents_with_text"] == 1 and s["highlighted"] == s["mentions"] > 0


def test_the_runs_own_failed_inputs_are_listed_on_the_page_not_failed_again(tmp_path, monkeypatch):
    """The run reported in/empty.txt and missing.txt (exit 1); its report re-read them, warned about each
    again and exited 1 though every article it has was found. Now: one note, the page lists them, exit 0."""
    monkeypatch.chdir(_project(tmp_path))
    res = CliRunner().invoke(app, ["extract", "in/", "missing.txt", "--out", "../runs/r1", "--backend", "rules"])
    assert res.exit_code == 1, res.output
    for where in (tmp_path / "proj", tmp_path / "elsewhere"):
        monkeypatch.chdir(where)
        page = tmp_path / "r.html"
        res = CliRunner().invoke(app, ["report", str(tmp_path / "runs" / "r1"), "--out", str(page)])
        assert res.exit_code == 0, (where, res.output)
        assert "warning" not in res.output
        assert "note: 2 input(s) failed in the run" in res.output and "missing.txt" in res.output
        payload = extract_payload(page.read_text(encoding="utf-8"))
        assert payload["failed_inputs_total"] == 2
        assert [line.split(": ")[0] for line in payload["failed_inputs"]] == ["in/empty.txt", "missing.txt"]
        assert payload["summary"]["documents_with_text"] == 1
    res = CliRunner().invoke(app, ["report", str(tmp_path / "runs" / "r1"), "--out", str(page), "-q"])
    assert res.exit_code == 0 and "note:" not in res.output


def test_merged_run_whose_input_run_is_gone_says_so_once(tmp_path, monkeypatch):
    _article, out = planted_run(tmp_path)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["merge", out.name, "--out", "merged", "-q"])
    assert res.exit_code == 0, res.output
    (out / "run.json").unlink()
    data = build_report_data(tmp_path / "merged")
    gone, none = data.warnings  # the run that cannot be followed, then what that means for the page
    assert f"merged run '{out.name}' has no run.json" in gone and "pass them with --source" in gone
    assert "no source documents to read" in none


def test_the_report_refuses_to_overwrite_a_source_article(tmp_path: Path) -> None:
    """`report RUN -o in/a.txt` read in/a.txt as an article, then wrote the page over it."""
    src = tmp_path / "in"
    src.mkdir()
    article = src / "a.txt"
    article.write_text("Council plan\n\nThe mayor said the bridge would reopen in May.\n", encoding="utf-8")
    run = tmp_path / "run"
    assert CliRunner().invoke(app, ["extract", str(src), "--out", str(run), "--backend", "rules", "-q"]).exit_code == 0
    before = article.read_bytes()
    res = CliRunner().invoke(app, ["report", str(run), "-o", str(article)])
    assert res.exit_code == 2, res.output
    assert "same file as the source article" in res.output
    assert article.read_bytes() == before
    with pytest.raises(UsageError):
        write_report(run, article, [str(src)])
    assert article.read_bytes() == before


def test_the_report_refuses_to_overwrite_any_file_of_the_run_or_of_a_run_it_follows(tmp_path, monkeypatch):
    """`report q2 -o q2/changes.jsonl` (or llm_log.jsonl, journal.jsonl, .claimex.lock) wrote the page over
    that run file, exit 0; `report merged -o r1/run.json` over the run.json of a run the merged run points
    to, which the report itself follows to the articles. Each is a usage error now, every file left as it was."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Council plan\n\nThe mayor said the bridge would reopen in May.\n")
    monkeypatch.chdir(tmp_path)
    _extract("in", "r1")
    res = CliRunner().invoke(app, ["extract", "in", "--out", "r2", "--previous", "r1", "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    (tmp_path / "r2" / "llm_log.jsonl").write_text('{"run": "R", "attempts": 1, "outcome": "ok"}\n')
    assert CliRunner().invoke(app, ["merge", "r2", "--out", "m", "-q"]).exit_code == 0
    run_files = ("changes.jsonl", "llm_log.jsonl", "journal.jsonl", ".claimex.lock", "run.json", "claims.jsonl")
    targets = [("r2", f"r2/{n}") for n in run_files]  # the run's own files
    targets += [("m", "r2/run.json"), ("m", "r2/errors.jsonl"), ("m", "r1/run.json")]  # of runs m follows
    for run, target in targets:
        before = (tmp_path / target).read_bytes()
        for given in ([], ["--source", "in"]):  # (with the articles given, the runs m follows are still its)
            res = CliRunner().invoke(app, ["report", run, "-o", target, *given])
            assert res.exit_code == 2, (run, target, given, res.output)
            assert f"--out {target} is the same file as" in res.output, res.output
            assert (tmp_path / target).read_bytes() == before, target
    res = CliRunner().invoke(app, ["report", "m", "-o", "m.html"])  # (and nothing the page reads was lost)
    assert res.exit_code == 0 and "warning" not in res.output, res.output


def test_a_merged_runs_own_missing_run_is_listed_not_warned_about(tmp_path, monkeypatch):
    """`merge r1 nope --out m` reported `nope` (its errors.jsonl); `report m` warned "merged run 'nope' not
    found ...; pass --source" and exited 1 though every article had its text. As for an extract run's failed
    inputs: one note, the page lists it, exit 0."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Council plan\n\nThe mayor said the bridge would reopen in May.\n")
    monkeypatch.chdir(tmp_path)
    _extract("in", "r1")
    res = CliRunner().invoke(app, ["merge", "r1", "nope", "--out", "m", "-q"])
    assert res.exit_code == 1 and "nope" in res.output, res.output
    res = CliRunner().invoke(app, ["report", "m", "-o", "m.html"])
    assert res.exit_code == 0, res.output
    assert "warning" not in res.output
    assert "note: 1 input(s) failed in the run" in res.output and "nope: merge: InputError" in res.output
    payload = extract_payload((tmp_path / "m.html").read_text(encoding="utf-8"))
    assert payload["failed_inputs_total"] == 1 and payload["summary"]["documents_with_text"] == 1
    # A run merged once and gone since is no failure the merge reported: still warned about, exit 1.
    shutil.rmtree(tmp_path / "r1")
    res = CliRunner().invoke(app, ["report", "m", "-o", "m.html"])
    assert res.exit_code == 1 and "merged run 'r1' not found" in res.output, res.output


def test_a_mismatch_names_the_file_the_text_was_read_from(tmp_path):
    """`report run --source alt` with an edited alt/planted.txt: the warning named src/planted.txt (the
    path in documents.jsonl, which does match) instead of alt/planted.txt, the file actually read."""
    article, out = planted_run(tmp_path)
    alt = tmp_path / "alt"
    alt.mkdir()
    (alt / article.name).write_bytes(PLANTED_TEXT.replace("inner phrase", "INNER phrase").encode())
    data = build_report_data(out, [str(alt)])
    assert len(data.warnings) == 2, data.warnings
    for w in data.warnings:
        assert w.startswith(f"{alt / article.name}: mention ") and "does not match the source text" in w, w
    (doc,) = data.payload["docs"]
    assert doc["path"] == str(alt / article.name)  # (the page shows where its text came from)
    assert build_report_data(out, [str(article.parent)]).warnings == []  # the run's own input does match
