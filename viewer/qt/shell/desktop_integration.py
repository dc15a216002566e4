"""The window as a desktop citizen: settings applied live, its icon and frame, keyboard and screen-reader routes."""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from viewer.assets import app_icon_path
from viewer.model.settings import Settings
from viewer.palette import palette_named
from viewer.qt.shell.appearance import apply_to_application, geometry_of, restore_geometry
from viewer.session import SelectionChange

if TYPE_CHECKING:
    from viewer.qt.shell.window import MainWindow


def app_icon() -> QIcon:
    try:
        return QIcon(str(app_icon_path()))
    except FileNotFoundError:
        return QIcon()


def install(window: MainWindow) -> None:
    """Give the window its settings, icon, text view of the pathway, focus order and saved frame."""
    window.setWindowIcon(app_icon())
    describe(window)
    window.selection.changed.connect(lambda change: _describe_selection(window, change))
    _describe_selection(window, SelectionChange(None, None, None))

    # Tab goes where the eye goes: find, the list, the drawing, then the facts and the pathway.
    chain = [window.search, window.structure_list.filter, window.structure_list.tree, window.canvas, window.fact_panel, window.pathway_text]
    for first, second in itertools.pairwise(chain):
        window.setTabOrder(first, second)
    window.canvas.shows_focus = True  # the view's style draws no focus of its own: it draws its ring itself
    window.search.installEventFilter(_EscapeClearsTyping(window.search))

    window.appearance.changed.connect(lambda settings: apply(window, settings))
    apply(window, window.appearance.settings)
    restore_geometry(window, window.appearance.settings.geometry)
    message = window.appearance.load_message
    if message:
        print(message, file=sys.stderr)
        # Shown once the window is up, over the caption, for 20 s.
        QTimer.singleShot(0, lambda: window.statusBar().showMessage(message, 20_000))


class _EscapeClearsTyping(QObject):
    """Escape in the search field takes back the typing first; only in an empty field does it clear the
    selection (the window's Escape), which is then announced."""

    def eventFilter(self, field: QObject, event: QEvent) -> bool:
        if isinstance(field, QLineEdit) and field.text() and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the field takes this Escape; the window's shortcut does not fire
                return True
            if event.type() == QEvent.Type.KeyPress:
                field.clear()
                return True
        return False


#: How to explore the drawing without a mouse, said whenever the drawing is described.
WALK_HINT = "Arrow keys walk from structure to structure along the pathway; Enter selects."


def describe(window: MainWindow) -> None:
    """Accessible names and descriptions for the parts a screen reader announces."""
    tree = window.structure_list.tree
    tree.setAccessibleName("Structures")
    tree.setAccessibleDescription("Every root, division, nerve, muscle and skin territory by kind; choosing one traces its pathway")
    window.fact_panel.setAccessibleDescription(
        "Facts of the selected structure: segments, connections, facts with numbered citations, "
        "disagreements between references, and sources"
    )
    window.canvas.setAccessibleDescription(
        "The schematic. Lit strands carry a colour, a dash pattern and a segment tag; the Pathway as text panel lists the same in words. "
        + WALK_HINT
    )
    window.search.setAccessibleDescription("Type an English or Latin name or a synonym and press Enter to trace it")
    window.list_dock.setAccessibleName("Structures panel")
    window.fact_dock.setAccessibleName("Facts panel")


def _describe_selection(window: MainWindow, change: SelectionChange) -> None:
    text = window.caption.text()
    window.caption.setAccessibleDescription(window.pathway_text.text())
    window.canvas.setAccessibleDescription(f"The schematic. {text} {WALK_HINT}")


def apply(window: MainWindow, settings: Settings) -> None:
    """Make the window look as `settings` say: colours, fonts, palette, label language."""
    theme = window.appearance.canvas_theme()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_to_application(app, theme, settings.font_scale)
    window.scene.set_theme(theme)
    if window.built("skin_dock") is not None:
        window.skin_map.scene.set_theme(theme)
    window.scene.set_palette(palette_named(settings.palette))
    window.canvas.label_language = settings.label_language
    window.structure_list.set_label_language(settings.label_language)
    window.fact_panel.set_appearance(settings.label_language, palette_named(settings.palette), theme, settings.font_scale)
    window.pathway_text.set_label_language(settings.label_language)
    if window.dock_scale != settings.font_scale and window.isVisible():
        size_docks(window, settings.font_scale)
    if window.appearance.save_message:
        window.statusBar().showMessage(window.appearance.save_message, 15000)


def dock_widths(window_width: int, font_scale: float) -> tuple[int, int]:
    """The structures' and the facts' panels' widths: room for a sheet's sources and disputes,
    wider for larger type, each at most a sixth of the window (but never under 200 pixels).

    The drawing is wide and its pathways run across it, roots to leaves: on a laptop's
    1366 pixels it keeps about two thirds of the window, so that framing a pathway can still
    zoom in; from 1920 pixels up the panels have their full widths."""
    share = max(window_width // 6, 200)
    return min(round(250 * font_scale), share), min(round(330 * font_scale), share)


def size_docks(window: MainWindow, font_scale: float) -> None:
    """Give the side panels their widths for the window's size as it is now shown, and `font_scale`."""
    window.dock_scale = font_scale
    widths = dock_widths(window.width(), font_scale)
    window.resizeDocks([window.list_dock, window.fact_dock], list(widths), Qt.Orientation.Horizontal)


def remember_geometry(window: MainWindow) -> None:
    """Store the window's frame (called when it closes)."""
    window.appearance.update(geometry=geometry_of(window))
