"""Variants hidden: what leaves the drawing and the tracing, and what stays."""

from __future__ import annotations

from viewer.model.pack import Pack
from viewer.model.svgids import read_svg_ids
from viewer.model.tracing import trace
from viewer.model.variants import hidden_variants, schematic_without, without_variants


def link_between(pack: Pack, source: str, target: str) -> int:
    return next(link.index for link in pack.links if link.source == source and link.target == target)


def test_hidden_variants_are_the_inconstant_structures_and_links(pack: Pack) -> None:
    hidden = hidden_variants(pack)
    assert {"accessory_obturator_nerve", "subcostal_contribution"} <= hidden.structures
    assert all(pack.structures[s].inconstant for s in hidden.structures)
    # the links into and out of a hidden structure go with it
    assert link_between(pack, "l3_anterior_division", "accessory_obturator_nerve") in hidden.links
    assert link_between(pack, "accessory_obturator_nerve", "pectineus") in hidden.links
    # a second supply drawn as inconstant is hidden, the muscle it reaches is not
    assert link_between(pack, "anterior_branch_of_obturator", "pectineus") in hidden.links
    assert "pectineus" not in hidden.structures
    assert link_between(pack, "femoral_muscular_branches", "pectineus") not in hidden.links


def test_tracing_without_variants_leaves_them_unlit(pack: Pack) -> None:
    visible = without_variants(pack)
    assert "accessory_obturator_nerve" in trace(pack, "l3").structures
    lit = trace(visible, "l3")
    assert "accessory_obturator_nerve" not in lit.structures
    assert {"femoral_nerve", "obturator_nerve", "pectineus"} <= lit.structures
    hidden = hidden_variants(pack).links
    assert not {i for i, _ in lit.strands} & hidden
    # pectineus traces back through the femoral nerve only
    assert "obturator_nerve" in trace(pack, "pectineus").structures
    assert "obturator_nerve" not in trace(visible, "pectineus").structures
    # strands keep their indexes into the whole pack's links
    assert visible.links is pack.links


def test_the_schematic_without_variants(pack: Pack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hidden = hidden_variants(pack)
    out = tmp_path / "without.svg"
    out.write_bytes(schematic_without(pack.svg_path.read_bytes(), hidden.element_ids(pack)))
    ids = set(read_svg_ids(out))
    assert not ids & hidden.element_ids(pack)
    assert set(read_svg_ids(pack.svg_path)) - ids == hidden.element_ids(pack)
