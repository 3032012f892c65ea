"""Docs that come from commands are checked against those commands."""

from __future__ import annotations

import re

from tests.cli_reference import README, readme_block, render


def test_readme_command_reference_matches_the_cli() -> None:
    block = readme_block(README.read_text(encoding="utf-8"))
    assert block is not None, "README.md lacks the command-reference markers"
    assert block == render(), "README's command reference is out of date with the CLI: run `make docs`"


def test_reference_lists_every_option_of_extract() -> None:
    ref = render()
    section = ref.split("#### `claimex extract`", 1)[1].split("#### ", 1)[0]
    for opt in ("--out", "--backend", "--resume", "--no-merge", "--workers", "--max-doc-mb"):
        assert f"`{opt}`" in section, opt


def test_an_on_off_flags_default_reads_as_help_shows_it() -> None:
    """`--per-document/--overall-only` showed `True` in the reference; `--help` says `per-document`."""
    import typer.main

    from claimex.cli import app

    group = typer.main.get_command(app)
    ref = render()
    pairs = 0
    for name, cmd in group.commands.items():
        ctx = cmd.make_context(name, [], resilient_parsing=True)
        for p in cmd.params:
            if not (getattr(p, "is_bool_flag", False) and p.secondary_opts):
                continue
            record = p.get_help_record(ctx)
            shown = re.search(r"\[default: ([^\]]+)\]", record[1]).group(1)
            row = f"| {', '.join(f'`{o}`' for o in [*p.opts, *p.secondary_opts])} |  | `{shown}` |"
            assert row in ref, (name, row)
            pairs += 1
    assert pairs, "no on/off flag pair left to check: drop this test"


def test_readme_benchmark_table_has_the_columns_the_script_prints() -> None:
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_pipeline
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    text = README.read_text(encoding="utf-8")
    assert bench_pipeline.BEGIN in text and bench_pipeline.END in text, "README lacks the benchmark markers"
    block = text.split(bench_pipeline.BEGIN, 1)[1].split(bench_pipeline.END, 1)[0].strip().split("\n\n")[0]
    lines = block.splitlines()
    assert lines[:2] == [bench_pipeline.HEADER, bench_pipeline.ALIGN], "rerun bench_pipeline.py --readme"
    assert len(lines) > 2, "the benchmark table has no rows"
    for line in lines[2:]:
        assert line.count("|") == bench_pipeline.HEADER.count("|"), line


def test_readme_exit_codes_are_the_ones_claimex_help_lists() -> None:
    import re

    from claimex.cli_format import EXIT_CODES

    text = README.read_text(encoding="utf-8")
    paragraph = text.split("\nExit codes: ", 1)[1].split("\n\n", 1)[0]
    named = list(dict.fromkeys(int(c) for c in re.findall(r"`(\d+)`", paragraph)))
    assert named == [code for code, _ in EXIT_CODES], "README 'Exit codes' and cli_format.EXIT_CODES differ"


def _github_anchor(heading: str) -> str:
    # GitHub's rule: lower-case, drop punctuation other than '-' and '_', spaces become '-'.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_internal_links_point_at_headings() -> None:
    text = README.read_text(encoding="utf-8")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors = {_github_anchor(line.lstrip("#")) for line in outside_code.splitlines() if line.startswith("#")}
    links = re.findall(r"\]\(#([^)]+)\)", outside_code)
    assert len(links) >= 10, "the README's contents line is missing"
    broken = sorted(set(links) - anchors)
    assert not broken, f"README links to headings that do not exist (renamed?): {broken}"


def test_github_anchor_follows_githubs_rule() -> None:
    assert _github_anchor(" Outputs (in `--out`)") == "outputs-in---out"
    assert _github_anchor("claims.jsonl contract (`schema_version: 2`)") == "claimsjsonl-contract-schema_version-2"
