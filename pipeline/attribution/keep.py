"""The keep filter: a learned accept/reject score for every rule-backend mention.

`filter_mentions(seg, mentions)` runs at the end of `extract_rules`, after the
learned layer: each mention (a pattern's or a learned addition) gets a
probability of being an attribution the gold marks, from a logistic regression
over sparse features of the mention and its place (rule, quote type, cue word,
speaker kind, content length and first word, the characters around it, its
sentence and paragraph, overlap with other mentions, the learned layer's score).
Mentions under the threshold are dropped, but for denials and the statements a
denial names (`exempt`); whole quotations have a model and threshold of their own
(`quote_features`). The weights (`keep.json`) are built
by `make train-keep` (`training/train_keep.py`) from PolNeAR's train split; the
threshold is chosen on folds of it. What it drops is mostly learned additions
and indirect contents no gold marks, often next to a cue word used for
something else (`state Rep.`, `said when …`, `maintained his lead`): in the
direct + mixed view every such mention counts as a false positive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from ..intervals import Intervals
from ..lexicon import SUBJECT_PRONOUNS
from ..models import ExtractedMention, SegmentedDocument
from .candidates import QUOTE_MARKS
from .learned import logistic, read_weights

WEIGHTS = Path(__file__).with_name("keep.json")
_MARKS = "".join(QUOTE_MARKS)
_WORD = re.compile(r"\w+")
# features also crossed with the mention's pass (direct, indirect, learned, ...)
_CROSSED = ("len=", "cover=", "scov=", "aft=", "bef=", "ov=", "si=", "pi=", "caps=")


class Model:
    """Sparse logistic regression: weights by feature, bias, threshold; `quote`, when the data has
    one, is the model of whole quotations (`quote_features`), with its own threshold."""

    def __init__(self, data: dict):
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]
        self.threshold: float = data["threshold"]
        self.quote: Model | None = Model(data["quote"]) if "quote" in data else None

    def prob(self, feats: list[str]) -> float:
        """The mention's keep probability, from its sparse features."""
        return logistic(self.bias, self.weights, feats)


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped model, or None when keep.json is absent (then nothing is dropped)."""
    data = read_weights(WEIGHTS)
    return None if data is None else Model(data)


def bucket(n: int, edges: tuple[int, ...]) -> str:
    """The first edge n does not exceed, as text; '>last' past the last."""
    for e in edges:
        if n <= e:
            return str(e)
    return ">" + str(edges[-1])


def _span(m: ExtractedMention) -> tuple[int, int]:
    start = m.content_hint or 0
    return start, start + len(m.content)


class View:
    """One document's mentions with what every mention's features read, computed once: content
    spans, sentence and paragraph starts."""

    def __init__(self, seg: SegmentedDocument, mentions: list[ExtractedMention]):
        self.seg = seg
        self.mentions = mentions
        self.spans = [_span(m) for m in mentions]
        self.intervals = Intervals(self.spans)  # which spans overlap or hold one, without a scan of all
        self.sentence_starts = [s.start for s in seg.sentences]
        self.paragraph_starts = [p.start for p in seg.paragraphs]
        self._words: dict[tuple[int, int], int] = {}
        self._ends: dict[int, str] = {}

    def words(self, start: int, end: int) -> int:
        """Word count of text[start:end] (a sentence or paragraph: asked once per mention in it)."""
        n = self._words.get((start, end))
        if n is None:
            n = self._words[start, end] = len(_WORD.findall(self.seg.text, start, end))
        return n

    def sentence_end(self, si: int) -> str:
        """The last non-space character of sentence `si` ('-' for a blank one); asked once per mention
        in it, so kept rather than the sentence copied and stripped each time."""
        c = self._ends.get(si)
        if c is None:
            s = self.seg.sentences[si]
            tail = self.seg.text[s.start : s.end].rstrip()
            c = self._ends[si] = tail[-1] if tail else "-"
        return c


def _speaker_kind(text: str | None) -> str:
    if not text:
        return "none"
    if text.lower() in SUBJECT_PRONOUNS:
        return "pron"
    return "cap" if text[0].isupper() else "low"


def _content_feats(content: str, words: list[str]) -> list[str]:
    """Length, first word, share of capitalised and numeric words, quotation marks (`words`: the
    content's words, which `features` reads too)."""
    n = len(words)
    f = ["len=" + bucket(n, (1, 2, 3, 5, 8, 13, 21, 34, 55))]
    if words:
        f.append("w0=" + words[0].lower())
        caps = sum(1 for w in words if w[0].isupper()) / n
        f.append("caps=" + bucket(int(caps * 10), (1, 3, 5, 7)))
        if sum(1 for w in words if w[0].isdigit()) / n > 0.2:
            f.append("digits")
    # str.count per mark rather than a loop over the characters: the same number, at C speed
    f.append("nq=" + bucket(sum(content.count(c) for c in QUOTE_MARKS), (0, 1, 2, 4)))
    if content.rstrip().endswith("?"):
        f.append("qmark")
    return f


def _index(spans: tuple, starts: list[int], pos: int) -> int:
    """Index of the span of `spans` (sorted Span models, `starts` theirs) holding `pos`, or -1."""
    k = bisect_right(starts, pos) - 1
    return k if k >= 0 and pos < spans[k].end else -1


def _place_feats(view: View, start: int, end: int, n_words: int) -> list[str]:
    """Where the content sits: sentence and paragraph index, their share covered, the marks around it."""
    seg = view.seg
    text = seg.text
    si = _index(seg.sentences, view.sentence_starts, start)
    pi = _index(seg.paragraphs, view.paragraph_starts, start)
    f = ["si=" + bucket(si, (0, 1, 2, 4)), "pi=" + bucket(pi, (0, 1, 2, 4))]
    if pi >= 0:
        p = seg.paragraphs[pi]
        pw = view.words(p.start, p.end)
        f += ["pw=" + bucket(pw, (5, 10, 20, 40, 80)), "cover=" + bucket(10 * n_words // max(1, pw), (2, 5, 8, 10))]
    if si >= 0:
        s = seg.sentences[si]
        sw = view.words(s.start, s.end)
        f.append("scov=" + bucket(10 * n_words // max(1, sw), (2, 5, 8, 10)))
        f.append("send=" + view.sentence_end(si))
    f.append("aft=" + (text[end : end + 3].strip()[:1] or "$"))
    f.append("bef=" + (text[max(0, start - 3) : start].strip()[-1:] or "^"))
    return f


def _neighbour_feats(view: View, i: int) -> list[str]:
    """Overlap with the other mentions; the previous mention's speaker and distance."""
    mentions = view.mentions
    m = mentions[i]
    start, end = view.spans[i]
    ov = 0.0
    # the spans with min(end, oe) - max(start, os_) > 0, found without a loop over all n for each of a
    # document's n mentions (n**2 in a window of dialogue; overlaps are rare)
    for j in view.intervals.overlapping(start, end):
        if j != i:
            os_, oe = view.spans[j]
            inter = min(end, oe) - max(start, os_)
            ov = max(ov, inter / max(1, min(end - start, oe - os_)))
    f = ["ov=" + ("0" if ov == 0 else ("p" if ov < 0.5 else "h"))]
    if i > 0:
        prev = mentions[i - 1]
        if prev.speaker_text and prev.speaker_text == m.speaker_text:
            f.append("same_prev_spk")
        f.append("gapprev=" + bucket(max(start - view.spans[i - 1][1], -1), (-1, 3, 20, 100)))
    return f


def features(view: View, i: int) -> list[str]:
    """The sparse features of mention `i` of a document's rule-backend mentions (in their order).

    A learned mention's `confidence` is still the learned layer's probability here (the rule's
    precision replaces it after this filter)."""
    m = view.mentions[i]
    start, end = view.spans[i]
    rule = m.rule or "-"
    pas = rule.split(".", 1)[0]
    cue = (m.cue or "-").lower().split() or ["-"]
    sk = _speaker_kind(m.speaker_text)
    f = ["rule=" + rule, "qt=" + m.quote_type, "rq=" + rule + "|" + m.quote_type]
    f += ["cue=" + cue[-1], "pc=" + pas + "|" + cue[-1], "spk=" + sk, "rs=" + rule + "|" + sk]
    f.append("skind=" + m.speaker.kind)
    words = _WORD.findall(m.content)
    content = _content_feats(m.content, words)
    n_words = len(words)
    f += content + ["rl=" + pas + "|" + bucket(n_words, (2, 4, 8, 16, 32))]
    f += _place_feats(view, start, end, n_words)
    f += _neighbour_feats(view, i)
    if m.speaker_hint is not None:
        dist = m.speaker_hint - end if m.speaker_hint >= end else start - m.speaker_hint
        f.append("sd=" + bucket(abs(dist), (3, 10, 30, 100)))
    if pas == "learned":
        f.append("lp=" + bucket(int(m.confidence * 20), (14, 15, 16, 17, 18, 19)))
    f.append("ndoc=" + bucket(len(view.mentions), (5, 10, 20, 40)))
    return f + [x + "&" + pas for x in f if x.startswith(_CROSSED)]


def exempt(mentions: list[ExtractedMention]) -> list[bool]:
    """Which mentions the filter never drops: denials and the statements a denial names (a denial is
    what the claim graph is for, and the link is evidence of its own)."""
    denied = {d for m in mentions for d in m.denies}
    return [m.polarity == "denial" or m.local_id in denied for m in mentions]


def roles(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[str]:
    """Each mention's model: `keep` (never dropped: `exempt`, both halves of a quotation cut by its
    own frame, `"A," Ms. Doe said, "and B."`, which the rule backend joins after this filter into one
    statement, and the paragraphs of a quotation over several, `_paragraph_of_many`), `quote` (the
    other whole quotations, `direct`: the quotation model) or `main` (the rest). A quoted statement
    stands on its own whatever a corpus's conventions about where one ends, so the main model's
    rates do not fit it; what its own model drops is quoted words that are no statement (scare
    quotes, titles, a document's phrase)."""
    from ..backends.rules.doc import Doc  # (circular at module level: the backend imports this package)
    from ..backends.rules.duplicates import quotation_halves

    heads = quotation_halves(Doc(seg), mentions)
    halves = set(heads) | set(heads.values())
    protected = exempt(mentions)
    return [_role(m, protected[i], i in halves) for i, m in enumerate(mentions)]


def _role(m: ExtractedMention, protected: bool, half: bool) -> str:
    """A mention's `roles` entry, given whether it is `exempt` and a quotation half."""
    if protected:
        return "keep"
    if m.quote_type != "direct":
        return "main"
    if half or _paragraph_of_many(m) or m.rule in _DECIDED:
        return "keep"
    return "quote"


# the rules that decide themselves whether quoted words are a statement (an uttering verb, `X used the
# phrase "…"`; an unframed quotation of 8+ words with no speaker near; an interview's answer, a
# transcript's turn): the quotation model does not overrule them (pattern ids in backends/rules/direct.py
# and interview.py)
_DECIDED = frozenset({"direct.utter_verb", "direct.unattributed", "direct.qa_answer", "direct.transcript_turn"})


# the rules whose quotation is a paragraph of a statement that runs over several, its speaker carried
# from the paragraph before (pattern ids in backends/rules/direct.py)
CARRIED_RULES = frozenset({"direct.previous_speaker", "direct.quote_group"})


def _paragraph_of_many(m: ExtractedMention) -> bool:
    """Whether a quotation is one paragraph of a statement quoted over several: its speaker carried
    from the paragraph before, or an odd number of marks (a paragraph that runs on opens a quotation
    and leaves it open). A corpus may mark such a statement once, as one attribution; the seeds'
    statements are these paragraphs, each a claim (so never the quotation model's to drop)."""
    return m.rule in CARRIED_RULES or sum(m.content.count(c) for c in QUOTE_MARKS) % 2 == 1


def quote_features(view: View, i: int) -> list[str]:
    """`features` of a whole quotation, plus what tells a quoted statement from quoted words: a cue
    and speaker found or not, the case of the first quoted letter, the content's last character
    (a statement's closing punctuation, or a letter), and the character before the opening mark."""
    m = view.mentions[i]
    start, _ = view.spans[i]
    text = m.content.strip().strip(_MARKS).strip()  # the quoted words, without their marks
    f = features(view, i)
    f.append("qcue=" + ("1" if m.cue else "0") + ("1" if m.speaker_text else "0"))
    if text:
        f.append("qfirst=" + ("cap" if text[0].isupper() else "low" if text[0].isalpha() else "other"))
        f.append("qlast=" + ("w" if text[-1].isalnum() else text[-1]))
    before = view.seg.text[max(0, start - 2) : start].strip()
    f.append("qbef=" + (before[-1:] if before else "^"))
    return f + _container_feats(view, i)


def _container(view: View, i: int) -> int:
    """The longest other mention holding mention `i`'s content (a reported statement around a
    quotation, `X said that A, "B."`), or -1."""
    start, end = view.spans[i]
    best, size = -1, end - start
    for j in sorted(view.intervals.holding(start, end)):  # (in index order: the first of the longest wins)
        os_, oe = view.spans[j]
        if j != i and oe - os_ > size:
            best, size = j, oe - os_
    return best


def _same_speaker_word(a: ExtractedMention, b: ExtractedMention) -> bool:
    """Whether two mentions' speaker phrases end in the same word (`Ms. Doe` and `Doe`)."""
    last = [(x.speaker_text or "").split()[-1:] for x in (a, b)]
    return bool(last[0]) and last[0] == last[1]


def _container_feats(view: View, i: int) -> list[str]:
    """The rule of the longest other mention holding quotation `i` (`_container`), alone and with
    whether its speaker phrase ends in the same word: one of the two is a second mention of one
    statement, and which one the gold marks depends on the pair."""
    j = _container(view, i)
    if j < 0:
        return ["qin=-"]
    rule = view.mentions[j].rule or "-"
    same = "same" if _same_speaker_word(view.mentions[j], view.mentions[i]) else "diff"
    return ["qin=" + rule, "qinspk=" + same, "qin=" + rule + "|" + same]


def filter_mentions(
    seg: SegmentedDocument, mentions: list[ExtractedMention], model: Model | None = None
) -> list[ExtractedMention]:
    """The mentions whose keep probability reaches their model's threshold, in their order (all of
    them when no model is shipped; see `roles`)."""
    model = model or load()
    if model is None:
        return mentions
    role = roles(seg, mentions)
    view = View(seg, mentions)
    return [m for i, m in enumerate(mentions) if _passes(model, view, i, role[i])]


def _passes(model: Model, view: View, i: int, role: str) -> bool:
    """Whether mention `i` is kept, by its `roles` entry: always (`keep`), by the quotation model's
    threshold (`quote`; always when the weights carry no quotation model) or the main model's."""
    if role == "keep":
        return True
    if role == "main":
        return model.prob(features(view, i)) >= model.threshold
    q = model.quote
    return q is None or q.prob(quote_features(view, i)) >= q.threshold
