"""The skin map is drawn from the data: in step with it, every region inside the figure."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from viewer.model.pack import Pack

ROOT = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_skin_map", ROOT / "tools" / "build_skin_map.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_committed_skin_map_is_what_the_data_draws(bundled_pack: Pack) -> None:
    pack = bundled_pack
    generator = _generator()
    drawn = generator.build(pack.data_path, ROOT / "tools" / f"{pack.data_path.stem}_skin_shapes.json")
    assert pack.skin_svg_path is not None
    assert drawn == pack.skin_svg_path.read_text(encoding="utf-8"), "run tools/build_skin_map.py after editing the data or shapes"


def test_every_skin_structure_is_a_region_on_its_layer_with_its_name_beside_it(bundled_pack: Pack) -> None:
    """Dermatomes on `layer-dermatomes`, territories on `layer-territories`, each a `<g>` of
    paths with the structure's id, and each named on the map: a `deco-label-<id>` inside the
    region or a `deco-callout-<id>` pointing at it."""
    from xml.etree import ElementTree

    from viewer.model.records import Kind

    pack = bundled_pack
    assert pack.skin_svg_path is not None
    svg = "{http://www.w3.org/2000/svg}"
    root = ElementTree.fromstring(pack.skin_svg_path.read_bytes())
    layers = {g.get("id"): g for g in root.iter(svg + "g") if (g.get("id") or "").startswith("layer-")}
    named = {g.get("id") for g in root.iter(svg + "g") if (g.get("id") or "").startswith(("deco-label-", "deco-callout-"))}
    for layer, kind in (("layer-dermatomes", Kind.DERMATOME), ("layer-territories", Kind.SKIN)):
        regions = {g.get("id"): g for g in layers[layer].findall(svg + "g")}
        assert set(regions) == {s.id for s in pack.of_kind(kind)}, layer
        for sid, group in regions.items():
            assert group.findall(svg + "path"), sid
            assert f"deco-label-{sid}" in named or f"deco-callout-{sid}" in named, f"{sid} is not named on the map"


def test_every_nerve_in_scope_has_a_territory_and_every_segment_a_dermatome(pack: Pack) -> None:
    from viewer.model.records import Kind

    drawn = pack.skin_map_ids()
    nerves = {pack.structures[link.source].id for sid in drawn for link in pack.incoming[sid]}
    # the nerves the skin map must show (issue: iliohypogastric … pudendal and perineal areas)
    for nerve in (
        "iliohypogastric_nerve",
        "ilioinguinal_nerve",
        "genital_branch_of_genitofemoral",
        "femoral_branch_of_genitofemoral",
        "lateral_femoral_cutaneous_nerve",
        "anterior_cutaneous_branches_of_femoral",
        "saphenous_nerve",
        "anterior_branch_of_obturator",
        "posterior_femoral_cutaneous_nerve",
        "superficial_fibular_nerve",
        "dorsal_digital_nerves_deep_fibular",  # the deep fibular nerve's skin, through its dorsal digital nerves
        "dorsal_digital_nerves_superficial_fibular",
        "sural_nerve",
        "lateral_sural_cutaneous_nerve",
        "infrapatellar_branch_of_saphenous",
        "superior_cluneal_nerves",
        "medial_cluneal_nerves",
        "inferior_cluneal_nerves",
        "medial_plantar_nerve",
        "lateral_plantar_nerve",
        "medial_calcaneal_branches",
        "inferior_anal_nerve",
        "perineal_nerve",
    ):
        assert nerve in nerves, nerve
    dermatome_segments = {g for s in pack.of_kind(Kind.DERMATOME) for g in s.segments}
    assert dermatome_segments == {"T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5"}
