"""The window as a desktop citizen: keyboard routes, screen-reader text, preferences, export, print, About."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from viewer.model.settings import LabelLanguage, Settings, Theme, WindowGeometry, load_settings, save_settings, settings_path
from viewer.palette import PALETTES, segment_style
from viewer.themes import DARK, HIGH_CONTRAST_DARK, LIGHT


class FakeDialogs:
    """Answers the window's dialogs the way a test says, without blocking."""

    def __init__(self, save_as: Path | None = None, configure=None, print_to: Path | None = None) -> None:  # type: ignore[no-untyped-def]
        self.save_as = save_as
        self.configure = configure
        self.print_to = print_to
        self.shown: list[QDialog] = []
        self.warnings: list[str] = []

    def run(self, dialog: QDialog) -> bool:
        self.shown.append(dialog)
        if self.configure:
            self.configure(dialog)
        return True

    def save_file_name(self, parent: QWidget, title: str, suggested: str, filters: str) -> str:
        return str(self.save_as) if self.save_as else ""

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        if self.print_to is None:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        return True

    def warn(self, parent: QWidget, text: str) -> None:
        self.warnings.append(text)


def shortcut_texts(window, action_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.toString(QKeySequence.SequenceFormat.PortableText) for s in window.actions_by_id[action_id].shortcuts()}


STANDARD_KEYS = {
    "search": "Ctrl+F",
    "zoom_in": "Ctrl++",
    "zoom_out": "Ctrl+-",
    "fit": "Ctrl+0",
    "full_screen": "F11",
    "export_png": "Ctrl+E",
    "print": "Ctrl+P",
    "quit": "Ctrl+Q",
    "back": "Alt+Left",
    "forward": "Alt+Right",
    "copy_image": "Ctrl+C",
    "preferences": "Ctrl+,",
}


def test_every_action_has_its_standard_shortcut_and_sits_in_a_menu(window) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import ACTIONS

    ids = {spec.id for spec in ACTIONS}
    for action_id, key in STANDARD_KEYS.items():
        assert action_id in ids, action_id
        assert key in shortcut_texts(window, action_id), (action_id, shortcut_texts(window, action_id))
    in_menus = {a.objectName() for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x"))) for a in menu.actions()}
    assert ids <= in_menus
    # no two actions claim the same key
    keys = [k for spec in ACTIONS for k in shortcut_texts(window, spec.id)]
    assert len(keys) == len(set(keys))


def test_f11_toggles_full_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.trigger("full_screen")
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    window.trigger("full_screen")
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_tab_goes_from_search_to_list_to_canvas_to_panel(window) -> None:  # type: ignore[no-untyped-def]
    wanted = [
        window.search,
        window.structure_list.filter,
        window.structure_list.tree,
        window.canvas,
        window.fact_panel,
        window.pathway_text,
    ]
    order: list[QWidget] = []
    widget = window.search
    for _ in range(200):
        if widget in wanted and widget not in order:
            order.append(widget)
        if len(order) == len(wanted):
            break
        widget = widget.nextInFocusChain()
    assert order == wanted


def test_the_lists_and_panels_carry_accessible_names(window) -> None:  # type: ignore[no-untyped-def]
    assert window.structure_list.tree.accessibleName() == "Structures"
    assert window.structure_list.tree.accessibleDescription()
    # The text panels carry no name in place of their text (a reader reads the text); they say what they hold.
    assert window.fact_panel.accessibleDescription().startswith("Facts of the selected structure")
    assert window.pathway_text.accessibleDescription().startswith("Pathway as text")
    assert window.canvas.accessibleName() and window.search.accessibleName()
    item = window.structure_list.items["gluteus_medius"]
    assert item.data(0, Qt.ItemDataRole.AccessibleDescriptionRole) == "Level 2, in Muscles: muscle, segments L4, L5, S1"


def test_the_traced_pathway_is_there_as_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from tests.test_window import click

    assert "Nothing is selected" in window.pathway_text.toPlainText()
    click(qtbot, window, "l4")
    shown = window.pathway_text.toPlainText()
    assert "Femoral nerve: L4" in shown and "Gluteus medius: L4 by Superior gluteal nerve" in shown
    text = window.pathway_text.text()
    lines = text.splitlines()
    assert lines[0] == "L4 (root) is selected; segments lit: L4."
    assert "  L4: drawn as a dashed line" in lines
    assert "  Femoral nerve: L4" in lines
    assert "  Gluteus medius: L4 by Superior gluteal nerve" in lines
    assert "Inferior gluteal nerve" not in text
    # roots, then nerves, then muscles, then skin
    assert text.index("Roots:") < text.index("Femoral nerve") < text.index("Muscles (") < text.index("Skin (")
    assert window.caption.accessibleDescription() == text


def open_preferences(window):  # type: ignore[no-untyped-def]
    fake = FakeDialogs()
    window.dialogs = fake
    window.trigger("preferences")
    (dialog,) = fake.shown
    return dialog


def stored() -> Settings:
    settings, message = load_settings()
    assert message is None
    return settings


def test_preferences_theme_applies_live_and_is_stored(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preferences(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.DARK))
    assert window.scene.theme == DARK
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    window.selection.select("l4")
    assert "#9ccfff" in window.fact_panel.toHtml()  # the panel's headings in the dark theme's colour
    assert stored().theme is Theme.DARK
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.HIGH_CONTRAST))
    assert window.scene.theme == HIGH_CONTRAST_DARK
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.LIGHT))
    assert window.scene.theme == LIGHT
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_following_the_system_reads_its_colour_scheme(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preferences(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.SYSTEM))
    system_dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert window.scene.theme == (DARK if system_dark else LIGHT)
    assert window.appearance.canvas_theme() == window.scene.theme


def test_following_the_system_switches_live_when_the_desktop_does(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preferences(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.DARK))
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.SYSTEM))
    # The offscreen platform has no colour scheme of its own: play the desktop's part.
    monkeypatch.setattr(window.appearance, "system_is_dark", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.scene.theme == DARK
    monkeypatch.setattr(window.appearance, "system_is_dark", lambda: False)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.scene.theme == LIGHT
    # with a fixed theme, the desktop's switch changes nothing
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.HIGH_CONTRAST))
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.scene.theme == HIGH_CONTRAST_DARK


def test_label_language_changes_the_list_the_panel_and_tooltips(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.canvas.view import tooltip_text

    window.selection.select("femoral_nerve")
    dialog = open_preferences(window)
    dialog.language.setCurrentIndex(dialog.language.findData(LabelLanguage.LATIN))
    assert window.structure_list.items["femoral_nerve"].text(0) == "Nervus femoralis"
    assert window.fact_panel.toPlainText().startswith("Nervus femoralis\nFemoral nerve")
    assert tooltip_text(window.scene, "femoral_nerve", window.canvas.label_language).startswith("<b>Nervus femoralis</b>")
    assert "Nervus femoralis" in window.pathway_text.toPlainText()
    dialog.language.setCurrentIndex(dialog.language.findData(LabelLanguage.BOTH))
    assert window.structure_list.items["femoral_nerve"].text(0) == "Femoral nerve (Nervus femoralis)"
    assert stored().label_language is LabelLanguage.BOTH


def test_font_scale_grows_the_application_font(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(2560, 1400)  # room for the panels to grow with the type
    qtbot.waitUntil(lambda: window.width() == 2560)
    widths = (window.list_dock.width(), window.fact_dock.width())
    before = QApplication.font().pointSizeF()
    dialog = open_preferences(window)
    dialog.font_scale.setValue(150)
    assert QApplication.font().pointSizeF() == pytest.approx(before * 1.5, rel=0.02)
    # Larger type, wider panels (each at most a sixth of the window): 250 and 330 → 375 and 426.
    qtbot.waitUntil(lambda: abs(window.list_dock.width() - 375) <= 4 and abs(window.fact_dock.width() - 426) <= 4)
    assert widths[0] < 300 and widths[1] < 340
    assert "font-size: 15.75pt" in window.fact_panel.toHtml() or "font-size:15.75pt" in window.fact_panel.toHtml()
    assert stored().font_scale == pytest.approx(1.5)
    dialog.restore_defaults()
    assert QApplication.font().pointSizeF() == pytest.approx(before, rel=0.02)
    assert stored().font_scale == 1.0


def test_palette_recolours_the_lit_strands_and_the_panel(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.selection.select("l4")
    dialog = open_preferences(window)
    dialog.palette.setCurrentIndex(dialog.palette.findData("tol-bright"))
    l4 = window.pack.segments.index("L4")
    colour = segment_style(l4, PALETTES["tol-bright"])[0]
    pens = {item.pen().color().name().upper() for item, seg in window.scene._strand_items if seg == "L4"}
    assert pens == {colour.upper()}
    assert colour.lower() in window.fact_panel.toHtml().lower()
    assert stored().palette == "tol-bright"


def test_a_corrupt_settings_file_falls_back_to_defaults_with_one_line(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import MainWindow

    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "plexus-settings/1", "theme": "purple"}')
    w = MainWindow(pack)
    qtbot.addWidget(w)
    assert w.appearance.settings == Settings()
    qtbot.waitUntil(lambda: "settings.json" in w.statusBar().currentMessage())  # once the window is up
    message = w.statusBar().currentMessage()
    assert "settings.json" in message and "using defaults" in message and "\n" not in message
    assert any(p.name.startswith("settings.json.corrupt-") for p in path.parent.iterdir())


def test_window_geometry_is_saved_on_close_and_restored_on_the_screen(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import MainWindow

    w = MainWindow(pack)
    qtbot.addWidget(w)
    w.show()
    w.setGeometry(40, 50, 900, 700)
    qtbot.waitUntil(lambda: w.geometry().width() == 900)
    w.close()
    saved = stored().geometry
    assert saved is not None and (saved.width, saved.height) == (900, 700)
    # a frame saved on a screen that has gone comes back onto the one present
    save_settings(Settings(geometry=WindowGeometry(x=9000, y=9000, width=99999, height=99999)))
    w2 = MainWindow(pack)
    qtbot.addWidget(w2)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(w2.geometry())


def test_export_from_the_window_writes_the_chosen_format_and_size(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    window.selection.select("l4")

    def choose(fmt: str, custom: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
        def configure(dialog) -> None:  # type: ignore[no-untyped-def]
            dialog.format.setCurrentIndex(dialog.format.findData(fmt))
            if custom:
                dialog.size.setCurrentIndex(dialog.size.count() - 1)
                dialog.width_box.setValue(custom[0])
                dialog.height_box.setValue(custom[1])

        return configure

    window.dialogs = FakeDialogs(save_as=tmp_path / "custom", configure=choose(".png", (1000, 700)))
    window.trigger("export_png")
    image = QImage(str(tmp_path / "custom.png"))
    assert (image.width(), image.height()) == (1000, 700)
    window.dialogs = FakeDialogs(save_as=tmp_path / "view.svg", configure=choose(".svg"))
    window.trigger("export_png")
    svg = (tmp_path / "view.svg").read_text()
    assert "<title>Lumbosacral plexus: L4</title>" in svg
    assert segment_style(window.pack.segments.index("L4"))[0].lower() in svg.lower()
    window.dialogs = FakeDialogs(save_as=tmp_path / "view.pdf", configure=choose(".pdf"))
    window.trigger("export_png")
    assert (tmp_path / "view.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["custom.png", "view.pdf", "view.svg"]
    # the view on screen is untouched by exports
    assert window.scene.lit is not None and window.scene.lit.selected == "l4"


def test_print_goes_through_the_print_dialog(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.selection.select("sciatic_nerve")
    window.dialogs = FakeDialogs(print_to=tmp_path / "printed.pdf")
    window.trigger("print")
    data = (tmp_path / "printed.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    window.dialogs = FakeDialogs(print_to=None)  # cancelled: nothing printed, no error
    window.trigger("print")
    assert window.dialogs.warnings == []


def test_copy_puts_the_view_on_the_clipboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.selection.select("l5")
    window.canvas.setFocus()
    window.trigger("copy_image")
    image = QGuiApplication.clipboard().image()
    viewport = window.canvas.viewport()
    assert image.width() >= viewport.width() * 2 - 2 and image.height() >= viewport.height() * 2 - 2


def test_about_names_version_licences_and_sources(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import PySide6
    from PySide6.QtCore import qVersion

    from viewer import __version__

    fake = FakeDialogs()
    window.dialogs = fake
    window.trigger("about")
    (dialog,) = fake.shown
    text = dialog.text.toPlainText()
    assert f"Plexus Viewer {__version__}" in text
    assert "GPL-3.0-or-later" in text and "LGPL-3.0" in text
    assert PySide6.__version__ in text and qVersion() in text
    assert f"{len(window.pack.sources)} sources" in text and "paraphrased" in text
    assert not dialog.windowIcon().isNull() or not window.windowIcon().isNull()


def test_the_window_has_the_app_icon(window) -> None:  # type: ignore[no-untyped-def]
    assert not window.windowIcon().isNull()
    assert window.windowIcon().pixmap(16, 16).width() == 16


def test_settings_never_leave_the_test_folder(qtbot, pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.storage import user_data_dir
    from viewer.qt.shell.window import MainWindow

    assert settings_path().is_relative_to(tmp_path) and user_data_dir().is_relative_to(tmp_path)
    w = MainWindow(pack)
    qtbot.addWidget(w)
    w.close()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [settings_path()]


def test_ctrl_c_in_a_text_field_still_copies_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus)
    qtbot.keyClicks(window.search, "sartorius")
    window.search.selectAll()
    qtbot.keyClick(window.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "sartorius"
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert not QGuiApplication.clipboard().image().isNull()


def test_export_of_the_visible_part_has_the_windows_shape(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import defusedxml.ElementTree as ET

    window.resize(1600, 700)  # a view clearly wider than the drawing's own shape
    qtbot.waitUntil(lambda: window.height() == 700)
    window.canvas.zoom_to(window.scene.geometry.boxes["femoral_nerve"].adjusted(-300, -100, 300, 100))

    def configure(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.format.setCurrentIndex(dialog.format.findData(".svg"))
        dialog.area.setCurrentIndex(dialog.area.findData(True))

    window.dialogs = FakeDialogs(save_as=tmp_path / "part.svg", configure=configure)
    window.trigger("export_png")
    _, _, w, h = (float(v) for v in ET.parse(tmp_path / "part.svg").getroot().get("viewBox").split())
    viewport = window.canvas.viewport()
    assert w / h == pytest.approx(viewport.width() / viewport.height(), rel=0.03)
    whole = window.scene.sceneRect()
    assert abs(w / h - whole.width() / whole.height()) > 0.1


def test_a_change_here_keeps_what_other_parts_stored(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # presentation mode keeps its screen and theme in the same file
    save_settings(msgspec_replace(stored_or_default(), present_screen=1))
    dialog = open_preferences(window)
    dialog.language.setCurrentIndex(dialog.language.findData(LabelLanguage.LATIN))
    after = stored()
    assert after.present_screen == 1 and after.label_language is LabelLanguage.LATIN


def stored_or_default() -> Settings:
    return load_settings()[0]


def msgspec_replace(settings: Settings, **changes: object) -> Settings:
    import msgspec

    return msgspec.structs.replace(settings, **changes)


def test_a_panel_behind_its_dock_tab_does_no_work_on_a_click_and_catches_up_when_raised(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    from tests.test_window import click

    def laid_out(document: QTextDocument) -> str:
        return " ".join(document.toPlainText().split())  # what the panel holds now, without asking it to catch up

    # The pathway text sits behind the facts' tab: a click leaves it as it was.
    assert window.pathway_text.visibleRegion().isEmpty()
    before = laid_out(window.pathway_text.document())
    click(qtbot, window, "l4")
    assert laid_out(window.pathway_text.document()) == before
    window.pathway_dock.raise_()
    qtbot.waitUntil(lambda: "Femoral nerve: L4" in laid_out(window.pathway_text.document()))
    # Now the facts are behind: the next click leaves them on L4, and raising them brings them up to date.
    assert window.fact_panel.visibleRegion().isEmpty()
    assert laid_out(window.fact_panel.document()).startswith("L4")
    click(qtbot, window, "femoral_nerve")
    assert laid_out(window.fact_panel.document()).startswith("L4")
    assert "Femoral nerve is selected" in laid_out(window.pathway_text.document())
    window.fact_dock.raise_()
    qtbot.waitUntil(lambda: laid_out(window.fact_panel.document()).startswith("Femoral nerve"))


def test_a_closed_facts_dock_shows_the_current_selection_when_opened(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from tests.test_window import click

    window.fact_dock.hide()
    click(qtbot, window, "gluteus_medius")
    assert not window.fact_panel.document().toPlainText().startswith("Gluteus medius")
    window.fact_dock.show()
    qtbot.waitUntil(lambda: window.fact_panel.document().toPlainText().startswith("Gluteus medius"))
