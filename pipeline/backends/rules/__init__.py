"""The rule-based extractor: deterministic, offline, pure Python.

Three passes over a segmented document:

1. direct quotes (`direct.py`): every quotation that stands as a statement of its own (at
   the start of a sentence or after a colon/cue), attributed from the frame
   after it (`"…," X said`, `"…," said X`) or before it (`X said: "…"`), from
   the rest of a multi-paragraph quotation, or from the quote just before;
2. indirect speech (`indirect.py`): `X said (that) …`, `X says he is going to …`,
   `…, X said.`, `According to X, …`, beliefs and intentions (`X believes`,
   `X plans to`), with quotations inside making it "mixed"; then quoted words
   with any verb (`quoted.py`);
3. nested attributions inside quotations (`The Home Secretary categorically
   denied …`, `It has been alleged that …`), and denials with the statement
   they deny when both are in the text (`denials.py`).

Every attribution pattern is a registered unit in `patterns.py` (id, trigger words,
priority, confidence, examples); each mention carries the id of the pattern that made
it as `rule`. Speakers come out as surface phrases (`he`, `Sir Philip`, `the Home
Secretary`); the resolve-speakers stage maps them to names.
"""

from .denials import has_denial
from .extractor import VERSION, RuleExtractor, extract_rules, unfiltered_mentions

__all__ = ["VERSION", "RuleExtractor", "extract_rules", "has_denial", "unfiltered_mentions"]
