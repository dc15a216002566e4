"""What a lesion result says, muscle by muscle, on a small leg whose every strand is known.

Three roots, a trunk, two nerves bound in one sheath, an inconstant nerve, a composite muscle,
two skin territories, three dermatomes, two disputed supplies and the ankle jerk: small enough that the whole result
of a lesion (every muscle, skin area, dermatome and reflex, what it loses and keeps, its caveat)
can be written out and compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from viewer.model.lesion import LesionBook, LesionResult, Reflex, Site, simulate, supply_strands
from viewer.model.loader import load_data
from viewer.model.pack import Pack

BOTH = ["statpearls", "radiopaedia"]
OVERLAP_MUSCLE = "all its drawn supply is cut, but neighbouring roots overlap: severe weakness, not paralysis (see the description)"
OVERLAP_SKIN = "all its drawn supply is cut, but neighbouring roots overlap: reduced, not lost (see the description)"
NEIGHBOURS = "neighbouring dermatomes overlap, so one root's loss is usually partial"
INCONSTANT = "weak where the inconstant supply is present"


def _structure(sid: str, kind: str, segments: list[str], **more: Any) -> dict[str, Any]:
    nerve = kind in ("trunk", "nerve") and not more.get("parts")
    name = sid.upper() if kind == "segment" else sid.replace("_", " ").capitalize()
    return {"id": sid, "kind": kind, "name": name, "segments": segments, "segment_sources": BOTH if nerve else ["statpearls"], **more}


LINKS = [
    ("l4", "lumbosacral_trunk"),
    ("l5", "lumbosacral_trunk"),
    ("lumbosacral_trunk", "tibial_nerve"),
    ("s1", "tibial_nerve"),
    ("lumbosacral_trunk", "fibular_nerve"),
    ("l5", "accessory_nerve"),
    ("tibial_nerve", "soleus"),
    ("fibular_nerve", "tibialis_anterior"),
    ("accessory_nerve", "tibialis_anterior"),
    ("tibial_nerve", "medial_head"),
    ("tibial_nerve", "lateral_head"),
    ("tibial_nerve", "sole"),
    ("fibular_nerve", "dorsum_of_foot"),
    ("l4", "dermatome_l4"),
    ("l5", "dermatome_l5"),
    ("s1", "dermatome_s1"),
]
INCONSTANT_LINK = ("l5", "accessory_nerve")

SMALL_LEG = {
    "format": "plexus-pack/1",
    "title": "A small leg",
    "segments": ["L4", "L5", "S1"],
    "sources": {
        "statpearls": {"title": "StatPearls: The lumbar plexus", "url": "https://www.ncbi.nlm.nih.gov/books/NBK1/"},
        "radiopaedia": {"title": "Radiopaedia: Lumbar plexus", "url": "https://radiopaedia.org/articles/lumbar-plexus"},
    },
    "structures": [
        _structure("l4", "segment", ["L4"]),
        _structure("l5", "segment", ["L5"]),
        _structure("s1", "segment", ["S1"]),
        _structure("lumbosacral_trunk", "trunk", ["L4", "L5"]),
        _structure("tibial_nerve", "nerve", ["L4", "L5", "S1"]),
        _structure("fibular_nerve", "nerve", ["L4", "L5"]),
        _structure("sciatic_nerve", "nerve", ["L4", "L5", "S1"], parts=["tibial_nerve", "fibular_nerve"]),
        _structure("accessory_nerve", "nerve", ["L5"], inconstant=True),
        _structure(
            "soleus",
            "muscle",
            ["L5", "S1"],
            disputes=[
                {
                    "field": "segments",
                    "values": [
                        {"value": "L5, S1", "sources": ["statpearls"]},
                        {"value": "L4, L5", "sources": ["radiopaedia"]},
                        {"value": "S1 (mainly)", "sources": ["radiopaedia"]},
                    ],
                }
            ],
        ),
        _structure("tibialis_anterior", "muscle", ["L4", "L5"]),
        _structure("medial_head", "muscle", ["S1"]),
        _structure("lateral_head", "muscle", ["S1"]),
        _structure("gastrocnemius", "muscle", ["S1"], parts=["medial_head", "lateral_head"]),
        _structure("sole", "skin", ["S1"]),
        _structure(
            "dorsum_of_foot",
            "skin",
            ["L4", "L5"],
            disputes=[
                {
                    "field": "segments",
                    "values": [{"value": "L4, L5", "sources": ["statpearls"]}, {"value": "L5, S1", "sources": ["radiopaedia"]}],
                }
            ],
        ),
        _structure("dermatome_l4", "dermatome", ["L4"]),
        _structure("dermatome_l5", "dermatome", ["L5"]),
        _structure("dermatome_s1", "dermatome", ["S1"]),
    ],
    "connections": [{"from": a, "to": b, **({"inconstant": True} if (a, b) == INCONSTANT_LINK else {})} for a, b in LINKS],
}

ANKLE = Reflex(id="ankle_reflex", name="Ankle reflex", segments=("S1",), muscles=("soleus", "gastrocnemius"), sources=("statpearls",))


def _site(sid: str, nerve: str, *also: str, spares: tuple[str, ...] = ()) -> Site:
    return Site(
        id=sid, name=sid.replace("_", " "), nerve=nerve, also=also, spares=spares, level="", description="", sources=("statpearls",)
    )


SITES = {
    s.id: s
    for s in (
        _site("l5_and_s1_roots", "l5", "s1"),
        _site("l4_and_s1_roots", "l4", "s1"),
        _site("l5_root_and_fibular_nerve", "l5", "fibular_nerve"),
    )
}


@pytest.fixture
def leg(tmp_path: Path) -> Pack:
    path = tmp_path / "leg.json"
    path.write_text(json.dumps(SMALL_LEG, indent=1), "utf-8")
    return load_data(path)


@pytest.fixture
def book() -> LesionBook:
    return LesionBook(None, SITES, (ANKLE,), (), {})


def shown(result: LesionResult) -> dict[str, tuple[str, str, str, str, bool]]:
    """Each muscle, skin area, dermatome and reflex: status, segments lost, segments kept, caveat, severe."""
    return {
        e.id: (e.status.value, " ".join(e.lost), " ".join(e.kept), e.caveat, e.severe)
        for e in (*result.muscles, *result.skin, *result.reflexes)
    }


# ---------------------------------------------------------------- strands


def test_each_muscle_and_skin_area_is_supplied_by_one_strand_per_segment_and_path_root_first(leg: Pack) -> None:
    name = {link.index: f"{link.source}>{link.target}" for link in leg.links}
    strands = {
        target: [(st.segment, [name[i] for i in st.links], st.inconstant) for st in found] for target, found in supply_strands(leg).items()
    }
    assert strands == {
        "soleus": [
            ("L5", ["l5>lumbosacral_trunk", "lumbosacral_trunk>tibial_nerve", "tibial_nerve>soleus"], False),
            ("S1", ["s1>tibial_nerve", "tibial_nerve>soleus"], False),
        ],
        # L5 reaches it two ways; the way through the inconstant nerve is marked inconstant.
        "tibialis_anterior": [
            ("L4", ["l4>lumbosacral_trunk", "lumbosacral_trunk>fibular_nerve", "fibular_nerve>tibialis_anterior"], False),
            ("L5", ["l5>lumbosacral_trunk", "lumbosacral_trunk>fibular_nerve", "fibular_nerve>tibialis_anterior"], False),
            ("L5", ["l5>accessory_nerve", "accessory_nerve>tibialis_anterior"], True),
        ],
        "medial_head": [("S1", ["s1>tibial_nerve", "tibial_nerve>medial_head"], False)],
        "lateral_head": [("S1", ["s1>tibial_nerve", "tibial_nerve>lateral_head"], False)],
        "sole": [("S1", ["s1>tibial_nerve", "tibial_nerve>sole"], False)],
        "dorsum_of_foot": [
            ("L4", ["l4>lumbosacral_trunk", "lumbosacral_trunk>fibular_nerve", "fibular_nerve>dorsum_of_foot"], False),
            ("L5", ["l5>lumbosacral_trunk", "lumbosacral_trunk>fibular_nerve", "fibular_nerve>dorsum_of_foot"], False),
        ],
        "dermatome_l4": [("L4", ["l4>dermatome_l4"], False)],
        "dermatome_l5": [("L5", ["l5>dermatome_l5"], False)],
        "dermatome_s1": [("S1", ["s1>dermatome_s1"], False)],
        # A muscle of two heads is supplied by the strands of both.
        "gastrocnemius": [
            ("S1", ["s1>tibial_nerve", "tibial_nerve>medial_head"], False),
            ("S1", ["s1>tibial_nerve", "tibial_nerve>lateral_head"], False),
        ],
    }


def test_a_result_lists_every_muscle_then_every_skin_area_and_dermatome_then_every_reflex_in_pack_order(
    leg: Pack, book: LesionBook
) -> None:
    result = simulate(leg, book, "tibial_nerve")
    assert [e.id for e in result.muscles] == ["soleus", "tibialis_anterior", "medial_head", "lateral_head", "gastrocnemius"]
    assert [e.id for e in result.skin] == ["sole", "dorsum_of_foot", "dermatome_l4", "dermatome_l5", "dermatome_s1"]
    assert [(e.id, e.name) for e in result.reflexes] == [("ankle_reflex", "Ankle reflex")]
    assert [e.name for e in result.muscles][:2] == ["Soleus", "Tibialis anterior"]
    assert result.lesion.id == "tibial_nerve"


def test_the_supply_worked_out_once_gives_the_same_results_as_working_it_out_each_time(leg: Pack, book: LesionBook) -> None:
    supply = supply_strands(leg)
    for lesion in ("tibial_nerve", "s1", "l5_and_s1_roots", "fibular_nerve"):
        assert simulate(leg, book, lesion, supply) == simulate(leg, book, lesion)


# ---------------------------------------------------------------- whole results


def test_a_nerve_lesion_paralyses_numbs_and_abolishes_the_jerk_of_what_only_it_supplies(leg: Pack, book: LesionBook) -> None:
    assert shown(simulate(leg, book, "tibial_nerve")) == {
        "soleus": ("paralysed", "L5 S1", "", "", False),
        "tibialis_anterior": ("spared", "", "L4 L5", "", False),
        "medial_head": ("paralysed", "S1", "", "", False),
        "lateral_head": ("paralysed", "S1", "", "", False),
        "gastrocnemius": ("paralysed", "S1", "", "", False),
        "sole": ("numb", "S1", "", "", False),
        "dorsum_of_foot": ("normal", "", "L4 L5", "", False),
        "dermatome_l4": ("normal", "", "L4", "", False),
        "dermatome_l5": ("normal", "", "L5", "", False),
        "dermatome_s1": ("normal", "", "S1", "", False),
        "ankle_reflex": ("absent", "S1", "", "", False),
    }


def test_a_composite_nerve_lesion_cuts_both_its_parts(leg: Pack, book: LesionBook) -> None:
    result = shown(simulate(leg, book, "sciatic_nerve"))
    assert {k for k, v in result.items() if v[0] in ("paralysed", "numb", "absent")} == {
        "soleus",
        "tibialis_anterior",
        "medial_head",
        "lateral_head",
        "gastrocnemius",
        "sole",
        "dorsum_of_foot",
        "ankle_reflex",
    }
    assert result["tibialis_anterior"] == ("paralysed", "L4 L5", "", INCONSTANT, False)


def test_a_single_root_lesion_weakens_and_reduces_never_paralyses_and_only_depresses_the_jerk(leg: Pack, book: LesionBook) -> None:
    assert shown(simulate(leg, book, "s1")) == {
        # A disputed supply that the cut root would leave whole is named.
        "soleus": ("weak", "S1", "L5", "spared if its supply is L4, L5 (disputed)", False),
        "tibialis_anterior": ("spared", "", "L4 L5", "", False),
        "medial_head": ("weak", "S1", "", OVERLAP_MUSCLE, True),
        "lateral_head": ("weak", "S1", "", OVERLAP_MUSCLE, True),
        "gastrocnemius": ("weak", "S1", "", OVERLAP_MUSCLE, True),
        "sole": ("reduced", "S1", "", OVERLAP_SKIN, True),
        "dorsum_of_foot": ("normal", "", "L4 L5", "reduced if its supply is L5, S1 (disputed)", False),
        "dermatome_l4": ("normal", "", "L4", "", False),
        "dermatome_l5": ("normal", "", "L5", "", False),
        "dermatome_s1": ("reduced", "S1", "", OVERLAP_SKIN, True),
        "ankle_reflex": ("reduced", "S1", "", "", False),
    }


def test_another_single_root_lesion_weakens_what_shares_it(leg: Pack, book: LesionBook) -> None:
    assert shown(simulate(leg, book, "l5")) == {
        "soleus": ("weak", "L5", "S1", "", False),
        "tibialis_anterior": ("weak", "L5", "L4", "", False),
        "medial_head": ("spared", "", "S1", "", False),
        "lateral_head": ("spared", "", "S1", "", False),
        "gastrocnemius": ("spared", "", "S1", "", False),
        "sole": ("normal", "", "S1", "", False),
        "dorsum_of_foot": ("reduced", "L5", "L4", "", False),
        "dermatome_l4": ("normal", "", "L4", "", False),
        "dermatome_l5": ("reduced", "L5", "", OVERLAP_SKIN, True),
        "dermatome_s1": ("normal", "", "S1", "", False),
        "ankle_reflex": ("normal", "", "S1", "", False),
    }


def test_two_roots_cut_together_numb_the_dermatome_between_cut_roots_and_reduce_the_one_beside_a_living_root(
    leg: Pack, book: LesionBook
) -> None:
    assert shown(simulate(leg, book, "l5_and_s1_roots")) == {
        "soleus": ("paralysed", "L5 S1", "", "weak if its supply is L4, L5 (disputed)", False),
        "tibialis_anterior": ("weak", "L5", "L4", "", False),
        "medial_head": ("paralysed", "S1", "", "", False),
        "lateral_head": ("paralysed", "S1", "", "", False),
        "gastrocnemius": ("paralysed", "S1", "", "", False),
        "sole": ("numb", "S1", "", "", False),
        "dorsum_of_foot": ("reduced", "L5", "L4", "numb if its supply is L5, S1 (disputed)", False),
        "dermatome_l4": ("normal", "", "L4", "", False),
        # L4 above it survives: reduced. S1, the last root, has only L5 beside it, and that is cut: numb.
        "dermatome_l5": ("reduced", "L5", "", NEIGHBOURS, False),
        "dermatome_s1": ("numb", "S1", "", "", False),
        "ankle_reflex": ("absent", "S1", "", "", False),
    }


def test_a_jerk_whose_muscles_still_work_through_another_root_is_depressed_not_lost(leg: Pack, book: LesionBook) -> None:
    result = shown(simulate(leg, book, "l4_and_s1_roots"))
    # Every S1 strand of the jerk is cut, but the soleus still works through L5.
    assert result["soleus"] == ("weak", "S1", "L5", "", False)
    assert result["gastrocnemius"] == ("paralysed", "S1", "", "", False)
    assert result["ankle_reflex"] == ("reduced", "S1", "", "", False)
    # Both of the first root's neighbours are not cut: L4's dermatome is reduced, S1's (beside the living L5) too.
    assert result["dermatome_l4"] == ("reduced", "L4", "", NEIGHBOURS, False)
    assert result["dermatome_s1"] == ("reduced", "S1", "", NEIGHBOURS, False)


def test_a_reflex_is_judged_by_its_own_segments_only(leg: Pack, book: LesionBook) -> None:
    result = shown(simulate(leg, book, "lumbosacral_trunk"))
    # The trunk takes the soleus' L5, not its S1: the muscle is weak, the S1 jerk normal.
    assert result["soleus"] == ("weak", "L5", "S1", "", False)
    assert result["ankle_reflex"] == ("normal", "", "S1", "", False)
    assert result["tibialis_anterior"] == ("paralysed", "L4 L5", "", INCONSTANT, False)
    assert result["dorsum_of_foot"] == ("numb", "L4 L5", "", "", False)


def test_an_inconstant_nerve_cut_alone_changes_nothing_but_is_named_where_it_would(leg: Pack, book: LesionBook) -> None:
    result = shown(simulate(leg, book, "accessory_nerve"))
    assert result["tibialis_anterior"] == ("spared", "", "L4 L5", INCONSTANT, False)
    assert all(v[0] in ("spared", "normal") for v in result.values())
    assert [k for k, v in result.items() if v[3]] == ["tibialis_anterior"]


def test_a_disputed_supply_is_weighed_only_when_roots_alone_are_cut(leg: Pack, book: LesionBook) -> None:
    result = shown(simulate(leg, book, "l5_root_and_fibular_nerve"))
    # A root and a nerve together: the soleus loses its L5, and no disputed supply is weighed.
    assert result["soleus"] == ("weak", "L5", "S1", "", False)
    assert result["tibialis_anterior"] == ("paralysed", "L4 L5", "", "", False)
    assert result["dermatome_l5"] == ("reduced", "L5", "", NEIGHBOURS, False)
