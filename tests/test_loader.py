"""Loading and validating packs: the real one, and broken copies of it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from viewer.assets import default_data_path, default_svg_path
from viewer.model.errors import PackError
from viewer.model.loader import DECORATION_PREFIXES, MIN_ROOT_SOURCES, load_pack
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.svgids import read_svg_ids


def test_every_svg_id_maps_to_a_structure_or_strand_and_back(pack: Pack) -> None:
    ids = set(read_svg_ids(pack.svg_path))
    drawn = {i for i in ids if not i.startswith(DECORATION_PREFIXES)}
    assert drawn == pack.drawable_ids()
    assert pack.skin_svg_path is not None
    skin_ids = set(read_svg_ids(pack.skin_svg_path))
    assert {i for i in skin_ids if not i.startswith(DECORATION_PREFIXES)} == pack.skin_map_ids()
    for sid, s in pack.structures.items():
        assert sid in ids or (s.kind is Kind.DERMATOME and sid in skin_ids), sid
        if s.kind in (Kind.SKIN, Kind.DERMATOME):
            assert sid in skin_ids, sid
    for link in pack.links:
        for strand in link.strand_ids():
            assert strand in ids or pack.structures[link.target].kind is Kind.DERMATOME


def test_every_value_has_sources_and_root_values_have_two(pack: Pack) -> None:
    for s in pack.structures.values():
        assert pack.source_keys(s), s.id
        for fact in s.facts:
            assert fact.sources, (s.id, fact.field)
        if s.kind in NERVE_KINDS and not s.parts:
            assert len(set(s.segment_sources)) >= MIN_ROOT_SOURCES, s.id


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the bundled pack."""
    data = tmp_path / "pack.json"
    svg = tmp_path / "svg" / "pack.svg"
    svg.parent.mkdir()
    shutil.copy(default_data_path(), data)
    shutil.copy(default_svg_path(), svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), svg.with_name("pack-skin.svg"))
    return data, svg


def problems_of(data: Path, svg: Path | None = None) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack(data, svg)
    return [str(p) for p in info.value.problems]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_copy_loads_with_its_default_svg(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    assert len(load_pack(data).structures) > 150


def test_syntax_error_names_its_line(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    text = data.read_text(encoding="utf-8").replace('"name": "Gluteus medius"', '"name": "Gluteus medius",,', 1)
    data.write_text(text, encoding="utf-8")
    [problem] = problems_of(data)
    line = line_of(data, '"Gluteus medius",,')
    assert problem.startswith(f"{data}:{line}: not valid JSON")


def test_misspelt_key_names_its_line(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    text = data.read_text(encoding="utf-8").replace('"latin": "Musculus gluteus medius"', '"latn": "Musculus gluteus medius"', 1)
    data.write_text(text, encoding="utf-8")
    [problem] = problems_of(data)
    assert problem == f"{data}:{line_of(data, 'latn')}: unknown key 'latn'"


def test_wrong_type_names_its_line(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    raw = json.loads(data.read_text(encoding="utf-8"))
    raw["structures"][5]["inconstant"] = "sometimes"
    data.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    [problem] = problems_of(data)
    assert re.match(rf"{re.escape(str(data))}:\d+: structures\.5\.inconstant: expected `bool`, got `str`", problem), problem


def edit(data: Path, change) -> None:  # type: ignore[no-untyped-def]
    raw = json.loads(data.read_text(encoding="utf-8"))
    change(raw)
    data.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")


def structure(raw: dict, sid: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in raw["structures"] if s["id"] == sid)


def test_unknown_segment(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    edit(data, lambda raw: structure(raw, "piriformis").__setitem__("segments", ["S1", "S7"]))
    problems = problems_of(data)
    assert any("piriformis: unknown segment S7" in p and re.match(rf"{re.escape(str(data))}:\d+:", p) for p in problems), problems


def test_connection_carrying_a_segment_its_source_lacks(copy: tuple[Path, Path]) -> None:
    data, _ = copy

    def change(raw: dict) -> None:  # type: ignore[type-arg]
        for c in raw["connections"]:
            if c["from"] == "superior_gluteal_nerve" and c["to"] == "gluteus_medius":
                c["segments"] = ["L4", "L5", "S1", "S2"]

    edit(data, change)
    problems = problems_of(data)
    assert any("superior_gluteal_nerve → gluteus_medius: carries S2, which superior_gluteal_nerve does not carry" in p for p in problems), (
        problems
    )


def test_cycle_is_reported(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    edit(data, lambda raw: raw["connections"].append({"from": "saphenous_nerve", "to": "femoral_nerve"}))
    assert any("cycle" in p for p in problems_of(data))


def test_unknown_source_key(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    edit(data, lambda raw: structure(raw, "soleus")["facts"][0].__setitem__("sources", ["no_such_book"]))
    assert any("soleus: unknown source 'no_such_book'" in p for p in problems_of(data))


def test_structure_without_svg_element(copy: tuple[Path, Path]) -> None:
    data, svg = copy
    svg.write_text(svg.read_text(encoding="utf-8").replace('id="gracilis"', 'id="deco-gracilis"'), encoding="utf-8")
    assert f"{svg}:#gracilis: no element with id 'gracilis'" in problems_of(data)


def test_svg_id_with_no_structure(copy: tuple[Path, Path]) -> None:
    data, svg = copy
    svg.write_text(svg.read_text(encoding="utf-8").replace('id="gracilis"', 'id="gracillis"'), encoding="utf-8")
    problems = problems_of(data)
    assert any(re.match(rf"{re.escape(str(svg))}:\d+: element id 'gracillis' names no structure or strand", p) for p in problems), problems


def test_billion_laughs_is_refused(copy: tuple[Path, Path]) -> None:
    data, svg = copy
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>\n'
    svg.write_text(bomb, encoding="utf-8")
    [problem] = problems_of(data)
    assert problem.startswith(f"{svg}:") and "not allowed" in problem


def test_external_entity_is_refused_and_not_read(copy: tuple[Path, Path]) -> None:
    data, svg = copy
    svg.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>\n',
        encoding="utf-8",
    )
    [problem] = problems_of(data)
    assert "not allowed" in problem and "root:" not in problem


def test_not_utf8_data(copy: tuple[Path, Path]) -> None:
    data, _ = copy
    data.write_bytes(data.read_bytes().replace(b"Gluteus medius", b"Gluteus m\xe9dius", 1))
    [problem] = problems_of(data)
    assert problem.startswith(f"{data}:{line_of_bytes(data, b'Gluteus m')}: not UTF-8")


def line_of_bytes(path: Path, needle: bytes) -> int:
    return path.read_bytes()[: path.read_bytes().index(needle)].count(b"\n") + 1


def test_missing_file() -> None:
    assert problems_of(Path("/nonexistent/pack.json")) == ["/nonexistent/pack.json: no such file"]


def test_every_segment_dispute_lists_the_drawn_value(pack: Pack) -> None:
    from viewer.model.facts import segments_named

    for s in pack.structures.values():
        for dispute in s.disputes:
            if dispute.field == "segments":
                values = [segments_named(pack, alt.value) for alt in dispute.values]
                assert set(s.segments) in values, (s.id, s.segments, [a.value for a in dispute.values])
