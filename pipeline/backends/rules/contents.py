"""Reported contents: where a content starts after its cue and where it ends."""

from __future__ import annotations

import re

from ...lexicon import (
    BARE_CLAUSE,
    DENIAL_LEMMAS,
    TAKES_OBJECT,
    TO_CLAUSE,
)
from .doc import _Doc

_NP_OK_LEMMAS = {"say", "tell"} | DENIAL_LEMMAS  # may take a bare noun phrase ("denied any involvement")


def _content_bounds(d: _Doc, lo: int, hi: int) -> tuple[int, int]:
    text = d.text
    # a closing mark at the start belongs to a quotation that ended before the content
    # ('it "categorically denied" the claims' -> "the claims")
    while lo < hi and (text[lo] in " ,:\u2014-\u201d" or text[lo] in '".' and text[lo + 1 : lo + 2].isspace()):
        lo += 1
    while hi > lo and text[hi - 1] in " .!?;,":
        hi -= 1
    return lo, hi


_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|had|has|have|will|would|could|can|should|did|does|do|must|might|may)\b"
)


def _complement(d: _Doc, lemma: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """Where the reported content starts after a cue verb, and where it ends."""
    text = d.text
    rest = text[lo:hi]
    # "called on X to ...", "urged X to ...", "asked X to ..."
    if lemma in {"call"}:
        m = re.match(r"\s+on\s+(?:[\w'\u2019.-]+\s+){1,6}?to\s+", rest)
        if not m:
            # "called the resignation \u201cutterly explosive\u201d": the quotation is the claim
            qm = re.match(r"\s+[^.;:\"\u201c]{1,80}?\s+([\"\u201c][^\"\u201d]{2,200}[\"\u201d])", rest)
            if qm:
                return lo + qm.start(1), lo + qm.end(1), ""
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, " on"
    if lemma == "accuse":
        m = re.match(r"\s+(?:[\w'\u2019.-]+\s+){1,5}?of\s+", rest)
        if not m:
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, ""
    if lemma == "describe":
        m = re.match(r"\s+(?:[^.;:]{1,80}?\s+)?as\s+", rest)
        if not m:
            return None
        c_lo, c_hi = _content_bounds(d, lo + m.end(), hi)
        return c_lo, c_hi, ""
    if lemma in {"ask", "wonder", "question", "know", "explain", "say", "tell", "reveal", "indicate", "announce"}:
        m = re.match(r"((?:\s+[\w'\u2019.-]+){0,4}?)\s+(whether|if|how|why|what|when|where|who)\s+\w", rest)
        if (
            m
            and not re.search(r"[.;:,]", m.group(1))
            and (lemma in {"ask", "wonder", "question"} or not m.group(1).strip())
        ):
            c_lo, c_hi = _content_bounds(d, lo + m.start(2), hi)
            return c_lo, c_hi, ""
    # that-clause within a few words ("said in a statement that", "told reporters that")
    m = re.match(r"((?:\s+[\w'\u2019.-]+|,){0,8}?)\s+(that)\s+", rest)
    if m and not re.search(r"[.;:]", m.group(1)):
        start = lo + m.start(2)
        c_lo, c_hi = _content_bounds(d, start, hi)
        return c_lo, c_hi, ""
    if lemma in TO_CLAUSE:
        m = re.match(r"((?:\s+(?!to\b)[\w'\u2019.-]+){0,5}?)\s+(to)\s+\w", rest)
        if m and (lemma not in TAKES_OBJECT or m.group(1).strip()) and not re.search(r"[.;:,]", m.group(1)):
            if (
                lemma
                in {
                    "plan",
                    "want",
                    "intend",
                    "promise",
                    "vow",
                    "pledge",
                    "threaten",
                    "refuse",
                    "expect",
                    "hope",
                    "agree",
                    "demand",
                    "propose",
                }
                and m.group(1).strip()
                and lemma not in TAKES_OBJECT
            ):
                if lemma not in BARE_CLAUSE:
                    return None
                m = None  # "hoped utilities would be able to …": a clause, handled below
            if m is not None:
                c_lo, c_hi = _content_bounds(d, lo + m.start(2), hi)  # annotators keep the "to"
                return c_lo, c_hi, ""
    if lemma in BARE_CLAUSE or lemma in DENIAL_LEMMAS:
        r = rest
        skip = 0
        if lemma in TAKES_OBJECT:
            om = re.match(
                r"\s+(?:the\s+)?(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*|reporters|journalists|him|her|them|us|me|the\s+\w+)\b",
                r,
            )
            if om:
                skip = om.end()
        r2 = r[skip:]
        if re.match(r"\s*[:,]\s*[\"\u201c]", r2):
            return None  # 'X said: "…"' — a direct quote follows: pass 1 owns it
        qm = re.match(r"\s*(?=[\"\u201c])", r2)
        if qm:
            # 'X said "the question is the timing."': the quotation is the clause (mixed)
            c_lo, c_hi = _content_bounds(d, lo + skip + qm.end(), hi)
            return c_lo, c_hi, ""
        if re.match(r"\s*[.!?]?\s*$", r2):
            return None
        if re.match(r"\s*,\s+(?:[a-z]+ing|and|but|as|while|before|after|then|when)\b", r2):
            return None  # '…," he said, cutting off a reporter': what follows the comma is narration
        if lemma not in DENIAL_LEMMAS and re.match(
            r"\s+(?:in|on|at|of|about(?!\s+\d)|for|with|by|from|to|during|after|last|this|yesterday|today|so|something|nothing|anything|goodbye|hello|no|yes|more)\b",
            r2,
            re.I,
        ):
            return None
        starts_clause = re.match(
            r"\s+(?:he|she|they|it|we|i|you|there|the|this|that|these|those|his|her|their|[A-Z])\w*\s+\w+", r2
        )
        has_verb = re.match(
            r"(?:\s+[\w'\u2019.-]+){1,7}?\s+(?:is|are|was|were|will|would|could|can|should|may|might|must|has|have|had|did|does|do|need|needs)\b",
            r2,
        )
        if (
            lemma
            in {
                "report",
                "note",
                "state",
                "continue",
                "show",
                "find",
                "claim",
                "add",
                "write",
                "reveal",
                "announce",
                "admit",
                "acknowledge",
                "confirm",
                "predict",
                "warn",
                "recall",
                "answer",
                "respond",
                "reply",
                "feel",
                "know",
                "learn",
                "understand",
                "estimate",
                "fear",
                "expect",
                "agree",
                "indicate",
                "conclude",
                "allege",
            }
            and not starts_clause
            and not has_verb
        ):
            return None
        if not starts_clause and not has_verb and lemma not in _NP_OK_LEMMAS:
            return None
        c_lo, c_hi = _content_bounds(d, lo + skip, hi)
        return c_lo, c_hi, ""
    return None
