"""The presentation look, drawn for the back row of a lecture hall.

The schematic's own labels are about 13 scene units high in a diagram some 2,500 units
tall: fitted to a projector they come out at 5–10 pixels, unreadable beyond the front
row. So presentation mode (and `export --present`) frames the lit pathway, and draws
over it, in device pixels:

- a label for every revealed structure, at least 2.2% of the screen height (24 px at
  1080 lines, 48 px at 2160), on a plate that contrasts with the theme; muscles and skin
  get theirs beside their box, nerves and roots on their box (where the small label is),
  pushed apart vertically so that no two overlap, with a leader line when moved;
- a caption bar along the bottom reading out the chain of what is lit, the newest hop
  emphasised, with the lesson's caption above it;
- with nothing selected, the pack's title and what to do next.

The same painter serves the window (an overlay widget above the canvas) and exports
(painted onto the image after the scene), so slides match the hall.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextDocument, QTransform

from viewer.model.hop_chain import Caption, Role
from viewer.model.pack import Pack
from viewer.model.records import TARGET_KINDS, Kind
from viewer.model.tracing import Trace
from viewer.palette import segment_style
from viewer.qt.canvas.scene import SchematicScene
from viewer.themes import CanvasTheme

#: Labels and caption text are at least this fraction of the screen height…
LABEL_FRACTION = 0.022
#: …and never smaller than this many pixels.
LABEL_MIN_PIXELS = 24
#: The widest a label may be, as a fraction of the screen width (longer names are elided).
LABEL_MAX_WIDTH = 0.3
#: A label's plate reaches this far above and below its text, and labels keep this far apart (× the pixel size).
LABEL_PAD, LABEL_GAP = 0.06, 0.2
#: Margin round the framed pathway, as a fraction of the screen height.
FRAME_MARGIN = 0.03
#: More muscle and skin labels than this and they are named by compartment ("Anterior thigh (5)").
GROUP_OVER = 12
#: Framing never magnifies the schematic more than this (a single box would fill the hall).
MAX_SCALE = 3.0
#: The newest hop's accent: Okabe–Ito yellow, which no root colour uses. On black it
#: colours the borders and words; on white, where yellow lines vanish, it is a
#: highlighter behind black ink.
ACCENT_ON_DARK, HIGHLIGHTER_ON_LIGHT = "#F0E442", "#FFE74C"


def label_pixel_size(screen_height: int) -> int:
    """The label font's pixel size for a screen `screen_height` pixels high."""
    return max(LABEL_MIN_PIXELS, math.ceil(LABEL_FRACTION * screen_height))


def label_font(pixel_size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.DemiBold)
    return font


@dataclass(frozen=True)
class HallFrame:
    """Everything the hall painter needs to know about the moment."""

    shown: Trace | None
    newest: frozenset[str] = frozenset()
    caption: Caption | None = None
    lesson_caption: str = ""
    #: Small print at the caption bar's right: the step and the lesson position.
    position: str = ""
    #: What a bare screen says: the lesson title or the pack's.
    title: str = ""
    prompt: str = ""


@dataclass
class PlacedLabel:
    structure_id: str
    text: str
    rect: QRectF
    anchor: QRectF
    newest: bool
    selected: bool


@dataclass
class HallLayout:
    """Where the last paint put things, in device pixels (tests and reports read it)."""

    label_pixels: int = 0
    labels: list[PlacedLabel] = field(default_factory=list)
    caption_rect: QRectF = field(default_factory=QRectF)
    caption_pixels: int = 0


def accent(theme: CanvasTheme) -> QColor:
    """The colour of the newest hop's borders and words."""
    return QColor(ACCENT_ON_DARK if theme.dark else theme.ink)


def highlighter(theme: CanvasTheme) -> QColor | None:
    """The fill behind the newest hop's words, where the theme needs one."""
    return None if theme.dark else QColor(HIGHLIGHTER_ON_LIGHT)


class HallPainter:
    """Paints labels, caption and prompt over a schematic drawn with a known transform."""

    def __init__(self, pack: Pack, scene: SchematicScene) -> None:
        self.pack = pack
        self.scene = scene
        self._styles = {seg: segment_style(i) for i, seg in enumerate(pack.segments)}
        self.layout = HallLayout()
        #: How many columns the muscle and skin labels take (set when the pathway is framed).
        self.columns = 1

    # ---- framing --------------------------------------------------------------
    def caption_height(self, frame: HallFrame, width: float, height: float) -> float:
        """How tall the caption bar is for `frame` on a width × height screen."""
        if frame.shown is None and not frame.lesson_caption:
            return 0.0
        doc = self._caption_document(frame, width, height)
        return doc.size().height() + 2 * self._pad(height)

    def frame_transform(self, frame: HallFrame, whole: Trace | None, width: float, height: float) -> QTransform:
        """Scene → device: the whole pathway `whole` framed above the caption bar, with room for labels."""
        px = label_pixel_size(int(height))
        margin = FRAME_MARGIN * height
        bottom = height - self.caption_height(frame, width, height)
        scene_rect = self.scene.sceneRect()
        if whole is None:
            box = scene_rect
            right_room = 0.0
        else:
            box = self._bounds(whole)
            metrics = QFontMetricsF(label_font(px))
            targets = self._targets(whole)
            # one column of target labels if they fit above the caption bar, else two side by side
            self.columns = 1 if len(targets) * self._row_height(px) <= bottom - 2 * margin else 2
            widths = [metrics.horizontalAdvance(self.label_text(s, metrics, width)) + px for s in targets]
            right_room = max(widths, default=0.0) * self.columns
        area = QRectF(margin, margin, max(width - 2 * margin - right_room, width * 0.3), max(bottom - 2 * margin, height * 0.3))
        scale = min(
            area.width() / box.width(),
            area.height() / box.height(),
            MAX_SCALE * min(width / scene_rect.width(), height / scene_rect.height()),
        )
        dx = area.center().x() - box.center().x() * scale
        dy = area.center().y() - box.center().y() * scale
        if whole is None:
            dx = width / 2 - box.center().x() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def _targets(self, trace: Trace) -> list[str]:
        """The muscles and skin territories of `trace` that get a label (composites go by their parts)."""
        return [s for s in trace.structures if self.pack.structures[s].kind in TARGET_KINDS and not self.pack.structures[s].parts]

    @staticmethod
    def _row_height(px: int) -> float:
        """The height one label takes in a column, its gap included."""
        metrics = QFontMetricsF(label_font(px))
        return metrics.height() + 2 * px * LABEL_PAD + px * LABEL_GAP * 0.6 * 1.01

    def _bounds(self, trace: Trace) -> QRectF:
        geometry = self.scene.geometry
        box = QRectF()
        for sid in trace.structures:
            rect = geometry.boxes.get(sid) if geometry is not None else None
            if rect is None:
                rect = self.scene.renderer.boundsOnElement(sid)
            if not rect.isEmpty():
                box = box.united(rect)
        return box.adjusted(-12, -12, 12, 12) if not box.isEmpty() else self.scene.sceneRect()

    # ---- painting ---------------------------------------------------------------
    def paint(self, painter: QPainter, frame: HallFrame, transform: QTransform, width: float, height: float) -> HallLayout:
        """Paint the overlay for `frame` on a width × height device where the scene is drawn with `transform`."""
        theme = self.scene.theme
        px = label_pixel_size(int(height))
        self.layout = HallLayout(label_pixels=px)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        bottom = height - self.caption_height(frame, width, height)
        if frame.shown is not None:
            self._paint_labels(painter, frame, transform, width, bottom, px, theme)
        elif frame.title:
            self._paint_title(painter, frame, width, height, px, theme)
        if frame.shown is not None or frame.lesson_caption:
            self._paint_caption(painter, frame, width, height, theme)
        painter.restore()
        return self.layout

    def label_text(self, structure_id: str, metrics: QFontMetricsF, width: float) -> str:
        # "(sacral plexus)" and the like say where the box is; on the box it goes without saying
        name = re.sub(r"\s*\([^)]*\)$", "", self.pack.structures[structure_id].name)
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, LABEL_MAX_WIDTH * width)

    def _paint_labels(
        self, painter: QPainter, frame: HallFrame, transform: QTransform, width: float, bottom: float, px: int, theme: CanvasTheme
    ) -> None:
        assert frame.shown is not None
        geometry = self.scene.geometry
        if geometry is None:
            return
        font = label_font(px)
        metrics = QFontMetricsF(font)
        pad_x, pad_y = px * 0.35, px * LABEL_PAD
        height = metrics.height() + 2 * pad_y
        gap = px * LABEL_GAP
        wanted: list[PlacedLabel] = []
        for sid in frame.shown.structures:
            structure = self.pack.structures[sid]
            if structure.parts and structure.kind is not Kind.NERVE:
                continue  # a composite muscle is labelled through its parts
            box = geometry.boxes.get(sid)
            if box is None:
                continue
            anchor = transform.mapRect(box)
            text = self.label_text(sid, metrics, width)
            w = metrics.horizontalAdvance(text) + 2 * pad_x
            if structure.kind in TARGET_KINDS:
                rect = QRectF(anchor.right() + gap, anchor.center().y() - height / 2, w, height)
            elif structure.parts:
                rect = QRectF(anchor.center().x() - w / 2, anchor.top() - height - gap / 2, w, height)
            else:
                rect = QRectF(anchor.center().x() - w / 2, anchor.center().y() - height / 2, w, height)
            if rect.left() < gap:
                rect.moveLeft(gap)
            if rect.right() > width - gap:
                rect.moveRight(width - gap)
            wanted.append(PlacedLabel(sid, text, rect, anchor, sid in frame.newest, sid == frame.shown.selected))
        targets = [lab for lab in wanted if self.pack.structures[lab.structure_id].kind in TARGET_KINDS]
        others = [lab for lab in wanted if lab not in targets]
        if len(targets) > GROUP_OVER:
            targets = self._grouped(targets, metrics, pad_x, gap, height, width)
        placed = self._columns_of(targets, width, bottom, gap, px)
        for label in sorted(others, key=lambda lab: (lab.rect.center().y(), lab.rect.left())):
            label.rect = _free_spot(label.rect, [p.rect for p in placed], gap * 0.6, bottom)
            placed.append(label)
        ink = QColor(theme.ink)
        plate = QColor(theme.background)
        plate.setAlpha(236)
        highlight = accent(theme)
        for label in placed:
            structure = self.pack.structures[label.structure_id]
            if structure.parts:
                continue  # a sheath's label sits on its top edge
            if abs(label.rect.center().y() - label.anchor.center().y()) > height * 0.6:
                painter.setPen(QPen(ink, max(2.0, px / 14)))
                if structure.kind in TARGET_KINDS:
                    start = QPointF(label.anchor.right(), label.anchor.center().y())
                    end = QPointF(label.rect.left(), label.rect.center().y())
                else:
                    # from the box to the nearest point of its label, pushed off to make room
                    start = label.anchor.center()
                    end = QPointF(
                        min(max(start.x(), label.rect.left()), label.rect.right()),
                        min(max(start.y(), label.rect.top()), label.rect.bottom()),
                    )
                painter.drawLine(start, end)
        for label in placed:
            structure = self.pack.structures[label.structure_id]
            border = QColor(ink)
            if structure.kind is Kind.SEGMENT:
                border = QColor(self._styles[structure.segments[0]][0])
            if label.newest:
                border = highlight
            fill, text_colour = (QColor(ink), QColor(theme.background)) if label.selected else (plate, ink)
            if label.newest and not label.selected and highlighter(theme) is not None:
                fill = highlighter(theme)
            painter.setPen(QPen(border, max(2.0, px / (6 if label.newest else 12))))
            painter.setBrush(fill)
            painter.drawRoundedRect(label.rect, px * 0.25, px * 0.25)
            painter.setFont(label_font(px, bold=label.newest or label.selected))
            painter.setPen(text_colour)
            painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)
        self.layout.labels = placed

    def _grouped(
        self, targets: list[PlacedLabel], metrics: QFontMetricsF, pad_x: float, gap: float, height: float, width: float
    ) -> list[PlacedLabel]:
        """More muscles and skin territories than the hall can read at once: one label per compartment.

        "Anterior thigh (5)" stands for the five lit muscles of that compartment, its leader line
        at the middle of their boxes; the selected structure and those the step has just revealed
        keep their own labels, and so does a compartment of one.
        """
        groups: dict[tuple[str, int], list[PlacedLabel]] = {}
        for label in targets:
            structure = self.pack.structures[label.structure_id]
            name = "Skin" if structure.kind is Kind.SKIN else structure.group or structure.name
            # one label per compartment in each column of the schematic (its leader lines stay short)
            column = round(label.anchor.left() / (width * 0.05))
            own = label.selected or label.newest  # what the step reveals is named as itself
            groups.setdefault((label.structure_id if own else name, column), []).append(label)
        out: list[PlacedLabel] = []
        for (name, _column), members in groups.items():
            if len(members) == 1:
                out.extend(members)
                continue
            anchor = QRectF(members[0].anchor)
            for member in members[1:]:
                anchor = anchor.united(member.anchor)
            text = f"{name} ({len(members)})"
            w = metrics.horizontalAdvance(text) + 2 * pad_x
            rect = QRectF(anchor.right() + gap, anchor.center().y() - height / 2, w, height)
            first = min(members, key=lambda m: m.anchor.top())
            out.append(PlacedLabel(first.structure_id, text, rect, anchor, any(m.newest for m in members), False))
        return out

    def _columns_of(self, labels: list[PlacedLabel], width: float, bottom: float, gap: float, px: int) -> list[PlacedLabel]:
        """Muscle and skin labels in tidy columns beside their boxes, in their boxes' order, none overlapping.

        Boxes in one column of the schematic share a label column. Each label goes level with
        its box if it can; labels are pushed down past the one above, then, if the column runs
        into the caption bar, pulled back up from the bottom (keeping their order).
        """
        if not labels:
            return []
        row = self._row_height(px)
        top_limit = gap
        clusters: list[list[PlacedLabel]] = []
        # Boxes of one column of the schematic share their left edge (muscles and skin territories
        # differ in width): clustering by it keeps a column's labels in one stack, none over another.
        for label in sorted(labels, key=lambda lab: lab.anchor.left()):
            if clusters and label.anchor.left() - clusters[-1][0].anchor.left() < width * 0.05:
                clusters[-1].append(label)
            else:
                clusters.append([label])
        earlier: list[QRectF] = []
        for cluster in clusters:
            x = max(lab.anchor.right() for lab in cluster) + gap
            ordered = sorted(cluster, key=lambda lab: lab.anchor.center().y())
            half = (len(ordered) + 1) // 2
            # two columns: the upper boxes' labels first, the lower boxes' beyond them, so leader lines never cross
            columns = [ordered] if self.columns == 1 else [ordered[:half], ordered[half:]]
            for column in columns:
                ys = [lab.anchor.center().y() - lab.rect.height() / 2 for lab in column]
                for i in range(1, len(ys)):
                    ys[i] = max(ys[i], ys[i - 1] + row)
                limit = bottom - gap - row
                if ys and ys[-1] > limit:
                    ys[-1] = limit
                    for i in range(len(ys) - 2, -1, -1):
                        ys[i] = min(ys[i], ys[i + 1] - row)
                if ys and ys[0] < top_limit:
                    shift = top_limit - ys[0]
                    ys = [y + shift for y in ys]  # more labels than fit: keep the order, overflow at the bottom
                for label, y in zip(column, ys, strict=True):
                    label.rect.moveTo(x, y)
                x += max(lab.rect.width() for lab in column) + gap
            # On a small screen the columns of the schematic lie close: a label that would run
            # into the column to its left moves up or down clear of it.
            for label in cluster:
                label.rect = _free_spot(label.rect, earlier, gap * 0.6, bottom)
                earlier.append(label.rect)
        return list(labels)

    def _paint_title(self, painter: QPainter, frame: HallFrame, width: float, height: float, px: int, theme: CanvasTheme) -> None:
        big = label_font(int(px * 2.2), bold=True)
        small = label_font(int(px * 1.2))
        title_metrics, prompt_metrics = QFontMetricsF(big), QFontMetricsF(small)
        w = max(title_metrics.horizontalAdvance(frame.title), prompt_metrics.horizontalAdvance(frame.prompt)) + 3 * px
        h = title_metrics.height() + prompt_metrics.height() + 2.5 * px
        w = min(w, width * 0.94)
        rect = QRectF((width - w) / 2, (height - h) / 2, w, h)
        plate = QColor(theme.background)
        plate.setAlpha(236)
        painter.setPen(QPen(QColor(theme.ink), max(2.0, px / 10)))
        painter.setBrush(plate)
        painter.drawRoundedRect(rect, px * 0.5, px * 0.5)
        painter.setPen(QColor(theme.ink))
        painter.setFont(big)
        inner = rect.adjusted(px, px, -px, -px)
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), title_metrics.height()), Qt.AlignmentFlag.AlignCenter, frame.title
        )
        painter.setFont(small)
        painter.setPen(accent(theme))
        prompt_rect = QRectF(inner.left(), inner.bottom() - prompt_metrics.height(), inner.width(), prompt_metrics.height())
        painter.drawText(prompt_rect, Qt.AlignmentFlag.AlignCenter, frame.prompt)

    # ---- the caption bar -----------------------------------------------------------
    def _pad(self, height: float) -> float:
        return label_pixel_size(int(height)) * 0.6

    def caption_pixels(self, height: float) -> int:
        return math.ceil(label_pixel_size(int(height)) * 1.1)

    def _caption_document(self, frame: HallFrame, width: float, height: float) -> QTextDocument:
        theme = self.scene.theme
        px = self.caption_pixels(height)
        ink = QColor(theme.ink)
        dim = QColor(theme.ink)
        dim.setAlphaF(0.72)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(label_font(px))
        lines = []
        if frame.lesson_caption:
            lines.append(f'<div style="font-weight:700; color:{ink.name()}">{html.escape(frame.lesson_caption)}</div>')
        if frame.caption is not None:
            spans = []
            for part in frame.caption.parts:
                text = html.escape(part.text)
                if part.role is Role.NEWEST:
                    marker = highlighter(theme)
                    background = f"; background-color:{marker.name()}" if marker is not None else ""
                    spans.append(f'<span style="font-weight:800; color:{accent(theme).name()}{background}">{text}</span>')
                elif part.role is Role.AHEAD:
                    spans.append(f'<span style="color:{dim.name(QColor.NameFormat.HexArgb)}; font-style:italic">{text}</span>')
                else:
                    spans.append(f'<span style="color:{ink.name()}">{text}</span>')
            arrow = f'<span style="color:{dim.name(QColor.NameFormat.HexArgb)}"> → </span>'
            body = arrow.join(spans)
            if frame.caption.more:
                body += (
                    f'<span style="color:{dim.name(QColor.NameFormat.HexArgb)}">&nbsp;&nbsp;+&nbsp;{frame.caption.more}&nbsp;more</span>'
                )
            lines.append(f"<div>{body}</div>")
        doc.setHtml("".join(lines))
        doc.setTextWidth(max(width - 2 * self._pad(height) - self._position_width(frame, height), width * 0.5))
        return doc

    def _position_width(self, frame: HallFrame, height: float) -> float:
        if not frame.position:
            return 0.0
        return QFontMetricsF(label_font(label_pixel_size(int(height)))).horizontalAdvance(frame.position) + 2 * self._pad(height)

    def _paint_caption(self, painter: QPainter, frame: HallFrame, width: float, height: float, theme: CanvasTheme) -> None:
        doc = self._caption_document(frame, width, height)
        pad = self._pad(height)
        bar_h = doc.size().height() + 2 * pad
        bar = QRectF(0, height - bar_h, width, bar_h)
        fill = QColor(theme.background)
        fill.setAlpha(245)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRect(bar)
        painter.setPen(QPen(accent(theme), max(2.0, height / 540)))
        painter.drawLine(bar.topLeft(), bar.topRight())
        painter.save()
        painter.translate(pad, bar.top() + pad)
        doc.drawContents(painter, QRectF(QPointF(0, 0), QSizeF(doc.size())))
        painter.restore()
        if frame.position:
            px = label_pixel_size(int(height))
            painter.setFont(label_font(px))
            dim = QColor(theme.ink)
            dim.setAlphaF(0.72)
            painter.setPen(dim)
            painter.drawText(bar.adjusted(pad, pad, -pad, -pad), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, frame.position)
        self.layout.caption_rect = bar
        self.layout.caption_pixels = self.caption_pixels(height)


def _free_spot(rect: QRectF, taken: list[QRectF], gap: float, bottom: float) -> QRectF:
    """`rect` moved the least distance up or down so that it overlaps none of `taken`."""

    def clashes(r: QRectF) -> list[QRectF]:
        grown = r.adjusted(-gap, -gap, gap, gap)
        return [t for t in taken if grown.intersects(t)]

    if not clashes(rect):
        return rect
    down = QRectF(rect)
    for _ in range(len(taken) + 1):
        hit = clashes(down)
        if not hit:
            break
        down.moveTop(max(t.bottom() for t in hit) + gap * 1.01)
    up = QRectF(rect)
    for _ in range(len(taken) + 1):
        hit = clashes(up)
        if not hit:
            break
        up.moveBottom(min(t.top() for t in hit) - gap * 1.01)
    candidates = [r for r in (down, up) if not clashes(r) and r.top() >= 0 and r.bottom() <= bottom]
    if not candidates:
        candidates = [r for r in (down, up) if not clashes(r)] or [down]
    return min(candidates, key=lambda r: abs(r.center().y() - rect.center().y()))
