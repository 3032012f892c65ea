"""The LLM backend goes through the proxy the environment names, as curl and the SDK's own transport do.

httpx2.Client ignores `HTTPS_PROXY` for a transport it is given, and the LLM
client gives it `BoundedTransport`; without `proxy_for` a user behind a
corporate proxy could not reach the API at all. The scripted server plays the
proxy: a request sent through a proxy carries the absolute URL on its request
line, so the test sees which way it went.
"""

from __future__ import annotations

import pytest

from claimex.backends.llm import LLMExtractor
from claimex.errors import ConfigError
from claimex.llm.settings import LLMSettings
from claimex.llm.transport import BoundedTransport, proxy_for
from claimex.models import Document
from claimex.segment import segment
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import ScriptedOpenAI

PROXY_VARS = (
    "HTTPS_PROXY",
    "HTTP_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "https_proxy",
    "http_proxy",
    "all_proxy",
    "no_proxy",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_requests_go_through_the_proxy_the_environment_names(env: pytest.MonkeyPatch) -> None:
    with ScriptedOpenAI() as proxy:
        env.setenv("HTTP_PROXY", f"http://{proxy.base_url.split('/')[2]}")
        # llm.invalid never resolves: only a request that went through the proxy gets an answer
        ex = LLMExtractor(LLMSettings(model="m", base_url="http://llm.invalid/v1", api_key="k", max_retries=0))
        try:
            got = ex.run(segment(Document(doc_id="bus", text=ARTICLES["bus_lanes"])))
        finally:
            ex.close()
    assert got.fallback is False and got.mentions
    assert [r.target for r in proxy.requests] == ["http://llm.invalid/v1/chat/completions"]


def test_proxy_for_reads_the_environment_like_curl(env: pytest.MonkeyPatch) -> None:
    assert proxy_for("https://api.openai.com/v1") is None
    env.setenv("ALL_PROXY", "http://all.example:3128")
    assert proxy_for("https://api.openai.com/v1") == "http://all.example:3128"
    env.setenv("HTTPS_PROXY", "http://tls.example:3128")
    env.setenv("HTTP_PROXY", "http://plain.example:3128")
    assert proxy_for("https://api.openai.com/v1") == "http://tls.example:3128"
    assert proxy_for("http://localhost:8080/v1") == "http://plain.example:3128"
    env.setenv("NO_PROXY", "localhost,.internal.example")
    assert proxy_for("http://localhost:8080/v1") is None
    assert proxy_for("https://llm.internal.example/v1") is None
    assert proxy_for("https://api.openai.com/v1") == "http://tls.example:3128"


def test_an_unsupported_proxy_scheme_says_what_to_set() -> None:
    with pytest.raises(ConfigError, match="HTTPS_PROXY"):
        BoundedTransport(1_000_000, proxy="socks5://127.0.0.1:1080")
