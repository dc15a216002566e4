"""Rendering the schematic, with a selection lit, to an image of an exact size."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from viewer.model.pack import Pack
from viewer.qt.app import ensure_application
from viewer.qt.geometry import GeometryIndex
from viewer.qt.safe_svg import svg_renderer
from viewer.qt.scene import SchematicScene
from viewer.qt.selection import SelectionModel


def fitted_target(source: QRectF, width: int, height: int) -> QRectF:
    """The rectangle `source` fills when fitted, centred, into width × height pixels.

    Computed here rather than with fitInView, which leaves a margin.
    """
    scale = min(width / source.width(), height / source.height())
    w, h = source.width() * scale, source.height() * scale
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


def render_image(scene: SchematicScene, size: tuple[int, int]) -> QImage:
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )
    source = scene.sceneRect()
    target = fitted_target(source, width, height)
    scene.set_device_scale(target.width() / source.width())
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()
    return image


def export_png(pack: Pack, structure_id: str | None, size: tuple[int, int], output: Path) -> None:
    """Write the fitted schematic with `structure_id` lit as a PNG of exactly `size` pixels."""
    ensure_application(offscreen=True)
    renderer = svg_renderer(pack)
    scene = SchematicScene(pack, renderer)
    scene.set_geometry(GeometryIndex(pack, pack.svg_path, renderer))
    if structure_id is not None:
        scene.show_trace(SelectionModel(pack).trace_of(structure_id))
    image = render_image(scene, size)
    output = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".png", dir=output.parent if str(output.parent) else ".")
    os.close(fd)
    try:
        if not image.save(tmp):
            raise OSError(f"could not encode PNG to {output}")
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
