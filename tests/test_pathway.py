"""The lit pathway in words, as the pathway panel shows it and a screen reader reads it."""

from __future__ import annotations

from viewer.model.pack import Pack
from viewer.model.pathway import pathway_lines
from viewer.model.settings import LabelLanguage
from viewer.model.tracing import trace


def test_nothing_selected_says_how_to_choose() -> None:
    assert pathway_lines(None, None) == [  # type: ignore[arg-type]
        "Nothing is selected. Choose a root, nerve or muscle in the structure list, or press Ctrl+F to find one."
    ]


def test_a_muscle_reads_from_its_roots_through_its_nerves_to_itself(pack: Pack) -> None:
    assert pathway_lines(pack, trace(pack, "gluteus_medius")) == [
        "Gluteus medius (muscle) is selected; segments lit: L4, L5, S1.",
        "Roots:",
        "  L4: drawn as a dashed line",
        "  L5: drawn as a dotted line",
        "  S1: drawn as a dashed line",
        "Divisions, trunks, nerves and branches, from the roots outwards (4):",
        "  Lumbosacral trunk: L4, L5",
        "  S1 posterior division (sacral plexus): S1",
        "  Lumbosacral trunk posterior division: L4, L5",
        "  Superior gluteal nerve: L4, L5, S1",
        "Muscles (1):",
        "  Gluteus medius: L4, L5, S1 by Superior gluteal nerve",
    ]


def test_in_latin_every_label_is_the_latin_name_with_its_kind(pack: Pack) -> None:
    assert pathway_lines(pack, trace(pack, "superior_gluteal_nerve"), LabelLanguage.LATIN)[5:] == [
        "Divisions, trunks, nerves and branches, from the roots outwards (4):",
        "  Truncus lumbosacralis (trunk): L4, L5",
        "  Divisio posterior rami anterioris S1 (division): S1",
        "  Divisio posterior trunci lumbosacralis (division): L4, L5",
        "  Nervus gluteus superior (nerve): L4, L5, S1",
        "Muscles (3):",
        "  Musculus gluteus medius: L4, L5, S1 by Nervus gluteus superior",
        "  Musculus gluteus minimus: L4, L5, S1 by Nervus gluteus superior",
        "  Musculus tensor fasciae latae: L4, L5, S1 by Nervus gluteus superior",
    ]
    assert pathway_lines(pack, trace(pack, "superior_gluteal_nerve"), LabelLanguage.LATIN)[0] == (
        "Nervus gluteus superior (nerve) is selected; segments lit: L4, L5, S1."
    )


def test_a_composite_muscle_is_listed_and_counted_as_its_parts(pack: Pack) -> None:
    lines = pathway_lines(pack, trace(pack, "adductor_magnus"))
    assert lines[0] == "Adductor magnus (muscle) is selected; segments lit: L2, L3, L4."
    assert lines[-3:] == [
        "Muscles (2):",
        "  Adductor magnus, adductor part: L2, L3, L4 by Posterior branch of the obturator nerve",
        "  Adductor magnus, hamstring part: L4 by Tibial nerve",
    ]
    # nerves at the same depth keep the pack's order
    assert lines[6:9] == [
        "  L2 anterior division (lumbar plexus): L2",
        "  L3 anterior division (lumbar plexus): L3",
        "  L4 anterior division (lumbar plexus): L4",
    ]


def test_a_dermatome_and_a_branch_reaching_nothing_read_as_what_they_are(pack: Pack) -> None:
    assert pathway_lines(pack, trace(pack, "dermatome_l4")) == [
        "L4 dermatome is selected; segments lit: L4.",
        "Roots:",
        "  L4: drawn as a dashed line",
        "Dermatomes (1):",
        "  L4 dermatome: L4 by L4",
    ]
    assert pathway_lines(pack, trace(pack, "subcostal_contribution")) == [
        "Subcostal contribution to L1 (branch) is selected; segments lit: T12.",
        "Roots:",
        "  T12: drawn as a solid line",
        "Divisions, trunks, nerves and branches, from the roots outwards (1):",
        "  Subcostal contribution to L1 (branch): T12",
    ]


def test_skin_lists_each_territory_with_the_segments_and_nerves_that_reach_it(pack: Pack) -> None:
    lines = pathway_lines(pack, trace(pack, "saphenous_nerve"))
    skin = lines[lines.index(next(line for line in lines if line.startswith("Skin ("))) :]
    assert skin[0] == f"Skin ({len(skin) - 1}):"
    assert all(" by " in line for line in skin[1:])
    assert any(line.startswith("  Skin: ") and line.endswith(" by Saphenous nerve") for line in skin[1:])


def test_a_target_lists_only_the_lit_segments_reaching_it_and_every_nerve_they_come_by(pack: Pack) -> None:
    # tibialis anterior is drawn L4, L5; selecting L4 lights only L4 into it
    assert "  Tibialis anterior: L4 by Deep fibular nerve" in pathway_lines(pack, trace(pack, "l4"))
    assert (
        "  Pectineus: L3 by Muscular branches of the femoral nerve, Anterior branch of the obturator nerve, Accessory obturator nerve"
        in pathway_lines(pack, trace(pack, "l3"))
    )
