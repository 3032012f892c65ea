"""Property tests of the merge: order independence, idempotence, splits into runs, partition, speakers, ids."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimex.merge import SpeakerResolver, is_named, match_words, merge, name_tokens
from claimex.merge.claims import id_parts
from claimex.remerge import merge_runs
from tests._mentions import claims_text, gm, write_run

STATEMENTS = [
    "I have been the target of a vicious and orchestrated briefing campaign",
    "This along with many other claims is completely false",
    "She has not made the effort I would expect to dissociate herself from the comments",
    "I will not be voting for the bill when it returns to the house",
    "I will be voting for the bill when it returns to the house",
    "The council wasted four million pounds on the harbour bridge",
]
SPEAKERS = [
    "Philip Rutnam",
    "Sir Philip Rutnam",
    "Rutnam",
    "Philip Rutman",
    "Priti Patel",
    "Ms Patel",
    "Jo Smith",
    None,
]
DATES = [None, "2020-02-28", "2020-02-29", "2020-03-01"]


@st.composite
def wording(draw) -> tuple[str, str]:
    """(text, quote_type): a statement as an outlet might print it."""
    words = draw(st.sampled_from(STATEMENTS)).split()
    how = draw(st.sampled_from(["same", "case", "edit", "dash", "fragment", "mixed", "indirect"]))
    if how == "case":
        return " ".join(words).upper() + ".", "direct"
    if how == "edit":
        i = draw(st.integers(0, len(words) - 1))
        words = words[:i] + [words[i] + "s"] + words[i + 1 :]
    if how == "dash":
        i = draw(st.integers(1, len(words) - 1))
        words = words[:i] + ["\u2014"] + words[i:]
    if how in ("fragment", "mixed"):
        i = draw(st.integers(0, max(0, len(words) - 5)))
        j = draw(st.integers(min(len(words), i + 3), len(words)))
        frag = " ".join(words[i:j])
        return (f'he said "{frag}"', "mixed") if how == "mixed" else (frag, "direct")
    if how == "indirect":
        return "that " + " ".join(words), "indirect"
    return "\u201c" + " ".join(words) + ".\u201d", "direct"


@st.composite
def batches(draw):
    n_docs = draw(st.integers(1, 5))
    docs = [(f"d{i}", draw(st.sampled_from(DATES))) for i in range(n_docs)]
    out = []
    for doc, date in docs:
        for k in range(draw(st.integers(0, 5))):
            text, qt = draw(wording())
            speaker = draw(st.sampled_from(SPEAKERS))
            denial = draw(st.booleans()) and k > 0
            out.append(
                gm(
                    doc,
                    f"m{k}",
                    text,
                    speaker,
                    qt=qt,
                    date=date,
                    pol="denial" if denial else "assertion",
                    denies=(f"m{draw(st.integers(0, k - 1))}",) if denial else (),
                )
            )
    return out


SETTINGS = settings(
    max_examples=int(os.environ.get("CLAIMEX_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(batches(), st.randoms(use_true_random=False))
def test_order_independent(ms, rnd):
    want = claims_text(merge(ms))
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    assert claims_text(merge(shuffled)) == want


@SETTINGS
@given(batches())
def test_partition_ids_links_and_speakers(ms):
    claims = merge(ms)
    mentions = sorted((g.mention.doc_id, g.mention.start) for g in ms)
    assert sorted((m.doc_id, m.start) for c in claims for m in c.mentions) == mentions
    ids = {c.claim_id for c in claims}
    assert len(ids) == len(claims)
    by_id = {c.claim_id: c for c in claims}
    for c in claims:
        for t in c.denies:
            assert c.claim_id in by_id[t].denied_by
        for t in c.denied_by:
            assert c.claim_id in by_id[t].denies
        assert {link.claim_id for link in c.links} == set(c.denies) | set(c.denied_by)
        assert c.outlets == len({m.doc_id for m in c.mentions})
    # Different speakers never merge: every claim's mentions share one resolved speaker.
    resolver = SpeakerResolver(name_tokens(g.speaker.name) for g in ms if is_named(g.speaker))
    key_of = {(g.mention.doc_id, g.mention.start): resolver.key(g.speaker) for g in ms}
    words_of = {(g.mention.doc_id, g.mention.start): match_words(g.mention.text, g.quote_type) for g in ms}
    for c in claims:
        keys = {key_of[(m.doc_id, m.start)] for m in c.mentions}
        assert len(keys) == 1, keys
        if next(iter(keys)).startswith("~"):  # unnamed: identical words only
            assert len({words_of[(m.doc_id, m.start)] for m in c.mentions}) == 1


@SETTINGS
@given(batches(), st.data())
def test_split_into_runs_and_merged_again_changes_nothing(ms, data):
    want = claims_text(merge(ms))
    docs = sorted({g.mention.doc_id for g in ms})
    runs: list[list] = [[] for _ in range(3)]
    for d in docs:
        for r in data.draw(st.sets(st.integers(0, 2), min_size=1), label=f"runs of {d}"):  # a doc may be in several
            runs[r].extend(g for g in ms if g.mention.doc_id == d)
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for i, run in enumerate(runs):
            dirs.append(Path(tmp) / f"r{i}")
            write_run(dirs[-1], run)
        merged = merge_runs(dirs, Path(tmp) / "out")
        assert claims_text(merged.claims) == want
        assert (Path(tmp) / "out" / "claims.jsonl").read_text(encoding="utf-8") == want
        again = merge_runs([Path(tmp) / "out"], Path(tmp) / "again")  # idempotent
        assert (Path(tmp) / "again" / "claims.jsonl").read_text(encoding="utf-8") == want
        assert not again.duplicates and not again.errors


@SETTINGS
@given(batches(), batches(), st.sampled_from([None, "1999-01-01", "2021-01-01"]))
def test_claim_ids_stay_when_later_articles_arrive(old, later, date):
    # Later articles: new doc_ids, dated after, before (back-dated), or not at all: the id never depends on it.
    later = [
        g.model_copy(
            update={"mention": g.mention.model_copy(update={"doc_id": "z" + g.mention.doc_id}), "doc_date": date}
        )
        for g in later
    ]
    before = merge(old)
    after = merge(old + later)
    owner = {(m.doc_id, m.start): c for c in after for m in c.mentions}
    by_pos = {(g.mention.doc_id, g.mention.start): g for g in old + later}
    old_docs = {g.mention.doc_id for g in old}
    for c in before:
        new = owner[(c.mentions[0].doc_id, c.mentions[0].start)]
        if [m for m in new.mentions if m.doc_id in old_docs] != list(c.mentions):
            continue  # the claim was split or joined with another old claim: a different claim
        was = {id_parts(by_pos[(m.doc_id, m.start)]) for m in c.mentions}
        now = {id_parts(by_pos[(m.doc_id, m.start)]) for m in new.mentions}
        if now == was:  # the later articles print wordings the claim had: the id stays, whatever their dates
            assert new.claim_id == c.claim_id
        else:  # a new wording: the id changes only to a smaller one (the new wording's)
            assert new.claim_id <= c.claim_id
