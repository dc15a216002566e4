"""Neighbouring segments are told apart at a glance: measured on the rendered canvas at fit, not on
the palette table. Each root is selected in turn in the real window, the canvas is grabbed, and the
pixels along its lit strands say what colour and which dash pattern a student actually sees."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass

import pytest

from viewer.model.records import Kind
from viewer.palette import PALETTES, dash_name, delta_e, lab

#: CIEDE2000 between neighbouring segments' strands. Strands are 2–3 px wide at fit, where colour
#: differences shrink (small-field effect, mostly along blue–yellow): blue beside sky blue (22)
#: read as one strand, so the bar is well above "clearly different" for large patches.
NEIGHBOURS_APART = 30.0
#: Pixels within this CIEDE2000 of the strand's colour count as ink; others are gaps or crossings.
INK = 12.0


@dataclass(frozen=True)
class Seen:
    """What the pixels along one segment's lit strands show."""

    lab: tuple[float, float, float]
    ink: float  # fraction of the strand's length drawn
    run: float  # median length of a drawn run, in device pixels
    samples: int

    @property
    def dash(self) -> str:
        if self.ink >= 0.9:
            return "solid"
        return "dashed" if self.run >= 8 else "dotted"


def seen(window, segment: str) -> Seen:  # type: ignore[no-untyped-def]
    """Grab the canvas and read the pixels under the centre lines of `segment`'s strands, one per device pixel."""
    view = window.canvas
    image = view.viewport().grab().toImage()
    scale = view.transform().m11() * view.viewport().devicePixelRatioF()
    lines: list[list[tuple[int, int, int]]] = []
    for (_link, seg), shape in window.scene.geometry.strands.items():
        if seg != segment:
            continue
        path = shape.path
        line = []
        for k in range(int(path.length() * scale)):
            pos = view.mapFromScene(path.pointAtPercent(path.percentAtLength(k / scale)))
            if image.rect().contains(pos):
                c = image.pixelColor(pos)
                line.append((c.red(), c.green(), c.blue()))
        lines.append(line)
    pixels = [p for line in lines for p in line]
    # The pen is opaque: its colour is the commonest clearly coloured pixel on the centre line.
    coloured = Counter(p for p in pixels if _chroma(lab(*p)) > 15)
    colour, count = coloured.most_common(1)[0]
    assert count >= 0.25 * len(pixels), (segment, count, len(pixels))
    ink_lab = lab(*colour)
    drawn = 0
    runs: list[int] = []
    for line in lines:
        run = 0
        for p in line:
            if delta_e(lab(*p), ink_lab) < INK:
                drawn += 1
                run += 1
            elif run:
                runs.append(run)
                run = 0
        if run:
            runs.append(run)
    return Seen(ink_lab, drawn / len(pixels), statistics.median(runs), len(pixels))


def _chroma(c: tuple[float, float, float]) -> float:
    return (c[1] ** 2 + c[2] ** 2) ** 0.5


def all_seen(qtbot, window, size: tuple[int, int], palette: str) -> dict[str, Seen]:  # type: ignore[no-untyped-def]
    window.appearance.update(palette=palette)
    # The strands are read, not the names: the fixed-size labels drawn over boxes at fit (and
    # their halos) would hide the ends of short strands.
    window.scene.set_label_detail(False)
    window.resize(*size)
    qtbot.waitUntil(lambda: abs(window.width() - size[0]) < 2 and window.canvas.viewport().width() > 300)
    window.canvas.fit()
    roots = {s.segments[0]: s.id for s in window.pack.structures.values() if s.kind is Kind.SEGMENT}
    out = {}
    for segment in window.pack.segments:
        window.session.select(roots[segment])
        qtbot.waitUntil(lambda seg=segment: window.scene.lit is not None and window.scene.lit.selected == roots[seg])
        out[segment] = seen(window, segment)
    return out


def side_by_side(pack) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of segments one nerve or branch carries together (their strands run side by side)."""
    order = pack.segments
    return {
        tuple(sorted((a, b), key=order.index))  # type: ignore[misc]
        for s in pack.structures.values()
        if s.kind in (Kind.NERVE, Kind.BRANCH, Kind.TRUNK)
        for a, b in itertools.combinations(s.segments, 2)
        if a != b
    }


def check_neighbours(found: dict[str, Seen], segments: tuple[str, ...], together: set[tuple[str, str]]) -> None:
    for index, segment in enumerate(segments):
        assert found[segment].dash == dash_name(index), (segment, found[segment])  # what the pathway text says
    for a, b in itertools.pairwise(segments):
        apart = delta_e(found[a].lab, found[b].lab)
        assert apart >= NEIGHBOURS_APART, f"{a}/{b}: CIEDE2000 {apart:.1f}"
        assert found[a].dash != found[b].dash, (a, b)
    # segments that share a dash and run in one nerve (L4 and S1 in the common fibular) differ in colour
    for a, b in together:
        if found[a].dash == found[b].dash:
            apart = delta_e(found[a].lab, found[b].lab)
            assert apart >= NEIGHBOURS_APART, f"{a}/{b} side by side, both {found[a].dash}: CIEDE2000 {apart:.1f}"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_neighbouring_segments_differ_in_colour_and_dash_at_fit(qtbot, window, size) -> None:  # type: ignore[no-untyped-def]
    found = all_seen(qtbot, window, size, "okabe-ito")
    check_neighbours(found, window.pack.segments, side_by_side(window.pack))
    # the pair that used to read alike: now far apart, and a dotted line beside a dashed one
    assert delta_e(found["L5"].lab, found["S1"].lab) >= 40
    assert {found["L5"].dash, found["S1"].dash} == {"dotted", "dashed"}


@pytest.mark.parametrize("palette", sorted(set(PALETTES) - {"okabe-ito"}))
def test_every_palette_in_preferences_keeps_neighbours_apart_on_screen(qtbot, window, palette) -> None:  # type: ignore[no-untyped-def]
    check_neighbours(all_seen(qtbot, window, (1920, 1080), palette), window.pack.segments, side_by_side(window.pack))
