"""What the model must answer: pydantic models, and the JSON Schemas derived from them.

The model reports speakers, cues, contents, quote types and denial links as
text copied from the article, never offsets. Every field is required (nullable
where it may be empty), which is what OpenAI's strict structured output wants.

Two fields are the model's own words, not copies (prompt v2): `statement`, the
claim as one self-contained sentence, and `claim_type`. They are asked for
like the others, but validation lets a bad one pass as None (absent, not a
string, a type outside the enum, a statement over its bound): a claim is not
re-asked for them. The backend keeps a statement only when the article backs
it (`statement.py`) and a claim type only when it is one of the enum
(`claim_type_of`); else the claim gets the rule path's bracketed statement and
the check-worthiness model's type.

Two schemas come from the same models:
- `strict_schema()` for `response_format: json_schema, strict: true`: no
  length or count bounds, which strict mode does not accept;
- `grammar_schema()` for the `json_object` fallback, sent as its `schema`
  key (llama.cpp turns it into a grammar) and shown in the prompt: it keeps
  the bounds, so a small model cannot ramble past them.
Validation (`parse_answer`) always applies the bounds (but see the two fields above).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, get_args

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from ..models import ClaimType, Polarity, QuoteType, SpeakerKind

MAX_CLAIMS = 100
MAX_CONTENT = 1000  # llama.cpp aborts on grammars with much longer bounded strings (1500 fails)
MAX_STATEMENT = MAX_CONTENT  # a grammar bound only (see the module docstring); statement.py judges length
MAX_PHRASE = 200
CLAIM_TYPES: tuple[str, ...] = get_args(ClaimType)
_BOUNDS = ("minLength", "maxLength", "minItems", "maxItems")


class AnswerClaim(BaseModel):
    """One statement as the model reports it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=16, description="c1, c2, ... unique within this answer")
    speaker: str | None = Field(
        max_length=MAX_PHRASE,
        description="who is quoted, as the article words it (e.g. 'he', 'a spokesman'); null if nobody",
    )
    speaker_name: str | None = Field(
        max_length=MAX_PHRASE, description="the speaker's full name if the article gives it, else null"
    )
    speaker_kind: SpeakerKind
    cue: str | None = Field(
        max_length=MAX_PHRASE,
        description="the words introducing the statement, copied from the article (e.g. 'said'); null if none",
    )
    content: str = Field(
        min_length=1,
        max_length=MAX_CONTENT,
        description="the statement copied exactly from the article; for direct quotes the words inside the quotation marks",
    )
    quote_type: QuoteType
    polarity: Polarity
    # Each id bounded like `id`: unbounded, a small model's grammar-led answer can run one on to the token limit.
    denies: list[Annotated[str, Field(max_length=16)]] = Field(
        max_length=10, description="ids of other claims in this answer that this one denies or disputes"
    )
    # The model's own words (prompt v2): a bad value is None here, never a reason to re-ask.
    statement: Annotated[
        str | None,
        WithJsonSchema(
            {
                "anyOf": [{"type": "string", "maxLength": MAX_STATEMENT}, {"type": "null"}],
                "description": "the claim as one sentence checkable without the article: speaker named, "
                "pronouns and references replaced by what they refer to; only names and numbers the article has",
            }
        ),
    ] = None
    claim_type: Annotated[
        str | None,
        WithJsonSchema(
            {"type": "string", "enum": list(CLAIM_TYPES), "description": "what kind of claim the content makes"}
        ),
    ] = None

    @field_validator("statement", "claim_type", mode="before")
    @classmethod
    def _not_a_string_is_none(cls, v: Any) -> Any:
        return v if isinstance(v, str) else None


class Answer(BaseModel):
    """The whole answer for one chunk of one article."""

    model_config = ConfigDict(extra="forbid")

    claims: list[AnswerClaim] = Field(max_length=MAX_CLAIMS)


def claim_type_of(value: str | None) -> ClaimType | None:
    """The model's claim type if it is one of CLAIM_TYPES (case and spacing aside), else None."""
    v = (value or "").strip().lower()
    return v if v in CLAIM_TYPES else None  # type: ignore[return-value]


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Resolve local `$ref`s (servers differ in $ref support), drop titles and defaults."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        out = {}
        for k, v in node.items():
            if k in ("title", "default", "$defs"):
                continue
            out[k] = _inline(v, defs) if k != "properties" else {p: _inline(s, defs) for p, s in v.items()}
        if out.get("type") == "object":
            out["additionalProperties"] = False
            out["required"] = list(out.get("properties", {}))
        return out
    if isinstance(node, list):
        return [_inline(x, defs) for x in node]
    return node


def _strip_bounds(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_bounds(v) for k, v in node.items() if k not in _BOUNDS}
    if isinstance(node, list):
        return [_strip_bounds(x) for x in node]
    return node


def grammar_schema() -> dict:
    """The answer schema with its bounds (json_object mode, the prompt, validation)."""
    raw = Answer.model_json_schema()
    return _inline(raw, raw.get("$defs", {}))


def strict_schema() -> dict:
    """The answer schema as OpenAI's strict json_schema mode accepts it (no bounds)."""
    return _strip_bounds(grammar_schema())


def schema_json(schema: dict) -> str:
    """Canonical compact JSON of a schema (what goes into the prompt and the cache key)."""
    return json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_answer(content: str | None) -> Answer:
    """The model's message text in, a validated Answer out.

    Raises ValueError (invalid JSON, JSON nested too deep or with a number too large to load, empty
    answer) or pydantic's
    ValidationError; the caller re-asks with that error.
    """
    if content is None or not content.strip():
        raise ValueError("the answer was empty; reply with one JSON object")
    text = content.strip()
    # Some servers wrap JSON in a Markdown fence even in JSON mode.
    if text.startswith("```"):
        text = text.strip("`")
        text = text[4:] if text.lower().startswith("json") else text
    try:
        # strict=False: a raw newline or tab inside a string is read as that character. Servers whose
        # grammar lets one through (llama-cpp-python's does) would otherwise see a whole answer re-asked.
        data = json.loads(text, strict=False)
    except json.JSONDecodeError as e:
        raise ValueError(f"the answer is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    except RecursionError:  # (a hostile or broken server's answer must not fail the document as a bug)
        raise ValueError("the answer is JSON that cannot be loaded: nested too deep") from None
    except ValueError as e:  # an integer over sys.get_int_max_str_digits() digits
        raise ValueError(f"the answer is JSON that cannot be loaded: number too large ({e})") from None
    return Answer.model_validate(data)


def describe_error(e: Exception, limit: int = 6) -> str:
    """A short, model-readable account of why an answer was rejected."""
    errors = getattr(e, "errors", None)
    if callable(errors):
        lines = []
        for err in errors()[:limit]:
            loc = ".".join(str(x) for x in err.get("loc", ())) or "(root)"
            lines.append(f"- {loc}: {err.get('msg')}")
        return "\n".join(lines)
    return str(e)
