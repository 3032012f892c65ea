"""The LLM backend's parts: settings, prompts, answer schema, chunking, HTTP client, disk cache.

The backend itself is `pipeline/backends/llm.py` (LLMExtractor); these
modules do not depend on it.
"""
