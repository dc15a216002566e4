"""The Qt-free core stays Qt-free, and assets are found in every install mode."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "viewer.model.loader",
    "viewer.model.tracing",
    "viewer.model.facts",
    "viewer.model.names",
    "viewer.model.source_policy",
    "viewer.session",
    "viewer.exit_status",
    "viewer.palette",
    "viewer.assets",
]


def test_core_imports_no_qt() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', 'svgelements'})\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_cli_subcommands_without_a_window_import_no_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from viewer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['trace', 'L4', '--json']) == 0\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("import-linter is a test dependency; install the project with [test]")
    result = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_assets_found_in_a_checkout_and_inside_an_installed_package(tmp_path: Path) -> None:
    from viewer.assets import assets_dir, bundled_packs

    assert assets_dir() == ROOT / "assets"
    # The wheel (and the frozen app) place the assets inside the package: viewer/assets.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "viewer", site / "viewer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assets", site / "viewer" / "assets")
    code = (
        "import viewer.assets as a, sys; print(a.assets_dir()); print(a.default_svg_path().is_file())\n"
        "print(','.join(f'{p.id}:{p.data_path.parent}:{p.svg_path.is_file()}:{p.title}' for p in a.bundled_packs()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""}
    )
    found, svg_ok, packs = result.stdout.splitlines()
    assert Path(found) == site / "viewer" / "assets"
    assert svg_ok == "True"
    assert packs == ",".join(f"{p.id}:{Path(found)}:True:{p.title}" for p in bundled_packs())  # every bundled pack, found there


def test_wheel_mapping_matches_the_lookup() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"] == {"assets": "viewer/assets"}


def test_assets_found_inside_a_frozen_bundle(tmp_path: Path) -> None:
    from viewer.assets import bundled_packs

    # PyInstaller imports the package from its archive and unpacks data under sys._MEIPASS;
    # the spec puts the assets at viewer/assets there, as in the wheel.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "viewer", site / "viewer", ignore=shutil.ignore_patterns("__pycache__"))
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "assets", bundle / "viewer" / "assets")
    code = (
        "import sys; sys.frozen = True; sys._MEIPASS = sys.argv[1]\n"
        "import viewer.assets as a\n"
        "print(a.assets_dir()); print(a.default_svg_path().is_file()); print(a.app_icon_path().is_file())\n"
        "print(','.join(f'{p.id}:{p.data_path.parent}:{p.svg_path.is_file()}:{p.title}' for p in a.bundled_packs()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(bundle)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": ""},
    )
    found, svg_ok, icon_ok, packs = result.stdout.splitlines()
    assert Path(found) == bundle / "viewer" / "assets"
    assert (svg_ok, icon_ok) == ("True", "True")
    assert packs == ",".join(f"{p.id}:{Path(found)}:True:{p.title}" for p in bundled_packs())


def test_the_spec_bundles_the_assets_where_the_lookup_finds_them() -> None:
    spec = (ROOT / "packaging" / "plexus-viewer.spec").read_text(encoding="utf-8")
    assert '"viewer/assets"' in spec
