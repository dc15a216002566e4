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


def _with(pack: Pack, **changes: dict) -> Pack:  # type: ignore[type-arg]
    """The pack with some structures' fields changed (e.g. obturator_nerve={"inconstant": True})."""
    import dataclasses

    import msgspec

    structures = dict(pack.structures)
    for sid, fields in changes.items():
        structures[sid] = msgspec.structs.replace(structures[sid], **fields)
    return dataclasses.replace(pack, structures=structures)


def test_hiding_a_nerve_hides_everything_only_it_reaches_however_far_down(pack: Pack) -> None:
    hidden = hidden_variants(_with(pack, obturator_nerve={"inconstant": True}))
    assert hidden.structures == {
        "accessory_obturator_nerve", "subcostal_contribution", "obturator_nerve",
        # its branches, then the muscles and skin that only they reach
        "anterior_branch_of_obturator", "posterior_branch_of_obturator",
        "adductor_brevis", "adductor_longus", "gracilis", "obturator_externus", "skin_medial_thigh",
        # the adductor part of adductor magnus goes; the whole muscle, with its hamstring part, stays
        "adductor_magnus_adductor_part",
    }  # fmt: skip
    # pectineus keeps its femoral supply; the segments are never hidden
    assert "pectineus" not in hidden.structures and "l3" not in hidden.structures


def test_a_pack_whose_variants_are_links_only_still_traces_without_them(pack: Pack) -> None:
    links_only = _with(pack, accessory_obturator_nerve={"inconstant": False}, subcostal_contribution={"inconstant": False})
    assert not hidden_variants(links_only).structures and hidden_variants(links_only).links
    assert "obturator_nerve" in trace(links_only, "pectineus").structures
    assert "obturator_nerve" not in trace(without_variants(links_only), "pectineus").structures


def test_a_pack_without_variants_is_traced_as_it_is(pack: Pack) -> None:
    import dataclasses

    plain = _with(pack, accessory_obturator_nerve={"inconstant": False}, subcostal_contribution={"inconstant": False})
    plain = dataclasses.replace(plain, links=tuple(dataclasses.replace(link, inconstant=False) for link in plain.links))
    assert hidden_variants(plain).structures == hidden_variants(plain).links == frozenset()
    assert without_variants(plain) is plain


def test_the_drawing_omits_the_hidden_structures_and_every_strand_of_a_hidden_link(pack: Pack) -> None:
    hidden = hidden_variants(pack)
    assert hidden.element_ids(pack) == {"accessory_obturator_nerve", "subcostal_contribution"} | hidden.strand_ids(pack)
    assert {"anterior_branch_of_obturator__pectineus__l2", "t12__subcostal_contribution__t12"} <= hidden.strand_ids(pack)
    assert len(hidden.element_ids(pack)) == 20


def test_the_schematic_without_variants_is_written_as_qtsvg_reads_it() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="#a"/><g id="gone"><path id="in_it"/></g><text id="a">Nervus femoralis – é</text></svg>'
    ).encode()
    assert (
        schematic_without(svg, {"gone"})
        == (
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<use xlink:href="#a" /><text id="a">Nervus femoralis – é</text></svg>'
        ).encode()
    )


def test_the_schematic_is_parsed_again_refusing_any_document_type(pack: Pack) -> None:
    import pytest
    from defusedxml import DTDForbidden

    with pytest.raises(DTDForbidden):
        schematic_without(b'<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>', set())
