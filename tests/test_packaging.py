"""The desktop entry, the AppStream metainfo and the icon: valid, and in step with the app."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

from viewer import APP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


#: Set by .ci/run, which installs the validators: there a missing one fails, elsewhere it skips.
REQUIRE = "PLEXUS_REQUIRE_VALIDATORS"


def tool(name: str, package: str) -> str:
    """The validator `name`; skipped where it is not installed, unless the validators are required."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{name} is missing and {REQUIRE}=1 requires it (apt-get install {package}; .ci/run does)")
    pytest.skip(f"{name} is not installed (apt-get install {package}); .ci/run installs it and requires this test")


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", "--pedantic", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # the one pedantic note allowed: the reverse-DNS id has capitals, as the app's id does
    notes = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    assert all("cid-contains-uppercase-letter" in line for line in notes), notes


def test_one_id_version_and_licence_everywhere() -> None:
    desktop = dict(line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert desktop["Icon"] == APP_ID
    assert desktop["Exec"].split()[0] == "plexus-viewer"
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.find("launchable").text == DESKTOP.name
    assert meta.find("releases/release").get("version") == __version__
    assert meta.findtext("provides/binary") == "plexus-viewer"
    assert meta.findtext("metadata_license") == "CC0-1.0"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta.findtext("project_license") == pyproject["project"]["license"]
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    assert all(s.findtext("caption") for s in meta.iterfind("screenshots/screenshot"))
    assert meta.find("content_rating").get("type").startswith("oars-")


def test_icons_are_rendered_from_the_svg_and_the_app_finds_it(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from viewer.assets import app_icon_path

    source = PACKAGING / "icons" / f"{APP_ID}.svg"
    assert app_icon_path().read_bytes() == source.read_bytes(), "run python packaging/make_icons.py"
    for size in (16, 32, 48, 64, 128, 256):
        image = QImage(str(PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255  # the motif fills the middle, not a transparent hole


def test_a_missing_validator_skips_here_and_fails_where_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv(REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception):
        tool("appstreamcli", "appstream")
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception):
        tool("appstreamcli", "appstream")


def test_the_test_command_installs_nothing_and_ci_requires_the_validators() -> None:
    dev = (ROOT / "dev.py").read_text(encoding="utf-8")
    assert "apt-get" not in dev and "sudo" not in dev
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {REQUIRE}=1" in ci
    assert "apt-get install -y -q desktop-file-utils appstream" in ci
    # the test command from README.md, then the mutation check of the core modules the change touched
    assert ci.rstrip().splitlines()[-2:] == ["python3 dev.py test -p no:cacheprovider", "python3 dev.py mutate --changed --budget 300"]
