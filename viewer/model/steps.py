"""Step-through: a traced pathway revealed one hop at a time.

A lecturer reveals the pathway from the roots outwards: segment, division, trunk or
nerve, branch, muscle or skin. Each stop shows every lit structure whose hop depth
(`Trace.hops`) is at most the stop's hop, and the strands whose two ends are shown. The
selection itself is shown at every stop, so the hall always sees what the pathway is of;
the first stop shows the selection alone ("nothing revealed yet").
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.pack import Pack
from viewer.model.tracing import Trace

#: The hop of the first stop: nothing revealed but the selection.
NOTHING = -1


@dataclass(frozen=True)
class Stop:
    """One place in a step-through."""

    #: Structures with a hop depth up to this one are shown (NOTHING: the selection alone).
    #: Hops that would reveal nothing more are merged into the stop: it then stands for the deepest.
    hop: int
    #: The pathway as far as it is revealed at this stop.
    shown: Trace
    #: What this stop reveals that the one before it did not (its newest structures).
    newest: frozenset[str]


class StepPlan:
    """The stops of one traced pathway, from nothing revealed to everything."""

    def __init__(self, pack: Pack, trace: Trace) -> None:
        self.pack = pack
        self.trace = trace
        stops: list[Stop] = []
        previous: Trace | None = None
        for hop in (NOTHING, *sorted(set(trace.hops.values()))):
            shown = partial_trace(pack, trace, hop)
            if previous is not None and shown.structures == previous.structures and shown.strands == previous.strands:
                # a stop that shows nothing new would be a wasted click: it merges into the one before
                stops[-1] = Stop(hop, stops[-1].shown, stops[-1].newest)
                continue
            newest = shown.structures - (previous.structures if previous else frozenset())
            stops.append(Stop(hop, shown, frozenset(newest)))
            previous = shown
        self.stops: tuple[Stop, ...] = tuple(stops)

    def __len__(self) -> int:
        return len(self.stops)

    @property
    def last(self) -> int:
        """The index of the stop that shows everything."""
        return len(self.stops) - 1

    def index_of_hop(self, hop: int) -> int:
        """The index of the stop that reveals the pathway up to `hop` (beyond the deepest: everything).

        Stops that would look alike are merged under the deepest hop they stand for, so
        this is the first stop whose hop reaches `hop`.
        """
        for i, stop in enumerate(self.stops):
            if stop.hop >= hop:
                return i
        return self.last


def partial_trace(pack: Pack, trace: Trace, upto_hop: int | None) -> Trace:
    """`trace` revealed up to hop `upto_hop` (None: all of it); the selection is always shown."""
    if upto_hop is None:
        return trace
    structures = {s for s, h in trace.hops.items() if h <= upto_hop and s in trace.structures}
    structures.add(trace.selected)
    # a selected composite (adductor magnus) is drawn through its parts: show them with it
    structures.update(p for p in pack.structures[trace.selected].parts if p in trace.structures)
    strands = frozenset(
        (index, segment)
        for index, segment in trace.strands
        if pack.links[index].source in structures and pack.links[index].target in structures
    )
    hops = {s: h for s, h in trace.hops.items() if s in structures}
    return Trace(trace.selected, strands, frozenset(structures), hops)
