"""The LLM backend's lines on stderr: logger "claimex.llm".

Library code only logs (rate limits, retries, schema downgrade, learnt
parameters, fallbacks, the circuit breaker, the deadline); the CLI's one
handler for the "claimex" loggers (`progress.logging_to_stderr`) writes each
as `claimex: <message>` whether or not stderr is a terminal, so a cron log
shows what happened as it happens.
"""

from __future__ import annotations

import logging

log = logging.getLogger("claimex.llm")


def announce(extractor, asked: str, why: str | None = None) -> None:
    """The line that starts a run: which backend, model and server (never the key).

    Not for an explicit `--backend rules`: nothing was chosen for the user, and it stays silent.
    """
    if asked == "rules":
        return
    how = f"--backend {asked}" if asked != "auto" else f"auto: {why}"
    if asked == "auto" and extractor.name != "llm":
        how = "auto: no OPENAI_API_KEY, OPENAI_BASE_URL or --base-url"
    if extractor.name == "llm":
        log.info("backend llm (%s): %s", how, extractor.describe())
    else:
        log.info("backend %s (%s)", extractor.name, how)


def report_fallbacks(llm: dict, asked: str) -> bool:
    """One line when documents came from the fallback (or failed in the LLM); True if any fell back."""
    n = llm.get("fallbacks", 0)
    failed = len(llm.get("failed_documents", []))
    by = llm.get("documents_by_backend", {})
    total = sum(by.values()) + failed
    if not n and not failed:
        return False
    reasons = ", ".join(f"{k} {v}" for k, v in llm.get("fallback_reasons", {}).items())
    if n:
        log.warning(
            "%d of %d documents came from the rules fallback, not the model (%s)%s",
            n,
            total,
            reasons,
            "; exit code 3" if asked == "llm" else "",
        )
    else:
        log.warning("%d of %d documents failed in the LLM backend (%s)", failed, total, reasons)
    return bool(n)
