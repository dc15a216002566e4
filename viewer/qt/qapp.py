"""The one QApplication: every room that draws (the window, exports, slides, worksheets) asks here."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from viewer import APP_ID, APP_NAME, __version__


def ensure_application(*, offscreen: bool = False) -> QApplication:
    """The running QApplication, creating one (offscreen when asked, or when no display)."""
    app = QCoreApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if offscreen and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Plexus Viewer")
    app.setDesktopFileName(APP_ID)
    return app
