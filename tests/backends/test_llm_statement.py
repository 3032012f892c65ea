"""Issue 14 point 2 and issue 16 point 7: the LLM writes a self-contained statement and a claim type.

The model's statement reaches `claims.jsonl` only when the article backs every name and number in it
(`pipeline/llm/statement.py`); otherwise the claim has the bracketed statement the rule path writes.
Its claim type is used when it is one of the contract's, else the check-worthiness model's. Tested
end to end against the scripted OpenAI-compatible server, and the guard on its own (with hypothesis).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimex import checkworthy
from claimex.claimtext import statement as bracketed_statement
from claimex.cli import app
from claimex.lexicon import WRITTEN_HONORIFICS
from claimex.llm.schema import claim_type_of, grammar_schema, parse_answer, strict_schema
from claimex.llm.statement import REASONS, Facts, name_runs, numbers, sentences, vet
from claimex.merge.claims import ClaimDraft, wording
from claimex.merge.speakers import HONORIFICS
from claimex.models import ExtractorInfo, GroundedMention, Mention, MentionSentence, Speaker
from tests.backends.made_up_articles import ARTICLES
from tests.backends.scripted_openai import Reply, ScriptedOpenAI, article_of, claim
from tests.backends.test_llm import lines, one_doc, run
from tests.backends.test_llm import settings as llm_settings

BUS = ARTICLES["bus_lanes"]
QUOTE = "This will cut journey times for thousands of commuters"
GOOD = "Council leader Maria Lopez said the three new bus lanes will cut journey times for thousands of commuters."
BRACKETED = bracketed_statement("Maria Lopez", QUOTE, "direct")  # what the rule path writes for this claim


def lopez(**kw) -> dict:
    """The bus article's first quote, attributed as the article does, with the new fields set by `kw`."""
    return claim(QUOTE, 1, speaker="council leader Maria Lopez", speaker_name="Maria Lopez", cue="said", **kw)


def one_claim(server: ScriptedOpenAI, tmp_path: Path, *replies: Reply, out: str = "out", **kw) -> tuple[dict, dict]:
    server.script(*replies)
    _, rj = run(llm_settings(server, tmp_path, **kw), [one_doc(tmp_path)], tmp_path / out)
    [c] = lines(tmp_path / out / "claims.jsonl")
    return c, rj["llm"]


# ------------------------------------------------------ end to end, scripted
def test_a_statement_the_article_backs_is_kept_with_the_models_claim_type(server, tmp_path):
    c, llm = one_claim(server, tmp_path, Reply.answer([lopez(statement=GOOD, claim_type="prediction")]))
    assert c["statement"] == GOOD and c["claim_type"] == "prediction"
    assert c["extractor"]["prompt_version"] == "extract_claims.v2"
    assert llm["statements"] == {"kept": 1, "rejected": {}} and llm["claim_types"] == {"model": 1, "checkworthiness": 0}
    # The model was asked for both, in strict mode and in the schema the prompt shows.
    props = server.requests[0].body["response_format"]["json_schema"]["schema"]["properties"]["claims"]["items"]
    assert {"statement", "claim_type"} <= set(props["required"])
    assert props["properties"]["claim_type"]["enum"] == list(checkworthy.CLAIM_TYPES)
    system = server.requests[0].body["messages"][0]["content"]
    assert "- statement:" in system and "- claim_type:" in system and '"claim_type"' in system


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        (GOOD.replace("the three new bus lanes", "the Hartley Road bus lanes"), "invented_name"),
        (GOOD.replace("Maria Lopez", "Tom Lopez"), "invented_name"),  # two names of the article, recombined
        (GOOD.replace("thousands of commuters", "5,000 commuters"), "invented_number"),
        (GOOD.replace("three", "four"), "invented_number"),
        (GOOD.replace("will cut", "will not cut"), "negation"),
        (GOOD.replace("said", "admitted"), "stance"),
        (GOOD.replace("will cut", "will drastically cut"), "added_word"),
    ],
    ids=["name", "recombined-name", "digits", "number-word", "negation", "stance", "added-word"],
)
def test_a_statement_with_what_the_article_lacks_falls_back_to_the_bracketed_form(server, tmp_path, said, reason):
    c, llm = one_claim(server, tmp_path, Reply.answer([lopez(statement=said, claim_type="prediction")]))
    assert c["statement"] == BRACKETED  # Maria Lopez: "This will cut journey times for thousands of commuters"
    assert c["claim_type"] == "prediction"  # the type stands on its own
    assert llm["statements"] == {"kept": 0, "rejected": {reason: 1}}


@pytest.mark.parametrize("given", [None, "", "   ", 42, "absent"], ids=["null", "empty", "blank", "number", "absent"])
def test_a_missing_statement_is_the_bracketed_form_and_costs_no_reask(server, tmp_path, given):
    answer = lopez(claim_type="prediction") if given == "absent" else lopez(statement=given, claim_type="prediction")
    c, llm = one_claim(server, tmp_path, Reply.answer([answer]))
    assert c["statement"] == BRACKETED
    assert llm["statements"]["rejected"] == {"missing": 1} and llm["requests"] == 1 and llm["reasks"] == 0


@pytest.mark.parametrize("given", ["statistic", None, 7, "absent"], ids=["not-in-enum", "null", "number", "absent"])
def test_an_invalid_claim_type_is_the_checkworthiness_models_and_costs_no_reask(server, tmp_path, given):
    answer = lopez(statement=GOOD) if given == "absent" else lopez(statement=GOOD, claim_type=given)
    c, llm = one_claim(server, tmp_path, Reply.answer([answer]))
    worth, kind = checkworthy.score(QUOTE)
    assert (c["claim_type"], c["checkworthiness"]) == (kind, worth)
    assert c["statement"] == GOOD  # the statement does not depend on the type
    assert llm["claim_types"] == {"model": 0, "checkworthiness": 1} and llm["requests"] == 1 and llm["reasks"] == 0


def test_claim_type_is_read_case_aside_and_fragment_caps_the_score(server, tmp_path):
    c, _ = one_claim(server, tmp_path, Reply.answer([lopez(statement=GOOD, claim_type=" Fragment ")]))
    assert c["claim_type"] == "fragment" and c["checkworthiness"] <= checkworthy.FRAGMENT_CAP
    assert c["checkworthiness"] == min(round(checkworthy.checkworthiness(QUOTE), 6), checkworthy.FRAGMENT_CAP)


def test_the_models_type_replaces_a_fragment_cap(server, tmp_path):
    bit = "his removal"
    text = BUS + f'Mr Reed called for "{bit}" at the next meeting.\n'
    server.script(Reply.answer([claim(bit, 1, speaker="Mr Reed", cue="called for", claim_type="event")]))
    run(llm_settings(server, tmp_path), [one_doc(tmp_path, text)], tmp_path / "out")
    [c] = lines(tmp_path / "out" / "claims.jsonl")
    assert checkworthy.score(bit)[1] == "fragment"  # the check-worthiness model's type, capped at 0.1
    assert c["claim_type"] == "event" and c["checkworthiness"] == round(checkworthy.checkworthiness(bit), 6)


def test_a_statement_on_a_refused_attribution_is_not_kept(server, tmp_path):
    # The names in the sentence are the article's, but the model's speaker name was refused (vouch.py).
    c, llm = one_claim(
        server,
        tmp_path,
        Reply.answer(
            [claim(QUOTE, 1, speaker="council leader Maria Lopez", speaker_name="Vladimir Person", statement=GOOD)]
        ),
    )
    assert c["statement"] != GOOD
    assert llm["statements"]["rejected"] == {"speaker": 1}


def test_a_statement_that_does_not_name_the_vouched_speaker_is_not_kept(server, tmp_path):
    c, llm = one_claim(
        server,
        tmp_path,
        Reply.answer([lopez(statement="The council said this will cut journey times for thousands of commuters.")]),
    )
    assert c["statement"] == BRACKETED and llm["statements"]["rejected"] == {"speaker": 1}


def test_answer_cache_replays_statements_and_types(server, tmp_path):
    c1, llm1 = one_claim(server, tmp_path, Reply.answer([lopez(statement=GOOD, claim_type="prediction")]), out="o1")
    c2, llm2 = one_claim(server, tmp_path, out="o2")
    assert llm1["requests"] == 1 and llm2["requests"] == 0 and llm2["cache"]["hits"] == 1
    assert c2 == c1 and c2["statement"] == GOOD
    assert llm2["statements"] == llm1["statements"] and llm2["claim_types"] == llm1["claim_types"]
    assert (tmp_path / "o1" / "claims.jsonl").read_text() == (tmp_path / "o2" / "claims.jsonl").read_text()


def test_reask_on_a_validation_error_still_works(server, tmp_path):
    bad = lopez(statement=GOOD, claim_type="prediction", quote_type="shouted")
    c, llm = one_claim(
        server, tmp_path, Reply.answer([bad]), Reply.answer([lopez(statement=GOOD, claim_type="prediction")])
    )
    assert "claims.0.quote_type" in server.requests[1].body["messages"][-1]["content"]
    assert "claims.0.claim_type" not in server.requests[1].body["messages"][-1]["content"]
    assert llm["reasks"] == 1 and c["statement"] == GOOD and c["claim_type"] == "prediction"


def test_json_object_mode_carries_the_bounded_fields(make_server, tmp_path):
    srv = make_server(reject_json_schema=True)
    c, llm = one_claim(srv, tmp_path, Reply.answer([lopez(statement=GOOD, claim_type="prediction")]))
    assert llm["schema_mode"] == "json_object" and c["statement"] == GOOD
    sent = srv.requests[-1].body["response_format"]
    assert sent["type"] == "json_object" and sent["schema"] == grammar_schema()
    item = sent["schema"]["properties"]["claims"]["items"]["properties"]
    assert item["statement"]["anyOf"][0]["maxLength"] > 0  # llama.cpp's grammar stays bounded...
    assert item["denies"]["items"]["maxLength"] == 16  # ...every string of it (a 135M model ran one on for 4096 tokens)
    assert "maxLength" not in json.dumps(strict_schema())


def test_every_string_of_the_grammar_schema_is_bounded():
    def strings(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node:
                yield node
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)

    found = list(strings(grammar_schema()))
    assert len(found) == 7 and all(0 < s["maxLength"] <= 1000 for s in found)


def test_merged_claims_take_the_canonical_mentions_statement_whatever_the_input_order(tmp_path):
    river = (
        "Council leader defends river road scheme\n"
        "Council leader Maria Lopez defended the river road scheme on Friday.\n"
        f'"{QUOTE}," said council leader Maria Lopez.\n'
    )
    said = {
        "a_bus": GOOD,
        "b_river": "Council leader Maria Lopez said the river road scheme will cut journey times for thousands of commuters.",
    }

    def responder(body: dict) -> Reply:
        art = article_of(body)
        key = "a_bus" if "three new bus lanes" in art else "b_river"
        return Reply.answer([lopez(statement=said[key], claim_type="prediction")])

    docs = [one_doc(tmp_path, BUS, "a_bus"), one_doc(tmp_path, river, "b_river")]
    outs = []
    for order in (docs, docs[::-1]):
        with ScriptedOpenAI(responder=responder) as srv:
            out = tmp_path / f"out{len(outs)}"
            run(llm_settings(srv, tmp_path, cache_dir=None), order, out)
        outs.append(lines(out / "claims.jsonl"))
    [first], [second] = outs
    assert len(first["mentions"]) == 2 and first["statement"] == said["a_bus"]  # a_bus: the canonical mention
    assert second["statement"] == first["statement"]


def test_documents_jsonl_carries_the_statement_so_claimex_merge_reproduces_the_claims(server, tmp_path):
    c, _ = one_claim(server, tmp_path, Reply.answer([lopez(statement=GOOD, claim_type="opinion")]))
    [doc] = lines(tmp_path / "out" / "documents.jsonl")
    assert doc["mentions"][0]["statement"] == GOOD and doc["mentions"][0]["claim_type"] == "opinion"
    res = CliRunner().invoke(app, ["merge", str(tmp_path / "out"), "--out", str(tmp_path / "merged")])
    assert res.exit_code == 0, res.output
    [again] = lines(tmp_path / "merged" / "claims.jsonl")
    assert again == c


def test_rule_mentions_keep_their_documents_jsonl_shape(tmp_path):
    res = CliRunner().invoke(app, ["extract", str(one_doc(tmp_path)), "--backend", "rules", "-o", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    [doc] = lines(tmp_path / "r" / "documents.jsonl")
    assert doc["mentions"] and all("statement" not in m and "claim_type" not in m for m in doc["mentions"])


# --------------------------------------------------------- the merge's pick
def grounded(doc_id: str, text: str, *, said: str | None, kind=None, name="Maria Lopez", date=None) -> GroundedMention:
    return GroundedMention(
        local_id="c1",
        mention=Mention(
            doc_id=doc_id, start=0, end=len(text), text=text, sentence=MentionSentence(start=0, end=len(text))
        ),
        speaker=Speaker(name=name, kind="person"),
        quote_type="direct",
        polarity="assertion",
        confidence=0.9,
        extractor=ExtractorInfo(backend="llm", version="1.0", model="m", prompt_version="extract_claims.v2"),
        doc_date=date,
        statement=said,
        claim_type=kind,
    )


def draft(members: list[GroundedMention], canon: GroundedMention, speaker: Speaker) -> ClaimDraft:
    return ClaimDraft("0" * 16, "maria lopez", tuple(members), canon, canon, canon.mention.text, speaker, "assertion")


def test_merge_skips_a_statement_that_does_not_name_the_claims_speaker():
    a = grounded("a", QUOTE, said="The council leader said this will cut journey times for thousands of commuters.")
    b = grounded("b", QUOTE, said=GOOD, kind="prediction")
    _, said, _, kind = wording(draft([a, b], a, Speaker(name="Maria Lopez", kind="person")))
    assert said == GOOD and kind == "prediction"  # a's sentence does not name Lopez; b's does
    _, said, _, _ = wording(draft([a], a, Speaker(name="Maria Lopez", kind="person")))
    assert said == BRACKETED
    _, said, _, _ = wording(draft([a], a, Speaker(kind="unnamed", role="a spokesman")))
    assert said == a.statement  # no name to look for


def test_merge_takes_no_statement_from_a_fragment_or_another_wording():
    whole = grounded("b", QUOTE, said=None)
    bit = grounded("a", "journey times", said="Maria Lopez said journey times.", kind="fragment")
    content, said, _, kind = wording(draft([bit, whole], whole, Speaker(name="Maria Lopez", kind="person")))
    assert content == QUOTE and said == BRACKETED and kind == checkworthy.score(QUOTE)[1]


# ------------------------------------------------------------ the guard alone
FACTS = Facts(BUS)


def verdict(said: str, content: str = QUOTE, **kw) -> str:
    return vet(said, content, FACTS, **kw).reason


def test_names_runs_of_capitalised_words_not_lone_sentence_starts():
    assert name_runs("Officials said Maria Lopez's plan, backed by The City Council, would work.") == [
        ("maria", "lopez"),
        ("city", "council"),
    ]
    assert name_runs('Mr. Reed said: "We were never consulted," Reed told the BBC.') == [("reed",), ("reed",), ("bbc",)]
    assert name_runs("Ursula von der Leyen and I met Sir Keir Starmer.") == [
        ("ursula", "von", "der", "leyen"),
        ("keir", "starmer"),
    ]
    assert name_runs("Westbrook-based nurses walked out.") == []  # a lone word at a sentence start
    assert name_runs("The nurses at Westbrook-based clinics walked out.") == [("westbrook",)]


@pytest.mark.parametrize("title", ["Baron", "Rt Hon", "The Rt. Hon.", "Sgt.", "Capt.", "Fr.", "Msgr.", "Amb.", "Cpl."])
def test_a_title_before_a_name_is_not_part_of_the_name(title: str):
    # the same titles as the segmenter and the speaker resolver read (lexicon.NAME_TITLE_ABBREVIATIONS)
    assert name_runs(f"The lanes were opened by {title} Maria Lopez this week.") == [("maria", "lopez")]
    said = f"{title} Maria Lopez said this will cut journey times for thousands of commuters."
    assert verdict(said, speaker="Maria Lopez") == "kept"


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        (GOOD, "kept"),
        ("Ms Lopez said this will cut journey times for thousands of commuters.", "kept"),  # honorific + surname
        ('"This will cut journey times for thousands of commuters," Lopez said.', "kept"),  # after a closing mark
        ("On Tuesday, Maria Lopez said the bus lanes will cut journey times for thousands of commuters.", "kept"),
        (
            "On Friday, Maria Lopez said the bus lanes will cut journey times for thousands of commuters.",
            "invented_name",
        ),
        ('"This will cut journey times for thousands of commuters," Lopez told the BBC.', "invented_name"),
        ("Maria Lopez said the 3 new bus lanes will cut journey times for thousands of commuters.", "kept"),  # three
        ("Maria Lopez said the bus lanes will cut journey times for 2 million commuters.", "invented_number"),
        ("Maria Lopez said this will cut journey times for thousands of commuters", "unfinished"),
        ("Maria Lopez said the bus lanes are a good idea.", "gist"),
        ("Maria Lopez said this will never cut journey times for thousands of commuters.", "negation"),
        ("Maria Lopez said this will cut journey times for thousands of commuters. " * 4, "too_long"),
        # what SmolLM2-135M wrote on a seed, in short: the claim, then more of the prompt and the article
        ("Maria Lopez said this will cut journey times. This will cut journey times for thousands.", "sentences"),
        ("Maria Lopez said <article> this will cut journey times for thousands of commuters.", "markup"),
        ('Mr. Lopez said: "This will cut journey times for thousands of commuters."', "kept"),  # one sentence
        ("According to Maria Lopez, this will cut journey times for thousands of commuters.", "kept"),
        # a side taken that the content and its cue never took: the opposite claim, every name in place
        ("Maria Lopez denied this will cut journey times for thousands of commuters.", "stance"),
        ("Maria Lopez admitted this will cut journey times for thousands of commuters.", "stance"),
        ("Maria Lopez confirmed the bus lanes will cut journey times for thousands of commuters.", "stance"),
        # a word the article nowhere has
        ("Maria Lopez said this will easily cut journey times for thousands of commuters.", "added_word"),
        ("Maria Lopez said this will cut journey times for thousands of weary commuters.", "added_word"),
    ],
)
def test_vet(said, reason):
    assert verdict(said, speaker="Maria Lopez") == reason


def test_a_quotation_of_several_sentences_may_stay_several():
    content = "We were never consulted. Not once."
    said = 'Opposition councillor Tom Reed said: "The opposition were never consulted. Not once."'
    assert sentences(content) == sentences(said) == 2 and verdict(said, content, speaker="Tom Reed") == "kept"
    assert verdict(said + " Ms Lopez denied that.", content, speaker="Tom Reed") == "sentences"


def test_a_denial_in_the_cue_may_stand_in_the_statement():
    """`Lopez denied the claims`: the statement of a reported denial says `denied`, its cue's word."""
    assert verdict("Maria Lopez denied this will cut journey times for thousands of commuters.", cue="denied") == "kept"


def test_vet_speaker_and_whitespace():
    assert verdict(GOOD, speaker="Tom Reed") == "speaker"
    assert verdict(GOOD, refused=True) == "speaker"
    assert vet("  " + GOOD.replace(" said ", "\n  said\t"), QUOTE, FACTS).statement == GOOD


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("10,000 people and 4.1% of 2019", [10000, Decimal("4.1"), 2019]),
        ("£2m, 2 million, 1.5bn", [2_000_000, 2_000_000, 1_500_000_000]),
        ("twenty-five, three thousand, one hundred and twenty", [25, 3000, 120]),
        ("no one came, one million did", [1_000_000]),
    ],
)
def test_numbers_by_value(text, values):
    assert [v for v, _ in numbers(text)] == values


def test_a_raw_newline_inside_a_string_is_read_not_reasked():
    # what SmolLM2-135M wrote under llama-cpp-python's grammar on a seed: a raw newline inside "id"
    raw = json.dumps({"claims": [lopez(id="c1")]}).replace('"c1"', '"c\n1"')
    assert "\n" in raw
    assert parse_answer(raw).claims[0].id == "c\n1"


def test_claim_type_of():
    assert [claim_type_of(v) for v in ("event", " Opinion ", "statistic", "", None)] == [
        "event",
        "opinion",
        None,
        None,
        None,
    ]
    assert parse_answer(json.dumps({"claims": [lopez(statement=3, claim_type=["x"])]})).claims[0].statement is None


# ------------------------------------------------------------------ properties
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    return spell(n // 100) + " hundred" + ("" if n % 100 == 0 else " and " + spell(n % 100))


@given(st.integers(min_value=0, max_value=999))
def test_numbers_read_spelled_and_written_figures_alike(n):
    assert [v for v, _ in numbers(f"about {spell(n)} people")] == ([n] if n != 1 else [])
    assert [v for v, _ in numbers(f"about {n:,} people")] == [n]
    if n:
        assert [v for v, _ in numbers(f"about {spell(n)} thousand people")] == [n * 1000]


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_vet_never_fails_and_keeps_only_the_folded_input(said):
    v = vet(said, QUOTE, FACTS)
    assert v.reason in REASONS
    assert (v.statement is not None) == (v.reason == "kept")
    if v.statement is not None:
        assert v.statement == " ".join(said.split())


# Words no article here has (no vowels); an honorific ("Mrs") is no name, so none of those either.
# (the vetting's own list of written titles too: "Sgt Sgt" was drawn once, and "Sgt" is a title, not a name)
_LETTERS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=3, max_size=8).filter(
    lambda w: w not in HONORIFICS and w not in WRITTEN_HONORIFICS
)


@given(_LETTERS, _LETTERS)
def test_an_invented_name_anywhere_is_rejected(first, last):
    name = f"{first.title()} {last.title()}"
    said = GOOD.replace("Council leader Maria Lopez said", f"Maria Lopez told {name} that")
    assert verdict(said, speaker="Maria Lopez") == "invented_name"


@given(st.integers(min_value=0, max_value=10**9).filter(lambda n: n not in (3,)))
def test_an_invented_figure_anywhere_is_rejected(n):
    said = GOOD.replace("thousands of commuters", f"thousands of commuters on {n:,} days")
    assert verdict(said, speaker="Maria Lopez") == "invented_number"


@given(st.sampled_from(BUS.splitlines()[2:]))
def test_the_articles_own_sentences_have_no_invented_names_or_numbers(sentence):
    assert FACTS.invented_name(sentence) is None and FACTS.invented_number(sentence) is None


def test_a_figures_scale_written_out_is_no_added_word():
    """`£2m` as `£2 million`, `40%` as `40 percent`: the number check compares them by value, so the
    words check does not count the scale or the unit as a word the article lacks."""
    facts = Facts("Ann Lee said the scheme would cost £2m and reach 40% of homes.")
    content = "the scheme would cost £2m and reach 40% of homes"
    said = "Ann Lee said the scheme would cost £2 million and reach 40 percent of homes."
    assert vet(said, content, facts, speaker="Ann Lee").reason == "kept"
    assert vet(said.replace("reach", "easily reach"), content, facts, speaker="Ann Lee").reason == "added_word"
