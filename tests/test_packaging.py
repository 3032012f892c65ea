"""The installed import name is `claimex` (mapped onto pipeline/), and every package directory ships."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import ROOT


def test_every_package_directory_is_listed_for_the_build() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {"claimex": "pipeline"}
    on_disk = {
        ".".join(("claimex", *p.parent.relative_to(ROOT / "pipeline").parts)).rstrip(".")
        for p in (ROOT / "pipeline").rglob("__init__.py")
    }
    assert set(config["packages"]) == on_disk


def test_python_m_claimex_works_beside_a_users_own_pipeline_folder(tmp_path) -> None:
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("raise ImportError('the user\\'s own pipeline package')\n")
    res = subprocess.run(
        [sys.executable, "-m", "claimex", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip()
