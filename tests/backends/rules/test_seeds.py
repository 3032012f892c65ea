"""The rule backend against hand-written gold for the five seed articles."""

import pytest

from claimex.backends.rules import RuleExtractor
from claimex.run import run_batch
from tests.seedgold import check


@pytest.fixture(scope="module")
def seed_claims():
    """One claim per mention: what the extractor found, article by article."""
    from tests.conftest import SEEDS

    return run_batch([str(SEEDS)], RuleExtractor(), merge_across=False).claims


@pytest.fixture(scope="module")
def merged_claims():
    """The batch as users get it (speakers also resolved across articles)."""
    from tests.conftest import SEEDS

    return run_batch([str(SEEDS)], RuleExtractor()).claims


def test_every_gold_statement_found_with_speaker_type_and_polarity(merged_claims, seed_claims):
    # speakers and polarity as users get them; quote types per article, before merging
    total, misses = check(merged_claims, ("speaker", "polarity"))
    misses += check(seed_claims, ("quote_type",))[1]
    assert total == 74
    assert not misses, "\n".join(f"{m.doc_id}: {m.content!r} (want {m.want_speaker}): {m.why}" for m in misses)


def test_denials_link_to_what_they_deny(seed_claims):
    by_id = {c.claim_id: c for c in seed_claims}
    false_claims = [c for c in seed_claims if "completely false" in c.content]
    assert len(false_claims) == 4
    for c in false_claims:
        assert c.polarity == "denial"
        targets = [by_id[t] for t in c.denies]
        assert any("briefed the media" in t.content and t.speaker.kind == "unnamed" for t in targets), c.content


def test_rule_backend_is_deterministic(seeds_dir):
    a = run_batch([str(seeds_dir)], RuleExtractor()).claims
    b = run_batch([str(seeds_dir)], RuleExtractor()).claims
    assert [c.model_dump() for c in a] == [c.model_dump() for c in b]


def test_captions_boilerplate_and_repeated_headlines_are_not_claims(seed_claims):
    texts = [m.text for c in seed_claims for m in c.mentions]
    assert not any("vicious, orchestrated briefing campaign" in t for t in texts)  # 001's media caption
    assert not any("Picture:" in t or "Media playback" in t for t in texts)
    # 000's headline "… quits over 'vicious and orchestrated campaign'" repeats the body
    assert not any(m.doc_id.startswith("000") and m.start < 80 for c in seed_claims for m in c.mentions)
