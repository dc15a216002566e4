"""Starting the window: the application object, the pack, errors shown as dialogs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

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


def run_window(
    select: str | None,
    data: Path | None,
    svg: Path | None,
    skin_svg: Path | None = None,
    *,
    present: bool = False,
    screen: int | None = None,
    lesson: Path | None = None,
) -> int:
    """Open the main window (in presentation mode, with a lesson, when asked); return the process exit code."""
    from viewer.assets import default_data_path, default_svg_path
    from viewer.cli import EXIT_INVALID, EXIT_OK, resolve_or_fail
    from viewer.model.errors import PackError
    from viewer.model.loader import load_pack

    data_path = data or default_data_path()
    svg_path = svg or (default_svg_path() if data is None else None)
    try:
        pack = load_pack(data_path, svg_path, skin_svg)
    except PackError as exc:
        lines = [str(p) for p in exc.problems]
        for line in lines:
            print(line, file=sys.stderr)
        ensure_application()
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "This pack cannot be opened.")
        box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
        if not os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
            box.exec()
        return EXIT_INVALID
    selected = resolve_or_fail(pack, select) if select else None  # a UsageError exits 2 in the caller
    opened = None
    if lesson is not None:
        from viewer.cli import EXIT_USAGE
        from viewer.model.lesson import LessonError, read_lesson

        try:
            opened = read_lesson(lesson, pack)
        except LessonError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return EXIT_USAGE

    from viewer.qt.window import MainWindow

    app = ensure_application()
    if screen is not None and not 0 <= screen < len(app.screens()):
        from viewer.cli import UsageError
        from viewer.qt.presentation import screen_names

        raise UsageError(f"--screen {screen}: no such screen; the screens are {'; '.join(screen_names())}")
    window = MainWindow(pack)
    if opened is not None:
        window.steps.open_lesson(opened)
    if selected:
        window.selection.select(selected)
    window.show()
    if present or screen is not None:
        window.presentation.enter(screen)
    code = app.exec()
    return EXIT_OK if code == 0 else code
