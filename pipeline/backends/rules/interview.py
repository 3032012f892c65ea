"""Interviews printed as questions and answers: each answer is the interviewee's statement.

A magazine or newspaper interview prints its turns as paragraphs opening with `Q:` and `A:` (or `Q.`,
`A.`, a dash for the colon), with no quotation marks and no verb of saying: the other passes see no
attribution in them. Where a document holds at least two question and two answer paragraphs, each
answer paragraph is a direct statement, its words after the label; its speaker is the person the
introduction names first, in the first sentence of a paragraph before the first question that names
one (`Transport planner Ingrid Solberg has spent two years …`), else no one.
"""

from __future__ import annotations

import re

from ...lexicon import ALL_TITLES, ORG_WORDS, ROLE_HEADS
from ...unicase import uni
from .doc import Doc, Draft
from .patterns import Example as E
from .patterns import Pattern, register
from .subjects import Subject

# a turn's label: "Q:", "A.", "Q —" at a paragraph's start, then its words
_TURN = re.compile(r"[ \t]*([QA])\s*[:.\u2014\u2013-]\s+(?=\S)")
MIN_TURNS = 2  # of each kind: one "A." opening a paragraph is more likely an initial ("A. Smith said")


def qa_answers(d: Doc) -> list[Draft]:
    """The answer paragraphs of a question-and-answer interview as direct drafts (`direct.qa_answer`);
    none when the document holds fewer than `MIN_TURNS` questions or answers."""
    text = d.text
    turns: list[tuple[str, int, int]] = []  # (Q or A, where the words start, paragraph end)
    for p in d.paras:
        m = _TURN.match(text, p.start, p.end)
        if m is not None:
            turns.append((m.group(1), m.end(), p.end))
    answers = [(lo, hi) for kind, lo, hi in turns if kind == "A"]
    if len(answers) < MIN_TURNS or len(turns) - len(answers) < MIN_TURNS:
        return []
    first_turn = min(lo for _, lo, _ in turns)
    speaker = _interviewee(d, first_turn)
    out = []
    for lo, hi in answers:
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        out.append(
            Draft(
                lo,
                hi,
                speaker.text if speaker else None,
                speaker.start if speaker else None,
                None,
                "direct",
                "direct.qa_answer",
                role=speaker.role if speaker else None,
            )
        )
    return out


def _interviewee(d: Doc, before: int) -> Subject | None:
    """The first person's name (two capitalised words or more, none an organisation's or a role's word)
    in the first sentence of a paragraph before `before` that holds one: the introduction's subject."""
    text = d.text
    for p in d.paras:
        if p.start >= before:
            break
        first = d.sentences_in(p.start, p.end)[:1]
        for m in _NAME.finditer(text, *first[0]) if first else ():
            words = m.group().split()
            # an office before the name is its role ("Governor Elena Ortiz sat down with …")
            k = 0
            while k < len(words) and _office(words[k]):
                k += 1
            name = words[k:]
            if len(name) >= 2 and not any(w.lower() in ORG_WORDS or _office(w) for w in name):
                at = m.start() + m.group().index(name[0], len(" ".join(words[:k])))
                return Subject(" ".join(name), at, m.end(), role=" ".join(words[:k]) or None)
    return None


def _office(word: str) -> bool:
    """Is capitalised `word` a role's or a title's ("Governor", "Chief", "Sen.")?"""
    low = word.lower().rstrip(".")
    return low in ROLE_HEADS or low in ALL_TITLES


_NAME = re.compile(uni(r"\p{Lu}[\w'\u2019\p{M}-]+(?:\s+\p{Lu}[\w'\u2019\p{M}-]+)+"))


register(
    Pattern(
        "direct.qa_answer",
        "an interview's answer paragraph (Q: … / A: …): the interviewee the introduction names",
        (),
        33,
        0.9,
        (
            E(
                "Ten minutes with the planner\n\n"
                "Transport planner Ingrid Solberg has redrawn the bus network. She spoke to the Courier.\n\n"
                "Q: Why tear up the whole network?\n\n"
                "A: Because tweaking is what got us here, and nobody would draw the old map again.\n\n"
                "Q: Some people say they have been abandoned.\n\n"
                "A: I understand that. The new line runs every eight minutes instead of every forty.\n",
                "Ingrid Solberg",
                None,
                "Because tweaking is what got us here, and nobody would draw the old map again.",
            ),
            E(  # an office before the name is its role, not a reason to pass the name over
                "Governor Elena Ortiz spoke to the Tribune about the budget.\n\n"
                "Q: Will you raise taxes?\n\n"
                "A: No. We will balance the budget by cutting waste.\n\n"
                "Q: What about the schools?\n\n"
                "A: The schools will get more money next year.\n",
                "Elena Ortiz",
                None,
                "No. We will balance the budget by cutting waste.",
            ),
        ),
    ),
)
