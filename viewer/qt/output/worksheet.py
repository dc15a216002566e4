"""Worksheets: the schematic with numbered blank labels, and the answer key, as PDF or PNG.

A PDF has the worksheet on page 1 and the answer key on page 2, drawn as vectors. A PNG
export writes two images, `NAME.png` (the worksheet) and `NAME-key.png` (the key), so
that the sheet can be handed out without its answers. Each number sits in the empty box
of the structure it stands for; the box itself is where the answer belongs, so no leader
line has to cross the drawing.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter, QPen
from PySide6.QtSvg import QSvgRenderer

from viewer import APP_NAME
from viewer.model.pack import Pack
from viewer.model.storage import write_atomically
from viewer.model.worksheet import Numbering, Worksheet, worksheet
from viewer.qt.qapp import ensure_application

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "a3": QPageSize.PageSizeId.A3, "letter": QPageSize.PageSizeId.Letter}
INK = QColor("#1f2933")
MUTED = QColor("#52606d")
BADGE = QColor("#1f2933")
PDF_DPI = 300
PNG_WIDTH = 3200
KEY_PNG_WIDTH = 2000


def key_path(output: Path) -> Path:
    """Where a PNG export puts the answer key: beside the worksheet, `-key` added."""
    return output.with_name(f"{output.stem}-key{output.suffix}")


def _font(pixels: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _header(painter: QPainter, rect: QRectF, title: str, subtitle: str) -> float:
    """Title and a line for the student's name; returns the height used."""
    unit = rect.width() / 100
    painter.setPen(INK)
    painter.setFont(_font(unit * 2.0, bold=True))
    line = QFontMetricsF(painter.font()).height()
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line * 2.4), Qt.TextFlag.TextWordWrap, title)
    used = QFontMetricsF(painter.font()).boundingRect(QRectF(0, 0, rect.width(), 1e6), Qt.TextFlag.TextWordWrap, title).height()
    painter.setPen(MUTED)
    painter.setFont(_font(unit * 1.25))
    small = QFontMetricsF(painter.font()).height()
    painter.drawText(QRectF(rect.left(), rect.top() + used + small * 0.3, rect.width(), small * 1.2), subtitle)
    return used + small * 2.0


def paint_sheet(painter: QPainter, rect: QRectF, renderer: QSvgRenderer, sheet: Worksheet) -> QRectF:
    """The worksheet: a header, the unlabelled diagram fitted below it, and the numbers.

    Returns where the diagram (`sheet.crop`) was drawn.
    """
    count = len(sheet.entries)
    top = _header(painter, rect, sheet.title, f"Name: ______________________    Write the name of each numbered structure (1–{count}).")
    area = QRectF(rect.left(), rect.top() + top, rect.width(), rect.height() - top)
    cx, cy, cw, ch = sheet.crop
    scale = min(area.width() / cw, area.height() / ch)
    target = QRectF(area.left() + (area.width() - cw * scale) / 2, area.top(), cw * scale, ch * scale)
    renderer.setViewBox(QRectF(cx, cy, cw, ch))
    painter.save()
    painter.setClipRect(target)
    renderer.render(painter, target)
    painter.restore()

    def to_page(x: float, y: float) -> tuple[float, float]:
        return target.left() + (x - cx) * scale, target.top() + (y - cy) * scale

    for entry in sheet.entries:
        x, y, _w, h = sheet.boxes[entry.id]
        # Badges are sized in diagram units, so they keep their place in the box at any page size.
        badge_h = 18.0 if entry.frame else min(h - 6, 22.0)
        text = str(entry.number)
        font = _font(badge_h * 0.78 * scale, bold=True)
        metrics = QFontMetricsF(font)
        badge_w = max(badge_h, metrics.horizontalAdvance(text) / scale + 10)
        # In a tall frame (the sciatic nerve's), the number goes where its title was.
        by = y + 3 if entry.frame else y + (h - badge_h) / 2
        left, upper = to_page(x + 4, by)
        box = QRectF(left, upper, badge_w * scale, badge_h * scale)
        path = QPainterPath()
        path.addRoundedRect(box, badge_h * scale * 0.3, badge_h * scale * 0.3)
        painter.fillPath(path, BADGE)
        painter.setPen(QColor("white"))
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    return target


def paint_key(painter: QPainter, rect: QRectF, sheet: Worksheet, *, min_columns: int = 1) -> float:
    """The answer key: number, name, Latin name and segments, in as many columns as it needs.

    Returns the bottom of what was drawn.
    """
    top = _header(painter, rect, f"Answer key — {sheet.title}", f"{len(sheet.entries)} structures · segments as drawn on the schematic")
    unit = rect.width() / 100
    name_font = _font(unit * 1.45)
    bold_font = _font(unit * 1.45, bold=True)
    small_font = _font(unit * 1.1, italic=True)
    row_h = QFontMetricsF(name_font).height() + QFontMetricsF(small_font).height() + unit * 0.6
    area = QRectF(rect.left(), rect.top() + top + unit, rect.width(), rect.height() - top - unit)
    rows = max(1, int(area.height() // row_h))
    columns = max(min_columns, math.ceil(len(sheet.entries) / rows))
    rows = math.ceil(len(sheet.entries) / columns) if sheet.entries else 0
    col_w = area.width() / max(columns, 1)
    number_w = QFontMetricsF(bold_font).horizontalAdvance("000") + unit * 0.6
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    top_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
    for i, (number, entry_name, entry_detail) in enumerate(sheet.key_lines()):
        col, row = divmod(i, rows)
        x = area.left() + col * col_w
        y = area.top() + row * row_h
        painter.setPen(INK)
        painter.setFont(bold_font)
        painter.drawText(QRectF(x, y, number_w - unit * 0.6, row_h), top_right, number)
        painter.setFont(name_font)
        text_w = col_w - number_w - unit
        metrics = QFontMetricsF(name_font)
        name = metrics.elidedText(entry_name, Qt.TextElideMode.ElideRight, text_w)
        painter.drawText(QRectF(x + number_w, y, text_w, row_h), top_left, name)
        painter.setPen(MUTED)
        painter.setFont(small_font)
        detail = QFontMetricsF(small_font).elidedText(entry_detail, Qt.TextElideMode.ElideRight, text_w)
        painter.drawText(QRectF(x + number_w, y + metrics.height(), text_w, row_h), top_left, detail)
    if columns > 1:
        painter.setPen(QPen(QColor("#cbd2d9"), max(1.0, unit * 0.05)))
        for c in range(1, columns):
            x = area.left() + c * col_w - unit * 0.5
            painter.drawLine(int(x), int(area.top()), int(x), int(area.top() + rows * row_h))
    return area.top() + rows * row_h


def _hints(painter: QPainter) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )


def pdf_bytes(sheet: Worksheet, page: str = "a4") -> bytes:
    """A two-page PDF: the worksheet, then the answer key."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageSize(QPageSize(PAGE_SIZES[page]))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(sheet.title)
    writer.setCreator(APP_NAME)
    renderer = QSvgRenderer(QByteArray(sheet.svg))
    painter = QPainter(writer)
    _hints(painter)
    rect = QRectF(0, 0, writer.width(), writer.height())
    paint_sheet(painter, rect, renderer, sheet)
    writer.newPage()
    paint_key(painter, rect, sheet, min_columns=2 if len(sheet.entries) > 24 else 1)
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def sheet_image(sheet: Worksheet, width: int = PNG_WIDTH) -> QImage:
    return render_sheet(sheet, width)[0]


def render_sheet(sheet: Worksheet, width: int = PNG_WIDTH) -> tuple[QImage, QRectF]:
    """The worksheet as an image `width` pixels wide, and where in it the diagram lies."""
    margin = width * 0.03
    _, _, cw, ch = sheet.crop
    inner = width - 2 * margin
    header = inner * 0.06
    height = int(inner * ch / cw + header + 2 * margin)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    _hints(painter)
    target = paint_sheet(painter, QRectF(margin, margin, inner, height - 2 * margin), QSvgRenderer(QByteArray(sheet.svg)), sheet)
    painter.end()
    return image, target


def key_image(sheet: Worksheet, width: int = KEY_PNG_WIDTH) -> QImage:
    margin = width * 0.04
    inner = width - 2 * margin
    columns = 2 if len(sheet.entries) > 24 else 1
    rows = math.ceil(len(sheet.entries) / columns)
    height = int(2 * margin + inner * (0.12 + rows * 0.05))  # generous; cut to what is drawn below
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    _hints(painter)
    bottom = paint_key(painter, QRectF(margin, margin, inner, height - 2 * margin), sheet, min_columns=columns)
    painter.end()
    return image.copy(0, 0, width, min(height, int(bottom + margin)))


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode the PNG")
    buffer.close()
    return bytes(buffer.data().data())


def export_worksheet(
    pack: Pack,
    output: Path,
    *,
    select: str | None = None,
    numbering: Numbering = Numbering.NERVES,
    page: str = "a4",
) -> tuple[Worksheet, list[Path]]:
    """Write the worksheet and its key (PDF: one file, two pages; PNG: two files); return what was written."""
    ensure_application(offscreen=True)
    sheet = worksheet(pack, pack.svg_data, numbering=numbering, select=select)
    output = Path(output)
    if output.suffix.lower() == ".pdf":
        write_atomically(output, pdf_bytes(sheet, page), keep_backup=False, shared=True)
        return sheet, [output]
    write_atomically(output, png_bytes(sheet_image(sheet)), keep_backup=False, shared=True)
    write_atomically(key_path(output), png_bytes(key_image(sheet)), keep_backup=False, shared=True)
    return sheet, [output, key_path(output)]
