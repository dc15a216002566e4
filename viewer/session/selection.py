"""The one selection state every view observes, with Back/Forward history."""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.pack import Pack
from viewer.model.tracing import Trace, trace
from viewer.session.events import Event


@dataclass(frozen=True)
class SelectionChange:
    """What changed: the new selection (None when cleared), its trace, and the previous one."""

    current: str | None
    previous: str | None
    trace: Trace | None
    #: How it came: "select" (a click, a name, a link, Escape), "back" or "forward" through the history.
    move: str = "select"


class Selection:
    """Holds the selected structure; views listen to `changed` and never call each other."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        #: Emitted with a `SelectionChange` whenever the selection or its trace changes.
        self.changed = Event()
        #: Emitted (no arguments) after every move that changes what Back and Forward can do.
        self.history_changed = Event()
        self._current: str | None = None
        self._trace: Trace | None = None
        self._back: list[str | None] = []
        self._forward: list[str | None] = []
        self._traces: dict[str, Trace] = {}
        #: The pack tracing follows: the whole pack, or the pack without hidden variants.
        self._trace_pack = pack

    @property
    def current(self) -> str | None:
        return self._current

    @property
    def trace(self) -> Trace | None:
        return self._trace

    def trace_of(self, structure_id: str) -> Trace:
        if structure_id not in self._traces:
            # A hidden structure selected by name is traced in the whole pack.
            pack = self._trace_pack if structure_id in self._trace_pack.structures else self.pack
            self._traces[structure_id] = trace(pack, structure_id)
        return self._traces[structure_id]

    def set_trace_pack(self, pack: Pack) -> None:
        """Trace in `pack` from now on (the pack without hidden variants); re-trace the selection."""
        self._trace_pack = pack
        self._traces.clear()
        if self._current is not None:
            self._trace = self.trace_of(self._current)
            self.changed.emit(SelectionChange(self._current, self._current, self._trace))

    def select(self, structure_id: str | None) -> None:
        """Select a structure (None clears); the previous selection goes on the Back list."""
        if structure_id == self._current:
            return
        if structure_id is not None and structure_id not in self.pack.structures:
            raise KeyError(structure_id)
        self._back.append(self._current)
        self._forward.clear()
        self._set(structure_id)

    def clear(self) -> None:
        self.select(None)

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def back(self) -> None:
        if self._back:
            self._forward.append(self._current)
            self._set(self._back.pop(), "back")

    def forward(self) -> None:
        if self._forward:
            self._back.append(self._current)
            self._set(self._forward.pop(), "forward")

    def _set(self, structure_id: str | None, move: str = "select") -> None:
        previous = self._current
        self._current = structure_id
        self._trace = self.trace_of(structure_id) if structure_id else None
        self.changed.emit(SelectionChange(structure_id, previous, self._trace, move))
        self.history_changed.emit()
