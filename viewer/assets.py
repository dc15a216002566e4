"""Finding the bundled assets in every install mode.

A source checkout keeps them at the repository's top-level `assets/`; a wheel and the
frozen app carry them inside the package as `viewer/assets/`. This is the one place that
knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_PACK = "lumbosacral"


def assets_dir() -> Path:
    """The folder holding the packs and their SVGs."""
    for candidate in (_PACKAGE / "assets", _PACKAGE.parent / "assets"):
        if (candidate / f"{DEFAULT_PACK}.json").is_file():
            return candidate
    raise FileNotFoundError(f"bundled assets not found next to {_PACKAGE}")


def default_data_path() -> Path:
    return assets_dir() / f"{DEFAULT_PACK}.json"


def default_svg_path() -> Path:
    return assets_dir() / "svg" / f"{DEFAULT_PACK}.svg"
