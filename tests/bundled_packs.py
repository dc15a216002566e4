"""The bundled packs by name, loaded once each by the real loader, for tests that hold for every pack."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

from viewer.assets import bundled_packs, default_data_path
from viewer.model.lesion import LesionBook, load_lesions
from viewer.model.loader import load_pack
from viewer.model.pack import Pack

#: Every pack shipped in `assets/`: a test that is not about one pack's anatomy runs on each.
PACKS = tuple(files.id for files in bundled_packs())


def data_path(name: str) -> Path:
    """`assets/NAME.json`."""
    return default_data_path().parent / f"{name}.json"


@cache
def bundled(name: str) -> Pack:
    return load_pack(data_path(name))


@cache
def bundled_book(name: str) -> LesionBook:
    return load_lesions(bundled(name))


def copy_pack(name: str, folder: Path) -> Path:
    """A writable copy of a bundled pack (data, schematic, skin map, lesion file) in `folder`; returns its data file."""
    source = data_path(name)
    (folder / "svg").mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / source.name)
    for svg in (source.parent / "svg").glob(f"{name}*.svg"):
        shutil.copy(svg, folder / "svg" / svg.name)
    for extra in source.parent.glob(f"{name}.*.json"):
        shutil.copy(extra, folder / extra.name)
    return folder / source.name
