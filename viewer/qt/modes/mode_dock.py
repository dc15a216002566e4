"""The dock a clinical mode shows its panel in, beside the facts, and that ends the mode when closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget


def tabify_with_facts(window: QMainWindow, dock: QDockWidget) -> None:
    """Put a mode's dock in a tab beside the fact panel, so it gets the panel's full height."""
    facts = window.findChild(QDockWidget, "dock_facts")
    if facts is not None and not facts.isFloating() and facts.isVisible():
        window.tabifyDockWidget(facts, dock)


class ModeDock(QDockWidget):
    """A dock that says when the user closes it, so its mode can end."""

    closed = Signal()

    @classmethod
    def beside_facts(cls, window: QMainWindow, title: str, object_name: str, panel: QWidget, on_close: Callable[[], None]) -> ModeDock:
        """A dock holding `panel`, in a tab beside the facts; closing it calls `on_close`."""
        dock = cls(title, window)
        dock.setObjectName(object_name)
        dock.setWidget(panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        tabify_with_facts(window, dock)
        dock.closed.connect(on_close)
        return dock

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
