"""Merge end to end on the five seed articles (rule backend), and `claimex merge` over split runs.

Where an expectation fails because the extractor did not produce a mention
(not because of merging), the message names that mention.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimex.backends.rules import RuleExtractor
from claimex.cli import app
from claimex.emit import dumps
from claimex.ingest import iter_documents
from claimex.merge import merge, name_tokens
from claimex.models import Document
from claimex.run import process_document
from claimex.textnorm import normalize
from tests.conftest import SEEDS

RUTNAM = "philip rutnam"

# Statements the articles share, and which articles print them (read off the seed texts).
SHARED = {
    "vicious and orchestrated briefing campaign": {"000", "001", "002", "003", "004"},
    "completely false": {"000", "001", "002", "004"},
    "categorically denied any involvement": {"000", "001", "002", "003", "004"},
    "very strong grounds to claim constructive, unfair dismissal": {"000", "001", "002", "003", "004"},
}


@pytest.fixture(scope="module")
def results():
    ex = RuleExtractor()
    return [process_document(d, ex) for d in iter_documents([str(SEEDS)]) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def claims(results):
    return merge(g for r in results for g in r.mentions)


def short(doc_id: str) -> str:
    return doc_id[:3]


def is_rutnam(speaker) -> bool:
    return bool(speaker.name) and name_tokens(speaker.name)[-1:] == ("rutnam",)


def test_each_shared_statement_is_one_claim_with_a_mention_in_every_article_carrying_it(results, claims):
    gaps = []
    for phrase, carried_by in SHARED.items():
        # The statement itself (a reporter's sentence summing up several statements is another claim).
        hits = [
            c for c in claims if is_rutnam(c.speaker) and c.quote_type == "direct" and phrase in normalize(c.content)
        ]
        assert len(hits) == 1, (phrase, [c.content for c in hits])
        claim = hits[0]
        assert claim.speaker.name == "Philip Rutnam"
        have = {short(m.doc_id) for m in claim.mentions}
        assert have <= carried_by | have
        for doc in sorted(carried_by - have):
            r = next(r for r in results if short(r.doc_id) == doc)
            ms = [g for g in r.mentions if is_rutnam(g.speaker) and phrase in normalize(g.mention.text)]
            single = [g for g in ms if g.quote_type != "mixed" or normalize(g.mention.text).count('"') <= 2]
            # A direct quote or a one-fragment report of this statement must have joined the claim.
            assert not single, (phrase, doc, [g.mention.text for g in single])
            gaps.append(
                f"{doc}: "
                + (
                    f"mixed mention {ms[0].local_id} {ms[0].mention.text!r} quotes several statements"
                    if ms
                    else f"no Philip Rutnam mention containing {phrase!r}"
                )
            )
    assert not gaps, "; ".join(gaps)


def test_the_effort_efforts_misquote_shows_in_variants(claims):
    c = next(c for c in claims if "dissociate herself from the comments" in c.content)
    words = {("efforts" if "the efforts" in v.text else "effort"): {short(d) for d in v.doc_ids} for v in c.variants}
    assert words == {"effort": {"000", "003", "004"}, "efforts": {"001"}}


def test_the_dash_aside_shows_in_variants(claims):
    c = next(c for c in claims if is_rutnam(c.speaker) and "completely false" in c.content)
    texts = {v.text for v in c.variants}
    assert "This - along with many other claims - is completely false." in texts
    assert "This along with many other claims is completely false." in texts


def test_completely_false_is_linked_to_the_allegation_it_denies(claims):
    denial = next(c for c in claims if is_rutnam(c.speaker) and "completely false" in c.content)
    alleg = [c for c in claims if c.speaker.name is None and "briefed the media" in c.content]
    assert len(alleg) == 1  # the same unnamed allegation in four articles is one claim
    assert alleg[0].claim_id in denial.denies and denial.claim_id in alleg[0].denied_by
    assert denial.polarity == "denial"
    assert all(link.stated for link in denial.links if link.claim_id == alleg[0].claim_id)


def test_patel_false_allegations_linked_across_articles(results, claims):
    patel = [c for c in claims if c.speaker.name == "Priti Patel" and "false allegations" in c.content]
    assert patel, "no Priti Patel denial mention of 'false allegations' in 000"
    reports = next(c for c in claims if is_rutnam(c.speaker) and "received allegations that her conduct" in c.content)
    assert reports.claim_id in patel[0].denies and patel[0].claim_id in reports.denied_by
    link = next(x for x in patel[0].links if x.claim_id == reports.claim_id)
    assert link.stated is False and "false allegations" in link.evidence and link.reason
    # documents differ: the link is across articles
    assert {short(m.doc_id) for m in patel[0].mentions} == {"000"}
    assert "000" not in {short(m.doc_id) for m in reports.mentions}


def test_shuffled_input_changes_nothing(results, claims):
    want = "".join(dumps(c) + "\n" for c in claims)
    ms = [g for r in results for g in r.mentions]
    rng = random.Random(2020)
    for _ in range(5):
        rng.shuffle(ms)
        assert "".join(dumps(c) + "\n" for c in merge(ms)) == want


def test_fewer_claims_than_mentions_and_every_mention_kept(results, claims):
    mentions = sorted((g.mention.doc_id, g.mention.start, g.mention.end) for r in results for g in r.mentions)
    kept = sorted((m.doc_id, m.start, m.end) for c in claims for m in c.mentions)
    assert kept == mentions
    assert len(claims) < len(mentions)
    assert len({c.claim_id for c in claims}) == len(claims)


# --------------------------------------------------------------- CLI, runs
def _extract(src: list[Path], out: Path) -> None:
    res = CliRunner().invoke(app, ["extract", *map(str, src), "--out", str(out), "--backend", "rules", "-q"])
    assert res.exit_code == 0, res.output


def test_split_runs_merged_give_byte_identical_claims_and_merge_is_idempotent(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    _extract([SEEDS], tmp_path / "all")
    _extract(seeds[:2], tmp_path / "r1")
    _extract(seeds[2:4], tmp_path / "r2")
    _extract(seeds[3:], tmp_path / "r3")  # 003 is in r2 and r3: kept once
    want = (tmp_path / "all" / "claims.jsonl").read_bytes()
    for order in (["r1", "r2", "r3"], ["r3", "r1", "r2"]):
        out = tmp_path / ("m_" + "".join(order))
        res = CliRunner().invoke(app, ["merge", *[str(tmp_path / r) for r in order], "--out", str(out), "-q"])
        assert res.exit_code == 0, res.output
        assert (out / "claims.jsonl").read_bytes() == want
        run = json.loads((out / "run.json").read_text())
        assert run["documents"]["kept"] == 5 and [d["doc_id"][:3] for d in run["duplicates"]] == ["003"]
    again = tmp_path / "again"
    res = CliRunner().invoke(app, ["merge", str(tmp_path / "m_r1r2r3"), "--out", str(again), "-q"])
    assert res.exit_code == 0, res.output
    assert (again / "claims.jsonl").read_bytes() == want
    assert (again / "documents.jsonl").read_bytes() == (tmp_path / "m_r1r2r3" / "documents.jsonl").read_bytes()
    res = CliRunner().invoke(app, ["validate", str(again / "claims.jsonl"), "--source", str(SEEDS)])
    assert res.exit_code == 0, res.output


def test_claim_ids_stay_when_a_new_article_is_added(tmp_path):
    # Yesterday: four articles. Today: a fifth (003), and a later-dated reprint of 004.
    src = tmp_path / "src"
    src.mkdir()
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, src / p.name)
    text = (SEEDS / "004_64fc94dd51d51a14.txt").read_text(encoding="utf-8")
    (src / "005_reprint.txt").write_text(" date 2020-03-02 " + text, encoding="utf-8")
    third = src / "003_d12f2b79889c85bb.txt"
    reprint = src / "005_reprint.txt"
    _extract([p for p in sorted(src.glob("*.txt")) if p not in (third, reprint)], tmp_path / "before")
    _extract([src], tmp_path / "after")
    load = lambda d: [json.loads(x) for x in (tmp_path / d / "claims.jsonl").read_text().splitlines()]  # noqa: E731
    before, after = load("before"), load("after")
    key = lambda m: (m["doc_id"], m["start"], m["end"])  # noqa: E731
    owner = {key(m): c for c in after for m in c["mentions"]}
    old_docs = {m["doc_id"] for c in before for m in c["mentions"]}
    assert "003_d12f2b79889c85bb" not in old_docs
    grew = 0
    for c in before:
        new = owner[key(c["mentions"][0])]
        if sorted(key(m) for m in new["mentions"] if m["doc_id"] in old_docs) == sorted(key(m) for m in c["mentions"]):
            assert new["claim_id"] == c["claim_id"], c["content"]  # more mentions, same id
            grew += new["outlets"] > c["outlets"]
    assert grew >= 5  # statements the new articles also carry


def test_no_merge_writes_one_claim_per_mention(tmp_path):
    res = CliRunner().invoke(
        app, ["extract", str(SEEDS), "--out", str(tmp_path), "--backend", "rules", "-q", "--no-merge"]
    )
    assert res.exit_code == 0, res.output
    claims = [json.loads(x) for x in (tmp_path / "claims.jsonl").read_text().splitlines()]
    run = json.loads((tmp_path / "run.json").read_text())
    assert len(claims) == run["mentions"]["grounded"] == run["claims_written"]
    assert all(len(c["mentions"]) == 1 and c["outlets"] == 1 for c in claims)
    assert len({c["claim_id"] for c in claims}) == len(claims)


@pytest.mark.parametrize(
    "fragment, full",
    [
        ("explain herself", "It is vital that Priti Patel comes to explain herself"),
        ("created fear", "I have received allegations that her conduct"),
        ("vicious and orchestrated", "In the last 10 days"),
    ],
)
def test_short_quoted_fragment_joins_the_full_quotation(claims, fragment, full):
    """Issue 14, point 7: a 2-3 word quoted fragment goes with the one statement printing it whole."""
    fulls = [c for c in claims if any(normalize(full) in normalize(m.text) for m in c.mentions)]
    assert len(fulls) == 1, [c.content for c in fulls]
    alone = [
        c
        for c in claims
        if c is not fulls[0]
        and c.speaker.name == fulls[0].speaker.name
        and all(normalize(fragment) in normalize(m.text) for m in c.mentions)
    ]
    assert not alone, [c.content for c in alone]
    # ... and it is there: a mention quoting the fragment without the full quotation
    assert any(
        normalize(fragment) in normalize(m.text) and normalize(full) not in normalize(m.text) for m in fulls[0].mentions
    )


def test_dissociate_fragment_has_no_claim_of_its_own(claims):
    frag = "dissociate herself from the comments"
    holders = [c for c in claims if any(frag in m.text for m in c.mentions) and not is_rutnam(c.speaker)]
    assert not holders, [c.content for c in holders]
    # 002 reports Patel's denial with Rutnam's reasons after it ("... as she claimed because she did
    # not ..."): her denied object alone joins the claim the other four articles make of it
    denial = [c for c in claims if c.polarity == "denial" and c.content == "any involvement in this campaign"]
    assert len(denial) == 1 and len({m.doc_id for m in denial[0].mentions}) == 5, [c.content for c in denial]
