"""The schematic's background as map viewers draw theirs: tiles rendered per zoom level.

QtSvg takes 20–50 ms to render the whole drawing, far more than a 60 Hz frame. So the view
keeps square image tiles of the drawing, rendered at the exact scale they are shown at, and
a frame only copies them onto the screen. A pan reuses the tiles it already has. A zoom shows
at once the tiles of the nearest level it has, scaled, and sharpens them afterwards: when
the view has rested for a moment, short slices on the GUI thread (a timer, one tile each)
render the new level, nearest the middle of the view first, then one ring around it for
the next pan. (QtSvg keeps Python's lock while it renders, so a worker thread
would stall the frames just the same.)

Each tile is drawn by the scene's own `drawBackground`, the one that exports and the cached
view used, so the picture is the same; a tile is placed on whole device pixels, and the
sub-pixel part of the view's offset is part of its level. Whenever the scene's background
changes (theme, palette, hidden elements, study's unlabelled copy) it counts a new
generation, and every tile of the old one is forgotten. The drawing shown with or without its
own text (see the label layer) are two variants of one generation: each keeps its tiles, and a
zoom across the size where the text turns on or off shows the other variant's tiles, scaled,
until its own are ready, instead of rendering the whole view at once (zooming in, the scene
keeps its fixed-size labels until then: see `SchematicScene.text_pending`).

A zoom out shows more of the drawing than any zoomed-in level holds. So once the view's own
tiles are ready, the next slices make sure that a level holding the whole drawing exists (the
fitted view's, or a preview) before they render a ring for the next pan: a zoom never waits
for QtSvg.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsView

    from viewer.qt.canvas.scene import SchematicScene

#: Tile side in device pixels.
TILE = 512
#: The most pixels one sharpening slice renders: one tile, about 4–6 ms of QtSvg here.
SLICE_PIXELS = TILE * TILE
#: The view rests this long after a zoom or pan step before tiles are rendered (a gesture renders nothing in between).
SETTLE_MS = 70
#: A level no larger than this (a 4K screen, in whole tiles) that holds the whole drawing is kept as the fallback of last resort.
PREVIEW_PIXELS = 12_000_000
#: The longest side, in pixels, of the preview rendered when no complete level is left (after a theme change while zoomed in).
PREVIEW_SIDE = 2048
#: Scaled tiles are smoothed when a frame fills at most this many device pixels (nearest beyond: it is quicker).
SMOOTH_PIXELS = 2_400_000

#: A level's key: the background variant, the scale and the sub-pixel offset.
Key = tuple[object, float, float, float]


@dataclass
class Level:
    """The tiles of one zoom level of one background variant: `scale` device pixels per scene unit, offset by (fx, fy)."""

    scale: float
    fx: float
    fy: float
    variant: object = None
    tiles: dict[tuple[int, int], QImage] = field(default_factory=dict)
    used: int = 0

    def span(self, rect: QRectF) -> tuple[int, int, int, int]:
        """The tiles (first column, first row, last column, last row) covering scene `rect`."""
        s = self.scale
        return (
            math.floor((rect.left() * s + self.fx) / TILE),
            math.floor((rect.top() * s + self.fy) / TILE),
            math.ceil((rect.right() * s + self.fx) / TILE) - 1,
            math.ceil((rect.bottom() * s + self.fy) / TILE) - 1,
        )

    def scene_rect(self, i: int, j: int, columns: int = 1, rows: int = 1) -> QRectF:
        s = self.scale
        return QRectF((i * TILE - self.fx) / s, (j * TILE - self.fy) / s, columns * TILE / s, rows * TILE / s)

    def pixels(self) -> int:
        return len(self.tiles) * TILE * TILE


@dataclass(frozen=True)
class Frame:
    """Where the view stands: its level, and the whole device pixels the level is shifted by."""

    key: Key
    scale: float
    fx: float
    fy: float
    ox: int
    oy: int
    dpr: float


class TiledBackground(QObject):
    """Paints a view's background from tiles, and sharpens them between frames."""

    def __init__(self, view: QGraphicsView, scene: SchematicScene) -> None:
        super().__init__(view)
        self.view = view
        self.scene = scene
        self.levels: dict[Key, Level] = {}
        #: The render hints tiles are drawn with: the view's at rest.
        self.hints = view.renderHints()
        self._generation = scene.background_generation
        self._tick = 0
        self._last_key: Key | None = None
        self._last_place: tuple[Key, int, int] | None = None
        self._moved_at = 0.0
        #: The preview level being rendered, kept while it is.
        self._building: Key | None = None
        #: Tiles rendered so far, and how long the last sharpening slice took (ms).
        self.rendered = 0
        self.last_slice_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._slice)

    # ---- where the view stands -----------------------------------------------------------
    def _frame(self) -> Frame | None:
        vt = self.view.viewportTransform()
        s = vt.m11()
        if s <= 0 or vt.m12() or vt.m21() or abs(vt.m22() - s) > 1e-9 * s:
            return None  # turned or stretched: the caller draws directly
        dpr = self.view.devicePixelRatioF()
        dx, dy = vt.dx() * dpr, vt.dy() * dpr
        ox, oy = math.floor(dx), math.floor(dy)
        fx, fy = round(dx - ox, 3), round(dy - oy, 3)
        if fx >= 1:
            fx, ox = 0.0, ox + 1
        if fy >= 1:
            fy, oy = 0.0, oy + 1
        scale = s * dpr
        return Frame((self._variant(), round(scale, 9), fx, fy), scale, fx, fy, ox, oy, dpr)

    def _variant(self) -> object:
        return getattr(self.scene, "background_variant", None)

    def _level(self, frame: Frame) -> Level:
        level = self.levels.get(frame.key)
        if level is None:
            level = self.levels[frame.key] = Level(frame.scale, frame.fx, frame.fy, frame.key[0])
        return level

    def _drawing_span(self, level: Level) -> tuple[int, int, int, int]:
        return level.span(self.scene.sceneRect())

    def _visible_span(self, level: Level, frame: Frame, rect: QRectF, ring: int = 0) -> tuple[int, int, int, int]:
        a = level.span(rect)
        d = self._drawing_span(level)
        return max(a[0] - ring, d[0]), max(a[1] - ring, d[1]), min(a[2] + ring, d[2]), min(a[3] + ring, d[3])

    def _check_generation(self) -> None:
        if self.scene.background_generation != self._generation:
            self._generation = self.scene.background_generation
            self.levels.clear()

    # ---- painting ------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF) -> bool:
        """Draw the background of scene rectangle `exposed`; False when this view cannot be tiled."""
        frame = self._frame()
        if frame is None:
            return False
        self._check_generation()
        level = self._level(frame)
        self._tick += 1
        level.used = self._tick
        i0, j0, i1, j1 = self._visible_span(level, frame, exposed)
        slots = [(i, j) for j in range(j0, j1 + 1) for i in range(i0, i1 + 1)]
        missing = [slot for slot in slots if slot not in level.tiles]
        # The nearest in scale first, the view's own variant before the other.
        others = sorted(
            (o for o in self.levels.values() if o is not level and o.tiles),
            key=lambda o: (o.variant != level.variant, abs(math.log(o.scale / level.scale))),
        )
        covers = {slot: self._cover(level, slot, others) for slot in missing}
        bare = [slot for slot, cover in covers.items() if cover is None]
        if bare:  # nothing to show there yet: render those tiles now, in one pass
            self._render(level, min(i for i, _ in bare), min(j for _, j in bare), max(i for i, _ in bare), max(j for _, j in bare))
            missing = [slot for slot in missing if slot not in level.tiles]
        painter.save()
        painter.resetTransform()
        dpr = frame.dpr
        # Outside the drawing's tiles: the page colour.
        d = self._drawing_span(level)
        grid = QRect(d[0] * TILE + frame.ox, d[1] * TILE + frame.oy, (d[2] - d[0] + 1) * TILE, (d[3] - d[1] + 1) * TILE)
        vt = self.view.viewportTransform()
        shown = vt.mapRect(exposed)
        device = QRectF(shown.x() * dpr, shown.y() * dpr, shown.width() * dpr, shown.height() * dpr).toAlignedRect()
        page = QColor(self.scene.theme.background)
        for r in QRegion(device).subtracted(QRegion(grid)):
            painter.fillRect(QRectF(r.x() / dpr, r.y() / dpr, r.width() / dpr, r.height() / dpr), page)
        for i, j in slots:
            image = level.tiles.get((i, j))
            if image is not None:
                painter.drawImage(QPointF((i * TILE + frame.ox) / dpr, (j * TILE + frame.oy) / dpr), image)
        if missing:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, device.width() * device.height() <= SMOOTH_PIXELS)
            by_cover: dict[int, list[tuple[int, int]]] = {}
            for slot in missing:
                by_cover.setdefault(id(covers[slot]), []).append(slot)
            for group in by_cover.values():
                self._draw_scaled(painter, frame, level, group, covers[group[0]])  # type: ignore[arg-type]
        painter.restore()
        if all(covers[slot] is None or covers[slot].variant == level.variant for slot in missing):  # type: ignore[union-attr]
            self._own_variant_shown()
        if (frame.key, frame.ox, frame.oy) != self._last_place:
            # Zoomed or panned: sharpening waits until the hand rests, so no slice lands between two frames of a gesture.
            self._last_key, self._last_place = frame.key, (frame.key, frame.ox, frame.oy)
            self._moved_at = time.monotonic()
        if not self._timer.isActive():
            self._timer.start(self._settling_ms())
        return True

    def _own_variant_shown(self) -> None:
        """The view shows the picture of its own variant (sharp or scaled): tell the scene, after this frame."""
        if getattr(self.scene, "text_pending", False):
            QTimer.singleShot(0, self.scene.text_drawn)

    def _settling_ms(self) -> int:
        """How long until the zoom has rested long enough to sharpen (0: it has)."""
        return max(0, math.ceil(SETTLE_MS - (time.monotonic() - self._moved_at) * 1e3))

    def _cover(self, level: Level, slot: tuple[int, int], others: list[Level]) -> Level | None:
        """The first of `others` (nearest in scale first) whose tiles cover `slot` of `level` entirely."""
        rect = level.scene_rect(*slot).intersected(self.scene.sceneRect())
        for other in others:
            i0, j0, i1, j1 = other.span(rect)
            if all((i, j) in other.tiles for j in range(j0, j1 + 1) for i in range(i0, i1 + 1)):
                return other
        return None

    def _draw_scaled(self, painter: QPainter, frame: Frame, level: Level, slots: list[tuple[int, int]], other: Level) -> None:
        """Fill `slots` of `level` with `other`'s tiles, scaled.

        Each piece is one source tile's part within one slot, drawn without a clip: Qt's fast
        scaling path (nearest, or bilinear) applies only to an unclipped or rectangle-clipped image.
        """
        s, so, dpr = level.scale, other.scale, frame.dpr
        drawing = self.scene.sceneRect()
        for slot in slots:
            rect = level.scene_rect(*slot)
            i0, j0, i1, j1 = other.span(rect.intersected(drawing))
            for j in range(j0, j1 + 1):
                for i in range(i0, i1 + 1):
                    image = other.tiles.get((i, j))
                    part = other.scene_rect(i, j).intersected(rect)
                    if image is None or part.isEmpty():
                        continue
                    target = QRectF(
                        (part.left() * s + level.fx + frame.ox) / dpr,
                        (part.top() * s + level.fy + frame.oy) / dpr,
                        part.width() * s / dpr,
                        part.height() * s / dpr,
                    )
                    source = QRectF(
                        part.left() * so + other.fx - i * TILE, part.top() * so + other.fy - j * TILE, part.width() * so, part.height() * so
                    )
                    painter.drawImage(target, image, source)

    # ---- rendering -----------------------------------------------------------------------
    def _render(self, level: Level, i0: int, j0: int, i1: int, j1: int) -> None:
        """Render tiles i0..i1 × j0..j1 of `level` in one pass of QtSvg, and keep them."""
        columns, rows = i1 - i0 + 1, j1 - j0 + 1
        page = QColor(self.scene.theme.background)
        opaque = page.alpha() == 255
        block = QImage(columns * TILE, rows * TILE, QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied)
        block.fill(page)
        painter = QPainter(block)
        painter.setRenderHints(self.hints)  # sharp, even while the view draws drafts
        painter.translate(level.fx - i0 * TILE, level.fy - j0 * TILE)
        painter.scale(level.scale, level.scale)
        self.scene.drawBackground(painter, level.scene_rect(i0, j0, columns, rows))
        painter.end()
        dpr = self.view.devicePixelRatioF()
        for j in range(rows):
            for i in range(columns):
                tile = block.copy(i * TILE, j * TILE, TILE, TILE)
                tile.setDevicePixelRatio(dpr)
                level.tiles[(i0 + i, j0 + j)] = tile
        self.rendered += columns * rows

    def _next_block(self, level: Level, span: tuple[int, int, int, int], centre: QPointF) -> tuple[int, int, int, int] | None:
        """The missing tiles of `span` nearest `centre` (level pixels), and the run of missing ones beside it in its row."""
        i0, j0, i1, j1 = span
        missing = [(i, j) for j in range(j0, j1 + 1) for i in range(i0, i1 + 1) if (i, j) not in level.tiles]
        if not missing:
            return None
        i, j = min(missing, key=lambda t: ((t[0] + 0.5) * TILE - centre.x()) ** 2 + ((t[1] + 0.5) * TILE - centre.y()) ** 2)
        last = i
        while (last + 1 - i + 1) * TILE * TILE <= SLICE_PIXELS and last + 1 <= i1 and (last + 1, j) not in level.tiles:
            last += 1
        return i, j, last, j

    def _slice(self) -> None:
        """Render one small block: the view's missing tiles first, then a ring for the next pan, then a preview."""
        frame = self._frame()
        if frame is None or not self.view.isVisible():
            return
        if frame.key != self._last_key:  # moved since the last frame: wait for that frame
            return
        wait = self._settling_ms()
        if wait:
            self._timer.start(wait)
            return
        self._check_generation()
        level = self._level(frame)
        viewport = QRectF(self.view.viewport().rect())
        exposed = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        dpr = frame.dpr
        centre = QPointF(viewport.center().x() * dpr - frame.ox, viewport.center().y() * dpr - frame.oy)
        started = time.perf_counter()
        block = self._next_block(level, self._visible_span(level, frame, exposed), centre)
        target: Level | None = level
        if block is None:  # the view is sharp: a whole-drawing level for zooms out, then a ring for pans
            self._own_variant_shown()
            target = self._preview()
            if target is not None:
                block = self._next_block(target, self._drawing_span(target), QPointF())
            else:
                target = level
                block = self._next_block(level, self._visible_span(level, frame, exposed, ring=1), centre)
        if block is None or target is None:
            self._evict(frame)
            return
        self._render(target, *block)
        if target is level:
            i0, j0, i1, j1 = block
            x, y, w, h = i0 * TILE + frame.ox, j0 * TILE + frame.oy, (i1 - i0 + 1) * TILE, (j1 - j0 + 1) * TILE
            self.view.viewport().update(QRectF(x / dpr, y / dpr, w / dpr, h / dpr).toAlignedRect())
        self._evict(frame)
        self.last_slice_ms = (time.perf_counter() - started) * 1e3
        self._timer.start(0)

    def _preview(self) -> Level | None:
        """A level of the view's variant holding the whole drawing, for zooms and pans to fall back on; None when one is complete."""
        variant = self._variant()
        for level in self.levels.values():
            if level.variant == variant and level.pixels() <= PREVIEW_PIXELS and self._complete(level):
                return None
        drawing = self.scene.sceneRect()
        scale = PREVIEW_SIDE / max(drawing.width(), drawing.height(), 1.0)
        key = self._building = (variant, round(scale, 9), 0.0, 0.0)
        level = self.levels.get(key)
        if level is None:
            level = self.levels[key] = Level(scale, 0.0, 0.0, variant, used=self._tick)
        return level

    def _complete(self, level: Level) -> bool:
        i0, j0, i1, j1 = self._drawing_span(level)
        return all((i, j) in level.tiles for j in range(j0, j1 + 1) for i in range(i0, i1 + 1))

    def _evict(self, frame: Frame) -> None:
        """Forget the least recently shown levels beyond a few screens' worth of tiles.

        The current level stays, and one preview of each variant.
        """
        viewport = self.view.viewport().rect()
        budget = max(3 * viewport.width() * viewport.height() * frame.dpr * frame.dpr, 6_000_000)
        previews: dict[object, Level] = {}
        for lv in sorted(self.levels.values(), key=lambda lv: -lv.used):
            if lv.variant not in previews and lv.pixels() <= PREVIEW_PIXELS and self._complete(lv):
                previews[lv.variant] = lv
        kept = {id(lv) for lv in previews.values()}
        total = sum(lv.pixels() for lv in self.levels.values() if id(lv) not in kept)
        for key, level in sorted(self.levels.items(), key=lambda kv: kv[1].used):
            if key in (frame.key, self._building) or id(level) in kept:
                continue
            if total <= budget and level.tiles:
                continue  # levels a zoom passed through without rendering go at once
            total -= level.pixels()
            del self.levels[key]

    # ---- for tests and the benchmark -------------------------------------------------------
    @property
    def idle(self) -> bool:
        """True when no sharpening slice is waiting to run."""
        return not self._timer.isActive()

    @property
    def sharpening(self) -> bool:
        """True while tiles of the view's own level are still to be rendered."""
        frame = self._frame()
        if frame is None:
            return False
        level = self.levels.get(frame.key)
        if level is None:
            return True
        exposed = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        i0, j0, i1, j1 = self._visible_span(level, frame, exposed)
        return any((i, j) not in level.tiles for j in range(j0, j1 + 1) for i in range(i0, i1 + 1))
