"""Merge, step 4: denial links between claims, stated in the text or inferred across documents.

Stated: an extractor links a denial to the mention it denies inside one
document (`GroundedMention.denies`, by local id). After merging, that becomes
a link between the two claims, so it holds wherever either claim appears.

Inferred (conservative; every inferred link says which rule made it):
a denial D by a named speaker P that has no stated target denies claim T when
T is an assertion by someone else, T is not itself a report of the denial
(T does not contain D's words and has no `deny` verb), and either

- A, "the denial repeats the claim's topic": D and T share at least 3 topic
  words (stems; stop words, denial words, both speakers' names and words
  common in the batch, used by over 1% of its claims and over 5, left out),
  and those are at least 60% of D's topic words; or
- B, "the allegations are about the denier": D speaks of allegations or
  accusations, T reports allegations or accusations that are not against its
  own speaker (`alleged that I ...` is an allegation against the speaker
  himself), and T either names P (full name, surname or an alias such as `the
  Home Secretary`) or T's speaker and P already dispute each other in the
  batch (a stated denial link between their claims).

Rule B is what links Priti Patel's "false allegations" in one article to the
allegations about her conduct Philip Rutnam reports in another.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ..lexicon import BARE_POINTER, POINTER_WORDS
from ..models import Claim, Link
from ..textnorm import fold_chars
from .claims import ClaimDraft, Owners
from .speakers import Name, name_tokens

MIN_SHARED = 3
SHARED_SHARE = 0.6
COMMON_SHARE = 0.01  # rule A ignores words used by more than this share of the batch's claims...
COMMON_MIN_CLAIMS = 5  # ...and by more than this many claims
ALLEGATION_STEMS = frozenset({"alleg", "accus", "smear"})

_WORD = re.compile(r"\w+")
_STOP = frozenset(
    """
a an the and or but if of to in on at for with by from as is are was were be been being have has had do does did
i me my mine we us our you your he him his she her hers they them their it its this that these those there here
myself yourself himself herself itself ourselves themselves
who whom whose which what when where why how not no nor so than too very can will would should could may might must
shall just also only about against between into through during before after above below up down out off over under
again further then once all any both each few more most other some such own same now new made make makes making
said says say told tell one two three many much well even still yet ever
""".split()
)
_DENIAL = frozenset(
    """
false falsely untrue deny denied denies denying denial reject rejected rejects rejecting categorically completely
totally entirely utterly wholly absolutely wrong baseless unfounded nonsense rubbish
""".split()
)
_REPORTS_DENIAL = frozenset({"deny", "denied", "denies", "denying", "denial"})
_SELF_ALLEGATION = re.compile(r"\b(?:alleg|accus)\w*\s+(?:that\s+|of\s+)?(?:i|we|me|us|my|our)\b")
_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ed", "es", "s")


@lru_cache(maxsize=1 << 14)
def stem(word: str) -> str:
    """A crude stem good enough to meet `allegations` / `alleged` / `allege` at `alleg`."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            word = word[: -len(suf)]
            break
    return word[:5]


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_chars(text).lower())


@lru_cache(maxsize=1 << 14)
def _topic_stem(word: str) -> str | None:
    """The stem a word adds to a claim's topic, or None for stop words, denial words and numbers."""
    if word in _STOP or word in _DENIAL or word.isdigit():
        return None
    return stem(word)


class _Info:
    """What the rules need to know about one claim."""

    def __init__(self, draft: ClaimDraft):
        self.draft = draft
        self.names, self.name_stems = _names_of(draft)
        self.polarity = draft.polarity
        self.words = _words(draft.content)
        self.joined = f" {' '.join(self.words)} "
        self.named = not draft.key.startswith("~")
        self.first: dict[str, str] = {}  # topic stem -> the first word of the claim that has it
        for w in self.words:
            s = _topic_stem(w)
            if s is not None and s not in self.first:
                self.first[s] = w
        self.topic = self.first.keys() - self.name_stems


def link_claims(drafts: Sequence[ClaimDraft], owner: Owners, *, infer: bool = True) -> dict[int, list[Link]]:
    """Claim drafts in, links out: claim index -> its `denies` and `denied_by` links.

    `owner` maps (doc_id, local_id) of every mention to the index of its claim.
    """
    stated: dict[tuple[int, int], tuple] = {}
    for k, d in enumerate(drafts):
        for g in d.members:
            for target in g.denies:
                t = owner.get((g.mention.doc_id, target))
                if t is None or t == k:
                    continue
                cand = (g.mention.doc_id, g.mention.start, g.mention.text)
                if (k, t) not in stated or cand < stated[(k, t)]:
                    stated[(k, t)] = cand
    out: dict[int, list[Link]] = defaultdict(list)
    for (k, t), (doc, _, text) in sorted(stated.items()):
        out[k].append(Link(relation="denies", claim_id=drafts[t].claim_id, doc_id=doc, evidence=text, stated=True))
        out[t].append(Link(relation="denied_by", claim_id=drafts[k].claim_id, doc_id=doc, evidence=text, stated=True))
    if not infer:
        return out
    for (k, t), link in _infer(drafts, stated).items():
        d_link, t_link = link
        out[k].append(d_link)
        out[t].append(t_link)
    return out


def _infer(
    drafts: Sequence[ClaimDraft], stated: dict[tuple[int, int], tuple]
) -> dict[tuple[int, int], tuple[Link, Link]]:
    infos = [_Info(d) for d in drafts]
    # Speakers who already dispute each other in the text: key pair -> the document that says so.
    disputes: dict[frozenset, str] = {}
    for (k, t), (doc, _, _) in sorted(stated.items()):
        a, b = drafts[k].key, drafts[t].key
        if a != b and not a.startswith("~") and not b.startswith("~"):
            disputes.setdefault(frozenset((a, b)), doc)
    has_stated = {k for k, _ in stated}
    # Rule A counts only words that say something about a topic in this batch: a word used by
    # more than 1% of the claims (and more than COMMON_MIN_CLAIMS) is common here, not topical.
    df = Counter(s for info in infos for s in info.topic)
    limit = max(COMMON_MIN_CLAIMS, COMMON_SHARE * len(infos))
    common = {s for s, n in df.items() if n > limit}
    postings: dict[str, list[int]] = defaultdict(list)
    for t, info in enumerate(infos):
        if info.polarity == "assertion":
            for s in info.topic:
                postings[s].append(t)
    found: dict[tuple[int, int], tuple[Link, Link]] = {}
    for k, D in enumerate(infos):
        if D.polarity != "denial" or not D.named or k in has_stated or not D.topic:
            continue
        # Candidates: rule A needs >= alpha shared topic stems, so one of D's rarest
        # (len - alpha + 1) stems is shared (prefix filtering); rule B needs an allegation stem.
        topic_a = D.topic - common - D.name_stems
        alpha = max(MIN_SHARED, math.ceil(SHARED_SHARE * len(topic_a)))
        ranked = sorted(topic_a, key=lambda s: (len(postings.get(s, ())), s))
        cands: set[int] = set()
        if alpha <= len(topic_a):
            for s in ranked[: len(topic_a) - alpha + 1]:
                cands.update(postings.get(s, ()))
        alleg = D.topic & ALLEGATION_STEMS
        for s in alleg:
            cands.update(postings.get(s, ()))
        P = D.draft.key
        for t in sorted(cands):
            T = infos[t]
            Q = T.draft.key
            if t == k or Q == P or (k, t) in stated or (t, k) in stated:
                continue
            if f" {' '.join(D.words)} " in T.joined or _REPORTS_DENIAL & set(T.words):
                continue  # T reports the denial itself
            shared = (D.topic & T.topic) - D.name_stems - T.name_stems
            shared_a = shared & topic_a
            reason: str | None = None
            if len(shared_a) >= alpha:
                words = ", ".join(sorted(T.first[s] for s in shared_a))
                reason = f"inferred (rule A): the denial repeats the claim's topic words: {words}"
            elif alleg & shared and not _SELF_ALLEGATION.search(T.joined):
                reason = _rule_b(D, T, T.first[sorted(alleg & shared)[0]], disputes)
            if reason is None:
                continue
            anchor = D.draft.anchor.mention
            ev = anchor.text
            found[(k, t)] = (
                Link(
                    relation="denies",
                    claim_id=T.draft.claim_id,
                    doc_id=anchor.doc_id,
                    evidence=ev,
                    stated=False,
                    reason=reason,
                ),
                Link(
                    relation="denied_by",
                    claim_id=D.draft.claim_id,
                    doc_id=anchor.doc_id,
                    evidence=ev,
                    stated=False,
                    reason=reason,
                ),
            )
    return found


def _rule_b(D: _Info, T: _Info, word: str, disputes: dict[frozenset, str]) -> str | None:
    """Rule B's reason, when the allegations T reports (`word`) are about D's speaker: T names them,
    or T's speaker and D's already dispute each other in the batch."""
    p_name = _display_name(D)
    named = next(
        (" ".join(n) for n in sorted(D.names, key=lambda n: (-len(n), n)) if f" {' '.join(n)} " in T.joined),
        None,
    )
    if named:
        return f"inferred (rule B): {p_name} denies allegations and the claim reports '{word}' naming '{named}'"
    pair = frozenset((D.draft.key, T.draft.key))
    if pair in disputes:
        return (
            f"inferred (rule B): {p_name} denies allegations and the claim reports '{word}' "
            f"by {_display_name(T)}, who disputes {p_name} in {disputes[pair]}"
        )
    return None


def _names_of(d: ClaimDraft) -> tuple[frozenset[Name], frozenset[str]]:
    """How a claim's speaker may be named: resolved name, surname, every name and alias of the
    mentions; and the stems of those names' tokens."""
    if d.key.startswith("~"):
        return frozenset(), frozenset()
    spellings = tuple(x for g in d.members if g.speaker.name for x in (g.speaker.name, *g.speaker.aliases))
    return _names_for(d.key, spellings)


@lru_cache(maxsize=1 << 12)  # one speaker has many claims: the same key and spellings come back
def _names_for(key: str, spellings: tuple[str, ...]) -> tuple[frozenset[Name], frozenset[str]]:
    toks = tuple(key.split())
    names = {toks}
    names.update(name_tokens(x) for x in spellings)
    if len(toks) >= 2:
        names.add(toks[-1:])  # the surname alone
    names = {n for n in names if n and sum(len(t) for t in n) >= 4}
    return frozenset(names), frozenset(stem(t) for n in names for t in n)


def _display_name(info: _Info) -> str:
    return info.draft.speaker.name or "an unnamed speaker"


def spell_out_pointers(claims: list[Claim]) -> list[Claim]:
    """Claims in, the same claims out, where a denial whose whole content points back ("Whitfield denied
    it") and which denies one claim by a link the text states has that claim's statement put in square
    brackets after its own, as an editor clarifies a quote: `Whitfield denied it [According to Mary Jones,
    the minister had leaked the report]`, `Moss denied that [Tom Akers: "She agreed to testify"]`. Without
    them the statement says nothing a reader can check. Only a statement that ends in the pointer (a
    model's own sentence may say more) and a target that is no pointer itself (a denial of a denial)."""
    by_id = {c.claim_id: c for c in claims}
    out = []
    for c in claims:
        stated = {link.claim_id for link in c.links if link.relation == "denies" and link.stated}
        target = by_id.get(next(iter(stated))) if len(stated) == 1 else None
        if (
            target is None
            or c.polarity != "denial"
            or not target.statement
            or not BARE_POINTER.fullmatch(c.content.strip())
            or BARE_POINTER.fullmatch(target.content.strip())
            or not c.statement
            or not _ENDS_IN_POINTER.search(c.statement)
        ):
            out.append(c)
            continue
        out.append(c.model_copy(update={"statement": f"{c.statement} [{target.statement.rstrip('.')}]"}))
    return out


# a statement that ends in its pointer ("Whitfield denied it"), not a sentence that says more or ends in a stop
_ENDS_IN_POINTER = re.compile(r"\b" + POINTER_WORDS + "$", re.I)
