"""Compare a run's claims with the hand-written seed gold (tests/fixtures/seeds_gold.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from claimex.models import Claim
from claimex.textnorm import normalize

GOLD = Path(__file__).parent / "fixtures" / "seeds_gold.json"


@dataclass
class Miss:
    doc_id: str
    content: str
    want_speaker: str | None
    why: str


def load_gold() -> dict[str, list[dict]]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


def check(
    claims: list[Claim], fields: tuple[str, ...] = ("speaker", "quote_type", "polarity")
) -> tuple[int, list[Miss]]:
    """(number of gold items, the ones not found as specified in `fields`)."""
    gold = load_gold()
    by_doc: dict[str, list[tuple[Claim, str]]] = {}
    for c in claims:
        for m in c.mentions:
            by_doc.setdefault(m.doc_id, []).append((c, normalize(m.text)))
    misses: list[Miss] = []
    total = 0
    for doc_id, items in gold.items():
        for g in items:
            total += 1
            want = normalize(g["content"])
            found = [c for c, text in by_doc.get(doc_id, []) if want in text]
            if not found:
                misses.append(Miss(doc_id, g["content"], g["speaker"], "no mention contains it"))
                continue
            ok = [c for c in found if c.speaker.name == g["speaker"]] if "speaker" in fields else found
            if not ok:
                got = sorted({str(c.speaker.name) for c in found})
                misses.append(Miss(doc_id, g["content"], g["speaker"], f"speaker {got}"))
                continue
            if "quote_type" in fields and g["quote_type"] and not any(c.quote_type == g["quote_type"] for c in ok):
                misses.append(
                    Miss(doc_id, g["content"], g["speaker"], f"quote_type {sorted({c.quote_type for c in ok})}")
                )
                continue
            if "polarity" not in fields:
                continue
            want_pol = "denial" if g["denial"] else "assertion"
            # the smallest claim holding the content carries the polarity that matters
            best = min(ok, key=lambda c: len(c.content))
            if best.polarity != want_pol:
                misses.append(Miss(doc_id, g["content"], g["speaker"], f"polarity {best.polarity}"))
    return total, misses
