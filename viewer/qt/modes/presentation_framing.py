"""How presentation mode frames a step for the hall: its theme, its stroke widths, the frame the hall painter draws."""

from __future__ import annotations

from viewer.model.pack import Pack
from viewer.qt.modes.hall_painter import HallFrame
from viewer.session import StepView
from viewer.themes import HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, CanvasTheme

#: Lit strands in presentation: wider in the scene, and never under this fraction of the screen height.
PRESENT_LIT_WIDTH = 5.0
PRESENT_MIN_LIT_FRACTION = 0.0032

PROMPT = "Click a root, nerve or muscle to trace it"


def present_theme(name: str) -> CanvasTheme:
    """The high-contrast theme for a presentation theme setting ('dark' or 'light')."""
    return HIGH_CONTRAST_LIGHT if name == "light" else HIGH_CONTRAST_DARK


def frame_for(pack: Pack, view: StepView, title: str = "") -> HallFrame:
    """What the hall shows for a step view."""
    stop = view.stop
    position = ""
    if view.plan is not None:
        position = view.hop_text
    if view.lesson_position:
        position = f"{position} · item {view.lesson_position}" if position else f"item {view.lesson_position}"
    return HallFrame(
        shown=view.shown,
        newest=stop.newest if stop else frozenset(),
        caption=view.caption,
        lesson_caption=view.lesson_caption,
        position=position,
        title=title or pack.title,
        prompt=PROMPT,
    )
