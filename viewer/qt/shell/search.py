"""The toolbar's find field: ranked suggestions while typing, forgiving misspellings.

The ranking is the Qt-free `NameIndex.suggestions`; this module only shows it. Each row
says which name matched ("Common fibular nerve — synonym: peroneal nerve"); Enter takes
the highlighted row, or the top one; a word that only vaguely resembles names leaves the
choices open instead of selecting something.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from viewer.model.names import NameIndex, Suggestion

#: The structure id a suggestion row stands for.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows shown at once.
LIMIT = 8


class FindSuggestions(QObject):
    """Fills a popup under `field` with suggestions as the user types, and selects what is chosen."""

    def __init__(
        self,
        field: QLineEdit,
        names: Callable[[], NameIndex],
        select: Callable[[str], None],
        say: Callable[[str], None],
    ) -> None:
        super().__init__(field)
        self.field = field
        self._names = names
        self._select = select
        self._say = say
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        # The rows are ranked here; the completer only shows them and handles the keys.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(field)
        self.completer.setMaxVisibleItems(LIMIT)
        self.completer.activated[QModelIndex].connect(self._chosen)
        self.completer.popup().setAccessibleName("Suggestions")
        field.textEdited.connect(self.offer)
        field.returnPressed.connect(self._enter)

    # ---- showing -------------------------------------------------------------------
    def rows(self) -> list[str]:
        """The suggestions the popup lists, top first (for tests and screen readers)."""
        return [self.model.item(r).text() for r in range(self.model.rowCount())]

    def ids(self) -> list[str]:
        return [self.model.item(r).data(ID_ROLE) for r in range(self.model.rowCount())]

    def enter_takes(self) -> str | None:
        """The id of the row shown as Enter's choice (bold), if any."""
        top = self.model.item(0)
        return top.data(ID_ROLE) if top is not None and top.font().bold() else None

    def offer(self, text: str, suggestions: tuple[Suggestion, ...] | None = None, chosen: str | None = None) -> None:
        """List the suggestions for `text` under the field, or hide the list when there are none.

        The row Enter would take, if any, is bold.
        """
        if suggestions is None:
            chosen, suggestions = self._names().choose(text) if text.strip() else (None, ())
        self.model.clear()
        for rank, found in enumerate(suggestions):
            item = QStandardItem(found.label)
            item.setData(found.id, ID_ROLE)
            item.setEditable(False)
            item.setToolTip(found.label)
            if rank == 0 and found.id == chosen:  # Enter takes this one
                font = QFont(self.field.font())
                font.setBold(True)
                item.setFont(font)
            self.model.appendRow(item)
        popup = self.completer.popup()
        if not suggestions:
            popup.hide()
            return
        self.completer.complete()
        popup.setCurrentIndex(QModelIndex())  # nothing highlighted until an arrow key

    def shown(self) -> bool:
        return self.completer.popup().isVisible()

    # ---- choosing ------------------------------------------------------------------
    def _enter(self) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer takes the highlighted row (activated)
        self.find(self.field.text())

    def find(self, text: str) -> None:
        """Select what `text` names, or its clear top suggestion; otherwise offer the choices."""
        if not text.strip():
            return
        chosen, offered = self._names().choose(text)
        if chosen is not None:
            self._take(chosen)
            return
        if offered:
            # after this key press: the completer hides its popup once Enter has been handled
            QTimer.singleShot(0, lambda: self.offer(text, offered))
            self._say(f"No structure called “{text.strip()}”. Did you mean one of these? (arrows and Enter, or click)")
        else:
            self.completer.popup().hide()
            self._say(f"No structure called “{text.strip()}”.")

    def _chosen(self, index: QModelIndex) -> None:
        sid = index.data(ID_ROLE)
        if sid:
            self._take(sid)

    def _take(self, sid: str) -> None:
        self.completer.popup().hide()
        self._select(sid)
        self.field.setText(self._names().pack.structures[sid].name)
