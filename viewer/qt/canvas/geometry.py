"""Geometry of the schematic's elements, read with svgelements, as Qt shapes.

QtSvg draws the schematic; this index tells where each structure's box and each strand
lies, for hit-testing and for drawing the lit pathway above the veil. Building it costs
more than the first frame can spare, so the window builds it after its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from PySide6.QtSvg import QSvgRenderer

from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind

#: How far beyond a thin stroke a click still counts, in scene units, each side.
HIT_SLOP = 5.0


@dataclass(frozen=True)
class StrandShape:
    link_index: int
    segment: str
    path: QPainterPath

    @cached_property
    def reach(self) -> QRectF:
        """The box within which a click may pick this strand."""
        return self.path.controlPointRect().adjusted(-HIT_SLOP, -HIT_SLOP, HIT_SLOP, HIT_SLOP)

    @cached_property
    def hit(self) -> QPainterPath:
        """The strand widened by HIT_SLOP a side, built only when a click comes near it."""
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * HIT_SLOP)
        return stroker.createStroke(self.path)


def _to_qpath(path: Any) -> QPainterPath:
    """A QPainterPath with the same segments as an svgelements Path."""
    from svgelements import Arc, Close, CubicBezier, Line, Move, QuadraticBezier

    q = QPainterPath()
    for seg in path:
        if isinstance(seg, Move):
            q.moveTo(seg.end.x, seg.end.y)
        elif isinstance(seg, Line):
            q.lineTo(seg.end.x, seg.end.y)
        elif isinstance(seg, CubicBezier):
            q.cubicTo(seg.control1.x, seg.control1.y, seg.control2.x, seg.control2.y, seg.end.x, seg.end.y)
        elif isinstance(seg, QuadraticBezier):
            q.quadTo(seg.control.x, seg.control.y, seg.end.x, seg.end.y)
        elif isinstance(seg, Arc):
            for cubic in seg.as_cubic_curves():
                q.cubicTo(cubic.control1.x, cubic.control1.y, cubic.control2.x, cubic.control2.y, cubic.end.x, cubic.end.y)
        elif isinstance(seg, Close):
            q.closeSubpath()
    return q


def wanted_strands(pack: Pack) -> dict[str, tuple[int, str]]:
    """The SVG id of every strand the pack's links draw, with its (link index, segment)."""
    return {sid: (link.index, seg) for link in pack.links for sid, seg in zip(link.strand_ids(), link.segments, strict=True)}


class GeometryIndex:
    """Boxes of structures and shapes of strands, with a topmost-first hit test."""

    def __init__(self, pack: Pack, svg_path: Path | None = None, renderer: QSvgRenderer | None = None, *, parse: bool = True) -> None:
        """Index the pack's checked schematic (`pack.svg_data`; `svg_path` is only its name),
        with the boxes from `renderer` (the scene's) or from a renderer of its own.

        `parse=False` leaves it empty, to be filled from a kept copy (see `geometry_cache`).
        """
        self.pack = pack
        #: Structure and strand ids drawn hidden (variants): never hit.
        self.hidden: frozenset[str] = frozenset()
        self.boxes: dict[str, QRectF] = {}
        self.strands: dict[tuple[int, str], StrandShape] = {}
        self.strand_ids: dict[tuple[int, str], str] = {}
        if parse:
            self._parse(renderer)
            self.order_nodes()

    def _parse(self, renderer: QSvgRenderer | None) -> None:
        pack = self.pack
        wanted = wanted_strands(pack)
        # Imported here, not at the top: svgelements is needed only after the first paint.
        from svgelements import Group
        from svgelements import Path as SvgPath

        from viewer.qt.canvas.safe_svg import svg_renderer, svgelements_document

        # Boxes come from QtSvg, which draws the schematic: exactly where it is drawn, and
        # ten times quicker than svgelements' bounding boxes of rounded corners.
        renderer = renderer or svg_renderer(pack)
        qt_boxes = {
            sid: renderer.transformForElement(sid).mapRect(renderer.boundsOnElement(sid))
            for sid in pack.structures
            if renderer.elementExists(sid)
        }
        del renderer  # before svgelements' parse: one document in memory at a time
        svg = svgelements_document(pack)
        for element in svg.elements():
            element_id = element.values.get("id") if hasattr(element, "values") else None
            if not element_id:
                continue
            if element_id in pack.structures and isinstance(element, Group):
                box = qt_boxes.get(element_id)
                if box is not None and not box.isEmpty():
                    self.boxes[element_id] = box
            elif element_id in wanted and isinstance(element, SvgPath):
                q = _to_qpath(element)
                key = wanted[element_id]
                self.strands[key] = StrandShape(key[0], key[1], q)
                self.strand_ids[key] = element_id

    def order_nodes(self) -> None:
        """The boxes in the order a click tries them (called once the boxes are in)."""
        pack = self.pack
        # A composite nerve (the sciatic) is hit on its frame, where none of its parts is;
        # a composite muscle's outlines lie far apart, so only its parts are hit.
        self._node_order = sorted(
            (i for i in self.boxes if not pack.structures[i].parts or pack.structures[i].kind is Kind.NERVE),
            key=lambda i: (bool(pack.structures[i].parts), self.boxes[i].width() * self.boxes[i].height()),
        )
        #: The same, each with its box widened by 2 units a side as left, top, right, bottom (worked
        #: out as `QRectF.adjusted(-2, -2, 2, 2)` does): a click compares numbers, not Qt rectangles.
        self._node_hits = [(i, *_widened(self.boxes[i], 2.0)) for i in self._node_order]

    def centre_of(self, structure_id: str) -> QPointF:
        """Where a user would click to pick `structure_id` (the middle of its label box)."""
        structure = self.pack.structures[structure_id]
        if structure.parts:
            box = self.boxes[structure_id]
            return QPointF(box.left() + 40, box.top() + 10)  # its title, above its parts
        return self.boxes[structure_id].center()

    def structure_at(self, point: QPointF) -> str | None:
        """The structure a click at `point` (scene units) picks, or None for empty space."""
        x, y = point.x(), point.y()
        for sid, left, top, right, bottom in self._node_hits:
            if not (left <= x <= right and top <= y <= bottom) or sid in self.hidden:
                continue
            if self.pack.structures[sid].parts and not self._on_composite_frame(sid, point):
                continue
            return sid
        best: tuple[float, str] | None = None
        for key, shape in self.strands.items():
            if self.hidden and self.strand_ids[key] in self.hidden:
                continue
            if not shape.reach.contains(point) or not shape.hit.contains(point):
                continue
            link = self.pack.links[key[0]]
            owner = link.source if self.pack.structures[link.source].kind in NERVE_KINDS else link.target
            distance = _distance_to(shape.path, point)
            if best is None or distance < best[0]:
                best = (distance, owner)
        return best[1] if best else None

    def _on_composite_frame(self, sid: str, point: QPointF) -> bool:
        return not any(self.boxes[p].adjusted(-4, -4, 4, 4).contains(point) for p in self.pack.structures[sid].parts if p in self.boxes)


def _widened(box: QRectF, by: float) -> tuple[float, float, float, float]:
    """`box.adjusted(-by, -by, by, by)` as left, top, right, bottom, with Qt's own arithmetic."""
    left, top = box.x() - by, box.y() - by
    return left, top, left + (box.width() + by + by), top + (box.height() + by + by)


def _distance_to(path: QPainterPath, point: QPointF, samples: int = 48) -> float:
    best = float("inf")
    for i in range(samples + 1):
        p = path.pointAtPercent(i / samples)
        d = (p.x() - point.x()) ** 2 + (p.y() - point.y()) ** 2
        best = min(best, d)
    return best
