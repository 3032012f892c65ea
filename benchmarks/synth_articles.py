"""Synthetic news articles for load tests: deterministic, no real text, any number.

`synthetic_articles(n)` returns n articles as dicts ({id, title, date, url,
text}) in the JSONL form `claimex extract` reads. Each article has a dozen
paragraphs with direct quotes, reported speech and denials by speakers drawn
from a shared pool, and statements are reused across articles with small
wording changes, so a run over them has multi-outlet claims, variants and
denial links like a real batch. Some articles carry markup (`<script>`,
`<b>`), ampersands and emoji, to load-test escaping and offsets too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = [
    "Alex",
    "Maria",
    "Jonas",
    "Priya",
    "Tomasz",
    "Aisha",
    "Kenji",
    "Lena",
    "Omar",
    "Grace",
    "Ivan",
    "Sofia",
    "Daniel",
    "Fatima",
    "Lucas",
    "Mei",
    "Noah",
    "Zara",
    "Hugo",
    "Elif",
]
LAST = [
    "Brandt",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Fischer",
    "Costa",
    "Nakamura",
    "Reyes",
    "Novak",
    "Petrov",
    "Mensah",
    "Larsen",
    "Duval",
    "Romano",
    "Sato",
    "Keller",
    "Adeyemi",
]
ROLES = [
    "the finance minister",
    "the opposition leader",
    "a council spokesperson",
    "the union chief",
    "the health secretary",
    "the mayor",
    "the company's chief executive",
    "the police commissioner",
]
TOPICS = [
    "the harbour project",
    "the budget",
    "the new rail line",
    "the hospital merger",
    "the water contract",
    "the housing plan",
    "the tax reform",
    "the school closures",
    "the energy deal",
    "the border checks",
]
CLAIMS = [
    "We have done everything by the book on {t}",
    "Nobody was told the true cost of {t}",
    "The figures for {t} were checked twice by independent auditors",
    "I never met the contractors behind {t}",
    "The public will see the benefits of {t} within two years",
    "There was no pressure from ministers over {t}",
    "This is the biggest scandal in a generation and {t} is only the start",
    "Our members were never consulted about {t}",
    "The report on {t} will be published in full next month",
    "Every penny spent on {t} has been accounted for",
]
EXTRA = ["  We stand by it.", "  That is the truth.", "", "", ""]
FILLER = [
    "The debate over {t} has dominated the week in the capital.",
    "Officials gathered on Tuesday to discuss the next steps for {t}.",
    "Critics have called for an inquiry, and the committee is expected to meet again soon.",
    "Observers note that the timetable has slipped several times since the spring.",
    "Residents near the site have organised a petition with several thousand signatures.",
]
MARKUP = [
    "A reader wrote in: <script>window.__pwned=1</script> and <b>bold</b> tags & ampersands stay text.",
    "Online, the hashtag \U0001f525 #{slug} trended \U0001f1ec\U0001f1e7 for a day.",
]


def _reported(claim: str) -> str:
    """A statement as reported speech after "that" (lower-case first letter, but "I" stays)."""
    return claim if claim.startswith("I ") else claim[0].lower() + claim[1:]


def _people(rng: random.Random, k: int) -> list[tuple[str, str]]:
    return [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)) for _ in range(k)]


def synthetic_articles(n: int, seed: int = 7) -> list[dict]:
    """n deterministic articles (same n and seed, same articles)."""
    rng = random.Random(seed)
    pool = _people(rng, 120)  # speakers recur across articles, as in a real news cycle
    arts = []
    for i in range(n):
        t = rng.choice(TOPICS)
        cast = rng.sample(pool, 4)
        paras = [f"{t.capitalize()}: questions mount as officials respond", rng.choice(FILLER).format(t=t)]
        for _ in range(rng.randint(5, 9)):
            (name, role) = rng.choice(cast)
            surname = name.split()[-1]
            claim = rng.choice(CLAIMS).format(t=t)
            if rng.random() < 0.3:  # outlets word the same statement slightly differently
                claim = claim.replace(" was ", " had been ", 1).replace("We have", "We've", 1)
            form = rng.randrange(5)
            if form == 0:
                paras.append(f"\u201c{claim},\u201d {name}, {role}, said.{rng.choice(EXTRA)}")
            elif form == 1:
                paras.append(f"{name} said: \u201c{claim}.\u201d")
            elif form == 2:
                paras.append(f"Speaking on Monday, {name} said that {_reported(claim)}.")
            elif form == 3:
                paras.append(f"\u201c{claim},\u201d Mr {surname} told reporters.")
            else:
                other = rng.choice([c for c in cast if c[0] != name])[0]
                paras.append(f"{other} said: \u201c{claim}.\u201d")
                paras.append(f"{name} denied that {_reported(claim)}.")
            if rng.random() < 0.4:
                paras.append(rng.choice(FILLER).format(t=t))
        if i % 10 == 3:
            paras.insert(2, rng.choice(MARKUP).format(slug=t.split()[-1]))
        day = 1 + i % 28
        arts.append(
            {
                "id": f"synth-{i:05d}",
                "title": f"{t.capitalize()}: story {i}",
                "date": f"2024-03-{day:02d}",
                "url": f"https://news.example/{i}",
                "text": "\n".join(paras) + "\n",
            }
        )
    return arts


def write_jsonl(articles: list[dict], path: Path) -> Path:
    """Write articles as one JSONL file (the input form `claimex extract` reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path
