"""The rule backend against hand-written gold for the five seed articles."""
import pytest

from pipeline.backends.rules import RuleExtractor
from pipeline.run import run_batch
from tests.seedgold import check


@pytest.fixture(scope="module")
def seed_claims():
    from tests.conftest import SEEDS

    return run_batch([str(SEEDS)], RuleExtractor(), merge_across=False).claims


def test_every_gold_statement_found_with_speaker_type_and_polarity(seed_claims):
    total, misses = check(seed_claims)
    assert total == 75
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
