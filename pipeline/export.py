"""`claimex export`: claims.jsonl in, schema.org ClaimReview-ready JSON or CSV out.

Document URLs, titles and dates come from a documents.jsonl (the per-document
results every run writes next to claims.jsonl): `export` reads the one beside
the claims file unless `--documents` names others. Without it, appearances
carry the doc_id only (as `identifier`) and the first-seen date from the claim.

ClaimReview-ready means: `itemReviewed` is a complete schema.org `Claim`
(text, author = the claimant, datePublished = first seen, every appearance,
firstAppearance); the review itself (`reviewRating`, the fact-checker as
`author`, the review's own `url` and `datePublished`) is what a fact-check
team fills in, so it is left out rather than faked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError
from .ingest import BadLine, jsonl_lines
from .models import Claim, DocumentResult, ErrorRecord

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DocMeta:
    doc_id: str
    url: str | None = None
    title: str | None = None
    date: str | None = None


def _read_models(path: Path, model: type[M], *, what: str) -> tuple[list[tuple[int, M]], list[ErrorRecord]]:
    """(line number, model) for every valid line of a JSONL file, plus one error per other line.

    Read in binary, line by line: a line that is not UTF-8, not JSON, nested
    too deep or with a field of the wrong type is one error; the rest is read.
    Raises OSError when the file cannot be opened.
    """
    items: list[tuple[int, M]] = []
    errors: list[ErrorRecord] = []

    def bad(n: int, kind: str, message: str) -> None:
        errors.append(ErrorRecord(path=str(path), line=n, stage="export", error=kind, message=message))

    with open(path, "rb") as fh:
        for n, line in jsonl_lines(fh):
            if isinstance(line, BadLine):
                bad(n, "EncodingError", f"not {what}: {line}")
                continue
            try:
                items.append((n, model.model_validate_json(line)))
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(x) for x in first["loc"]) or "line"
                bad(n, "ValidationError", f"not {what}: {loc}: {first['msg']}")
    return items, errors


def read_claims_lenient(path: Path) -> tuple[list[Claim], list[ErrorRecord]]:
    """Every valid line of a claims.jsonl, plus one error per bad line (the rest still export)."""
    try:
        items, errors = _read_models(path, Claim, what="a claim")
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    return [c for _, c in items], errors


def read_document_meta(paths: Iterable[Path]) -> tuple[dict[str, DocMeta], list[ErrorRecord]]:
    """documents.jsonl files (or run directories) in: doc_id -> url/title/date, plus bad-line errors."""
    meta: dict[str, DocMeta] = {}
    errors: list[ErrorRecord] = []
    for p in paths:
        p = Path(p)
        path = p / "documents.jsonl" if p.is_dir() else p
        try:
            results, bad = _read_models(path, DocumentResult, what="a document result (its url/title are unknown)")
        except OSError as e:
            errors.append(
                ErrorRecord(
                    path=str(path), stage="export", error="InputError", message=f"cannot read documents ({e.strerror})"
                )
            )
            continue
        errors.extend(bad)
        for _, r in results:
            m = DocMeta(r.doc_id, r.url, r.title, r.date)
            # The same doc_id in several files: the entry with the most metadata, then the smallest, wins.
            old = meta.get(r.doc_id)
            if old is None or _richness(m) > _richness(old) or (_richness(m) == _richness(old) and _t(m) < _t(old)):
                meta[r.doc_id] = m
    return meta, errors


def _richness(m: DocMeta) -> int:
    return sum(x is not None for x in (m.url, m.title, m.date))


def _t(m: DocMeta) -> tuple:
    return (m.url or "", m.title or "", m.date or "")


def _author(c: Claim) -> dict | None:
    s = c.speaker
    if not s.name or s.kind in ("unnamed", "unknown"):
        return None
    out: dict = {"@type": "Person" if s.kind == "person" else "Organization", "name": s.name}
    if s.role and s.kind == "person":
        out["jobTitle"] = s.role
    if s.aliases:
        out["alternateName"] = list(s.aliases)
    return out


def _appearance(doc_id: str, meta: dict[str, DocMeta]) -> dict:
    m = meta.get(doc_id, DocMeta(doc_id))
    out: dict = {"@type": "CreativeWork", "identifier": doc_id}
    if m.url:
        out["url"] = m.url
    if m.title:
        out["headline"] = m.title
    if m.date:
        out["datePublished"] = m.date
    return out


def claimreview(c: Claim, meta: dict[str, DocMeta]) -> dict:
    """One claim as a schema.org ClaimReview whose itemReviewed Claim is filled in."""
    docs = sorted({m.doc_id for m in c.mentions})
    item: dict = {"@type": "Claim", "identifier": c.claim_id, "text": c.content}
    author = _author(c)
    if author:
        item["author"] = author
    first = c.first_seen.doc_id if c.first_seen else docs[0]
    date = (c.first_seen.date if c.first_seen else None) or meta.get(first, DocMeta(first)).date
    if first not in meta:  # no documents.jsonl: the claim itself still knows its first document's date
        meta = {**meta, first: DocMeta(first, date=date)}
    if date:
        item["datePublished"] = date
    item["appearance"] = [_appearance(d, meta) for d in docs]
    item["firstAppearance"] = _appearance(first, meta)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": c.content,
        "itemReviewed": item,
    }


def to_claimreview_json(claims: list[Claim], meta: dict[str, DocMeta]) -> str:
    """A JSON array of ClaimReview objects, one per claim, in claims.jsonl order."""
    return json.dumps([claimreview(c, meta) for c in claims], ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "claim_id",
    "speaker",
    "speaker_kind",
    "speaker_role",
    "content",
    "quote_type",
    "polarity",
    "cue",
    "outlets",
    "first_seen_doc_id",
    "first_seen_date",
    "first_seen_url",
    "doc_ids",
    "urls",
    "variants",
    "denies",
    "denied_by",
]


def to_csv(claims: list[Claim], meta: dict[str, DocMeta]) -> str:
    """One spreadsheet row per claim; list cells are joined with ` | `."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for c in claims:
        docs = sorted({m.doc_id for m in c.mentions})
        first = c.first_seen.doc_id if c.first_seen else docs[0]
        w.writerow(
            [
                c.claim_id,
                c.speaker.name or "",
                c.speaker.kind,
                c.speaker.role or "",
                c.content,
                c.quote_type,
                c.polarity,
                c.cue or "",
                c.outlets,
                first,
                (c.first_seen.date if c.first_seen else None) or "",
                meta.get(first, DocMeta(first)).url or "",
                " | ".join(docs),
                " | ".join(u for u in (meta.get(d, DocMeta(d)).url for d in docs) if u),
                " | ".join(v.text for v in c.variants),
                " | ".join(c.denies),
                " | ".join(c.denied_by),
            ]
        )
    return buf.getvalue()
