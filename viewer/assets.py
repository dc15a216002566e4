"""Finding the bundled assets in every install mode.

A source checkout keeps them at the repository's top-level `assets/`; a wheel carries
them inside the package as `viewer/assets/`; the frozen app (PyInstaller) unpacks them
to `viewer/assets/` under its bundle folder, `sys._MEIPASS`. This is the one place that
knows all three.
"""

from __future__ import annotations

import sys
from pathlib import Path

from viewer import APP_ID

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_PACK = "lumbosacral"


def _candidates() -> list[Path]:
    found = [_PACKAGE / "assets", _PACKAGE.parent / "assets"]
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        found.insert(0, Path(bundle) / "viewer" / "assets")
    return found


def assets_dir() -> Path:
    """The folder holding the packs and their SVGs."""
    for candidate in _candidates():
        if (candidate / f"{DEFAULT_PACK}.json").is_file():
            return candidate
    raise FileNotFoundError(f"bundled assets not found next to {_PACKAGE}")


def default_data_path() -> Path:
    return assets_dir() / f"{DEFAULT_PACK}.json"


def default_svg_path() -> Path:
    return assets_dir() / "svg" / f"{DEFAULT_PACK}.svg"


def app_icon_path() -> Path:
    """The app icon (SVG), the same file the desktop entry names by its id."""
    return assets_dir() / "icons" / f"{APP_ID}.svg"
