"""The main window: canvas, fact panel, structure list, search and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from viewer import APP_NAME
from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.qt.shell import view_toggles as layers
from viewer.qt.shell.appearance import Appearance
from viewer.qt.canvas.view import CanvasView
from viewer.qt.panels.fact_panel import FactPanel
from viewer.qt.modes.presentation import PresentationMode
from viewer.qt.canvas.safe_svg import svg_renderer
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.shell.selection import SelectionChange, SelectionModel
from viewer.qt.shell.stepping import StepState
from viewer.qt.panels.structure_list import StructureList

if TYPE_CHECKING:
    from viewer.qt.shell.dialogs import Dialogs
    from viewer.qt.modes.lesion import LesionMode
    from viewer.qt.modes.localise import LocaliseMode
    from viewer.qt.skin.skin_map import SkinMapPanel
    from viewer.qt.modes.study import StudyMode


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


def caption_for(pack: Pack, change: SelectionChange) -> str:
    """One line saying what is lit, for the status bar."""
    if change.current is None or change.trace is None:
        return "Click a root, nerve or muscle to trace it segment by segment."
    s = pack.structures[change.current]
    t = change.trace
    segs = ", ".join(t.lit_segments(pack))
    nerves = len(t.lit_nerves(pack))
    muscles = len(t.lit_of_kind(pack, Kind.MUSCLE))
    skin = len(t.lit_of_kind(pack, Kind.SKIN))
    counts = ", ".join(
        _plural(n, word)
        for n, word in (
            (nerves, "nerve or branch|nerves and branches"),
            (muscles, "muscle|muscles"),
            (skin, "skin territory|skin territories"),
        )
    )
    dermatomes = len(t.lit_of_kind(pack, Kind.DERMATOME))
    if dermatomes:
        counts += ", " + _plural(dermatomes, "dermatome|dermatomes")
    return f"{s.name}: segments {segs} — {counts} lit"


def _plural(n: int, forms: str) -> str:
    one, many = forms.split("|")
    return f"{n} {one if n == 1 else many}"


class MainWindow(QMainWindow):
    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack
        #: The user's settings, loaded once here and changed only through `appearance.update`.
        self.appearance = Appearance(self)
        self.setWindowTitle(f"{pack.title} — {APP_NAME}")
        self.selection = SelectionModel(pack, self)
        self.renderer = svg_renderer(pack, self)
        self.scene = SchematicScene(pack, self.renderer)
        self.canvas = CanvasView(self.scene, self.selection, self)
        self.setCentralWidget(self.canvas)

        self.structure_list = StructureList(self.selection)
        self.list_dock = self._dock("Structures", self.structure_list, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.fact_panel = FactPanel(self.selection)
        self.fact_dock = self._dock("Facts", self.fact_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.fact_dock], [400], Qt.Orientation.Horizontal)  # room for sources and disputes
        # The clinical and study modes, the skin map and the dialogs are built when first
        # used (see the properties below): none of them shows in the first frame.

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find: root, nerve, muscle, Latin name… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a structure")
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(460)
        self.search.returnPressed.connect(lambda: self.find_structure(self.search.text()))

        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        if pack.skin_svg_path is None:
            self.actions_by_id["skin_map"].setEnabled(False)
        self.caption = QLabel(self)
        self.caption.setAccessibleName("What is lit")
        self.statusBar().addWidget(self.caption, 1)
        self.selection.changed.connect(self._on_selection)
        self.selection.history_changed.connect(self._update_history_actions)
        self._update_history_actions()
        self._on_selection(SelectionChange(None, None, None))
        layers.apply_settings(self, self.appearance.settings)
        self.steps = StepState(pack, self.selection, self)
        self.presentation = PresentationMode(self)
        self.canvas.first_painted.connect(self._after_first_paint)
        self.actions_by_id["study_stop"].setEnabled(False)
        screen = self.screen().availableGeometry()
        self.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))
        from viewer.qt.shell import desktop_integration as desktop

        desktop.install(self)  # settings, icon, pathway text, focus order, saved frame

    # ---- parts built on first use ---------------------------------------------------
    def built(self, name: str) -> Any | None:
        """The part `name` (e.g. "study", "skin_map") if it has been built, else None; never builds it."""
        return self.__dict__.get(name)

    @cached_property
    def lesion_mode(self) -> LesionMode:
        from viewer.qt.modes.lesion import LesionMode

        mode = LesionMode(self, self.pack, self.scene, self.selection, self.canvas)
        mode.before_enter.append(lambda: self._leave("localise_mode"))
        return mode

    @cached_property
    def localise_mode(self) -> LocaliseMode:
        from viewer.qt.modes.localise import LocaliseMode

        mode = LocaliseMode(self, self.pack, self.scene, self.selection, self.canvas, self.lesion_mode)
        mode.before_enter.append(lambda: self._leave("lesion_mode"))
        return mode

    def _leave(self, name: str) -> None:
        mode = self.built(name)
        if mode is not None:
            mode.leave()

    @cached_property
    def study(self) -> StudyMode:
        from viewer.qt.modes.study import StudyMode

        study = StudyMode(self, self.canvas, self.scene)
        study.active_changed.connect(self._on_study_mode)
        return study

    @cached_property
    def skin_dock(self) -> QDockWidget | None:
        """The skin map's dock (None when the pack has no skin map), built hidden when first asked for."""
        if self.pack.skin_svg_path is None:
            return None
        from viewer.qt.skin.skin_map import SkinMapPanel

        panel = SkinMapPanel(self.selection, self.pack.skin_svg_path)
        panel.scene.set_theme(self.appearance.canvas_theme())
        dock = QDockWidget("Skin map", self)
        dock.setObjectName("dock_skin map")
        dock.setWidget(panel)
        dock.hide()  # before it joins the layout, so that it never flashes up
        # Under the facts (splitting the facts' dock would make the map one more tab of
        # their group, beside the pathway text).
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Vertical)
        dock.visibilityChanged.connect(self.actions_by_id["skin_map"].setChecked)
        self._skin_panel = panel
        return dock

    @property
    def skin_map(self) -> SkinMapPanel | None:
        return self._skin_panel if self.skin_dock is not None else None

    @cached_property
    def dialogs(self) -> Dialogs:
        """The modal dialogs (a test puts its own in their place)."""
        from viewer.qt.shell.dialogs import Dialogs

        return Dialogs()

    def closeEvent(self, event: QCloseEvent) -> None:
        from viewer.qt.shell.desktop_integration import remember_geometry

        remember_geometry(self)
        super().closeEvent(event)

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        menus: dict[str, object] = {}
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("toolbar_main")
        for spec in ACTIONS:
            action = QAction(spec.title, self)
            action.setObjectName(spec.id)
            action.setCheckable(spec.checkable)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, spec=spec: spec.handler(self))
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)  # type: ignore[attr-defined]
            if spec.toolbar:
                toolbar.addAction(action)
            self.actions_by_id[spec.id] = action
        view_menu = menus["&View"]
        view_menu.addSeparator()  # type: ignore[attr-defined]
        view_menu.addAction(self.list_dock.toggleViewAction())  # type: ignore[attr-defined]
        view_menu.addAction(self.fact_dock.toggleViewAction())  # type: ignore[attr-defined]
        toolbar.addSeparator()
        toolbar.addWidget(self.search)

    def mode_owns_canvas(self) -> bool:
        """Whether study, lesion or localise mode is drawing on the canvas instead of the selection's trace."""
        return any(mode is not None and mode.active for mode in map(self.built, ("study", "lesion_mode", "localise_mode")))

    def trigger(self, action_id: str) -> None:
        self.actions_by_id[action_id].trigger()

    def _after_first_paint(self) -> None:
        # The svgelements parse costs more than a frame: keep it off the first paint, with
        # the structure list's rows and the search's completions, which fill in the very
        # next turn of the event loop, before anyone can reach them.
        QTimer.singleShot(0, self.structure_list.populate)
        QTimer.singleShot(0, self._add_completer)
        QTimer.singleShot(0, self.canvas.ensure_geometry)

    @cached_property
    def names(self) -> NameIndex:
        """Every name of every structure, built on the first search."""
        return NameIndex(self.pack)

    def _add_completer(self) -> None:
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QCompleter

        pack = self.pack
        completions = sorted({n for s in pack.structures.values() for n in (s.name, s.latin, *s.synonyms) if n}, key=str.casefold)
        completer = QCompleter(QStringListModel(completions, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.setCompleter(completer)
        completer.activated.connect(self.find_structure)

    def _update_history_actions(self) -> None:
        self.actions_by_id["back"].setEnabled(self.selection.can_go_back())
        self.actions_by_id["forward"].setEnabled(self.selection.can_go_forward())

    def _on_selection(self, change: SelectionChange) -> None:
        self.caption.setText(caption_for(self.pack, change))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def find_structure(self, text: str) -> None:
        found = self.names.resolve(text)
        if found.match:
            self.selection.select(found.match)
            return
        if found.candidates:
            names = ", ".join(self.pack.structures[c].name for c in found.candidates)
            self.statusBar().showMessage(f"Did you mean: {names}?", 8000)
        else:
            self.statusBar().showMessage(f"No structure called “{text}”.", 8000)

    def export_dialog(self) -> None:
        from viewer.qt.output.view_actions import export_view

        export_view(self)

    def preferences(self) -> None:
        from viewer.qt.shell.preferences import PreferencesDialog

        self.dialogs.run(PreferencesDialog(self.appearance, self))

    def _on_study_mode(self, active: bool) -> None:
        if active:
            self.selection.clear()
        self.search.setEnabled(not active)
        for action_id in ("back", "forward", "clear", "search"):
            self.actions_by_id[action_id].setEnabled(not active)
        if not active:
            self._update_history_actions()
        self.actions_by_id["study_stop"].setEnabled(active)
        if active:
            self.caption.setText("Study mode: labels are hidden; answer in the Study panel. Shift+F8 ends the session.")
        else:
            self._on_selection(SelectionChange(self.selection.current, None, self.selection.trace))

    def worksheet_dialog(self) -> None:
        from viewer.model.worksheet import Numbering
        from viewer.qt.output.worksheet import export_worksheet

        path = self.dialogs.save_file_name(
            self, "Export worksheet", "plexus-worksheet.pdf", "PDF, worksheet and answer key (*.pdf);;PNG images (*.png)"
        )
        if not path:
            return
        if not path.lower().endswith((".pdf", ".png")):
            path += ".pdf"
        try:
            sheet, written = export_worksheet(self.pack, Path(path), select=self.selection.current, numbering=Numbering.NERVES)
        except OSError as exc:
            self.dialogs.warn(self, f"Could not write {path}: {exc.strerror or exc}")
            return
        files = ", ".join(map(str, written))
        self.statusBar().showMessage(f"Worksheet with {len(sheet.entries)} numbered structures written to {files}", 8000)

    def about(self) -> None:
        from viewer.qt.shell.about import AboutDialog

        self.dialogs.run(AboutDialog(self.pack, self.windowIcon(), self))


def _export(w: MainWindow) -> None:
    w.export_dialog()


def _close(w: MainWindow) -> None:
    w.close()


def _escape(w: MainWindow) -> None:
    """Escape leaves presentation mode; in the window it clears the selection."""
    if w.presentation.active:
        w.presentation.leave()
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


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("export_png", "&Export view (PNG, SVG, PDF)…", "&File", ("Ctrl+E",), _export),
    ActionSpec("worksheet", "Export &worksheet…", "&File", ("Ctrl+Shift+E",), lambda w: w.worksheet_dialog()),
    ActionSpec("print", "&Print…", "&File", ("Ctrl+P",), _print),
    ActionSpec("quit", "&Quit", "&File", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), _close),
    ActionSpec("copy_image", "&Copy view as image", "&Edit", ("Ctrl+C",), _copy_image),
    ActionSpec("preferences", "&Preferences…", "&Edit", ("Ctrl+,",), lambda w: w.preferences()),
    ActionSpec("back", "&Back", "&Go", ("Alt+Left",), lambda w: w.selection.back(), toolbar=True),
    ActionSpec("forward", "&Forward", "&Go", ("Alt+Right",), lambda w: w.selection.forward(), toolbar=True),
    ActionSpec("clear", "&Clear selection", "&Go", ("Esc",), _escape),
    ActionSpec("search", "&Find structure…", "&Go", ("Ctrl+F",), lambda w: w.focus_search()),
    ActionSpec("fit", "&Fit to window", "&View", ("Ctrl+0",), lambda w: w.canvas.fit(), toolbar=True),
    ActionSpec("zoom_in", "Zoom &in", "&View", ("Ctrl++", "Ctrl+="), lambda w: w.canvas.zoom_by(1.25), toolbar=True),
    ActionSpec("zoom_out", "Zoom &out", "&View", ("Ctrl+-",), lambda w: w.canvas.zoom_by(0.8), toolbar=True),
    ActionSpec("show_variants", "Show &variants", "&View", ("Ctrl+Shift+V",), layers.toggle_variants, checkable=True),
    ActionSpec("show_divisions", "&Divisions layer", "&View", ("Ctrl+Shift+D",), layers.toggle_divisions, checkable=True),
    ActionSpec("lesion_mode", "&Lesion simulator…", "&Clinical", ("Ctrl+L",), lambda w: w.lesion_mode.toggle()),
    ActionSpec("localise", "L&ocalise the lesion…", "&Clinical", ("Ctrl+Shift+L",), lambda w: w.localise_mode.start()),
    ActionSpec("study_start", "&Start study session", "&Study", ("F8",), lambda w: w.study.start()),
    ActionSpec("study_stop", "&End study session", "&Study", ("Shift+F8",), lambda w: w.study.stop()),
    ActionSpec("study_reset", "&Reset progress…", "&Study", (), lambda w: w.study.reset_progress()),
    ActionSpec("present", "&Presentation mode", "&Lecture", ("F5",), lambda w: w.presentation.toggle()),
    ActionSpec("step_next", "&Next step", "&Lecture", ("PgDown", "Right", "Down", "Space"), lambda w: w.steps.next()),
    ActionSpec("step_back", "&Previous step", "&Lecture", ("PgUp", "Left", "Up"), lambda w: w.steps.back()),
    ActionSpec("step_first", "&Start of the pathway", "&Lecture", ("Home",), lambda w: w.steps.first()),
    ActionSpec("step_last", "&Whole pathway", "&Lecture", ("End",), lambda w: w.steps.last()),
    ActionSpec("open_lesson", "Open &lesson…", "&Lecture", ("Ctrl+O",), lambda w: w.presentation.open_lesson_dialog()),
    ActionSpec("blank_black", "&Black screen", "&Lecture", ("B", "."), lambda w: w.presentation.blank_screen("black")),
    ActionSpec("blank_white", "W&hite screen", "&Lecture", ("W",), lambda w: w.presentation.blank_screen("white")),
    ActionSpec("spotlight", "S&potlight", "&Lecture", ("S",), lambda w: w.presentation.toggle_spotlight()),
    ActionSpec("skin_map", "&Skin map", "&View", ("Ctrl+K",), _toggle_skin_map, checkable=True),
    ActionSpec("full_screen", "F&ull screen", "&View", ("F11",), lambda w: w.toggle_full_screen()),
    ActionSpec("about", "&About Plexus Viewer", "&Help", (), lambda w: w.about()),
)
