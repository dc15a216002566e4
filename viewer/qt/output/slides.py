"""Slides: the presentation look rendered to an image, so handouts match the hall."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from viewer.model.pack import Pack
from viewer.model.steps import StepPlan
from viewer.model.storage import write_atomically
from viewer.model.tracing import trace
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.safe_svg import svg_renderer
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.modes.hall_painter import HallLayout, HallPainter
from viewer.qt.modes.presentation_framing import PRESENT_LIT_WIDTH, PRESENT_MIN_LIT_FRACTION, frame_for, present_theme
from viewer.qt.output.export import encode_png
from viewer.qt.qapp import ensure_application
from viewer.session import StepView
from viewer.themes import HIGH_CONTRAST_DARK, CanvasTheme


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
    write_atomically(Path(output), encode_png(image), keep_backup=False, shared=True)
