"""A disk cache of validated model answers, keyed by everything that determines them.

Keys are sha256 hex digests of a canonical JSON of the request's determinants
(model, base URL, prompt version and text, schema, the chunk's messages,
temperature, token limit); see `LLMExtractor._cache_key`. Entries are written
to a temporary file and renamed, so concurrent writers and crashed runs never
leave a half-written entry; an unreadable entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..emit import atomic_lines

CACHE_FORMAT = 1  # bump when the stored value's shape changes


def cache_key(parts: dict) -> str:
    """sha256 of the canonical JSON of `parts` (sorted keys, no whitespace)."""
    blob = json.dumps(
        {"cache_format": CACHE_FORMAT, **parts}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class DiskCache:
    """JSON values under `root/ab/abcdef….json`; safe to share between threads and processes."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The stored value, or None when absent or unreadable (a torn or foreign file is a miss)."""
        try:
            with open(self._path(key), encoding="utf-8") as fh:
                value = json.load(fh)
        except (OSError, ValueError, RecursionError):  # (RecursionError: JSON nested too deep to load)
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict) -> None:
        """Store `value` atomically (temp file in the same directory, fsync, rename)."""
        with atomic_lines(self._path(key)) as write:
            write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
