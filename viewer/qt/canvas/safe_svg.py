"""The schematic for Qt, from the copy the safety check wrote, never from the file.

`load_pack` reads the SVG once, checks it (see viewer.model.svgids) and keeps on the pack
a copy written from what the check accepted: SVG elements, plain attributes, `xlink:href`
under its canonical prefix. Drawing from that copy, rather than from the path, means a
file swapped or edited after the check is never drawn, and QtSvg, which reads some names
by their literal prefix, follows only the references the check saw and allowed.
"""

from __future__ import annotations

import io
import linecache
from typing import Any

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtSvg import QSvgRenderer

from viewer.model.pack import Pack


def checked_bytes(pack: Pack) -> bytes:
    """The pack's checked SVG bytes; a pack built without the check cannot be drawn."""
    if not pack.svg_data:
        raise ValueError(f"{pack.svg_path}: the schematic has not been checked; load the pack with load_pack")
    return pack.svg_data


def svg_renderer(pack: Pack, parent: QObject | None = None) -> QSvgRenderer:
    """A QSvgRenderer over the pack's checked schematic."""
    contents = QByteArray(checked_bytes(pack))
    # No `parent=None`: PySide6 then picks the QXmlStreamReader overload and crashes.
    renderer = QSvgRenderer(contents, parent) if parent is not None else QSvgRenderer(contents)
    if not renderer.isValid():
        raise ValueError(f"{pack.svg_path}: QtSvg could not read the schematic")
    return renderer


def svgelements_document(pack: Pack) -> Any:
    """The checked schematic parsed by svgelements (for geometry), from the same bytes."""
    # PySide6's import hook reads into linecache the source of every module that imports
    # something after PySide6 has loaded (to look for the word "PySide6"): megabytes of
    # text kept for nothing. Dropping it before and after the import keeps the peak lower.
    linecache.clearcache()
    from svgelements import SVG

    linecache.clearcache()
    return SVG.parse(io.BytesIO(checked_bytes(pack)))
