"""The rule backend's attribution patterns, one registered unit each.

Every mention the rule backend emits names the pattern that made it (`rule`, a key of
PATTERNS). A pattern declares:

- `id`: `<pass>.<name>`; the pass is `direct` (pass 1, quotations), `indirect` (pass 2,
  reported speech), `stance` (pass 2, stance verbs with an object), `quoted` (quoted words
  with any verb) or `nested` (pass 3, attributions inside another statement's content);
- `triggers`: lower-case substrings one of which every text it matches contains: the
  cheap pre-check before any regex (`triggered()`; pass 2 runs its sentence patterns only
  where they trigger). Empty: the pattern starts at a reporting verb of the lexicon, which
  pass 2 checks once per sentence. `tests/backends/rules/test_patterns.py` checks each
  example against them;
- `priority`: the order its pass tries it (lower first; the first pattern that attributes
  a quotation or sentence wins);
- `confidence`: a declared prior the passes use to rank their own drafts (a mention's
  `confidence` is the rule's precision measured on PolNeAR train instead: `confidence.py`);
- `examples`: made-up sentences with the speaker phrase, cue and content the pattern must
  find. Tests are generated from them: adding a pattern is one entry here, with examples,
  and the code of the pass that matches it.

`claimex eval GOLD PRED --by-rule` scores each pattern on annotated data.
"""

from __future__ import annotations

from dataclasses import dataclass

QUOTE_MARKS = ('"', "\u201c", "\u201d")


@dataclass(frozen=True)
class Example:
    """A made-up text and the mention the pattern must make in it (speaker phrase as written)."""

    text: str
    speaker: str | None
    cue: str | None
    content: str


@dataclass(frozen=True)
class Pattern:
    """One attribution pattern: its id, pre-check triggers, priority, confidence and examples."""

    id: str
    description: str
    triggers: tuple[str, ...]
    priority: int
    confidence: float
    examples: tuple[Example, ...]


def triggered(pattern_id: str, low: str) -> bool:
    """The substring pre-check: whether lower-cased text `low` holds one of the pattern's triggers
    (always true for a pattern that declares none)."""
    triggers = PATTERNS[pattern_id].triggers
    return not triggers or any(t in low for t in triggers)


def _table(*patterns: Pattern) -> dict[str, Pattern]:
    out: dict[str, Pattern] = {}
    for p in patterns:
        if p.id in out:
            raise ValueError(f"pattern id {p.id!r} registered twice")
        out[p.id] = p
    return out


E = Example

PATTERNS: dict[str, Pattern] = _table(
    # ---------------------------------------------------------------- pass 1: quotations
    Pattern(
        "direct.trailing_x_said",
        '"…," X said: the frame after the quotation, subject before the cue',
        QUOTE_MARKS,
        10,
        0.9,
        (
            E('"The bridge will open in May," the mayor said.', "the mayor", "said", '"The bridge will open in May,"'),
            E(
                "\u201cWe did nothing wrong,\u201d Dana Whitfield told the Gazette.",
                "Dana Whitfield",
                "told the Gazette",
                "\u201cWe did nothing wrong,\u201d",
            ),
        ),
    ),
    Pattern(
        "direct.trailing_said_x",
        '"…," said X: the frame after the quotation, subject after the cue',
        QUOTE_MARKS,
        11,
        0.9,
        (
            E(
                '"Prices will fall next year," said Omar Lindqvist, the bank\'s economist.',
                "Omar Lindqvist",
                "said",
                '"Prices will fall next year,"',
            ),
        ),
    ),
    Pattern(
        "direct.x_said_colon",
        'X said: "…" / X said, "…": the frame before the quotation',
        QUOTE_MARKS,
        12,
        0.9,
        (
            E(
                'Mayor Lena Park said: "We played our best game of the season."',
                "Lena Park",
                "said",
                '"We played our best game of the season."',
            ),
        ),
    ),
    Pattern(
        "direct.went_on",
        'X went on: "…": a continuation frame before the quotation',
        ("went on", "goes on"),
        13,
        0.9,
        (
            E(
                'Ms Arbuckle went on: "The station needs a new roof before winter."',
                "Ms Arbuckle",
                "went on",
                '"The station needs a new roof before winter."',
            ),
        ),
    ),
    Pattern(
        "direct.statement_colon",
        "X's statement: \"…\": a document of the speaker's introduces the quotation",
        ("statement", "message", "letter", "tweet", "post", "words", "remarks", "comments"),
        14,
        0.9,
        (
            E(
                'Carver\'s statement read in part: "The decision was made with care and after long review."',
                "Carver",
                "statement",
                '"The decision was made with care and after long review."',
            ),
        ),
    ),
    Pattern(
        "direct.utter_verb",
        'X chanted "…" / X used the phrase "…": an uttering verb takes the quotation as its object',
        ("chant", "shout", "yell", "scream", "whisper", "mutter", "tweet", "type", "sing", "cry", "crie", "the "),
        15,
        0.9,
        (
            E(
                "Demonstrators in the square chanted \u201cNo more war!\u201d and marched on.",
                "Demonstrators in the square",
                "chanted",
                "\u201cNo more war!\u201d",
            ),
            E(
                "Smith has used the phrase \u201cradical agenda\u201d often.",
                "Smith",
                "used the phrase",
                "\u201cradical agenda\u201d",
            ),
        ),
    ),
    Pattern(
        "direct.dash_name",
        '"…" ― Name: a dash and a name after the quotation',
        ("\u2015", "\u2014", "\u2013", "-"),
        16,
        0.9,
        (
            E(
                "\u201cThe harbour was our whole life.\u201d \u2015 Mirela Osei",
                "Mirela Osei",
                "\u2015",
                "\u201cThe harbour was our whole life.\u201d",
            ),
        ),
    ),
    Pattern(
        "direct.intro_paragraph",
        'a paragraph ending "X said:" introduces the quotation that opens the next',
        (":",),
        17,
        0.9,
        (
            E(
                'In a letter to members, the union\'s secretary wrote:\n\n"Our members deserve a fair offer and we will keep negotiating."',
                "the union's secretary",
                "wrote",
                '"Our members deserve a fair offer and we will keep negotiating."',
            ),
        ),
    ),
    Pattern(
        "direct.quote_group",
        "a quotation with no frame of its own, in a multi-paragraph quotation whose frame is elsewhere",
        QUOTE_MARKS,
        20,
        0.8,
        (
            E(
                'Mayor Tessa Brandt said: "We will rebuild the pier.\n\n"It will take two years."',
                "Tessa Brandt",
                "said",
                '"It will take two years."',
            ),
        ),
    ),
    Pattern(
        "direct.previous_speaker",
        "an unframed quotation right after an attributed one (same or next paragraph): the same speaker",
        QUOTE_MARKS,
        30,
        0.6,
        (
            E(
                '"The plant will close in March," the manager said.\n\n"Nobody here will lose their pension."',
                "the manager",
                "said",
                '"Nobody here will lose their pension."',
            ),
        ),
    ),
    Pattern(
        "direct.unattributed",
        "an unframed quotation of 8+ words with no speaker near: a statement of unknown source",
        QUOTE_MARKS,
        40,
        0.4,
        (
            E(
                'The hall was full.\n\nThe sign read "Everyone who lives here deserves a warm and safe home tonight" in red.\n\n'
                '"Everyone who lives here deserves a warm and safe home tonight and every night."',
                None,
                None,
                '"Everyone who lives here deserves a warm and safe home tonight and every night."',
            ),
        ),
    ),
    # ---------------------------------------------------------- pass 2: reported speech
    Pattern(
        "indirect.according_to",
        "According to X, CONTENT.",
        ("according to",),
        100,
        0.7,
        (
            E(
                "According to the ministry, the new rail line will be finished by 2030.",
                "the ministry",
                "according to",
                "the new rail line will be finished by 2030",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_according_to",
        "CONTENT, according to X. / CONTENT, as X put it.",
        ("according to", " as "),
        110,
        0.7,
        (
            E(
                "The ferry service will stop in winter, according to the harbour authority.",
                "the harbour authority",
                "according to",
                "The ferry service will stop in winter",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_x_said",
        "CONTENT, X said. (a reporting verb that takes a bare clause, at the end of the sentence)",
        (),
        111,
        0.7,
        (
            E(
                "The school will reopen after the holidays, Lena Park said on Monday.",
                "Lena Park",
                "said",
                "The school will reopen after the holidays",
            ),
        ),
    ),
    Pattern(
        "indirect.trailing_said_x",
        "CONTENT, said X. (the subject after the cue)",
        (),
        112,
        0.7,
        (
            E(
                "The tunnel is safe for traffic again, said Priya Castellanos, the chief engineer.",
                "Priya Castellanos",
                "said",
                "The tunnel is safe for traffic again",
            ),
        ),
    ),
    Pattern(
        "indirect.it_is_alleged",
        "It has been alleged/claimed/reported that …: an unnamed source",
        ("it has been", "it had been", "it is", "it was", "it have been"),
        120,
        0.6,
        (
            E(
                "It has been alleged that the contract was awarded without a tender.",
                None,
                "alleged",
                "that the contract was awarded without a tender",
            ),
        ),
    ),
    Pattern(
        "indirect.x_said_that",
        "X said (that) … : a reporting verb that takes a bare clause (say, tell, add, believe, …)",
        (),
        130,
        0.65,
        (
            E(
                "The minister said that the hospital would stay open.",
                "The minister",
                "said",
                "that the hospital would stay open",
            ),
            E(
                "Grace Holloway believes the river will flood again this spring.",
                "Grace Holloway",
                "believes",
                "the river will flood again this spring",
            ),
        ),
    ),
    Pattern(
        "indirect.x_verb_to",
        "X plans to … / called on Y to … / accused Y of … / asked whether …: a verb with another complement",
        (),
        131,
        0.55,
        (
            E(
                "The council plans to build two hundred homes near the station.",
                "The council",
                "plans",
                "to build two hundred homes near the station",
            ),
            E(
                "The senator called on the governor to release the report.",
                "The senator",
                "called on",
                "release the report",
            ),
        ),
    ),
    Pattern(
        "indirect.participle_said_that",
        "…, saying that … / X resigned and said …: the clause before gives the subject (bare-clause verb)",
        (),
        132,
        0.65,
        (
            E(
                "Jonas Ekberg resigned on Friday, saying that the board had ignored his warnings.",
                "Jonas Ekberg",
                "saying",
                "that the board had ignored his warnings",
            ),
        ),
    ),
    Pattern(
        "indirect.participle_verb_to",
        "…, urging Y to … / X left and vowed to …: the clause before gives the subject (other verbs)",
        (),
        133,
        0.55,
        (
            E(
                "Helga Marsh left the meeting early and vowed to fight the closure.",
                "Helga Marsh",
                "vowed",
                "to fight the closure",
            ),
        ),
    ),
    Pattern(
        "indirect.and_said_that",
        "X said A and added B: a second report by the same subject (bare-clause verb)",
        (" and ",),
        134,
        0.65,
        (
            E(
                "The fire chief said the roads were closed and added the schools would open late.",
                "The fire chief",
                "added",
                "the schools would open late",
            ),
        ),
    ),
    Pattern(
        "indirect.and_verb_to",
        "X said A and called on B to C: a second report by the same subject (other verbs)",
        (" and ",),
        135,
        0.55,
        (
            E(
                "The fire chief said the roads were closed and called on drivers to stay home tonight.",
                "The fire chief",
                "called on",
                "stay home tonight",
            ),
        ),
    ),
    Pattern(
        "indirect.was_told",
        "Reporters were told that …: the speaker is unnamed",
        ("told",),
        136,
        0.65,
        (
            E(
                "Staff were told that the office would move to the harbour next year.",
                None,
                "told",
                "that the office would move to the harbour next year",
            ),
        ),
    ),
    Pattern(
        "stance.np_object",
        'X criticized the law as "…": a stance verb with a noun-phrase object',
        (),
        140,
        0.45,
        (
            E(
                "The union criticized the pension reform as a betrayal of workers.",
                "The union",
                "criticized",
                "the pension reform as a betrayal of workers",
            ),
        ),
    ),
    Pattern(
        "stance.passive_unnamed",
        "Y was criticised as …: a passive stance verb; the speaker is unnamed",
        (),
        142,
        0.45,
        (
            E(
                "The plan was criticised as a giveaway to developers.",
                None,
                "criticised",
                "as a giveaway to developers",
            ),
        ),
    ),
    Pattern(
        "quoted.fronted_participle",
        'Bemoaning the "…," X said …: the main clause\'s subject said the quoted words',
        QUOTE_MARKS,
        150,
        0.5,
        (
            E(
                "Mocking the \u201cgrand plan,\u201d Councillor Reyes voted against the budget.",
                "Councillor Reyes",
                "Mocking",
                "the \u201cgrand plan,\u201d",
            ),
        ),
    ),
    Pattern(
        "quoted.what_x_called",
        'what X called "…": the quoted words are X\'s',
        ("what",),
        151,
        0.55,
        (
            E(
                "The tenants marched against what the landlord called a \u201cfair increase\u201d in rent.",
                "the landlord",
                "called",
                "what the landlord called a \u201cfair increase\u201d",
            ),
        ),
    ),
    Pattern(
        "quoted.as_quoted",
        'X has gone after Y as a "…": characterising someone in quoted words, with any verb',
        ("as",),
        152,
        0.5,
        (
            E(
                "Okafor has gone after the mayor as a \u201cpart-time leader\u201d all week.",
                "Okafor",
                "gone after",
                "the mayor as a \u201cpart-time leader\u201d",
            ),
        ),
    ),
    # ------------------------------------------------- pass 3: inside another statement
    Pattern(
        "nested.reported_denial",
        "a denial reported inside a statement (X said Y categorically denied …): Y's own claim",
        ("den", "refut", "reject", "dismiss", "disput", "rebut"),
        200,
        0.5,
        (
            E(
                '"The Home Secretary categorically denied the claims. We stand by her," the spokesman said.',
                "The Home Secretary",
                "denied",
                "the claims",
            ),
        ),
    ),
    Pattern(
        "nested.unnamed_report",
        'an unnamed allegation inside a statement ("It has been alleged that …")',
        ("it has been", "it had been", "it is", "it was", "it have been", "told"),
        201,
        0.5,
        (
            E(
                '"It has been alleged that the minister bullied her staff. This is completely false," the aide said.',
                None,
                "alleged",
                "that the minister bullied her staff",
            ),
        ),
    ),
)
