"""The canvas: the schematic in a view that zooms, pans, hovers and selects."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from viewer.model.labels import label, subtitle
from viewer.model.records import Kind
from viewer.model.settings import LabelLanguage
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.tiles import TiledBackground
from viewer.qt.canvas.zoom_view import ZoomView
from viewer.session import CanvasSpec, SelectionChange, Session

MIN_ZOOM, MAX_ZOOM = 0.5, 12.0  # relative to the fitted view


class CanvasView(ZoomView):
    """Shows the scene; a click selects, a drag pans, the wheel zooms about the pointer."""

    def __init__(self, scene: SchematicScene, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.schematic = scene
        self.session = session
        self.selection = session.selection
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        # The background comes from tiles per zoom level (see tiles.py), not Qt's one cached pixmap,
        # which is thrown away at every change of scale.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.tiles = TiledBackground(self, scene)
        # Every paint covers the viewport (tiles and the page colour): Qt need not clear it first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        #: False draws the background straight from the scene (a reference for the tiles).
        self.tiled = True
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAccessibleName("Schematic of the lumbosacral plexus")
        self._init_zoom()
        self._from_click = False
        self.label_language = LabelLanguage.ENGLISH
        # What is lit comes from the session alone, once per change; the selection only moves the view.
        session.canvas_changed.connect(self._on_canvas)
        self.selection.changed.connect(self._on_selection)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if not (self.tiled and self.tiles.paint(painter, QRectF(rect))):
            super().drawBackground(painter, rect)

    # ---- geometry --------------------------------------------------------
    def ensure_geometry(self) -> GeometryIndex:
        """The hit-test index, building it now if the deferred build has not run yet."""
        if self.schematic.geometry is None:
            self.schematic.set_geometry(GeometryIndex(self.schematic.pack, self.schematic.pack.svg_path, self.schematic.renderer))
        assert self.schematic.geometry is not None
        return self.schematic.geometry

    def view_pos_of(self, structure_id: str) -> QPoint:
        """Where on the viewport a user sees (and clicks) `structure_id`."""
        return self.mapFromScene(self.ensure_geometry().centre_of(structure_id))

    # ---- zoom ------------------------------------------------------------
    zoom_range = (MIN_ZOOM, MAX_ZOOM * 4)

    def _scale_changed(self) -> None:
        self.schematic.set_device_scale(self.transform().m11() * self.devicePixelRatioF())

    def zoom_to(self, rect: QRectF) -> None:
        self._auto_fit = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._scale_changed()

    # ---- what the shared view asks ------------------------------------------
    def hit_at(self, pos: QPoint) -> str | None:
        geometry = self.schematic.geometry
        return geometry.structure_at(self.mapToScene(pos)) if geometry is not None else None

    def clicked(self, hit: str | None) -> None:
        self._from_click = True
        try:
            self.session.pick(hit)  # the active mode's answer or cut, else a selection
        finally:
            self._from_click = False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.ensure_geometry()  # a click before the deferred build still hits
        super().mouseReleaseEvent(event)

    def tooltip(self, hit: str) -> str:
        if self.session.canvas().labels_hidden:
            return ""  # a tooltip would name what study mode asks
        return tooltip_text(self.schematic, hit, self.label_language)

    def _on_canvas(self, spec: CanvasSpec) -> None:
        self.schematic.show_trace(spec.trace)

    def _on_selection(self, change: SelectionChange) -> None:
        if change.current and not self._from_click and self.schematic.geometry is not None:
            box = self.schematic.geometry.boxes.get(change.current)
            if box is not None and not self.mapToScene(self.viewport().rect()).boundingRect().contains(box):
                self.centerOn(box.center())


def tooltip_text(scene: SchematicScene, structure_id: str, language: LabelLanguage = LabelLanguage.ENGLISH) -> str:
    s = scene.pack.structures[structure_id]
    kind = {Kind.SKIN: "skin territory"}.get(s.kind, s.kind.value)
    segs = ", ".join(s.segments)
    other = subtitle(s, language)
    second = f"<br><i>{other}</i>" if other else ""
    extra = " · inconstant" if s.inconstant else ""
    return f"<b>{label(s, language)}</b>{second}<br>{kind} · {segs}{extra}<br><small>Click to trace</small>"
