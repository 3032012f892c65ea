"""The review page: a run's output directory (and its source documents) in, one static HTML file out.

`build_report_data` gathers what the page shows: every claim from
`claims.jsonl`, per-document metadata from `documents.jsonl`, and the article
texts re-read from the sources (the run's `inputs` from `run.json` unless
other paths are given). `render_report` turns that into one self-contained
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
    docs      [{id, title, date, url, path, text (null when not found), missing,
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

from .emit import CLAIMS, DOCUMENTS, RUN, atomic_write
from .errors import ClaimexError, UsageError
from .ingest import iter_documents
from .models import Document, ErrorRecord
from .outdir import OutputDir

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

    @property
    def summary(self) -> dict:
        return self.payload["summary"]


# ---------------------------------------------------------------- gathering
def _read_jsonl(path: Path, warn: Callable[[str], None]) -> Iterable[tuple[int, dict]]:
    """Yield (line number, object) for each good line; a bad line becomes one warning."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                warn(f"{path}:{n}: not JSON ({e.msg} at column {e.colno}); line skipped")
                continue
            if not isinstance(obj, dict):
                warn(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}; line skipped")
                continue
            yield n, obj


def _resolve_sources(out_dir: Path, run: dict, warn: Callable[[str], None]) -> list[str]:
    """The run's inputs as paths that exist now: as written, else relative to OUT_DIR's parent.

    `claimex extract seeds/ --out outputs/` records `seeds/` relative to where it
    ran, which is usually OUT_DIR's parent.
    """
    found: list[str] = []
    for item in run.get("inputs") or []:
        item = str(item)
        if item == "-":
            warn(f"{out_dir / RUN}: input '-' (stdin) cannot be re-read; pass the articles with --source")
            continue
        for cand in (Path(item), out_dir.parent / item):
            if cand.exists():
                found.append(str(cand))
                break
        else:
            warn(
                f"{out_dir / RUN}: input {item!r} not found (looked in the working directory and in "
                f"{out_dir.parent}); pass --source"
            )
    return found


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
    run: dict = {}
    if (out_dir / RUN).is_file():
        try:
            run = json.loads((out_dir / RUN).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            warn(f"{out_dir / RUN}: unreadable ({e}); run details left out")
        if not isinstance(run, dict):
            run = {}

    # Documents: metadata from documents.jsonl, in its order; ids only seen in claims are appended.
    docs: list[dict] = []
    doc_index: dict[str, int] = {}

    def doc_slot(doc_id: str) -> int:
        if doc_id not in doc_index:
            doc_index[doc_id] = len(docs)
            docs.append(
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
        return doc_index[doc_id]

    if (out_dir / DOCUMENTS).is_file():
        for n, obj in _read_jsonl(out_dir / DOCUMENTS, warn):
            if not obj.get("doc_id"):
                warn(f"{out_dir / DOCUMENTS}:{n}: no doc_id; line skipped")
                continue
            d = docs[doc_slot(str(obj["doc_id"]))]
            for key in ("title", "date", "url", "path"):
                v = obj.get(key)
                d[key] = None if v is None else str(v)

    # Speakers are keyed by their label (a name, or unnamed/unknown): that is what a reviewer filters on.
    speakers: list[dict] = []
    speaker_index: dict[str, int] = {}
    claims: list[dict] = []
    claim_index: dict[str, int] = {}
    for n, obj in _read_jsonl(claims_path, warn):
        cid = obj.get("claim_id")
        mentions = obj.get("mentions")
        if not cid or not isinstance(mentions, list):
            warn(f"{claims_path}:{n}: no claim_id or mentions; line skipped")
            continue
        if cid in claim_index:
            warn(f"{claims_path}:{n}: claim_id {cid} already seen; line skipped")
            continue
        sp = obj.get("speaker") or {}
        label = _speaker_label(sp)
        if label not in speaker_index:
            speaker_index[label] = len(speakers)
            speakers.append(
                {"name": label, "named": bool(sp.get("name")), "kinds": [], "_roles": {}, "aliases": [], "n": 0}
            )
        s = speakers[speaker_index[label]]
        s["n"] += 1
        if sp.get("kind") and sp["kind"] not in s["kinds"]:
            s["kinds"].append(sp["kind"])
        if sp.get("role"):
            s["_roles"][sp["role"]] = s["_roles"].get(sp["role"], 0) + 1
        for a in sp.get("aliases") or []:
            if a not in s["aliases"] and a != label:
                s["aliases"].append(a)
        ms = []
        for k, m in enumerate(mentions):
            try:
                slot = doc_slot(str(m["doc_id"]))
                ms.append(
                    {
                        "d": slot,
                        "s": int(m["start"]),
                        "e": int(m["end"]),
                        "t": str(m["text"]),
                        "sp": m.get("speaker_text"),
                        "cue": m.get("cue"),
                    }
                )
            except (KeyError, TypeError, ValueError):
                warn(f"{claims_path}:{n}: mention {k} lacks doc_id/start/end/text; left out")
        first = obj.get("first_seen") or {}
        claim_index[cid] = len(claims)
        claims.append(
            {
                "id": cid,
                "sp": speaker_index[label],
                "c": str(obj.get("content") or ""),
                "qt": obj.get("quote_type"),
                "cue": obj.get("cue"),
                "pol": obj.get("polarity") or "assertion",
                "den": list(obj.get("denies") or []),
                "dby": list(obj.get("denied_by") or []),
                "links": [
                    {
                        "rel": ln.get("relation"),
                        "id": ln.get("claim_id"),
                        "d": ln.get("doc_id"),
                        "ev": ln.get("evidence"),
                    }
                    for ln in obj.get("links") or []
                    if isinstance(ln, dict)
                ],
                "ms": ms,
                "var": [
                    {"t": str(v.get("text") or ""), "d": [doc_slot(str(x)) for x in v.get("doc_ids") or []]}
                    for v in obj.get("variants") or []
                    if isinstance(v, dict)
                ],
                "fs": {"d": doc_slot(str(first["doc_id"])), "date": first.get("date")} if first.get("doc_id") else None,
                "out": int(obj.get("outlets") or len({m["d"] for m in ms}) or 0),
                "conf": obj.get("confidence"),
            }
        )
    for s in speakers:  # most frequent role first
        counts = s.pop("_roles")
        s["roles"] = sorted(counts, key=lambda r: (-counts[r], r))
    # A denial link to a claim that is not in the file cannot be followed; say so once per claim.
    for c in claims:
        for key in ("den", "dby"):
            dangling = [x for x in c[key] if x not in claim_index]
            if dangling:
                warn(f"{claims_path}: claim {c['id']} links to unknown claim(s) {', '.join(dangling)}")
            c[key] = [claim_index[x] for x in c[key] if x in claim_index]
        for ln in c["links"]:
            ln["id"] = claim_index.get(ln["id"], -1)
            ln["d"] = doc_index.get(ln["d"], -1) if ln["d"] is not None else -1

    # Article texts: streamed from the sources; only documents of this run are kept.
    paths = list(sources) if sources else _resolve_sources(out_dir, run, warn)
    if sources is None and not paths:
        warn(f"{out_dir}: no source documents to read; articles show without their text (pass --source)")
    for item in iter_documents(paths) if paths else ():
        if isinstance(item, ErrorRecord):
            if item.error != "DuplicateId":
                warn(item.one_line())
            continue
        _attach_text(docs, doc_index, item)
    missing = [d for d in docs if d["text"] is None]
    for d in missing:
        d["missing"] = "not found in the sources" if paths else "no sources given"
    if missing and paths:
        ids = ", ".join(d["id"] for d in missing[:3]) + (", ..." if len(missing) > 3 else "")
        warn(
            f"{len(missing)} of {len(docs)} article(s) not found in the sources ({ids}); "
            "they show without text (pass --source)"
        )

    # Highlights: each mention checked against its source, then stored per document in UTF-16 offsets.
    for ci, c in enumerate(claims):
        for k, m in enumerate(c["ms"]):
            d = docs[m["d"]]
            text = d["text"]
            if text is None:
                continue
            if not (0 <= m["s"] < m["e"] <= len(text)) or text[m["s"] : m["e"]] != m["t"]:
                d["bad"] += 1
                warn(
                    f"{d['path'] or d['id']}: mention {m['s']}:{m['e']} of claim {c['id']} does not match the "
                    f"source text (changed since the run?); not highlighted"
                )
                continue
            if "_u16" not in d:
                d["_u16"] = _utf16_offsets(text)
            u = d["_u16"]
            d["m"].append([ci, k, u(m["s"]), u(m["e"])])
    for d in docs:
        d.pop("_u16", None)
        d["m"].sort(key=lambda x: (x[2], -x[3], x[0]))

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
        "speakers": speakers,
        "claims": claims,
        "docs": docs,
    }
    return ReportData(payload=payload, warnings=warnings)


def _attach_text(docs: list[dict], doc_index: dict[str, int], doc: Document) -> None:
    i = doc_index.get(doc.doc_id)
    if i is None:
        return  # a document the run did not write (failed, or not part of it)
    d = docs[i]
    d["text"] = doc.text
    for key in ("title", "date", "url"):
        if d[key] is None and getattr(doc, key):
            d[key] = getattr(doc, key)
    if d["path"] is None:
        d["path"] = doc.path


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
    return (resources.files("pipeline") / "report_assets" / name).read_text(encoding="utf-8")


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
    """Build the review page for OUT_DIR and write it atomically to `out`; returns the data it embeds."""
    data = build_report_data(out_dir, sources, on_warning=on_warning)
    page = render_report(data)
    try:
        atomic_write(Path(out), [page])
        os.chmod(out, 0o644)  # a page to share and open, not a private temp file
    except OSError as e:
        raise ClaimexError(f"{out}: cannot write the report ({e.strerror or e})") from None
    return data


def extract_payload(html: str) -> dict:
    """The data block of a rendered page, parsed (for tests and tools that read a report back)."""
    m = re.search(r'<script type="application/json" id="claimex-data">(.*?)</script>', html, re.S)
    if not m:
        raise ValueError("no claimex data block in this HTML")
    return json.loads(m.group(1))


__all__ = ["ReportData", "build_report_data", "render_report", "write_report", "embed_json", "extract_payload"]
