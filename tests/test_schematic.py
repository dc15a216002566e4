"""The schematic is drawn from the data: in step with it, and laid out cleanly."""

from __future__ import annotations

import importlib.util
import sys
from itertools import combinations
from pathlib import Path

from viewer.model.pack import Pack
from viewer.model.records import Kind

ROOT = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_schematic", ROOT / "tools" / "build_schematic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_committed_svg_is_what_the_data_draws(pack: Pack) -> None:
    generator = _generator()
    drawn = generator.build(pack.data_path, ROOT / "tools" / "lumbosacral_layout.json")
    assert drawn == pack.svg_path.read_text(encoding="utf-8"), "run tools/build_schematic.py after editing the data"


def test_no_two_labels_overlap_and_all_lie_on_the_canvas(qtbot, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.canvas.geometry import GeometryIndex

    geometry = GeometryIndex(pack, pack.svg_path)
    boxes = {sid: box for sid, box in geometry.boxes.items() if not pack.structures[sid].parts}
    assert set(boxes) == {sid for sid, s in pack.structures.items() if not s.parts and s.kind is not Kind.DERMATOME}
    from PySide6.QtSvg import QSvgRenderer

    canvas = QSvgRenderer(str(pack.svg_path)).viewBoxF()
    for sid, box in boxes.items():
        assert canvas.contains(box), sid
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not box_a.intersects(box_b), (a, b)


def test_leaves_stand_in_aligned_columns(qtbot, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.canvas.geometry import GeometryIndex

    geometry = GeometryIndex(pack, pack.svg_path)
    lefts = {round(geometry.boxes[s.id].left()) for s in pack.of_kind(Kind.MUSCLE, Kind.SKIN) if not s.parts}
    assert len(lefts) == 2  # one column for the lumbar plexus, one for the sacral
    roots = {round(geometry.boxes[s.id].left()) for s in pack.of_kind(Kind.SEGMENT)}
    assert len(roots) == 1
    ys = [geometry.boxes[s.id].center().y() for s in pack.of_kind(Kind.SEGMENT)]
    assert ys == sorted(ys), "roots run T12 to Co1 from top to bottom"
