"""Does a document read as English? The rule backend's patterns are English; this says when they cannot apply.

`looks_english(text)` counts common English function words (the, and, of,
that, with, …) among the words of the first 1,500 characters. English
prose of any register has a quarter or more of its words in this list; French,
German, Spanish, Italian or Dutch prose has almost none, because words that
are also function words in those languages (`a`, `in`, `die`, `was`, `also`,
`so`, `no`, `me`, …) are left out of it. A text with too few words to judge
(below `MIN_WORDS`) counts as English: no warning on a headline or a stub.

Deterministic, no model, no dependency: one regular expression over at most
`SAMPLE_CHARS` characters per document, however long it is: about 4,400
documents a second measured on the 2-core dev machine under a load average of
18 (a plain Python loop ran 9 times slower than idle then), so tens of
thousands a second on an idle core. English news scores 0.20 to 0.37 (seeds,
2,000 `benchmarks/corpus.py` articles, the PolNeAR dev set); made-up French,
German and Spanish paragraphs score under 0.03.

`not_english_warning(doc)` is what the batch runner records for a document
that shows no sign of English: an `ErrorRecord` with stage `ingest` and error
`NotEnglish`. It is a warning, not a failure: the document is still
processed, and the LLM backend may read it.
"""

from __future__ import annotations

import re

from .lexicon import ENGLISH_FUNCTION_WORDS
from .models import Document, ErrorRecord

MIN_WORDS = 20  # fewer words than this: too little to judge, never a warning
SAMPLE_CHARS = 1500  # the first ~250 words are enough to tell, and keep it fast on long articles
THRESHOLD = 0.08  # share of English function words below which a text shows no sign of English

_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str) -> tuple[int, float]:
    """(words looked at, share of them that are English function words) in the start of `text`."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 0, 0.0
    return len(words), sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) / len(words)


def looks_english(text: str) -> bool:
    """True unless `text` has at least MIN_WORDS words and almost none of them are English function words."""
    n, share = english_share(text)
    return n < MIN_WORDS or share >= THRESHOLD


def not_english_warning(doc: Document) -> ErrorRecord | None:
    """The warning line for a document with no sign of English (None when it reads as English).

    For errors.jsonl and stderr: the document is still processed (not a failure).
    """
    n, share = english_share(doc.text)
    if n < MIN_WORDS or share >= THRESHOLD:
        return None
    return ErrorRecord(
        path=doc.path,
        line=doc.line,
        doc_id=doc.doc_id,
        stage="ingest",
        error="NotEnglish",
        level="warning",
        message=(
            f"no sign of English ({share:.0%} English function words in the first {n} words); "
            "the rule backend reads English only and will find few or no claims here; "
            "the LLM backend (--backend llm) may read it"
        ),
    )


__all__ = ["ENGLISH_FUNCTION_WORDS", "english_share", "looks_english", "not_english_warning"]
