"""The LLM backend's parts: settings, prompts, answer schema, chunking, HTTP client, disk cache.

Around the client: `failures` (what a failed request means), `params` (what
the server accepts, learnt once), `guard` (circuit breaker, deadline),
`reqlog` (the request log behind `claimex llm-log`), `notify` (stderr lines).

The backend itself is `pipeline/backends/llm.py` (LLMExtractor); these
modules do not depend on it.
"""
