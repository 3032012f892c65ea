"""The change feed: what a queue must do to go from one run's claims to the next run's.

`changes(previous, current)` compares two runs' claims (as parsed JSON objects) and returns one event per
claim that is new, changed, or gone into another claim:

- `{"event": "new", "claim_id", "claim"}`: a claim the previous run did not have;
- `{"event": "updated", "claim_id", "changed": {...}, "claim"}`: a claim that gained (or lost) mentions,
  gained publishers, gained or lost a denial link, or whose wording, statement, speaker or scores changed
  (`changed` says which, and what was added or removed);
- `{"event": "replaced", "claim_id", "by"}`: a previous claim whose statement is now part of another
  claim (its mentions are there), so a queue moves its work to `by` and drops `claim_id`;
- `{"event": "removed", "claim_id"}`: a previous claim none of whose mentions is in the new run (only when
  the new run was not given the previous run's documents).

Each event carries the whole current claim where there is one, so a consumer that applies only the feed
(`apply`) holds exactly the new run's claims (but for `replaces`, which names what one run took over from
the run before it: a claim whose only difference is that list gets no event). Events come sorted by claim id within each kind, so a feed is
stable across re-runs.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .outdir import CHANGES as CHANGES  # the change feed's file name in a run directory

if TYPE_CHECKING:
    from .models import Claim as ClaimModel

Claim = Mapping[str, Any]
Event = dict[str, Any]


def _mention_key(m: Mapping[str, Any]) -> tuple[str, int, int, str]:
    """One mention's identity across runs: where it is and the words there. The words count because a
    document republished under its id may hold other words at the same offsets ("Tom Reed said the
    bridge was safe." became "Ann Leek said the road was unsafe."): that is a claim gone and a claim
    new, never one claim replaced by the other."""
    return (str(m["doc_id"]), int(m["start"]), int(m["end"]), str(m.get("text", "")))


def _publishers(c: Claim) -> set[str]:
    return set(c.get("publishers") or ())


def _diff(old: Claim, new: Claim) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    old_m = {_mention_key(m) for m in old.get("mentions", ())}
    added = [m for m in new.get("mentions", ()) if _mention_key(m) not in old_m]
    if added:
        changed["mentions_added"] = added
    new_m = {_mention_key(m) for m in new.get("mentions", ())}
    lost = [m for m in old.get("mentions", ()) if _mention_key(m) not in new_m]
    if lost:  # moved to another claim, or the previous run's document is not in this one
        changed["mentions_removed"] = lost
    for key, diff in (
        ("publishers_added", _publishers(new) - _publishers(old)),
        ("publishers_removed", _publishers(old) - _publishers(new)),
    ):
        if diff:
            changed[key] = sorted(diff)
    for rel in ("denies", "denied_by"):
        before, after = set(old.get(rel) or ()), set(new.get(rel) or ())
        if after - before:
            changed[f"{rel}_added"] = sorted(after - before)
        if before - after:
            changed[f"{rel}_removed"] = sorted(before - after)
    # anything else that differs (wording, statement, speaker, scores, links' evidence, mention order);
    # not `replaces`: it says what one run took over from its previous run, and is news only with that
    # run's `replaced` events (a claim whose only difference is an emptied `replaces` has not changed)
    # (a list whose members did not change but whose order did is a field change too)
    covered = {"replaces"} | {
        k for k in ("mentions", "publishers", "denies", "denied_by") if any(c.startswith(f"{k}_") for c in changed)
    }
    fields = sorted(k for k in set(old) | set(new) if k not in covered and old.get(k) != new.get(k))
    if fields:
        changed["fields"] = fields
    return changed


def changes(previous: Iterable[Claim], current: Iterable[Claim]) -> list[Event]:
    """Events that turn `previous` into `current` (see the module docstring)."""
    prev = {str(c["claim_id"]): c for c in previous}
    cur = {str(c["claim_id"]): c for c in current}
    owner: dict[tuple[str, int, int, str], str] = {}
    for cid, c in cur.items():
        for m in c.get("mentions", ()):
            owner[_mention_key(m)] = cid
    new_events: list[Event] = []
    updated: list[Event] = []
    for cid in sorted(cur):
        c = cur[cid]
        if cid not in prev:
            new_events.append({"event": "new", "claim_id": cid, "claim": c})
            continue
        diff = _diff(prev[cid], c)
        if diff:
            updated.append({"event": "updated", "claim_id": cid, "changed": diff, "claim": c})
    gone: list[Event] = []
    for cid in sorted(set(prev) - set(cur)):
        heirs = sorted({owner[k] for k in map(_mention_key, prev[cid].get("mentions", ())) if k in owner})
        if heirs:
            gone.append({"event": "replaced", "claim_id": cid, "by": heirs[0]})
        else:
            gone.append({"event": "removed", "claim_id": cid})
    return new_events + updated + gone


def replaced_ids(previous: Iterable[Claim], current: Iterable[Claim]) -> dict[str, list[str]]:
    """For each current claim, the previous claim ids it absorbed (the `replaces` list)."""
    out: dict[str, list[str]] = {}
    for e in changes(previous, current):
        if e["event"] == "replaced":
            out.setdefault(e["by"], []).append(e["claim_id"])
    return {k: sorted(v) for k, v in out.items()}


def apply(state: dict[str, Claim], events: Iterable[Event]) -> dict[str, Claim]:
    """A queue's view: `state` (claim id -> claim) after applying `events`; returns a new dict."""
    out = dict(state)
    for e in events:
        if e["event"] in ("new", "updated"):
            out[e["claim_id"]] = e["claim"]
        elif e["event"] in ("replaced", "removed"):
            out.pop(e["claim_id"], None)
        else:
            raise ValueError(f"unknown event {e['event']!r}")
    return out


# ------------------------------------------------- a run against its previous run (`--previous`)


def read_previous_claims(run: Path) -> list[dict[str, Any]]:
    """The previous run's claims (RUN/claims.jsonl, or the file itself) as parsed JSON objects.

    Raises UsageError when there is no such run, a line is not a claim object (a change feed computed
    against half a previous run would tell a queue to drop claims it should keep) or a line is not of the
    contract this claimex writes (a v1 run: every claim would differ from this run's)."""
    from .contract import other_version, other_version_problem
    from .errors import UsageError
    from .ingest import BadLine, jsonl_lines, loads_line

    path = run / "claims.jsonl" if run.is_dir() else run
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(f"--previous {run}: no claims.jsonl to compare with ({e.strerror or e})") from None
    out: list[dict[str, Any]] = []
    # Lines end at "\n" only (jsonl_lines, as every reader of a run's files): claimex writes U+2028, U+2029
    # and U+0085 unescaped inside its strings, where str.splitlines() cut a claim in two; a byte-order mark
    # before the first line is skipped.
    for n, line in jsonl_lines(io.BytesIO(data)):
        try:
            obj = loads_line(line) if isinstance(line, str) else None
        except BadLine:
            obj = None
        if not isinstance(obj, dict) or not isinstance(obj.get("claim_id"), str):
            raise UsageError(f"--previous {path}:{n}: not a claim line; the change feed needs the whole previous run")
        # a v1 run compared field by field made every claim an `updated` event (its schema_version differs)
        if (said := other_version(obj, required=True)) is not None:
            raise UsageError(f"--previous {path}:{n}: {other_version_problem(said)}")
        out.append(obj)
    return out


def count_events(events: list[Event]) -> dict[str, int]:
    """How many events of each kind (run.json `changes`)."""
    out = {"new": 0, "updated": 0, "replaced": 0, "removed": 0}
    for e in events:
        out[e["event"]] += 1
    return out


def previous_report(previous: object, kept: int, replaced: list[str]) -> dict[str, Any]:
    """run.json `previous` of a run given `--previous` (extract or merge): that run, how many of its
    documents this run kept as they were, and the doc_ids whose document this run replaced."""
    return {
        "run": str(previous),
        "documents_kept": kept,
        "documents_replaced": len(replaced),
        "replaced_documents": replaced,
    }


def replaced_warning(doc_id: str, where: str, previous: object, old_where: str | None = None) -> str:
    """The warning (without its `warning: ` prefix) for a document of `where` whose doc_id the
    `--previous` run holds with another text (`old_where`: where that one came from, when known)."""
    old = f" ({old_where})" if old_where else ""
    return (
        f"doc_id {doc_id!r}: {where} has another text than the document of that id in --previous {previous}{old}; "
        "it replaces that document (whose claims go): give it another doc_id to keep both"
    )


def follow(previous: list[dict[str, Any]], claims: list[ClaimModel]) -> tuple[list[ClaimModel], list[Event]]:
    """This run's claims against the previous run's: the claims with `replaces` filled, and the events of
    changes.jsonl (`changes`)."""
    from .emit import dumps

    current = [json.loads(dumps(c.model_copy(update={"replaces": ()}))) for c in claims]
    took = replaced_ids(previous, current)
    out = [c.model_copy(update={"replaces": tuple(took.get(c.claim_id, ()))}) for c in claims]
    for obj in current:
        obj["replaces"] = took.get(obj["claim_id"], [])
    return out, changes(previous, current)


def dumps_event(e: Event) -> str:
    """One change-feed line: compact JSON, keys in the order the event was built, UTF-8 kept."""
    return json.dumps(e, ensure_ascii=False, separators=(",", ":"))
