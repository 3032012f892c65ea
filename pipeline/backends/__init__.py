"""Extractor backends: one small interface, several implementations.

`Extractor.extract(seg)` is the public call (in the base class); a backend
implements only `_extract(seg)`. See `base.py`.
"""

from .base import Extractor, FakeExtractor
from .rules import RuleExtractor

__all__ = ["Extractor", "FakeExtractor", "RuleExtractor"]
