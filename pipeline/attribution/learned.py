"""The run-time hook: score learned candidates and add the ones the rules missed.

`augment(seg, mentions)` is called once per document at the end of the rule
backend's `extract_rules`. Candidates from `candidates.py` whose content
overlaps a rule mention are dropped (the rules already said it); the rest are
scored by a logistic regression over sparse features (`weights.json`, built by
`make train-attribution`) and kept, greedily by score and without overlapping
each other, when their probability reaches the learned threshold. Every added
mention carries `rule="learned.<side>"`.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from ..clauses import negated_at, passive_at
from ..intervals import Intervals
from ..lexicon import CUE_LEMMA, DENIAL_LEMMAS, NARRATION_TAIL, RELATIVE_PRONOUNS, VERB_HELPERS, past_form
from ..models import ExtractedMention, SegmentedDocument, Speaker
from .candidates import QUOTE_MARKS, Candidate, document_candidates, speaker_features, word_rate

WEIGHTS = Path(__file__).with_name("weights.json")


class Model:
    """The shipped layer (weights.json): cue lexicon, source-word rates, scorer weights, bias, threshold."""

    def __init__(self, data: dict):
        self.lexicon: dict[str, float] = data["lexicon"]
        self.sources: dict[str, float] = data.get("sources", {})
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]
        self.threshold: float = data["threshold"]
        self._logit = math.log(self.threshold / (1.0 - self.threshold)) - 1e-6
        self._bonus: dict[tuple[str, str, tuple[str, ...]], float] = {}
        # the most a speaker phrase's own features (speaker_features) can add: one of each prefix
        self._spk_bonus = sum(
            max([0.0] + [v for f, v in self.weights.items() if f.startswith(p)]) for p in ("srate=", "shead=")
        )

    def reachable(self, feats: list[str], side: str, low: str, kinds: tuple[str, ...]) -> bool:
        """False when a candidate cannot reach the threshold whatever its speaker, which is one of
        `kinds` (`feats` holds every other feature, the rule-overlap one included; the speaker phrase's
        own features are bounded by their best weights, so the bound is safe, if not always tight)."""
        key = (side, low, kinds)
        bonus = self._bonus.get(key)
        w = self.weights
        if bonus is None:
            bonus = max(w.get("subj=" + k, 0.0) + w.get(side + "|w|subj=" + low + "|" + k, 0.0) for k in kinds)
            bonus += self._spk_bonus
            self._bonus[key] = bonus
        # map over dict.get rather than a generator: the same additions in the same order, in C
        return self.bias + sum(map(w.get, feats, repeat(0.0))) + bonus >= self._logit

    def prob(self, feats: list[str]) -> float:
        """The candidate's probability of being an attribution, from its sparse features."""
        return logistic(self.bias, self.weights, feats)


def logistic(bias: float, weights: dict[str, float], feats: list[str]) -> float:
    """A sparse logistic regression's probability: bias plus the weights of `feats` (0 for a feature
    without one), squashed; the sum is clamped to +-30 so exp cannot overflow. The learned layer, the
    keep filter and their trainers all score with this."""
    # map over dict.get rather than a generator: the same additions in the same order, in C
    z = bias + sum(map(weights.get, feats, repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def read_weights(path: Path) -> dict | None:
    """A shipped weights file's JSON, or None when the file is absent (then the stage does nothing)."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load() -> Model | None:
    """The shipped model (weights.json), or None when it is absent (then nothing is added)."""
    data = read_weights(WEIGHTS)
    return None if data is None else Model(data)


ENABLED = True  # the trainer switches the hook off to see the rules' own output


def overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters shared by two spans over the shorter one's length."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def rule_overlap(start: int, end: int, spans: list[tuple[int, int]], index: Intervals | None = None) -> float:
    """The largest share of [start, end) (or of a rule span, if shorter) a rule span covers (`index`:
    the spans' `Intervals`, so that only the spans that touch it are visited)."""
    near = index.overlapping(start, end) if index is not None else range(len(spans))
    best = 0.0
    for j in near:
        s = spans[j]
        if s[0] < end and s[1] > start:
            best = max(best, overlap_share((start, end), s))
    return best


def rule_frames(mentions: list[ExtractedMention]) -> list[tuple[str, int]]:
    """(cue word, speaker position) of every rule mention: cue words the rules already used."""
    out: list[tuple[str, int]] = []
    for m in mentions:
        if m.cue and m.speaker_hint is not None:
            out.extend((w.lower(), m.speaker_hint) for w in m.cue.split())
    return out


_FRAME_REACH = 60  # characters between a rule mention's speaker and its cue word


def scored_candidates(
    seg: SegmentedDocument,
    spans: list[tuple[int, int]],
    frames: list[tuple[str, int]],
    model: Model,
    gated: bool = True,
) -> list[tuple[float, Candidate]]:
    """Candidates not already said by the rules, with their probabilities."""

    index = Intervals(spans)  # (a scan of every rule span for each candidate was n**2 in a long document)
    at: dict[str, list[int]] = {}
    for w, pos in frames:
        at.setdefault(w, []).append(pos)
    for positions in at.values():
        positions.sort()  # bisected below: a scan of every use of a cue word was n**2 in a window of dialogue

    def used(cue: str, cue_start: int) -> bool:  # the rules attributed with this very cue
        positions = at.get(cue)  # (most cue words the rules did not use: no generator for them)
        if positions is None:
            return False
        k = bisect_left(positions, cue_start - _FRAME_REACH)  # the first within reach from below
        return k < len(positions) and positions[k] <= cue_start + _FRAME_REACH

    def gate(
        feats: list[str], side: str, low: str, start: int, end: int, cue_start: int, kinds: tuple[str, ...]
    ) -> bool:
        # what the loop below would drop anyway, decided before the speaker is searched for
        ov = rule_overlap(start, end, spans, index)
        if ov >= 0.5:
            return False
        return model.reachable(feats + ["rov=" + ("0" if ov == 0 else "p")], side, low, kinds)

    out = []
    for c in document_candidates(seg, model.lexicon, gate if gated else None, used):
        if used(c.cue.lower(), c.cue_start):
            continue  # one cue, one attribution
        ov = rule_overlap(c.start, c.end, spans, index)
        if ov >= 0.5:
            continue
        c.feats.append("rov=" + ("0" if ov == 0 else "p"))
        if model.sources:
            c.feats.extend(speaker_features(c.speaker_text, model.sources))
        out.append((model.prob(c.feats), c))
    return out


def select(scored: list[tuple[float, Candidate]], spans: list[tuple[int, int]], threshold: float) -> list[Candidate]:
    """Greedy by probability: keep candidates at or over the threshold that overlap nothing kept (no rule
    span, no candidate kept before them, shares half of them: `overlap_share` >= 0.5)."""
    ranked = sorted(scored, key=lambda x: (-x[0], x[1].start, x[1].end))
    ranked = ranked[: next((k for k, (p, _) in enumerate(ranked) if p < threshold), len(ranked))]
    # every span that can be taken, in one index: the rules' found from the start, a candidate's once
    # kept, so a lookup visits only taken spans that touch (a scan of all taken spans per candidate, or
    # of every candidate span nested in one, was n**2 in a long document)
    every = list(spans) + [(c.start, c.end) for _, c in ranked]
    index = Intervals(every, active=[True] * len(spans) + [False] * len(ranked))
    keep = []
    for k, (_, c) in enumerate(ranked):
        if any(overlap_share((c.start, c.end), every[j]) >= 0.5 for j in index.overlapping(c.start, c.end)):
            continue
        index.activate(len(spans) + k)
        keep.append(c)
    return keep


_NEAR_KINDS = frozenset(
    {"subj=pron", "subj=cap", "subj=np", "subj=skip_pron", "subj=skip_cap", "subj=skip_np", "side=L"}
)


def _quoted(seg: SegmentedDocument, pos: int | None) -> bool:
    """Whether offset `pos` lies inside a quotation of some length (a speaker phrase there is the
    quote's own words; a short one is a title or a scare-quoted name: ''super PAC'' supporting …)."""
    return pos is not None and any(
        q.inner_start <= pos < q.inner_end and q.inner_end - q.inner_start >= _QUOTE_MIN for q in seg.quotes
    )


_QUOTE_MIN = 30  # characters: the shortest quotation whose words are taken for speech


def _rule_speakers(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[tuple[int, str]]:
    """(position, text) of the rule mentions' speaker phrases, in text order."""
    return sorted((m.speaker_hint, m.speaker_text) for m in mentions if m.speaker_hint is not None and m.speaker_text)


def _sentence_speaker(seg: SegmentedDocument, said: list[tuple[int, str]], cue: int) -> tuple[str, int] | None:
    """The last rule speaker phrase before offset `cue` in its sentence (`…, X said, adding that …`),
    as (text, position), or None."""
    k = bisect_right([s.start for s in seg.sentences], cue) - 1
    if k < 0:
        return None
    lo = seg.sentences[k].start
    best = None
    for pos, text in said:
        if lo <= pos < cue:
            best = (text, pos)
    return best


def _choose_speaker(seg: SegmentedDocument, said: list[tuple[int, str]], c: Candidate) -> None:
    """Sets candidate `c`'s speaker: the sentence's reported speaker when no subject stands next to the
    cue or the subject is words of a quotation."""
    if not _NEAR_KINDS.intersection(c.feats) or _quoted(seg, c.speaker_pos):
        # no subject next to the cue, or words of a quotation: the sentence's own reported speaker
        got = _sentence_speaker(seg, said, c.cue_start)
        if got is not None:
            c.speaker_text, c.speaker_pos = got
        elif _quoted(seg, c.speaker_pos):
            c.speaker_text, c.speaker_pos = None, None


def augment(seg: SegmentedDocument, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """The rule mentions plus the learned ones, in text order of the additions after them."""
    model = load() if ENABLED else None
    if model is None:
        return mentions
    text = seg.text
    spans = [(m.content_hint, m.content_hint + len(m.content)) for m in mentions if m.content_hint is not None]
    scored = scored_candidates(seg, spans, rule_frames(mentions), model)
    keep = select(scored, spans, model.threshold)
    if not keep:
        return mentions
    prob = {id(c): p for p, c in scored}
    out = list(mentions)
    said = _rule_speakers(seg, mentions)
    asides = [(m.start(), m.end()) for m in _ANONYMITY.finditer(text)] if _ANONYMITY_WORD.search(text) else []
    kept = (k for k in keep if not _in_anonymity_aside(asides, k))
    for n, c in enumerate(sorted(kept, key=lambda x: x.start)):
        _choose_speaker(seg, said, c)
        lemma = CUE_LEMMA.get(c.cue.lower())
        start, end = _mid_frame_start(seg, c, _withheld_start(text, c)), _narration_end(text, c)
        out.append(
            ExtractedMention(
                local_id=f"l{n}",
                content=text[start:end],
                speaker_text=c.speaker_text,
                speaker=Speaker(kind="unknown"),
                cue=c.cue,
                quote_type="mixed" if c.quoted else "indirect",
                polarity="denial"
                if lemma in DENIAL_LEMMAS and not passive_at(text, c.cue_start) and not negated_at(text, c.cue_start)
                else "assertion",
                content_hint=start,
                speaker_hint=c.speaker_pos,
                # the scorer's probability, read by the keep filter; extract_rules then sets the rule's precision
                confidence=round(prob[id(c)], 4),
                rule="learned." + c.side,
            )
        )
    return out


# A relative clause on a source's anonymity reports nothing ("One woman, who asked not to be named,
# said: ...", "who spoke on condition of anonymity", "who declined to be identified"): neither its verb
# ("asked") is a cue nor the noun phrase it ends a content.
_ANONYMITY = re.compile(
    r"\b(?:who|whom)\s+(?:had\s+)?(?:asked|requested|spoke|speaks|declined|refused|agreed\s+to\s+speak|insisted|"
    r"was\s+granted|were\s+granted|demanded|did\s+not\s+want|didn['\u2019]t\s+want)\b"
    r"[^,.;:!?\"\u201c\u201d]{0,60}?\b(?:named|identified|anonymity|anonymously|anonymous|identify)\b"
)
_ANONYMITY_WORD = re.compile(r"\b(?:named|identified|anonym|identify)")


def _in_anonymity_aside(asides: list[tuple[int, int]], c: Candidate) -> bool:
    """True when candidate `c`'s cue is inside one of `asides` (the spans of `_ANONYMITY`), or its
    content before the cue holds one ("A nurse, who asked not to be named, said"): the clause says how
    the source asked to be named, not what they said. (A content after its cue may hold one in a
    frame of its own: "…, according to two officials who requested anonymity".)"""
    return any(lo <= c.cue_start < hi or (c.side == "L" and c.start < lo and hi <= c.end) for lo, hi in asides)


# A past participle of an accusing verb right before "of", "with", "by" or "to have" is passive ("a former
# mayor accused of taking bribes", "charged with fraud", "alleged to have lied"): the noun before it is
# the accused, not the accuser (an active accuser names the accused first: "accused the mayor of").
# The accusation is still a report (PolNeAR annotates it, its source unnamed): it keeps no speaker.
_PASSIVE_PARTICIPLE = re.compile(
    r"(?i:accused|charged|alleged|suspected|indicted|convicted)\s+(?:of|with|by|to\s+have)\b"
)


def without_accused_speaker(text: str, mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Mentions in, the same mentions out with no speaker where a learned mention's cue is a passive
    participle (`_PASSIVE_PARTICIPLE`) in the 60 characters before its content and its speaker stands
    before the cue (not "accused by a reporter of …"). Applied last, after the speaker repairs, which
    would find the accused again."""
    out = []
    for m in mentions:
        if m.rule and m.rule.startswith("learned.") and m.cue and m.content_hint is not None and m.speaker_text:
            at = text.rfind(m.cue, max(0, m.content_hint - 60), m.content_hint)
            before = m.speaker_hint is None or m.speaker_hint < at  # (an agent after "by" is the accuser)
            if at >= 0 and before and _PASSIVE_PARTICIPLE.match(text, at) is not None:
                m = m.model_copy(update={"speaker_text": None, "speaker_hint": None, "speaker": Speaker()})
        out.append(m)
    return out


# "refused to confirm that the plant would close", "declined to confirm or deny that they met": the
# clause alone would assert what was withheld
_WITHHELD = re.compile(r"\s+(to\s+[a-z]+(?:\s+(?:or|nor|and)\s+[a-z]+)?(?:\s+out)?\s+(?:that|whether|if)\s+)")


def _withheld_start(text: str, c: Candidate) -> int:
    """Where candidate `c`'s content starts: its own start, or the "to …" before a clause that a
    refusing cue ("refused", "declined") withholds, so that the content says it was withheld."""
    if not c.cue.lower().startswith(("refus", "declin")):
        return c.start
    m = _WITHHELD.fullmatch(text, c.cue_start + len(c.cue), c.start)
    return m.start(1) if m else c.start


_COMMA_GAP = re.compile(r"\s*,\s*")
_CONTRACTED_AUX = re.compile(r"(?:do|does|did|is|are|was|were|has|have|had|would|could|should|wo|ca)n['\u2019]t\b")


def _mid_frame_start(seg: SegmentedDocument, c: Candidate, start: int) -> int:
    """Where a content framed mid-sentence starts: "A, X said, B" reports A and B, so a content that
    starts at B, right after the frame's comma, starts at A (the sentence's start) instead: "The economy,
    Smith said, would recover" claimed only "would recover", a predicate with no subject. PolNeAR marks the
    whole sentence so (the scorer leaves the frame out). A of one or two words counts only when B opens
    with a verb (the subject before it), so "But, he said, there was …" keeps its B."""
    text = seg.text
    if c.side != "R" or c.speaker_pos is None or start != c.start or text[c.start : c.start + 1] in QUOTE_MARKS:
        return start  # (a quotation after 'X said,' is what the frame introduces, not a frame's B)
    if not _COMMA_GAP.fullmatch(text, c.cue_start + len(c.cue), c.start):
        return start
    k = bisect_right(seg.sentences, c.speaker_pos, key=lambda x: x.start) - 1
    lo = seg.sentences[k].start if k >= 0 else 0
    before = text[lo : c.speaker_pos].rstrip()
    front = before[:-1].strip() if before.endswith(",") else ""
    if not front or any(q in front for q in QUOTE_MARKS) or len(front.split()) > 40:
        return start
    if len(front.split()) < 3 and not _verb_first(text, c.start):
        return start
    return lo + len(text[lo : c.speaker_pos]) - len(text[lo : c.speaker_pos].lstrip())


def _verb_first(text: str, at: int) -> bool:
    """Does text[at:] open with a finite verb ("would", "is", "had", "don't", a past form)?"""
    m = re.match(r"[a-z']+(?:\u2019t\b)?", text[at : at + 24])  # ("don\u2019t": the curly one too)
    if m is None:
        return False
    w = m.group(0)
    return w in VERB_HELPERS or _CONTRACTED_AUX.match(w) is not None or past_form(w)


def _narration_end(text: str, c: Candidate) -> int:
    """Where candidate `c`'s content ends: before the narration's comment on it (`NARRATION_TAIL`:
    "…, a charge that party leaders denied", "…, prompting protests") outside quotation marks, else
    its own end. After scoring, so the scores and the keep filter read the candidate as trained."""
    m = NARRATION_TAIL.search(text, c.start, c.end)
    while m is not None and sum(text.count(q, c.start, m.start()) for q in QUOTE_MARKS) % 2:
        m = NARRATION_TAIL.search(text, m.end(), c.end)
    return m.start() if m is not None and m.start() > c.start else c.end


def without_cue_preposition(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Mentions in, the same mentions out with a learned content's opening "of " moved out of it.

    After a noun or adjective cue ("reports of a rift", "is assured of winning", "avoided all mention
    of X") the preposition belongs to the cue: PolNeAR train's gold content starts after it in 51 of
    the 86 such learned contents that overlap gold (at it in 4), and a statement reads "According to
    X, a rift ...", not "..., of a rift ...". Applied after the keep filter and the speaker choice,
    which were trained on the layer's spans as they are."""
    out = []
    for m in mentions:
        if (
            m.rule is not None
            and m.rule.startswith("learned.")
            and m.content.startswith("of ")
            and m.content_hint is not None
        ):
            rest = m.content[3:].lstrip()
            if rest and not rest.lower().startswith("course"):  # "of course" opens a clause, no cue's object
                cut = len(m.content) - len(rest)
                m = m.model_copy(update={"content": rest, "content_hint": m.content_hint + cut})
        out.append(m)
    return out


# a verb group's helpers: a speaker phrase holds one only inside a relative clause on its head
# ("officials who have seen the report")
_CLAUSE_WORDS = VERB_HELPERS
_RELATIVES = RELATIVE_PRONOUNS - {"what"}


def clause_cut(phrase: str) -> int | None:
    """Where a speaker phrase's clause starts: the offset of a verb group's helper before any relative
    pronoun ("The resignation of Sir Philip is likely to intensify": at "is"; "officials who have
    seen it": None), or None."""
    at = 0
    for word in phrase.split(" "):
        low = word.lower()
        if low in _RELATIVES:
            return None
        if low in _CLAUSE_WORDS:
            return at
        at += len(word) + 1
    return None


def without_clause_speaker(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Mentions in, the same mentions out with no speaker where a learned mention's speaker phrase is
    a clause (`is_clause`): before a noun cue the layer may take the clause the noun ends ("The
    resignation of Sir Philip is likely to intensify [criticism of the Home Secretary]"), which names
    no source. Applied last, like `without_cue_preposition`: the keep filter and the speaker choice
    were trained on the layer's phrases as they are."""
    model = load()
    sources = model.sources if model is not None else {}
    out = []
    for m in mentions:
        phrase = m.speaker_text if m.rule and m.rule.startswith("learned.") else None
        cut = clause_cut(phrase) if phrase else None
        if cut is None and phrase and phrase.rsplit(None, 1)[-1].lower() in _DANGLING:
            cut = dangling_cut(phrase, sources)
        if cut is not None and phrase is not None:
            subject = phrase[:cut].rstrip(" ,;:\u2014\u2015-")
            last = phrase.rsplit(None, 1)[-1]
            if subject and _source_like(subject, sources):  # "Clinton has long" -> "Clinton"
                m = m.model_copy(update={"speaker_text": subject, "speaker": Speaker()})
            elif last.lower() in _POSSESSIVES and m.speaker_hint is not None:
                # "renew its [calls for …]": the owner speaks, as "its" alone would
                hint = m.speaker_hint + len(phrase) - len(last)
                m = m.model_copy(update={"speaker_text": last, "speaker_hint": hint, "speaker": Speaker()})
            else:
                m = m.model_copy(update={"speaker_text": None, "speaker_hint": None, "speaker": Speaker()})
        out.append(m)
    return out


# words a noun phrase cannot end with: a phrase ending so runs on into the words before a noun cue
# ("The billionaire businessman began by talking about the [dangers of …]")
_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your"})
_DANGLING = _POSSESSIVES | {"the", "a", "an", "of", "to", "by", "for", "in", "on", "at", "and", "or", "with", "from"}
_WORD = re.compile(r"\S+")
_VERB_RATE = 0.05  # a lower-case word this rarely in a source, after the phrase's first word, starts its clause


def dangling_cut(phrase: str, sources: dict[str, float]) -> int:
    """Where the subject of a phrase that ends with a function word stops: before its first
    lower-case word after the first that is rarely part of a source (PolNeAR train's rates: verbs and
    adverbs, 0.00-0.04) or ends in -ed or -ing, and before the function words that precede that word
    or end the phrase. "Ms. Warren roused the crowd with" -> 10 ("Ms. Warren"); "Obama to resign for"
    -> 5; "the odds in" -> 3 ("the", which the caller rejects as no source)."""
    words = list(_WORD.finditer(phrase))
    stop = len(words)
    for k in range(1, len(words)):
        word = words[k].group()
        low = word.lower()
        if word.islower() and low not in _DANGLING:  # ("pro-Rubio" is no verb)
            if low.endswith(("ed", "ing")) or word_rate(word, sources) < _VERB_RATE:
                stop = k
                break
    while stop > 0 and words[stop - 1].group().lower() in _DANGLING:
        stop -= 1
    if stop > 0 and words[stop - 1].group().endswith("ing") and words[stop - 1].group()[:1].islower():
        stop = 0  # "including his": a participle, no subject
    return words[stop - 1].end() if stop > 0 else 0


_HEAD_ENDS = frozenset({"of", "in", "at", "for", "from", "on", "with", "by", "to", "over", "about"})
MIN_HEAD_RATE = 0.05  # below it a word is almost never part of a source (PolNeAR train's source rates)
_ARTICLES = frozenset({"the", "a", "an"})


def _source_like(phrase: str, sources: dict[str, float]) -> bool:
    """Does a phrase's head noun phrase (its words before a preposition: "The resignation of Sir
    Philip" -> "The resignation"; "Clinton's candidacy", "Mr. Rubio himself") name a source: one of
    its words with a source rate of at least MIN_HEAD_RATE, a capitalised word the rates lack counting
    as a name?"""
    words = phrase.split()
    end = next((k for k in range(1, len(words)) if words[k].lower() in _HEAD_ENDS), len(words))
    return any(word_rate(w, sources) >= MIN_HEAD_RATE for w in words[:end] if w.lower() not in _ARTICLES)
