"""Check a claims.jsonl against the output contract and, optionally, its sources."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from .ingest import iter_documents
from .models import Claim, Document


def validate_claims(path: Path, sources: list[str] | None = None) -> list[str]:
    """Return one message per problem (empty list = valid).

    Checks: every line is a valid Claim; claim_ids are unique; every `denies` /
    `denied_by` target exists and links are symmetric; given `sources`, every
    mention's `text == source[start:end]` and its sentence covers it.
    """
    problems: list[str] = []
    texts: dict[str, str] = {}
    for d in iter_documents(sources or []):
        if isinstance(d, Document):
            texts[d.doc_id] = d.text
        else:
            problems.append(f"source {d.one_line()}")
    claims: list[tuple[int, Claim]] = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        return [f"{path}: cannot read ({e.strerror})"]
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                claims.append((n, Claim.model_validate_json(line)))
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(x) for x in first["loc"])
                problems.append(f"{path}:{n}: {loc}: {first['msg']}")
    ids: dict[str, int] = {}
    for n, c in claims:
        if c.claim_id in ids:
            problems.append(f"{path}:{n}: claim_id {c.claim_id} repeats line {ids[c.claim_id]}")
        ids.setdefault(c.claim_id, n)
    by_id = {c.claim_id: c for _, c in claims}
    for n, c in claims:
        for target in c.denies:
            if target not in by_id:
                problems.append(f"{path}:{n}: denies unknown claim {target}")
            elif c.claim_id not in by_id[target].denied_by:
                problems.append(f"{path}:{n}: denies {target} but that claim has no denied_by back-link")
        for target in c.denied_by:
            if target not in by_id:
                problems.append(f"{path}:{n}: denied_by unknown claim {target}")
        for k, m in enumerate(c.mentions):
            if not (0 <= m.start < m.end):
                problems.append(f"{path}:{n}: mention {k}: bad offsets {m.start}..{m.end}")
                continue
            if not (m.sentence.start <= m.start and m.end <= m.sentence.end):
                problems.append(
                    f"{path}:{n}: mention {k}: sentence {m.sentence.start}..{m.sentence.end} does not cover it"
                )
            if texts and m.doc_id in texts:
                src = texts[m.doc_id]
                if src[m.start : m.end] != m.text:
                    problems.append(f"{path}:{n}: mention {k} in {m.doc_id}: text != source[{m.start}:{m.end}]")
            elif texts:
                problems.append(f"{path}:{n}: mention {k}: document {m.doc_id} not among --source")
    return problems
