"""The childless part of an accessible interface, shared by the objects a reader reaches on
the canvas (the structure the arrows reached) and in the text panels (a link)."""

from __future__ import annotations

from PySide6.QtGui import QAccessibleInterface


class LeafAccessible:
    """Mixed in before a Qt accessible base: the object has no children and no focused child."""

    def childCount(self) -> int:
        return 0

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return None
