"""The loader reads the skin map beside the schematic and checks it against the data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from viewer.assets import default_data_path, default_svg_path
from viewer.model.errors import PackError
from viewer.model.loader import load_pack
from viewer.model.records import Kind


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    data = tmp_path / "pack.json"
    svg = tmp_path / "svg" / "pack.svg"
    skin = tmp_path / "svg" / "pack-skin.svg"
    svg.parent.mkdir()
    shutil.copy(default_data_path(), data)
    shutil.copy(default_svg_path(), svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), skin)
    return data, svg, skin


def problems_of(data: Path, svg: Path | None = None, skin: Path | None = None) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack(data, svg, skin)
    return [str(p) for p in info.value.problems]


def test_the_skin_map_beside_the_schematic_is_found(copy: tuple[Path, Path, Path]) -> None:
    data, svg, skin = copy
    pack = load_pack(data)
    assert pack.skin_svg_path == skin
    assert pack.svg_path == svg


def test_dermatomes_without_a_skin_map_are_reported(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    skin.unlink()
    (problem,) = problems_of(data)
    assert problem.startswith(f"{data}: 10 dermatomes are drawn only in a skin map")
    assert str(skin) in problem


def test_a_pack_without_dermatomes_needs_no_skin_map(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    skin.unlink()
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["structures"] = [s for s in raw["structures"] if s["kind"] != "dermatome"]
    raw["connections"] = [c for c in raw["connections"] if not c["to"].startswith("dermatome_")]
    data.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    pack = load_pack(data)
    assert pack.skin_svg_path is None
    assert not pack.of_kind(Kind.DERMATOME)


def test_a_missing_region_is_named(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    skin.write_text(skin.read_text(encoding="utf-8").replace('id="skin_sural"', 'id="deco-sural"'), encoding="utf-8")
    assert f"{skin}:#skin_sural: no region with id 'skin_sural'" in problems_of(data)


def test_a_region_that_names_nothing_is_reported_with_its_line(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    skin.write_text(skin.read_text(encoding="utf-8").replace('id="dermatome_l4"', 'id="dermatome_l44"'), encoding="utf-8")
    problems = problems_of(data)
    assert any(
        re.match(rf"{re.escape(str(skin))}:\d+: element id 'dermatome_l44' names no skin territory or dermatome", p) for p in problems
    )
    assert f"{skin}:#dermatome_l4: no region with id 'dermatome_l4'" in problems


def test_a_muscle_in_the_skin_map_is_refused(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    text = skin.read_text(encoding="utf-8").replace("</svg>", '<rect id="gracilis" width="4" height="4"/></svg>')
    skin.write_text(text, encoding="utf-8")
    assert any("'gracilis' names no skin territory or dermatome" in p for p in problems_of(data))


def test_a_hostile_skin_map_is_refused(copy: tuple[Path, Path, Path]) -> None:
    data, _, skin = copy
    skin.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>\n',
        encoding="utf-8",
    )
    (problem,) = problems_of(data)
    assert problem.startswith(f"{skin}:") and "not allowed" in problem


def test_an_explicit_skin_map_that_does_not_exist(copy: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, svg, _ = copy
    missing = tmp_path / "nowhere-skin.svg"
    assert problems_of(data, svg, missing) == [f"{missing}: no such file"]
