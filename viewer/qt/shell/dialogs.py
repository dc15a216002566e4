"""The window's modal dialogs behind one small seam, so tests can answer them without blocking."""

from __future__ import annotations

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

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Print — {APP_NAME}")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def warn(self, parent: QWidget, text: str) -> None:
        QMessageBox.warning(parent, APP_NAME, text)
