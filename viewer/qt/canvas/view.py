"""The canvas: the schematic in a view that zooms, pans, hovers and selects."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from viewer.model.labels import label, subtitle
from viewer.model.records import Kind
from viewer.model.settings import LabelLanguage
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.zoom_view import ZoomView
from viewer.session import CanvasSpec, SelectionChange, Session

MIN_ZOOM, MAX_ZOOM = 0.5, 12.0  # relative to the fitted view
DRAG_THRESHOLD = 4


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
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Schematic of the lumbosacral plexus")
        self._init_zoom()
        self._press: QPoint | None = None
        self._dragged = False
        self._hovered: str | None = None
        self._from_click = False
        self.label_language = LabelLanguage.ENGLISH
        # What is lit comes from the session alone, once per change; the selection only moves the view.
        session.canvas_changed.connect(self._on_canvas)
        self.selection.changed.connect(self._on_selection)

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

    # ---- events ------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button == Qt.MouseButton.BackButton:
            self.selection.back()
        elif button == Qt.MouseButton.ForwardButton:
            self.selection.forward()
        elif button in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._press = event.position().toPoint()
            self._dragged = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._press is not None and event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.MiddleButton):
            delta = pos - self._press
            if self._dragged or delta.manhattanLength() > DRAG_THRESHOLD:
                self._dragged = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
                self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
                self._press = pos
            return
        self._hover(pos, event.globalPosition().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton and not self._dragged:
            hit = self.ensure_geometry().structure_at(self.mapToScene(event.position().toPoint()))
            self._from_click = True
            try:
                self.session.pick(hit)
            finally:
                self._from_click = False
        self._press = None
        self._dragged = False
        self.viewport().unsetCursor()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.selection.clear()
            return
        super().keyPressEvent(event)

    def _hover(self, pos: QPoint, global_pos: QPoint) -> None:
        geometry = self.schematic.geometry
        if geometry is None:
            return
        hit = geometry.structure_at(self.mapToScene(pos))
        if hit == self._hovered:
            return
        self._hovered = hit
        if hit is None:
            self.viewport().unsetCursor()
            QToolTip.hideText()
            return
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        spec = self.session.canvas()
        if spec.labels_hidden:
            return  # a tooltip would name what study mode asks
        QToolTip.showText(global_pos, tooltip_text(self.schematic, hit, self.label_language), self.viewport())

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
