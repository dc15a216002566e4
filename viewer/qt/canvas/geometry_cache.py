"""The hit-test index of a schematic, kept in the user's cache between starts.

Building the index parses the whole drawing with svgelements (about 50 ms, and a few MiB
at its peak) after the first frame; until it is built a click cannot be told apart from
empty space. What it finds depends only on the schematic's exact bytes, the pack's links,
the variant the boxes were measured in (with or without the drawing's text) and this code,
so it is kept under the SHA-256 of those, as `passed_cache` keeps a passed source policy:
the next start with the same pack reads the boxes and strands back in a few milliseconds.

An entry is written atomically and read back strictly: a file that is not exactly an entry
for this key (wrong header, malformed JSON, an unknown id, a path that is not whole curves,
a number that is not finite, more than `MAX_BYTES`) is ignored, and the index is built
from the drawing as if there were no cache. A cache that cannot be written is not used.
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path

from PySide6.QtCore import QRectF, qVersion
from PySide6.QtGui import QPainterPath
from PySide6.QtSvg import QSvgRenderer

from viewer.model.pack import Pack
from viewer.model.passed_cache import sha256_hasher, user_cache_dir
from viewer.qt.canvas.geometry import GeometryIndex, StrandShape, wanted_strands

#: The first line of an entry; the second is its key.
_MAGIC = b"plexus-viewer hit-test index 1\n"
#: An entry larger than this is not read (the bundled pack's is about 150 KiB).
MAX_BYTES = 32 * 1024 * 1024
#: QPainterPath element types: move, line, curve (then two curve data points).
_MOVE, _LINE, _CURVE, _CURVE_DATA = 0, 1, 2, 3


def _code() -> bytes:
    """The index's own code: a changed way of building it builds it afresh."""
    parts = []
    for name in ("geometry.py", "geometry_cache.py"):
        with contextlib.suppress(OSError):
            parts.append((Path(__file__).with_name(name)).read_bytes())
    return b"\0".join(parts)


def key_for(pack: Pack, variant: str) -> str:
    """SHA-256 of what the index depends on: this code, Qt's version, the variant, the links and the drawing."""
    h = sha256_hasher()
    h.update(_code())
    for part in (qVersion(), variant, json.dumps(sorted(wanted_strands(pack).items())), json.dumps(sorted(pack.structures))):
        h.update(b"\0" + part.encode())
    h.update(b"\0")
    h.update(pack.svg_data)
    return str(h.hexdigest())


def _entry(key: str) -> Path:
    return user_cache_dir() / "hit-test" / key


def encode(index: GeometryIndex) -> bytes:
    """The index as JSON: boxes as [id, x, y, w, h], strands as [id, [type, x, y, …]]."""
    boxes = [[sid, r.x(), r.y(), r.width(), r.height()] for sid, r in index.boxes.items()]
    strands = []
    for key, shape in index.strands.items():
        flat: list[float] = []
        path = shape.path
        for i in range(path.elementCount()):
            e = path.elementAt(i)
            flat.extend((int(e.type.value), e.x, e.y))
        strands.append([index.strand_ids[key], flat])
    return json.dumps({"boxes": boxes, "strands": strands}, separators=(",", ":")).encode()


def _finite(*values: object) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values)


def _path(flat: object) -> QPainterPath | None:
    """A path from [type, x, y, …], or None unless it is whole moves, lines and curves."""
    if not isinstance(flat, list) or len(flat) % 3 or not flat:
        return None
    path = QPainterPath()
    i, n = 0, len(flat) // 3
    while i < n:
        kind, x, y = flat[3 * i : 3 * i + 3]
        if type(kind) is not int or not _finite(x, y):
            return None
        if kind == _MOVE:
            path.moveTo(x, y)
            i += 1
        elif kind == _LINE and i > 0:
            path.lineTo(x, y)
            i += 1
        elif kind == _CURVE and i > 0 and i + 2 < n and flat[3 * i + 3] == _CURVE_DATA and flat[3 * i + 6] == _CURVE_DATA:
            (x2, y2), (x3, y3) = flat[3 * i + 4 : 3 * i + 6], flat[3 * i + 7 : 3 * i + 9]
            if not _finite(x2, y2, x3, y3):
                return None
            path.cubicTo(x, y, x2, y2, x3, y3)
            i += 3
        else:
            return None
    return path


def decode(pack: Pack, data: bytes) -> GeometryIndex | None:
    """The index an entry's JSON describes, or None if it is anything but a sound one for `pack`."""
    try:
        found = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or set(found) != {"boxes", "strands"}:
        return None
    boxes, strands = found["boxes"], found["strands"]
    if not isinstance(boxes, list) or not isinstance(strands, list):
        return None
    index = GeometryIndex(pack, parse=False)
    wanted = wanted_strands(pack)
    for box in boxes:
        if not (isinstance(box, list) and len(box) == 5 and box[0] in pack.structures and _finite(*box[1:])):
            return None
        if box[3] <= 0 or box[4] <= 0 or box[0] in index.boxes:
            return None
        index.boxes[box[0]] = QRectF(*box[1:])
    for strand in strands:
        if not (isinstance(strand, list) and len(strand) == 2 and isinstance(strand[0], str) and strand[0] in wanted):
            return None
        key = wanted[strand[0]]
        path = _path(strand[1])
        if path is None or key in index.strands:
            return None
        index.strands[key] = StrandShape(key[0], key[1], path)
        index.strand_ids[key] = strand[0]
    index.order_nodes()
    return index


def load_or_build(pack: Pack, renderer: QSvgRenderer, variant: str) -> GeometryIndex:
    """The index from the user's cache when a sound entry is there for these exact bytes, else built and kept."""
    key = key_for(pack, variant)
    header = _MAGIC + key.encode() + b"\n"
    path = _entry(key)
    try:
        if path.stat().st_size <= MAX_BYTES:
            raw = path.read_bytes()
            if raw.startswith(header):
                index = decode(pack, raw[len(header) :])
                if index is not None:
                    return index
    except OSError:
        pass
    index = GeometryIndex(pack, pack.svg_path, renderer)
    from viewer.model.storage import write_atomically

    with contextlib.suppress(OSError):
        write_atomically(path, header + encode(index), keep_backup=False)
    return index
