"""The change feed (pipeline/feed.py): a queue that applies only the events holds the new run's claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimex.errors import UsageError
from claimex.feed import apply, changes, read_previous_claims, replaced_ids


def claim(cid: str, *mentions: tuple[str, int], denies: tuple[str, ...] = (), publishers: tuple[str, ...] = ()):
    return {
        "schema_version": 2,
        "claim_id": cid,
        "content": f"content of {cid}",
        "mentions": [{"doc_id": d, "start": s, "end": s + 5} for d, s in mentions],
        "denies": list(denies),
        "denied_by": [],
        "publishers": list(publishers),
    }


def test_new_updated_and_replaced_events() -> None:
    day1 = [claim("a", ("d1", 0)), claim("b", ("d1", 10)), claim("c", ("d1", 20))]
    day2 = [
        claim("a", ("d1", 0), ("d2", 0), publishers=("BBC",)),  # gained a mention and a publisher
        claim("c", ("d1", 20), ("d1", 10), denies=("a",)),  # absorbed b, gained a denial
        claim("e", ("d2", 30)),
    ]
    ev = changes(day1, day2)
    kinds = [(e["event"], e["claim_id"]) for e in ev]
    assert kinds == [("new", "e"), ("updated", "a"), ("updated", "c"), ("replaced", "b")]
    assert ev[1]["changed"]["mentions_added"] == [{"doc_id": "d2", "start": 0, "end": 5}]
    assert ev[1]["changed"]["publishers_added"] == ["BBC"]
    assert ev[2]["changed"]["denies_added"] == ["a"]
    assert ev[3]["by"] == "c"
    assert replaced_ids(day1, day2) == {"c": ["b"]}


def test_unchanged_claims_make_no_event() -> None:
    day = [claim("a", ("d1", 0)), claim("b", ("d1", 10))]
    assert changes(day, [dict(c) for c in day]) == []


def test_a_claim_whose_mentions_are_gone_is_removed() -> None:
    assert changes([claim("a", ("d1", 0))], []) == [{"event": "removed", "claim_id": "a"}]


_ids = st.sampled_from(list("abcdefgh"))
_mention = st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 5).map(lambda k: k * 10))
_claim_parts = st.tuples(
    st.lists(_mention, min_size=1, max_size=3, unique=True),
    st.lists(_ids, max_size=2, unique=True),
    st.lists(st.sampled_from(["AP", "BBC", "NYT"]), max_size=2, unique=True),
)
_run = st.dictionaries(_ids, _claim_parts, max_size=6).map(
    lambda d: [claim(cid, *ms, denies=tuple(dn), publishers=tuple(pb)) for cid, (ms, dn, pb) in sorted(d.items())]
)


@given(st.lists(_run, min_size=1, max_size=4))
def test_applying_each_days_feed_gives_the_last_days_claims(days: list[list[dict]]) -> None:
    state: dict = {}
    previous: list[dict] = []
    for run in days:
        state = apply(state, changes(previous, run))
        previous = run
    assert state == {c["claim_id"]: c for c in days[-1]}


def test_a_claim_whose_only_difference_is_an_emptied_replaces_makes_no_event() -> None:
    # `replaces` says what one run took over from the run before it; the next run has nothing to say
    before = [{**claim("a", ("d1", 0)), "replaces": ["b"]}]
    after = [{**claim("a", ("d1", 0)), "replaces": []}]
    assert changes(before, after) == []


def test_other_words_at_the_same_offsets_are_a_claim_gone_and_a_claim_new() -> None:
    # a document republished under its id with other words where a claim was: the old claim is removed
    # and the new one is new; "replaced" would move a fact-checker's work onto an unrelated claim
    old = claim("a", ("d1", 0))
    old["mentions"][0]["text"] = "the bridge was safe"
    new = claim("b", ("d1", 0))
    new["mentions"][0]["text"] = "the road was unsafe"
    assert [(e["event"], e["claim_id"]) for e in changes([old], [new])] == [("new", "b"), ("removed", "a")]
    assert replaced_ids([old], [new]) == {}
    # the same words at the same place are the same mention, whichever claim holds them now
    same = claim("c", ("d1", 0))
    same["mentions"][0]["text"] = "the bridge was safe"
    assert [(e["event"], e["claim_id"]) for e in changes([old], [same])] == [("new", "c"), ("replaced", "a")]


@pytest.mark.parametrize("separator", ["", "\u2028", "\u2029", "\u0085"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_a_previous_run_is_read_line_by_line_at_newlines_only(tmp_path: Path, separator: str, bom: bytes) -> None:
    """claims.jsonl holds U+2028, U+2029 and U+0085 unescaped inside its strings (claimex writes them so):
    str.splitlines() cut such a line in two and `--previous` refused the run ("not a claim line"), as it
    refused one a Windows editor had saved with a byte-order mark."""
    claims = [claim("a", ("d1", 0)), claim("b", ("d1", 10))]
    claims[0]["content"] = f"The bridge{separator}is safe"
    lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims)
    (tmp_path / "claims.jsonl").write_bytes(bom + lines.encode("utf-8"))
    assert read_previous_claims(tmp_path) == claims


@pytest.mark.parametrize(("version", "said"), [(1, "schema_version 1"), (None, "no schema_version")])
def test_a_previous_run_of_another_contract_version_is_refused(tmp_path: Path, version, said) -> None:
    """A v1 run was compared field by field: every claim became an `updated` event of ["schema_version"]."""
    claims = [claim("a", ("d1", 0)), claim("b", ("d1", 10))]
    claims[1]["schema_version"] = version
    if version is None:
        del claims[1]["schema_version"]
    (tmp_path / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    with pytest.raises(UsageError) as e:
        read_previous_claims(tmp_path)
    assert str(e.value).startswith(f"--previous {tmp_path / 'claims.jsonl'}:2: {said}, but claimex reads ")
    assert "schema_version 2 only: rebuild that run" in str(e.value) and "claimex merge" in str(e.value)
