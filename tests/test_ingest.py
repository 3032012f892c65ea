"""Stage 1: inputs in, Documents (or one error record per bad input) out."""

import json
import re

import pytest
from typer.testing import CliRunner

from claimex.cli import app
from claimex.ingest import BadLine, date_header, iter_documents, loads_line, read_json_lines, read_txt, skipped_files
from claimex.models import Document, ErrorRecord


def _docs(items):
    return [d for d in items if isinstance(d, Document)]


def test_txt_file_doc_id_is_stem_and_date_header_is_read(seeds_dir):
    docs = _docs(iter_documents([str(seeds_dir / "001_848ccde61a241345.txt")]))
    assert [d.doc_id for d in docs] == ["001_848ccde61a241345"]
    assert docs[0].date == "2020-02-29"
    assert docs[0].text.startswith(" date 2020-02-29 ")  # text kept exactly; offsets index it


def test_directory_is_recursive_sorted_and_mixes_txt_and_jsonl(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed said hello there.")
    (tmp_path / "a.txt").write_text("Ay said hi.")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j1", "text": "Jay said so.", "url": "http://x"}) + "\n")
    (tmp_path / "ignored.md").write_text("no")
    docs = _docs(iter_documents([str(tmp_path)]))
    assert [d.doc_id for d in docs] == ["a", "z", "j1"]  # a.txt, b/z.txt, c.jsonl
    assert docs[2].url == "http://x"


def test_text_is_read_exactly_crlf_and_bom(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("\ufeffLine one.\r\nShe said \u201cyes\u201d.\r\n".encode("utf-8"))
    (doc,) = _docs(iter_documents([str(p)]))
    assert doc.text == "Line one.\r\nShe said \u201cyes\u201d.\r\n"  # BOM dropped, CRLF kept


def test_bad_inputs_become_one_error_each_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 said".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Good said fine.")
    lines = [
        '{"id": "1", "text": "ok one"}',
        "not json",
        '{"id": "2"}',
        '{"id": "3", "text": 5}',
        '{"id": "1", "text": "dup"}',
    ]
    (tmp_path / "x.jsonl").write_text("\n".join(lines) + "\n")
    out = list(iter_documents([str(tmp_path), str(tmp_path / "missing.txt")]))
    docs = [d.doc_id for d in out if isinstance(d, Document)]
    errs = {(e.path.split("/")[-1], e.line, e.error) for e in out if isinstance(e, ErrorRecord)}
    assert docs == ["good", "1"]
    assert errs == {
        ("bin.txt", None, "BinaryFile"),
        ("empty.txt", None, "EmptyDocument"),
        ("latin1.txt", None, "EncodingError"),
        ("x.jsonl", 2, "BadJSON"),
        ("x.jsonl", 3, "BadRecord"),
        ("x.jsonl", 4, "BadRecord"),
        ("x.jsonl", 5, "DuplicateId"),
        ("missing.txt", None, "NotFound"),
    }
    enc = next(e for e in out if isinstance(e, ErrorRecord) and e.error == "EncodingError")
    assert "byte offset 3" in enc.message


def test_a_jsonl_file_with_no_documents_is_reported_as_an_empty_txt_is(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n  \n")
    (tmp_path / "one.jsonl").write_text('\n{"id": "a", "text": "Ann Lee said taxes would fall."}\n')
    out = list(iter_documents([str(tmp_path)]))
    assert [d.doc_id for d in out if isinstance(d, Document)] == ["a"]
    errs = {(e.path.split("/")[-1], e.error) for e in out if isinstance(e, ErrorRecord)}
    assert errs == {("blank.jsonl", "EmptyDocument"), ("empty.jsonl", "EmptyDocument")}


def test_links_to_nothing_found_in_a_folder_are_not_found_errors(tmp_path):
    (tmp_path / "ok.txt").write_text("Ann Lee said taxes would fall.")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone" / "x.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    out = list(iter_documents([str(tmp_path)]))
    errs = {(e.path.split("/")[-1], e.error, e.message.split()[-1]) for e in out if isinstance(e, ErrorRecord)}
    assert errs == {
        ("dangling.txt", "NotFound", "file"),
        ("loop1.txt", "NotFound", "itself"),
        ("loop2.txt", "NotFound", "itself"),
    }


@pytest.mark.parametrize("name", ["b.txt", "b.jsonl"])
def test_a_file_deleted_after_the_folder_was_listed_is_a_not_found_error(tmp_path, name):
    (tmp_path / "a.txt").write_text("Ay said hi.")
    (tmp_path / name).write_text("Bee said so.")
    items = iter_documents([str(tmp_path)])
    assert next(items).doc_id == "a"
    (tmp_path / name).unlink()  # while the batch was busy with a.txt
    (err,) = list(items)
    assert isinstance(err, ErrorRecord)
    assert (err.path, err.error, err.message) == (str(tmp_path / name), "NotFound", "no such file or directory")


@pytest.mark.parametrize(
    "encoding, named",
    [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32LE"), ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16BE")],
)
def test_wide_encodings_are_named_with_the_iconv_that_fixes_them(tmp_path, encoding, named):
    (tmp_path / "a.txt").write_bytes("Ann Lee said taxes would fall, and rents too.\n".encode(encoding))
    (err,) = list(iter_documents([str(tmp_path / "a.txt")]))
    assert isinstance(err, ErrorRecord) and err.error == "EncodingError"
    assert f"looks like {named}:" in err.message and f"iconv -f {named} -t UTF-8" in err.message


def test_encoding_errors_replace_opt_in(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 said".encode("latin-1"))
    (doc,) = _docs(iter_documents([str(tmp_path)], encoding_errors="replace"))
    assert doc.text == "caf\ufffd said"


def test_stdin_jsonl():
    import io

    stream = io.BytesIO(b'{"doc_id": "s1", "text": "Stdin said yes."}\n')
    (doc,) = _docs(iter_documents(["-"], stdin=stream))
    assert doc.doc_id == "s1" and doc.path == "<stdin>"


@pytest.mark.parametrize(
    "record, got",
    [
        ({"doc_id": None, "id": "h"}, "h"),  # an exporter writing every field: the null is no id
        ({"doc_id": "", "id": "h"}, "h"),
        ({"doc_id": "d", "id": "h"}, "d"),  # doc_id still wins when it holds one
        ({"doc_id": None, "id": None}, "no usable id: 'doc_id' is null and 'id' is null"),
        ({"doc_id": ""}, "no usable id: 'doc_id' is empty and 'id' is missing"),
        ({"id": ""}, "no usable id: 'doc_id' is missing and 'id' is empty"),
        ({}, "missing 'id' or 'doc_id'"),
        ({"doc_id": None, "id": 7}, "'id' must be a string, got int (quote it in the JSON)"),
    ],
)
def test_a_null_or_empty_doc_id_falls_back_to_id(tmp_path, record, got):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({**record, "text": "Ann said the bridge was safe."}) + "\n", encoding="utf-8")
    (item,) = iter_documents([str(p)])
    if isinstance(item, Document):
        assert item.doc_id == got
    else:
        assert (item.error, item.message, item.line) == ("BadRecord", got, 1)


def test_date_header():
    assert date_header(" date 2020-02-29 Body") == ("2020-02-29", 17)
    assert date_header("No header") == (None, 0)
    # any date word is a header (checked later, by ingest): its words are not the article's
    assert date_header(" date yesterday Body") == ("yesterday", 16)
    assert date_header(" date 29/02/2020\nBody") == ("29/02/2020", 17)
    assert date_header(" date 2020-03-01T09:30Z Body") == ("2020-03-01T09:30Z", 24)
    # an article that opens with the word "date" is not cut
    assert date_header("date night is back, the mayor said.") == (None, 0)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Mayor quits over harbour plan row", "Mayor quits over harbour plan row"),
        (
            " date 2021-03-04 Council 'misled residents' over flood defences",
            "Council 'misled residents' over flood defences",
        ),
        ("Media playback is unsupported on your device", None),
        ("Video report by our political correspondent", None),
        ("The mayor resigned on Tuesday after a long row over the harbour plan.", None),
        ("Mayor quits", None),
        ("mayor quits over the harbour plan", None),
    ],
)
def test_txt_title_is_a_first_line_that_looks_like_a_headline(tmp_path, first_line, title) -> None:
    path = tmp_path / "a.txt"
    path.write_text(first_line + "\n\nThe mayor said the plan had failed, and residents agreed.\n", encoding="utf-8")
    assert read_txt(path).title == title


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_title_is_found_whatever_ends_its_line(tmp_path, newline) -> None:
    path = tmp_path / "a.txt"
    text = newline.join(["Mayor quits over harbour plan row", "", "The mayor said the plan had failed.", ""])
    path.write_bytes(text.encode())
    assert read_txt(path).title == "Mayor quits over harbour plan row"


def test_a_json_line_with_a_control_character_says_at_column_once() -> None:
    with pytest.raises(BadLine) as e:
        loads_line('{"a": "x\ty"}')
    assert "at at" not in str(e.value) and "control character at column " in str(e.value)


def test_a_file_reached_twice_is_read_once(tmp_path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.txt").write_text("Ay said hi.")
    (d / "y.txt").write_text("Bee said so.")
    (tmp_path / "link.txt").symlink_to(d / "x.txt")
    for inputs in ([d, d / "x.txt"], [d / "x.txt", d], [d, tmp_path / "link.txt"], [d, d]):
        items = list(iter_documents([str(p) for p in inputs]))
        assert not [i for i in items if isinstance(i, ErrorRecord)], inputs
        assert sorted(i.doc_id for i in items) == ["x", "y"]


def test_a_bad_path_reached_twice_is_one_error(tmp_path, monkeypatch) -> None:
    """A dangling link and a FIFO in a folder given twice, the FIFO by name too: two errors (there were
    five, and the run counted five failed documents)."""
    import os

    monkeypatch.chdir(tmp_path)
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.txt").write_text("Ay said hi.")
    (d / "gone.txt").symlink_to(tmp_path / "nowhere")
    os.mkfifo(d / "p.txt")
    items = list(iter_documents(["d", "./d", "d/p.txt", "nowhere.txt", "nowhere.txt"]))
    errors = sorted((i.path, i.error) for i in items if isinstance(i, ErrorRecord))
    assert errors == [("d/gone.txt", "NotFound"), ("d/p.txt", "NotAFile"), ("nowhere.txt", "NotFound")]
    assert [i.doc_id for i in items if not isinstance(i, ErrorRecord)] == ["x"]


def test_a_linked_folder_is_read_and_a_link_loop_neither_hangs_nor_repeats(tmp_path) -> None:
    (tmp_path / "elsewhere" / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere" / "sub" / "e.txt").write_text("Ann Lee said taxes would fall.")
    (tmp_path / "elsewhere" / "notes.md").write_text("# not an article")
    d = tmp_path / "in"
    (d / "real").mkdir(parents=True)
    (d / "real" / "r.txt").write_text("Bo Wu said rents would rise.")
    (d / "linked").symlink_to(tmp_path / "elsewhere")  # articles kept elsewhere: were skipped in silence
    (d / "real" / "up").symlink_to(d)  # loops back to an ancestor
    (d / "real" / "self").symlink_to(d / "real")  # ... and to itself
    (d / "twice").symlink_to(d / "real")  # the same folder under a second name
    items = list(iter_documents([str(d)]))
    assert [(type(i).__name__, i.path) for i in items] == [
        ("Document", f"{d}/linked/sub/e.txt"),
        ("Document", f"{d}/real/r.txt"),
    ]
    # the linked folder's other files are counted too, once
    assert skipped_files([str(d)]) == [
        f"{d}: 1 file not read, only *.txt, *.jsonl and *.ndjson are (e.g. {d}/linked/notes.md)"
    ]


def test_extract_warns_once_about_files_of_other_types_in_a_directory(tmp_path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.TXT").write_text("Ay said hi.")
    (d / "b.json").write_text("{}")
    (d / "c.md").write_text("# notes")
    (d / ".DS_Store").write_text("")  # hidden files are nobody's articles: not counted
    for quiet in ([], ["-q"]):
        res = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "out"), "--backend", "rules", *quiet])
        assert res.exit_code == 0, res.output
        warnings = [x for x in res.stderr.splitlines() if x.startswith("warning:")]
        assert warnings == [
            f"warning: {d}: 2 files not read, only *.txt, *.jsonl and *.ndjson are (e.g. {d / 'b.json'})"
        ]
    # the folder given twice, however spelt, is one folder: one warning
    res = CliRunner().invoke(app, ["extract", str(d), f"{d}/", "--out", str(tmp_path / "o2"), "--backend", "rules"])
    assert [x for x in res.stderr.splitlines() if x.startswith("warning:")] == warnings
    # a second run into an output directory inside the input directory: its files are not "skipped"
    res = CliRunner().invoke(app, ["extract", str(d), "--out", str(d / "out"), "--backend", "rules", "-q"])
    res = CliRunner().invoke(app, ["extract", str(d), "--out", str(d / "out"), "--backend", "rules", "-q"])
    assert [x for x in res.stderr.splitlines() if x.startswith("warning:")] == warnings


def test_an_unreadable_txt_file_is_named_by_its_stem_in_the_error(tmp_path) -> None:
    bad = tmp_path / "story-42.txt"
    bad.write_bytes(b"Ay said \xff hi.")
    (rec,) = list(iter_documents([str(bad)]))
    assert isinstance(rec, ErrorRecord) and rec.error == "EncodingError"
    assert rec.doc_id == "story-42"


def test_too_large_names_every_way_to_raise_the_limit_and_a_value_that_admits_the_document(tmp_path, monkeypatch):
    """The limit is `extract --max-doc-mb MB` or the CLAIMEX_MAX_DOC_MB environment variable (a cron job
    or a container sets the variable); the message named only the option. Following it must work."""
    big = tmp_path / "big.txt"
    big.write_text("Jo Park said that it rained all week in the valley. " * 50, encoding="utf-8")  # 2,600 bytes
    (rec,) = [r for r in iter_documents([str(big)], max_bytes=1_000) if isinstance(r, ErrorRecord)]
    assert rec.error == "TooLarge"
    assert "--max-doc-mb 1 " in rec.message and "CLAIMEX_MAX_DOC_MB=1 " in rec.message, rec.message
    monkeypatch.chdir(tmp_path)
    out = ["--out", "o", "--backend", "rules", "-q"]
    assert CliRunner().invoke(app, ["extract", "big.txt", *out, "--max-doc-mb", "0.001"]).exit_code == 1
    assert CliRunner().invoke(app, ["extract", "big.txt", *out, "--max-doc-mb", "1"]).exit_code == 0
    res = CliRunner().invoke(app, ["extract", "big.txt", *out], env={"CLAIMEX_MAX_DOC_MB": "0.001"})
    assert res.exit_code == 1 and "CLAIMEX_MAX_DOC_MB=1 " in res.output, res.output
    res = CliRunner().invoke(app, ["extract", "big.txt", *out], env={"CLAIMEX_MAX_DOC_MB": "1"})
    assert res.exit_code == 0, res.output


def test_standard_input_given_twice_is_read_once() -> None:
    """`extract - -`: the second read of standard input found it empty (an EmptyDocument failure)."""
    import io

    stdin = io.BytesIO(json.dumps({"id": "a", "text": "Ann Lee said taxes would fall."}).encode() + b"\n")
    items = list(iter_documents(["-", "-"], stdin=stdin))
    assert [getattr(i, "doc_id", None) for i in items] == ["a"] and not [i for i in items if isinstance(i, ErrorRecord)]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, constant) -> None:
    """json.loads read `NaN` and `Infinity` (which Python's json.dumps writes) as numbers: a claim whose
    checkworthiness was NaN reached the review page, whose JSON.parse then failed. JSON has neither."""
    with pytest.raises(BadLine, match=f"not JSON \\({constant} is no JSON value"):
        loads_line(f'{{"checkworthiness": {constant}}}')
    assert loads_line('{"a": "NaN"}') == {"a": "NaN"}  # (a string is a string)
    path = tmp_path / "claims.jsonl"
    path.write_text(f'{{"a": 1}}\n{{"a": {constant}}}\n{{"a": 2}}\n')
    got = list(read_json_lines(path))
    assert got[0] == (1, {"a": 1}) and got[2] == (3, {"a": 2})
    assert isinstance(got[1][1], BadLine) and "JSON has no NaN or Infinity" in str(got[1][1])


@pytest.mark.parametrize("number", ["1e400", "-1e999", "1.5E+309"])
def test_a_number_too_large_for_a_float_is_not_read_as_infinity(number) -> None:
    # json.loads reads it as inf without asking parse_constant: llm-log printed "inf attempts"
    with pytest.raises(BadLine, match=f"not JSON \\({re.escape(number)} is too large a number"):
        loads_line(f'{{"attempts": {number}}}')
    assert loads_line('{"a": 1e300, "b": -2.5e-400}') == {"a": 1e300, "b": -0.0}
