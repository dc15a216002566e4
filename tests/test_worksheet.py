"""Worksheets: numbered blank labels on the schematic, and an answer key that matches them."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from viewer.cli import main
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.worksheet import Numbering, element_boxes, study_hidden_ids, unlabelled_svg, worksheet
from viewer.qt.output.worksheet import render_sheet


def texts_of(svg: bytes, element_id: str) -> list[str]:
    match = re.search(rb'<g id="' + element_id.encode() + rb'"[^>]*>(.*?)</g>', svg, re.S)
    assert match, element_id
    return [t.decode() for t in re.findall(rb"<text[^>]*>([^<]*)</text>", match.group(1))]


def test_blanking_removes_the_labels_and_keeps_the_boxes(pack: Pack) -> None:
    svg = pack.svg_path.read_bytes()
    assert texts_of(svg, "femoral_nerve") == ["Femoral nerve"]
    blank = unlabelled_svg(svg, study_hidden_ids(pack))
    assert texts_of(blank, "femoral_nerve") == [] and texts_of(blank, "gluteus_maximus") == []
    assert texts_of(blank, "l4") == ["L4"]  # the roots stay labelled
    assert element_boxes(blank, ["femoral_nerve"]) == element_boxes(svg, ["femoral_nerve"])
    assert b"LUMBAR PLEXUS" in blank  # titles and the key stay


def test_default_sheet_numbers_every_nerve_in_reading_order(pack: Pack) -> None:
    svg = pack.svg_path.read_bytes()
    sheet = worksheet(pack, svg)
    numbered = [e.id for e in sheet.entries]
    assert set(numbered) == {s.id for s in pack.structures.values() if s.kind in NERVE_KINDS}
    assert [e.number for e in sheet.entries] == list(range(1, len(numbered) + 1))
    # the first column (the lumbar plexus nerves) is numbered top to bottom
    assert numbered[:3] == ["subcostal_nerve", "subcostal_contribution", "iliohypogastric_nerve"]
    for entry in sheet.entries:
        assert texts_of(sheet.svg, entry.id) == []
    assert texts_of(sheet.svg, "gluteus_maximus") == ["Gluteus maximus"]  # unnumbered stays labelled
    lines = sheet.key_lines()
    assert lines[7][:2] == ("8", "Femoral nerve") and lines[7][2].startswith("L2, L3, L4")


def test_a_selected_pathway_gets_numbers_and_a_closer_view(pack: Pack) -> None:
    svg = pack.svg_path.read_bytes()
    sheet = worksheet(pack, svg, numbering=Numbering.MUSCLES, select="common_fibular_nerve")
    names = {e.id for e in sheet.entries}
    assert {"tibialis_anterior", "fibularis_longus", "biceps_femoris_short_head"} <= names
    assert "tibialis_posterior" not in names and all(pack.structures[i].kind is Kind.MUSCLE for i in names)
    x, y, w, h = sheet.crop
    canvas_width = float(re.search(rb'viewBox="0 0 ([0-9.]+)', svg).group(1))  # type: ignore[union-attr]
    assert w < canvas_width * 0.6
    for entry_id in names:
        bx, by, bw, bh = sheet.boxes[entry_id]
        assert x <= bx and bx + bw <= x + w and y <= by and by + bh <= y + h


def test_a_composite_muscle_does_not_widen_the_view(pack: Pack) -> None:
    # adductor magnus is drawn in both plexuses; the sciatic nerve reaches only its hamstring part
    sheet = worksheet(pack, pack.svg_path.read_bytes(), numbering=Numbering.MUSCLES, select="sciatic_nerve")
    assert "adductor_magnus_hamstring_part" in {e.id for e in sheet.entries}
    assert sheet.crop[0] > 1100  # the sacral plexus only


def pdf_page_count(data: bytes) -> int:
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data, re.S)]
    return max(counts, default=0)


def test_cli_writes_a_two_page_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plexus.pdf"
    assert main(["worksheet", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(data) == 2
    assert "54 numbered structures" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plexus.pdf"]  # no backup, no temporary left


def test_cli_writes_a_png_sheet_and_a_png_key(tmp_path: Path, pack: Pack) -> None:
    out = tmp_path / "fibular.png"
    assert main(["worksheet", "--select", "common peroneal nerve", "--number", "all", "-o", str(out)]) == 0
    sheet_image, key_image = QImage(str(out)), QImage(str(tmp_path / "fibular-key.png"))
    assert sheet_image.width() == 3200 and sheet_image.height() > 2000
    assert key_image.width() == 2000 and key_image.height() > 500
    # Each number sits in its structure's box: probe the badge's dark ink there.
    sheet = worksheet(pack, pack.svg_path.read_bytes(), numbering=Numbering.ALL, select="common_fibular_nerve")
    image, target = render_sheet(sheet, 1600)
    cx, cy, cw, _ch = sheet.crop
    scale = target.width() / cw
    for entry in sheet.entries:
        x, y, _w, h = sheet.boxes[entry.id]
        middle = y + 12 if entry.frame else y + h / 2  # a frame (the sciatic nerve) is numbered at its title
        row = int(target.top() + (middle - cy) * scale)
        colours = {QColor(image.pixel(int(target.left() + (x + 4 + dx - cx) * scale), row)).name() for dx in range(1, 14)}
        assert "#1f2933" in colours, entry.id
        # and nothing of the old label is left to the right of the badge
        far = {QColor(image.pixel(int(target.left() + (x + dx - cx) * scale), row)).name() for dx in range(50, 90)}
        assert not far & {"#1f2933", "#5c4a12"}, entry.id


def test_cli_refuses_other_formats_and_unknown_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worksheet", "-o", str(tmp_path / "x.svg")]) == 2
    assert main(["worksheet", "--select", "xyzzy", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["worksheet", "-o", str(tmp_path / "missing" / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "written as .pdf or .png" in err and "no structure called 'xyzzy'" in err and "does not exist" in err
    assert not any(tmp_path.iterdir())


def test_pdf_streams_hold_vector_drawing(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    assert main(["worksheet", "--page", "a3", "-o", str(out)]) == 0
    data = out.read_bytes()
    streams = re.findall(rb"stream\r?\n(.*?)endstream", data, re.S)
    inflated = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    assert b" re" in inflated or b" c\n" in inflated  # paths, not one embedded picture
    assert re.search(rb"/MediaBox \[0 0 842(\.0+)? 1191(\.0+)?\]", data)  # A3 in points
