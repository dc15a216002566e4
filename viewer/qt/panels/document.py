"""Read-only text panels (facts, pathway, lesion summary, localise, About) as a reader reads a document.

Each link in a panel is also an accessible object of its own, with the link role: a reader
finds the links as links (Orca lists them, walks them, follows one with its "Press"
action), and when the caret reaches a link the reader's focus goes to it, as in a web
page. Qt's AT-SPI bridge has no Hypertext or Hyperlink interface (it serves Accessible,
Action, Component, Text, EditableText, Value, Table, TableCell and Selection only), so the
links are children of the panel's viewport, each with its text as name, where it goes as
description, its place on screen and a "Press" action that follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRect, Qt, QUrl
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleEvent,
    QAccessibleInterface,
    QDesktopServices,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QAccessibleWidget, QScrollBar, QTextBrowser, QWidget

from viewer.qt.accessible_leaf import LeafAccessible
from viewer.qt.focus_ring import add_focus_ring

_installed = False


def as_document(browser: QTextBrowser, description: str) -> QTextBrowser:
    """No accessible name in place of the text (a reader reads the text itself), a caret that
    arrow keys move; `description` says what the panel holds."""
    browser.setAccessibleName("")
    browser.setAccessibleDescription(description)
    browser.setTabChangesFocus(True)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return browser


class GutterScrollBar(QScrollBar):
    """A text panel's vertical scroll bar, always in its place: blank, in the text's own
    background, while the text fits, and the style's bar once there is something to scroll.

    The text's width never changes as the bar comes and goes, so a sheet does not jump
    sideways between a short and a long one, and a long sheet is laid out once, not twice
    (once without the bar, then again narrower with it). A blank gutter costs nothing to
    draw, where a style's empty groove costs as much as the whole rest of the panel.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.maximum() > self.minimum():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
        painter.end()


@dataclass(frozen=True)
class Link:
    """One link of a panel's text: its words, where it goes, and the characters it spans."""

    text: str
    href: str
    start: int
    end: int


class DocumentView(QTextBrowser):
    """A read-only text panel: read with the caret; Enter follows the link the caret is on; Tab leaves
    the panel instead of walking every link; each link is exposed to a reader with the link role."""

    def __init__(self, description: str = "", parent: QWidget | None = None) -> None:
        _install()
        super().__init__(parent)
        as_document(self, description)
        add_focus_ring(self)
        self.setVerticalScrollBar(GutterScrollBar(Qt.Orientation.Vertical, self))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._links: list[Link] | None = None
        self._anchors: list[QWidget] = []  # one hidden stand-in widget per link, for its accessible object
        self._caret_link = -1
        self.textChanged.connect(self._on_text_changed)
        self.cursorPositionChanged.connect(self._on_caret)

    # ---- the links --------------------------------------------------------------------
    def links(self) -> list[Link]:
        """Every link in the text, in reading order (fragments of one link joined)."""
        if self._links is None:
            found: list[Link] = []
            block = self.document().begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    href = fragment.charFormat().anchorHref()
                    start, end = fragment.position(), fragment.position() + fragment.length()
                    if href:
                        last = found[-1] if found else None
                        if last is not None and last.href == href and last.end == start:
                            found[-1] = Link(last.text + fragment.text(), href, last.start, end)
                        else:
                            found.append(Link(fragment.text(), href, start, end))
                    it += 1
                block = block.next()
            self._links = found
        return self._links

    def link_index_at(self, position: int) -> int:
        """The index of the link at character `position` (-1: none)."""
        for i, link in enumerate(self.links()):
            if link.start <= position < link.end:
                return i
        return -1

    def link_rect(self, index: int) -> QRect:
        """Where link `index` is drawn, in the viewport's coordinates (its first line's span when it wraps)."""
        link = self.links()[index]
        cursor = self.textCursor()
        cursor.setPosition(link.start)
        first = self.cursorRect(cursor)
        cursor.setPosition(link.end)
        last = self.cursorRect(cursor)
        if last.top() == first.top():
            return first.united(last)
        return QRect(first.topLeft(), first.bottomLeft()).adjusted(0, 0, self.viewport().width() - first.left(), 0)

    def link_anchor(self, index: int) -> QWidget:
        """The hidden widget that stands for link `index` to a reader."""
        while len(self._anchors) <= index:
            anchor = QWidget()
            anchor.setObjectName("link")
            anchor.setProperty("link_index", len(self._anchors))
            anchor.setParent(self.viewport())
            anchor.hide()
            # A reader's bridge may have asked for the widget's interface while it was being made, before
            # it was a link's; Qt keeps the first one made, so make it again now that the factory knows it.
            made = QAccessible.queryAccessibleInterface(anchor)
            if made is not None and not isinstance(made, _LinkAccessible):
                QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))
            self._anchors.append(anchor)
        return self._anchors[index]

    def follow(self, href: str) -> None:
        """Follow a link as a click would: a web address in the browser, anything else to the panel's owner."""
        url = QUrl(href)
        if self.openExternalLinks() and url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        else:
            self.anchorClicked.emit(url)

    def link_at_caret(self) -> str:
        """The link the caret is on ("" when none)."""
        cursor = self.textCursor()
        href = cursor.charFormat().anchorHref()
        if not href and not cursor.atBlockEnd():
            cursor.movePosition(cursor.MoveOperation.NextCharacter)  # the caret sits before the link's first letter
            href = cursor.charFormat().anchorHref()
        return href

    def caret_link_index(self) -> int:
        """The index of the link the caret is on (-1: none), as `link_at_caret` sees it."""
        if not self.link_at_caret():
            return -1
        position = self.textCursor().position()
        found = self.link_index_at(position)
        return found if found >= 0 else self.link_index_at(position - 1)

    def _on_text_changed(self) -> None:
        self._links = None
        self._caret_link = -1
        # New text, new links: a reader drops the old ones with their objects (it keeps what it read of them).
        for anchor in self._anchors:
            anchor.deleteLater()
        self._anchors = []
        if QAccessible.isActive():
            viewport = QAccessible.queryAccessibleInterface(self.viewport())
            if viewport is not None:
                QAccessible.updateAccessibility(QAccessibleEvent(viewport, QAccessible.Event.ObjectReorder))

    def _on_caret(self) -> None:
        index = self.caret_link_index()
        if index == self._caret_link:
            return
        self._caret_link = index
        if index >= 0 and self.hasFocus() and QAccessible.isActive():
            link = QAccessible.queryAccessibleInterface(self.link_anchor(index))
            if link is not None:
                QAccessible.updateAccessibility(QAccessibleEvent(link, QAccessible.Event.Focus))

    # ---- keys ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        href = self.link_at_caret() if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else ""
        if not href:
            super().keyPressEvent(event)
            return
        self.follow(href)

    def focusNextPrevChild(self, next: bool) -> bool:
        # QTextBrowser moves Tab from link to link; a sheet of forty links would trap the keyboard.
        return QWidget.focusNextPrevChild(self, next)


class _ViewportAccessible(QAccessibleWidget):
    """A panel's viewport: Qt's widget interface, whose children are the text's links."""

    def __init__(self, viewport: QWidget, panel: DocumentView) -> None:
        super().__init__(viewport, QAccessible.Role.Client)
        self.panel = panel

    def childCount(self) -> int:
        return len(self.panel.links())

    def child(self, index: int) -> QAccessibleInterface | None:
        if 0 <= index < len(self.panel.links()):
            return QAccessible.queryAccessibleInterface(self.panel.link_anchor(index))
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        anchor = child.object() if child is not None else None
        if anchor is not None and anchor.parent() is self.panel.viewport() and anchor.objectName() == "link":
            index = anchor.property("link_index")
            return index if index < len(self.panel.links()) else -1
        return -1

    def focusChild(self) -> QAccessibleInterface | None:
        index = self.panel.caret_link_index() if self.panel.hasFocus() else -1
        return self.child(index) if index >= 0 else None


class _LinkAccessible(LeafAccessible, QAccessibleWidget):
    """One link of a panel's text, with the link role and a "Press" action that follows it."""

    def __init__(self, anchor: QWidget, panel: DocumentView) -> None:
        super().__init__(anchor, QAccessible.Role.Link)
        self.panel = panel
        self.anchor = anchor

    def _link(self) -> Link | None:
        index = self.anchor.property("link_index")
        links = self.panel.links()
        return links[index] if index < len(links) else None

    def parent(self) -> QAccessibleInterface:
        return QAccessible.queryAccessibleInterface(self.panel.viewport())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Link

    def text(self, t: QAccessible.Text) -> str:
        link = self._link()
        if link is None:
            return ""
        if t == QAccessible.Text.Name:
            return link.text
        if t == QAccessible.Text.Description:
            if QUrl(link.href).scheme() in ("http", "https"):
                return f"Opens {link.href} in your web browser"
            return "A link within the viewer"
        if t == QAccessible.Text.Value:
            return link.href
        return ""

    def rect(self) -> QRect:
        link = self._link()
        if link is None:
            return QRect()
        index = self.anchor.property("link_index")
        on_viewport = self.panel.link_rect(index).intersected(self.panel.viewport().rect())
        if on_viewport.isEmpty():
            return QRect()
        return QRect(self.panel.viewport().mapToGlobal(on_viewport.topLeft()), on_viewport.size())

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        link = self._link()
        state.focusable = True
        state.linked = True
        state.invisible = link is None or not self.panel.isVisible()
        state.offscreen = self.rect().isEmpty()
        state.focused = link is not None and self.panel.hasFocus() and self.panel.caret_link_index() == self.anchor.property("link_index")
        return state

    def actionNames(self) -> list[str]:
        return [QAccessibleActionInterface.pressAction()]

    def localizedActionDescription(self, name: str) -> str:
        return "Follow the link" if name == QAccessibleActionInterface.pressAction() else ""

    def doAction(self, name: str) -> None:
        link = self._link()
        if link is not None and name == QAccessibleActionInterface.pressAction():
            self.panel.follow(link.href)

    def keyBindingsForAction(self, name: str) -> list[str]:
        return ["Return"] if name == QAccessibleActionInterface.pressAction() else []


def _install() -> None:
    """Give every panel's viewport and link stand-ins the interfaces above (once per application)."""
    global _installed
    if _installed:
        return

    def factory(key: str, obj: QObject) -> QAccessibleInterface | None:
        parent = obj.parent() if obj is not None else None
        if isinstance(parent, DocumentView) and obj is parent.viewport():
            return _ViewportAccessible(obj, parent)  # type: ignore[arg-type]
        if obj.objectName() == "link" and parent is not None and isinstance(parent.parent(), DocumentView):
            panel = parent.parent()
            if parent is panel.viewport():  # type: ignore[union-attr]
                return _LinkAccessible(obj, panel)  # type: ignore[arg-type]
        return None

    QAccessible.installFactory(factory)
    _installed = True
