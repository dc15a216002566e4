"""The theme a window is drawn in, for the panels that colour their own text."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from viewer.themes import LIGHT, CanvasTheme


def window_theme(window: QWidget) -> CanvasTheme:
    """The theme of `window`'s appearance (the light theme for a window without one)."""
    appearance = getattr(window, "appearance", None)
    return appearance.canvas_theme() if appearance is not None else LIGHT


def on_theme_change(window: QWidget, listener) -> None:  # type: ignore[no-untyped-def]
    """Call `listener()` after each change of `window`'s settings (a panel redraws its text in the new colours)."""
    appearance = getattr(window, "appearance", None)
    if appearance is not None:
        appearance.changed.connect(lambda _settings: listener())
