"""Build pipeline/attribution/rerank.json from PolNeAR's train split (pure Python, deterministic).

    python training/train_rerank.py [TRAIN.jsonl(.gz)] [--out rerank.json]

1. Every train article through the rule backend up to the learned speaker choice
   (`extractor.repaired_mentions`); its mentions aligned to gold as score.py aligns
   them (overlap of the shorter >= 0.5 over word tokens, greedy by jaccard).
2. For each mention aligned to a gold item whose cue stands before its content (`rerank.cue_index`),
   every choice `rerank.choices`
   lists (the phrases before its cue, and no speaker); a phrase is right when it
   shares a word with the gold source after score.py's normalisation (titles,
   function words and quantifiers dropped), no speaker when the gold source is
   implicit.
3. A conditional logit over the choices' features by the attribution layer's averaged SGD
   (`train_attribution.Averager`, fixed order: the same data gives the same weights
   bit for bit).
4. The margin (`rerank.best`: log-odds by which the best choice must beat the rules'
   own to replace it) that keeps the most right named pairs over 5 folds of the
   train articles (held-out weights; then the most right pairs of any source, then
   the smallest). Printed: right pairs per margin, and per family before and after. The
   margin written is pinned (PINNED_MARGIN, the folds' choice when last set) unless --choose.

Only weights are written: no text of the corpus (the source-word rates are the layer's, weights.json).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missing import TRAIN_HINT, missing_files  # noqa: E402
from train_attribution import (  # noqa: E402
    AVERAGE_FROM,
    DEFAULT_TRAIN,
    Averager,
    Toks,
    aligned,
    read,
    settle,
    visiting_order,
    write_weights,
)

from claimex.attribution import learned, rerank  # noqa: E402
from claimex.backends.rules.extractor import repaired_mentions  # noqa: E402
from claimex.models import Document  # noqa: E402
from claimex.segment import segment  # noqa: E402

FOLDS = 5
WORD = re.compile(r"\w+")
# score.py's speaker normalisation: these words never decide a match
_DROP = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "hon", "jr", "sr"}
    | {"the", "a", "an", "of", "and", "in", "for", "on", "at", "to", "by", "with", "from", "s"}
    | {"this", "that", "these", "those", "one", "both", "some", "other", "others", "many", "most", "all"}
    | {"several", "few", "each", "any"}
)
_PRONOUNS = frozenset(
    {"he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "me", "us", "his", "hers", "their"}
    | {"theirs", "my", "our", "your", "its", "himself", "herself", "themselves", "myself", "ourselves"}
    | {"yourself", "itself", "who", "whom", "whose", "which"}
)


def speaker_tokens(s: str) -> set[str]:
    """score.py's words of a speaker phrase: lower case, titles and function words dropped unless
    nothing else is left."""
    toks = WORD.findall(s.lower())
    kept = {t for t in toks if t not in _DROP}
    return kept or set(toks)


def named(src: str) -> bool:
    """Is a gold source a name or description (not only pronouns and quantifiers)?"""
    return any(t not in _PRONOUNS and t not in _DROP for t in WORD.findall(src.lower()))


class Item:
    """One aligned mention: its choices, their labels (then the rules' own phrase's), the index of the
    choice holding the rules' phrase (-1: none does), whether its gold source is named, its family, and
    the choices whose pick leaves the rules' phrase at run time (`rerank.keeps_rules`: `current`, and
    phrases in an aside describing the rules' phrase; by default `current` alone)."""

    def __init__(
        self,
        choices: list[rerank.Choice],
        labels: list[int],
        current: int,
        is_named: bool,
        fam: str,
        keeps: frozenset[int] | None = None,
    ):
        self.choices = choices
        self.labels = labels
        self.current = current
        self.named = is_named
        self.fam = fam
        self.keeps = frozenset({current}) if keeps is None else keeps


def items_of(a: dict, sources: dict[str, float]) -> list[Item]:
    """The mentions of one gold article aligned to a gold item, with a cue before their content."""
    text = a["text"]
    toks = Toks(text)
    seg = segment(Document(doc_id=a["doc_id"], text=text))
    ms = repaired_mentions(seg)
    gold = []
    for g in a["attributions"]:
        t: set[int] = set()
        for sp in g["content"]["spans"]:
            t |= toks.of(sp["start"], sp["end"])
        gold.append(t)
    spans = [(m.content_hint or 0, (m.content_hint or 0) + len(m.content)) for m in ms]
    starts = rerank.starts_of(seg)
    out = []
    for pi, gi in sorted(aligned([toks.of(s, e) for s, e in spans], gold).items()):
        m, g = ms[pi], a["attributions"][gi]
        found = rerank.cue_index(seg, m, starts)
        if found is None:
            continue
        ts, i = found
        cs = rerank.choices(ts, i, m.speaker_hint, sources, rerank.family(m.rule))
        src = g.get("source")
        implicit = src is None or bool(g.get("implicit_source"))
        want = set() if implicit else speaker_tokens(src["text"])
        labels = []
        for c in cs:
            if c.phrase is None:
                labels.append(int(implicit))
            else:
                phrase = text[ts[c.phrase.a][1] : ts[c.phrase.b - 1][2]]
                labels.append(int(bool(want & speaker_tokens(phrase))))
        cur = rerank.current_index(ts, cs, m.speaker_hint)
        # the rules' own phrase (kept when the scorer picks the phrase holding it)
        cur_ok = int(implicit) if m.speaker_text is None else int(bool(want & speaker_tokens(m.speaker_text)))
        if cur >= 0:  # picking the phrase holding the rules' phrase keeps the rules' phrase
            labels[cur] = cur_ok
        is_named = src is not None and not implicit and named(src["text"])
        keeps = frozenset(k for k in range(len(cs)) if rerank.keeps_rules(ts, i, m, cs, k, cur))
        out.append(Item(cs, labels + [cur_ok], cur, is_named, rerank.family(m.rule), keeps))
    return out


EPOCHS = 16
RATE0 = 0.1
L2 = 1e-5
MIN_FEAT = 3
# The margin this trainer writes: the folds' choice when it was last set (session 10), pinned as
# train_attribution.PINNED_THRESHOLD is (the named pairs right at margins 0 and 0.5 differ by a few
# of 6,000); `--choose` writes the folds' choice now.
PINNED_MARGIN = 0.25


def train_choice(items: list[Item]) -> tuple[dict[str, float], float]:
    """A conditional logit over each item's choices by averaged SGD in an order fixed by the items'
    contents (the same data gives the same weights bit for bit; averaging keeps them from hanging on that order): the
    gradient moves the choices' softmax towards the right ones (equal shares when several are
    right); items with no right choice teach nothing. The bias is 0 (it cannot change a choice;
    kept for the run time's scorer)."""
    counts: dict[str, int] = {}
    for it in items:
        for c in it.choices:
            for f in c.feats:
                counts[f] = counts.get(f, 0) + 1
    keep = {f for f, n in counts.items() if n >= MIN_FEAT}
    w: dict[str, float] = {}
    avg = Averager()
    order = visiting_order(["\x1e".join("\x1f".join(c.feats) for c in it.choices) + repr(it.labels) for it in items])
    for ep in range(EPOCHS):
        lr = RATE0 / (1.0 + ep)
        for n in order:
            it = items[n]
            right = sum(it.labels[: len(it.choices)])
            if not right:
                continue
            if ep >= AVERAGE_FROM:
                avg.step()
            zs = [sum(w.get(f, 0.0) for f in c.feats if f in keep) for c in it.choices]
            top = max(zs)
            es = [math.exp(z - top) for z in zs]
            total = sum(es)
            for c, e, y in zip(it.choices, es, it.labels):
                g = y / right - e / total
                if g == 0.0:
                    continue
                for f in c.feats:
                    if f in keep:
                        old = w.get(f, 0.0)
                        w[f] = old * (1.0 - lr * L2) + lr * g
                        avg.update(f, w[f] - old)
    w = avg.average(w)
    return {f: round(v, 5) for f, v in sorted(w.items()) if abs(v) >= 1e-4}, 0.0


MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)  # log-odds by which a choice must beat the rules' own


def picked_ok(it: Item, w: dict[str, float], b: float, margin: float = 0.0) -> int:
    """Whether the phrase the run time would keep is right: the rules' own when the pick leaves it
    (`it.keeps`: the choice holding it, a phrase in an aside describing it) or when the best beats the
    rules' choice by less than `margin` (`rerank.best`); else the pick."""
    model = rerank.Model(w, b, {}, margin)
    k = rerank.best(model, it.choices, it.current)
    if k in it.keeps:
        return it.labels[-1]
    return it.labels[k]


def choose_margin(named_right: dict[float, int], all_right: dict[float, int]) -> float:
    """The margin with the most right named pairs held out, then the most right pairs of any
    source, then the smallest."""
    return max(MARGINS, key=lambda mg: (named_right[mg], all_right[mg], -mg))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", nargs="?", default=str(DEFAULT_TRAIN))
    ap.add_argument("--out", default=str(rerank.WEIGHTS))
    ap.add_argument("--choose", action="store_true", help="write the margin the folds choose, not the pinned one")
    args = ap.parse_args()
    if (problem := missing_files([Path(args.train)], TRAIN_HINT)) is not None:
        print(problem, file=sys.stderr)
        raise SystemExit(2)
    layer = learned.load()
    if layer is None:
        print("no pipeline/attribution/weights.json: run make train-attribution first", file=sys.stderr)
        raise SystemExit(2)
    arts = [items_of(a, layer.sources) for a in read(Path(args.train))]
    flat = [it for items in arts for it in items]
    print(f"mentions aligned: {len(flat)}, choices {sum(len(it.choices) for it in flat)}", file=sys.stderr)
    # held-out choices over folds of the train articles: right phrases before and after, by family
    # (and, per margin, right named pairs and right pairs of any source: the margin is chosen on these)
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    named_right: Counter[float] = Counter()
    all_right: Counter[float] = Counter()
    fold_models = [
        train_choice([it for n, items in enumerate(arts) if n % FOLDS != k for it in items]) for k in range(FOLDS)
    ]
    for mg in MARGINS:
        for n, items in enumerate(arts):
            w, b = fold_models[n % FOLDS]
            for it in items:
                ok = picked_ok(it, w, b, mg)
                named_right[mg] += ok if it.named else 0
                all_right[mg] += ok
    margin = settle("margin", choose_margin(named_right, all_right), PINNED_MARGIN, args.choose)
    for mg in MARGINS:
        print(f"cv margin {mg}: named right {named_right[mg]}, all right {all_right[mg]}", file=sys.stderr)
    for n, items in enumerate(arts):
        w, b = fold_models[n % FOLDS]
        for it in items:
            key = it.fam + (" named" if it.named else " other")
            after[key] += picked_ok(it, w, b, margin)
            before[key] += it.labels[-1]
    total = Counter(it.fam + (" named" if it.named else " other") for it in flat)
    for key in sorted(total):
        print(f"cv, {FOLDS} folds: {key}: {before[key]} -> {after[key]} of {total[key]}", file=sys.stderr)
    named_keys = [k for k in total if k.endswith(" named")]
    print(
        f"cv named, all families, margin {margin}: "
        f"{sum(before[k] for k in named_keys)} -> {sum(after[k] for k in named_keys)} of {sum(total[k] for k in named_keys)}",
        file=sys.stderr,
    )
    w, b = train_choice(flat)
    data = {
        "source": "PolNeAR train split (Newell, Margolin & Ruths, LREC 2018): weights only",
        "bias": b,
        "margin": margin,
        "weights": w,
    }
    write_weights(Path(args.out), data)


if __name__ == "__main__":
    main()
