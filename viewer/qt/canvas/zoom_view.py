"""What the schematic and the skin map share as views: fit, zoom within limits, first paint."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView


class ZoomView(QGraphicsView):
    """A view that fits its scene until the user zooms, and zooms about the pointer within limits."""

    first_painted = Signal()
    #: How far out and in the user may zoom, relative to the fitted view.
    zoom_range = (0.5, 10.0)

    def _init_zoom(self) -> None:
        self._painted = False
        self._auto_fit = True

    def fit(self) -> None:
        self._auto_fit = True
        self.resetTransform()
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._scale_changed()

    def _scale_changed(self) -> None:
        """Called after every change of scale (the schematic keeps lit strands legible)."""

    def _fit_scale(self) -> float:
        rect = self.sceneRect()
        view = self.viewport().rect()
        return min(view.width() / rect.width(), view.height() / rect.height())

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor`, about the pointer for a wheel (`anchor`), else about the middle."""
        current = self.transform().m11()
        fit = self._fit_scale()
        low, high = self.zoom_range
        factor = max(low * fit, min(high * fit, current * factor)) / current
        if abs(factor - 1) < 1e-6:
            return
        self._auto_fit = False
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._scale_changed()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.zoom_by(1.0015**delta, event.position())
        event.accept()
