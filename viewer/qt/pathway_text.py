"""The traced pathway as text, for screen readers and for anyone who prefers reading a list."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from viewer.model.pathway import pathway_lines
from viewer.model.settings import LabelLanguage
from viewer.qt.selection import SelectionChange, SelectionModel


class PathwayText(QPlainTextEdit):
    """A read-only list of what is lit: roots, then nerves outwards, then muscles and skin."""

    def __init__(self, selection: SelectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selection = selection
        self.language = LabelLanguage.ENGLISH
        self.setReadOnly(True)
        self.setObjectName("pathway_text")
        self.setAccessibleName("Pathway as text")
        self.setAccessibleDescription("What the current selection lights, from the roots to the muscles and skin, with the segments each receives")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        selection.changed.connect(self._on_selection)
        self._refresh()

    def set_label_language(self, language: LabelLanguage) -> None:
        self.language = language
        self._refresh()

    def _on_selection(self, _change: SelectionChange) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.setPlainText("\n".join(pathway_lines(self.selection.pack, self.selection.trace, self.language)))
