"""The syllabus structures the pack was missing, checked through the real pack.

The cluneal nerves of the buttock, the sural nerve complex, the infrapatellar branch of the
saphenous nerve, the superficial and deep branches of the lateral plantar nerve, the dorsal
digital nerves of the foot and articularis genus: each resolves by name, traces to its
segments, is drawn on the schematic, and (for cutaneous nerves) lights its skin territory.
"""

from __future__ import annotations

import json

import pytest

from viewer.cli import main
from viewer.model.divisions import Division, divisions_of
from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import trace

# (name a user types, id, root value, the skin territory it lights or None)
NEW_NERVES = [
    ("superior cluneal nerves", "superior_cluneal_nerves", ("L1", "L2", "L3"), "skin_superior_buttock"),
    ("medial cluneal nerves", "medial_cluneal_nerves", ("S1", "S2", "S3"), "skin_medial_buttock"),
    ("middle cluneal nerves", "medial_cluneal_nerves", ("S1", "S2", "S3"), "skin_medial_buttock"),
    ("inferior cluneal nerves", "inferior_cluneal_nerves", ("S1", "S2", "S3"), "skin_inferior_buttock"),
    ("medial sural cutaneous nerve", "medial_sural_cutaneous_nerve", ("S1", "S2"), "skin_sural"),
    ("lateral sural cutaneous nerve", "lateral_sural_cutaneous_nerve", ("L5", "S1", "S2"), "skin_lateral_leg"),
    ("sural communicating branch", "sural_communicating_branch", ("S1", "S2"), "skin_sural"),
    ("peroneal communicating branch", "sural_communicating_branch", ("S1", "S2"), "skin_sural"),
    ("infrapatellar branch of the saphenous nerve", "infrapatellar_branch_of_saphenous", ("L3", "L4"), "skin_infrapatellar"),
    ("superficial branch of the lateral plantar nerve", "superficial_branch_of_lateral_plantar", ("S1", "S2", "S3"), None),
    ("deep branch of the lateral plantar nerve", "deep_branch_of_lateral_plantar", ("S1", "S2", "S3"), None),
    ("dorsal digital nerves of foot", "dorsal_digital_nerves_superficial_fibular", ("L4", "L5", "S1"), "skin_dorsal_toes"),
    ("dorsal digital branches of deep fibular nerve", "dorsal_digital_nerves_deep_fibular", ("L4", "L5", "S1"), "skin_first_web_space"),
]
CLUNEAL = {
    "superior_cluneal_nerves": "skin_superior_buttock",
    "medial_cluneal_nerves": "skin_medial_buttock",
    "inferior_cluneal_nerves": "skin_inferior_buttock",
}


def info_json(capsys: pytest.CaptureFixture[str], name: str) -> dict:  # type: ignore[type-arg]
    assert main(["info", name, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def trace_json(capsys: pytest.CaptureFixture[str], name: str) -> dict:  # type: ignore[type-arg]
    assert main(["trace", name, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "sid", "segments", "skin"), NEW_NERVES, ids=[n[0] for n in NEW_NERVES])
def test_each_new_nerve_resolves_by_name_and_traces_to_its_segments(
    pack: Pack, capsys: pytest.CaptureFixture[str], name: str, sid: str, segments: tuple[str, ...], skin: str | None
) -> None:
    assert NameIndex(pack).resolve(name).match == sid
    record = info_json(capsys, name)
    assert record["id"] == sid
    assert tuple(record["roots"]) == segments
    assert len(record["root_sources"]) >= 2
    t = trace(pack, sid)
    assert t.lit_segments(pack) == segments
    traced = trace_json(capsys, name)
    assert traced["selected"]["id"] == sid
    if skin is not None:
        assert skin in t.lit_of_kind(pack, Kind.SKIN)
        assert skin in [s["id"] for s in traced["skin"]]


@pytest.mark.parametrize(("nerve", "territory"), CLUNEAL.items())
def test_selecting_a_cluneal_nerve_lights_its_buttock_territory_only(pack: Pack, nerve: str, territory: str) -> None:
    lit = trace(pack, nerve).lit_of_kind(pack, Kind.SKIN, Kind.DERMATOME)
    assert lit == [territory]
    # and the territory, clicked on the skin map, traces back to its nerve and segments
    back = trace(pack, territory)
    assert nerve in back.structures
    assert back.lit_segments(pack) == pack.structures[nerve].segments
    # the region is drawn on the skin map (back view) and nowhere on the schematic's skin-free layers
    assert territory in pack.skin_map_ids()


def test_the_cluneal_territories_cover_the_buttock_beside_the_existing_ones(pack: Pack) -> None:
    from pathlib import Path

    text = Path(pack.skin_svg_path).read_text(encoding="utf-8")  # type: ignore[arg-type]
    for territory in CLUNEAL.values():
        assert f'<g id="{territory}"' in text
        assert f'id="deco-callout-{territory}"' in text
    assert "not in this pack" not in text


def test_dorsal_rami_nerves_pass_through_no_plexus_division_and_say_so(pack: Pack) -> None:
    for nerve in ("superior_cluneal_nerves", "medial_cluneal_nerves"):
        assert divisions_of(pack, nerve) == frozenset()
        origin = next(f for f in pack.structures[nerve].facts if f.field == "origin")
        assert "dorsal" in origin.text and "ventral" in origin.text
        # drawn straight from the segment boxes
        assert {link.source for link in pack.incoming[nerve]} == {g.lower() for g in pack.structures[nerve].segments}
    # the inferior cluneal nerves come from the plexus, through the posterior femoral cutaneous nerve
    assert [link.source for link in pack.incoming["inferior_cluneal_nerves"]] == ["posterior_femoral_cutaneous_nerve"]
    assert divisions_of(pack, "inferior_cluneal_nerves") == {Division.ANTERIOR, Division.POSTERIOR}
    # the lumbar plexus trace of L1 does not pretend the cluneal nerves pass through the plexus
    assert "superior_cluneal_nerves" in trace(pack, "l1").structures


def test_the_sural_nerve_is_formed_by_its_two_contributors(pack: Pack) -> None:
    assert {link.source for link in pack.incoming["sural_nerve"]} == {"medial_sural_cutaneous_nerve", "sural_communicating_branch"}
    assert [link.source for link in pack.incoming["medial_sural_cutaneous_nerve"]] == ["tibial_nerve"]
    assert [link.source for link in pack.incoming["sural_communicating_branch"]] == ["common_fibular_nerve"]
    assert [link.target for link in pack.outgoing["lateral_sural_cutaneous_nerve"]] == ["skin_lateral_leg"]
    assert divisions_of(pack, "sural_nerve") == {Division.ANTERIOR, Division.POSTERIOR}
    assert divisions_of(pack, "medial_sural_cutaneous_nerve") == {Division.ANTERIOR}
    assert divisions_of(pack, "lateral_sural_cutaneous_nerve") == {Division.POSTERIOR}
    # the sural territory traces back through both contributors
    assert {"medial_sural_cutaneous_nerve", "sural_communicating_branch", "tibial_nerve", "common_fibular_nerve"} <= trace(
        pack, "skin_sural"
    ).structures


def test_the_lateral_plantar_branches_carry_the_right_muscles(pack: Pack) -> None:
    def targets(sid: str) -> set[str]:
        return {link.target for link in pack.outgoing[sid]}

    assert targets("lateral_plantar_nerve") == {
        "superficial_branch_of_lateral_plantar",
        "deep_branch_of_lateral_plantar",
        "quadratus_plantae",
        "abductor_digiti_minimi_foot",
        "skin_lateral_sole",
    }
    assert targets("superficial_branch_of_lateral_plantar") == {"flexor_digiti_minimi_brevis_foot", "interossei_foot"}
    assert targets("deep_branch_of_lateral_plantar") == {"adductor_hallucis", "interossei_foot", "lateral_lumbricals_foot"}
    # each muscle's own nerve statement names the branch it is now drawn from
    for muscle, branch in (
        ("flexor_digiti_minimi_brevis_foot", "Superficial branch"),
        ("adductor_hallucis", "Deep branch"),
        ("lateral_lumbricals_foot", "Deep branch"),
    ):
        assert any(f.field == "nerve" and f.text.startswith(branch) for f in pack.structures[muscle].facts), muscle
    # tracing a muscle goes back through its branch to the tibial nerve
    assert {"deep_branch_of_lateral_plantar", "lateral_plantar_nerve", "tibial_nerve"} <= trace(pack, "adductor_hallucis").structures
    assert "deep_branch_of_lateral_plantar" not in trace(pack, "flexor_digiti_minimi_brevis_foot").structures


def test_dorsal_digital_nerves_carry_the_toe_and_web_space_skin(pack: Pack) -> None:
    assert [link.target for link in pack.outgoing["dorsal_digital_nerves_deep_fibular"]] == ["skin_first_web_space"]
    assert [link.target for link in pack.outgoing["dorsal_digital_nerves_superficial_fibular"]] == ["skin_dorsal_toes"]
    # the first web space still takes only L5 from the deep fibular nerve
    web = next(link for link in pack.links if link.target == "skin_first_web_space")
    assert web.segments == ("L5",)
    assert "skin_dorsal_toes" in trace(pack, "superficial_fibular_nerve").structures


def test_articularis_genus_is_supplied_through_the_femoral_nerve(pack: Pack, capsys: pytest.CaptureFixture[str]) -> None:
    record = info_json(capsys, "articularis genus")
    assert record["id"] == "articularis_genus"
    assert record["roots"] == ["L2", "L3", "L4"]
    t = trace(pack, "articularis_genus")
    assert {"femoral_nerve", "femoral_muscular_branches"} <= t.structures
    assert t.lit_segments(pack) == ("L2", "L3", "L4")
    assert NameIndex(pack).resolve("subcrureus").match == "articularis_genus"


def test_articular_branches_and_the_new_reflexes_are_stated_with_sources(pack: Pack) -> None:
    def texts(sid: str, field: str) -> list[str]:
        return [f.text for f in pack.structures[sid].facts if f.field == field and f.sources]

    for nerve, joint in (
        ("femoral_nerve", "hip"),
        ("femoral_nerve", "knee"),
        ("obturator_nerve", "knee"),
        ("tibial_nerve", "knee"),
        ("nerve_to_quadratus_femoris", "hip"),
        ("superior_gluteal_nerve", "hip"),
        ("deep_fibular_nerve", "ankle"),
    ):
        assert any("Hilton" in t and joint in t for t in texts(nerve, "branches")), (nerve, joint)
    assert any(t.startswith("Adductor reflex (L2–L4, obturator nerve)") for t in texts("obturator_nerve", "reflex"))
    for seg in ("l2", "l3", "l4"):
        assert any("adductor reflex" in t for t in texts(seg, "reflex")), seg
    for sid in ("s1", "tibial_nerve"):
        assert any(t.startswith("Plantar reflex") and "Babinski" in t for t in texts(sid, "reflex")), sid


def test_every_new_drawable_structure_is_drawn(pack: Pack) -> None:
    new = {sid for _, sid, _, _ in NEW_NERVES} | set(CLUNEAL.values()) | {"skin_infrapatellar", "skin_dorsal_toes", "articularis_genus"}
    schematic = pack.drawable_ids()
    skin = pack.skin_map_ids()
    for sid in new:
        assert sid in schematic, sid
        if pack.structures[sid].kind is Kind.SKIN:
            assert sid in skin, sid


def test_lesion_sites_keep_their_pictures_through_the_new_branches(pack: Pack) -> None:
    from viewer.model.lesion import Status, load_lesions, simulate

    book = load_lesions(pack)
    neck = simulate(pack, book, "common_fibular_at_fibular_neck")
    assert neck.status_of("skin_sural") is Status.NORMAL
    assert neck.status_of("skin_lateral_leg") is Status.NUMB
    tunnel = simulate(pack, book, "tibial_in_tarsal_tunnel")
    assert tunnel.status_of("skin_sural") is Status.NORMAL
    # a lateral plantar nerve lesion reaches the muscles of both of its branches
    lateral_plantar = simulate(pack, book, "lateral_plantar_nerve")
    for muscle in ("adductor_hallucis", "flexor_digiti_minimi_brevis_foot", "quadratus_plantae"):
        assert lateral_plantar.status_of(muscle) in (Status.PARALYSED, Status.WEAK), muscle
