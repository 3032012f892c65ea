"""Runs for the review-page tests: the seeds through the real pipeline, and a planted hostile article.

The planted run is written by hand (through the real models and emit stage)
so it can hold exactly the cases the page must survive: markup that would
run if it were parsed (`<script>`, `<img onerror>`), emoji before mentions
(UTF-16 offsets differ from code points), CRLF line ends, a mention nested in
another and one crossing the end of another, a denial link, and a
`javascript:` URL in the article metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimex.backends.rules import RuleExtractor
from claimex.emit import write_outputs
from claimex.models import Claim, DocumentResult, ExtractorInfo, Mention, MentionSentence, Speaker, Variant
from claimex.run import run_batch
from claimex.textnorm import stable_id

PLANTED_ID = "planted"
PLANTED_TEXT = (
    "Leaked memo \U0001f4c4\U0001f525 sparks row over <b>security</b>\r\n"
    'Ana Ruiz said: "<script>window.__pwned=1</script> is what the intruders typed into the form".\r\n'
    'Ben Ode denied it: "<img src=x onerror="window.__pwned=2"> never ran on our servers & never will".\r\n'
    "Cara Lin said the outer statement holds an inner phrase and then crosses over into the next words here.\r\n"
)
# (claim key, speaker, exact substring, polarity); offsets come from the text itself.
PLANTED_MENTIONS = [
    ("ana", "Ana Ruiz", "<script>window.__pwned=1</script> is what the intruders typed into the form", "assertion"),
    ("ben", "Ben Ode", '<img src=x onerror="window.__pwned=2"> never ran on our servers & never will', "denial"),
    ("outer", "Cara Lin", "the outer statement holds an inner phrase and then crosses over", "assertion"),
    ("inner", "Cara Lin", "an inner phrase", "assertion"),
    ("cross", "Dan Roe", "crosses over into the next words", "assertion"),
]
_INFO = ExtractorInfo(backend="rules", version="test")


def seeds_run(seeds_dir: Path, out: Path) -> Path:
    """Run the real pipeline (rule backend) on the seeds into `out`; returns `out`."""
    run_batch([str(seeds_dir)], RuleExtractor(), out)
    return out


def planted_id(key: str) -> str:
    """The claim id of a planted mention (the contract's 16 hex digits)."""
    return stable_id("planted", key)


def planted_run(base: Path) -> tuple[Path, Path]:
    """Write the planted article and a run over it; returns (article path, run dir)."""
    src = base / "src"
    src.mkdir(parents=True, exist_ok=True)
    article = src / f"{PLANTED_ID}.txt"
    article.write_bytes(PLANTED_TEXT.encode("utf-8"))  # bytes: keep the CRLF exactly
    ids = {key: planted_id(key) for key, *_ in PLANTED_MENTIONS}
    claims = []
    for key, speaker, content, polarity in PLANTED_MENTIONS:
        start = PLANTED_TEXT.index(content)
        line_start = PLANTED_TEXT.rfind("\n", 0, start) + 1
        line_end = PLANTED_TEXT.index("\r\n", start)
        claims.append(
            Claim(
                claim_id=ids[key],
                speaker=Speaker(name=speaker, kind="person"),
                content=content,
                statement=f'{speaker}: "{content}"',
                quote_type="direct",
                claim_type="other",
                checkworthiness=0.5,
                cue="said",
                polarity=polarity,
                denies=(ids["ana"],) if key == "ben" else (),
                denied_by=(ids["ben"],) if key == "ana" else (),
                mentions=(
                    Mention(
                        doc_id=PLANTED_ID,
                        start=start,
                        end=start + len(content),
                        text=content,
                        speaker_text=speaker,
                        cue="said",
                        sentence=MentionSentence(start=line_start, end=line_end),
                    ),
                ),
                variants=(Variant(text=content, doc_ids=(PLANTED_ID,)),),
                outlets=1,
                extractor=_INFO,
                confidence=0.9,
            )
        )
    out = base / "run"
    result = DocumentResult(
        doc_id=PLANTED_ID,
        path=str(article),
        title="Planted <script>alert(1)</script> title",
        url="javascript:window.__pwned=3",
        extractor=_INFO,
    )
    write_outputs(out, claims, [], [result], {"inputs": [str(src)], "backend": "rules"})
    return article, out


def overlaps_run(base: Path, n: int = 80, seed: int = 3) -> tuple[str, Path]:
    """A run whose one article carries `n` random, heavily overlapping mentions; returns (text, run dir).

    Spans are random (nested, crossing, identical, adjacent), so the page's
    highlight layout is checked on every shape at once, not only on the ones
    a test author thought of.
    """
    import random

    rng = random.Random(seed)
    words = ["alpha", "beta", "\U0001f600", "gamma", "<i>", "delta", "&amp;", "\u00e9t\u00e9", "epsilon", "\r\n"]
    text = " ".join(rng.choice(words) for _ in range(120)) + "\n"
    src = base / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "overlaps.txt").write_bytes(text.encode("utf-8"))
    claims = []
    for i in range(n):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randint(1, 60))
        if i % 9 == 0 and claims:  # some spans repeat exactly
            start, end = claims[-1].mentions[0].start, claims[-1].mentions[0].end
        content = text[start:end]
        claims.append(
            Claim(
                claim_id=f"{i:016x}",  # the contract: 16 hex digits
                speaker=Speaker(name=f"Speaker {i % 6}", kind="person"),
                content=content,
                statement=f'Speaker {i % 6}: "{content}"',
                quote_type="direct",
                claim_type="other",
                checkworthiness=0.5,
                polarity="denial" if i % 5 == 0 else "assertion",
                mentions=(
                    Mention(
                        doc_id="overlaps",
                        start=start,
                        end=end,
                        text=content,
                        sentence=MentionSentence(start=0, end=len(text)),
                    ),
                ),
                extractor=_INFO,
                confidence=0.5,
            )
        )
    out = base / "run"
    result = DocumentResult(doc_id="overlaps", path=str(src / "overlaps.txt"), extractor=_INFO)
    write_outputs(out, claims, [], [result], {"inputs": [str(src)], "backend": "rules"})
    return text, out


def load_claims(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines() if line]
