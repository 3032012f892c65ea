"""The trainers' one-line error for absent training data (instead of a traceback)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TRAIN_HINT = "pass the file as the first argument, or SHARED= for make train"  # the PolNeAR trainers'


def missing_files(paths: Iterable[Path], hint: str) -> str | None:
    """One error line naming every file of `paths` that is not there, ending with `hint` (how to point
    the trainer at the data); None when all are there."""
    missing = [str(p) for p in paths if not p.is_file()]
    if not missing:
        return None
    return f"error: missing training data: {', '.join(missing)} ({hint})"
