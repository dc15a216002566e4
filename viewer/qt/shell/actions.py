"""The window's actions, declared once as data: id, title, menu, shortcuts, what it does,
and when it is enabled or checked (read from the session, never set by hand in handlers).
The menus, the toolbar and the tests all use this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from viewer.session import Session

if TYPE_CHECKING:
    from viewer.qt.shell.window import MainWindow


def _always(_session: Session) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec:
    """An action declared once: the menus, the toolbar and the tests all use this table."""

    id: str
    title: str
    menu: str
    shortcuts: tuple[QKeySequence | QKeySequence.StandardKey | str, ...]
    handler: Callable[[MainWindow], None]
    toolbar: bool = False
    #: An on/off setting (a checkable menu item) rather than a command.
    checkable: bool = False
    #: When the action can be used, from the session's state.
    enabled: Callable[[Session], bool] = _always
    #: For a checkable action: whether it is on, from the session's state (None: the action's own check state).
    checked: Callable[[Session], bool] | None = None


def not_studying(session: Session) -> bool:
    """Study hides the answers: no history, search or clearing while a question is asked."""
    return session.modes.active != "study"


def _can_go_back(session: Session) -> bool:
    return not_studying(session) and session.selection.can_go_back()


def _can_go_forward(session: Session) -> bool:
    return not_studying(session) and session.selection.can_go_forward()


def _mode_is(name: str) -> Callable[[Session], bool]:
    def active(session: Session) -> bool:
        return session.modes.active == name

    active.__name__ = f"{name}_active"
    return active


def _escape(w: MainWindow) -> None:
    """Escape leaves presentation mode; elsewhere it clears the selection."""
    if w.session.modes.active == "present":
        w.session.modes.leave()
    else:
        w.selection.clear()


def _toggle_skin_map(w: MainWindow) -> None:
    if w.skin_dock is None:
        return
    shown = w.actions_by_id["skin_map"].isChecked()
    if shown:
        w.setProperty("dock_widths", [w.list_dock.width(), w.fact_dock.width()])
    w.skin_dock.setVisible(shown)
    widths = w.property("dock_widths")
    if not widths:
        return
    if not shown:
        w.resizeDocks([w.list_dock, w.fact_dock], [int(v) for v in widths], Qt.Orientation.Horizontal)
    elif not w.skin_dock.isFloating():
        # Front and back views side by side need width: the map sits under the facts, and that
        # column takes about 45% of the window while the map is open (once the dock is laid out).
        def widen() -> None:
            w.resizeDocks([w.list_dock, w.skin_dock], [int(widths[0]), int(w.width() * 0.45)], Qt.Orientation.Horizontal)
            w.resizeDocks([w.fact_dock, w.skin_dock], [w.height() // 3, w.height() * 2 // 3], Qt.Orientation.Vertical)

        QTimer.singleShot(0, widen)


def _print(w: MainWindow) -> None:
    from viewer.qt.output.view_actions import print_view

    print_view(w)


def _copy_image(w: MainWindow) -> None:
    from viewer.qt.output.view_actions import copy_view

    copy_view(w)


def _export(w: MainWindow) -> None:
    from viewer.qt.output.view_actions import export_view

    export_view(w)


def _toggle_variants(w: MainWindow) -> None:
    shown = w.actions_by_id["show_variants"].isChecked()
    w.session.set_layers(show_variants=shown)
    w.appearance.update(show_variants=shown)


def _toggle_auto_frame(w: MainWindow) -> None:
    on = w.actions_by_id["auto_frame"].isChecked()
    w.canvas.auto_frame = on
    w.appearance.update(auto_frame=on)


def _toggle_divisions(w: MainWindow) -> None:
    shown = w.actions_by_id["show_divisions"].isChecked()
    w.session.set_layers(show_divisions=shown)
    w.appearance.update(show_divisions=shown)


def _step(move: str) -> Callable[[MainWindow], None]:
    def handler(w: MainWindow) -> None:
        getattr(w.steps, move)()

    return handler


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open_pack", "Open &pack…", "&File", ("Ctrl+Shift+O",), lambda w: w.open_pack_dialog()),
    ActionSpec("export_png", "&Export view (PNG, SVG, PDF)…", "&File", ("Ctrl+E",), _export),
    ActionSpec("worksheet", "Export &worksheet…", "&File", ("Ctrl+Shift+E",), lambda w: w.worksheet_dialog()),
    ActionSpec("print", "&Print…", "&File", ("Ctrl+P",), _print),
    ActionSpec("quit", "&Quit", "&File", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), lambda w: w.close()),
    ActionSpec("copy_image", "&Copy view as image", "&Edit", ("Ctrl+C",), _copy_image),
    ActionSpec("preferences", "&Preferences…", "&Edit", ("Ctrl+,",), lambda w: w.preferences()),
    ActionSpec("back", "&Back", "&Go", ("Alt+Left",), lambda w: w.selection.back(), toolbar=True, enabled=_can_go_back),
    ActionSpec("forward", "&Forward", "&Go", ("Alt+Right",), lambda w: w.selection.forward(), toolbar=True, enabled=_can_go_forward),
    ActionSpec("clear", "&Clear selection", "&Go", ("Esc",), _escape, enabled=not_studying),
    ActionSpec("search", "&Find structure…", "&Go", ("Ctrl+F",), lambda w: w.focus_search(), enabled=not_studying),
    ActionSpec("fit", "&Fit to window", "&View", ("Ctrl+0",), lambda w: w.canvas.fit(), toolbar=True),
    ActionSpec("zoom_in", "Zoom &in", "&View", ("Ctrl++", "Ctrl+="), lambda w: w.canvas.zoom_by(1.25), toolbar=True),
    ActionSpec("zoom_out", "Zoom &out", "&View", ("Ctrl+-",), lambda w: w.canvas.zoom_by(0.8), toolbar=True),
    ActionSpec("frame_selection", "Frame the &selection", "&View", ("Shift+F",), lambda w: w.canvas.frame_selection()),
    ActionSpec("auto_frame", "Follow the selection", "&View", (), _toggle_auto_frame, checkable=True),
    ActionSpec(
        "show_variants",
        "Show &variants",
        "&View",
        ("Ctrl+Shift+V",),
        _toggle_variants,
        checkable=True,
        checked=lambda s: s.layers.show_variants,
    ),
    ActionSpec(
        "show_divisions",
        "&Divisions layer",
        "&View",
        ("Ctrl+Shift+D",),
        _toggle_divisions,
        checkable=True,
        checked=lambda s: s.layers.show_divisions,
    ),
    ActionSpec(
        "lesion_mode",
        "&Lesion simulator…",
        "&Clinical",
        ("Ctrl+L",),
        lambda w: w.session.modes.toggle("lesion"),
        checkable=True,
        checked=_mode_is("lesion"),
    ),
    ActionSpec(
        "localise",
        "L&ocalise the lesion…",
        "&Clinical",
        ("Ctrl+Shift+L",),
        lambda w: w.localise_mode.start(),
        checkable=True,
        checked=_mode_is("localise"),
    ),
    ActionSpec("study_start", "&Start study session", "&Study", ("F8",), lambda w: w.study.start()),
    ActionSpec("study_stop", "&End study session", "&Study", ("Shift+F8",), lambda w: w.session.modes.leave(), enabled=_mode_is("study")),
    ActionSpec("study_reset", "&Reset progress…", "&Study", (), lambda w: w.study.reset_progress()),
    ActionSpec(
        "present",
        "&Presentation mode",
        "&Lecture",
        ("F5",),
        lambda w: w.session.modes.toggle("present"),
        checkable=True,
        checked=_mode_is("present"),
    ),
    ActionSpec("step_next", "&Next step", "&Lecture", ("PgDown", "Right", "Down", "Space"), _step("next")),
    ActionSpec("step_back", "&Previous step", "&Lecture", ("PgUp", "Left", "Up"), _step("back")),
    ActionSpec("step_first", "&Start of the pathway", "&Lecture", ("Home",), _step("first")),
    ActionSpec("step_last", "&Whole pathway", "&Lecture", ("End",), _step("last")),
    ActionSpec("open_lesson", "Open &lesson…", "&Lecture", ("Ctrl+O",), lambda w: w.presentation.open_lesson_dialog()),
    ActionSpec("blank_black", "&Black screen", "&Lecture", ("B", "."), lambda w: w.presentation.blank_screen("black")),
    ActionSpec("blank_white", "W&hite screen", "&Lecture", ("W",), lambda w: w.presentation.blank_screen("white")),
    ActionSpec("spotlight", "S&potlight", "&Lecture", ("S",), lambda w: w.presentation.toggle_spotlight()),
    ActionSpec(
        "skin_map", "&Skin map", "&View", ("Ctrl+K",), _toggle_skin_map, checkable=True, enabled=lambda s: s.pack.skin_svg_path is not None
    ),
    ActionSpec("full_screen", "F&ull screen", "&View", ("F11",), lambda w: w.toggle_full_screen()),
    ActionSpec("about", "&About Plexus Viewer", "&Help", (), lambda w: w.about()),
)
