"""How fast the review page builds and opens for a big batch, in headless Chromium.

    .venv/bin/python benchmarks/report_load.py                 # 1,000 synthetic articles
    .venv/bin/python benchmarks/report_load.py --articles 5000 --keep /tmp/big

Generates synthetic articles (benchmarks/synth_articles.py), runs the rule
pipeline on them, writes the report, then opens it in /usr/bin/chromium via
/usr/bin/chromedriver (Debian packages chromium, chromium-driver; nothing is
downloaded) and times: building the page, loading it until the claims table
is on screen, opening one article with its highlights, a free-text filter,
a sort, and the speakers view. Prints one JSON object; the numbers are for
comparing changes on the same machine, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth_articles import synthetic_articles, write_jsonl  # noqa: E402

from claimex.backends.rules import RuleExtractor  # noqa: E402
from claimex.report import write_report  # noqa: E402
from claimex.run import run_batch  # noqa: E402

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


def _browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)


def _timed_js(drv, script: str) -> float:
    """Run `script` in the page and return the milliseconds it took (the views render synchronously)."""
    return drv.execute_script("const t = performance.now();" + script + "; return performance.now() - t;")


def _timed_hash(drv, fragment: str) -> float:
    """Navigate to `#fragment` and return the milliseconds until the page's own hashchange handler is done."""
    return drv.execute_async_script(
        "const [hash, done] = arguments; const t = performance.now();"
        "window.addEventListener('hashchange', () => done(performance.now() - t), {once: true});"
        "location.hash = hash;",
        fragment,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="page loads to time (best is reported)")
    ap.add_argument("--keep", type=Path, help="keep the inputs, run and report in this directory")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="claimex-report-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"articles": args.articles}
    src = write_jsonl(synthetic_articles(args.articles), work / "articles.jsonl")
    t = time.perf_counter()
    batch = run_batch([str(src)], RuleExtractor(), work / "out")
    res["pipeline_s"] = round(time.perf_counter() - t, 2)
    res["claims"] = len(batch.claims)
    res["mentions"] = sum(len(c.mentions) for c in batch.claims)
    page = work / "report.html"
    t = time.perf_counter()
    write_report(work / "out", page)
    res["build_report_s"] = round(time.perf_counter() - t, 3)
    res["report_mb"] = round(page.stat().st_size / 1e6, 2)

    profile = tempfile.mkdtemp(prefix="claimex-chromium-")
    drv = _browser(profile)
    try:
        loads, ready = [], []
        for _ in range(args.repeat):
            drv.get("about:blank")
            t = time.perf_counter()
            drv.get(page.as_uri())
            while drv.execute_script("return document.documentElement.dataset.ready") != "1":
                time.sleep(0.005)
            loads.append(time.perf_counter() - t)
            ready.append(drv.execute_script("return window.__claimexReadyMs"))
        res["open_to_first_view_s"] = round(min(loads), 3)
        res["script_parse_and_first_render_ms"] = round(min(ready), 1)
        last = batch.results[-1].doc_id
        res["open_article_ms"] = round(_timed_hash(drv, "#article/" + last), 1)
        res["article_marks"] = drv.execute_script("return document.querySelectorAll('#article-text mark').length")
        _timed_hash(drv, "#claims")
        res["filter_denial_ms"] = round(
            _timed_js(
                drv,
                "const s = document.getElementById('f-denial'); s.value = 'denial'; s.dispatchEvent(new Event('change'))",
            ),
            1,
        )
        res["rows_after_filter"] = int(
            drv.execute_script("return document.getElementById('claims-count').dataset.count")
        )
        res["filter_speaker_ms"] = round(
            _timed_js(
                drv,
                "const s = document.getElementById('f-speaker'); s.selectedIndex = 1; s.dispatchEvent(new Event('change'))",
            ),
            1,
        )
        res["sort_ms"] = round(_timed_js(drv, "document.querySelector('th[data-sort=content]').click()"), 1)
        res["speakers_view_ms"] = round(_timed_hash(drv, "#speakers"), 1)
        heap = drv.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : null")
        res["js_heap_mb"] = round(heap / 1e6, 1) if heap else None
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
