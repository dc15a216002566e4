"""Slides: the presentation look rendered to an image, so handouts match the hall."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from viewer.model.pack import Pack
from viewer.model.steps import StepPlan
from viewer.model.storage import current_umask
from viewer.model.tracing import trace
from viewer.qt.app import ensure_application
from viewer.qt.geometry import GeometryIndex
from viewer.qt.hall import HallFrame, HallLayout, HallPainter
from viewer.qt.safe_svg import svg_renderer
from viewer.qt.scene import SchematicScene
from viewer.qt.stepping import StepView
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


def render_presentation(
    pack: Pack, structure_id: str | None, size: tuple[int, int], *, step: int | None = None, theme: CanvasTheme = HIGH_CONTRAST_DARK
) -> tuple[QImage, HallLayout]:
    """The presentation look at `size` pixels: the pathway of `structure_id` revealed up to hop `step` (None: all)."""
    from viewer.model.hop_chain import chain_caption

    ensure_application(offscreen=True)
    width, height = size
    renderer = svg_renderer(pack)
    scene = SchematicScene(pack, renderer)
    scene.set_geometry(GeometryIndex(pack, renderer=renderer))
    scene.set_theme(theme)
    scene.lit_width = PRESENT_LIT_WIDTH
    scene.min_lit_pixels = max(3.0, PRESENT_MIN_LIT_FRACTION * height)
    painter_overlay = HallPainter(pack, scene)
    whole = None
    view = StepView(None, 0, None, None, "", "")
    if structure_id is not None:
        whole = trace(pack, structure_id)
        plan = StepPlan(pack, whole)
        index = plan.last if step is None else plan.index_of_hop(step)
        stop = plan.stops[index]
        view = StepView(plan, index, stop, chain_caption(pack, whole, stop.hop, newest=stop.newest), "", "")
        scene.show_trace(stop.shown)
    frame = frame_for(pack, view)
    transform = painter_overlay.frame_transform(frame, whole, width, height)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(scene.theme.background))
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )
    inverse, _ok = transform.inverted()
    source = inverse.mapRect(QRectF(0, 0, width, height))
    scene.set_device_scale(transform.m11())
    scene.render(painter, QRectF(0, 0, width, height), source, Qt.AspectRatioMode.IgnoreAspectRatio)
    layout = painter_overlay.paint(painter, frame, transform, width, height)
    painter.end()
    return image, layout


def export_presentation_png(
    pack: Pack, structure_id: str | None, size: tuple[int, int], output: Path, *, step: int | None = None, theme: str = "dark"
) -> None:
    """Write the presentation look as a PNG of exactly `size` pixels, atomically."""
    image, _layout = render_presentation(pack, structure_id, size, step=step, theme=present_theme(theme))
    output = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".png", dir=output.parent if str(output.parent) else ".")
    os.close(fd)
    try:
        if not image.save(tmp, "PNG"):
            raise OSError(f"could not encode PNG to {output}")
        if os.name != "nt":
            os.chmod(tmp, 0o666 & ~current_umask())  # an export is for others: the umask decides, not mkstemp's 0600
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
