"""The claims.jsonl contract: one schema file, printed by `claimex schema`, checked by `claimex validate`."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from claimex.cli import app
from claimex.contract import SCHEMA_FILE, render, schema_text
from tests.conftest import SEEDS


def test_schema_file_is_what_the_model_generates() -> None:
    assert schema_text() == render(), "pipeline/schemas/ is stale: run `make schema`"


def test_claimex_schema_prints_exactly_the_file() -> None:
    res = CliRunner().invoke(app, ["schema"])
    assert res.exit_code == 0 and res.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


def test_every_field_a_line_has_is_required_and_nothing_else_is_allowed() -> None:
    schema = json.loads(schema_text())
    Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False
    for name, sub in schema["$defs"].items():
        if sub.get("type") == "object":
            assert set(sub.get("required", ())) == set(sub["properties"]), name


def test_every_line_of_the_seeds_output_validates_with_jsonschema(tmp_path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["extract", str(SEEDS), "--out", str(out), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output
    validator = Draft202012Validator(json.loads(schema_text()))
    lines = (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for n, line in enumerate(lines, 1):
        errors = list(validator.iter_errors(json.loads(line)))
        assert errors == [], (n, [e.message for e in errors])


def test_validate_names_each_line_that_breaks_the_contract(tmp_path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(SEEDS), "--out", str(out), "--backend", "rules", "-q"])
    claims = out / "claims.jsonl"
    good = json.loads(claims.read_text(encoding="utf-8").splitlines()[0])
    missing = {k: v for k, v in good.items() if k not in ("speaker", "mentions", "outlets")}
    extra = dict(good, surprise=1)
    wrong_enum = dict(good, quote_type="paraphrase")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(json.dumps(x) for x in (good, missing, extra, wrong_enum)) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(bad)])
    assert res.exit_code == 1
    assert f"{bad}:2: (line): 'speaker' is a required property" in res.stderr
    assert f"{bad}:3: (line): Additional properties are not allowed ('surprise' was unexpected)" in res.stderr
    assert f"{bad}:4: quote_type: 'paraphrase' is not one of" in res.stderr
    assert f"{bad}:1:" not in res.stderr


def test_claim_types_of_the_contract_are_the_models() -> None:
    from typing import get_args

    from claimex.checkworthy import CLAIM_TYPES
    from claimex.models import ClaimType

    assert set(get_args(ClaimType)) == set(CLAIM_TYPES)


def test_v2_constants_and_patterns() -> None:
    schema = json.loads(schema_text())
    props = schema["properties"]
    assert props["schema_version"]["const"] == 2
    assert props["claim_id"]["pattern"] == "^[0-9a-f]{16}$"
    assert "yesterday" not in json.dumps(schema)
    first_seen = schema["$defs"]["FirstSeen"]["properties"]["date"]
    assert {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "type": "string"} in first_seen["anyOf"]
