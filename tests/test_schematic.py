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


def _layout(pack: Pack) -> Path:
    return ROOT / "tools" / f"{pack.data_path.stem}_layout.json"


def test_committed_svg_is_what_the_data_draws(bundled_pack: Pack) -> None:
    generator = _generator()
    drawn = generator.build(bundled_pack.data_path, _layout(bundled_pack))
    assert drawn == bundled_pack.svg_path.read_text(encoding="utf-8"), "run tools/build_schematic.py after editing the data"


def test_every_structure_but_the_dermatomes_is_drawn_with_every_strand(bundled_pack: Pack) -> None:
    """What pack-format.md says the schematic draws: every structure except dermatomes, and one
    strand per segment of every connection except those into dermatomes."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(bundled_pack.svg_path.read_bytes())
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    wanted = {sid for sid, s in bundled_pack.structures.items() if s.kind is not Kind.DERMATOME}
    assert wanted <= ids, sorted(wanted - ids)
    strands = {
        sid for link in bundled_pack.links if bundled_pack.structures[link.target].kind is not Kind.DERMATOME for sid in link.strand_ids()
    }
    assert strands <= ids, sorted(strands - ids)
    assert not {sid for sid in ids if sid in bundled_pack.structures and bundled_pack.structures[sid].kind is Kind.DERMATOME}


def test_no_strand_runs_across_a_box_it_does_not_join(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The brachial drawing: its strands find their way round the boxes. (The lumbosacral drawing,
    kept as it was drawn, still runs a few strands across boxes: the sural nerve's communicating
    branches and the lumbar rami's muscular branches.)"""
    from viewer.assets import assets_dir
    from viewer.model.loader import load_pack
    from viewer.qt.canvas.geometry import GeometryIndex

    pack = load_pack(assets_dir() / "brachial.json")
    geometry = GeometryIndex(pack, pack.svg_path)
    boxes = {sid: box.adjusted(1.5, 1.5, -1.5, -1.5) for sid, box in geometry.boxes.items() if not pack.structures[sid].parts}
    links = {link.index: link for link in pack.links}
    crossing = []
    for (index, _segment), strand in geometry.strands.items():
        link = links[index]
        path = strand.path
        bounds = path.boundingRect()
        near = [(sid, box) for sid, box in boxes.items() if sid not in (link.source, link.target) and bounds.intersects(box)]
        if not near:
            continue
        steps = max(20, int(path.length() / 2))
        points = [path.pointAtPercent(k / steps) for k in range(steps + 1)]
        crossing.extend((geometry.strand_ids[(index, _segment)], sid) for sid, box in near if any(box.contains(p) for p in points))
    assert not crossing, crossing[:10]


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


def test_each_bundled_pack_passes_validate_with_its_schematic_and_skin_map(capsys, bundled_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.cli import main

    pack = bundled_pack
    assert pack.skin_svg_path is not None
    args = ["validate", "--data", str(pack.data_path), "--svg", str(pack.svg_path), "--skin-svg", str(pack.skin_svg_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{pack.data_path}: ok"), out
    assert pack.svg_path.name in out and pack.skin_svg_path.name in out
