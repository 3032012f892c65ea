"""Fixtures for the LLM backend tests: a scripted OpenAI-compatible server and small made-up articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import ScriptedOpenAI


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
