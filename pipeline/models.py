"""Frozen data models that flow between the pipeline stages.

ingest -> Document
segment -> SegmentedDocument
extract -> ExtractedMention (what a backend says: no trusted offsets)
resolve speakers -> ExtractedMention with a resolved Speaker
ground -> Mention (offsets computed from the source text)
merge -> Claim
emit -> claims.jsonl / errors.jsonl / run.json

Every model is immutable; stages return new objects instead of editing old ones.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 2  # README "claims.jsonl contract": what changed from v1 and how a v1 reader reads v2

SpeakerKind = Literal["person", "organization", "group", "unnamed", "unknown"]
QuoteType = Literal["direct", "indirect", "mixed"]
Polarity = Literal["assertion", "denial"]
# pipeline/checkworthy/types.py CLAIM_TYPES (a test keeps the two equal)
ClaimType = Literal["fragment", "quantity", "prediction", "causal", "opinion", "event", "other"]
ClaimId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]  # textnorm.stable_id: 16 hex digits
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]  # ingest keeps only calendar dates


def _is_none(value: object) -> bool:
    """True for None: a field written only when set (`Field(exclude_if=...)`)."""
    return value is None


class Frozen(BaseModel):
    # serialization-mode JSON Schema marks every field required: a written line always has them all
    # (allow_inf_nan: NaN and Infinity are no JSON; a run file holding one is a damaged line, not a number)
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True, allow_inf_nan=False
    )


# ------------------------------------------------------------------ ingest
class Document(Frozen):
    """One article, its text exactly as read (no newline translation)."""

    doc_id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    path: str = "-"
    line: int | None = None
    warnings: tuple[ErrorRecord, ...] = ()  # found while reading (BadDate): errors.jsonl lines, not failures


# ----------------------------------------------------------------- segment
class Span(Frozen):
    start: int
    end: int


class QuoteSpan(Frozen):
    """A stretch of quoted text inside one paragraph.

    `start`/`end` include the quotation marks that are present; `inner_*`
    exclude them. A quote that runs on into the next paragraph has
    `closed=False`; `group` numbers the whole (possibly multi-paragraph)
    quotation the piece belongs to.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    opened: bool = True
    group: int
    paragraph: int


class SegmentedDocument(Frozen):
    doc: Document
    body_start: int = 0  # first offset after a leading ` date VALUE ` header (ingest.date_header)
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    quotes: tuple[QuoteSpan, ...]

    @property
    def text(self) -> str:
        return self.doc.text


# ----------------------------------------------------------------- extract
class Speaker(Frozen):
    """Who made a statement: the `name` the article gives (None when it gives none), its `kind`
    (person, organization, group, unnamed such as "a source", or unknown), the `role` it states
    ("the Home Secretary") and the other forms of the name seen in the batch (`aliases`)."""

    name: str | None = None
    kind: SpeakerKind = "unknown"
    role: str | None = None
    aliases: tuple[str, ...] = ()


class ExtractedMention(Frozen):
    """What an extractor backend reports for one statement in one document.

    Offsets here are only hints (`content_hint`, `speaker_hint`): the ground
    stage recomputes every offset from the source text and drops mentions it
    cannot find.
    """

    local_id: str
    content: str
    speaker_text: str | None = None
    speaker: Speaker = Speaker()
    cue: str | None = None
    quote_type: QuoteType = "direct"
    polarity: Polarity = "assertion"
    denies: tuple[str, ...] = ()  # local_ids of mentions in the same document
    content_hint: int | None = None
    speaker_hint: int | None = None
    # Where the content must be (start, end): an LLM's chunk, which is all the model saw; None: anywhere.
    content_window: tuple[int, int] | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    rule: str | None = None  # the pattern that made it (rules) or the backend's name (llm): provenance
    # The backend's own wording (LLM backend): a self-contained statement the article backs
    # (pipeline/llm/statement.py) and a claim type; None for the rules, which the merge writes itself.
    statement: str | None = None
    claim_type: ClaimType | None = None


class ExtractorInfo(Frozen):
    # "mixed" (claims only): its mentions come from LLM and rule (fallback) documents; see claim_extractor
    backend: Literal["rules", "llm", "mixed"]
    version: str
    model: str | None = None
    prompt_version: str | None = None


# ------------------------------------------------------------------ ground
class MentionSentence(Frozen):
    start: int
    end: int


class Mention(Frozen):
    """A grounded mention: `text == document.text[start:end]`, always."""

    doc_id: str
    start: int
    end: int
    text: str
    speaker_text: str | None = None
    cue: str | None = None
    sentence: MentionSentence
    rule: str | None = None  # which rule (or backend) produced it; `claimex eval --by-rule` scores each
    source: str | None = None  # the input document's publisher; `Claim.outlets` counts distinct ones
    url: str | None = None  # the input document's url
    title: str | None = None  # the input document's title
    # The measured precision of `rule` on PolNeAR train (rules backend; README "claims.jsonl contract"),
    # or the LLM backend's own value.
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Lead(Frozen):
    """The source's words that give an infinitive content, or one that is the cue's object, its subject
    (`claimtext.find_lead`).

    In `Ms Patel had tried to move him`, content `to move him`: subject `Ms Patel`, words `had tried`,
    the speaker is the subject. In `Relations were said to have soured`: subject `relations` (lower
    cased when the document writes the word in lower case elsewhere), words `were said`, the speaker
    (unnamed) is not. In `Ms Patel denied the claims`, content `the claims`: subject `Ms Patel`, words
    `denied`, `of_object`.
    """

    subject: str
    words: str
    speaker_is_subject: bool
    of_object: bool = False  # the content is the cue's object (`claimtext.OBJECT_RULES`), not an infinitive
    # the content opens with its verb, its subject before the frame that interrupts the sentence
    # (`Her countrymen, she said, should not listen`: subject `Her countrymen`, no words; `fronted_lead`)
    fronted: bool = False


class GroundedMention(Frozen):
    """A mention with everything the merge stage needs, but no article text."""

    local_id: str
    mention: Mention
    speaker: Speaker
    quote_type: QuoteType
    polarity: Polarity
    denies: tuple[str, ...] = ()
    confidence: float
    extractor: ExtractorInfo
    doc_date: str | None = None
    # Words of the mention's text the document resolves: (start, end, name), offsets into `mention.text`.
    clarifications: tuple[tuple[int, int, str], ...] = ()
    # ExtractedMention's `statement` and `claim_type` (LLM backend), carried to the merge. Written to
    # documents.jsonl (and the journal) only when set, so the rules' lines keep their shape.
    # (`exclude_if`, not a wrap serializer: that made the journal's lines 3x as slow to write.)
    statement: str | None = Field(default=None, exclude_if=_is_none)
    claim_type: ClaimType | None = Field(default=None, exclude_if=_is_none)
    # An infinitive or object content's subject and the words before it (`claimtext.find_lead`); written
    # only when set.
    lead: Lead | None = Field(default=None, exclude_if=_is_none)
    # True when the content opens with a common word capitalised only because it opens a sentence
    # (`claimtext.common_opening`): "According to X, bonuses were …", not "Bonuses were …". Written
    # only when set.
    common_opening: bool | None = Field(default=None, exclude_if=_is_none)
    # True when the document prints "the" before the speaker phrase, which the phrase and the resolved
    # name drop (`The European Commission said`): "According to the European Commission", not "According
    # to European Commission" (`claimtext.printed_after_the`). Written only when set.
    speaker_article: bool | None = Field(default=None, exclude_if=_is_none)


class DocumentResult(Frozen):
    """Everything one document contributed: the unit of journaling and merging."""

    doc_id: str
    path: str
    # sha256 of the document's text (UTF-8): tells two documents of one doc_id apart without keeping the
    # text (`--previous`); None in results written before claimex recorded it
    text_sha256: str | None = None
    date: str | None = None
    url: str | None = None
    title: str | None = None
    mentions: tuple[GroundedMention, ...] = ()
    extracted: int = 0
    ungrounded: int = 0
    extractor: ExtractorInfo
    fallback: bool = False
    warnings: tuple[ErrorRecord, ...] = ()  # lines for errors.jsonl that are not failures (NotEnglish)
    seconds: dict[str, float] = {}

    @model_validator(mode="after")
    def _mentions_of_this_document(self) -> DocumentResult:
        """Each mention belongs to this document and its offsets span its text: a damaged
        documents.jsonl line fails here, and `claimex merge` reports it, instead of publishing
        claims whose offsets point nowhere."""
        for g in self.mentions:
            m = g.mention
            if m.doc_id != self.doc_id:
                raise ValueError(f"mention {g.local_id} is of document {m.doc_id!r}, not {self.doc_id!r}")
            if m.start < 0 or m.end - m.start != len(m.text):
                raise ValueError(
                    f"mention {g.local_id}: offsets {m.start}..{m.end} do not span its text ({len(m.text)} characters)"
                )
        return self


# ------------------------------------------------------------------- merge
class FirstSeen(Frozen):
    doc_id: str
    date: IsoDate | None = None


class Variant(Frozen):
    text: str
    doc_ids: tuple[str, ...]


class Link(Frozen):
    """A denial relation between two claims, with the evidence that ties them."""

    relation: Literal["denies", "denied_by"]
    claim_id: ClaimId
    doc_id: str
    evidence: str | None = None
    stated: bool = True
    reason: str | None = None  # for an inferred link: the rule that made it, in words


class Claim(Frozen):
    """One line of claims.jsonl: a statement, who made it and how, merged across every mention of it in
    the batch (`mentions`, each grounded by offsets in its document), with what a fact-check queue
    sorts and filters on (`checkworthiness`, `claim_type`, `confidence`, `outlets`). README "Outputs"
    describes every field; `claimex schema` prints this model as JSON Schema."""

    schema_version: Literal[2] = 2
    claim_id: ClaimId
    speaker: Speaker
    content: str  # the statement's words: no enclosing or unbalanced quotation marks, white space folded
    statement: str  # one self-contained sentence: the speaker named, references resolved in [brackets]
    quote_type: QuoteType
    cue: str | None = None
    polarity: Polarity
    claim_type: ClaimType  # claimex.checkworthy.CLAIM_TYPES ("fragment": nothing to check)
    checkworthiness: float = Field(ge=0.0, le=1.0)  # checkworthy.score of `content` (merge/claims.py `wording`)
    denies: tuple[ClaimId, ...] = ()
    denied_by: tuple[ClaimId, ...] = ()
    links: tuple[Link, ...] = ()
    mentions: tuple[Mention, ...] = Field(min_length=1)  # every claim is grounded by at least one
    variants: tuple[Variant, ...] = ()
    first_seen: FirstSeen | None = None
    outlets: int = 1  # distinct publishers (`source`); a document without one counts as its own
    publishers: tuple[str, ...] = ()  # the distinct `source`s of its mentions, sorted
    extractor: ExtractorInfo
    confidence: float = Field(ge=0.0, le=1.0)
    # the previous run's claim ids this claim absorbed (only with --previous; README "Queues")
    replaces: tuple[str, ...] = ()


# -------------------------------------------------------------------- emit
class ErrorRecord(Frozen):
    """One failed input: a whole file, one JSONL line, or one document's stage."""

    path: str
    line: int | None = None
    doc_id: str | None = None
    stage: str
    error: str
    message: str
    level: Literal["error", "warning"] = "error"  # a warning (e.g. NotEnglish) is not a failure
    # an LLM backend's failure: requests sent for the document, and its tokens (as llm_log.jsonl counts them)
    attempts: int | None = Field(default=None, exclude_if=_is_none)
    usage: dict[str, int] | None = Field(default=None, exclude_if=_is_none)

    def one_line(self) -> str:
        where = self.path + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.stage}: {self.error}: {self.message}"


Document.model_rebuild()  # its warnings are ErrorRecords, defined below it
