"""The main window: canvas, fact panel, structure list, search and history.

The window owns one `Session` (viewer.session): the selection, the step-through, the
View toggles and the active mode. Every view here observes it; none calls another.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QLineEdit, QMainWindow, QMenu, QTabBar, QWidget

from viewer import APP_NAME
from viewer.assets import PackFiles, bundled_packs, lessons_dir, packs_in_folder
from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.variants import hidden_variants
from viewer.palette import palette_named
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.view import CanvasView
from viewer.qt.modes.presentation import PresentationMode
from viewer.qt.panels.fact_panel import FactPanel
from viewer.qt.panels.pathway_text import PathwayText
from viewer.qt.panels.structure_list import StructureList
from viewer.qt.shell.actions import ACTIONS, not_studying
from viewer.qt.shell.appearance import Appearance
from viewer.qt.shell.status_caption import HiddenUnderMessages
from viewer.session import Layers, ModeChange, Session
from viewer.session.caption import lit_summary, status_caption

if TYPE_CHECKING:
    from viewer.qt.modes.lesion import LesionMode
    from viewer.qt.modes.localise import LocaliseMode
    from viewer.qt.modes.study import StudyMode
    from viewer.qt.shell.dialogs import Dialogs
    from viewer.qt.shell.search import FindSuggestions
    from viewer.qt.skin.skin_map import SkinMapPanel
    from viewer.session import SelectionChange


def caption_for(pack: Pack, change: SelectionChange) -> str:
    """One line saying what a selection lights, for the status bar."""
    return lit_summary(pack, change.current, change.trace)


def bundled_id(pack: Pack) -> str | None:
    """The name of the bundled pack `pack` was loaded from, or None for a pack of the user's own."""
    try:
        path = pack.data_path.resolve()
        return next((p.id for p in bundled_packs() if p.data_path.resolve() == path), None)
    except (OSError, RuntimeError):
        return None


class MainWindow(QMainWindow):
    #: Sent with the window that takes this one's place when another pack is opened.
    replaced = Signal(object)

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack
        #: The bundled pack's name, or None for a pack opened from files of the user's own.
        self.pack_id = bundled_id(pack)
        #: The window that took this one's place (set when another pack was opened).
        self.replaced_by: MainWindow | None = None
        #: The user's settings, loaded once here and changed only through `appearance.update`.
        self.appearance = Appearance(self)
        self.setWindowTitle(f"{pack.title} — {APP_NAME}")
        #: What the window shows, Qt-free: the seam scripts and tests use (`session.selected`, `session.modes`).
        self.session = Session(pack)
        self.selection = self.session.selection
        self.steps = self.session.steps
        # The drawing is read once, as the canvas first shows it: at fit its text is too small
        # to read and the label layer names what is drawn (a canvas large enough for the
        # drawing's own text turns it on at its first fit).
        self.scene = SchematicScene(
            pack, textless=True, theme=self.appearance.canvas_theme(), palette=palette_named(self.appearance.settings.palette)
        )
        self.renderer = self.scene.renderer
        self.canvas = CanvasView(self.scene, self.session, self)
        self.setCentralWidget(self.canvas)

        self.structure_list = StructureList(self.selection)
        self.list_dock = self._dock("Structures", self.structure_list, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.fact_panel = FactPanel(self.selection)
        self.fact_dock = self._dock("Facts", self.fact_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.pathway_text = PathwayText(self.selection)
        self.pathway_dock = self._dock("Pathway as text", self.pathway_text, Qt.DockWidgetArea.RightDockWidgetArea)
        self.pathway_dock.setObjectName("dock_pathway")
        self.tabifyDockWidget(self.fact_dock, self.pathway_dock)
        # A panel behind the other's tab does no work on a click, and catches up when raised.
        self.fact_dock.visibilityChanged.connect(lambda shown: shown and self.fact_panel.catch_up())
        self.pathway_dock.visibilityChanged.connect(lambda shown: shown and self.pathway_text.catch_up())
        self.fact_dock.raise_()
        #: The font scale the docks' widths were last set for (None: not yet; they are set when
        #: the window first shows, for the size it shows at, whatever the screen it was made on).
        self.dock_scale: float | None = None
        # The clinical and study modes, the skin map and the dialogs are built when first
        # used (see the properties below): none of them shows in the first frame.

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Find: root, nerve, muscle, Latin name… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a structure")
        self.search.setMinimumWidth(280)
        self.search.setMaximumWidth(460)
        self.search_suggestions: FindSuggestions | None = None  # built after the first paint

        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self.caption = QLabel(self)
        # No accessible name: a reader speaks the line itself (its description carries the pathway).
        self.statusBar().addWidget(self.caption, 1)
        HiddenUnderMessages(self.statusBar(), self.caption)  # (a font change would show it under a message)

        session = self.session
        session.modes.register("study", lambda: self.study)
        session.modes.register("lesion", lambda: self.lesion_mode)
        session.modes.register("localise", lambda: self.localise_mode)
        session.modes.register("present", lambda: self.presentation)
        session.modes.about_to_enter.connect(self._remember_frame)
        session.modes.changed.connect(self._on_mode)
        session.modes.refused.connect(lambda reason: self.statusBar().showMessage(reason, 15000))
        session.context_changed.connect(self._on_context)
        session.layers_changed.connect(self._on_layers)
        settings = self.appearance.settings
        session.set_layers(show_variants=settings.show_variants, show_divisions=settings.show_divisions)
        self.canvas.auto_frame = settings.auto_frame
        self.actions_by_id["auto_frame"].setChecked(settings.auto_frame)
        self._tabs_before: list[str] = []
        self._on_context()
        self.presentation = PresentationMode(self)
        self.canvas.first_painted.connect(self._after_first_paint)
        screen = self.screen().availableGeometry()
        self.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))
        from viewer.qt.shell import desktop_integration

        desktop_integration.install(self)  # settings, icon, pathway text, focus order, saved frame
        from viewer.qt.shell.announcer import Announcer

        #: Speaks outcomes that change no focused widget (a selection, a grade, a failed search).
        self.announcer = Announcer(self)

    # ---- observing the session ---------------------------------------------------------
    def _on_context(self) -> None:
        """Actions enabled and checked as the session says, and the status line."""
        session = self.session
        for spec in ACTIONS:
            action = self.actions_by_id[spec.id]
            action.setEnabled(spec.enabled(session))
            if spec.checked is not None:
                action.setChecked(spec.checked(session))
        self.search.setEnabled(not_studying(session))
        self.caption.setText(status_caption(session))

    def _on_layers(self, layers: Layers) -> None:
        pack = self.pack
        self.scene.hide_elements(() if layers.show_variants else hidden_variants(pack).element_ids(pack))
        self.scene.set_divisions_visible(layers.show_divisions)

    def _remember_frame(self, _mode: str) -> None:
        """Before the first mode takes the window: which dock tab each tabbed group shows."""
        self._tabs_before = [bar.tabText(bar.currentIndex()) for bar in self._dock_tab_bars()]

    def _on_mode(self, change: ModeChange) -> None:
        if change.current == "study":
            self.selection.clear()  # the facts and the highlight would give the answers away
        if change.current is None:
            self.statusBar().clearMessage()
            # The dock tabs as they were (a mode's dock took the front of the facts' group).
            wanted = set(self._tabs_before)
            for dock in self.findChildren(QDockWidget):
                if dock.windowTitle() in wanted and dock.isVisible():
                    dock.raise_()
            self._tabs_before = []

    def _dock_tab_bars(self) -> list[QTabBar]:
        return [bar for bar in self.findChildren(QTabBar) if bar.parent() is self and bar.count() > 1 and bar.isVisible()]

    # ---- parts built on first use ---------------------------------------------------
    def built(self, name: str) -> Any | None:
        """The part `name` (e.g. "study", "skin_map") if it has been built, else None; never builds it."""
        return self.__dict__.get(name)

    @cached_property
    def lesion_mode(self) -> LesionMode:
        from viewer.qt.modes.lesion import LesionMode

        return LesionMode(self, self.session, self.scene, self.canvas)

    @cached_property
    def localise_mode(self) -> LocaliseMode:
        from viewer.qt.modes.localise import LocaliseMode

        return LocaliseMode(self, self.session, self.scene, self.canvas, self.lesion_mode)

    @cached_property
    def study(self) -> StudyMode:
        from viewer.qt.modes.study import StudyMode

        return StudyMode(self, self.session, self.canvas, self.scene)

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

    def showEvent(self, event: QShowEvent) -> None:
        if self.dock_scale is None:
            from viewer.qt.shell.desktop_integration import size_docks

            size_docks(self, self.appearance.settings.font_scale)
        super().showEvent(event)

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
        self._add_pack_menus(menus)
        view_menu = menus["&View"]
        view_menu.addSeparator()  # type: ignore[attr-defined]
        view_menu.addAction(self.list_dock.toggleViewAction())  # type: ignore[attr-defined]
        view_menu.addAction(self.fact_dock.toggleViewAction())  # type: ignore[attr-defined]
        view_menu.addAction(self.pathway_dock.toggleViewAction())  # type: ignore[attr-defined]
        toolbar.addSeparator()
        toolbar.addWidget(self.search)

    # ---- packs -------------------------------------------------------------------------
    def _add_pack_menus(self, menus: dict[str, object]) -> None:
        """The Packs menu (one checkable entry per bundled pack) after File, and Lecture's bundled lessons."""
        packs_menu = QMenu("&Packs", self)
        packs_menu.setObjectName("menu_packs")
        self.menuBar().insertMenu(menus["&Edit"].menuAction(), packs_menu)  # type: ignore[attr-defined]
        group = QActionGroup(packs_menu)
        for found in bundled_packs():
            # The titles are read when the menu is first opened (each is a read of the pack's file).
            title = self.pack.title if found.id == self.pack_id else found.id.capitalize()
            action = QAction(title, packs_menu)
            action.setObjectName(f"pack_{found.id}")
            action.setCheckable(True)
            action.setChecked(found.id == self.pack_id)
            action.triggered.connect(lambda _checked=False, found=found: self.open_bundled_pack(found.id))
            group.addAction(action)
            packs_menu.addAction(action)
            self.actions_by_id[action.objectName()] = action
        packs_menu.addSeparator()
        packs_menu.addAction(self.actions_by_id["open_pack"])  # the same action as File's
        packs_menu.aboutToShow.connect(self._title_pack_entries)
        self.packs_menu = packs_menu
        lessons = QMenu("Bundled l&essons", self)
        lessons.setObjectName("menu_bundled_lessons")
        lecture: QMenu = menus["&Lecture"]  # type: ignore[assignment]
        lecture.insertMenu(self.actions_by_id["open_lesson"], lessons)
        lessons.aboutToShow.connect(self.fill_bundled_lessons)
        self.lessons_menu = lessons

    def _title_pack_entries(self) -> None:
        for found in bundled_packs():
            action = self.actions_by_id[f"pack_{found.id}"]
            count = len(self.pack.structures) if found.id == self.pack_id else found.structures
            action.setText(f"{self.pack.title if found.id == self.pack_id else found.title} ({count} structures)")
            action.setChecked(found.id == self.pack_id)

    def bundled_lessons(self) -> list[tuple[Path, str]]:
        """The bundled lessons every line of which names a structure of this window's pack: (file, title)."""
        from viewer.model.lesson import LessonError, read_lesson

        folder = lessons_dir()
        found = []
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            try:
                found.append((path, read_lesson(path, self.pack, self.names).title))
            except (LessonError, OSError):
                continue  # a lesson of another pack
        return found

    def fill_bundled_lessons(self) -> None:
        menu = self.lessons_menu
        menu.clear()
        for path, title in self.bundled_lessons():
            action = menu.addAction(title)
            action.setObjectName(f"lesson_{path.stem}")
            action.triggered.connect(lambda _checked=False, path=path: self.presentation.open_lesson(path))
        if menu.isEmpty():
            menu.addAction(f"None for the {self.pack.title}").setEnabled(False)

    def remember_pack(self) -> None:
        """Store this window's pack in the settings: the next plain start opens it."""
        self.appearance.update(pack=self.pack_id or str(self.pack.data_path.resolve()))

    def open_bundled_pack(self, name: str) -> MainWindow | None:
        """Switch to the bundled pack `name` (see `open_pack_files`)."""
        found = next((p for p in bundled_packs() if p.id == name), None)
        if found is None or found.id == self.pack_id:
            self._title_pack_entries()  # the current one stays checked
            return None
        return self.open_pack_files(found)

    def open_pack_dialog(self) -> None:
        """File → Open pack…: a folder holding one pack (NAME.json and svg/NAME.svg)."""
        folder = self.dialogs.folder(
            self, "Open pack: choose the folder holding NAME.json and svg/NAME.svg", str(self.pack.data_path.parent)
        )
        if folder:
            self.open_pack_folder(Path(folder))

    def open_pack_folder(self, folder: Path) -> MainWindow | None:
        """Open the one pack in `folder`; a refused or missing pack is shown in the refusal dialog and this one stays."""
        from viewer.qt.shell.dialogs import pack_error_box

        found = packs_in_folder(folder) if folder.is_dir() else []
        if len(found) != 1:
            what = "no pack" if not found else f"{len(found)} packs ({', '.join(p.id for p in found)})"
            self._refuse([f"{folder}: holds {what}; a pack's folder holds NAME.json and svg/NAME.svg for one NAME"], pack_error_box)
            return None
        return self.open_pack_files(found[0])

    def open_pack_files(self, found: PackFiles) -> MainWindow | None:
        """Load the pack and put a window on it in this one's place; None (this window stays) if it is refused."""
        from viewer.model.errors import PackError
        from viewer.model.loader import load_pack
        from viewer.qt.shell.dialogs import pack_error_box

        try:
            pack = load_pack(found.data_path)
        except PackError as exc:
            self._refuse([str(p) for p in exc.problems], pack_error_box)
            return None
        return self.replace_with(pack)

    def _refuse(self, lines: list[str], box: Any) -> None:
        self.statusBar().showMessage(f"The pack was not opened: {lines[0]}" if lines else "The pack was not opened.", 15000)
        self._title_pack_entries()
        self.dialogs.run(box(lines))

    def replace_with(self, pack: Pack) -> MainWindow:
        """A window on `pack` takes this one's place, in the same frame and dock layout.

        Everything that belongs to a pack is the new window's own: the selection and its
        history, the step-through and lesson, study progress, lesion sites and skin map.
        The modes are left first (presentation gives the frame back), and the new pack is
        remembered for the next start.
        """
        self.session.modes.leave()
        new = MainWindow(pack)
        if "dialogs" in self.__dict__:
            new.__dict__["dialogs"] = self.dialogs  # the same seam (a test answers both windows' dialogs)
        new.restoreState(self.saveState())  # the docks where they were, at the widths they had
        new.dock_scale = self.dock_scale
        new.setGeometry(self.geometry())
        new.setWindowState(self.windowState())  # maximised or full screen stays so
        new.remember_pack()
        self.replaced_by = new
        new.show()
        new.statusBar().showMessage(f"Opened {pack.title}: {len(pack.structures)} structures.", 8000)
        self.replaced.emit(new)
        self.close()
        self.deleteLater()
        return new

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab skips what cannot be seen: a dock tabbed behind another, the tab bar of docks a mode hid."""
        start = QApplication.focusWidget()
        for _ in range(64):
            if not super().focusNextPrevChild(next):
                return False
            focus = QApplication.focusWidget()
            if focus is None or focus is start or not focus.visibleRegion().isEmpty():
                return True
        return True

    def trigger(self, action_id: str) -> None:
        self.actions_by_id[action_id].trigger()

    def _after_first_paint(self) -> None:
        # The svgelements parse costs more than a frame: keep it off the first paint, with
        # the structure list's rows and the search's completions, which fill in the very
        # next turn of the event loop, before anyone can reach them.
        QTimer.singleShot(0, self.structure_list.populate)
        QTimer.singleShot(0, self._add_completer)
        QTimer.singleShot(0, self.canvas.ensure_geometry)
        QTimer.singleShot(0, _load_source_policy)

    @cached_property
    def names(self) -> NameIndex:
        """Every name of every structure, built on the first search."""
        return NameIndex(self.pack)

    def _add_completer(self) -> None:
        from viewer.qt.shell.search import FindSuggestions

        if self.search_suggestions is not None:
            return
        self.search_suggestions = FindSuggestions(
            self.search, lambda: self.names, self.selection.select, lambda text: self.statusBar().showMessage(text, 8000)
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def find_structure(self, text: str) -> None:
        """Select what `text` names (forgiving a misspelling), or offer the choices under the find field."""
        if self.search_suggestions is None:
            self._add_completer()
        assert self.search_suggestions is not None
        self.search_suggestions.find(text)

    def export_dialog(self) -> None:
        from viewer.qt.output.view_actions import export_view

        export_view(self)

    def preferences(self) -> None:
        from viewer.qt.shell.preferences import PreferencesDialog

        self.dialogs.run(PreferencesDialog(self.appearance, self))

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


def _load_source_policy() -> None:
    """The fact panel marks confirmed sources by the policy from the first selection on; a pack
    remembered as passing it (see passed_cache) no longer loads it on the way to the first frame."""
    import viewer.model.source_policy  # noqa: F401
