"""Secrets never leak into outputs or messages; inputs are only read; outputs stay under --out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-planted-4f9c2e7d1b-NEVER-PRINT-ME"


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_planted_api_key_never_appears_and_nothing_is_written_outside_out(tmp_path, seeds_dir):
    data = tmp_path / "in"
    data.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:2]:
        (data / p.name).write_bytes(p.read_bytes())
    # Input names and contents that a careless tool would execute or expand.
    (data / "$(touch PWNED); rm -rf ~ `id`.txt").write_text(
        'Ann Lee said: "$(touch PWNED) and `touch PWNED2` are just words." ${OPENAI_API_KEY}\n', encoding="utf-8"
    )
    (data / "bad.jsonl").write_text('{"id": "x", "text": 5}\n{oops\n', encoding="utf-8")
    (data / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before_in, before_cwd = tree(data), tree(cwd)
    env = {
        **os.environ,
        "OPENAI_API_KEY": KEY,
        "CLAIMEX_API_KEY": KEY,
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "HTTP_AUTHORIZATION": f"Bearer {KEY}",
    }
    env["PYTHONPATH"] = str(ROOT)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimex",
            "extract",
            str(data),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--backend",
            "rules",
            "--workers",
            "2",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 1, res.stderr  # bad inputs were reported ...
    assert len(res.stderr.splitlines()) == 4
    blobs = {"stdout": res.stdout, "stderr": res.stderr}
    for p in out.rglob("*"):
        blobs[str(p)] = p.read_text(encoding="utf-8")
    assert {Path(k).name for k in blobs if k.startswith(str(out))} == {
        "claims.jsonl",
        "errors.jsonl",
        "documents.jsonl",
        "run.json",
        "journal.jsonl",
        ".claimex.lock",  # the run's lock (emptied when it ended)
    }
    for name, text in blobs.items():  # ... and the key is nowhere
        assert KEY not in text, name
        assert "Bearer" not in text, name
    # Read, never executed or expanded; nothing written next to the inputs or in the working directory.
    assert tree(data) == before_in
    assert tree(cwd) == before_cwd
    assert not list(tmp_path.rglob("PWNED*"))
    assert "$(touch PWNED)" in blobs[str(out / "claims.jsonl")]
