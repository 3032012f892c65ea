"""`claimex extract --doc-timeout`: a document that runs too long becomes an error line, the batch goes on,
and --resume does not retry it (issue 17; pipeline/budget.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimex.cli as cli_mod
from claimex.backends.rules import RuleExtractor
from claimex.budget import budget_available
from claimex.cli import app
from claimex.models import ExtractedMention, SegmentedDocument

STALL = "This article never finishes."
LOOP_CAP = 20.0  # CPU seconds: without a working budget the test fails, it does not hang


class StallingExtractor(RuleExtractor):
    """The rule backend, except on an article containing STALL: then it spins (as a runaway regex did)."""

    calls: list[str] = []

    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]:
        StallingExtractor.calls.append(seg.doc.doc_id)
        if STALL in seg.doc.text:
            t0 = time.process_time()
            while time.process_time() - t0 < LOOP_CAP:
                pass
        return super()._extract(seg)


def _articles(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    docs = [
        {"id": "a", "text": 'Maria Keller said the plan works. "We will win this," Keller said.'},
        {"id": "stall", "text": STALL + ' "We will win this," he said.'},
        {"id": "b", "text": 'John Novak told reporters that the budget was cut. "It is over," Novak said.'},
    ]
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return src


@pytest.mark.skipif(not budget_available(), reason="needs setitimer in the main thread")
def test_a_document_past_its_budget_is_an_error_line_and_not_retried(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_mod, "make_extractor", lambda *a, **k: StallingExtractor())
    StallingExtractor.calls = []
    src, out = _articles(tmp_path), tmp_path / "out"

    t0 = time.monotonic()
    res = CliRunner().invoke(app, ["extract", str(src), "--out", str(out), "--doc-timeout", "0.5", "-q"])
    assert time.monotonic() - t0 < LOOP_CAP / 2, "the budget did not stop the document"
    assert res.exit_code in (0, 1), res.output
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["doc_id"], e["stage"], e["error"]) for e in errors] == [("stall", "extract", "Timeout")]
    assert "--doc-timeout" in errors[0]["message"]
    docs = {json.loads(x)["doc_id"] for x in (out / "documents.jsonl").read_text().splitlines()}
    assert {"a", "b"} <= docs  # the batch went on

    StallingExtractor.calls = []
    t0 = time.monotonic()
    res = CliRunner().invoke(app, ["extract", str(src), "--out", str(out), "--doc-timeout", "0.5", "-q", "--resume"])
    assert res.exit_code in (0, 1), res.output
    assert "stall" not in StallingExtractor.calls  # journaled like any error: not retried
    assert time.monotonic() - t0 < LOOP_CAP / 2
