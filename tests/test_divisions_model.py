"""Which division each nerve comes from, read from the drawn connections."""

from __future__ import annotations

import pytest

from viewer.model.divisions import Division, division_label, divisions_of, nerves_by_division
from viewer.model.pack import Pack
from viewer.model.records import Kind

A, P = Division.ANTERIOR, Division.POSTERIOR


@pytest.mark.parametrize(
    ("nerve", "expected"),
    [
        ("femoral_nerve", {P}),
        ("lateral_femoral_cutaneous_nerve", {P}),
        ("obturator_nerve", {A}),
        ("accessory_obturator_nerve", {A}),
        ("tibial_nerve", {A}),
        ("common_fibular_nerve", {P}),
        ("superior_gluteal_nerve", {P}),
        ("inferior_gluteal_nerve", {P}),
        ("nerve_to_piriformis", {P}),
        ("nerve_to_quadratus_femoris", {A}),
        ("nerve_to_obturator_internus", {A}),
        ("pudendal_nerve", {A}),
        ("posterior_femoral_cutaneous_nerve", {A, P}),
        ("sciatic_nerve", {A, P}),
        ("saphenous_nerve", {P}),
        ("deep_fibular_nerve", {P}),
        ("medial_plantar_nerve", {A}),
        ("sural_nerve", {A, P}),
    ],
)
def test_division_of_each_nerve(pack: Pack, nerve: str, expected: set[Division]) -> None:
    assert divisions_of(pack, nerve) == expected


def test_nerves_that_no_division_reaches(pack: Pack) -> None:
    for nerve in ("iliohypogastric_nerve", "ilioinguinal_nerve", "subcostal_nerve", "pelvic_splanchnic_nerves", "lumbosacral_trunk"):
        assert divisions_of(pack, nerve) == frozenset(), nerve
        assert nerve not in nerves_by_division(pack)
    assert divisions_of(pack, "gluteus_medius") == frozenset()


def test_every_division_structure_is_one_or_the_other(pack: Pack) -> None:
    divisions = pack.of_kind(Kind.DIVISION)
    assert len(divisions) == 14
    for s in divisions:
        (only,) = divisions_of(pack, s.id)
        assert only.value in s.name.lower()


def test_division_label() -> None:
    assert division_label(frozenset({P, A})) == "anterior and posterior"
    assert division_label(frozenset({P})) == "posterior"
    assert division_label(frozenset()) == ""


def test_the_divisions_layer_colours_every_division_and_nerve_that_carries_division_fibres(pack: Pack) -> None:
    layer = nerves_by_division(pack)
    assert layer["femoral_nerve"] == {P}
    assert layer["obturator_nerve"] == {A}
    assert layer["sciatic_nerve"] == {A, P}
    assert layer["l4_anterior_division"] == {A}
    assert set(layer) == {
        s.id
        for s in pack.structures.values()
        if s.kind in (Kind.DIVISION, Kind.TRUNK, Kind.NERVE, Kind.BRANCH) and divisions_of(pack, s.id)
    }
    assert not any(pack.structures[sid].kind in (Kind.MUSCLE, Kind.SKIN, Kind.SEGMENT) for sid in layer)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("L4 ventral division", A),
        ("L4 dorsal division", P),
        ("L4 Anterior Division", A),
        ("L4 division", None),
    ],
)
def test_a_division_is_read_from_its_name_in_either_terminology(pack: Pack, name: str, expected: Division | None) -> None:
    import msgspec

    from viewer.model.divisions import division_of_structure

    assert division_of_structure(msgspec.structs.replace(pack.structures["l4_anterior_division"], name=name)) == expected
    assert division_of_structure(msgspec.structs.replace(pack.structures["femoral_nerve"], name=name)) is None
