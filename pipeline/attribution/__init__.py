"""Learned attribution: a cue lexicon and a candidate scorer trained on PolNeAR's train split.

The rule backend finds what its patterns enumerate; this package adds the
attributions they miss (mostly indirect speech with uncommon cues). Both the
lexicon (each cue word's attribution rate) and the scorer's weights are word
statistics learned by `training/train_attribution.py` from PolNeAR (Newell,
Margolin & Ruths, LREC 2018) and shipped in `weights.json`; at run time this is
pure Python with no dependencies. Last, the keep filter (`keep.py`, weights in
`keep.json` from `training/train_keep.py`) drops the mentions, the patterns' or
the layer's, that it scores as no attribution; then `respeak.py` repairs the
speaker phrases that are plainly not the source (after the filter: nothing
trained reads them).
"""

from .keep import filter_mentions
from .learned import augment

__all__ = ["augment", "filter_mentions"]
