"""Starting the window: the application object, the pack, errors shown as dialogs."""

from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler

from viewer import APP_NAME
from viewer.exit_status import EXIT_INTERNAL, EXIT_INVALID, EXIT_NO_WINDOW, EXIT_OK, EXIT_USAGE, UsageError, resolve_or_fail
from viewer.qt.qapp import ensure_application

if TYPE_CHECKING:
    pass

__all__ = ["EXIT_NO_WINDOW", "ensure_application", "run_window", "show_error"]


def no_display_reason() -> str | None:
    """Why no window can open here, when that is plain before Qt is asked (Linux without a display)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"


def _fatal_platform_handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # Qt aborts the process after a fatal message (a platform plugin that cannot load):
    # say what happened and how to fix it in words, and exit instead of dumping core.
    if kind == QtMsgType.QtFatalMsg:
        first = message.strip().splitlines()[0] if message.strip() else "Qt could not start"
        print(f"plexus-viewer: the window cannot start: {first}", file=sys.stderr)
        print(
            "plexus-viewer: on Linux, install the Qt platform libraries (Debian/Ubuntu: libxcb-cursor0 libxkbcommon-x11-0) "
            "or try QT_QPA_PLATFORM=wayland; the commands (see --help) work without a window",
            file=sys.stderr,
        )
        sys.stderr.flush()
        os._exit(EXIT_NO_WINDOW)
    elif kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtWarningMsg) and message:
        print(message, file=sys.stderr)


def show_error(title: str, text: str, detail: str = "") -> None:
    """A modal error box (suppressed in tests by PLEXUS_VIEWER_NO_DIALOGS=1)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, title)
    box.setInformativeText(text)
    if detail:
        box.setDetailedText(detail)
    if not os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
        box.exec()


def files_to_open(
    pack: str | None, data: Path | None, svg: Path | None, skin_svg: Path | None
) -> tuple[Path, Path | None, Path | None, bool, str | None]:
    """The pack the window opens: data file, schematic and skin map (None: beside the data file),
    whether to remember it as the last pack, and a notice when a remembered pack is gone.

    `--pack NAME` names a bundled pack (remembered); `--data` a pack's files (a one-off, not
    remembered); neither, the pack the window showed last, or the default pack instead of
    one that is gone (remembered, so that the notice is given once).
    """
    from viewer.assets import remembered_pack
    from viewer.exit_status import bundled_pack_or_fail

    if pack is not None:
        files = bundled_pack_or_fail(pack)
        return files.data_path, files.svg_path, files.skin_svg_path, True, None
    if data is not None:
        return data, svg, skin_svg, False, None
    from viewer.model.settings import peek_settings

    stored = peek_settings()  # (a bad file is left for the window, which sets it aside and says so)
    files, notice = remembered_pack(stored.pack if stored else None)
    return files.data_path, svg, skin_svg, notice is not None, notice


def run_window(
    select: str | None,
    data: Path | None,
    svg: Path | None,
    skin_svg: Path | None = None,
    *,
    present: bool = False,
    screen: int | None = None,
    lesson: Path | None = None,
    pack: str | None = None,
) -> int:
    """Open the main window (in presentation mode, with a lesson, when asked); return the process exit code.

    The pack is the bundled one `pack` names, else the files `data` and `svg` name, else the
    one the window showed last (the default pack if that is gone, with a one-line notice).
    """
    from viewer.model import loader
    from viewer.model.errors import PackError

    reason = no_display_reason()
    if reason and QCoreApplication.instance() is None:
        print(f"plexus-viewer: the window cannot start: {reason}; the commands (see --help) work without one", file=sys.stderr)
        return EXIT_NO_WINDOW
    if QCoreApplication.instance() is None:
        previous = qInstallMessageHandler(_fatal_platform_handler)
        ensure_application()
        qInstallMessageHandler(previous)
    data_path, svg_path, skin_svg, remember, notice = files_to_open(pack, data, svg, skin_svg)
    if notice:
        print(f"plexus-viewer: {notice}", file=sys.stderr)
    try:
        opened_pack = loader.load_pack(data_path, svg_path, skin_svg)
    except PackError as exc:
        lines = [str(p) for p in exc.problems]
        for line in lines:
            print(line, file=sys.stderr)
        ensure_application()
        from viewer.qt.shell.dialogs import pack_error_box

        box = pack_error_box(lines)
        if not os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
            box.exec()
        return EXIT_INVALID
    except Exception as exc:  # a bug while loading: one line, the details in a log, a status of its own
        from viewer.crash import internal_error_line, write_log

        gc.enable()
        line = internal_error_line(exc, write_log(exc))
        print(line, file=sys.stderr)
        ensure_application()
        show_error("Plexus Viewer met an internal error while opening the pack.", line.removeprefix("plexus-viewer: "))
        return EXIT_INTERNAL
    selected = resolve_or_fail(opened_pack, select) if select else None  # a UsageError exits 2 in the caller
    opened = None
    if lesson is not None:
        from viewer.model.lesson import LessonError, read_lesson

        try:
            opened = read_lesson(lesson, opened_pack)
        except LessonError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return EXIT_USAGE

    from viewer.qt.shell.window import MainWindow

    app = ensure_application()
    if screen is not None and not 0 <= screen < len(app.screens()):
        from viewer.qt.modes.presentation import screen_names

        raise UsageError(f"--screen {screen}: no such screen; the screens are {'; '.join(screen_names())}")
    try:
        window = MainWindow(opened_pack)
        if remember:
            window.remember_pack()  # --pack, or the default standing in for a pack that is gone
        if notice:
            window.statusBar().showMessage(notice, 30000)
        window.canvas.first_painted.connect(gc.enable)  # paused by the command line until the first frame
        if opened is not None:
            window.steps.open_lesson(opened)
        if selected:
            window.selection.select(selected)
        window.show()
        if present or screen is not None:
            window.presentation.enter(screen)
    except Exception as exc:  # a bug must not end in a silent exit: say it, keep the details for a report
        gc.enable()
        detail = traceback.format_exc()
        print(detail, file=sys.stderr)
        show_error("The window could not be opened.", f"{type(exc).__name__}: {exc}", detail)
        return EXIT_NO_WINDOW
    code = app.exec()
    return EXIT_OK if code == 0 else code
