"""Tracing invariants on generated packs (hypothesis).

Packs are generated layer by layer in the shape of either bundled plexus — the lumbosacral
(segments → divisions → trunks → nerves → branches → muscles and skin) or the brachial
(segments → trunks → divisions → cords → nerves → branches → muscles and skin) — each
structure fed by one or more earlier ones, each connection
carrying a subset of its source's segments, and each structure's segments exactly what
arrives. They are written as data files and loaded by the real loader, so every pack
tested is one the viewer would accept.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.model.errors import PackError
from viewer.model.loader import load_data
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.tracing import Trace, trace

# Fixed examples, no database: the same packs on every machine, and nothing written.
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

#: The layers of each shape of plexus, in order, with how many structures each may hold, and
#: the letter its segments are named with.
SHAPES = {
    "lumbosacral": (
        "L",
        (
            (Kind.DIVISION, 0, 4),
            (Kind.TRUNK, 0, 2),
            (Kind.NERVE, 1, 5),
            (Kind.BRANCH, 0, 4),
            (Kind.MUSCLE, 1, 6),
            (Kind.SKIN, 0, 3),
        ),
    ),
    "brachial": (
        "C",
        (
            (Kind.TRUNK, 1, 3),
            (Kind.DIVISION, 0, 6),
            (Kind.CORD, 1, 3),
            (Kind.NERVE, 1, 5),
            (Kind.BRANCH, 0, 4),
            (Kind.MUSCLE, 1, 6),
            (Kind.SKIN, 0, 3),
        ),
    ),
}
# Papers by DOI: authoritative under the source policy the loader enforces.
SOURCES = {
    "ref_a": {"title": "Reference A", "url": "https://doi.org/10.1000/a"},
    "ref_b": {"title": "Reference B", "url": "https://doi.org/10.1000/b"},
}


@st.composite
def pack_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid pack as the data file holds it, in the shape of either bundled plexus."""
    letter, layers = SHAPES[draw(st.sampled_from(sorted(SHAPES)))]
    n_segments = draw(st.integers(2, 6))
    segments = [f"{letter}{i + 1}" for i in range(n_segments)]
    structures: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []
    carriers: list[tuple[str, Kind, list[str]]] = []  # structures that may feed later layers
    for seg in segments:
        structures.append({"id": seg.lower(), "kind": "segment", "name": seg, "segments": [seg], "segment_sources": ["ref_a"]})
        carriers.append((seg.lower(), Kind.SEGMENT, [seg]))
    for kind, low, high in layers:
        for n in range(draw(st.integers(low, high))):
            sid = f"{kind.value}_{n}"
            feeders = draw(st.lists(st.sampled_from(carriers), min_size=1, max_size=3, unique_by=lambda c: c[0]))
            arriving: set[str] = set()
            for source, _kind, source_segments in feeders:
                carried = draw(st.lists(st.sampled_from(source_segments), min_size=1, unique=True))
                arriving.update(carried)
                connections.append({"from": source, "to": sid, "segments": [g for g in segments if g in carried]})
            own = [g for g in segments if g in arriving]
            record: dict[str, Any] = {"id": sid, "kind": kind.value, "name": f"{kind.value} {n}", "segments": own}
            record["segment_sources"] = ["ref_a", "ref_b"]
            structures.append(record)
            if kind not in (Kind.MUSCLE, Kind.SKIN):
                carriers.append((sid, kind, own))
    # A connection whose segments are exactly what both ends share may leave them out.
    by_id = {s["id"]: s for s in structures}
    for c in connections:
        shared = [g for g in by_id[c["to"]]["segments"] if g in by_id[c["from"]]["segments"]]
        if c["segments"] == shared and draw(st.booleans()):
            del c["segments"]
    return {
        "format": "plexus-pack/1",
        "title": "Generated",
        "segments": segments,
        "sources": SOURCES,
        "structures": structures,
        "connections": connections,
    }


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="plexus-properties-") as name:
        yield Path(name)


def load(folder: Path, raw: dict[str, Any]) -> Pack:
    path = folder / "generated.json"
    path.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return load_data(path)


def carries(pack: Pack, sid: str) -> set[str]:
    return set(pack.structures[sid].segments)


def all_traces(pack: Pack) -> dict[str, Trace]:
    return {sid: trace(pack, sid) for sid in pack.structures}


@PROPERTY
@given(raw=pack_files())
def test_what_a_segment_lights_is_exactly_what_carries_it(folder: Path, raw: dict[str, Any]) -> None:
    pack = load(folder, raw)
    for seg_structure in pack.of_kind(Kind.SEGMENT):
        segment = seg_structure.segments[0]
        t = trace(pack, seg_structure.id)
        assert {g for _link, g in t.strands} <= {segment}
        assert all(segment in pack.links[i].segments for i, _g in t.strands)
        # Every structure carrying the segment got it from the root: all of them light.
        assert t.structures == {s.id for s in pack.structures.values() if segment in s.segments}


@PROPERTY
@given(raw=pack_files())
def test_a_muscle_traces_back_to_exactly_its_segmental_supply(folder: Path, raw: dict[str, Any]) -> None:
    pack = load(folder, raw)
    for target in pack.of_kind(Kind.MUSCLE, Kind.SKIN):
        t = trace(pack, target.id)
        assert t.lit_segments(pack) == target.segments
        assert {g for _link, g in t.strands} == set(target.segments)
        # Nothing beyond a target lights: every lit strand runs towards it.
        assert all(pack.links[i].target in t.structures and pack.links[i].source in t.structures for i, _g in t.strands)
        assert not any(pack.links[i].source == target.id for i, _g in t.strands)


@PROPERTY
@given(raw=pack_files())
def test_upstream_and_downstream_agree(folder: Path, raw: dict[str, Any]) -> None:
    pack = load(folder, raw)
    traces = all_traces(pack)
    feeders = [s.id for s in pack.structures.values() if s.kind is Kind.SEGMENT or s.kind is Kind.DIVISION or s.kind in NERVE_KINDS]
    for target in pack.of_kind(Kind.MUSCLE, Kind.SKIN):
        for x in feeders:
            lights_target = target.id in traces[x].structures
            traced_back = x in traces[target.id].structures
            assert lights_target == traced_back, (x, target.id)
            if lights_target:
                # …along strands of segments both of them carry.
                into = {g for i, g in traces[x].strands if pack.links[i].target == target.id}
                assert into and into <= carries(pack, x) & carries(pack, target.id)


@PROPERTY
@given(raw=pack_files())
def test_every_lit_strand_keeps_the_carry_invariant_and_hops_increase(folder: Path, raw: dict[str, Any]) -> None:
    pack = load(folder, raw)
    for link in pack.links:
        assert set(link.segments) <= carries(pack, link.source) & carries(pack, link.target)
    for sid, t in all_traces(pack).items():
        assert sid in t.structures
        for i, g in t.strands:
            link = pack.links[i]
            assert g in link.segments
            assert {link.source, link.target} <= t.structures
            assert t.hops[link.target] > t.hops[link.source]
        assert all(t.hops[s] == 0 for s in t.structures if pack.structures[s].kind is Kind.SEGMENT)


@PROPERTY
@given(raw=pack_files(), choice=st.data())
def test_a_connection_carrying_a_segment_its_source_lacks_is_refused(folder: Path, raw: dict[str, Any], choice: st.DataObject) -> None:
    by_id = {s["id"]: s for s in raw["structures"]}
    candidates = [
        (n, g)
        for n, c in enumerate(raw["connections"])
        for g in raw["segments"]
        if g not in by_id[c["from"]]["segments"] and g in by_id[c["to"]]["segments"]
    ]
    if not candidates:
        return
    n, g = choice.draw(st.sampled_from(candidates))
    connection = raw["connections"][n]
    shared = [s for s in by_id[connection["to"]]["segments"] if s in by_id[connection["from"]]["segments"]]
    connection["segments"] = [s for s in raw["segments"] if s in {*connection.get("segments", shared), g}]
    with pytest.raises(PackError) as info:
        load(folder, raw)
    assert any(f"carries {g}, which {connection['from']} does not carry" in str(p) for p in info.value.problems)
