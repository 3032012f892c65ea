"""The extractor interface.

Modelled on simonw/llm: the public call lives in the base class and does the
bookkeeping (ID assignment, validation of local links), each backend writes
only `_extract()`. Capabilities are class attributes.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import ErrorRecord, ExtractedMention, ExtractorInfo, SegmentedDocument

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Extraction:
    """One document's mentions and the extractor that really produced them.

    `info` differs from the extractor's own when it fell back to another
    backend for this document (`fallback=True`), e.g. the LLM to the rules.
    """

    mentions: list[ExtractedMention]
    info: ExtractorInfo
    fallback: bool = False


class Extractor(ABC):
    """Turns one segmented document into extracted mentions.

    Subclasses set `name` and `version` and implement `_extract`. Offsets in
    what they return are hints only: the ground stage recomputes them.
    """

    name: str = "base"
    version: str = "0"
    model: str | None = None
    prompt_version: str | None = None
    deterministic: bool = False
    needs_network: bool = False

    @property
    def info(self) -> ExtractorInfo:
        return ExtractorInfo(
            backend=self.name,  # type: ignore[arg-type]
            version=self.version,
            model=self.model,
            prompt_version=self.prompt_version,
        )

    def extract(self, seg: SegmentedDocument) -> list[ExtractedMention]:
        """Segmented document in, mentions out (unique local_ids, links only to known ids, and every
        content holding a word: an empty quotation, `"", said Ann Lee.`, states nothing to check)."""
        out = [m for m in self._extract(seg) if _WORD.search(m.content)]
        ids = [m.local_id for m in out]
        if len(set(ids)) != len(ids):
            out = [m.model_copy(update={"local_id": f"m{i}"}) for i, m in enumerate(out)]
            ids = [m.local_id for m in out]
        known = set(ids)
        return [
            m if set(m.denies) <= known else m.model_copy(update={"denies": tuple(d for d in m.denies if d in known)})
            for m in out
        ]

    def run(self, seg: SegmentedDocument) -> Extraction:
        """Segmented document in, its mentions plus who made them out (what the pipeline calls).

        The default is `extract()` under this backend's own `info`; a backend
        that can fall back to another one per document overrides this.
        """
        return Extraction(self.extract(seg), self.info)

    def result_settings(self) -> dict:
        """This backend's settings beyond `info` that change what a document gives, by name (JSON values),
        for the journal's header: a run resumed with other ones would mix two runs' results. Default: none."""
        return {}

    def report(self, by_backend: dict[str, dict[str, int]]) -> dict:
        """Sections this backend adds to run.json. `by_backend` counts the batch's documents per
        backend that made them ({"llm": {"documents", "ungrounded", "fallback"}}). Default: none."""
        return {}

    def account_journal(self, sections: dict, fallback_documents: list[str], errors: list[ErrorRecord]) -> dict:
        """`sections` (what `report` and the workers' reports made: this process's figures) with what the
        journal says of every document of the batch, those journaled before a --resume too:
        `fallback_documents` (the results with `fallback`) and `errors` (the failed items). Default: as is."""
        return sections

    @abstractmethod
    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]: ...

    def close(self) -> None:  # noqa: B027 - optional hook, not abstract: most backends hold nothing
        """Release resources (HTTP clients, pools). Default: nothing to release."""

    def stop_on(self, stop: threading.Event) -> None:  # noqa: B027 - optional hook: most backends never wait
        """The run's stop event (Ctrl-C, SIGTERM), from the runner. A backend that waits on something other
        than its own work (the LLM's retries) raises StopRequested once it is set. Default: nothing."""


class FakeExtractor(Extractor):
    """A scripted backend for tests: returns queued answers in order.

    `enqueue([...])` one list of mentions per document (as llm's MockModel does);
    with an empty queue it returns `default`.
    """

    name = "rules"
    version = "fake-1"
    deterministic = True

    def __init__(self, default: Iterable[ExtractedMention] = ()):
        self._queue: deque[list[ExtractedMention]] = deque()
        self._default = list(default)
        self.calls: list[str] = []

    def enqueue(self, mentions: Iterable[ExtractedMention]) -> FakeExtractor:
        self._queue.append(list(mentions))
        return self

    def _extract(self, seg: SegmentedDocument) -> Iterable[ExtractedMention]:
        self.calls.append(seg.doc.doc_id)
        return self._queue.popleft() if self._queue else list(self._default)
