"""Interviews printed as questions and answers, and transcripts printed as turns: each answer, each
turn, is its speaker's statement.

A magazine or newspaper interview prints its turns as paragraphs opening with `Q:` and `A:` (or `Q.`,
`A.`, a dash for the colon), with no quotation marks and no verb of saying: the other passes see no
attribution in them. Where a document holds at least two question and two answer paragraphs, each
answer paragraph is a direct statement, its words after the label; its speaker is the person the
introduction names first, in the first sentence of a paragraph before the first question that names
one (`Transport planner Ingrid Solberg has spent two years …`), else no one.

A transcript (of a debate, a broadcast interview) prints each turn as a paragraph opening with its
speaker's label in capitals and a colon: `WALLACE: Will she be there?`, `JAKE TAPPER: …`, in a block
quotation `"PENCE: …` (each paragraph opening with a mark it never closes). Where at least two
speakers each take two turns or more and one ends a turn with a question another answers, each turn is a
direct statement of its label: the words after it, with the paragraphs after it that carry on its
block quotation (they open with its mark and never close it, hold no label and are no bracketed
direction such as `(CROSSTALK.)` or sign-off line; a paragraph holding a quotation closed in it, even
inside the block, ends the turn). A label that speaks once joins when the article prints its name
inside a sentence (`TRUMP: …` where it names Trump); page and list labels (`UPDATE:`, `CORRECTION:`,
`QUESTION:`, `CONTACT:`; `lexicon.EDITORIAL_LABELS`) are never speakers.
"""

from __future__ import annotations

import re

from ...lexicon import ALL_TITLES, EDITORIAL_LABELS, ORG_WORDS, ROLE_HEADS
from ...unicase import uni
from .doc import Doc, Draft
from .furniture import SIGN_OFF
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


# a transcript turn's label: one to three words in capitals (two letters or more each) and a colon at a
# paragraph's start, perhaps after the mark that opens a block quotation; then the turn's words
_LABEL = re.compile(
    uni(
        r"[ \t]*(?P<mark>[\"\u201c]?)(?P<label>\p{Lu}[\w'\u2019.-]+(?:[ ]\p{Lu}[\w'\u2019.-]+){0,2})"
        r":[^\S\n]+(?=\S)"
    )
)
MIN_SPEAKERS = 2  # speakers with two turns or more: one label repeated is a page's (`HUFFPOLLSTER: …`)
DIRECTION = re.compile(r"[\"\u201c]?\s*[(\[][^)\]\n]*[)\]]\W*$")  # `"(CROSSTALK.)`, `[applause]`
_TOKEN = re.compile(r"[\w'\u2019-]+")


def transcript_turns(d: Doc) -> list[Draft]:
    """The turns of a transcript as direct drafts (`direct.transcript_turn`), each speaker its label as
    printed; none unless `MIN_SPEAKERS` speakers take two turns or more and one ends a turn with a
    question that another answers (`_asked_and_answered`: an interviewer does; a list of labelled
    points, datelines, candidates' positions or readers' questions does not)."""
    text = d.text
    if ":" not in text:
        return []
    turns = []  # (speaker's last word, label match, paragraph index)
    labelled = set()  # every paragraph that opens with a label, a page's too: no turn runs into one
    for k, p in enumerate(d.paras):
        m = _LABEL.match(text, p.start, p.end)
        if m is not None and not any(c.islower() or c.isdigit() for c in m.group("label")):
            labelled.add(k)
            last = m.group("label").split()[-1].rstrip(".")
            if last.lower() not in EDITORIAL_LABELS and not DIRECTION.match(text, m.end(), p.end):
                turns.append((last, m, k))  # (`PENCE: (LAUGHTER)` is no statement)
    counts: dict[str, int] = {}
    for last, _, _ in turns:
        counts[last] = counts.get(last, 0) + 1
    if sum(1 for n in counts.values() if n >= 2) < MIN_SPEAKERS:
        return []
    if not _asked_and_answered(d, [(last, m, k) for last, m, k in turns if counts[last] >= 2], labelled):
        return []
    out = []
    printed: set[str] | None = None
    for last, m, k in turns:
        if counts[last] < 2:
            if printed is None:  # (one scan of the text, not one per label)
                printed = _names_mid_sentence(d)
            if last.lower() not in printed:
                continue  # a label heard once, whose name the article never prints: a page's, not a speaker's
        hi = _turn_end(d, k, m.group("mark"), labelled)
        out.append(Draft(m.end(), hi, m.group("label"), m.start("label"), None, "direct", "direct.transcript_turn"))
    return out


def _asked_and_answered(d: Doc, turns: list[tuple[str, re.Match[str], int]], labelled: set[int]) -> bool:
    """Whether a speaker's turn that ends in a question is followed by another speaker's that does not:
    an interview's exchange (a list of readers' questions, or of labelled points that merely hold one,
    is none)."""
    text = d.text

    def asks(m: re.Match[str], k: int) -> bool:
        return text[m.end() : _turn_end(d, k, m.group("mark"), labelled)].rstrip(' "\u201d').endswith("?")

    return any(nxt != last and asks(m, k) and not asks(m2, k2) for (last, m, k), (nxt, m2, k2) in zip(turns, turns[1:]))


def _names_mid_sentence(d: Doc) -> set[str]:
    """The capitalised words (`Trump`, `McCain`: a small letter too) that the text prints inside a
    sentence (`Doc.inside_sentence`: after `Mr.` or a quotation's frame too), in lower case: a name is
    capitalised there, a common word only at a sentence's start."""
    out = set()
    for w in _TOKEN.finditer(d.text):
        word = w.group()
        if word[0].isupper() and any(c.islower() for c in word) and d.inside_sentence(w.start()):
            out.add(word.lower())
    return out


def _turn_end(d: Doc, k: int, mark: str, labelled: set[int]) -> int:
    """Where the turn opening paragraph `k` ends: its paragraph's end, or, in a block quotation (`mark`),
    the end of the last paragraph after it that carries the quotation on: it opens with the mark and
    never closes it, holds no label and is no bracketed direction or sign-off line."""
    text = d.text
    last = k
    while mark and last + 1 < len(d.paras) and last + 1 not in labelled:
        p = d.paras[last + 1]
        q = d.quotation_opening_at(p.start)
        if (
            text[p.start : p.start + 1] != mark
            or q is None
            or q.closed
            or DIRECTION.match(text, p.start, p.end)
            or SIGN_OFF.match(text, p.start, p.end)
        ):
            break
        last += 1
    hi = d.paras[last].end
    while hi > d.paras[k].start and text[hi - 1].isspace():
        hi -= 1
    return hi


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
    Pattern(
        "direct.transcript_turn",
        "a transcript's turn (WALLACE: … / PENCE: …): the words after the speaker's label",
        (":",),
        35,
        0.9,
        (
            E(
                "Partial transcript:\n\n"
                "WALLACE: Will she be at the debate?\n\n"
                "PENCE: She will not be there.\n\n"
                "WALLACE: Why not?\n\n"
                "PENCE: Because the debate is about the issues.\n",
                "PENCE",
                None,
                "She will not be there.",
            ),
            E(  # a block quotation: the turn goes on in the paragraphs that carry its mark, to a direction
                'Partial transcript:\n\n"RAMOS: Did you lie to them?\n\n"CLINTON: No. I did not.\n\n'
                '"The families deserve answers.\n\n"(CROSSTALK.)\n\n"RAMOS: Thank you.\n\n"CLINTON: Thank you.\n',
                "CLINTON",
                None,
                'No. I did not.\n\n"The families deserve answers.',
            ),
            E(  # a labelled name that speaks once is a speaker where the article prints the name
                "Tapper asked Governor Fallin about Trump.\n\nTAPPER: Is he a healer?\n\n"
                "FALLIN: He is trying to be one.\n\nTAPPER: And the party?\n\nFALLIN: The party is united.\n\n"
                "TRUMP: We will heal the country.\n\nUPDATE: The governor spoke again on Monday.\n",
                "TRUMP",
                None,
                "We will heal the country.",
            ),
            E(  # the writer's sign-off after the transcript, in its mark too, is none of the last turn's
                '"RAMOS: Did you lie to them?\n\n"CLINTON: No.\n\n"RAMOS: Thank you.\n\n'
                '"CLINTON: Thank you, Jorge.\n\n"Follow Jo Doe on Twitter @jodoe.\n',
                "CLINTON",
                None,
                "Thank you, Jorge.",
            ),
        ),
    ),
)
