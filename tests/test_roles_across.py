"""Speaker resolution steps without article extraction: roles named across articles, transcript turns."""

from __future__ import annotations

from claimex.models import Speaker
from claimex.speakers import resolve_roles_across
from tests._mentions import gm


def _with(g, **kw):  # type: ignore[no-untyped-def]
    return g.model_copy(update={"speaker": Speaker(**kw)})


def test_a_person_role_is_named_across_articles() -> None:
    holder = _with(gm("a", "m1", "Taxes will rise."), name="Dana Pell", kind="person", role="budget director")
    other = _with(gm("b", "m1", "Taxes will fall."), name="the budget director", kind="person", aliases=())
    out = resolve_roles_across([holder, other])
    assert out[1].speaker.name == "Dana Pell"


def test_a_body_or_someones_role_is_not() -> None:
    # "Campaign Dana Pell" gives Pell the role "campaign"; "the campaign said" elsewhere is not Pell
    holder = _with(gm("a", "m1", "We will win."), name="Dana Pell", kind="person", role="campaign")
    body = _with(gm("b", "m1", "We will win."), name="the campaign", kind="organization")
    aide = _with(gm("c", "m1", "We will win."), name="aide", kind="person", aliases=("his aide",))
    holder2 = _with(gm("d", "m1", "We will win."), name="Al Ruiz", kind="person", role="aide")
    out = resolve_roles_across([holder, body, aide, holder2])
    assert out[1].speaker.name == "the campaign"
    assert out[2].speaker.name == "aide"


def test_a_one_word_role_is_no_one_office_across_articles() -> None:
    """Each article's "minister" is its own: a minister named in one article is not another's."""
    holder = _with(gm("a", "m1", "Dues are paid."), name="Raj Desh", kind="person", role="minister")
    other = _with(gm("b", "m1", "We will consider it."), name="minister", kind="person", aliases=("The minister",))
    out = resolve_roles_across([holder, other])
    assert out[1].speaker.name == "minister"


def test_a_former_office_ties_no_article_to_one_holder() -> None:
    """Many hold "former president" at once: one article's former president is not another's."""
    holder = _with(gm("a", "m1", "Taxes will rise."), name="Bill Hart", kind="person", role="Former President")
    other = _with(gm("b", "m1", "Taxes will fall."), name="the former president", kind="person", aliases=())
    out = resolve_roles_across([holder, other])
    assert out[1].speaker.name == "the former president"


def test_an_office_every_organisation_has_ties_no_article_to_one_holder() -> None:
    """Focus Ireland's chief executive, named in one article, is not the airline's "chief executive" of
    another (whether it was named depended on which files were in the batch); a named body's office is one."""
    holder = _with(gm("a", "m1", "Rents rose."), name="Pat Dennigan", kind="person", role="chief executive")
    other = _with(gm("b", "m1", "Talks are under way."), name="the chief executive", kind="person", aliases=())
    cfo = _with(gm("c", "m1", "Costs fell."), name="Ann Roe", kind="person", role="Chief Financial Officer")
    other_cfo = _with(gm("d", "m1", "Costs rose."), name="the chief financial officer", kind="person")
    out = resolve_roles_across([holder, other, cfo, other_cfo])
    assert [g.speaker.name for g in out[1::2]] == ["the chief executive", "the chief financial officer"]
    # in the holder's own article the role is still the holder ("said the chief executive, Jane Roe. … The
    # chief executive said"), and a possessive's office is anyone's ("the company's chief executive")
    same = _with(gm("a", "m2", "Costs doubled."), name="the chief executive", kind="person", aliases=())
    assert resolve_roles_across([holder, same])[1].speaker.name == "Pat Dennigan"
    owned = _with(
        gm("g", "m1", "Rents rose."), name="Pat Dennigan", kind="person", role="the company's chief executive"
    )
    other = _with(gm("h", "m1", "Fares rise."), name="the company's chief executive", kind="person", aliases=())
    assert resolve_roles_across([owned, other])[1].speaker.name == "the company's chief executive"
    # a named owner's office is one person's ("Trump's campaign manager")
    owned = _with(gm("g", "m1", "We lead."), name="Corey Lewandowski", kind="person", role="Trump's campaign manager")
    other = _with(gm("h", "m1", "We won."), name="Trump's campaign manager", kind="person", aliases=())
    assert resolve_roles_across([owned, other])[1].speaker.name == "Corey Lewandowski"
    chair = _with(gm("e", "m1", "We will win."), name="Debbie Wasserman Schultz", kind="person", role="DNC chair")
    other = _with(gm("f", "m1", "The vote was fair."), name="the DNC chair", kind="person", aliases=())
    assert resolve_roles_across([chair, other])[1].speaker.name == "Debbie Wasserman Schultz"


def test_a_transcript_turn_names_its_first_person() -> None:
    from claimex.speakers import _turn_label

    text = "Intro line.\nHOST: Do you think so?\nSEN. JO MARSH: I think not.\nI said no, she said."
    assert _turn_label(text, text.index("you")) == "HOST"
    assert _turn_label(text, text.index("I think")) == "SEN. JO MARSH"
    assert _turn_label(text, text.index("I said")) is None
