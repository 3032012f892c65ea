"""Merge benchmark: N synthetic grounded mentions (default 100,000) in, claims out; prints the time.

    .venv/bin/python benchmarks/bench_merge.py            # 100,000 mentions
    .venv/bin/python benchmarks/bench_merge.py --n 20000 --seed 3
    .venv/bin/python benchmarks/bench_merge.py --near-identical 1000,2000,4000   # one speaker, one sentence

`--near-identical N[,N...]`: N articles where one speaker says one sentence
with a number changed (`... 1,234 officers ...`) or with "not" added: wordings
that are all near-same in characters, the block a naive candidate search makes
quadratic. Prints the merge's CPU seconds for each N.

The batch looks like a news crawl: a few thousand speakers (popularity skewed,
so the busiest speaker has thousands of statements: the block the candidate
index must keep from going quadratic), statements of 6-30 words drawn from a
skewed vocabulary of common and rare words, printed by many outlets with the
drift outlets introduce (case and quotes, a changed word, a dash aside, a
quoted fragment, an indirect paraphrase), misspelt and short speaker names,
unnamed sources, and denials linked inside their document.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimex.merge import merge  # noqa: E402
from claimex.models import ExtractorInfo, GroundedMention, Mention, MentionSentence, Speaker  # noqa: E402

COMMON = (
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or have an "
    "they which one you were her all she there would their we him been has when who will more no if out so said "
    "what up its about into than them can only other new some could time these two may then do first any my now "
    "such like our over man me even most made after also did many before must through back years where much your "
    "way well down should because each just those people how too little state good very make world still own see "
    "men work long get here between both life being under never day same another know while last might us great "
    "old year off come since against go came right used take three"
).split()


def pseudo_word(rng: random.Random) -> str:
    syl = [
        "ka",
        "lo",
        "mi",
        "ru",
        "te",
        "sa",
        "no",
        "vi",
        "de",
        "pa",
        "ze",
        "bo",
        "li",
        "gu",
        "fe",
        "tor",
        "ban",
        "mel",
    ]
    return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4)))


def generate(n: int, seed: int) -> list[GroundedMention]:
    rng = random.Random(seed)
    rare = sorted({pseudo_word(rng) for _ in range(30000)})
    cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(rare))))

    def sentence(k: int) -> list[str]:
        words = []
        for _ in range(k):
            words.append(rng.choice(COMMON) if rng.random() < 0.55 else rng.choices(rare, cum_weights=cum)[0])
        return words

    n_speakers = max(10, n // 40)
    first = [pseudo_word(rng).capitalize() for _ in range(n_speakers)]
    last = [pseudo_word(rng).capitalize() + "son" for _ in range(n_speakers)]
    speakers = [f"{f} {s}" for f, s in zip(first, last)]
    sp_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(n_speakers)))
    n_statements = max(20, n // 5)
    statements = [
        (rng.choices(range(n_speakers), cum_weights=sp_cum)[0], sentence(rng.randint(6, 30)))
        for _ in range(n_statements)
    ]
    st_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.6 for i in range(n_statements)))
    n_docs = max(5, n // 6)
    dates = [None] + [f"2020-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    doc_dates = [rng.choice(dates) for _ in range(n_docs)]
    info = ExtractorInfo(backend="rules", version="bench")
    out: list[GroundedMention] = []
    per_doc: dict[int, int] = {}
    for _ in range(n):
        si = rng.choices(range(n_statements), cum_weights=st_cum)[0]
        sp, words = statements[si]
        doc = rng.randrange(n_docs)
        k = per_doc.get(doc, 0)
        per_doc[doc] = k + 1
        name = speakers[sp]
        r = rng.random()
        if r < 0.03:
            name = name[:-2] + name[-1] + name[-2]  # two letters swapped
        elif r < 0.08:
            name = name.split()[-1]  # surname only
        elif r < 0.12:
            name = "Sir " + name
        unnamed = rng.random() < 0.04
        qt = "direct"
        w = list(words)
        r = rng.random()
        if r < 0.10:
            i = rng.randrange(len(w))
            w[i] = w[i] + "s"
        elif r < 0.15:
            w.insert(rng.randrange(1, len(w)), "\u2014")
        elif r < 0.27:
            i = rng.randrange(0, max(1, len(w) - 5))
            w = ["he", "said", "that", '"'] + w[i : i + rng.randint(4, 9)] + ['"']
            qt = "mixed"
        elif r < 0.32:
            w = ["that"] + w
            qt = "indirect"
        text = " ".join(w)
        if qt == "direct":
            text = "\u201c" + (text.capitalize() if rng.random() < 0.5 else text) + ".\u201d"
        start = 1000 * k
        r = rng.random()
        denial = r < 0.04  # 3 in 4 of them name their target in the document; the rest leave it to inference
        stated = denial and k > 0 and r < 0.03
        out.append(
            GroundedMention(
                local_id=f"m{k}",
                mention=Mention(
                    doc_id=f"doc{doc:06d}",
                    start=start,
                    end=start + len(text),
                    text=text,
                    speaker_text=name,
                    cue="said",
                    sentence=MentionSentence(start=start, end=start + len(text)),
                ),
                speaker=Speaker(name=None, kind="unnamed") if unnamed else Speaker(name=name, kind="person"),
                quote_type=qt,
                polarity="denial" if denial else "assertion",
                denies=(f"m{rng.randrange(k)}",) if stated else (),
                confidence=0.7,
                extractor=info,
                doc_date=doc_dates[doc],
            )
        )
    return out


NEAR_TEMPLATE = (
    "We will recruit {n} more police officers across England and Wales by the end of the year, "
    "and the funding for them is {neg}already in place"
)


def near_identical(n: int) -> list[GroundedMention]:
    """N articles: one speaker, one sentence with one number changed, or with "not" added (every fifth)."""
    info = ExtractorInfo(backend="rules", version="bench")
    out: list[GroundedMention] = []
    for k in range(n):
        text = '"' + NEAR_TEMPLATE.format(n=f"{1000 + 7 * k:,}", neg="not " if k % 5 == 4 else "") + '."'
        out.append(
            GroundedMention(
                local_id="m0",
                mention=Mention(
                    doc_id=f"near{k:06d}",
                    start=0,
                    end=len(text),
                    text=text,
                    speaker_text="Priya Ranson",
                    cue="said",
                    sentence=MentionSentence(start=0, end=len(text)),
                ),
                speaker=Speaker(name="Priya Ranson", kind="person"),
                quote_type="direct",
                polarity="assertion",
                confidence=0.7,
                extractor=info,
                doc_date=None,
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of mentions (default 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--near-identical", metavar="N[,N...]", help="one speaker's N near-identical wordings instead")
    args = ap.parse_args()
    if args.near_identical:
        for n in (int(x) for x in args.near_identical.split(",")):
            mentions = near_identical(n)
            c1 = time.process_time()
            claims = merge(mentions)
            c2 = time.process_time()
            print(f"near-identical {n:,}: {len(claims):,} claims, merge {c2 - c1:.2f}s CPU")
        return
    t0 = time.perf_counter()
    mentions = generate(args.n, args.seed)
    t1, c1 = time.perf_counter(), time.process_time()
    claims = merge(mentions)
    t2, c2 = time.perf_counter(), time.process_time()
    docs = len({g.mention.doc_id for g in mentions})
    multi = sum(1 for c in claims if c.outlets > 1)
    links = sum(len(c.denies) for c in claims)
    inferred = sum(1 for c in claims for link in c.links if link.relation == "denies" and not link.stated)
    print(f"mentions {len(mentions):,} in {docs:,} documents (generated in {t1 - t0:.1f}s)")
    print(
        f"claims   {len(claims):,} ({multi:,} carried by several documents; {links:,} denial links, {inferred:,} inferred)"
    )
    print(f"merge    {t2 - t1:.2f}s wall, {c2 - c1:.2f}s CPU  ({len(mentions) / (t2 - t1):,.0f} mentions/s)")


if __name__ == "__main__":
    main()
