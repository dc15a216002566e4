"""Read-only text panels (facts, pathway, lesion summary, localise, About) as a reader reads a document."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer.qt.focus_ring import add_focus_ring


def as_document(browser: QTextBrowser, description: str) -> QTextBrowser:
    """No accessible name in place of the text (a reader reads the text itself), a caret that
    arrow keys move; `description` says what the panel holds."""
    browser.setAccessibleName("")
    browser.setAccessibleDescription(description)
    browser.setTabChangesFocus(True)
    browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return browser


class DocumentView(QTextBrowser):
    """A read-only text panel: read with the caret; Enter follows the link the caret is on; Tab leaves
    the panel instead of walking every link."""

    def __init__(self, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        as_document(self, description)
        add_focus_ring(self)

    def link_at_caret(self) -> str:
        """The link the caret is on ("" when none)."""
        cursor = self.textCursor()
        href = cursor.charFormat().anchorHref()
        if not href and not cursor.atBlockEnd():
            cursor.movePosition(cursor.MoveOperation.NextCharacter)  # the caret sits before the link's first letter
            href = cursor.charFormat().anchorHref()
        return href

    def keyPressEvent(self, event: QKeyEvent) -> None:
        href = self.link_at_caret() if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else ""
        if not href:
            super().keyPressEvent(event)
            return
        url = QUrl(href)
        if self.openExternalLinks() and url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        else:
            self.anchorClicked.emit(url)

    def focusNextPrevChild(self, next: bool) -> bool:
        # QTextBrowser moves Tab from link to link; a sheet of forty links would trap the keyboard.
        return QWidget.focusNextPrevChild(self, next)
