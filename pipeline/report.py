"""The review page: a run's output directory (and its source documents) in, one static HTML file out.

`build_report_data` gathers what the page shows: every claim from
`claims.jsonl`, per-document metadata from `documents.jsonl`, and the article
texts re-read from the sources (the run's `inputs` from `run.json` unless
other paths are given; for a merged run, the inputs of the runs it merged,
found through their own `run.json`). `render_report` turns that into one self-contained
HTML string: styles and script inline, the data embedded as JSON in a
`<script type="application/json">` block, and no URL the page could fetch.
`write_report` does both and writes the file.

Safety: the page never parses article text as HTML. The embedded JSON has
every `<`, `>` and `&` written as a `\\u00XX` escape, so a `</script>` inside an
article cannot end the data block, and the script builds the article view
from DOM text nodes. A Content-Security-Policy allows only the page's own
inline script and style (by hash) and no network at all, as a second line of
defence.

Offsets: claims.jsonl offsets count Unicode code points; JavaScript strings
count UTF-16 code units. Offsets are converted here, so a highlight after an
emoji still sits on the right words.

The embedded payload (read by report_assets/report.js; indexes are positions
in these lists):

    summary   counts shown in the header
    warnings  the first 200 problems found while building (warnings_total: all)
    speakers  [{name, named, kinds, roles (most frequent first), aliases, n}]
    claims    [{id, sp (speaker index), c (content), qt, cue, pol, den/dby (claim
              indexes), links [{rel, id, d, ev}], ms (mentions: d, s, e in code
              points as in claims.jsonl, t, sp, cue), var [{t, d}], fs {d, date},
              out, conf}]
    docs      [{id, title, date, url, path (the file its text was read from, else documents.jsonl's),
              text (null when not found), missing,
              m [[claim index, mention index, start, end in UTF-16], ...] sorted
              by (start, -end), bad (mentions that no longer match the text)}]
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .emit import CLAIMS, DOCUMENTS, ERRORS, RUN, atomic_write, check_output_file
from .errors import (
    ENVIRONMENT_ERRNOS,
    ClaimexError,
    EnvironmentFailure,
    UsageError,
    describe_environment_failure,
)
from .ingest import BadLine, iter_documents, loads_line, read_json_lines
from .models import Document, ErrorRecord
from .outdir import RUN_FILES, OutputDir

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PLACEHOLDER_DATA = "/*@DATA@*/"
_PLACEHOLDER_CSP = "@CSP@"
_PLACEHOLDER_STYLE = "/*@STYLE@*/"
_PLACEHOLDER_SCRIPT = "/*@SCRIPT@*/"


@dataclass
class ReportData:
    """What the page embeds, plus the problems found while gathering it (one line each)."""

    payload: dict
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what is no problem of the page (the run's failed inputs)
    source_files: list[str] = field(default_factory=list)  # the article files read (not embedded)
    run_dirs: list[str] = field(default_factory=list)  # OUT_DIR and every run followed to its articles

    @property
    def summary(self) -> dict:
        return self.payload["summary"]


# ---------------------------------------------------------------- gathering
def _read_jsonl(path: Path, warn: Callable[[str], None]) -> Iterable[tuple[int, dict]]:
    """Yield (line number, object) for each good line; a bad line becomes one warning."""
    try:
        for n, obj in read_json_lines(path):
            if isinstance(obj, BadLine):
                warn(f"{path}:{n}: {obj}; line skipped")
            elif not isinstance(obj, dict):
                warn(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}; line skipped")
            else:
                yield n, obj
    except OSError as e:
        warn(f"{path}: cannot read ({e.strerror or e}); left out")


class _WrongType(Exception):
    """A field of a claims.jsonl / documents.jsonl line has the wrong type (the message names it)."""


_JSON_TYPE = {str: "a string", int: "an integer", list: "a list", dict: "an object", float: "a number"}


def _get(obj: dict, key: str, kind: type | tuple[type, ...], default: object = None) -> Any:
    """obj[key] when it is of `kind` (None or absent: `default`); raises _WrongType otherwise."""
    v = obj.get(key)
    if v is None:
        return default
    if not isinstance(v, kind) or (isinstance(v, bool) and kind is not bool):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        want = " or ".join(_JSON_TYPE.get(k, k.__name__) for k in kinds)
        raise _WrongType(f"{key!r} is {type(v).__name__}, expected {want}")
    return v


def _strs(obj: dict, key: str) -> list[str]:
    """obj[key] as a list of strings (absent: [])."""
    items = _get(obj, key, list, [])
    if not all(isinstance(x, str) for x in items):
        raise _WrongType(f"{key!r} must be a list of strings")
    return list(items)


def _parse_speaker(obj: dict) -> dict:
    sp = _get(obj, "speaker", dict, {})
    return {
        "name": _get(sp, "name", str),
        "kind": _get(sp, "kind", str),
        "role": _get(sp, "role", str),
        "aliases": _strs(sp, "aliases"),
    }


def _parse_claim(obj: dict) -> dict:
    """One claims.jsonl object, type-checked, in the shape the page needs (mentions still raw).

    Raises _WrongType for a field of the wrong type: the line is then skipped whole.
    """
    cid = _get(obj, "claim_id", str)
    mentions = _get(obj, "mentions", list)
    if not cid or mentions is None:
        raise _WrongType("no claim_id or mentions")
    first = _get(obj, "first_seen", dict, {})
    variants = [v for v in _get(obj, "variants", list, []) if isinstance(v, dict)]
    return {
        "id": cid,
        "speaker": _parse_speaker(obj),
        "mentions": mentions,
        "c": _get(obj, "content", str, ""),
        "qt": _get(obj, "quote_type", str),
        "cue": _get(obj, "cue", str),
        "pol": _get(obj, "polarity", str) or "assertion",
        "den": _strs(obj, "denies"),
        "dby": _strs(obj, "denied_by"),
        "links": [
            {
                "rel": _get(ln, "relation", str),
                "id": _get(ln, "claim_id", str),
                "d": _get(ln, "doc_id", str),
                "ev": ln.get("evidence"),
            }
            for ln in _get(obj, "links", list, [])
            if isinstance(ln, dict)
        ],
        "var": [(_get(v, "text", str, ""), _strs(v, "doc_ids")) for v in variants],
        "first": (_get(first, "doc_id", str), _get(first, "date", str)),
        "outlets": _get(obj, "outlets", int),
        "conf": _get(obj, "confidence", (int, float)),
        "cw": _get(obj, "checkworthiness", (int, float)),
        "ct": _get(obj, "claim_type", str),
        "st": _get(obj, "statement", str),
    }


def _parse_mention(m: object) -> dict:
    """One mention of a claim; raises KeyError/TypeError/ValueError when it lacks a field or has a wrong one."""
    if not isinstance(m, dict):
        raise TypeError
    doc_id, start, end, text = m["doc_id"], m["start"], m["end"], m["text"]
    if not (isinstance(doc_id, str) and isinstance(text, str) and type(start) is int and type(end) is int):
        raise TypeError
    sp, cue = m.get("speaker_text"), m.get("cue")
    if not (sp is None or isinstance(sp, str)) or not (cue is None or isinstance(cue, str)):
        raise TypeError
    return {"doc": doc_id, "s": start, "e": end, "t": text, "sp": sp, "cue": cue}


class _Gather:
    """The page's lists (documents, speakers, claims) and their indexes, filled line by line."""

    def __init__(self, warn: Callable[[str], None]):
        self.warn = warn
        self.docs: list[dict] = []
        self.doc_index: dict[str, int] = {}
        self.source_files: set[str] = set()
        self.speakers: list[dict] = []
        self.speaker_index: dict[str, int] = {}
        self.claims: list[dict] = []
        self.claim_index: dict[str, int] = {}

    def doc_slot(self, doc_id: str) -> int:
        if doc_id not in self.doc_index:
            self.doc_index[doc_id] = len(self.docs)
            self.docs.append(
                {
                    "id": doc_id,
                    "title": None,
                    "date": None,
                    "url": None,
                    "path": None,
                    "text": None,
                    "missing": None,
                    "m": [],
                    "bad": 0,
                }
            )
        return self.doc_index[doc_id]

    def add_document(self, path: Path, n: int, obj: dict) -> None:
        try:
            doc_id = _get(obj, "doc_id", str)
            if not doc_id:
                raise _WrongType("no doc_id")
            meta = {key: _get(obj, key, str) for key in ("title", "date", "url", "path")}
        except _WrongType as e:
            self.warn(f"{path}:{n}: {e}; line skipped")
            return
        self.docs[self.doc_slot(doc_id)].update(meta)

    def add_claim(self, path: Path, n: int, obj: dict) -> None:
        try:
            c = _parse_claim(obj)
        except _WrongType as e:
            self.warn(f"{path}:{n}: {e}; line skipped")
            return
        if c["id"] in self.claim_index:
            self.warn(f"{path}:{n}: claim_id {c['id']} already seen; line skipped")
            return
        ms = []
        for k, m in enumerate(c["mentions"]):
            try:
                pm = _parse_mention(m)
            except (KeyError, TypeError, ValueError):
                self.warn(f"{path}:{n}: mention {k} lacks doc_id/start/end/text; left out")
                continue
            ms.append({"d": self.doc_slot(pm.pop("doc")), **pm})
        first_doc, first_date = c["first"]
        self.claim_index[c["id"]] = len(self.claims)
        self.claims.append(
            {
                "id": c["id"],
                "sp": self._speaker(c["speaker"]),
                **{key: c[key] for key in ("c", "qt", "cue", "pol", "den", "dby", "links")},
                "ms": ms,
                "var": [{"t": t, "d": [self.doc_slot(x) for x in ids]} for t, ids in c["var"]],
                "fs": {"d": self.doc_slot(first_doc), "date": first_date} if first_doc else None,
                "out": int(c["outlets"] or len({m["d"] for m in ms}) or 0),
                "conf": c["conf"],
                "cw": c["cw"],
                "ct": c["ct"],
                "st": c["st"],
            }
        )

    def _speaker(self, sp: dict) -> int:
        """The index of the speaker, keyed by its label (a name, or unnamed/unknown): what a reviewer filters on."""
        label = _speaker_label(sp)
        if label not in self.speaker_index:
            self.speaker_index[label] = len(self.speakers)
            self.speakers.append(
                {"name": label, "named": bool(sp["name"]), "kinds": [], "_roles": {}, "aliases": [], "n": 0}
            )
        s = self.speakers[self.speaker_index[label]]
        s["n"] += 1
        if sp["kind"] and sp["kind"] not in s["kinds"]:
            s["kinds"].append(sp["kind"])
        if sp["role"]:
            s["_roles"][sp["role"]] = s["_roles"].get(sp["role"], 0) + 1
        for a in sp["aliases"]:
            if a not in s["aliases"] and a != label:
                s["aliases"].append(a)
        return self.speaker_index[label]

    def link(self, claims_path: Path) -> None:
        """Most frequent role first; claim and document ids in links become indexes (dangling ones warned)."""
        for s in self.speakers:
            counts = s.pop("_roles")
            s["roles"] = sorted(counts, key=lambda r: (-counts[r], r))
        for c in self.claims:
            for key in ("den", "dby"):
                dangling = [x for x in c[key] if x not in self.claim_index]
                if dangling:
                    self.warn(f"{claims_path}: claim {c['id']} links to unknown claim(s) {', '.join(dangling)}")
                c[key] = [self.claim_index[x] for x in c[key] if x in self.claim_index]
            for ln in c["links"]:
                ln["id"] = self.claim_index.get(ln["id"], -1)
                ln["d"] = self.doc_index.get(ln["d"], -1) if ln["d"] is not None else -1

    def highlight(self) -> None:
        """Each mention checked against its source, then stored per document in UTF-16 offsets."""
        for ci, c in enumerate(self.claims):
            for k, m in enumerate(c["ms"]):
                d = self.docs[m["d"]]
                text = d["text"]
                if text is None:
                    continue
                if not (0 <= m["s"] < m["e"] <= len(text)) or text[m["s"] : m["e"]] != m["t"]:
                    d["bad"] += 1
                    self.warn(
                        f"{d['path'] or d['id']}: mention {m['s']}:{m['e']} of claim {c['id']} does not match the "
                        f"source text (changed since the run?); not highlighted"
                    )
                    continue
                if "_u16" not in d:
                    d["_u16"] = _utf16_offsets(text)
                u = d["_u16"]
                d["m"].append([ci, k, u(m["s"]), u(m["e"])])
        for d in self.docs:
            d.pop("_u16", None)
            d["m"].sort(key=lambda x: (x[2], -x[3], x[0]))


def _read_run_json(out_dir: Path, warn: Callable[[str], None]) -> dict:
    if not (out_dir / RUN).is_file():
        return {}
    try:
        run = loads_line((out_dir / RUN).read_text(encoding="utf-8"))
    except (ValueError, OSError) as e:  # BadLine: not JSON (NaN, Infinity, 1e400 too), too deep; not UTF-8
        warn(f"{out_dir / RUN}: unreadable ({e}); run details left out")
        return {}
    return run if isinstance(run, dict) else {}


@dataclass
class _Failed:
    """The inputs the runs followed had already reported failed (their errors.jsonl): met again while
    their sources are re-read, they are listed on the page, not warned about a second time."""

    lines: list[str] = field(default_factory=list)  # one line each, as the run printed it
    keys: set[tuple[str, int | None]] = field(default_factory=set)  # (absolute path, JSONL line)
    given: set[tuple[str, str]] = field(default_factory=set)  # (run directory, the path as the run was given it)

    def read(self, run_dir: Path, run: dict, warn: Callable[[str], None]) -> None:
        path = run_dir / ERRORS
        if not path.is_file():
            return
        for _, obj in _read_jsonl(path, warn):
            try:
                e = ErrorRecord.model_validate(obj)
            except ValueError:
                continue  # (not an error line of a claimex run: nothing to match)
            if e.level != "error":
                continue
            if e.one_line() not in self.lines:
                self.lines.append(e.one_line())
            self.given.add((_run_key(run_dir), e.path))
            for cand in _candidates(run_dir, run, e.path):
                self.keys.add((os.path.abspath(cand), e.line))

    def knows(self, run_dir: Path, item: str) -> bool:
        """Whether the run in run_dir failed on its input `item` (a path that is gone, say)."""
        return (_run_key(run_dir), item) in self.given

    def holds(self, record: ErrorRecord) -> bool:
        """Whether a failure met re-reading the sources is one a run already reported."""
        return (os.path.abspath(record.path), record.line) in self.keys


def _resolve_sources(
    out_dir: Path,
    run: dict,
    warn: Callable[[str], None],
    failed: _Failed | None = None,
    followed: set[str] | None = None,
) -> list[str]:
    """The run's inputs as paths that exist now: relative to the directory the run was made in
    (run.json `cwd`), else as written, else relative to OUT_DIR's parent.

    `claimex extract seeds/ --out outputs/` records `seeds/` as given, relative to where it
    ran, and that directory as `cwd` (a run.json written before claimex recorded it has none:
    then the working directory and OUT_DIR's parent, where such a run usually ran, are tried).
    A merged run (`claimex merge`,
    run.json `command: merge`) records the runs it merged as its inputs: their
    own run.json files are followed instead (merges of merges too, each run
    once), and their article inputs are the sources. The run a `--previous`
    run continues (run.json `previous`) is followed the same way. An input a run
    reported failed (its errors.jsonl) goes to `failed`, not to a warning. The run directories
    followed (OUT_DIR's too, resolved) are added to `followed`.
    """
    found: list[str] = []
    failed = failed if failed is not None else _Failed()
    seen = followed if followed is not None else set()
    seen.add(_run_key(out_dir))
    failed.read(out_dir, run, warn)
    _collect_sources(out_dir, run, warn, found, seen=seen, failed=failed)
    return list(dict.fromkeys(found))


def _run_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _run_cwd(run: dict) -> Path | None:
    """The directory the run was made in (run.json `cwd`), when it recorded one."""
    cwd = run.get("cwd")
    return Path(cwd) if isinstance(cwd, str) and os.path.isabs(cwd) else None


def _candidates(out_dir: Path, run: dict, item: str) -> list[Path]:
    """Where a run's input `item` may be: under the run's `cwd`, as written (from here), under OUT_DIR's parent."""
    cwd = _run_cwd(run)
    return ([cwd / item] if cwd is not None else []) + [Path(item), out_dir.parent / item]


def _existing(out_dir: Path, run: dict, item: str) -> Path | None:
    for cand in _candidates(out_dir, run, item):
        if cand.exists():
            return cand
    return None


def _looked_in(out_dir: Path, run: dict) -> str:
    cwd = _run_cwd(run)
    return (
        f"{cwd} (where the run was made), " if cwd is not None else ""
    ) + f"the working directory and {out_dir.parent}"


def _collect_sources(
    out_dir: Path, run: dict, warn: Callable[[str], None], found: list[str], *, seen: set[str], failed: _Failed
) -> None:
    inputs = run.get("inputs")
    merged = run.get("command") == "merge"
    for item in inputs if isinstance(inputs, list) else []:
        item = str(item)
        if item == "-":
            warn(f"{out_dir / RUN}: input '-' (stdin) cannot be re-read; pass the articles with --source")
            continue
        cand = _existing(out_dir, run, item)
        if cand is None:
            if failed.knows(out_dir, item):
                # (the run failed on it, a path that was not there: listed with the failed inputs; a merge
                # reports a run it could not read as well, `nope: merge: InputError: no such run directory`)
                continue
            what = "merged run" if merged else "input"
            warn(f"{out_dir / RUN}: {what} {item!r} not found (looked in {_looked_in(out_dir, run)}); pass --source")
        elif not merged:
            found.append(str(cand))
        else:
            _follow_merged_input(out_dir, item, cand, warn, found, seen=seen, failed=failed)
    _follow_previous(out_dir, run, warn, found, seen=seen, failed=failed)


def _follow_previous(
    out_dir: Path, run: dict, warn: Callable[[str], None], found: list[str], *, seen: set[str], failed: _Failed
) -> None:
    """A run made with --previous RUN holds RUN's documents too: RUN's inputs are sources, through its
    run.json (`previous.run` of an extract, `previous` of a merge), as a merged run's are."""
    prev = run.get("previous")
    item = prev.get("run") if isinstance(prev, dict) else prev
    if not isinstance(item, str):
        return
    cand = _existing(out_dir, run, item)
    if cand is None:
        warn(f"{out_dir / RUN}: previous run {item!r} not found (looked in {_looked_in(out_dir, run)}); pass --source")
        return
    _follow_merged_input(out_dir, item, cand, warn, found, seen=seen, what="previous run", failed=failed)


def _follow_merged_input(
    out_dir: Path,
    item: str,
    cand: Path,
    warn: Callable[[str], None],
    found: list[str],
    *,
    seen: set[str],
    what: str = "merged run",
    failed: _Failed,
) -> None:
    """One run a merged run merged (a directory, or its documents.jsonl): its own inputs, through its run.json."""
    run_dir = cand if cand.is_dir() else cand.parent
    key = _run_key(run_dir)
    if key in seen:
        return  # already followed (the same run merged twice, or a cycle)
    seen.add(key)
    if not (run_dir / RUN).is_file():
        warn(f"{out_dir / RUN}: {what} {item!r} has no {RUN}, so its articles cannot be found; pass them with --source")
        return
    run = _read_run_json(run_dir, warn)
    failed.read(run_dir, run, warn)
    _collect_sources(run_dir, run, warn, found, seen=seen, failed=failed)


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Map a code-point offset in `text` to the UTF-16 offset JavaScript uses."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


def _speaker_label(sp: dict) -> str:
    if sp.get("name"):
        return str(sp["name"])
    return "(unnamed source)" if sp.get("kind") == "unnamed" else "(unknown speaker)"


def build_report_data(
    out_dir: Path | str,
    sources: list[str] | None = None,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> ReportData:
    """Read OUT_DIR (claims.jsonl, documents.jsonl, run.json) and the source texts into the page's data.

    `sources` are files or directories as `claimex extract` takes them; None
    means the run's `inputs` from run.json. Missing or changed sources do not
    stop the report: the article shows without text or without the mentions
    that no longer match, and each problem becomes one warning line.
    Raises UsageError when OUT_DIR holds no claims.jsonl.
    """
    out_dir = Path(out_dir)
    warnings: list[str] = []

    def warn(msg: str) -> None:
        warnings.append(msg)
        if on_warning:
            on_warning(msg)

    claims_path = out_dir / CLAIMS
    if not claims_path.is_file():
        raise UsageError(f"{out_dir}: no {CLAIMS} here; write one with `claimex extract INPUTS --out {out_dir}`")
    mixed = OutputDir(out_dir).mixed()  # files of two runs side by side
    if mixed:
        warn(mixed)
    run = _read_run_json(out_dir, warn)
    g = _Gather(warn)
    # Documents: metadata from documents.jsonl, in its order; ids only seen in claims are appended.
    if (out_dir / DOCUMENTS).is_file():
        for n, obj in _read_jsonl(out_dir / DOCUMENTS, warn):
            g.add_document(out_dir / DOCUMENTS, n, obj)
    for n, obj in _read_jsonl(claims_path, warn):
        g.add_claim(claims_path, n, obj)
    g.link(claims_path)
    failed = _Failed()
    followed: set[str] = {_run_key(out_dir)}
    _read_texts(g, out_dir, run, sources, warn, failed, followed)
    g.highlight()
    docs, claims, speakers = g.docs, g.claims, g.speakers
    with_text = sum(1 for d in docs if d["text"] is not None)
    payload = {
        "version": 1,
        "run": {
            "out_dir": str(out_dir),
            "claimex_version": run.get("claimex_version"),
            "backend": run.get("backend"),
            "inputs": run.get("inputs") or [],
            "documents": run.get("documents"),
        },
        "summary": {
            "claims": len(claims),
            "speakers": len(speakers),
            "documents": len(docs),
            "documents_with_text": with_text,
            "mentions": sum(len(c["ms"]) for c in claims),
            "highlighted": sum(len(d["m"]) for d in docs),
            "denials": sum(1 for c in claims if c["pol"] == "denial"),
        },
        "warnings": warnings[:200],  # the page lists the first 200; stderr has them all
        "warnings_total": len(warnings),
        "failed_inputs": failed.lines[:200],  # the inputs the run reported failed (its errors.jsonl)
        "failed_inputs_total": len(failed.lines),
        "speakers": speakers,
        "claims": claims,
        "docs": docs,
    }
    notes = []
    if failed.lines:
        shown = "; ".join(failed.lines[:3]) + ("; ..." if len(failed.lines) > 3 else "")
        notes.append(
            f"note: {len(failed.lines)} input(s) failed in the run, as it reported (its {ERRORS}), and have no "
            f"article here: {shown}; the page lists them"
        )
    return ReportData(
        payload=payload,
        warnings=warnings,
        notes=notes,
        source_files=sorted(g.source_files - {"-"}),
        run_dirs=sorted(followed),
    )


def _read_texts(
    g: _Gather,
    out_dir: Path,
    run: dict,
    sources: list[str] | None,
    warn: Callable[[str], None],
    failed: _Failed,
    followed: set[str],
) -> None:
    """Article texts, streamed from the sources; only documents of this run are kept (the run directories
    it follows to find the sources are added to `followed`, also when the sources are given).

    Sources are read with `--encoding-errors replace`: a run made with it wrote
    offsets into the replaced text, and a strict run never wrote a document
    whose bytes are not UTF-8, so the replaced reading is right for both.
    """
    docs = g.docs
    if sources:
        paths = list(sources)
        failed.read(out_dir, run, warn)
        # the runs it follows all the same, quietly: their files are what `report -o` must not overwrite
        _resolve_sources(out_dir, run, lambda _: None, None, followed)
    else:
        paths = _resolve_sources(out_dir, run, warn, failed, followed)
    if sources is None and not paths and docs:
        warn(f"{out_dir}: no source documents to read; articles show without their text (pass --source)")
    for item in iter_documents(paths, encoding_errors="replace") if paths else ():
        if isinstance(item, ErrorRecord):
            if item.error != "DuplicateId" and not failed.holds(item):  # (the run's own failures: listed)
                warn(item.one_line())
            continue
        _attach_text(docs, g.doc_index, item)
        g.source_files.add(item.path)
    missing = [d for d in docs if d["text"] is None]
    for d in missing:
        d["missing"] = "not found in the sources" if paths else "no sources given"
    if missing and paths:
        ids = ", ".join(d["id"] for d in missing[:3]) + (", ..." if len(missing) > 3 else "")
        warn(
            f"{len(missing)} of {len(docs)} article(s) not found in the sources ({ids}); "
            "they show without text (pass --source)"
        )


def _attach_text(docs: list[dict], doc_index: dict[str, int], doc: Document) -> None:
    i = doc_index.get(doc.doc_id)
    if i is None:
        return  # a document the run did not write (failed, or not part of it)
    d = docs[i]
    d["text"] = doc.text
    for key in ("title", "date", "url"):
        if d[key] is None and getattr(doc, key):
            d[key] = getattr(doc, key)
    d["path"] = doc.path  # (the file the text was read from, which a mismatch names: not documents.jsonl's)


# ---------------------------------------------------------------- rendering
def embed_json(obj: object) -> str:
    """JSON safe to place inside `<script type="application/json">`.

    `<`, `>` and `&` only occur inside JSON strings, where `\\u003c` etc. mean the
    same characters: the text round-trips through JSON.parse unchanged, and no
    `</script>` or `<!--` can appear in the block.
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _asset(name: str) -> str:
    """The text of one file of report_assets/, found through this package's own import name (`claimex`)."""
    return (resources.files(__package__ or "claimex") / "report_assets" / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_report(data: ReportData) -> str:
    """The page as one HTML string: template + inline style + inline script + embedded data."""
    style, script, page = _asset("report.css"), _asset("report.js"), _asset("report.html")
    for name, text in (("report.css", style), ("report.js", script)):
        if "</" in text:  # would end the inline element early; keep the assets free of it
            raise RuntimeError(f"report_assets/{name} contains '</'; write it as '<\\/'")
    # No network at all: only this page's own script and style run (by hash), images only inline.
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    # Placeholders are replaced in a fixed order, and the data last, so nothing inside the
    # data is ever mistaken for a placeholder.
    page = page.replace(_PLACEHOLDER_CSP, csp).replace(_PLACEHOLDER_STYLE, style)
    page = page.replace(_PLACEHOLDER_SCRIPT, script)
    head, sep, tail = page.partition(_PLACEHOLDER_DATA)
    if not sep:
        raise RuntimeError("report_assets/report.html lacks the data placeholder")
    return head + embed_json(data.payload) + tail


def write_report(
    out_dir: Path | str,
    out: Path | str,
    sources: list[str] | None = None,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> ReportData:
    """Build the review page for OUT_DIR and write it atomically to `out`; returns the data it embeds.

    Raises UsageError, before a byte is written, when `out` is a file of the run (any of `RUN_FILES`), of
    a run it follows to the articles (a merged run's runs, a --previous run) or one of the articles."""
    check_output_file("--out", out, _run_files(Path(out_dir), "the run's {name}"))  # (before the run is read at all)
    data = build_report_data(out_dir, sources, on_warning=on_warning)
    # (the runs followed and the articles are known once read, before a byte is written: refused here)
    followed = [
        f for d in data.run_dirs for f in _run_files(Path(d), "the {name} of a run the page follows to its articles,")
    ]
    check_output_file("--out", out, followed + [("the source article", p) for p in data.source_files])
    page = render_report(data)
    try:
        atomic_write(Path(out), [page])  # (with the user's umask, as every output: the page holds article text)
    except OSError as e:
        if e.errno in ENVIRONMENT_ERRNOS:  # the machine stopped it (disk full, read-only): exit 4, as any command
            what = describe_environment_failure(e, path=out)
            raise EnvironmentFailure(f"stopped: {what}; the report was not written") from None
        raise ClaimexError(f"{out}: cannot write the report ({e.strerror or e})") from None  # e.g. --out a directory
    return data


def _run_files(run_dir: Path, what: str) -> list[tuple[str, Path]]:
    """(what, path) of every file a run directory holds, for `check_output_file` (`what` names the file
    through `{name}`): the page is never written over one (a run's lock or journal is no page either)."""
    return [(what.format(name=name), run_dir / name) for name in RUN_FILES]


def extract_payload(html: str) -> dict:
    """The data block of a rendered page, parsed (for tests and tools that read a report back)."""
    m = re.search(r'<script type="application/json" id="claimex-data">(.*?)</script>', html, re.S)
    if not m:
        raise ValueError("no claimex data block in this HTML")
    return json.loads(m.group(1))


__all__ = ["ReportData", "build_report_data", "render_report", "write_report", "embed_json", "extract_payload"]
