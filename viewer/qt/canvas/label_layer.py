"""Labels like a map's: legible at any zoom, never on top of one another.

Zoomed out, the schematic's own text would be a few pixels tall. Below the scale at which
its smallest text reaches `MIN_PIXELS`, the scene draws the diagram without its text and
this layer names the structures instead, in text a fixed size on screen. The labels are
placed most important first — roots, nerves, trunks, the plexus titles, branches,
divisions, then the compartments the muscles and skin are grouped under, then the muscles
and skin themselves (under a selection, what it lights comes before what it does not;
the roots and nerves always first) — and a label that would touch one already placed waits for more
zoom. The compartment labels ("Medial thigh (7)") stand in for the leaves under them
until there is room to name each one.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

import msgspec
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from viewer.model import checked_cache
from viewer.model.labels import division_short_name
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.qt.canvas.overlay_kit import Z

#: The smallest text (its font's pixel size) the canvas shows.
MIN_PIXELS = 11
#: The pixel size of the layer's labels.
LABEL_PIXELS = 12
#: Room kept clear round each label, in pixels.
CLEARANCE = 1.0
#: Longest line of a label before it wraps.
WRAP = 22

#: How far a label may slide off its box's middle, in quarters of its height, nearest first.
SLIDES = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6)
#: The same for the less important labels, which wait for zoom rather than wander.
FEW_SLIDES = (0, 2, -2, 4, -4)
#: The side of the cells the placed labels are filed under, in pixels.
CELL = 64.0

#: A rectangle in pixels: left, top, right, bottom.
Box = tuple[float, float, float, float]
#: A place a label may stand: its layout, its rectangle with the clearance, and its corner (x, y).
Spot = tuple[int, Box, float, float]

_SVG = "{http://www.w3.org/2000/svg}"

#: Placement order: the lower, the sooner a label claims its room.
RANK = {Kind.SEGMENT: 0, Kind.NERVE: 1, Kind.TRUNK: 2, Kind.CORD: 2, Kind.DIVISION: 5, Kind.BRANCH: 4}
TITLE_RANK, GROUP_RANK, LEAF_RANK = 3, 6, 7
LEAVES = (Kind.MUSCLE, Kind.SKIN)


def smallest_text_units(svg: bytes) -> float:
    """The smallest font size (in drawing units) the schematic's text is set in (remembered per drawing, see checked_cache)."""
    return float(checked_cache.made_from("smallest-text", __name__, svg, lambda data: repr(_smallest_text_units(data)).encode()))


def _smallest_text_units(svg: bytes) -> float:
    root = ElementTree.fromstring(svg)
    sizes: list[float] = []

    def walk(element: ElementTree.Element, size: float) -> None:
        own = element.get("font-size")
        if own is not None:
            size = float(own)
        if element.tag == _SVG + "text" and (element.text or "").strip():
            sizes.append(size)
        for child in element:
            walk(child, size)

    walk(root, 16.0)
    return min(sizes) if sizes else 16.0


@lru_cache(maxsize=4)
def textless_svg(svg: bytes) -> bytes:
    """The schematic without any text: boxes, strands and marks only (kept: zooming crosses the threshold often;
    remembered per drawing across starts, see checked_cache)."""
    return checked_cache.made_from("textless", __name__, svg, _textless_svg)


def _textless_svg(svg: bytes) -> bytes:
    root = ElementTree.fromstring(svg)
    for parent in list(root.iter()):
        for child in [c for c in parent if c.tag == _SVG + "text"]:
            parent.remove(child)
    ElementTree.register_namespace("", _SVG[1:-1])
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def display_names(pack: Pack) -> dict[str, str]:
    """The names the labels give, as short as the drawing's own: "L2 anterior", "Sural nerve"."""
    names: dict[str, str] = {}
    for s in pack.structures.values():
        name = s.name
        if s.kind is Kind.SKIN:
            name = name.split(" (")[0]
        elif s.kind is Kind.DIVISION:
            name = division_short_name(s)
        names[s.id] = name
    return names


def wrap(text: str, width: int = WRAP) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


@dataclass
class Candidate:
    """A label that may be shown: what it names, its text, and the box it names in the drawing."""

    key: str
    text: str
    rank: int
    box: QRectF
    bold: bool = False
    #: Structures whose labels it stands in for (a compartment's leaves).
    members: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _label_font(pixels: int, bold: bool) -> QFont:
    """A label's font (shared by every label of its size and weight; never changed in place)."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


@lru_cache(maxsize=8)
def _metrics(pixels: int, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(_label_font(pixels, bold))


@lru_cache(maxsize=16384)
def _advance(pixels: int, bold: bool, line: str) -> float:
    """How wide one line of a label is set (a drawing names many things alike: "Muscular branch", "Articular branch")."""
    return _metrics(pixels, bold).horizontalAdvance(line)


#: Where the halo's copies of a label's text are drawn, in pixels round the text.
_HALO_OFFSETS = tuple((dx * 1.5, dy * 1.5) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy)


class LabelItem(QGraphicsItem):
    """One label: text a fixed size on screen with a halo of the page's colour round it."""

    def __init__(self, candidate: Candidate, ink: QColor, halo: QColor) -> None:
        super().__init__()
        self.candidate = candidate
        box = candidate.box
        #: The box it names, in drawing units: left, top, right, bottom.
        self.box_units = (box.left(), box.top(), box.right(), box.bottom())
        #: What lighting it answers to (itself, or a compartment's leaves), and whether it is placed before what is lit.
        self.names = frozenset((candidate.key, *candidate.members))
        self.first = candidate.rank <= RANK[Kind.NERVE]
        #: Where it may stand at one scale (see `_tries`).
        self.tries: tuple[float, Box, list[Spot] | None] | None = None
        #: When no place was free at one scale: that scale, the room, and the labels' rectangles that blocked its places.
        self.blocked: tuple[float, Box, frozenset[Box]] | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        # The halo costs nine passes of the text: each label is drawn once into a pixmap of
        # its own, and every later frame copies it (a label never scales on screen). Qt's item
        # cache would do the same but forgets the pixmap whenever the item is hidden, and a
        # zoom hides and shows labels at every step.
        #: The label drawn in each of its layouts, by (layout, device pixel ratio); emptied when its colours change.
        self._pixmaps: dict[tuple[int, float], QPixmap] = {}
        one_line = " ".join(candidate.text.split())
        wrapped = wrap(one_line)
        texts = [one_line] if wrapped == one_line else [one_line, wrapped]
        #: The ways the label may be set, roomiest first: (pixel size, text, width, height).
        self.layouts: list[tuple[int, str, float, float]] = []
        for pixels in (LABEL_PIXELS, MIN_PIXELS):
            line_height = _metrics(pixels, candidate.bold).height()
            for text in texts:
                lines = text.split("\n")
                width = max(_advance(pixels, candidate.bold, line) for line in lines)
                self.layouts.append((pixels, text, width, line_height * len(lines)))
        self.set_layout(0)
        self.set_colours(ink, halo)

    def _font(self, pixels: int) -> QFont:
        return _label_font(pixels, self.candidate.bold)

    @property
    def text(self) -> str:
        return self.layouts[self._layout][1]

    def set_layout(self, index: int) -> None:
        """Set the label as `layouts[index]`."""
        if getattr(self, "_layout", None) == index:
            return
        self.prepareGeometryChange()
        self._layout = index
        pixels, _text, w, h = self.layouts[index]
        self.font = self._font(pixels)
        metrics = _metrics(pixels, self.candidate.bold)
        #: The label's own rectangle in pixels, its top left at the item's position.
        self.rect = QRectF(0, 0, w, h)
        self._ascent, self._line_height = metrics.ascent(), metrics.height()
        self._bounds = self.rect.adjusted(-2, -2, 2, 2)
        self._corner = self._bounds.topLeft()

    def set_colours(self, ink: QColor, halo: QColor) -> None:
        """Draw the label in `ink` with a halo of `halo` (colours the layer shares among its labels and never changes in place)."""
        self._ink = ink
        self._halo = halo
        self._pixmaps = {}
        self.update()

    @property
    def pixel_size(self) -> int:
        return self.font.pixelSize()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _draw_label(self, painter: QPainter) -> None:
        # The halo is the text drawn a pixel and a half off in eight directions in the page's
        # colour: glyphs come from Qt's cache, where stroking each glyph's outline cost about
        # 1 ms a label and held up the first frame.
        painter.setFont(self.font)
        painter.setPen(self._halo)
        for dx, dy in _HALO_OFFSETS:
            painter.translate(dx, dy)
            self._draw_text(painter)
            painter.translate(-dx, -dy)
        painter.setPen(self._ink)
        self._draw_text(painter)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if widget is None:
            self._draw_label(painter)  # not a view (an export to an image, SVG or PDF): text as text
            return
        key = (self._layout, widget.devicePixelRatioF())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            dpr = key[1]
            box = self._bounds
            pixmap = QPixmap(max(1, round(box.width() * dpr)), max(1, round(box.height() * dpr)))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            into = QPainter(pixmap)
            into.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            into.translate(-box.left(), -box.top())
            self._draw_label(into)
            into.end()
            self._pixmaps[key] = pixmap
        painter.drawPixmap(self._corner, pixmap)

    def _draw_text(self, painter: QPainter) -> None:
        for i, line in enumerate(self.text.split("\n")):
            painter.drawText(QPointF(0, self._ascent + i * self._line_height), line)


#: How the labels a drawing may show are remembered: key, text, rank, box (x, y, width, height), bold, members.
_CandidateRows = list[tuple[str, str, int, tuple[float, float, float, float], bool, tuple[str, ...]]]


def candidates(pack: Pack, svg: bytes, names: dict[str, str]) -> list[Candidate]:
    """Every label the layer may show, from the drawing's boxes, titles and compartment headings.

    Remembered (see checked_cache) by the drawing's bytes with each structure's kind and name:
    reading them from the drawing again costs 2.5 ms for the bundled pack, 27 ms at ten times its size.
    """
    kinds = [(sid, s.kind.value, names[sid]) for sid, s in pack.structures.items()]
    basis = checked_cache.digest_of(svg).encode() + b"\0" + msgspec.json.encode(kinds)

    def make(_basis: bytes) -> bytes:
        found = _candidates(pack, svg, names)
        return msgspec.json.encode([(c.key, c.text, c.rank, c.box.getRect(), c.bold, c.members) for c in found])

    payload = checked_cache.made_from("label-candidates", __name__, basis, make)
    try:
        rows = msgspec.json.decode(payload, type=_CandidateRows)
    except msgspec.MsgspecError:  # an entry that does not decode is made again, and kept sound
        payload = make(basis)
        checked_cache.remember("label-candidates", __name__, basis, payload)
        rows = msgspec.json.decode(payload, type=_CandidateRows)
    return [Candidate(key, text, rank, QRectF(*box), bold, members) for key, text, rank, box, bold, members in rows]


def _candidates(pack: Pack, svg: bytes, names: dict[str, str]) -> list[Candidate]:
    root = ElementTree.fromstring(svg)
    out: list[Candidate] = []
    leaves: list[tuple[str, QRectF]] = []
    for group in root.iter(_SVG + "g"):
        sid = group.get("id")
        structure = pack.structures.get(sid or "")
        rect = next((c for c in group if c.tag == _SVG + "rect"), None)
        if structure is None or rect is None:
            continue
        box = QRectF(*(float(rect.get(k, "0")) for k in ("x", "y", "width", "height")))
        if structure.kind in LEAVES:
            leaves.append((structure.id, box))
            out.append(Candidate(structure.id, wrap(names[structure.id]), LEAF_RANK, box))
        elif structure.kind in RANK:
            bold = structure.kind in (Kind.SEGMENT, Kind.TRUNK, Kind.CORD, Kind.NERVE)
            out.append(Candidate(structure.id, wrap(names[structure.id]), RANK[structure.kind], box, bold))
    for layer in root.iter(_SVG + "g"):
        if layer.get("id") == "layer-titles":
            for i, text in enumerate(layer.iter(_SVG + "text")):
                x, y = float(text.get("x", "0")), float(text.get("y", "0"))
                out.append(Candidate(f"title-{i}", " ".join((text.text or "").split()), TITLE_RANK, QRectF(x, y - 15, 1, 18), True))
        elif layer.get("id") == "layer-headings":
            out.extend(_compartments(layer, leaves))
    return out


def _compartments(layer: ElementTree.Element, leaves: list[tuple[str, QRectF]]) -> list[Candidate]:
    """A label for each compartment heading, naming how many leaves are drawn under it."""
    headings = [(float(t.get("x", "0")), float(t.get("y", "0")), " ".join((t.text or "").split())) for t in layer.iter(_SVG + "text")]
    # Headings and leaves by column (buckets as wide as the nearness each test allows), so a
    # large drawing does not compare every heading with every leaf.
    heading_columns: dict[int, list[tuple[float, float]]] = {}
    for hx, hy, _ in headings:
        heading_columns.setdefault(math.floor(hx), []).append((hx, hy))
    leaf_columns: dict[int, list[tuple[int, str, QRectF]]] = {}
    for n, (sid, box) in enumerate(leaves):
        leaf_columns.setdefault(math.floor(box.left() / 12), []).append((n, sid, box))
    out: list[Candidate] = []
    for i, (x, y, text) in enumerate(headings):
        column = math.floor(x)
        near = (h for k in (column - 1, column, column + 1) for h in heading_columns.get(k, ()))
        below = [hy for hx, hy in near if abs(hx - x) < 1 and hy > y]
        end = min(below, default=float("inf"))
        column = math.floor(x / 12)
        beside = sorted(leaf for k in (column - 1, column, column + 1) for leaf in leaf_columns.get(k, ()))
        members = tuple(sid for _, sid, box in beside if abs(box.left() - x) < 12 and y < box.top() < end)
        if not members:
            continue
        name = _sentence_case(text)
        box = QRectF(x, y - 11, 1, 14)  # named where the heading stands, above the first of its leaves
        out.append(Candidate(f"group-{i}", wrap(f"{name} ({len(members)})"), GROUP_RANK, box, True, members))
    return out


def _sentence_case(text: str) -> str:
    """ "ABDOMINAL WALL (T12)" as "Abdominal wall (T12)": segment names keep their capitals."""
    words = [w if any(ch.isdigit() for ch in w) else w.lower() for w in text.split()]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


class LabelLayer:
    """The labels shown while the drawing's own text is too small to read."""

    def __init__(self, found: list[Candidate], ink: QColor, halo: QColor, drawing: QRectF) -> None:
        #: Labels stay within the drawing's rectangle, so that at fit none is cut by the window's edge.
        self.drawing = drawing
        ink, halo = QColor(ink), QColor(halo)  # one copy, shared by every label
        self.items = [LabelItem(c, ink, halo) for c in sorted(found, key=lambda c: (c.rank, c.box.top(), c.box.left()))]
        for item in self.items:
            item.setVisible(False)
            item.setZValue(Z.UNDER_VEIL - 0.05)
        #: The roots and nerves, placed first; and the other labels, in the same order.
        self._first = [item for item in self.items if item.first]
        self._rest = [item for item in self.items if not item.first]
        #: Where the roots and nerves were placed (see `place`): for what scale, room and
        #: unnamed or hidden elements, the labels' grid and rectangles after them, and those shown.
        self._first_placed: tuple[tuple[object, ...], dict[tuple[int, int], list[Box]], frozenset[Box], list[LabelItem]] | None = None
        self.active = False
        self.scale = 0.0

    def add_to(self, scene: object) -> None:
        for item in self.items:
            scene.addItem(item)  # type: ignore[attr-defined]

    def set_colours(self, ink: QColor, halo: QColor) -> None:
        ink, halo = QColor(ink), QColor(halo)
        for item in self.items:
            item.set_colours(ink, halo)

    def shown(self) -> list[LabelItem]:
        return [item for item in self.items if item.isVisible()]

    def place(self, scale: float, active: bool, unlabelled: Collection[str], hidden: Collection[str], lit: Collection[str]) -> None:
        """Show the labels that fit at `scale` (device pixels per unit), most important first."""
        self.active, self.scale = active, scale
        if not active:
            self._first_placed = None
            for item in self.items:
                item.setVisible(False)
            return
        lit = set(lit)
        d = self.drawing
        room = (d.left() * scale, d.top() * scale, d.right() * scale, d.bottom() * scale)
        # The roots and nerves first, always; then what the selection lights; then the rest.
        lit_items = {id(item) for item in self.items if not item.names.isdisjoint(lit)} if lit else set()
        rest = self._rest
        later = [it for it in rest if id(it) in lit_items] + [it for it in rest if id(it) not in lit_items]
        # The roots and nerves come first whatever is lit, so at the same scale they stand where
        # they stood (a click places the labels again): only their layer above or under the veil changes.
        key = (scale, room, frozenset(unlabelled), frozenset(hidden))
        known = self._first_placed
        if known is not None and known[0] == key:
            grid = {cell: list(rects) for cell, rects in known[1].items()}
            placed = set(known[2])
            for item in known[3]:
                _lift(item, id(item) in lit_items)
        else:
            grid, placed = {}, set()
            shown = self._place_all(self._first, scale, room, unlabelled, hidden, lit_items, grid, placed)
            self._first_placed = (key, {cell: list(rects) for cell, rects in grid.items()}, frozenset(placed), shown)
        self._place_all(later, scale, room, unlabelled, hidden, lit_items, grid, placed)

    @staticmethod
    def _place_all(
        order: list[LabelItem],
        scale: float,
        room: Box,
        unlabelled: Collection[str],
        hidden: Collection[str],
        lit_items: set[int],
        grid: dict[tuple[int, int], list[Box]],
        placed: set[Box],
    ) -> list[LabelItem]:
        """Place `order`'s labels in turn where each touches none placed before (filed in `grid` and
        `placed`); returns those shown."""
        shown = []
        for item in order:
            known = item.blocked
            if known is not None and known[0] == scale and known[1] == room and known[2] <= placed:
                # Blocked at this scale by labels that are all placed again (see `_spot`): it was
                # hidden when that was found, and only this method shows a label.
                continue
            c = item.candidate
            spot = None if c.key in unlabelled or c.key in hidden else _spot(item, scale, grid, room, placed)
            if spot is None:
                if item.isVisible():
                    item.setVisible(False)
                continue
            index, rect, x, y = spot
            item.set_layout(index)
            placed.add(rect)
            for gx in range(int(rect[0] // CELL), int(rect[2] // CELL) + 1):
                for gy in range(int(rect[1] // CELL), int(rect[3] // CELL) + 1):
                    grid.setdefault((gx, gy), []).append(rect)
            item.setPos(x / scale, y / scale)
            _lift(item, id(item) in lit_items)
            if not item.isVisible():
                item.setVisible(True)
            shown.append(item)
        return shown


def _lift(item: LabelItem, lit: bool) -> None:
    """A lit label stands above the veil, the others under it."""
    z = (Z.MARKS - 0.05) if lit else (Z.UNDER_VEIL - 0.05)
    if item.zValue() != z:
        item.setZValue(z)


def _places(item: LabelItem, scale: float, room: Box) -> Iterator[Spot]:
    """Where the label may stand at `scale`, in the order tried: (layout, rectangle with its clearance, x, y).

    On its box from the box's left edge, then slid up or down a little at a time (at most a
    line and a half, so that it still reads as the box's), then to the right of the box; only
    places within `room` (pixels as left, top, right, bottom).
    """
    left, top, right, bottom = item.box_units
    left, top, right, bottom = left * scale, top * scale, right * scale, bottom * scale
    mid = (top + bottom) / 2
    slides = SLIDES if item.candidate.rank <= RANK[Kind.TRUNK] else FEW_SLIDES
    rl, rt, rr, rb = room
    for index, (_pixels, _text, w, h) in enumerate(item.layouts):
        places = [(left + 3, mid - h / 2 + step * h / 4) for step in slides]
        places.append((right + 3, mid - h / 2))
        for x, y in places:
            a, b, c, d = x - CLEARANCE, y - CLEARANCE, x + w + CLEARANCE, y + h + CLEARANCE
            if a < rl or b < rt or c > rr or d > rb:
                continue
            yield index, (a, b, c, d), x, y


def _tries(item: LabelItem, scale: float, room: Box) -> Iterable[Spot]:
    """The label's places at `scale` (see `_places`): worked out as they are tried at a new
    scale (a zoom step), and kept once the same scale comes again (a click places the labels
    again where they stand)."""
    cached = item.tries
    if cached is not None and cached[0] == scale and cached[1] == room:
        if cached[2] is None:
            spots = list(_places(item, scale, room))
            item.tries = (scale, room, spots)
            return spots
        return cached[2]
    item.tries = (scale, room, None)
    return _places(item, scale, room)


def _spot(
    item: LabelItem,
    scale: float,
    grid: dict[tuple[int, int], list[Box]],
    room: Box,
    placed: set[Box] | frozenset[Box] = frozenset(),
) -> Spot | None:
    """The first of the label's places (see `_places`) that touches no label placed before (rectangles in pixels).

    `placed`: the rectangles in `grid`. A label that found no place at this scale before, its
    every place blocked by labels that are all placed again, has none now either: it is not
    tried again place by place (a click places every label again at the same scale).
    """
    known = item.blocked
    if known is not None and known[0] == scale and known[1] == room and known[2] <= placed:
        return None
    blockers: set[Box] = set()
    blocker: Box | None = None  # what the last place touched: the next place, a slide away, most often touches it too
    for spot in _tries(item, scale, room):
        a, b, c, d = spot[1]
        if blocker is not None:
            ol, ot, orr, ob = blocker
            if a < orr and ol < c and b < ob and ot < d:
                blockers.add(blocker)
                continue
        clash = False
        for gx in range(int(a // CELL), int(c // CELL) + 1):
            for gy in range(int(b // CELL), int(d // CELL) + 1):
                for rect in grid.get((gx, gy), ()):
                    ol, ot, orr, ob = rect
                    if a < orr and ol < c and b < ob and ot < d:
                        clash = True
                        blocker = rect
                        blockers.add(rect)
                        break
                if clash:
                    break
            if clash:
                break
        if not clash:
            item.blocked = None
            return spot
    item.blocked = (scale, room, frozenset(blockers))
    return None
