"""Second supplies and cutaneous branches the pack draws, each checked through the real loader.

Each connection below is a documented supply that the references give (sources named in
the pack); inconstant ones are those the references call variable or present in only some
people. The tests look at the loaded pack, at what tracing lights and at what a lesion does.
"""

from __future__ import annotations

import pytest

from viewer.model.lesion import LesionBook, Status, load_lesions, simulate
from viewer.model.pack import Link, Pack
from viewer.model.tracing import trace
from viewer.model.variants import hidden_variants, without_variants


@pytest.fixture(scope="module")
def book(pack: Pack) -> LesionBook:
    return load_lesions(pack)


def link(pack: Pack, source: str, target: str) -> Link:
    found = [x for x in pack.links if x.source == source and x.target == target]
    assert len(found) == 1, f"{source} → {target} is drawn once"
    return found[0]


def cited(pack: Pack, structure_id: str, field: str) -> set[str]:
    """Every source key a structure cites for one fact or dispute field."""
    s = pack.structures[structure_id]
    keys = {k for f in s.facts if f.field == field for k in f.sources}
    keys |= {k for d in s.disputes if d.field == field for alt in d.values for k in alt.sources}
    return keys


def with_urls(pack: Pack, keys: set[str]) -> set[str]:
    return {k for k in keys if pack.sources[k].url}


# (source, target, segments carried, inconstant, the structure and field that give the supply, sources required there)
ADDED = [
    (
        "deep_fibular_nerve",
        "interossei_foot",
        ("S1",),
        True,
        ("interossei_foot", "nerve"),
        {"elsevier_deep_fibular_nerve", "wiki_deep_fibular_nerve"},
    ),
    (
        "superficial_fibular_nerve",
        "extensor_digitorum_brevis",
        ("L5", "S1"),
        True,
        ("extensor_digitorum_brevis", "nerve"),
        {"wiki_accessory_deep_peroneal_nerve", "rayegani_2011_adpn"},
    ),
    (
        "anococcygeal_nerves",
        "coccygeus",
        ("S4",),
        True,
        ("coccygeus", "nerve"),
        {"wiki_coccygeal_plexus", "radiopaedia_coccygeal_plexus"},
    ),
    (
        "anococcygeal_nerves",
        "levator_ani",
        ("S4",),
        True,
        ("levator_ani", "nerve"),
        {"wiki_coccygeal_plexus", "radiopaedia_coccygeal_plexus"},
    ),
    (
        "posterior_femoral_cutaneous_nerve",
        "skin_perineum",
        ("S2", "S3"),
        False,
        ("skin_perineum", "nerve"),
        {"elsevier_pfcn_perineal_branches", "grays_1918", "wiki_posterior_scrotal_nerves"},
    ),
    (
        "lateral_sural_cutaneous_nerve",
        "skin_lateral_leg",
        ("L5", "S1", "S2"),
        False,
        ("skin_lateral_leg", "segments"),
        {"elsevier_lateral_sural_cutaneous_nerve", "wiki_lateral_sural_cutaneous_nerve"},
    ),
]


@pytest.mark.parametrize(("source", "target", "segments", "inconstant", "where", "sources"), ADDED, ids=[f"{a[0]}-{a[1]}" for a in ADDED])
def test_each_supply_is_drawn_with_its_segments_and_sources(
    pack: Pack, source: str, target: str, segments: tuple[str, ...], inconstant: bool, where: tuple[str, str], sources: set[str]
) -> None:
    found = link(pack, source, target)
    assert found.segments == segments
    assert found.inconstant is inconstant
    keys = cited(pack, *where)
    assert sources <= keys
    assert len(with_urls(pack, sources)) >= 2, "two independent public references with a URL"
    # the schematic draws one strand per segment carried
    drawn = pack.drawable_ids()
    assert set(found.strand_ids()) <= drawn


def test_the_deep_fibular_twig_is_recorded_as_a_disputed_nerve_supply(pack: Pack) -> None:
    dispute = next(d for d in pack.structures["interossei_foot"].disputes if d.field == "nerve")
    values = {alt.value: set(alt.sources) for alt in dispute.values}
    assert any("deep fibular" in v and len(s) >= 2 for v, s in values.items())
    assert any("lateral plantar" in v for v in values)
    # the lateral plantar nerve stays the constant supply, through its deep and superficial branches
    assert not link(pack, "deep_branch_of_lateral_plantar", "interossei_foot").inconstant
    assert not link(pack, "superficial_branch_of_lateral_plantar", "interossei_foot").inconstant


def test_the_coccygeus_dispute_names_the_plexus_and_the_direct_branches(pack: Pack) -> None:
    dispute = next(d for d in pack.structures["coccygeus"].disputes if d.field == "nerve")
    assert any("coccygeal plexus" in alt.value and len(alt.sources) >= 2 for alt in dispute.values)
    assert any("nerve to coccygeus" in alt.value for alt in dispute.values)
    assert not link(pack, "nerve_to_coccygeus", "coccygeus").inconstant


def test_the_lateral_sural_territory_takes_the_value_of_the_nerve(pack: Pack) -> None:
    skin = pack.structures["skin_lateral_leg"]
    assert skin.segments == ("L5", "S1", "S2")
    assert cited(pack, "skin_lateral_leg", "nerve") >= {"elsevier_lateral_sural_cutaneous_nerve", "wiki_lateral_sural_cutaneous_nerve"}


def test_tracing_follows_the_new_supplies(pack: Pack) -> None:
    deep = trace(pack, "deep_fibular_nerve")
    assert "interossei_foot" in deep.structures
    # the twig carries S1 only, so L4 and L5 do not reach the interossei
    assert "interossei_foot" not in trace(pack, "l4").structures
    assert "interossei_foot" not in trace(pack, "l5").structures
    assert "interossei_foot" in trace(pack, "s1").structures
    # the interossei trace back through both nerves, the perineum through both of its nerves
    assert {"deep_fibular_nerve", "lateral_plantar_nerve"} <= trace(pack, "interossei_foot").structures
    assert {"posterior_femoral_cutaneous_nerve", "perineal_nerve"} <= trace(pack, "skin_perineum").structures
    assert {"anococcygeal_nerves", "coccygeal_plexus", "nerve_to_coccygeus"} <= trace(pack, "coccygeus").structures
    assert "skin_lateral_leg" in trace(pack, "s2").structures
    # the must-hold L4 trace is unchanged
    l4 = trace(pack, "l4").structures
    assert {"femoral_nerve", "obturator_nerve", "lumbosacral_trunk", "superior_gluteal_nerve", "tibial_nerve", "common_fibular_nerve"} <= l4
    assert not {"inferior_gluteal_nerve", "nerve_to_obturator_internus"} & l4


def test_hiding_variants_hides_the_inconstant_twigs_but_not_the_muscles(pack: Pack) -> None:
    hidden = hidden_variants(pack)
    for source, target in [
        ("deep_fibular_nerve", "interossei_foot"),
        ("superficial_fibular_nerve", "extensor_digitorum_brevis"),
        ("anococcygeal_nerves", "coccygeus"),
    ]:
        assert link(pack, source, target).index in hidden.links
        assert target not in hidden.structures
    assert link(pack, "posterior_femoral_cutaneous_nerve", "skin_perineum").index not in hidden.links
    assert "interossei_foot" not in trace(without_variants(pack), "deep_fibular_nerve").structures


def test_lesions_weigh_the_constant_supply_and_flag_the_inconstant_one(pack: Pack, book: LesionBook) -> None:
    fibular = simulate(pack, book, "common_fibular_nerve")
    paralysed = {e.id for e in fibular.paralysed}
    assert {
        "tibialis_anterior",
        "extensor_hallucis_longus",
        "extensor_digitorum_longus",
        "fibularis_longus",
        "fibularis_brevis",
    } <= paralysed
    assert fibular.status_of("tibialis_posterior") is Status.SPARED and fibular.status_of("gluteus_medius") is Status.SPARED
    # the interossei keep their lateral plantar supply; the deep fibular twig is a caveat
    interossei = next(e for e in fibular.muscles if e.id == "interossei_foot")
    assert interossei.status is Status.SPARED and "inconstant" in interossei.caveat
    # an accessory deep fibular nerve would keep extensor digitorum brevis working after a deep fibular lesion
    deep = simulate(pack, book, "deep_fibular_nerve")
    brevis = next(e for e in deep.muscles if e.id == "extensor_digitorum_brevis")
    assert brevis.status is Status.PARALYSED and "inconstant" in brevis.caveat
    # the perineal skin keeps the posterior femoral cutaneous supply when the pudendal nerve is cut
    pudendal = simulate(pack, book, "pudendal_nerve")
    assert pudendal.status_of("skin_perineum") is Status.REDUCED
    assert pudendal.status_of("skin_perineum") is not Status.NUMB
    # L5 still weakens without paralysing
    l5 = simulate(pack, book, "l5")
    assert not l5.paralysed
    assert {"gluteus_medius", "tibialis_posterior", "extensor_hallucis_longus"} <= {e.id for e in l5.weak}


def test_the_subcostal_contribution_says_where_it_ends(pack: Pack) -> None:
    assert pack.outgoing["subcostal_contribution"] == ()
    reaches = [f for f in pack.structures["subcostal_contribution"].facts if f.field == "reaches"]
    assert reaches and "L1" in reaches[0].text and len(reaches[0].sources) >= 2
    assert "subcostal_contribution" in trace(pack, "t12").structures
