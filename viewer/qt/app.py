"""Starting the window: the application object, the pack, errors shown as dialogs."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from viewer import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from viewer.model.settings import Settings


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


def run_window(select: str | None, data: Path | None, svg: Path | None) -> int:
    """Open the main window; return the process exit code."""
    from viewer.assets import default_data_path, default_svg_path
    from viewer.cli import EXIT_INVALID, EXIT_OK, resolve_or_fail
    from viewer.model.errors import PackError
    from viewer.model.loader import load_pack

    data_path = data or default_data_path()
    svg_path = svg or (default_svg_path() if data is None else None)
    try:
        pack = load_pack(data_path, svg_path)
    except PackError as exc:
        lines = [str(p) for p in exc.problems]
        for line in lines:
            print(line, file=sys.stderr)
        ensure_application()
        box = pack_error_box(lines)
        if not os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
            box.exec()
        return EXIT_INVALID
    selected = resolve_or_fail(pack, select) if select else None  # a UsageError exits 2 in the caller

    from viewer.qt.window import MainWindow

    app = ensure_application()
    window = MainWindow(pack)
    load_user_settings(window)
    if selected:
        window.selection.select(selected)
    window.show()
    code = app.exec()
    return EXIT_OK if code == 0 else code


def pack_error_box(lines: list[str]) -> QMessageBox:
    """The dialog that refuses a pack: each problem on its own line, wide enough to read, selectable."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox  # only an error needs it; kept off start-up

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


def load_user_settings(window: QMainWindow) -> Settings:
    """The user's settings, read at start-up through `load_settings`.

    A corrupt settings file has been set aside (never overwritten) and the backup or the
    defaults used; the status bar says so, naming the file and where it was kept.
    """
    from viewer.model.settings import load_settings

    settings, message = load_settings()
    if message:
        print(message, file=sys.stderr)
        from PySide6.QtCore import QTimer

        # Shown once the window is up, over the caption, for 20 s.
        QTimer.singleShot(0, lambda: window.statusBar().showMessage(message, 20_000))
    return settings
