"""Worksheets and exports of either bundled pack: every nerve, trunk and cord numbered, the key and titles in proper words."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled_packs import PACKS, bundled, data_path

from viewer.cli import main
from viewer.model.records import NERVE_KINDS
from viewer.model.worksheet import Numbering, worksheet


@pytest.mark.parametrize("name", PACKS)
def test_the_default_sheet_numbers_every_nerve_trunk_and_cord(name: str) -> None:
    pack = bundled(name)
    sheet = worksheet(pack, pack.svg_path.read_bytes())
    assert {e.id for e in sheet.entries} == {s.id for s in pack.structures.values() if s.kind in NERVE_KINDS}
    assert sheet.title == f"{pack.title}: name the numbered nerves"
    assert [e.number for e in sheet.entries] == list(range(1, len(sheet.entries) + 1))


@pytest.mark.parametrize(
    ("name", "select", "said"),
    [
        ("lumbosacral", "l5", "of the L5 pathway"),
        ("lumbosacral", "common_fibular_nerve", "of the common fibular nerve pathway"),
        ("brachial", "c7", "of the C7 pathway"),
        ("brachial", "lateral_cord", "of the lateral cord pathway"),
    ],
)
def test_a_pathway_sheet_names_its_selection_in_proper_case(name: str, select: str, said: str) -> None:
    pack = bundled(name)
    sheet = worksheet(pack, pack.svg_path.read_bytes(), numbering=Numbering.MUSCLES, select=select)
    assert sheet.entries and sheet.title == f"{pack.title}: name the numbered muscles {said}"


def test_the_brachial_key_lists_trunks_and_cords_with_their_segments() -> None:
    pack = bundled("brachial")
    lines = {name: segments for _n, name, segments in worksheet(pack, pack.svg_path.read_bytes()).key_lines()}
    for name in ("Upper trunk", "Middle trunk", "Lower trunk", "Lateral cord", "Posterior cord", "Medial cord"):
        assert lines[name].startswith(", ".join(pack.structures[name.lower().replace(" ", "_")].segments))


def test_brachial_export_and_worksheet_through_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(data_path("brachial"))
    assert main(["export", "--select", "C7", "--data", data, "-o", str(tmp_path / "c7.png")]) == 0
    assert (tmp_path / "c7.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["worksheet", "--select", "C7", "--data", data, "-o", str(tmp_path / "c7.pdf")]) == 0
    assert (tmp_path / "c7.pdf").read_bytes()[:5] == b"%PDF-"
    assert "numbered structures and its answer key" in capsys.readouterr().out
