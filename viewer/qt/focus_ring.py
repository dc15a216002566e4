"""A visible focus ring for widgets whose style draws none (the canvas, the text panels)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

RING_WIDTH = 3


class _Ring(QWidget):
    """Drawn over its parent's edge in the theme's highlight colour while the parent has the focus."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))


class _Watcher(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.ring = _Ring(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self.ring.setGeometry(self.widget.rect())
            self.ring.raise_()
            self.ring.show()
        elif kind == QEvent.Type.FocusOut:
            self.ring.hide()
        elif kind == QEvent.Type.Resize:
            self.ring.setGeometry(self.widget.rect())
        return False


def add_focus_ring(widget: QWidget) -> None:
    """Ring `widget` in the highlight colour whenever it has the keyboard focus."""
    watcher = _Watcher(widget)
    widget.installEventFilter(watcher)
    widget.setProperty("focus_ring", True)
