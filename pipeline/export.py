"""`claimex export`: claims.jsonl in; schema.org `Claim` JSON-LD, `ClaimReview` JSON-LD, or CSV out.

Three formats, each fit for where it goes:

- `claim` (the default): one schema.org `Claim` per claim (`@id`, `text`,
  `author` = the claimant as a Person or Organization, `datePublished` = first
  seen, every `appearance` as a CreativeWork with `url`, `headline`,
  `publisher` and `datePublished`, and `firstAppearance`). What the pipeline
  knows; nothing is claimed about truth.
- `claimreview`: only for claims a fact-checker has reviewed. The reviews
  come from a JSONL file (`claim_id`, `rating`, `url`, `author`, optional
  `date`) and every property Google's ClaimReview guidelines require is
  filled from it: `claimReviewed`, `reviewRating` (a `Rating` with the textual
  verdict as `alternateName`, and `ratingValue`/`bestRating`/`worstRating`
  when the rating is numeric), `url` (the fact-check article); recommended
  `author` (the fact-checker) and `itemReviewed` (the `Claim` above). A review
  line that names an unknown claim or lacks a required field is one error;
  the other reviews are exported.
- `csv`: one row per claim for spreadsheets. Embedded newlines are quoted,
  cells that a spreadsheet would run as a formula (starting with `=`, `+`,
  `-`, `@`, tab or carriage return) get a leading `'`, and `excel=True` adds a
  UTF-8 byte-order mark so Excel reads the file as UTF-8.

Document URLs, titles, dates and publishers come from the claims themselves
when their mentions carry them (claims.jsonl v2: a mention's `source`, `url`,
`title`; a claim's `publishers`), else from a documents.jsonl (the per-document
results every run writes next to claims.jsonl, or `--documents`). Without
either, an appearance carries the doc_id only (as `identifier`).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .contract import other_version, other_version_problem, repeated_id
from .errors import InputError
from .ingest import BadLine, jsonl_lines, loads_text_line
from .models import Claim, DocumentResult, ErrorRecord, Mention

M = TypeVar("M", bound=BaseModel)

CLAIM_ID_PREFIX = "urn:claimex:claim:"  # a claim's JSON-LD @id: an IRI that names it wherever it is exported


@dataclass(frozen=True)
class DocMeta:
    doc_id: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None  # the publisher's name (the outlet)


@dataclass(frozen=True)
class ExportClaim:
    """A claims.jsonl line: the v1 `Claim`, plus what a v2 line adds (when present)."""

    claim: Claim
    docs: dict[str, DocMeta] = field(default_factory=dict)  # from the mentions' own source/url/title
    publishers: tuple[str, ...] = ()
    statement: str | None = None


# ----------------------------------------------------------------- reading
def _strip_unknown(obj: dict, model: type[BaseModel]) -> dict:
    """obj without the keys `model` does not know (a newer contract's additions are read separately)."""
    return {k: v for k, v in obj.items() if k in model.model_fields}


def _str_or_none(v: object) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _read_lines(path: Path, build: Any, *, what: str) -> tuple[list[tuple[int, Any]], list[ErrorRecord]]:
    """(line number, build(object)) for every valid line of a JSONL file, plus one error per other line.

    Read in binary, line by line: a line that is not UTF-8, not JSON, nested
    too deep, not an object or with a field of the wrong type is one error;
    the rest is read. Raises OSError when the file cannot be opened.
    """
    items: list[tuple[int, Any]] = []
    errors: list[ErrorRecord] = []

    def bad(n: int, kind: str, message: str) -> None:
        errors.append(ErrorRecord(path=str(path), line=n, stage="export", error=kind, message=message))

    with open(path, "rb") as fh:
        for n, line in jsonl_lines(fh):
            try:
                if isinstance(line, BadLine):
                    raise line
                obj = loads_text_line(line)
            except BadLine as e:
                bad(n, "EncodingError" if "UTF-8" in str(e) else "JSONError", f"not {what}: {e}")
                continue
            if not isinstance(obj, dict):
                bad(n, "ValidationError", f"not {what}: expected a JSON object, got {type(obj).__name__}")
                continue
            try:
                items.append((n, build(obj)))
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(x) for x in first["loc"]) or "line"
                bad(n, "ValidationError", f"not {what}: {loc}: {first['msg']}")
    return items, errors


def _claim_from(obj: dict) -> ExportClaim:
    """One claims.jsonl object as an ExportClaim; raises ValidationError on a wrong field (a v1 line is
    set aside before: `_claim_or_version`)."""
    raw_mentions = obj.get("mentions")
    docs: dict[str, DocMeta] = {}
    if isinstance(raw_mentions, list):
        mentions = []
        for m in raw_mentions:
            if isinstance(m, dict):
                d = m.get("doc_id")
                extra = {k: _str_or_none(m.get(k)) for k in ("source", "url", "title")}
                if isinstance(d, str) and any(extra.values()) and d not in docs:
                    docs[d] = DocMeta(d, url=extra["url"], title=extra["title"], source=extra["source"])
                m = _strip_unknown(m, Mention)
            mentions.append(m)
        obj = {**obj, "mentions": mentions}
    claim = Claim.model_validate(_strip_unknown(obj, Claim))
    pubs = obj.get("publishers")
    publishers: list[str] = []
    for p in pubs if isinstance(pubs, list) else []:
        name = _str_or_none(p) or (_str_or_none(p.get("name")) if isinstance(p, dict) else None)
        if name and name not in publishers:
            publishers.append(name)
    return ExportClaim(claim, docs, tuple(publishers), _str_or_none(obj.get("statement")))


@dataclass(frozen=True)
class _OtherVersion:
    """A line of another contract version (a v1 claims.jsonl's): `said` is what it says of its version."""

    said: str


def _claim_or_version(obj: dict) -> ExportClaim | _OtherVersion:
    """`_claim_from`, but a line of another contract version is set aside whole, to be said once for the
    file (its schema_version alone made one ValidationError per line, none saying what to do)."""
    said = other_version(obj)
    return _OtherVersion(said) if said is not None else _claim_from(obj)


def read_claims_lenient(path: Path) -> tuple[list[ExportClaim], list[ErrorRecord]]:
    """Every valid line of a claims.jsonl (v2, with its extra fields), plus one error per bad line, and
    one (at the first of them) for all the lines of another contract version.

    A claim_id seen on an earlier line is an error and that line is skipped: exported twice it would
    be two JSON-LD nodes of one @id (merged into one by a JSON-LD processor) and two CSV rows.
    """
    try:
        items, errors = _read_lines(path, _claim_or_version, what="a claim")
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    other = [(n, c.said) for n, c in items if isinstance(c, _OtherVersion)]
    if other:
        message = f"not a claim: {other_version_problem(other[0][1], len(other) - 1)}"
        errors.append(
            ErrorRecord(path=str(path), line=other[0][0], stage="export", error="SchemaVersion", message=message)
        )
    claims: list[ExportClaim] = []
    first_line: dict[str, int] = {}
    for n, c in items:
        if isinstance(c, _OtherVersion):
            continue
        repeated = repeated_id(first_line, c.claim.claim_id, n)
        if repeated is not None:
            message = f"{repeated}; line skipped"
            errors.append(ErrorRecord(path=str(path), line=n, stage="export", error="DuplicateId", message=message))
            continue
        claims.append(c)
    errors.sort(key=lambda e: e.line or 0)  # (one list in file order, whatever found each problem)
    return claims, errors


def _doc_meta_from(obj: dict) -> DocMeta:
    r = DocumentResult.model_validate(_strip_unknown(obj, DocumentResult))
    return DocMeta(r.doc_id, r.url, r.title, r.date, _str_or_none(obj.get("source")))


def read_document_meta(paths: Iterable[Path]) -> tuple[dict[str, DocMeta], list[ErrorRecord]]:
    """documents.jsonl files (or run directories) in: doc_id -> url/title/date/source, plus bad-line errors."""
    meta: dict[str, DocMeta] = {}
    errors: list[ErrorRecord] = []
    for p in paths:
        p = Path(p)
        path = p / "documents.jsonl" if p.is_dir() else p
        try:
            results, bad = _read_lines(path, _doc_meta_from, what="a document result (its url/title are unknown)")
        except OSError as e:
            errors.append(
                ErrorRecord(
                    path=str(path), stage="export", error="InputError", message=f"cannot read documents ({e.strerror})"
                )
            )
            continue
        errors.extend(bad)
        for _, m in results:
            # The same doc_id in several files: the entry with the most metadata, then the smallest, wins.
            old = meta.get(m.doc_id)
            if old is None or _richness(m) > _richness(old) or (_richness(m) == _richness(old) and _t(m) < _t(old)):
                meta[m.doc_id] = m
    return meta, errors


def _richness(m: DocMeta) -> int:
    return sum(x is not None for x in (m.url, m.title, m.date, m.source))


def _t(m: DocMeta) -> tuple:
    return (m.url or "", m.title or "", m.date or "", m.source or "")


def _doc(c: ExportClaim, doc_id: str, meta: dict[str, DocMeta]) -> DocMeta:
    """What is known of one document of a claim: the claim's own mention fields first, then documents.jsonl."""
    own, other = c.docs.get(doc_id), meta.get(doc_id)
    if own is None:
        return other or DocMeta(doc_id)
    if other is None:
        return own
    return DocMeta(
        doc_id,
        url=own.url or other.url,
        title=own.title or other.title,
        date=own.date or other.date,
        source=own.source or other.source,
    )


# ------------------------------------------------------------ schema.org Claim
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


def _appearance(m: DocMeta) -> dict:
    out: dict = {"@type": "CreativeWork", "identifier": m.doc_id}
    if m.url:
        out["url"] = m.url
    if m.title:
        out["headline"] = m.title
    if m.source:
        out["publisher"] = {"@type": "Organization", "name": m.source}
    if m.date:
        out["datePublished"] = m.date
    return out


def claim_id_iri(claim_id: str) -> str:
    return CLAIM_ID_PREFIX + claim_id


def claim_jsonld(ec: ExportClaim, meta: dict[str, DocMeta], *, context: bool = True) -> dict:
    """One claim as a schema.org `Claim` node (with `@context` unless it is nested in another node)."""
    c = ec.claim
    docs = sorted({m.doc_id for m in c.mentions})
    first = c.first_seen.doc_id if c.first_seen else docs[0]
    first_meta = _doc(ec, first, meta)
    date = (c.first_seen.date if c.first_seen else None) or first_meta.date
    if first_meta.date is None and date:  # no documents.jsonl: the claim still knows its first document's date
        first_meta = DocMeta(first, first_meta.url, first_meta.title, date, first_meta.source)
    item: dict = {"@context": "https://schema.org"} if context else {}
    item.update({"@type": "Claim", "@id": claim_id_iri(c.claim_id), "identifier": c.claim_id, "text": c.content})
    if ec.statement:
        item["name"] = ec.statement
    author = _author(c)
    if author:
        item["author"] = author
    if date:
        item["datePublished"] = date
    item["appearance"] = [_appearance(first_meta if d == first else _doc(ec, d, meta)) for d in docs]
    item["firstAppearance"] = _appearance(first_meta)
    return item


def to_claim_json(claims: list[ExportClaim], meta: dict[str, DocMeta]) -> str:
    """A JSON-LD array of schema.org `Claim` nodes, one per claim, in claims.jsonl order."""
    return json.dumps([claim_jsonld(c, meta) for c in claims], ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------ ClaimReview
@dataclass(frozen=True)
class Review:
    """One fact-checker's review of one claim, as a reviews file line gives it (already checked)."""

    claim_id: str
    rating: dict  # a schema.org Rating
    url: str
    author: dict  # a schema.org Organization or Person
    date: str | None = None
    line: int = 0


REVIEWS_FORMAT = (
    '{"claim_id": "...", "rating": "False" or {"alternateName": "False", "ratingValue": 1, '
    '"bestRating": 5, "worstRating": 1}, "url": "https://your.site/fact-check", '
    '"author": "Your Org" or {"name": "...", "url": "...", "@type": "Organization"}, "date": "YYYY-MM-DD"}'
)


class _BadReview(ValueError):
    pass


def _number(v: object, what: str) -> float | int:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise _BadReview(f"rating {what} must be a number")
    try:
        x = float(v)
    except ValueError:
        raise _BadReview(f"rating {what} must be a number, not {v!r}") from None
    if not math.isfinite(x):
        raise _BadReview(f"rating {what} must be a finite number")
    return int(x) if x == int(x) else x


def parse_rating(v: object) -> dict:
    """A reviews-file `rating` as a schema.org Rating; raises _BadReview saying what is wrong.

    Google shows the textual verdict (`alternateName`), so it is required; a
    numeric `ratingValue` needs its scale (`bestRating` > `worstRating` >= 1)
    and must lie on it.
    """
    if isinstance(v, str):
        v = {"alternateName": v}
    if not isinstance(v, dict):
        raise _BadReview('rating must be a textual verdict ("False") or an object with alternateName')
    name = _str_or_none(v.get("alternateName")) or _str_or_none(v.get("name"))
    if not name:
        raise _BadReview('rating lacks alternateName, the textual verdict Google shows (e.g. "False")')
    out: dict = {"@type": "Rating", "alternateName": name}
    if v.get("ratingValue") is not None:
        value = _number(v["ratingValue"], "ratingValue")
        if v.get("bestRating") is None or v.get("worstRating") is None:
            raise _BadReview("a numeric ratingValue needs bestRating and worstRating (the scale)")
        best, worst = _number(v["bestRating"], "bestRating"), _number(v["worstRating"], "worstRating")
        if not 1 <= worst < best:
            raise _BadReview(f"rating scale {worst}..{best}: worstRating must be at least 1 and below bestRating")
        if not worst <= value <= best:
            raise _BadReview(f"ratingValue {value} is outside the scale {worst}..{best}")
        out.update({"ratingValue": value, "bestRating": best, "worstRating": worst})
    for key in ("ratingExplanation", "image"):
        if _str_or_none(v.get(key)):
            out[key] = v[key]
    return out


def _parse_author(v: object) -> dict:
    if isinstance(v, str) and v.strip():
        return {"@type": "Organization", "name": v.strip()}
    if isinstance(v, dict):
        kind = v.get("@type") or v.get("type") or "Organization"
        if kind not in ("Organization", "Person"):
            raise _BadReview(f"author type must be Organization or Person, not {kind!r}")
        out: dict = {"@type": kind}
        for key in ("name", "url"):
            if _str_or_none(v.get(key)):
                out[key] = v[key].strip()
        if "name" in out:
            return out
    raise _BadReview("author (the fact-checker) must be a name or an object with a name")


def _review_from(obj: dict, n: int, known: set[str]) -> Review:
    missing = [k for k in ("claim_id", "rating", "url", "author") if obj.get(k) in (None, "")]
    if missing:
        raise _BadReview(f"lacks {', '.join(missing)} (each review needs claim_id, rating, url, author)")
    cid = obj["claim_id"]
    if not isinstance(cid, str) or cid not in known:
        raise _BadReview(f"claim_id {cid!r} is not in the claims file")
    url = obj["url"]
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise _BadReview(f"url {url!r} is not an http(s) URL of the fact-check article")
    date = _review_date(obj.get("date", obj.get("datePublished")))
    return Review(cid, parse_rating(obj["rating"]), url, _parse_author(obj["author"]), date, n)


# schema.org's datePublished: an ISO 8601 date, or a date-time (`T`, seconds, fraction and zone optional)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _review_date(v: object) -> str | None:
    """A review line's `date` as given, when it is one schema.org takes (None or "": no date); raises
    _BadReview otherwise: published as it is, `yesterday` or `5/3/2020` would make the ClaimReview invalid."""
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _BadReview("date must be a string (YYYY-MM-DD)")
    try:
        if not _ISO_DATE.fullmatch(v):
            raise ValueError
        datetime.datetime.fromisoformat(v)  # (a calendar date: not 2020-02-30)
    except ValueError:
        raise _BadReview(f"date {v!r} is not an ISO date (YYYY-MM-DD, or a date-time 2020-03-05T10:00:00Z)") from None
    return v


def read_reviews(path: Path, claim_ids: Iterable[str]) -> tuple[list[Review], list[ErrorRecord]]:
    """The reviews file: one Review per good line; one error (path:line) per line that cannot be one.

    Raises InputError when the file cannot be opened.
    """
    known = set(claim_ids)
    reviews: list[Review] = []
    errors: list[ErrorRecord] = []
    seen: set[tuple[str, str]] = set()

    def bad(n: int, kind: str, message: str) -> None:
        errors.append(ErrorRecord(path=str(path), line=n, stage="export", error=kind, message=message))

    try:
        fh = open(path, "rb")
    except OSError as e:
        raise InputError(str(path), f"cannot read the reviews file ({e.strerror or e})") from None
    with fh:
        for n, line in jsonl_lines(fh):
            try:
                if isinstance(line, BadLine):
                    raise line
                obj = loads_text_line(line)
            except BadLine as e:
                bad(n, "ReviewError", f"not a review: {e}")
                continue
            if not isinstance(obj, dict):
                bad(n, "ReviewError", f"not a review: expected a JSON object, got {type(obj).__name__}")
                continue
            try:
                r = _review_from(obj, n, known)
            except _BadReview as e:
                bad(n, "ReviewError", f"{e}; review skipped")
                continue
            if (r.claim_id, r.url) in seen:
                bad(n, "ReviewError", f"claim {r.claim_id} already has a review at {r.url}; duplicate skipped")
                continue
            seen.add((r.claim_id, r.url))
            reviews.append(r)
    return reviews, errors


def claimreview(ec: ExportClaim, review: Review, meta: dict[str, DocMeta]) -> dict:
    """One reviewed claim as a schema.org ClaimReview: Google's required and recommended properties."""
    out: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review.url,
        "claimReviewed": ec.claim.content,
        "reviewRating": review.rating,
        "author": review.author,
    }
    if review.date:
        out["datePublished"] = review.date
    out["itemReviewed"] = claim_jsonld(ec, meta, context=False)
    return out


def to_claimreview_json(claims: list[ExportClaim], reviews: list[Review], meta: dict[str, DocMeta]) -> str:
    """A JSON-LD array of ClaimReview objects, one per review, in the reviews file's order."""
    by_id = {c.claim.claim_id: c for c in claims}
    out = [claimreview(by_id[r.claim_id], r, meta) for r in reviews if r.claim_id in by_id]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# -------------------------------------------------------------------- CSV
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
    "publishers",
    "first_seen_doc_id",
    "first_seen_date",
    "first_seen_url",
    "doc_ids",
    "urls",
    "variants",
    "denies",
    "denied_by",
    # added after the columns above, so a reader that goes by position keeps working
    "statement",
    "claim_type",
    "checkworthiness",
    "confidence",
]

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def guard_cell(value: object) -> str:
    """A cell as text that no spreadsheet runs as a formula: a leading `'` before a formula character."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(FORMULA_START) else s


def to_csv(claims: list[ExportClaim], meta: dict[str, DocMeta], *, excel: bool = False) -> str:
    """One spreadsheet row per claim; list cells are joined with ` | `; every cell guarded (`guard_cell`).

    Cells with commas, quotes or newlines are quoted (csv.QUOTE_MINIMAL), rows
    end with CRLF (RFC 4180); `excel` puts a UTF-8 byte-order mark first.
    """
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for ec in claims:
        c = ec.claim
        docs = sorted({m.doc_id for m in c.mentions})
        first = c.first_seen.doc_id if c.first_seen else docs[0]
        metas = [_doc(ec, d, meta) for d in docs]
        publishers = list(ec.publishers) or sorted({m.source for m in metas if m.source})
        row = [
            c.claim_id,
            c.speaker.name or "",
            c.speaker.kind,
            c.speaker.role or "",
            c.content,
            c.quote_type,
            c.polarity,
            c.cue or "",
            c.outlets,
            " | ".join(publishers),
            first,
            (c.first_seen.date if c.first_seen else None) or "",
            _doc(ec, first, meta).url or "",
            " | ".join(docs),
            " | ".join(m.url for m in metas if m.url),
            " | ".join(v.text for v in c.variants),
            " | ".join(c.denies),
            " | ".join(c.denied_by),
            c.statement,
            c.claim_type,
            c.checkworthiness,
            c.confidence,
        ]
        w.writerow([guard_cell(x) for x in row])
    return (BOM if excel else "") + buf.getvalue()
