"""Unlabelled schematics: for study mode, and for numbered worksheets with an answer key.

The schematic's labels are `<text>` elements inside each structure's group, so a label is
blanked by dropping the group's text and keeping its box: the box stays where the
student expects it, empty. A worksheet numbers the blanked structures in reading order
(column by column, top to bottom) and lists the numbers with their names as the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring

from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.study import in_sentence
from viewer.model.tracing import trace

SVG_NS = "http://www.w3.org/2000/svg"
_G = f"{{{SVG_NS}}}g"
_TEXT = f"{{{SVG_NS}}}text"
_RECT = f"{{{SVG_NS}}}rect"
#: Box of an element in SVG user units: x, y, width, height.
Box = tuple[float, float, float, float]


def _parse(svg: bytes) -> ElementTree.Element:
    root: ElementTree.Element = fromstring(svg)
    return root


def unlabelled_svg(svg: bytes, hidden: Iterable[str]) -> bytes:
    """The schematic with the labels of the structures in `hidden` removed, their boxes kept."""
    hide = set(hidden)
    root = _parse(svg)
    for group in root.iter(_G):
        if group.get("id") in hide:
            for text in [child for child in group if child.tag == _TEXT]:
                group.remove(text)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")  # QtSvg reads `xlink:href` by that name
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def study_hidden_ids(pack: Pack) -> set[str]:
    """What study mode hides: every label but the roots', which orient the student."""
    return {s.id for s in pack.structures.values() if s.kind is not Kind.SEGMENT}


def element_boxes(svg: bytes, ids: Iterable[str]) -> dict[str, Box]:
    """The first box (`<rect>`) drawn in each of the groups `ids`."""
    wanted = set(ids)
    boxes: dict[str, Box] = {}
    for group in _parse(svg).iter(_G):
        gid = group.get("id")
        if gid not in wanted:
            continue
        rect = next((child for child in group if child.tag == _RECT), None)
        if rect is not None:
            boxes[gid] = tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[assignment]
    return boxes


class Numbering(StrEnum):
    """Which structures a worksheet numbers."""

    NERVES = "nerves"
    MUSCLES = "muscles"
    ALL = "all"


_KINDS = {
    Numbering.NERVES: frozenset(NERVE_KINDS),
    Numbering.MUSCLES: frozenset({Kind.MUSCLE}),
    Numbering.ALL: frozenset(NERVE_KINDS | {Kind.MUSCLE, Kind.SKIN}),
}


@dataclass(frozen=True)
class KeyEntry:
    number: int
    id: str
    name: str
    latin: str
    segments: tuple[str, ...]
    #: The structure is drawn as a frame round its parts (the sciatic nerve): number its title.
    frame: bool = False


@dataclass(frozen=True)
class Worksheet:
    """A numbered, unlabelled schematic and its key."""

    title: str
    entries: tuple[KeyEntry, ...]
    #: Where each number goes (the structure's box), in SVG units.
    boxes: Mapping[str, Box]
    #: The part of the schematic the sheet shows, in SVG units.
    crop: Box
    svg: bytes

    def key_lines(self) -> list[tuple[str, str, str]]:
        """The answer key as printed: number, name, and segments with the Latin name."""
        return [(str(e.number), e.name, ", ".join(e.segments) + (f" · {e.latin}" if e.latin else "")) for e in self.entries]


def worksheet(pack: Pack, svg: bytes, *, numbering: Numbering = Numbering.NERVES, select: str | None = None) -> Worksheet:
    """Number the structures of `numbering`'s kinds (those lit by `select`, if given)."""
    kinds = _KINDS[numbering]
    chosen = [s for s in pack.structures.values() if s.kind in kinds and not (s.parts and s.kind is Kind.MUSCLE)]
    if select is not None:
        lit = trace(pack, select).structures
        chosen = [s for s in chosen if s.id in lit]
    boxes = element_boxes(svg, (s.id for s in chosen))
    chosen = [s for s in chosen if s.id in boxes]
    # Reading order: by column (boxes of one column share their left edge), then down.
    chosen.sort(key=lambda s: (round(boxes[s.id][0] / 40), boxes[s.id][1]))
    entries = tuple(KeyEntry(n, s.id, s.name, s.latin, s.segments, bool(s.parts)) for n, s in enumerate(chosen, 1))
    full = _view_box(svg)
    crop = full
    if select is not None and chosen:
        crop = _crop(pack, svg, select, full)
    what = {Numbering.NERVES: "nerves", Numbering.MUSCLES: "muscles", Numbering.ALL: "nerves, muscles and skin"}[numbering]
    title = f"{pack.title}: name the numbered {what}"
    if select is not None:
        title += f" of the {in_sentence(pack.structures[select].name)} pathway"
    return Worksheet(title, entries, {e.id: boxes[e.id] for e in entries}, crop, unlabelled_svg(svg, (e.id for e in entries)))


def _view_box(svg: bytes) -> Box:
    root = _parse(svg)
    values = [float(v) for v in (root.get("viewBox") or "").replace(",", " ").split()]
    if len(values) == 4:
        return values[0], values[1], values[2], values[3]
    return 0.0, 0.0, float(root.get("width", "0")), float(root.get("height", "0"))


def _crop(pack: Pack, svg: bytes, select: str, full: Box) -> Box:
    """The region holding everything `select` lights (roots excluded when far away), with a margin."""
    lit = [
        i
        for i in trace(pack, select).structures
        if pack.structures[i].kind is not Kind.SEGMENT and not (pack.structures[i].parts and pack.structures[i].kind is Kind.MUSCLE)
    ]  # a composite muscle (adductor magnus) is drawn in two places: its parts stand for it
    boxes = list(element_boxes(svg, lit).values())
    if not boxes:
        return full
    margin = 40.0
    x0 = max(full[0], min(b[0] for b in boxes) - margin)
    y0 = max(full[1], min(b[1] for b in boxes) - margin)
    x1 = min(full[0] + full[2], max(b[0] + b[2] for b in boxes) + margin)
    y1 = min(full[1] + full[3], max(b[1] + b[3] for b in boxes) + margin)
    # Never cut through a box at the top or bottom edge: take the whole box in.
    for bx, by, bw, bh in element_boxes(svg, pack.structures).values():
        if bx + bw < x0 or bx > x1:
            continue
        if by < y0 < by + bh:
            y0 = max(full[1], by - 8)
        if by < y1 < by + bh:
            y1 = min(full[1] + full[3], by + bh + 8)
    return x0, y0, x1 - x0, y1 - y0
