"""The View toggles that change what the schematic shows: variants and the divisions layer.

Both are remembered in the user's settings. Hiding variants takes the inconstant
structures and connections (and whatever only they reach) out of the drawing, out of
hit-testing and out of tracing, so the lit pathway is the one every body has; a hidden
structure picked by name from the list or the search is still traced and drawn lit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viewer.model.settings import Settings
from viewer.model.variants import hidden_variants, without_variants

if TYPE_CHECKING:
    from viewer.qt.shell.window import MainWindow


def show_variants(window: MainWindow, shown: bool) -> None:
    pack = window.pack
    if shown:
        window.scene.hide_elements(())
        window.selection.set_trace_pack(pack)
    else:
        window.scene.hide_elements(hidden_variants(pack).element_ids(pack))
        window.selection.set_trace_pack(without_variants(pack))
    window.actions_by_id["show_variants"].setChecked(shown)


def show_divisions(window: MainWindow, shown: bool) -> None:
    window.scene.set_divisions_visible(shown)
    window.actions_by_id["show_divisions"].setChecked(shown)


def apply_settings(window: MainWindow, settings: Settings) -> None:
    """Bring the toggles in line with stored settings (at start-up)."""
    if not settings.show_variants:
        show_variants(window, False)
    window.actions_by_id["show_variants"].setChecked(settings.show_variants)
    show_divisions(window, settings.show_divisions)


def remember(window: MainWindow, **changes: object) -> None:
    """Store changed settings; a failure to write is reported in the status bar, not raised."""
    window.appearance.update(**changes)


def toggle_variants(window: MainWindow) -> None:
    shown = window.actions_by_id["show_variants"].isChecked()
    show_variants(window, shown)
    remember(window, show_variants=shown)


def toggle_divisions(window: MainWindow) -> None:
    shown = window.actions_by_id["show_divisions"].isChecked()
    show_divisions(window, shown)
    remember(window, show_divisions=shown)
