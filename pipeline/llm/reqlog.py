"""The request log: one JSON line per model request, appended as it finishes, readable with `claimex llm-log OUT`.

In the spirit of simonw/llm's `llm logs`: for every request (a chat call,
retries included) the time, run id, document and chunk, model, prompt
version, schema mode, the parameters sent, tokens, latency, attempts and
the outcome (`ok`, `length`, `refusal`, `invalid_answer`: answered but
failed validation, `error`) with the error's class and message. A request
the circuit breaker or the deadline stopped before it was sent is a line
too, with `attempts` 0. Never the API key, headers or
the article text: messages are scrubbed like every other claimex message.
Lines are appended under a lock, each with one write, so concurrent
requests never interleave.

`run` is the run's identifier (`new_run_id()`), the same string as run.json's
`run_id`, so the log's lines join the run.json that counts them.
`schema_mode` is the response format of the attempt the server answered
(`json_schema` or `json_object`), None when no attempt got an HTTP answer.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..ingest import BadLine, read_json_lines
from ..outdir import LLM_LOG

LOG_NAME = LLM_LOG  # (one of the run files `outdir.RUN_FILES` names)
# Shown in the mode column when no attempt of the request got an HTTP answer (none sent, or no response).
NO_MODE = "-"
MODE_LEGEND = (
    "mode: the response_format of the attempt the server answered (json_schema, json_object); "
    f"{NO_MODE} = no answer (not sent, or no HTTP response)"
)


def new_run_id() -> str:
    """A run identifier, e.g. `20261130T180054Z-c82316af`: the UTC start time (sortable) and a random tail."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:8]


class RequestLog:
    def __init__(self, path: Path | None, run_id: str):
        self.path = path
        self.run_id = run_id
        self._lock = threading.Lock()
        self._tail_checked = False
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, **fields) -> None:
        if self.path is None:
            return
        line = json.dumps(
            {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "run": self.run_id, **fields},
            ensure_ascii=False,
        )
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            if not self._tail_checked:
                self._tail_checked = True
                if _ends_torn(self.path):
                    line = "\n" + line  # a killed run's half line stays one bad line, not glued to this one
            fh.write(line + "\n")


def _ends_torn(path: Path) -> bool:
    """Whether the file's last byte is something other than a newline (a line cut off mid-write)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            if fh.tell() == 0:
                return False
            fh.seek(-1, 2)
            return fh.read(1) != b"\n"
    except OSError:
        return False


# The fields format_log() computes with or pads, and the types a line of the log gives them (the text
# fields may be null, the numbers may not).
_NUMBERS = ("attempts", "seconds", "prompt_tokens", "completion_tokens")
_TEXTS = ("ts", "run", "doc_id", "purpose", "model", "prompt_version", "schema_mode", "outcome", "error")


def read_log(path: Path, problems: list[str] | None = None) -> Iterator[dict]:
    """The entries of a request log (OUT/llm_log.jsonl, or OUT itself).

    A damaged line (invalid UTF-8, not JSON, nested too deep, not an object, a field of the wrong type) is
    skipped, and `PATH:LINE: why` appended to `problems` when given: the rest of the log is still read.
    """
    if path.is_dir():
        path = path / LOG_NAME
    for n, entry in read_json_lines(path):
        why = str(entry) if isinstance(entry, BadLine) else _not_an_entry(entry)
        if why is None and isinstance(entry, dict):
            yield entry
        elif problems is not None:
            problems.append(f"{path}:{n}: {why}")


def _not_an_entry(entry: object) -> str | None:
    """Why a loaded line is not a request log entry (not an object, a field of the wrong type), or None."""
    if not isinstance(entry, dict):
        return f"expected a JSON object, got {type(entry).__name__}"
    for key in _NUMBERS:
        v = entry.get(key, 0)
        if not isinstance(v, int | float) or isinstance(v, bool):
            return f"{key!r} must be a number, got {type(v).__name__}"
    for key in _TEXTS:
        v = entry.get(key)
        if v is not None and not isinstance(v, str):
            return f"{key!r} must be a string or null, got {type(v).__name__}"
    return None


def format_log(entries: list[dict]) -> list[str]:
    """A table, one row per request, a summary line per run, and the mode column's legend."""
    rows = [
        f"{'time':<20} {'document':<18} {'model':<16} {'prompt':<18} {'mode':<11} "
        f"{'tokens':>11} {'secs':>6} {'tries':>5}  outcome"
    ]
    for e in entries:
        tokens = f"{e.get('prompt_tokens', 0)}+{e.get('completion_tokens', 0)}"
        outcome = e.get("outcome", "?")
        if e.get("error"):
            outcome += f": {e['error']}: {e.get('message', '')}"[:160]
        elif outcome == "invalid_answer":  # answered, but failed validation: say why, and if it was a re-ask
            outcome += f"{' (re-ask)' if e.get('purpose') == 'reask' else ''}: {e.get('message', '')}"[:160]
        rows.append(
            f"{e.get('ts', ''):<20} {str(e.get('doc_id', ''))[:18]:<18} {str(e.get('model', ''))[:16]:<16} "
            f"{str(e.get('prompt_version', ''))[:18]:<18} {str(e.get('schema_mode') or NO_MODE)[:11]:<11} "
            f"{tokens:>11} {e.get('seconds', 0):>6.2f} {e.get('attempts', 0):>5}  {outcome}"
        )
    runs: dict[str, list[dict]] = {}
    for e in entries:
        runs.setdefault(str(e.get("run", "?")), []).append(e)
    rows.extend(summary(run, es) for run, es in runs.items())
    if entries:
        rows.append(MODE_LEGEND)
    return rows


def summary(run: str, entries: list[dict]) -> str:
    """One run's line: requests sent (their attempts), requests not sent, outcomes, modes, tokens, seconds.

    The figures are the ones run.json's `llm` section counts for the same run: `requests` (lines with
    attempts), `attempts` (their sum), `not_sent` (lines with none), `tokens`.
    """
    sent = [e for e in entries if e.get("attempts", 0) > 0]
    attempts = sum(e.get("attempts", 0) for e in sent)
    outcomes = Counter(e.get("outcome", "?") for e in entries)
    modes = Counter(str(e["schema_mode"]) for e in entries if e.get("schema_mode"))
    not_sent = len(entries) - len(sent)
    tokens = f"{sum(e.get('prompt_tokens', 0) for e in entries)}+{sum(e.get('completion_tokens', 0) for e in entries)}"
    return (
        f"run {run}: requests {len(sent)} sent in {attempts} attempt{'' if attempts == 1 else 's'}, {not_sent} not sent; outcomes "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        + "; mode "
        + (", ".join(f"{k} {v}" for k, v in sorted(modes.items())) or NO_MODE)
        + f"; tokens {tokens}; {sum(e.get('seconds', 0) for e in entries):.1f} s"
    )
