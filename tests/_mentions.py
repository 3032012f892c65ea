"""Synthetic GroundedMentions and DocumentResults for merge tests (no article text needed)."""

from __future__ import annotations

from claimex.models import DocumentResult, ExtractorInfo, GroundedMention, Mention, MentionSentence, Speaker

INFO = ExtractorInfo(backend="rules", version="test")


def gm(
    doc: str,
    local: str,
    text: str,
    speaker: str | None = "Philip Rutnam",
    *,
    kind: str | None = None,
    qt: str = "direct",
    pol: str = "assertion",
    denies: tuple[str, ...] = (),
    date: str | None = None,
    start: int | None = None,
    aliases: tuple[str, ...] = (),
    cue: str | None = "said",
) -> GroundedMention:
    """One grounded mention; `start` defaults to 1000 * the number in `local` (unique per document)."""
    if start is None:
        start = 1000 * int("".join(ch for ch in local if ch.isdigit()) or 0)
    kind = kind or ("person" if speaker else "unnamed")
    return GroundedMention(
        local_id=local,
        mention=Mention(
            doc_id=doc,
            start=start,
            end=start + len(text),
            text=text,
            speaker_text=speaker,
            cue=cue,
            sentence=MentionSentence(start=start, end=start + len(text)),
        ),
        speaker=Speaker(name=speaker, kind=kind, aliases=aliases),  # type: ignore[arg-type]
        quote_type=qt,
        polarity=pol,
        denies=denies,
        confidence=0.8,
        extractor=INFO,
        doc_date=date,  # type: ignore[arg-type]
    )


def results(mentions: list[GroundedMention], urls: dict[str, str] | None = None) -> list[DocumentResult]:
    """Group mentions into one DocumentResult per document (date from the mentions)."""
    by: dict[str, list[GroundedMention]] = {}
    for g in mentions:
        by.setdefault(g.mention.doc_id, []).append(g)
    return [
        DocumentResult(
            doc_id=d,
            path=f"{d}.txt",
            date=gs[0].doc_date,
            url=(urls or {}).get(d),
            title=f"Title of {d}",
            mentions=tuple(gs),
            extracted=len(gs),
            extractor=INFO,
        )
        for d, gs in sorted(by.items())
    ]


def write_run(path, mentions: list[GroundedMention], urls: dict[str, str] | None = None) -> None:
    """A minimal run directory: documents.jsonl only."""
    from claimex.emit import atomic_write, dumps

    path.mkdir(parents=True, exist_ok=True)
    atomic_write(path / "documents.jsonl", [dumps(r) for r in results(mentions, urls)])


def claims_text(claims) -> str:
    """What claims.jsonl would contain, byte for byte."""
    from claimex.emit import dumps

    return "".join(dumps(c) + "\n" for c in claims)
