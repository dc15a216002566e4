"""Segmental tracing on the real pack, without a display."""

from __future__ import annotations

from itertools import pairwise

import pytest

from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, TARGET_KINDS, Kind
from viewer.model.tracing import _depth, trace


def lit_ids(pack: Pack, sid: str) -> set[str]:
    return set(trace(pack, sid).structures)


def test_l4_lights_its_nerves_and_not_the_l5_s2_ones(pack: Pack) -> None:
    lit = lit_ids(pack, "l4")
    for expected in (
        "femoral_nerve",
        "obturator_nerve",
        "sciatic_nerve",
        "tibial_nerve",
        "common_fibular_nerve",
        "lumbosacral_trunk",
        "superior_gluteal_nerve",
        "nerve_to_quadratus_femoris",
        "saphenous_nerve",
        "tibialis_anterior",
        "gluteus_medius",
    ):
        assert expected in lit, expected
    for absent in ("inferior_gluteal_nerve", "nerve_to_obturator_internus", "gluteus_maximus", "obturator_internus", "l5", "s1"):
        assert absent not in lit, absent


@pytest.mark.parametrize("segment", ["T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5", "Co1"])
def test_a_segment_lights_only_strands_that_carry_it(pack: Pack, segment: str) -> None:
    t = trace(pack, segment.lower())
    assert t.strands, f"{segment} lights nothing"
    assert {seg for _, seg in t.strands} == {segment}
    # and every strand in the pack that carries it
    carrying = {(link.index, segment) for link in pack.links if segment in link.segments}
    assert set(t.strands) == carrying
    for sid in t.structures:
        s = pack.structures[sid]
        if s.parts:
            assert any(p in t.structures for p in s.parts)
        else:
            assert segment in s.segments, f"{sid} lit by {segment} but does not carry it"


def test_gluteus_medius_traces_back_to_exactly_l4_l5_s1(pack: Pack) -> None:
    t = trace(pack, "gluteus_medius")
    assert t.lit_segments(pack) == ("L4", "L5", "S1")
    assert set(t.lit_nerves(pack)) == {"superior_gluteal_nerve", "lumbosacral_trunk"}
    assert set(t.lit_of_kind(pack, Kind.DIVISION)) == {"lumbosacral_trunk_posterior_division", "s1_posterior_division"}
    assert "inferior_gluteal_nerve" not in t.structures


@pytest.mark.parametrize("kind", [Kind.MUSCLE, Kind.SKIN])
def test_every_target_traces_back_to_exactly_its_segments(pack: Pack, kind: Kind) -> None:
    for s in pack.of_kind(kind):
        t = trace(pack, s.id)
        assert set(t.lit_segments(pack)) == set(s.segments), s.id
        wholes = {c.id for c in pack.composites_of(s.id)}
        assert set(t.lit_of_kind(pack, Kind.MUSCLE, Kind.SKIN)) <= {s.id, *s.parts, *wholes}, s.id


def test_a_nerve_lights_its_roots_and_everything_it_feeds(pack: Pack) -> None:
    for s in pack.of_kind(*NERVE_KINDS):
        t = trace(pack, s.id)
        assert set(t.lit_segments(pack)) == set(s.segments), s.id
    t = trace(pack, "common_fibular_nerve")
    lit = set(t.structures)
    assert {"deep_fibular_nerve", "superficial_fibular_nerve", "tibialis_anterior", "fibularis_longus", "biceps_femoris_short_head"} <= lit
    assert "tibial_nerve" not in lit and "tibialis_posterior" not in lit
    assert "s3" not in lit  # the common fibular nerve has no S3 fibres
    assert {"lumbosacral_trunk_posterior_division", "s1_posterior_division", "s2_posterior_division"} <= lit
    assert not lit & {"lumbosacral_trunk_anterior_division", "s1_anterior_division"}


def test_l5_runs_through_the_trunk_and_sciatic_to_extensor_hallucis_longus(pack: Pack) -> None:
    t = trace(pack, "l5")
    path = [
        "l5",
        "lumbosacral_trunk",
        "lumbosacral_trunk_posterior_division",
        "common_fibular_nerve",
        "deep_fibular_nerve",
        "extensor_hallucis_longus",
    ]
    for a, b in pairwise(path):
        links = [link for link in pack.outgoing[a] if link.target == b]
        assert links, f"no link {a} → {b}"
        assert (links[0].index, "L5") in t.strands
    assert [t.hops[s] for s in path] == sorted(t.hops[s] for s in path)
    assert "sciatic_nerve" in t.structures


def test_the_sciatic_nerve_is_its_two_parts(pack: Pack) -> None:
    sciatic = trace(pack, "sciatic_nerve")
    assert sciatic.structures >= trace(pack, "tibial_nerve").structures | trace(pack, "common_fibular_nerve").structures - {
        "common_fibular_nerve"
    }
    assert sciatic.lit_segments(pack) == ("L4", "L5", "S1", "S2", "S3")


def test_hops_grow_along_every_lit_link(pack: Pack) -> None:
    for sid in ("l4", "s2", "femoral_nerve", "extensor_hallucis_longus", "pudendal_nerve"):
        t = trace(pack, sid)
        for index, _ in t.strands:
            link = pack.links[index]
            assert t.hops[link.target] > t.hops[link.source], (sid, link)


def test_carry_invariant_holds_in_the_real_pack(pack: Pack) -> None:
    for sid, s in pack.structures.items():
        if s.kind is Kind.SEGMENT or s.parts:
            continue
        arriving = {seg for link in pack.incoming[sid] for seg in link.segments}
        assert arriving == set(s.segments), sid
        leaving = {seg for link in pack.outgoing[sid] for seg in link.segments}
        assert leaving <= arriving, sid


def test_segments_arriving_at_each_target_follow_the_lit_strands(pack: Pack) -> None:
    """What the canvas tags, the skin map fills and the pathway text names: the lit segments reaching a structure."""
    from_l5 = trace(pack, "l5").arriving(pack)
    assert from_l5["tibialis_anterior"] == ("L5",)  # only L5 is lit, though the muscle also receives L4
    assert "l5" not in from_l5  # nothing lit runs into the root itself
    muscle = trace(pack, "gluteus_medius")
    arriving = muscle.arriving(pack, Kind.MUSCLE)
    assert arriving == {"gluteus_medius": pack.segment_order(pack.structures["gluteus_medius"].segments)}
    # In order, cranio-caudal, whatever order the strands come in.
    sciatic = trace(pack, "sciatic_nerve").arriving(pack, Kind.MUSCLE)
    assert all(list(segs) == sorted(segs, key=pack.segments.index) for segs in sciatic.values())
    lit = trace(pack, "sciatic_nerve").structures
    assert set(sciatic) <= lit and all(pack.structures[s].kind is Kind.MUSCLE for s in sciatic)
    assert {"biceps_femoris_short_head", "tibialis_anterior", "gastrocnemius"} <= set(sciatic)
    skin = trace(pack, "sural_nerve").arriving(pack, Kind.SKIN, Kind.DERMATOME)
    assert skin and all(pack.structures[s].kind in (Kind.SKIN, Kind.DERMATOME) for s in skin)


def _reachable_strands(pack: Pack, start: str, segment: str, forward: bool) -> set[tuple[int, str]]:
    """Every (link, segment) on some path from `start` whose every link carries `segment`."""
    found: set[tuple[int, str]] = set()
    seen = {start}
    work = [start]
    while work:
        node = work.pop()
        for link in pack.outgoing[node] if forward else pack.incoming[node]:
            if segment in link.segments:
                found.add((link.index, segment))
                nxt = link.target if forward else link.source
                if nxt not in seen:
                    seen.add(nxt)
                    work.append(nxt)
    return found


def test_every_structure_lights_exactly_the_strands_its_segments_run_along(pack: Pack) -> None:
    """The strands, not only the structures: each lit link lights only the segments that reach it."""
    for s in pack.structures.values():
        expected: set[tuple[int, str]] = set()
        for start in s.parts or (s.id,):
            for segment in pack.structures[start].segments:
                if s.kind is not Kind.SEGMENT:
                    expected |= _reachable_strands(pack, start, segment, forward=False)
                if s.kind not in TARGET_KINDS:
                    expected |= _reachable_strands(pack, start, segment, forward=True)
        assert trace(pack, s.id).strands == expected, s.id


def test_the_sciatic_nerve_lights_each_segment_only_where_it_runs(pack: Pack) -> None:
    lit = trace(pack, "sciatic_nerve").strands
    by_link: dict[tuple[str, str], set[str]] = {}
    for index, segment in lit:
        link = pack.links[index]
        by_link.setdefault((link.source, link.target), set()).add(segment)
    # Up the lumbosacral trunk run only L4 and L5; each root lights only itself.
    assert by_link[("l4", "lumbosacral_trunk")] == {"L4"}
    assert by_link[("l5", "lumbosacral_trunk")] == {"L5"}
    # Down into a muscle of the common fibular part run only that muscle's segments.
    assert by_link[("deep_fibular_nerve", "tibialis_anterior")] == set(pack.structures["tibialis_anterior"].segments)


def test_depth_survives_a_loop_counting_the_open_node_as_a_root() -> None:
    # Packs are validated acyclic; the walk must still end on a loop and count the node met again as 0.
    hops: dict[str, int] = {}
    _depth("a", {"a": ["b"], "b": ["c"], "c": ["b"]}, hops)
    assert hops == {"c": 1, "b": 2, "a": 3}
    hops = {}
    _depth("a", {"a": ["b", "x"], "b": ["a"], "x": []}, hops)
    assert hops == {"x": 0, "b": 1, "a": 2}
