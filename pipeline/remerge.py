"""`claimex merge`: the per-document results of several runs in, one merged run out.

Each run directory holds a documents.jsonl (one DocumentResult per line, the
grounded mentions without article text) written by `claimex extract` or by an
earlier `claimex merge`. Merging reads them all, keeps one result per doc_id,
and merges the mentions exactly as a single run over all the documents would:
claims.jsonl depends only on the set of documents, never on how they were
split into runs or in which order the runs are given.

A doc_id found in several runs keeps one result, chosen by content alone:
identical results (ignoring timings and input path) are one; otherwise the one
with more grounded mentions, then fewer ungrounded, then the smallest JSON,
wins, and the choice is reported (stderr and run.json `duplicates`). With
`--previous`, a document the new runs hold with another text than the previous
run's is the new one (as `claimex extract --previous` takes it), with a warning.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import __version__, checkworthy
from .emit import DOCUMENTS, dumps, parse_lines, write_outputs
from .errors import UsageError
from .feed import CHANGES, count_events, dumps_event, follow, previous_report, read_previous_claims, replaced_warning
from .merge import merge
from .models import Claim, DocumentResult, ErrorRecord
from .outdir import OutputDir, working_directory


@dataclass
class MergeResult:
    claims: list[Claim]
    results: list[DocumentResult]
    errors: list[ErrorRecord]  # problems reading the runs (bad lines, missing files)
    carried: list[ErrorRecord]  # the runs' own errors.jsonl lines for documents still missing
    duplicates: list[dict] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    # The earlier run's files left in out_dir, not replaced, as no run gave a document and one failed.
    kept: list[str] = field(default_factory=list)
    # With --previous, no other run gave a document: the previous run's claims are not published again
    # as this merge's (as `claimex extract --previous` does when no document succeeded).
    nothing_new: bool = False


def documents_path(run: Path) -> Path:
    """A run directory's documents.jsonl, or the path itself if it is a file."""
    return OutputDir(run).documents if run.is_dir() else run


def _done_since(e: ErrorRecord, have: set[tuple[str, str]]) -> bool:
    """Does a kept document answer the failure `e`: the same input (doc_id and file name: a run made
    elsewhere, or with the path spelled otherwise, prints another path) read without failing, in this
    run or another? A duplicate id is never answered (its document was not read: the kept one of that id
    is another input's), nor is a failure of one input by another input's document of the same id (an
    empty `b.txt` beside a `b` line in a JSONL)."""
    return e.doc_id is not None and e.error != "DuplicateId" and (e.doc_id, os.path.basename(e.path)) in have


def read_run(run: Path) -> tuple[list[DocumentResult], list[ErrorRecord], list[ErrorRecord]]:
    """One run directory (or documents.jsonl) in: (results, read problems, the run's recorded errors)."""
    path = documents_path(run)
    if not run.exists():
        return (
            [],
            [
                ErrorRecord(
                    path=str(run),
                    stage="merge",
                    error="InputError",
                    message="no such run directory (or documents.jsonl)",
                )
            ],
            [],
        )
    results: list[DocumentResult] = []
    problems: list[ErrorRecord] = []
    try:
        fh = open(path, encoding="utf-8", errors="surrogateescape")  # a bad byte: that line fails validation
    except OSError as e:
        what = "no documents.jsonl in this directory (is it a claimex run?)" if run.is_dir() else (e.strerror or str(e))
        return [], [ErrorRecord(path=str(path), stage="merge", error="InputError", message=what)], []
    with fh:
        parsed, bad = parse_lines(fh, DocumentResult, path=str(path), stage="merge", what="a document result")
    results.extend(parsed)
    problems.extend(bad)
    carried: list[ErrorRecord] = []
    errors_path = OutputDir(path.parent).errors
    if errors_path.exists():
        with open(errors_path, encoding="utf-8", errors="surrogateescape") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        carried.append(ErrorRecord.model_validate_json(line))
                    except ValidationError:
                        problems.append(
                            ErrorRecord(
                                path=str(errors_path),
                                line=n,
                                stage="merge",
                                error="ValidationError",
                                message="not an error record; skipped",
                            )
                        )
    return results, problems, carried


def _comparable(r: DocumentResult) -> str:
    return json.dumps(
        r.model_dump(mode="json", exclude={"seconds", "path", "text_sha256"}), sort_keys=True, ensure_ascii=False
    )


def same_document(a: DocumentResult, b: DocumentResult) -> bool:
    """Whether two results of one doc_id are of the same document: the same text digest, or, when either
    was written before claimex recorded one, the same result (timings and input path aside)."""
    if a.text_sha256 is not None and b.text_sha256 is not None:
        return a.text_sha256 == b.text_sha256
    return _comparable(a) == _comparable(b)


def pick(versions: list[tuple[str, DocumentResult]]) -> tuple[DocumentResult, dict | None]:
    """Several results for one doc_id in (with the run each came from): the kept one and a report line."""
    if len(versions) == 1:
        return versions[0][1], None
    ranked = sorted(
        versions, key=lambda v: (-len(v[1].mentions), v[1].ungrounded, _comparable(v[1]), dumps(v[1]), v[0])
    )
    kept_run, kept = ranked[0]
    identical = len({_comparable(r) for _, r in versions}) == 1
    return kept, {
        "doc_id": kept.doc_id,
        "runs": sorted(run for run, _ in versions),
        "identical": identical,
        "kept": kept_run,
        "why": "identical results"
        if identical
        else f"results differ; kept the one with most grounded mentions ({len(kept.mentions)}), "
        "then fewest ungrounded, then smallest JSON",
    }


def _newer_wins(
    by_doc: dict[str, list[tuple[str, DocumentResult]]], previous: str, on_note: Callable[[str], None] | None
) -> list[str]:
    """With `--previous`, a doc_id whose document in the new runs has another text than in the previous
    run is the new one: the previous run's version is dropped from `by_doc` (in place), as `extract
    --previous` does, and told to `on_note` as a warning. (Ranked among the versions by `pick`, the
    older text won whenever it had more mentions, and the queue never heard the article changed.)
    Returns the doc_ids replaced, sorted."""
    replaced: list[str] = []
    for doc_id in sorted(by_doc):
        versions = by_doc[doc_id]
        newer = [(run, r) for run, r in versions if run != previous]
        older = [(run, r) for run, r in versions if run == previous]
        if not newer or not older or any(same_document(o, n) for _, o in older for _, n in newer):
            continue
        by_doc[doc_id] = newer
        replaced.append(doc_id)
        if on_note is not None:
            on_note("warning: " + replaced_warning(doc_id, newer[0][0], previous))
    return replaced


def _one_backend(backends: set[str]) -> str | None:
    """The one backend of a merge's documents, "mixed" for several, None for no document."""
    if len(backends) > 1:
        return "mixed"
    return next(iter(backends), None)


def merge_runs(
    runs: list[Path],
    out_dir: Path | None = None,
    *,
    merge_across: bool = True,
    on_note: Callable[[str], None] | None = None,
    previous: Path | None = None,
) -> MergeResult:
    """Run directories in; merged claims out (and published to `out_dir` like an extract run, with
    `out_dir` locked meanwhile: `outdir.OutputDir`). A run directory whose files are not all the ones
    its run.json describes gets a `warning:` note.

    `previous` (`--previous`): that run's documents are merged too (as one more run), each claim's
    `replaces` lists the previous claims it took over, and `changes.jsonl` (`feed.py`) says what changed
    since that run's claims."""
    # a run given twice (`merge p1 p1 ./p1`, or as its documents.jsonl) is read once: "from 3 runs" of one
    once: dict[Path, Path] = {}
    for r in runs:
        once.setdefault(_run_dir(Path(r)), r)
    runs = list(once.values())
    if previous is not None:
        # a run given as its documents.jsonl or by another path to the same directory is --previous itself
        same = [r for r in runs if _run_dir(Path(r)) == _run_dir(Path(previous))]
        runs = [r for r in runs if r not in same] + [Path(previous)]
    check_runs([Path(r) for r in runs], None if out_dir is None else Path(out_dir))
    if out_dir is None:
        return _merge_runs(runs, None, merge_across, on_note, previous)
    with OutputDir(out_dir).lock(inputs=[str(r) for r in runs]):
        return _merge_runs(runs, Path(out_dir), merge_across, on_note, previous)


def _run_dir(run: Path) -> Path:
    """The directory of a run given as a directory or as its documents.jsonl, resolved."""
    return (run.parent if run.name == DOCUMENTS and not run.is_dir() else run).resolve()


def check_runs(runs: list[Path], out_dir: Path | None) -> None:
    """Raise UsageError, before anything is written, for a directory that is no run (no documents.jsonl)
    and for an `out_dir` that is one of the runs: publishing there would replace the run being read.
    (A missing path alone is not refused here: it is reported as that run's error and the others are
    merged; when a directory is refused, the message names the missing paths too, so one try shows every
    bad run.)"""
    not_runs = [f"{run}: no {DOCUMENTS} in this directory (is it a claimex run?)" for run in runs if _not_a_run(run)]
    if not_runs:
        missing = [f"{run}: no such run directory (or {DOCUMENTS})" for run in runs if not run.exists()]
        raise UsageError("; ".join(not_runs + missing))
    if out_dir is None:
        return
    target = out_dir.resolve()
    for run in runs:
        run_dir = run if run.is_dir() else run.parent if run.is_file() else None
        if run_dir is not None and run_dir.resolve() == target:
            raise UsageError(f"--out {out_dir} is one of the runs being merged ({run}): choose another directory")


def _not_a_run(run: Path) -> bool:
    return run.is_dir() and not OutputDir(run).documents.exists()


def mixed_run(run: Path) -> str | None:
    """The warning for a run directory (or its documents.jsonl) holding files of two runs, if it does."""
    if run.is_dir():
        return OutputDir(run).mixed()
    return OutputDir(run.parent).mixed() if run.name == DOCUMENTS else None


def _merge_runs(
    runs: list[Path],
    out_dir: Path | None,
    merge_across: bool,
    on_note: Callable[[str], None] | None,
    previous: Path | None = None,
) -> MergeResult:
    prev_claims = read_previous_claims(Path(previous)) if previous is not None else None
    t0 = time.perf_counter()
    by_doc: dict[str, list[tuple[str, DocumentResult]]] = defaultdict(list)
    problems: list[ErrorRecord] = []
    carried: list[ErrorRecord] = []
    runs_read = 0
    for run in runs:
        warning = mixed_run(Path(run))
        if warning and on_note:
            on_note(f"warning: {warning}")
        results, bad, errs = read_run(Path(run))
        problems += bad
        carried += errs
        runs_read += all(p.line is not None for p in bad)  # (a bad line, not a run that could not be read)
        for r in results:
            by_doc[r.doc_id].append((str(run), r))
    replaced = _newer_wins(by_doc, str(previous), on_note) if previous is not None else []
    kept: list[DocumentResult] = []
    duplicates: list[dict] = []
    for doc_id in sorted(by_doc):
        r, note = pick(by_doc[doc_id])
        kept.append(r)
        if note:
            duplicates.append(note)
            if on_note and not note["identical"]:
                runs_of = sorted(set(note["runs"]))
                where = (
                    f"is {len(note['runs'])} times in {runs_of[0]}"
                    if len(runs_of) == 1
                    else f"is in {len(note['runs'])} runs ({', '.join(note['runs'])})"
                )
                on_note(f"note: doc_id {doc_id} {where}: {note['why']}; kept {note['kept']}")
    same = sum(1 for d in duplicates if d["identical"])
    if on_note and same:
        on_note(f"note: {same} doc_id(s) found in several runs with identical results; kept one of each")
    have = {(r.doc_id, os.path.basename(r.path)) for r in kept}
    # A record met afresh (a damaged line of a run's errors.jsonl) is not carried as well: a merged run
    # given beside that run carries the record an earlier merge wrote for it, the very same line.
    fresh = {e.model_dump_json() for e in problems}
    still_missing = {e.model_dump_json(): e for e in carried if not _done_since(e, have)}
    still_missing = {k: e for k, e in still_missing.items() if k not in fresh}
    carried = sorted(still_missing.values(), key=lambda e: (e.path, e.line or 0, e.doc_id or "", e.stage, e.message))
    t1 = time.perf_counter()
    if merge_across:
        claims = merge((g for r in kept for g in r.mentions), merge_across=True)
    else:  # one document at a time, as `extract --no-merge` streams them: the same claims, the same ids (a
        # role one article leaves unnamed is not named from another, which only the merge across does)
        claims = [c for r in kept for c in merge(r.mentions, merge_across=False)]
    events: list[dict] | None = None
    if prev_claims is not None:
        claims, events = follow(prev_claims, claims)
    t2 = time.perf_counter()
    report = {
        "claimex_version": __version__,
        "command": "merge",
        "inputs": [str(r) for r in runs],
        "cwd": working_directory(),  # where the relative `inputs` are
        "runs_read": runs_read,  # the inputs that could be read (a missing one is an error line)
        "documents": {
            "read": sum(len(v) for v in by_doc.values()),
            "kept": len(kept),
            "duplicates": len(duplicates),
            "failed_earlier": len(carried),
        },
        "mentions": {"grounded": sum(len(r.mentions) for r in kept)},
        "ungrounded": sum(r.ungrounded for r in kept),
        # the extractor backend of the kept documents: one name, or "mixed" when the runs used several
        "backend": _one_backend({r.extractor.backend for r in kept}),
        "checkworthiness_model": checkworthy.model_version(),  # what scored every claim's checkworthiness
        "claims_written": len(claims),
        "duplicates": duplicates,
        "problems": len(problems),
        "seconds": {"read": round(t1 - t0, 4), "merge": round(t2 - t1, 4)},
    }
    extra: dict[str, list[str]] = {}
    if events is not None:
        # as `claimex extract --previous` records it
        only_previous = sum(1 for v in by_doc.values() if {run for run, _ in v} == {str(previous)})
        report["previous"] = previous_report(previous, only_previous, replaced)
        report["changes"] = count_events(events)
        extra[CHANGES] = [dumps_event(e) for e in events]
    result = MergeResult(claims, kept, problems, carried, duplicates, report)
    result.nothing_new = previous is not None and all(run == str(previous) for v in by_doc.values() for run, _ in v)
    if out_dir is not None and not result.nothing_new:
        # (every run failed to read, e.g. a mistyped path: an earlier run's results in out_dir are kept,
        # as `claimex extract` keeps them, rather than replaced by empty files)
        result.kept = OutputDir(out_dir).results() if problems and not kept else []
        if not result.kept:
            errors = sorted(problems + carried, key=lambda e: (e.path, e.line or 0))
            write_outputs(out_dir, claims, errors, kept, report, extra=extra)
    return result
