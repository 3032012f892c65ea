"""The claims.jsonl contract as a JSON Schema file, and the check of lines against it.

The schema is generated from the `Claim` model in serialization mode (every field a line always has is
required; enums closed; `schema_version` a constant; `claim_id` a pattern; dates ISO dates) and shipped as
`pipeline/schemas/claims.v<N>.schema.json`. `claimex schema` prints that file, `claimex validate` checks
lines against it with `jsonschema`, and a test fails when the file and the model differ
(`make schema` rewrites it).
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import SCHEMA_VERSION, Claim

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / f"claims.v{SCHEMA_VERSION}.schema.json"
SCHEMA_ID = f"https://claimex.invalid/schemas/claims.v{SCHEMA_VERSION}.schema.json"


def generate() -> dict[str, Any]:
    """The JSON Schema of one claims.jsonl line, from the `Claim` model."""
    schema = Claim.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"claimex claims.jsonl line, contract v{SCHEMA_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render() -> str:
    """The schema file's text: indented JSON, sorted as generated, one trailing newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The shipped schema file, exactly as `claimex schema` prints it."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(json.loads(schema_text()), format_checker=FormatChecker())


def schema_problems(obj: object) -> list[str]:
    """One message per way `obj` (a parsed line) breaks the schema, each naming the field's path."""
    out = []
    for e in sorted(_validator().iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path]):
        where = ".".join(str(p) for p in e.absolute_path) or "(line)"
        out.append(f"{where}: {e.message[:300]}")
    return out


def repeated_id(first: dict[str, int], claim_id: str, line: int) -> str | None:
    """`claim_id X repeats line N` when an earlier line of the file gave `claim_id` (`first` maps each id to
    its first line), else None, recording `line` as the id's first. Every reader of claims.jsonl says it so:
    a file given twice, or two runs concatenated, would count each claim twice."""
    if claim_id in first:
        return f"claim_id {claim_id} repeats line {first[claim_id]}"
    first[claim_id] = line
    return None


def other_version(obj: object, *, required: bool = False) -> str | None:
    """What a parsed claims.jsonl line says of its contract when that is not the one claimex reads
    (`schema_version 1`: a v1 run's line), or None. Left to the other checks (None): a line that is no
    object, and one that says no schema_version unless `required` (a `--previous` run must say it)."""
    if not isinstance(obj, dict):
        return None
    if "schema_version" not in obj:
        return "no schema_version" if required else None
    said = obj["schema_version"]
    if said == SCHEMA_VERSION and not isinstance(said, bool):
        return None
    return f"schema_version {json.dumps(said, ensure_ascii=False)[:40]}"


def other_version_problem(said: str, more: int = 0) -> str:
    """The one sentence every command that reads claims.jsonl says of a line of another contract (`said`:
    `other_version`'s words) and of `more` lines like it, with how to bring the run forward."""
    also = f" (and {more} more line(s))" if more else ""
    return (
        f"{said}{also}, but claimex reads schema_version {SCHEMA_VERSION} only: rebuild that run with this claimex "
        "(claimex extract over its articles again, or claimex merge RUN --out NEW over its documents.jsonl)"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        SCHEMA_FILE.parent.mkdir(exist_ok=True)
        SCHEMA_FILE.write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
