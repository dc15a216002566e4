"""What the schematic and the skin map share as views: fit, zoom within limits, first paint,
and the hand's ways of moving about them — a click picks, a drag pans, the wheel zooms about
the pointer, the mouse's side buttons go back and forward, Escape clears.

A view says what lies under a point (`hit_at`), what a click on it means (`clicked`) and what
its tooltip says (`tooltip`); the rest is here, once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip, QWidget

from viewer.qt.focus_ring import paint_focus_ring, ring_edges
from viewer.session.selection import Selection

#: How far (in pixels) the pointer may move with a button down before a click becomes a drag.
DRAG_THRESHOLD = 4
#: Room around the drawing, in viewport sizes, to move it about (see `leave_room`).
ROOM = 0.9
#: Scale factor per unit of wheel angle (120 units a notch: about 20% a notch).
WHEEL_STEP = 1.0015


class ZoomView(QGraphicsView):
    """A view that fits its scene until the user zooms, and zooms about the pointer within limits."""

    first_painted = Signal()

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # The viewport is a widget made here, not the one Qt makes: PySide6 meets a widget made in
        # C++ by trying every widget class it knows, and the first such meeting builds them all
        # (message boxes, file and colour dialogs, wizards: about 10 ms before the first frame).
        self.setViewport(QWidget())

    #: How far out and in the user may zoom, relative to the fitted view.
    zoom_range = (0.5, 10.0)
    #: The selection that clicks, Back/Forward and Escape act on (set by the view).
    selection: Selection
    #: Whether the view draws a focus ring round itself while it has the keyboard focus.
    shows_focus = False

    def _init_zoom(self) -> None:
        self._painted = False
        self._auto_fit = True
        self._press: QPoint | None = None
        self._dragged = False
        self._hovered: str | None = None
        #: Set while another owner (presentation mode) decides the view's scene rectangle.
        self._room_pinned = False
        # Zooming is about an explicit point (see zoom_by): Qt's own anchor is never consulted.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # ---- what each view says -------------------------------------------------------
    def hit_at(self, pos: QPoint) -> str | None:
        """The structure drawn under viewport position `pos`, if it can be told yet."""
        return None

    def clicked(self, hit: str | None) -> None:
        """A click (not a drag) on `hit` (None: empty space)."""
        self.selection.select(hit)

    def tooltip(self, hit: str) -> str:
        """The tooltip for `hit` ("" for none)."""
        return ""

    # ---- fit and zoom -----------------------------------------------------------------
    def drawing(self) -> QRectF:
        """The drawing's own rectangle (the view's scene rectangle adds room to move it about)."""
        return self.scene().sceneRect()

    def fit(self) -> None:
        """The whole drawing in view, and no scroll bars: there is nothing to scroll to."""
        self._auto_fit = True
        self.resetTransform()
        if not self._room_pinned:
            self.setSceneRect(self.drawing())
        self.fitInView(self.drawing(), Qt.AspectRatioMode.KeepAspectRatio)
        self._scale_changed()

    def leave_room(self) -> None:
        """Once zoomed, let any point of the drawing be brought under any point of the viewport.

        Without this room a drawing smaller than the view is pinned to its middle, and zooming
        about the pointer or dragging near an edge would slide it away from the hand.
        """
        if self._room_pinned or self._auto_fit:
            return
        scale = self.transform().m11() or 1.0
        view = self.viewport().rect()
        mx, my = ROOM * view.width() / scale, ROOM * view.height() / scale
        self.setSceneRect(self.drawing().adjusted(-mx, -my, mx, my))

    def _scale_changed(self) -> None:
        """Called after every change of scale (the schematic keeps lit strands legible)."""

    def _before_first_paint(self) -> None:
        """Called once, just before the view is first painted."""

    def _fit_scale(self) -> float:
        rect = self.drawing()
        view = self.viewport().rect()
        return min(view.width() / rect.width(), view.height() / rect.height())

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor` (within the limits) keeping the scene point under viewport position
        `anchor` where it is: the pointer for a wheel or a pinch, the middle of the view for a key."""
        current = self.transform().m11()
        fit = self._fit_scale()
        low, high = self.zoom_range
        factor = max(low * fit, min(high * fit, current * factor)) / current
        if abs(factor - 1) < 1e-6:
            return
        self._auto_fit = False
        at = QPointF(self.viewport().rect().center()) if anchor is None else QPointF(anchor)
        inverse, _ok = self.viewportTransform().inverted()
        fixed = inverse.map(at)  # the scene point under `at`, to sub-pixel precision
        # The whole viewport is drawn afresh: without this each scroll below would first move
        # the old picture about in the window's backing store (~4 ms a time at 4K).
        viewport = self.viewport()
        viewport.setUpdatesEnabled(False)
        try:
            self.scale(factor, factor)
            self.leave_room()
            # Scroll so that the scene point that was under `at` is under it again.
            drift = self.viewportTransform().map(fixed) - at
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(drift.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(drift.y()))
        finally:
            viewport.setUpdatesEnabled(True)
        viewport.update()
        self._scale_changed()

    def scroll_by(self, dx: int, dy: int) -> None:
        """Scroll the view by (dx, dy) pixels, moving the picture in the window once rather than once per scroll bar."""
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        x, y = h.value(), v.value()
        mode = self.viewportUpdateMode()
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        try:
            h.setValue(x + dx)
            v.setValue(y + dy)
        finally:
            self.setViewportUpdateMode(mode)
        moved_x, moved_y = h.value() - x, v.value() - y
        if moved_x or moved_y:
            self.viewport().scroll(-moved_x, -moved_y)  # what was on screen moves; only the strips it uncovers are drawn
            if self.shows_focus and self.hasFocus():
                self._update_ring()  # the ring moved with the picture: it is drawn again where it belongs

    # ---- events -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._painted:
            self._before_first_paint()
        super().paintEvent(event)
        if self.shows_focus and self.hasFocus():
            paint_focus_ring(self.viewport())
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._update_ring()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._update_ring()

    def _update_ring(self) -> None:
        if self.shows_focus:
            viewport = self.viewport()
            for strip in ring_edges(viewport):
                viewport.update(strip)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()
        else:
            self.leave_room()

    def viewportEvent(self, event: QEvent) -> bool:
        # A touchpad's pinch arrives as a native zoom gesture: zoom about the fingers.
        if event.type() == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:  # type: ignore[attr-defined]
            self.zoom_by(1.0 + event.value(), event.position())  # type: ignore[attr-defined]
            event.accept()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.zoom_by(WHEEL_STEP**delta, event.position())
        event.accept()

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
                self.scroll_by(-delta.x(), -delta.y())
                self._press = pos
            return
        hit = self.hit_at(pos)
        if hit == self._hovered:
            return
        self._hovered = hit
        if hit is None:
            self.viewport().unsetCursor()
            QToolTip.hideText()
            return
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        text = self.tooltip(hit)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self.viewport())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton and not self._dragged:
            self.clicked(self.hit_at(event.position().toPoint()))
        self._press = None
        self._dragged = False
        self.viewport().unsetCursor()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.selection.clear()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
