"""The app as the AT-SPI check starts it: the real window on the real pack; writes what it shows, then runs.

Run by tests/test_atspi.py with the project's Python on the xcb platform, accessibility on.
Argument: a file to write the visible texts to (JSON), once the window is up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from viewer.assets import default_data_path
from viewer.model.loader import load_pack
from viewer.qt.panels.document import DocumentView
from viewer.qt.shell.window import MainWindow


def visible_texts(window: MainWindow) -> list[str]:
    """Every visible label's text and the first line of every visible text panel, as plain text."""
    texts = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and not label.visibleRegion().isEmpty() and label.text():
            doc = QTextDocument()
            doc.setHtml(label.text())
            texts.append(doc.toPlainText().strip())
    for panel in window.findChildren(DocumentView):
        if panel.isVisible() and not panel.visibleRegion().isEmpty():
            texts.append(panel.toPlainText().strip().splitlines()[0])
    return [t for t in texts if t]


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = MainWindow(load_pack(default_data_path()))
    window.resize(1366, 768)
    window.move(0, 0)
    window.show()
    out = Path(sys.argv[1])

    def report() -> None:
        out.write_text(json.dumps(visible_texts(window)))

    # No window manager on the test's X server: take the keyboard focus as a desktop would give it.
    QTimer.singleShot(500, window.activateWindow)
    QTimer.singleShot(1500, report)
    app.exec()


if __name__ == "__main__":
    main()
