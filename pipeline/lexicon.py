"""Word lists shared by the rule backend and speaker resolution.

Kept in one place so that tuning the rules means editing data, not code.
"""
from __future__ import annotations

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
    "go after": ("went after", "goes after", "going after", "has gone after"),
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

# Lemmas that introduce a bare clause ("X said the plan failed").
BARE_CLAUSE = {"say", "tell", "add", "claim", "argue", "insist", "note", "write", "warn", "believe", "think",
               "suggest", "explain", "state", "report", "confirm", "acknowledge", "admit", "predict", "concede",
               "contend", "maintain", "assert", "declare", "stress", "recall", "reply", "respond", "fear", "hope",
               "know", "feel", "understand", "estimate", "agree", "insist", "complain", "reveal", "allege",
               "indicate", "announce", "continue", "conclude", "testify", "counter", "boast", "worry", "wonder",
               "emphasize", "speculate", "learn", "expect", "assume", "suspect"}
# Lemmas that report an intention with "to" ("X plans to ...", "vowed to").
TO_CLAUSE = {"plan", "want", "intend", "promise", "vow", "pledge", "threaten", "urge", "ask", "call", "expect",
             "hope", "refuse", "demand", "propose", "agree", "recommend"}
# Verbs whose object comes before the content ("told reporters that", "warned Congress that").
TAKES_OBJECT = {"tell", "warn", "remind", "assure", "urge", "ask", "accuse", "inform", "call", "convince"}

DENIAL_LEMMAS = {"deny", "refute", "reject", "dismiss", "dispute", "rebut"}
# Phrases that make a statement a denial of a proposition.
DENIAL_PATTERNS = [
    r"\bcompletely false\b", r"\b(?:entirely|totally|utterly|simply|absolutely|patently|demonstrably) (?:false|untrue|wrong)\b",
    r"\bfalse (?:allegations?|claims?|reports?|accusations?|stories|story)\b", r"\bis (?:false|untrue)\b",
    r"\bnot true\b", r"\b(?:is|are|was|were|be|been|completely|totally|entirely|wholly|simply) (?:untrue|baseless|unfounded|false)\b",
    r"\bwithout (?:any )?(?:basis|foundation|merit)\b",
    r"\bno truth\b", r"\bcategorically den", r"\bflatly (?:den|reject)", r"\b(?:den(?:y|ies|ied)|refut(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?) (?:the |these |those |any |all |such )?(?:claims?|allegations?|reports?|suggestions?|accusations?)\b",
    r"\bfake news\b", r"\b(?:is|was|are|were|that's|that\u2019s|it's|it\u2019s|this is|that is)\s+(?:just\s+|simply\s+|utterly\s+|complete\s+|total\s+)?(?:nonsense|ridiculous|absurd|a lie|lies|rubbish)\b", r"\bdo(?:es)? not believe (?:her|him|them|it|that)\b",
    r"\bdon'?t believe (?:her|him|them|it|that)\b", r"\brefus(?:e|es|ed) to accept\b", r"\bnever (?:said|did|happened)\b",
    r"\bhad nothing to do with\b", r"\bno involvement\b",
    # "described the claims as baseless" (the content is "the claims as baseless")
    r"\bas\s+(?:an?\s+|being\s+)?[\"\u201c]?(?:baseless|unfounded|false|untrue|nonsense|ridiculous|absurd|fake|a lie|lies|rubbish|fiction)\b",
]

PRONOUNS_M = {"he", "him", "his", "himself"}
PRONOUNS_F = {"she", "her", "hers", "herself"}
PRONOUNS_PL = {"they", "them", "their", "themselves"}
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who"}

TITLES_M = {"mr", "sir", "lord", "king", "prince", "father", "brother", "mister"}
TITLES_F = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister", "madam"}
TITLES_N = {"dr", "prof", "professor", "rev", "reverend", "hon", "president", "senator", "sen", "rep",
            "representative", "gov", "governor", "mayor", "judge", "justice", "gen", "general", "col", "colonel",
            "capt", "captain", "lt", "sgt", "sergeant", "officer", "chancellor", "minister", "secretary",
            "speaker", "chairman", "chairwoman", "commissioner", "ambassador", "attorney", "detective",
            "inspector", "chief", "coach", "cardinal", "bishop", "pope", "sheriff", "superintendent", "deputy",
            "adm", "admiral", "maj", "major", "cllr", "councillor", "mp", "premier", "vice", "candidate",
            "nominee", "leader"}
HONORIFICS = TITLES_M | TITLES_F | {"dr", "prof", "rev", "hon"}

# Head nouns of speaker phrases that are not names.
ROLE_HEADS = {
    "charity", "charities", "watchdog", "hospital", "school", "trust", "federation", "society", "firm",
    "secretary", "minister", "president", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
    "chairman", "chairwoman", "chair", "director", "chief", "head", "leader", "governor", "senator", "mayor",
    "official", "officials", "adviser", "advisor", "advisers", "advisors", "aide", "aides", "source", "sources",
    "lawyer", "lawyers", "attorney", "attorneys", "executive", "manager", "officer", "officers", "analyst",
    "analysts", "expert", "experts", "economist", "economists", "researcher", "researchers", "scientist",
    "scientists", "professor", "critic", "critics", "supporter", "supporters", "ally", "allies", "member",
    "members", "candidate", "nominee", "representative", "congressman", "congresswoman", "lawmaker",
    "lawmakers", "legislator", "legislators", "mp", "mps", "ambassador", "judge", "prosecutor", "prosecutors",
    "investigator", "investigators", "police", "commissioner", "general", "founder", "ceo", "chancellor",
    "strategist", "strategists", "pollster", "pollsters", "operative", "operatives", "insider", "insiders",
    "witness", "witnesses", "resident", "residents", "voter", "voters", "people", "person", "man", "woman",
    "men", "women", "activist", "activists", "historian", "professor", "doctor", "doctors", "author",
    "authors", "writer", "reporter", "reporters", "journalist", "journalists", "editor", "columnist",
    "democrats", "republicans", "conservatives", "liberals", "protesters", "protestors", "staffer",
    "staffers", "employee", "employees", "worker", "workers", "union", "campaign", "administration",
    "government", "department", "ministry", "office", "agency", "committee", "commission", "council",
    "company", "firm", "group", "organization", "organisation", "party", "court", "report", "statement",
    "study", "survey", "poll", "polls", "memo", "letter", "document", "documents", "data", "figures",
    "analysis", "review", "audit", "investigation", "inquiry", "website", "newspaper", "paper", "network",
    "team", "house", "senate", "congress", "parliament", "authorities", "authority", "board", "bureau",
    "service", "institute", "center", "centre", "foundation", "association", "coalition", "family",
    "friends", "friend", "colleagues", "colleague", "partner", "partners", "owner", "owners", "candidates",
    "observers", "commentators", "pundits", "mother", "father", "wife", "husband", "son", "daughter",
    "secretary-general", "diplomat", "diplomats", "envoy", "negotiators", "regulators", "regulator",
    "teacher", "students", "student", "parents", "counsel", "representatives", "senators", "governors",
    "leaders", "delegates", "surrogates", "surrogate", "fans", "users", "critics", "opponents", "opponent",
    "rival", "rivals", "backers", "donors", "americans", "britons", "citizens", "officers", "troops",
    "soldiers", "military", "army", "ministers", "secretaries", "presidents", "directors", "economists",
}
UNNAMED_HEADS = {"source", "sources", "official", "officials", "aide", "aides", "insider", "insiders",
                 "spokesman", "spokeswoman", "spokesperson", "person", "people", "adviser", "advisers",
                 "advisor", "advisors", "staffer", "staffers", "operative", "operatives", "witness", "witnesses"}
GROUP_HEADS = {"critics", "supporters", "allies", "members", "experts", "analysts", "economists", "voters",
               "residents", "democrats", "republicans", "conservatives", "liberals", "protesters", "activists",
               "lawmakers", "legislators", "mps", "officials", "investigators", "prosecutors", "police",
               "authorities", "scientists", "researchers", "observers", "pundits", "commentators", "opponents",
               "rivals", "backers", "donors", "americans", "britons", "citizens", "workers", "employees",
               "students", "parents", "leaders", "senators", "governors", "delegates", "surrogates", "fans"}
ORG_WORDS = {"charity", "watchdog", "hospital", "school", "trust", "federation", "society", "firm", "office", "department", "ministry", "committee", "commission", "council", "union", "party",
             "campaign", "administration", "government", "agency", "service", "bureau", "board", "court",
             "company", "corporation", "corp", "inc", "ltd", "group", "institute", "university", "college",
             "foundation", "association", "coalition", "organization", "organisation", "network", "news",
             "times", "post", "journal", "herald", "telegraph", "guardian", "tribune", "press", "bbc", "cnn",
             "fda", "fbi", "cia", "nhs", "police", "house", "senate", "congress", "parliament", "commons",
             "church", "bank", "fund", "center", "centre", "club", "team", "uk", "magazine", "media", "reuters",
             "ap", "afp", "gazette", "daily", "weekly", "channel", "radio", "television", "tv", "nbc", "abc",
             "cbs", "fox", "msnbc", "huffpost", "politico", "breitbart", "whitehall", "kremlin", "pentagon",
             "treasury", "nato", "eu", "un", "who", "imf", "opec", "inc.", "llc", "plc", "authority", "authorities",
             "report", "statement", "survey", "study", "poll", "memo", "letter", "website", "paper", "newspaper"}

# Capitalised words that start sentences or name things but are not people.
NOT_NAME = {
    "the", "a", "an", "in", "on", "at", "as", "but", "and", "or", "if", "when", "while", "after", "before",
    "since", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "there", "here", "what", "why", "how", "who", "which", "where",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "however", "meanwhile", "also", "according",
    "so", "yet", "still", "then", "now", "today", "yesterday", "tomorrow", "last", "next", "for", "with",
    "from", "by", "to", "of", "about", "over", "under", "between", "among", "during", "despite", "although",
    "because", "though", "unless", "until", "until", "into", "onto", "upon", "not", "no", "yes", "all",
    "some", "many", "most", "more", "less", "few", "both", "each", "every", "any", "one", "two", "three",
    "home", "secretary", "minister", "prime", "president", "office", "labour", "conservative", "democrat",
    "democrats", "republican", "republicans", "democratic", "house", "white", "senate", "congress",
    "cabinet", "civil", "service", "government", "state", "states", "united", "national", "federal",
    "media", "video", "picture", "photo", "image", "caption", "read", "more", "related", "click",
    "american", "americans", "british", "english", "european", "chinese", "russian", "french", "german",
    "mexican", "muslim", "christian", "jewish", "black", "latino", "hispanic", "asian", "african",
    "sept", "jan", "feb", "aug", "oct", "nov", "dec", "inc", "permanent", "general", "chief", "acting",
    "senior", "former", "top", "new", "old", "deputy", "vice", "governor", "senator", "rep", "sen", "gov",
    "mp", "speaker", "chairman", "leader", "party", "campaign", "committee", "commons", "department",
    "ministry", "agency", "court", "police", "army", "navy", "bbc", "itv", "fda", "nhs", "fbi", "cia",
    "twitter", "facebook", "instagram", "youtube", "google", "apple", "amazon", "microsoft", "internet",
    "christmas", "easter", "street", "road", "avenue", "north", "south", "east", "west", "london", "york",
    "washington", "america", "britain", "england", "london", "china", "russia", "europe", "iraq", "iran",
    "syria", "israel", "mexico", "canada", "california", "texas", "florida", "ohio", "virginia", "carolina",
    "news", "times", "post", "journal", "press", "daily", "week", "month", "year", "day", "obamacare",
    "breaking", "update", "exclusive", "opinion", "analysis", "editorial", "watch", "listen", "share",
}

# A few common given names, for gender where no title or pronoun says it.
MALE_NAMES = set("""
adam alan albert alex alexander andrew andy anthony arthur barack ben benjamin bernie bill bob boris brad brian
bruce carl charles charlie chris christopher chuck colin craig dan daniel dave david dennis dick dominic don
donald doug douglas ed edward eric frank fred gary george gerald gordon graham greg harry henry howard ian jack
jacob jake james jason jeb jeff jeffrey jeremy jerry jim jimmy joe john johnny jon jonathan joseph josh juan
keith ken kenneth kevin larry lee leo liam luke marco mark martin matt matthew michael mike mitch mohammed
muhammad nathan neil nick nicholas nigel oliver patrick paul pete peter phil philip ralph ray reince richard
rick rob robert roger ron ronald rudy russell ryan sam samuel scott sean simon stephen steve steven stuart ted
terry thomas tim timothy todd tom tony vladimir walter william willie xi
""".split())
FEMALE_NAMES = set("""
alice amanda amy andrea angela ann anna anne barbara betsy betty carly carol caroline catherine chelsea
christine claire deborah debbie diana diane donna elizabeth ellen emily emma helen hillary huma jane janet
jennifer jessica jill joan joanna judith julia julie karen kate katherine kathleen kathy kellyanne kelly laura
linda lisa liz louise lucy margaret maria marie mary megan melania melissa michelle nancy nicola nikki olivia
pamela patricia paula priti rachel rebecca rosie ruth sarah sharon shona sophie stephanie susan suzanne
theresa tulsi victoria wendy yvette
""".split())
