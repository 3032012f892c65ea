"""Check a claims.jsonl against the output contract and, optionally, its sources."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from .contract import other_version, other_version_problem, repeated_id, schema_problems
from .ingest import BadLine, iter_documents, jsonl_lines, loads_text_line
from .models import Claim, Document


def validate_claims(path: Path, sources: list[str] | None = None) -> list[str]:
    """Return one message per problem (empty list = valid).

    Checks: every line is valid against the contract's JSON Schema file (pipeline/contract.py) and is a
    Claim; claim_ids are unique; every `denies` /
    `denied_by` target exists and links are symmetric; given `sources`, every
    mention's `text == source[start:end]` and its sentence covers it. A damaged
    line (not UTF-8, not JSON, nested too deep, a field of the wrong type) is
    one problem naming its line; the other lines are still checked.
    """
    problems: list[str] = []
    unread: dict[str, str] = {}
    texts = _source_texts(sources or [], unread)
    if sources and not texts:
        # nothing to check the mentions against: every unreadable source is then the problem
        problems.extend(f"source {line}" for line in unread.values())
        problems.append("no readable document among --source")
    try:
        claims = _read_claims(path, problems)
    except OSError as e:
        return problems + [f"{path}: cannot read ({e.strerror or e})"]
    ids: dict[str, int] = {}
    for n, c in claims:
        repeated = repeated_id(ids, c.claim_id, n)
        if repeated is not None:
            problems.append(f"{path}:{n}: {repeated}")
    by_id = {c.claim_id: c for _, c in claims}
    for n, c in claims:
        problems.extend(f"{path}:{n}: {p}" for p in _link_problems(c, by_id))
        problems.extend(f"{path}:{n}: {p}" for p in _mention_problems(c, texts, unread))
    return problems


def _source_texts(sources: list[str], unread: dict[str, str]) -> dict[str, str]:
    """doc_id -> text of the sources, read as a run with `--encoding-errors replace` reads them;
    each source that cannot be read goes into `unread` (its doc_id, or a key of its own, -> its error line). Those
    are problems only for a claim that needs them: a folder of inputs may hold a bad file the run
    refused, and no claim comes from it.

    A strict run never wrote a document whose bytes are not UTF-8, so the
    replaced reading is right for runs made either way.
    """
    texts: dict[str, str] = {}
    for n, d in enumerate(iter_documents(sources, encoding_errors="replace")):
        if isinstance(d, Document):
            texts[d.doc_id] = d.text
        else:
            unread[d.doc_id if d.doc_id is not None else f"\0{n}"] = d.one_line()
    return texts


def _read_claims(path: Path, problems: list[str]) -> list[tuple[int, Claim]]:
    """(line number, Claim) for each valid line; one problem per other line, but one for all the lines of
    another contract version (a v1 file: the same words on every line said nothing more). Raises OSError."""
    claims: list[tuple[int, Claim]] = []
    other: list[tuple[int, str]] = []  # (line, what it says of its version) of the lines of another contract
    with open(path, "rb") as fh:
        for n, line in jsonl_lines(fh):
            if isinstance(line, BadLine):
                problems.append(f"{path}:{n}: {line}")
                continue
            try:
                obj = loads_text_line(line)
            except BadLine as e:
                problems.append(f"{path}:{n}: {e}")
                continue
            if (said := other_version(obj)) is not None:  # (its other fields are another contract's too)
                other.append((n, said))
                continue
            against_schema = schema_problems(obj)
            if against_schema:  # the contract's own file (jsonschema), so consumers and we agree
                problems.extend(f"{path}:{n}: {p}" for p in against_schema)
                continue
            try:
                claims.append((n, Claim.model_validate_json(line)))
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(x) for x in first["loc"]) or "line"
                problems.append(f"{path}:{n}: {loc}: {first['msg']}")
    if other:
        problems.append(f"{path}:{other[0][0]}: {other_version_problem(other[0][1], len(other) - 1)}")
    return claims


def _link_problems(c: Claim, by_id: dict[str, Claim]) -> list[str]:
    out = []
    for target in c.denies:
        if target not in by_id:
            out.append(f"denies unknown claim {target}")
        elif c.claim_id not in by_id[target].denied_by:
            out.append(f"denies {target} but that claim has no denied_by back-link")
    out.extend(f"denied_by unknown claim {target}" for target in c.denied_by if target not in by_id)
    return out


def _mention_problems(c: Claim, texts: dict[str, str], unread: dict[str, str]) -> list[str]:
    out = []
    for k, m in enumerate(c.mentions):
        if not (0 <= m.start < m.end):
            out.append(f"mention {k}: bad offsets {m.start}..{m.end}")
            continue
        if not (m.sentence.start <= m.start and m.end <= m.sentence.end):
            out.append(f"mention {k}: sentence {m.sentence.start}..{m.sentence.end} does not cover it")
        if texts and m.doc_id in texts:
            if texts[m.doc_id][m.start : m.end] != m.text:
                out.append(f"mention {k} in {m.doc_id}: text != source[{m.start}:{m.end}]")
        elif texts:
            why = f" (source {unread[m.doc_id]})" if m.doc_id in unread else ""
            out.append(f"mention {k}: document {m.doc_id} not among --source{why}")
    return out
