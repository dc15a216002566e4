"""The traced pathway as text, for screen readers and for anyone who prefers reading a list."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from viewer.model.pathway import pathway_lines
from viewer.model.settings import LabelLanguage
from viewer.qt.panels.document import DocumentView
from viewer.qt.panels.on_screen import on_screen
from viewer.session.selection import Selection, SelectionChange


def pathway_html(lines: list[str]) -> str:
    """The lines as headings and lists: a screen reader announces each list and its length."""
    out: list[str] = []
    in_list = False
    for n, line in enumerate(lines):
        item = line.startswith("  ")
        if item and not in_list:
            out.append("<ul style='margin-top:0; margin-left:-18px'>")
            in_list = True
        if not item and in_list:
            out.append("</ul>")
            in_list = False
        if item:
            out.append(f"<li>{escape(line.strip())}</li>")
        elif n == 0:
            out.append(f"<p><b>{escape(line)}</b></p>")
        else:
            out.append(f"<h4 style='margin-bottom:2px'>{escape(line)}</h4>")
    if in_list:
        out.append("</ul>")
    return "".join(out)


class PathwayText(DocumentView):
    """A read-only list of what is lit: roots, then nerves outwards, then muscles and skin."""

    def __init__(self, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(
            "Pathway as text: what the current selection lights, from the roots to the muscles and skin, with the segments each receives",
            parent,
        )
        self.selection = selection
        self.language = LabelLanguage.ENGLISH
        self.lines: list[str] = []
        self._stale = True
        self.setObjectName("pathway_text")
        selection.changed.connect(self._on_selection)
        self._refresh()

    def set_label_language(self, language: LabelLanguage) -> None:
        self.language = language
        self._refresh()

    def text(self) -> str:
        """The pathway as plain lines (items indented), as a screen reader's description carries it."""
        return "\n".join(self.lines)

    def _on_selection(self, _change: SelectionChange) -> None:
        self._refresh()

    def _refresh(self) -> None:
        # The lines are kept current (the caption's description reads them); the text is laid
        # out when the panel can be seen or is read, not behind another tab on every click.
        self.lines = pathway_lines(self.selection.pack, self.selection.trace, self.language)
        self._stale = True
        if on_screen(self):
            self._lay_out()

    def catch_up(self) -> None:
        """Lay out what changed while the panel could not be seen (its dock tab was raised)."""
        self._lay_out()

    def _lay_out(self) -> None:
        if self._stale:
            self._stale = False
            self.setHtml(pathway_html(self.lines))

    def showEvent(self, event: QShowEvent) -> None:
        self._lay_out()
        super().showEvent(event)

    def toPlainText(self) -> str:
        self._lay_out()
        return super().toPlainText()
