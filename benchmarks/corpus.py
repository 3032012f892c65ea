"""Deterministic synthetic news corpus for benchmarks and batch tests.

`generate(n, seed)` yields n articles as dicts (`id`, `text`, `date`,
`source`): news-length (about 450-750 words), with direct quotes (trailing and
leading attribution, multi-sentence quotes, denials), indirect speech
(`X said that ...`, `according to X`), named people with roles and later
pronoun / surname references, and filler reporting. Every word comes from
the small vocabularies below, written for this file: no real article text.
The same (n, seed) always gives the same corpus, byte for byte.

Command line: `python benchmarks/corpus.py N OUT.jsonl [--seed S]`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator

FIRST = [
    "Maria",
    "John",
    "Aisha",
    "Peter",
    "Elena",
    "Tomas",
    "Grace",
    "David",
    "Nadia",
    "Samuel",
    "Irene",
    "Kwame",
    "Laura",
    "Victor",
    "Hannah",
    "Oscar",
    "Priya",
    "Martin",
    "Sofia",
    "Daniel",
    "Fatima",
    "Robert",
    "Chloe",
    "Ahmed",
    "Julia",
    "Henrik",
    "Amara",
    "George",
    "Lucia",
    "Rajesh",
]
LAST = [
    "Keller",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Hadley",
    "Brennan",
    "Castillo",
    "Novak",
    "Whitfield",
    "Adeyemi",
    "Sorensen",
    "Marchetti",
    "Kowalski",
    "Thornton",
    "Haddad",
    "Fischer",
    "Delgado",
    "Ashworth",
    "Mensah",
    "Varga",
    "Pemberton",
    "Iqbal",
    "Rossi",
    "Calloway",
    "Nakamura",
    "Ferreira",
    "Blackwood",
    "Petrov",
    "Osei",
    "Langley",
]
ROLES = [
    "the finance minister",
    "the health secretary",
    "a spokeswoman for the council",
    "the chief executive",
    "the opposition leader",
    "a senior police officer",
    "the mayor",
    "a union official",
    "the regulator's chair",
    "an economist at the central bank",
    "the prime minister",
    "a government adviser",
]
ORGS = [
    "the Ministry of Transport",
    "the city council",
    "the national rail operator",
    "the energy regulator",
    "the teachers' union",
    "the central bank",
    "the water company",
    "the hospital trust",
]
TOPICS = [
    "the new rail link",
    "the budget shortfall",
    "hospital waiting times",
    "the water price rise",
    "the school funding plan",
    "the harbour redevelopment",
    "fuel subsidies",
    "the housing programme",
    "the flood defences",
    "the tax on imported steel",
]
CLAUSES = [
    "the plan would cost far more than ministers had admitted",
    "the figures published last week were simply wrong",
    "nobody had been told about the delays until it was too late",
    "the government would review the decision before the summer",
    "local families would pay the price for years to come",
    "the project was on schedule and within its budget",
    "the agreement had been signed after months of talks",
    "more money would be found for the worst-affected areas",
    "the report ignored evidence from independent engineers",
    "prices were expected to fall by the end of the year",
]
QUOTES = [
    "We have been clear from the start that this is not acceptable",
    "This decision will affect thousands of people across the region",
    "I have never seen anything like it in thirty years of public service",
    "There is no money left and everyone in this building knows it",
    "We will keep working until every household has what it needs",
    "The numbers do not add up, and they have not added up for months",
    "Our members are angry, and frankly they have every right to be",
    "Nobody wants to see another winter like the last one",
    "We are confident the work will be finished on time",
    "It is a matter for the courts, not for politicians",
]
DENIALS = [
    "That is completely untrue and I reject it",
    "These claims are false and have no basis in fact",
    "I categorically deny that any such meeting took place",
]
FILLER = [
    "The announcement came after a week of mounting pressure from residents and business groups.",
    "Officials met on Tuesday to discuss the timetable, which has already slipped twice.",
    "Critics point out that similar schemes in other regions were abandoned after costs rose.",
    "The debate is expected to continue when parliament returns next month.",
    "Figures released on Monday showed a sharp rise in complaints over the past year.",
    "Several councillors left the meeting early in protest at the decision.",
    "The matter will be reviewed again at the next quarterly meeting of the board.",
    "Independent analysts said the long-term effects were still hard to predict.",
    "Residents gathered outside the town hall for a second evening of protests.",
    "The full report is due to be published before the end of the month.",
]
# Quotes and clauses get one of these tails most of the time, so most statements are unique (as in real
# news) while some repeat word for word across articles (the same statement reported by several outlets).
TAILS = [
    "when it comes to {topic}",
    "and that includes {topic}",
    "in {place} and beyond",
    "for at least {n} more months",
    "despite what was said about {topic}",
    "for the {n} families in {place}",
    "after {n} days of talks",
    "and {place} will not be the last",
]
PLACES = [
    "Ashford",
    "Brookvale",
    "Carden",
    "Dunmore",
    "Eastleigh",
    "Fairholm",
    "Glenrock",
    "Harwick",
    "Inverlow",
    "Kingsbay",
    "Lowfield",
    "Marston",
]
_SYL = ["ka", "lo", "ven", "mar", "ti", "ro", "sel", "an", "dor", "bri", "nu", "ha", "gel", "tor", "wi", "sa"]
CUES = ["said", "told reporters", "said on Monday", "added", "told the BBC", "warned", "insisted"]
SOURCES = ["Daily Courier", "Evening Post", "Northern Herald", "Metro Wire", "Coastal Times"]


def _tail(rng: random.Random, text: str) -> str:
    if rng.random() < 0.25:
        return text
    t = rng.choice(TAILS).format(topic=rng.choice(TOPICS), place=rng.choice(PLACES), n=rng.randint(2, 400))
    return f"{text} {t}"


def _person(rng: random.Random) -> tuple[str, str, str]:
    # Surnames: the fixed list or two-syllable coinages, so thousands of distinct speakers appear.
    last = rng.choice(LAST) if rng.random() < 0.3 else (rng.choice(_SYL) + rng.choice(_SYL) + rng.choice(_SYL)).title()
    first = rng.choice(FIRST)
    return f"{first} {last}", last, rng.choice(ROLES)


def article(rng: random.Random, i: int) -> dict:
    """One synthetic news article (deterministic given the generator state)."""
    people = [_person(rng) for _ in range(rng.randint(2, 4))]
    topic, org = rng.choice(TOPICS), rng.choice(ORGS)
    paras = [
        f"{org[0].upper()}{org[1:]} faced fresh questions on {rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday'])} "
        f"over {topic}, as {people[0][0]}, {people[0][2]}, defended the decision. " + rng.choice(FILLER)
    ]
    target_words = rng.randint(450, 750)
    named: set[str] = set()
    while sum(len(p.split()) for p in paras) < target_words:
        full, last, role = rng.choice(people)
        who = last if full in named else f"{full}, {role},"
        short = last if full in named else full
        named.add(full)
        kind = rng.randrange(12)  # 8..11: reporting without speech (real articles have plenty)
        q, c, cue = _tail(rng, rng.choice(QUOTES)), _tail(rng, rng.choice(CLAUSES)), rng.choice(CUES)
        if kind == 0:
            p = f"\u201c{q},\u201d {who.rstrip(',')} {cue}. {rng.choice(FILLER)}"
        elif kind == 1:
            p = f"{short} said: \u201c{q}. {_tail(rng, rng.choice(QUOTES))}.\u201d"
        elif kind == 2:
            p = f"{who} said that {c}."
        elif kind == 3:
            p = f"According to {short}, {c}. {rng.choice(FILLER)}"
        elif kind == 4:
            p = f'"{q}," said {short}. "{_tail(rng, rng.choice(QUOTES))}."'
        elif kind == 5:
            p = f"Asked about the allegations, {short} {cue}: \u201c{rng.choice(DENIALS)}.\u201d"
        elif kind == 6:
            p = f"{short} denied that {c}, and said the matter was closed."
        elif kind == 7:
            p = f"{rng.choice(FILLER)} {short} told reporters {c}."
        else:
            p = f"{rng.choice(FILLER)} {rng.choice(FILLER)}"
        paras.append(p)
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"id": f"bench-{i:06d}", "text": "\n\n".join(paras) + "\n", "date": date, "source": rng.choice(SOURCES)}


def generate(n: int, seed: int = 7) -> Iterator[dict]:
    """n articles; the same (n, seed) always yields the same articles, and a prefix of a larger n."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


def write_jsonl(path, n: int, seed: int = 7) -> int:
    """Write the corpus as JSONL; returns the number of bytes written."""
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for a in generate(n, seed):
            line = json.dumps(a, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(f"{a.n} articles, {write_jsonl(a.out, a.n, a.seed):,} bytes -> {a.out}")
