"""What the merge tests share: a statement and lookups over claims."""

from __future__ import annotations

FULL = "But despite my efforts to engage with her, Priti Patel has made no effort to engage with me to discuss this."


def by_content(claims, needle):
    hits = [c for c in claims if needle.lower() in c.content.lower()]
    assert len(hits) == 1, [c.content for c in claims]
    return hits[0]


def docs_of(c):
    return sorted({m.doc_id for m in c.mentions})
