"""The divisions layer: which nerves come from anterior and which from posterior divisions.

Every division, nerve and branch whose fibres pass through a division gets an outline
and a chip: anterior divisions in blue with a single outline and an "ANT" chip, posterior
divisions in dark orange with a double outline and a "POST" chip; a nerve with both
(sciatic, posterior femoral cutaneous, sural) gets both chips. Colour is never the only
cue. A small legend explains the marks.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from viewer.model.divisions import Division, nerves_by_division
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.qt.canvas.overlay_kit import Z, chip, place, ring

COLOURS = {Division.ANTERIOR: QColor("#0b4f9c"), Division.POSTERIOR: QColor("#a3420b")}
CHIPS = {Division.ANTERIOR: "ANT", Division.POSTERIOR: "POST"}
BOTH = QColor("#3e4c59")
#: Where the legend sits in the schematic: the empty band left of the sacral rami, above S4.
LEGEND_AT = (240.0, 1855.0)


#: Where a chip's text keeps its chip (QGraphicsItem.data key).
_CHIP_OF = 0


def _chip(text: str, colour: QColor, x: float, y: float, size: int = 11) -> tuple[QGraphicsRectItem, QGraphicsSimpleTextItem]:
    made = chip(text, colour, pixels=size)
    place(made, x, y)
    made[1].setData(_CHIP_OF, made[0])  # a chip and its text are shown and hidden together
    return made


def _outline(bounds: QRectF, colour: QColor, double: bool) -> list[QGraphicsPathItem]:
    """One outline (anterior, both) or two (posterior), so the division reads without colour too."""
    return [
        ring(bounds, QPen(colour, width), margin=margin, radius=7 + margin / 2)
        for margin, width in (((4.0, 2.2), (8.0, 1.4)) if double else ((4.0, 2.6),))
    ]


class DivisionsLayer:
    """Every division mark, one group per structure, and the legend; hidden until shown.

    With a pathway lit, the marks of lit structures stay above the veil and the others
    sink below it, so the layer does not compete with the trace.
    """

    def __init__(self, pack: Pack, renderer: QSvgRenderer, hidden: Collection[str] = ()) -> None:
        self.marks: dict[str, QGraphicsItemGroup] = {}
        for sid, divisions in nerves_by_division(pack).items():
            if sid in hidden or not renderer.elementExists(sid):
                continue
            bounds = renderer.transformForElement(sid).mapRect(renderer.boundsOnElement(sid))
            self.marks[sid] = _group(_marks(bounds, divisions, pack.structures[sid].kind is Kind.DIVISION))
        self.legend = _group(_legend())
        self.visible = False
        self.set_visible(False)

    def groups(self) -> list[QGraphicsItemGroup]:
        return [*self.marks.values(), self.legend]

    def add_to(self, scene: QGraphicsScene) -> None:
        for group in self.groups():
            scene.addItem(group)

    def remove_from(self, scene: QGraphicsScene) -> None:
        for group in self.groups():
            scene.removeItem(group)

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        for group in self.groups():
            group.setVisible(visible)

    def set_scale(self, scale: float, min_pixels: float) -> None:
        """Hide the chips and words whose text would be under `min_pixels` tall at `scale` (the outlines stay)."""
        for group in self.groups():
            for item in group.childItems():
                if isinstance(item, QGraphicsSimpleTextItem):
                    legible = item.font().pixelSize() * scale >= min_pixels
                    item.setVisible(legible)
                    partner = item.data(_CHIP_OF)
                    if isinstance(partner, QGraphicsItem):
                        partner.setVisible(legible)

    def emphasise(self, lit: Collection[str] | None) -> None:
        """Keep the marks of `lit` structures above the veil (all of them when None)."""
        for sid, group in self.marks.items():
            group.setZValue(Z.DIVISIONS if lit is None or sid in lit else Z.UNDER_VEIL)


def _group(items: list[QGraphicsItem]) -> QGraphicsItemGroup:
    group = QGraphicsItemGroup()
    for item in items:
        group.addToGroup(item)
    group.setZValue(Z.DIVISIONS)
    return group


def _marks(bounds: QRectF, divisions: frozenset[Division], is_division: bool) -> list[QGraphicsItem]:
    """The outline and chips of one structure.

    The division boxes themselves are named "anterior"/"posterior" and stacked tightly,
    so they get a coloured outline only; every nerve and branch gets an outline and chip(s).
    """
    both = len(divisions) > 1
    (only,) = divisions if not both else (None,)
    colour = BOTH if only is None else COLOURS[only]
    if is_division:
        return list(_outline(bounds.adjusted(1.5, 1.5, -1.5, -1.5), colour, double=False))
    items: list[QGraphicsItem] = list(_outline(bounds, colour, double=only is Division.POSTERIOR))
    chips = [_chip(CHIPS[d], COLOURS[d], 0, 0) for d in Division if d in divisions]
    x = bounds.right() - sum(rect.rect().width() + 2 for rect, _ in chips)
    for made in chips:
        place(made, x, bounds.top() - 9)
        items.extend(made)
        x += made[0].rect().width() + 2
    return items


def _legend() -> list[QGraphicsItem]:
    """The key, large enough to read with the whole schematic in view."""
    x, y = LEGEND_AT
    font = QFont()
    font.setPixelSize(22)
    font.setBold(True)
    title = QGraphicsSimpleTextItem("Divisions of the ventral rami")
    title.setFont(font)
    title.setBrush(QColor("#1f2933"))
    title.setPos(x + 20, y + 16)
    box = QGraphicsRectItem(QRectF(x, y, 820, 280))
    box.setBrush(QColor(255, 255, 255, 240))
    box.setPen(QPen(QColor("#52606d"), 1.5))
    items: list[QGraphicsItem] = [box, title]
    body = QFont()
    body.setPixelSize(18)
    rows = (
        (
            Division.ANTERIOR,
            "Anterior divisions: flexor nerves — obturator, tibial, pudendal,\nnerves to quadratus femoris and obturator internus",
        ),
        (
            Division.POSTERIOR,
            "Posterior divisions: extensor and abductor nerves — femoral,\ncommon fibular, gluteal nerves, lateral femoral cutaneous",
        ),
        (None, "Both: sciatic, posterior femoral cutaneous, sural"),
    )
    row_y = y + 64
    for division, text in rows:
        sample = QRectF(x + 26, row_y + 6, 60, 30)
        if division is None:
            items.extend(_outline(sample, BOTH, double=False))
            chip, label = _chip("ANT", COLOURS[Division.ANTERIOR], sample.right() + 18, row_y + 10, size=15)
            chip2, label2 = _chip("POST", COLOURS[Division.POSTERIOR], chip.rect().right() + 4, row_y + 10, size=15)
            items.extend((chip, label, chip2, label2))
            text_x = chip2.rect().right() + 14
        else:
            items.extend(_outline(sample, COLOURS[division], double=division is Division.POSTERIOR))
            chip, label = _chip(CHIPS[division], COLOURS[division], sample.right() + 18, row_y + 10, size=15)
            items.extend((chip, label))
            text_x = sample.right() + 96
        caption = QGraphicsSimpleTextItem(text)
        caption.setFont(body)
        caption.setBrush(QColor("#1f2933"))
        caption.setPos(text_x, row_y)
        items.append(caption)
        row_y += 72 if "\n" in text else 48
    return items
