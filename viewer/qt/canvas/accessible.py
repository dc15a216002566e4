"""The drawing as a reader sees it: the canvas, and the structure the arrow keys reached as its accessible child.

Qt gives a `QGraphicsView` one accessible object with no children for what it draws. The
canvas's interface (made by a factory installed once per application) adds one child: the
structure the keyboard route is on (see `viewer/session/route.py`), with its name, what it
is and its place in its row ("L4, root, 5 of 12"), where it is on screen, and the focus
while the canvas has it. Each move sends the reader a focus event for that child, so it
speaks the structure as it would a list item; the canvas's own name follows as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QAccessibleObject
from PySide6.QtWidgets import QAccessibleWidget

from viewer.qt.accessible_leaf import LeafAccessible

if TYPE_CHECKING:
    from viewer.qt.canvas.view import CanvasView

_installed = False


class FocusedStructure(LeafAccessible, QAccessibleObject):
    """The structure the arrows reached, as a child of the canvas's accessible object."""

    def __init__(self, canvas: CanvasView) -> None:
        # Its own small QObject, a child of the canvas: Qt forgets this interface when the canvas goes.
        self.anchor = QObject(canvas)
        self.anchor.setObjectName("focused structure")
        super().__init__(self.anchor)
        self.canvas = canvas

    def parent(self) -> QAccessibleInterface:
        return QAccessible.queryAccessibleInterface(self.canvas)

    def text(self, t: QAccessible.Text) -> str:
        line = self.canvas.focus_text()
        if t == QAccessible.Text.Name:
            return line
        if t == QAccessible.Text.Description:
            return "On the schematic. Arrow keys move along the pathway and across its row; Enter selects."
        return ""

    def setText(self, t: QAccessible.Text, text: str) -> None:
        pass

    def rect(self) -> QRect:
        ring = self.canvas.focus_rect()
        if ring is None:
            return QRect()
        on_viewport = self.canvas.mapFromScene(ring).boundingRect()
        top_left = self.canvas.viewport().mapToGlobal(on_viewport.topLeft())
        return QRect(top_left, on_viewport.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Graphic

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.focusable = True
        state.focused = self.canvas.hasFocus() and self.canvas.keyed_focus() is not None
        state.invisible = self.canvas.focus_rect() is None
        return state


class CanvasAccessible(QAccessibleWidget):
    """The canvas: Qt's widget interface, with the focused structure as its last child while there is one."""

    def __init__(self, canvas: CanvasView) -> None:
        super().__init__(canvas, QAccessible.Role.Client)
        self.canvas = canvas

    def _item(self) -> FocusedStructure | None:
        return self.canvas.accessible_focus() if self.canvas.keyed_focus() is not None else None

    def childCount(self) -> int:
        return super().childCount() + (1 if self._item() is not None else 0)

    def child(self, index: int) -> QAccessibleInterface | None:
        item = self._item()
        if item is not None and index == super().childCount():
            return item
        return super().child(index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        item = self._item()
        if item is not None and child is item:
            return super().childCount()
        return super().indexOfChild(child)

    def focusChild(self) -> QAccessibleInterface | None:
        item = self._item()
        if item is not None and self.canvas.hasFocus():
            return item
        return super().focusChild()


def install(canvas_class: type[QObject]) -> None:
    """Make the accessible object of every `canvas_class` widget the one above (once per application)."""
    global _installed
    if _installed:
        return

    def factory(key: str, obj: QObject) -> QAccessibleInterface | None:
        return CanvasAccessible(obj) if isinstance(obj, canvas_class) else None  # type: ignore[arg-type]

    QAccessible.installFactory(factory)
    _installed = True


def announce_focus(item: FocusedStructure) -> None:
    """Tell the reader the focus is on the structure `item` names now (its name changed with it)."""
    QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.NameChanged))
    QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.Focus))
