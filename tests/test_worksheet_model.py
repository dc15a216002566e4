"""Worksheets without Qt: which structures a sheet numbers, in what order, under what title, and
the part of the schematic it shows, on a small pack with a hand-drawn schematic whose every box
is known."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from viewer.model.loader import load_data
from viewer.model.pack import Pack
from viewer.model.worksheet import KeyEntry, Numbering, element_boxes, study_hidden_ids, unlabelled_svg, worksheet

BOTH = ["statpearls", "radiopaedia"]


def _s(sid: str, kind: str, segments: list[str], **more: Any) -> dict[str, Any]:
    nerve = kind in ("trunk", "nerve") and not more.get("parts")
    name = sid.upper() if kind == "segment" else sid.replace("_", " ").capitalize()
    return {"id": sid, "kind": kind, "name": name, "segments": segments, "segment_sources": BOTH if nerve else ["statpearls"], **more}


PACK = {
    "format": "plexus-pack/1",
    "title": "A small plexus",
    "segments": ["L4", "L5"],
    "sources": {
        "statpearls": {"title": "StatPearls: The lumbar plexus", "url": "https://www.ncbi.nlm.nih.gov/books/NBK1/"},
        "radiopaedia": {"title": "Radiopaedia: Lumbar plexus", "url": "https://radiopaedia.org/articles/lumbar-plexus"},
    },
    "structures": [
        _s("l4", "segment", ["L4"]),
        _s("l5", "segment", ["L5"]),
        _s("femoral_nerve", "nerve", ["L4"], latin="Nervus femoralis"),
        _s("tibial_nerve", "nerve", ["L4", "L5"]),
        _s("fibular_nerve", "nerve", ["L5"]),
        _s("sciatic_nerve", "nerve", ["L4", "L5"], parts=["tibial_nerve", "fibular_nerve"]),
        _s("undrawn_nerve", "nerve", ["L5"]),
        _s("quadriceps", "muscle", ["L4"]),
        _s("head_one", "muscle", ["L4"]),
        _s("head_two", "muscle", ["L5"]),
        _s("two_headed", "muscle", ["L4", "L5"], parts=["head_one", "head_two"]),
        _s("shin", "skin", ["L4"]),
    ],
    "connections": [
        {"from": a, "to": b}
        for a, b in [
            ("l4", "femoral_nerve"),
            ("l4", "tibial_nerve"),
            ("l5", "tibial_nerve"),
            ("l5", "fibular_nerve"),
            ("l5", "undrawn_nerve"),
            ("femoral_nerve", "quadriceps"),
            ("femoral_nerve", "shin"),
            ("tibial_nerve", "head_one"),
            ("fibular_nerve", "head_two"),
        ]
    ],
}


def _box(sid: str, x: int, y: int, label: str = "") -> str:
    return f'<g id="{sid}"><rect x="{x}" y="{y}" width="60" height="20"/><text x="{x}" y="{y + 15}">{label or sid}</text></g>'


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 600 400">'
    + _box("l4", 20, 20, "L4")
    + _box("l5", 20, 70, "L5")  # its box crosses the top edge of the femoral nerve's view
    + _box("femoral_nerve", 100, 120, "Femoral nerve")
    + _box("tibial_nerve", 300, 100)
    + _box("fibular_nerve", 310, 40)
    + '<g id="sciatic_nerve"><rect x="290" y="30" width="100" height="110"/><text>Sciatic nerve</text></g>'
    + _box("quadriceps", 110, 200)
    + _box("shin", 100, 300)
    + _box("head_one", 420, 200)
    + _box("head_two", 420, 260)
    + _box("two_headed", 450, 310)  # crosses the bottom edge of the sciatic nerve's view
    + '<use xlink:href="#l4" x="5"/><text id="title">A SMALL PLEXUS</text></svg>'
).encode()


@pytest.fixture
def small(tmp_path: Path) -> Pack:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(PACK, indent=1), "utf-8")
    return load_data(path)


def texts_of(svg: bytes, element_id: str) -> list[str]:
    match = re.search(rb'<g id="' + element_id.encode() + rb'"[^>]*>(.*?)</g>', svg, re.S)
    assert match, element_id
    return [t.decode() for t in re.findall(rb"<text[^>]*>([^<]*)</text>", match.group(1))]


def numbered(pack: Pack, numbering: Numbering, select: str | None = None) -> list[str]:
    return [e.id for e in worksheet(pack, SVG, numbering=numbering, select=select).entries]


# ---------------------------------------------------------------- blanking labels


def test_blanking_drops_the_labels_of_the_hidden_structures_only_and_keeps_every_box(small: Pack) -> None:
    hidden = study_hidden_ids(small)
    assert hidden == {s["id"] for s in PACK["structures"]} - {"l4", "l5"}  # type: ignore[union-attr,index]
    blank = unlabelled_svg(SVG, hidden)
    assert blank.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert texts_of(blank, "femoral_nerve") == [] and texts_of(blank, "sciatic_nerve") == []
    assert texts_of(blank, "l4") == ["L4"] and texts_of(blank, "l5") == ["L5"]
    assert b"A SMALL PLEXUS" in blank
    assert b'xlink:href="#l4"' in blank  # the prefix QtSvg reads
    every = [s["id"] for s in PACK["structures"]]  # type: ignore[union-attr,index]
    assert element_boxes(blank, every) == element_boxes(SVG, every)


def test_a_box_is_the_first_rectangle_of_a_structures_group(small: Pack) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><text>A</text><rect x="1" y="2" width="3" height="4"/>'
        b'<rect x="9" y="9" width="9" height="9"/></g><g id="b"><rect width="5"/></g><g id="c"><text>C</text></g>'
        b'<g id="d"><rect x="7" y="7" width="7" height="7"/></g></svg>'
    )
    assert element_boxes(svg, ["a", "b", "c", "e"]) == {"a": (1.0, 2.0, 3.0, 4.0), "b": (0.0, 0.0, 5.0, 0.0)}


# ---------------------------------------------------------------- numbering


def test_a_sheet_numbers_its_kinds_column_by_column_then_down_and_skips_what_is_not_drawn(small: Pack) -> None:
    sheet = worksheet(small, SVG)
    assert sheet.title == "A small plexus: name the numbered nerves"
    assert sheet.entries == (
        KeyEntry(1, "femoral_nerve", "Femoral nerve", "Nervus femoralis", ("L4",)),
        KeyEntry(2, "sciatic_nerve", "Sciatic nerve", "", ("L4", "L5"), frame=True),
        KeyEntry(3, "fibular_nerve", "Fibular nerve", "", ("L5",)),
        KeyEntry(4, "tibial_nerve", "Tibial nerve", "", ("L4", "L5")),
    )
    assert sheet.key_lines() == [
        ("1", "Femoral nerve", "L4 · Nervus femoralis"),
        ("2", "Sciatic nerve", "L4, L5"),
        ("3", "Fibular nerve", "L5"),
        ("4", "Tibial nerve", "L4, L5"),
    ]
    assert dict(sheet.boxes) == {
        "femoral_nerve": (100.0, 120.0, 60.0, 20.0),
        "sciatic_nerve": (290.0, 30.0, 100.0, 110.0),
        "fibular_nerve": (310.0, 40.0, 60.0, 20.0),
        "tibial_nerve": (300.0, 100.0, 60.0, 20.0),
    }
    assert sheet.crop == (0.0, 0.0, 600.0, 400.0)
    assert texts_of(sheet.svg, "femoral_nerve") == [] and texts_of(sheet.svg, "quadriceps") == ["quadriceps"]


def test_a_muscle_sheet_numbers_the_heads_of_a_composite_muscle_not_the_whole(small: Pack) -> None:
    sheet = worksheet(small, SVG, numbering=Numbering.MUSCLES)
    assert sheet.title == "A small plexus: name the numbered muscles"
    assert [e.id for e in sheet.entries] == ["quadriceps", "head_one", "head_two"]
    assert texts_of(sheet.svg, "two_headed") == ["two_headed"]


def test_a_sheet_of_everything_numbers_nerves_muscles_and_skin_together(small: Pack) -> None:
    sheet = worksheet(small, SVG, numbering=Numbering.ALL)
    assert sheet.title == "A small plexus: name the numbered nerves, muscles and skin"
    assert [e.id for e in sheet.entries] == [
        "femoral_nerve",
        "shin",
        "quadriceps",
        "sciatic_nerve",
        "fibular_nerve",
        "tibial_nerve",
        "head_one",
        "head_two",
    ]


# ---------------------------------------------------------------- one pathway


def test_a_pathway_sheet_numbers_what_it_lights_and_shows_that_part_with_a_margin(small: Pack) -> None:
    sheet = worksheet(small, SVG, numbering=Numbering.ALL, select="femoral_nerve")
    assert sheet.title == "A small plexus: name the numbered nerves, muscles and skin of the femoral nerve pathway"
    assert [e.id for e in sheet.entries] == ["femoral_nerve", "shin", "quadriceps"]
    # 40 units round the lit boxes; the top edge moved up to take in the whole box of L5 it would cut, and 8 more.
    assert sheet.crop == (60.0, 62.0, 150.0, 298.0)


def test_a_pathway_view_stays_inside_the_schematic_and_takes_in_a_box_its_bottom_edge_would_cut(small: Pack) -> None:
    sheet = worksheet(small, SVG, numbering=Numbering.NERVES, select="sciatic_nerve")
    assert sheet.title == "A small plexus: name the numbered nerves of the sciatic nerve pathway"
    assert [e.id for e in sheet.entries] == ["sciatic_nerve", "fibular_nerve", "tibial_nerve"]
    assert sheet.crop == (250.0, 0.0, 270.0, 338.0)
    muscles = worksheet(small, SVG, numbering=Numbering.MUSCLES, select="sciatic_nerve")
    assert [e.id for e in muscles.entries] == ["head_one", "head_two"]
    assert muscles.crop == sheet.crop


def test_a_pathway_with_nothing_drawn_to_number_shows_the_whole_schematic(small: Pack) -> None:
    sheet = worksheet(small, SVG, numbering=Numbering.MUSCLES, select="undrawn_nerve")
    assert (sheet.entries, sheet.crop) == ((), (0.0, 0.0, 600.0, 400.0))
    assert sheet.title == "A small plexus: name the numbered muscles of the undrawn nerve pathway"


def test_the_whole_schematic_is_its_view_box_or_else_its_size(small: Pack) -> None:
    commas = SVG.replace(b'viewBox="0 0 600 400"', b'viewBox="10,20, 500,300"')
    assert worksheet(small, commas).crop == (10.0, 20.0, 500.0, 300.0)
    sized = SVG.replace(b'viewBox="0 0 600 400"', b'width="640" height="480"')
    assert worksheet(small, sized).crop == (0.0, 0.0, 640.0, 480.0)
    bare = SVG.replace(b'viewBox="0 0 600 400"', b'viewBox="0 0 600"')
    assert worksheet(small, bare).crop == (0.0, 0.0, 0.0, 0.0)
    # A view clamped to a schematic that starts away from the origin.
    shifted = SVG.replace(b'viewBox="0 0 600 400"', b'viewBox="70 10 500 330"')
    assert worksheet(small, shifted, select="sciatic_nerve").crop == (250.0, 10.0, 270.0, 328.0)
    assert worksheet(small, shifted, select="femoral_nerve").crop == (70.0, 62.0, 140.0, 278.0)
