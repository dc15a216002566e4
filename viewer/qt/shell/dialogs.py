"""The window's modal dialogs behind one small seam, so tests can answer them without blocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from viewer import APP_NAME


class Dialogs:
    """What the window asks the user through modal dialogs; a test replaces this object."""

    def run(self, dialog: QDialog) -> bool:
        """Show one of the app's own dialogs (export options, preferences, About); True if accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def save_file_name(self, parent: QWidget, title: str, suggested: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path

    def folder(self, parent: QWidget, title: str, start: str) -> str:
        """A folder the user picks ("" if none)."""
        return QFileDialog.getExistingDirectory(parent, title, start)

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Print — {APP_NAME}")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def warn(self, parent: QWidget, text: str) -> None:
        QMessageBox.warning(parent, APP_NAME, text)


def pack_error_box(lines: list[str]) -> QMessageBox:
    """The dialog that refuses a pack: each problem on its own line, wide enough to read, selectable."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "This pack cannot be opened.")
    shown = lines[:12]
    more = len(lines) - len(shown)
    box.setInformativeText(
        "\n".join(shown)
        + (f"\n… and {more} more" if more else "")
        + "\n\n`plexus-viewer validate --data FILE --svg FILE` lists every problem."
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 600px; }")
    return box
