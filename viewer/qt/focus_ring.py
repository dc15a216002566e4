"""A visible focus ring for widgets whose style draws none (the canvas, the text panels)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
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


def paint_focus_ring(widget: QWidget) -> None:
    """Draw the ring on `widget` itself (a view's viewport, from its paint event).

    A view that paints all of itself anyway draws its own ring: a see-through widget laid over
    it (`add_focus_ring`) would make every repaint of the view paint the window beneath it too.
    """
    painter = QPainter(widget)
    pen = QPen(widget.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    half = RING_WIDTH // 2
    painter.drawRect(widget.rect().adjusted(half, half, -half - 1, -half - 1))


def ring_edges(widget: QWidget) -> list[QRect]:
    """The strips of `widget` its ring covers: what to repaint when the ring comes or goes."""
    w, h, r = widget.width(), widget.height(), RING_WIDTH + 1
    return [QRect(0, 0, w, r), QRect(0, h - r, w, r), QRect(0, 0, r, h), QRect(w - r, 0, r, h)]


def add_focus_ring(widget: QWidget) -> None:
    """Ring `widget` in the highlight colour whenever it has the keyboard focus."""
    watcher = _Watcher(widget)
    widget.installEventFilter(watcher)
    widget.setProperty("focus_ring", True)
