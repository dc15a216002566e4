"""The status caption stays hidden while the status bar paints a message over it, whatever the font does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QStatusBar, QWidget


class HiddenUnderMessages(QObject):
    """Keeps a status bar's normal widget hidden while a temporary message shows.

    QStatusBar hides its normal widgets for a message without marking the hide as the
    program's own; when a font change re-lays the bar out, Qt shows them again while the
    message is still painted across the bar, and the two texts are drawn over each other.
    This hides the widget again, as the bar itself would (the hide again not the program's
    own, so the bar shows it when the message goes)."""

    def __init__(self, bar: QStatusBar, widget: QWidget) -> None:
        super().__init__(widget)
        self.bar = bar
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.bar.currentMessage() and isinstance(watched, QWidget):
            watched.hide()
            watched.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
        return False
