"""The review page in a real browser: headless Chromium from Debian, driven by Selenium.

Skipped with a reason when /usr/bin/chromium, /usr/bin/chromedriver or selenium
is missing, so `make test` stays green on a machine without a browser;
`make test-report` sets CLAIMEX_REQUIRE_BROWSER=1, and then a missing browser
fails. Nothing is downloaded: the driver path is given, so Selenium Manager
never runs. Screenshots go to outputs/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

from claimex.report import write_report
from tests.report_helpers import (
    PLANTED_ID,
    PLANTED_MENTIONS,
    PLANTED_TEXT,
    load_claims,
    overlaps_run,
    planted_id,
    planted_run,
    seeds_run,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OUTPUTS = ROOT / "outputs"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]


def _why_no_browser() -> str | None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        return f"{' and '.join(missing)} missing (apt-get install chromium chromium-driver, or run `make test-report`)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def driver():
    reason = _why_no_browser()
    if reason:
        if os.environ.get("CLAIMEX_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must never fetch anything
    profile = tempfile.mkdtemp(prefix="claimex-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory):
    out = seeds_run(SEEDS, tmp_path_factory.mktemp("seeds") / "out")
    page = out.parent / "report.html"
    write_report(out, page, [str(SEEDS)])
    return page, load_claims(out)


@pytest.fixture(scope="module")
def planted_page(tmp_path_factory):
    _article, out = planted_run(tmp_path_factory.mktemp("planted"))
    page = out.parent / "report.html"
    write_report(out, page)
    return page, load_claims(out)


def open_page(drv, page: Path, fragment: str = "", timeout: float = 30.0) -> float:
    """Load the page (file://) and wait until its first view is rendered; returns seconds taken."""
    t0 = time.perf_counter()
    drv.get("about:blank")
    drv.get(page.resolve().as_uri() + fragment)
    while drv.execute_script("return document.documentElement.dataset.ready") != "1":
        if time.perf_counter() - t0 > timeout:
            raise AssertionError(f"report did not render within {timeout}s; console: {drv.get_log('browser')}")
        time.sleep(0.02)
    return time.perf_counter() - t0


def wait_route(drv, route_wanted: str, timeout: float = 10.0) -> None:
    """Wait until the page has rendered the route `route_wanted` (hash changes are asynchronous)."""
    deadline = time.perf_counter() + timeout
    while True:
        route = drv.execute_script("return decodeURIComponent(document.documentElement.dataset.route || '')")
        if route == route_wanted:
            return
        if time.perf_counter() > deadline:
            raise AssertionError(f"page did not reach {route_wanted!r} (at {route!r})")
        time.sleep(0.01)


def go(drv, fragment: str) -> None:
    drv.execute_script("location.hash = arguments[0]", fragment)
    wait_route(drv, fragment)


# Every mark of one mention (a crossing mention is split in parts), joined in document order.
MARK_TEXTS = """
const out = {};
for (const m of document.querySelectorAll('#article-text mark.m')) {
  const key = m.dataset.claim + '@' + m.dataset.start + ':' + m.dataset.end;
  out[key] = (out[key] || '') + m.textContent;
}
return out;
"""


def mentions_by_doc(claims: list[dict]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for c in claims:
        for m in c["mentions"]:
            out.setdefault(m["doc_id"], {})[f"{c['claim_id']}@{m['start']}:{m['end']}"] = m["text"]
    return out


def label(sp: dict) -> str:
    """A speaker as the page names it."""
    return sp["name"] or ("(unnamed source)" if sp["kind"] == "unnamed" else "(unknown speaker)")


def count(drv) -> int:
    return int(drv.find_element("id", "claims-count").get_attribute("data-count"))


def test_seeds_first_view_is_the_claims_table(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page)
    assert count(driver) == len(claims)
    rows = driver.find_elements("css selector", "#claims-body tr[data-claim]")
    assert len(rows) == min(50, len(claims))  # paginated: one page of rows, not all of them
    assert driver.execute_script("return document.title").startswith("claimex review")
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_highlights_sit_on_the_mention_text_in_every_seed_article(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page)
    expected = mentions_by_doc(claims)
    assert sum(len(v) for v in expected.values()) > 50
    for doc_id, mentions in expected.items():
        go(driver, f"#article/{doc_id}")
        source = next(p for p in SEEDS.iterdir() if p.stem == doc_id).read_text(encoding="utf-8")
        # The article is rendered whole: highlighting neither drops nor duplicates a character.
        assert driver.execute_script("return document.getElementById('article-text').textContent") == source
        assert driver.execute_script(MARK_TEXTS) == mentions, doc_id


def test_filters_change_the_row_count(driver, seeds_page):
    from selenium.webdriver.support.ui import Select

    page, claims = seeds_page
    open_page(driver, page)
    denials = sum(1 for c in claims if c["polarity"] == "denial")
    assert 0 < denials < len(claims)
    Select(driver.find_element("id", "f-denial")).select_by_value("denial")
    assert count(driver) == denials
    assert len(driver.find_elements("css selector", "#claims-body tr[data-claim]")) == denials
    denied = sum(1 for c in claims if c["denied_by"])
    Select(driver.find_element("id", "f-denial")).select_by_value("denied")
    assert count(driver) == denied
    Select(driver.find_element("id", "f-denial")).select_by_value("")
    # By speaker: the option for Priti Patel keeps exactly her claims.
    patel = sum(1 for c in claims if c["speaker"]["name"] == "Priti Patel")
    Select(driver.find_element("id", "f-speaker")).select_by_visible_text(f"Priti Patel ({patel})")
    assert count(driver) == patel and patel > 0
    Select(driver.find_element("id", "f-speaker")).select_by_value("")
    # Free text: every word must occur in the claim's content, speaker, cue or variants.
    box = driver.find_element("id", "f-text")
    box.send_keys("orchestrated")
    want = sum(
        1 for c in claims if "orchestrated" in (c["content"] + " ".join(v["text"] for v in c["variants"])).lower()
    )
    deadline = time.time() + 5
    while count(driver) != want and time.time() < deadline:
        time.sleep(0.05)
    assert count(driver) == want and 0 < want < len(claims)


def test_claims_come_most_check_worthy_first_by_default(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page)
    cells = driver.find_elements("css selector", "#claims-body tr td.score")
    shown = [float(c.text.split()[0]) for c in cells]
    assert shown and shown == sorted(shown, reverse=True)
    assert shown[0] == round(max(c["checkworthiness"] for c in claims), 2)
    types = {c.text.split()[1] for c in cells if len(c.text.split()) > 1}
    assert types <= {c["claim_type"] for c in claims}


def test_sorting_by_outlets_puts_the_most_reported_claim_first(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page)
    driver.find_element("css selector", 'th[data-sort="outlets"]').click()
    cells = driver.find_elements("css selector", "#claims-body tr td.num")
    first = [int(c.text) for c in cells]
    assert first == sorted(first, reverse=True) and first[0] == max(c["outlets"] for c in claims)
    driver.find_element("css selector", 'th[data-sort="outlets"]').click()
    first = [int(c.text) for c in driver.find_elements("css selector", "#claims-body tr td.num")]
    assert first == sorted(first) and first[0] == min(c["outlets"] for c in claims)


def test_clicking_a_highlight_shows_the_claim_its_denials_and_other_outlets(driver, seeds_page):
    from selenium.webdriver.common.action_chains import ActionChains

    page, claims = seeds_page
    open_page(driver, page)
    denial = max((c for c in claims if c["polarity"] == "denial" and c["denies"]), key=lambda c: c["outlets"])
    m = denial["mentions"][0]
    go(driver, f"#article/{m['doc_id']}")
    mark = driver.find_element("css selector", f'mark.m[data-claim="{denial["claim_id"]}"][data-start="{m["start"]}"]')
    assert "deny" in mark.get_attribute("class").split()
    ActionChains(driver).move_to_element(mark).perform()
    tip = driver.find_element("id", "tip")
    assert tip.is_displayed() and denial["speaker"]["name"] in tip.text
    mark.click()
    panel = driver.find_element("id", "panel")
    assert panel.is_displayed() and panel.get_attribute("data-claim") == denial["claim_id"]
    assert denial["content"] in panel.text
    rels = panel.find_elements("css selector", ".rel")
    assert sorted(r.get_attribute("data-claim") for r in rels) == sorted(denial["denies"] + denial["denied_by"])
    assert len(panel.find_elements("css selector", ".outlet")) == len(denial["mentions"])
    variants = panel.find_elements("css selector", ".variant")
    assert len(variants) == (len(denial["variants"]) if len(denial["variants"]) > 1 else 0)
    # Another outlet's link opens that article at that mention.
    other = next(x for x in denial["mentions"] if x["doc_id"] != m["doc_id"])
    idx = [x["doc_id"] for x in denial["mentions"]].index(other["doc_id"])
    panel.find_elements("css selector", ".outlet button.link")[idx].click()
    wait_route(driver, f"#article/{other['doc_id']}@{other['start']}")
    assert (
        driver.execute_script("return decodeURIComponent(location.hash)")
        == f"#article/{other['doc_id']}@{other['start']}"
    )
    here = driver.find_elements("css selector", "#panel .outlet.here")
    assert len(here) == 1 and "this article" in here[0].text
    assert here[0].find_element("css selector", "button.link").text == other["doc_id"]
    active = driver.find_elements("css selector", f'mark.m.active[data-start="{other["start"]}"]')
    assert active and active[0].text.replace("\u2298 ", "").strip() in other["text"]
    OUTPUTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(OUTPUTS / "report-seeds.png"))


def test_variants_show_side_by_side(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page)
    multi = max(claims, key=lambda c: len(c["variants"]))
    assert len(multi["variants"]) > 1
    driver.find_element("css selector", "#f-text").send_keys(multi["claim_id"])
    deadline = time.time() + 5
    while count(driver) != 1 and time.time() < deadline:
        time.sleep(0.05)
    driver.find_element("css selector", f'#claims-body tr[data-claim="{multi["claim_id"]}"]').click()
    boxes = driver.find_elements("css selector", "#panel .variant")
    assert len(boxes) == len(multi["variants"])
    tops = {b.location["y"] for b in boxes}
    assert len(tops) == 1  # one row: side by side
    for box, v in zip(boxes, multi["variants"]):
        assert box.find_element("css selector", ".vt").text == v["text"].strip()
    driver.save_screenshot(str(OUTPUTS / "report-seeds-claims.png"))


def test_speaker_view_lists_who_denies_whom(driver, seeds_page):
    page, claims = seeds_page
    open_page(driver, page, "#speakers")
    by_name = {}
    for c in claims:
        by_name.setdefault(c["speaker"]["name"], []).append(c)
    name, mine = max(
        ((n, cs) for n, cs in by_name.items() if n and any(c["denies"] for c in cs)), key=lambda p: len(p[1])
    )
    card = next(
        c
        for c in driver.find_elements("css selector", ".speaker-card")
        if c.find_element("css selector", ".name").text == name
    )
    card.find_element("tag name", "summary").click()
    deadline = time.monotonic() + 10  # the card's body is rendered when it opens; under load that takes a moment
    cols = card.find_elements("css selector", ".body > div")
    while len(cols) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
        if card.tag_name == "details" and card.get_attribute("open") is None:
            card.find_element("tag name", "summary").click()  # the first click landed before the page was ready
        cols = card.find_elements("css selector", ".body > div")
    assert len(cols) >= 3, "the speaker card did not open"
    assert len(cols[0].find_elements("css selector", "li")) == len(mine)
    denied = sorted(x for c in mine for x in c["denies"])
    assert sorted(li.get_attribute("data-claim") for li in cols[1].find_elements("css selector", "li")) == denied
    by_id = {c["claim_id"]: c for c in claims}
    whom = {label(by_id[x]["speaker"]) for x in denied}
    summary = [e.text.rsplit(" \u00d7", 1)[0] for e in cols[1].find_elements("css selector", ".who span[data-speaker]")]
    assert sorted(summary) == sorted(whom)
    by_ = sorted(x for c in mine for x in c["denied_by"])
    assert sorted(li.get_attribute("data-claim") for li in cols[2].find_elements("css selector", "li")) == by_


def test_planted_script_is_shown_as_text_and_never_runs(driver, planted_page):
    page, claims = planted_page
    open_page(driver, page, f"#article/{PLANTED_ID}")
    time.sleep(0.3)  # an onerror handler would have fired by now
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    body = driver.find_element("id", "article-text")
    assert body.find_elements("css selector", "script, img, b") == []
    assert driver.execute_script("return document.getElementById('article-text').textContent") == PLANTED_TEXT
    visible = body.text
    assert "<script>window.__pwned=1</script>" in visible and '<img src=x onerror="window.__pwned=2">' in visible
    assert "Planted <script>alert(1)</script> title" in driver.find_element("id", "article-head").text
    # The javascript: URL from the metadata is shown, not linked.
    assert driver.find_elements("css selector", "#article-head a[href^='javascript']") == []
    # Highlights land on the right words after the emoji, nested and crossing mentions included.
    assert driver.execute_script(MARK_TEXTS) == mentions_by_doc(claims)[PLANTED_ID]
    assert len(driver.find_elements("css selector", "#article-text mark.m.part")) == 2  # the crossing one, split
    inner = driver.find_element("css selector", f'mark.m[data-claim="{planted_id("inner")}"]')
    assert driver.execute_script("return arguments[0].parentElement.dataset.claim", inner) == planted_id("outer")
    for mark in driver.find_elements("css selector", "#article-text mark.m"):
        mark.click()  # opening every claim's panel must not run anything either
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert len(PLANTED_MENTIONS) == len(claims)
    driver.save_screenshot(str(OUTPUTS / "report-planted.png"))


def test_an_article_without_its_text_still_lists_its_mentions(driver, tmp_path):
    article, out = planted_run(tmp_path)
    article.unlink()
    page = tmp_path / "report.html"
    data = write_report(out, page)
    assert data.warnings
    open_page(driver, page, "#articles")
    row = driver.find_element("css selector", f'#articles-body tr[data-doc="{PLANTED_ID}"]')
    assert "no text" in row.text and str(len(PLANTED_MENTIONS)) in row.text
    assert "problem(s)" in driver.find_element("id", "warnings").text
    row.click()
    wait_route(driver, f"#article/{PLANTED_ID}")
    items = driver.find_elements("css selector", "#article-text li[data-claim]")
    starts = sorted(PLANTED_TEXT.index(content) for *_x, content, _p in PLANTED_MENTIONS)
    assert [li.text.split("[", 1)[1].split(":", 1)[0] for li in items] == [str(s) for s in starts]
    assert driver.find_elements("css selector", "#article-text mark") == []


def test_random_overlapping_mentions_each_cover_exactly_their_words(driver, tmp_path):
    text, out = overlaps_run(tmp_path)
    page = tmp_path / "report.html"
    data = write_report(out, page)
    assert data.warnings == []
    open_page(driver, page, "#article/overlaps")
    assert driver.execute_script("return document.getElementById('article-text').textContent") == text
    expected = mentions_by_doc(load_claims(out))["overlaps"]
    assert driver.execute_script(MARK_TEXTS) == expected
    assert driver.find_elements("css selector", "#article-text mark.m.part")  # crossing spans were split
    # Every character is covered by exactly as many marks as mentions span it.
    depth = driver.execute_script("""
        const out = [];
        (function walk(node, d) {
          for (const ch of node.childNodes) {
            if (ch.nodeType === 3) { for (const _ of ch.data) out.push(d); }
            else walk(ch, d + 1);
          }
        })(document.getElementById('article-text'), 0);
        return out;""")
    want = [0] * len(text)
    for c in load_claims(out):
        for m in c["mentions"]:
            for k in range(m["start"], m["end"]):
                want[k] += 1
    assert depth == want


def test_a_thousand_articles_open_without_freezing(driver, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synth_articles import synthetic_articles, write_jsonl
    finally:
        sys.path.pop(0)
    from claimex.backends.rules import RuleExtractor
    from claimex.run import run_batch

    src = write_jsonl(synthetic_articles(1000), tmp_path / "articles.jsonl")
    result = run_batch([str(src)], RuleExtractor(), tmp_path / "out")
    assert result.report.documents_read == 1000 and len(result.claims) > 1000
    page = tmp_path / "report.html"
    write_report(tmp_path / "out", page)
    # A generous sanity bound, not a benchmark (benchmarks/report_load.py measures).
    assert open_page(driver, page, timeout=30.0) < 30.0
    assert count(driver) == len(result.claims)
    assert len(driver.find_elements("css selector", "#claims-body tr[data-claim]")) == 50
    assert driver.find_elements("css selector", "#article-text mark") == []  # no article rendered yet
    go(driver, "#articles")
    assert len(driver.find_elements("css selector", "#articles-body tr[data-doc]")) == 100
    go(driver, "#article/synth-00999")
    texts = driver.execute_script(MARK_TEXTS)
    claims = [c.model_dump(mode="json") for c in result.claims]
    assert texts == mentions_by_doc(claims)["synth-00999"]
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
