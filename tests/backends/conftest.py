"""Fixtures for the backend tests: a scripted OpenAI-compatible server, small made-up articles, rules-only mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import ScriptedOpenAI

# Modules that pin the rule patterns' own output (made-up sentences, one pattern each): the learned
# layer (pipeline/attribution), which adds what the patterns miss, is switched off there and tested
# in tests/test_attribution.py (its mentions' rules are `learned.*`, not registry patterns).
RULES_ONLY_MODULES = ("test_extractor", "test_patterns")


@pytest.fixture(autouse=True)
def _rules_only(request, monkeypatch):
    if request.module.__name__.rsplit(".", 1)[-1] in RULES_ONLY_MODULES:
        from claimex.attribution import learned

        monkeypatch.setattr(learned, "ENABLED", False)


@pytest.fixture
def articles(tmp_path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for name, text in ARTICLES.items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def server():
    with ScriptedOpenAI() as srv:
        yield srv


@pytest.fixture
def make_server():
    """Factory for servers with options (e.g. reject_json_schema=True); all stopped after the test."""
    started: list[ScriptedOpenAI] = []

    def make(**kw) -> ScriptedOpenAI:
        srv = ScriptedOpenAI(**kw).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()
