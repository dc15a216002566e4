"""Whether a panel can be seen: a panel that cannot does no work until it can."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget) -> bool:
    """Shown, and not behind another dock's tab (Qt keeps a tabbed-away dock "visible", off the window)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()
