"""Rendering the schematic, with a selection lit, to PNG, SVG and PDF; every file written atomically.

PNG is a raster of an exact size; SVG (QSvgGenerator) and PDF (QPdfWriter) are vector
drawings of the same scene, so the lit strands, tags and ring stay sharp at any zoom.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from viewer import APP_NAME, __version__
from viewer.model.pack import Pack
from viewer.model.storage import write_atomically
from viewer.model.tracing import trace
from viewer.palette import DEFAULT_PALETTE, Palette
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.safe_svg import svg_renderer
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.qapp import ensure_application
from viewer.themes import LIGHT, CanvasTheme

#: The file types exports write, by suffix.
FORMATS = {".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF document"}
#: CSS pixels per point: sizes are given in pixels (96 per inch), PDF pages in points (72 per inch).
POINTS_PER_PIXEL = 0.75


def fitted_target(source: QRectF, width: int, height: int) -> QRectF:
    """The rectangle `source` fills when fitted, centred, into width × height pixels.

    Computed here rather than with fitInView, which leaves a margin.
    """
    scale = min(width / source.width(), height / source.height())
    w, h = source.width() * scale, source.height() * scale
    return QRectF((width - w) / 2, (height - h) / 2, w, h)


def render_image(scene: SchematicScene, size: tuple[int, int], source: QRectF | None = None) -> QImage:
    """The scene (or its `source` part) fitted into an image of exactly `size` pixels."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(scene.theme.background))
    painter = QPainter(image)
    paint_scene(scene, painter, fitted_target(source or scene.sceneRect(), width, height), source)
    painter.end()
    return image


def paint_scene(scene: SchematicScene, painter: QPainter, target: QRectF, source: QRectF | None) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )
    source = source or scene.sceneRect()
    scene.set_device_scale(target.width() / source.width())
    painter.setClipRect(target)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def _vector_size(source: QRectF, size: tuple[int, int]) -> QSizeF:
    """The drawing's size: `source`'s shape, as large as fits in `size` (no empty margins)."""
    target = fitted_target(source, *size)
    return QSizeF(target.width(), target.height())


def render_svg(scene: SchematicScene, size: tuple[int, int], source: QRectF | None = None, title: str = "") -> bytes:
    """The scene (or its `source` part) as an SVG drawing fitted into `size` pixels."""
    source = source or scene.sceneRect()
    drawing = _vector_size(source, size)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(96)  # the size is in CSS pixels
    generator.setSize(drawing.toSize())
    generator.setViewBox(QRect(0, 0, drawing.toSize().width(), drawing.toSize().height()))
    generator.setTitle(title or APP_NAME)
    generator.setDescription(f"Exported by {APP_NAME} {__version__}")
    painter = QPainter(generator)
    paint_scene(scene, painter, QRectF(0, 0, drawing.width(), drawing.height()), source)
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def render_pdf(scene: SchematicScene, size: tuple[int, int], source: QRectF | None = None, title: str = "") -> bytes:
    """The scene (or its `source` part) as a one-page vector PDF, the page sized to the drawing."""
    source = source or scene.sceneRect()
    drawing = _vector_size(source, size)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    page = QPageSize(QSizeF(drawing.width() * POINTS_PER_PIXEL, drawing.height() * POINTS_PER_PIXEL), QPageSize.Unit.Point)
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(title or APP_NAME)
    writer.setCreator(f"{APP_NAME} {__version__}")
    painter = QPainter(writer)
    paint_scene(scene, painter, QRectF(0, 0, writer.width(), writer.height()), source)
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def encode_png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode the PNG")
    buffer.close()
    return bytes(data.data())


def render_file(scene: SchematicScene, suffix: str, size: tuple[int, int], source: QRectF | None = None, title: str = "") -> bytes:
    """The bytes of an export of `scene` as `suffix` (.png, .svg or .pdf)."""
    suffix = suffix.lower()
    if suffix == ".png":
        return encode_png(render_image(scene, size, source))
    if suffix == ".svg":
        return render_svg(scene, size, source, title)
    if suffix == ".pdf":
        return render_pdf(scene, size, source, title)
    raise ValueError(f"cannot export as {suffix!r}; choose one of {', '.join(FORMATS)}")


def export_scene(
    pack: Pack,
    structure_id: str | None,
    theme: CanvasTheme = LIGHT,
    palette: Palette = DEFAULT_PALETTE,
    geometry: GeometryIndex | None = None,
) -> SchematicScene:
    """A scene of its own for an export: the window's view is never disturbed by one."""
    ensure_application(offscreen=True)
    scene = SchematicScene(pack, svg_renderer(pack))
    scene.set_theme(theme)
    scene.set_palette(palette)
    scene.set_geometry(geometry or GeometryIndex(pack, renderer=scene.renderer))
    if structure_id is not None:
        scene.show_trace(trace(pack, structure_id))
    return scene


def export_file(
    pack: Pack,
    structure_id: str | None,
    size: tuple[int, int],
    output: Path,
    theme: CanvasTheme = LIGHT,
    palette: Palette = DEFAULT_PALETTE,
) -> None:
    """Write the schematic with `structure_id` lit as PNG, SVG or PDF (by `output`'s suffix), atomically."""
    scene = export_scene(pack, structure_id, theme, palette)
    title = f"{pack.title}: {pack.structures[structure_id].name}" if structure_id else pack.title
    data = render_file(scene, Path(output).suffix, size, title=title)
    write_atomically(Path(output), data, keep_backup=False, shared=True)
