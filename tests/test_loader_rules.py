"""Loader rules that a change could drop unnoticed: nesting depth, the pack's folder,
explicit segment lists and the ids a schematic or skin map may hold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from viewer.model.errors import PackError, Problem
from viewer.model.loader import MAX_JSON_DEPTH, _too_deep, load_data, load_pack, parse_json

HERE = Path("pack.json")


def test_too_deep_names_the_line_where_the_nesting_first_goes_too_deep() -> None:
    text = "[\n" * MAX_JSON_DEPTH + "[\n" + "]" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, text) == Problem(HERE, f"nested more than {MAX_JSON_DEPTH} deep", line=MAX_JSON_DEPTH + 1)
    objects = '{"a":\n' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, objects).line == MAX_JSON_DEPTH + 1


def test_too_deep_counts_only_open_brackets_outside_strings() -> None:
    # Closed brackets give the depth back: many shallow arrays in a row are not deep.
    shallow = "[" + ",\n".join("[[]]" for _ in range(MAX_JSON_DEPTH * 2)) + "]"
    assert _too_deep(HERE, shallow).line is None
    # Brackets inside strings do not count, nor does an escaped quote end the string.
    in_string = '["' + "[" * (MAX_JSON_DEPTH * 2) + '", "\\"' + "{" * (MAX_JSON_DEPTH * 2) + '"]'
    assert _too_deep(HERE, in_string).line is None
    # An escaped backslash does end before the quote that closes the string.
    after_backslash = '["\\\\",\n' + "[" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, after_backslash).line == 2
    # An empty string ends at its second quote.
    assert _too_deep(HERE, '""' + "[" * (MAX_JSON_DEPTH + 1)).line == 1


def test_too_deep_keeps_the_depth_across_closed_brackets() -> None:
    # One deeper than allowed after a closed pair at the deepest level: the depth is not reset.
    text = "[" * (MAX_JSON_DEPTH - 1) + "[]\n" + "[[" + "]" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, text).line == 2
    # Closed pairs in a row give back exactly one level each.
    text = "[]" * 100 + "\n" + "[" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, text).line == 2
    # Lines are counted from the file's first character.
    assert _too_deep(HERE, "\n" + "[" * (MAX_JSON_DEPTH + 1)).line == 2
    assert _too_deep(HERE, "[]") == Problem(HERE, f"nested more than {MAX_JSON_DEPTH} deep")


def test_too_deep_stops_scanning_at_its_limit() -> None:
    text = "[" * (MAX_JSON_DEPTH + 1)
    assert _too_deep(HERE, text).line == 1
    assert _too_deep(HERE, text, scan_limit=MAX_JSON_DEPTH).line == 1  # the last bracket scanned is the one too deep
    assert _too_deep(HERE, text, scan_limit=MAX_JSON_DEPTH - 1).line is None


def test_a_file_nested_too_deep_for_the_parser_is_refused_at_its_line(tmp_path: Path) -> None:
    text = '{\n "structures":\n' + "[" * 100_000 + "]" * 100_000 + "\n}"
    with pytest.raises(PackError) as err:
        parse_json(tmp_path / "deep.json", text)
    assert err.value.problems == [Problem(tmp_path / "deep.json", f"nested more than {MAX_JSON_DEPTH} deep", line=3)]


# ---------------------------------------------------------------- the pack's folder


@pytest.fixture
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("elsewhere")


def _move_out(path: Path, folder: Path) -> Path:
    """Move `path` to `folder` and leave a link to it in its place."""
    target = folder / path.name
    shutil.move(path, target)
    path.symlink_to(target)
    return target


def test_a_schematic_linked_from_outside_the_pack_folder_is_refused(pack_copy: Path, elsewhere: Path) -> None:
    svg = pack_copy.parent / "svg" / "lumbosacral.svg"
    outside = _move_out(svg, elsewhere)
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert str(err.value) == f"{svg}: is a link to a file outside the pack's folder; name the schematic with --svg"
    # Named by the user, the same file is read.
    skin = pack_copy.parent / "svg" / "lumbosacral-skin.svg"
    assert load_pack(pack_copy, svg_path=outside, skin_svg_path=skin).svg_path == outside


def test_a_skin_map_linked_from_outside_the_pack_folder_is_refused(pack_copy: Path, elsewhere: Path) -> None:
    skin = pack_copy.parent / "svg" / "lumbosacral-skin.svg"
    _move_out(skin, elsewhere)
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert str(err.value) == f"{skin}: is a link to a file outside the pack's folder; name the skin map with --skin-svg"


def test_a_skin_map_beside_a_named_schematic_must_lie_in_the_schematics_folder(pack_copy: Path, elsewhere: Path) -> None:
    folder = pack_copy.parent / "mine"
    folder.mkdir()
    svg = shutil.copy(pack_copy.parent / "svg" / "lumbosacral.svg", folder / "plexus.svg")
    skin = folder / "plexus-skin.svg"
    shutil.copy(pack_copy.parent / "svg" / "lumbosacral-skin.svg", skin)
    assert load_pack(pack_copy, svg_path=Path(svg)).skin_svg_path == skin
    _move_out(skin, elsewhere)
    with pytest.raises(PackError) as err:
        load_pack(pack_copy, svg_path=Path(svg))
    assert str(err.value) == f"{skin}: is a link to a file outside the schematic's folder; name the skin map with --skin-svg"


def test_a_link_loop_in_place_of_the_schematic_is_refused(pack_copy: Path) -> None:
    svg = pack_copy.parent / "svg" / "lumbosacral.svg"
    svg.unlink()
    svg.symlink_to(svg)
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert str(err.value) == f"{svg}: is a link to a file outside the pack's folder; name the schematic with --svg"


# ---------------------------------------------------------------- connections


def test_a_connections_explicit_segment_list_decides_what_it_carries(pack_copy: Path) -> None:
    raw = json.loads(pack_copy.read_text("utf-8"))
    index = next(i for i, c in enumerate(raw["connections"]) if (c["from"], c["to"]) == ("femoral_muscular_branches", "pectineus"))
    assert "segments" not in raw["connections"][index]
    pack = load_data(pack_copy)
    assert pack.title == raw["title"]
    assert pack.links[index].segments == ("L2", "L3")  # what both ends share
    assert [link.index for link in pack.links] == list(range(len(raw["connections"])))
    assert [link.inconstant for link in pack.links] == [c.get("inconstant", False) for c in raw["connections"]]
    assert any(link.inconstant for link in pack.links)
    raw["connections"][index]["segments"] = ["L3"]
    pack_copy.write_text(json.dumps(raw, indent=1), "utf-8")
    link = load_data(pack_copy).links[index]
    assert (link.source, link.target, link.segments) == ("femoral_muscular_branches", "pectineus", ("L3",))


# ---------------------------------------------------------------- ids of the drawings


def _add_before_end(svg: Path, element: str) -> int:
    text = svg.read_text("utf-8")
    at = text.rindex("</svg>")
    svg.write_text(text[:at] + element + "\n" + text[at:], "utf-8")
    return text[:at].count("\n") + 1


def test_a_stray_id_in_the_skin_map_is_reported_at_its_line(pack_copy: Path) -> None:
    skin = pack_copy.parent / "svg" / "lumbosacral-skin.svg"
    line = _add_before_end(skin, '<path id="skin_of_the_moon" d="M0 0h1v1z"/><path id="deco-moon" d="M0 0h1v1z"/>')
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert err.value.problems == [Problem(skin, "element id 'skin_of_the_moon' names no skin territory or dermatome", line=line)]


def test_a_missing_skin_region_is_reported_by_its_id(pack_copy: Path) -> None:
    skin = pack_copy.parent / "svg" / "lumbosacral-skin.svg"
    text = skin.read_text("utf-8")
    assert 'id="dermatome_l5"' in text
    skin.write_text(text.replace('id="dermatome_l5"', 'id="legend-l5"'), "utf-8")
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert err.value.problems == [Problem(skin, "no region with id 'dermatome_l5'", element="dermatome_l5")]


def test_a_stray_id_in_the_schematic_is_reported_at_its_line(pack_copy: Path) -> None:
    svg = pack_copy.parent / "svg" / "lumbosacral.svg"
    line = _add_before_end(svg, '<path id="nerve_to_nowhere" d="M0 0h1v1z"/><g id="layer-notes"/>')
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    assert err.value.problems == [Problem(svg, "element id 'nerve_to_nowhere' names no structure or strand", line=line)]


def test_a_pack_with_dermatomes_but_no_skin_map_is_refused(pack_copy: Path) -> None:
    skin = pack_copy.parent / "svg" / "lumbosacral-skin.svg"
    skin.unlink()
    with pytest.raises(PackError) as err:
        load_pack(pack_copy)
    [problem] = err.value.problems
    assert problem.path == pack_copy
    assert problem.reason.endswith(f"dermatomes are drawn only in a skin map, and there is none (expected {skin})")
    assert problem.reason.split()[0].isdigit() and int(problem.reason.split()[0]) >= 10


def test_the_loaded_pack_carries_both_checked_drawings(pack_copy: Path) -> None:
    pack = load_pack(pack_copy)
    assert b'id="sciatic_nerve"' in pack.svg_data and b"<svg" in pack.svg_data
    assert b'id="dermatome_l5"' in pack.skin_svg_data and b'id="sciatic_nerve"' not in pack.skin_svg_data


def test_a_key_is_placed_at_its_own_objects_level_not_in_a_nested_object() -> None:
    from viewer.model.jsonlines import JsonLines

    text = '{\n "site": {\n  "variable": [{\n   "sources": []\n  }],\n  "sources": []\n },\n "sources": []\n}'
    lines = JsonLines(text)
    assert lines.line_of_path(["site"], key="sources") == 6
    assert lines.line_of_path([], key="sources") == 8
    assert lines.line_of_path(["site", "variable", 0], key="sources") == 4
