"""Measure extracted claims against annotated gold: `claimex eval GOLD PRED`.

Gold: JSONL, one document per line, in either form
- PolNeAR-style: `{"doc_id", "text", "attributions": [{"source": {"text", "start", "end"} | null,
  "cue": {...} | null, "content": {"text", "start", "end", "spans": [{"text", "start", "end"}]},
  "quote_type", "denial_cue": bool}]}` (`spans` optional; `denial` accepted for `denial_cue`);
- simple: `{"doc_id", "text", "claims": [{"content", "speaker", "denial", "start", "end"}]}`
  (`start`/`end` optional: the content is then searched in `text`, each claim at the first
  occurrence no other claim of the document holds, so the same words said twice are two places).

Pred: a `claims.jsonl` written by claimex (one claim per line, mentions inside), or flat
prediction lines `{"doc_id", "speaker", "content", "content_start", "content_end", "polarity"}`
(without valid offsets, placed by their content as gold claims are).
A prediction needs its content or both offsets (a mention: `text` or `start`/`end`); a line
without is damaged, not a wrong prediction.

Matching: contents are sets of word tokens of the document; a prediction and a gold item
are candidates when the tokens they share cover at least half of the shorter one; pairs
are then aligned one-to-one, best Jaccard first. Speaker: correct when the normalised
names share a word (honorifics and function words dropped); a gold item with no source
expects no speaker. Denial: precision and recall of predicted denials on aligned pairs.

By rule (`--by-rule`): each prediction's `rule` (the pattern that made the mention, or the
LLM backend's name) gets the predictions it made, how many of them were aligned with a gold
item, and their precision: which rules earn their place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .contract import repeated_id
from .errors import InputError
from .ingest import BadLine, jsonl_lines, loads_text_line
from .lexicon import NAME_HONORIFICS

_WORD = re.compile(r"\w+", re.UNICODE)
# speaker words that say nothing of who spoke: honorifics, function words, the possessive's "s"
_DROP = NAME_HONORIFICS | {
    "hon",
    "the",
    "a",
    "an",
    "of",
    "and",
    "in",
    "for",
    "on",
    "at",
    "to",
    "by",
    "with",
    "from",
    "s",
}
_DENY = re.compile(r"\b(?:den(?:y|ies|ied|ial)|refut|rebut|disput|reject)", re.I)


@dataclass
class Item:
    tokens: frozenset[int]
    speaker: str | None
    denial: bool
    text: str
    rule: str | None = None


NO_RULE = "(none)"  # predictions that name no rule (flat lines, runs from before provenance)


@dataclass
class RuleCounts:
    """One rule's predictions and how many of them matched gold."""

    pred: int = 0
    matched: int = 0

    def metrics(self) -> dict[str, float | int | None]:
        """The counts and their precision (4 decimals; None with no prediction, as in `Counts.metrics`)."""
        return {
            "predictions": self.pred,
            "matched": self.matched,
            "precision": _round(self.matched / self.pred if self.pred else None),
        }


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_ok: int = 0
    denial_tp: int = 0
    denial_fp: int = 0
    denial_fn: int = 0

    def add(self, o: Counts) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def metrics(self) -> dict[str, float | int | None]:
        """The counts and their ratios (4 decimals). A ratio with nothing to divide by is None, not a
        misleading 0: precision with no prediction, recall with no gold item, F1 with neither (with
        one of them it is 0: nothing of the other was matched), speaker accuracy with no aligned
        pair, denial precision with no predicted denial and denial recall with no gold one aligned."""
        p = self.matched / self.pred if self.pred else None
        r = self.matched / self.gold if self.gold else None
        f = None if not self.gold + self.pred else 2 * p * r / (p + r) if p and r else 0.0
        spk = self.speaker_ok / self.matched if self.matched else None
        dp = self.denial_tp / (self.denial_tp + self.denial_fp) if self.denial_tp + self.denial_fp else None
        dr = self.denial_tp / (self.denial_tp + self.denial_fn) if self.denial_tp + self.denial_fn else None
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "precision": _round(p),
            "recall": _round(r),
            "f1": _round(f),
            "speaker_accuracy": _round(spk),
            "denial_precision": _round(dp),
            "denial_recall": _round(dr),
        }


def _round(ratio: float | None) -> float | None:
    """A ratio in, rounded to 4 decimals out; None (undefined) stays None."""
    return None if ratio is None else round(ratio, 4)


@dataclass
class Report:
    """What `claimex eval` measured: counts over the whole gold file, per document and per rule
    (the rule that produced each prediction; `--by-rule`)."""

    overall: Counts = field(default_factory=Counts)
    documents: dict[str, Counts] = field(default_factory=dict)
    rules: dict[str, RuleCounts] = field(default_factory=dict)
    # doc_id -> predictions of a document GOLD does not hold: not counted (`outside_gold_warning`)
    outside: dict[str, int] = field(default_factory=dict)

    def count_rule(self, rule: str | None, matched: bool) -> None:
        rc = self.rules.setdefault(rule or NO_RULE, RuleCounts())
        rc.pred += 1
        rc.matched += matched

    def to_json(self, by_rule: bool = False) -> dict:
        out: dict = {
            "overall": self.overall.metrics(),
            "documents": {k: v.metrics() for k, v in sorted(self.documents.items())},
        }
        if by_rule:
            out["by_rule"] = {k: v.metrics() for k, v in sorted(self.rules.items())}
        return out


def _token_starts(text: str, start: int, end: int, index: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(index) if s < end and e > start)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """A content without offsets in, the spans of `text` it can stand for out: its exact
    occurrences in text order, then those that differ only in case (none for a blank content)."""
    needle = needle.strip().strip("\"'\u201c\u201d")
    if not needle:
        return []
    exact = [m.span() for m in re.finditer(re.escape(needle), text)]
    return exact + [m.span() for m in re.finditer(re.escape(needle), text, re.I) if m.span() not in exact]


def _locate(text: str, needle: str, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    """A content without offsets in, its span out (None when it is not in `text`), added to `taken`.

    The same words said twice in a document ('Reed said the bridge was safe. Critics denied the
    bridge was safe.') are two items: each takes the first occurrence that overlaps no span another
    item of the document took, so repeated contents are placed in the order they are listed. When there are more items
    than occurrences the extra ones share the first, as one occurrence said by two speakers does.
    """
    spans = _occurrences(text, needle)
    # (an occurrence inside a span another item took, by offsets or by search, is that item's)
    loc = next((sp for sp in spans if not any(sp[0] < e and s < sp[1] for s, e in taken)), spans[0] if spans else None)
    if loc is not None:
        taken.add(loc)
    return loc


def _speaker_words(name: str | None) -> set[str]:
    return {w for w in (x.lower() for x in _WORD.findall(name or "")) if w not in _DROP}


def speaker_matches(pred: str | None, gold: str | None) -> bool:
    """Same speaker: both absent, or their significant words overlap."""
    if not gold:
        return not pred or pred.strip().lower() in {"unknown", "none", "null", "n/a", ""}
    return bool(_speaker_words(pred) & _speaker_words(gold))


class _BadLine(ValueError):
    """A gold or prediction line that cannot be used; the message says why."""


def _span(d: object, what: str) -> tuple[int, int]:
    if not isinstance(d, dict):
        raise _BadLine(f"{what} must be an object with start and end")
    s, e = d.get("start"), d.get("end")
    if type(s) is not int or type(e) is not int:
        raise _BadLine(f"{what} needs integer 'start' and 'end'")
    return s, e


def _opt_str(d: dict, key: str) -> str | None:
    v = d.get(key)
    if v is not None and not isinstance(v, str):
        raise _BadLine(f"{key!r} must be a string, got {type(v).__name__}")
    return v


def _obj(line: str | BadLine) -> dict:
    if isinstance(line, BadLine):
        raise _BadLine(str(line))
    try:
        obj = loads_text_line(line)
    except BadLine as e:
        raise _BadLine(str(e)) from None
    if not isinstance(obj, dict):
        raise _BadLine(f"expected a JSON object, got {type(obj).__name__}")
    return obj


def _items(v: object, key: str) -> list[dict]:
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise _BadLine(f"{key!r} must be a list of objects")
    return v


def _gold_doc(line: str | BadLine) -> tuple[str, str, list[Item]]:
    """One gold line in, (doc_id, text, items) out; raises _BadLine saying what is wrong."""
    doc = _obj(line)
    doc_id, text = doc.get("doc_id"), doc.get("text")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or doc_id == "":
        raise _BadLine("missing 'doc_id' (a string)")
    if not isinstance(text, str):
        raise _BadLine("missing 'text' (a string)")
    index = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    items: list[Item] = []
    for a in _items(doc.get("attributions"), "attributions"):
        content = a.get("content")
        if not isinstance(content, dict):
            raise _BadLine("an attribution has no 'content' object")
        toks: frozenset[int] = frozenset()
        for sp in _items(content.get("spans"), "spans") or [content]:
            toks |= _token_starts(text, *_span(sp, "an attribution's content"), index)
        src = _opt_str(a.get("source") or {}, "text")
        cue = _opt_str(a.get("cue") or {}, "text") or ""
        denial = bool(a.get("denial", a.get("denial_cue", bool(_DENY.search(cue)))))
        items.append(Item(toks, src, denial, _opt_str(content, "text") or ""))
    claims = _items(doc.get("claims"), "claims")
    # claims with offsets hold their spans first: a searched one never takes a place given to another
    taken = {_span(c, "a claim") for c in claims if "start" in c and "end" in c}
    for c in claims:
        claim = _opt_str(c, "content")
        if not claim:
            raise _BadLine("a claim has no 'content'")
        loc = _span(c, "a claim") if "start" in c and "end" in c else _locate(text, claim, taken)
        if loc is None:
            raise _BadLine(f"gold content {claim[:40]!r} not found in the text of {doc_id}")
        items.append(
            Item(_token_starts(text, loc[0], loc[1], index), _opt_str(c, "speaker"), bool(c.get("denial")), claim)
        )
    return str(doc_id), text, items


def load_gold(path: Path, problems: list[str] | None = None) -> dict[str, tuple[str, list[Item]]]:
    """GOLD file in, {doc_id: (text, gold items)} out.

    A bad line raises InputError naming the line, or, given a `problems` list,
    becomes one message there (`PATH:LINE: reason; line skipped`) and the rest is read.
    """
    out: dict[str, tuple[str, list[Item]]] = {}
    first: dict[str, int] = {}  # doc_id -> its line
    for n, line in _lines(path):
        try:
            doc_id, text, items = _gold_doc(line)
        except _BadLine as e:
            _problem(path, n, f"not a gold document ({e}); see `claimex eval --help` for the format", problems)
            continue
        if doc_id in first:  # (kept, the second replaced the first: its claims were silently not counted)
            why = f"doc_id {doc_id!r} repeats line {first[doc_id]}: give each document once, with all its claims"
            _problem(path, n, why, problems)
            continue
        first[doc_id] = n
        out[doc_id] = (text, items)
    return out


def _problem(path: Path, n: int, message: str, problems: list[str] | None) -> None:
    if problems is None:
        raise InputError(str(path), message, line=n)
    problems.append(f"{path}:{n}: {message}; line skipped")


def _placed(content: str | None, start: object, end: object) -> bool:
    """A prediction's content (or None) and offsets in, whether it says where it is: content with a
    word, or integer offsets. Without either it can match nothing, and counting it would lower
    precision for a damaged line rather than a wrong prediction."""
    return bool(content and content.strip()) or (type(start) is int and type(end) is int)


def _predictions(obj: dict) -> list[tuple[str, dict]]:
    """One prediction line (loaded) in, [(doc_id, prediction)] out; raises _BadLine saying what is wrong."""
    if "mentions" in obj:
        speaker = obj.get("speaker") or {}
        name = _opt_str(speaker, "name") if isinstance(speaker, dict) else None
        out = []
        for m in _items(obj["mentions"], "mentions"):
            doc_id = m.get("doc_id")
            if not isinstance(doc_id, str):
                raise _BadLine("a mention has no 'doc_id' (a string)")
            if not _placed(_opt_str(m, "text"), m.get("start"), m.get("end")):
                raise _BadLine("a mention has no 'text' nor integer 'start' and 'end'")
            p = {
                "speaker": name or _opt_str(m, "speaker_text"),
                "content": _opt_str(m, "text"),
                "content_start": m.get("start"),
                "content_end": m.get("end"),
                "denial": obj.get("polarity") == "denial",
                "rule": _opt_str(m, "rule"),
            }
            out.append((doc_id, p))
        return out
    if "doc_id" in obj:
        doc_id = obj["doc_id"]
        if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool) or doc_id == "":
            raise _BadLine("'doc_id' must be a non-empty string")
        obj = dict(obj)
        _opt_str(obj, "speaker")  # type-checked here: evaluate() takes them as strings
        _opt_str(obj, "rule")
        if not _placed(_opt_str(obj, "content"), obj.get("content_start"), obj.get("content_end")):
            raise _BadLine("a prediction has no 'content' nor integer 'content_start' and 'content_end'")
        obj["denial"] = bool(obj.get("is_denial", obj.get("polarity") == "denial"))
        return [(str(doc_id), obj)]
    raise _BadLine("neither a claim (with mentions) nor a prediction (with doc_id)")


def load_predictions(path: Path, problems: list[str] | None = None) -> dict[str, list[dict]]:
    """claims.jsonl or flat prediction lines in, {doc_id: [prediction]} out (bad lines: as `load_gold`).

    A claim whose claim_id an earlier line gave is a bad line too: a claims.jsonl given twice (two files
    concatenated) counted every prediction twice and halved precision."""
    out: dict[str, list[dict]] = {}
    first: dict[str, int] = {}  # claim_id -> its line
    for n, line in _lines(path):
        try:
            obj = _obj(line)
            preds = _predictions(obj)
            claim_id = obj.get("claim_id") if "mentions" in obj else None
            repeated = repeated_id(first, claim_id, n) if isinstance(claim_id, str) else None
            if repeated is not None:
                raise _BadLine(f"{repeated}: each claim counts once")
        except _BadLine as e:
            _problem(path, n, str(e), problems)
            continue
        for doc_id, p in preds:
            out.setdefault(doc_id, []).append(p)
    return out


def _lines(path: Path) -> Iterator[tuple[int, str | BadLine]]:
    """(line number, text) of each non-blank, non-comment line; a line that is not UTF-8 as a BadLine."""
    try:
        with open(path, "rb") as fh:
            for n, line in jsonl_lines(fh):
                if isinstance(line, BadLine) or not line.startswith("#"):
                    yield n, line
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror})") from None


def _offsets(text: str, p: dict) -> tuple[int, int] | None:
    """One prediction in, its offsets out when they are a valid span of `text`, else None."""
    s, e = p.get("content_start"), p.get("content_end")
    return (s, e) if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) else None


def _pred_item(text: str, index: list[tuple[int, int]], p: dict, taken: set[tuple[int, int]]) -> Item:
    """One prediction as an Item: its offsets when valid, else its content searched in the text
    (at an occurrence not in `taken`, as gold claims are placed; see `_locate`)."""
    content = p.get("content") or ""
    loc = _offsets(text, p) or _locate(text, content, taken)
    tokens = _token_starts(text, *loc, index) if loc else frozenset()
    return Item(tokens, p.get("speaker"), p["denial"], content, p.get("rule"))


def evaluate(gold: dict[str, tuple[str, list[Item]]], preds: dict[str, list[dict]]) -> Report:
    """Align predictions with gold per document and count matches, speakers and denials."""
    report = Report()
    for doc_id, (text, gitems) in gold.items():
        index = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        docpreds = preds.get(doc_id, [])
        taken = {loc for p in docpreds if (loc := _offsets(text, p)) is not None}
        pitems = [_pred_item(text, index, p, taken) for p in docpreds]
        c = Counts(gold=len(gitems), pred=len(pitems))
        pairs = []
        for i, pi in enumerate(pitems):
            for j, g in enumerate(gitems):
                if not pi.tokens or not g.tokens:
                    continue
                inter = len(pi.tokens & g.tokens)
                if inter / min(len(pi.tokens), len(g.tokens)) >= 0.5:
                    pairs.append((inter / len(pi.tokens | g.tokens), i, j))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            c.matched += 1
            pi, g = pitems[i], gitems[j]
            c.speaker_ok += speaker_matches(pi.speaker, g.speaker)
            c.denial_tp += pi.denial and g.denial
            c.denial_fp += pi.denial and not g.denial
            c.denial_fn += g.denial and not pi.denial
        for i, pi in enumerate(pitems):
            report.count_rule(pi.rule, i in used_p)
        report.documents[doc_id] = c
        report.overall.add(c)
    report.outside = {d: len(ps) for d, ps in sorted(preds.items()) if d not in gold and ps}
    return report


def outside_gold_warning(report: Report, pred: Path, gold: Path) -> str | None:
    """The warning (without its `warning: ` prefix) for predictions of documents GOLD does not hold, which
    no metric counts (a PRED of another batch scored recall 0 without a word), or None when there are none."""
    if not report.outside:
        return None
    count, docs = sum(report.outside.values()), len(report.outside)
    example = next(iter(report.outside))
    text = (
        f"{pred}: {count} prediction(s) of {docs} document(s) that {gold} does not hold are not counted "
        f"(e.g. doc_id {example!r})"
    )
    if not report.overall.pred:  # (not one document in common: the wrong file, or a run over other articles)
        text += f"; no prediction is of a document of {gold}: give a run over its articles"
    return text


def format_report(report: Report, per_document: bool = True) -> str:
    """A plain-text table: one row per document (optional) and the overall row."""
    head = f"{'document':40} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'spk':>6} {'denP':>6} {'denR':>6}"
    rows = [head, "-" * len(head)]
    items = list(report.documents.items()) if per_document else []
    for name, c in items + [("OVERALL", report.overall)]:
        m = c.metrics()
        ratios = (m[k] for k in ("precision", "recall", "f1", "speaker_accuracy", "denial_precision", "denial_recall"))
        rows.append(f"{name[:40]:40} {m['gold']:>5} {m['pred']:>5} " + " ".join(_ratio(v) for v in ratios))
    return "\n".join(rows)


def _ratio(value: float | int | None) -> str:
    """A table cell of 6 characters: the ratio with 3 decimals, or `n/a` when it is undefined (None)."""
    return f"{'n/a':>6}" if value is None else f"{value:>6.3f}"


def format_by_rule(report: Report) -> str:
    """A plain-text table: per rule, predictions made, how many matched gold, precision (most used first)."""
    head = f"{'rule':36} {'pred':>6} {'matched':>8} {'P':>6}"
    rows = [head, "-" * len(head)]
    total = RuleCounts()
    for name, rc in sorted(report.rules.items(), key=lambda kv: (-kv[1].pred, kv[0])):
        m = rc.metrics()
        rows.append(f"{name[:36]:36} {m['predictions']:>6} {m['matched']:>8} {_ratio(m['precision'])}")
        total.pred += rc.pred
        total.matched += rc.matched
    m = total.metrics()
    rows.append(f"{'ALL':36} {m['predictions']:>6} {m['matched']:>8} {_ratio(m['precision'])}")
    return "\n".join(rows)
