"""The main window: canvas, fact panel, structure list, search and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from viewer import APP_NAME, __version__
from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.qt.canvas import CanvasView
from viewer.qt.fact_panel import FactPanel
from viewer.qt.safe_svg import svg_renderer
from viewer.qt.scene import SchematicScene
from viewer.qt.selection import SelectionChange, SelectionModel
from viewer.qt.structure_list import StructureList


@dataclass(frozen=True)
class ActionSpec:
    """An action declared once: the menus, the toolbar and the tests all use this table."""

    id: str
    title: str
    menu: str
    shortcuts: tuple[QKeySequence | QKeySequence.StandardKey | str, ...]
    handler: Callable[[MainWindow], None]
    toolbar: bool = False


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
    return f"{s.name}: segments {segs} — {counts} lit"


def _plural(n: int, forms: str) -> str:
    one, many = forms.split("|")
    return f"{n} {one if n == 1 else many}"


class MainWindow(QMainWindow):
    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack
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

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find: root, nerve, muscle, Latin name… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a structure")
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(460)
        self.search.returnPressed.connect(lambda: self.find_structure(self.search.text()))

        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self.caption = QLabel(self)
        self.caption.setAccessibleName("What is lit")
        self.statusBar().addWidget(self.caption, 1)
        self.selection.changed.connect(self._on_selection)
        self.selection.history_changed.connect(self._update_history_actions)
        self._update_history_actions()
        self._on_selection(SelectionChange(None, None, None))
        self.canvas.first_painted.connect(self._after_first_paint)
        screen = self.screen().availableGeometry()
        self.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))

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
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from viewer.qt.export import render_image

        path, _ = QFileDialog.getSaveFileName(self, "Export view as PNG", "plexus.png", "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        image = render_image(self.scene, (3840, 2160))
        if not image.save(path):
            QMessageBox.warning(self, APP_NAME, f"Could not write {path}.")

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>{self.pack.title}: {len(self.pack.structures)} structures, "
            f"{len(self.pack.sources)} sources.<br>Built with Qt for Python (PySide6, LGPLv3).",
        )


def _export(w: MainWindow) -> None:
    w.export_dialog()


def _close(w: MainWindow) -> None:
    w.close()


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("export_png", "&Export view as PNG…", "&File", ("Ctrl+E",), _export),
    ActionSpec("quit", "&Quit", "&File", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), _close),
    ActionSpec("back", "&Back", "&Go", ("Alt+Left",), lambda w: w.selection.back(), toolbar=True),
    ActionSpec("forward", "&Forward", "&Go", ("Alt+Right",), lambda w: w.selection.forward(), toolbar=True),
    ActionSpec("clear", "&Clear selection", "&Go", ("Esc",), lambda w: w.selection.clear()),
    ActionSpec("search", "&Find structure…", "&Go", ("Ctrl+F",), lambda w: w.focus_search()),
    ActionSpec("fit", "&Fit to window", "&View", ("Ctrl+0",), lambda w: w.canvas.fit(), toolbar=True),
    ActionSpec("zoom_in", "Zoom &in", "&View", ("Ctrl++", "Ctrl+="), lambda w: w.canvas.zoom_by(1.25), toolbar=True),
    ActionSpec("zoom_out", "Zoom &out", "&View", ("Ctrl+-",), lambda w: w.canvas.zoom_by(0.8), toolbar=True),
    ActionSpec("about", "&About Plexus Viewer", "&Help", (), lambda w: w.about()),
)
