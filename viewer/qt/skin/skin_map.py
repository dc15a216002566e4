"""The skin map: dermatomes and cutaneous nerve territories, lit with the selection.

The pack's skin map SVG holds the figure (`layer-figure`, `deco-outline`) and two layers of
regions, `layer-dermatomes` and `layer-territories`. QtSvg draws the figure and the shown
layer as the background; a selection lays a veil over it and fills each lit region of
that layer above the veil in the colour of the segments that reach it, with a hatch per
segment and chips naming them, so colour is never the only cue. Like every view, it
observes the shared Selection and writes clicks back to it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QShowEvent,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QGraphicsSvgItem
from PySide6.QtWidgets import (
    QButtonGroup,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import Trace
from viewer.palette import segment_style
from viewer.qt.canvas.overlay_kit import Z, fixed_size, place, veil
from viewer.qt.canvas.overlay_kit import chip as make_chip
from viewer.qt.canvas.zoom_view import ZoomView
from viewer.session.selection import Selection, SelectionChange
from viewer.themes import LIGHT, CanvasTheme

#: Layer id in the SVG, the kind of structure it draws, and its button title.
LAYERS = {
    "dermatomes": (Kind.DERMATOME, "&Dermatomes"),
    "territories": (Kind.SKIN, "Nerve &territories"),
}
VEIL = QColor(255, 255, 255, 175)
RING = QColor("#111827")
#: A hatch per dash style of the root palette (solid, dashed, dotted): the second cue.
HATCHES = (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.CrossPattern)


@dataclass(frozen=True)
class Region:
    """A skin map region: its whole shape and its pieces (both limbs, front and back)."""

    structure_id: str
    shape: QPainterPath
    pieces: tuple[QPainterPath, ...]

    def inside_point(self) -> QPointF:
        """A point inside the region's largest piece, where a user would click it."""
        piece = max(self.pieces, key=lambda p: p.boundingRect().width() * p.boundingRect().height())
        box = piece.boundingRect()
        centre = box.center()
        if piece.contains(centre):
            return centre
        steps = 12
        best: QPointF | None = None
        for i in range(1, steps):
            for j in range(1, steps):
                p = QPointF(box.left() + box.width() * i / steps, box.top() + box.height() * j / steps)
                if piece.contains(p) and (best is None or _d2(p, centre) < _d2(best, centre)):
                    best = p
        return best if best is not None else centre


def _d2(a: QPointF, b: QPointF) -> float:
    return (a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2


def read_regions(pack: Pack, svg_path: Path) -> dict[str, Region]:
    """The region of every skin territory and dermatome in the skin map at `svg_path`.

    A region's pieces are the `<path>` elements in (or of) the element with its id. Plain
    absolute move/line paths, as the generator writes them, are read directly, which is
    about forty times faster than svgelements; any file with transforms or other path
    commands is read with svgelements instead.
    """
    from defusedxml.ElementTree import fromstring

    wanted = pack.skin_map_ids()
    root = fromstring(pack.skin_svg_data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    if any("transform" in element.attrib for element in root.iter()):
        return _read_regions_with_svgelements(pack, svg_path)
    regions: dict[str, Region] = {}
    for element in root.iter():
        element_id = element.get("id")
        if element_id not in wanted or element_id in regions:
            continue
        pieces: list[QPainterPath] = []
        for shape in element.iter():
            if shape.tag.rsplit("}", 1)[-1] != "path":
                continue
            q = _simple_path(shape.get("d", ""))
            if q is None:
                return _read_regions_with_svgelements(pack, svg_path)
            pieces.extend(_subpaths(q))
        if pieces:
            regions[element_id] = _region(element_id, pieces)
    return regions


_SIMPLE_PATH = re.compile(r"^[MLZ0-9.,\s-]*$")


def _simple_path(d: str) -> QPainterPath | None:
    """A path of absolute M, L and Z commands only, or None for anything else."""
    if not _SIMPLE_PATH.match(d):
        return None
    q = QPainterPath()
    for command, numbers in re.findall(r"([MLZ])([^MLZ]*)", d):
        values = [float(v) for v in re.split(r"[\s,]+", numbers.strip()) if v]
        if command == "Z":
            q.closeSubpath()
            continue
        if len(values) % 2:
            return None
        points = list(zip(values[0::2], values[1::2], strict=True))
        if not points:
            return None
        if command == "M":
            q.moveTo(*points[0])
            points = points[1:]
        for x, y in points:
            q.lineTo(x, y)
    return q


def _region(structure_id: str, pieces: list[QPainterPath]) -> Region:
    whole = QPainterPath()
    whole.setFillRule(Qt.FillRule.OddEvenFill)
    for piece in pieces:
        whole.addPath(piece)
    return Region(structure_id, whole, tuple(pieces))


def _read_regions_with_svgelements(pack: Pack, svg_path: Path) -> dict[str, Region]:
    from svgelements import SVG, Group
    from svgelements import Path as SvgPath

    from viewer.qt.canvas.geometry import _to_qpath

    wanted = pack.skin_map_ids()
    regions: dict[str, Region] = {}
    for element in SVG.parse(io.BytesIO(pack.skin_svg_data)).elements():
        element_id = element.values.get("id") if hasattr(element, "values") else None
        if element_id not in wanted or element_id in regions:
            continue
        shapes = [element] if isinstance(element, SvgPath) else list(element.select()) if isinstance(element, Group) else []
        pieces = []
        for shape in shapes:
            if isinstance(shape, SvgPath):
                pieces.extend(_subpaths(_to_qpath(shape)))
        if pieces:
            regions[element_id] = _region(element_id, pieces)
    return regions


def _subpaths(path: QPainterPath) -> list[QPainterPath]:
    """A path's separate pieces; a ring inside another (a hole) stays with its outer ring."""
    pieces: list[tuple[QPolygonF, QPainterPath]] = []
    for polygon in path.toSubpathPolygons():
        ring = QPainterPath()
        ring.addPolygon(polygon)
        ring.closeSubpath()
        centre = polygon.boundingRect().center()
        outer = next((piece for poly, piece in pieces if poly.containsPoint(centre, Qt.FillRule.OddEvenFill)), None)
        if outer is not None:
            outer.addPath(ring)
        else:
            ring.setFillRule(Qt.FillRule.OddEvenFill)
            pieces.append((polygon, ring))
    return [piece for _, piece in pieces]


def lit_segments_by_region(pack: Pack, trace: Trace) -> dict[str, tuple[str, ...]]:
    """For every lit skin territory and dermatome, the lit segments that reach it, in order."""
    return trace.arriving(pack, Kind.SKIN, Kind.DERMATOME)


class SkinMapScene(QGraphicsScene):
    """The figure and one layer of regions, with the lit regions above a veil."""

    def __init__(self, pack: Pack, svg_path: Path) -> None:
        super().__init__()
        self.pack = pack
        # The bytes the safety check passed, never the file.
        self.renderer = QSvgRenderer(QByteArray(pack.skin_svg_data))
        self.svg_path = svg_path
        self.setSceneRect(self.renderer.viewBoxF())
        self.layer = "dermatomes"
        self.regions: dict[str, Region] | None = None
        self._trace: Trace | None = None
        self._overlay: list[QGraphicsItem] = []
        self.lit_regions: list[str] = []
        self.veil = veil(self.sceneRect(), VEIL.name(), VEIL.alpha())
        self.veil.setVisible(False)
        self.addItem(self.veil)
        self._styles = {seg: segment_style(i) for i, seg in enumerate(pack.segments)}
        self.theme = LIGHT

    def set_theme(self, theme: CanvasTheme) -> None:
        """Draw the figure in `theme`'s colours (the root colours of lit regions stay)."""
        if theme == self.theme:
            return
        self.theme = theme
        # The file passed the hostile-input checks when the pack was loaded.
        self.renderer.load(QByteArray(theme.recolour_svg(self.pack.skin_svg_data)))
        page = QColor(theme.background)
        page.setAlpha(VEIL.alpha())
        self.veil.setBrush(QBrush(page))
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.show_trace(self._trace)

    def layer_kind(self, layer: str | None = None) -> Kind:
        return LAYERS[layer or self.layer][0]

    def ensure_regions(self) -> dict[str, Region]:
        """The region shapes, reading them now if they have not been read yet."""
        if self.regions is None:
            self.regions = read_regions(self.pack, self.svg_path)
            self.show_trace(self._trace)
        return self.regions

    def set_layer(self, layer: str) -> None:
        if layer == self.layer:
            return
        self.layer = layer
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)
        self.show_trace(self._trace)

    def _render_element(self, painter: QPainter, element_id: str) -> None:
        if self.renderer.elementExists(element_id):
            bounds = self.renderer.transformForElement(element_id).mapRect(self.renderer.boundsOnElement(element_id))
            self.renderer.render(painter, element_id, bounds)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, QColor(self.theme.background))
        for element_id in ("layer-figure", f"layer-{self.layer}", "deco-outline", f"layer-{self.layer}-labels"):
            self._render_element(painter, element_id)

    @property
    def lit(self) -> Trace | None:
        return self._trace

    def region_at(self, point: QPointF) -> str | None:
        """The region of the shown layer under `point` (the smallest, where they overlap)."""
        kind = self.layer_kind()
        best: tuple[float, str] | None = None
        for sid, region in self.ensure_regions().items():
            if self.pack.structures[sid].kind is not kind:
                continue
            box = region.shape.boundingRect()
            if not box.contains(point) or not region.shape.contains(point):
                continue
            for piece in region.pieces:
                if piece.contains(point):
                    area = piece.boundingRect().width() * piece.boundingRect().height()
                    if best is None or area < best[0]:
                        best = (area, sid)
        return best[1] if best else None

    def show_trace(self, trace: Trace | None) -> None:
        for item in self._overlay:
            self.removeItem(item)
        self._overlay.clear()
        self.lit_regions = []
        self._trace = trace
        self.veil.setVisible(trace is not None)
        if trace is None or self.regions is None:
            return
        kind = self.layer_kind()
        arriving = lit_segments_by_region(self.pack, trace)
        for sid in self.pack.structures:
            if sid not in trace.structures or self.pack.structures[sid].kind is not kind or sid not in self.regions:
                continue
            segments = arriving.get(sid) or self.pack.structures[sid].segments
            self._light(self.regions[sid], segments, selected=sid == trace.selected)
            self.lit_regions.append(sid)
        # The outline and every label stay clear above the veil, so the map keeps its bearings.
        self._add(self._svg_item("deco-outline", Z.OUTLINE))
        if self.renderer.elementExists(f"layer-{self.layer}-labels"):
            self._add(self._svg_item(f"layer-{self.layer}-labels", Z.LABELS))

    def _light(self, region: Region, segments: tuple[str, ...], *, selected: bool) -> None:
        first, _ = self._styles[segments[0]]
        fill = QColor(first)
        fill.setAlpha(150)
        base = QGraphicsPathItem(region.shape)
        base.setBrush(QBrush(fill))
        pen = QPen(RING if selected else QColor(first).darker(150), 3.0 if selected else 1.6)
        pen.setCosmetic(True)
        base.setPen(pen)
        base.setZValue(Z.REGIONS)
        self._add(base)
        for segment in segments:
            colour, dashes = self._styles[segment]
            style_index = 0 if not dashes else (1 if dashes[0] > 2 else 2)
            hatch = QGraphicsPathItem(region.shape)
            brush = QBrush(QColor(colour).darker(160), HATCHES[style_index])
            hatch.setBrush(brush)
            hatch.setPen(Qt.PenStyle.NoPen)
            hatch.setZValue(Z.REGIONS + 0.1)
            self._add(hatch)
        self._add_chips(region, segments)

    def _add_chips(self, region: Region, segments: tuple[str, ...]) -> None:
        """Chips naming the segments, at screen size, inside the region's larger pieces."""
        areas = [(p.boundingRect().width() * p.boundingRect().height(), p) for p in region.pieces]
        largest = max(a for a, _ in areas)
        for area, piece in areas:
            if area < 0.35 * largest:
                continue
            at = Region(region.structure_id, piece, (piece,)).inside_point()
            chips = [
                make_chip(segment, QColor(self._styles[segment][0]).darker(135), pixels=12, height=18, outline=QPen(QColor("#ffffff"), 1))
                for segment in segments
            ]
            x = -(sum(rect.rect().width() for rect, _ in chips) + 2 * (len(chips) - 1)) / 2
            for made in chips:
                width = made[0].rect().width()
                place(made, x, 6, Z.SKIN_CHIPS)
                # Chips keep their size on screen however far the map is zoomed out.
                chip = fixed_size(made)
                chip.setPos(at)
                self._add(chip)
                x += width + 2

    def _svg_item(self, element_id: str, z: float) -> QGraphicsSvgItem:
        item = QGraphicsSvgItem()
        item.setSharedRenderer(self.renderer)
        item.setElementId(element_id)
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        bounds = self.renderer.boundsOnElement(element_id)
        item.setTransform(QTransform(self.renderer.transformForElement(element_id)) * QTransform.fromTranslate(bounds.x(), bounds.y()))
        item.setZValue(z)
        return item

    def _add(self, item: QGraphicsItem) -> None:
        self.addItem(item)
        self._overlay.append(item)


class SkinMapView(ZoomView):
    """Shows the skin map; a click selects a region, the wheel zooms, a drag pans."""

    def __init__(self, scene: SkinMapScene, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.skin = scene
        self.selection = selection
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAccessibleName("Skin map: dermatomes and cutaneous nerve territories")
        self._init_zoom()

    def view_pos_of(self, structure_id: str) -> QPoint:
        """Where on the viewport a user sees (and clicks) the region of `structure_id`."""
        return self.mapFromScene(self.skin.ensure_regions()[structure_id].inside_point())

    zoom_range = (0.8, 10.0)

    def hit_at(self, pos: QPoint) -> str | None:
        return self.skin.region_at(self.mapToScene(pos)) if self.skin.regions is not None else None

    def tooltip(self, hit: str) -> str:
        return region_tooltip(self.skin.pack, hit)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.skin.ensure_regions()  # a click before the regions are read still hits
        super().mouseReleaseEvent(event)


def region_tooltip(pack: Pack, structure_id: str) -> str:
    s = pack.structures[structure_id]
    nerves = ", ".join(pack.structures[link.source].name for link in pack.incoming[structure_id])
    kind = "dermatome" if s.kind is Kind.DERMATOME else "skin territory"
    via = f"<br>from {nerves}" if nerves and s.kind is Kind.SKIN else ""
    return f"<b>{s.name}</b><br>{kind} · {', '.join(s.segments)}{via}<br><small>Click to trace</small>"


class SkinMapPanel(QWidget):
    """The skin map dock's contents: the layer switch, the map, and a line saying what is lit."""

    def __init__(self, selection: Selection, svg_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selection = selection
        self.pack = selection.pack
        self.scene = SkinMapScene(self.pack, svg_path)
        self.view = SkinMapView(self.scene, selection, self)
        self.buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for layer, (_kind, title) in LAYERS.items():
            button = QToolButton(self)
            button.setText(title)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.toggled.connect(lambda on, layer=layer: on and self.show_layer(layer))
            group.addButton(button)
            row.addWidget(button)
            self.buttons[layer] = button
        row.addStretch(1)
        self.status = QLabel(self)
        self.status.setAccessibleName("What the skin map shows lit")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.buttons[self.scene.layer].setChecked(True)
        # Reading the region shapes costs a few frames: do it just after the map first shows.
        self.view.first_painted.connect(lambda: QTimer.singleShot(0, self.scene.ensure_regions))
        #: A selection made while the map was hidden, drawn when it shows.
        self._stale = selection.current is not None
        selection.changed.connect(self._on_selection)
        self._update_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._show_selection(self.selection.current, self.selection.trace)

    def show_layer(self, layer: str) -> None:
        self.buttons[layer].setChecked(True)
        self.scene.set_layer(layer)
        self.view.resetCachedContent()
        self.view.viewport().update()
        self._update_status()

    def _on_selection(self, change: SelectionChange) -> None:
        if not self.isVisible():
            self._stale = True  # a hidden map does no work; it catches up when it shows
            return
        self._show_selection(change.current, change.trace)

    def _show_selection(self, current: str | None, trace: Trace | None) -> None:
        if current is not None and trace is not None:
            kind = self.pack.structures[current].kind
            for layer, (layer_kind, _title) in LAYERS.items():
                if kind is layer_kind and layer != self.scene.layer:
                    self.show_layer(layer)
            # A nerve reaches nerve territories, never dermatomes: show the layer that has
            # something lit rather than an empty one.
            shown_kind = LAYERS[self.scene.layer][0]
            if not trace.lit_of_kind(self.pack, shown_kind):
                for layer, (layer_kind, _title) in LAYERS.items():
                    if trace.lit_of_kind(self.pack, layer_kind):
                        self.show_layer(layer)
                        break
        self.scene.show_trace(trace)
        self._update_status()

    def _update_status(self) -> None:
        trace = self.scene.lit
        if trace is None:
            self.status.setText("Click a region, or any root or nerve, to see the skin it reaches.")
            return
        dermatomes = len(trace.lit_of_kind(self.pack, Kind.DERMATOME))
        territories = len(trace.lit_of_kind(self.pack, Kind.SKIN))
        counts = [
            f"{dermatomes} dermatome{'s' if dermatomes != 1 else ''}",
            f"{territories} nerve territor{'ies' if territories != 1 else 'y'}",
        ]
        shown = LAYERS[self.scene.layer][1].replace("&", "")
        self.status.setText(f"Lit: {', '.join(counts)} — showing {shown.lower()}.")
