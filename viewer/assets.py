"""Finding the bundled assets, and the packs among them, in every install mode.

A source checkout keeps them at the repository's top-level `assets/`; a wheel carries
them inside the package as `viewer/assets/`; the frozen app (PyInstaller) unpacks them
to `viewer/assets/` under its bundle folder, `sys._MEIPASS`. This is the one place that
knows all three.

A bundled pack is named by its files: pack NAME is `NAME.json` with its schematic
`svg/NAME.svg` (and, when it has them, the skin map `svg/NAME-skin.svg` and the lesion
file `NAME.lesions.json`). Listing the packs reads no file; a pack's title and structure
count are read from its data file the first time they are asked for.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
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


def lessons_dir() -> Path:
    """The bundled lessons, for every pack (a lesson names the structures it walks through)."""
    return assets_dir() / "lessons"


@dataclass(frozen=True)
class PackFiles:
    """One pack's files as found by name in a folder: `NAME.json` and `svg/NAME.svg`."""

    id: str
    data_path: Path
    svg_path: Path
    _summary: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)

    @property
    def skin_svg_path(self) -> Path | None:
        path = self.svg_path.with_name(f"{self.id}-skin.svg")
        return path if path.is_file() else None

    @property
    def lesions_path(self) -> Path | None:
        path = self.data_path.with_name(f"{self.id}.lesions.json")
        return path if path.is_file() else None

    def _read_summary(self) -> tuple[str, int]:
        if not self._summary:
            self._summary.append(read_summary(self.data_path))
        return self._summary[0]

    @property
    def title(self) -> str:
        """The pack's title as its data file gives it (read once, when first asked)."""
        return self._read_summary()[0]

    @property
    def structures(self) -> int:
        """How many structures the data file lists (read once, with the title)."""
        return self._read_summary()[1]


def read_summary(data_path: Path) -> tuple[str, int]:
    """A data file's title and structure count, without checking the rest of it.

    msgspec decodes only these two fields (the structures are skipped over unparsed), so
    listing the packs costs a read of each file, not a load. An unreadable file gives its
    id for a title and 0 structures: the list still shows it, and loading it says why.
    """
    import msgspec

    try:
        top = msgspec.json.decode(data_path.read_bytes(), type=dict[str, msgspec.Raw])
        title = msgspec.json.decode(top.get("title", b'""'), type=str)
        count = len(msgspec.json.decode(top.get("structures", b"[]"), type=list[msgspec.Raw]))
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return data_path.stem, 0
    return title.strip() or data_path.stem, count


def pack_in_folder(folder: Path, name: str) -> PackFiles | None:
    """Pack `name` in `folder` (`NAME.json` and `svg/NAME.svg`), or None if either file is missing."""
    data = folder / f"{name}.json"
    svg = folder / "svg" / f"{name}.svg"
    if "." in name or not data.is_file() or not svg.is_file():
        return None
    return PackFiles(name, data, svg)


def packs_in_folder(folder: Path) -> list[PackFiles]:
    """Every pack in `folder`, by name (the lesion files `NAME.lesions.json` are not packs)."""
    names = sorted(p.stem for p in folder.glob("*.json") if "." not in p.stem)
    return [found for name in names if (found := pack_in_folder(folder, name)) is not None]


_BUNDLED: dict[Path, tuple[PackFiles, ...]] = {}


def bundled_packs() -> tuple[PackFiles, ...]:
    """The bundled packs, the default first, then by name (listed once per process; no file is read)."""
    folder = assets_dir()
    if folder not in _BUNDLED:
        found = packs_in_folder(folder)
        found.sort(key=lambda p: (p.id != DEFAULT_PACK, p.id))
        _BUNDLED[folder] = tuple(found)
    return _BUNDLED[folder]


class UnknownPack(LookupError):
    """A pack name that no bundled pack has; the message is one line naming those there are."""


def bundled_pack(name: str) -> PackFiles:
    """The bundled pack called `name`, or UnknownPack naming the packs there are."""
    packs = bundled_packs()
    for found in packs:
        if found.id == name:
            return found
    there = ", ".join(p.id for p in packs)
    raise UnknownPack(f"no bundled pack called {name!r}; the packs are: {there} (`plexus-viewer packs` lists them)")


def remembered_pack(remembered: str | None) -> tuple[PackFiles, str | None]:
    """The pack the settings remember (a bundled name, or a folder pack's data file), and a
    one-line notice when it is gone and the default pack stands in for it."""
    default = PackFiles(DEFAULT_PACK, default_data_path(), default_svg_path())
    if not remembered:
        return default, None
    if "/" not in remembered and "\\" not in remembered:
        found: PackFiles | None = next((p for p in bundled_packs() if p.id == remembered), None)
    else:
        path = Path(remembered)
        found = pack_in_folder(path.parent, path.stem) if path.suffix == ".json" else None
    if found is None:
        return default, f"The pack last opened, {remembered}, is no longer there; the {default.id} pack is open instead."
    return found, None
