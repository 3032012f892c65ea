"""The LLM extractor: any OpenAI-compatible chat server, answering in a validated JSON schema.

Per document:
1. split the article at paragraph boundaries into chunks within the token
   budget (`pipeline/llm/chunking.py`);
2. per chunk, take the answer from the disk cache or ask the model
   (`pipeline/llm/client.py`: structured output, retries); an answer that
   fails validation is re-asked with the error shown (at most `max_reasks`
   times); an answer cut off by the token limit (`finish_reason == "length"`)
   or a prompt over the context window makes the chunk split in two;
3. turn the answers into ExtractedMentions: contents, speaker phrases, cues
   as the model copied them. Offsets are only hints; the ground stage finds
   every content in the source and drops what it cannot find.

When a document's model answer cannot be had (BackendError: retries run
out, a refusal, answers that never validate, the circuit breaker or the
run's deadline), `run()` falls back to the rule backend for that document
(its mentions then carry the rules' extractor info and the DocumentResult
`fallback=True`; one line on stderr says why), unless fallback is off, in
which case the error propagates and the document is recorded as failed.
Either way the reason is counted (`run.json` `llm.fallback_reasons`).

`confidence` on this path (the model gives none of its own) is built from
what can be checked against the article, see `confidence()`.

The model also writes each claim as one self-contained sentence and names
its claim type (prompt v2). The sentence is kept (`ExtractedMention.statement`)
only when the article backs every name and number in it and the attribution it
rests on passed the checks below (`pipeline/llm/statement.py`); the type only
when it is one of the contract's. The merge uses them (`merge/claims.py`
`wording`), else the bracketed statement and the check-worthiness model's type.

An attribution must stand on the article, not on the model's word
(`pipeline/llm/vouch.py`): a claim inside a sentence that instructs a model
is attributed to nobody; a speaker phrase must occur in one attributive
context with the content; a speaker name must occur in the article as a
name, near the claim or resolvable to a person the rules know. Every mention
is then compared with the rule backend's on the same document: its `rule` is
`llm.corroborated` when the rules found the same content, else
`llm.uncorroborated` (README "LLM backend").
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from pydantic import ValidationError

from ..errors import BackendError, ClaimexError, ConfigError
from ..ground import locate
from ..lexicon import NOT_NAME_IN_PHRASE
from ..llm.cache import DiskCache, cache_key
from ..llm.chunking import chunk_spans, split_span
from ..llm.client import Completion, LLMClient, Stats
from ..llm.failures import ContextTooLong, ModelRefused, failure_names, redact
from ..llm.prompts import DEFAULT_PROMPT, Prompt
from ..llm.reqlog import RequestLog, new_run_id
from ..llm.schema import (
    Answer,
    claim_type_of,
    describe_error,
    grammar_schema,
    parse_answer,
    schema_json,
    strict_schema,
)
from ..llm.settings import LLMSettings, redact_url
from ..llm.statement import REASONS, Facts, vet
from ..llm.vouch import NameCheck, corroborated, instruction_spans, near, overlaps
from ..models import ErrorRecord, ExtractedMention, SegmentedDocument, Span, Speaker
from .base import Extraction, Extractor

VERSION = "1.0"
log = logging.getLogger("claimex.llm")
# Fallback reasons of the run's bounds (guard.py): the breaker or the deadline may stop a document before it
# sends any request (short-circuited). Each such document still gets its own fallback line.
_ANNOUNCED = {"unreachable", "deadline"}
_QUOTE_EDGES = " \t\r\n\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
# A bad answer is echoed back to the model in the re-ask, cut to this many characters.
_ECHO_LIMIT = 4000


class _Truncated(Exception):
    """The answer for a chunk was cut off by the token limit (`cached`: an earlier run's, replayed)."""

    def __init__(self, cached: bool = False):
        super().__init__()
        self.cached = cached


class _ContextTooLongCached(ContextTooLong):
    """An earlier run's ContextTooLong for this chunk, replayed from the cache."""


class _Invalid(Exception):
    """The model's answers for a chunk failed validation every time it was asked."""


@dataclass
class _DocUsage:
    requests: int = 0  # answered
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0  # sent for the answered requests, retries included (errors.jsonl's `attempts` adds a
    # failing request's own)

    def add(self, c: Completion) -> None:
        self.requests += 1
        self.prompt_tokens += c.prompt_tokens
        self.completion_tokens += c.completion_tokens
        self.attempts += c.attempts

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }


class LLMExtractor(Extractor):
    """Extract statements with a chat model; see the module docstring for the flow.

    `settings` says where and how (LLMSettings); `fallback` is the backend used
    for a document whose retries ran out (default: the rule backend when
    `settings.fallback`, else none); `prompt` defaults to the shipped
    `DEFAULT_PROMPT` (`extract_claims.v2`). One instance per run: its counters and the detected
    schema mode are that run's.
    """

    name = "llm"
    version = VERSION
    needs_network = True

    def __init__(self, settings: LLMSettings, *, fallback: Extractor | None = None, prompt: Prompt | None = None):
        settings.check()
        self.settings = settings
        self.prompt = prompt or Prompt.load(DEFAULT_PROMPT)
        self.model = settings.model
        self.prompt_version = self.prompt.version
        if fallback is None and settings.fallback:
            from .rules import RuleExtractor

            fallback = RuleExtractor()
        self.fallback = fallback if settings.fallback else None
        from .rules import RuleExtractor

        # The rules read every document too: an LLM mention they do not also find is marked uncorroborated.
        self.rules: Extractor = fallback if isinstance(fallback, RuleExtractor) else RuleExtractor()
        self.stats = Stats()
        self._strict = strict_schema()
        self._grammar = grammar_schema()
        # Built once: rendering checks the templates, so a broken prompt fails before any request.
        self._system = self.prompt.system_text(schema=schema_json(self._grammar))
        self.prompt.reask_text(error="(check)")
        self.cache = DiskCache(settings.cache_dir) if settings.cache_dir is not None else None
        # This run's identifier: every request log line carries it, and run_batch gives it to run.json (`run_id`).
        self.run_id = new_run_id()
        self.client = LLMClient(
            settings,
            self.stats,
            strict_schema=self._strict,
            grammar_schema=self._grammar,
            request_log=RequestLog(settings.log_path, self.run_id),
            prompt_version=self.prompt_version,
        )

    def describe(self) -> str:
        """What this run will use, for the line that starts it (never the key)."""
        s, p = self.settings, self.client.params
        return (
            f"model {s.model!r} at {self.client.where}, prompt {self.prompt_version}; "
            f"timeouts: connect {s.connect_timeout:g}s, answer {s.timeout:g}s; retries {s.max_retries}; "
            f"token limit as {p.token_param}"
            + (f"; reasoning effort {s.reasoning_effort}" if s.reasoning_effort else "")
            + (f"; deadline {s.deadline:g}s" if s.deadline else "")
            + f"; fallback: {'rules' if self.fallback is not None else 'none (--no-fallback)'}"
        )

    def close(self) -> None:
        self.client.close()

    def stop_on(self, stop: threading.Event) -> None:
        """Once `stop` is set, a document's next request or retry raises StopRequested (no wait, no request)."""
        self.client.stop = stop

    def result_settings(self) -> dict:
        """The settings that change the answers or the outcome of a document (`Extractor.result_settings`);
        the budgets for waiting on the server (timeouts, retries, --deadline) are left out: a server's
        hiccups change outcomes whatever they are, and a resumed run may well need larger ones."""
        s = self.settings
        return {
            "base_url": redact_url(s.base_url),
            "max_chunk_tokens": s.max_chunk_tokens,
            "max_tokens": s.max_tokens,
            "reasoning_effort": s.reasoning_effort,
            "temperature": s.temperature,
            "no_fallback": not s.fallback,
        }

    # ------------------------------------------------------------ interface
    def run(self, seg: SegmentedDocument) -> Extraction:
        """Mentions from the model; from the fallback backend (flagged) if this document's retries ran out."""
        doc_id = seg.doc.doc_id
        try:
            return Extraction(self.extract(seg), self.info)
        except BackendError as e:
            return self._instead(seg, e)
        except ConfigError:
            raise  # the run stops
        except ClaimexError:
            self.stats.note_failed(doc_id, "refused")
            raise
        finally:
            self.stats.take_sent(doc_id)  # (forget the document's count, whatever happened)

    def _instead(self, seg: SegmentedDocument, e: BackendError) -> Extraction:
        """After BackendError `e`: the fallback's mentions, flagged (else `e` is raised again); counted either way.

        A document stopped by the circuit breaker or the deadline before it sent any request is also
        counted as short-circuited (run.json `llm.short_circuited`).
        """
        doc_id = seg.doc.doc_id
        short = e.reason in _ANNOUNCED and not self.stats.take_sent(doc_id)
        if short:
            self.stats.note_short_circuited(doc_id)
        if self.fallback is None:
            self.stats.note_failed(doc_id, e.reason)
            raise e
        self.stats.note_fallback(doc_id, e.reason)
        why = redact(str(e), self.settings.secrets) + (" (no request sent)" if short else "")
        log.warning("%s: falling back to the rules: %s", doc_id, why)
        return Extraction(self.fallback.extract(seg), self.fallback.info, fallback=True)

    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]:
        usage = _DocUsage()
        queue = deque(chunk_spans(seg, self.settings.max_chunk_tokens))
        whole = queue[0] if len(queue) == 1 else None  # (a chunk of several, or a split, is named in log lines)
        out: list[ExtractedMention] = []
        doc = _DocChecks(seg)
        while queue:
            span = queue.popleft()
            try:
                answer = self._answer(seg, span, usage, of_many=span != whole)
            except (_Truncated, ContextTooLong) as e:
                parts = split_span(seg, span)
                if parts is None:
                    why = (
                        "the answer was cut off by the token limit"
                        if isinstance(e, _Truncated)
                        else "the prompt does not fit the model's context"
                    )
                    # (a limit met in an earlier run, replayed from the cache, outlives a server raised since)
                    cached = isinstance(e, _ContextTooLongCached) or isinstance(e, _Truncated) and e.cached
                    raise BackendError(
                        f"{why} even for a single sentence ({span.end - span.start} characters); "
                        "raise the server's context or max tokens"
                        + (" (cached from an earlier run: --no-cache asks again)" if cached else ""),
                        attempts=usage.attempts,
                        usage=usage.as_dict(),
                        reason="truncated",
                    ) from None
                self.stats.add("length_splits")
                queue.extendleft(reversed(parts))
                continue
            except BackendError as e:
                if not e.usage:  # the client's: its attempts are the failing request's alone
                    e.attempts += usage.attempts
                e.usage = {**usage.as_dict(), **e.usage}
                raise
            out.extend(self._mentions(seg, span, answer, doc))
        return self._corroborate(seg, out, doc)

    def _corroborate(
        self, seg: SegmentedDocument, out: list[ExtractedMention], doc: _DocChecks
    ) -> list[ExtractedMention]:
        """Mark each mention `llm.corroborated` when the rules found the same content, else `llm.uncorroborated`."""
        if not out:
            return out
        theirs = []
        for m in self.rules.extract(seg):
            loc = locate(seg.text, m.content, m.content_hint)
            if loc is not None:
                theirs.append((loc.start, loc.end))
        marked = []
        for m in out:
            span = doc.spans.get(m.local_id)
            ok = span is not None and m.local_id not in doc.planted and corroborated(span, theirs)
            marked.append(m.model_copy(update={"rule": f"{self.name}.{'corroborated' if ok else 'uncorroborated'}"}))
        return marked

    def report(self, by_backend: dict[str, dict[str, int]]) -> dict:
        """run.json's `llm` section: requests, attempts, retries by cause, cache, tokens, fallbacks, ungrounded."""
        snap = self.stats.snapshot()
        mine = by_backend.get(self.name, {})
        return {
            "llm": {
                "model": self.model,
                "base_url": redact_url(self.settings.base_url),
                "prompt_version": self.prompt_version,
                **self.client.report(),
                "documents": mine.get("documents", 0),
                "documents_by_backend": {b: t.get("documents", 0) for b, t in sorted(by_backend.items())},
                **snap,
                "cache": {
                    "enabled": self.cache is not None,
                    "dir": str(self.cache.root) if self.cache is not None else None,
                    **snap["cache"],
                },
                "fallback": self.fallback is not None,
                "ungrounded": mine.get("ungrounded", 0),
                # per claim the model reported (before grounding): its statement kept or why not, its type used or not
                "statements": {
                    "kept": self.stats.get("statement.kept"),
                    "rejected": {r: n for r in REASONS if r != "kept" and (n := self.stats.get(f"statement.{r}"))},
                },
                "claim_types": {
                    "model": self.stats.get("claim_type.model"),
                    "checkworthiness": self.stats.get("claim_type.checkworthiness"),
                },
            }
        }

    def account_journal(self, sections: dict, fallback_documents: list[str], errors: list[ErrorRecord]) -> dict:
        """The `llm` section's documents as the journal has them: `fallbacks`, `fallback_documents` and
        `failed_documents` cover every document of the batch (each once, however many windows it took),
        those an interrupted run journaled before --resume too; their reasons, which that run did not
        keep, are counted in `fallback_reasons` as `before_resume`."""
        llm = sections.get("llm")
        if llm is None:
            return sections
        names = failure_names()
        here_failed, here_fell = set(llm["failed_documents"]), set(llm["fallback_documents"])
        failed = {e.doc_id for e in errors if e.error in names and e.doc_id is not None} | here_failed
        fell = set(fallback_documents)
        reasons = dict(llm["fallback_reasons"])
        earlier = len(fell - here_fell) + len(failed - here_failed)
        if earlier:
            reasons["before_resume"] = earlier
        return {
            **sections,
            "llm": {
                **llm,
                "fallbacks": len(fell),
                "fallback_documents": sorted(fell),
                "failed_documents": sorted(failed),
                "fallback_reasons": dict(sorted(reasons.items())),
            },
        }

    # -------------------------------------------------------------- a chunk
    def _messages(self, seg: SegmentedDocument, span: Span) -> list[dict]:
        return [
            {"role": "system", "content": self._system},
            {"role": "user", "content": self.prompt.user_text(article=seg.text[span.start : span.end])},
        ]

    def _cache_key(self, messages: list[dict]) -> str:
        # Everything that determines the answer. The schema mode is not in it: both modes send the same
        # messages and schema, so a re-run finds its answers before it has to probe the server.
        s = self.settings
        return cache_key(
            {
                "model": s.model,
                "base_url": s.base_url,
                "prompt_version": self.prompt_version,
                "prompt_digest": self.prompt.digest,
                "schema": self._strict,
                "grammar": self._grammar,
                "messages": messages,
                "temperature": s.temperature,
                "max_tokens": s.max_tokens,
                **({"reasoning_effort": s.reasoning_effort} if s.reasoning_effort else {}),
                "max_reasks": s.max_reasks,
                "backend_version": VERSION,
            }
        )

    def _answer(self, seg: SegmentedDocument, span: Span, usage: _DocUsage, of_many: bool = False) -> Answer:
        """The validated answer for one chunk: from the cache, else from the model (with re-asks).

        Raises _Truncated / ContextTooLong when the chunk must be split, and
        BackendError when retries or re-asks run out. Outcomes that the same
        request would produce again (an answer, a cut-off, a context overflow,
        answers that never validated) are cached, so a re-run of the same
        batch makes no request at all; transient failures are not.
        """
        self.stats.add("chunks")
        messages = self._messages(seg, span)
        key = self._cache_key(messages) if self.cache is not None else ""
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                found = self._from_cache(hit, usage)
                if found is not None:
                    self.stats.add("cache_hits")
                    return found
        try:
            answer, comp = self._ask(messages, usage, seg.doc.doc_id, span.start, of_many)
        except _Truncated:
            self._remember(key, {"outcome": "truncated"})
            raise
        except ContextTooLong as e:
            self._remember(key, {"outcome": "too_long", "message": str(e)})
            raise
        except _Invalid as e:
            self._remember(key, {"outcome": "invalid", "message": str(e)})
            raise BackendError(
                str(e), attempts=usage.attempts, usage=usage.as_dict(), reason="invalid_answer"
            ) from None
        self._remember(
            key,
            {
                "answer": answer.model_dump(mode="json"),
                "model": self.model,
                "prompt_version": self.prompt_version,
                "usage": {"prompt_tokens": comp.prompt_tokens, "completion_tokens": comp.completion_tokens},
            },
        )
        return answer

    def _from_cache(self, hit: dict, usage: _DocUsage) -> Answer | None:
        """Replay a cached outcome: an Answer, or the exception it ended in; None if the entry is unusable."""
        outcome = hit.get("outcome")
        if outcome == "truncated":
            self.stats.add("cache_hits")
            raise _Truncated(cached=True)
        if outcome == "too_long":
            self.stats.add("cache_hits")
            raise _ContextTooLongCached(str(hit.get("message", "")))
        if outcome == "invalid":
            self.stats.add("cache_hits")
            raise BackendError(
                f"{hit.get('message', '')} (cached: --no-cache asks again)",
                attempts=usage.attempts,
                usage=usage.as_dict(),
                reason="invalid_answer",
            )
        try:
            return Answer.model_validate(hit["answer"])
        except (KeyError, TypeError, ValidationError):
            return None  # a stale or foreign entry: ask again, then overwrite it

    def _remember(self, key: str, value: dict) -> None:
        if self.cache is not None:
            self.cache.put(key, value)
            self.stats.add("cache_writes")

    def _ask(
        self, messages: list[dict], usage: _DocUsage, doc_id: str, chunk: int, of_many: bool = False
    ) -> tuple[Answer, Completion]:
        """Ask, and re-ask with the validation error shown, at most `max_reasks` times.

        A refusal is not an answer to re-ask: it raises ModelRefused with the model's words.
        """
        last: Exception | None = None
        for ask in range(self.settings.max_reasks + 1):
            parsed: list[Answer | ValueError | ValidationError] = []  # what `check` found, for the code below
            comp = self.client.chat(
                messages,
                doc_id=doc_id,
                chunk=chunk,
                purpose="reask" if ask else "ask",
                check=partial(_validate, out=parsed),
                of_many=of_many,
            )
            usage.add(comp)
            if comp.refusal:
                self.stats.add("refusals")
                said = redact(comp.refusal, self.settings.secrets).strip().splitlines()[0][:300]
                raise ModelRefused(
                    f"the model refused to answer: {said}", attempts=usage.attempts, usage=usage.as_dict()
                )
            if comp.finish_reason == "length":
                raise _Truncated()
            found = parsed[0] if parsed else _parsed(comp)
            if isinstance(found, Answer):
                return found, comp
            last = found
            if ask < self.settings.max_reasks:
                self.stats.add("reasks")
                messages = messages + [
                    {"role": "assistant", "content": (comp.content or "")[:_ECHO_LIMIT]},
                    {"role": "user", "content": self.prompt.reask_text(error=describe_error(found))},
                ]
        first = describe_error(last).splitlines()[0] if last else "no answer"
        raise _Invalid(
            f"the model's answer failed validation {self.settings.max_reasks + 1} times (last: {first.lstrip('- ')})"
        )

    # ------------------------------------------------------------- mentions
    def _mentions(self, seg: SegmentedDocument, span: Span, answer: Answer, doc: _DocChecks) -> list[ExtractedMention]:
        """Answer claims in, ExtractedMentions out: surface strings kept only if the article supports them.

        The speaker phrase must be near the content, the name a name of the article (vouch.py), and a
        content inside an instruction to a model is attributed to nobody.
        """
        text = seg.text
        chunk = text[span.start : span.end]
        prefix = f"p{span.start}."  # ids unique across the chunks of a document, stable across runs
        ids = {c.id for c in answer.claims}
        out: list[ExtractedMention] = []
        taken: set[int] = set()  # chunk offsets already given to a claim: a repeat goes to another occurrence
        for c in answer.claims:
            content = c.content.strip(_QUOTE_EDGES)
            if not content:
                continue
            rel = _occurrence(chunk, content, _anchors(chunk, c.speaker, c.speaker_name, c.cue), taken)
            if rel >= 0:
                taken.add(rel)
            content_hint = span.start + rel if rel >= 0 else None
            loc = locate(text, content, content_hint, window=(span.start, span.end))
            where = (loc.start, loc.end) if loc is not None else None
            local_id = prefix + c.id
            cue = _present(chunk, c.cue)
            speaker_text = _present(text, c.speaker)
            if speaker_text and where and not near(text, where, speaker_text, cue, doc.names.paragraph(where[0])):
                speaker_text = None  # not said there: the phrase and the content are in different places
                given_far = True
            else:
                given_far = False
            speaker_hint = _nearest(chunk, speaker_text, rel if rel >= 0 else 0, span.start) if speaker_text else None
            name = (c.speaker_name or "").strip() or None
            if name and (given_far or not doc.names.grounded(name, where[0] if where else None)):
                name = None
            if name and speaker_text and _conflicts(speaker_text, name):
                name = None  # the phrase copied from the article wins over a name that shares nothing with it
            kind = c.speaker_kind
            planted = where is not None and overlaps(where, doc.instructions)
            if planted:
                # A planted "output a claim by X saying Y": the article's words, attributed to nobody.
                doc.planted.add(local_id)
                speaker_text, speaker_hint, name, cue, kind = None, None, None, None, "unknown"
            # The model's own sentence stands only where the article backs it, and only on an attribution
            # the checks above kept (statement.py); its claim type only if it is one of the contract's.
            refused = planted or bool((c.speaker or "").strip() and speaker_text is None)
            refused = refused or bool((c.speaker_name or "").strip() and name is None)
            vetted = vet(c.statement, content, doc.facts, speaker=name, refused=refused, cue=cue)
            told = claim_type_of(c.claim_type)
            self.stats.add(f"statement.{vetted.reason}")
            self.stats.add("claim_type.model" if told else "claim_type.checkworthiness")
            if where is not None:
                doc.spans[local_id] = where
            speaker = Speaker(name=name, kind=kind) if (name or kind != "unknown") else Speaker()
            out.append(
                ExtractedMention(
                    local_id=local_id,
                    content=content,
                    speaker_text=speaker_text,
                    speaker=speaker,
                    cue=cue,
                    quote_type=c.quote_type,
                    polarity=c.polarity,
                    denies=tuple(prefix + d for d in dict.fromkeys(c.denies) if d in ids and d != c.id),
                    content_hint=content_hint,
                    content_window=(span.start, span.end),
                    speaker_hint=speaker_hint,
                    confidence=confidence(rel >= 0, speaker_text is not None, name is not None, cue is not None),
                    rule=self.name,
                    statement=vetted.statement,
                    claim_type=told,
                )
            )
        return out


def _parsed(comp: Completion) -> Answer | ValueError | ValidationError:
    """The completion's content as a validated Answer, or the error that says why it is not one."""
    try:
        return parse_answer(comp.content)
    except (ValueError, ValidationError) as e:
        return e


def _validate(comp: Completion, out: list[Answer | ValueError | ValidationError]) -> str | None:
    """The request log's check: parse `comp` once (appended to `out`), and return the error's first line or None."""
    if comp.refusal or comp.finish_reason == "length":
        return None  # logged as a refusal / a cut-off by the client itself
    found = _parsed(comp)
    out.append(found)
    return None if isinstance(found, Answer) else describe_error(found).lstrip("- ").splitlines()[0]


class _DocChecks:
    """What the attribution checks need about one document, computed once per document."""

    def __init__(self, seg: SegmentedDocument):
        self.seg = seg
        self.names = NameCheck(seg)
        self._facts: Facts | None = None
        self.instructions = instruction_spans(seg)
        self.spans: dict[str, tuple[int, int]] = {}  # local_id -> located content
        self.planted: set[str] = set()

    @property
    def facts(self) -> Facts:
        """The article's names and numbers, for vetting the model's statements (built on first use)."""
        if self._facts is None:
            self._facts = Facts(self.seg.text)
        return self._facts


def confidence(verbatim: bool, speaker_copied: bool, named: bool, cue_copied: bool) -> float:
    """How far the model's claim checks out against the article, 0.5 to 0.95 (README "LLM backend").

    0.5, plus 0.25 when the content is an exact copy of the chunk's text
    (else the ground stage must find it loosely or drop it), 0.1 when the
    speaker phrase is copied from the article, 0.05 when the speaker's name
    is in the article, 0.05 when the cue is copied from the chunk.
    """
    return round(0.5 + 0.25 * verbatim + 0.1 * speaker_copied + 0.05 * named + 0.05 * cue_copied, 2)


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().lower()


def _present(text: str, phrase: str | None) -> str | None:
    """`phrase` if the article contains it (case and spacing aside), else None: no invented speakers or cues.

    Names are not checked here: a name must be a name of the article (vouch.NameCheck), not words of it.
    """
    if not phrase or not phrase.strip():
        return None
    phrase = phrase.strip()
    hay = _fold(text)
    if _fold(phrase) in hay:
        return phrase
    return None


_NOT_NAME_WORDS = NOT_NAME_IN_PHRASE


def _conflicts(phrase: str, name: str) -> bool:
    """True when `phrase` is itself a name (capitalised words) sharing no word with `name`."""
    words = [w.strip(".,'\u2019").lower() for w in phrase.split()]
    caps = [w for w, raw in zip(words, phrase.split()) if raw[:1].isupper() and w not in _NOT_NAME_WORDS]
    if not caps or len(caps) != len([w for w in words if w not in _NOT_NAME_WORDS]):
        return False  # a pronoun or a role phrase ("a spokesman for the trust"): the name may well fit
    return not set(caps) & {w.strip(".,'\u2019").lower() for w in name.split()}


def _nearest(chunk: str, phrase: str, pos: int, base: int) -> int | None:
    """Offset (in the source) of the occurrence of `phrase` in `chunk` nearest to `pos`: a hint for resolving."""
    low, needle = chunk.lower(), phrase.lower()
    best, i = None, low.find(needle)
    while i >= 0:
        if best is None or abs(i - pos) < abs(best - pos):
            best = i
        i = low.find(needle, i + 1)
    return None if best is None else base + best


def _occurrence(chunk: str, content: str, anchors: list[int], taken: set[int]) -> int:
    """Offset in `chunk` of the occurrence of `content` this claim is grounded to; -1 if there is none.

    Text repeated in the article (two speakers saying the same words) must not all land on its first
    occurrence: occurrences already `taken` by earlier claims of the answer are skipped while a free
    one is left, and of the rest the one nearest to an `anchor` (where the claim's speaker or cue
    appears) wins, else the first.
    """
    spots, i = [], chunk.find(content)
    while i >= 0:
        spots.append(i)
        i = chunk.find(content, i + 1)
    free = [s for s in spots if s not in taken] or spots
    if not free:
        return -1
    if not anchors:
        return free[0]
    return min(free, key=lambda s: (min(abs(s - a) for a in anchors), s))


def _anchors(chunk: str, *phrases: str | None) -> list[int]:
    """Offsets in `chunk` of the first of `phrases` found there as whole words (any case); [] if none is."""
    for phrase in phrases:
        if phrase and phrase.strip():
            pattern = r"(?<!\w)" + re.escape(phrase.strip()) + r"(?!\w)"
            found = [m.start() for m in re.finditer(pattern, chunk, re.I)]
            if found:
                return found
    return []
