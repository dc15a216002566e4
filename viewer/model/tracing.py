"""Segmental tracing: what selecting a structure lights.

Tracing follows segments, not mere links. Selecting L4 lights every strand that carries
L4 and nothing else; selecting a muscle lights its nerves back to exactly the segments
that supply it; selecting a nerve lights its path back to its roots and everything it
feeds, each strand only where that nerve's segments run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from viewer.model.pack import Link, Pack
from viewer.model.records import NERVE_KINDS, TARGET_KINDS, Kind

#: A lit strand: one segment along one link.
Strand = tuple[int, str]


@dataclass(frozen=True)
class Trace:
    """The pathway lit by one selection."""

    selected: str
    #: (link index, segment) pairs that are lit.
    strands: frozenset[Strand]
    #: Every structure that is lit, the selection included.
    structures: frozenset[str]
    #: For each lit structure, how many hops it lies from the lit roots (roots are 0).
    hops: dict[str, int]

    def lit_segments(self, pack: Pack) -> tuple[str, ...]:
        """The root segments lit, cranio-caudal."""
        return tuple(pack.structures[s].segments[0] for s in self.lit_of_kind(pack, Kind.SEGMENT))

    def lit_of_kind(self, pack: Pack, *kinds: Kind) -> list[str]:
        """Lit structures of the given kinds, in the pack's order."""
        # Sorted from the lit ones: a large pack's structures are not all walked on every click.
        return sorted((s for s in self.structures if pack.structures[s].kind in kinds), key=pack.order.__getitem__)

    def lit_nerves(self, pack: Pack) -> list[str]:
        return self.lit_of_kind(pack, *NERVE_KINDS)

    def arriving(self, pack: Pack, *kinds: Kind) -> dict[str, tuple[str, ...]]:
        """The lit segments arriving at each lit structure (of `kinds`, if given), cranio-caudal.

        The canvas tags muscles and skin with these, the skin map fills its regions with them
        and the pathway text names them: one reckoning for all three.
        """
        arriving: dict[str, set[str]] = {}
        for index, segment in self.strands:
            target = pack.links[index].target
            if not kinds or pack.structures[target].kind in kinds:
                arriving.setdefault(target, set()).add(segment)
        return {sid: pack.segment_order(segs) for sid, segs in arriving.items()}


def _walk(pack: Pack, start: str, segments: Iterable[str], forward: bool) -> tuple[set[Strand], set[str]]:
    """Follow links from `start` as far as any of `segments` runs; return strands and nodes."""
    carried: dict[str, set[str]] = defaultdict(set)
    carried[start] = set(segments)
    strands: set[Strand] = set()
    nodes = {start}
    work = [start]
    while work:
        node = work.pop()
        here = carried[node]
        links: tuple[Link, ...] = pack.outgoing[node] if forward else pack.incoming[node]
        for link in links:
            along = here.intersection(link.segments)
            if not along:
                continue
            strands.update((link.index, seg) for seg in along)
            nxt = link.target if forward else link.source
            nodes.add(nxt)
            if not along <= carried[nxt]:
                carried[nxt] |= along
                work.append(nxt)
    return strands, nodes


def trace(pack: Pack, structure_id: str) -> Trace:
    """The pathway that selecting `structure_id` lights."""
    structure = pack.structures[structure_id]
    starts = list(structure.parts) or [structure_id]
    strands: set[Strand] = set()
    nodes: set[str] = {structure_id}
    for start in starts:
        segs = pack.structures[start].segments
        if structure.kind is not Kind.SEGMENT:
            up_strands, up_nodes = _walk(pack, start, segs, forward=False)
            strands |= up_strands
            nodes |= up_nodes
        if structure.kind not in TARGET_KINDS:
            down_strands, down_nodes = _walk(pack, start, segs, forward=True)
            strands |= down_strands
            nodes |= down_nodes
    for composite in pack.composites:
        if any(p in nodes for p in composite.parts):
            nodes.add(composite.id)
    return Trace(structure_id, frozenset(strands), frozenset(nodes), _hops(pack, strands, nodes))


def _hops(pack: Pack, strands: set[Strand], nodes: set[str]) -> dict[str, int]:
    """Longest distance of each lit structure from the lit roots along lit links.

    This is the order a step-through reveals them in: root, division, trunk, nerve,
    branch, muscle.
    """
    lit_links = {i for i, _ in strands}
    into: dict[str, list[str]] = defaultdict(list)
    for i in lit_links:
        link = pack.links[i]
        into[link.target].append(link.source)
    hops: dict[str, int] = {}
    for node in nodes:
        if not pack.structures[node].parts and node not in hops:
            _depth(node, into, hops)
    for node in nodes:
        parts = pack.structures[node].parts
        if parts:
            hops[node] = min((hops[p] for p in parts if p in hops), default=0)
    # A dermatome hangs straight off its segment, but it is the skin: a step-through
    # reveals it last, with the cutaneous territories, not beside the trunk.
    dermatomes = [n for n in hops if pack.structures[n].kind is Kind.DERMATOME]
    if dermatomes:
        last = max((h for n, h in hops.items() if n not in dermatomes), default=1)
        for node in dermatomes:
            hops[node] = max(hops[node], last)
    return hops


def _depth(start: str, into: dict[str, list[str]], hops: dict[str, int]) -> None:
    """Fill `hops` for `start` and everything upstream of it: 0 for a node nothing lit runs
    into, else one more than its deepest source. Walked with an explicit stack, not by
    recursion: a pack's chain may be longer than Python's recursion limit. The graph is
    acyclic (validated); a node met again while still open counts as 0 all the same.
    """
    open_nodes = {start}
    stack = [(start, iter(into.get(start, ())))]
    while stack:
        node, sources = stack[-1]
        for source in sources:
            if source not in hops and source not in open_nodes:
                open_nodes.add(source)
                stack.append((source, iter(into.get(source, ()))))
                break
        else:
            stack.pop()
            open_nodes.discard(node)
            hops[node] = max((hops.get(s, 0) + 1 for s in into.get(node, ())), default=0)
