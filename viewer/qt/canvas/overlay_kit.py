"""The overlay toolkit: the chips, rings and veils every view lays over a drawing, and the
one table of how they stack.

The segment tags of a trace, the divisions layer's ANT/POST chips, lesion mode's state
words, study mode's name tags and the skin map's segment chips are all `chip`s; the ring
round a selection, a cut, a study answer or a division is a `ring`; the faint layer over
whatever is not lit is a `veil`. A view positions them; how they look is decided here.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsSimpleTextItem


class Z:
    """How overlay items stack, bottom to top, on the schematic and on the skin map."""

    #: Division marks of structures that are not lit sink under the veil.
    UNDER_VEIL = 0.9
    VEIL = 1.0
    #: Lit strands (schematic) and lit regions (skin map).
    STRANDS = REGIONS = 2.0
    COMPOSITES = 2.5
    #: Lit boxes and labels redrawn above the veil; the skin map's outline.
    NODES = OUTLINE = 3.0
    DIVISIONS = 3.6
    #: Chips, rings and tags; the skin map's labels.
    MARKS = LABELS = 4.0
    #: The skin map's segment chips, above its labels.
    SKIN_CHIPS = 5.0
    #: Study mode's rings and name tags, above everything the diagram shows.
    STUDY = 6.0
    #: The keyboard focus ring (the arrow keys' route), above all else: it must never be hidden.
    FOCUS = 7.0


def bold_font(pixels: int, bold: bool = True) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def chip(
    text: str,
    fill: QColor | str,
    *,
    pixels: int = 11,
    ink: QColor | str = "#ffffff",
    pad_x: float = 4.0,
    pad_y: float = 1.0,
    height: float | None = None,
    outline: QPen | None = None,
) -> tuple[QGraphicsRectItem, QGraphicsSimpleTextItem]:
    """A filled chip with `text` centred in it, its top left at (0, 0) of the chip's rect.

    Returns the chip and its text as separate items (the text is not a child: callers that
    keep chips a fixed size on screen parent it themselves). Move both with `place`.
    """
    label = QGraphicsSimpleTextItem(text)
    label.setFont(bold_font(pixels))
    label.setBrush(QColor(ink))
    bounds = label.boundingRect()
    h = bounds.height() + 2 * pad_y if height is None else height
    rect = QGraphicsRectItem(QRectF(0, 0, bounds.width() + 2 * pad_x, h))
    rect.setBrush(QBrush(QColor(fill)))
    rect.setPen(outline if outline is not None else QPen(Qt.PenStyle.NoPen))
    label.setPos(pad_x, (h - bounds.height()) / 2)
    return rect, label


def place(chip_items: tuple[QGraphicsRectItem, QGraphicsSimpleTextItem], x: float, y: float, z: float = Z.MARKS) -> None:
    """Put a chip's top left at (x, y) in scene units, its text just above it."""
    rect, label = chip_items
    offset = label.pos()
    r = rect.rect()
    rect.setRect(QRectF(x, y, r.width(), r.height()))
    label.setPos(x + offset.x(), y + offset.y())
    rect.setZValue(z)
    label.setZValue(z + 0.1)


def fixed_size(chip_items: tuple[QGraphicsRectItem, QGraphicsSimpleTextItem]) -> QGraphicsRectItem:
    """The chip as one item the same size on screen at any zoom (its text becomes its child)."""
    rect, label = chip_items
    label.setParentItem(rect)
    rect.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    return rect


def ring(bounds: QRectF, pen: QPen, *, margin: float = 5.0, radius: float = 9.0) -> QGraphicsPathItem:
    """A rounded outline `margin` outside `bounds`."""
    path = QPainterPath()
    path.addRoundedRect(bounds.adjusted(-margin, -margin, margin, margin), radius, radius)
    item = QGraphicsPathItem(path)
    item.setPen(pen)
    return item


def veil(rect: QRectF, page: QColor | str, alpha: int) -> QGraphicsRectItem:
    """A layer of the page's colour over `rect`, so that what lies under it reads as faint."""
    colour = QColor(page)
    colour.setAlpha(alpha)
    item = QGraphicsRectItem(rect)
    item.setBrush(QBrush(colour))
    item.setPen(QPen(Qt.PenStyle.NoPen))
    item.setZValue(Z.VEIL)
    return item
