"""Restoring the window's frame on the screens present now, which may not be those it was saved on."""

from __future__ import annotations

from typing import NamedTuple

from viewer.model.settings import WindowGeometry

#: The smallest window worth restoring; anything smaller gets the default size.
MIN_WIDTH, MIN_HEIGHT = 480, 360
#: How much of the title bar must lie on a screen for the window to count as reachable.
MIN_VISIBLE = 120


class Rect(NamedTuple):
    """A screen's available area, in the same virtual-desktop coordinates as the window."""

    x: int
    y: int
    width: int
    height: int

    def overlap(self, other: Rect) -> int:
        w = min(self.x + self.width, other.x + other.width) - max(self.x, other.x)
        h = min(self.y + self.height, other.y + other.height) - max(self.y, other.y)
        return max(w, 0) * max(h, 0)


def clamp_geometry(saved: WindowGeometry, screens: list[Rect]) -> WindowGeometry | None:
    """`saved` moved and shrunk so that it lies wholly on the screen it overlaps most.

    A window whose screen has gone (a projector unplugged) moves to the first screen;
    one larger than its screen is shrunk to fit. None when there is no screen or the
    saved size is unusable, so the caller uses its default.
    """
    if not screens or saved.width < MIN_WIDTH or saved.height < MIN_HEIGHT:
        return None
    frame = Rect(saved.x, saved.y, saved.width, saved.height)
    best = max(screens, key=frame.overlap)
    if frame.overlap(best) < MIN_VISIBLE * min(MIN_VISIBLE, saved.height):
        best = screens[0]
    width = min(saved.width, best.width)
    height = min(saved.height, best.height)
    x = min(max(saved.x, best.x), best.x + best.width - width)
    y = min(max(saved.y, best.y), best.y + best.height - height)
    return WindowGeometry(x=x, y=y, width=width, height=height, maximized=saved.maximized)
