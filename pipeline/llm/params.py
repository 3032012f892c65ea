"""The request parameters this run's server accepts, learnt once from its 400 answers.

Models differ in what they take: OpenAI's o-series and newer GPT models
reject `max_tokens` (they want `max_completion_tokens`) and any `temperature`
but the default; many OpenAI-compatible servers know only `max_tokens` and
some silently ignore `max_completion_tokens` (llama-cpp-python), which would
lift the token limit. So the first choice is `max_completion_tokens` for the
OpenAI API and `max_tokens` for any other base URL (`token_param="auto"`);
a 400 that names the parameter in use switches to the other one, and a 400
that names `temperature` drops it, each once per run (logged on stderr and
reported in run.json's `llm.params`). `reasoning_effort` is sent only when set.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from .settings import LLMSettings

log = logging.getLogger("claimex.llm")
TOKEN_PARAMS = ("max_completion_tokens", "max_tokens")


def is_openai(base_url: str | None) -> bool:
    return not base_url or (urlsplit(base_url).hostname or "").endswith("api.openai.com")


class RequestParams:
    """Thread-safe: `kwargs()` for the next request, `adapt(param)` after a 400 naming `param`."""

    def __init__(self, s: LLMSettings):
        self.s = s
        if s.token_param == "auto":
            self.token_param = TOKEN_PARAMS[0] if is_openai(s.base_url) else TOKEN_PARAMS[1]
        else:
            self.token_param = s.token_param
        self.send_temperature = s.temperature is not None
        self.changes: list[str] = []  # what was learnt, for run.json
        self._tried: set[str] = set()
        self._lock = threading.Lock()

    def kwargs(self) -> dict:
        with self._lock:
            out: dict = {self.token_param: self.s.max_tokens}
            if self.send_temperature:
                out["temperature"] = self.s.temperature
        if self.s.reasoning_effort:
            out["reasoning_effort"] = self.s.reasoning_effort
        return out

    def adapt(self, param: str | None, sent: dict) -> bool:
        """After a 400 naming `param` for a request sent with `sent`: True if the request should be re-sent.

        Each change happens once per run; a parameter already changed (or
        another thread's change since `sent`) also says re-send.
        """
        with self._lock:
            if param in TOKEN_PARAMS and param in sent:
                if param != self.token_param:
                    return True  # another request already switched
                if self._tried:  # switched once already: the server takes neither
                    return False
                self._tried.add(param)
                other = TOKEN_PARAMS[1 - TOKEN_PARAMS.index(param)]
                self.token_param = other
                note = f"the server rejects {param!r}: sending {other!r} instead for the rest of the run"
            elif param == "temperature" and "temperature" in sent:
                if not self.send_temperature:
                    return True
                self.send_temperature = False
                note = "the server rejects 'temperature': omitting it (the model's default) for the rest of the run"
            else:
                return False
            self.changes.append(note)
        log.warning("%s", note)
        return True

    def report(self) -> dict:
        with self._lock:
            return {
                "token_param": self.token_param,
                "temperature": self.s.temperature if self.send_temperature else None,
                "reasoning_effort": self.s.reasoning_effort,
                "learnt": list(self.changes),
            }
