"""Word lists shared by the rule backend and speaker resolution.

Kept in one place so that tuning the rules means editing data, not code.
"""

from __future__ import annotations

import re

# Reporting verbs by lemma -> surface forms. "say"/"tell" take a bare clause;
# the rest need a complementiser (that/to/a colon/a quote) to count as a cue.
_CUE_FORMS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "continue": ("continued", "continues"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "note": ("note", "notes", "noted", "noting"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "read": ("reads",),  # "the letter reads" (documents speak through what they read)
    "state": ("state", "states", "stated", "stating"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "warn": ("warn", "warns", "warned", "warning"),
    "suggest": ("suggest", "suggests", "suggested", "suggesting"),
    "believe": ("believe", "believes", "believed"),
    "think": ("think", "thinks", "thought"),
    "accuse": ("accuse", "accuses", "accused", "accusing"),
    "deny": ("deny", "denies", "denied", "denying"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "ask": ("ask", "asks", "asked", "asking"),
    "promise": ("promise", "promises", "promised", "promising"),
    "chant": ("chanted", "chants", "chanting"),
    "shout": ("shouted", "shouts", "shouting"),
    "yell": ("yelled", "yells", "yelling"),
    "scream": ("screamed", "screams", "screaming"),
    "exclaim": ("exclaimed", "exclaims"),
    "whisper": ("whispered", "whispers"),
    "mutter": ("muttered", "mutters"),
    "cry": ("cried",),
    "post": ("posted",),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "pledge": ("pledge", "pledges", "pledged", "pledging"),
    "urge": ("urge", "urges", "urged", "urging"),
    "advise": ("advise", "advises", "advised"),  # "officials advise anyone with symptoms to call ahead"
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "report": ("report", "reports", "reported", "reporting"),
    "reveal": ("reveal", "reveals", "revealed", "revealing"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "contend": ("contend", "contends", "contended"),
    "maintain": ("maintain", "maintains", "maintained"),
    "assert": ("assert", "asserts", "asserted"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "emphasize": ("emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised"),
    "complain": ("complain", "complains", "complained", "complaining"),
    "recall": ("recall", "recalls", "recalled"),
    "reply": ("reply", "replies", "replied"),
    "respond": ("respond", "responds", "responded"),
    "answer": ("answered",),
    "testify": ("testify", "testifies", "testified"),
    "concede": ("concede", "concedes", "conceded"),
    "agree": ("agree", "agrees", "agreed"),
    "indicate": ("indicate", "indicates", "indicated"),
    "observe": ("observed",),
    "remark": ("remarked",),
    "comment": ("commented",),
    "conclude": ("conclude", "concludes", "concluded"),
    "hope": ("hope", "hopes", "hoped"),
    "fear": ("fear", "fears", "feared"),
    "worry": ("worry", "worries", "worried"),
    "expect": ("expect", "expects", "expected"),
    "feel": ("feel", "feels", "felt"),
    "know": ("know", "knows", "knew"),
    "understand": ("understand", "understands"),
    "learn": ("learned", "learnt"),
    "demand": ("demand", "demands", "demanded"),
    "propose": ("propose", "proposes", "proposed"),
    "recommend": ("recommend", "recommends", "recommended"),
    "threaten": ("threaten", "threatens", "threatened"),
    "boast": ("boast", "boasts", "boasted"),
    "joke": ("joke", "jokes", "joked"),
    "quip": ("quipped",),
    # verbs of saying with a mood, in news copy ("he fumed", "opined X", "she retorted that")
    # (the past only where the word is a noun too: "diesel fumes", "his retort")
    "retort": ("retorted",),
    "fume": ("fumed",),
    "opine": ("opined", "opines"),
    "muse": ("mused",),
    "scoff": ("scoffed",),
    "reckon": ("reckon", "reckons", "reckoned"),  # British copy: "the chief executive reckons the firm …"
    "charge": ("charged",),
    "counter": ("countered",),
    "dispute": ("dispute", "disputes", "disputed"),
    "rebut": ("rebutted",),
    "refute": ("refute", "refutes", "refuted"),
    "reject": ("reject", "rejects", "rejected"),
    "dismiss": ("dismissed",),
    "plan": ("plan", "plans", "planned"),
    "want": ("want", "wants", "wanted"),
    "intend": ("intend", "intends", "intended"),
    "estimate": ("estimate", "estimates", "estimated"),
    "show": ("show", "shows", "showed"),
    "find": ("find", "finds", "found"),
    "describe": ("describe", "describes", "described"),
    "call": ("call", "calls", "called"),
    "wonder": ("wonder", "wonders", "wondered"),
    "question": ("questioned",),
    "acknowledged": (),
    "mention": ("mentioned",),
    "point": ("pointed",),  # "pointed out"
    "speculate": ("speculate", "speculates", "speculated"),
    "assume": ("assume", "assumes", "assumed"),
    "suspect": ("suspect", "suspects", "suspected"),
    "assure": ("assured", "assures"),
    "signal": ("signaled", "signalled"),
    "caution": ("cautioned",),
    "blame": ("blamed", "blames"),
    "criticize": ("criticized", "criticised", "criticizes", "criticises"),
    "praise": ("praised",),
}

# Attitude and stance verbs whose object noun phrase is what the annotators call the content
# ("criticized the Affordable Care Act as a 'crazy system'", "called for a full repeal").
_NP_FORMS: dict[str, tuple[str, ...]] = {
    "criticize": ("criticized", "criticised", "criticizes", "criticises", "criticizing", "criticising"),
    "attack": ("attacked", "attacks"),
    "praise": ("praised", "praises", "praising"),
    "endorse": ("endorsed", "endorses", "endorsing"),
    "oppose": ("opposed", "opposes", "opposing"),
    "support": ("supported", "supports"),
    "condemn": ("condemned", "condemns", "condemning"),
    "applaud": ("applauded", "applauds"),
    "slam": ("slammed", "slams", "slamming"),
    "blast": ("blasted", "blasts"),
    "mock": ("mocked", "mocks", "mocking"),
    "defend": ("defended", "defends", "defending"),
    "cite": ("cited", "cites", "citing"),
    "propose": ("proposed", "proposes", "proposing"),
    "demand": ("demanded", "demands", "demanding"),
    "paint": ("painted", "paints", "painting"),
    "portray": ("portrayed", "portrays", "portraying"),
    "label": ("labeled", "labelled", "labels"),
    "accuse": ("accused", "accuses", "accusing"),
    "blame": ("blamed", "blames", "blaming"),
    "question": ("questioned", "questions", "questioning"),
    "protest": ("protested", "protests"),
    "emphasize": ("emphasized", "emphasised", "emphasizing", "emphasising"),
    "highlight": ("highlighted", "highlights"),
    "recommend": ("recommended", "recommends"),
    "favor": ("favored", "favoured", "favors", "favours"),
    "reject": ("rejected", "rejects", "rejecting"),
    "dismiss": ("dismissed", "dismisses", "dismissing"),
    "deny": ("denied", "denies", "denying"),
    "acknowledge": ("acknowledged", "acknowledges", "acknowledging"),
    "announce": ("announced", "announces"),
    "signal": ("signaled", "signalled", "signals"),
    "pledge": ("pledged", "pledges"),
    "promise": ("promised", "promises"),
    "compare": ("compared", "compares", "comparing"),
    "laud": ("lauded", "lauds"),
    "commend": ("commended", "commends"),
    "decry": ("decried", "decries"),
    "assail": ("assailed", "assails"),
    "hail": ("hailed", "hails", "hailing"),
    "lambast": ("lambasted", "lambastes", "lambasts", "lambasting"),
    "deride": ("derided", "derides", "deriding"),
    "ridicule": ("ridiculed", "ridicules", "ridiculing"),
    "castigate": ("castigated", "castigates", "castigating"),
    "excoriate": ("excoriated", "excoriates", "excoriating"),
    "chide": ("chided", "chides", "chiding"),
    "scold": ("scolded", "scolds", "scolding"),
    "berate": ("berated", "berates", "berating"),
    "tout": ("touted", "touts", "touting"),
    "see": ("see", "sees", "saw", "seeing"),
    "view": ("view", "views", "viewed", "viewing"),
    "regard": ("regard", "regards", "regarded"),
}
# These count only with an "as" complement ("see the program as an opportunity").
NEEDS_AS = {"see", "view", "regard", "paint", "portray", "describe", "label"}
_PHRASAL: dict[str, tuple[str, ...]] = {
    "call for": ("called for", "calls for", "calling for"),
    "push for": ("pushed for", "pushes for", "pushing for"),
    "argue for": ("argued for", "argues for"),
    "plead for": ("pleaded for", "pleads for", "pled for"),
    "vote against": ("voted against", "votes against"),
    "vote for": ("voted for", "votes for"),
    "warn of": ("warned of", "warns of", "warned about", "warns about"),
    "complain about": ("complained about", "complains about", "complaining about"),
    "worry about": ("worried about", "worries about", "worry about"),
    "speak out against": ("spoke out against", "speaks out against"),
    "rail against": ("railed against", "rails against"),
    # (not "gone after": "has gone after X as \"…\"" is quoted.as_quoted's)
    "go after": ("went after", "goes after", "going after"),
    "push back": tuple(f"{v} back {p}" for v in ("pushed", "pushes", "pushing", "push") for p in ("on", "against")),
}
NP_OBJECT_LEMMA: dict[str, str] = {form: lemma for lemma, forms in _NP_FORMS.items() for form in forms}
PHRASAL_LEMMA: dict[str, str] = {form: lemma for lemma, forms in _PHRASAL.items() for form in forms}


def _ing(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return lemma[:-1] + "ing"
    if lemma in {"admit", "regret", "quip", "rebut", "plan"}:
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


_NO_PARTICIPLE = {"read"}  # "after reading the report" reports nothing
# Participles head reports too ("…, asserting that …"); add the -ing form wherever it is missing.
for _lemma, _forms in list(_CUE_FORMS.items()):
    if _forms and _ing(_lemma) not in _forms and " " not in _lemma and _lemma not in _NO_PARTICIPLE:
        _CUE_FORMS[_lemma] = _forms + (_ing(_lemma),)

CUE_LEMMA: dict[str, str] = {form: lemma for lemma, forms in _CUE_FORMS.items() for form in forms}
# A cue's past form (its first form that is neither the lemma nor an -s or -ing form): how a statement
# prints a participle cue as its verb ("Trump vowing to protect …" -> "Donald Trump vowed to protect …")
CUE_PAST: dict[str, str] = {
    lemma: past
    for lemma, forms in _CUE_FORMS.items()
    if (past := next((f for f in forms if f != lemma and not f.endswith(("s", "ing"))), None)) is not None
}

# Verbs that say how words were said ('"Go back to Univision," Trump barked.', 'She sighed: "…"'). They
# are cues only in a frame right beside a quotation, where the quotation is what was said; elsewhere
# they mostly report something else ("the crowd roared", "he laughed at the idea", "shares echoed …"),
# so the clause passes do not read them. Past forms only: news copy tells quotations in the past, and
# several present forms are nouns too ("barks", "sighs", "laughs").
_MANNER_OF_SAYING: tuple[tuple[str, str], ...] = (
    ("barked", "bark"),
    ("snapped", "snap"),
    ("growled", "growl"),
    ("thundered", "thunder"),
    ("boomed", "boom"),
    ("bellowed", "bellow"),
    ("roared", "roar"),
    ("hissed", "hiss"),
    ("gushed", "gush"),
    ("beamed", "beam"),
    ("laughed", "laugh"),
    ("chuckled", "chuckle"),
    ("sighed", "sigh"),
    ("groaned", "groan"),
    ("moaned", "moan"),
    ("grumbled", "grumble"),
    ("griped", "gripe"),
    ("huffed", "huff"),
    ("sniffed", "sniff"),
    ("snorted", "snort"),
    ("sneered", "sneer"),
    ("teased", "tease"),
    ("taunted", "taunt"),
    ("chided", "chide"),
    ("scolded", "scold"),
    ("admonished", "admonish"),
    ("pleaded", "plead"),
    ("begged", "beg"),
    ("implored", "implore"),
    ("exhorted", "exhort"),
    ("interjected", "interject"),
    ("stammered", "stammer"),
    ("murmured", "murmur"),
    ("mumbled", "mumble"),
    ("sang", "sing"),
    ("deadpanned", "deadpan"),
    ("echoed", "echo"),
    ("reiterated", "reiterate"),
    ("repeated", "repeat"),
    ("elaborated", "elaborate"),
    ("clarified", "clarify"),
    ("confessed", "confess"),
    ("confided", "confide"),
    ("demurred", "demur"),
    ("ventured", "venture"),
    ("surmised", "surmise"),
    ("reasoned", "reason"),
    ("recounted", "recount"),
    ("marveled", "marvel"),
    ("marvelled", "marvel"),
    ("exulted", "exult"),
    ("crowed", "crow"),
    ("bragged", "brag"),
    ("raged", "rage"),
    ("ranted", "rant"),
    ("lamented", "lament"),
    ("protested", "protest"),
    ("objected", "object"),
    ("mocked", "mock"),
)
# The cue words of a quotation's frame (form -> lemma): every cue, the verbs of manner above, and
# "put" ("As one voter put it: …"; the frame reads it only before "it").
QUOTE_FRAME_LEMMA: dict[str, str] = CUE_LEMMA | dict(_MANNER_OF_SAYING) | {"put": "put"}

# Lemmas that introduce a bare clause ("X said the plan failed").
BARE_CLAUSE = {
    "say",
    "tell",
    "add",
    "claim",
    "argue",
    "insist",
    "note",
    "write",
    "warn",
    "believe",
    "think",
    "suggest",
    "explain",
    "state",
    "report",
    "confirm",
    "acknowledge",
    "admit",
    "predict",
    "concede",
    "contend",
    "maintain",
    "assert",
    "declare",
    "stress",
    "recall",
    "reply",
    "respond",
    "fear",
    "hope",
    "know",
    "feel",
    "understand",
    "estimate",
    "agree",
    "complain",
    "reveal",
    "allege",
    "indicate",
    "announce",
    "continue",
    "conclude",
    "testify",
    "counter",
    "boast",
    "worry",
    "wonder",
    "emphasize",
    "speculate",
    "learn",
    "expect",
    "assume",
    "suspect",
    "retort",
    "fume",
    "opine",
    "muse",
    "scoff",
    "reckon",
    "find",
    "show",
}
# Lemmas that report an intention with "to" ("X plans to ...", "vowed to").
TO_CLAUSE = {
    "plan",
    "want",
    "intend",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "urge",
    "advise",
    "ask",
    "call",
    "expect",
    "hope",
    "refuse",
    "demand",
    "propose",
    "agree",
    "recommend",
}
# Verbs whose object comes before the content ("told reporters that", "warned Congress that").
TAKES_OBJECT = {"tell", "warn", "remind", "assure", "urge", "advise", "ask", "accuse", "inform", "call", "convince"}
# verbs whose to-clause follows them directly ("plans to"); words between make a clause
# ("hoped utilities would be able to …")
TO_RIGHT_AFTER = {
    "plan",
    "want",
    "intend",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "refuse",
    "expect",
    "hope",
    "agree",
    "demand",
    "propose",
}
# verbs that take a wh-clause ("asked whether", "explained how"); only WH_AFTER_OBJECT ones after an object
WH_CLAUSE_LEMMAS = {"ask", "wonder", "question", "know", "explain", "say", "tell", "reveal", "indicate", "announce"}
WH_AFTER_OBJECT = {"ask", "wonder", "question"}

# Verbs of belief and report whose passive before a to- or as-phrase hides the source ("X is expected
# to", "was believed to", "is said to", "is known as"): the subject is the topic, not the speaker
UNNAMED_PASSIVES = frozenset(
    {
        "expect",
        "believe",
        "think",
        "say",
        "report",
        "know",
        "understand",
        "estimate",
        "suspect",
        "allege",
        "fear",
        "predict",
    }
)

DENIAL_LEMMAS = {"deny", "refute", "reject", "dismiss", "dispute", "rebut", "push back"}
# What a denial's whole object may be when it points back to a report: "Whitfield denied it.", "Aides denied
# this." (the rules keep such a denial only where it finds the report it points to; the merge spells that
# report out in the denial's statement: `merge.links.spell_out_pointers`)
POINTER_WORDS = r"(?:it|this|that|these|those|them)"  # the pronouns a denial points back with, as a regex
BARE_POINTER = re.compile(POINTER_WORDS + r"(?=\s*(?:$|[.!?;,]))", re.I)
# `X called the claim "flat-out false"`: the allegation the verb names, and the verdict (regex parts)
CALLED_OBJECT = (
    r"(?:the |these |those |this |that |such |his |her |their |its )?"
    r"(?:claims?|allegations?|reports?|accusations?|stories|story|suggestions?|charges?)"
)
FALSITY = (
    r"[\"\u201c'\u2018]?(?:(?:flat-out|completely|totally|utterly|absolutely|patently|simply|entirely|categorically)\s+)?"
    r"(?:false|untrue|baseless|unfounded|nonsense|ridiculous|absurd|fake|lies|a lie|rubbish|fiction|wrong)\b"
)
# verbs that name what they call a statement: "called/labelled/branded the claim false"
CALLING_VERBS = frozenset(
    {"call", "calls", "called", "calling", "label", "labels", "labelled", "labeled", "brand", "brands", "branded"}
)
# Phrases that make a statement a denial of a proposition.
DENIAL_PATTERNS = [
    r"\bcompletely false\b",
    r"\b(?:entirely|totally|utterly|simply|absolutely|patently|demonstrably) (?:false|untrue|wrong)\b",
    r"\bfalse (?:allegations?|claims?|reports?|accusations?|stories|story)\b",
    # (the verdict may be quoted: 'the claim was "false"', 'said the account was "a lie"')
    r"\bis [\"\u201c\u2018']?(?:false|untrue)\b",
    r"\bnot true\b",
    # "That is not correct", "They're inaccurate", "That's not the case": a rebuttal whose subject points
    # back ("wrong" is left out: "that was wrong" judges a deed; "this is not the case for most families",
    # "… in Scotland" contrasts, it rebuts nothing)
    r"\b(?:that|this|it|they|these|those|(?:the|these|those|this|that|such)\s+(?:claims?|allegations?|reports?"
    r"|figures?|numbers?|suggestions?|accounts?|stories|story|accusations?))"
    r"(?:'s|\u2019s|'re|\u2019re|\s+is|\s+are|\s+was|\s+were)\s+"
    r"(?:simply\s+|just\s+|absolutely\s+|completely\s+|totally\s+|entirely\s+)?"
    r"(?:not\s+(?:correct|accurate|the case(?!\s+(?:for|in|with|of|on|across|among|everywhere|elsewhere|here|there"
    r"|when|where|if|because|since|anymore|today|now)\b))|incorrect|inaccurate)\b",
    r"\b(?:is|are|was|were|be|been|completely|totally|entirely|wholly|simply) [\"\u201c\u2018']?"
    r"(?:untrue|baseless|groundless|unfounded|false)\b",
    r"\bwithout (?:any )?(?:basis|foundation|merit)\b",
    r"\bno truth\b",
    r"\bcategorically den",
    r"\bflatly (?:den|reject)",
    r"\b(?:den(?:y|ies|ied)|refut(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?) (?:the |these |those |any |all |such )?(?:claims?|allegations?|reports?|suggestions?|accusations?)\b",
    r"\bfake news\b",
    r"\b(?:is|was|are|were|that's|that\u2019s|it's|it\u2019s|this is|that is)\s+[\"\u201c\u2018']?"
    r"(?:just\s+|simply\s+|utterly\s+|complete\s+|total\s+|pure\s+)?(?:nonsense|ridiculous|absurd|a lie|lies|rubbish)\b",
    # "was \"pure fabrication\"", "is simply a fabrication", "was \"fabrication\"", "is fabrication." (not "the
    # main business was fabrication of steel", "is a fabrication shop", "is fabrication, which takes 60%")
    r"\b(?:is|was|are|were|that's|that\u2019s|it's|it\u2019s|this is|that is)\s+[\"\u201c\u2018']?"
    r"(?:just\s+|simply\s+|utterly\s+|nothing but\s+)?"
    r"(?:(?:an?\s+(?:(?:complete|total|pure|utter)\s+)?|(?:complete|total|pure|utter)\s+)fabrication\b"
    r"(?!\s+(?:of|shop|business|plant|yard|works?|line|unit|facility|company|firm|industry|sector|process)\b)"
    r"|fabrication(?=\s*[.!?\"\u201d\u2019']))",
    # "I don't believe her", "I don't believe that.": a denial; "I don't believe that's going to work",
    # "We don't believe that the law should …": an opinion (a clause follows "it"/"that"; "at all",
    # "for a second", "either", "one bit" are no clause)
    r"\bdo(?:es)? not believe (?:her|him|them|(?:it|that)(?![\w'\u2019])(?!\s+(?!(?:at all|for a|either|one bit)\b)\w))\b",
    r"\bdon(?:'?|\u2019)t believe (?:her|him|them|(?:it|that)(?![\w'\u2019])(?!\s+(?!(?:at all|for a|either|one bit)\b)\w))\b",
    r"\bdo(?:es)?(?: not|n'?t|n\u2019t) believe (?:that|it)(?:'s|\u2019s| is| was) (?:true|accurate|correct|the case)\b",
    r"\brefus(?:e|es|ed) to accept\b",
    r"\bnever (?:said|did|happened)\b",
    r"\bhad nothing to do with\b",
    # "called the claim \"flat-out false\"", "labelled the reports lies" (the "as" form is the last pattern)
    r"\b(?:call(?:s|ed)?|label(?:s|led|ed)?|brand(?:s|ed)?) " + CALLED_OBJECT + r" " + FALSITY,
    # "did not 'recognise' those reports", "does not recognise the figures" (British officialese)
    r"\b(?:do(?:es)?|did)(?: not|n'?t|n\u2019t) ['\u2018\"\u201c]?recogni[sz]e['\u2019\"\u201d]? (?:the |these |those |this |that |such |any )?(?:claims?|allegations?|reports?|figures?|numbers?|accounts?|description|characteri[sz]ation|picture|accusations?|suggestions?)\b",
    r"\bno involvement\b",
    # "described the claims as baseless" (the content is "the claims as baseless")
    r"\bas\s+(?:an?\s+|being\s+)?[\"\u201c]?(?:(?:total|complete|utter|absolute|pure|simply)\s+)?(?:baseless|unfounded|false|untrue|nonsense|ridiculous|absurd|fake|a lie|lies|rubbish|fiction)\b",
]

# third-person pronouns by gender and number: which person a pronoun may stand for
PRONOUNS_M = {"he", "him", "his", "himself"}
PRONOUNS_F = {"she", "her", "hers", "herself"}
PRONOUNS_PL = {"they", "them", "their", "themselves"}
# pronouns that can be a clause's subject: a speaker phrase that is one names no one by itself
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who"}
# subject pronouns that point to no one person in the text: SUBJECT_PRONOUNS but "he", "she", "they"
OTHER_SUBJECT_PRONOUNS = SUBJECT_PRONOUNS - PRONOUNS_M - PRONOUNS_F - PRONOUNS_PL
# forms of "be" and "have", and the modals and "do" forms that stand before a verb
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
HAVE_FORMS = frozenset({"has", "have", "had"})
MODALS = frozenset({"will", "would", "may", "might", "could", "should", "can", "must"})
DO_FORMS = frozenset({"did", "does", "do"})
# nouns ending in "-ly", which the tests for an adverb before a verb ("quickly said") must not skip:
# "Her family said", "A close ally said"
# (only those that can name a speaker: after "a rally" a participle's subject is further back)
LY_NOUNS = frozenset({"family", "ally", "assembly"})
# occupations, not titles, written before a name in news copy ("Singer Jade Lorne", "Spokeswoman
# Abi Carter"): no part of the name. A formal title ("Mayor Bill de Blasio", "Housing Minister Rachel
# Denholm") stays with it, as the article uses it.
NAME_PREFIX_ROLES = frozenset(
    {
        "actor",
        "actress",
        "adviser",
        "advisor",
        "aide",
        "analyst",
        "author",
        "candidate",
        "colleague",
        "comedian",
        "critic",
        "diplomat",
        "editor",
        "employee",
        "expert",
        "founder",
        "friend",
        "historian",
        "insider",
        "investigator",
        "lawyer",
        "member",
        "nominee",
        "operative",
        "opponent",
        "owner",
        "pollster",
        "presenter",
        "rapper",
        "reporter",
        "researcher",
        "resident",
        "rival",
        "singer",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "staffer",
        "strategist",
        "student",
        "supporter",
        "teacher",
        "voter",
        "witness",
        "worker",
        "writer",
    }
)
# verbs that say nothing by themselves: a learned content after one is no object to print
LIGHT_VERBS = frozenset(
    {"made", "make", "makes", "took", "take", "takes", "gave", "give", "gives", "got", "get", "gets", "turned"}
    | {"leaves", "left", "put", "puts", "went", "goes", "came", "comes"}
)
# the head of a ministry's name before its list of portfolios ("Department for Environment, Food …")
MINISTRY_WORDS = frozenset({"Department", "Ministry", "Secretary", "Minister", "Office", "Committee"})
# prepositions after which a cue word is a noun ("following reports that …", "amid claims that …"):
# its words are nobody's named. ("by" is not one: "by saying" has the clause's subject.)
NOUN_CUE_AFTER = frozenset(
    {"following", "after", "amid", "amidst", "despite", "over", "about", "of", "on", "against", "among", "regarding"}
)
# participles that read as adjectives of a state of mind after a be-form: "we are convinced (that)
# …", "his backers were worried …" hold the view of the subject, where "he was asked about …",
# "she is accused of …" are passives whose subject received the words
STATE_OF_MIND_PARTICIPLES = frozenset(
    {
        "agreed",
        "alarmed",
        "amazed",
        "angered",
        "bothered",
        "committed",
        "concerned",
        "convinced",
        "delighted",
        "determined",
        "disappointed",
        "disturbed",
        "dismayed",
        "divided",
        "encouraged",
        "frightened",
        "frustrated",
        "heartened",
        "inclined",
        "interested",
        "opposed",
        "outraged",
        "persuaded",
        "pleased",
        "prepared",
        "relieved",
        "resigned",
        "satisfied",
        "scared",
        "shocked",
        "stunned",
        "surprised",
        "tempted",
        "terrified",
        "thrilled",
        "troubled",
        "united",
        "worried",
    }
)

TITLES_M = {"mr", "sir", "lord", "king", "prince", "father", "brother", "mister", "duke", "earl", "baron"}
TITLES_F = {
    "mrs",
    "ms",
    "miss",
    "dame",
    "lady",
    "queen",
    "princess",
    "sister",
    "madam",
    "duchess",
    "countess",
    "baroness",
}
TITLES_N = {
    "dr",
    "prof",
    "professor",
    "rev",
    "reverend",
    "hon",
    "president",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "judge",
    "justice",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "sgt",
    "sergeant",
    "officer",
    "chancellor",
    "minister",
    "secretary",
    "speaker",
    "chairman",
    "chairwoman",
    "commissioner",
    "ambassador",
    "attorney",
    "detective",
    "inspector",
    "constable",
    "chief",
    "coach",
    "cardinal",
    "archbishop",
    "bishop",
    "pope",
    "sheriff",
    "superintendent",
    "deputy",
    "adm",
    "admiral",
    "maj",
    "major",
    "cllr",
    "councillor",
    "mp",
    "premier",
    "vice",
    "candidate",
    "nominee",
    "leader",
}
# offices written out before a lone surname that make it a person's ("President Obama", "Governor
# Cuomo"): the ones `NOT_NAME` drops from a name's front ("Mayor", "Judge" stay in the name as titles);
# not those that also open a body's name ("General Electric", "Major League", "Chief Justice")
OFFICE_TITLES = frozenset({"president", "senator", "governor", "secretary", "minister", "speaker", "chairman"})
# every title, whatever its gender
ALL_TITLES = frozenset(TITLES_M | TITLES_F | TITLES_N)
# the lower-case prefixes of Arabic names joined by a hyphen ("al-Rashid", "bin-Salman"), as regex text
HYPHENED_NAME_PREFIX = r"(?:al|el|ad|bin|ibn|abu)-"
HONORIFICS = TITLES_M | TITLES_F | {"dr", "prof", "rev", "hon"}
# the words a speaker phrase is not judged by (articles, prepositions, titles, quantifiers; score.py's
# normalisation of speakers): the learned layer rates "The resignation comes after a series of" by its other words
SPEAKER_STOP_WORDS = frozenset(
    "the a an of and in for on at to by with from s mr mrs ms miss mx dr sir dame lord lady prof rev hon jr sr"
    " this that these those one both some other others many most all several few each any".split()
)

# Role heads that name a document or a body, not a person ("the report", "the inquiry"): never a
# person's role in an appositive.
NOT_PERSON_ROLE = {
    "statement",
    "report",
    "study",
    "survey",
    "poll",
    "polls",
    "memo",
    "letter",
    "document",
    "documents",
    "data",
    "figures",
    "analysis",
    "review",
    "audit",
    "investigation",
    "inquiry",
    "website",
    "newspaper",
    "paper",
    "network",
    # court papers ("The lawsuit claims …", "The indictment alleges …")
    "lawsuit",
    "suit",
    "complaint",
    "indictment",
    "affidavit",
    "filing",
    "prosecution",
    # what a campaign or an agency puts out, the source gold attributions name ("the ad says", "records show")
    "ad",
    "ads",
    "records",
    "emails",
    "tweet",
    "editorial",
}

# Head nouns of speaker phrases that are not names.
ROLE_HEADS = NOT_PERSON_ROLE | {
    # heads of PolNeAR train's gold sources that the lists below lacked, and ranks beside "general"
    "admiral",
    "colonel",
    "marshal",
    "constable",
    "businessman",
    "businesswoman",
    "tycoon",
    "mogul",
    "surgeon",
    "neurosurgeon",
    "actress",
    "host",
    "hopeful",
    "hopefuls",
    "advocates",
    "staff",
    "electorate",
    "panel",
    "camp",
    "leadership",
    "media",
    "figure",  # "a senior figure at the club" (the plural "figures" is data: NOT_PERSON_ROLE)
    # people of a trade, a calling or a past that review articles of other genres showed speaking
    "veteran",
    "paramedic",
    "fisherman",
    "fishermen",
    "pilot",
    "rebel",
    "coaches",
    "landlord",
    "academic",
    "scholar",
    "cleric",
    "imam",
    "priest",
    "rabbi",
    "bishop",
    "architect",
    "charity",
    "charities",
    "watchdog",
    "hospital",
    "school",
    "trust",
    "federation",
    "confederation",
    "society",
    "firm",
    "secretary",
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "chief",
    "head",
    "leader",
    "governor",
    "senator",
    "mayor",
    "official",
    "officials",
    "adviser",
    "advisor",
    "advisers",
    "advisors",
    "aide",
    "aides",
    "source",
    "sources",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "executive",
    "manager",
    "officer",
    "officers",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "economist",
    "economists",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "professor",
    "critic",
    "critics",
    "supporter",
    "supporters",
    "ally",
    "allies",
    "member",
    "members",
    "candidate",
    "nominee",
    "representative",
    "congressman",
    "congresswoman",
    "lawmaker",
    "lawmakers",
    "legislator",
    "legislators",
    "mp",
    "mps",
    "ambassador",
    "judge",
    "prosecutor",
    "prosecutors",
    "investigator",
    "investigators",
    "police",
    "commissioner",
    "general",
    "founder",
    "ceo",
    "chancellor",
    "strategist",
    "strategists",
    "pollster",
    "pollsters",
    "operative",
    "operatives",
    "insider",
    "insiders",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "voter",
    "voters",
    "people",
    "person",
    "man",
    "woman",
    "men",
    "women",
    "activist",
    "activists",
    "historian",
    "doctor",
    "doctors",
    "author",
    "authors",
    "writer",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "editor",
    "columnist",
    "democrats",
    "republicans",
    "conservatives",
    "liberals",
    "protesters",
    "protestors",
    "staffer",
    "staffers",
    "employee",
    "employees",
    "worker",
    "workers",
    "union",
    "campaign",
    "administration",
    "government",
    "department",
    "ministry",
    "office",
    "agency",
    "committee",
    "commission",
    "council",
    "company",
    "group",
    "organization",
    "organisation",
    "party",
    "court",
    "team",
    "house",
    "senate",
    "congress",
    "parliament",
    "authorities",
    "authority",
    "board",
    "bureau",
    "service",
    "institute",
    "center",
    "centre",
    "foundation",
    "association",
    "coalition",
    # sport's leaders ("Rovers boss Siobhan Kearney", "the coach said")
    "boss",
    "coach",
    "captain",
    "skipper",
    # organisations a news report calls by their kind alone ("the bank said", "the consortium warned")
    "alliance",
    "bank",
    "church",
    "club",
    "college",
    "consortium",
    "cooperative",
    "corporation",
    "fund",
    "guild",
    "league",
    "partnership",
    "university",
    "family",
    "families",
    "couple",
    "pair",
    "duo",
    "trio",
    "friends",
    "friend",
    "colleagues",
    "colleague",
    "partner",
    "partners",
    "owner",
    "owners",
    "candidates",
    "observers",
    "commentators",
    "pundits",
    "mother",
    "father",
    "mom",
    "dad",
    "child",
    "children",
    "kids",
    "widow",
    "widower",
    "victim",
    "victims",
    "nurse",
    "nurses",
    "neighbour",
    "neighbours",
    "delegate",
    "wife",
    "husband",
    "son",
    "daughter",
    "secretary-general",
    "diplomat",
    "diplomats",
    "envoy",
    "negotiators",
    "regulators",
    "regulator",
    "teacher",
    "students",
    "student",
    "parents",
    "counsel",
    "representatives",
    "senators",
    "governors",
    "leaders",
    "delegates",
    "surrogates",
    "surrogate",
    "fans",
    "users",
    "opponents",
    "opponent",
    "rival",
    "rivals",
    "backers",
    "donors",
    "americans",
    "britons",
    "citizens",
    "troops",
    "soldiers",
    "military",
    "army",
    "ministers",
    "secretaries",
    "presidents",
    "directors",
}

UNNAMED_HEADS = {
    "source",
    "sources",
    "official",
    "officials",
    "aide",
    "aides",
    "insider",
    "insiders",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "person",
    "people",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "staffer",
    "staffers",
    "operative",
    "operatives",
    "witness",
    "witnesses",
}
GROUP_HEADS = {
    "critics",
    "supporters",
    "allies",
    "members",
    "experts",
    "analysts",
    "economists",
    "voters",
    "residents",
    "democrats",
    "republicans",
    "conservatives",
    "liberals",
    "protesters",
    "activists",
    "lawmakers",
    "legislators",
    "mps",
    "officials",
    "investigators",
    "prosecutors",
    "police",
    "authorities",
    "scientists",
    "researchers",
    "observers",
    "pundits",
    "commentators",
    "opponents",
    "rivals",
    "backers",
    "donors",
    "americans",
    "britons",
    "citizens",
    "workers",
    "employees",
    "students",
    "parents",
    "leaders",
    "senators",
    "governors",
    "delegates",
    "surrogates",
    "fans",
}
ORG_WORDS = {
    # services and forces ("the Coast Guard", "the Border Patrol", "the Army Corps of Engineers")
    "guard",
    "patrol",
    "corps",
    "brigade",
    "regiment",
    "battalion",
    "navy",
    "army",
    "constabulary",
    "legislature",
    "airline",
    "railway",
    "railways",
    # venues a name's owner lends his name to ("Trump Plaza Hotel" is no person to resolve "Trump" to)
    "hotel",
    "casino",
    "resort",
    "museum",
    "restaurant",
    "arena",
    "alliance",
    "confederation",
    "caucus",
    "chamber",
    "chambers",
    "league",
    "forum",
    "partnership",
    "consortium",
    "guild",
    "cooperative",
    "charity",
    "watchdog",
    "hospital",
    "school",
    "trust",
    "federation",
    "society",
    "firm",
    "office",
    "department",
    "ministry",
    "committee",
    "commission",
    "council",
    "union",
    "party",
    "campaign",
    "administration",
    "government",
    "agency",
    "service",
    "bureau",
    "board",
    "court",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "group",
    "institute",
    "university",
    "college",
    "foundation",
    "association",
    "coalition",
    "organization",
    "organisation",
    "network",
    "news",
    "times",
    "post",
    "journal",
    "herald",
    "telegraph",
    "guardian",
    "tribune",
    "press",
    "bbc",
    "cnn",
    "fda",
    "fbi",
    "cia",
    "nhs",
    "police",
    "house",
    "senate",
    "congress",
    "parliament",
    "commons",
    "church",
    "bank",
    "fund",
    "center",
    "centre",
    "club",
    "team",
    "uk",
    "magazine",
    "media",
    "reuters",
    "ap",
    "afp",
    "gazette",
    "daily",
    "weekly",
    # newspapers' names end so ("the Calderbridge Echo"): a paper, not a person a pronoun may stand for
    "echo",
    "chronicle",
    "courier",
    "mirror",
    "observer",
    "argus",
    "advertiser",
    "examiner",
    "inquirer",
    "sentinel",
    "dispatch",
    "bulletin",
    "mail",
    "express",
    "standard",
    # bodies named with an "of" phrase ("the American Academy of Pediatrics", "the Embassy of Japan") and
    # companies' closing words ("Corvane Systems"): one body, never a person or the place after "of"
    "academy",
    "convention",
    "embassy",
    "consulate",
    "institution",
    "laboratory",
    "laboratories",
    "observatory",
    "tribunal",
    "assembly",
    "secretariat",
    "directorate",
    "inspectorate",
    "systems",
    "airlines",
    "airways",
    "industries",
    "holdings",
    "technologies",
    "pharmaceuticals",
    "motors",
    # places an institution occupies, named as organisations are ("Ardley Barracks"): no person
    "barracks",
    "airport",
    "stadium",
    "cathedral",
    "prison",
    "channel",
    "radio",
    "television",
    "tv",
    "nbc",
    "abc",
    "cbs",
    "fox",
    "msnbc",
    "huffpost",
    "politico",
    "breitbart",
    "whitehall",
    "kremlin",
    "pentagon",
    "treasury",
    "nato",
    "eu",
    "un",
    "who",
    "imf",
    "opec",
    "inc.",
    "llc",
    "plc",
    "authority",
    "authorities",
    "report",
    "statement",
    "survey",
    "study",
    "poll",
    "memo",
    "letter",
    "website",
    "paper",
    "newspaper",
}

# Capitalised words that start sentences or name things but are not people.
NOT_NAME = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "as",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
    "which",
    "where",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "however",
    "meanwhile",
    "also",
    "according",
    "so",
    "yet",
    "still",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "about",
    "over",
    "under",
    "between",
    "among",
    "during",
    "despite",
    "although",
    "because",
    "though",
    "unless",
    "until",
    "into",
    "onto",
    "upon",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
    "less",
    "few",
    "both",
    "each",
    "every",
    "any",
    "one",
    "two",
    "three",
    "home",
    "secretary",
    "minister",
    "prime",
    "president",
    "office",
    "labour",
    "conservative",
    "democrat",
    "democrats",
    "republican",
    "republicans",
    "democratic",
    "house",
    "white",
    "senate",
    "congress",
    "cabinet",
    "civil",
    "service",
    "government",
    "state",
    "states",
    "united",
    "national",
    "federal",
    "media",
    "video",
    "picture",
    "photo",
    "image",
    "caption",
    "read",
    "related",
    "click",
    "american",
    "americans",
    "british",
    "english",
    "european",
    "chinese",
    "russian",
    "french",
    "german",
    "mexican",
    "muslim",
    "christian",
    "jewish",
    "black",
    "latino",
    "hispanic",
    "asian",
    "african",
    "sept",
    "jan",
    "feb",
    "aug",
    "oct",
    "nov",
    "dec",
    "inc",
    "permanent",
    "general",
    "chief",
    "acting",
    "senior",
    "former",
    "top",
    "new",
    "old",
    "deputy",
    "vice",
    "governor",
    "senator",
    "rep",
    "sen",
    "gov",
    "mp",
    "speaker",
    "chairman",
    "leader",
    "party",
    "campaign",
    "committee",
    "commons",
    "department",
    "ministry",
    "agency",
    "court",
    "police",
    "army",
    "navy",
    "bbc",
    "itv",
    "fda",
    "nhs",
    "fbi",
    "cia",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "google",
    "apple",
    "amazon",
    "microsoft",
    "internet",
    "christmas",
    "easter",
    "street",
    "road",
    "avenue",
    "north",
    "south",
    "east",
    "west",
    "london",
    "york",
    "washington",
    "america",
    "britain",
    "england",
    "china",
    "russia",
    "europe",
    "iraq",
    "iran",
    "syria",
    "israel",
    "mexico",
    "canada",
    "california",
    "texas",
    "florida",
    "ohio",
    "virginia",
    "carolina",
    "news",
    "times",
    "post",
    "journal",
    "press",
    "daily",
    "week",
    "month",
    "year",
    "day",
    "obamacare",
    "breaking",
    "update",
    "exclusive",
    "opinion",
    "analysis",
    "editorial",
    "watch",
    "listen",
    "share",
}

# Common given names, for gender where no title or pronoun says it (a name that is also a common
# word, a place or often a surname is left out: "Grace", "Georgia", "Grant"; so is one given to
# men and women alike: "Jean", "Alexis", "Leslie").
MALE_NAMES = set(
    """
adam alan albert alex alexander andrew andy anthony arthur barack ben benjamin bernie bill bob boris brad brian
bruce carl charles charlie chris christopher chuck colin craig dan daniel dave david dennis dick dominic don
donald doug douglas ed edward eric frank fred gary george gerald gordon graham greg harry henry howard ian jack
jacob jake james jason jeb jeff jeffrey jeremy jerry jim jimmy joe john johnny jon jonathan joseph josh juan
keith ken kenneth kevin larry lee leo liam luke marco mark martin matt matthew michael mike mitch mohammed
muhammad nathan neil nick nicholas nigel oliver patrick paul pete peter phil philip ralph ray reince richard
rick rob robert roger ron ronald rudy russell ryan sam samuel scott sean simon stephen steve steven stuart ted
terry thomas tim timothy todd tom tony vladimir walter william willie xi
andré björn josé jürgen łukasz óscar raúl søren
aaron abdul ahmed ahmad alastair alberto alejandro alfred ali alistair allan amit anand andreas angus anil
antonio arjun arnold barry benedict bernard bertie billy boyd brendan brett bryan callum calvin cameron
carlos cedric christian clarence clark clive conor cornelius curtis cyril damian damon darren declan
derek desmond dev diego dmitri donovan duncan dustin dwayne dylan edgar edmund eduardo elijah elliot
emmanuel enrique erik ernest ethan eugene evan fabio farid felix fernando finn francesco francis franklin
fraser frederick gabriel gareth gavin geoffrey gerard gilbert giovanni giuseppe gregory
guillermo gustavo hamish hans harold harvey hassan hector herbert hiroshi horace hugh hugo hussein ibrahim ignacio
igor imran isaac ivan jaime jamal jared jasper javier jeremiah jerome jesse jesús joel jorge joshua julian
justin kamal karl keir kieran kirk klaus kofi kurt kwame lars laurence lawrence leon leonard leroy lewis
lionel lloyd lorenzo louis lucas luis luiz malcolm manuel marcel marcus mario marvin mateo mathew maurice
maxwell mehmet miguel mitchell mohamed mohammad moses murray nasser neville niall noah
olaf omar oscar otto owen pablo paolo pedro percy pierre rafael rahul rajesh ramon randall randy raymond
reginald ricardo rishi roberto rodney roland rupert rustam salman sanjay santiago saul sebastian
sergei sergio seth shane sidney silas spencer stanley stefan sunil sven tariq theodore tobias trevor tristan
umar vernon victor vijay vincent vivek wallace warren wayne wesley wilbur wilfred winston wolfgang
yusuf zachary
""".split()
)
FEMALE_NAMES = set(
    """
alice amanda amy andrea angela ann anna anne barbara betsy betty carly carol caroline catherine chelsea
christine claire deborah debbie diana diane donna elizabeth ellen emily emma helen hillary huma jane janet
jennifer jessica jill joan joanna judith julia julie karen kate katherine kathleen kathy kellyanne kelly laura
linda lisa liz louise lucy margaret maria marie mary megan melania melissa michelle nancy nicola nikki olivia
pamela patricia paula priti rachel rebecca rosie ruth sarah sharon shona sophie stephanie susan suzanne
theresa tulsi victoria wendy yvette
ángela chloé inés renée zoë
abigail ada adele adriana agnes aisha alexandra alison alicia amelia ana anastasia angelica anita
annabel annette antonia audrey beatrice belinda bella bernadette beth bethany beverly bianca
brenda bridget brittany camilla candace carla carmen carolyn cassandra cecilia celia charlotte cheryl
christina cindy clara claudia colleen constance cristina cynthia daisy danielle daphne delia denise
dolores dorothy edith eileen elaine eleanor elena elisa eliza ella eloise elsa emilia erica esther eva evelyn
fatima felicity fiona frances francesca geraldine gillian gina giulia gloria
gwen hannah harriet heather heidi helena hilda ingrid irene isabel isabella isabelle
jacqueline janice jasmine jeanne joanne josephine joyce judy juliet justine katie
katrina kirsten lakshmi laurel lauren leah leila lena lillian lorraine lorna lucia lydia
mabel madeleine maggie mandy marcia margot marguerite marian marianne marilyn marion marjorie marsha
martha matilda maureen maxine maya meera mildred miranda miriam molly monica muriel nadia naomi natalia
natasha nina nora norma olga paige pauline penelope phoebe phyllis pooja polly priscilla priya rachael
ramona rhonda rita roberta rosa rosalind rosemary roxanne sabrina sally samantha sandra
sara selina serena sheila shirley silvia sofia sonia stella sunita svetlana sylvia tamara tanya tara
teresa tessa thelma tina tracey tracy ursula valerie vanessa vera veronica whitney
wilma yasmin yolanda yvonne zara zoe
""".split()
)


# ---- the rule backend's closed word classes (pipeline/backends/rules/)
# Every DENIAL_PATTERNS alternative contains one of these (lower-cased): most sentences
# contain none, and a substring test is far cheaper than the case-insensitive alternation.
# (tests/backends/rules/test_denials.py checks that each pattern needs one of them.)
DENIAL_HINTS = (
    "false",
    "true",
    "truth",
    "wrong",
    "baseless",
    "groundless",
    "unfounded",
    "fabrication",
    "without",
    "deny",
    "deni",
    "categorically den",
    "flatly den",
    "reject",
    "refut",
    "dismiss",
    "fake news",
    "nonsense",
    "ridiculous",
    "absurd",
    "lie",
    "rubbish",
    "believe",
    "refus",
    "never",
    "nothing to do",
    "recogni",
    "involvement",
    "fake",
    "fiction",
    "correct",
    "accurate",
    "the case",
)

# the labels a page prints in capitals before a colon that are no speaker's (`UPDATE: …`, `CORRECTION: …`,
# `BYLINE: …`, a poll's `QUESTION:` / `ANSWER:`, a release's `CONTACT:`, an explainer's `WHO:` / `WHAT:`): a
# transcript's turns are the other labels (backends/rules/interview.py)
EDITORIAL_LABELS = frozenset(
    """
    update updated updates correction corrections clarification note editor's editor’s byline email video
    videos photo photos watch listen read related previously breaking exclusive source sources credit
    disclosure advertisement subscribe summary abstract transcript excerpt background question questions
    answer answers result results contact phone fax website web who what when where why how
    """.split()
)
# a verb group's helpers: what stands between a clause's subject and its verb
VERB_HELPERS = BE_FORMS | HAVE_FORMS | MODALS | DO_FORMS

# A wire story's or press release's dateline: a place in capitals (its state or country after a comma),
# a date, an agency in brackets or slashes, a dash; no part of what anyone said, and no speaker. The
# match takes the white space after the dash. tests/test_lexicon.py runs the examples (text, the match).
DATELINE = re.compile(
    r"[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3}"
    r"(?:, [A-Z][\w.]+(?: [A-Z][\w.]+){0,2})?"
    r"(?:,? (?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|January|February|March|April|May|June|July"
    r"|August|September|October|November|December) \d{1,2}(?:, \d{4})?)?"
    r"(?: ?\([^()\n]{1,40}\)| ?/[^/\n]{1,30}/)?"
    r"\s*(?:[-\u2013\u2014]+|--)\s+(?=\S)"
)
DATELINE_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("WASHINGTON \u2014 The senator said", "WASHINGTON \u2014 "),
    ("RENO, Nev. (AP) \u2014 Republican hopeful", "RENO, Nev. (AP) \u2014 "),
    ("MANCHESTER, N.H. -- The National Review", "MANCHESTER, N.H. -- "),
    ("NEW YORK, Nov. 19 (UPI) \u2014 Former Secretary", "NEW YORK, Nov. 19 (UPI) \u2014 "),
    ("CAMBRIDGE, Mass., Dec. 11 (UPI) \u2014 Young voters", "CAMBRIDGE, Mass., Dec. 11 (UPI) \u2014 "),
    ("BRUSSELS, April 17 (Reuters) - European Union", "BRUSSELS, April 17 (Reuters) - "),
    ("PORTLAND, Ore., Oct. 1, 2024 /PRNewswire/ -- Meridian Health", "PORTLAND, Ore., Oct. 1, 2024 /PRNewswire/ -- "),
    ("NEW DELHI (Reuters) - India's", "NEW DELHI (Reuters) - "),
)

# A comma, a conjunction and a subject (a pronoun, a determiner or a capitalised word; group 1): a
# clause of its own, which a report before it does not run into ("said the vote was fair, but the
# count took a week", "…, while only half say …"). The rules end a report there, and the learned
# layer its contents after the cue (the rules only where `clauses.joins_clauses` agrees).
NEW_CLAUSE = re.compile(
    r",\s+(?:and|but|while|whereas|though|although|even as|yet)\s+"
    r"((?:he|she|they|it|we|I|the|a|an|his|her|their|its|[A-Z]\w*)\b)(?!,)"
)

# The narration's comment on a report, after a comma: what it set off ("said A, prompting protests"),
# who contests it ("said A, which the union disputed"; "claimed A, a claim disputed by the watchdog")
# or leaves it unanswered ("…, a claim Moscow did not immediately address").
# Not a relative clause of the content itself ("said the plan, which would cost £3bn, was ...") nor a
# description by the speaker ("…, which he called 'an evil act'"): only contesting verbs end it.
# The rules end a report there (`indirect._coordinated_end`), the learned layer its additions.
_CONTESTED_VERB = r"(?:disput|deni|deny|reject|dismiss|refut|rebut|contest|challeng|question)(?:e|es|ed|ies|s)?"
# what someone says of a report when they call it false: "(a claim health officials said) was false",
# "(which the ministry called) baseless", "(… said) was not true"
FALSE_VERDICT = (
    r"(?:(?:was|is|were|are)\s+)?(?:not\s+(?:true|accurate|correct|supported)\b|(?:inaccurate|incorrect|misleading)\b|"
    + FALSITY
    + ")"
)
# kin words that carry a gender ("his mother", "the victim's brother"): the pronoun that continues them
KIN_FEMALE = frozenset(
    {"mother", "mom", "wife", "daughter", "sister", "grandmother", "aunt", "niece", "widow", "girlfriend"}
)
KIN_MALE = frozenset(
    {"father", "dad", "husband", "son", "brother", "grandfather", "uncle", "nephew", "widower", "boyfriend"}
)
# the verbs that give such a verdict: "(officials) said (was false)", "(the ministry) called (baseless)"
VERDICT_VERBS = r"(?:said|says|called|calls|labell?ed|branded)"
NARRATION_TAIL = re.compile(
    r",\s+(?:prompting|sparking|triggering|drawing|provoking)\s+(?!to\b)"
    r"|,\s+which\s+(?:he|she|they|we|I|the\s+[a-z]+|(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:strongly\s+|flatly\s+|firmly\s+|since\s+|repeatedly\s+|vehemently\s+)?"
    + _CONTESTED_VERB
    + r"\b"
    r"|,\s+an?\s+(?:claim|assertion|allegation|figure|charge|contention|accusation|estimate|characteri[sz]ation)"
    r"\s+(?:(?:that|which)\s|(?:[\w'\u2019-]+\s+){0,4}?(?:strongly\s+|hotly\s+|widely\s+|flatly\s+)?"
    + _CONTESTED_VERB
    + r"\b"
    # or leaves unanswered: "…, a claim Moscow did not immediately address"
    r"|(?:[\w'\u2019-]+\s+){1,4}?(?:did|could|has|have|had|would)\s+not\s+(?:[a-z]+ly\s+)?"
    r"(?:address|confirm|verify|respond|comment|substantiate|corroborate)\b)"
    # or calls false: "…, a claim health officials said was false", "…, which the ministry called baseless"
    r"|,\s+(?:which|an?\s+(?:claim|assertion|allegation|figure|charge|contention|accusation|estimate))\s+(?:that\s+)?"
    r"(?:[\w'\u2019.-]+\s+){1,5}?(?:has\s+|have\s+|had\s+)?"
    + VERDICT_VERBS
    + r"\s+"
    + FALSE_VERDICT
    # the speaker's own next act, no subject of its own: "…, but gave no details", "… and declined to say"
    # (not any verb: in "Police said he posed a threat and refused to drop the gun" the act is his)
    + r"|,?\s+but\s+(?:gave|offered|provided|cited|presented)\s+(?:no|few)\b"
    # the writer's hedge: "…, though this could not be independently verified"
    r"|,\s+(?:though|although|but)\s+(?:this|that|it|the\s+(?:claim|figure|report|account))\s+"
    r"(?:could|can|has|have|was|were)\s*(?:not|n't|never)\s+(?:yet\s+)?(?:be\s+|been\s+)?(?:independently\s+)?"
    r"(?:verified|confirmed|corroborated|substantiated)\b"
    r"|,?\s+(?:but|and)\s+(?:(?:declined|refused)\s+to|(?:did|would|could)\s+not|didn't|wouldn't|couldn't)\s+"
    r"(?:say|elaborate|comment|specify|give|provide|offer|explain|identify|name|disclose|detail|respond|discuss"
    r"|deny|dispute|confirm)\b"
)


# irregular past tenses that are no noun or adjective: a verb wherever they stand ("shares fell 5%")
IRREGULAR_PAST = frozenset(
    """
    fell rose grew won lost took gave came went got ran met sent held kept paid spent brought bought
    built began became fought sought stood wrote broke chose drove knew flew threw sank struck
    """.split()
)
# words in -ed that are no past form
ED_NOT_PAST = frozenset(
    "need feed seed shed deed heed weed speed breed greed bleed hundred sacred naked wicked rugged beloved".split()
)


def past_form(word: str) -> bool:
    """Is lower-case `word` a past tense or participle: an irregular one, or in -ed (not `ED_NOT_PAST`)?"""
    return word in IRREGULAR_PAST or (word.endswith("ed") and len(word) > 3 and word not in ED_NOT_PAST)


# a number written out ("two", "Seventy-four", "thirty")
_NUMBER_WORD = re.compile(
    r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety)(?:-\w+)?$"
)


def is_count(word: str) -> bool:
    """Is `word` a number, in digits or written out ("10", "nine", "Seventy-four")? The count of a
    share: "62 percent of voters", "nine in 10"."""
    return word[:1].isdigit() or _NUMBER_WORD.match(word) is not None


def is_share(count: str, link: str, total: str) -> bool:
    """Do three words read as a share of those asked, "N in M" ("nine in 10", "one in five")? Not
    when M reads as a year ("Two in 2019 said": two people, in that year)."""
    return (
        link.lower() == "in" and is_count(count) and is_count(total) and _YEAR.fullmatch(total.rstrip(".,;:")) is None
    )


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# words that hedge a share's count: "about one in three", "nearly nine in 10", "more than four in 10"
SHARE_HEDGES = frozenset({"about", "nearly", "almost", "roughly", "some", "only", "just", "over", "under"})
SHARE_COMPARATIVES = frozenset({"more", "fewer", "less"})
# pronouns that name no one in particular: "everyone", "nobody"
INDEFINITE_PRONOUNS = frozenset(
    {"everyone", "everybody", "someone", "somebody", "anyone", "anybody", "nobody", "none", "whoever"}
)


def opens_with_share(phrase: str) -> bool:
    """Does `phrase` open with a share of those asked, after a hedge or not ("nine in 10 voters",
    "Nearly nine in 10", "More than four in 10")?"""
    words = phrase.split()
    if words[:1] and words[0].lower() in SHARE_HEDGES:
        words = words[1:]
    elif [w.lower() for w in words[:2]][1:] == ["than"] and words[0].lower() in SHARE_COMPARATIVES:
        words = words[2:]
    return len(words) >= 3 and is_share(*words[:3])


# relative pronouns: a clause they open describes a noun, it reports nothing of its own
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose", "what"})


# words skipped between a speaker phrase and its cue verb: auxiliaries, adverbs, reflexives
AUX_WORDS = (
    HAVE_FORMS
    | (BE_FORMS - {"be"})  # the finite forms and participles: a bare "be" was never skipped
    | MODALS
    | DO_FORMS
    | {
        "both",
        "also",
        "later",
        "previously",
        "reportedly",
        "then",
        "again",
        "repeatedly",
        "once",
        "earlier",
        "recently",
        "publicly",
        "privately",
        "further",
        "still",
        "even",
        "already",
        "just",
        "often",
        "always",
        "first",
        "now",  # "She now says", "Gov. Jo Oakes now believes"
        "long",  # "The senator has long maintained"
        "allegedly",
        "apparently",
        "initially",
        "subsequently",
        "separately",
        "simply",
        "flatly",
        "categorically",
        "strongly",
        "firmly",
        "vehemently",
        "angrily",
        "quietly",
        "openly",
        "explicitly",
        "specifically",
        "frequently",
        "consistently",
        "tearfully",
        "told",
        "only",
        "herself",
        "himself",
        "themselves",
    }
)
# ---- negation
# the adverbs and determiner that negate the verb or noun next to them
NOT_WORDS = frozenset({"not", "never", "no"})
# words that negate a clause wherever they stand: NOT_WORDS and the negative pronouns and conjunctions
NEGATORS = NOT_WORDS | {"nor", "cannot", "none", "nothing", "nobody", "neither"}
# a statement and a report of it must agree on these (merge/clusters.py, llm/statement.py): NEGATORS and
# "without", which negates what follows it ("without evidence")
CONTENT_NEGATORS = NEGATORS | {"without"}
# Words of opposite direction, in pairs: two wordings of one speaker alike but for one of these ("will
# rise" / "will fall") are two claims (merge/clusters.py), however small the edit. Each form is its own pair.
OPPOSITE_PAIRS: tuple[tuple[str, str], ...] = (
    ("rise", "fall"),
    ("rises", "falls"),
    ("rose", "fell"),
    ("risen", "fallen"),
    ("rising", "falling"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("increased", "decreased"),
    ("increasing", "decreasing"),
    ("grow", "shrink"),
    ("grows", "shrinks"),
    ("grew", "shrank"),
    ("growing", "shrinking"),
    ("gain", "loss"),
    ("gains", "losses"),
    ("up", "down"),
    ("higher", "lower"),
    ("more", "less"),
    ("above", "below"),
    ("win", "lose"),
    ("wins", "loses"),
    ("won", "lost"),
    ("winning", "losing"),
    ("better", "worse"),
    ("best", "worst"),
    ("stronger", "weaker"),
    ("support", "oppose"),
    ("supports", "opposes"),
    ("supported", "opposed"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("agree", "disagree"),
    ("agreed", "disagreed"),
    ("legal", "illegal"),
    ("true", "false"),
    ("safe", "unsafe"),
    ("guilty", "innocent"),
)
# negated auxiliaries written as one token ("didn't"); "n't" is the token a tokenizer splits off them
NEGATED_AUXILIARIES = frozenset({"didn't", "doesn't", "don't", "hasn't", "haven't", "wouldn't", "won't"})
# a negation before the cue: no report ("he did not say", "she didn’t say"); "no" is left out ("no one said"
# reports). The one definition the rule backend's subject finder and the learned layer's "neg" feature read;
# the negated auxiliaries are written with either apostrophe.
NEGATIONS = (
    (NOT_WORDS - {"no"})
    | {"nor", "n't", "n’t"}
    | NEGATED_AUXILIARIES
    | {w.replace("'", "’") for w in NEGATED_AUXILIARIES}
)
# function words that end a speaker phrase (scanning leftwards)
STOP_WORDS = {
    "there",
    "here",
    "that",
    "and",
    "but",
    "or",
    "which",
    "when",
    "if",
    "because",
    "as",
    "after",
    "while",
    "to",
    "in",
    "on",
    "is",
    "was",
    "has",
    "had",
    "have",
    "be",
    "been",
    "it",
    "what",
    "where",
    "why",
    "how",
    "than",
    "so",
    "about",
    "by",
    "into",
    "before",
    "since",
    "until",
    "whether",
    "said",
    "says",
    "told",
    "also",
    "then",
    "not",
    "with",
    "without",
    "under",
    "over",
    "through",
    "during",
    "between",
    "against",
    "among",
    "like",
}
# determiners and quantifiers that open a speaker phrase
DETERMINERS = {
    "the",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "several",
    "some",
    "many",
    "other",
    "another",
    "his",
    "her",
    "their",
    "its",
    "our",
    "most",
    "both",
    "these",
    "those",
    "this",
    "more",
    "few",
}
# prepositions inside a speaker phrase ("a spokesman for the Home Office")
CONNECTORS = {"for", "of", "at", "from", "close", "familiar", "with", "to", "in", "behind", "near"}
# capitalised only because they open a sentence: not names
SENTENCE_OPENERS = {
    "in",
    "on",
    "at",
    "but",
    "and",
    "so",
    "yet",
    "however",
    "meanwhile",
    "reacting",
    "responding",
    "speaking",
    "writing",
    "asked",
    "last",
    "earlier",
    "later",
    "after",
    "before",
    "when",
    "while",
    "still",
    "instead",
    "now",
    "then",
    "also",
    "separately",
    "previously",
    "today",
    "yesterday",
}

# plurals in -ers/-ents/... that name no speaker ("others said", "reports said")
NOT_AGENTIVE = {
    "others",
    "matters",
    "numbers",
    "orders",
    "letters",
    "papers",
    "centers",
    "years",
    "hours",
    "powers",
    "months",
    "events",
    "comments",
    "statements",
    "documents",
    "reports",
    "points",
    "amounts",
    "payments",
    "interests",
    "costs",
    "rates",
    "plans",
}
# ---- honorifics and titles before a name (the base set is LEADING_TITLES; each other set names its difference)
# titles that open a name though NOT_NAME lists them
LEADING_TITLES = {"mr", "mrs", "ms", "dr", "sir"}
# titles that make a name of the word after them: LEADING_TITLES and the British titles
NAME_TITLES = LEADING_TITLES | {"dame", "lord", "lady"}
# honorifics that open a name (split_role keeps them with the name): NAME_TITLES and three that precede
# a name but do not make one of a NOT_NAME word
NAME_HONORIFICS = NAME_TITLES | {"miss", "prof", "rev"}
# titles written abbreviated before a name ("Sgt. Jo Marsh", "the Rt. Hon. Jo Marsh", "Fr. Ed Kane"): the
# one list the segmenter (no sentence end after them), the inverted-cue speaker (no end of the phrase),
# the speaker resolver (a name's title) and the LLM checks (not part of a name) read
NAME_TITLE_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "fr", "msgr", "hon", "rt", "cllr", "pres", "amb", "atty"}
    | {"sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "cpl", "pvt"}
    | {"supt", "det", "insp"}
)
# words the merge drops from the front of a name before comparing names (merge/speakers.py), never a
# speaker's role either: NAME_HONORIFICS, the peerage ("the Rt Hon", "Baron") and a few more
NAME_PREFIXES = frozenset(NAME_HONORIFICS | {"mx", "baroness", "baron", "professor", "hon", "rt", "the"})
# honorifics a writer (or a model's rewritten sentence) puts before a name: never part of the name itself
# (llm/vouch.py, llm/statement.py): NAME_PREFIXES but "the", and every abbreviated title
WRITTEN_HONORIFICS = frozenset((NAME_PREFIXES - {"the"}) | NAME_TITLE_ABBREVIATIONS)
# lower-case particles inside a name ("Ursula von der Leyen", "Mohammed bin Salman")
NAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "el", "ibn"}
)
# verbs with "X as Y" that do not attribute words to anyone
NOT_AS_QUOTED = {
    "known",
    "served",
    "serves",
    "serving",
    "works",
    "worked",
    "working",
    "acts",
    "acted",
    "acting",
    "listed",
    "ranked",
    "ranks",
    "counts",
    "counted",
    "treated",
    "uses",
    "used",
    "using",
    "joined",
    "returned",
    "named",
    "appointed",
    "elected",
    "hired",
    "sworn",
    "rated",
    "classified",
    "identified",
    "registered",
    "runs",
    "running",
    "ran",
    "stands",
    "standing",
    "remains",
    "remained",
    "is",
    "was",
}
# words besides cue verbs that make a sentence worth a look for reported speech
REPORT_WORDS_EXTRA = {"according", "put", "understood", "alleged", "rumoured", "rumored"}
# a denial reported of one of these is the speaker's own ("The Home Office said it denied …")
SELF_PRONOUNS = {"it", "he", "she", "they", "we", "i"}
# capitalised words that open a sentence and never continue a name or a title after an abbreviation
# (segment.py: "… at 7 p.m. He says …", when a word in lower case follows them: a Title Case headline
# writes "From The U.S. The Deal")
SENTENCE_START_WORDS = frozenset(
    SELF_PRONOUNS | {"the", "this", "these", "those", "there", "but", "however", "meanwhile"}
)
# words of a model's speaker phrase that are not a name (backends/llm.py: does the phrase name someone else?):
# articles, subject pronouns, possessives and NAME_HONORIFICS but "rev"
NOT_NAME_IN_PHRASE = frozenset({"the", "a", "an", "his", "her", "their"} | SELF_PRONOUNS | (NAME_HONORIFICS - {"rev"}))
# subjects that name no speaker of quoted words ("Bemoaning the "…," it …")
NOT_SPEAKER_SUBJECTS = {"it", "there", "this", "that"}
# "sources close to the …": adjectives that join a role to its connector
CLOSE_TO = {"close", "familiar", "loyal", "near"}
# verbs that follow a sentence's subject, for finding it ("The group has …")
SUBJECT_VERBS = {"is", "was", "has", "had", "will", "would", "made", "went", "took", "gave"}

# ---- the speaker after an inverted cue ('…," said Sen. Dick Durbin of Illinois.'; rules/subjects.py)
# abbreviations in a name: their full stop does not end the speaker phrase (NAME_TITLE_ABBREVIATIONS, "St.", "Jr.", "Sr.")
TITLE_ABBREVIATIONS = NAME_TITLE_ABBREVIATIONS | {"st", "jr", "sr"}
# abbreviations whose full stop may also end the sentence ("… close at 7 p.m. He says …", "… of Acme
# Inc. The firm …"): it does when a word that opens sentences, not names, follows (segment.py)
SENTENCE_FINAL_ABBREVIATIONS = frozenset(
    {"a.m", "p.m", "u.s", "u.k", "u.n", "d.c", "etc", "inc", "ltd", "co", "corp", "jr", "sr"}
)
# words whose full stop does not end a sentence (segment.py) but for SENTENCE_FINAL_ABBREVIATIONS' above:
# TITLE_ABBREVIATIONS, with months, companies, places and Latin abbreviations
SENTENCE_ABBREVIATIONS = frozenset(
    TITLE_ABBREVIATIONS
    | SENTENCE_FINAL_ABBREVIATIONS
    | {"mt", "ft", "no", "vs"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    | {"e.g", "i.e"}
)
# words that end a name: a place or body after it, a time or setting adjunct, a relative clause
AFTER_NAME = frozenset({"of", "from", "in", "on", "at", "for", "with", "to", "who", "when", "after", "during", "as"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# time words that end a speaker phrase ("said Smith Friday")
TIME_WORDS = WEEKDAYS | {"today", "yesterday", "tonight", "morning", "afternoon", "evening", "night"}
# words that cannot open the speaker: the cue took a prepositional or time adjunct instead
NOT_SAID_X_START = (
    WEEKDAYS
    | {"on", "in", "at", "to", "for", "with", "by", "about", "during", "after", "that", "this", "last", "earlier"}
    | {"later", "today", "yesterday", "tonight", "reporters", "him", "her", "them", "me", "us", "it"}
)
# lower-case words (beside the determiners) that open a role phrase after an inverted cue
# ("said the mayor", "said former Gov. X")
SAID_X_ROLE_OPENERS = frozenset({"former", "then", "longtime", "senior", "retired", "democratic", "republican"})

# ---- phrases that name no source (attribution/candidates.py: the learned candidates' speakers)
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december"}
)
# the US states, written out and in AP style (with the abbreviations' full stops dropped): a place,
# not a speaker, after "in CITY," ("At a rally in Ames, Iowa, on Sunday, Mrs. Clinton said")
US_STATES = frozenset(
    {"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware"}
    | {"Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky"}
    | {"Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi"}
    | {"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico"}
    | {"New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania"}
    | {"Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont"}
    | {"Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "D.C"}
    | {"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky"}
    | {"La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "N.H", "N.J", "N.M"}
    | {"N.Y", "N.C", "N.D", "Okla", "Ore", "Pa", "R.I", "S.C", "S.D", "Tenn", "Vt", "Va", "Wash"}
    | {"W.Va", "W. Va", "Wis", "Wyo"}
)
# dotted initials that name a place, not a person: a run of initials is no sentence end
# (segment.py) and starts a name (speakers.py: "J.D. Vance", "George H.W. Bush"), except these
PLACE_INITIALS = frozenset({"u.s", "u.k", "u.n", "e.u"} | {s.lower() for s in US_STATES if len(s) == 3 and s[1] == "."})
# "It's", "That's", "There's": a speaker phrase of one of these words names no one (the speaker stage
# reads it as no one; the learned speaker choice never prefers it to a phrase that names someone)
NO_SPEAKER_WORDS = frozenset(
    {"it", "that", "there", "this", "what", "here", "today", "yesterday", "tonight", "tomorrow"}
)
# a speaker phrase opening with one of these is an adjunct, not a subject ("Despite the ruling …",
# "As reported …", "Overall, …"): a preposition, a subordinating conjunction or a sentence adverb
NOT_SPEAKER_OPENERS = frozenset(
    {"about", "above", "according", "across", "after", "against", "along", "although", "amid", "among", "as"}
    | {"at", "because", "before", "behind", "below", "beside", "besides", "between", "beyond", "by", "despite"}
    | {"during", "even", "except", "following", "for", "from", "given", "here", "however", "if", "in", "indeed"}
    | {"instead", "into", "like", "meanwhile", "moreover", "nearly", "nevertheless", "nonetheless"}
    | {"now", "of", "on", "once", "over", "overall", "since", "still", "then", "though"}
    | {"through", "throughout", "thus", "till", "to", "toward", "towards", "under", "unless", "unlike", "until"}
    | {"upon", "via", "when", "whenever", "where", "whereas", "whether", "while", "with", "within", "without"}
    | {"also", "again", "already", "almost", "perhaps", "maybe", "later", "earlier", "last", "next", "often"}
)
# conjunctions that may precede a subject ("But the fact-checker says …"): dropped from its phrase
LEADING_CONJUNCTIONS = frozenset({"and", "but", "yet", "so", "or", "nor", "plus"})
# words that make a quantity of an opener ("About 4 in 10 say …", "Nearly half said …"): a subject then
QUANTITY_WORDS = frozenset(
    {"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "dozen"}
    | {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds"}
    | {"thousand", "thousands", "million", "millions", "all", "every", "most", "twice", "more", "less"}
)

# ---- the learned candidates' source phrases (attribution/candidates.py)
# words that open a sentence's lead without being its subject: articles, prepositions, conjunctions,
# sentence adverbs (a source phrase starts after them)
LEAD_STOP_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "but",
        "and",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "since",
        "for",
        "with",
        "this",
        "that",
        "there",
        "it",
        "so",
        "yet",
        "or",
        "of",
        "to",
        "by",
        "from",
        "what",
        "why",
        "how",
        "who",
        "where",
        "however",
        "meanwhile",
        "still",
        "now",
        "then",
        "last",
        "earlier",
        "later",
    }
)
# words that open the clause holding a subject: the phrase before a cue starts after them
CLAUSE_OPENERS = frozenset(
    {"that", "which", "who", "whom", "but", "and", "or", "though", "although", "while", "because", "if", "when"}
    | {"as", "since", "so", "than", "where", "whether", "whereas", "again", "yet", "also"}
)
# words that open a sentence with an adverbial, not its subject (besides LEAD_STOP_WORDS)
ADVERBIAL_OPENERS = frozenset(
    {
        "throughout",
        "although",
        "though",
        "despite",
        "during",
        "indeed",
        "instead",
        "moreover",
        "furthermore",
        "also",
        "like",
        "unlike",
        "among",
        "amid",
        "under",
        "over",
        "about",
        "without",
        "within",
        "through",
        "until",
        "unless",
        "because",
        "once",
        "outside",
        "inside",
        "even",
        "whether",
        "given",
        "following",
        "against",
        "beyond",
        "besides",
        "nevertheless",
        "nonetheless",
        "finally",
        "here",
        "today",
        "yesterday",
        "tonight",
        "asked",
    }
)
# quantifiers that head a source phrase ("Many of the speakers …"): the whole phrase is the source
QUANTIFIER_HEADS = frozenset({"many", "some", "most", "several", "few", "both", "all", "those", "these", "others"})
# lower-case words a source phrase's name may hold ("Bank of England", "van Gogh"); never its last word
NAME_GLUE = frozenset({"of", "the", "and", "for", "de", "van", "von"})

# ---- function words: three lists for three uses (each chosen for its use, so they differ)
# function words frequent in English news and rare as words of other Latin-script languages (language.py:
# does a text look English?).
# Left out on purpose (words of other languages too): a, i, in, an, on, me, he, no, so, do, die, was, will,
# also, am, hat, her, war, over, son, de, en.
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the and of to that is are were with for from by this these those it its they them their
    we our us you your his she him been being be has have had not but or which who whom whose
    would could should there what when where about after before into than then more most
    said says told just only very out up all one can did does my any such other
    while because however although between against during without under
    """.split()
)
# the first person singular and its contractions: never a speaker's name (llm/statement.py)
I_FORMS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
# words that carry no content: left out of a statement's content words, and dropped from the front of
# a speaker phrase (llm/statement.py)
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those it its he she they we you i me him her us them his hers their theirs our
    ours my mine your yours who whom whose which what where when why how there here then than so such
    and but or nor if as at by for from in into of off on onto out over to under up with within without
    about above after against along among around before behind below beside between beyond during
    except inside near since through toward towards until upon via while because although though
    unless whether also only just even still yet both either each every all any some many much more most
    few several other another same own not no never none nothing nobody neither
    according however meanwhile moreover furthermore instead otherwise thus therefore
    is are was were be been being am have has had having do does did doing done
    will would shall should can could may might must said says say saying told tells tell
    today yesterday tomorrow now
    """.split()
)
# words of 4+ letters that carry no content of their own: a short quoted fragment needs another
# (merge/clusters.py)
CONTENTLESS_WORDS = frozenset(
    "that this these those with from have been being were will would could should what when where which "
    "there their them they than then into onto upon about some such very just also only over your".split()
)
# "The town released a statement Wednesday saying ...": a verb of issuing and the document it issues.
# A speaker search that ends at the document ("a statement") steps back to whoever issued it
# (backends/rules/subjects.py)
ISSUING_VERBS = frozenset(
    "issued issues released releases put sent sends published publishes posted posts distributed circulated".split()
)
ISSUED_DOCUMENTS = frozenset(
    "statement statements letter letters memo memos email emails e-mail note release tweet tweets".split()
)

# A party's members as the plural of its name ("Democrats said …"): capitalised as a name, whatever the
# article writes in lower case elsewhere ("conservative democrats" in a state). Not "conservatives" or
# "liberals": in US copy they are as often no party, and the article's own lower case then decides.
PARTY_MEMBERS = frozenset({"democrats", "republicans"})
